//! Assessment (考核) of reporting units and in-service members: the
//! ranked tables of a quarter or year. The feedback sheets are plain
//! downloads (`server::feedback`), so they work from a link.

use crate::model::assessment::Assessment;
use crate::model::AppError;
use leptos::prelude::*;

/// The ranked tables of `period` (`2026-Q4` or `2026`; empty: the current
/// quarter) for the caller's area.
#[server(endpoint = "assessment/table")]
pub async fn assessment_table(period: String) -> Result<Assessment, AppError> {
    ssr::table(period).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::model::assessment::Period;
    use crate::server::auth::scope::caller;
    use crate::server::repo::assessment;

    pub async fn table(period: String) -> Result<Assessment, AppError> {
        let caller = caller().await?;
        let this_quarter = Period::quarter_of(crate::server::sync::now_millis());
        let period = Period::chosen(&period, this_quarter).map_err(AppError::Invalid)?;
        assessment::table(caller.db(), &caller.scope, &caller.state.settings.assessment, period).await
    }
}
