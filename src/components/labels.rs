//! Names of roles, levels and duties in the user's language.

use crate::i18n::*;
use crate::model::account::Role;
use crate::model::org::OrgLevel;
use crate::model::staffing::Duty;

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
        _ => return None,
    };
    Some(text)
}
