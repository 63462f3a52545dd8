//! Reporting in (报到): registrations of in-service party members with
//! their community, the secretary's decisions, the units' member lists and
//! the quarterly status of members and units, kept as history.

use super::{key_text, stored};
use crate::model::account::{mask_mobile, normalize_mobile, Role, MAX_PERSON_NAME_CHARS};
use crate::model::assessment::Period;
use crate::model::audit::AuditAction;
use crate::model::org::clean_name;
use crate::model::reporting::{
    decision_reason, Decision, MyReporting, Registration, RegistrationInput, RegistrationState, ReportStatus,
    StatusEntry, UnitChoice, UnitMember, UnitMemberInput, UnitRoster, MAX_POSITION_CHARS, REGISTRANTS,
};
use crate::model::service_list::LIST_KEEPERS;
use crate::model::{AppError, Field};
use crate::server::auth::{audit, Scope};
use crate::server::error::{is_duplicate_record, run_checked, taken_as, thrown_as, UniqueIndex};
use crate::server::sync::now_millis;
use crate::server::Database;
use std::collections::{HashMap, HashSet};
use surrealdb::types::{RecordId, SurrealValue};

const MAX_LISTED: i64 = 300;

#[derive(Debug, SurrealValue)]
struct HomeRow {
    community: RecordId,
    ancestors: Vec<RecordId>,
}

/// The community a registrant lives in: their account's own community.
async fn home_community(db: &Database, scope: &Scope) -> Result<HomeRow, AppError> {
    let found: Vec<HomeRow> = db
        .query(
            "SELECT id AS community, ancestors FROM org_node \
             WHERE id IN (SELECT VALUE ancestors FROM ONLY $account) AND level = 'community' LIMIT 1",
        )
        .bind(("account", scope.account.clone()))
        .await?
        .take(0)?;
    found.into_iter().next().ok_or(AppError::Forbidden)
}

#[derive(Debug, SurrealValue)]
struct UnitChoiceRow {
    id: RecordId,
    name: String,
}

/// The reporting units of the registrant's street, to name as a workplace.
pub async fn unit_choices(db: &Database, scope: &Scope) -> Result<Vec<UnitChoice>, AppError> {
    scope.require_any(&REGISTRANTS)?;
    let home = home_community(db, scope).await?;
    let rows: Vec<UnitChoiceRow> = db
        .query("SELECT id, name FROM reporting_unit WHERE ancestors CONTAINS $street ORDER BY name LIMIT 500")
        .bind(("street", home.ancestors[0].clone()))
        .await?
        .take(0)?;
    Ok(rows.into_iter().map(|row| UnitChoice { key: key_text(&row.id), name: row.name }).collect())
}

/// A member reports in with their community; returns the registration's key.
pub async fn register(
    db: &Database,
    scope: &Scope,
    input: RegistrationInput,
    ip: &str,
) -> Result<String, AppError> {
    scope.require_any(&REGISTRANTS)?;
    let form = input.check()?;
    let home = home_community(db, scope).await?;
    let unit = RecordId::new("reporting_unit", form.unit_key.as_str());
    let mut answer = db
        .query(
            "SELECT VALUE id FROM $unit WHERE ancestors CONTAINS $street; \
             SELECT VALUE state FROM registration WHERE account = $account AND community = $community;",
        )
        .bind(("unit", unit.clone()))
        .bind(("street", home.ancestors[0].clone()))
        .bind(("account", scope.account.clone()))
        .bind(("community", home.community.clone()))
        .await?;
    let unit_found: Vec<RecordId> = answer.take(0)?;
    let earlier: Vec<String> = answer.take(1)?;
    if unit_found.is_empty() {
        return Err(AppError::NotFound);
    }
    if earlier.iter().any(|state| state != RegistrationState::Declined.as_str()) {
        return Err(AppError::Invalid(Field::Registered));
    }
    // One key per attempt: two sends of the same form make one registration.
    let key = format!("{}-{}-{}", scope.account_ref, key_text(&home.community), earlier.len());
    let id = RecordId::new("registration", key.as_str());
    let event = audit::Event::new(AuditAction::MemberReportedIn)
        .actor(&scope.account)
        .subject(&key)
        .ip(ip)
        .within(&home.ancestors);
    let query = db
        .query(
            "BEGIN TRANSACTION; CREATE $id CONTENT { account: $account, community: $community, ancestors: $ancestors, \
             unit: $unit, skills: $skills, offer: $offer, times: $times, state: 'pending' }; \
             CREATE audit_event CONTENT $event; COMMIT TRANSACTION;",
        )
        .bind(("id", id))
        .bind(("account", scope.account.clone()))
        .bind(("community", home.community))
        .bind(("ancestors", home.ancestors))
        .bind(("unit", unit))
        .bind(("skills", form.skills))
        .bind(("offer", form.offer))
        .bind(("times", form.times))
        .bind(("event", event));
    match run_checked(query).await {
        Ok(()) => Ok(key),
        Err(error) if is_duplicate_record(&error) => Err(AppError::Invalid(Field::Registered)),
        Err(error) => Err(error.into()),
    }
}

