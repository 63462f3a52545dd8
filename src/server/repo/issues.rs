//! Resident issues: reported and changed through the sync protocol, read by
//! phones (pull) and by the secretary's queue. Every transition is checked
//! here against the state machine in `model::issue` and kept as an event.

use super::{key_text, stored};
use crate::model::account::{mask_mobile, normalize_mobile, Role};
use crate::model::issue::{
    may_act, next_status, ActionKind, IssueAction, IssueCategory, IssueChange, IssueEvent, IssueInput,
    IssueItem, IssueStatus, Urgency,
};
use crate::model::sync::{OpResult, RejectReason};
use crate::model::AppError;
use crate::model::Field;
use crate::server::auth::Scope;
use crate::server::error::run_checked;
use crate::server::repo::photos::StoredLocation;
use crate::server::sync::{conflict, Lookups, OpContext, Run};
use crate::server::Database;
use surrealdb::types::{RecordId, SurrealValue};

const HOUR_MS: i64 = 3_600_000;

/// The action name of the event that opens an issue's timeline.
const REPORTED: &str = "report";

/// One step of an issue: refused if its version moved on since it was read.
const CHANGE: &str = concat!(
    "IF (SELECT VALUE version FROM ONLY $id) != $version { THROW '",
    conflict!(),
    "' }; \
     UPDATE $id SET status = $to, assignee = $assignee, owner = $owner, \
         due = IF $to IN ['reported', 'escalated'] { accept_due } ELSE { resolve_due }, version += 1; \
     CREATE issue_event CONTENT { issue: $id, action: $action, from: $from, to: $to, actor: $account, \
         note: $note, op_id: $op_id, captured_at: time::from_millis($captured_at) };"
);

fn rejected(reason: RejectReason) -> OpResult {
    OpResult::Rejected { reason }
}

/// The field of an issue naming who reported it.
const CREATED_BY: &str = "created_by";

fn issue_id(input: &IssueInput) -> RecordId {
    RecordId::new("issue", input.issue_id.as_str())
}

fn building_id(input: &IssueInput) -> RecordId {
    RecordId::new("building", input.building.trim())
}

/// What [`report`] looks up before it writes: nothing another operation
/// writes (households and accounts are not changed by operations).
pub fn lookups(input: &IssueInput) -> Lookups {
    Lookups {
        creates: Some((issue_id(input), CREATED_BY)),
        place: Some(building_id(input)),
        independent: true,
    }
}

pub async fn report(context: &OpContext<'_>, input: IssueInput) -> Result<OpResult, AppError> {
    if let Some(field) = input.problem() {
        return Ok(rejected(RejectReason::Invalid(field)));
    }
    if context.scope.roles.iter().all(|role| *role == Role::UnitAdmin) {
        return Ok(rejected(RejectReason::Forbidden));
    }
    let db = context.db;
    let id = issue_id(&input);
    if let Some(answer) = context.existing_answer(&id, CREATED_BY).await? {
        return Ok(answer);
    }
    let building = building_id(&input);
    let Some(ancestors) = context.ancestors_in_scope(&building).await? else {
        return Ok(rejected(RejectReason::NotFound));
    };
    let (Some(community), Some(grid)) = (ancestors.get(1).cloned(), ancestors.get(2).cloned()) else {
        return Ok(rejected(RejectReason::NotFound));
    };
    let street = ancestors.first().cloned();
    let household = match input.household.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
        Some(key) => match household_in(db, key, &building).await? {
            Some(id) => Some(id),
            None => return Ok(rejected(RejectReason::NotFound)),
        },
        None => None,
    };
    let deadline = context.settings.deadline(input.category);
    let accept_due = context.captured_at + deadline.accept_hours as i64 * HOUR_MS;
    let resolve_due = context.captured_at + deadline.resolve_days as i64 * 24 * HOUR_MS;
    let query = context
        .transaction(
            "CREATE $id CONTENT { status: 'reported', category: $category, urgency: $urgency, \
             description: $description, building: $building, household: $household, ancestors: $ancestors, \
             grid: $grid, community: $community, street: $street, owner: $grid, reporter_name: $reporter_name, \
             reporter_phone: $reporter_phone, created_by: $account, captured_at: time::from_millis($captured_at), \
             accept_due: time::from_millis($accept_due), resolve_due: time::from_millis($resolve_due), \
             due: time::from_millis($accept_due), photos: $photos, location: $location }; \
             CREATE issue_event CONTENT { issue: $id, action: $reported, to: 'reported', actor: $account, \
             op_id: $op_id, captured_at: time::from_millis($captured_at) };",
        )
        .bind(("id", id))
        .bind(("reported", REPORTED))
        .bind(("category", input.category.as_str()))
        .bind(("urgency", input.urgency.as_str()))
        .bind(("description", input.description.trim().to_owned()))
        .bind(("building", building))
        .bind(("household", household))
        .bind(("ancestors", ancestors))
        .bind(("grid", grid))
        .bind(("community", community))
        .bind(("street", street))
        .bind(("reporter_name", input.reporter_name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty())))
        .bind(("reporter_phone", input.reporter_phone.as_deref().and_then(normalize_mobile)))
        .bind(("accept_due", accept_due))
        .bind(("resolve_due", resolve_due))
        .bind(("photos", input.photos))
        .bind(("location", input.location.map(StoredLocation::from)));
    context.outcome(run_checked(query).await, || rejected(RejectReason::IdTaken))
}

