//! Households and their contact, masked unless revealed.

use crate::model::account::Role;
use serde::{Deserialize, Serialize};

/// Who sees the households of their area: residents' names are for the
/// people who visit and serve them.
pub const HOUSEHOLD_ROLES: [Role; 4] =
    [Role::StreetAdmin, Role::Secretary, Role::GridWorker, Role::BuildingLeader];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdSummary {
    pub key: String,
    pub building: String,
    pub building_code: String,
    pub unit: String,
    pub contact_name: Option<String>,
    pub phone_masked: Option<String>,
    pub id_masked: Option<String>,
}

/// The whole contact, after an audited reveal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FullContact {
    pub phone: Option<String>,
    pub id_number: Option<String>,
}

/// 440308199001011234 → 440308********1234; anything else is hidden whole.
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() != 18 {
        return "***".into();
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[14..].iter().collect();
    format!("{head}********{tail}")
}

/// The household form as sent: an empty `key` adds a household; empty
/// phone or ID number fields keep what is stored (the form only ever shows
/// them masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdInput {
    pub key: String,
    pub building_code: String,
    pub unit: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub id_number: String,
}

pub const MAX_UNIT_CHARS: usize = 32;

/// An 18-character resident ID number (17 digits and a digit or X), upper-cased.
pub fn normalize_id_number(input: &str) -> Option<String> {
    let id = input.trim().to_uppercase();
    let chars: Vec<char> = id.chars().collect();
    let valid = chars.len() == 18
        && chars[..17].iter().all(char::is_ascii_digit)
        && (chars[17].is_ascii_digit() || chars[17] == 'X');
    valid.then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_keep_region_and_last_four() {
        assert_eq!(mask_id_number("440308199001011234"), "440308********1234");
        assert_eq!(mask_id_number("12345"), "***");
    }

    #[test]
    fn id_numbers_are_checked_for_shape() {
        assert_eq!(normalize_id_number(" 44030819900101123x ").as_deref(), Some("44030819900101123X"));
        assert_eq!(normalize_id_number("4403081990010112"), None);
        assert_eq!(normalize_id_number("44030819900101123Y"), None);
    }
}

/// How many households of a grid someone visited lately (issue 13).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GridCoverage {
    pub grid_name: String,
    pub households: u32,
    /// Households with a visit in the last 30 and 90 days.
    pub visited_30: u32,
    pub visited_90: u32,
}

impl GridCoverage {
    /// Whole percent, rounded down: "visited" never overstates.
    pub fn percent(&self, visited: u32) -> u32 {
        (visited * 100).checked_div(self.households).unwrap_or(0)
    }
}

/// Who sets a household's care tags: grid workers and secretaries.
pub const CARE_TAG_SETTERS: [Role; 2] = [Role::GridWorker, Role::Secretary];

/// Who sees them: those, and the building leaders who look after the
/// households of their buildings. Street staff see figures, not people.
pub const CARE_TAG_VIEWERS: [Role; 3] = [Role::GridWorker, Role::Secretary, Role::BuildingLeader];

/// A household's page: where it is, its contact (masked), care tags, the
/// visits to it (newest first) and the open issues of it or its building.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdDetail {
    pub key: String,
    /// "1号楼 101".
    pub place: String,
    pub contact_name: Option<String>,
    pub phone_masked: Option<String>,
    /// Only for the roles that look after households; empty for others.
    pub care_tags: Vec<String>,
    /// The configured tags the caller may set (empty: may not set any).
    pub tag_choices: Vec<String>,
    pub visits: Vec<HouseholdVisit>,
    pub open_issues: Vec<HouseholdIssue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdVisit {
    pub at: i64,
    pub visitor_name: String,
    pub visit_type: crate::model::visit::VisitType,
    pub notes: String,
    pub follow_up_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdIssue {
    pub issue_id: String,
    pub description: String,
    pub status: crate::model::issue::IssueStatus,
    pub captured_at: i64,
    /// Of this household, or of its building.
    pub this_household: bool,
}

/// The tags chosen, each once, all of them configured; or the field that is wrong.
pub fn check_care_tags(chosen: &[String], configured: &[String]) -> Result<Vec<String>, crate::model::Field> {
    let mut tags: Vec<String> = Vec::new();
    for tag in chosen.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if !configured.iter().any(|c| c == tag) {
            return Err(crate::model::Field::Category);
        }
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    Ok(tags)
}
