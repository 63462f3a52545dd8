use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    crate::api::respond_not_found();
    view! {
        <section class="card">
            <h1>{t!(i18n, not_found_title)}</h1>
            <a href="/">{t!(i18n, not_found_back)}</a>
        </section>
    }
}
