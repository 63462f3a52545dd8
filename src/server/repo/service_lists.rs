//! The three lists within the caller's scope, and their published side: what
//! the public page reads (published items only, never a resident's contact)
//! and the needs residents send from it.

use super::{key_text, stored};
use crate::model::audit::AuditAction;
use crate::model::org::OrgLevel;
use crate::model::service_list::{
    check_office_contact, CheckedItem, GridOffice, GridOfficeInput, ItemOrigin, ItemStatus, ItemStep,
    ListKind, MatchedResource, NeedCategory, ResidentNeed, ServiceItem, ServiceItemInput, LIST_KEEPERS,
};
use crate::model::{AppError, Field};
use crate::server::auth::{audit, Scope};
use crate::server::error::{is_thrown, run_checked, thrown_as};
use crate::server::repo::tree::node_of_level;
use crate::server::Database;
use surrealdb::types::{RecordId, SurrealValue};

const LIST_LIMIT: i64 = 500;

#[derive(Debug, SurrealValue)]
struct ItemRow {
    id: RecordId,
    kind: String,
    status: String,
    origin: String,
    community_code: String,
    community_name: String,
    title: String,
    detail: String,
    category: Option<String>,
    place: Option<String>,
    offered_by: Option<String>,
    available: Option<String>,
    capacity: Option<i64>,
    progress: Option<i64>,
    resident_contact: Option<String>,
    updated_at: i64,
    matched: Vec<MatchRow>,
}

#[derive(Debug, SurrealValue)]
struct MatchRow {
    key: String,
    title: String,
}

const ITEM_FIELDS: &str = "id, kind, status, origin, community.code AS community_code, \
     community.name AS community_name, title, detail, category, place, offered_by, available, capacity, \
     progress, resident_contact, time::millis(updated_at) AS updated_at, \
     (SELECT VALUE { key: <string> record::id(resource), title: resource.title } FROM need_match \
         WHERE need = $parent.id) AS matched";

/// One list of the caller's area, newest change first; `status` narrows it.
pub async fn list(
    db: &Database,
    scope: &Scope,
    kind: ListKind,
    status: Option<ItemStatus>,
) -> Result<Vec<ServiceItem>, AppError> {
    scope.require_any(&LIST_KEEPERS)?;
    let rows: Vec<ItemRow> = db
        .query(format!(
            "SELECT {ITEM_FIELDS} FROM service_item WHERE ancestors CONTAINS $root AND kind = $kind \
             AND ($status = NONE OR status = $status) ORDER BY updated_at DESC LIMIT $limit"
        ))
        .bind(("root", scope.org.clone()))
        .bind(("kind", kind.as_str()))
        .bind(("status", status.map(ItemStatus::as_str)))
        .bind(("limit", LIST_LIMIT))
        .await?
        .take(0)?;
    rows.into_iter().map(item).collect()
}

fn item(row: ItemRow) -> Result<ServiceItem, AppError> {
    let category =
        row.category.as_deref().map(|c| stored(c, NeedCategory::parse, "need category")).transpose()?;
    Ok(ServiceItem {
        key: key_text(&row.id),
        kind: stored(&row.kind, ListKind::parse, "list kind")?,
        status: stored(&row.status, ItemStatus::parse, "item status")?,
        origin: stored(&row.origin, ItemOrigin::parse, "item origin")?,
        community_code: row.community_code,
        community_name: row.community_name,
        title: row.title,
        detail: row.detail,
        category,
        place: row.place,
        offered_by: row.offered_by,
        available: row.available,
        capacity: row.capacity.map(count),
        progress: row.progress.map(count),
        resident_contact: row.resident_contact,
        updated_at: row.updated_at,
        matched: row.matched.into_iter().map(|m| MatchedResource { key: m.key, title: m.title }).collect(),
    })
}

/// The schema keeps these between 0 and 999.
fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

/// The stored form of an item's checked fields.
#[derive(Debug, SurrealValue)]
struct ItemFields {
    title: String,
    detail: String,
    category: Option<String>,
    place: Option<String>,
    offered_by: Option<String>,
    available: Option<String>,
    capacity: Option<i64>,
    progress: Option<i64>,
}

impl From<CheckedItem> for ItemFields {
    fn from(item: CheckedItem) -> Self {
        ItemFields {
            title: item.title,
            detail: item.detail,
            category: item.category.map(|c| c.as_str().to_owned()),
            place: item.place,
            offered_by: item.offered_by,
            available: item.available,
            capacity: item.capacity.map(i64::from),
            progress: item.progress.map(i64::from),
        }
    }
}

