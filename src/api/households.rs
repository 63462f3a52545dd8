//! Households of the caller's area, with masked contacts.

use crate::model::household::{FullContact, GridCoverage, HouseholdDetail, HouseholdInput, HouseholdSummary};
use crate::model::AppError;
use leptos::prelude::*;

#[server(endpoint = "households/list")]
pub async fn list_households() -> Result<Vec<HouseholdSummary>, AppError> {
    ssr::list().await
}

/// The whole phone and ID number of one household; audited.
#[server(endpoint = "households/reveal")]
pub async fn reveal_household_contact(key: String) -> Result<FullContact, AppError> {
    ssr::reveal(key).await
}

/// Adds a household (empty `key`) or changes one; empty phone or ID number
/// fields keep what is stored.
#[server(endpoint = "households/save")]
pub async fn save_household(#[server(flatten)] input: HouseholdInput) -> Result<(), AppError> {
    ssr::save(input).await
}

/// Per grid of the caller's area: households, and how many were visited
/// in the last 30 and 90 days.
#[server(endpoint = "households/coverage")]
pub async fn get_coverage() -> Result<Vec<GridCoverage>, AppError> {
    ssr::coverage().await
}

/// One household's page: contact masked, care tags, visits, open issues.
#[server(endpoint = "households/detail")]
pub async fn get_household(key: String) -> Result<HouseholdDetail, AppError> {
    ssr::detail(key).await
}

/// Sets a household's care tags (from the configured list); audited.
#[server(endpoint = "households/tags")]
pub async fn set_care_tags(key: String, #[server(default)] tags: Vec<String>) -> Result<(), AppError> {
    ssr::set_tags(key, tags).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::server::auth::scope;
    use crate::server::repo;

    pub async fn list() -> Result<Vec<HouseholdSummary>, AppError> {
        let caller = scope::caller().await?;
        repo::households::list(caller.db(), &caller.scope).await
    }

    pub async fn detail(key: String) -> Result<HouseholdDetail, AppError> {
        let caller = scope::caller().await?;
        repo::households::detail(caller.db(), &caller.scope, &key, &caller.state.settings.care_tags).await
    }

    pub async fn set_tags(key: String, tags: Vec<String>) -> Result<(), AppError> {
        let caller = scope::caller().await?;
        let configured = &caller.state.settings.care_tags;
        repo::households::set_care_tags(caller.db(), &caller.scope, (&key, &tags), configured, &caller.ip)
            .await
    }

    pub async fn coverage() -> Result<Vec<GridCoverage>, AppError> {
        let caller = scope::caller().await?;
        repo::households::coverage(caller.db(), &caller.scope).await
    }

    pub async fn reveal(key: String) -> Result<FullContact, AppError> {
        let caller = scope::caller().await?;
        repo::households::reveal(caller.db(), &caller.scope, &key, &caller.ip).await
    }

    pub async fn save(input: HouseholdInput) -> Result<(), AppError> {
        let caller = scope::caller().await?;
        repo::households::save(caller.db(), &caller.scope, input, &caller.ip).await
    }
}
