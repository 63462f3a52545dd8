use crate::api::households::{list_households, RevealHouseholdContact};
use crate::components::ErrorNotice;
use crate::i18n::*;
use crate::model::household::HouseholdSummary;
use leptos::prelude::*;

/// The households of the caller's area, contacts masked.
#[component]
pub fn HouseholdsPage() -> impl IntoView {
    let i18n = use_i18n();
    let households = Resource::new(|| (), |_| list_households());
    view! {
        <section class="card">
            <h1>{t!(i18n, households_title)}</h1>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match households.await {
                        Ok(list) => {
                            let rows = list.into_iter().map(|household| view! { <HouseholdRow household /> }).collect_view();
                            view! { <ul class="account-list">{rows}</ul> }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn HouseholdRow(household: HouseholdSummary) -> impl IntoView {
    let i18n = use_i18n();
    let reveal = ServerAction::<RevealHouseholdContact>::new();
    let HouseholdSummary { key, building, unit, contact_name, phone_masked, id_masked } = household;
    let has_contact = phone_masked.is_some() || id_masked.is_some();
    let masked = (phone_masked.clone().unwrap_or_default(), id_masked.clone().unwrap_or_default());
    let shown = move || match reveal.value().get() {
        Some(Ok(full)) => (full.phone.unwrap_or_default(), full.id_number.unwrap_or_default()),
        _ => masked.clone(),
    };
    let error = move || match reveal.value().get() {
        Some(Err(error)) => Some(view! { <ErrorNotice error /> }),
        _ => None,
    };
    let show_full = move |_| {
        reveal.dispatch(RevealHouseholdContact { key: key.clone() });
    };
    let revealed = move || matches!(reveal.value().get(), Some(Ok(_)));
    view! {
        <li class="account-row" data-testid="household-row">
            <div>
                <strong>{building} " " {unit}</strong>
                " "
                <span>{contact_name}</span>
                <br />
                <span class="muted" data-testid="household-contact">{move || {
                    let (phone, id) = shown();
                    format!("{phone} {id}")
                }}</span>
                {error}
            </div>
            <Show when=move || has_contact && !revealed()>
                <button type="button" class="secondary" on:click=show_full.clone()>{t!(i18n, show_full)}</button>
            </Show>
        </li>
    }
}