/// Adds an item as a draft (empty `key`) or changes one that is not
/// closed. A change keeps the item's list and community. Returns its key.
pub async fn save(
    db: &Database,
    scope: &Scope,
    input: ServiceItemInput,
    ip: &str,
) -> Result<String, AppError> {
    scope.require_any(&LIST_KEEPERS)?;
    let fields = ItemFields::from(input.check()?);
    match input.key.trim() {
        "" => create(db, scope, &input, fields, ip).await,
        key => change(db, scope, key, input.kind, fields, ip).await.map(|()| key.to_owned()),
    }
}

async fn create(
    db: &Database,
    scope: &Scope,
    input: &ServiceItemInput,
    fields: ItemFields,
    ip: &str,
) -> Result<String, AppError> {
    let community = node_of_level(db, scope, &input.community_code, OrgLevel::Community).await?;
    let id = RecordId::new("service_item", uuid::Uuid::now_v7().to_string());
    let event = audit::Event::new(AuditAction::ServiceItemCreated)
        .actor(&scope.account)
        .subject(&key_text(&id))
        .ip(ip)
        .within(&community.ancestors);
    let query = db
        .query(
            "BEGIN TRANSACTION; CREATE $id SET kind = $kind, status = 'draft', origin = 'secretary', \
             community = $community, ancestors = $ancestors, created_by = $account, title = $f.title, \
             detail = $f.detail, category = $f.category, place = $f.place, offered_by = $f.offered_by, \
             available = $f.available, capacity = $f.capacity, progress = $f.progress; \
             CREATE audit_event CONTENT $event; COMMIT TRANSACTION;",
        )
        .bind(("id", id.clone()))
        .bind(("f", fields))
        .bind(("kind", input.kind.as_str()))
        .bind(("community", community.id))
        .bind(("ancestors", community.ancestors.clone()))
        .bind(("account", scope.account.clone()))
        .bind(("event", event));
    run_checked(query).await?;
    Ok(key_text(&id))
}

#[derive(Debug, SurrealValue)]
struct Current {
    status: String,
    ancestors: Vec<RecordId>,
}

/// The item with `key` of list `kind` in the caller's area, or "not found".
async fn current(
    db: &Database,
    scope: &Scope,
    key: &str,
    kind: ListKind,
) -> Result<(ItemStatus, Vec<RecordId>), AppError> {
    let found: Vec<Current> = db
        .query("SELECT status, ancestors FROM $id WHERE ancestors CONTAINS $root AND kind = $kind")
        .bind(("id", RecordId::new("service_item", key)))
        .bind(("root", scope.org.clone()))
        .bind(("kind", kind.as_str()))
        .await?
        .take(0)?;
    let found = found.into_iter().next().ok_or(AppError::NotFound)?;
    Ok((stored(&found.status, ItemStatus::parse, "item status")?, found.ancestors))
}

async fn change(
    db: &Database,
    scope: &Scope,
    key: &str,
    kind: ListKind,
    fields: ItemFields,
    ip: &str,
) -> Result<(), AppError> {
    let (status, ancestors) = current(db, scope, key, kind).await?;
    if status == ItemStatus::Closed {
        return Err(AppError::Invalid(Field::Status));
    }
    let event = audit::Event::new(AuditAction::ServiceItemChanged)
        .actor(&scope.account)
        .subject(key)
        .ip(ip)
        .within(&ancestors);
    let query = db
        .query(
            "BEGIN TRANSACTION; \
             IF (SELECT VALUE status FROM ONLY $id) != $status { THROW 'item_status_changed' }; \
             UPDATE $id MERGE $fields; UPDATE $id SET updated_at = time::now(); \
             CREATE audit_event CONTENT $event; COMMIT TRANSACTION;",
        )
        .bind(("id", RecordId::new("service_item", key)))
        .bind(("status", status.as_str()))
        .bind(("fields", fields))
        .bind(("event", event));
    // Another keeper changed the item's status between our read and write.
    thrown_as(run_checked(query).await, "item_status_changed", Field::Status)
}

