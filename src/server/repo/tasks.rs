//! Tasks and their claims. Keepers of the lists create tasks; members claim
//! them through the sync protocol (`claim_task`, `withdraw_claim`), so a
//! claim made offline is taken when it arrives, exactly once.

use super::{key_text, stored};
use crate::model::audit::AuditAction;
use crate::model::org::OrgLevel;
use crate::model::service_list::LIST_KEEPERS;
use crate::model::sync::{OpResult, RejectReason};
use crate::model::task::{
    ClaimInput, ClaimReview, ClaimState, FinishInput, MyClaim, MyTotals, ReviewStep, TaskInput, TaskItem,
    CLAIMERS, MAX_NOTE_CHARS,
};
use crate::model::{AppError, Field};
use crate::server::auth::{audit, Scope};
use crate::server::error::run_checked;
use crate::server::repo::tree::node_of_level;
use crate::server::sync::{conflict, now_millis, OpContext, Run};
use crate::server::Database;
use surrealdb::types::{RecordId, SurrealValue};

fn rejected(reason: RejectReason) -> OpResult {
    OpResult::Rejected { reason }
}

/// Creates a task in a community of the caller's area; returns its id.
pub async fn create(db: &Database, scope: &Scope, input: TaskInput, ip: &str) -> Result<String, AppError> {
    scope.require_any(&LIST_KEEPERS)?;
    let task = input.check()?;
    let community = node_of_level(db, scope, &input.community_code, OrgLevel::Community).await?;
    let source = match input.source_key.trim() {
        "" => None,
        key => Some(source_in(db, &community.id, key).await?),
    };
    let id = RecordId::new("task", uuid::Uuid::now_v7().to_string());
    let event = audit::Event::new(AuditAction::TaskCreated)
        .actor(&scope.account)
        .subject(&key_text(&id))
        .ip(ip)
        .within(&community.ancestors);
    let query = db
        .query(
            "BEGIN TRANSACTION; CREATE $id CONTENT { community: $community, ancestors: $ancestors, source: $source, \
             title: $title, detail: $detail, place: $place, starts_at: time::from_millis($starts_at), \
             ends_at: time::from_millis($ends_at), places: $places, hours_tenths: $hours, points: $points, \
             created_by: $account }; CREATE audit_event CONTENT $event; COMMIT TRANSACTION;",
        )
        .bind(("id", id.clone()))
        .bind(("community", community.id))
        .bind(("ancestors", community.ancestors.clone()))
        .bind(("source", source))
        .bind(("title", task.title))
        .bind(("detail", task.detail))
        .bind(("place", task.place))
        .bind(("starts_at", task.starts_at))
        .bind(("ends_at", task.ends_at))
        .bind(("places", i64::from(task.places)))
        .bind(("hours", i64::from(task.hours_tenths)))
        .bind(("points", i64::from(task.points)))
        .bind(("account", scope.account.clone()))
        .bind(("event", event));
    run_checked(query).await?;
    Ok(key_text(&id))
}

/// A need or project of `community` that is not closed.
async fn source_in(db: &Database, community: &RecordId, key: &str) -> Result<RecordId, AppError> {
    let found: Vec<RecordId> = db
        .query(
            "SELECT VALUE id FROM $id WHERE community = $community AND kind IN ['need', 'project'] \
             AND status != 'closed'",
        )
        .bind(("id", RecordId::new("service_item", key)))
        .bind(("community", community.clone()))
        .await?
        .take(0)?;
    found.into_iter().next().ok_or(AppError::NotFound)
}

#[derive(Debug, SurrealValue)]
struct TaskRow {
    id: RecordId,
    title: String,
    detail: String,
    place: Option<String>,
    starts_at: i64,
    ends_at: i64,
    places: i64,
    hours_tenths: i64,
    points: i64,
    open: bool,
    taken: i64,
    mine: Option<ClaimRow>,
}

#[derive(Debug, SurrealValue)]
struct ClaimRow {
    state: String,
    seq: i64,
    sent_back_reason: Option<String>,
}

