//! Household visits: recorded through the sync protocol, append-only.

use super::{key_text, stored};
use crate::model::account::Role;
use crate::model::audit::AuditAction;
use crate::model::service_list::{NeedCategory, MAX_TITLE_CHARS};
use crate::model::sync::{OpResult, RejectReason};
use crate::model::visit::{VisitInput, VisitItem, VisitNeed, VisitType};
use crate::model::AppError;
use crate::server::auth::{audit, Scope};
use crate::server::error::run_checked;
use crate::server::repo::photos::StoredLocation;
use crate::server::sync::{Lookups, OpContext, Run};
use crate::server::Database;
use surrealdb::types::{RecordId, SurrealValue};

fn rejected(reason: RejectReason) -> OpResult {
    OpResult::Rejected { reason }
}

/// Roles that visit households.
fn may_visit(scope: &Scope) -> bool {
    [Role::GridWorker, Role::BuildingLeader, Role::Secretary, Role::StreetAdmin]
        .into_iter()
        .any(|r| scope.has_role(r))
}

/// The field of a visit naming who made it.
const VISITOR: &str = "visitor";

fn visit_id(input: &VisitInput) -> RecordId {
    RecordId::new("visit", input.visit_id.as_str())
}

fn household_id(input: &VisitInput) -> RecordId {
    RecordId::new("household", input.household.trim())
}

/// What [`record`] looks up before it writes. A correction reads the visit
/// it corrects, which another operation may make.
pub fn lookups(input: &VisitInput) -> Lookups {
    Lookups {
        creates: Some((visit_id(input), VISITOR)),
        place: Some(household_id(input)),
        independent: input.corrects.is_none(),
    }
}

pub async fn record(context: &OpContext<'_>, input: VisitInput) -> Result<OpResult, AppError> {
    if let Some(field) = input.problem() {
        return Ok(rejected(RejectReason::Invalid(field)));
    }
    if !may_visit(context.scope) {
        return Ok(rejected(RejectReason::Forbidden));
    }
    let id = visit_id(&input);
    if let Some(answer) = context.existing_answer(&id, VISITOR).await? {
        return Ok(answer);
    }
    let household = household_id(&input);
    let Some(ancestors) = context.ancestors_in_scope(&household).await? else {
        return Ok(rejected(RejectReason::NotFound));
    };
    let corrects = match &input.corrects {
        Some(old) => match own_visit(context.db, context.scope, old).await? {
            Some(id) => Some(id),
            None => return Ok(rejected(RejectReason::NotFound)),
        },
        None => None,
    };
    let statements = if input.need.is_some() { VISIT_AND_NEED } else { VISIT };
    let need = input.need.as_ref();
    let need_id = need.map(|_| RecordId::new("service_item", input.visit_id.as_str()));
    let event = need_id.as_ref().map(|need| {
        let event = audit::Event::new(AuditAction::ServiceItemCreated).actor(&context.scope.account);
        event.subject(&key_text(need)).within(&ancestors)
    });
    let query = context
        .transaction(statements)
        .bind(("id", id))
        .bind(("household", household))
        .bind(("ancestors", ancestors))
        .bind(("visit_type", input.visit_type.as_str()))
        .bind(("notes", input.notes.trim().to_owned()))
        .bind(("follow_up_on", input.follow_up_on.clone()))
        .bind(("corrects", corrects))
        .bind(("need", need_id))
        .bind(("category", need.map(|n| n.category.as_str())))
        .bind(("detail", need.map(|n| n.text.trim().to_owned())))
        .bind(("title", need.map(|n| need_title(&n.text))))
        .bind(("event", event))
        .bind(("photos", input.photos.clone()))
        .bind(("location", input.location.map(StoredLocation::from)));
    context.outcome(run_checked(query).await, || rejected(RejectReason::IdTaken))
}

