use crate::api::audit::recent_audit_events;
use crate::components::ErrorNotice;
use crate::i18n::*;
use crate::model::audit::AuditEntry;
use leptos::prelude::*;

/// Street admins: who did what, when, from where.
#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let events = Resource::new(|| (), |_| recent_audit_events());
    view! {
        <section class="card">
            <h1>{t!(i18n, audit_title)}</h1>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match events.await {
                        Ok(list) => {
                            let rows = list.into_iter().map(|entry| view! { <AuditRow entry /> }).collect_view();
                            view! { <ul class="audit-list">{rows}</ul> }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AuditRow(entry: AuditEntry) -> impl IntoView {
    let i18n = use_i18n();
    let action = entry.action.clone();
    let label = move || action_label(i18n, &action);
    let when = entry.at.get(..19).unwrap_or(&entry.at).replace('T', " ");
    view! {
        <li class="audit-row" data-testid="audit-row">
            <span class="muted">{when} " UTC"</span>
            <strong>{label}</strong>
            <span>{entry.actor} " " {entry.subject}</span>
            <span class="muted">{entry.ip}</span>
        </li>
    }
}

fn action_label(i18n: leptos_i18n::I18nContext<Locale>, action: &str) -> String {
    let known = match action {
        "login" => t_string!(i18n, audit_login),
        "login_failed" => t_string!(i18n, audit_login_failed),
        "logout" => t_string!(i18n, audit_logout),
        "password_changed" => t_string!(i18n, audit_password_changed),
        "password_change_failed" => t_string!(i18n, audit_password_change_failed),
        "account_activated" => t_string!(i18n, audit_account_activated),
        "account_deactivated" => t_string!(i18n, audit_account_deactivated),
        "account_created" => t_string!(i18n, audit_account_created),
        "account_changed" => t_string!(i18n, audit_account_changed),
        "password_reset" => t_string!(i18n, audit_password_reset),
        "personal_data_revealed" => t_string!(i18n, audit_personal_data_revealed),
        "household_created" | "household_changed" => t_string!(i18n, audit_household_changed),
        "org_imported" | "org_exported" | "roster_imported" | "roster_exported" => {
            t_string!(i18n, audit_import_export)
        }
        "org_node_created"
        | "org_node_renamed"
        | "building_created"
        | "building_changed"
        | "grid_duty_added"
        | "grid_duty_removed"
        | "reporting_unit_added"
        | "reporting_unit_removed" => t_string!(i18n, audit_org_changed),
        other => return other.to_owned(),
    };
    known.to_owned()
}
