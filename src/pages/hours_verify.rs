//! 时长审核: hours entered by hand, for a secretary (their area) or the
//! organiser (their activities) to verify several at once, or deny with a
//! reason. Nobody sees their own entries here. Below, the verified ledger
//! of the area, where an entry found wrong is cancelled with a reason.

use crate::api::volunteer::{hours_ledger, hours_queue, CancelHours, DecideHours};
use crate::components::{action_outcome, hours_origin_name, line_state_name, Loaded, Outcome};
use crate::i18n::*;
use crate::model::assessment::tenths_text;
use crate::model::time::{date, DAY_MS};
use crate::model::volunteer::{HoursLine, ManualEntry, VerifyStep};
use leptos::prelude::*;

#[component]
pub fn HoursVerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let decide = ServerAction::<DecideHours>::new();
    let queue = Resource::new(move || decide.version().get(), |_| hours_queue());
    view! {
        <section class="card">
            <h1>{t!(i18n, verify_title)}</h1>
            <Outcome outcome=action_outcome(decide.value()) saved=move || t_string!(i18n, saved) />
            <Loaded resource=queue view={move |entries: Vec<ManualEntry>| view! { <Queue entries decide /> }} />
        </section>
        <section class="card">
            <Corrections />
        </section>
    }
}

/// The verified ledger of the area, by person, with a way to cancel a line.
#[component]
fn Corrections() -> impl IntoView {
    let i18n = use_i18n();
    let cancel = ServerAction::<CancelHours>::new();
    let person = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let ledger =
        Resource::new(move || (person.get(), cancel.version().get()), |(person, _)| hours_ledger(person));
    let lines = move |lines: Vec<HoursLine>| {
        let rows = lines.into_iter().map(|line| view! { <LedgerRow line cancel reason /> }).collect_view();
        view! { <ul class="list" data-testid="ledger">{rows}</ul> }
    };
    view! {
        <h2>{t!(i18n, ledger_title)}</h2>
        <div class="filters form">
            <label>{t!(i18n, ledger_person)}
                <input data-testid="ledger-person" on:change=move |ev| person.set(event_target_value(&ev)) />
            </label>
            <label>{t!(i18n, ledger_reason)}
                <input name="cancel-reason" data-testid="cancel-reason" maxlength="500" prop:value=reason
                    on:input=move |ev| reason.set(event_target_value(&ev)) />
            </label>
        </div>
        <Outcome outcome=action_outcome(cancel.value()) saved=move || t_string!(i18n, saved) />
        <Loaded resource=ledger view=lines />
    }
}

#[component]
fn LedgerRow(line: HoursLine, cancel: ServerAction<CancelHours>, reason: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let origin = line.origin;
    let key = StoredValue::new(line.key.clone());
    let cancellable = !line.correction && !line.cancelled && line.hours_tenths > 0;
    let state = line_state_name(i18n.get_locale(), &line);
    let send = move |_| {
        let question = t_string!(i18n, ledger_cancel_sure);
        if crate::offline::confirm(question) {
            cancel.dispatch(CancelHours { key: key.get_value(), reason: reason.get_untracked() });
        }
    };
    view! {
        <li class="row" data-testid="ledger-line">
            <div>
                <strong>{line.person_name}</strong> " " {line.what} " "
                <span class="tag">{move || hours_origin_name(i18n.get_locale(), origin)}</span>
                {state.map(|text| view! { " " <span class="status">{text}</span> })}
                <br />
                <span class="muted">{date(line.at)} {line.verified_by.map(|n| format!(" · {n}"))}
                    {line.reason.map(|r| format!(" · {r}"))}</span>
            </div>
            <strong>{tenths_text(line.hours_tenths)}</strong>
            <Show when=move || cancellable>
                <button type="button" class="secondary" data-testid="cancel-line" on:click=send>
                    {t!(i18n, ledger_cancel)}
                </button>
            </Show>
        </li>
    }
}

#[component]
fn Queue(entries: Vec<ManualEntry>, decide: ServerAction<DecideHours>) -> impl IntoView {
    let i18n = use_i18n();
    if entries.is_empty() {
        return view! { <p class="muted" data-testid="verify-empty">{t!(i18n, nothing_yet)}</p> }.into_any();
    }
    let chosen = RwSignal::new(Vec::<String>::new());
    let filter = RwSignal::new(String::new());
    let older_than = RwSignal::new(0_i64);
    let reason = RwSignal::new(String::new());
    let entries = StoredValue::new(entries);
    let shown = move || {
        let text = filter.get().trim().to_owned();
        let cutoff = crate::offline::now_millis() - older_than.get() * DAY_MS;
        entries.with_value(|all| {
            all.iter()
                .filter(|e| {
                    text.is_empty()
                        || e.person_name.contains(&text)
                        || e.what.contains(&text)
                        || e.activity_title.as_deref().is_some_and(|t| t.contains(&text))
                })
                .filter(|e| older_than.get() == 0 || e.received_at <= cutoff)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let send = move |step: VerifyStep| {
        move |_| {
            let keys = chosen.get_untracked();
            if !keys.is_empty() {
                decide.dispatch(DecideHours { keys, step, reason: reason.get_untracked() });
            }
        }
    };
    view! {
        <div class="filters form">
            <label>{t!(i18n, verify_filter)}
                <input data-testid="verify-filter" prop:value=filter on:input=move |ev| filter.set(event_target_value(&ev)) />
            </label>
            <label>{t!(i18n, verify_older_than)}
                <select on:change=move |ev| older_than.set(event_target_value(&ev).parse().unwrap_or(0))>
                    <option value="0">{t!(i18n, filter_all)}</option>
                    <option value="3">"3"</option>
                    <option value="7">"7"</option>
                    <option value="30">"30"</option>
                </select>
            </label>
        </div>
        <ul class="list" data-testid="verify-queue">
            <For each=shown key=|e| e.key.clone() let:entry>
                <EntryRow entry chosen />
            </For>
        </ul>
        <div class="form">
            <label>{t!(i18n, verify_reason)}
                <input name="reason" maxlength="500" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev)) />
            </label>
            <div class="actions">
                <button type="button" class="primary" data-testid="verify-chosen" on:click=send(VerifyStep::Verify)>
                    {t!(i18n, verify_chosen)} " (" {move || chosen.get().len()} ")"
                </button>
                <button type="button" class="secondary" data-testid="deny-chosen" on:click=send(VerifyStep::Deny)>
                    {t!(i18n, deny_chosen)}
                </button>
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn EntryRow(entry: ManualEntry, chosen: RwSignal<Vec<String>>) -> impl IntoView {
    let key = StoredValue::new(entry.key.clone());
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        let key = key.get_value();
        chosen.update(|keys| {
            keys.retain(|k| *k != key);
            if on {
                keys.push(key);
            }
        });
    };
    let about = entry.activity_title.clone().map(|t| format!(" · {t}")).unwrap_or_default();
    view! {
        <li class="row" data-testid="verify-row">
            <label class="check">
                <input type="checkbox" class="pick" on:change=toggle />
                <span>
                    <strong>{entry.person_name}</strong> " " {entry.what} {about}
                    <br />
                    <span class="muted">{entry.on} " · " {tenths_text(i64::from(entry.hours_tenths))} " · "
                        {date(entry.received_at)}</span>
                    <br />
                    <span class="muted">{entry.evidence}</span>
                </span>
            </label>
        </li>
    }
}
