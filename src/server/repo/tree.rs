//! Editing the organisation tree one node or building at a time, inside the
//! caller's subtree. Codes are unique across nodes and buildings, as in the
//! CSV files.

use super::key_text;
use crate::model::audit::AuditAction;
use crate::model::org::{
    clean_code, clean_name, BuildingInput, BuildingSummary, NodeInput, NodeSummary, OrgLevel, OrgListing,
    MAX_NAME_CHARS,
};
use crate::model::AppError;
use crate::model::Field;
use crate::server::auth::{audit, Scope};
use crate::server::error::run_checked;
use crate::server::repo::org::{BuildingRecord, NodeRecord};
use crate::server::Database;
use surrealdb::types::{RecordId, SurrealValue};

/// An org node found by code inside the caller's subtree.
#[derive(Debug, Clone, SurrealValue)]
pub struct ScopedNode {
    pub id: RecordId,
    pub level: String,
    pub ancestors: Vec<RecordId>,
}

impl ScopedNode {
    pub fn level(&self) -> Option<OrgLevel> {
        OrgLevel::parse(&self.level)
    }
}

/// The node with `code` in the caller's subtree, or "not found".
pub async fn node_in_scope(db: &Database, scope: &Scope, code: &str) -> Result<ScopedNode, AppError> {
    let found: Vec<ScopedNode> = db
        .query("SELECT id, level, ancestors FROM org_node WHERE code = $code AND ancestors CONTAINS $root")
        .bind(("code", code.trim().to_owned()))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    found.into_iter().next().ok_or(AppError::NotFound)
}

/// The node with `code` in the caller's subtree, which must be of `level`.
pub async fn node_of_level(
    db: &Database,
    scope: &Scope,
    code: &str,
    level: OrgLevel,
) -> Result<ScopedNode, AppError> {
    let node = node_in_scope(db, scope, code).await?;
    if node.level() == Some(level) {
        Ok(node)
    } else {
        Err(AppError::Invalid(Field::Parent))
    }
}

#[derive(Debug, SurrealValue)]
struct NodeRow {
    id: RecordId,
    level: String,
    code: String,
    name: String,
    parent_code: Option<String>,
}

#[derive(Debug, SurrealValue)]
struct BuildingRow {
    id: RecordId,
    code: String,
    name: String,
    address: Option<String>,
    parent_code: String,
}

const LISTING: &str = "
SELECT id, level, code, name, parent.code AS parent_code, array::len(ancestors) AS depth
    FROM org_node WHERE ancestors CONTAINS $root ORDER BY depth, code LIMIT 2000;
SELECT id, code, name, address, org.code AS parent_code
    FROM building WHERE ancestors CONTAINS $root ORDER BY code LIMIT 2000;
";

pub async fn listing(db: &Database, scope: &Scope) -> Result<OrgListing, AppError> {
    scope.require_admin()?;
    let mut response = db.query(LISTING).bind(("root", scope.org.clone())).await?;
    let nodes: Vec<NodeRow> = response.take(0)?;
    let buildings: Vec<BuildingRow> = response.take(1)?;
    let node = |row: NodeRow| {
        Some(NodeSummary {
            key: key_text(&row.id),
            level: OrgLevel::parse(&row.level)?,
            code: row.code,
            name: row.name,
            parent_code: row.parent_code,
        })
    };
    let building = |row: BuildingRow| BuildingSummary {
        key: key_text(&row.id),
        code: row.code,
        name: row.name,
        address: row.address,
        parent_code: row.parent_code,
    };
    Ok(OrgListing {
        nodes: nodes.into_iter().filter_map(node).collect(),
        buildings: buildings.into_iter().map(building).collect(),
    })
}

/// A community, grid or party group under a node of the caller's subtree.
pub async fn add_node(db: &Database, scope: &Scope, new: NodeInput, ip: &str) -> Result<(), AppError> {
    scope.require_admin()?;
    let level = OrgLevel::parse(new.level.trim())
        .filter(|level| level.parent().is_some())
        .ok_or(AppError::Invalid(Field::Level))?;
    let code = clean_code(&new.code).ok_or(AppError::Invalid(Field::Code))?;
    let name = clean_name(&new.name, MAX_NAME_CHARS).ok_or(AppError::Invalid(Field::Name))?;
    let parent = node_in_scope(db, scope, &new.parent_code).await?;
    if parent.level() != level.parent() {
        return Err(AppError::Invalid(Field::Parent));
    }
    ensure_code_free(db, &code).await?;
    let id = RecordId::new("org_node", code.as_str());
    let mut ancestors = parent.ancestors.clone();
    ancestors.push(id.clone());
    let record = NodeRecord {
        id,
        level: level.as_str().into(),
        code: code.clone(),
        name,
        parent: Some(parent.id),
        ancestors: ancestors.clone(),
    };
    let event = audit::Event::new(AuditAction::OrgNodeCreated).actor(&scope.account).subject(&code).ip(ip);
    write_with_event(db, "CREATE org_node CONTENT $record", record, event.within(&ancestors)).await
}