/// The tasks a claimer's phone keeps: the open ones of the caller's area
/// that have not ended, and every one the caller has claimed. A member's
/// area for tasks is their community: a building leader attached to a
/// grid sees the tasks of the grid's community.
pub async fn for_claimer(db: &Database, scope: &Scope, limit: i64) -> Result<Vec<TaskItem>, AppError> {
    if !scope.has_any_role(&CLAIMERS) {
        return Ok(Vec::new());
    }
    let rows: Vec<TaskRow> = db
        .query(
            "SELECT id, title, detail, place, time::millis(starts_at) AS starts_at, time::millis(ends_at) AS ends_at, \
             places, hours_tenths, points, open, \
             count(SELECT id FROM task_claim WHERE task = $parent.id AND state IN ['in', 'done', 'confirmed']) AS taken, \
             (SELECT state, seq, sent_back_reason FROM task_claim WHERE task = $parent.id AND account = $account \
                 ORDER BY seq DESC LIMIT 1)[0] AS mine \
             FROM task WHERE (ancestors CONTAINS $root OR community IN $root.ancestors) \
             AND ((open AND ends_at > time::now()) OR id IN (SELECT VALUE task FROM task_claim WHERE account = $account)) \
             ORDER BY starts_at LIMIT $limit",
        )
        .bind(("root", scope.org.clone()))
        .bind(("account", scope.account.clone()))
        .bind(("limit", limit))
        .await?
        .take(0)?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let position = match &row.mine {
            Some(claim) if claim.state == ClaimState::Waitlisted.as_str() => {
                waiting_ahead(db, &row.id, claim.seq).await? + 1
            }
            _ => 0,
        };
        items.push(task_item(row, position)?);
    }
    Ok(items)
}

async fn waiting_ahead(db: &Database, task: &RecordId, seq: i64) -> Result<i64, AppError> {
    let ahead: Option<i64> = db
        .query("RETURN count(SELECT id FROM task_claim WHERE task = $task AND state = 'waitlisted' AND seq < $seq)")
        .bind(("task", task.clone()))
        .bind(("seq", seq))
        .await?
        .take(0)?;
    Ok(ahead.unwrap_or(0))
}

