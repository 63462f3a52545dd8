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

/// Head-count figures for one street, shown on the home page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreetOverview {
    pub street_name: Option<String>,
    pub communities: u64,
    pub grids: u64,
    pub buildings: u64,
    pub households: u64,
}

impl StreetOverview {
    pub fn is_empty(&self) -> bool {
        self.street_name.is_none()
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
