//! Reporting in (报到), for an in-service party member: register with the
//! community where they live, naming the workplace unit, skills, what they
//! can offer and when; then see the secretary's decision and their status.

use crate::api::reporting::{my_registrations, unit_choices, Register};
use crate::components::{action_outcome, Loaded, Outcome, RegistrationFacts, StatusHistory};
use crate::i18n::*;
use crate::model::reporting::{MyReporting, RegistrationState, UnitChoice};
use leptos::prelude::*;

#[component]
pub fn ReportInPage() -> impl IntoView {
    let i18n = use_i18n();
    let register = ServerAction::<Register>::new();
    let mine = Resource::new(move || register.version().get(), |_| my_registrations());
    view! {
        <section class="card">
            <h1>{t!(i18n, report_in_title)}</h1>
            <p class="muted">{t!(i18n, report_in_intro)}</p>
            <Loaded resource=mine view=move |mine: MyReporting| view! { <Mine mine register /> } />
        </section>
    }
}

#[component]
fn Mine(mine: MyReporting, register: ServerAction<Register>) -> impl IntoView {
    let i18n = use_i18n();
    let MyReporting { registrations, history } = mine;
    let may_register = registrations.iter().all(|r| r.state == RegistrationState::Declined);
    let rows = registrations
        .into_iter()
        .map(|registration| view! { <li class="row" data-testid="my-registration"><RegistrationFacts registration /></li> })
        .collect_view();
    view! {
        <ul class="list">{rows}</ul>
        <Show when=move || may_register>
            <RegisterForm register />
        </Show>
        <h2>{t!(i18n, reporting_history)}</h2>
        <StatusHistory entries=history />
    }
}

#[component]
fn RegisterForm(register: ServerAction<Register>) -> impl IntoView {
    let i18n = use_i18n();
    let units = Resource::new(|| (), |_| unit_choices());
    view! {
        <ActionForm action=register attr:class="form" attr:data-testid="register-form">
            <label>{t!(i18n, report_in_workplace)}
                <Loaded resource=units view={|units: Vec<UnitChoice>| {
                    let options = units
                        .into_iter()
                        .map(|unit| view! { <option value=unit.key>{unit.name}</option> })
                        .collect_view();
                    view! { <select name="unit_key" required>{options}</select> }
                }} />
            </label>
            <label>{t!(i18n, report_in_skills)}
                <input name="skills" required maxlength="200" />
            </label>
            <label>{t!(i18n, report_in_offer)}
                <input name="offer" maxlength="200" />
            </label>
            <label>{t!(i18n, report_in_times)}
                <input name="times" maxlength="60" />
            </label>
            <Outcome outcome=action_outcome(register.value()) saved=move || t_string!(i18n, report_in_sent) />
            <button type="submit" class="primary">{t!(i18n, report_in_send)}</button>
        </ActionForm>
    }
}
