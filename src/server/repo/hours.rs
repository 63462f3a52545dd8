//! The hours ledger as people see it: hours entered by hand (pending until
//! verified), the verifiers' queue, and each person's totals and star level.
//! Totals are sums of `hours_entry` rows, whatever their origin.

use super::{key_text, stored};
use crate::model::assessment::Period;
use crate::model::audit::AuditAction;
use crate::model::sync::{OpResult, RejectReason};
use crate::model::time::{month_start, year_month};
use crate::model::volunteer::{
    star_level, Certificate, HoursLine, HoursOrigin, HoursTotal, HoursTotals, ManualEntry, ManualHoursInput,
    ManualState, MyHours, VerifyStep, VERIFIERS,
};
use crate::model::{AppError, Field};
use crate::server::auth::{audit, Scope};
use crate::server::error::{is_thrown, run_checked};
use crate::server::repo::activities;
use crate::server::sync::{now_millis, OpContext};
use crate::server::Database;
use surrealdb::types::{RecordId, SurrealValue};

/// The most entries one decision takes ("verify these 50").
pub const MAX_DECIDED: usize = 100;

const MAX_REASON_CHARS: usize = 500;

/// Hours entered by hand on a phone (`log_hours`): pending until a
/// secretary, or the organiser of the activity it names, verifies them.
pub async fn log(context: &OpContext<'_>, input: ManualHoursInput) -> Result<OpResult, AppError> {
    let hours = match input.check() {
        Ok(hours) => hours,
        Err(field) => return Ok(OpResult::Rejected { reason: RejectReason::Invalid(field) }),
    };
    let id = RecordId::new("manual_hours", input.entry_id.as_str());
    if let Some(answer) = context.existing_answer(&id, "account").await? {
        return Ok(answer);
    }
    let activity = input.activity.as_deref().map(str::trim).filter(|k| !k.is_empty());
    let activity = activity.map(|key| RecordId::new("activity", key));
    if let Some(activity) = &activity {
        if !activities::attends(context.db, context.scope, activity).await? {
            return Ok(OpResult::Rejected { reason: RejectReason::Invalid(Field::Activity) });
        }
    }
    let query = context
        .transaction(
            "CREATE $id CONTENT { account: $account, ancestors: $account.ancestors, activity: $activity, \
                what: $what, done_on: $on, hours_tenths: $hours, evidence: $evidence, state: 'pending' };",
        )
        .bind(("id", id))
        .bind(("activity", activity))
        .bind(("what", input.what.trim().to_owned()))
        .bind(("on", input.on.clone()))
        .bind(("hours", i64::from(hours)))
        .bind(("evidence", input.evidence.trim().to_owned()));
    context.outcome(run_checked(query).await, || OpResult::Rejected { reason: RejectReason::IdTaken })
}

#[derive(Debug, SurrealValue)]
struct EntryRow {
    id: RecordId,
    person_name: String,
    what: String,
    activity_title: Option<String>,
    done_on: String,
    hours_tenths: i64,
    evidence: String,
    state: String,
    reason: Option<String>,
    received_at: i64,
}

const ENTRY_FIELDS: &str =
    "id, account.name AS person_name, what, activity.title AS activity_title, done_on, \
    hours_tenths, evidence, state, reason, time::millis(received_at) AS received_at";

fn entry(row: EntryRow) -> Result<ManualEntry, AppError> {
    Ok(ManualEntry {
        key: key_text(&row.id),
        person_name: row.person_name,
        what: row.what,
        activity_title: row.activity_title,
        on: row.done_on,
        hours_tenths: u32::try_from(row.hours_tenths).unwrap_or(0),
        evidence: row.evidence,
        state: stored(&row.state, ManualState::parse, "manual hours state")?,
        reason: row.reason,
        received_at: row.received_at,
    })
}

