//! The four-level organisation network (street → community → grid → party
//! group) as the browser sees it.

use serde::{Deserialize, Serialize};

named_enum! {
    /// Levels of the organisation tree, top to bottom (so `Street < Grid`).
    pub enum OrgLevel {
        Street,
        Community,
        Grid,
        PartyGroup,
    }
}

impl OrgLevel {
    /// How far below the street: 0 for a street, 3 for a party group.
    pub fn depth(self) -> u8 {
        self as u8
    }

    /// The level a node of this level may hang under.
    pub fn parent(self) -> Option<OrgLevel> {
        match self {
            OrgLevel::Street => None,
            OrgLevel::Community => Some(OrgLevel::Street),
            OrgLevel::Grid => Some(OrgLevel::Community),
            OrgLevel::PartyGroup => Some(OrgLevel::Grid),
        }
    }
}

/// Head counts of one node's subtree, shown on the home page: the user's
/// own grid, community or street, or the first street for visitors.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaOverview {
    pub name: Option<String>,
    pub level: Option<OrgLevel>,
    pub communities: u64,
    pub grids: u64,
    pub buildings: u64,
    pub households: u64,
}

impl AreaOverview {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
    }

    /// Whether the area can contain nodes of `level` at all.
    pub fn covers(&self, level: OrgLevel) -> bool {
        self.level.is_some_and(|own| own < level)
    }
}

/// One org node as the administration screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeSummary {
    pub key: String,
    pub level: OrgLevel,
    pub code: String,
    pub name: String,
    pub parent_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildingSummary {
    pub key: String,
    pub code: String,
    pub name: String,
    pub address: Option<String>,
    /// The grid or party group the building belongs to.
    pub parent_code: String,
}

/// The caller's part of the tree: nodes top down, then buildings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgListing {
    pub nodes: Vec<NodeSummary>,
    pub buildings: Vec<BuildingSummary>,
}

pub const MAX_CODE_CHARS: usize = 64;
pub const MAX_NAME_CHARS: usize = 100;

/// Codes identify nodes and buildings in CSV files: no spaces, no commas.
pub fn clean_code(input: &str) -> Option<String> {
    let code = input.trim();
    let fits = !code.is_empty() && code.chars().count() <= MAX_CODE_CHARS;
    let plain = code.chars().all(|c| !c.is_whitespace() && c != ',' && c != '"');
    (fits && plain).then(|| code.to_owned())
}

/// A trimmed, non-empty name of at most `max` characters.
pub fn clean_name(input: &str, max: usize) -> Option<String> {
    let name = input.trim();
    (!name.is_empty() && name.chars().count() <= max).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_but_the_street_has_a_parent() {
        assert_eq!(OrgLevel::Street.parent(), None);
        assert_eq!(OrgLevel::Grid.parent(), Some(OrgLevel::Community));
        assert_eq!(OrgLevel::PartyGroup.parent(), Some(OrgLevel::Grid));
    }

    #[test]
    fn codes_and_names_are_trimmed_and_bounded() {
        assert_eq!(clean_code(" g-1 ").as_deref(), Some("g-1"));
        assert_eq!(clean_code("a b"), None);
        assert_eq!(clean_code("a,b"), None);
        assert_eq!(clean_name("  ", 10), None);
        assert_eq!(clean_name(" 一号楼 ", 10).as_deref(), Some("一号楼"));
        assert_eq!(clean_name(&"字".repeat(11), 10), None);
    }
}

/// A community, grid or party group under a node of the caller's area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeInput {
    pub level: String,
    pub code: String,
    pub name: String,
    pub parent_code: String,
}

/// A new building (empty `key`) or a change to one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildingInput {
    /// Empty for a new building.
    pub key: String,
    pub code: String,
    pub name: String,
    pub address: String,
    pub parent_code: String,
}
