//! `gridlink --demo`: one street, two communities, four grids, their
//! buildings and households, and one account per role (password
//! [`DEMO_PASSWORD`]). Fixed record ids make it idempotent.

use super::error::DbError;
use super::repo::org::{BuildingRecord, NodeRecord};
use super::Database;
use surrealdb::types::{RecordId, SurrealValue};

const STREET: (&str, &str) = ("demo-street", "幸福路街道");
const COMMUNITIES: [(&str, &str); 2] = [("demo-c1", "光明社区"), ("demo-c2", "和平社区")];
const GRIDS_PER_COMMUNITY: usize = 2;
const BUILDINGS_PER_GRID: usize = 3;
const FLOORS: [u32; 3] = [1, 2, 3];

pub const DEMO_PASSWORD: &str = "gridlink-demo";

/// Mobile, name, role, org node code.
pub const DEMO_ACCOUNTS: [(&str, &str, &str, &str); 7] = [
    ("13800000001", "王芳", "street_admin", "demo-street"),
    ("13800000002", "李明", "secretary", "demo-c1"),
    ("13800000003", "张伟", "grid_worker", "demo-c1-g1"),
    ("13800000004", "刘洋", "building_leader", "demo-c1-g1"),
    ("13800000005", "陈静", "party_member", "demo-c1"),
    ("13800000006", "赵强", "unit_admin", "demo-c1"),
    ("13800000007", "孙丽", "grid_worker", "demo-c2-g1"),
];
const UNITS_PER_FLOOR: u32 = 2;

/// The opaque id of a demo account: fixed, so that tests can name it, and
/// shaped like the random ones real accounts get.
pub fn demo_public_id(mobile: &str) -> String {
    let index = DEMO_ACCOUNTS.iter().position(|account| account.0 == mobile).unwrap_or(usize::MAX);
    format!("01900000-0000-7000-8000-acc0{:08x}", index)
}

#[derive(Debug, Clone, SurrealValue)]
struct Household {
    id: RecordId,
    building: RecordId,
    unit: String,
    ancestors: Vec<RecordId>,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    id_number: Option<String>,
}

/// Made-up contacts for the first unit of every floor.
const SURNAMES: [&str; 6] = ["王", "李", "张", "刘", "陈", "杨"];

#[derive(Debug, Clone, SurrealValue)]
struct Account {
    id: RecordId,
    public_id: String,
    mobile: String,
    name: String,
    password_hash: String,
    roles: Vec<String>,
    org: RecordId,
    ancestors: Vec<RecordId>,
}

#[derive(Debug, Clone, SurrealValue)]
struct GridDuty {
    grid: RecordId,
    ancestors: Vec<RecordId>,
    duty: String,
    person_name: String,
    account: Option<RecordId>,
}

#[derive(Debug, Clone, SurrealValue)]
struct ReportingUnit {
    name: String,
    community: RecordId,
    ancestors: Vec<RecordId>,
    contact_name: Option<String>,
}

/// Reporting units ("1+N") of the demo communities.
const UNITS: [(&str, &str, &str); 3] = [
    ("demo-c1", "区税务局", "周主任"),
    ("demo-c1", "区人民医院", "吴医生"),
    ("demo-c2", "区教育局", "郑老师"),
];

#[derive(Default)]
struct DemoData {
    nodes: Vec<NodeRecord>,
    buildings: Vec<BuildingRecord>,
    households: Vec<Household>,
    accounts: Vec<Account>,
    duties: Vec<GridDuty>,
    units: Vec<ReportingUnit>,
}

/// Loads the demo street unless it is already there. Returns whether it loaded.
pub async fn load(db: &Database) -> Result<bool, DbError> {
    let street = RecordId::new("org_node", STREET.0);
    let existing: Option<i64> = db
        .query("SELECT count() FROM org_node WHERE id = $street GROUP ALL")
        .bind(("street", street))
        .await?
        .take((0, "count"))?;
    if existing.unwrap_or(0) > 0 {
        tracing::info!("demo data already loaded");
        return Ok(false);
    }
    let password_hash =
        super::auth::password::hash(DEMO_PASSWORD.into()).await.map_err(DbError::DemoPassword)?;
    let data = demo_data(&password_hash);
    db.query(
        "BEGIN TRANSACTION; INSERT INTO org_node $nodes; INSERT INTO building $buildings; \
         INSERT INTO household $households; INSERT INTO account $accounts; \
         INSERT INTO grid_duty $duties; INSERT INTO reporting_unit $units; COMMIT TRANSACTION;",
    )
    .bind(("nodes", data.nodes))
    .bind(("buildings", data.buildings))
    .bind(("households", data.households))
    .bind(("accounts", data.accounts))
    .bind(("duties", data.duties))
    .bind(("units", data.units))
    .await?
    .check()?;
    tracing::info!("demo data loaded");
    Ok(true)
}

fn demo_data(password_hash: &str) -> DemoData {
    let mut data = DemoData::default();
    let street = data.add_node("street", STREET.0, STREET.1, None);
    for (code, name) in COMMUNITIES {
        let community = data.add_node("community", code, name, Some(&street));
        for grid_number in 1..=GRIDS_PER_COMMUNITY {
            let grid_code = format!("{code}-g{grid_number}");
            let grid_name = format!("{name}第{grid_number}网格");
            let grid = data.add_node("grid", &grid_code, &grid_name, Some(&community));
            data.add_buildings(&grid, &grid_code);
        }
    }
    data.add_accounts(password_hash);
    data.add_duties();
    data.add_units();
    data
}

