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
pub const DEMO_ACCOUNTS: [(&str, &str, &str, &str); 8] = [
    ("13800000001", "王芳", "street_admin", "demo-street"),
    ("13800000002", "李明", "secretary", "demo-c1"),
    ("13800000003", "张伟", "grid_worker", "demo-c1-g1"),
    ("13800000004", "刘洋", "building_leader", "demo-c1-g1"),
    ("13800000005", "陈静", "party_member", "demo-c1"),
    ("13800000006", "赵强", "unit_admin", "demo-c1"),
    ("13800000007", "孙丽", "grid_worker", "demo-c2-g1"),
    // Has not reported in yet: the reporting-in screen starts with the form.
    ("13800000008", "吴倩", "party_member", "demo-c1"),
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
    communities: Vec<RecordId>,
    ancestors: Vec<RecordId>,
    contact_name: Option<String>,
}

/// Reporting units ("1+N") of the demo communities.
const UNITS: [(&str, &str, &str); 3] = [
    ("demo-c1", "区税务局", "周主任"),
    ("demo-c1", "区人民医院", "吴医生"),
    ("demo-c2", "区教育局", "郑老师"),
];

/// Community, key, list, status, title, detail, offered by / category, place, capacity or progress.
type DemoItem = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<i64>,
);

/// The three lists of the demo communities: published, draft and closed.
const ITEMS: [DemoItem; 10] = [
    (
        "demo-c1",
        "demo-c1-r1",
        "resource",
        "published",
        "义诊服务",
        "测血压、血糖，用药咨询。",
        "区人民医院",
        "社区卫生服务站",
        Some(30),
    ),
    (
        "demo-c1",
        "demo-c1-r2",
        "resource",
        "published",
        "税务政策咨询",
        "个税、社保缴费问题现场解答。",
        "区税务局",
        "党群服务中心",
        Some(10),
    ),
    (
        "demo-c1",
        "demo-c1-r3",
        "resource",
        "draft",
        "法律援助",
        "每月一次律师坐班。",
        "区司法所",
        "党群服务中心",
        None,
    ),
    (
        "demo-c1",
        "demo-c1-p1",
        "project",
        "published",
        "老旧楼道灯改造",
        "为 1–3 号楼更换声控灯。",
        "区税务局",
        "1号楼",
        Some(60),
    ),
    (
        "demo-c2",
        "demo-c2-p1",
        "project",
        "published",
        "四点半课堂",
        "放学后的作业辅导与阅读。",
        "区教育局",
        "社区活动室",
        Some(30),
    ),
    (
        "demo-c1",
        "demo-c1-n1",
        "need",
        "published",
        "独居老人代买药品",
        "每周一次，帮助行动不便的老人买药。",
        "elderly_care",
        "2号楼",
        None,
    ),
    (
        "demo-c1",
        "demo-c1-n2",
        "need",
        "published",
        "健身器材维修",
        "小区广场的两台器材损坏。",
        "repairs",
        "中心广场",
        None,
    ),
    (
        "demo-c1",
        "demo-c1-n3",
        "need",
        "draft",
        "楼道堆放杂物",
        "3号楼一单元楼道堆满纸箱，影响通行。",
        "environment",
        "3号楼",
        None,
    ),
    ("demo-c1", "demo-c1-n4", "need", "closed", "路灯不亮", "已由物业修好。", "repairs", "东门", None),
    (
        "demo-c2",
        "demo-c2-n1",
        "need",
        "published",
        "儿童托管",
        "暑假期间的白天托管。",
        "childcare",
        "社区活动室",
        None,
    ),
];

/// Open tasks of 光明社区, a few days after the demo is loaded: one from a
/// need with a single place, one from a project with several. And one
/// finished three days before, confirmed for 赵强 of 区税务局, with its
/// three ledger entries, so that the assessment has a score to show.
const DEMO_TASKS: &str = "
CREATE task:⟨01900000-0000-7000-8000-00000000f001⟩ CONTENT { community: org_node:⟨demo-c1⟩,
    ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩], source: service_item:⟨demo-c1-n1⟩,
    title: '陪独居老人买药', detail: '陪 2 号楼的独居老人去药店，约两小时。', place: '2号楼',
    starts_at: time::now() + 3d, ends_at: time::now() + 3d + 2h, places: 1, hours_tenths: 20, points: 10 };
CREATE task:⟨01900000-0000-7000-8000-00000000f002⟩ CONTENT { community: org_node:⟨demo-c1⟩,
    ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩], source: service_item:⟨demo-c1-p1⟩,
    title: '楼道灯更换志愿服务', detail: '协助物业为 1–3 号楼更换声控灯。', place: '1号楼',
    starts_at: time::now() + 5d, ends_at: time::now() + 5d + 3h, places: 4, hours_tenths: 30, points: 15 };
