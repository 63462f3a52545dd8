//! Household visits (走访): what the form sends and the rules both sides check.

use crate::model::sync::is_record_id;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitType {
    Routine,
    FollowUp,
    /// Care for the elderly or vulnerable.
    Care,
    PolicyOutreach,
    Mediation,
}

impl VisitType {
    pub const ALL: [VisitType; 5] = [
        VisitType::Routine,
        VisitType::FollowUp,
        VisitType::Care,
        VisitType::PolicyOutreach,
        VisitType::Mediation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VisitType::Routine => "routine",
            VisitType::FollowUp => "follow_up",
            VisitType::Care => "care",
            VisitType::PolicyOutreach => "policy_outreach",
            VisitType::Mediation => "mediation",
        }
    }

    pub fn parse(text: &str) -> Option<VisitType> {
        VisitType::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

pub const MAX_NOTES_CHARS: usize = 2000;

/// The payload of a `record_visit` operation. Visits are append-only: a
/// correction is a new visit whose `corrects` names the one it replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitInput {
    pub visit_id: String,
    /// Household key, from the phone's cached list.
    pub household: String,
    pub visit_type: VisitType,
    pub notes: String,
    /// `YYYY-MM-DD`, when a follow-up visit is due.
    pub follow_up_on: Option<String>,
    pub corrects: Option<String>,
}

impl VisitInput {
    /// The first field that is wrong, by name.
    pub fn problem(&self) -> Option<&'static str> {
        if !is_record_id(&self.visit_id) {
            return Some("visit_id");
        }
        if self.household.trim().is_empty() {
            return Some("household");
        }
        if self.notes.chars().count() > MAX_NOTES_CHARS {
            return Some("notes");
        }
        if self.follow_up_on.as_deref().is_some_and(|d| !is_date(d)) {
            return Some("follow_up_on");
        }
        if self.corrects.as_deref().is_some_and(|id| !is_record_id(id) || id == self.visit_id) {
            return Some("corrects");
        }
        None
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
pub fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |i: usize, len: usize| {
        parts
            .get(i)
            .filter(|p| p.len() == len && p.chars().all(|c| c.is_ascii_digit()))
            .map(|p| p.parse::<u32>().unwrap_or(0))
    };
    match (parts.len(), number(0, 4), number(1, 2), number(2, 2)) {
        (3, Some(_), Some(month), Some(day)) => (1..=12).contains(&month) && (1..=31).contains(&day),
        _ => false,
    }
}

/// A visit as lists show it (the phone's own and the server's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitItem {
    pub visit_id: String,
    pub household: String,
    /// "1号楼 101", for lists.
    pub place: String,
    pub visit_type: VisitType,
    pub notes: String,
    pub follow_up_on: Option<String>,
    pub corrects: Option<String>,
    pub captured_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit() -> VisitInput {
        VisitInput {
            visit_id: crate::model::sync::new_id(1, [7; 10]),
            household: "demo-c1-g1-b1-101".into(),
            visit_type: VisitType::Care,
            notes: "王奶奶身体不错".into(),
            follow_up_on: Some("2026-12-01".into()),
            corrects: None,
        }
    }

    #[test]
    fn a_good_visit_has_no_problem() {
        assert_eq!(visit().problem(), None);
    }

    #[test]
    fn each_bad_field_is_named() {
        assert_eq!(VisitInput { visit_id: "x".into(), ..visit() }.problem(), Some("visit_id"));
        assert_eq!(
            VisitInput { follow_up_on: Some("2026-13-01".into()), ..visit() }.problem(),
            Some("follow_up_on")
        );
        assert_eq!(VisitInput { notes: "字".repeat(2001), ..visit() }.problem(), Some("notes"));
        let v = visit();
        assert_eq!(VisitInput { corrects: Some(v.visit_id.clone()), ..v }.problem(), Some("corrects"));
    }
}
