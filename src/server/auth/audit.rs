//! The append-only audit log: who did what, when, from where.

use crate::model::audit::AuditAction;
use crate::model::AppError;
use crate::server::Database;
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, Clone, SurrealValue)]
pub struct Event {
    action: String,
    actor: Option<RecordId>,
    subject: Option<String>,
    ip: Option<String>,
    ancestors: Vec<RecordId>,
}

impl Event {
    pub fn new(action: AuditAction) -> Event {
        Event { action: action.as_str().into(), actor: None, subject: None, ip: None, ancestors: Vec::new() }
    }

    pub fn actor(mut self, account: &RecordId) -> Event {
        self.actor = Some(account.clone());
        self
    }

    /// What the event is about; never an unmasked phone or ID number.
    pub fn subject(mut self, subject: &str) -> Event {
        self.subject = Some(subject.into());
        self
    }

    pub fn ip(mut self, ip: &str) -> Event {
        self.ip = Some(ip.into());
        self
    }

    /// The org nodes whose staff may read this event.
    pub fn within(mut self, ancestors: &[RecordId]) -> Event {
        self.ancestors = ancestors.to_vec();
        self
    }
}

pub async fn record(db: &Database, event: Event) -> Result<(), AppError> {
    db.query("CREATE audit_event CONTENT $event").bind(("event", event)).await?.check()?;
    Ok(())
}

/// Deletes `id` if `filter` (static text naming `$guard`) holds, and
/// records `event` in the same transaction: both happen or neither.
/// Nothing to delete (or another removal first) is "not found".
pub async fn delete_recorded(
    db: &Database,
    id: RecordId,
    (filter, guard): (&'static str, RecordId),
    event: Event,
) -> Result<(), AppError> {
    let sql = format!(
        "BEGIN TRANSACTION; \
         IF array::len(DELETE $id WHERE {filter} RETURN BEFORE) = 0 {{ THROW 'nothing_deleted' }}; \
         CREATE audit_event CONTENT $event; COMMIT TRANSACTION;"
    );
    let query = db.query(sql).bind(("id", id)).bind(("guard", guard)).bind(("event", event));
    match crate::server::error::run_checked(query).await {
        Err(error) if crate::server::error::is_thrown(&error, "nothing_deleted") => Err(AppError::NotFound),
        other => other.map_err(AppError::from),
    }
}
