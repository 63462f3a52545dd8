//! Grid staffing ("1+1+1+N") and reporting units ("1+N") within the
//! caller's subtree.

use super::key_text;
use crate::model::account::Role;
use crate::model::account::{mask_mobile, normalize_mobile, MAX_PERSON_NAME_CHARS};
use crate::model::audit::AuditAction;
use crate::model::org::{clean_name, OrgLevel, MAX_NAME_CHARS};
use crate::model::staffing::{Duty, DutyInput, ServeStep, StaffEntry, UnitInput, UnitSummary};
use crate::model::AppError;
use crate::model::Field;
use crate::server::auth::{audit, Scope};
use crate::server::error::{is_thrown, run_checked, taken_as, thrown_as, UniqueIndex};
use crate::server::repo::tree::node_of_level;
use crate::server::Database;
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, SurrealValue)]
struct StaffRow {
    id: RecordId,
    grid_code: String,
    grid_name: String,
    duty: String,
    person_name: String,
    mobile: Option<String>,
}

/// Everyone's duties in the grids of the caller's area, grid by grid: for
/// administrators (it names people).
pub async fn list(db: &Database, scope: &Scope) -> Result<Vec<StaffEntry>, AppError> {
    scope.require_admin()?;
    let rows: Vec<StaffRow> = db
        .query(
            "SELECT id, grid.code AS grid_code, grid.name AS grid_name, duty, person_name, account.mobile AS mobile, \
             created_at FROM grid_duty WHERE ancestors CONTAINS $root ORDER BY grid_code, created_at LIMIT 2000",
        )
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    let entry = |row: StaffRow| {
        Some(StaffEntry {
            key: key_text(&row.id),
            grid_code: row.grid_code,
            grid_name: row.grid_name,
            duty: Duty::parse(&row.duty)?,
            person_name: row.person_name,
            mobile_masked: row.mobile.as_deref().map(mask_mobile),
        })
    };
    Ok(rows.into_iter().filter_map(entry).collect())
}

pub async fn add(db: &Database, scope: &Scope, new: DutyInput, ip: &str) -> Result<(), AppError> {
    scope.require_admin()?;
    let duty = Duty::parse(new.duty.trim()).ok_or(AppError::Invalid(Field::Duty))?;
    let person_name =
        clean_name(&new.person_name, MAX_PERSON_NAME_CHARS).ok_or(AppError::Invalid(Field::Name))?;
    let grid = node_of_level(db, scope, &new.grid_code, OrgLevel::Grid).await?;
    let account = account_in_scope(db, scope, &new.mobile).await?;
    let event = audit::Event::new(AuditAction::GridDutyAdded)
        .actor(&scope.account)
        .subject(new.grid_code.trim())
        .ip(ip);
    db.query(
        "BEGIN TRANSACTION; CREATE grid_duty CONTENT { grid: $grid, ancestors: $ancestors, duty: $duty, \
         person_name: $person_name, account: $account }; CREATE audit_event CONTENT $event; COMMIT TRANSACTION;",
    )
    .bind(("grid", grid.id))
    .bind(("ancestors", grid.ancestors.clone()))
    .bind(("duty", duty.as_str()))
    .bind(("person_name", person_name))
    .bind(("account", account))
    .bind(("event", event.within(&grid.ancestors)))
    .await?
    .check()?;
    Ok(())
}

pub async fn remove(db: &Database, scope: &Scope, key: &str, ip: &str) -> Result<(), AppError> {
    scope.require_admin()?;
    let duty = (RecordId::new("grid_duty", key), "ancestors CONTAINS $guard");
    remove_scoped(db, scope, duty, AuditAction::GridDutyRemoved, ip).await
}

/// An empty field means "no account"; a number must be an account in scope.
async fn account_in_scope(db: &Database, scope: &Scope, mobile: &str) -> Result<Option<RecordId>, AppError> {
    if mobile.trim().is_empty() {
        return Ok(None);
    }
    let mobile = normalize_mobile(mobile).ok_or(AppError::Invalid(Field::Mobile))?;
    let found: Vec<RecordId> = db
        .query("SELECT VALUE id FROM account WHERE mobile = $mobile AND ancestors CONTAINS $root")
        .bind(("mobile", mobile))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    found.into_iter().next().map(Some).ok_or(AppError::NotFound)
}

