//! Households within the caller's scope. Contacts are masked in every list;
//! the full phone and ID number only through [`reveal`], which is audited
//! and open to the roles that visit households.

use super::key_text;
use crate::model::account::{mask_mobile, Role};
use crate::model::household::{mask_id_number, FullContact, HouseholdSummary};
use crate::model::AppError;
use crate::server::auth::{audit, Scope};
use crate::server::Database;
use surrealdb::types::{RecordId, SurrealValue};

const PAGE: i64 = 300;

#[derive(Debug, SurrealValue)]
struct Row {
    id: RecordId,
    building: String,
    unit: String,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    id_number: Option<String>,
}

pub async fn list(db: &Database, scope: &Scope) -> Result<Vec<HouseholdSummary>, AppError> {
    let rows: Vec<Row> = db
        .query(
            "SELECT id, building.name AS building, building.code AS building_code, unit, contact_name, \
             contact_phone, id_number FROM household WHERE ancestors CONTAINS $root \
             ORDER BY building_code, unit LIMIT $page",
        )
        .bind(("root", scope.org.clone()))
        .bind(("page", PAGE))
        .await?
        .take(0)?;
    Ok(rows.into_iter().map(summary).collect())
}

fn summary(row: Row) -> HouseholdSummary {
    HouseholdSummary {
        key: key_text(&row.id),
        building: row.building,
        unit: row.unit,
        contact_name: row.contact_name,
        phone_masked: row.contact_phone.as_deref().map(mask_mobile),
        id_masked: row.id_number.as_deref().map(mask_id_number),
    }
}

/// Roles whose work needs a resident's whole number.
pub fn may_reveal(scope: &Scope) -> bool {
    [Role::GridWorker, Role::BuildingLeader, Role::Secretary].into_iter().any(|role| scope.has_role(role))
}

#[derive(Debug, SurrealValue)]
struct Contact {
    contact_phone: Option<String>,
    id_number: Option<String>,
    ancestors: Vec<RecordId>,
}

pub async fn reveal(db: &Database, scope: &Scope, key: &str, ip: &str) -> Result<FullContact, AppError> {
    if !may_reveal(scope) {
        return Err(AppError::Forbidden);
    }
    let found: Vec<Contact> = db
        .query("SELECT contact_phone, id_number, ancestors FROM household WHERE id = $id AND ancestors CONTAINS $root")
        .bind(("id", RecordId::new("household", key)))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    let contact = found.into_iter().next().ok_or(AppError::NotFound)?;
    let event = audit::Event::new("personal_data_revealed")
        .actor(&scope.account)
        .subject(&format!("household {key}"))
        .ip(ip)
        .within(&contact.ancestors);
    audit::record(db, event).await?;
    Ok(FullContact { phone: contact.contact_phone, id_number: contact.id_number })
}
