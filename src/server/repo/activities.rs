//! Activities (固定党日, service activities, emergency duty) and the
//! check-ins verified at sync from the organiser's rotating code
//! (`docs/volunteer-hours.md`).

use super::{key_text, stored};
use crate::model::audit::AuditAction;
use crate::model::org::OrgLevel;
use crate::model::sync::{OpResult, RejectReason};
use crate::model::volunteer::{
    check_in_code, step_of, ActivityInput, ActivityItem, ActivityKind, CheckInInput, CLOCK_STEPS, ORGANISERS,
    STEP_SECONDS, WINDOW_TOLERANCE_MINUTES,
};
use crate::model::{AppError, Field};
use crate::server::auth::{audit, Scope};
use crate::server::error::{run_checked, thrown_as, violates, UniqueIndex};
use crate::server::repo::tree::node_in_scope;
use crate::server::sync::{conflict, OpContext, Run};
use crate::server::Database;
use surrealdb::types::{RecordId, SurrealValue};

fn rejected(field: Field) -> OpResult {
    OpResult::Rejected { reason: RejectReason::Invalid(field) }
}

/// Creates an activity of a community or grid of the caller's area, with
/// the caller as its organiser; returns its key.
pub async fn create(
    db: &Database,
    scope: &Scope,
    input: ActivityInput,
    ip: &str,
) -> Result<String, AppError> {
    scope.require_any(&ORGANISERS)?;
    let checked = input.check()?;
    let node = node_in_scope(db, scope, &input.org_code).await?;
    if !matches!(node.level(), Some(OrgLevel::Community | OrgLevel::Grid)) {
        return Err(AppError::Invalid(Field::Parent));
    }
    let team = match &checked.team {
        Some(key) => Some(team_in_scope(db, scope, key).await?),
        None => None,
    };
    let id = RecordId::new("activity", uuid::Uuid::now_v7().to_string());
    let event = audit::Event::new(AuditAction::ActivityCreated)
        .actor(&scope.account)
        .subject(&checked.title)
        .ip(ip)
        .within(&node.ancestors);
    let query = db
        .query(
            "BEGIN TRANSACTION; \
             LET $community = (SELECT VALUE id FROM org_node WHERE id IN $ancestors AND level = 'community')[0]; \
             CREATE $id CONTENT { kind: $kind, title: $title, org: $org, community: $community, ancestors: $ancestors, \
                place: $place, starts_at: time::from_millis($starts), ends_at: time::from_millis($ends), \
                hours_tenths: $hours, capacity: $capacity, organiser: $account, secret: rand::string(40), \
                team: $team, signup: $signup }; \
             CREATE audit_event CONTENT $event; COMMIT TRANSACTION;",
        )
        .bind(("id", id.clone()))
        .bind(("kind", checked.kind.as_str()))
        .bind(("title", checked.title))
        .bind(("org", node.id))
        .bind(("ancestors", node.ancestors))
        .bind(("place", checked.place))
        .bind(("starts", checked.starts_at))
        .bind(("ends", checked.ends_at))
        .bind(("hours", i64::from(checked.hours_tenths)))
        .bind(("capacity", checked.capacity.map(i64::from)))
        .bind(("team", team))
        .bind(("signup", checked.signup))
        .bind(("account", scope.account.clone()))
        .bind(("event", event));
    run_checked(query).await?;
    Ok(key_text(&id))
}

/// A temporary structure the caller may name, by key.
async fn team_in_scope(db: &Database, scope: &Scope, key: &str) -> Result<RecordId, AppError> {
    let found: Vec<RecordId> = db
        .query(format!("SELECT VALUE id FROM $team WHERE {}", super::teams::TEAM_VISIBLE))
        .bind(("team", RecordId::new("team", key)))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    found.into_iter().next().ok_or(AppError::Invalid(Field::Team))
}

