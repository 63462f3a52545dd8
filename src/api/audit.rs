//! The audit log page.

use crate::model::audit::AuditEntry;
use crate::model::AppError;
use leptos::prelude::*;

#[server(endpoint = "audit/recent")]
pub async fn recent_audit_events() -> Result<Vec<AuditEntry>, AppError> {
    ssr::recent().await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::server::auth::scope;
    use crate::server::repo;

    pub async fn recent() -> Result<Vec<AuditEntry>, AppError> {
        let caller = scope::caller().await?;
        repo::audit::recent(caller.db(), &caller.scope).await
    }
}
