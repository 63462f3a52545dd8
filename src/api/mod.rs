//! Server functions, one file per feature. Each file keeps its server-only
//! half in a `#[cfg(feature = "ssr")] mod ssr` beside the functions.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod households;
pub mod import;
pub mod issues;
pub mod org;
pub mod staffing;
pub mod sync;

use crate::model::AppError;

/// Gives a server function's answer the HTTP status its error deserves, so
/// that a wrong password is a 401 in the logs, not a server fault (500).
pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    #[cfg(feature = "ssr")]
    if let Err(error) = &result {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(crate::server::error::status_of(error));
        }
    }
    result
}

/// Marks the HTTP response of the page being rendered on the server as 404.
pub fn respond_not_found() {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
}
