//! Pieces shared by the reporting-in screens: one registration, and the
//! status history of members and units.

use crate::components::{registration_state_name, report_status_name};
use crate::i18n::*;
use crate::model::reporting::{Registration, StatusEntry};
use crate::model::time::date;
use leptos::prelude::*;

/// A registration's facts: who, where, workplace, what they offer, and
/// where it stands (with the reason of a decline).
#[component]
pub fn RegistrationFacts(registration: Registration) -> impl IntoView {
    let i18n = use_i18n();
    let Registration {
        member_name,
        community_name,
        unit_name,
        skills,
        offer,
        times,
        state,
        reason,
        created_at,
        ..
    } = registration;
    view! {
        <div>
            <strong>{member_name}</strong> " "
            <span class="badge" data-testid="registration-state">{move || registration_state_name(i18n, state)}</span>
            <br />
            <span class="muted">{community_name} " · " {unit_name} " · " {date(created_at)}</span>
            <p class="notes">{skills} {(!offer.is_empty()).then(|| format!(" · {offer}"))} {(!times.is_empty()).then(|| format!(" · {times}"))}</p>
            {reason.map(|reason| view! { <p class="notice" data-testid="registration-reason">{t!(i18n, reporting_reason)} ": " {reason}</p> })}
        </div>
    }
}

/// Status rows, newest first; earlier rows stay as the history.
#[component]
pub fn StatusHistory(entries: Vec<StatusEntry>) -> impl IntoView {
    let i18n = use_i18n();
    if entries.is_empty() {
        return view! { <p class="muted">{t!(i18n, nothing_yet)}</p> }.into_any();
    }
    let rows = entries
        .into_iter()
        .map(|entry| {
            let status = entry.status;
            view! {
                <li class="row" data-testid="status-row">
                    <span>{entry.subject_name} " · " {entry.community_name}</span>
                    <span>{entry.period} " " <strong>{move || report_status_name(i18n, status)}</strong></span>
                    <span class="muted">{date(entry.at)}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="list">{rows}</ul> }.into_any()
}
