//! Reading the audit log: street administrators, within their street.

use crate::model::account::Role;
use crate::model::audit::{AuditAction, AuditEntry};
use crate::model::AppError;
use crate::server::auth::Scope;
use crate::server::repo::stored;
use crate::server::Database;
use surrealdb::types::SurrealValue;

const PAGE: i64 = 200;

#[derive(Debug, SurrealValue)]
struct Row {
    at: i64,
    action: String,
    actor: Option<String>,
    subject: Option<String>,
    ip: Option<String>,
}

/// The newest events concerning the caller's subtree.
pub async fn recent(db: &Database, scope: &Scope) -> Result<Vec<AuditEntry>, AppError> {
    if !scope.has_role(Role::StreetAdmin) {
        return Err(AppError::Forbidden);
    }
    let rows: Vec<Row> = db
        .query(
            "SELECT time::millis(at) AS at, at AS sort_at, action, actor.name AS actor, subject, ip \
             FROM audit_event WHERE ancestors CONTAINS $root ORDER BY sort_at DESC LIMIT $page",
        )
        .bind(("root", scope.org.clone()))
        .bind(("page", PAGE))
        .await?
        .take(0)?;
    rows.into_iter().map(entry).collect()
}

fn entry(row: Row) -> Result<AuditEntry, AppError> {
    Ok(AuditEntry {
        at: row.at,
        action: stored(&row.action, AuditAction::parse, "audit action")?,
        actor: row.actor,
        subject: row.subject,
        ip: row.ip,
    })
}
