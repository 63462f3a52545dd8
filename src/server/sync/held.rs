//! Proof of holding (`docs/sync.md`): the phone names what the server once
//! answered `applied`, and learns which of it the server no longer holds,
//! because a storage engine, a restore from backup or an operator lost it.

use crate::model::sync::{is_record_id, HeldCheck, OpKind, MAX_HELD_CHECK};
use crate::model::AppError;
use crate::model::Field;
use crate::server::auth::Scope;
use crate::server::Database;
use std::collections::HashSet;
use surrealdb::types::RecordId;

/// What the caller made, by table: records for creations, the applied
/// operation for changes (a change leaves no record of its own).
const HELD: &str = "
SELECT VALUE record::id(id) FROM $visits WHERE visitor = $account;
SELECT VALUE record::id(id) FROM $issues WHERE created_by = $account;
SELECT VALUE record::id(id) FROM $ops WHERE account = $account;
SELECT VALUE record::id(id) FROM $manual WHERE account = $account;
";

/// The operation ids of `checks` whose effect the server does not hold.
pub async fn not_held(db: &Database, scope: &Scope, checks: Vec<HeldCheck>) -> Result<Vec<String>, AppError> {
    if checks.len() > MAX_HELD_CHECK {
        return Err(AppError::Invalid(Field::Checks));
    }
    if checks.iter().any(|c| !is_record_id(&c.op_id) || !is_record_id(&c.record_id)) {
        return Err(AppError::Invalid(Field::Checks));
    }
    let ids = |kind: OpKind, table: &str, key: fn(&HeldCheck) -> &str| -> Vec<RecordId> {
        checks.iter().filter(|c| c.kind == kind).map(|c| RecordId::new(table, key(c))).collect()
    };
    let mut response = db
        .query(HELD)
        .bind(("visits", ids(OpKind::RecordVisit, "visit", |c| &c.record_id)))
        .bind(("issues", ids(OpKind::ReportIssue, "issue", |c| &c.record_id)))
        .bind(("manual", ids(OpKind::LogHours, "manual_hours", |c| &c.record_id)))
        .bind((
            "ops",
            checks
                .iter()
                .filter(|c| c.kind.is_change())
                .map(|c| RecordId::new("sync_op", c.op_id.as_str()))
                .collect::<Vec<_>>(),
        ))
        .bind(("account", scope.account.clone()))
        .await?;
    let mut held: HashSet<String> = HashSet::new();
    for statement in 0..4 {
        held.extend(response.take::<Vec<String>>(statement)?);
    }
    let key = |c: &HeldCheck| if c.kind.is_change() { c.op_id.clone() } else { c.record_id.clone() };
    Ok(checks.iter().filter(|c| !held.contains(&key(c))).map(|c| c.op_id.clone()).collect())
}