/// Renames a node of the caller's subtree (codes never change: files refer to them).
pub async fn rename_node(
    db: &Database,
    scope: &Scope,
    key: &str,
    name: &str,
    ip: &str,
) -> Result<(), AppError> {
    scope.require_admin()?;
    let name = clean_name(name, MAX_NAME_CHARS).ok_or(AppError::Invalid(Field::Name))?;
    let changed: Vec<ScopedNode> = db
        .query("UPDATE org_node SET name = $name WHERE id = $id AND ancestors CONTAINS $root RETURN id, level, ancestors")
        .bind(("name", name))
        .bind(("id", RecordId::new("org_node", key)))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    let node = changed.into_iter().next().ok_or(AppError::NotFound)?;
    let event = audit::Event::new(AuditAction::OrgNodeRenamed).actor(&scope.account).subject(key).ip(ip);
    audit::record(db, event.within(&node.ancestors)).await
}

/// Creates a building, or renames / moves one; a move carries its households along.
pub async fn save_building(
    db: &Database,
    scope: &Scope,
    input: BuildingInput,
    ip: &str,
) -> Result<(), AppError> {
    scope.require_admin()?;
    let name = clean_name(&input.name, MAX_NAME_CHARS).ok_or(AppError::Invalid(Field::Name))?;
    let address = clean_name(&input.address, 200);
    let parent = node_in_scope(db, scope, &input.parent_code).await?;
    if !matches!(parent.level(), Some(OrgLevel::Grid | OrgLevel::PartyGroup)) {
        return Err(AppError::Invalid(Field::Parent));
    }
    if input.key.trim().is_empty() {
        return create_building(db, scope, &input.code, name, address, parent, ip).await;
    }
    let id = RecordId::new("building", input.key.trim());
    let changed: Vec<RecordId> = db
        .query(
            "BEGIN TRANSACTION; \
             LET $found = SELECT VALUE id FROM building WHERE id = $id AND ancestors CONTAINS $root; \
             IF array::len($found) = 1 { \
                 UPDATE $id SET name = $name, address = $address, org = $org, ancestors = $ancestors; \
                 UPDATE household SET ancestors = $ancestors WHERE building = $id; \
             }; \
             RETURN $found; COMMIT TRANSACTION;",
        )
        .bind(("id", id))
        .bind(("root", scope.org.clone()))
        .bind(("name", name))
        .bind(("address", address))
        .bind(("org", parent.id))
        .bind(("ancestors", parent.ancestors.clone()))
        .await?
        .take(3)?;
    if changed.is_empty() {
        return Err(AppError::NotFound);
    }
    let event = audit::Event::new(AuditAction::BuildingChanged)
        .actor(&scope.account)
        .subject(input.key.trim())
        .ip(ip);
    audit::record(db, event.within(&parent.ancestors)).await
}

async fn create_building(
    db: &Database,
    scope: &Scope,
    code: &str,
    name: String,
    address: Option<String>,
    parent: ScopedNode,
    ip: &str,
) -> Result<(), AppError> {
    let code = clean_code(code).ok_or(AppError::Invalid(Field::Code))?;
    ensure_code_free(db, &code).await?;
    let record = BuildingRecord {
        id: RecordId::new("building", code.as_str()),
        code: code.clone(),
        name,
        address,
        org: parent.id,
        ancestors: parent.ancestors.clone(),
    };
    let event = audit::Event::new(AuditAction::BuildingCreated).actor(&scope.account).subject(&code).ip(ip);
    write_with_event(db, "CREATE building CONTENT $record", record, event.within(&parent.ancestors)).await
}

/// Codes are unique across the database, not only within scope.
async fn ensure_code_free(db: &Database, code: &str) -> Result<(), AppError> {
    let taken: bool = db
        .query(
            "RETURN array::len(SELECT VALUE id FROM org_node WHERE code = $code) + \
             array::len(SELECT VALUE id FROM building WHERE code = $code) > 0",
        )
        .bind(("code", code.to_owned()))
        .await?
        .take::<Option<bool>>(0)?
        .ok_or(AppError::Internal)?;
    if taken {
        Err(AppError::Invalid(Field::CodeTaken))
    } else {
        Ok(())
    }
}

/// Writes one record and its audit event in one transaction.
pub async fn write_with_event<T: SurrealValue + 'static>(
    db: &Database,
    statement: &'static str,
    record: T,
    event: audit::Event,
) -> Result<(), AppError> {
    let query = db
        .query(format!(
            "BEGIN TRANSACTION; {statement}; CREATE audit_event CONTENT $event; COMMIT TRANSACTION;"
        ))
        .bind(("record", record))
        .bind(("event", event));
    Ok(run_checked(query).await?)
}
