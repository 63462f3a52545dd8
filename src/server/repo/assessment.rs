//! Assessment (考核): the units and in-service members of the caller's
//! area, scored from the period's confirmed tasks and the hours and unit
//! credit ledgers. Secretaries and street admins see every unit of their
//! subtree; a unit's admin sees their own unit and its members.

use super::key_text;
use crate::model::account::Role;
use crate::model::assessment::{Assessment, AssessmentRules, Period, ScoreRow, Subject, Tally};
use crate::model::service_list::LIST_KEEPERS;
use crate::model::AppError;
use crate::server::auth::Scope;
use crate::server::Database;
use std::collections::HashMap;
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, SurrealValue)]
struct UnitRow {
    id: RecordId,
    name: String,
    community_name: String,
}

#[derive(Debug, SurrealValue)]
struct MemberRow {
    id: RecordId,
    public_id: String,
    name: String,
    unit: Option<RecordId>,
    unit_name: Option<String>,
}

#[derive(Debug, SurrealValue)]
struct ConfirmedRow {
    account: RecordId,
    on_time: bool,
}

#[derive(Debug, SurrealValue)]
struct SumRow {
    who: RecordId,
    tenths: i64,
}

#[derive(Debug, SurrealValue)]
struct ListedRow {
    unit: RecordId,
    mobile: String,
}

/// What the caller may assess: the units serving their subtree, counting
/// only the records of that subtree (`Some(area)`), or their own unit,
/// all of it (`None`).
async fn units_in_scope(db: &Database, scope: &Scope) -> Result<(Vec<UnitRow>, Option<RecordId>), AppError> {
    let (filter, bound, area) = if scope.has_any_role(&LIST_KEEPERS) {
        ("ancestors CONTAINS $root", scope.org.clone(), Some(scope.org.clone()))
    } else if scope.has_role(Role::UnitAdmin) {
        ("id = (SELECT VALUE unit FROM ONLY $root)", scope.account.clone(), None)
    } else {
        return Err(AppError::Forbidden);
    };
    let sql = format!(
        "SELECT id, name, community.name AS community_name FROM reporting_unit WHERE {filter} ORDER BY name"
    );
    let units = db.query(sql).bind(("root", bound)).await?.take(0)?;
    Ok((units, area))
}

/// The period's records of `units`, inside `area` when there is one.
fn period_query(area: &Option<RecordId>) -> String {
    let within = if area.is_some() { "AND ancestors CONTAINS $area" } else { "" };
    format!(
        "SELECT id, public_id, name, unit, unit.name AS unit_name FROM account WHERE unit IN $units {within}; \
         SELECT account, (done_at != NONE AND done_at <= task.ends_at) AS on_time FROM task_claim \
             WHERE state = 'confirmed' AND account.unit IN $units {within} \
             AND updated_at >= time::from_millis($start) AND updated_at < time::from_millis($end); \
         SELECT account AS who, math::sum(hours_tenths) AS tenths FROM hours_entry \
             WHERE account.unit IN $units {within} AND at >= time::from_millis($start) AND at < time::from_millis($end) \
             GROUP BY who; \
         SELECT unit AS who, math::sum(hours_tenths) AS tenths FROM unit_credit \
             WHERE unit IN $units {within} AND at >= time::from_millis($start) AND at < time::from_millis($end) \
             GROUP BY who; \
         SELECT unit, mobile FROM unit_member WHERE unit IN $units; \
         SELECT unit, account.mobile AS mobile FROM registration \
             WHERE unit IN $units AND state = 'approved' {within};"
    )
}

