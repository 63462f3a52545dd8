//! What the phone keeps in IndexedDB. Defined here so that pages can show
//! it; only the browser build stores it (`src/offline/`).

use crate::model::issue::IssueItem;
use crate::model::sync::{BuildingChoice, HouseholdChoice, OpResult, Operation};
use crate::model::visit::VisitItem;
use serde::{Deserialize, Serialize};

/// The sync badge of one record: 待同步 / 已同步 / 需处理.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncMark {
    Pending,
    Synced,
    Attention,
}

/// A visit or an issue as the phone keeps it: made here (pending until the
/// server has it) or pulled from the server (synced).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "StoredRecord", into = "StoredRecord")]
pub struct LocalRecord {
    /// The record's id (visit_id or issue_id).
    pub id: String,
    pub mark: SyncMark,
    pub item: LocalItem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalItem {
    Visit(VisitItem),
    Issue(IssueItem),
    Claim(ClaimItem),
    CheckIn(CheckInItem),
    Hours(HoursItem),
}

/// A check-in (or check-out) made on this phone, waiting to be verified at sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInItem {
    pub activity: String,
    pub activity_title: String,
    pub out: bool,
    pub captured_at: i64,
}

/// Hours entered by hand on this phone, until the server has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursItem {
    pub what: String,
    pub on: String,
    pub hours_tenths: u32,
    pub captured_at: i64,
}

/// A claim on a task (or its withdrawal) made on this phone: shown as
/// "waiting to be sent" until the server's answer and the next pull.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimItem {
    pub task_id: String,
    pub withdraw: bool,
    /// A report of the task done (`finish_task`).
    #[serde(default)]
    pub finish: bool,
    /// Milliseconds since 1970 by the phone's clock.
    pub captured_at: i64,
}

impl LocalRecord {
    pub fn visit(id: String, mark: SyncMark, visit: VisitItem) -> LocalRecord {
        LocalRecord { id, mark, item: LocalItem::Visit(visit) }
    }

    pub fn issue(id: String, mark: SyncMark, issue: IssueItem) -> LocalRecord {
        LocalRecord { id, mark, item: LocalItem::Issue(issue) }
    }

    pub fn claim(id: String, claim: ClaimItem) -> LocalRecord {
        LocalRecord { id, mark: SyncMark::Pending, item: LocalItem::Claim(claim) }
    }

    pub fn check_in(id: String, check_in: CheckInItem) -> LocalRecord {
        LocalRecord { id, mark: SyncMark::Pending, item: LocalItem::CheckIn(check_in) }
    }

    pub fn hours(id: String, hours: HoursItem) -> LocalRecord {
        LocalRecord { id, mark: SyncMark::Pending, item: LocalItem::Hours(hours) }
    }

    pub fn captured_at(&self) -> i64 {
        match &self.item {
            LocalItem::Visit(visit) => visit.captured_at,
            LocalItem::Issue(issue) => issue.captured_at,
            LocalItem::Claim(claim) => claim.captured_at,
            LocalItem::CheckIn(check_in) => check_in.captured_at,
            LocalItem::Hours(hours) => hours.captured_at,
        }
    }

    pub fn as_visit(&self) -> Option<&VisitItem> {
        match &self.item {
            LocalItem::Visit(visit) => Some(visit),
            _ => None,
        }
    }

    pub fn as_issue(&self) -> Option<&IssueItem> {
        match &self.item {
            LocalItem::Issue(issue) => Some(issue),
            _ => None,
        }
    }

    pub fn as_claim(&self) -> Option<&ClaimItem> {
        match &self.item {
            LocalItem::Claim(claim) => Some(claim),
            _ => None,
        }
    }

    pub fn as_check_in(&self) -> Option<&CheckInItem> {
        match &self.item {
            LocalItem::CheckIn(check_in) => Some(check_in),
            _ => None,
        }
    }

    pub fn as_hours(&self) -> Option<&HoursItem> {
        match &self.item {
            LocalItem::Hours(hours) => Some(hours),
            _ => None,
        }
    }
}

/// How phones store a record in IndexedDB (since the first version):
/// exactly one of `visit`, `issue`, `claim` (since issue 11), `check_in`
/// and `hours` (since issue 12) is set.
#[derive(Serialize, Deserialize)]
struct StoredRecord {
    id: String,
    mark: SyncMark,
    visit: Option<VisitItem>,
    issue: Option<IssueItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    claim: Option<ClaimItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    check_in: Option<CheckInItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hours: Option<HoursItem>,
}

impl TryFrom<StoredRecord> for LocalRecord {
    type Error = &'static str;

    fn try_from(stored: StoredRecord) -> Result<Self, Self::Error> {
        let items = [
            stored.visit.map(LocalItem::Visit),
            stored.issue.map(LocalItem::Issue),
            stored.claim.map(LocalItem::Claim),
            stored.check_in.map(LocalItem::CheckIn),
            stored.hours.map(LocalItem::Hours),
        ];
        let mut set = items.into_iter().flatten();
        let (Some(item), None) = (set.next(), set.next()) else {
            return Err("a stored record must be one visit, issue, claim, check-in or hours entry");
        };
        Ok(LocalRecord { id: stored.id, mark: stored.mark, item })
    }
}

