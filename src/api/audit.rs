//! The audit log page.

use crate::model::audit::AuditEntry;
use crate::model::AppError;
use leptos::prelude::*;

#[server(endpoint = "audit/recent")]
pub async fn recent_audit_events() -> Result<Vec<AuditEntry>, AppError> {
    crate::api::with_status(ssr::recent().await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::server::auth::scope;
    use crate::server::{repo, AppState};

    pub async fn recent() -> Result<Vec<AuditEntry>, AppError> {
        let state = expect_context::<AppState>();
        let scope = scope::from_request(&state).await?;
        repo::audit::recent(&state.db, &scope).await
    }
}
