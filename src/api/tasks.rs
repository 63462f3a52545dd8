//! Dual-reporting tasks, for the people who create them. Claims are not
//! here: a member claims or gives up a place through the outbox
//! (`claim_task`, `withdraw_claim` in `server::sync`), offline too.

use crate::model::task::{ClaimReview, ReviewStep, TaskInput};
use crate::model::AppError;
use leptos::prelude::*;

/// Creates a task (usually from a need or project); returns its id.
#[server(endpoint = "tasks/create")]
pub async fn create_task(#[server(flatten)] input: TaskInput) -> Result<String, AppError> {
    ssr::create(input).await
}

/// Claims of the caller's area reported done or confirmed.
#[server(endpoint = "tasks/reviews")]
pub async fn list_reviews() -> Result<Vec<ClaimReview>, AppError> {
    ssr::reviews().await
}

/// Confirms a claim reported done (writing the hours, points and the
/// unit's credit), sends it back, or undoes a confirmation; the last two
/// need a reason.
#[server(endpoint = "tasks/review")]
pub async fn review_claim(claim_key: String, step: ReviewStep, reason: String) -> Result<(), AppError> {
    ssr::review(claim_key, step, reason).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::server::auth::scope::caller;
    use crate::server::repo::tasks;

    pub async fn create(input: TaskInput) -> Result<String, AppError> {
        let caller = caller().await?;
        tasks::create(caller.db(), &caller.scope, input, &caller.ip).await
    }

    pub async fn reviews() -> Result<Vec<ClaimReview>, AppError> {
        let caller = caller().await?;
        tasks::reviews(caller.db(), &caller.scope).await
    }

    pub async fn review(claim_key: String, step: ReviewStep, reason: String) -> Result<(), AppError> {
        let caller = caller().await?;
        tasks::review(caller.db(), &caller.scope, &claim_key, step, &reason, &caller.ip).await
    }
}