#[derive(Debug, SurrealValue)]
struct RegistrationRow {
    id: RecordId,
    account: RecordId,
    mobile: String,
    member_name: String,
    community_name: String,
    unit_name: String,
    skills: String,
    offer: String,
    times: String,
    state: String,
    reason: Option<String>,
    created_at: i64,
    decided_at: Option<i64>,
}

const REGISTRATION_FIELDS: &str = "id, account, account.mobile AS mobile, account.name AS member_name, \
    community.name AS community_name, unit.name AS unit_name, skills, offer, times, state, reason, \
    time::millis(created_at) AS created_at, \
    IF decided_at = NONE { NONE } ELSE { time::millis(decided_at) } AS decided_at";

fn registrations(rows: Vec<RegistrationRow>) -> Result<Vec<Registration>, AppError> {
    rows.into_iter().map(registration).collect()
}

fn registration(row: RegistrationRow) -> Result<Registration, AppError> {
    Ok(Registration {
        key: key_text(&row.id),
        member_name: row.member_name,
        community_name: row.community_name,
        unit_name: row.unit_name,
        skills: row.skills,
        offer: row.offer,
        times: row.times,
        state: stored(&row.state, RegistrationState::parse, "registration state")?,
        reason: row.reason,
        created_at: row.created_at,
        decided_at: row.decided_at,
    })
}

#[derive(Debug, SurrealValue)]
struct StatusRow {
    subject_name: String,
    community_name: String,
    period: String,
    status: String,
    at: i64,
}

const STATUS_FIELDS: &str =
    "subject.name AS subject_name, community.name AS community_name, period, status, \
    time::millis(at) AS at";

fn status_entries(rows: Vec<StatusRow>) -> Result<Vec<StatusEntry>, AppError> {
    rows.into_iter().map(status_entry).collect()
}

fn status_entry(row: StatusRow) -> Result<StatusEntry, AppError> {
    Ok(StatusEntry {
        subject_name: row.subject_name,
        community_name: row.community_name,
        period: row.period,
        status: stored(&row.status, ReportStatus::parse, "report status")?,
        at: row.at,
    })
}

/// The caller's own registrations and status history, newest first.
pub async fn mine(db: &Database, scope: &Scope) -> Result<MyReporting, AppError> {
    scope.require_any(&REGISTRANTS)?;
    let sql = format!(
        "SELECT {REGISTRATION_FIELDS} FROM registration WHERE account = $account ORDER BY created_at DESC LIMIT 50; \
         SELECT {STATUS_FIELDS} FROM report_status WHERE subject = $account ORDER BY at DESC LIMIT 50;"
    );
    let mut answer = db.query(sql).bind(("account", scope.account.clone())).await?;
    Ok(MyReporting {
        registrations: registrations(answer.take(0)?)?,
        history: status_entries(answer.take(1)?)?,
    })
}

/// Registrations of the caller's area: waiting ones first (oldest first),
/// then the latest decisions.
pub async fn queue(db: &Database, scope: &Scope) -> Result<Vec<Registration>, AppError> {
    scope.require_any(&LIST_KEEPERS)?;
    let sql = format!(
        "SELECT {REGISTRATION_FIELDS} FROM registration WHERE ancestors CONTAINS $root AND state = 'pending' \
             ORDER BY created_at LIMIT $limit; \
         SELECT {REGISTRATION_FIELDS} FROM registration WHERE ancestors CONTAINS $root AND state != 'pending' \
             ORDER BY decided_at DESC LIMIT 50;"
    );
    let mut answer = db.query(sql).bind(("root", scope.org.clone())).bind(("limit", MAX_LISTED)).await?;
    let mut rows: Vec<RegistrationRow> = answer.take(0)?;
    rows.extend(answer.take::<Vec<RegistrationRow>>(1)?);
    registrations(rows)
}