/// The schema keeps these small and non-negative.
fn small(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

fn task_item(row: TaskRow, position: i64) -> Result<TaskItem, AppError> {
    let mine = match row.mine {
        Some(claim) => Some(MyClaim {
            state: stored(&claim.state, ClaimState::parse, "claim state")?,
            position: small(position),
            sent_back_reason: claim.sent_back_reason,
        }),
        None => None,
    };
    Ok(TaskItem {
        task_id: key_text(&row.id),
        title: row.title,
        detail: row.detail,
        place: row.place,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        places: small(row.places),
        taken: small(row.taken),
        hours_tenths: small(row.hours_tenths),
        points: small(row.points),
        open: row.open,
        mine,
    })
}

#[derive(Debug, SurrealValue)]
struct Claimable {
    open: bool,
    starts_at: i64,
    ends_at: i64,
    live_claim: Option<String>,
}

/// The task `task_id` in the caller's area, with the caller's live claim.
async fn claimable(db: Run<'_>, scope: &Scope, task: &RecordId) -> Result<Option<Claimable>, AppError> {
    let found: Vec<Claimable> = db
        .query(
            "SELECT open, time::millis(starts_at) AS starts_at, time::millis(ends_at) AS ends_at, \
             (SELECT VALUE state FROM task_claim WHERE task = $parent.id AND account = $account \
                 AND state != 'withdrawn' LIMIT 1)[0] AS live_claim \
             FROM $task WHERE ancestors CONTAINS $root OR community IN $root.ancestors",
        )
        .bind(("task", task.clone()))
        .bind(("account", scope.account.clone()))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    Ok(found.into_iter().next())
}

/// Takes a place, or a place in line, in the order claims arrive. Bumping
/// the task's `claim_seq` makes two claims on one task conflict, so one of
/// them counts the places again.
const CLAIM: &str = concat!(
    "LET $task_now = (SELECT places, claim_seq, ancestors, open FROM ONLY $task); \
     IF !$task_now.open { THROW '",
    conflict!(),
    "' }; \
     LET $taken = count(SELECT id FROM task_claim WHERE task = $task AND state IN ['in', 'done', 'confirmed']); \
     UPDATE $task SET claim_seq += 1, updated_at = time::now(); \
     CREATE task_claim CONTENT { task: $task, account: $account, ancestors: $task_now.ancestors, \
         seq: $task_now.claim_seq + 1, state: IF $taken < $task_now.places { 'in' } ELSE { 'waitlisted' }, \
         op_id: $op_id };"
);

pub async fn claim(context: &OpContext<'_>, input: ClaimInput) -> Result<OpResult, AppError> {
    if !context.scope.has_any_role(&CLAIMERS) {
        return Ok(rejected(RejectReason::Forbidden));
    }
    let Some(task) = task_id(&input) else { return Ok(rejected(RejectReason::Invalid(Field::TaskId))) };
    let Some(now) = claimable(context.db, context.scope, &task).await? else {
        return Ok(rejected(RejectReason::NotFound));
    };
    if now.live_claim.is_some() {
        // Claimed already (another operation of this person): one place each.
        return Ok(OpResult::Duplicate);
    }
    if !now.open || now.ends_at <= now_millis() {
        return Ok(OpResult::Conflict { current: "closed".into() });
    }
    let query = context.transaction(CLAIM).bind(("task", task));
    context.outcome(run_checked(query).await, || OpResult::Conflict { current: "closed".into() })
}

/// Gives a place (or a place in line) up; the first in line moves up into
/// a place that frees.
const WITHDRAW: &str = concat!(
    "LET $mine = (SELECT id, state FROM task_claim WHERE task = $task AND account = $account \
         AND state IN ['in', 'waitlisted'] LIMIT 1)[0]; \
     IF $mine = NONE { THROW '",
    conflict!(),
    "' }; \
     UPDATE $mine.id SET state = 'withdrawn', updated_at = time::now(); \
     UPDATE $task SET claim_seq += 1, updated_at = time::now(); \
     LET $next = (SELECT id, seq FROM task_claim WHERE task = $task AND state = 'waitlisted' ORDER BY seq LIMIT 1); \
     IF $mine.state = 'in' AND array::len($next) > 0 { \
         UPDATE $next[0].id SET state = 'in', updated_at = time::now() };"
);

pub async fn withdraw(context: &OpContext<'_>, input: ClaimInput) -> Result<OpResult, AppError> {
    let Some(task) = task_id(&input) else { return Ok(rejected(RejectReason::Invalid(Field::TaskId))) };
    let Some(now) = claimable(context.db, context.scope, &task).await? else {
        return Ok(rejected(RejectReason::NotFound));
    };
    let current = now.live_claim.clone().unwrap_or_else(|| ClaimState::Withdrawn.as_str().into());
    if ![ClaimState::In.as_str(), ClaimState::Waitlisted.as_str()].contains(&current.as_str()) {
        return Ok(OpResult::Conflict { current });
    }
    if now.starts_at <= now_millis() {
        return Ok(rejected(RejectReason::Invalid(Field::Started)));
    }
    let query = context.transaction(WITHDRAW).bind(("task", task));
    context.outcome(run_checked(query).await, || OpResult::Conflict {
        current: ClaimState::Withdrawn.as_str().into(),
    })
}

fn task_id(input: &ClaimInput) -> Option<RecordId> {
    crate::model::sync::is_record_id(&input.task_id).then(|| RecordId::new("task", input.task_id.as_str()))
}

/// The member reports their place done, with a note; the secretary then
/// confirms it or sends it back.
const FINISH: &str = concat!(
    "LET $mine = (SELECT id FROM task_claim WHERE task = $task AND account = $account AND state = 'in' LIMIT 1)[0]; \
     IF $mine = NONE { THROW '",
    conflict!(),
    "' }; \
     UPDATE $mine.id SET state = 'done', done_note = $note, sent_back_reason = NONE, \
         done_at = time::from_millis($captured_at), updated_at = time::now(); \
     UPDATE $task SET updated_at = time::now();"
);

pub async fn finish(context: &OpContext<'_>, input: FinishInput) -> Result<OpResult, AppError> {
    let Some(task) = crate::model::sync::is_record_id(&input.task_id)
        .then(|| RecordId::new("task", input.task_id.as_str()))
    else {
        return Ok(rejected(RejectReason::Invalid(Field::TaskId)));
    };
    let note = input.note.trim().to_owned();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Ok(rejected(RejectReason::Invalid(Field::Note)));
    }
    let Some(now) = claimable(context.db, context.scope, &task).await? else {
        return Ok(rejected(RejectReason::NotFound));
    };
    let current = now.live_claim.clone().unwrap_or_else(|| ClaimState::Withdrawn.as_str().into());
    if current != ClaimState::In.as_str() {
        return Ok(OpResult::Conflict { current });
    }
    let note = Some(note).filter(|n| !n.is_empty());
    let query = context.transaction(FINISH).bind(("task", task)).bind(("note", note));
    context.outcome(run_checked(query).await, || OpResult::Conflict {
        current: ClaimState::Done.as_str().into(),
    })
}

