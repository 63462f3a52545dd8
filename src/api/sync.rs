//! The sync protocol's two server functions. Their endpoint names are fixed
//! for good: phones running an older cached app still reach them.

use crate::model::sync::{HeldCheck, OpAnswer, Operation, PullData};
use crate::model::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Applies a batch of operations from the outbox; one answer per operation.
#[server(endpoint = "sync/push", input = Json)]
pub async fn push_operations(ops: Vec<Operation>) -> Result<Vec<OpAnswer>, AppError> {
    ssr::push(ops).await
}

/// What changed in the caller's area since `since` (milliseconds; 0 for everything).
#[server(endpoint = "sync/pull")]
pub async fn pull_changes(since: i64) -> Result<PullData, AppError> {
    ssr::pull(since).await
}

/// Of the operations named, those whose record (or, for a change, whose
/// applied operation) the server no longer holds; the phone sends them again.
#[server(endpoint = "sync/held", input = Json)]
pub async fn check_held(checks: Vec<HeldCheck>) -> Result<Vec<String>, AppError> {
    ssr::held(checks).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::server::auth::scope;
    use crate::server::{repo, sync};

    pub async fn push(ops: Vec<Operation>) -> Result<Vec<OpAnswer>, AppError> {
        let state = leptos::prelude::expect_context::<crate::server::AppState>();
        sync::apply_admitted(&state, ops, async { Ok(scope::caller().await?.scope) }).await
    }

    pub async fn pull(since: i64) -> Result<PullData, AppError> {
        let caller = scope::caller().await?;
        let mut data = repo::pull::changes(caller.db(), &caller.scope, &caller.state.settings, since).await?;
        data.boot_id = caller.state.boot_id.to_string();
        Ok(data)
    }

    pub async fn held(checks: Vec<HeldCheck>) -> Result<Vec<String>, AppError> {
        let caller = scope::caller().await?;
        sync::not_held(caller.db(), &caller.scope, checks).await
    }
}
