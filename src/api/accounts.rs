//! Account administration for street admins and community secretaries.

use crate::model::account::AccountSummary;
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

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::server::auth::scope;
    use crate::server::{repo, AppState};

    pub async fn list() -> Result<Vec<AccountSummary>, AppError> {
        let state = expect_context::<AppState>();
        let scope = scope::from_request(&state).await?;
        repo::accounts::list(&state.db, &scope).await
    }

    pub async fn create(
        mobile: String,
        name: String,
        role: String,
        org_code: String,
        password: String,
    ) -> Result<(), AppError> {
        let state = expect_context::<AppState>();
        let scope = scope::from_request(&state).await?;
        let ip = scope::client_ip().await;
        let new = repo::accounts::NewAccount { mobile, name, role, org_code, password };
        repo::accounts::create(&state.db, &scope, new, &ip).await
    }

    pub async fn reset(key: String, password: String) -> Result<(), AppError> {
        let state = expect_context::<AppState>();
        let scope = scope::from_request(&state).await?;
        let ip = scope::client_ip().await;
        repo::accounts::reset_password(&state.db, &scope, &key, password, &ip).await
    }

    pub async fn set_active(key: String, active: bool) -> Result<(), AppError> {
        let state = expect_context::<AppState>();
        let scope = scope::from_request(&state).await?;
        let ip = scope::client_ip().await;
        repo::accounts::set_active(&state.db, &scope, &key, active, &ip).await
    }
}
