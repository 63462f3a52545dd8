//! Reporting in (报到): in-service party members register with the
//! community where they live and a secretary decides; reporting units keep
//! their member lists; the status of members and units per community and
//! quarter is kept as history.

use crate::model::account::Role;
use crate::model::service_list::{optional, required};
use crate::model::{AppError, Field};
use serde::{Deserialize, Serialize};

/// Who reports in from their phone.
pub const REGISTRANTS: [Role; 1] = [Role::PartyMember];

pub const MAX_SKILLS_CHARS: usize = 200;
pub const MAX_OFFER_CHARS: usize = 200;
pub const MAX_TIMES_CHARS: usize = 60;
pub const MAX_POSITION_CHARS: usize = 50;
pub const MAX_REASON_CHARS: usize = 500;

named_enum! {
    /// Where a member's registration stands.
    pub enum RegistrationState {
        Pending,
        Approved,
        Declined,
    }
}

named_enum! {
    /// What the secretary decides on a registration.
    pub enum Decision {
        Approve,
        Decline,
    }
}

named_enum! {
    /// A member's or a unit's status in a community for a quarter.
    pub enum ReportStatus {
        /// Reported in (approved), not yet judged for the quarter.
        Reported,
        /// Served: at least one confirmed task in the quarter.
        Active,
        /// Reported in, but no confirmed task in the quarter.
        Inactive,
    }
}

/// A reporting unit a member can name as their workplace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitChoice {
    pub key: String,
    pub name: String,
}

/// The registration form as sent from the member's phone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationInput {
    pub unit_key: String,
    pub skills: String,
    pub offer: String,
    pub times: String,
}

/// A registration's fields after the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedRegistration {
    pub unit_key: String,
    pub skills: String,
    pub offer: String,
    pub times: String,
}

impl RegistrationInput {
    pub fn check(&self) -> Result<CheckedRegistration, AppError> {
        let unit_key = required(&self.unit_key, 100, Field::Workplace)?;
        let skills = required(&self.skills, MAX_SKILLS_CHARS, Field::Skills)?;
        let offer = optional(&self.offer, MAX_OFFER_CHARS, Field::Offer)?.unwrap_or_default();
        let times = optional(&self.times, MAX_TIMES_CHARS, Field::Available)?.unwrap_or_default();
        Ok(CheckedRegistration { unit_key, skills, offer, times })
    }
}

/// A decline needs a reason; an approval takes none.
pub fn decision_reason(decision: Decision, reason: &str) -> Result<Option<String>, AppError> {
    match decision {
        Decision::Approve => Ok(None),
        Decision::Decline => required(reason, MAX_REASON_CHARS, Field::Reason).map(Some),
    }
}

/// One registration, as the member, their unit's admin and the secretary see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub key: String,
    pub member_name: String,
    pub community_name: String,
    pub unit_name: String,
    pub skills: String,
    pub offer: String,
    pub times: String,
    pub state: RegistrationState,
    /// Why it was declined.
    pub reason: Option<String>,
    /// Milliseconds since 1970.
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

/// A line of a unit's member list, with what the unit's admin may know of
/// the person's reporting in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitMember {
    pub key: String,
    pub name: String,
    pub mobile_masked: String,
    pub position: Option<String>,
    /// The newest registration of the person, when they have an account.
    pub registration: Option<RegistrationState>,
    /// The person's status this quarter, when there is one.
    pub status: Option<ReportStatus>,
    /// Confirmed hours this year, in tenths.
    pub hours_tenths: i64,
}

/// A member of a unit's list as the unit's admin enters them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitMemberInput {
    pub name: String,
    pub mobile: String,
    pub position: String,
}

/// A unit's page for its admin: its member list and its statuses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRoster {
    pub unit_name: String,
    pub members: Vec<UnitMember>,
    pub registrations: Vec<Registration>,
    pub history: Vec<StatusEntry>,
}

/// A member's own registrations and status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyReporting {
    pub registrations: Vec<Registration>,
    pub history: Vec<StatusEntry>,
}

/// One row of the status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEntry {
    pub subject_name: String,
    pub community_name: String,
    /// `2026-Q4`.
    pub period: String,
    pub status: ReportStatus,
    /// Milliseconds since 1970.
    pub at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registration_names_a_unit_and_skills() {
        let mut input =
            RegistrationInput { unit_key: "u1".into(), skills: "电工".into(), ..Default::default() };
        assert_eq!(input.check().unwrap().skills, "电工");
        input.skills = "  ".into();
        assert_eq!(input.check(), Err(AppError::Invalid(Field::Skills)));
        input.skills = "电工".into();
        input.unit_key = String::new();
        assert_eq!(input.check(), Err(AppError::Invalid(Field::Workplace)));
        input.unit_key = "u1".into();
        input.offer = "x".repeat(MAX_OFFER_CHARS + 1);
        assert_eq!(input.check(), Err(AppError::Invalid(Field::Offer)));
    }

    #[test]
    fn only_a_decline_needs_a_reason() {
        assert_eq!(decision_reason(Decision::Approve, "ignored"), Ok(None));
        assert_eq!(decision_reason(Decision::Decline, " "), Err(AppError::Invalid(Field::Reason)));
        assert_eq!(decision_reason(Decision::Decline, " 不在本社区居住 "), Ok(Some("不在本社区居住".into())));
    }
}
