use crate::i18n::*;
use leptos::prelude::*;

/// A CSV text area with a file picker that fills it, for import forms.
#[component]
pub fn CsvField(#[prop(into)] label: Signal<&'static str>, placeholder: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    view! {
        <label>
            {t!(i18n, choose_file)}
            <input type="file" accept=".csv,text/csv" on:change=move |event| crate::offline::read_chosen_file(event, text) />
        </label>
        <label>
            {label}
            <textarea name="csv" rows="6" required placeholder=placeholder prop:value=text
                on:input=move |event| text.set(event_target_value(&event))></textarea>
        </label>
    }
}
