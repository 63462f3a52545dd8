//! Names of roles, levels and duties in the user's language.

use crate::i18n::*;
use crate::model::account::Role;
use crate::model::assessment::ScorePart;
use crate::model::issue::{ActionKind, IssueCategory, IssueStatus};
use crate::model::local::SyncMark;
use crate::model::org::OrgLevel;
use crate::model::reporting::{RegistrationState, ReportStatus};
use crate::model::service_list::{ItemOrigin, ItemStatus, ListKind, NeedCategory};
use crate::model::staffing::Duty;
use crate::model::sync::{OpResult, RejectReason};
use crate::model::visit::VisitType;
use crate::model::volunteer::{ActivityKind, HoursLine, HoursOrigin, ManualState, TeamKind};
use crate::model::Field;

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

/// What an `Invalid` error's field means, in plain words.
pub fn field_problem(i18n: I18n, field: Field) -> &'static str {
    field_text(i18n.get_locale(), field)
}

/// [`field_problem`] in a given language: also for pages rendered without
/// the app (the public page).
pub fn field_text(locale: Locale, field: Field) -> &'static str {
    match field {
        Field::Request => td_string!(locale, field_request),
        Field::Batch => td_string!(locale, field_batch),
        Field::Building => td_string!(locale, field_building),
        Field::Checks => td_string!(locale, field_checks),
        Field::Code => td_string!(locale, field_code),
        Field::CodeTaken => td_string!(locale, field_code_taken),
        Field::Corrects => td_string!(locale, field_corrects),
        Field::Date => td_string!(locale, field_date),
        Field::Description => td_string!(locale, field_description),
        Field::DeviceId => td_string!(locale, field_device_id),
        Field::Duty => td_string!(locale, field_duty),
        Field::FollowUpOn => td_string!(locale, field_follow_up_on),
        Field::Household => td_string!(locale, field_household),
        Field::IdNumber => td_string!(locale, field_id_number),
        Field::IssueId => td_string!(locale, field_issue_id),
        Field::Level => td_string!(locale, field_level),
        Field::Mobile => td_string!(locale, field_mobile),
        Field::MobileTaken => td_string!(locale, field_mobile_taken),
        Field::Name => td_string!(locale, field_name),
        Field::NameTaken => td_string!(locale, field_name_taken),
        Field::Note => td_string!(locale, field_note),
        Field::Notes => td_string!(locale, field_notes),
        Field::OpId => td_string!(locale, field_op_id),
        Field::Parent => td_string!(locale, field_parent),
        Field::Payload => td_string!(locale, field_payload),
        Field::Phone => td_string!(locale, field_phone),
        Field::Reason => td_string!(locale, field_reason),
        Field::ReporterName => td_string!(locale, field_reporter_name),
        Field::Role => td_string!(locale, field_role),
        Field::Own => td_string!(locale, field_self),
        Field::Since => td_string!(locale, field_since),
        Field::TopLevel => td_string!(locale, field_top_level),
        Field::Unit => td_string!(locale, field_unit),
        Field::UnitTaken => td_string!(locale, field_unit_taken),
        Field::VisitId => td_string!(locale, field_visit_id),
        Field::Worker => td_string!(locale, field_worker),
        Field::Available => td_string!(locale, field_available),
        Field::Capacity => td_string!(locale, field_capacity),
        Field::Category => td_string!(locale, field_category),
        Field::Contact => td_string!(locale, field_contact),
        Field::Detail => td_string!(locale, field_detail),
        Field::OfferedBy => td_string!(locale, field_offered_by),
        Field::Place => td_string!(locale, field_place),
        Field::Progress => td_string!(locale, field_progress),
        Field::Status => td_string!(locale, field_status),
        Field::Title => td_string!(locale, field_title),
        Field::Hours => td_string!(locale, field_hours),
        Field::Points => td_string!(locale, field_points),
        Field::TaskId => td_string!(locale, field_task_id),
        Field::Started => td_string!(locale, field_started),
        Field::Period => td_string!(locale, field_period),
        Field::Workplace => td_string!(locale, field_workplace),
        Field::Skills => td_string!(locale, field_skills),
        Field::Offer => td_string!(locale, field_offer),
        Field::Position => td_string!(locale, field_position),
        Field::Registered => td_string!(locale, field_registered),
        Field::Resource => td_string!(locale, field_resource),
        Field::HomeCommunity => td_string!(locale, field_home_community),
        Field::Activity => td_string!(locale, field_activity),
        Field::Window => td_string!(locale, field_window),
        Field::CheckIn => td_string!(locale, field_check_in),
        Field::Team => td_string!(locale, field_team),
        Field::SignUp => td_string!(locale, field_sign_up),
        Field::Full => td_string!(locale, field_full),
        Field::Origin => td_string!(locale, field_origin),
        Field::Photos => td_string!(locale, field_photos),
        Field::Location => td_string!(locale, field_location),
        Field::PhotoType => td_string!(locale, field_photo_type),
        Field::PhotoIncomplete => td_string!(locale, field_photo_incomplete),
        Field::PhotoTaken => td_string!(locale, field_photo_taken),
        Field::Other => td_string!(locale, field_other),
    }
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

/// A step of an issue's timeline; `None` is the report that opened it.
pub fn event_name(i18n: I18n, action: Option<ActionKind>) -> &'static str {
    action.map_or(t_string!(i18n, action_report), |action| action_name(i18n, action))
}