/// Which activities a person sees and may attend: those of their subtree,
/// and those of the community they belong to (a member of a community
/// attends its grids' activities).
const VISIBLE: &str = "(ancestors CONTAINS $root OR community IN $root.ancestors)";

#[derive(Debug, SurrealValue)]
struct ActivityRow {
    id: RecordId,
    kind: String,
    title: String,
    place: Option<String>,
    org_name: String,
    starts_at: i64,
    ends_at: i64,
    hours_tenths: i64,
    capacity: Option<i64>,
    organiser: RecordId,
    organiser_name: String,
    secret: String,
    attendees: i64,
    mine: Option<AttendanceRow>,
    signup: bool,
    signups: i64,
    signed_up: bool,
    team_name: Option<String>,
}

/// The caller's relation to an activity, read with it.
const MINE: &str = "count(SELECT id FROM attendance WHERE activity = $parent.id) AS attendees, \
    (SELECT in_step, out_step FROM attendance WHERE activity = $parent.id AND account = $account)[0] AS mine, \
    signup ?? false AS signup, count(SELECT id FROM signup WHERE activity = $parent.id) AS signups, \
    count(SELECT id FROM signup WHERE activity = $parent.id AND account = $account) > 0 AS signed_up";

#[derive(Debug, SurrealValue)]
struct AttendanceRow {
    in_step: i64,
    out_step: Option<i64>,
}

/// The activities the caller sees that end after `from` and start before
/// `to` (milliseconds), soonest first. The secret goes only to the organiser.
pub async fn visible(
    db: &Database,
    scope: &Scope,
    from: i64,
    to: i64,
) -> Result<Vec<ActivityItem>, AppError> {
    let sql = format!(
        "SELECT id, kind, title, place, org.name AS org_name, time::millis(starts_at) AS starts_at, \
         time::millis(ends_at) AS ends_at, hours_tenths, capacity, organiser, organiser.name AS organiser_name, \
         secret, team.name AS team_name, {MINE} FROM activity WHERE {VISIBLE} AND ends_at > time::from_millis($from) AND starts_at < time::from_millis($to) \
         ORDER BY starts_at LIMIT 200"
    );
    let rows: Vec<ActivityRow> = db
        .query(sql)
        .bind(("root", scope.org.clone()))
        .bind(("account", scope.account.clone()))
        .bind(("from", from))
        .bind(("to", to))
        .await?
        .take(0)?;
    rows.into_iter().map(|row| item(row, &scope.account)).collect()
}

fn item(row: ActivityRow, caller: &RecordId) -> Result<ActivityItem, AppError> {
    let count = |n: i64| u32::try_from(n).unwrap_or(0);
    Ok(ActivityItem {
        key: key_text(&row.id),
        kind: stored(&row.kind, ActivityKind::parse, "activity kind")?,
        title: row.title,
        place: row.place,
        org_name: row.org_name,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        hours_tenths: count(row.hours_tenths),
        capacity: row.capacity.map(count),
        organiser_name: row.organiser_name,
        attendees: count(row.attendees),
        secret: (&row.organiser == caller).then_some(row.secret),
        checked_in: row.mine.is_some(),
        checked_out: row.mine.as_ref().is_some_and(|m| m.out_step.is_some()),
        signup: row.signup,
        signups: count(row.signups),
        signed_up: row.signed_up,
        team_name: row.team_name,
    })
}

#[derive(Debug, SurrealValue)]
struct Attendable {
    secret: String,
    starts_at: i64,
    ends_at: i64,
    hours_tenths: i64,
    capacity: Option<i64>,
    attendees: i64,
    mine: Option<AttendanceRow>,
    signup: bool,
    signups: i64,
    signed_up: bool,
    /// The caller is a member of the activity's team, or it has none.
    member: bool,
}