/// Who may decide an entry: a verifier of its area, or the organiser of
/// the activity it names; never the person it is for.
const DECIDABLE: &str =
    "account != $me AND ((ancestors CONTAINS $root AND $verifier) OR activity.organiser = $me)";

/// The pending entries the caller may decide, oldest first.
pub async fn queue(db: &Database, scope: &Scope) -> Result<Vec<ManualEntry>, AppError> {
    let sql = format!(
        "SELECT {ENTRY_FIELDS} FROM manual_hours WHERE state = 'pending' AND {DECIDABLE} ORDER BY received_at LIMIT 300"
    );
    let rows: Vec<EntryRow> = db
        .query(sql)
        .bind(("me", scope.account.clone()))
        .bind(("root", scope.org.clone()))
        .bind(("verifier", scope.has_any_role(&VERIFIERS)))
        .await?
        .take(0)?;
    rows.into_iter().map(entry).collect()
}

/// Verifies (writing the ledger entry) or denies (with a reason) several
/// pending entries at once, in one transaction: all of them or none.
pub async fn decide(
    db: &Database,
    scope: &Scope,
    (keys, step, reason): (&[String], VerifyStep, &str),
    ip: &str,
) -> Result<u32, AppError> {
    if keys.is_empty() || keys.len() > MAX_DECIDED {
        return Err(AppError::Invalid(Field::Checks));
    }
    let reason = reason.trim();
    let reason = match step {
        VerifyStep::Deny if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS => {
            return Err(AppError::Invalid(Field::Reason))
        }
        VerifyStep::Deny => Some(reason.to_owned()),
        VerifyStep::Verify => None,
    };
    let ids: Vec<RecordId> = keys.iter().map(|k| RecordId::new("manual_hours", k.trim())).collect();
    let action = match step {
        VerifyStep::Verify => AuditAction::HoursVerified,
        VerifyStep::Deny => AuditAction::HoursDenied,
    };
    let event = audit::Event::new(action).actor(&scope.account).subject(&keys.join(",")).ip(ip);
    let event = event.within(std::slice::from_ref(&scope.org));
    let sql = format!(
        "BEGIN TRANSACTION; \
         LET $found = (SELECT id, account, ancestors, hours_tenths, activity FROM $ids WHERE {DECIDABLE}); \
         IF array::len($found) != array::len($ids) {{ THROW 'hours_not_found' }}; \
         LET $moved = (SELECT id FROM $ids WHERE state != 'pending'); \
         IF array::len($moved) > 0 {{ THROW 'hours_state' }}; \
         UPDATE $ids SET state = $state, reason = $reason, decided_by = $me, decided_at = time::now(); \
         IF $state = 'verified' {{ FOR $e IN $found {{ CREATE hours_entry CONTENT {{ account: $e.account, \
             hours_tenths: $e.hours_tenths, origin: 'manual', manual: $e.id, activity: $e.activity, by: $me, \
             ancestors: $e.ancestors }}; }}; }}; \
         CREATE audit_event CONTENT $event; COMMIT TRANSACTION;"
    );
    let state = match step {
        VerifyStep::Verify => ManualState::Verified,
        VerifyStep::Deny => ManualState::Denied,
    };
    let query = db
        .query(sql)
        .bind(("ids", ids))
        .bind(("me", scope.account.clone()))
        .bind(("root", scope.org.clone()))
        .bind(("verifier", scope.has_any_role(&VERIFIERS)))
        .bind(("state", state.as_str()))
        .bind(("reason", reason))
        .bind(("event", event));
    match run_checked(query).await {
        Ok(()) => Ok(u32::try_from(keys.len()).unwrap_or(u32::MAX)),
        Err(error) if is_thrown(&error, "hours_not_found") => Err(AppError::NotFound),
        Err(error) if is_thrown(&error, "hours_state") => Err(AppError::Invalid(Field::Status)),
        Err(error) => Err(error.into()),
    }
}