/// Approves a waiting registration (the member's workplace becomes their
/// account's unit; the member, and the unit if it is new to the community
/// this quarter, are "reported") or declines it with a reason.
const APPROVE: &str = "BEGIN TRANSACTION; \
    LET $r = (SELECT account, community, ancestors, unit, state FROM ONLY $id); \
    IF $r.state != 'pending' { THROW 'registration_state' }; \
    UPDATE $id SET state = 'approved', decided_by = $by, decided_at = time::now(); \
    UPDATE $r.account SET unit = $r.unit; \
    CREATE report_status CONTENT { subject: $r.account, community: $r.community, ancestors: $r.ancestors, \
        period: $period, status: 'reported', by: $by }; \
    IF array::len(SELECT id FROM report_status WHERE subject = $r.unit AND period = $period \
        AND community = $r.community) = 0 { \
        CREATE report_status CONTENT { subject: $r.unit, community: $r.community, ancestors: $r.ancestors, \
            period: $period, status: 'reported', by: $by } }; \
    CREATE audit_event CONTENT $event; COMMIT TRANSACTION;";

const DECLINE: &str = "BEGIN TRANSACTION; \
    IF (SELECT VALUE state FROM ONLY $id) != 'pending' { THROW 'registration_state' }; \
    UPDATE $id SET state = 'declined', reason = $reason, decided_by = $by, decided_at = time::now(); \
    CREATE audit_event CONTENT $event; COMMIT TRANSACTION;";

pub async fn decide(
    db: &Database,
    scope: &Scope,
    key: &str,
    decision: Decision,
    reason: &str,
    ip: &str,
) -> Result<(), AppError> {
    scope.require_any(&LIST_KEEPERS)?;
    let reason = decision_reason(decision, reason)?;
    let id = RecordId::new("registration", key);
    let ancestors = super::ancestors_in_scope(db, scope, &id).await?;
    let (statement, action) = match decision {
        Decision::Approve => (APPROVE, AuditAction::RegistrationApproved),
        Decision::Decline => (DECLINE, AuditAction::RegistrationDeclined),
    };
    let event = audit::Event::new(action).actor(&scope.account).subject(key).ip(ip).within(&ancestors);
    let query = db
        .query(statement)
        .bind(("id", id))
        .bind(("by", scope.account.clone()))
        .bind(("reason", reason))
        .bind(("period", Period::quarter_of(now_millis()).code()))
        .bind(("event", event));
    thrown_as(run_checked(query).await, "registration_state", Field::Status)
}

#[derive(Debug, SurrealValue)]
struct ApprovedRow {
    account: RecordId,
    community: RecordId,
    ancestors: Vec<RecordId>,
    unit: RecordId,
}

#[derive(Debug, SurrealValue)]
struct NewStatus {
    subject: RecordId,
    community: RecordId,
    ancestors: Vec<RecordId>,
    period: String,
    status: String,
    by: RecordId,
}

/// Records, for a quarter that has begun, every approved member of the
/// caller's area as active (a confirmed task in the quarter) or inactive,
/// and each unit per community as active when one of its members was.
/// Earlier rows stay: the history shows each recording. Returns the rows added.
pub async fn record_quarter(db: &Database, scope: &Scope, period: &str, ip: &str) -> Result<u32, AppError> {
    scope.require_any(&LIST_KEEPERS)?;
    let period =
        Period::parse(period).filter(|p| p.quarter.is_some()).ok_or(AppError::Invalid(Field::Period))?;
    let (start, end) = period.bounds();
    if start > now_millis() {
        return Err(AppError::Invalid(Field::Period));
    }
    let mut answer = db
        .query(
            "SELECT account, community, ancestors, unit FROM registration \
                 WHERE ancestors CONTAINS $root AND state = 'approved'; \
             SELECT VALUE ancestors FROM ONLY $root; \
             SELECT account, account.unit AS unit, task.community AS community FROM task_claim \
                 WHERE ancestors CONTAINS $root AND state = 'confirmed' \
                 AND updated_at >= time::from_millis($start) AND updated_at < time::from_millis($end);",
        )
        .bind(("root", scope.org.clone()))
        .bind(("start", start))
        .bind(("end", end))
        .await?;
    let approved: Vec<ApprovedRow> = answer.take(0)?;
    let area: Vec<RecordId> = answer.take(1)?;
    let served: Vec<ServedRow> = answer.take(2)?;
    let rows = quarter_rows(&approved, &served, &period.code(), &scope.account);
    let added = rows.len() as u32;
    let event = audit::Event::new(AuditAction::QuarterStatusRecorded)
        .actor(&scope.account)
        .subject(&period.code())
        .ip(ip);
    let query = db
        .query("BEGIN TRANSACTION; INSERT INTO report_status $rows; CREATE audit_event CONTENT $event; COMMIT TRANSACTION;")
        .bind(("rows", rows))
        .bind(("event", event.within(&area)));
    run_checked(query).await?;
    Ok(added)
}