impl From<LocalRecord> for StoredRecord {
    fn from(record: LocalRecord) -> Self {
        let mut stored = StoredRecord {
            id: record.id,
            mark: record.mark,
            visit: None,
            issue: None,
            claim: None,
            check_in: None,
            hours: None,
        };
        match record.item {
            LocalItem::Visit(item) => stored.visit = Some(item),
            LocalItem::Issue(item) => stored.issue = Some(item),
            LocalItem::Claim(item) => stored.claim = Some(item),
            LocalItem::CheckIn(item) => stored.check_in = Some(item),
            LocalItem::Hours(item) => stored.hours = Some(item),
        }
        stored
    }
}

/// An operation waiting in the outbox, or set aside for the user's attention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub op_id: String,
    pub op: Operation,
    /// The local record it creates or changes.
    pub record_id: String,
    pub mark: SyncMark,
    /// The server's answer when it was not applied.
    pub answer: Option<OpResult>,
    /// A line for lists: "走访 · 1号楼 101".
    pub summary: String,
    /// Order of making on this phone (its clock may jump).
    #[serde(default)]
    pub seq: u64,
    /// Mobile number of the account that made it; sent only under its login.
    #[serde(default)]
    pub owner: String,
}

/// An operation the server answered `applied` or `duplicate`, kept for
/// [`SENT_KEPT_DAYS`] so that the phone can send it again if the server
/// later turns out not to hold it (`docs/sync.md`, "Proof of holding").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentEntry {
    pub op_id: String,
    pub op: Operation,
    pub record_id: String,
    pub summary: String,
    pub owner: String,
    /// When the server's answer arrived, by the phone's clock.
    pub settled_at: i64,
}

pub const SENT_KEPT_DAYS: i64 = 30;

impl SentEntry {
    pub fn settled(entry: &OutboxEntry, now: i64) -> SentEntry {
        SentEntry {
            op_id: entry.op_id.clone(),
            op: entry.op.clone(),
            record_id: entry.record_id.clone(),
            summary: entry.summary.clone(),
            owner: entry.owner.clone(),
            settled_at: now,
        }
    }
}

/// The user's area as last pulled, for the pickers of the forms.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    pub buildings: Vec<BuildingChoice>,
    pub households: Vec<HouseholdChoice>,
    pub truncated: bool,
    /// Tasks the user may claim and those they claimed (claimers only).
    #[serde(default)]
    pub tasks: Vec<crate::model::task::TaskItem>,
    /// The user's confirmed hours and points this year.
    #[serde(default)]
    pub totals: crate::model::task::MyTotals,
    /// Activities to check in at, and to show the code of (organisers).
    #[serde(default)]
    pub activities: Vec<crate::model::volunteer::ActivityItem>,
    /// Households not visited for this many days are on the worker's home.
    #[serde(default = "crate::model::sync::default_quiet_days")]
    pub quiet_days: u32,
}

impl Area {
    /// What the phone keeps of a pull: the area, and the server's records
    /// (those changed since the cursor it sent) as synced copies.
    pub fn with_records(data: crate::model::sync::PullData) -> (Area, Vec<LocalRecord>) {
        let issues =
            data.issues.into_iter().map(|i| LocalRecord::issue(i.issue_id.clone(), SyncMark::Synced, i));
        let visits =
            data.visits.into_iter().map(|v| LocalRecord::visit(v.visit_id.clone(), SyncMark::Synced, v));
        let records = issues.chain(visits).collect();
        let area = Area {
            buildings: data.buildings,
            households: data.households,
            truncated: data.truncated,
            tasks: data.tasks,
            totals: data.totals,
            activities: data.activities,
            quiet_days: data.quiet_days,
        };
        (area, records)
    }

    /// "1号楼 101" for a household, "1号楼" for a building alone; "光明社区第1网格
    /// · 1号楼 101" with the grid. Empty for keys the area does not have.
    pub fn place(&self, building: &str, household: Option<&str>, with_grid: bool) -> String {
        let household = household.and_then(|key| self.households.iter().find(|h| h.key == key));
        let building_key = household.map_or(building, |h| h.building.as_str());
        let Some(building) = self.buildings.iter().find(|b| b.key == building_key) else {
            return String::new();
        };
        let unit = household.map(|h| format!(" {}", h.unit)).unwrap_or_default();
        match with_grid {
            true => format!("{} · {}{unit}", building.grid_name, building.name),
            false => format!("{}{unit}", building.name),
        }
    }
}

/// Where a photo taken on this phone stands, for the sync page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhotoState {
    /// Kept on the phone until its record is on the server, then uploaded.
    Waiting,
    Uploaded,
    /// The server would not take it (the reason is kept).
    Refused,
}

/// A photo taken on this phone: what it belongs to and how far it got.
/// Its bytes are kept apart (the sync page lists these without loading them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalPhoto {
    pub id: String,
    pub of: crate::model::photo::PhotoOf,
    pub record_id: String,
    /// The operation that makes the record; the photo waits for it.
    pub op_id: String,
    /// The account whose record it is: uploaded only under its login.
    pub owner: String,
    pub bytes: u32,
    pub state: PhotoState,
    #[serde(default)]
    pub refusal: Option<crate::model::AppError>,
    pub taken_at: i64,
    #[serde(default)]
    pub uploaded_at: Option<i64>,
}

/// New photos to keep with a record being saved: its kind, and each photo's
/// id and JPEG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakenPhotos {
    pub of: crate::model::photo::PhotoOf,
    pub photos: Vec<(String, Vec<u8>)>,
}