UPDATE account SET unit = (SELECT VALUE id FROM reporting_unit WHERE name = '区税务局')[0]
    WHERE mobile IN ['13800000005', '13800000006'];
CREATE task:⟨01900000-0000-7000-8000-00000000f003⟩ CONTENT { community: org_node:⟨demo-c1⟩,
    ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩], source: service_item:⟨demo-c1-p1⟩,
    title: '社区义诊协助', detail: '协助区人民医院在社区广场开展义诊。', place: '社区广场',
    starts_at: time::now() - 3d, ends_at: time::now() - 3d + 3h, places: 3, hours_tenths: 30, points: 15,
    open: false, claim_seq: 1 };
CREATE task_claim:⟨demo-c1-claim-1⟩ CONTENT { task: task:⟨01900000-0000-7000-8000-00000000f003⟩,
    account: account:⟨13800000006⟩, ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩], seq: 1,
    state: 'confirmed', done_note: '已完成，协助测量血压 40 人次。', done_at: time::now() - 3d + 2h, op_id: 'demo' };
LET $demo_unit = (SELECT VALUE id FROM reporting_unit WHERE name = '区税务局')[0];
CREATE hours_entry CONTENT { account: account:⟨13800000006⟩, hours_tenths: 30, origin: 'task',
    claim: task_claim:⟨demo-c1-claim-1⟩, by: account:⟨13800000002⟩,
    ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩] };
CREATE points_entry CONTENT { account: account:⟨13800000006⟩, points: 15, claim: task_claim:⟨demo-c1-claim-1⟩,
    by: account:⟨13800000002⟩, ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩] };
CREATE unit_credit CONTENT { unit: $demo_unit, hours_tenths: 30, points: 15, claim: task_claim:⟨demo-c1-claim-1⟩,
    by: account:⟨13800000002⟩, ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩] };
CREATE registration:⟨demo-c1-chen-jing⟩ CONTENT { account: account:⟨13800000005⟩, community: org_node:⟨demo-c1⟩,
    ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩], unit: $demo_unit, skills: '财务、税务咨询',
    offer: '为居民讲解个税申报', times: '周末上午', state: 'approved', decided_by: account:⟨13800000002⟩,
    decided_at: time::now() - 30d };
CREATE report_status CONTENT { subject: account:⟨13800000005⟩, community: org_node:⟨demo-c1⟩,
    ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩], period: $demo_quarter, status: 'reported',
    by: account:⟨13800000002⟩ };
CREATE report_status CONTENT { subject: $demo_unit, community: org_node:⟨demo-c1⟩,
    ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩], period: $demo_quarter, status: 'reported',
    by: account:⟨13800000002⟩ };
CREATE need_match CONTENT { need: service_item:⟨demo-c1-n1⟩, resource: service_item:⟨demo-c1-r1⟩,
    ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩], by: account:⟨13800000002⟩ };
INSERT INTO unit_member [
    { unit: $demo_unit, ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩], name: '陈静', mobile: '13800000005',
      position: '科员' },
    { unit: $demo_unit, ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩], name: '赵强', mobile: '13800000006',
      position: '办公室主任' },
    { unit: $demo_unit, ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩], name: '钱程', mobile: '13800000009',
      position: '科员' }
];
";

/// Volunteer hours: a party day five days ago (张伟 checked in), emergency
/// duty under way now and a service activity in two days (organised by
/// 张伟); 张伟 with 94.5 verified hours over the year, 5.5 short of his first star;
/// two entries waiting for the secretary. The emergency duty is for the
/// members of a vanguard post; the service activity asks for sign-up.
const DEMO_VOLUNTEER: &str = "
CREATE team:⟨demo-t1⟩ CONTENT { kind: 'vanguard_post', name: '寒潮应急党员先锋岗', org: org_node:⟨demo-c1⟩,
    ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩],
    starts_on: time::format(time::now() - 3d, '%Y-%m-%d'), ends_on: time::format(time::now() + 27d, '%Y-%m-%d'),
    members: [account:⟨13800000003⟩, account:⟨13800000005⟩, account:⟨13800000008⟩],
    created_by: account:⟨13800000002⟩ };
CREATE activity:⟨demo-a1⟩ CONTENT { kind: 'party_day', title: '十一月固定党日：学习与楼道清扫',
    org: org_node:⟨demo-c1⟩, community: org_node:⟨demo-c1⟩, ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩],
    place: '社区党群服务中心', starts_at: time::now() - 5d, ends_at: time::now() - 5d + 2h, hours_tenths: 20,
    organiser: account:⟨13800000002⟩, secret: rand::string(40) };
