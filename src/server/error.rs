//! Server-side causes and how they become the one [`AppError`]: the cause
//! is logged with tracing, the user gets a plain sentence.

use crate::model::AppError;

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
