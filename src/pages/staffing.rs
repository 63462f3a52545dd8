use crate::api::staffing::{list_staff, list_units, AddStaff, AddUnit, RemoveStaff, RemoveUnit};
use crate::components::{duty_name, ErrorNotice, SaveOutcome};
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
        .into_iter()
        .map(|duty| view! { <option value=duty.as_str()>{move || duty_name(i18n, duty)}</option> })
        .collect_view();
    view! {
        <SaveOutcome value=remove.value() />
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match staff.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{t!(i18n, nothing_yet)}</p> }.into_any(),
                    Ok(list) => {
                        let rows = list.into_iter().map(|entry| view! { <StaffRow entry remove /> }).collect_view();
                        view! { <ul class="account-list">{rows}</ul> }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <details class="change-password">
            <summary>{t!(i18n, add_staff)}</summary>
            <ActionForm action=add attr:class="form">
                <label>{t!(i18n, grid_code)} <input name="grid_code" required /></label>
                <label>{t!(i18n, duty)} <select name="duty">{duties}</select></label>
                <label>{t!(i18n, person_name)} <input name="person_name" required maxlength="50" /></label>
                <label>{t!(i18n, linked_mobile)} <input name="mobile" type="tel" inputmode="numeric" /></label>
                <SaveOutcome value=add.value() />
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
        <li class="account-row" data-testid="staff-row">
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
        <SaveOutcome value=remove.value() />
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match units.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{t!(i18n, nothing_yet)}</p> }.into_any(),
                    Ok(list) => {
                        let rows = list.into_iter().map(|unit| view! { <UnitRow unit remove /> }).collect_view();
                        view! { <ul class="account-list">{rows}</ul> }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <details class="change-password">
            <summary>{t!(i18n, add_unit)}</summary>
            <ActionForm action=add attr:class="form">
                <label>{t!(i18n, community_code)} <input name="community_code" required /></label>
                <label>{t!(i18n, unit_name)} <input name="name" required maxlength="100" /></label>
                <label>{t!(i18n, unit_contact)} <input name="contact_name" maxlength="50" /></label>
                <SaveOutcome value=add.value() />
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
        <li class="account-row" data-testid="unit-row">
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
