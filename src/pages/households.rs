use crate::api::households::{list_households, RevealHouseholdContact, SaveHousehold};
use crate::components::{action_outcome, ErrorNotice, Loaded, Outcome};
use crate::i18n::*;
use crate::model::household::HouseholdSummary;
use leptos::prelude::*;

/// The households of the caller's area, contacts masked.
#[component]
pub fn HouseholdsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveHousehold>::new();
    let households = Resource::new(move || save.version().get(), |_| list_households());
    view! {
        <section class="card">
            <h1>{t!(i18n, households_title)}</h1>
            <details class="collapsible">
                <summary>{t!(i18n, add_household)}</summary>
                <HouseholdForm save key=String::new() unit=String::new() contact_name=String::new() />
            </details>
            <Outcome outcome=action_outcome(save.value()) saved=move || t_string!(i18n, saved) />
            <Loaded resource=households view={move |list: Vec<HouseholdSummary>| {
                let rows = list.into_iter().map(|household| view! { <HouseholdRow household save /> }).collect_view();
                view! { <ul class="list">{rows}</ul> }
            }} />
        </section>
    }
}

#[component]
fn HouseholdRow(household: HouseholdSummary, save: ServerAction<SaveHousehold>) -> impl IntoView {
    let i18n = use_i18n();
    let reveal = ServerAction::<RevealHouseholdContact>::new();
    let HouseholdSummary { key, building, building_code, unit, contact_name, phone_masked, id_masked } =
        household;
    let edit = view! {
        <HouseholdForm
            save
            key=key.clone()
            building_code
            unit=unit.clone()
            contact_name=contact_name.clone().unwrap_or_default()
        />
    };
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
        <li class="row" data-testid="household-row">
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
            <div class="actions">
                <Show when=move || has_contact && !revealed()>
                    <button type="button" class="secondary" on:click=show_full.clone()>{t!(i18n, show_full)}</button>
                </Show>
                <details class="collapsible">
                    <summary>{t!(i18n, edit)}</summary>
                    {edit}
                </details>
            </div>
        </li>
    }
}

/// A new household when `key` is empty, else the household's edit form.
#[component]
fn HouseholdForm(
    save: ServerAction<SaveHousehold>,
    key: String,
    #[prop(optional)] building_code: String,
    unit: String,
    contact_name: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let is_new = key.is_empty();
    view! {
        <ActionForm action=save attr:class="form">
            <input type="hidden" name="key" value=key />
            <label>{t!(i18n, building_code)} <input name="building_code" value=building_code required /></label>
            <label>{t!(i18n, household_unit)} <input name="unit" value=unit required maxlength="32" /></label>
            <label>{t!(i18n, contact_name)} <input name="contact_name" value=contact_name maxlength="50" /></label>
            <label>{t!(i18n, contact_phone)} <input name="contact_phone" type="tel" inputmode="numeric" autocomplete="off" /></label>
            <label>{t!(i18n, id_number)} <input name="id_number" autocomplete="off" maxlength="18" /></label>
            <Show when=move || !is_new>
                <p class="muted">{t!(i18n, keep_if_empty)}</p>
            </Show>
            <button type="submit" class="primary">{t!(i18n, save)}</button>
        </ActionForm>
    }
}