/// Publishes or closes an item; a step that does not apply to its status
/// (publishing a closed item) is refused.
pub async fn take_step(
    db: &Database,
    scope: &Scope,
    key: &str,
    step: ItemStep,
    ip: &str,
) -> Result<(), AppError> {
    scope.require_any(&LIST_KEEPERS)?;
    let found: Vec<Current> = db
        .query("SELECT status, ancestors FROM $id WHERE ancestors CONTAINS $root")
        .bind(("id", RecordId::new("service_item", key)))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    let found = found.into_iter().next().ok_or(AppError::NotFound)?;
    let status = stored(&found.status, ItemStatus::parse, "item status")?;
    let next = status.after(step).ok_or(AppError::Invalid(Field::Status))?;
    let action = match step {
        ItemStep::Publish => AuditAction::ServiceItemPublished,
        ItemStep::Close => AuditAction::ServiceItemClosed,
    };
    let event = audit::Event::new(action).actor(&scope.account).subject(key).ip(ip).within(&found.ancestors);
    let query = db
        .query(
            "BEGIN TRANSACTION; \
             IF (SELECT VALUE status FROM ONLY $id) != $status { THROW 'item_status_changed' }; \
             UPDATE $id SET status = $next, updated_at = time::now(); \
             CREATE audit_event CONTENT $event; COMMIT TRANSACTION;",
        )
        .bind(("id", RecordId::new("service_item", key)))
        .bind(("status", status.as_str()))
        .bind(("next", next.as_str()))
        .bind(("event", event));
    thrown_as(run_checked(query).await, "item_status_changed", Field::Status)
}

#[derive(Debug, SurrealValue)]
struct OfficeRow {
    community_code: String,
    community_name: String,
    grid_code: String,
    grid_name: String,
    contact: Option<String>,
}

/// Every grid of the caller's area with the contact its office publishes.
pub async fn offices(db: &Database, scope: &Scope) -> Result<Vec<GridOffice>, AppError> {
    scope.require_any(&LIST_KEEPERS)?;
    let rows: Vec<OfficeRow> = db
        .query(
            "SELECT parent.code AS community_code, parent.name AS community_name, code AS grid_code, \
             name AS grid_name, \
             (SELECT VALUE contact FROM ONLY grid_office WHERE grid = $parent.id LIMIT 1) AS contact \
             FROM org_node WHERE ancestors CONTAINS $root AND level = 'grid' ORDER BY grid_code LIMIT 500",
        )
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    let office = |row: OfficeRow| GridOffice {
        community_code: row.community_code,
        community_name: row.community_name,
        grid_code: row.grid_code,
        grid_name: row.grid_name,
        contact: row.contact,
    };
    Ok(rows.into_iter().map(office).collect())
}

/// Sets the contact a grid's office publishes; an empty one stops publishing it.
pub async fn set_office(
    db: &Database,
    scope: &Scope,
    input: GridOfficeInput,
    ip: &str,
) -> Result<(), AppError> {
    scope.require_any(&LIST_KEEPERS)?;
    let contact = check_office_contact(&input.contact)?;
    let grid = node_of_level(db, scope, &input.grid_code, OrgLevel::Grid).await?;
    let event = audit::Event::new(AuditAction::GridOfficeSet)
        .actor(&scope.account)
        .subject(input.grid_code.trim())
        .ip(ip)
        .within(&grid.ancestors);
    let write = match contact {
        Some(_) => "UPSERT $id CONTENT { grid: $grid, ancestors: $ancestors, contact: $contact }",
        None => "DELETE $id",
    };
    let query = db
        .query(format!("BEGIN TRANSACTION; {write}; CREATE audit_event CONTENT $event; COMMIT TRANSACTION;"))
        .bind(("id", RecordId::new("grid_office", key_text(&grid.id))))
        .bind(("grid", grid.id))
        .bind(("ancestors", grid.ancestors.clone()))
        .bind(("contact", contact))
        .bind(("event", event));
    Ok(run_checked(query).await?)
}

pub mod public {
    //! What anyone may read without an account. The queries name the
    //! fields they read: a resident's contact is never among them.

    use super::*;
    use crate::model::service_list::PublicItem;

