use crate::i18n::*;
use leptos::prelude::*;

/// "Saved on the phone", or what is wrong (a field name is translated).
#[component]
pub fn FormOutcome(
    outcome: RwSignal<Option<Result<(), String>>>,
    #[prop(into)] saved: Signal<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || match outcome.get() {
        Some(Ok(())) => {
            Some(view! { <p class="notice" role="status" data-testid="saved">{saved.get()}</p> }.into_any())
        }
        Some(Err(problem)) => {
            let text = crate::components::field_problem(i18n, &problem).map(str::to_owned).unwrap_or(problem);
            Some(view! { <p class="notice notice-error" role="alert">{text}</p> }.into_any())
        }
        None => None,
    }
}
