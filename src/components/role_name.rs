use crate::i18n::*;
use crate::model::account::Role;

/// A role's name in the user's language.
pub fn role_name(i18n: leptos_i18n::I18nContext<Locale>, role: Role) -> &'static str {
    match role {
        Role::StreetAdmin => t_string!(i18n, role_street_admin),
        Role::Secretary => t_string!(i18n, role_secretary),
        Role::GridWorker => t_string!(i18n, role_grid_worker),
        Role::BuildingLeader => t_string!(i18n, role_building_leader),
        Role::PartyMember => t_string!(i18n, role_party_member),
        Role::UnitAdmin => t_string!(i18n, role_unit_admin),
    }
}