#[derive(Debug, SurrealValue)]
struct LineRow {
    id: RecordId,
    person_name: String,
    at: i64,
    origin: String,
    what: Option<String>,
    hours_tenths: i64,
    verified_by: Option<String>,
    reason: Option<String>,
    correction: bool,
    cancelled: bool,
}

const LINE_FIELDS: &str = "id, account.name AS person_name, time::millis(at) AS at, origin, hours_tenths, \
    by.name AS verified_by, reason, cancels != NONE AS correction, \
    count(SELECT id FROM hours_entry WHERE cancels = $parent.id) > 0 AS cancelled, \
    (activity.title ?? claim.task.title ?? manual.what) AS what";

/// The caller's hours: totals (all time and this year), star level, the
/// newest ledger lines and their own manual entries.
pub async fn mine(db: &Database, scope: &Scope, thresholds: &[u32]) -> Result<MyHours, AppError> {
    let (year, _) = year_month(now_millis());
    let sql = format!(
        "RETURN [math::sum(SELECT VALUE hours_tenths FROM hours_entry WHERE account = $me), \
             math::sum(SELECT VALUE hours_tenths FROM hours_entry WHERE account = $me \
                 AND at >= time::from_millis($year_start))]; \
         SELECT {LINE_FIELDS} FROM hours_entry WHERE account = $me ORDER BY at DESC LIMIT 100; \
         SELECT {ENTRY_FIELDS} FROM manual_hours WHERE account = $me ORDER BY received_at DESC LIMIT 100;"
    );
    let mut answer =
        db.query(sql).bind(("me", scope.account.clone())).bind(("year_start", month_start(year, 1))).await?;
    let sums: Vec<Option<i64>> = answer.take(0)?;
    let lines: Vec<LineRow> = answer.take(1)?;
    let entries: Vec<EntryRow> = answer.take(2)?;
    let sum = |n: usize| sums.get(n).copied().flatten().unwrap_or(0);
    let (total_tenths, year_tenths) = (sum(0), sum(1));
    let (stars, next_star_hours) = star_level(thresholds, total_tenths);
    Ok(MyHours {
        total_tenths,
        year_tenths,
        year,
        stars,
        next_star_hours,
        lines: lines.into_iter().map(line).collect::<Result<_, _>>()?,
        entries: entries.into_iter().map(entry).collect::<Result<_, _>>()?,
    })
}

fn line(row: LineRow) -> Result<HoursLine, AppError> {
    Ok(HoursLine {
        key: key_text(&row.id),
        person_name: row.person_name,
        at: row.at,
        origin: stored(&row.origin, HoursOrigin::parse, "hours origin")?,
        what: row.what.unwrap_or_default(),
        hours_tenths: row.hours_tenths,
        verified_by: row.verified_by,
        reason: row.reason,
        correction: row.correction,
        cancelled: row.cancelled,
    })
}

/// The verified ledger of the caller's area, newest first, for a verifier
/// to find an entry to correct; `person` narrows it to names containing it.
pub async fn ledger(db: &Database, scope: &Scope, person: &str) -> Result<Vec<HoursLine>, AppError> {
    scope.require_any(&VERIFIERS)?;
    let sql = format!(
        "SELECT {LINE_FIELDS} FROM hours_entry WHERE ancestors CONTAINS $root \
             AND ($person = '' OR string::contains(account.name, $person)) ORDER BY at DESC LIMIT 200"
    );
    let rows: Vec<LineRow> = db
        .query(sql)
        .bind(("root", scope.org.clone()))
        .bind(("person", person.trim().to_owned()))
        .await?
        .take(0)?;
    rows.into_iter().map(line).collect()
}