#[derive(Debug, SurrealValue)]
struct ServedRow {
    account: RecordId,
    unit: Option<RecordId>,
    community: RecordId,
}

/// A member is active with a confirmed task in the quarter; a unit, in a
/// community, when one of its people (the account's unit) had one there.
fn quarter_rows(
    approved: &[ApprovedRow],
    served: &[ServedRow],
    period: &str,
    by: &RecordId,
) -> Vec<NewStatus> {
    // Keyed by text: clippy counts `RecordId` as a mutable key type.
    let members: HashSet<String> = served.iter().map(|s| key_text(&s.account)).collect();
    let units: HashSet<(String, String)> =
        served.iter().filter_map(|s| Some((key_text(s.unit.as_ref()?), key_text(&s.community)))).collect();
    let row_of = |subject: RecordId, community: RecordId, ancestors: Vec<RecordId>, active: bool| {
        let status = if active { ReportStatus::Active } else { ReportStatus::Inactive };
        NewStatus {
            subject,
            community,
            ancestors,
            period: period.to_owned(),
            status: status.as_str().into(),
            by: by.clone(),
        }
    };
    let mut rows = Vec::new();
    let mut reported_units: HashMap<(String, String), (RecordId, RecordId, Vec<RecordId>)> = HashMap::new();
    for row in approved {
        let active = members.contains(&key_text(&row.account));
        rows.push(row_of(row.account.clone(), row.community.clone(), row.ancestors.clone(), active));
        reported_units
            .entry((key_text(&row.unit), key_text(&row.community)))
            .or_insert_with(|| (row.unit.clone(), row.community.clone(), row.ancestors.clone()));
    }
    for (key, (unit, community, ancestors)) in reported_units {
        rows.push(row_of(unit, community, ancestors, units.contains(&key)));
    }
    rows
}

/// The status history of the caller's area, newest first.
pub async fn history(db: &Database, scope: &Scope) -> Result<Vec<StatusEntry>, AppError> {
    scope.require_any(&LIST_KEEPERS)?;
    let sql = format!(
        "SELECT {STATUS_FIELDS} FROM report_status WHERE ancestors CONTAINS $root ORDER BY at DESC LIMIT 200"
    );
    status_entries(db.query(sql).bind(("root", scope.org.clone())).await?.take(0)?)
}

#[derive(Debug, SurrealValue)]
struct OwnUnit {
    id: RecordId,
    name: String,
    ancestors: Vec<RecordId>,
}

/// The unit whose admin the caller is.
async fn own_unit(db: &Database, scope: &Scope) -> Result<OwnUnit, AppError> {
    scope.require_any(&[Role::UnitAdmin])?;
    let unit: Option<RecordId> = db
        .query("SELECT VALUE unit FROM ONLY $account")
        .bind(("account", scope.account.clone()))
        .await?
        .take(0)?;
    let unit = unit.ok_or(AppError::NotFound)?;
    let found: Option<OwnUnit> =
        db.query("SELECT id, name, ancestors FROM ONLY $unit").bind(("unit", unit)).await?.take(0)?;
    found.ok_or(AppError::NotFound)
}

#[derive(Debug, SurrealValue)]
struct MemberRow {
    id: RecordId,
    name: String,
    mobile: String,
    position: Option<String>,
}

#[derive(Debug, SurrealValue)]
struct AccountStatus {
    subject: RecordId,
    status: String,
}

#[derive(Debug, SurrealValue)]
struct HoursRow {
    who: RecordId,
    tenths: i64,
}

