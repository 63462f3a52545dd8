//! Tabs whose features arrive with later issues; each says what will be here.

use crate::i18n::*;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Visits,
    Issues,
    Tasks,
}

#[component]
pub fn VisitsPage() -> impl IntoView {
    view! { <EmptyTab tab=Tab::Visits /> }
}

#[component]
pub fn IssuesPage() -> impl IntoView {
    view! { <EmptyTab tab=Tab::Issues /> }
}

#[component]
pub fn TasksPage() -> impl IntoView {
    view! { <EmptyTab tab=Tab::Tasks /> }
}

#[component]
fn EmptyTab(tab: Tab) -> impl IntoView {
    let i18n = use_i18n();
    let title = move || match tab {
        Tab::Visits => t_string!(i18n, visits_title),
        Tab::Issues => t_string!(i18n, issues_title),
        Tab::Tasks => t_string!(i18n, tasks_title),
    };
    let body = move || match tab {
        Tab::Visits => t_string!(i18n, visits_empty),
        Tab::Issues => t_string!(i18n, issues_empty),
        Tab::Tasks => t_string!(i18n, tasks_empty),
    };
    view! {
        <section class="card">
            <h1>{title}</h1>
            <p class="muted">{body}</p>
        </section>
    }
}
