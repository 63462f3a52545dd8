//! Server functions, one file per feature. Each file keeps its server-only
//! half in a `#[cfg(feature = "ssr")] mod ssr` beside the functions. An
//! error's HTTP status is set for all of them at once (`server::http`).

pub mod accounts;
pub mod assessment;
pub mod audit;
pub mod auth;
pub mod day;
pub mod households;
pub mod import;
pub mod issues;
pub mod org;
pub mod reporting;
pub mod service_lists;
pub mod staffing;
pub mod sync;
pub mod tasks;
pub mod volunteer;

/// Gives the page being rendered on the server its Content-Security-Policy
/// (with the nonce of its inline scripts); nothing in the browser.
pub fn send_page_policy() {
    #[cfg(feature = "ssr")]
    crate::server::http::page_policy();
}

/// The script that hydrates the page (`server::service_worker::hydration_script`);
/// only the server renders the shell.
pub fn hydration_script(options: &leptos::config::LeptosOptions) -> &'static str {
    #[cfg(feature = "ssr")]
    return crate::server::service_worker::hydration_script(options);
    #[cfg(not(feature = "ssr"))]
    {
        let _ = options;
        ""
    }
}

/// Marks the HTTP response of the page being rendered on the server as 404.
pub fn respond_not_found() {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
}

/// Whether the page being rendered on the server was asked for with a
/// session cookie (whether its owner may be logged in); `false` in the browser.
pub fn has_session_cookie() -> bool {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        let state = use_context::<crate::server::AppState>();
        let parts = use_context::<axum::http::request::Parts>();
        if let (Some(state), Some(parts)) = (state, parts) {
            return crate::server::auth::cookie::read(&parts.headers, state.settings.secure_cookies)
                .is_some();
        }
    }
    false
}
