//! The secretary's reporting-in screen: registrations to approve or
//! decline with a reason, the quarter's status to record, and the status
//! history of the area's members and units.

use crate::api::reporting::{registrations, status_history, Decide, RecordQuarter};
use crate::components::{action_outcome, Loaded, Outcome, RegistrationFacts, StatusHistory};
use crate::i18n::*;
use crate::model::reporting::{Decision, Registration, RegistrationState, StatusEntry};
use leptos::prelude::*;

#[component]
pub fn ReportingPage() -> impl IntoView {
    let i18n = use_i18n();
    let decide = ServerAction::<Decide>::new();
    let record = ServerAction::<RecordQuarter>::new();
    let queue = Resource::new(move || decide.version().get(), |_| registrations());
    let history =
        Resource::new(move || (decide.version().get(), record.version().get()), |_| status_history());
    view! {
        <section class="card">
            <h1>{t!(i18n, reporting_title)}</h1>
            <Outcome outcome=action_outcome(decide.value()) saved=move || t_string!(i18n, saved) />
            <Loaded resource=queue view={move |list: Vec<Registration>| {
                if list.is_empty() {
                    return view! { <p class="muted">{t!(i18n, nothing_yet)}</p> }.into_any();
                }
                let rows = list.into_iter().map(|registration| view! { <QueueRow registration decide /> });
                view! { <ul class="list">{rows.collect_view()}</ul> }.into_any()
            }} />
        </section>
        <section class="card">
            <h2>{t!(i18n, reporting_history)}</h2>
            <RecordQuarterForm record />
            <Loaded resource=history view={|entries: Vec<StatusEntry>| view! { <StatusHistory entries /> }} />
        </section>
    }
}

#[component]
fn QueueRow(registration: Registration, decide: ServerAction<Decide>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let waiting = registration.state == RegistrationState::Pending;
    let key = StoredValue::new(registration.key.clone());
    let send = move |decision: Decision| {
        move |_| {
            decide.dispatch(Decide { key: key.get_value(), decision, reason: reason.get_untracked() });
        }
    };
    view! {
        <li class="row" data-testid="registration-row">
            <RegistrationFacts registration />
            <Show when=move || waiting>
                <div class="actions">
                    <label>{t!(i18n, reporting_reason)}
                        <input maxlength="500" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev)) />
                    </label>
                    <button type="button" class="primary" on:click=send(Decision::Approve)>{t!(i18n, reporting_approve)}</button>
                    <button type="button" class="secondary" on:click=send(Decision::Decline)>{t!(i18n, reporting_decline)}</button>
                </div>
            </Show>
        </li>
    }
}

/// Records every approved member and unit as active or inactive for a quarter.
#[component]
fn RecordQuarterForm(record: ServerAction<RecordQuarter>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ActionForm action=record attr:class="form">
            <label>{t!(i18n, reporting_quarter)}
                <input name="period" required placeholder="2026-Q4" maxlength="7" />
            </label>
            <Outcome outcome=action_outcome(record.value()) saved=move || t_string!(i18n, saved) />
            <button type="submit" class="secondary">{t!(i18n, reporting_record)}</button>
        </ActionForm>
    }
}