/// Deletes a record of a scoped table (staffing, units: not append-only)
/// where `filter` holds for the caller's node, with its audit event in the
/// same transaction.
async fn remove_scoped(
    db: &Database,
    scope: &Scope,
    (id, filter): (RecordId, &'static str),
    action: AuditAction,
    ip: &str,
) -> Result<(), AppError> {
    let sql = format!("SELECT VALUE ancestors FROM $id WHERE {filter}");
    let found: Vec<Vec<RecordId>> =
        db.query(sql).bind(("id", id.clone())).bind(("guard", scope.org.clone())).await?.take(0)?;
    let ancestors = found.into_iter().next().ok_or(AppError::NotFound)?;
    let event = audit::Event::new(action).actor(&scope.account).subject(&key_text(&id)).ip(ip);
    audit::delete_recorded(db, id, (filter, scope.org.clone()), event.within(&ancestors)).await
}

#[derive(Debug, SurrealValue)]
struct UnitRow {
    id: RecordId,
    name: String,
    community_code: String,
    community_name: String,
    contact_name: Option<String>,
    others: Vec<ServedRow>,
}

#[derive(Debug, SurrealValue)]
struct ServedRow {
    code: String,
    name: String,
}

/// The reporting units serving the caller's area: for administrators.
pub async fn list_units(db: &Database, scope: &Scope) -> Result<Vec<UnitSummary>, AppError> {
    scope.require_admin()?;
    let rows: Vec<UnitRow> = db
        .query(
            "SELECT id, name, community.code AS community_code, community.name AS community_name, contact_name, \
             (SELECT code, name FROM org_node WHERE id IN $parent.communities AND id != $parent.community \
                ORDER BY code) AS others \
             FROM reporting_unit WHERE ancestors CONTAINS $root ORDER BY community_code, name LIMIT 2000",
        )
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    let unit = |row: UnitRow| UnitSummary {
        key: key_text(&row.id),
        name: row.name,
        community_code: row.community_code,
        community_name: row.community_name,
        contact_name: row.contact_name,
        also_serves: row.others.into_iter().map(|c| (c.code, c.name)).collect(),
    };
    Ok(rows.into_iter().map(unit).collect())
}

pub async fn add_unit(db: &Database, scope: &Scope, new: UnitInput, ip: &str) -> Result<(), AppError> {
    scope.require_admin()?;
    let name = clean_name(&new.name, MAX_NAME_CHARS).ok_or(AppError::Invalid(Field::Name))?;
    let contact_name = clean_name(&new.contact_name, MAX_PERSON_NAME_CHARS);
    let community = node_of_level(db, scope, &new.community_code, OrgLevel::Community).await?;
    let event =
        audit::Event::new(AuditAction::ReportingUnitAdded).actor(&scope.account).subject(&name).ip(ip);
    let query = db
        .query(
            "BEGIN TRANSACTION; CREATE reporting_unit CONTENT { name: $name, community: $community, \
             communities: [$community], ancestors: $ancestors, contact_name: $contact_name }; \
             CREATE audit_event CONTENT $event; COMMIT TRANSACTION;",
        )
        .bind(("name", name))
        .bind(("community", community.id))
        .bind(("ancestors", community.ancestors.clone()))
        .bind(("contact_name", contact_name))
        .bind(("event", event.within(&community.ancestors)));
    taken_as(run_checked(query).await, UniqueIndex::ReportingUnitName, Field::NameTaken)
}

/// Only where a unit was added (its home community's area) can it be removed.
pub async fn remove_unit(db: &Database, scope: &Scope, key: &str, ip: &str) -> Result<(), AppError> {
    scope.require_admin()?;
    let unit = (RecordId::new("reporting_unit", key), "community.ancestors CONTAINS $guard");
    remove_scoped(db, scope, unit, AuditAction::ReportingUnitRemoved, ip).await
}

/// Recomputes a unit's ancestors from the communities it serves.
const SERVE: &str = "
BEGIN TRANSACTION;
LET $unit = (SELECT community, communities FROM $id WHERE ancestors CONTAINS $root)[0];
IF $unit = NONE { THROW 'unit_not_found' };
IF $step = 'remove' AND $unit.community = $community { THROW 'unit_home' };
LET $communities = IF $step = 'add' { array::union($unit.communities, [$community]) }
    ELSE { array::complement($unit.communities, [$community]) };
LET $ancestors = array::distinct(array::flatten((SELECT VALUE ancestors FROM $communities)));
UPDATE $id SET communities = $communities, ancestors = $ancestors;
CREATE audit_event CONTENT $event;
COMMIT TRANSACTION;
";

/// A street admin has a unit serve one more community of the street, or one less ("1+N").
pub async fn serve(
    db: &Database,
    scope: &Scope,
    (key, community_code, step): (&str, &str, ServeStep),
    ip: &str,
) -> Result<(), AppError> {
    scope.require_any(&[Role::StreetAdmin])?;
    let community = node_of_level(db, scope, community_code, OrgLevel::Community).await?;
    let action = match step {
        ServeStep::Add => AuditAction::UnitCommunityAdded,
        ServeStep::Remove => AuditAction::UnitCommunityRemoved,
    };
    let id = RecordId::new("reporting_unit", key);
    let event = audit::Event::new(action).actor(&scope.account).subject(&key_text(&id)).ip(ip);
    let query = db
        .query(SERVE)
        .bind(("id", id))
        .bind(("root", scope.org.clone()))
        .bind(("step", step.as_str()))
        .bind(("community", community.id))
        .bind(("event", event.within(&community.ancestors)));
    match run_checked(query).await {
        Err(error) if is_thrown(&error, "unit_not_found") => Err(AppError::NotFound),
        other => thrown_as(other, "unit_home", Field::HomeCommunity),
    }
}
