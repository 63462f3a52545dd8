//! 我的时长: the volunteer's verified hours, star level and ledger (from the
//! server), the hours they entered by hand and their outcome, and the form
//! to enter hours (kept on the phone until sent, like every record).

use crate::api::volunteer::get_my_hours;
use crate::components::{
    hours_origin_name, line_state_name, manual_state_name, mark_name, use_phone_copy, Loaded, Outcome,
    PhoneData, Problem,
};
use crate::i18n::*;
use crate::model::assessment::tenths_text;
use crate::model::local::{HoursItem, LocalRecord, SyncMark};
use crate::model::sync::OpKind;
use crate::model::time::date;
use crate::model::volunteer::{HoursLine, ManualEntry, ManualHoursInput, MyHours};
use crate::offline::{new_record_id, now_millis, save, LocalError};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn HoursPage() -> impl IntoView {
    let i18n = use_i18n();
    let sync = crate::offline::use_sync();
    // Fetched again after each sync: a verification may have come.
    let hours = Resource::new(move || sync.revision.get(), |_| get_my_hours());
    view! {
        <section class="card">
            <h1>{t!(i18n, hours_title)}</h1>
            <Loaded resource=hours view={|mine: MyHours| view! { <Summary mine /> }} />
        </section>
        <section class="card">
            <h2>{t!(i18n, hours_log)}</h2>
            <LogHoursForm />
            <Waiting />
        </section>
    }
}

#[component]
fn Summary(mine: MyHours) -> impl IntoView {
    let i18n = use_i18n();
    let stars = "★".repeat(mine.stars as usize);
    let next = mine.next_star_hours.map(|hours| {
        let to_go = (i64::from(hours) * 10 - mine.total_tenths).max(0);
        view! { <p class="muted" data-testid="next-star">{t!(i18n, hours_next_star)} " " {tenths_text(to_go)}</p> }
    });
    let lines = mine.lines.into_iter().map(|line| view! { <Line line /> }).collect_view();
    let entries = mine.entries.into_iter().map(|entry| view! { <Entry entry /> }).collect_view();
    view! {
        <p class="lead" data-testid="hours-total">
            {t!(i18n, hours_total)} " " {tenths_text(mine.total_tenths)} " " {t!(i18n, task_hours)}
            " · " {mine.year} " " {tenths_text(mine.year_tenths)}
        </p>
        <p data-testid="stars" aria-label=move || t_string!(i18n, hours_stars)>{stars} " " {mine.stars} " " {t!(i18n, hours_stars)}</p>
        {next}
        <a class="button secondary" href="/hours/certificate" data-testid="certificate-link">
            {t!(i18n, cert_page_title)}
        </a>
        <h2>{t!(i18n, hours_ledger)}</h2>
        <ul class="list" data-testid="hours-lines">{lines}</ul>
        <h2>{t!(i18n, hours_entries)}</h2>
        <ul class="list" data-testid="hours-entries">{entries}</ul>
    }
}

#[component]
fn Line(line: HoursLine) -> impl IntoView {
    let i18n = use_i18n();
    let origin = line.origin;
    let state = line_state_name(i18n.get_locale(), &line);
    view! {
        <li class="row" data-testid="hours-line">
            <div>
                <strong>{line.what}</strong> " " <span class="tag">{move || hours_origin_name(i18n.get_locale(), origin)}</span>
                {state.map(|text| view! { " " <span class="status">{text}</span> })}
                <br />
                <span class="muted">
                    {date(line.at)} {line.verified_by.map(|name| format!(" · {name}"))}
                    {line.reason.map(|reason| format!(" · {reason}"))}
                </span>
            </div>
            <strong>{tenths_text(line.hours_tenths)}</strong>
        </li>
    }
}

