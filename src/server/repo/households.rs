//! Households within the caller's scope. Contacts are masked in every list;
//! the full phone and ID number only through [`reveal`], which is audited
//! and open to the roles that visit households.

use super::key_text;
use crate::model::account::{mask_mobile, Role};
use crate::model::account::{normalize_mobile, MAX_PERSON_NAME_CHARS};
use crate::model::audit::AuditAction;
use crate::model::household::{
    check_care_tags, mask_id_number, normalize_id_number, FullContact, GridCoverage, HouseholdDetail,
    HouseholdInput, HouseholdIssue, HouseholdSummary, HouseholdVisit, CARE_TAG_SETTERS, CARE_TAG_VIEWERS,
    HOUSEHOLD_ROLES, MAX_UNIT_CHARS,
};
use crate::model::issue::IssueStatus;
use crate::model::org::clean_name;
use crate::model::visit::VisitType;
use crate::model::AppError;
use crate::model::Field;
use crate::server::auth::{audit, Scope};
use crate::server::error::{violates, UniqueIndex};
use crate::server::Database;
use surrealdb::types::{RecordId, SurrealValue};

const PAGE: i64 = 300;

#[derive(Debug, SurrealValue)]
struct Row {
    id: RecordId,
    building: String,
    building_code: String,
    unit: String,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    id_number: Option<String>,
}

pub async fn list(db: &Database, scope: &Scope) -> Result<Vec<HouseholdSummary>, AppError> {
    scope.require_any(&HOUSEHOLD_ROLES)?;
    let rows: Vec<Row> = db
        .query(
            "SELECT id, building.name AS building, building.code AS building_code, unit, contact_name, \
             contact_phone, id_number FROM household WHERE ancestors CONTAINS $root \
             ORDER BY building_code, unit LIMIT $page",
        )
        .bind(("root", scope.org.clone()))
        .bind(("page", PAGE))
        .await?
        .take(0)?;
    Ok(rows.into_iter().map(summary).collect())
}

fn summary(row: Row) -> HouseholdSummary {
    HouseholdSummary {
        key: key_text(&row.id),
        building: row.building,
        building_code: row.building_code,
        unit: row.unit,
        contact_name: row.contact_name,
        phone_masked: row.contact_phone.as_deref().map(mask_mobile),
        id_masked: row.id_number.as_deref().map(mask_id_number),
    }
}

/// Roles whose work needs a resident's whole number.
pub fn may_reveal(scope: &Scope) -> bool {
    [Role::GridWorker, Role::BuildingLeader, Role::Secretary].into_iter().any(|role| scope.has_role(role))
}

#[derive(Debug, SurrealValue)]
struct Contact {
    contact_phone: Option<String>,
    id_number: Option<String>,
    ancestors: Vec<RecordId>,
}

pub async fn reveal(db: &Database, scope: &Scope, key: &str, ip: &str) -> Result<FullContact, AppError> {
    if !may_reveal(scope) {
        return Err(AppError::Forbidden);
    }
    let found: Vec<Contact> = db
        .query("SELECT contact_phone, id_number, ancestors FROM household WHERE id = $id AND ancestors CONTAINS $root")
        .bind(("id", RecordId::new("household", key)))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    let contact = found.into_iter().next().ok_or(AppError::NotFound)?;
    let event = audit::Event::new(AuditAction::PersonalDataRevealed)
        .actor(&scope.account)
        .subject(&format!("household {key}"))
        .ip(ip)
        .within(&contact.ancestors);
    audit::record(db, event).await?;
    Ok(FullContact { phone: contact.contact_phone, id_number: contact.id_number })
}

struct CheckedContact {
    unit: String,
    contact_name: Option<String>,
    phone: Option<String>,
    id_number: Option<String>,
}

fn check_input(input: &HouseholdInput) -> Result<CheckedContact, AppError> {
    let unit = clean_name(&input.unit, MAX_UNIT_CHARS).ok_or(AppError::Invalid(Field::Unit))?;
    let contact_name = clean_name(&input.contact_name, MAX_PERSON_NAME_CHARS);
    let optional = |text: &str, parse: fn(&str) -> Option<String>, field: Field| match text.trim() {
        "" => Ok(None),
        text => parse(text).map(Some).ok_or(AppError::Invalid(field)),
    };
    let phone = optional(&input.contact_phone, normalize_mobile, Field::Phone)?;
    let id_number = optional(&input.id_number, normalize_id_number, Field::IdNumber)?;
    Ok(CheckedContact { unit, contact_name, phone, id_number })
}

