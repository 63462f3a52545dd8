//! Server-side causes and how they become the one [`AppError`]: the cause
//! is logged with tracing, the user gets a plain sentence.

use crate::model::{AppError, Field};
use axum::http::StatusCode;
use surrealdb::types::QueryError;

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
        AppError::Forbidden | AppError::PasswordChangeRequired => StatusCode::FORBIDDEN,
        AppError::Invalid(Field::Request) => StatusCode::BAD_REQUEST,
        AppError::Invalid(_) | AppError::PasswordRejected(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Internal | AppError::Network(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Plain routes (the CSV downloads) answer an error with its status and
/// its sentence; server functions have their own encoding.
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        (status_of(&self), self.to_string()).into_response()
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

/// The unique indexes whose violation a user can cause and should be told
/// about in words; every other database error is logged and answered as such.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UniqueIndex {
    AccountMobile,
    HouseholdUnit,
    ReportingUnitName,
    OrgNodeCode,
    BuildingCode,
    UnitMemberMobile,
    NeedMatch,
    SignupPerson,
}

impl UniqueIndex {
    /// As named in the migrations.
    fn name(self) -> &'static str {
        match self {
            UniqueIndex::AccountMobile => "account_mobile",
            UniqueIndex::HouseholdUnit => "household_unit",
            UniqueIndex::ReportingUnitName => "reporting_unit_name",
            UniqueIndex::OrgNodeCode => "org_node_code",
            UniqueIndex::BuildingCode => "building_code",
            UniqueIndex::UnitMemberMobile => "unit_member_mobile",
            UniqueIndex::NeedMatch => "need_match_pair",
            UniqueIndex::SignupPerson => "signup_person",
        }
    }
}

/// Whether `error` is a violation of `index`. SurrealDB 3.3.5 reports these
/// without a kind of their own (`IdxError::IndexExists` becomes an internal
/// error), so the index is recognised by the sentence that names it.
pub fn violates(error: &surrealdb::Error, index: UniqueIndex) -> bool {
    error.is_internal()
        && error.message().contains(&format!("Database index `{}` already contains", index.name()))
}

/// `Err(field)` for a violation of `index`, the error itself otherwise.
pub fn taken_as(
    result: Result<(), surrealdb::Error>,
    index: UniqueIndex,
    field: Field,
) -> Result<(), AppError> {
    match result {
        Err(error) if violates(&error, index) => Err(AppError::Invalid(field)),
        other => other.map_err(AppError::from),
    }
}

/// `Err(field)` when the query threw `name` (a state the statement refuses),
/// the error itself otherwise.
pub fn thrown_as(result: Result<(), surrealdb::Error>, name: &str, field: Field) -> Result<(), AppError> {
    match result {
        Err(error) if is_thrown(&error, name) => Err(AppError::Invalid(field)),
        other => other.map_err(AppError::from),
    }
}

/// Another transaction wrote the same records first; trying again may work.
pub fn is_write_conflict(error: &surrealdb::Error) -> bool {
    matches!(error.query_details(), Some(QueryError::TransactionConflict))
}

/// The record a `CREATE` names is there already.
pub fn is_duplicate_record(error: &surrealdb::Error) -> bool {
    error.is_already_exists()
}

/// Our own `THROW "message"` inside a query.
pub fn is_thrown(error: &surrealdb::Error, message: &str) -> bool {
    error.is_thrown() && error.message().contains(message)
}

/// In a failed transaction every statement reports an error; the one that
/// is neither "not executed" nor "cancelled" is the cause.
pub fn root_cause(errors: std::collections::HashMap<usize, surrealdb::Error>) -> Option<surrealdb::Error> {
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
