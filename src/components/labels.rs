//! Names of roles, levels and duties in the user's language.

use crate::i18n::*;
use crate::model::account::Role;
use crate::model::issue::{IssueCategory, IssueStatus};
use crate::model::local::SyncMark;
use crate::model::org::OrgLevel;
use crate::model::staffing::Duty;
use crate::model::sync::{OpResult, RejectReason};
use crate::model::visit::VisitType;

type I18n = leptos_i18n::I18nContext<Locale>;

pub fn role_name(i18n: I18n, role: Role) -> &'static str {
    match role {
        Role::StreetAdmin => t_string!(i18n, role_street_admin),
        Role::Secretary => t_string!(i18n, role_secretary),
        Role::GridWorker => t_string!(i18n, role_grid_worker),
        Role::BuildingLeader => t_string!(i18n, role_building_leader),
        Role::PartyMember => t_string!(i18n, role_party_member),
        Role::UnitAdmin => t_string!(i18n, role_unit_admin),
    }
}

pub fn level_name(i18n: I18n, level: OrgLevel) -> &'static str {
    match level {
        OrgLevel::Street => t_string!(i18n, level_street),
        OrgLevel::Community => t_string!(i18n, level_community),
        OrgLevel::Grid => t_string!(i18n, level_grid),
        OrgLevel::PartyGroup => t_string!(i18n, level_party_group),
    }
}

pub fn duty_name(i18n: I18n, duty: Duty) -> &'static str {
    match duty {
        Duty::BranchSecretary => t_string!(i18n, duty_branch_secretary),
        Duty::GridWorker => t_string!(i18n, duty_grid_worker),
        Duty::BuildingLeaderLead => t_string!(i18n, duty_building_leader_lead),
        Duty::Member => t_string!(i18n, duty_member),
    }
}

/// What an `Invalid` error's field name means, in plain words; unknown
/// details are shown as they are.
pub fn field_problem(i18n: I18n, field: &str) -> Option<&'static str> {
    let text = match field {
        "mobile" => t_string!(i18n, field_mobile),
        "phone" => t_string!(i18n, field_phone),
        "id_number" => t_string!(i18n, field_id_number),
        "name" => t_string!(i18n, field_name),
        "code" => t_string!(i18n, field_code),
        "code_taken" => t_string!(i18n, field_code_taken),
        "name_taken" => t_string!(i18n, field_name_taken),
        "unit" => t_string!(i18n, field_unit),
        "unit_taken" => t_string!(i18n, field_unit_taken),
        "parent" => t_string!(i18n, field_parent),
        "level" => t_string!(i18n, field_level),
        "role" => t_string!(i18n, field_role),
        "duty" => t_string!(i18n, field_duty),
        "self" => t_string!(i18n, field_self),
        "household" => t_string!(i18n, field_household),
        "building" => t_string!(i18n, field_building),
        "notes" => t_string!(i18n, field_notes),
        "description" => t_string!(i18n, field_description),
        "follow_up_on" => t_string!(i18n, field_follow_up_on),
        "reason" => t_string!(i18n, field_reason),
        "worker" => t_string!(i18n, field_worker),
        "payload" => t_string!(i18n, field_payload),
        _ => return None,
    };
    Some(text)
}

pub fn visit_type_name(i18n: I18n, visit_type: VisitType) -> &'static str {
    match visit_type {
        VisitType::Routine => t_string!(i18n, visit_type_routine),
        VisitType::FollowUp => t_string!(i18n, visit_type_follow_up),
        VisitType::Care => t_string!(i18n, visit_type_care),
        VisitType::PolicyOutreach => t_string!(i18n, visit_type_policy_outreach),
        VisitType::Mediation => t_string!(i18n, visit_type_mediation),
    }
}

pub fn category_name(i18n: I18n, category: IssueCategory) -> &'static str {
    match category {
        IssueCategory::Property => t_string!(i18n, category_property),
        IssueCategory::Environment => t_string!(i18n, category_environment),
        IssueCategory::Safety => t_string!(i18n, category_safety),
        IssueCategory::Neighbour => t_string!(i18n, category_neighbour),
        IssueCategory::Facilities => t_string!(i18n, category_facilities),
        IssueCategory::PublicServices => t_string!(i18n, category_public_services),
        IssueCategory::Other => t_string!(i18n, category_other),
    }
}

pub fn status_name(i18n: I18n, status: IssueStatus) -> &'static str {
    match status {
        IssueStatus::Reported => t_string!(i18n, status_reported),
        IssueStatus::Accepted => t_string!(i18n, status_accepted),
        IssueStatus::Assigned => t_string!(i18n, status_assigned),
        IssueStatus::InProgress => t_string!(i18n, status_in_progress),
        IssueStatus::Resolved => t_string!(i18n, status_resolved),
        IssueStatus::Confirmed => t_string!(i18n, status_confirmed),
        IssueStatus::Returned => t_string!(i18n, status_returned),
        IssueStatus::Escalated => t_string!(i18n, status_escalated),
    }
}

pub fn action_name(i18n: I18n, action: &str) -> &'static str {
    match action {
        "accept" => t_string!(i18n, action_accept),
        "assign" => t_string!(i18n, action_assign),
        "start" => t_string!(i18n, action_start),
        "resolve" => t_string!(i18n, action_resolve),
        "confirm" => t_string!(i18n, action_confirm),
        "return" => t_string!(i18n, action_return),
        "escalate" => t_string!(i18n, action_escalate),
        _ => t_string!(i18n, action_report),
    }
}

pub fn mark_name(i18n: I18n, mark: SyncMark) -> &'static str {
    match mark {
        SyncMark::Pending => t_string!(i18n, mark_pending),
        SyncMark::Synced => t_string!(i18n, mark_synced),
        SyncMark::Attention => t_string!(i18n, mark_attention),
    }
}

/// Why the server did not take an operation, in plain words.
pub fn answer_text(i18n: I18n, answer: &OpResult) -> String {
    let reason = match answer {
        OpResult::Conflict { current } => {
            let now = IssueStatus::parse(current).map(|s| status_name(i18n, s)).unwrap_or(current.as_str());
            return format!("{}{now}", t_string!(i18n, reason_conflict));
        }
        OpResult::Rejected { reason } => reason,
        _ => return String::new(),
    };
    match reason {
        RejectReason::Invalid(field) => {
            let field = field_problem(i18n, field).map(str::to_owned).unwrap_or_else(|| field.clone());
            format!("{}{field}", t_string!(i18n, reason_invalid))
        }
        RejectReason::UnknownKind(_) => t_string!(i18n, reason_unknown_kind).into(),
        RejectReason::AppTooOld => t_string!(i18n, reason_app_too_old).into(),
        RejectReason::PayloadMismatch => t_string!(i18n, reason_payload_mismatch).into(),
        RejectReason::NotFound => t_string!(i18n, reason_not_found).into(),
        RejectReason::Forbidden => t_string!(i18n, reason_forbidden).into(),
        RejectReason::IdTaken => t_string!(i18n, reason_id_taken).into(),
        RejectReason::Busy => t_string!(i18n, reason_busy).into(),
        RejectReason::ServerError => t_string!(i18n, reason_server_error).into(),
    }
}
