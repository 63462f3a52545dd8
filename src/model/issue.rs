//! Resident issues (居民诉求): the report form, the state machine and deadlines.
//! The server decides every transition with [`next_status`]; the phone uses
//! the same function to show only the buttons that can work.

use crate::model::account::Role;
use crate::model::photo::{attachments_problem, Location};
use crate::model::sync::is_record_id;
use crate::model::Field;
use serde::{Deserialize, Serialize};
use strum::{EnumDiscriminants, EnumString, IntoStaticStr, VariantArray};

named_enum! {
    pub enum IssueCategory {
        Property,
        Environment,
        Safety,
        Neighbour,
        Facilities,
        PublicServices,
        Other,
    }
}

named_enum!(ActionKind);

named_enum! {
    pub enum Urgency {
        Normal,
        Urgent,
    }
}

named_enum! {
    pub enum IssueStatus {
        Reported,
        Accepted,
        Assigned,
        InProgress,
        Resolved,
        Confirmed,
        /// Back to the reporter with a reason (not a matter for the community).
        Returned,
        /// Handed to the next level up the tree.
        Escalated,
    }
}

impl IssueStatus {
    /// Still waiting to be accepted (the accept clock runs).
    pub fn awaits_acceptance(self) -> bool {
        matches!(self, IssueStatus::Reported | IssueStatus::Escalated)
    }

    /// Nothing more to do.
    pub fn is_closed(self) -> bool {
        matches!(self, IssueStatus::Resolved | IssueStatus::Confirmed | IssueStatus::Returned)
    }
}

/// A step in an issue's life. [`ActionKind`] names it without its data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, EnumDiscriminants)]
#[serde(tag = "action", rename_all = "snake_case")]
#[strum_discriminants(
    name(ActionKind),
    derive(Hash, Serialize, Deserialize, IntoStaticStr, EnumString, VariantArray),
    serde(rename_all = "snake_case"),
    strum(serialize_all = "snake_case")
)]
pub enum IssueAction {
    Accept,
    /// To a grid worker, by the worker's account id.
    Assign {
        worker: String,
    },
    Start,
    Resolve,
    Confirm,
    Return {
        reason: String,
    },
    Escalate,
}

impl IssueAction {
    pub fn kind(&self) -> ActionKind {
        self.into()
    }
}

/// The state machine: where `action` takes an issue in `status`, if anywhere.
pub fn next_status(status: IssueStatus, action: &IssueAction) -> Option<IssueStatus> {
    use IssueStatus::*;
    let open = matches!(status, Reported | Accepted | Assigned | InProgress | Escalated);
    match action {
        IssueAction::Accept if status.awaits_acceptance() => Some(Accepted),
        IssueAction::Assign { .. } if open => Some(Assigned),
        IssueAction::Start if status == Assigned => Some(InProgress),
        IssueAction::Resolve if matches!(status, Assigned | InProgress) => Some(Resolved),
        IssueAction::Confirm if status == Resolved => Some(Confirmed),
        IssueAction::Return { .. } if matches!(status, Reported | Accepted | Escalated) => Some(Returned),
        IssueAction::Escalate if open => Some(Escalated),
        _ => None,
    }
}

/// Who may take an action: triage (accept, assign, return, confirm) is for
/// secretaries and street admins; the work itself for the assigned worker
/// (or a secretary); grid workers may also escalate what they cannot solve.
pub fn may_act(roles: &[Role], action: &IssueAction, is_assignee: bool) -> bool {
    let triage = roles.iter().any(|r| matches!(r, Role::Secretary | Role::StreetAdmin));
    let worker = roles.contains(&Role::GridWorker);
    match action {
        IssueAction::Accept
        | IssueAction::Assign { .. }
        | IssueAction::Return { .. }
        | IssueAction::Confirm => triage,
        IssueAction::Start | IssueAction::Resolve => triage || is_assignee,
        IssueAction::Escalate => triage || worker,
    }
}

pub const MAX_DESCRIPTION_CHARS: usize = 2000;
pub const MAX_REASON_CHARS: usize = 500;

/// The payload of a `report_issue` operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueInput {
    pub issue_id: String,
    pub category: IssueCategory,
    pub description: String,
    /// Building key; the household is optional.
    pub building: String,
    pub household: Option<String>,
    pub urgency: Urgency,
    pub reporter_name: Option<String>,
    /// Stored whole, shown masked.
    pub reporter_phone: Option<String>,
    /// Photo ids (uploaded apart, `docs/photos.md`) and where it was made;
    /// older apps send neither, and empty ones are never serialised, so
    /// their operations hash as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl IssueInput {
    pub fn problem(&self) -> Option<Field> {
        let description = self.description.trim();
        if !is_record_id(&self.issue_id) {
            Some(Field::IssueId)
        } else if description.is_empty() || description.chars().count() > MAX_DESCRIPTION_CHARS {
            Some(Field::Description)
        } else if self.building.trim().is_empty() {
            Some(Field::Building)
        } else if self.reporter_name.as_deref().is_some_and(|n| n.chars().count() > 50) {
            Some(Field::ReporterName)
        } else if self
            .reporter_phone
            .as_deref()
            .is_some_and(|p| crate::model::account::normalize_mobile(p).is_none())
        {
            Some(Field::Phone)
        } else {
            attachments_problem(&self.photos, self.location)
        }
    }
}

/// The payload of a `change_issue` operation: `expected` is the status the
/// user saw, so a change made on stale information comes back as a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueChange {
    pub issue_id: String,
    pub expected: IssueStatus,
    #[serde(flatten)]
    pub action: IssueAction,
    pub note: String,
}

