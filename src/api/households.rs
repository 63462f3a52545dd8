//! Households of the caller's area, with masked contacts.

use crate::model::household::{FullContact, HouseholdSummary};
use crate::model::AppError;
use leptos::prelude::*;

#[server(endpoint = "households/list")]
pub async fn list_households() -> Result<Vec<HouseholdSummary>, AppError> {
    crate::api::with_status(ssr::list().await)
}

/// The whole phone and ID number of one household; audited.
#[server(endpoint = "households/reveal")]
pub async fn reveal_household_contact(key: String) -> Result<FullContact, AppError> {
    crate::api::with_status(ssr::reveal(key).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::server::auth::scope;
    use crate::server::{repo, AppState};

    pub async fn list() -> Result<Vec<HouseholdSummary>, AppError> {
        let state = expect_context::<AppState>();
        let scope = scope::from_request(&state).await?;
        repo::households::list(&state.db, &scope).await
    }

    pub async fn reveal(key: String) -> Result<FullContact, AppError> {
        let state = expect_context::<AppState>();
        let scope = scope::from_request(&state).await?;
        let ip = scope::client_ip().await;
        repo::households::reveal(&state.db, &scope, &key, &ip).await
    }
}
