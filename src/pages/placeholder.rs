//! Tabs whose features arrive with later issues; each says what will be here.

use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn TasksPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h1>{t!(i18n, tasks_title)}</h1>
            <p class="muted">{t!(i18n, tasks_empty)}</p>
        </section>
    }
}