CREATE activity:⟨demo-a2⟩ CONTENT { kind: 'emergency_duty', title: '寒潮应急值守（党员先锋岗）',
    org: org_node:⟨demo-c1⟩, community: org_node:⟨demo-c1⟩, ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩],
    place: '社区东门', starts_at: time::now() - 1h, ends_at: time::now() + 3h, hours_tenths: 30,
    organiser: account:⟨13800000002⟩, secret: rand::string(40), team: team:⟨demo-t1⟩ };
CREATE activity:⟨demo-a3⟩ CONTENT { kind: 'service', title: '为独居老人上门理发',
    org: org_node:⟨demo-c1-g1⟩, community: org_node:⟨demo-c1⟩,
    ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩, org_node:⟨demo-c1-g1⟩],
    place: '1号楼', starts_at: time::now() + 2d, ends_at: time::now() + 2d + 3h, hours_tenths: 30, capacity: 6,
    organiser: account:⟨13800000003⟩, secret: rand::string(40), signup: true };
CREATE signup CONTENT { activity: activity:⟨demo-a3⟩, account: account:⟨13800000004⟩ };
CREATE attendance CONTENT { activity: activity:⟨demo-a1⟩, account: account:⟨13800000003⟩,
    ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩],
    in_step: <int> math::floor(time::unix(time::now() - 5d) / 30) };
CREATE hours_entry CONTENT { account: account:⟨13800000003⟩, hours_tenths: 20, origin: 'check_in',
    activity: activity:⟨demo-a1⟩, by: account:⟨13800000002⟩, ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩],
    at: time::now() - 5d };
FOR $ago IN [8d, 16d, 24d, 32d, 40d, 48d, 56d, 64d, 72d, 80d, 88d, 96d, 104d, 112d, 120d, 128d, 136d, 144d, 152d,
        160d, 168d, 176d, 184d, 192d, 200d, 208d, 216d, 224d, 232d, 240d, 248d, 256d, 264d, 272d, 280d, 288d, 296d] {
    LET $entry = (CREATE manual_hours CONTENT { account: account:⟨13800000003⟩,
        ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩, org_node:⟨demo-c1-g1⟩], what: '巡楼与助老服务',
        done_on: time::format(time::now() - $ago, '%Y-%m-%d'), hours_tenths: 25, evidence: '网格工作日志',
        state: 'verified', decided_by: account:⟨13800000002⟩, decided_at: time::now() - $ago });
    CREATE hours_entry CONTENT { account: account:⟨13800000003⟩, hours_tenths: 25, origin: 'manual',
        manual: $entry[0].id, by: account:⟨13800000002⟩,
        ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩, org_node:⟨demo-c1-g1⟩], at: time::now() - $ago };
};
CREATE manual_hours CONTENT { account: account:⟨13800000004⟩,
    ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩, org_node:⟨demo-c1-g1⟩], what: '协助快递分拣进楼',
    done_on: time::format(time::now() - 2d, '%Y-%m-%d'), hours_tenths: 20, evidence: '1号楼业主群有照片', state: 'pending' };
CREATE manual_hours CONTENT { account: account:⟨13800000003⟩, activity: activity:⟨demo-a1⟩,
    ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩, org_node:⟨demo-c1-g1⟩], what: '党日活动后留下整理会场',
    done_on: time::format(time::now() - 5d, '%Y-%m-%d'), hours_tenths: 5, evidence: '', state: 'pending' };
";

/// 张伟's day: a care visit a week ago promised a follow-up for today, and
/// a broken stair light is assigned to him, due in 20 hours.
const DEMO_DAY: &str = "
CREATE visit:⟨01900000-0000-7000-8000-0000000de002⟩ CONTENT { household: household:⟨demo-c1-g1-b1-101⟩,
    ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩, org_node:⟨demo-c1-g1⟩], visitor: account:⟨13800000003⟩,
    visit_type: 'care', notes: '独居老人，腿脚不便，约好一周后再来看看', op_id: 'demo-day-visit',
    follow_up_on: time::format(time::now() + 8h, '%Y-%m-%d'), captured_at: time::now() - 7d };
