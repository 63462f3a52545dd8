//! All-or-nothing CSV import of org nodes and buildings under the caller's
//! own node. Every line is checked first; only a clean file is written, in
//! one transaction.

use crate::model::audit::AuditAction;
use crate::model::import::{ImportProblem, ImportReport, RowProblem, ORG_CSV_HEADER};
use crate::model::org::OrgLevel;
use crate::model::AppError;
use crate::server::auth::{audit, Scope};
use crate::server::repo::org::{BuildingRecord, NodeRecord};
use crate::server::Database;
use std::collections::HashMap;
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, Clone)]
struct Known {
    id: RecordId,
    level: String,
    ancestors: Vec<RecordId>,
}

#[derive(Debug, SurrealValue)]
struct KnownRow {
    code: String,
    id: RecordId,
    level: String,
    ancestors: Vec<RecordId>,
}

struct Row {
    line: usize,
    level: String,
    code: String,
    name: String,
    parent_code: String,
    address: String,
}

#[derive(Default)]
struct Plan {
    nodes: Vec<NodeRecord>,
    buildings: Vec<BuildingRecord>,
    problems: Vec<RowProblem>,
}

pub async fn org_tree(db: &Database, scope: &Scope, text: &str, ip: &str) -> Result<ImportReport, AppError> {
    scope.require_admin()?;
    let rows = match read_rows(text) {
        Ok(rows) => rows,
        Err(problems) => return Ok(ImportReport { imported: 0, problems }),
    };
    let known = known_nodes(db, scope).await?;
    let taken = taken_codes(db, &rows).await?;
    let plan = plan(&rows, &known, &taken);
    if !plan.problems.is_empty() {
        return Ok(ImportReport { imported: 0, problems: plan.problems });
    }
    let imported = plan.nodes.len() + plan.buildings.len();
    let event = audit::Event::new(AuditAction::OrgImported)
        .actor(&scope.account)
        .subject(&format!("{imported} rows"))
        .ip(ip)
        .within(std::slice::from_ref(&scope.org));
    db.query(
        "BEGIN TRANSACTION; INSERT INTO org_node $nodes; INSERT INTO building $buildings; \
         CREATE audit_event CONTENT $event; COMMIT TRANSACTION;",
    )
    .bind(("nodes", plan.nodes))
    .bind(("buildings", plan.buildings))
    .bind(("event", event))
    .await?
    .check()?;
    Ok(ImportReport { imported, problems: Vec::new() })
}

fn read_rows(text: &str) -> Result<Vec<Row>, Vec<RowProblem>> {
    let lines = read_csv(text, &ORG_CSV_HEADER)?;
    let row = |(line, fields): (usize, Vec<String>)| {
        let [level, code, name, parent_code, address]: [String; 5] = fields.try_into().ok()?;
        Some(Row { line, level, code, name, parent_code, address })
    };
    Ok(lines.into_iter().filter_map(row).collect())
}

/// The trimmed fields of each line after a header that must equal `header`,
/// with 1-based line numbers (the header is line 1); or every bad line.
pub fn read_csv(text: &str, header: &[&str]) -> Result<Vec<(usize, Vec<String>)>, Vec<RowProblem>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
    let header_ok = reader
        .headers()
        .map(|h| h.iter().map(|f| f.trim().trim_start_matches('\u{feff}')).eq(header.iter().copied()))
        .unwrap_or(false);
    if !header_ok {
        return Err(vec![RowProblem { line: 1, problem: ImportProblem::BadHeader }]);
    }
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        match record {
            Ok(record) if record.len() == header.len() => {
                lines.push((line, record.iter().map(|field| field.trim().to_owned()).collect()));
            }
            _ => problems.push(RowProblem { line, problem: ImportProblem::BadLine }),
        }
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

