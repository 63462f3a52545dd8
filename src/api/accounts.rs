//! Account administration for street admins and community secretaries.

use crate::model::account::AccountSummary;
use crate::model::import::ImportReport;
use crate::model::AppError;
use leptos::prelude::*;

#[server(endpoint = "accounts/list")]
pub async fn list_accounts() -> Result<Vec<AccountSummary>, AppError> {
    crate::api::with_status(ssr::list().await)
}

#[server(endpoint = "accounts/active")]
pub async fn set_account_active(key: String, active: bool) -> Result<(), AppError> {
    crate::api::with_status(ssr::set_active(key, active).await)
}

/// A new account in the caller's area; its password must be changed at first login.
#[server(endpoint = "accounts/create")]
pub async fn create_account(
    mobile: String,
    name: String,
    role: String,
    org_code: String,
    password: String,
) -> Result<(), AppError> {
    crate::api::with_status(ssr::create(mobile, name, role, org_code, password).await)
}

/// Sets a temporary password and logs the account out everywhere.
#[server(endpoint = "accounts/reset")]
pub async fn reset_account_password(key: String, password: String) -> Result<(), AppError> {
    crate::api::with_status(ssr::reset(key, password).await)
}

/// Changes another account's name, roles (separated by `;`) and org node.
#[server(endpoint = "accounts/update")]
pub async fn update_account(
    key: String,
    name: String,
    roles: String,
    org_code: String,
) -> Result<(), AppError> {
    crate::api::with_status(ssr::update(key, name, roles, org_code).await)
}

/// Roster CSV: checks the whole file; imports it only if every line is right.
#[server(endpoint = "accounts/import")]
pub async fn import_roster(csv: String) -> Result<ImportReport, AppError> {
    crate::api::with_status(ssr::import(csv).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::server::auth::scope;
    use crate::server::repo;

    pub async fn list() -> Result<Vec<AccountSummary>, AppError> {
        let caller = scope::caller().await?;
        repo::accounts::list(caller.db(), &caller.scope).await
    }

    pub async fn create(
        mobile: String,
        name: String,
        role: String,
        org_code: String,
        password: String,
    ) -> Result<(), AppError> {
        let caller = scope::caller().await?;
        let new = repo::accounts::NewAccount { mobile, name, role, org_code, password };
        repo::accounts::create(caller.db(), &caller.scope, new, &caller.ip).await
    }

    pub async fn reset(key: String, password: String) -> Result<(), AppError> {
        let caller = scope::caller().await?;
        repo::accounts::reset_password(caller.db(), &caller.scope, &key, password, &caller.ip).await
    }

    pub async fn set_active(key: String, active: bool) -> Result<(), AppError> {
        let caller = scope::caller().await?;
        repo::accounts::set_active(caller.db(), &caller.scope, &key, active, &caller.ip).await
    }

    pub async fn update(key: String, name: String, roles: String, org_code: String) -> Result<(), AppError> {
        let caller = scope::caller().await?;
        let roles =
            crate::model::account::parse_roles(&roles).ok_or_else(|| AppError::Invalid("role".into()))?;
        let change = repo::accounts::AccountChange { key, name, roles, org_code };
        repo::accounts::update(caller.db(), &caller.scope, change, &caller.ip).await
    }

    pub async fn import(csv: String) -> Result<ImportReport, AppError> {
        let caller = scope::caller().await?;
        repo::roster::import(caller.db(), &caller.scope, &csv, &caller.ip).await
    }
}
