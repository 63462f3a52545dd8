//! Database access, one file per feature. Functions take the database
//! handle (and, from the accounts issue on, the caller's scope) and return
//! shared model types, never `surrealdb` types.

use crate::model::AppError;
use crate::server::auth::Scope;
use crate::server::Database;
use surrealdb::types::{RecordId, RecordIdKey};

pub mod accounts;
pub mod activities;
pub mod assessment;
pub mod audit;
pub mod export;
pub mod hours;
pub mod households;
pub mod import;
pub mod issues;
pub mod need_matches;
pub mod org;
pub mod photos;
pub mod pull;
pub mod reporting;
pub mod roster;
pub mod service_lists;
pub mod staffing;
pub mod tasks;
pub mod teams;
pub mod tree;
pub mod visits;

/// The key of a record id as plain text, for the browser to send back
/// (the server checks scope again whenever it comes back).
fn key_text(id: &RecordId) -> String {
    match &id.key {
        RecordIdKey::String(key) => key.clone(),
        RecordIdKey::Number(key) => key.to_string(),
        _ => String::new(),
    }
}

/// A name this code stored, read back: one it does not know means the
/// database holds something it never wrote. Logged, and an error, never a
/// default.
pub fn stored<T>(text: &str, parse: fn(&str) -> Option<T>, what: &'static str) -> Result<T, AppError> {
    parse(text).ok_or_else(|| {
        tracing::error!(value = text, what, "unknown value in the database");
        AppError::Internal
    })
}

/// The ancestors of record `id` when it lies in the caller's area; a record
/// outside it is not found.
async fn ancestors_in_scope(db: &Database, scope: &Scope, id: &RecordId) -> Result<Vec<RecordId>, AppError> {
    let found: Vec<Vec<RecordId>> = db
        .query("SELECT VALUE ancestors FROM $id WHERE ancestors CONTAINS $root")
        .bind(("id", id.clone()))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    found.into_iter().next().ok_or(AppError::NotFound)
}
