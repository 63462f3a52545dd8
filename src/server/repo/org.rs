use crate::model::org::{AreaOverview, OrgLevel};
use crate::model::AppError;
use crate::server::auth::Scope;
use crate::server::Database;
use surrealdb::types::{RecordId, SurrealValue};

const FIRST_STREET: &str = "SELECT id, code FROM org_node WHERE level = 'street' ORDER BY code LIMIT 1";

const OVERVIEW: &str = "
LET $node = (SELECT name, level FROM ONLY $root);
RETURN $node.name;
RETURN $node.level;
SELECT count() FROM org_node WHERE level = 'community' AND ancestors CONTAINS $root GROUP ALL;
SELECT count() FROM org_node WHERE level = 'grid' AND ancestors CONTAINS $root GROUP ALL;
SELECT count() FROM building WHERE ancestors CONTAINS $root GROUP ALL;
SELECT count() FROM household WHERE ancestors CONTAINS $root GROUP ALL;
";

/// What a visitor sees: the first street's public head counts.
pub async fn public_overview(db: &Database) -> Result<AreaOverview, AppError> {
    let street: Option<RecordId> = db.query(FIRST_STREET).await?.take((0, "id"))?;
    match street {
        Some(street) => overview_of(db, street).await,
        None => Ok(AreaOverview::default()),
    }
}

/// Head counts of the caller's own subtree.
pub async fn overview_within(db: &Database, scope: &Scope) -> Result<AreaOverview, AppError> {
    overview_of(db, scope.org.clone()).await
}

async fn overview_of(db: &Database, root: RecordId) -> Result<AreaOverview, AppError> {
    let mut response = db.query(OVERVIEW).bind(("root", root)).await?;
    let name: Option<String> = response.take(1)?;
    let level: Option<String> = response.take(2)?;
    let mut count = |index: usize| -> Result<u64, AppError> {
        let n: Option<i64> = response.take((index, "count"))?;
        Ok(n.unwrap_or(0).max(0) as u64)
    };
    Ok(AreaOverview {
        name,
        level: level.as_deref().and_then(OrgLevel::parse),
        communities: count(3)?,
        grids: count(4)?,
        buildings: count(5)?,
        households: count(6)?,
    })
}

/// An org node as written to the database (demo data, CSV import).
#[derive(Debug, Clone, SurrealValue)]
pub struct NodeRecord {
    pub id: RecordId,
    pub level: String,
    pub code: String,
    pub name: String,
    pub parent: Option<RecordId>,
    /// The node's ancestors, itself last.
    pub ancestors: Vec<RecordId>,
}

/// A building as written to the database (demo data, CSV import).
#[derive(Debug, Clone, SurrealValue)]
pub struct BuildingRecord {
    pub id: RecordId,
    pub code: String,
    pub name: String,
    pub address: Option<String>,
    /// The grid or party group it belongs to.
    pub org: RecordId,
    pub ancestors: Vec<RecordId>,
}
