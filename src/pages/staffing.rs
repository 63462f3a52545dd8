use crate::api::auth::get_current_user;
use crate::api::staffing::{
    list_staff, list_units, AddStaff, AddUnit, RemoveStaff, RemoveUnit, ServeCommunity,
};
use crate::components::{action_outcome, duty_name, Loaded, Outcome};
use crate::i18n::*;
use crate::model::account::Role;
use crate::model::staffing::{Duty, ServeStep, StaffEntry, UnitSummary};
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
    let serve = ServerAction::<ServeCommunity>::new();
    let versions = move || (add.version().get(), remove.version().get(), serve.version().get());
    let units = Resource::new(versions, |_| list_units());
    // Only a street admin spreads a unit over several communities.
    let user = Resource::new(|| (), |_| get_current_user());
    // Set after hydration: the server renders the rows without the forms.
    let assigns = RwSignal::new(false);
    Effect::new(move |_| {
        let user = user.get().and_then(Result::ok).flatten();
        assigns.set(user.is_some_and(|u| u.roles.contains(&Role::StreetAdmin)));
    });
    let assigns = Signal::from(assigns);
    view! {
        <Outcome outcome=action_outcome(remove.value()) saved=move || t_string!(i18n, saved) />
        <Outcome outcome=action_outcome(serve.value()) saved=move || t_string!(i18n, saved) />
        <Loaded resource=units view={move |list: Vec<UnitSummary>| {
            if list.is_empty() {
                return view! { <p class="muted">{t!(i18n, nothing_yet)}</p> }.into_any();
            }
            let rows = list.into_iter().map(|unit| view! { <UnitRow unit remove serve assigns /> }).collect_view();
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
fn UnitRow(
    unit: UnitSummary,
    remove: ServerAction<RemoveUnit>,
    serve: ServerAction<ServeCommunity>,
    assigns: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let UnitSummary { key, name, community_name, contact_name, also_serves, .. } = unit;
    let unit_key = StoredValue::new(key.clone());
    let serves_others = !also_serves.is_empty();
    let served = also_serves
        .into_iter()
        .map(|(code, name)| {
            let stop = move |_| {
                let key = unit_key.get_value();
                serve.dispatch(ServeCommunity { key, community_code: code.clone(), step: ServeStep::Remove });
            };
            view! {
                <span data-testid="served-community">{name}</span>
                <Show when=move || assigns.get()>
                    <button type="button" class="secondary" on:click=stop.clone()>{t!(i18n, unit_serve_stop)}</button>
                </Show>
            }
        })
        .collect_view();
    view! {
        <li class="row" data-testid="unit-row">
            <div>
                <strong>{name}</strong>
                <br />
                <span class="muted">{community_name} " · " {contact_name}</span>
                {serves_others.then(|| view! {
                    <div class="actions"><span class="muted">{t!(i18n, unit_also_serves)}</span>{served}</div>
                })}
                <Show when=move || assigns.get()>
                    <details class="collapsible">
                        <summary>{t!(i18n, unit_serve_add)}</summary>
                        <ActionForm action=serve attr:class="form">
                            <input type="hidden" name="key" value=unit_key.get_value() />
                            <input type="hidden" name="step" value=ServeStep::Add.as_str() />
                            <label>{t!(i18n, community_code)} <input name="community_code" required /></label>
                            <button type="submit" class="primary">{t!(i18n, save)}</button>
                        </ActionForm>
                    </details>
                </Show>
            </div>
            <button type="button" class="secondary" on:click=move |_| {
                remove.dispatch(RemoveUnit { key: key.clone() });
            }>{t!(i18n, remove)}</button>
        </li>
    }
}
