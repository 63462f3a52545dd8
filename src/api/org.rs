//! The organisation network.

use crate::model::org::StreetOverview;
use crate::model::AppError;
use leptos::prelude::*;

/// Head counts of the street, for the home page. Public figures only.
#[server(endpoint = "org/overview")]
pub async fn get_street_overview() -> Result<StreetOverview, AppError> {
    ssr::street_overview().await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::server::{repo, AppState};

    pub async fn street_overview() -> Result<StreetOverview, AppError> {
        let state = expect_context::<AppState>();
        repo::org::street_overview(&state.db).await
    }
}
