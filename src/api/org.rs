//! The organisation network.

use crate::model::org::AreaOverview;
use crate::model::AppError;
use leptos::prelude::*;

/// Head counts for the home page: the caller's own area when logged in,
/// the street's public figures otherwise.
#[server(endpoint = "org/overview")]
pub async fn get_overview() -> Result<AreaOverview, AppError> {
    crate::api::with_status(ssr::overview().await)
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
}