async fn household_in(db: Run<'_>, key: &str, building: &RecordId) -> Result<Option<RecordId>, AppError> {
    let found: Vec<RecordId> = db
        .query("SELECT VALUE id FROM household WHERE id = $id AND building = $building")
        .bind(("id", RecordId::new("household", key)))
        .bind(("building", building.clone()))
        .await?
        .take(0)?;
    Ok(found.into_iter().next())
}

#[derive(Debug, SurrealValue)]
struct Current {
    status: String,
    version: i64,
    assignee: Option<RecordId>,
    owner: RecordId,
    owner_parent: Option<RecordId>,
    ancestors: Vec<RecordId>,
}

/// The issue as the caller may see it (inside their scope), or `None`.
async fn current(db: Run<'_>, scope: &Scope, id: &RecordId) -> Result<Option<Current>, AppError> {
    let found: Vec<Current> = db
        .query(
            "SELECT status, version, assignee, owner, owner.parent AS owner_parent, ancestors FROM issue \
             WHERE id = $id AND ancestors CONTAINS $root",
        )
        .bind(("id", id.clone()))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    Ok(found.into_iter().next())
}

pub async fn change(context: &OpContext<'_>, input: IssueChange) -> Result<OpResult, AppError> {
    if let Some(field) = input.problem() {
        return Ok(rejected(RejectReason::Invalid(field)));
    }
    let db = context.db;
    let id = RecordId::new("issue", input.issue_id.as_str());
    let Some(now) = current(db, context.scope, &id).await? else {
        return Ok(rejected(RejectReason::NotFound));
    };
    let status = stored(&now.status, IssueStatus::parse, "issue status")?;
    let is_assignee = now.assignee.as_ref() == Some(&context.scope.account);
    if !may_act(&context.scope.roles, &input.action, is_assignee) {
        return Ok(rejected(RejectReason::Forbidden));
    }
    // Someone else moved the issue on while this phone was offline.
    let Some(to) = next_status(status, &input.action) else {
        return Ok(OpResult::Conflict { current: status.as_str().into() });
    };
    let mut assignee = now.assignee.clone();
    let mut owner = now.owner.clone();
    match &input.action {
        IssueAction::Assign { worker } => match worker_for(db, worker, &now.ancestors).await? {
            Some(worker) => assignee = Some(worker),
            None => return Ok(rejected(RejectReason::Invalid(Field::Worker))),
        },
        IssueAction::Escalate => match &now.owner_parent {
            Some(parent) => owner = parent.clone(),
            None => return Ok(rejected(RejectReason::Invalid(Field::TopLevel))),
        },
        _ => {}
    }
    let note = match &input.action {
        IssueAction::Return { reason } => reason.trim().to_owned(),
        _ => input.note.trim().to_owned(),
    };
    let query = context
        .transaction(CHANGE)
        .bind(("id", id.clone()))
        .bind(("from", status.as_str()))
        .bind(("version", now.version))
        .bind(("to", to.as_str()))
        .bind(("assignee", assignee))
        .bind(("owner", owner))
        .bind(("action", input.action.kind().as_str()))
        .bind(("note", note));
    let result =
        context.outcome(run_checked(query).await, || OpResult::Conflict { current: String::new() })?;
    if let OpResult::Conflict { .. } = result {
        return Ok(match current(db, context.scope, &id).await? {
            Some(now) => OpResult::Conflict { current: now.status },
            None => rejected(RejectReason::NotFound),
        });
    }
    Ok(result)
}

