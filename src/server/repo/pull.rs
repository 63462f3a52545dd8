//! What a phone downloads of its user's area (the pull half of sync).

use super::key_text;
use crate::model::sync::{BuildingChoice, HouseholdChoice, PullData};
use crate::model::time::DAY_MS;
use crate::model::AppError;
use crate::server::auth::Scope;
use crate::server::config::Settings;
use crate::server::repo::{activities, issues, tasks, visits};
use crate::server::sync::now_millis;
use crate::server::Database;
use surrealdb::types::{RecordId, SurrealValue};

/// A phone keeps at most this many of each list: a grid, not the city.
const MAX_ITEMS: usize = 3000;
/// Records written within this margin before the cursor are sent again, so
/// a write that committed late is never skipped.
const OVERLAP_MS: i64 = 5_000;

#[derive(Debug, SurrealValue)]
struct BuildingRow {
    id: RecordId,
    name: String,
    grid_name: String,
}

#[derive(Debug, SurrealValue)]
struct HouseholdRow {
    id: RecordId,
    building: RecordId,
    unit: String,
    contact_name: Option<String>,
    care_tags: Vec<String>,
}

const PLACES: &str = "
SELECT id, name, org.name AS grid_name, code FROM building WHERE ancestors CONTAINS $root ORDER BY code LIMIT $limit;
SELECT id, building, unit, contact_name, care_tags ?? [] AS care_tags, building.code AS building_code FROM household
    WHERE ancestors CONTAINS $root ORDER BY building_code, unit LIMIT $limit;
SELECT household, math::max(time::millis(captured_at)) AS at FROM visit WHERE area CONTAINS $code
    GROUP BY household;
";

#[derive(Debug, SurrealValue)]
struct LastVisitRow {
    household: RecordId,
    at: i64,
}

pub async fn changes(
    db: &Database,
    scope: &Scope,
    settings: &Settings,
    since: i64,
) -> Result<PullData, AppError> {
    // The database's clock, the one that stamps `updated_at` and `received_at`.
    let cursor: i64 = db
        .query("RETURN time::millis(time::now())")
        .await?
        .take::<Option<i64>>(0)?
        .unwrap_or_else(now_millis);
    let limit = MAX_ITEMS as i64 + 1;
    let mut response = db
        .query(PLACES)
        .bind(("root", scope.org.clone()))
        // `visit.area` holds the org nodes' codes, their record keys (migration 0021).
        .bind(("code", key_text(&scope.org)))
        .bind(("limit", limit))
        .await?;
    let buildings: Vec<BuildingRow> = response.take(0)?;
    let households: Vec<HouseholdRow> = response.take(1)?;
    let last_visits: Vec<LastVisitRow> = response.take(2)?;
    let last_visit: std::collections::HashMap<String, i64> =
        last_visits.into_iter().map(|row| (key_text(&row.household), row.at)).collect();
    // A cursor from the future (a broken or hostile client) reads from now.
    let since = since.clamp(0, cursor + OVERLAP_MS);
    let from = if since > 0 { since - OVERLAP_MS } else { 0 };
    let issues = issues::changed_since(db, scope, from, limit).await?;
    let visits = visits::mine_since(db, scope, from, limit).await?;
    let tasks = tasks::for_claimer(db, scope, limit).await?;
    let totals = tasks::totals(db, scope).await?;
    let now = now_millis();
    let activities = activities::visible(db, scope, now - DAY_MS, now + 14 * DAY_MS).await?;
    let truncated = [buildings.len(), households.len(), issues.len(), visits.len(), tasks.len()]
        .iter()
        .any(|n| *n > MAX_ITEMS);
    let building = |row: BuildingRow| BuildingChoice {
        key: key_text(&row.id),
        name: row.name,
        grid_name: row.grid_name,
    };
    let sees_tags = scope.has_any_role(&crate::model::household::CARE_TAG_VIEWERS);
    let household = |row: HouseholdRow| HouseholdChoice {
        last_visit_at: last_visit.get(&key_text(&row.id)).copied(),
        key: key_text(&row.id),
        building: key_text(&row.building),
        unit: row.unit,
        contact_name: row.contact_name,
        care_tags: if sees_tags { row.care_tags } else { Vec::new() },
    };
    Ok(PullData {
        buildings: buildings.into_iter().take(MAX_ITEMS).map(building).collect(),
        households: households.into_iter().take(MAX_ITEMS).map(household).collect(),
        issues: issues.into_iter().take(MAX_ITEMS).collect(),
        visits: visits.into_iter().take(MAX_ITEMS).collect(),
        tasks: tasks.into_iter().take(MAX_ITEMS).collect(),
        totals,
        activities,
        cursor,
        stale_after_hours: settings.sync_stale_hours,
        quiet_days: settings.quiet_household_days,
        truncated,
        boot_id: String::new(),
    })
}
