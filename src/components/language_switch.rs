use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;

/// Toggles between Chinese (default) and English; the choice is kept in a cookie.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let toggle = move |_| {
        let next = match i18n.get_locale() {
            Locale::zh_CN => Locale::en,
            Locale::en => Locale::zh_CN,
        };
        i18n.set_locale(next);
        crate::offline::remember_language(next.as_str());
    };
    view! {
        <button
            type="button"
            class="language-switch"
            data-testid="language-switch"
            aria-label=move || t_string!(i18n, switch_language_label)
            on:click=toggle
        >
            {t!(i18n, switch_language)}
        </button>
    }
}