/// Cancels a verified entry with a reason: a new ledger row with the
/// opposite of what the entry's source (its check-ins at one activity, or
/// one manual entry) still counts. Task hours are undone where the task
/// was confirmed. A verifier of the area does it, never for their own hours.
pub async fn cancel(db: &Database, scope: &Scope, key: &str, reason: &str, ip: &str) -> Result<(), AppError> {
    scope.require_any(&VERIFIERS)?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::Invalid(Field::Reason));
    }
    let id = RecordId::new("hours_entry", key.trim());
    let event = audit::Event::new(AuditAction::HoursCancelled).actor(&scope.account).subject(key).ip(ip);
    let event = event.within(std::slice::from_ref(&scope.org));
    let query = db
        .query(CANCEL)
        .bind(("id", id))
        .bind(("me", scope.account.clone()))
        .bind(("root", scope.org.clone()))
        .bind(("reason", reason.to_owned()))
        .bind(("event", event));
    match run_checked(query).await {
        Ok(()) => Ok(()),
        Err(error) if is_thrown(&error, "hours_not_found") => Err(AppError::NotFound),
        Err(error) if is_thrown(&error, "hours_task") => Err(AppError::Invalid(Field::Origin)),
        Err(error) if is_thrown(&error, "hours_state") => Err(AppError::Invalid(Field::Status)),
        Err(error) => Err(error.into()),
    }
}

/// What remains of the entry's source is summed inside the transaction, so
/// two corrections racing cannot both cancel it.
const CANCEL: &str = "BEGIN TRANSACTION; \
    LET $e = (SELECT * FROM $id WHERE ancestors CONTAINS $root AND account != $me)[0]; \
    IF $e = NONE { THROW 'hours_not_found' }; \
    IF $e.origin = 'task' { THROW 'hours_task' }; \
    LET $left = IF $e.origin = 'manual' { \
        math::sum(SELECT VALUE hours_tenths FROM hours_entry WHERE manual = $e.manual) \
    } ELSE { \
        math::sum(SELECT VALUE hours_tenths FROM hours_entry WHERE activity = $e.activity AND account = $e.account) \
    }; \
    IF $e.cancels != NONE OR $left <= 0 { THROW 'hours_state' }; \
    CREATE hours_entry CONTENT { account: $e.account, hours_tenths: 0 - $left, origin: $e.origin, \
        activity: $e.activity, manual: $e.manual, by: $me, ancestors: $e.ancestors, reason: $reason, cancels: $id }; \
    CREATE audit_event CONTENT $event; COMMIT TRANSACTION;";

/// A person's certificate for a period: the verified hours in it, and the
/// star level reached by its end.
pub async fn certificate(
    db: &Database,
    scope: &Scope,
    period: Period,
    thresholds: &[u32],
) -> Result<Certificate, AppError> {
    let (start, end) = period.bounds();
    let mut answer = db
        .query(
            "RETURN [math::sum(SELECT VALUE hours_tenths FROM hours_entry WHERE account = $me \
                 AND at >= time::from_millis($start) AND at < time::from_millis($end)), \
             math::sum(SELECT VALUE hours_tenths FROM hours_entry WHERE account = $me \
                 AND at < time::from_millis($end))]; \
             SELECT VALUE name FROM ONLY $me; \
             (SELECT VALUE name FROM org_node WHERE id IN $me.ancestors AND level IN ['community', 'street'] \
                 ORDER BY level)[0];",
        )
        .bind(("me", scope.account.clone()))
        .bind(("start", start))
        .bind(("end", end))
        .await?;
    let sums: Vec<Option<i64>> = answer.take(0)?;
    let person_name: Option<String> = answer.take(1)?;
    let community_name: Option<String> = answer.take(2)?;
    let sum = |n: usize| sums.get(n).copied().flatten().unwrap_or(0);
    Ok(Certificate {
        person_name: person_name.ok_or(AppError::NotFound)?,
        community_name: community_name.unwrap_or_default(),
        period,
        tenths: sum(0),
        stars: star_level(thresholds, sum(1)).0,
        issued_on: crate::model::time::date(now_millis()),
    })
}

#[derive(Debug, SurrealValue)]
struct NodeRow {
    id: RecordId,
    name: String,
    level: String,
}

#[derive(Debug, SurrealValue)]
struct PersonSum {
    account: RecordId,
    tenths: i64,
}

