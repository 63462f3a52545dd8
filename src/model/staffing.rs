//! Grid staffing ("1+1+1+N") and reporting units ("1+N") as both sides see them.

use serde::{Deserialize, Serialize};

/// A duty in a grid's team. How many people hold each duty is data, per grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Duty {
    BranchSecretary,
    GridWorker,
    BuildingLeaderLead,
    Member,
}

impl Duty {
    pub const ALL: [Duty; 4] =
        [Duty::BranchSecretary, Duty::GridWorker, Duty::BuildingLeaderLead, Duty::Member];

    pub fn as_str(self) -> &'static str {
        match self {
            Duty::BranchSecretary => "branch_secretary",
            Duty::GridWorker => "grid_worker",
            Duty::BuildingLeaderLead => "building_leader_lead",
            Duty::Member => "member",
        }
    }

    pub fn parse(text: &str) -> Option<Duty> {
        Duty::ALL.into_iter().find(|duty| duty.as_str() == text)
    }
}

/// One person holding one duty in one grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffEntry {
    pub key: String,
    pub grid_code: String,
    pub grid_name: String,
    pub duty: Duty,
    pub person_name: String,
    /// Masked mobile of the person's account, when linked to one.
    pub mobile_masked: Option<String>,
}

/// A reporting unit (机关单位) assigned to a community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitSummary {
    pub key: String,
    pub name: String,
    pub community_code: String,
    pub community_name: String,
    pub contact_name: Option<String>,
}
