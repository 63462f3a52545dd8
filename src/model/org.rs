//! The four-level organisation network (street → community → grid → party
//! group) as the browser sees it.

use serde::{Deserialize, Serialize};

/// Levels of the organisation tree, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgLevel {
    Street,
    Community,
    Grid,
    PartyGroup,
}

impl OrgLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgLevel::Street => "street",
            OrgLevel::Community => "community",
            OrgLevel::Grid => "grid",
            OrgLevel::PartyGroup => "party_group",
        }
    }

    pub fn parse(text: &str) -> Option<OrgLevel> {
        [OrgLevel::Street, OrgLevel::Community, OrgLevel::Grid, OrgLevel::PartyGroup]
            .into_iter()
            .find(|level| level.as_str() == text)
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
        let depth = |l: OrgLevel| match l {
            OrgLevel::Street => 0,
            OrgLevel::Community => 1,
            OrgLevel::Grid => 2,
            OrgLevel::PartyGroup => 3,
        };
        self.level.is_some_and(|own| depth(own) < depth(level))
    }
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
}