#[derive(Debug, SurrealValue)]
struct ReviewRow {
    id: RecordId,
    task_title: String,
    member_name: String,
    unit_name: Option<String>,
    state: String,
    done_note: Option<String>,
    hours_tenths: i64,
    points: i64,
}

/// Claims of the caller's area reported done or confirmed, the oldest
/// report first: the secretary's confirmation queue.
pub async fn reviews(db: &Database, scope: &Scope) -> Result<Vec<ClaimReview>, AppError> {
    scope.require_any(&LIST_KEEPERS)?;
    let rows: Vec<ReviewRow> = db
        .query(
            "SELECT id, task.title AS task_title, account.name AS member_name, account.unit.name AS unit_name, \
             state, done_note, task.hours_tenths AS hours_tenths, task.points AS points, updated_at \
             FROM task_claim WHERE ancestors CONTAINS $root AND state IN ['done', 'confirmed'] \
             ORDER BY updated_at LIMIT 300",
        )
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    let review = |row: ReviewRow| -> Result<ClaimReview, AppError> {
        Ok(ClaimReview {
            claim_key: key_text(&row.id),
            task_title: row.task_title,
            member_name: row.member_name,
            unit_name: row.unit_name,
            state: stored(&row.state, ClaimState::parse, "claim state")?,
            done_note: row.done_note,
            hours_tenths: small(row.hours_tenths),
            points: small(row.points),
        })
    };
    rows.into_iter().map(review).collect()
}

/// The claim `key` of the caller's area, for a list keeper.
async fn claim_in_scope(
    db: &Database,
    scope: &Scope,
    key: &str,
) -> Result<(RecordId, Vec<RecordId>), AppError> {
    scope.require_any(&LIST_KEEPERS)?;
    let id = RecordId::new("task_claim", key);
    let ancestors = super::ancestors_in_scope(db, scope, &id).await?;
    Ok((id, ancestors))
}

/// Writes the three ledgers from the claim's task: the member's hours and
/// points and their unit's credit, with the confirmation, in one transaction.
const CONFIRM: &str = "BEGIN TRANSACTION; \
    LET $c = (SELECT account, task, state FROM ONLY $claim); \
    IF $c.state != 'done' { THROW 'claim_state' }; \
    LET $t = (SELECT hours_tenths, points FROM ONLY $c.task); \
    LET $unit = (SELECT VALUE unit FROM ONLY $c.account); \
    UPDATE $claim SET state = 'confirmed', sent_back_reason = NONE, updated_at = time::now(); \
    UPDATE $c.task SET updated_at = time::now(); \
    IF $t.hours_tenths > 0 { CREATE hours_entry CONTENT { account: $c.account, hours_tenths: $t.hours_tenths, \
        origin: 'task', claim: $claim, by: $by, ancestors: $ancestors } }; \
    IF $t.points > 0 { CREATE points_entry CONTENT { account: $c.account, points: $t.points, claim: $claim, \
        by: $by, ancestors: $ancestors } }; \
    IF $unit != NONE { CREATE unit_credit CONTENT { unit: $unit, hours_tenths: $t.hours_tenths, \
        points: $t.points, claim: $claim, by: $by, ancestors: $ancestors } }; \
    CREATE audit_event CONTENT $event; COMMIT TRANSACTION;";

