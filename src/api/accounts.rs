//! Account administration for street admins and community secretaries.

use crate::model::account::{AccountChangeInput, AccountSummary, NewAccountInput};
use crate::model::import::ImportReport;
use crate::model::AppError;
use leptos::prelude::*;

#[server(endpoint = "accounts/list")]
pub async fn list_accounts() -> Result<Vec<AccountSummary>, AppError> {
    ssr::list().await
}

#[server(endpoint = "accounts/active")]
pub async fn set_account_active(key: String, active: bool) -> Result<(), AppError> {
    ssr::set_active(key, active).await
}

/// A new account in the caller's area; its password must be changed at first login.
#[server(endpoint = "accounts/create")]
pub async fn create_account(#[server(flatten)] input: NewAccountInput) -> Result<(), AppError> {
    ssr::create(input).await
}

/// Sets a temporary password and logs the account out everywhere.
#[server(endpoint = "accounts/reset")]
pub async fn reset_account_password(key: String, password: String) -> Result<(), AppError> {
    ssr::reset(key, password).await
}

/// Changes another account's name, roles (separated by `;`) and org node.
#[server(endpoint = "accounts/update")]
pub async fn update_account(#[server(flatten)] input: AccountChangeInput) -> Result<(), AppError> {
    ssr::update(input).await
}

/// Roster CSV: checks the whole file; imports it only if every line is right.
#[server(endpoint = "accounts/import")]
pub async fn import_roster(csv: String) -> Result<ImportReport, AppError> {
    ssr::import(csv).await
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

    pub async fn create(input: NewAccountInput) -> Result<(), AppError> {
        let caller = scope::caller().await?;
        repo::accounts::create(caller.db(), &caller.scope, input, &caller.ip).await
    }

    pub async fn reset(key: String, password: String) -> Result<(), AppError> {
        let caller = scope::caller().await?;
        repo::accounts::reset_password(caller.db(), &caller.scope, &key, password, &caller.ip).await
    }

    pub async fn set_active(key: String, active: bool) -> Result<(), AppError> {
        let caller = scope::caller().await?;
        repo::accounts::set_active(caller.db(), &caller.scope, &key, active, &caller.ip).await
    }

    pub async fn update(input: AccountChangeInput) -> Result<(), AppError> {
        let caller = scope::caller().await?;
        repo::accounts::update(caller.db(), &caller.scope, input, &caller.ip).await
    }

    pub async fn import(csv: String) -> Result<ImportReport, AppError> {
        let caller = scope::caller().await?;
        repo::roster::import(caller.db(), &caller.scope, &csv, &caller.ip).await
    }
}
