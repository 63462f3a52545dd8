use crate::api::staffing::{list_staff, list_units, AddStaff, AddUnit, RemoveStaff, RemoveUnit};
use crate::components::{action_outcome, duty_name, Loaded, Outcome};
use crate::i18n::*;
use crate::model::staffing::{Duty, StaffEntry, UnitSummary};
use leptos::prelude::*;

/// Street admins and secretaries: who serves in each grid, and the units
/// reporting to each community.
#[component]
pub fn StaffingPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h1>{t!(i18n, staff_title)}</h1>
            <Staff />
        </section>
        <section class="card">
            <h1>{t!(i18n, units_title)}</h1>
            <Units />
        </section>
    }
}

#[component]
fn Staff() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddStaff>::new();
    let remove = ServerAction::<RemoveStaff>::new();
    let staff = Resource::new(move || (add.version().get(), remove.version().get()), |_| list_staff());
    let duties = Duty::ALL
        .iter()
        .copied()
        .map(|duty| view! { <option value=duty.as_str()>{move || duty_name(i18n, duty)}</option> })
        .collect_view();
    view! {
        <Outcome outcome=action_outcome(remove.value()) saved=move || t_string!(i18n, saved) />
        <Loaded resource=staff view={move |list: Vec<StaffEntry>| {
            if list.is_empty() {
                return view! { <p class="muted">{t!(i18n, nothing_yet)}</p> }.into_any();
            }
            let rows = list.into_iter().map(|entry| view! { <StaffRow entry remove /> }).collect_view();
            view! { <ul class="list">{rows}</ul> }.into_any()
        }} />
        <details class="collapsible">
            <summary>{t!(i18n, add_staff)}</summary>
            <ActionForm action=add attr:class="form">
                <label>{t!(i18n, grid_code)} <input name="grid_code" required /></label>
                <label>{t!(i18n, duty)} <select name="duty">{duties}</select></label>
                <label>{t!(i18n, person_name)} <input name="person_name" required maxlength="50" /></label>
                <label>{t!(i18n, linked_mobile)} <input name="mobile" type="tel" inputmode="numeric" /></label>
                <Outcome outcome=action_outcome(add.value()) saved=move || t_string!(i18n, saved) />
                <button type="submit" class="primary">{t!(i18n, save)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn StaffRow(entry: StaffEntry, remove: ServerAction<RemoveStaff>) -> impl IntoView {
    let i18n = use_i18n();
    let StaffEntry { key, grid_name, duty, person_name, mobile_masked, .. } = entry;
    view! {
        <li class="row" data-testid="staff-row">
            <div>
                <strong>{person_name}</strong> " " <span class="muted">{mobile_masked}</span>
                <br />
                <span class="muted">{grid_name} " · " {move || duty_name(i18n, duty)}</span>
            </div>
            <button type="button" class="secondary" on:click=move |_| {
                remove.dispatch(RemoveStaff { key: key.clone() });
            }>{t!(i18n, remove)}</button>
        </li>
    }
}

#[component]
fn Units() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddUnit>::new();
    let remove = ServerAction::<RemoveUnit>::new();
    let units = Resource::new(move || (add.version().get(), remove.version().get()), |_| list_units());
    view! {
        <Outcome outcome=action_outcome(remove.value()) saved=move || t_string!(i18n, saved) />
        <Loaded resource=units view={move |list: Vec<UnitSummary>| {
            if list.is_empty() {
                return view! { <p class="muted">{t!(i18n, nothing_yet)}</p> }.into_any();
            }
            let rows = list.into_iter().map(|unit| view! { <UnitRow unit remove /> }).collect_view();
            view! { <ul class="list">{rows}</ul> }.into_any()
        }} />
        <details class="collapsible">
            <summary>{t!(i18n, add_unit)}</summary>
            <ActionForm action=add attr:class="form">
                <label>{t!(i18n, community_code)} <input name="community_code" required /></label>
                <label>{t!(i18n, unit_name)} <input name="name" required maxlength="100" /></label>
                <label>{t!(i18n, unit_contact)} <input name="contact_name" maxlength="50" /></label>
                <Outcome outcome=action_outcome(add.value()) saved=move || t_string!(i18n, saved) />
                <button type="submit" class="primary">{t!(i18n, save)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn UnitRow(unit: UnitSummary, remove: ServerAction<RemoveUnit>) -> impl IntoView {
    let i18n = use_i18n();
    let UnitSummary { key, name, community_name, contact_name, .. } = unit;
    view! {
        <li class="row" data-testid="unit-row">
            <div>
                <strong>{name}</strong>
                <br />
                <span class="muted">{community_name} " · " {contact_name}</span>
            </div>
            <button type="button" class="secondary" on:click=move |_| {
                remove.dispatch(RemoveUnit { key: key.clone() });
            }>{t!(i18n, remove)}</button>
        </li>
    }
}