#[derive(Debug, SurrealValue)]
struct Place {
    id: RecordId,
    ancestors: Vec<RecordId>,
}

/// Adds a household to a building in scope, or changes one. Administrators
/// and grid workers (who keep their grid's household ledger) may.
pub async fn save(db: &Database, scope: &Scope, input: HouseholdInput, ip: &str) -> Result<(), AppError> {
    if scope.require_admin().is_err() && !scope.has_role(Role::GridWorker) {
        return Err(AppError::Forbidden);
    }
    let checked = check_input(&input)?;
    let buildings: Vec<Place> = db
        .query("SELECT id, ancestors FROM building WHERE code = $code AND ancestors CONTAINS $root")
        .bind(("code", input.building_code.trim().to_owned()))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    let building = buildings.into_iter().next().ok_or(AppError::NotFound)?;
    let key = input.key.trim();
    let (statement, action) = match key {
        "" => ("CREATE household CONTENT { building: $building, ancestors: $ancestors, unit: $unit, \
                contact_name: $name, contact_phone: $phone, id_number: $id_number } RETURN id", AuditAction::HouseholdCreated),
        _ => ("UPDATE household SET building = $building, ancestors = $ancestors, unit = $unit, contact_name = $name, \
                contact_phone = $phone OR contact_phone, id_number = $id_number OR id_number \
                WHERE id = $id AND ancestors CONTAINS $root RETURN id", AuditAction::HouseholdChanged),
    };
    let id = RecordId::new("household", if key.is_empty() { "new" } else { key });
    let written = db
        .query(statement)
        .bind(("building", building.id))
        .bind(("ancestors", building.ancestors.clone()))
        .bind(("unit", checked.unit))
        .bind(("name", checked.contact_name))
        .bind(("phone", checked.phone))
        .bind(("id_number", checked.id_number))
        .bind(("id", id))
        .bind(("root", scope.org.clone()))
        .await?
        .take::<Vec<RecordId>>((0, "id"));
    let saved = written.map_err(|error| match violates(&error, UniqueIndex::HouseholdUnit) {
        true => AppError::Invalid(Field::UnitTaken),
        false => error.into(),
    })?;
    let saved = saved.into_iter().next().ok_or(AppError::NotFound)?;
    let event = audit::Event::new(action).actor(&scope.account).subject(&key_text(&saved)).ip(ip);
    audit::record(db, event.within(&building.ancestors)).await
}

#[derive(Debug, SurrealValue)]
struct CoverageRow {
    grid_name: String,
    households: i64,
    visited_30: i64,
    visited_90: i64,
}

/// Per grid of the caller's area, the households and how many had a visit
/// (by anyone) in the last 30 and 90 days, from the visits themselves.
pub async fn coverage(db: &Database, scope: &Scope) -> Result<Vec<GridCoverage>, AppError> {
    scope.require_any(&HOUSEHOLD_ROLES)?;
    let now = crate::server::sync::now_millis();
    let day = crate::model::time::DAY_MS;
    let rows: Vec<CoverageRow> = db
        .query(
            "SELECT name AS grid_name, code, \
                count(SELECT id FROM household WHERE ancestors CONTAINS $parent.id) AS households, \
                array::len(array::distinct(SELECT VALUE household FROM visit WHERE ancestors CONTAINS $parent.id \
                    AND captured_at >= time::from_millis($since_30))) AS visited_30, \
                array::len(array::distinct(SELECT VALUE household FROM visit WHERE ancestors CONTAINS $parent.id \
                    AND captured_at >= time::from_millis($since_90))) AS visited_90 \
             FROM org_node WHERE ancestors CONTAINS $root AND level = 'grid' ORDER BY code",
        )
        .bind(("root", scope.org.clone()))
        .bind(("since_30", now - 30 * day))
        .bind(("since_90", now - 90 * day))
        .await?
        .take(0)?;
    let count = |n: i64| u32::try_from(n).unwrap_or(0);
    Ok(rows
        .into_iter()
        .map(|row| GridCoverage {
            grid_name: row.grid_name,
            households: count(row.households),
            visited_30: count(row.visited_30),
            visited_90: count(row.visited_90),
        })
        .collect())
}

#[derive(Debug, SurrealValue)]
struct DetailRow {
    id: RecordId,
    building: RecordId,
    place: String,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    care_tags: Vec<String>,
}

#[derive(Debug, SurrealValue)]
struct VisitRow {
    at: i64,
    visitor_name: String,
    visit_type: String,
    notes: String,
    follow_up_on: Option<String>,
}

#[derive(Debug, SurrealValue)]
struct IssueRow {
    id: RecordId,
    description: String,
    status: String,
    captured_at: i64,
    household: Option<RecordId>,
}

