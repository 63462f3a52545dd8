//! Needs matched to the resources that can answer them (issue 11): a list
//! keeper pairs a need that is not closed with a published resource of
//! the same community, or undoes the pair. Matching twice is one match.

use super::{key_text, stored};
use crate::model::audit::AuditAction;
use crate::model::service_list::{ItemStatus, ListKind, MatchStep, LIST_KEEPERS};
use crate::model::{AppError, Field};
use crate::server::auth::{audit, Scope};
use crate::server::error::{run_checked, violates, UniqueIndex};
use crate::server::Database;
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, SurrealValue)]
struct Item {
    id: RecordId,
    kind: String,
    status: String,
    community: RecordId,
    ancestors: Vec<RecordId>,
}

/// The item `key` of the caller's area.
async fn item_in_scope(db: &Database, scope: &Scope, key: &str) -> Result<Item, AppError> {
    let found: Vec<Item> = db
        .query("SELECT id, kind, status, community, ancestors FROM $id WHERE ancestors CONTAINS $root")
        .bind(("id", RecordId::new("service_item", key)))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    found.into_iter().next().ok_or(AppError::NotFound)
}

fn is(item: &Item, kind: ListKind) -> Result<bool, AppError> {
    Ok(stored(&item.kind, ListKind::parse, "list kind")? == kind)
}

fn status(item: &Item) -> Result<ItemStatus, AppError> {
    stored(&item.status, ItemStatus::parse, "item status")
}

pub async fn set_match(
    db: &Database,
    scope: &Scope,
    need_key: &str,
    resource_key: &str,
    step: MatchStep,
    ip: &str,
) -> Result<(), AppError> {
    scope.require_any(&LIST_KEEPERS)?;
    let need = item_in_scope(db, scope, need_key).await?;
    if !is(&need, ListKind::Need)? {
        return Err(AppError::NotFound);
    }
    if step == MatchStep::Remove {
        return remove(db, scope, &need, resource_key, ip).await;
    }
    if status(&need)? == ItemStatus::Closed {
        return Err(AppError::Invalid(Field::Status));
    }
    let resource = item_in_scope(db, scope, resource_key).await?;
    let usable = is(&resource, ListKind::Resource)?
        && status(&resource)? == ItemStatus::Published
        && resource.community == need.community;
    if !usable {
        return Err(AppError::Invalid(Field::Resource));
    }
    let event = event(scope, &need, ip);
    let query = db
        .query(
            "BEGIN TRANSACTION; CREATE need_match CONTENT { need: $need, resource: $resource, \
             ancestors: $ancestors, by: $by }; CREATE audit_event CONTENT $event; COMMIT TRANSACTION;",
        )
        .bind(("need", need.id))
        .bind(("resource", resource.id))
        .bind(("ancestors", need.ancestors))
        .bind(("by", scope.account.clone()))
        .bind(("event", event));
    match run_checked(query).await {
        Err(error) if violates(&error, UniqueIndex::NeedMatch) => Ok(()),
        other => Ok(other?),
    }
}

async fn remove(
    db: &Database,
    scope: &Scope,
    need: &Item,
    resource_key: &str,
    ip: &str,
) -> Result<(), AppError> {
    let query = db
        .query(
            "BEGIN TRANSACTION; DELETE need_match WHERE need = $need AND resource = $resource; \
             CREATE audit_event CONTENT $event; COMMIT TRANSACTION;",
        )
        .bind(("need", need.id.clone()))
        .bind(("resource", RecordId::new("service_item", resource_key)))
        .bind(("event", event(scope, need, ip)));
    Ok(run_checked(query).await?)
}

fn event(scope: &Scope, need: &Item, ip: &str) -> audit::Event {
    audit::Event::new(AuditAction::ServiceItemChanged)
        .actor(&scope.account)
        .subject(&key_text(&need.id))
        .ip(ip)
        .within(&need.ancestors)
}
