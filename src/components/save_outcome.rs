use crate::components::ErrorNotice;
use crate::i18n::*;
use crate::model::AppError;
use leptos::prelude::*;

/// The answer to a form that saves something: "saved" or the error.
#[component]
pub fn SaveOutcome(#[prop(into)] value: Signal<Option<Result<(), AppError>>>) -> impl IntoView {
    let i18n = use_i18n();
    move || match value.get() {
        Some(Ok(())) => Some(view! { <p class="notice" role="status">{t!(i18n, saved)}</p> }.into_any()),
        Some(Err(error)) => Some(view! { <ErrorNotice error /> }.into_any()),
        None => None,
    }
}