/// Negates what the claim's confirmation wrote, in each ledger, with the reason.
const UNDO: &str = "BEGIN TRANSACTION; \
    LET $c = (SELECT account, task, state FROM ONLY $claim); \
    IF $c.state != 'confirmed' { THROW 'claim_state' }; \
    LET $hours = math::sum(SELECT VALUE hours_tenths FROM hours_entry WHERE claim = $claim); \
    LET $points = math::sum(SELECT VALUE points FROM points_entry WHERE claim = $claim); \
    LET $credits = (SELECT unit, math::sum(hours_tenths) AS hours_tenths, math::sum(points) AS points \
        FROM unit_credit WHERE claim = $claim GROUP BY unit); \
    UPDATE $claim SET state = 'done', updated_at = time::now(); \
    UPDATE $c.task SET updated_at = time::now(); \
    IF $hours != 0 { CREATE hours_entry CONTENT { account: $c.account, hours_tenths: 0 - $hours, origin: 'task', \
        claim: $claim, reason: $reason, by: $by, ancestors: $ancestors } }; \
    IF $points != 0 { CREATE points_entry CONTENT { account: $c.account, points: 0 - $points, claim: $claim, \
        reason: $reason, by: $by, ancestors: $ancestors } }; \
    FOR $credit IN $credits { IF $credit.hours_tenths != 0 OR $credit.points != 0 { \
        CREATE unit_credit CONTENT { unit: $credit.unit, hours_tenths: 0 - $credit.hours_tenths, \
        points: 0 - $credit.points, claim: $claim, reason: $reason, by: $by, ancestors: $ancestors } } }; \
    CREATE audit_event CONTENT $event; COMMIT TRANSACTION;";

/// Sends a report of work done back to the member, with the reason.
const SEND_BACK: &str = "BEGIN TRANSACTION; \
    IF (SELECT VALUE state FROM ONLY $claim) != 'done' { THROW 'claim_state' }; \
    UPDATE $claim SET state = 'in', sent_back_reason = $reason, updated_at = time::now(); \
    LET $task = (SELECT VALUE task FROM ONLY $claim); \
    UPDATE $task SET updated_at = time::now(); \
    CREATE audit_event CONTENT $event; COMMIT TRANSACTION;";

/// Confirms a claim reported done, sends it back, or undoes a
/// confirmation; a step that does not fit the claim's state is refused.
pub async fn review(
    db: &Database,
    scope: &Scope,
    key: &str,
    step: ReviewStep,
    reason: &str,
    ip: &str,
) -> Result<(), AppError> {
    let (claim, ancestors) = claim_in_scope(db, scope, key).await?;
    let reason = reason.trim();
    if step != ReviewStep::Confirm && (reason.is_empty() || reason.chars().count() > MAX_NOTE_CHARS) {
        return Err(AppError::Invalid(Field::Reason));
    }
    let (statement, action) = match step {
        ReviewStep::Confirm => (CONFIRM, AuditAction::ClaimConfirmed),
        ReviewStep::SendBack => (SEND_BACK, AuditAction::ClaimSentBack),
        ReviewStep::Undo => (UNDO, AuditAction::ConfirmationUndone),
    };
    let event = audit::Event::new(action).actor(&scope.account).subject(key).ip(ip).within(&ancestors);
    let query = db
        .query(statement)
        .bind(("claim", claim))
        .bind(("by", scope.account.clone()))
        .bind(("ancestors", ancestors))
        .bind(("reason", reason.to_owned()))
        .bind(("event", event));
    crate::server::error::thrown_as(run_checked(query).await, "claim_state", Field::Status)
}

/// The caller's confirmed hours and points this year (China Standard Time).
pub async fn totals(db: &Database, scope: &Scope) -> Result<MyTotals, AppError> {
    let (year, _) = crate::model::time::year_month(now_millis());
    let start = crate::model::time::month_start(year, 1);
    let mut answer = db
        .query(
            "RETURN math::sum(SELECT VALUE hours_tenths FROM hours_entry WHERE account = $account \
                 AND at >= time::from_millis($start)); \
             RETURN math::sum(SELECT VALUE points FROM points_entry WHERE account = $account \
                 AND at >= time::from_millis($start));",
        )
        .bind(("account", scope.account.clone()))
        .bind(("start", start))
        .await?;
    let hours: Option<i64> = answer.take(0)?;
    let points: Option<i64> = answer.take(1)?;
    Ok(MyTotals { year, hours_tenths: hours.unwrap_or(0), points: points.unwrap_or(0) })
}
