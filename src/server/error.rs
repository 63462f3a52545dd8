//! Server-side causes and how they become the one [`AppError`]: the cause
//! is logged with tracing, the user gets a plain sentence.

use crate::model::AppError;
use axum::http::StatusCode;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open database {url}: {reason}")]
    Connect { url: String, reason: String },
    #[error("cannot open database {url}: no answer within {secs} s")]
    Timeout { url: String, secs: u64 },
    #[error("migration {name} failed: {reason}")]
    Migration { name: String, reason: String },
    #[error("database error: {0}")]
    Query(#[from] surrealdb::Error),
    #[error("the database answered RETURN 1 with {0}")]
    Unhealthy(String),
    #[error("cannot hash the demo password: {0}")]
    DemoPassword(AppError),
}

/// The HTTP status an error deserves, for server functions and plain routes.
pub fn status_of(error: &AppError) -> StatusCode {
    match error {
        AppError::Unauthenticated | AppError::LoginFailed => StatusCode::UNAUTHORIZED,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::Invalid(_) | AppError::PasswordRejected(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Internal | AppError::Network(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl From<surrealdb::Error> for AppError {
    fn from(error: surrealdb::Error) -> Self {
        tracing::error!(error = %error, kind = error.kind_str(), "database error");
        if error.is_connection() {
            AppError::Unavailable
        } else {
            AppError::Internal
        }
    }
}

impl From<DbError> for AppError {
    fn from(error: DbError) -> Self {
        match error {
            DbError::Query(inner) => inner.into(),
            other => {
                tracing::error!(error = %other, "database error");
                AppError::Unavailable
            }
        }
    }
}

/// In a failed transaction every statement reports an error; the one that
/// is neither "not executed" nor "cancelled" is the cause.
pub fn root_cause(errors: std::collections::HashMap<usize, surrealdb::Error>) -> Option<surrealdb::Error> {
    use surrealdb::types::QueryError;
    let mut errors: Vec<_> = errors.into_iter().collect();
    errors.sort_by_key(|(index, _)| *index);
    let position = errors.iter().position(|(_, e)| {
        !matches!(e.query_details(), Some(QueryError::NotExecuted | QueryError::Cancelled))
    });
    let index = position.unwrap_or(0);
    (index < errors.len()).then(|| errors.swap_remove(index).1)
}

/// Runs a query and reports its real cause if any statement failed.
pub async fn run_checked(
    query: surrealdb::method::Query<'_, surrealdb::engine::any::Any>,
) -> Result<(), surrealdb::Error> {
    let mut response = query.await?;
    match root_cause(response.take_errors()) {
        Some(error) => Err(error),
        None => Ok(()),
    }
}