/// A grid worker whose own area contains the issue (so they will see it).
async fn worker_for(db: Run<'_>, key: &str, ancestors: &[RecordId]) -> Result<Option<RecordId>, AppError> {
    let found: Vec<RecordId> = db
        .query(
            "SELECT VALUE id FROM account WHERE public_id = $key AND active = true AND roles CONTAINS 'grid_worker' \
             AND org IN $ancestors",
        )
        .bind(("key", key.trim().to_owned()))
        .bind(("ancestors", ancestors.to_vec()))
        .await?
        .take(0)?;
    Ok(found.into_iter().next())
}

/// The fields of [`Row`], for every query that lists issues.
macro_rules! item_fields {
    () => {
        "id, status, category, urgency, description, grid.code AS grid_code, \
         string::concat(grid.name, ' · ', building.name, IF household { ' ' + household.unit } ELSE { '' }) AS place, \
         reporter_name, reporter_phone, assignee.name AS assignee_name, assignee.public_id AS assignee_key, \
         time::millis(captured_at) AS captured_at, time::millis(received_at) AS received_at, \
         time::millis(accept_due) AS accept_due, time::millis(resolve_due) AS resolve_due, version, \
         photos ?? [] AS photos, location"
    };
}

#[derive(Debug, SurrealValue)]
struct Row {
    id: RecordId,
    status: String,
    category: String,
    urgency: String,
    description: String,
    grid_code: String,
    place: String,
    reporter_name: Option<String>,
    reporter_phone: Option<String>,
    assignee_name: Option<String>,
    assignee_key: Option<String>,
    captured_at: i64,
    received_at: i64,
    accept_due: i64,
    resolve_due: i64,
    version: i64,
    photos: Vec<String>,
    location: Option<StoredLocation>,
}

fn item(row: Row) -> Result<IssueItem, AppError> {
    Ok(IssueItem {
        issue_id: key_text(&row.id),
        status: stored(&row.status, IssueStatus::parse, "issue status")?,
        category: stored(&row.category, IssueCategory::parse, "issue category")?,
        urgency: stored(&row.urgency, Urgency::parse, "issue urgency")?,
        description: row.description,
        place: row.place,
        grid_code: row.grid_code,
        reporter_name: row.reporter_name,
        reporter_phone_masked: row.reporter_phone.as_deref().map(mask_mobile),
        assignee_name: row.assignee_name,
        assignee_key: row.assignee_key,
        captured_at: row.captured_at,
        received_at: row.received_at,
        accept_due: row.accept_due,
        resolve_due: row.resolve_due,
        version: row.version,
        photos: row.photos,
        location: row.location.map(Into::into),
    })
}

/// Issues of the caller's area changed since `since` (milliseconds).
pub async fn changed_since(
    db: &Database,
    scope: &Scope,
    since: i64,
    limit: i64,
) -> Result<Vec<IssueItem>, AppError> {
    let rows: Vec<Row> = db
        .query(concat!(
            "SELECT ",
            item_fields!(),
            ", updated_at FROM issue WHERE ancestors CONTAINS $root AND updated_at > time::from_millis($since) ",
            "ORDER BY updated_at DESC LIMIT $limit"
        ))
        .bind(("root", scope.org.clone()))
        .bind(("since", since))
        .bind(("limit", limit))
        .await?
        .take(0)?;
    rows.into_iter().map(item).collect()
}

pub use queue::{detail, explain_queue, queue, summary};

