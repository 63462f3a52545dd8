//! The HTTP stack: Leptos pages and server functions, `/healthz`, `/sw.js`,
//! static files, compression, cache headers, request logging and graceful
//! shutdown.

use super::AppState;
use crate::app::{shell, App};
use crate::i18n::Locale;
use crate::model::AppError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::future::IntoFuture;
use std::net::SocketAddr;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, HttpMakeClassifier, TraceLayer};
use tracing::Level;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";
const ONE_DAY: &str = "public, max-age=86400";
const NEVER: &str = "no-store";

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let default_locale = default_locale(&state.settings.default_locale);
    let options = state.leptos.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/sw.js", get(service_worker))
        .route("/export/org.csv", get(export_org))
        .route("/export/roster.csv", get(export_roster))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(default_locale),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(state.clone(), cache_headers))
        .layer(middleware::from_fn(same_origin_posts))
        .layer(CompressionLayer::new())
        .layer(request_log())
        .with_state(state)
}

/// One INFO line per request: method, path, status, latency.
fn request_log() -> TraceLayer<HttpMakeClassifier> {
    TraceLayer::new_for_http()
        .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
        .on_response(DefaultOnResponse::new().level(Level::INFO))
}

fn default_locale(setting: &str) -> Locale {
    match setting {
        "en" => Locale::en,
        _ => Locale::zh_CN,
    }
}

async fn healthz(State(state): State<AppState>) -> Response {
    match super::db::check(&state.db).await {
        Ok(()) => Json(serde_json::json!({ "status": "ok" })).into_response(),
        Err(error) => {
            tracing::error!(%error, "health check failed");
            let body = Json(serde_json::json!({ "status": "unavailable" }));
            (StatusCode::SERVICE_UNAVAILABLE, body).into_response()
        }
    }
}

/// Plain GETs so that the browser downloads them (and they work without JS).
async fn export_org(
    State(state): State<AppState>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let scope = super::auth::require(&state, &headers).await?;
        let ip = super::auth::scope::client_address(&state, &headers, Some(peer));
        super::repo::export::org_tree_csv(&state.db, &scope, &ip).await
    };
    csv_download(result.await, "gridlink-org.csv")
}

async fn export_roster(
    State(state): State<AppState>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let scope = super::auth::require(&state, &headers).await?;
        let ip = super::auth::scope::client_address(&state, &headers, Some(peer));
        super::repo::roster::export(&state.db, &scope, &ip).await
    };
    csv_download(result.await, "gridlink-roster.csv")
}

fn csv_download(result: Result<String, AppError>, filename: &'static str) -> Response {
    match result {
        Ok(csv) => {
            let disposition = format!("attachment; filename=\"{filename}\"");
            let headers = [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
            ];
            (headers, csv).into_response()
        }
        Err(error) => (super::error::status_of(&error), error.to_string()).into_response(),
    }
}

async fn service_worker(State(state): State<AppState>) -> Response {
    let headers = [
        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
        (header::HeaderName::from_static("service-worker-allowed"), "/"),
    ];
    (headers, state.service_worker.script.clone()).into_response()
}

/// Hashed bundles are immutable; HTML, the service worker and unhashed
/// bundles are revalidated every time; API answers are never stored. A page
/// rendered for a logged-in user is never stored either (nor kept in the
/// back/forward cache), so nothing private outlives the session.
async fn cache_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let policy = path_policy(request.uri().path(), state.leptos.hash_files);
    let private = super::auth::cookie::read(request.headers(), state.settings.secure_cookies).is_some();
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = match (is_html, private) {
        (true, true) => NEVER,
        (true, false) => REVALIDATE,
        (false, _) => policy,
    };
    response.headers_mut().entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static(policy));
    response
}

/// CSRF defence for server functions (all POST): the session cookie is
/// `SameSite=Lax`, so browsers leave it off cross-site POSTs, and any POST
/// whose `Origin` (or `Referer`) names another host is refused outright.
async fn same_origin_posts(request: Request, next: Next) -> Response {
    if request.method() == Method::POST && !is_same_origin(request.headers()) {
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(request).await
}

pub fn is_same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else { return true };
    let source = headers.get(header::ORIGIN).or_else(|| headers.get(header::REFERER));
    match source.and_then(|v| v.to_str().ok()) {
        // Browsers send Origin on every POST; tools and tests may send neither.
        None => true,
        Some(url) => url.split_once("://").and_then(|(_, rest)| rest.split('/').next()) == Some(host),
    }
}

pub fn path_policy(path: &str, hashed: bool) -> &'static str {
    if path.starts_with("/pkg/") {
        return if hashed { IMMUTABLE } else { REVALIDATE };
    }
    if path.starts_with("/api/") || path == "/healthz" {
        return NEVER;
    }
    if path.starts_with("/icons/") || path == "/manifest.webmanifest" {
        return ONE_DAY;
    }
    REVALIDATE
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error("server stopped: {0}")]
    Io(#[from] std::io::Error),
}

pub async fn serve(state: AppState) -> Result<(), ServeError> {
    let addr = state.leptos.site_addr;
    let grace = Duration::from_secs(state.settings.shutdown_grace_secs);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| ServeError::Bind(addr, e))?;
    let stop = std::sync::Arc::new(tokio::sync::Notify::new());
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let server = axum::serve(listener, app)
        .with_graceful_shutdown({
            let stop = stop.clone();
            async move { stop.notified().await }
        })
        .into_future();
    let mut server = std::pin::pin!(server);
    println!("GridLink is running at http://{addr}");
    tokio::select! {
        result = &mut server => return Ok(result?),
        () = shutdown_signal() => stop.notify_one(),
    }
    tracing::info!(grace_secs = grace.as_secs(), "shutting down");
    match tokio::time::timeout(grace, server).await {
        Ok(result) => Ok(result?),
        Err(_) => {
            tracing::warn!("requests still running after the grace period; stopping anyway");
            Ok(())
        }
    }
}

async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
