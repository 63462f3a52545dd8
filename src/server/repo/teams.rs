//! Temporary structures (临时党支部, 党员先锋岗, 党员突击队, 党员责任区):
//! named groups of people of an area for a period. An activity for a team
//! is attended by its members only.

use super::{key_text, stored};
use crate::model::account::mask_mobile;
use crate::model::audit::AuditAction;
use crate::model::volunteer::{TeamInput, TeamItem, TeamKind, TeamMember, ORGANISERS, VERIFIERS};
use crate::model::AppError;
use crate::server::auth::{audit, Scope};
use crate::server::error::run_checked;
use crate::server::repo::tree::node_in_scope;
use crate::server::Database;
use surrealdb::types::{RecordId, SurrealValue};

/// Creates a team (empty key) or replaces one's fields and member list;
/// members are the accounts of the team's area with the mobiles given.
pub async fn save(db: &Database, scope: &Scope, input: TeamInput, ip: &str) -> Result<String, AppError> {
    scope.require_any(&VERIFIERS)?;
    let checked = input.check()?;
    let node = node_in_scope(db, scope, &input.org_code).await?;
    let members: Vec<RecordId> = db
        .query("SELECT VALUE id FROM account WHERE mobile IN $mobiles AND ancestors CONTAINS $node")
        .bind(("mobiles", checked.mobiles.clone()))
        .bind(("node", node.id.clone()))
        .await?
        .take(0)?;
    // As elsewhere, a person outside the area is not found (never "exists elsewhere").
    if members.len() != checked.mobiles.len() {
        return Err(AppError::NotFound);
    }
    let key = match input.key.trim() {
        "" => uuid::Uuid::now_v7().to_string(),
        key => existing(db, scope, key).await?,
    };
    let id = RecordId::new("team", key.as_str());
    let event = audit::Event::new(AuditAction::TeamSaved)
        .actor(&scope.account)
        .subject(&checked.name)
        .ip(ip)
        .within(&node.ancestors);
    let query = db
        .query(
            "BEGIN TRANSACTION; \
             UPSERT $id SET kind = $kind, name = $name, org = $org, ancestors = $ancestors, \
                starts_on = $starts_on, ends_on = $ends_on, members = $members, created_by = $me; \
             CREATE audit_event CONTENT $event; COMMIT TRANSACTION;",
        )
        .bind(("id", id))
        .bind(("kind", checked.kind.as_str()))
        .bind(("name", checked.name))
        .bind(("org", node.id))
        .bind(("ancestors", node.ancestors))
        .bind(("starts_on", checked.starts_on))
        .bind(("ends_on", checked.ends_on))
        .bind(("members", members))
        .bind(("me", scope.account.clone()))
        .bind(("event", event));
    run_checked(query).await?;
    Ok(key)
}

/// The key of a team of the caller's area.
async fn existing(db: &Database, scope: &Scope, key: &str) -> Result<String, AppError> {
    let found: Vec<RecordId> = db
        .query("SELECT VALUE id FROM $team WHERE ancestors CONTAINS $root")
        .bind(("team", RecordId::new("team", key)))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    found.first().map(key_text).ok_or(AppError::NotFound)
}

#[derive(Debug, SurrealValue)]
struct TeamRow {
    id: RecordId,
    kind: String,
    name: String,
    org_code: String,
    org_name: String,
    starts_on: String,
    ends_on: String,
    members: Vec<MemberRow>,
}

#[derive(Debug, SurrealValue)]
struct MemberRow {
    name: String,
    mobile: String,
}

/// Which teams an organiser may name: those of their subtree and those of
/// the nodes above them (a grid worker's community's vanguard post).
pub const TEAM_VISIBLE: &str = "(ancestors CONTAINS $root OR org IN $root.ancestors)";

/// The teams an organiser may name, newest period first; mobiles in full
/// only for verifiers, who edit the lists.
pub async fn list(db: &Database, scope: &Scope) -> Result<Vec<TeamItem>, AppError> {
    scope.require_any(&ORGANISERS)?;
    let rows: Vec<TeamRow> = db
        .query(format!(
            "SELECT id, kind, name, org.code AS org_code, org.name AS org_name, starts_on, ends_on, \
                 (SELECT name, mobile FROM $parent.members) AS members \
             FROM team WHERE {TEAM_VISIBLE} ORDER BY starts_on DESC LIMIT 200"
        ))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    let full = scope.has_any_role(&VERIFIERS);
    rows.into_iter().map(|row| item(row, full)).collect()
}

fn item(row: TeamRow, full_mobiles: bool) -> Result<TeamItem, AppError> {
    let members = row
        .members
        .into_iter()
        .map(|m| TeamMember {
            mobile: if full_mobiles { m.mobile } else { mask_mobile(&m.mobile) },
            name: m.name,
        })
        .collect();
    Ok(TeamItem {
        key: key_text(&row.id),
        kind: stored(&row.kind, TeamKind::parse, "team kind")?,
        name: row.name,
        org_code: row.org_code,
        org_name: row.org_name,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        members,
    })
}