mod queue {
    use super::*;
    use crate::model::issue::{IssueDetail, QueueCursor, QueueFilter, QueuePage, QueueSummary, WorkerChoice};
    use surrealdb::engine::any::Any;
    use surrealdb::method::Query;
    // `Value` also for the derive of a flattened field, which names it unqualified.
    use surrealdb::types::{Datetime, Value};

    pub const PAGE: usize = 30;

    /// The longest issue key a cursor may carry (issue keys are UUIDs).
    const MAX_CURSOR_KEY: usize = 64;

    /// The triage queue of a secretary's community (or a street admin's
    /// street): filtered, by deadline, a page at a time. A page starts after
    /// the (deadline, key) where the page before ended, read from an index
    /// in that order (`migrations/0008_issue_open.surql`), so page 100 costs
    /// what page 1 costs.
    pub async fn queue(
        db: &Database,
        scope: &Scope,
        filter: QueueFilter,
        now: i64,
    ) -> Result<QueuePage, AppError> {
        scope.require_admin()?;
        let empty = QueuePage { page: filter.page, now, ..QueuePage::default() };
        if nothing_overdue(&filter, now) {
            return Ok(empty);
        }
        let statements = statements(area_condition(db, scope).await?, &filter);
        let mut response = bound(db.query(statements.join(";\n")), scope, &filter, now)?.await?;
        // The ties of the cursor's row, then what comes after their deadline.
        let mut rows: Vec<QueueRow> = Vec::with_capacity(PAGE + 1);
        for index in 0..statements.len() {
            rows.extend(response.take::<Vec<QueueRow>>(index)?);
        }
        let has_more = rows.len() > PAGE;
        let mut next = None;
        let mut items = Vec::with_capacity(PAGE);
        for row in rows.into_iter().take(PAGE) {
            let item = item(row.issue)?;
            next = Some(QueueCursor { due: row.due_millis, issue_id: item.issue_id.clone() });
            items.push(item);
        }
        Ok(QueuePage { items, has_more, next: next.filter(|_| has_more), ..empty })
    }

    /// The plans SurrealDB makes for [`queue`]'s statements (`EXPLAIN`, as
    /// text, one per statement): which index each reads, and whether it
    /// sorts or stops early.
    pub async fn explain_queue(
        db: &Database,
        scope: &Scope,
        filter: QueueFilter,
        now: i64,
    ) -> Result<Vec<String>, AppError> {
        scope.require_admin()?;
        let statements = statements(area_condition(db, scope).await?, &filter);
        let explained: Vec<String> = statements.iter().map(|s| format!("EXPLAIN {s}")).collect();
        let mut response = bound(db.query(explained.join(";\n")), scope, &filter, now)?.await?;
        let mut plans = Vec::with_capacity(statements.len());
        for index in 0..statements.len() {
            plans.push(match response.take::<Option<Value>>(index)? {
                Some(Value::String(text)) => text.to_string(),
                Some(other) => format!("{other:?}"),
                None => String::new(),
            });
        }
        Ok(plans)
    }