const DETAIL: &str = "
SELECT id, building, building.name + ' ' + unit AS place, contact_name, contact_phone, care_tags ?? [] AS care_tags
    FROM household WHERE id = $id AND ancestors CONTAINS $root;
SELECT time::millis(captured_at) AS at, visitor.name AS visitor_name, visit_type, notes, follow_up_on
    FROM visit WHERE household = $id ORDER BY at DESC LIMIT 50;
";

/// The open issues of a household's building, newest first, through the
/// `issue_building` index (migration 0020); public for the queue bench's plan.
pub const BUILDING_OPEN_ISSUES: &str =
    "SELECT id, description, status, time::millis(captured_at) AS captured_at, household FROM issue \
     WHERE building = $building AND open = true ORDER BY captured_at DESC LIMIT 50";

/// A household's page for the roles that visit households: its contact
/// masked, care tags, its visits and the open issues of it or its building.
pub async fn detail(
    db: &Database,
    scope: &Scope,
    key: &str,
    configured_tags: &[String],
) -> Result<HouseholdDetail, AppError> {
    scope.require_any(&HOUSEHOLD_ROLES)?;
    let id = RecordId::new("household", key.trim());
    let mut answer = db.query(DETAIL).bind(("id", id)).bind(("root", scope.org.clone())).await?;
    let found: Vec<DetailRow> = answer.take(0)?;
    let visits: Vec<VisitRow> = answer.take(1)?;
    let household = found.into_iter().next().ok_or(AppError::NotFound)?;
    let issues: Vec<IssueRow> =
        db.query(BUILDING_OPEN_ISSUES).bind(("building", household.building.clone())).await?.take(0)?;
    let sets_tags = scope.has_any_role(&CARE_TAG_SETTERS);
    Ok(HouseholdDetail {
        key: key_text(&household.id),
        place: household.place,
        contact_name: household.contact_name,
        phone_masked: household.contact_phone.as_deref().map(mask_mobile),
        care_tags: if scope.has_any_role(&CARE_TAG_VIEWERS) { household.care_tags } else { Vec::new() },
        tag_choices: if sets_tags { configured_tags.to_vec() } else { Vec::new() },
        visits: visits.into_iter().map(visit_line).collect::<Result<_, _>>()?,
        open_issues: issues
            .into_iter()
            .map(|row| issue_line(row, &household.id))
            .collect::<Result<_, _>>()?,
    })
}

fn visit_line(row: VisitRow) -> Result<HouseholdVisit, AppError> {
    Ok(HouseholdVisit {
        at: row.at,
        visitor_name: row.visitor_name,
        visit_type: super::stored(&row.visit_type, VisitType::parse, "visit type")?,
        notes: row.notes,
        follow_up_on: row.follow_up_on,
    })
}

fn issue_line(row: IssueRow, household: &RecordId) -> Result<HouseholdIssue, AppError> {
    Ok(HouseholdIssue {
        issue_id: key_text(&row.id),
        description: row.description,
        status: super::stored(&row.status, IssueStatus::parse, "issue status")?,
        captured_at: row.captured_at,
        this_household: row.household.as_ref() == Some(household),
    })
}

/// Sets a household's care tags (from the configured list), audited as
/// personal data. Grid workers and secretaries of its area may.
pub async fn set_care_tags(
    db: &Database,
    scope: &Scope,
    (key, chosen): (&str, &[String]),
    configured: &[String],
    ip: &str,
) -> Result<(), AppError> {
    scope.require_any(&CARE_TAG_SETTERS)?;
    let tags = check_care_tags(chosen, configured).map_err(AppError::Invalid)?;
    let id = RecordId::new("household", key.trim());
    let found: Vec<Vec<RecordId>> = db
        .query("SELECT VALUE ancestors FROM household WHERE id = $id AND ancestors CONTAINS $root")
        .bind(("id", id.clone()))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    let ancestors = found.into_iter().next().ok_or(AppError::NotFound)?;
    // The audit names the household, not the tags: the log is personal data too.
    let event = audit::Event::new(AuditAction::CareTagsSet)
        .actor(&scope.account)
        .subject(&format!("household {key}"))
        .ip(ip)
        .within(&ancestors);
    let query = db
        .query("BEGIN TRANSACTION; UPDATE $id SET care_tags = $tags; CREATE audit_event CONTENT $event; COMMIT TRANSACTION;")
        .bind(("id", id))
        .bind(("tags", tags))
        .bind(("event", event));
    crate::server::error::run_checked(query).await.map_err(AppError::from)
}
