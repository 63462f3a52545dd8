use crate::model::org::StreetOverview;
use crate::model::AppError;
use crate::server::Database;

const OVERVIEW: &str = "
LET $street = (SELECT id, name FROM org_node WHERE level = 'street' ORDER BY code LIMIT 1)[0];
RETURN $street.name;
SELECT count() FROM org_node WHERE level = 'community' AND ancestors CONTAINS $street.id GROUP ALL;
SELECT count() FROM org_node WHERE level = 'grid' AND ancestors CONTAINS $street.id GROUP ALL;
SELECT count() FROM building WHERE ancestors CONTAINS $street.id GROUP ALL;
SELECT count() FROM household WHERE ancestors CONTAINS $street.id GROUP ALL;
";

/// Head counts of the first street (the only one until scope arrives).
pub async fn street_overview(db: &Database) -> Result<StreetOverview, AppError> {
    let mut response = db.query(OVERVIEW).await?;
    let street_name: Option<String> = response.take(1)?;
    let mut count = |index: usize| -> Result<u64, AppError> {
        let n: Option<i64> = response.take((index, "count"))?;
        Ok(n.unwrap_or(0).max(0) as u64)
    };
    Ok(StreetOverview {
        street_name,
        communities: count(2)?,
        grids: count(3)?,
        buildings: count(4)?,
        households: count(5)?,
    })
}
