//! The roster (accounts) as CSV: export within scope, and all-or-nothing
//! import that creates new accounts and updates existing ones in scope.

use super::import::read_csv;
use crate::model::account::{check_new_password, normalize_mobile, parse_roles, Role, MAX_PERSON_NAME_CHARS};
use crate::model::audit::AuditAction;
use crate::model::import::{ImportProblem, ImportReport, RowProblem, ROSTER_CSV_HEADER};
use crate::model::org::clean_name;
use crate::model::AppError;
use crate::server::auth::{audit, password, Scope};
use crate::server::repo::accounts::may_grant;
use crate::server::repo::export::write_csv;
use crate::server::Database;
use std::collections::{HashMap, HashSet};
use surrealdb::types::{RecordId, SurrealValue};

struct Entry {
    line: usize,
    mobile: String,
    name: String,
    roles: Vec<Role>,
    org_code: String,
    password: String,
}

#[derive(Debug, SurrealValue)]
struct Existing {
    mobile: String,
    in_scope: bool,
}

#[derive(Debug, SurrealValue)]
struct Place {
    code: String,
    id: RecordId,
    ancestors: Vec<RecordId>,
}

#[derive(Debug, SurrealValue)]
struct Write {
    id: RecordId,
    mobile: String,
    name: String,
    roles: Vec<String>,
    org: RecordId,
    ancestors: Vec<RecordId>,
    /// Only for new accounts.
    password_hash: Option<String>,
}

pub async fn import(db: &Database, scope: &Scope, text: &str, ip: &str) -> Result<ImportReport, AppError> {
    scope.require_admin()?;
    let lines = match read_csv(text, &ROSTER_CSV_HEADER) {
        Ok(lines) => lines,
        Err(problems) => return Ok(ImportReport { imported: 0, problems }),
    };
    let mobiles: Vec<String> = lines.iter().filter_map(|(_, f)| normalize_mobile(&f[0])).collect();
    let existing = existing_accounts(db, scope, mobiles).await?;
    let places = places_in_scope(db, scope).await?;
    let (entries, problems) = check_all(scope, lines, &existing, &places);
    if !problems.is_empty() {
        return Ok(ImportReport { imported: 0, problems });
    }
    let imported = entries.len();
    let writes = to_writes(entries, &existing, &places).await?;
    let event = audit::Event::new(AuditAction::RosterImported)
        .actor(&scope.account)
        .subject(&format!("{imported} rows"))
        .ip(ip)
        .within(std::slice::from_ref(&scope.org));
    db.query(
        "BEGIN TRANSACTION; \
         FOR $w IN $writes { \
             LET $id = $w.id; \
             IF $w.password_hash = NONE { \
                 UPDATE $id SET name = $w.name, roles = $w.roles, org = $w.org, ancestors = $w.ancestors; \
             } ELSE { \
                 CREATE $id CONTENT { mobile: $w.mobile, name: $w.name, roles: $w.roles, org: $w.org, \
                     ancestors: $w.ancestors, password_hash: $w.password_hash, must_change_password: true }; \
             }; \
         }; \
         CREATE audit_event CONTENT $event; COMMIT TRANSACTION;",
    )
    .bind(("writes", writes))
    .bind(("event", event))
    .await?
    .check()?;
    Ok(ImportReport { imported, problems: Vec::new() })
}

/// Which of the file's numbers are registered, and whether inside scope.
async fn existing_accounts(
    db: &Database,
    scope: &Scope,
    mobiles: Vec<String>,
) -> Result<HashMap<String, bool>, AppError> {
    let rows: Vec<Existing> = db
        .query("SELECT mobile, ancestors CONTAINS $root AS in_scope FROM account WHERE mobile IN $mobiles")
        .bind(("mobiles", mobiles))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    Ok(rows.into_iter().map(|row| (row.mobile, row.in_scope)).collect())
}

async fn places_in_scope(db: &Database, scope: &Scope) -> Result<HashMap<String, Place>, AppError> {
    let rows: Vec<Place> = db
        .query("SELECT code, id, ancestors FROM org_node WHERE ancestors CONTAINS $root")
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    Ok(rows.into_iter().map(|place| (place.code.clone(), place)).collect())
}

