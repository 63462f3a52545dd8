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

    #[test]
    fn the_phone_copy_of_a_household_has_its_visits_and_its_buildings_open_issues() {
        use crate::model::issue::{IssueCategory, IssueItem, IssueStatus, Urgency};
        use crate::model::local::{Area, LocalRecord, SyncMark};
        use crate::model::sync::{BuildingChoice, HouseholdChoice};
        use crate::model::visit::{VisitItem, VisitType};
        let household = |key: &str, unit: &str| HouseholdChoice {
            key: key.into(),
            building: "b1".into(),
            unit: unit.into(),
            contact_name: Some("王奶奶".into()),
            last_visit_at: None,
            care_tags: vec!["独居老人".into()],
        };
        let area = Area {
            buildings: vec![BuildingChoice {
                key: "b1".into(),
                name: "1号楼".into(),
                grid_name: "第1网格".into(),
            }],
            households: vec![household("h1", "101"), household("h2", "102")],
            ..Area::default()
        };
        let visit = |id: &str, key: &str, at: i64| {
            let item = VisitItem {
                visit_id: id.into(),
                household: key.into(),
                place: String::new(),
                visit_type: VisitType::Care,
                notes: String::new(),
                follow_up_on: None,
                corrects: None,
                captured_at: at,
                need: None,
                photos: Vec::new(),
                location: None,
            };
            LocalRecord::visit(id.into(), SyncMark::Synced, item)
        };
        let issue = |id: &str, place: &str, status: IssueStatus| {
            let item = IssueItem {
                issue_id: id.into(),
                status,
                category: IssueCategory::Facilities,
                urgency: Urgency::Normal,
                description: String::new(),
                place: place.into(),
                grid_code: String::new(),
                reporter_name: None,
                reporter_phone_masked: None,
                assignee_name: None,
                assignee_key: None,
                captured_at: 1,
                received_at: 1,
                accept_due: 1,
                resolve_due: 1,
                version: 1,
                photos: Vec::new(),
                location: None,
            };
            LocalRecord::issue(id.into(), SyncMark::Synced, item)
        };
        let records = [
            visit("v1", "h1", 10),
            visit("v2", "h2", 20),
            visit("v3", "h1", 30),
            issue("i1", "第1网格 · 1号楼 101", IssueStatus::Accepted),
            issue("i2", "第1网格 · 1号楼", IssueStatus::Reported),
            issue("i3", "第1网格 · 1号楼 102", IssueStatus::Reported),
            issue("i4", "第1网格 · 1号楼 101", IssueStatus::Confirmed),
        ];
        let copy = HouseholdCopy::of(&area, &records, "h1").expect("in the area");
        assert_eq!(copy.place, "1号楼 101");
        assert_eq!(copy.care_tags, ["独居老人"]);
        assert_eq!(copy.visits.iter().map(|v| v.at).collect::<Vec<_>>(), [30, 10]);
        let issues: Vec<(&str, bool)> =
            copy.open_issues.iter().map(|i| (i.issue_id.as_str(), i.this_household)).collect();
        assert_eq!(issues.len(), 2);
        assert!(issues.contains(&("i1", true)) && issues.contains(&("i2", false)), "{issues:?}");
        assert_eq!(HouseholdCopy::of(&area, &records, "elsewhere"), None);
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

/// A household as the phone's copy knows it, for its page offline: where it
/// is, its contact name and care tags (as pulled for the user's role), the
/// visits kept on this phone (the user's own) and the open issues of it or
/// its building kept there, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdCopy {
    pub place: String,
    pub contact_name: Option<String>,
    pub care_tags: Vec<String>,
    pub last_visit_at: Option<i64>,
    pub visits: Vec<HouseholdVisit>,
    pub open_issues: Vec<HouseholdIssue>,
}

impl HouseholdCopy {
    /// `None` when the household is not in the phone's copy of the area.
    pub fn of(
        area: &crate::model::local::Area,
        records: &[crate::model::local::LocalRecord],
        key: &str,
    ) -> Option<HouseholdCopy> {
        let household = area.households.iter().find(|h| h.key == key)?;
        // Issues name their place as the area does: "grid · building unit".
        let at_household = area.place("", Some(key), true);
        let at_building = area.place(&household.building, None, true);
        // The phone keeps its own user's visits: no visitor name to show.
        let mut visits: Vec<_> = records
            .iter()
            .filter_map(|r| r.as_visit())
            .filter(|v| v.household == key)
            .map(|v| HouseholdVisit {
                at: v.captured_at,
                visitor_name: String::new(),
                visit_type: v.visit_type,
                notes: v.notes.clone(),
                follow_up_on: v.follow_up_on.clone(),
            })
            .collect();
        visits.sort_by_key(|v| std::cmp::Reverse(v.at));
        let mut open_issues: Vec<_> = records
            .iter()
            .filter_map(|r| r.as_issue())
            .filter(|i| !i.status.is_closed() && (i.place == at_household || i.place == at_building))
            .map(|i| HouseholdIssue {
                issue_id: i.issue_id.clone(),
                description: i.description.clone(),
                status: i.status,
                captured_at: i.captured_at,
                this_household: i.place == at_household,
            })
            .collect();
        open_issues.sort_by_key(|i| std::cmp::Reverse(i.captured_at));
        Some(HouseholdCopy {
            place: area.place("", Some(key), false),
            contact_name: household.contact_name.clone(),
            care_tags: household.care_tags.clone(),
            last_visit_at: household.last_visit_at,
            visits,
            open_issues,
        })
    }
}
