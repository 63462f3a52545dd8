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
