//! The 任务 tab: the tasks of the member's community, their own claims and
//! their hours and points this year, from the phone's copy, so a member
//! claims a place (or reports it done) offline too: the operation waits in
//! the outbox and counts when it reaches the server.

use crate::components::{use_phone_copy, PhoneCopy, PhoneData, PhoneProblem};
use crate::i18n::*;
use crate::model::local::{Area, ClaimItem, LocalRecord, SyncMark};
use crate::model::sync::OpKind;
use crate::model::task::{ClaimInput, ClaimState, FinishInput, MyClaim, MyTotals, TaskItem};
use crate::model::time::short_time;
use crate::offline::{new_record_id, now_millis, save, LocalError};
use leptos::prelude::*;
use leptos::task::spawn_local;

type I18n = leptos_i18n::I18nContext<Locale>;

#[component]
pub fn TasksPage() -> impl IntoView {
    let i18n = use_i18n();
    let copy = use_phone_copy();
    let problem = RwSignal::new(None::<LocalError>);
    let view = move |area: Option<Area>| {
        let area = area.unwrap_or_default();
        let totals = view! { <Totals totals=area.totals /> };
        if area.tasks.is_empty() {
            let empty = view! { <p class="muted" data-testid="no-tasks">{t!(i18n, tasks_empty)}</p> };
            return view! { {totals} {empty} }.into_any();
        }
        let rows = area.tasks.into_iter().map(|task| view! { <TaskRow task copy problem /> }).collect_view();
        view! { {totals} <ul class="list" data-testid="tasks">{rows}</ul> }.into_any()
    };
    view! {
        <section class="card">
            <h1>{t!(i18n, tasks_title)}</h1>
            {move || problem.get().map(|error| view! { <PhoneProblem error /> })}
            <PhoneData resource=copy.area view />
        </section>
    }
}

#[component]
fn Totals(totals: MyTotals) -> impl IntoView {
    let i18n = use_i18n();
    let hours = tenths(totals.hours_tenths);
    view! {
        <p class="lead" data-testid="my-totals">
            {t!(i18n, tasks_year_totals)} " " {hours} " " {t!(i18n, task_hours)} " · " {totals.points} " "
            {t!(i18n, task_points)}
        </p>
    }
}

/// 25 -> "2.5"
fn tenths(value: i64) -> String {
    format!("{}{}.{}", if value < 0 { "-" } else { "" }, value.abs() / 10, value.abs() % 10)
}

/// The newest claim operation on `task` still waiting to be sent.
fn waiting_claim(records: &[LocalRecord], task: &str) -> Option<ClaimItem> {
    let waiting = records.iter().filter(|r| r.mark != SyncMark::Synced);
    waiting
        .filter_map(LocalRecord::as_claim)
        .filter(|c| c.task_id == task)
        .max_by_key(|c| c.captured_at)
        .cloned()
}

/// What the member may do now, and where their claim stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Claim,
    Withdraw,
    Finish,
}

fn steps(task: &TaskItem, now: i64) -> Vec<Step> {
    let state = task.mine.as_ref().map(|c| c.state).filter(|s| s.is_live());
    match state {
        None if task.open && task.ends_at > now => vec![Step::Claim],
        Some(ClaimState::In) if task.starts_at > now => vec![Step::Withdraw],
        Some(ClaimState::In) => vec![Step::Finish],
        Some(ClaimState::Waitlisted) if task.starts_at > now => vec![Step::Withdraw],
        _ => Vec::new(),
    }
}

fn state_text(i18n: I18n, task: &TaskItem, waiting: Option<&ClaimItem>, now: i64) -> String {
    if let Some(claim) = waiting {
        return match (claim.withdraw, claim.finish) {
            (true, _) => t_string!(i18n, task_pending_withdraw).to_owned(),
            (_, true) => t_string!(i18n, task_pending_finish).to_owned(),
            _ => t_string!(i18n, task_pending_claim).to_owned(),
        };
    }
    match &task.mine {
        Some(MyClaim { state: ClaimState::In, sent_back_reason: Some(reason), .. }) => {
            format!("{}{reason}", t_string!(i18n, task_sent_back))
        }
        Some(MyClaim { state: ClaimState::In, .. }) => t_string!(i18n, task_in).to_owned(),
        Some(MyClaim { state: ClaimState::Waitlisted, position, .. }) => {
            format!(
                "{}{position}{}",
                t_string!(i18n, task_waitlisted_before),
                t_string!(i18n, task_waitlisted_after)
            )
        }
        Some(MyClaim { state: ClaimState::Done, .. }) => t_string!(i18n, task_done).to_owned(),
        Some(MyClaim { state: ClaimState::Confirmed, .. }) => t_string!(i18n, task_confirmed).to_owned(),
        _ if !task.open || task.ends_at <= now => t_string!(i18n, task_closed).to_owned(),
        _ => String::new(),
    }
}

