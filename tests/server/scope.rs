//! The scope matrix, generated from the registered server functions: each
//! one is either public or refuses a caller without a session. A new server
//! function fails this test until it is listed below with a sample payload
//! (and, as they arrive, with the out-of-scope cases of every role).

use crate::support::demo_state;
use axum::body::Body;
use axum::http::{header, Request};
use gridlink::model::AppError;
use gridlink::server::http::router;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Callable without an account.
const PUBLIC: &[&str] = &["/api/auth/login", "/api/auth/logout", "/api/auth/me", "/api/org/overview"];

/// Server functions that need a session, with a valid form payload.
const NEEDS_SESSION: &[(&str, &str)] = &[
    ("/api/auth/password", "current=gridlink-demo&new=another-good-one"),
    ("/api/accounts/list", ""),
    ("/api/audit/recent", ""),
    ("/api/households/list", ""),
    ("/api/households/reveal", "key=demo-c1-g1-b1-101"),
    ("/api/org/import", "csv=level%2Ccode%2Cname%2Cparent_code%2Caddress"),
    ("/api/accounts/active", "key=13800000003&active=false"),
];

#[tokio::test]
async fn every_server_function_is_public_or_needs_a_session() {
    let state = demo_state().await;
    let paths: Vec<_> = leptos::server_fn::axum::server_fn_paths().collect();
    assert!(paths.len() >= PUBLIC.len() + NEEDS_SESSION.len(), "{paths:?}");
    for (path, method) in paths {
        if PUBLIC.contains(&path) {
            continue;
        }
        let payload =
            NEEDS_SESSION.iter().find(|(p, _)| *p == path).map(|(_, payload)| *payload).unwrap_or_else(
                || panic!("{path} is in neither PUBLIC nor NEEDS_SESSION of the scope matrix"),
            );
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(payload))
            .unwrap();
        let response = router(state.clone()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), axum::http::StatusCode::UNAUTHORIZED, "{path}");
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let error: AppError = serde_json::from_slice(&body).unwrap_or_else(|_| panic!("{path}: {body:?}"));
        assert_eq!(error, AppError::Unauthenticated, "{path} answered a caller without a session");
    }
}
