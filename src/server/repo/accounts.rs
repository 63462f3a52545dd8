//! Accounts as administrators see them, always within the caller's scope:
//! an account outside it is "not found", never "forbidden".

use crate::model::account::{mask_mobile, AccountSummary, Role};
use crate::model::AppError;
use crate::server::auth::{audit, session, Scope};
use crate::server::Database;
use surrealdb::types::{RecordId, RecordIdKey, SurrealValue};

#[derive(Debug, SurrealValue)]
struct Row {
    id: RecordId,
    name: String,
    mobile: String,
    roles: Vec<String>,
    org_name: String,
    active: bool,
    ancestors: Vec<RecordId>,
}

fn require_admin(scope: &Scope) -> Result<(), AppError> {
    let admin = Role::ALL.into_iter().any(|role| role.administers_accounts() && scope.has_role(role));
    admin.then_some(()).ok_or(AppError::Forbidden)
}

pub async fn list(db: &Database, scope: &Scope) -> Result<Vec<AccountSummary>, AppError> {
    require_admin(scope)?;
    let rows: Vec<Row> = db
        .query(
            "SELECT id, name, mobile, roles, org.name AS org_name, active, ancestors FROM account \
             WHERE ancestors CONTAINS $root ORDER BY mobile LIMIT 500",
        )
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    Ok(rows.into_iter().map(summary).collect())
}

/// Deactivating ends the account's sessions at once.
pub async fn set_active(
    db: &Database,
    scope: &Scope,
    key: &str,
    active: bool,
    ip: &str,
) -> Result<(), AppError> {
    require_admin(scope)?;
    let id = RecordId::new("account", key);
    if id == scope.account && !active {
        return Err(AppError::Invalid("cannot deactivate yourself".into()));
    }
    let changed: Vec<Row> = db
        .query(
            "UPDATE account SET active = $active WHERE id = $id AND ancestors CONTAINS $root \
             RETURN id, name, mobile, roles, org.name AS org_name, active, ancestors",
        )
        .bind(("active", active))
        .bind(("id", id.clone()))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    let Some(row) = changed.into_iter().next() else { return Err(AppError::NotFound) };
    if !active {
        session::end_all(db, &id).await?;
    }
    let action = if active { "account_activated" } else { "account_deactivated" };
    let event = audit::Event::new(action).actor(&scope.account).subject(&mask_mobile(&row.mobile)).ip(ip);
    audit::record(db, event.within(&row.ancestors)).await
}

fn summary(row: Row) -> AccountSummary {
    AccountSummary {
        key: key_text(&row.id),
        name: row.name,
        mobile_masked: mask_mobile(&row.mobile),
        roles: row.roles.iter().filter_map(|r| Role::parse(r)).collect(),
        org_name: row.org_name,
        active: row.active,
    }
}

fn key_text(id: &RecordId) -> String {
    match &id.key {
        RecordIdKey::String(key) => key.clone(),
        RecordIdKey::Number(key) => key.to_string(),
        _ => String::new(),
    }
}