/// The caller's own node and its subtree, by code.
async fn known_nodes(db: &Database, scope: &Scope) -> Result<HashMap<String, Known>, AppError> {
    let rows: Vec<KnownRow> = db
        .query("SELECT code, id, level, ancestors FROM org_node WHERE ancestors CONTAINS $root")
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    Ok(rows
        .into_iter()
        .map(|row| (row.code, Known { id: row.id, level: row.level, ancestors: row.ancestors }))
        .collect())
}

/// Codes of the file already used anywhere (not only in scope: codes are
/// unique across the database).
async fn taken_codes(db: &Database, rows: &[Row]) -> Result<Vec<String>, AppError> {
    let codes: Vec<String> = rows.iter().map(|row| row.code.clone()).collect();
    let taken: Vec<String> = db
        .query(
            "RETURN array::union((SELECT VALUE code FROM org_node WHERE code IN $codes), \
             (SELECT VALUE code FROM building WHERE code IN $codes))",
        )
        .bind(("codes", codes))
        .await?
        .take(0)?;
    Ok(taken)
}

fn plan(rows: &[Row], known: &HashMap<String, Known>, taken: &[String]) -> Plan {
    let mut plan = Plan::default();
    let mut parents = known.clone();
    let mut seen = std::collections::HashSet::new();
    for row in rows {
        let problem = check(row, &parents, taken, &seen);
        seen.insert(row.code.clone());
        match problem {
            Some(problem) => plan.problems.push(RowProblem { line: row.line, problem }),
            None => add(&mut plan, &mut parents, row),
        }
    }
    plan
}

enum Kind {
    Node(OrgLevel),
    Building,
}

fn kind_of(text: &str) -> Option<Kind> {
    match text {
        "building" => Some(Kind::Building),
        "community" | "grid" | "party_group" => OrgLevel::parse(text).map(Kind::Node),
        _ => None,
    }
}

fn check(
    row: &Row,
    parents: &HashMap<String, Known>,
    taken: &[String],
    seen: &std::collections::HashSet<String>,
) -> Option<ImportProblem> {
    let Some(kind) = kind_of(&row.level) else { return Some(ImportProblem::UnknownLevel) };
    let problem = if row.code.is_empty() {
        ImportProblem::MissingCode
    } else if row.code.chars().count() > 64 {
        ImportProblem::CodeTooLong
    } else if seen.contains(&row.code) {
        ImportProblem::DuplicateCode
    } else if taken.contains(&row.code) {
        ImportProblem::CodeTaken
    } else if row.name.is_empty() {
        ImportProblem::MissingName
    } else if row.name.chars().count() > 100 {
        ImportProblem::NameTooLong
    } else {
        let Some(parent) = parents.get(&row.parent_code) else { return Some(ImportProblem::UnknownParent) };
        let parent_level = OrgLevel::parse(&parent.level);
        let fits = match kind {
            Kind::Building => matches!(parent_level, Some(OrgLevel::Grid | OrgLevel::PartyGroup)),
            Kind::Node(level) => level.parent() == parent_level,
        };
        return (!fits).then_some(ImportProblem::WrongParentLevel);
    };
    Some(problem)
}

fn add(plan: &mut Plan, parents: &mut HashMap<String, Known>, row: &Row) {
    let Some(parent) = parents.get(&row.parent_code).cloned() else { return };
    if row.level == "building" {
        plan.buildings.push(BuildingRecord {
            id: RecordId::new("building", row.code.as_str()),
            code: row.code.clone(),
            name: row.name.clone(),
            address: (!row.address.is_empty()).then(|| row.address.clone()),
            org: parent.id.clone(),
            ancestors: parent.ancestors.clone(),
        });
        return;
    }
    let id = RecordId::new("org_node", row.code.as_str());
    let mut ancestors = parent.ancestors.clone();
    ancestors.push(id.clone());
    parents.insert(
        row.code.clone(),
        Known { id: id.clone(), level: row.level.clone(), ancestors: ancestors.clone() },
    );
    plan.nodes.push(NodeRecord {
        id,
        level: row.level.clone(),
        code: row.code.clone(),
        name: row.name.clone(),
        parent: Some(parent.id),
        ancestors,
    });
}
