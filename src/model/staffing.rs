//! Grid staffing ("1+1+1+N") and reporting units ("1+N") as both sides see them.

use serde::{Deserialize, Serialize};

named_enum! {
    /// A duty in a grid's team. How many people hold each duty is data, per grid.
    pub enum Duty {
        BranchSecretary,
        GridWorker,
        BuildingLeaderLead,
        Member,
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

/// A reporting unit (机关单位) and the communities it serves ("1+N"):
/// `community_*` is its home, where it was added and can be removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitSummary {
    pub key: String,
    pub name: String,
    pub community_code: String,
    pub community_name: String,
    pub contact_name: Option<String>,
    /// The other communities it serves, by code and name.
    #[serde(default)]
    pub also_serves: Vec<(String, String)>,
}

named_enum! {
    /// A street admin adds a community a unit serves, or takes one away.
    pub enum ServeStep {
        Add,
        Remove,
    }
}

/// A person on a duty of a grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyInput {
    pub grid_code: String,
    pub duty: String,
    pub person_name: String,
    /// Optional: links the duty to the person's account, which must be in scope.
    pub mobile: String,
}

/// A reporting unit of a community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitInput {
    pub community_code: String,
    pub name: String,
    pub contact_name: String,
}