    /// The statuses whose accept clock runs, as stored.
    fn awaiting_acceptance() -> Vec<&'static str> {
        IssueStatus::ALL.iter().filter(|s| s.awaits_acceptance()).map(|s| s.as_str()).collect()
    }

    #[derive(Debug, SurrealValue)]
    struct Counts {
        open: i64,
        awaiting: i64,
        overdue: i64,
        due_soon: i64,
    }

    /// The caller's queue in figures: the open issues through the same
    /// index as the queue's first page, and those waiting for confirmation.
    pub async fn summary(db: &Database, scope: &Scope, now: i64) -> Result<QueueSummary, AppError> {
        scope.require_admin()?;
        let area = area_condition(db, scope).await?;
        let sql = format!(
            "SELECT count() AS open, count(status IN $awaiting) AS awaiting, \
             count(due < time::from_millis($now)) AS overdue, \
             count(due >= time::from_millis($now) AND due < time::from_millis($soon)) AS due_soon \
             FROM issue WHERE {area} AND open = true GROUP ALL; \
             SELECT VALUE count() FROM issue WHERE {area} AND status = $resolved GROUP ALL;"
        );
        let mut response = db
            .query(sql)
            .bind(("root", scope.org.clone()))
            .bind(("now", now))
            .bind(("soon", now + 24 * HOUR_MS))
            .bind(("awaiting", awaiting_acceptance()))
            .bind(("resolved", IssueStatus::Resolved.as_str()))
            .await?;
        let counts: Option<Counts> = response.take(0)?;
        let to_confirm: Option<i64> = response.take(1)?;
        let figure = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(match counts {
            Some(c) => QueueSummary {
                open: figure(c.open),
                awaiting: figure(c.awaiting),
                overdue: figure(c.overdue),
                due_soon: figure(c.due_soon),
                to_confirm: figure(to_confirm.unwrap_or(0)),
            },
            None => QueueSummary { to_confirm: figure(to_confirm.unwrap_or(0)), ..QueueSummary::default() },
        })
    }

    #[derive(Debug, SurrealValue)]
    struct QueueRow {
        #[surreal(flatten)]
        issue: Row,
        due_millis: i64,
    }

    /// Overdue issues are open and due before `now`: none after a cursor
    /// at `now` or later, none in a closed status.
    fn nothing_overdue(filter: &QueueFilter, now: i64) -> bool {
        filter.overdue_only
            && (filter.status.is_some_and(IssueStatus::is_closed)
                || filter.after.as_ref().is_some_and(|after| after.due >= now))
    }

    /// The statements of a page. The caller's area comes first and stays
    /// whatever the client sends: its filters and its cursor only narrow it
    /// (a cursor taken from another area's issue just says where to start).
    ///
    /// Each shape is read through one index whose order is the page's
    /// (due, then record id), from the cursor on, with the limit as a
    /// literal: `(area, open, due)` by default, `(area, status, due)` for a
    /// status, `(area, due)` with the closed issues. No `START`.
    ///
    /// After a cursor, two statements: the rows that share its deadline
    /// and come after its key (usually none), then those due later. Each
    /// is an index range with nothing left to check for the plain shapes,
    /// so the scan stops after the limit; one statement with `(due > $d OR
    /// (due = $d AND id > $id))` would leave that condition to a filter
    /// above the scan, which then reads batches of four times the limit.
    fn statements(area: &str, filter: &QueueFilter) -> Vec<String> {
        let mut conditions = vec![area];
        match filter.status {
            Some(_) => conditions.push("status = $status"),
            None if !filter.include_closed || filter.overdue_only => conditions.push("open = true"),
            None => {}
        }
        if filter.category.is_some() {
            conditions.push("category = $category");
        }
        if filter.grid_code.is_some() {
            conditions.push("grid = $grid");
        }
        let select = |from: &[&str]| {
            // The cursor's bound before the overdue one: the first
            // condition on `due` is the one the index scan starts from.
            let mut all = conditions.clone();
            all.extend_from_slice(from);
            if filter.overdue_only {
                all.push("due < $now");
            }
            format!(
                "SELECT {}, due, time::millis(due) AS due_millis FROM issue WHERE {} \
                 ORDER BY due ASC, id ASC LIMIT {}",
                item_fields!(),
                all.join(" AND "),
                PAGE + 1
            )
        };
        match filter.after {
            None => vec![select(&[])],
            Some(_) => vec![select(&["due = $after_due", "id > $after_id"]), select(&["due > $after_due"])],
        }
    }

    /// Binds what [`statements`] refer to. Times are bound as datetimes,
    /// not converted in the query, so that the planner can use them for the
    /// index range.
    fn bound<'r>(
        query: Query<'r, Any>,
        scope: &Scope,
        filter: &QueueFilter,
        now: i64,
    ) -> Result<Query<'r, Any>, AppError> {
        let (after_due, after_id) = match &filter.after {
            Some(after) => {
                let key = after.issue_id.as_str();
                if key.is_empty() || key.len() > MAX_CURSOR_KEY {
                    return Err(AppError::Invalid(Field::Request));
                }
                (Some(datetime(after.due)?), Some(RecordId::new("issue", key)))
            }
            None => (None, None),
        };
        Ok(query
            .bind(("root", scope.org.clone()))
            .bind(("status", filter.status.map(IssueStatus::as_str)))
            .bind(("category", filter.category.map(IssueCategory::as_str)))
            // Org node keys are their codes (`repo::tree`).
            .bind(("grid", filter.grid_code.as_deref().map(|code| RecordId::new("org_node", code))))
            .bind(("now", datetime(now)?))
            .bind(("after_due", after_due))
            .bind(("after_id", after_id)))
    }

    /// Milliseconds since the epoch as a SurrealDB datetime (`due` holds
    /// whole milliseconds: it is always set from `time::from_millis`).
    fn datetime(millis: i64) -> Result<Datetime, AppError> {
        let nanos = (millis.rem_euclid(1000) * 1_000_000) as u32;
        Datetime::from_timestamp(millis.div_euclid(1000), nanos).ok_or(AppError::Invalid(Field::Request))
    }

    /// A community's or grid's issues through the indexed field of that
    /// level (the queue's compound indexes start with it); a street's by ancestry.
    async fn area_condition(db: &Database, scope: &Scope) -> Result<&'static str, AppError> {
        let level: Option<String> = db
            .query("SELECT VALUE level FROM ONLY $root")
            .bind(("root", scope.org.clone()))
            .await?
            .take(0)?;
        Ok(match level.as_deref() {
            Some("community") => "community = $root",
            Some("grid") => "grid = $root",
            Some("street") => "street = $root",
            _ => "ancestors CONTAINS $root",
        })
    }

    #[derive(Debug, SurrealValue)]
    struct EventRow {
        action: String,
        from: Option<String>,
        to: String,
        actor_name: String,
        note: String,
        at: i64,
    }

    fn event(row: EventRow) -> Result<IssueEvent, AppError> {
        Ok(IssueEvent {
            action: match row.action.as_str() {
                REPORTED => None,
                step => Some(stored(step, ActionKind::parse, "issue event action")?),
            },
            from: row
                .from
                .as_deref()
                .map(|from| stored(from, IssueStatus::parse, "issue status"))
                .transpose()?,
            to: stored(&row.to, IssueStatus::parse, "issue status")?,
            actor_name: row.actor_name,
            note: row.note,
            at: row.at,
        })
    }

    #[derive(Debug, SurrealValue)]
    struct WorkerRow {
        public_id: String,
        name: String,
    }

    /// One issue with its timeline and the workers it may be assigned to.
    /// An issue's timeline and whom it may be assigned to: for the roles
    /// that handle issues (a party member or a unit has no business there).
    pub async fn detail(db: &Database, scope: &Scope, key: &str) -> Result<IssueDetail, AppError> {
        scope.require_any(&[Role::StreetAdmin, Role::Secretary, Role::GridWorker, Role::BuildingLeader])?;
        let id = RecordId::new("issue", key);
        let mut response = db
            .query(concat!(
                "SELECT ",
                item_fields!(),
                " FROM issue WHERE id = $id AND ancestors CONTAINS $root;",
                "SELECT action, from, to, actor.name AS actor_name, note, time::millis(at) AS at, at AS sort_at ",
                "FROM issue_event WHERE issue = $id ORDER BY sort_at;",
                "SELECT public_id, name FROM account WHERE active = true AND roles CONTAINS 'grid_worker' ",
                "AND org IN (SELECT VALUE ancestors FROM ONLY $id) ORDER BY name;"
            ))
            .bind(("id", id))
            .bind(("root", scope.org.clone()))
            .await?;
        let rows: Vec<Row> = response.take(0)?;
        let issue = item(rows.into_iter().next().ok_or(AppError::NotFound)?)?;
        let events: Vec<EventRow> = response.take(1)?;
        let workers: Vec<WorkerRow> = response.take(2)?;
        let events = events.into_iter().map(event).collect::<Result<Vec<IssueEvent>, AppError>>()?;
        let workers = workers.into_iter().map(|w| WorkerChoice { key: w.public_id, name: w.name }).collect();
        Ok(IssueDetail { issue, events, workers })
    }
}
