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

    pub async fn set_active(key: String, active: bool) -> Result<(), AppError> {
        let state = expect_context::<AppState>();
        let scope = scope::from_request(&state).await?;
        let ip = scope::client_ip().await;
        repo::accounts::set_active(&state.db, &scope, &key, active, &ip).await
    }
}
