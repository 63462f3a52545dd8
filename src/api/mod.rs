//! Server functions, one file per feature. Each file keeps its server-only
//! half in a `#[cfg(feature = "ssr")] mod ssr` beside the functions.

pub mod auth;
pub mod org;

/// Marks the HTTP response of the page being rendered on the server as 404.
pub fn respond_not_found() {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
}
