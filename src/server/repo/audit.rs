//! Reading the audit log: street administrators, within their street.

use crate::model::account::Role;
use crate::model::audit::AuditEntry;
use crate::model::AppError;
use crate::server::auth::Scope;
use crate::server::Database;
use surrealdb::types::SurrealValue;

const PAGE: i64 = 200;

#[derive(Debug, SurrealValue)]
struct Row {
    at: String,
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
            "SELECT <string> at AS at, action, actor.name AS actor, subject, ip FROM audit_event \
             WHERE ancestors CONTAINS $root ORDER BY at DESC LIMIT $page",
        )
        .bind(("root", scope.org.clone()))
        .bind(("page", PAGE))
        .await?
        .take(0)?;
    Ok(rows
        .into_iter()
        .map(|row| AuditEntry {
            at: row.at,
            action: row.action,
            actor: row.actor,
            subject: row.subject,
            ip: row.ip,
        })
        .collect())
}