pub fn action_name(i18n: I18n, action: ActionKind) -> &'static str {
    match action {
        ActionKind::Accept => t_string!(i18n, action_accept),
        ActionKind::Assign => t_string!(i18n, action_assign),
        ActionKind::Start => t_string!(i18n, action_start),
        ActionKind::Resolve => t_string!(i18n, action_resolve),
        ActionKind::Confirm => t_string!(i18n, action_confirm),
        ActionKind::Return => t_string!(i18n, action_return),
        ActionKind::Escalate => t_string!(i18n, action_escalate),
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
            format!("{}{}", t_string!(i18n, reason_invalid), field_problem(i18n, *field))
        }
        RejectReason::UnknownKind(_) => t_string!(i18n, reason_unknown_kind).into(),
        RejectReason::AppTooOld => t_string!(i18n, reason_app_too_old).into(),
        RejectReason::PayloadMismatch => t_string!(i18n, reason_payload_mismatch).into(),
        RejectReason::NotFound => t_string!(i18n, reason_not_found).into(),
        RejectReason::Forbidden => t_string!(i18n, reason_forbidden).into(),
        RejectReason::IdTaken => t_string!(i18n, reason_id_taken).into(),
        RejectReason::Busy => t_string!(i18n, reason_busy).into(),
        RejectReason::ServerError => t_string!(i18n, reason_server_error).into(),
        RejectReason::WrongAccount => t_string!(i18n, reason_wrong_account).into(),
    }
}

pub fn score_part_name(locale: Locale, part: ScorePart) -> &'static str {
    match part {
        ScorePart::ActiveMembers => td_string!(locale, score_part_active_members),
        ScorePart::Reported => td_string!(locale, score_part_reported),
        ScorePart::Tasks => td_string!(locale, score_part_tasks),
        ScorePart::Hours => td_string!(locale, score_part_hours),
        ScorePart::OnTime => td_string!(locale, score_part_on_time),
    }
}

pub fn list_name(locale: Locale, kind: ListKind) -> &'static str {
    match kind {
        ListKind::Resource => td_string!(locale, list_resource),
        ListKind::Project => td_string!(locale, list_project),
        ListKind::Need => td_string!(locale, list_need),
    }
}

pub fn item_status_name(locale: Locale, status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::Draft => td_string!(locale, item_status_draft),
        ItemStatus::Published => td_string!(locale, item_status_published),
        ItemStatus::Closed => td_string!(locale, item_status_closed),
    }
}

pub fn item_origin_name(locale: Locale, origin: ItemOrigin) -> &'static str {
    match origin {
        ItemOrigin::Secretary => td_string!(locale, item_origin_secretary),
        ItemOrigin::GridWorker => td_string!(locale, item_origin_grid_worker),
        ItemOrigin::Resident => td_string!(locale, item_origin_resident),
    }
}

pub fn need_category_name(locale: Locale, category: NeedCategory) -> &'static str {
    match category {
        NeedCategory::ElderlyCare => td_string!(locale, need_category_elderly_care),
        NeedCategory::Repairs => td_string!(locale, need_category_repairs),
        NeedCategory::Environment => td_string!(locale, need_category_environment),
        NeedCategory::Childcare => td_string!(locale, need_category_childcare),
        NeedCategory::Health => td_string!(locale, need_category_health),
        NeedCategory::Legal => td_string!(locale, need_category_legal),
        NeedCategory::Other => td_string!(locale, need_category_other),
    }
}

pub fn registration_state_name(i18n: I18n, state: RegistrationState) -> &'static str {
    match state {
        RegistrationState::Pending => t_string!(i18n, registration_pending),
        RegistrationState::Approved => t_string!(i18n, registration_approved),
        RegistrationState::Declined => t_string!(i18n, registration_declined),
    }
}

pub fn report_status_name(i18n: I18n, status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::Reported => t_string!(i18n, report_status_reported),
        ReportStatus::Active => t_string!(i18n, report_status_active),
        ReportStatus::Inactive => t_string!(i18n, report_status_inactive),
    }
}

pub fn activity_kind_name(locale: Locale, kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::PartyDay => td_string!(locale, activity_kind_party_day),
        ActivityKind::Service => td_string!(locale, activity_kind_service),
        ActivityKind::EmergencyDuty => td_string!(locale, activity_kind_emergency_duty),
    }
}

/// A correction, or a line a correction cancelled; nothing for the others.
pub fn line_state_name(locale: Locale, line: &HoursLine) -> Option<&'static str> {
    if line.correction {
        Some(td_string!(locale, ledger_correction))
    } else if line.cancelled {
        Some(td_string!(locale, ledger_cancelled))
    } else {
        None
    }
}

pub fn team_kind_name(locale: Locale, kind: TeamKind) -> &'static str {
    match kind {
        TeamKind::TemporaryBranch => td_string!(locale, team_kind_temporary_branch),
        TeamKind::VanguardPost => td_string!(locale, team_kind_vanguard_post),
        TeamKind::CommandoTeam => td_string!(locale, team_kind_commando_team),
        TeamKind::ResponsibilityZone => td_string!(locale, team_kind_responsibility_zone),
    }
}

pub fn hours_origin_name(locale: Locale, origin: HoursOrigin) -> &'static str {
    match origin {
        HoursOrigin::Task => td_string!(locale, hours_origin_task),
        HoursOrigin::CheckIn => td_string!(locale, hours_origin_check_in),
        HoursOrigin::Manual => td_string!(locale, hours_origin_manual),
    }
}

pub fn manual_state_name(locale: Locale, state: ManualState) -> &'static str {
    match state {
        ManualState::Pending => td_string!(locale, manual_state_pending),
        ManualState::Verified => td_string!(locale, manual_state_verified),
        ManualState::Denied => td_string!(locale, manual_state_denied),
    }
}