/// The unit admin's page: the unit's member list with each person's
/// registration, status this quarter and hours this year; the
/// registrations naming the unit; the status history of the unit and its members.
pub async fn roster(db: &Database, scope: &Scope) -> Result<UnitRoster, AppError> {
    let unit = own_unit(db, scope).await?;
    let sql = format!(
        "SELECT id, name, mobile, position, created_at FROM unit_member WHERE unit = $unit ORDER BY created_at LIMIT 2000; \
         SELECT {REGISTRATION_FIELDS} FROM registration WHERE unit = $unit ORDER BY created_at DESC LIMIT $limit;"
    );
    let mut answer = db.query(sql).bind(("unit", unit.id.clone())).bind(("limit", MAX_LISTED)).await?;
    let members: Vec<MemberRow> = answer.take(0)?;
    let rows: Vec<RegistrationRow> = answer.take(1)?;
    let accounts: Vec<RecordId> = rows.iter().map(|r| r.account.clone()).collect();
    let (year, _) = crate::model::time::year_month(now_millis());
    let sql = format!(
        "SELECT subject, status, at FROM report_status WHERE subject IN $accounts AND period = $period ORDER BY at DESC; \
         SELECT account AS who, math::sum(hours_tenths) AS tenths FROM hours_entry WHERE account IN $accounts \
             AND at >= time::from_millis($year_start) GROUP BY who; \
         SELECT {STATUS_FIELDS} FROM report_status WHERE subject = $unit OR subject IN $accounts ORDER BY at DESC LIMIT 100;"
    );
    let mut answer = db
        .query(sql)
        .bind(("accounts", accounts))
        .bind(("unit", unit.id))
        .bind(("period", Period::quarter_of(now_millis()).code()))
        .bind(("year_start", crate::model::time::month_start(year, 1)))
        .await?;
    let statuses: Vec<AccountStatus> = answer.take(0)?;
    let hours: Vec<HoursRow> = answer.take(1)?;
    let history: Vec<StatusRow> = answer.take(2)?;
    let members = members
        .into_iter()
        .map(|member| unit_member(member, &rows, &statuses, &hours))
        .collect::<Result<_, _>>()?;
    Ok(UnitRoster {
        unit_name: unit.name,
        members,
        registrations: registrations(rows)?,
        history: status_entries(history)?,
    })
}

/// A line of the member list, matched to the person's newest registration by mobile.
fn unit_member(
    member: MemberRow,
    registrations: &[RegistrationRow],
    statuses: &[AccountStatus],
    hours: &[HoursRow],
) -> Result<UnitMember, AppError> {
    let newest = registrations.iter().find(|r| r.mobile == member.mobile);
    let account = newest.map(|r| &r.account);
    let status = statuses.iter().find(|s| Some(&s.subject) == account);
    Ok(UnitMember {
        key: key_text(&member.id),
        name: member.name,
        mobile_masked: mask_mobile(&member.mobile),
        position: member.position,
        registration: newest
            .map(|r| stored(&r.state, RegistrationState::parse, "registration state"))
            .transpose()?,
        status: status.map(|s| stored(&s.status, ReportStatus::parse, "report status")).transpose()?,
        hours_tenths: hours.iter().filter(|h| Some(&h.who) == account).map(|h| h.tenths).sum(),
    })
}

pub async fn add_member(
    db: &Database,
    scope: &Scope,
    input: UnitMemberInput,
    ip: &str,
) -> Result<(), AppError> {
    let unit = own_unit(db, scope).await?;
    let name = clean_name(&input.name, MAX_PERSON_NAME_CHARS).ok_or(AppError::Invalid(Field::Name))?;
    let mobile = normalize_mobile(&input.mobile).ok_or(AppError::Invalid(Field::Mobile))?;
    let position = match input.position.trim() {
        "" => None,
        text => Some(clean_name(text, MAX_POSITION_CHARS).ok_or(AppError::Invalid(Field::Position))?),
    };
    let event = audit::Event::new(AuditAction::UnitMemberAdded)
        .actor(&scope.account)
        .subject(&mask_mobile(&mobile))
        .ip(ip)
        .within(&unit.ancestors);
    let query = db
        .query(
            "BEGIN TRANSACTION; CREATE unit_member CONTENT { unit: $unit, ancestors: $ancestors, name: $name, \
             mobile: $mobile, position: $position }; CREATE audit_event CONTENT $event; COMMIT TRANSACTION;",
        )
        .bind(("unit", unit.id))
        .bind(("ancestors", unit.ancestors))
        .bind(("name", name))
        .bind(("mobile", mobile))
        .bind(("position", position))
        .bind(("event", event));
    taken_as(run_checked(query).await, UniqueIndex::UnitMemberMobile, Field::MobileTaken)
}

pub async fn remove_member(db: &Database, scope: &Scope, key: &str, ip: &str) -> Result<(), AppError> {
    let unit = own_unit(db, scope).await?;
    let event = audit::Event::new(AuditAction::UnitMemberRemoved)
        .actor(&scope.account)
        .subject(key)
        .ip(ip)
        .within(&unit.ancestors);
    let member = RecordId::new("unit_member", key);
    audit::delete_recorded(db, member, ("unit = $guard", unit.id), event).await
}