const VISIT: &str = "CREATE $id CONTENT { household: $household, ancestors: $ancestors, visitor: $account, \
    visit_type: $visit_type, notes: $notes, follow_up_on: $follow_up_on, corrects: $corrects, \
    photos: $photos, location: $location, op_id: $op_id, captured_at: time::from_millis($captured_at) };";

/// The visit and, in its transaction, a draft need of the household's
/// community, placed at its building (never the door: needs are published).
const VISIT_AND_NEED: &str = "
    LET $community = (SELECT id, ancestors FROM org_node WHERE id IN $ancestors AND level = 'community')[0];
    CREATE $need CONTENT { kind: 'need', status: 'draft', origin: 'grid_worker', community: $community.id, \
        ancestors: $community.ancestors, title: $title, detail: $detail, category: $category, \
        place: $household.building.name, created_by: $account };
    CREATE audit_event CONTENT $event;
    CREATE $id CONTENT { household: $household, ancestors: $ancestors, visitor: $account, \
        visit_type: $visit_type, notes: $notes, follow_up_on: $follow_up_on, corrects: $corrects, \
        need: $need, photos: $photos, location: $location, op_id: $op_id, \
        captured_at: time::from_millis($captured_at) };";

/// A need's title: the start of what was said, as the public form makes it.
fn need_title(text: &str) -> String {
    text.trim().chars().take(MAX_TITLE_CHARS).collect::<String>().trim().to_owned()
}

/// A visit of the caller's area that the caller made (only those can be corrected).
async fn own_visit(db: Run<'_>, scope: &Scope, key: &str) -> Result<Option<RecordId>, AppError> {
    let found: Vec<RecordId> = db
        .query("SELECT VALUE id FROM visit WHERE id = $id AND visitor = $account")
        .bind(("id", RecordId::new("visit", key)))
        .bind(("account", scope.account.clone()))
        .await?
        .take(0)?;
    Ok(found.into_iter().next())
}

#[derive(Debug, SurrealValue)]
struct Row {
    id: RecordId,
    household: RecordId,
    place: String,
    visit_type: String,
    notes: String,
    follow_up_on: Option<String>,
    corrects: Option<RecordId>,
    captured_at: i64,
    need_category: Option<String>,
    need_text: Option<String>,
    photos: Vec<String>,
    location: Option<StoredLocation>,
}

/// The caller's own visits received since `since` (milliseconds), newest first.
pub async fn mine_since(
    db: &Database,
    scope: &Scope,
    since: i64,
    limit: i64,
) -> Result<Vec<VisitItem>, AppError> {
    let rows: Vec<Row> = db
        .query(
            "SELECT id, household, string::concat(household.building.name, ' ', household.unit) AS place, \
             visit_type, notes, follow_up_on, corrects, time::millis(captured_at) AS captured_at, received_at, \
             need.category AS need_category, need.detail AS need_text, photos, location \
             FROM visit WHERE visitor = $account AND received_at > time::from_millis($since) \
             ORDER BY received_at DESC LIMIT $limit",
        )
        .bind(("account", scope.account.clone()))
        .bind(("since", since))
        .bind(("limit", limit))
        .await?
        .take(0)?;
    rows.into_iter().map(item).collect()
}

fn item(row: Row) -> Result<VisitItem, AppError> {
    Ok(VisitItem {
        visit_id: key_text(&row.id),
        household: key_text(&row.household),
        place: row.place,
        visit_type: stored(&row.visit_type, VisitType::parse, "visit type")?,
        notes: row.notes,
        follow_up_on: row.follow_up_on,
        corrects: row.corrects.as_ref().map(key_text),
        captured_at: row.captured_at,
        need: match (row.need_category, row.need_text) {
            (Some(category), Some(text)) => {
                Some(VisitNeed { category: stored(&category, NeedCategory::parse, "need category")?, text })
            }
            _ => None,
        },
        photos: row.photos,
        location: row.location.map(Into::into),
    })
}
