//! Importing the organisation tree from CSV.

use crate::model::import::ImportReport;
use crate::model::AppError;
use leptos::prelude::*;

/// Checks the whole file; imports it only if every line is right.
#[server(endpoint = "org/import")]
pub async fn import_org(csv: String) -> Result<ImportReport, AppError> {
    ssr::import(csv).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::server::auth::scope;
    use crate::server::repo;

    pub async fn import(csv: String) -> Result<ImportReport, AppError> {
        let caller = scope::caller().await?;
        repo::import::org_tree(caller.db(), &caller.scope, &csv, &caller.ip).await
    }
}
