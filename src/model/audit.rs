//! The audit log: what is recorded, and what administrators read.

use serde::{Deserialize, Serialize};

named_enum! {
    /// Everything the audit log records, by the name stored in `audit_event`.
    pub enum AuditAction {
        Login,
        LoginFailed,
        Logout,
        PasswordChanged,
        PasswordChangeFailed,
        PasswordReset,
        AccountCreated,
        AccountChanged,
        AccountActivated,
        AccountDeactivated,
        PersonalDataRevealed,
        HouseholdCreated,
        HouseholdChanged,
        OrgImported,
        OrgExported,
        RosterImported,
        RosterExported,
        OrgNodeCreated,
        OrgNodeRenamed,
        BuildingCreated,
        BuildingChanged,
        GridDutyAdded,
        GridDutyRemoved,
        ReportingUnitAdded,
        ReportingUnitRemoved,
        /// A unit serves one more community, or one less ("1+N").
        UnitCommunityAdded,
        UnitCommunityRemoved,
        ServiceItemCreated,
        ServiceItemChanged,
        ServiceItemPublished,
        ServiceItemClosed,
        ResidentNeedReceived,
        GridOfficeSet,
        TaskCreated,
        ClaimConfirmed,
        ClaimSentBack,
        ConfirmationUndone,
        MemberReportedIn,
        RegistrationApproved,
        RegistrationDeclined,
        UnitMemberAdded,
        UnitMemberRemoved,
        QuarterStatusRecorded,
        ActivityCreated,
        HoursVerified,
        HoursDenied,
        HoursCancelled,
        TeamSaved,
        CareTagsSet,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Milliseconds since 1970.
    pub at: i64,
    pub action: AuditAction,
    pub actor: Option<String>,
    /// Already masked by the server.
    pub subject: Option<String>,
    pub ip: Option<String>,
}