impl DemoData {
    fn add_node(&mut self, level: &str, code: &str, name: &str, parent: Option<&NodeRecord>) -> NodeRecord {
        let id = RecordId::new("org_node", code);
        let mut ancestors = parent.map(|p| p.ancestors.clone()).unwrap_or_default();
        ancestors.push(id.clone());
        let node = NodeRecord {
            id,
            level: level.into(),
            code: code.into(),
            name: name.into(),
            parent: parent.map(|p| p.id.clone()),
            ancestors,
        };
        self.nodes.push(node.clone());
        node
    }

    fn add_buildings(&mut self, grid: &NodeRecord, grid_code: &str) {
        for number in 1..=BUILDINGS_PER_GRID {
            let code = format!("{grid_code}-b{number}");
            let id = RecordId::new("building", code.as_str());
            let building = BuildingRecord {
                id: id.clone(),
                code,
                name: format!("{number}号楼"),
                address: Some(format!("{}{number}号院", grid.name)),
                org: grid.id.clone(),
                ancestors: grid.ancestors.clone(),
            };
            self.add_households(&building);
            self.buildings.push(building);
        }
    }

    fn add_accounts(&mut self, password_hash: &str) {
        for (mobile, name, role, org_code) in DEMO_ACCOUNTS {
            let Some(org) = self.nodes.iter().find(|n| n.code == org_code) else { continue };
            self.accounts.push(Account {
                id: RecordId::new("account", mobile),
                public_id: demo_public_id(mobile),
                mobile: mobile.into(),
                name: name.into(),
                password_hash: password_hash.into(),
                roles: vec![role.into()],
                org: org.id.clone(),
                ancestors: org.ancestors.clone(),
            });
        }
    }

    /// "1+1+1+N" for every grid; demo accounts fill their own grid's duties.
    fn add_duties(&mut self) {
        let grids: Vec<NodeRecord> = self.nodes.iter().filter(|n| n.level == "grid").cloned().collect();
        for (index, grid) in grids.iter().enumerate() {
            let account_of = |role: &str| {
                DEMO_ACCOUNTS.iter().find(|a| a.2 == role && a.3 == grid.code).map(|a| (a.1, a.0))
            };
            let surname = SURNAMES[index % SURNAMES.len()];
            let people = [
                ("branch_secretary", (format!("{surname}书记"), None)),
                ("grid_worker", account_of("grid_worker").map_or((format!("{surname}网格员"), None), named)),
                (
                    "building_leader_lead",
                    account_of("building_leader").map_or((format!("{surname}楼长"), None), named),
                ),
                ("member", (format!("{surname}志愿者"), None)),
            ];
            for (duty, (person_name, mobile)) in people {
                self.duties.push(GridDuty {
                    grid: grid.id.clone(),
                    ancestors: grid.ancestors.clone(),
                    duty: duty.into(),
                    person_name,
                    account: mobile.map(|m: &str| RecordId::new("account", m)),
                });
            }
        }
    }

    fn add_units(&mut self) {
        for (community_code, name, contact) in UNITS {
            let Some(community) = self.nodes.iter().find(|n| n.code == community_code) else { continue };
            self.units.push(ReportingUnit {
                name: name.into(),
                community: community.id.clone(),
                ancestors: community.ancestors.clone(),
                contact_name: Some(contact.into()),
            });
        }
    }

    fn add_households(&mut self, building: &BuildingRecord) {
        for floor in FLOORS {
            for door in 1..=UNITS_PER_FLOOR {
                let unit = format!("{floor}0{door}");
                let key = format!("{}-{unit}", building.code);
                let n = self.households.len();
                let has_contact = door == 1;
                self.households.push(Household {
                    id: RecordId::new("household", key.as_str()),
                    building: building.id.clone(),
                    unit,
                    ancestors: building.ancestors.clone(),
                    contact_name: has_contact.then(|| format!("{}女士", SURNAMES[n % SURNAMES.len()])),
                    contact_phone: has_contact.then(|| format!("139{n:08}")),
                    id_number: has_contact.then(|| format!("4403081970{n:04}{:04}", 1000 + n)),
                });
            }
        }
    }
}

fn named<'a>((name, mobile): (&str, &'a str)) -> (String, Option<&'a str>) {
    (name.to_owned(), Some(mobile))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_has_one_street_two_communities_four_grids() {
        let data = demo_data("$argon2id$test");
        let count = |level: &str| data.nodes.iter().filter(|n| n.level == level).count();
        assert_eq!((count("street"), count("community"), count("grid")), (1, 2, 4));
        assert_eq!(data.buildings.len(), 4 * BUILDINGS_PER_GRID);
        assert_eq!(data.households.len(), data.buildings.len() * 6);
        assert_eq!(data.accounts.len(), DEMO_ACCOUNTS.len(), "every account has its org node");
        assert_eq!(data.duties.len(), 4 * 4, "1+1+1+1 in every grid");
        assert_eq!(data.units.len(), UNITS.len());
    }
}