    /// A community as its public page shows it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PublicCommunity {
        pub code: String,
        pub name: String,
        pub resources: Vec<PublicItem>,
        pub projects: Vec<PublicItem>,
        pub needs: Vec<PublicItem>,
        /// Grid name and the contact its office publishes.
        pub offices: Vec<(String, String)>,
    }

    #[derive(Debug, SurrealValue)]
    struct CommunityRow {
        id: RecordId,
        code: String,
        name: String,
        ancestors: Vec<RecordId>,
    }

    /// Every community, by code: the index of the public pages.
    pub async fn communities(db: &Database) -> Result<Vec<(String, String)>, AppError> {
        let rows: Vec<CommunityRow> = db
            .query("SELECT id, code, name, ancestors FROM org_node WHERE level = 'community' ORDER BY code LIMIT 1000")
            .await?
            .take(0)?;
        Ok(rows.into_iter().map(|row| (row.code, row.name)).collect())
    }

    async fn community(db: &Database, code: &str) -> Result<Option<CommunityRow>, AppError> {
        let rows: Vec<CommunityRow> = db
            .query(
                "SELECT id, code, name, ancestors FROM org_node WHERE code = $code AND level = 'community'",
            )
            .bind(("code", code.to_owned()))
            .await?
            .take(0)?;
        Ok(rows.into_iter().next())
    }

    #[derive(Debug, SurrealValue)]
    struct PublicRow {
        kind: String,
        title: String,
        detail: String,
        category: Option<String>,
        place: Option<String>,
        offered_by: Option<String>,
        available: Option<String>,
        capacity: Option<i64>,
        progress: Option<i64>,
    }

    #[derive(Debug, SurrealValue)]
    struct OfficeContact {
        grid_name: String,
        contact: String,
    }

    /// The published side of the community with `code`; `None` when there is no such community.
    pub async fn page(db: &Database, code: &str) -> Result<Option<PublicCommunity>, AppError> {
        let Some(found) = community(db, code).await? else { return Ok(None) };
        let mut answer = db
            .query(
                "SELECT kind, title, detail, category, place, offered_by, available, capacity, progress, updated_at \
                 FROM service_item WHERE community = $community AND status = 'published' \
                 ORDER BY updated_at DESC LIMIT 300; \
                 SELECT grid.name AS grid_name, grid.code AS grid_code, contact FROM grid_office \
                 WHERE ancestors CONTAINS $community ORDER BY grid_code;",
            )
            .bind(("community", found.id))
            .await?;
        let rows: Vec<PublicRow> = answer.take(0)?;
        let offices: Vec<OfficeContact> = answer.take(1)?;
        let mut page = PublicCommunity {
            code: found.code,
            name: found.name,
            resources: Vec::new(),
            projects: Vec::new(),
            needs: Vec::new(),
            offices: offices.into_iter().map(|o| (o.grid_name, o.contact)).collect(),
        };
        for row in rows {
            let kind = stored(&row.kind, ListKind::parse, "list kind")?;
            let list = match kind {
                ListKind::Resource => &mut page.resources,
                ListKind::Project => &mut page.projects,
                ListKind::Need => &mut page.needs,
            };
            list.push(public_item(row)?);
        }
        Ok(Some(page))
    }

    fn public_item(row: PublicRow) -> Result<PublicItem, AppError> {
        let category =
            row.category.as_deref().map(|c| stored(c, NeedCategory::parse, "need category")).transpose()?;
        Ok(PublicItem {
            title: row.title,
            detail: row.detail,
            category,
            place: row.place,
            offered_by: row.offered_by,
            available: row.available,
            capacity: row.capacity.map(count),
            progress: row.progress.map(count),
        })
    }

    /// What became of a resident's need.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Received {
        /// Stored as a draft for the secretary.
        Stored,
        /// The sender's address sent its hourly share already; nothing stored.
        TooMany,
        /// No such community; nothing stored.
        NoCommunity,
    }

    /// Stores a resident's need as a draft of the community's needs list,
    /// unless `address` already sent `per_hour` needs in the last hour.
    pub async fn receive_need(
        db: &Database,
        code: &str,
        need: ResidentNeed,
        address: &str,
        per_hour: u32,
    ) -> Result<Received, AppError> {
        let Some(found) = community(db, code).await? else { return Ok(Received::NoCommunity) };
        let ancestors = found.ancestors;
        let id = RecordId::new("service_item", uuid::Uuid::now_v7().to_string());
        let event = audit::Event::new(AuditAction::ResidentNeedReceived)
            .subject(&key_text(&id))
            .ip(address)
            .within(&ancestors);
        let query = db
            .query(
                "BEGIN TRANSACTION; \
                 IF count(SELECT id FROM audit_event WHERE action = $action AND ip = $address \
                    AND at > time::now() - 1h) >= $per_hour { THROW 'too_many_needs' }; \
                 CREATE $id CONTENT { kind: 'need', status: 'draft', origin: 'resident', community: $community, \
                    ancestors: $ancestors, title: $title, detail: $detail, category: $category, place: $place, \
                    resident_contact: $contact }; \
                 CREATE audit_event CONTENT $event; COMMIT TRANSACTION;",
            )
            .bind(("action", AuditAction::ResidentNeedReceived.as_str()))
            .bind(("address", address.to_owned()))
            .bind(("per_hour", i64::from(per_hour)))
            .bind(("id", id))
            .bind(("community", found.id))
            .bind(("ancestors", ancestors))
            .bind(("title", need.title))
            .bind(("detail", need.detail))
            .bind(("category", need.category.as_str()))
            .bind(("place", need.place))
            .bind(("contact", need.contact))
            .bind(("event", event));
        match run_checked(query).await {
            Ok(()) => Ok(Received::Stored),
            Err(error) if is_thrown(&error, "too_many_needs") => Ok(Received::TooMany),
            Err(error) => Err(error.into()),
        }
    }
}
