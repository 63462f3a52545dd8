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
pub struct LocalRecord {
    /// The record's id (visit_id or issue_id).
    pub id: String,
    pub mark: SyncMark,
    pub visit: Option<VisitItem>,
    pub issue: Option<IssueItem>,
}

impl LocalRecord {
    pub fn captured_at(&self) -> i64 {
        self.visit.as_ref().map(|v| v.captured_at).or(self.issue.as_ref().map(|i| i.captured_at)).unwrap_or(0)
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
}
