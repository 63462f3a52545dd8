//! The HTTP stack: Leptos pages and server functions, `/healthz`, `/sw.js`,
//! static files, compression, cache headers, request logging and graceful
//! shutdown.

use super::auth::scope::Caller;
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
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;
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
        .merge(super::public_page::routes())
        .merge(super::feedback::routes())
        .merge(super::photos::routes())
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(default_locale),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn(server_fn_status))
        .layer(middleware::from_fn(limit_bodies))
        .layer(middleware::from_fn_with_state(state.clone(), cache_headers))
        .layer(middleware::from_fn_with_state(state.clone(), security_headers))
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
async fn export_org(caller: Caller) -> Result<CsvFile, AppError> {
    let csv = super::repo::export::org_tree_csv(caller.db(), &caller.scope, &caller.ip).await?;
    Ok(CsvFile { csv, name: "gridlink-org.csv" })
}

async fn export_roster(caller: Caller) -> Result<CsvFile, AppError> {
    let csv = super::repo::roster::export(caller.db(), &caller.scope, &caller.ip).await?;
    Ok(CsvFile { csv, name: "gridlink-roster.csv" })
}

struct CsvFile {
    csv: String,
    name: &'static str,
}

impl IntoResponse for CsvFile {
    fn into_response(self) -> Response {
        let disposition = format!("attachment; filename=\"{}\"", self.name);
        let headers = [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ];
        (headers, self.csv).into_response()
    }
}

async fn service_worker(State(state): State<AppState>) -> Response {
    let headers = [
        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
        (header::HeaderName::from_static("service-worker-allowed"), "/"),
        // A worker runs under its own script's policy: it fetches from here.
        (header::CONTENT_SECURITY_POLICY, "default-src 'self'; frame-ancestors 'none'; base-uri 'none'"),
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

/// Every server function's error gets the status it deserves, here, once:
/// server_fn answers them all with 500, and a phone takes any 5xx for
/// "try again later" (an undecodable request would block its outbox).
async fn server_fn_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    // A form posted before the page was interactive is sent back to its
    // page with the error (a redirect carrying the header): keep that.
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER) || response.status().is_redirection() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        tracing::error!("unreadable server function error");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    match serde_json::from_slice::<AppError>(&bytes) {
        Ok(error) => parts.status = super::error::status_of(&error),
        Err(error) => tracing::error!(%error, "server function error that is not an AppError"),
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

const MAX_ERROR_BODY: usize = 64 * 1024;

/// The most a request to `path` may carry: a sync batch of 200 operations,
/// a CSV file, a photo, or a form.
pub fn body_limit(path: &str) -> usize {
    if path.starts_with("/api/photos/") {
        return crate::model::photo::MAX_PHOTO_BYTES;
    }
    match path {
        "/api/sync/push" => 2 << 20,
        "/api/org/import" | "/api/accounts/import" => 1 << 20,
        "/api/sync/held" => 256 << 10,
        _ => 64 << 10,
    }
}

/// Refuses a body over the route's limit with 413, before reading it when
/// it says its length, while reading it otherwise.
async fn limit_bodies(request: Request, next: Next) -> Response {
    let limit = body_limit(request.uri().path());
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        let error = AppError::TooLarge;
        return (StatusCode::PAYLOAD_TOO_LARGE, Json(error)).into_response();
    }
    let (parts, body) = request.into_parts();
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

/// Headers every answer carries; pages add their Content-Security-Policy
/// with the nonce of their scripts ([`page_policy`]).
async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::HeaderName::from_static("permissions-policy"), PERMISSIONS);
    headers.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(NOT_A_PAGE));
    if state.settings.secure_cookies {
        set(headers, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    response
}

/// The camera and location are for taking a photo of a problem and
/// placing it; nothing else.
const PERMISSIONS: &str = "camera=(self), geolocation=(self), microphone=(), payment=(), usb=()";

/// For answers that are not pages (data, files): nothing may run or frame them.
const NOT_A_PAGE: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The Content-Security-Policy of the page being rendered: scripts only
/// from this site, with the wasm they instantiate, and the inline ones that
/// carry this render's nonce (the hydration script and streamed data).
pub fn page_policy() {
    let (Some(nonce), Some(response)) =
        (leptos::nonce::use_nonce(), leptos::prelude::use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'; \
         style-src 'self' 'nonce-{nonce}'; img-src 'self' data: blob:; connect-src 'self'; \
         worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    match HeaderValue::from_str(&policy) {
        Ok(value) => response.insert_header(header::CONTENT_SECURITY_POLICY, value),
        Err(error) => tracing::error!(%error, "unusable Content-Security-Policy"),
    }
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
