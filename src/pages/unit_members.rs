//! The reporting unit's admin: the unit's own list of in-service party
//! members (name, mobile, position) with each one's reporting-in and
//! hours, the registrations naming the unit, and the status history.

use crate::api::reporting::{own_unit_roster, AddUnitMember, RemoveUnitMember};
use crate::components::{
    action_outcome, registration_state_name, report_status_name, Loaded, Outcome, RegistrationFacts,
    StatusHistory,
};
use crate::i18n::*;
use crate::model::assessment::tenths_text;
use crate::model::reporting::{UnitMember, UnitRoster};
use leptos::prelude::*;

#[component]
pub fn UnitMembersPage() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddUnitMember>::new();
    let remove = ServerAction::<RemoveUnitMember>::new();
    let roster = Resource::new(move || (add.version().get(), remove.version().get()), |_| own_unit_roster());
    view! {
        <section class="card">
            <h1>{t!(i18n, unit_members_title)}</h1>
            <Outcome outcome=action_outcome(remove.value()) saved=move || t_string!(i18n, saved) />
            <Loaded resource=roster view=move |roster: UnitRoster| view! { <Roster roster remove /> } />
            <details class="collapsible">
                <summary>{t!(i18n, unit_members_add)}</summary>
                <ActionForm action=add attr:class="form">
                    <label>{t!(i18n, person_name)} <input name="name" required maxlength="50" /></label>
                    <label>{t!(i18n, me_mobile)} <input name="mobile" type="tel" inputmode="numeric" required /></label>
                    <label>{t!(i18n, unit_members_position)} <input name="position" maxlength="50" /></label>
                    <Outcome outcome=action_outcome(add.value()) saved=move || t_string!(i18n, saved) />
                    <button type="submit" class="primary">{t!(i18n, save)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
fn Roster(roster: UnitRoster, remove: ServerAction<RemoveUnitMember>) -> impl IntoView {
    let i18n = use_i18n();
    let UnitRoster { unit_name, members, registrations, history } = roster;
    let members = members.into_iter().map(|member| view! { <MemberRow member remove /> }).collect_view();
    let registrations = registrations
        .into_iter()
        .map(|registration| view! { <li class="row"><RegistrationFacts registration /></li> })
        .collect_view();
    view! {
        <p class="lead" data-testid="unit-name">{unit_name}</p>
        <ul class="list" data-testid="unit-members">{members}</ul>
        <h2>{t!(i18n, unit_members_registrations)}</h2>
        <ul class="list">{registrations}</ul>
        <h2>{t!(i18n, reporting_history)}</h2>
        <StatusHistory entries=history />
    }
}

#[component]
fn MemberRow(member: UnitMember, remove: ServerAction<RemoveUnitMember>) -> impl IntoView {
    let i18n = use_i18n();
    let UnitMember { key, name, mobile_masked, position, registration, status, hours_tenths } = member;
    let standing = move || match (status, registration) {
        (Some(status), _) => report_status_name(i18n, status),
        (None, Some(state)) => registration_state_name(i18n, state),
        (None, None) => t_string!(i18n, unit_members_not_reported),
    };
    view! {
        <li class="row" data-testid="unit-member">
            <div>
                <strong>{name}</strong> " " <span class="muted">{mobile_masked} {position.map(|p| format!(" · {p}"))}</span>
                <br />
                <span>{standing}</span> " · " {tenths_text(hours_tenths)} " " {t!(i18n, task_hours)}
            </div>
            <button type="button" class="secondary" on:click=move |_| {
                remove.dispatch(RemoveUnitMember { key: key.clone() });
            }>{t!(i18n, remove)}</button>
        </li>
    }
}