async fn attendable(db: Run<'_>, scope: &Scope, activity: &RecordId) -> Result<Option<Attendable>, AppError> {
    let sql = format!(
        "SELECT secret, time::millis(starts_at) AS starts_at, time::millis(ends_at) AS ends_at, hours_tenths, \
         capacity, team = NONE OR team.members CONTAINS $account AS member, {MINE} \
         FROM $activity WHERE {VISIBLE}"
    );
    let found: Vec<Attendable> = db
        .query(sql)
        .bind(("activity", activity.clone()))
        .bind(("account", scope.account.clone()))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    Ok(found.into_iter().next())
}

/// Whether the caller may attend (and enter hours for) the activity.
pub async fn attends(db: Run<'_>, scope: &Scope, activity: &RecordId) -> Result<bool, AppError> {
    let sql = format!("SELECT VALUE id FROM $activity WHERE {VISIBLE}");
    let found: Vec<RecordId> = db
        .query(sql)
        .bind(("activity", activity.clone()))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    Ok(!found.is_empty())
}

/// The step whose code `input.code` is, near the step the phone named.
fn matched_step(secret: &str, key: &str, input: &CheckInInput) -> Option<i64> {
    let near = (input.step - CLOCK_STEPS)..=(input.step + CLOCK_STEPS);
    near.into_iter().find(|step| check_in_code(secret, key, *step) == input.code.trim())
}

/// Whether a step lies in the activity's time window, give or take the tolerance.
fn in_window(step: i64, activity: &Attendable) -> bool {
    let tolerance = WINDOW_TOLERANCE_MINUTES * 60_000;
    let first = step_of(activity.starts_at - tolerance);
    let last = step_of(activity.ends_at + tolerance);
    (first..=last).contains(&step)
}

/// A check-in (or check-out) from a volunteer's phone, verified from the
/// organiser's code: the first check-in of a person writes the activity's
/// hours to the ledger; a check-out sets them to the time between the two.
pub async fn check_in(context: &OpContext<'_>, input: CheckInInput) -> Result<OpResult, AppError> {
    if let Some(field) = input.problem() {
        return Ok(rejected(field));
    }
    let key = input.activity.trim();
    let activity_id = RecordId::new("activity", key);
    let Some(activity) = attendable(context.db, context.scope, &activity_id).await? else {
        return Ok(OpResult::Rejected { reason: RejectReason::NotFound });
    };
    let Some(step) = matched_step(&activity.secret, key, &input) else {
        return Ok(rejected(Field::Code));
    };
    if !in_window(step, &activity) {
        return Ok(rejected(Field::Window));
    }
    match (&activity.mine, input.out) {
        (Some(_), false) | (Some(AttendanceRow { out_step: Some(_), .. }), true) => Ok(OpResult::Duplicate),
        (None, true) => Ok(rejected(Field::CheckIn)),
        (None, false) => first_check_in(context, activity_id, &activity, step).await,
        (Some(mine), true) => check_out(context, activity_id, &activity, mine.in_step, step).await,
    }
}

const CHECK_IN: &str = concat!(
    "IF count(SELECT id FROM attendance WHERE activity = $activity AND account = $account) > 0 { THROW '",
    conflict!(),
    "' }; \
     LET $a = (SELECT ancestors, organiser FROM ONLY $activity); \
     CREATE attendance CONTENT { activity: $activity, account: $account, ancestors: $a.ancestors, in_step: $step }; \
     CREATE hours_entry CONTENT { account: $account, hours_tenths: $hours, origin: 'check_in', activity: $activity, \
        by: $a.organiser, ancestors: $a.ancestors };"
);

async fn first_check_in(
    context: &OpContext<'_>,
    activity_id: RecordId,
    activity: &Attendable,
    step: i64,
) -> Result<OpResult, AppError> {
    if !activity.member {
        return Ok(rejected(Field::Team));
    }
    if activity.signup && !activity.signed_up {
        return Ok(rejected(Field::SignUp));
    }
    // With sign-up the places were given out when people signed up.
    if !activity.signup && activity.capacity.is_some_and(|places| activity.attendees >= places) {
        return Ok(rejected(Field::Full));
    }
    let query = context
        .transaction(CHECK_IN)
        .bind(("activity", activity_id))
        .bind(("step", step))
        .bind(("hours", activity.hours_tenths));
    context.outcome(run_checked(query).await, || OpResult::Duplicate)
}