#[component]
fn Entry(entry: ManualEntry) -> impl IntoView {
    let i18n = use_i18n();
    let state = entry.state;
    view! {
        <li class="row" data-testid="hours-entry" data-state=state.as_str()>
            <div>
                <strong>{entry.what}</strong> " " <span class="status">{move || manual_state_name(i18n.get_locale(), state)}</span>
                <br />
                <span class="muted">{entry.on} {entry.reason.map(|reason| format!(" · {reason}"))}</span>
            </div>
            <strong>{tenths_text(i64::from(entry.hours_tenths))}</strong>
        </li>
    }
}

/// Hours entered on this phone and not yet on the server.
#[component]
fn Waiting() -> impl IntoView {
    let i18n = use_i18n();
    let copy = use_phone_copy();
    let view = move |records: Vec<LocalRecord>| {
        let waiting = records.into_iter().filter(|r| r.mark != SyncMark::Synced);
        let rows = waiting
            .filter_map(|r| r.as_hours().cloned())
            .map(|item| {
                view! {
                    <li class="row" data-testid="hours-waiting">
                        <div>
                            <strong>{item.what}</strong> " " <span class="mark mark-pending">{move || mark_name(i18n, SyncMark::Pending)}</span>
                            <br /><span class="muted">{item.on}</span>
                        </div>
                        <strong>{tenths_text(i64::from(item.hours_tenths))}</strong>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="list">{rows}</ul> }
    };
    view! { <PhoneData resource=copy.records view /> }
}

#[component]
fn LogHoursForm() -> impl IntoView {
    let i18n = use_i18n();
    let what = RwSignal::new(String::new());
    let on = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let evidence = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<(), Problem>>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let entry_id = match new_record_id() {
            Ok(id) => id,
            Err(error) => return outcome.set(Some(Err(error.into()))),
        };
        let input = ManualHoursInput {
            entry_id,
            activity: None,
            what: what.get_untracked().trim().to_owned(),
            on: on.get_untracked(),
            hours: hours.get_untracked(),
            evidence: evidence.get_untracked().trim().to_owned(),
        };
        let tenths = match input.check() {
            Ok(tenths) => tenths,
            Err(field) => return outcome.set(Some(Err(field.into()))),
        };
        spawn_local(async move {
            let result = keep_hours(i18n, input, tenths).await;
            if result.is_ok() {
                what.set(String::new());
                hours.set(String::new());
                evidence.set(String::new());
            }
            outcome.set(Some(result.map_err(Problem::from)));
        });
    };
    view! {
        <form class="form" on:submit=submit data-testid="hours-form">
            <label>{t!(i18n, hours_what)}
                <input name="what" required maxlength="60" prop:value=what on:input=move |ev| what.set(event_target_value(&ev)) />
            </label>
            <label>{t!(i18n, hours_on)}
                <input type="date" name="on" required prop:value=on on:input=move |ev| on.set(event_target_value(&ev)) />
            </label>
            <label>{t!(i18n, activity_hours)}
                <input name="hours" inputmode="decimal" required prop:value=hours on:input=move |ev| hours.set(event_target_value(&ev)) />
            </label>
            <label>{t!(i18n, hours_evidence)}
                <textarea name="evidence" rows="2" maxlength="300" prop:value=evidence
                    on:input=move |ev| evidence.set(event_target_value(&ev))></textarea>
            </label>
            <Outcome outcome saved=move || t_string!(i18n, hours_saved) />
            <button type="submit" class="primary">{t!(i18n, save)}</button>
        </form>
    }
}

async fn keep_hours(
    i18n: leptos_i18n::I18nContext<Locale>,
    input: ManualHoursInput,
    tenths: u32,
) -> Result<(), LocalError> {
    let item = HoursItem {
        what: input.what.clone(),
        on: input.on.clone(),
        hours_tenths: tenths,
        captured_at: now_millis(),
    };
    let record = LocalRecord::hours(input.entry_id.clone(), item);
    save(OpKind::LogHours, &input, record, t_string!(i18n, hours_log).into()).await
}
