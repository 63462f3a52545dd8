use crate::api::audit::recent_audit_events;
use crate::components::Loaded;
use crate::i18n::*;
use crate::model::audit::{AuditAction, AuditEntry};
use crate::model::time::{date, short_time};
use leptos::prelude::*;

/// Street admins: who did what, when, from where.
#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let events = Resource::new(|| (), |_| recent_audit_events());
    view! {
        <section class="card">
            <h1>{t!(i18n, audit_title)}</h1>
            <Loaded resource=events view={|list: Vec<AuditEntry>| {
                let rows = list.into_iter().map(|entry| view! { <AuditRow entry /> }).collect_view();
                view! { <ul class="list">{rows}</ul> }
            }} />
        </section>
    }
}

#[component]
fn AuditRow(entry: AuditEntry) -> impl IntoView {
    let i18n = use_i18n();
    let action = entry.action;
    view! {
        <li class="row stack" data-testid="audit-row">
            <span class="muted">{date(entry.at)} " " {short_time(entry.at)}</span>
            <strong>{move || action_label(i18n, action)}</strong>
            <span>{entry.actor} " " {entry.subject}</span>
            <span class="muted">{entry.ip}</span>
        </li>
    }
}

fn action_label(i18n: leptos_i18n::I18nContext<Locale>, action: AuditAction) -> &'static str {
    use AuditAction::*;
    match action {
        Login => t_string!(i18n, audit_login),
        LoginFailed => t_string!(i18n, audit_login_failed),
        Logout => t_string!(i18n, audit_logout),
        PasswordChanged => t_string!(i18n, audit_password_changed),
        PasswordChangeFailed => t_string!(i18n, audit_password_change_failed),
        AccountActivated => t_string!(i18n, audit_account_activated),
        AccountDeactivated => t_string!(i18n, audit_account_deactivated),
        AccountCreated => t_string!(i18n, audit_account_created),
        AccountChanged => t_string!(i18n, audit_account_changed),
        PasswordReset => t_string!(i18n, audit_password_reset),
        PersonalDataRevealed => t_string!(i18n, audit_personal_data_revealed),
        HouseholdCreated | HouseholdChanged => t_string!(i18n, audit_household_changed),
        OrgImported | OrgExported | RosterImported | RosterExported => t_string!(i18n, audit_import_export),
        OrgNodeCreated | OrgNodeRenamed | BuildingCreated | BuildingChanged | GridDutyAdded
        | GridDutyRemoved | ReportingUnitAdded | ReportingUnitRemoved | UnitCommunityAdded
        | UnitCommunityRemoved | GridOfficeSet => {
            t_string!(i18n, audit_org_changed)
        }
        ServiceItemCreated | ServiceItemChanged | TaskCreated => t_string!(i18n, audit_item_changed),
        ServiceItemPublished => t_string!(i18n, audit_item_published),
        ServiceItemClosed => t_string!(i18n, audit_item_closed),
        ResidentNeedReceived => t_string!(i18n, audit_resident_need),
        ClaimConfirmed | ClaimSentBack | ConfirmationUndone => t_string!(i18n, audit_claim_reviewed),
        MemberReportedIn | RegistrationApproved | RegistrationDeclined | QuarterStatusRecorded => {
            t_string!(i18n, audit_reporting_in)
        }
        UnitMemberAdded | UnitMemberRemoved => t_string!(i18n, audit_unit_members),
        ActivityCreated => t_string!(i18n, audit_activity_created),
        HoursVerified | HoursDenied => t_string!(i18n, audit_hours_decided),
        HoursCancelled => t_string!(i18n, audit_hours_cancelled),
        TeamSaved => t_string!(i18n, audit_team_saved),
        CareTagsSet => t_string!(i18n, audit_care_tags_set),
    }
}