#[component]
fn TaskRow(task: TaskItem, copy: PhoneCopy, problem: RwSignal<Option<LocalError>>) -> impl IntoView {
    let i18n = use_i18n();
    let now = now_millis();
    let steps = steps(&task, now);
    let task = StoredValue::new(task);
    let waiting = Memo::new(move |_| {
        let records = copy.records.get().and_then(|r| r.ok()).unwrap_or_default();
        task.with_value(|t| waiting_claim(&records, &t.task_id))
    });
    let state = move || task.with_value(|t| state_text(i18n, t, waiting.get().as_ref(), now));
    let note = RwSignal::new(String::new());
    let act = move |step: Step| {
        move |_| {
            let (task_id, note) = (task.with_value(|t| t.task_id.clone()), note.get_untracked());
            spawn_local(async move {
                if let Err(error) = keep_step(i18n, task_id, step, note).await {
                    problem.set(Some(error));
                }
            });
        }
    };
    let buttons = steps
        .into_iter()
        .map(|step| match step {
            Step::Claim => view! { <button type="button" class="primary" on:click=act(step)>{t!(i18n, task_claim)}</button> }.into_any(),
            Step::Withdraw => view! { <button type="button" class="secondary" on:click=act(step)>{t!(i18n, task_withdraw)}</button> }.into_any(),
            Step::Finish => view! {
                <label>{t!(i18n, task_done_note)}
                    <input name="note" maxlength="500" prop:value=note on:input=move |ev| note.set(event_target_value(&ev)) />
                </label>
                <button type="button" class="primary" on:click=act(step)>{t!(i18n, task_finish)}</button>
            }
            .into_any(),
        })
        .collect_view();
    let t = task.get_value();
    let hours = tenths(i64::from(t.hours_tenths));
    view! {
        <li class="row" data-testid="task">
            <div>
                <strong>{t.title}</strong>
                <br />
                <span class="muted">
                    {short_time(t.starts_at)} "–" {short_time(t.ends_at)} {t.place.map(|p| format!(" · {p}"))}
                </span>
                <br />
                <span class="muted">
                    {t!(i18n, task_places)} " " {t.taken} "/" {t.places} " · " {hours} " " {t!(i18n, task_hours)} " · "
                    {t.points} " " {t!(i18n, task_points)}
                </span>
                <p class="notes">{t.detail}</p>
                <p class="lead" data-testid="task-state">{state}</p>
            </div>
            <div class="actions" class:hidden=move || waiting.get().is_some()>{buttons}</div>
        </li>
    }
}

async fn keep_step(i18n: I18n, task_id: String, step: Step, note: String) -> Result<(), LocalError> {
    let id = new_record_id()?;
    let claim = ClaimItem {
        task_id: task_id.clone(),
        withdraw: step == Step::Withdraw,
        finish: step == Step::Finish,
        captured_at: now_millis(),
    };
    let record = LocalRecord::claim(id, claim);
    match step {
        Step::Claim => {
            save(OpKind::ClaimTask, &ClaimInput { task_id }, record, t_string!(i18n, task_claim).into()).await
        }
        Step::Withdraw => {
            save(
                OpKind::WithdrawClaim,
                &ClaimInput { task_id },
                record,
                t_string!(i18n, task_withdraw).into(),
            )
            .await
        }
        Step::Finish => {
            let input = FinishInput { task_id, note: note.trim().to_owned() };
            save(OpKind::FinishTask, &input, record, t_string!(i18n, task_finish).into()).await
        }
    }
}