/// The ranked tables of `period` for the caller's area.
pub async fn table(
    db: &Database,
    scope: &Scope,
    rules: &AssessmentRules,
    period: Period,
) -> Result<Assessment, AppError> {
    let (units, area) = units_in_scope(db, scope).await?;
    let unit_ids: Vec<RecordId> = units.iter().map(|u| u.id.clone()).collect();
    let (start, end) = period.bounds();
    let mut answer = db
        .query(period_query(&area))
        .bind(("units", unit_ids))
        .bind(("area", area))
        .bind(("start", start))
        .bind(("end", end))
        .await?;
    let members: Vec<MemberRow> = answer.take(0)?;
    let confirmed: Vec<ConfirmedRow> = answer.take(1)?;
    let member_hours: Vec<SumRow> = answer.take(2)?;
    let unit_hours: Vec<SumRow> = answer.take(3)?;
    let listed: Vec<ListedRow> = answer.take(4)?;
    let reported: Vec<ListedRow> = answer.take(5)?;
    let mut tallies = member_tallies(&members, &confirmed, &member_hours);
    let unit_rows = units
        .into_iter()
        .map(|unit| {
            let mut tally = unit_tally(&unit.id, &members, &tallies, &unit_hours);
            (tally.listed, tally.reported) = reported_share(&unit.id, &listed, &reported);
            let key = key_text(&unit.id);
            let names = (unit.name, Some(unit.community_name));
            ranked_row(rules, period, Subject::Unit, (key.clone(), Some(key)), names, tally)
        })
        .collect();
    let member_rows = members
        .into_iter()
        .map(|member| {
            let tally = tallies.remove(&key_text(&member.id)).unwrap_or_default();
            let keys = (member.public_id, member.unit.as_ref().map(key_text));
            ranked_row(rules, period, Subject::Member, keys, (member.name, member.unit_name), tally)
        })
        .collect();
    Ok(Assessment { period, units: ranked(unit_rows), members: ranked(member_rows) })
}

/// How many are on the unit's member list, and how many of them reported
/// in naming the unit (matched by mobile, as the unit admin's page does).
fn reported_share(unit: &RecordId, listed: &[ListedRow], reported: &[ListedRow]) -> (u32, u32) {
    let of_unit = |rows: &[ListedRow]| -> Vec<String> {
        rows.iter().filter(|r| &r.unit == unit).map(|r| r.mobile.clone()).collect()
    };
    let (listed, reported) = (of_unit(listed), of_unit(reported));
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (count(listed.len()), count(listed.iter().filter(|m| reported.contains(m)).count()))
}

fn member_tallies(
    members: &[MemberRow],
    confirmed: &[ConfirmedRow],
    hours: &[SumRow],
) -> HashMap<String, Tally> {
    let mut tallies: HashMap<String, Tally> =
        members.iter().map(|m| (key_text(&m.id), Tally { members: 1, ..Tally::default() })).collect();
    for claim in confirmed {
        if let Some(tally) = tallies.get_mut(&key_text(&claim.account)) {
            tally.tasks += 1;
            tally.on_time += u32::from(claim.on_time);
            tally.active_members = 1;
        }
    }
    for sum in hours {
        if let Some(tally) = tallies.get_mut(&key_text(&sum.who)) {
            tally.hours_tenths = sum.tenths;
        }
    }
    tallies
}

/// A unit's tally: its members' tasks, and its own credit ledger for hours.
fn unit_tally(
    unit: &RecordId,
    members: &[MemberRow],
    tallies: &HashMap<String, Tally>,
    credit: &[SumRow],
) -> Tally {
    let mut tally = members
        .iter()
        .filter(|m| m.unit.as_ref() == Some(unit))
        .filter_map(|m| tallies.get(&key_text(&m.id)))
        .fold(Tally::default(), |sum, one| Tally {
            members: sum.members + 1,
            active_members: sum.active_members + one.active_members,
            tasks: sum.tasks + one.tasks,
            on_time: sum.on_time + one.on_time,
            ..Tally::default()
        });
    tally.hours_tenths = credit.iter().filter(|c| &c.who == unit).map(|c| c.tenths).sum();
    tally
}

fn ranked_row(
    rules: &AssessmentRules,
    period: Period,
    subject: Subject,
    (key, unit_key): (String, Option<String>),
    (name, context): (String, Option<String>),
    tally: Tally,
) -> ScoreRow {
    let (parts, score_tenths) = rules.score(subject, &tally, period);
    ScoreRow { key, name, context, unit_key, tally, parts, score_tenths }
}

/// One unit's row and its members' rows, for its feedback sheet; a unit
/// outside the caller's area is not found.
pub async fn feedback(
    db: &Database,
    scope: &Scope,
    rules: &AssessmentRules,
    period: Period,
    unit_key: &str,
) -> Result<(ScoreRow, Vec<ScoreRow>), AppError> {
    let Assessment { units, members, .. } = table(db, scope, rules, period).await?;
    let unit = units.into_iter().find(|u| u.key == unit_key).ok_or(AppError::NotFound)?;
    let members = members.into_iter().filter(|m| m.unit_key.as_deref() == Some(unit_key)).collect();
    Ok((unit, members))
}

/// Highest score first; equal scores by name, so the order is stable.
fn ranked(mut rows: Vec<ScoreRow>) -> Vec<ScoreRow> {
    rows.sort_by(|a, b| b.score_tenths.cmp(&a.score_tenths).then_with(|| a.name.cmp(&b.name)));
    rows
}
