//! Dual-reporting tasks (任务) and the claims members make on them, offline
//! too: a claim is an outbox operation, taken in the order the server
//! receives it until the places are filled; later claims wait in line.

use crate::model::account::Role;
use crate::model::time::parse_local_minute;
use crate::model::{AppError, Field};
use serde::{Deserialize, Serialize};

/// Who claims tasks: party members (in service or building leaders) and
/// the reporting units' admins.
pub const CLAIMERS: [Role; 3] = [Role::PartyMember, Role::BuildingLeader, Role::UnitAdmin];

pub const MAX_PLACES: u32 = 999;
pub const MAX_HOURS_TENTHS: u32 = 240;
pub const MAX_POINTS: u32 = 1000;

named_enum! {
    /// Where a claim stands.
    pub enum ClaimState {
        /// Has a place.
        In,
        /// Waits for a place, in the order the claims arrived.
        Waitlisted,
        /// Gave the place (or the wait) up.
        Withdrawn,
        /// The member reported the task done; the secretary confirms it.
        Done,
        /// Confirmed: its hours, points and the unit's credit are written.
        Confirmed,
    }
}

impl ClaimState {
    /// Holds a place (or a place in line).
    pub fn is_live(self) -> bool {
        self != ClaimState::Withdrawn
    }
}

/// A task as a claimer's phone keeps it, with the claimer's own claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskItem {
    pub task_id: String,
    pub title: String,
    pub detail: String,
    pub place: Option<String>,
    /// Milliseconds since 1970.
    pub starts_at: i64,
    pub ends_at: i64,
    pub places: u32,
    /// Places taken.
    pub taken: u32,
    /// Tenths of an hour (15 = 1.5 h).
    pub hours_tenths: u32,
    pub points: u32,
    pub open: bool,
    pub mine: Option<MyClaim>,
}

/// The caller's claim on a task: its state and, while waiting, its place
/// in line (1 = next).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyClaim {
    pub state: ClaimState,
    pub position: u32,
    /// Why the secretary sent the report of work done back.
    #[serde(default)]
    pub sent_back_reason: Option<String>,
}

/// The caller's hours and points this year, sums of confirmed entries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyTotals {
    pub year: i64,
    pub hours_tenths: i64,
    pub points: i64,
}

/// The payload of `finish_task`: the member reports the task done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinishInput {
    pub task_id: String,
    pub note: String,
}

pub const MAX_NOTE_CHARS: usize = 500;

named_enum! {
    /// What a list keeper does with a claim reported done.
    pub enum ReviewStep {
        /// Confirms it: writes the hours, the points and the unit's credit.
        Confirm,
        /// Sends it back to the member, with a reason.
        SendBack,
        /// Undoes a confirmation, with a reason: the three ledgers are reversed.
        Undo,
    }
}

/// A claim reported done or confirmed, as a list keeper reviews it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimReview {
    pub claim_key: String,
    pub task_title: String,
    pub member_name: String,
    pub unit_name: Option<String>,
    pub state: ClaimState,
    pub done_note: Option<String>,
    pub hours_tenths: u32,
    pub points: u32,
}

/// The payload of `claim_task` and `withdraw_claim` operations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimInput {
    pub task_id: String,
}

/// The task form as a list keeper sends it, usually from a need or project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskInput {
    /// The need or project it answers; empty for none.
    pub source_key: String,
    pub community_code: String,
    pub title: String,
    pub detail: String,
    pub place: String,
    /// `2026-12-05T09:00`, China Standard Time.
    pub starts: String,
    pub ends: String,
    pub places: String,
    /// Hours, with at most one decimal: "1.5".
    pub hours: String,
    pub points: String,
}

/// A task's fields after the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedTask {
    pub title: String,
    pub detail: String,
    pub place: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub places: u32,
    pub hours_tenths: u32,
    pub points: u32,
}

impl TaskInput {
    pub fn check(&self) -> Result<CheckedTask, AppError> {
        let invalid = AppError::Invalid;
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 60 {
            return Err(invalid(Field::Title));
        }
        if self.detail.trim().chars().count() > 500 {
            return Err(invalid(Field::Detail));
        }
        let place = self.place.trim();
        if place.chars().count() > 60 {
            return Err(invalid(Field::Place));
        }
        let starts_at = parse_local_minute(&self.starts).ok_or(invalid(Field::Date))?;
        let ends_at =
            parse_local_minute(&self.ends).filter(|end| *end > starts_at).ok_or(invalid(Field::Date))?;
        let places = whole(&self.places, 1, MAX_PLACES).ok_or(invalid(Field::Capacity))?;
        let hours_tenths =
            parse_tenths(&self.hours).filter(|h| *h <= MAX_HOURS_TENTHS).ok_or(invalid(Field::Hours))?;
        let points = whole(&self.points, 0, MAX_POINTS).ok_or(invalid(Field::Points))?;
        Ok(CheckedTask {
            title: title.to_owned(),
            detail: self.detail.trim().to_owned(),
            place: Some(place.to_owned()).filter(|p| !p.is_empty()),
            starts_at,
            ends_at,
            places,
            hours_tenths,
            points,
        })
    }
}

fn whole(text: &str, min: u32, max: u32) -> Option<u32> {
    text.trim().parse::<u32>().ok().filter(|n| (min..=max).contains(n))
}

/// "1.5" -> 15; "2" -> 20; more than one decimal is refused.
pub fn parse_tenths(text: &str) -> Option<u32> {
    match text.trim().split_once('.') {
        None => text.trim().parse::<u32>().ok()?.checked_mul(10),
        Some((whole, tenth)) if tenth.len() == 1 => {
            let whole = if whole.is_empty() { 0 } else { whole.parse::<u32>().ok()? };
            whole.checked_mul(10)?.checked_add(tenth.parse::<u32>().ok()?)
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task() -> TaskInput {
        TaskInput {
            source_key: String::new(),
            community_code: "demo-c1".into(),
            title: "陪老人买药".into(),
            detail: String::new(),
            place: "2号楼".into(),
            starts: "2026-12-05T09:00".into(),
            ends: "2026-12-05T11:30".into(),
            places: "1".into(),
            hours: "2.5".into(),
            points: "10".into(),
        }
    }

    #[test]
    fn a_task_needs_a_title_a_window_and_places() {
        let checked = task().check().unwrap();
        assert_eq!(
            (checked.hours_tenths, checked.places, checked.ends_at - checked.starts_at),
            (25, 1, 9_000_000)
        );
        assert_eq!(TaskInput { title: " ".into(), ..task() }.check(), Err(AppError::Invalid(Field::Title)));
        assert_eq!(
            TaskInput { ends: "2026-12-05T08:00".into(), ..task() }.check(),
            Err(AppError::Invalid(Field::Date))
        );
        assert_eq!(
            TaskInput { places: "0".into(), ..task() }.check(),
            Err(AppError::Invalid(Field::Capacity))
        );
        assert_eq!(
            TaskInput { hours: "24.1".into(), ..task() }.check(),
            Err(AppError::Invalid(Field::Hours))
        );
        assert_eq!(
            TaskInput { hours: "1.25".into(), ..task() }.check(),
            Err(AppError::Invalid(Field::Hours))
        );
    }
}
