use crate::api::auth::{get_current_user, ChangePassword, LogOut};
use crate::components::{action_outcome, role_name, LanguageSwitch, Loaded, Outcome};
use crate::i18n::*;
use crate::model::account::{CurrentUser, Role};
use crate::model::assessment::ASSESSORS;
use crate::model::household::HOUSEHOLD_ROLES;
use crate::model::reporting::REGISTRANTS;
use crate::model::volunteer::ORGANISERS;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    let log_out = ServerAction::<LogOut>::new();
    let user = Resource::new(move || log_out.version().get(), |_| get_current_user());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = log_out.value().get() {
            crate::offline::forget_private_pages();
            crate::components::use_session().0.set(false);
            leptos::task::spawn_local(async {
                if let Err(error) = crate::offline::logged_out().await {
                    leptos::logging::warn!("{error}");
                }
            });
            navigate("/login", Default::default());
        }
    });
    view! {
        <section class="card">
            <h1>{t!(i18n, me_title)}</h1>
            <Loaded resource=user view={move |user| match user {
                Some(user) => view! { <Profile user log_out /> }.into_any(),
                None => view! { <NotLoggedIn /> }.into_any(),
            }} />
            <p class="bar">{t!(i18n, language)} <LanguageSwitch /></p>
        </section>
    }
}

#[component]
fn Profile(user: CurrentUser, log_out: ServerAction<LogOut>) -> impl IntoView {
    let i18n = use_i18n();
    let roles = user.roles.clone();
    let is_admin = user.roles.iter().any(|role| role.administers_accounts());
    let is_street_admin = user.roles.contains(&Role::StreetAdmin);
    let assesses = user.roles.iter().any(|role| ASSESSORS.contains(role));
    let sees_households = user.roles.iter().any(|role| HOUSEHOLD_ROLES.contains(role));
    let reports_in = user.roles.iter().any(|role| REGISTRANTS.contains(role));
    let keeps_unit = user.roles.contains(&Role::UnitAdmin);
    let verifies = user.roles.iter().any(|role| ORGANISERS.contains(role));
    let role_names = move || roles.iter().map(|role| role_name(i18n, *role)).collect::<Vec<_>>().join("、");
    let sync = crate::offline::use_sync();
    // Records not yet on the server stay on the phone; say so before logging out.
    let log_out_if_sure = move |_| {
        let waiting = sync.pending.get_untracked() + sync.attention.get_untracked() > 0;
        if !waiting || crate::offline::confirm(t_string!(i18n, logout_pending_confirm)) {
            log_out.dispatch(LogOut {});
        }
    };
    view! {
        <p class="lead" data-testid="profile-name">{user.name.clone()}</p>
        <dl class="facts">
            <dt>{t!(i18n, me_roles)}</dt>
            <dd data-testid="profile-roles">{role_names}</dd>
            <dt>{t!(i18n, me_org)}</dt>
            <dd data-testid="profile-org">{user.org_name.clone()}</dd>
            <dt>{t!(i18n, me_mobile)}</dt>
            <dd>{user.mobile_masked.clone()}</dd>
        </dl>
        <Show when=move || sees_households>
            <a class="button secondary" href="/households" data-testid="households">
                {t!(i18n, households_title)}
            </a>
        </Show>
        <Show when=move || is_admin>
            <a class="button secondary" href="/admin/accounts" data-testid="manage-accounts">
                {t!(i18n, accounts_title)}
            </a>
            <a class="button secondary" href="/admin/org" data-testid="manage-org">
                {t!(i18n, org_admin_title)}
            </a>
            <a class="button secondary" href="/admin/staffing" data-testid="manage-staffing">
                {t!(i18n, staffing_title)}
            </a>
            <a class="button secondary" href="/lists" data-testid="service-lists">
                {t!(i18n, lists_title)}
            </a>
            <a class="button secondary" href="/tasks/review" data-testid="task-reviews">
                {t!(i18n, reviews_title)}
            </a>
            <a class="button secondary" href="/reporting" data-testid="reporting">
                {t!(i18n, reporting_title)}
            </a>
            <a class="button secondary" href="/hours/totals" data-testid="hours-totals">
                {t!(i18n, totals_title)}
            </a>
        </Show>
        <Show when=move || reports_in>
            <a class="button secondary" href="/report-in" data-testid="report-in">
                {t!(i18n, report_in_title)}
            </a>
        </Show>
        <Show when=move || keeps_unit>
            <a class="button secondary" href="/unit" data-testid="unit-members">
                {t!(i18n, unit_members_title)}
            </a>
        </Show>
        <Show when=move || assesses>
            <a class="button secondary" href="/assessment" data-testid="assessment">
                {t!(i18n, assessment_title)}
            </a>
        </Show>
        <Show when=move || is_street_admin>
            <a class="button secondary" href="/admin/audit" data-testid="audit-log">
                {t!(i18n, audit_title)}
            </a>
        </Show>
        <a class="button secondary" href="/activities" data-testid="activities">{t!(i18n, activities_title)}</a>
        <a class="button secondary" href="/hours" data-testid="my-hours">{t!(i18n, hours_title)}</a>
        <Show when=move || verifies>
            <a class="button secondary" href="/hours/verify" data-testid="verify-hours">{t!(i18n, verify_title)}</a>
            <a class="button secondary" href="/teams" data-testid="teams-link">{t!(i18n, teams_title)}</a>
        </Show>
        <button type="button" class="secondary" data-testid="log-out" on:click=log_out_if_sure>
            {t!(i18n, me_log_out)}
        </button>
        <a class="button secondary" href="/sync" data-testid="sync-page">{t!(i18n, sync_title)}</a>
        <ChangePasswordForm must_change=user.must_change_password />
    }
}

#[component]
fn ChangePasswordForm(must_change: bool) -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    let outcome = view! { <Outcome outcome=action_outcome(change.value()) saved=move || t_string!(i18n, password_changed) /> };
    view! {
        <Show when=move || must_change && change.value().get().is_none()>
            <p class="notice" data-testid="must-change-password">{t!(i18n, must_change_password)}</p>
        </Show>
        <details class="collapsible" open=must_change>
            <summary>{t!(i18n, change_password)}</summary>
            <ActionForm action=change attr:class="form">
                <label>
                    {t!(i18n, current_password)}
                    <input name="current" type="password" autocomplete="current-password" required />
                </label>
                <label>
                    {t!(i18n, new_password)}
                    <input name="new" type="password" autocomplete="new-password" minlength="8" required />
                </label>
                {outcome}
                <button type="submit" class="primary" disabled=move || change.pending().get()>
                    {t!(i18n, save)}
                </button>
            </ActionForm>
        </details>
    }
}

#[component]
fn NotLoggedIn() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="muted">{t!(i18n, me_not_logged_in)}</p>
        <a class="button primary" href="/login">{t!(i18n, me_log_in)}</a>
    }
}
