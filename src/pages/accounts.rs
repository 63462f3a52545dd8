use crate::api::accounts::{
    list_accounts, CreateAccount, ImportRoster, ResetAccountPassword, SetAccountActive, UpdateAccount,
};
use crate::components::{action_outcome, role_name, CsvField, ErrorNotice, ImportOutcome, Loaded, Outcome};
use crate::i18n::*;
use crate::model::account::{AccountSummary, Role};
use leptos::prelude::*;

/// Street admins and secretaries: the accounts of their subtree.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let toggle = ServerAction::<SetAccountActive>::new();
    let create = ServerAction::<CreateAccount>::new();
    let update = ServerAction::<UpdateAccount>::new();
    let import = ServerAction::<ImportRoster>::new();
    let versions = move || {
        (toggle.version().get(), create.version().get(), update.version().get(), import.version().get())
    };
    let accounts = Resource::new(versions, |_| list_accounts());
    let toggle_error = move || match toggle.value().get() {
        Some(Err(error)) => Some(view! { <ErrorNotice error /> }),
        _ => None,
    };
    view! {
        <section class="card">
            <h1>{t!(i18n, accounts_title)}</h1>
            <NewAccountForm create />
            {toggle_error}
            <Outcome outcome=action_outcome(update.value()) saved=move || t_string!(i18n, saved) />
            <Loaded resource=accounts view={move |list: Vec<AccountSummary>| {
                let rows = list.into_iter().map(|account| view! { <AccountRow account toggle update /> }).collect_view();
                view! { <ul class="list">{rows}</ul> }
            }} />
        </section>
        <RosterForm import />
    }
}

#[component]
fn AccountRow(
    account: AccountSummary,
    toggle: ServerAction<SetAccountActive>,
    update: ServerAction<UpdateAccount>,
) -> impl IntoView {
    let i18n = use_i18n();
    let AccountSummary { key, name, mobile_masked, roles, org_name, org_code, active } = account;
    let reset_key = key.clone();
    let edit =
        view! { <EditAccount key=key.clone() name=name.clone() roles=roles.clone() org_code update /> };
    let roles = move || roles.iter().map(|role| role_name(i18n, *role)).collect::<Vec<_>>().join("、");
    let label = move || if active { t_string!(i18n, deactivate) } else { t_string!(i18n, activate) };
    let flip = move |_| {
        toggle.dispatch(SetAccountActive { key: key.clone(), active: !active });
    };
    view! {
        <li class="row" data-testid="account-row" data-active=active.to_string()>
            <div>
                <strong>{name}</strong>
                " "
                <span class="muted">{mobile_masked}</span>
                <br />
                <span class="muted">{org_name} " · " {roles}</span>
            </div>
            <div class="actions">
                <button type="button" class="secondary" on:click=flip>{label}</button>
                <ResetPassword key=reset_key />
                {edit}
            </div>
        </li>
    }
}

#[component]
fn NewAccountForm(create: ServerAction<CreateAccount>) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = view! { <Outcome outcome=action_outcome(create.value()) saved=move || t_string!(i18n, account_created) /> };
    let options = Role::ALL
        .iter()
        .copied()
        .map(|role| view! { <option value=role.as_str()>{move || role_name(i18n, role)}</option> })
        .collect_view();
    view! {
        <details class="collapsible">
            <summary>{t!(i18n, new_account)}</summary>
            <ActionForm action=create attr:class="form">
                <label>{t!(i18n, me_mobile)} <input name="mobile" type="tel" inputmode="numeric" required /></label>
                <label>{t!(i18n, account_name)} <input name="name" required /></label>
                <label>{t!(i18n, me_roles)} <select name="role">{options}</select></label>
                <label>{t!(i18n, org_code)} <input name="org_code" required /></label>
                <label>
                    {t!(i18n, temporary_password)}
                    <input name="password" type="text" autocomplete="off" minlength="8" required />
                </label>
                {outcome}
                <button type="submit" class="primary">{t!(i18n, save)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn ResetPassword(key: String) -> impl IntoView {
    let i18n = use_i18n();
    let reset = ServerAction::<ResetAccountPassword>::new();
    let outcome = view! { <Outcome outcome=action_outcome(reset.value()) saved=move || t_string!(i18n, password_reset_done) /> };
    view! {
        <details class="collapsible">
            <summary>{t!(i18n, reset_password)}</summary>
            <ActionForm action=reset attr:class="form">
                <input type="hidden" name="key" value=key />
                <input name="password" type="text" autocomplete="off" minlength="8" required />
                {outcome}
                <button type="submit" class="secondary">{t!(i18n, save)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn EditAccount(
    key: String,
    name: String,
    roles: Vec<Role>,
    org_code: String,
    update: ServerAction<UpdateAccount>,
) -> impl IntoView {
    let i18n = use_i18n();
    let roles = roles.iter().map(|role| role.as_str()).collect::<Vec<_>>().join(";");
    view! {
        <details class="collapsible">
            <summary>{t!(i18n, edit_account)}</summary>
            <ActionForm action=update attr:class="form">
                <input type="hidden" name="key" value=key />
                <label>{t!(i18n, account_name)} <input name="name" value=name required maxlength="50" /></label>
                <label>{t!(i18n, roles_field)} <input name="roles" value=roles required /></label>
                <label>{t!(i18n, org_code)} <input name="org_code" value=org_code required /></label>
                <button type="submit" class="secondary">{t!(i18n, save)}</button>
            </ActionForm>
        </details>
    }
}

/// Export and all-or-nothing import of the accounts as CSV.
#[component]
fn RosterForm(import: ServerAction<ImportRoster>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h2>{t!(i18n, roster_title)}</h2>
            <a class="button secondary" href="/export/roster.csv" rel="external" download data-testid="export-roster">
                {t!(i18n, export_roster)}
            </a>
            <ActionForm action=import attr:class="form">
                <CsvField
                    label=move || t_string!(i18n, import_roster)
                    placeholder="mobile,name,roles,org_code,temporary_password"
                />
                <p class="muted">{t!(i18n, roster_hint)}</p>
                <ImportOutcome value=import.value() />
                <button type="submit" class="primary" disabled=move || import.pending().get()>
                    {t!(i18n, import_submit)}
                </button>
            </ActionForm>
        </section>
    }
}
