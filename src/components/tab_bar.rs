use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Home,
    Visits,
    Issues,
    Tasks,
    Me,
}

/// Tab, link, icon, and whether only a logged-in worker sees it.
const TABS: [(Tab, &str, &str, bool); 5] = [
    (Tab::Home, "/", "⌂", false),
    (Tab::Visits, "/visits", "✎", true),
    (Tab::Issues, "/issues", "!", true),
    (Tab::Tasks, "/tasks", "✓", true),
    (Tab::Me, "/me", "☺", false),
];

/// The bottom navigation of the phone layout.
#[component]
pub fn TabBar() -> impl IntoView {
    let i18n = use_i18n();
    let label = move |tab: Tab| match tab {
        Tab::Home => t_string!(i18n, nav_home),
        Tab::Visits => t_string!(i18n, nav_visits),
        Tab::Issues => t_string!(i18n, nav_issues),
        Tab::Tasks => t_string!(i18n, nav_tasks),
        Tab::Me => t_string!(i18n, nav_me),
    };
    let links: Vec<_> = TABS
        .into_iter()
        .map(|(tab, href, icon, worker_only)| {
            view! {
                <A href=href exact=true attr:class=worker_only.then_some("worker-only")>
                    <span class="tab-icon" aria-hidden="true">{icon}</span>
                    <span>{move || label(tab)}</span>
                </A>
            }
        })
        .collect();
    view! { <nav class="tab-bar">{links}</nav> }
}