fn check_all(
    scope: &Scope,
    lines: Vec<(usize, Vec<String>)>,
    existing: &HashMap<String, bool>,
    places: &HashMap<String, Place>,
) -> (Vec<Entry>, Vec<RowProblem>) {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for (line, fields) in lines {
        match check(scope, &fields, existing, places, &mut seen) {
            Ok(mut entry) => {
                entry.line = line;
                entries.push(entry);
            }
            Err(problem) => problems.push(RowProblem { line, problem }),
        }
    }
    (entries, problems)
}

fn check(
    scope: &Scope,
    fields: &[String],
    existing: &HashMap<String, bool>,
    places: &HashMap<String, Place>,
    seen: &mut HashSet<String>,
) -> Result<Entry, ImportProblem> {
    let mobile = normalize_mobile(&fields[0]).ok_or(ImportProblem::BadMobile)?;
    if !seen.insert(mobile.clone()) {
        return Err(ImportProblem::DuplicateMobile);
    }
    if existing.get(&mobile) == Some(&false) {
        return Err(ImportProblem::MobileTaken);
    }
    let name = clean_name(&fields[1], MAX_PERSON_NAME_CHARS).ok_or(ImportProblem::MissingName)?;
    let roles = parse_roles(&fields[2]).ok_or(ImportProblem::UnknownRole)?;
    if !roles.iter().all(|role| may_grant(scope, *role)) {
        return Err(ImportProblem::RoleNotAllowed);
    }
    if !places.contains_key(&fields[3]) {
        return Err(ImportProblem::UnknownParent);
    }
    let password = fields[4].clone();
    let is_new = !existing.contains_key(&mobile);
    if is_new && check_new_password(&password).is_err() {
        return Err(ImportProblem::BadPassword);
    }
    Ok(Entry { line: 0, mobile, name, roles, org_code: fields[3].clone(), password })
}

async fn to_writes(
    entries: Vec<Entry>,
    existing: &HashMap<String, bool>,
    places: &HashMap<String, Place>,
) -> Result<Vec<Write>, AppError> {
    let mut writes = Vec::with_capacity(entries.len());
    for entry in entries {
        let Some(place) = places.get(&entry.org_code) else { continue };
        let password_hash = match existing.contains_key(&entry.mobile) {
            true => None,
            false => Some(password::hash(entry.password).await?),
        };
        tracing::debug!(line = entry.line, "roster line accepted");
        writes.push(Write {
            id: RecordId::new("account", entry.mobile.as_str()),
            mobile: entry.mobile,
            name: entry.name,
            roles: entry.roles.iter().map(|role| role.as_str().to_owned()).collect(),
            org: place.id.clone(),
            ancestors: place.ancestors.clone(),
            password_hash,
        });
    }
    Ok(writes)
}

#[derive(Debug, SurrealValue)]
struct RosterLine {
    mobile: String,
    name: String,
    roles: Vec<String>,
    org_code: String,
}

/// mobile, name, roles, org_code and an empty temporary_password column, so
/// the file can be edited and imported again. Staff numbers are their logins
/// and are exported whole; residents' numbers never appear here.
pub async fn export(db: &Database, scope: &Scope, ip: &str) -> Result<String, AppError> {
    scope.require_admin()?;
    let lines: Vec<RosterLine> = db
        .query(
            "SELECT mobile, name, roles, org.code AS org_code FROM account \
             WHERE ancestors CONTAINS $root ORDER BY mobile",
        )
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    let rows = lines.into_iter().map(|line| {
        let roles = line.roles.join(";");
        vec![line.mobile, line.name, roles, line.org_code, String::new()]
    });
    let csv = write_csv(&ROSTER_CSV_HEADER, rows)?;
    let event = audit::Event::new(AuditAction::RosterExported).actor(&scope.account).ip(ip);
    audit::record(db, event.within(std::slice::from_ref(&scope.org))).await?;
    Ok(csv)
}