CREATE issue:⟨01900000-0000-7000-8000-0000000de001⟩ CONTENT { status: 'assigned', category: 'facilities',
    urgency: 'normal', description: '2号楼三层楼道灯不亮', building: building:⟨demo-c1-g1-b2⟩,
    ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩, org_node:⟨demo-c1-g1⟩], grid: org_node:⟨demo-c1-g1⟩,
    community: org_node:⟨demo-c1⟩, street: org_node:⟨demo-street⟩, owner: org_node:⟨demo-c1-g1⟩,
    assignee: account:⟨13800000003⟩, created_by: account:⟨13800000004⟩, captured_at: time::now() - 1d,
    accept_due: time::now() - 20h, resolve_due: time::now() + 20h, due: time::now() + 20h };
";

/// The demo's draft need came from a resident, who left a way to reach them.
pub const RESIDENT_CONTACT: &str = "13912340000";

#[derive(Debug, Clone, SurrealValue)]
struct ServiceItem {
    id: RecordId,
    kind: String,
    status: String,
    origin: String,
    community: RecordId,
    ancestors: Vec<RecordId>,
    title: String,
    detail: String,
    category: Option<String>,
    place: Option<String>,
    offered_by: Option<String>,
    capacity: Option<i64>,
    progress: Option<i64>,
    resident_contact: Option<String>,
}

#[derive(Debug, Clone, SurrealValue)]
struct GridOffice {
    id: RecordId,
    grid: RecordId,
    ancestors: Vec<RecordId>,
    contact: String,
}

#[derive(Default)]
struct DemoData {
    nodes: Vec<NodeRecord>,
    buildings: Vec<BuildingRecord>,
    households: Vec<Household>,
    accounts: Vec<Account>,
    duties: Vec<GridDuty>,
    units: Vec<ReportingUnit>,
    items: Vec<ServiceItem>,
    offices: Vec<GridOffice>,
}

/// Adds 张伟's day (a follow-up due, an issue assigned) to a demo street
/// that just loaded. Apart from `load` because the tests count the records
/// of the demo street, and a visit or an issue there changes every count.
pub async fn load_day(db: &Database) -> Result<(), DbError> {
    db.query(format!("BEGIN TRANSACTION; {DEMO_DAY} COMMIT TRANSACTION;")).await?.check()?;
    Ok(())
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
    db.query(format!(
        "BEGIN TRANSACTION; INSERT INTO org_node $nodes; INSERT INTO building $buildings; \
         INSERT INTO household $households; INSERT INTO account $accounts; \
         INSERT INTO grid_duty $duties; INSERT INTO reporting_unit $units; INSERT INTO service_item $items; \
         INSERT INTO grid_office $offices; {DEMO_TASKS} {DEMO_VOLUNTEER} COMMIT TRANSACTION;"
    ))
    .bind(("nodes", data.nodes))
    .bind(("buildings", data.buildings))
    .bind(("households", data.households))
    .bind(("accounts", data.accounts))
    .bind(("duties", data.duties))
    .bind(("units", data.units))
    .bind(("items", data.items))
    .bind(("offices", data.offices))
    .bind(("demo_quarter", crate::model::assessment::Period::quarter_of(super::sync::now_millis()).code()))
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
    data.add_service_lists();
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
                communities: vec![community.id.clone()],
                ancestors: community.ancestors.clone(),
                contact_name: Some(contact.into()),
            });
        }
    }

    fn add_service_lists(&mut self) {
        for (community_code, key, kind, status, title, detail, by_or_category, place, figure) in ITEMS {
            let Some(community) = self.nodes.iter().find(|n| n.code == community_code) else { continue };
            let is_need = kind == "need";
            let from_resident = is_need && status == "draft";
            self.items.push(ServiceItem {
                id: RecordId::new("service_item", key),
                kind: kind.into(),
                status: status.into(),
                origin: if from_resident { "resident" } else { "secretary" }.into(),
                community: community.id.clone(),
                ancestors: community.ancestors.clone(),
                title: title.into(),
                detail: detail.into(),
                category: is_need.then(|| by_or_category.into()),
                place: Some(place.into()),
                offered_by: (!is_need).then(|| by_or_category.into()),
                capacity: figure.filter(|_| kind == "resource"),
                progress: figure.filter(|_| kind == "project"),
                resident_contact: from_resident.then(|| RESIDENT_CONTACT.into()),
            });
        }
        let grids: Vec<NodeRecord> = self.nodes.iter().filter(|n| n.level == "grid").cloned().collect();
        for (index, grid) in grids.into_iter().enumerate() {
            self.offices.push(GridOffice {
                id: RecordId::new("grid_office", grid.code.as_str()),
                contact: format!("{}工作站 0755-2345 678{}，工作日 9:00–17:30", grid.name, index + 1),
                grid: grid.id,
                ancestors: grid.ancestors,
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
        assert_eq!((data.items.len(), data.offices.len()), (ITEMS.len(), 4));
    }
}