impl IssueChange {
    pub fn problem(&self) -> Option<Field> {
        if !is_record_id(&self.issue_id) {
            return Some(Field::IssueId);
        }
        if self.note.chars().count() > MAX_REASON_CHARS {
            return Some(Field::Note);
        }
        match &self.action {
            IssueAction::Return { reason }
                if reason.trim().is_empty() || reason.chars().count() > MAX_REASON_CHARS =>
            {
                Some(Field::Reason)
            }
            IssueAction::Assign { worker } if worker.trim().is_empty() => Some(Field::Worker),
            _ => None,
        }
    }
}

/// An issue as lists show it, on the phone and in the secretary's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueItem {
    pub issue_id: String,
    pub status: IssueStatus,
    pub category: IssueCategory,
    pub urgency: Urgency,
    pub description: String,
    /// "光明社区第1网格 · 1号楼 101".
    pub place: String,
    pub grid_code: String,
    pub reporter_name: Option<String>,
    pub reporter_phone_masked: Option<String>,
    pub assignee_name: Option<String>,
    pub assignee_key: Option<String>,
    pub captured_at: i64,
    pub received_at: i64,
    pub accept_due: i64,
    pub resolve_due: i64,
    pub version: i64,
    /// The photos the report named (each readable once uploaded) and where
    /// it was made; only in the area's lists, never on public pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl IssueItem {
    /// Overdue is computed when shown, never stored.
    pub fn is_overdue(&self, now: i64) -> bool {
        if self.status.awaits_acceptance() {
            now > self.accept_due
        } else {
            !self.status.is_closed() && now > self.resolve_due
        }
    }

    /// The deadline that matters now.
    pub fn due(&self) -> i64 {
        if self.status.awaits_acceptance() {
            self.accept_due
        } else {
            self.resolve_due
        }
    }

    /// How long it sat on the phone before it reached the server.
    pub fn offline_millis(&self) -> i64 {
        (self.received_at - self.captured_at).max(0)
    }
}

/// One step of an issue's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueEvent {
    /// The step taken; `None` for the report that opened the issue.
    pub action: Option<ActionKind>,
    pub from: Option<IssueStatus>,
    pub to: IssueStatus,
    pub actor_name: String,
    pub note: String,
    pub at: i64,
}

/// What the secretary's queue shows: filters, and which page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFilter {
    pub status: Option<IssueStatus>,
    pub category: Option<IssueCategory>,
    pub grid_code: Option<String>,
    pub overdue_only: bool,
    /// Also resolved, confirmed and returned issues (when no status is chosen).
    pub include_closed: bool,
    /// Which page the screen is on (0 = the first), for the screen only:
    /// the server pages by `after`.
    pub page: u32,
    /// Start after this row: the `next` of the page before; `None` for the
    /// first page.
    #[serde(default)]
    pub after: Option<QueueCursor>,
}

impl QueueFilter {
    /// Back to the first page (after a filter changed).
    pub fn restart(&mut self) {
        self.page = 0;
        self.after = None;
    }
}

/// Where a page of the queue ended: the deadline and key of its last row.
/// The queue is sorted by (deadline, key), so the next page is what comes
/// after this pair ("keyset" paging: page 100 costs what page 1 costs, and
/// a row that changes meanwhile is neither shown twice nor skipped because
/// of rows before it). It only says where to start, never what may be seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueCursor {
    /// The row's deadline (`due`), in milliseconds.
    pub due: i64,
    /// The row's [`IssueItem::issue_id`].
    pub issue_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub items: Vec<IssueItem>,
    pub has_more: bool,
    pub page: u32,
    /// The server's clock when the page was read; "overdue" is judged by it.
    pub now: i64,
    /// Where the next page starts; `None` on the last page.
    #[serde(default)]
    pub next: Option<QueueCursor>,
}

/// The secretary's queue at a glance, for their home screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueSummary {
    /// Open issues of the area (not resolved, confirmed or returned).
    pub open: u32,
    /// Reported or escalated, not yet accepted.
    pub awaiting: u32,
    /// Open and past the deadline that matters now.
    pub overdue: u32,
    /// Open and due within the next 24 hours.
    pub due_soon: u32,
    /// Resolved by the worker, waiting for the secretary's confirmation.
    pub to_confirm: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerChoice {
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueDetail {
    pub issue: IssueItem,
    pub events: Vec<IssueEvent>,
    /// Grid workers it may be assigned to.
    pub workers: Vec<WorkerChoice>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use IssueStatus::*;

    #[test]
    fn the_happy_path_runs_from_reported_to_confirmed() {
        let assign = IssueAction::Assign { worker: "13800000003".into() };
        let steps =
            [IssueAction::Accept, assign, IssueAction::Start, IssueAction::Resolve, IssueAction::Confirm];
        let mut status = Reported;
        for action in &steps {
            status = next_status(status, action).unwrap_or_else(|| panic!("{status:?} {action:?}"));
        }
        assert_eq!(status, Confirmed);
    }

    #[test]
    fn closed_issues_take_no_more_work() {
        for closed in [Resolved, Confirmed, Returned] {
            assert_eq!(next_status(closed, &IssueAction::Resolve), None, "{closed:?}");
            assert_eq!(next_status(closed, &IssueAction::Escalate), None, "{closed:?}");
        }
        assert_eq!(next_status(Escalated, &IssueAction::Accept), Some(Accepted));
    }

    #[test]
    fn only_triage_roles_accept_and_workers_escalate() {
        assert!(!may_act(&[Role::GridWorker], &IssueAction::Accept, false));
        assert!(may_act(&[Role::Secretary], &IssueAction::Accept, false));
        assert!(may_act(&[Role::GridWorker], &IssueAction::Escalate, false));
        assert!(may_act(&[Role::GridWorker], &IssueAction::Resolve, true));
        assert!(!may_act(&[Role::BuildingLeader], &IssueAction::Resolve, false));
    }
}
