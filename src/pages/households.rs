use crate::api::households::{get_coverage, list_households, RevealHouseholdContact, SaveHousehold};
use crate::components::{action_outcome, ErrorNotice, Loaded, Outcome};
use crate::i18n::*;
use crate::model::household::{GridCoverage, HouseholdSummary};
use leptos::prelude::*;

/// The households of the caller's area, contacts masked.
#[component]
pub fn HouseholdsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveHousehold>::new();
    let households = Resource::new(move || save.version().get(), |_| list_households());
    let coverage = Resource::new(|| (), |_| get_coverage());
    view! {
        <section class="card">
            <h2>{t!(i18n, coverage_title)}</h2>
            <Loaded resource=coverage view={|grids: Vec<GridCoverage>| view! { <Coverage grids /> }} />
        </section>
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
    let href = format!("/households/{key}");
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
                <a href=href data-testid="household-link"><strong>{building} " " {unit}</strong></a>
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

/// Per grid: how many households someone visited in the last 30 and 90 days.
#[component]
fn Coverage(grids: Vec<GridCoverage>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = grids
        .into_iter()
        .map(|grid| {
            let (p30, p90) = (grid.percent(grid.visited_30), grid.percent(grid.visited_90));
            view! {
                <tr data-testid="coverage-row">
                    <td>{grid.grid_name}</td>
                    <td>{grid.households}</td>
                    <td>{grid.visited_30} " (" {p30} "%)"</td>
                    <td>{grid.visited_90} " (" {p90} "%)"</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table">
            <thead><tr>
                <th>{t!(i18n, coverage_grid)}</th><th>{t!(i18n, stat_households)}</th>
                <th>{t!(i18n, coverage_30)}</th><th>{t!(i18n, coverage_90)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
