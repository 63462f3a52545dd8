//! Grid staffing ("1+1+1+N") and reporting units ("1+N") within the
//! caller's subtree.

use super::key_text;
use crate::model::account::{mask_mobile, normalize_mobile, MAX_PERSON_NAME_CHARS};
use crate::model::org::{clean_name, OrgLevel, MAX_NAME_CHARS};
use crate::model::staffing::{Duty, StaffEntry, UnitSummary};
use crate::model::AppError;
use crate::server::auth::{audit, Scope};
use crate::server::repo::tree::{node_in_scope, ScopedNode};
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

/// Everyone's duties in the grids of the caller's area, grid by grid.
pub async fn list(db: &Database, scope: &Scope) -> Result<Vec<StaffEntry>, AppError> {
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

pub struct NewDuty {
    pub grid_code: String,
    pub duty: String,
    pub person_name: String,
    /// Optional: links the duty to the person's account, which must be in scope.
    pub mobile: String,
}

pub async fn add(db: &Database, scope: &Scope, new: NewDuty, ip: &str) -> Result<(), AppError> {
    scope.require_admin()?;
    let duty = Duty::parse(new.duty.trim()).ok_or_else(|| AppError::Invalid("duty".into()))?;
    let person_name = clean_name(&new.person_name, MAX_PERSON_NAME_CHARS)
        .ok_or_else(|| AppError::Invalid("name".into()))?;
    let grid = node_of_level(db, scope, &new.grid_code, OrgLevel::Grid).await?;
    let account = account_in_scope(db, scope, &new.mobile).await?;
    let event =
        audit::Event::new("grid_duty_added").actor(&scope.account).subject(new.grid_code.trim()).ip(ip);
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
    remove_scoped(db, scope, RecordId::new("grid_duty", key), "grid_duty_removed", ip).await
}

async fn node_of_level(
    db: &Database,
    scope: &Scope,
    code: &str,
    level: OrgLevel,
) -> Result<ScopedNode, AppError> {
    let node = node_in_scope(db, scope, code).await?;
    if node.level() == Some(level) {
        Ok(node)
    } else {
        Err(AppError::Invalid("parent".into()))
    }
}

/// An empty field means "no account"; a number must be an account in scope.
async fn account_in_scope(db: &Database, scope: &Scope, mobile: &str) -> Result<Option<RecordId>, AppError> {
    if mobile.trim().is_empty() {
        return Ok(None);
    }
    let mobile = normalize_mobile(mobile).ok_or_else(|| AppError::Invalid("mobile".into()))?;
    let found: Vec<RecordId> = db
        .query("SELECT VALUE id FROM account WHERE mobile = $mobile AND ancestors CONTAINS $root")
        .bind(("mobile", mobile))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    found.into_iter().next().map(Some).ok_or(AppError::NotFound)
}

/// Deletes a record of a scoped table (staffing, units: not append-only) with its audit event.
async fn remove_scoped(
    db: &Database,
    scope: &Scope,
    id: RecordId,
    action: &str,
    ip: &str,
) -> Result<(), AppError> {
    let removed: Vec<Vec<RecordId>> = db
        .query("DELETE $id WHERE ancestors CONTAINS $root RETURN BEFORE")
        .bind(("id", id.clone()))
        .bind(("root", scope.org.clone()))
        .await?
        .take((0, "ancestors"))?;
    let ancestors = removed.into_iter().next().ok_or(AppError::NotFound)?;
    let event = audit::Event::new(action).actor(&scope.account).subject(&key_text(&id)).ip(ip);
    audit::record(db, event.within(&ancestors)).await
}

#[derive(Debug, SurrealValue)]
struct UnitRow {
    id: RecordId,
    name: String,
    community_code: String,
    community_name: String,
    contact_name: Option<String>,
}

pub async fn list_units(db: &Database, scope: &Scope) -> Result<Vec<UnitSummary>, AppError> {
    let rows: Vec<UnitRow> = db
        .query(
            "SELECT id, name, community.code AS community_code, community.name AS community_name, contact_name \
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
    };
    Ok(rows.into_iter().map(unit).collect())
}

pub struct NewUnit {
    pub community_code: String,
    pub name: String,
    pub contact_name: String,
}

pub async fn add_unit(db: &Database, scope: &Scope, new: NewUnit, ip: &str) -> Result<(), AppError> {
    scope.require_admin()?;
    let name = clean_name(&new.name, MAX_NAME_CHARS).ok_or_else(|| AppError::Invalid("name".into()))?;
    let contact_name = clean_name(&new.contact_name, MAX_PERSON_NAME_CHARS);
    let community = node_of_level(db, scope, &new.community_code, OrgLevel::Community).await?;
    let event = audit::Event::new("reporting_unit_added").actor(&scope.account).subject(&name).ip(ip);
    let created = db
        .query(
            "BEGIN TRANSACTION; CREATE reporting_unit CONTENT { name: $name, community: $community, \
             ancestors: $ancestors, contact_name: $contact_name }; CREATE audit_event CONTENT $event; \
             COMMIT TRANSACTION;",
        )
        .bind(("name", name))
        .bind(("community", community.id))
        .bind(("ancestors", community.ancestors.clone()))
        .bind(("contact_name", contact_name))
        .bind(("event", event.within(&community.ancestors)))
        .await?
        .check();
    created.map(drop).map_err(|_| AppError::Invalid("name_taken".into()))
}

pub async fn remove_unit(db: &Database, scope: &Scope, key: &str, ip: &str) -> Result<(), AppError> {
    scope.require_admin()?;
    remove_scoped(db, scope, RecordId::new("reporting_unit", key), "reporting_unit_removed", ip).await
}
