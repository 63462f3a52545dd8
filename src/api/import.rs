//! Importing the organisation tree from CSV.

use crate::model::import::ImportReport;
use crate::model::AppError;
use leptos::prelude::*;

/// Checks the whole file; imports it only if every line is right.
#[server(endpoint = "org/import")]
pub async fn import_org(csv: String) -> Result<ImportReport, AppError> {
    crate::api::with_status(ssr::import(csv).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::server::auth::scope;
    use crate::server::{repo, AppState};

    pub async fn import(csv: String) -> Result<ImportReport, AppError> {
        let state = expect_context::<AppState>();
        let scope = scope::from_request(&state).await?;
        let ip = scope::client_ip().await;
        repo::import::org_tree(&state.db, &scope, &csv, &ip).await
    }
}