const CHECK_OUT: &str = concat!(
    "LET $mine = (SELECT id FROM attendance WHERE activity = $activity AND account = $account AND out_step = NONE)[0]; \
     IF $mine = NONE { THROW '",
    conflict!(),
    "' }; \
     UPDATE $mine.id SET out_step = $step; \
     LET $a = (SELECT ancestors, organiser FROM ONLY $activity); \
     LET $cancelled = count(SELECT id FROM hours_entry WHERE activity = $activity AND account = $account \
        AND cancels != NONE) > 0; \
     IF $change != 0 AND !$cancelled { CREATE hours_entry CONTENT { account: $account, hours_tenths: $change, origin: 'check_in', \
        activity: $activity, by: $a.organiser, ancestors: $a.ancestors, reason: 'check_out' } };"
);

/// The hours between check-in and check-out, to a tenth, at most the
/// activity's hours: the check-in credited those, so the difference is added.
async fn check_out(
    context: &OpContext<'_>,
    activity_id: RecordId,
    activity: &Attendable,
    in_step: i64,
    step: i64,
) -> Result<OpResult, AppError> {
    if step <= in_step {
        return Ok(rejected(Field::Code));
    }
    let tenth_of_hour_steps = 360 / STEP_SECONDS;
    let stayed = ((step - in_step) + tenth_of_hour_steps / 2) / tenth_of_hour_steps;
    let change = stayed.min(activity.hours_tenths) - activity.hours_tenths;
    let query = context
        .transaction(CHECK_OUT)
        .bind(("activity", activity_id))
        .bind(("step", step))
        .bind(("change", change));
    context.outcome(run_checked(query).await, || OpResult::Duplicate)
}

/// Signs the caller up for an activity that asks for it (or, `withdraw`,
/// takes the sign-up back), until it starts; places are its capacity.
pub async fn sign_up(db: &Database, scope: &Scope, key: &str, withdraw: bool) -> Result<(), AppError> {
    let activity_id = RecordId::new("activity", key.trim());
    let Some(activity) = attendable(Run::Alone(db), scope, &activity_id).await? else {
        return Err(AppError::NotFound);
    };
    if !activity.member {
        return Err(AppError::Invalid(Field::Team));
    }
    if !activity.signup || activity.starts_at <= crate::server::sync::now_millis() {
        return Err(AppError::Invalid(Field::SignUp));
    }
    if withdraw {
        let query = db
            .query("DELETE signup WHERE activity = $activity AND account = $account")
            .bind(("activity", activity_id))
            .bind(("account", scope.account.clone()));
        return run_checked(query).await.map_err(AppError::from);
    }
    if activity.signed_up {
        return Ok(());
    }
    if activity.capacity.is_some_and(|places| activity.signups >= places) {
        return Err(AppError::Invalid(Field::Full));
    }
    let query = db
        .query(SIGN_UP)
        .bind(("activity", activity_id))
        .bind(("account", scope.account.clone()))
        .bind(("capacity", activity.capacity));
    match run_checked(query).await {
        Err(error) if violates(&error, UniqueIndex::SignupPerson) => Ok(()),
        result => thrown_as(result, "activity_full", Field::Full),
    }
}

/// The count is read inside the transaction: two people taking the last
/// place conflict, and one of them is refused.
const SIGN_UP: &str = "BEGIN TRANSACTION; \
    IF $capacity != NONE AND count(SELECT id FROM signup WHERE activity = $activity) >= $capacity { \
        THROW 'activity_full' }; \
    CREATE signup CONTENT { activity: $activity, account: $account }; COMMIT TRANSACTION;";
