//! The sync protocol both sides speak (see `docs/sync.md`). The phone
//! records every change as an [`Operation`] in its outbox; the server
//! answers each one with an [`OpResult`] and keeps that answer under the
//! operation's id, so a replay gets the same answer and never a second record.

use serde::{Deserialize, Serialize};

/// The version of this app, sent with every operation.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Operations from app versions older than this are kept aside with a reason.
pub const OLDEST_ACCEPTED_VERSION: &str = "0.1.0";

/// How many operations the phone sends in one request: as many as the
/// server takes (`server::sync::MAX_BATCH`), since it applies and commits a
/// batch at once.
pub const PUSH_BATCH: usize = 200;

/// One change made on a phone. `payload` stays raw JSON until the server
/// reads it by `kind`, so one operation it cannot read never spoils a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// UUIDv7 made on the phone.
    pub op_id: String,
    pub device_id: String,
    pub kind: String,
    pub payload: serde_json::Value,
    /// Milliseconds since 1970 by the phone's clock.
    pub captured_at: i64,
    pub app_version: String,
    /// The account (its id) logged in when the operation was made; the
    /// server refuses it under any other login. Older apps sent none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

named_enum! {
    /// Every kind of operation, on both sides. A new feature adds a kind here
    /// and a handler in `server::sync::registry`.
    pub enum OpKind {
        RecordVisit,
        ReportIssue,
        ChangeIssue,
        ClaimTask,
        WithdrawClaim,
        FinishTask,
        /// A check-in or check-out at an activity, with the organiser's code.
        CheckIn,
        /// Hours entered by hand, pending until verified.
        LogHours,
    }
}

impl OpKind {
    /// Kinds that change a record rather than create one: the server
    /// proves it holds them by their stored operation.
    pub fn is_change(self) -> bool {
        matches!(
            self,
            OpKind::ChangeIssue
                | OpKind::ClaimTask
                | OpKind::WithdrawClaim
                | OpKind::FinishTask
                | OpKind::CheckIn
        )
    }
}

/// Why the server would not apply an operation, in words the phone translates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum RejectReason {
    /// A field is wrong; the detail names it.
    Invalid(crate::model::Field),
    /// This server does not know the kind (a newer app?).
    UnknownKind(String),
    /// The app is older than the server accepts; update and resend.
    AppTooOld,
    /// The same operation id came before with different content.
    PayloadMismatch,
    /// The record it refers to does not exist or is outside your area.
    NotFound,
    /// Your role may not do this.
    Forbidden,
    /// The record id is taken by a different record.
    IdTaken,
    /// Another write got in the way; the phone simply sends it again.
    Busy,
    /// The server failed on this operation (logged there); send it again later.
    ServerError,
    /// Made under another account's login on this phone; sent only under that one.
    WrongAccount,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum OpResult {
    Applied,
    /// The record was already there with this content (sent by another operation).
    Duplicate,
    Rejected {
        reason: RejectReason,
    },
    /// The record moved on meanwhile; `current` is its state now (e.g. an issue status).
    Conflict {
        current: String,
    },
}

impl OpResult {
    /// Whether the phone may drop the operation from its outbox.
    pub fn is_settled(&self) -> bool {
        matches!(self, OpResult::Applied | OpResult::Duplicate)
    }

    /// Worth sending again as it is (not the user's to fix).
    pub fn is_transient(&self) -> bool {
        matches!(self, OpResult::Rejected { reason: RejectReason::Busy | RejectReason::ServerError })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpAnswer {
    pub op_id: String,
    pub result: OpResult,
}

/// A building of the user's area, for the pickers of the forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildingChoice {
    pub key: String,
    pub name: String,
    pub grid_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdChoice {
    pub key: String,
    pub building: String,
    pub unit: String,
    pub contact_name: Option<String>,
    /// When anyone last visited it (milliseconds), as the server knows.
    #[serde(default)]
    pub last_visit_at: Option<i64>,
    /// Only for the roles that see them (`CARE_TAG_VIEWERS`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub care_tags: Vec<String>,
}

/// What a phone keeps of its user's area. Buildings and households come
/// whole (a grid is small); issues and visits since the cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullData {
    pub buildings: Vec<BuildingChoice>,
    pub households: Vec<HouseholdChoice>,
    pub issues: Vec<crate::model::issue::IssueItem>,
    pub visits: Vec<crate::model::visit::VisitItem>,
    /// Tasks the user may claim, and those they claimed (claimers only).
    #[serde(default)]
    pub tasks: Vec<crate::model::task::TaskItem>,
    /// The user's confirmed hours and points this year.
    #[serde(default)]
    pub totals: crate::model::task::MyTotals,
    /// Activities of the user's area from yesterday to two weeks ahead
    /// (with the code's secret on the organiser's phone only).
    #[serde(default)]
    pub activities: Vec<crate::model::volunteer::ActivityItem>,
    /// Send this as `since` next time.
    pub cursor: i64,
    /// The phone warns when an operation has waited longer than this.
    pub stale_after_hours: u64,
    /// Households not visited for this many days are on the worker's home.
    #[serde(default = "default_quiet_days")]
    pub quiet_days: u32,
    /// True when the area was too big and lists were cut short.
    pub truncated: bool,
    /// Changes whenever the server restarts; then the phone checks that the
    /// server still holds what it sent.
    #[serde(default)]
    pub boot_id: String,
}

/// The most records one holding check may name.
pub const MAX_HELD_CHECK: usize = 500;

/// "Do you still hold this?": an operation the server once answered
/// `applied`/`duplicate`, and the record it made or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldCheck {
    pub op_id: String,
    pub kind: OpKind,
    pub record_id: String,
}

/// A new record id: UUIDv7 from the time and 10 random bytes.
pub fn new_id(unix_millis: u64, random: [u8; 10]) -> String {
    uuid::Builder::from_unix_timestamp_millis(unix_millis, &random).into_uuid().to_string()
}

/// Record ids coming from phones must be UUIDs (any version).
pub fn is_record_id(text: &str) -> bool {
    uuid::Uuid::try_parse(text).is_ok() && text.len() == 36
}

/// Compares dotted versions numerically ("0.10.0" > "0.9.3").
pub fn version_at_least(version: &str, oldest: &str) -> bool {
    let parts = |v: &str| -> Vec<u64> { v.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
    parts(version) >= parts(oldest)
}

pub fn default_quiet_days() -> u32 {
    90
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuid_v7_and_sort_by_time() {
        let early = new_id(1_700_000_000_000, [1; 10]);
        let late = new_id(1_700_000_000_001, [0; 10]);
        assert!(is_record_id(&early));
        assert!(early < late, "{early} {late}");
        assert_eq!(uuid::Uuid::parse_str(&early).unwrap().get_version_num(), 7);
        assert!(!is_record_id("visit:1"));
    }

    #[test]
    fn versions_compare_by_number() {
        assert!(version_at_least("0.10.0", "0.9.3"));
        assert!(!version_at_least("0.0.9", "0.1.0"));
        assert!(version_at_least("0.1.0", "0.1.0"));
    }

    #[test]
    fn kinds_round_trip() {
        for &kind in OpKind::ALL {
            assert_eq!(OpKind::parse(kind.as_str()), Some(kind));
        }
    }
}