#[derive(Debug, SurrealValue)]
struct PersonRow {
    id: RecordId,
    name: String,
    ancestors: Vec<RecordId>,
    unit_name: Option<String>,
}

/// The verified hours of `period` for the caller's area: per node of the
/// tree, per reporting unit and per person, each the sum of the ledger
/// rows of the people who belong to it (a person belongs where their
/// account is).
pub async fn totals(db: &Database, scope: &Scope, period: Period) -> Result<HoursTotals, AppError> {
    scope.require_any(&VERIFIERS)?;
    let (start, end) = period.bounds();
    let mut answer = db
        .query(
            "SELECT id, name, level, code FROM org_node WHERE ancestors CONTAINS $root \
                 AND level IN ['street', 'community', 'grid'] ORDER BY code; \
             SELECT account, math::sum(hours_tenths) AS tenths FROM hours_entry \
                 WHERE account.ancestors CONTAINS $root AND at >= time::from_millis($start) \
                 AND at < time::from_millis($end) GROUP BY account;",
        )
        .bind(("root", scope.org.clone()))
        .bind(("start", start))
        .bind(("end", end))
        .await?;
    let nodes: Vec<NodeRow> = answer.take(0)?;
    let sums: Vec<PersonSum> = answer.take(1)?;
    let accounts: Vec<RecordId> = sums.iter().map(|s| s.account.clone()).collect();
    let people: Vec<PersonRow> = db
        .query("SELECT id, name, ancestors, unit.name AS unit_name FROM $accounts")
        .bind(("accounts", accounts))
        .await?
        .take(0)?;
    let by_account: std::collections::HashMap<String, i64> =
        sums.iter().map(|s| (key_text(&s.account), s.tenths)).collect();
    let tenths_of = |person: &PersonRow| by_account.get(&key_text(&person.id)).copied().unwrap_or(0);
    let counted: Vec<(&PersonRow, i64)> =
        people.iter().map(|p| (p, tenths_of(p))).filter(|(_, tenths)| *tenths != 0).collect();
    let areas = nodes
        .into_iter()
        .map(|node| {
            let inside = counted.iter().filter(|(p, _)| p.ancestors.contains(&node.id));
            total(node.name, node.level, inside.map(|(_, tenths)| *tenths))
        })
        .collect();
    Ok(HoursTotals { period, areas, units: unit_totals(&counted), people: person_totals(&counted) })
}

fn total(name: String, kind: String, tenths: impl Iterator<Item = i64>) -> HoursTotal {
    let (sum, volunteers) = tenths.fold((0, 0), |(sum, n), t| (sum + t, n + 1));
    HoursTotal { name, kind, tenths: sum, volunteers }
}

fn unit_totals(counted: &[(&PersonRow, i64)]) -> Vec<HoursTotal> {
    let mut names: Vec<&String> = counted.iter().filter_map(|(p, _)| p.unit_name.as_ref()).collect();
    names.sort();
    names.dedup();
    let mut units: Vec<HoursTotal> = names
        .into_iter()
        .map(|unit| {
            let members = counted.iter().filter(|(p, _)| p.unit_name.as_ref() == Some(unit));
            total(unit.clone(), "unit".into(), members.map(|(_, tenths)| *tenths))
        })
        .collect();
    units.sort_by_key(|unit| std::cmp::Reverse(unit.tenths));
    units
}

fn person_totals(counted: &[(&PersonRow, i64)]) -> Vec<HoursTotal> {
    let mut people: Vec<HoursTotal> = counted
        .iter()
        .map(|(p, tenths)| HoursTotal {
            name: p.name.clone(),
            kind: "person".into(),
            tenths: *tenths,
            volunteers: 1,
        })
        .collect();
    people.sort_by(|a, b| b.tenths.cmp(&a.tenths).then_with(|| a.name.cmp(&b.name)));
    people.truncate(200);
    people
}
