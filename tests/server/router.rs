//! The HTTP stack driven with `tower::ServiceExt::oneshot`, no socket.

use crate::auth::{log_in, PASSWORD, WORKER};
use crate::support::{demo_state, panics_so_far};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use gridlink::server::http::router;
use http_body_util::BodyExt;
use tower::ServiceExt;

async fn send(request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let panics = panics_so_far();
    let response = router(demo_state().await).oneshot(request).await.expect("answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    settle_spawned_tasks().await;
    assert_eq!(panics_so_far(), panics, "the server panicked while answering");
    (status, headers, String::from_utf8_lossy(&bytes).into_owned())
}

/// Lets the tasks a render spawned (effects) run before we look for panics.
async fn settle_spawned_tasks() {
    for _ in 0..20 {
        tokio::task::yield_now().await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
}

/// Issue 14: a phone that leaves a page before it has arrived (a tap on
/// another tab, a lost connection) drops the response mid-render. Nothing
/// the render left behind may then read its disposed reactive values.
#[tokio::test]
async fn a_page_dropped_before_it_arrives_leaves_no_panic() {
    let state = demo_state().await;
    let panics = panics_so_far();
    for path in ["/", "/login", "/visits", "/issues", "/me", "/sync", "/no-such-page"] {
        let response = router(state.clone()).oneshot(get(path)).await.expect("answers");
        drop(response);
        settle_spawned_tasks().await;
    }
    assert_eq!(panics_so_far(), panics, "a dropped render panicked");
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn cache_control(headers: &axum::http::HeaderMap) -> &str {
    headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).unwrap_or("")
}

#[tokio::test]
async fn healthz_checks_the_database() {
    let (status, headers, body) = send(get("/healthz")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, r#"{"status":"ok"}"#);
    assert_eq!(cache_control(&headers), "no-store");
}

#[tokio::test]
async fn the_home_page_is_server_rendered_in_chinese() {
    let (status, headers, body) = send(get("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cache_control(&headers), "no-cache");
    assert!(body.contains(r#"lang="zh-CN""#), "{body}");
    assert!(body.contains("网格连心"));
    assert!(body.contains("幸福路街道"), "demo data is rendered");
    assert!(body.contains(r#"rel="manifest""#));
    assert!(body.contains("<title>网格连心 GridLink</title>"), "the title in the page's language");
    assert!(body.contains("网格连心：社区党建与网格治理"), "the description too");
}

/// A phone's first paint of 走访 is the form, not a "loading" line; its
/// fields stay disabled until the app runs and has read the phone's area.
#[tokio::test]
async fn the_visit_form_is_drawn_by_the_server_and_waits_for_the_app() {
    let (status, _, body) = send(get("/visits")).await;
    assert_eq!(status, StatusCode::OK);
    let form = body.split(r#"data-testid="visit-form""#).nth(1).expect("the form is in the page");
    assert!(form.contains(r#"<fieldset disabled class="plain">"#), "{form}");
    assert!(form.contains(r#"name="notes""#), "{form}");
    assert!(form.contains("加载中"), "the place picker says why it is empty: {form}");
}

/// The home screen's first paint has the grid worker's day (the demo's
/// follow-up and the stair light assigned to 张伟), drawn by the server
/// before the app runs; anonymous and desk users get no day card.
#[tokio::test]
async fn the_day_is_drawn_by_the_server_for_a_field_worker_only() {
    let state = demo_state().await;
    gridlink::server::demo::load_day(&state.db).await.expect("the demo day loads");
    let page = |mobile: Option<&'static str>| {
        let state = state.clone();
        async move {
            let mut request = Request::get("/");
            if let Some(mobile) = mobile {
                let cookie = log_in(&state, mobile, PASSWORD, None).await.cookie.expect("logged in");
                request = request.header(header::COOKIE, format!("gridlink_session={cookie}"));
            }
            let response =
                router(state).oneshot(request.body(Body::empty()).unwrap()).await.expect("answers");
            assert_eq!(response.status(), StatusCode::OK);
            String::from_utf8(response.into_body().collect().await.expect("body").to_bytes().to_vec())
                .unwrap()
        }
    };
    let worker = page(Some(WORKER)).await;
    let day = worker.split(r#"data-testid="day""#).nth(1).expect("the day card is in the page");
    assert!(day.contains(r#"data-testid="day-follow-up""#), "{day}");
    assert!(day.contains("2号楼三层楼道灯不亮"), "the issue assigned to him: {day}");
    assert!(day.contains(r#"data-testid="day-quiet-household""#), "{day}");
    let search = day.split(r#"data-testid="day-search""#).nth(1).and_then(|s| s.split('>').next()).unwrap();
    assert!(search.contains("disabled"), "the search waits for the phone's copy: {search}");
    for (who, html) in [("anonymous", page(None).await), ("secretary", page(Some("13800000002")).await)] {
        assert!(!html.contains(r#"data-testid="day""#), "{who} has no day card");
    }
}

#[tokio::test]
async fn an_unknown_page_is_404() {
    let (status, _, body) = send(get("/no-such-page")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("页面不存在"));
}

#[tokio::test]
async fn the_service_worker_lists_the_shell_and_is_never_cached() {
    let (status, headers, body) = send(get("/sw.js")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cache_control(&headers), "no-cache");
    assert_eq!(headers.get("service-worker-allowed").unwrap(), "/");
    assert!(headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap().starts_with("text/javascript"));
    assert!(!body.contains("__PRECACHE__") && !body.contains("__VERSION__"));
    for url in ["\"/\"", "/manifest.webmanifest", "/icons/icon-512.png", "/pkg/gridlink"] {
        assert!(body.contains(url), "precache misses {url}");
    }
}

#[tokio::test]
async fn the_overview_server_function_answers_json() {
    let request = Request::post("/api/org/overview")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = send(request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(cache_control(&headers), "no-store");
    let overview: gridlink::model::org::AreaOverview = serde_json::from_str(&body).expect("json");
    assert_eq!(overview.name.as_deref(), Some("幸福路街道"));
    assert_eq!((overview.communities, overview.grids), (2, 4));
    assert_eq!((overview.buildings, overview.households), (12, 72));
}

#[tokio::test]
async fn html_is_compressed_when_the_browser_asks() {
    let request = Request::get("/").header(header::ACCEPT_ENCODING, "br, gzip").body(Body::empty()).unwrap();
    let (status, headers, _) = send(request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get(header::CONTENT_ENCODING).unwrap(), "br");
}

#[test]
fn hashed_bundles_are_immutable_and_the_rest_revalidates() {
    use gridlink::server::http::path_policy;
    assert_eq!(path_policy("/pkg/gridlink.abc.wasm", true), "public, max-age=31536000, immutable");
    assert_eq!(path_policy("/pkg/gridlink.wasm", false), "no-cache");
    assert_eq!(path_policy("/sw.js", true), "no-cache");
    assert_eq!(path_policy("/api/org/overview", true), "no-store");
    assert_eq!(path_policy("/icons/icon-192.png", true), "public, max-age=86400");
}
