//! CSV exports of the organisation tree within the caller's scope, with a
//! byte-order mark so that Excel opens the Chinese text as UTF-8.

use crate::model::audit::AuditAction;
use crate::model::import::ORG_CSV_HEADER;
use crate::model::AppError;
use crate::server::auth::{audit, Scope};
use crate::server::Database;
use surrealdb::types::SurrealValue;

const BOM: &str = "\u{feff}";

#[derive(Debug, SurrealValue)]
struct Line {
    level: String,
    code: String,
    name: String,
    parent_code: Option<String>,
    address: Option<String>,
}

const TREE: &str = "
SELECT level, code, name, parent.code AS parent_code, NONE AS address, array::len(ancestors) AS depth
    FROM org_node WHERE ancestors CONTAINS $root ORDER BY depth, code;
SELECT 'building' AS level, code, name, org.code AS parent_code, address
    FROM building WHERE ancestors CONTAINS $root ORDER BY code;
";

/// level, code, name, parent_code, address: nodes first (top down), then buildings.
pub async fn org_tree_csv(db: &Database, scope: &Scope, ip: &str) -> Result<String, AppError> {
    scope.require_admin()?;
    let mut response = db.query(TREE).bind(("root", scope.org.clone())).await?;
    let mut lines: Vec<Line> = response.take(0)?;
    lines.extend(response.take::<Vec<Line>>(1)?);
    let csv = to_csv(&lines)?;
    let event = audit::Event::new(AuditAction::OrgExported).actor(&scope.account).ip(ip);
    audit::record(db, event.within(std::slice::from_ref(&scope.org))).await?;
    Ok(csv)
}

fn to_csv(lines: &[Line]) -> Result<String, AppError> {
    let rows = lines.iter().map(|line| {
        let parent = line.parent_code.clone().unwrap_or_default();
        let address = line.address.clone().unwrap_or_default();
        vec![line.level.clone(), line.code.clone(), line.name.clone(), parent, address]
    });
    write_csv(&ORG_CSV_HEADER, rows)
}

/// A CSV file with a byte-order mark, `header` first.
pub fn write_csv(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<String, AppError> {
    let mut writer = csv::Writer::from_writer(BOM.as_bytes().to_vec());
    let failed = |error: csv::Error| {
        tracing::error!(%error, "csv export failed");
        AppError::Internal
    };
    writer.write_record(header).map_err(failed)?;
    for row in rows {
        writer.write_record(&row).map_err(failed)?;
    }
    let bytes = writer.into_inner().map_err(|error| failed(error.into_error().into()))?;
    String::from_utf8(bytes).map_err(|_| AppError::Internal)
}
