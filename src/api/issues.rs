//! The secretary's issue queue. Changes made here go through the same
//! apply path as operations from phones (`server::sync`).

use crate::model::issue::{IssueAction, IssueDetail, IssueStatus, QueueFilter, QueuePage, QueueSummary};
use crate::model::sync::OpAnswer;
use crate::model::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[server(endpoint = "issues/queue", input = Json)]
pub async fn issue_queue(filter: QueueFilter) -> Result<QueuePage, AppError> {
    ssr::queue(filter).await
}

/// The caller's queue in figures (secretaries and street admins).
#[server(endpoint = "issues/summary")]
pub async fn get_queue_summary() -> Result<QueueSummary, AppError> {
    ssr::summary().await
}

#[server(endpoint = "issues/detail")]
pub async fn load_issue(issue_id: String) -> Result<IssueDetail, AppError> {
    ssr::detail(issue_id).await
}

/// One change to one issue, as the queue sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueAction {
    pub issue_id: String,
    pub expected: IssueStatus,
    pub action: IssueAction,
    pub note: String,
}

/// Applies the same action to several issues ("accept all selected").
#[server(endpoint = "issues/act", input = Json)]
pub async fn act_on_issues(actions: Vec<QueueAction>) -> Result<Vec<OpAnswer>, AppError> {
    ssr::act(actions).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::model::issue::IssueChange;
    use crate::model::sync::{OpKind, Operation, APP_VERSION};
    use crate::server::auth::scope;
    use crate::server::{repo, sync};

    pub async fn queue(filter: QueueFilter) -> Result<QueuePage, AppError> {
        let caller = scope::caller().await?;
        repo::issues::queue(caller.db(), &caller.scope, filter, sync::now_millis()).await
    }

    pub async fn summary() -> Result<QueueSummary, AppError> {
        let caller = scope::caller().await?;
        repo::issues::summary(caller.db(), &caller.scope, sync::now_millis()).await
    }

    pub async fn detail(issue_id: String) -> Result<IssueDetail, AppError> {
        let caller = scope::caller().await?;
        repo::issues::detail(caller.db(), &caller.scope, &issue_id).await
    }

    pub async fn act(actions: Vec<QueueAction>) -> Result<Vec<OpAnswer>, AppError> {
        let caller = scope::caller().await?;
        let now = sync::now_millis();
        let ops = actions.into_iter().map(|action| operation(action, now)).collect::<Result<_, _>>()?;
        sync::apply_batch(caller.db(), &caller.scope, &caller.state.settings, ops).await
    }

    /// A change made at the desk becomes an operation like one from a phone.
    fn operation(action: QueueAction, now: i64) -> Result<Operation, AppError> {
        let change = IssueChange {
            issue_id: action.issue_id,
            expected: action.expected,
            action: action.action,
            note: action.note,
        };
        let payload = serde_json::to_value(change).map_err(|error| {
            tracing::error!(%error, "cannot serialise an issue change");
            AppError::Internal
        })?;
        Ok(Operation {
            op_id: sync::new_op_id(),
            device_id: "web".into(),
            kind: OpKind::ChangeIssue.as_str().into(),
            payload,
            captured_at: now,
            app_version: APP_VERSION.into(),
            owner: None,
        })
    }
}
