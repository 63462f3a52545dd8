//! The organisation network.

use crate::model::org::{AreaOverview, BuildingInput, NodeInput, OrgListing};
use crate::model::AppError;
use leptos::prelude::*;

/// Head counts for the home page: the caller's own area when logged in,
/// the street's public figures otherwise.
#[server(endpoint = "org/overview")]
pub async fn get_overview() -> Result<AreaOverview, AppError> {
    ssr::overview().await
}

/// Street admins and secretaries: the nodes and buildings of their area.
#[server(endpoint = "org/list")]
pub async fn list_org() -> Result<OrgListing, AppError> {
    ssr::listing().await
}

/// A community, grid or party group under a node of the caller's area.
#[server(endpoint = "org/add_node")]
pub async fn add_node(#[server(flatten)] input: NodeInput) -> Result<(), AppError> {
    ssr::add_node(input).await
}

#[server(endpoint = "org/rename_node")]
pub async fn rename_node(key: String, name: String) -> Result<(), AppError> {
    ssr::rename_node(key, name).await
}

/// Creates a building (empty `key`) or renames / moves one.
#[server(endpoint = "org/save_building")]
pub async fn save_building(#[server(flatten)] input: BuildingInput) -> Result<(), AppError> {
    ssr::save_building(input).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::server::{auth, repo, AppState};

    pub async fn overview() -> Result<AreaOverview, AppError> {
        let state = expect_context::<AppState>();
        match auth::scope::from_request(&state).await {
            Ok(scope) => repo::org::overview_within(&state.db, &scope).await,
            Err(AppError::Unauthenticated) => repo::org::public_overview(&state.db).await,
            Err(error) => Err(error),
        }
    }

    pub async fn listing() -> Result<OrgListing, AppError> {
        let caller = auth::scope::caller().await?;
        repo::tree::listing(caller.db(), &caller.scope).await
    }

    pub async fn add_node(input: NodeInput) -> Result<(), AppError> {
        let caller = auth::scope::caller().await?;
        repo::tree::add_node(caller.db(), &caller.scope, input, &caller.ip).await
    }

    pub async fn rename_node(key: String, name: String) -> Result<(), AppError> {
        let caller = auth::scope::caller().await?;
        repo::tree::rename_node(caller.db(), &caller.scope, &key, &name, &caller.ip).await
    }

    pub async fn save_building(input: BuildingInput) -> Result<(), AppError> {
        let caller = auth::scope::caller().await?;
        repo::tree::save_building(caller.db(), &caller.scope, input, &caller.ip).await
    }
}
