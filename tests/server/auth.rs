//! Logging in and out through the HTTP stack, on the demo accounts.

use crate::support::demo_state;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use gridlink::server::http::router;
use gridlink::server::AppState;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub(crate) const WORKER: &str = "13800000003";
/// The opaque ids of demo accounts (`demo::demo_public_id`), as answers carry them.
pub(crate) const WORKER_ID: &str = "01900000-0000-7000-8000-acc000000002";
pub(crate) const SECRETARY_ID: &str = "01900000-0000-7000-8000-acc000000001";

#[test]
fn demo_accounts_have_fixed_opaque_ids() {
    use gridlink::server::demo::demo_public_id;
    assert_eq!(demo_public_id(WORKER), WORKER_ID);
    assert_eq!(demo_public_id("13800000002"), SECRETARY_ID);
}
pub(crate) const PASSWORD: &str = gridlink::server::demo::DEMO_PASSWORD;

pub(crate) struct Answer {
    pub status: StatusCode,
    pub cookie: Option<String>,
    pub body: String,
}

pub(crate) async fn call(state: &AppState, endpoint: &str, form: &str, cookie: Option<&str>) -> Answer {
    let mut request =
        Request::post(format!("/api/{endpoint}")).header(header::CONTENT_TYPE, content_type(form));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, format!("gridlink_session={cookie}"));
    }
    let response =
        router(state.clone()).oneshot(request.body(Body::from(form.to_owned())).unwrap()).await.unwrap();
    let cookie = response
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("gridlink_session="))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned());
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer { status, cookie, body: String::from_utf8_lossy(&bytes).into_owned() }
}

/// Server functions taking JSON get a JSON body; the others a form.
pub(crate) fn content_type(body: &str) -> &'static str {
    if body.starts_with('{') {
        "application/json"
    } else {
        "application/x-www-form-urlencoded"
    }
}

pub(crate) async fn log_in(state: &AppState, mobile: &str, password: &str, cookie: Option<&str>) -> Answer {
    call(state, "auth/login", &format!("mobile={mobile}&password={password}"), cookie).await
}

pub(crate) async fn me(state: &AppState, cookie: &str) -> String {
    call(state, "auth/me", "", Some(cookie)).await.body
}

#[tokio::test]
async fn a_grid_worker_logs_in_and_sees_their_profile_masked() {
    let state = demo_state().await;
    let answer = log_in(&state, WORKER, PASSWORD, None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let token = answer.cookie.expect("a session cookie");
    let profile = me(&state, &token).await;
    assert!(profile.contains("138****0003"), "{profile}");
    assert!(!profile.contains(WORKER), "the full number never leaves the server");
    assert!(profile.contains("grid_worker"), "{profile}");
}

#[tokio::test]
async fn logging_in_again_replaces_the_old_session() {
    let state = demo_state().await;
    let first = log_in(&state, WORKER, PASSWORD, None).await.cookie.unwrap();
    let second = log_in(&state, WORKER, PASSWORD, Some(&first)).await.cookie.unwrap();
    assert_ne!(first, second);
    assert_eq!(me(&state, &first).await, "null");
    assert!(me(&state, &second).await.contains("138****0003"));
}

#[tokio::test]
async fn logout_kills_the_session_on_the_server() {
    let state = demo_state().await;
    let token = log_in(&state, WORKER, PASSWORD, None).await.cookie.unwrap();
    let answer = call(&state, "auth/logout", "", Some(&token)).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.cookie.as_deref(), Some(""), "the cookie is cleared");
    assert_eq!(me(&state, &token).await, "null", "the old cookie no longer works");
}

#[tokio::test]
async fn idle_and_absolute_expiry_end_a_session() {
    let state = demo_state().await;
    let idle = log_in(&state, WORKER, PASSWORD, None).await.cookie.unwrap();
    let old = log_in(&state, WORKER, PASSWORD, None).await.cookie.unwrap();
    state.db.query("UPDATE session SET last_seen_at = time::now() - 1d").await.unwrap().check().unwrap();
    assert_eq!(me(&state, &idle).await, "null", "idle longer than the idle timeout");
    let fresh = log_in(&state, WORKER, PASSWORD, None).await.cookie.unwrap();
    state.db.query("UPDATE session SET created_at = time::now() - 30d").await.unwrap().check().unwrap();
    assert_eq!(me(&state, &fresh).await, "null", "older than the absolute limit");
    assert_eq!(me(&state, &old).await, "null");
}

#[tokio::test]
async fn unknown_numbers_and_wrong_passwords_get_the_same_answer() {
    let state = demo_state().await;
    let unknown = log_in(&state, "13999999999", PASSWORD, None).await;
    let wrong = log_in(&state, WORKER, "not-the-password", None).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, wrong.status);
    assert_eq!(unknown.body, wrong.body);
    assert!(unknown.cookie.is_none() && wrong.cookie.is_none());
    let failures: Option<i64> = state
        .db
        .query("SELECT count() FROM audit_event WHERE action = 'login_failed' GROUP ALL")
        .await
        .unwrap()
        .take((0, "count"))
        .unwrap();
    assert_eq!(failures, Some(2), "every failure is audited");
}

#[tokio::test]
async fn five_failures_lock_the_account() {
    let state = demo_state().await;
    for _ in 0..5 {
        assert!(log_in(&state, WORKER, "wrong-password", None).await.cookie.is_none());
    }
    let locked = log_in(&state, WORKER, PASSWORD, None).await;
    assert!(locked.cookie.is_none(), "locked even with the right password");
    let wrong = log_in(&state, WORKER, "wrong-password", None).await;
    assert_eq!(locked.body, wrong.body, "a lock says nothing more than a wrong password");
}

async fn locked_until(state: &AppState) -> Option<String> {
    state
        .db
        .query("SELECT VALUE <string> locked_until FROM ONLY $id")
        .bind(("id", surrealdb::types::RecordId::new("account", WORKER)))
        .await
        .unwrap()
        .take(0)
        .unwrap()
}

#[tokio::test]
async fn trying_during_a_lock_does_not_make_it_last_longer() {
    let state = demo_state().await;
    for _ in 0..5 {
        log_in(&state, WORKER, "wrong-password", None).await;
    }
    let until = locked_until(&state).await;
    assert!(until.is_some(), "locked");
    for _ in 0..6 {
        log_in(&state, WORKER, "wrong-password", None).await;
    }
    assert_eq!(locked_until(&state).await, until, "the lock ends when it was set to end");
}

#[tokio::test]
async fn the_overview_shows_the_callers_own_area() {
    let state = demo_state().await;
    let overview =
        |body: String| -> gridlink::model::org::AreaOverview { serde_json::from_str(&body).unwrap() };
    let worker = log_in(&state, WORKER, PASSWORD, None).await.cookie.unwrap();
    let mine = overview(call(&state, "org/overview", "", Some(&worker)).await.body);
    assert_eq!(mine.name.as_deref(), Some("光明社区第1网格"));
    assert_eq!((mine.buildings, mine.households), (3, 18));

    let secretary = log_in(&state, "13800000002", PASSWORD, None).await.cookie.unwrap();
    let community = overview(call(&state, "org/overview", "", Some(&secretary)).await.body);
    assert_eq!(community.name.as_deref(), Some("光明社区"));
    assert_eq!((community.grids, community.buildings), (2, 6));

    let public = overview(call(&state, "org/overview", "", None).await.body);
    assert_eq!(public.name.as_deref(), Some("幸福路街道"));
}

#[tokio::test]
async fn changing_the_password_logs_out_other_devices() {
    let state = demo_state().await;
    let phone = log_in(&state, WORKER, PASSWORD, None).await.cookie.unwrap();
    let tablet = log_in(&state, WORKER, PASSWORD, None).await.cookie.unwrap();

    let weak = call(&state, "auth/password", &format!("current={PASSWORD}&new=12345678"), Some(&phone)).await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.body.contains("TooCommon"), "{}", weak.body);
    let wrong = call(&state, "auth/password", "current=nope-nope&new=a-much-better-one", Some(&phone)).await;
    assert!(wrong.body.contains("WrongCurrent"), "{}", wrong.body);

    let done =
        call(&state, "auth/password", &format!("current={PASSWORD}&new=a-much-better-one"), Some(&phone))
            .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(me(&state, &phone).await.contains("138****0003"), "this device stays logged in");
    assert_eq!(me(&state, &tablet).await, "null", "the other device is logged out");
    assert!(log_in(&state, WORKER, PASSWORD, None).await.cookie.is_none());
    assert!(log_in(&state, WORKER, "a-much-better-one", None).await.cookie.is_some());
}

#[tokio::test]
async fn pages_rendered_for_a_session_are_never_stored() {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;
    let state = demo_state().await;
    let token = log_in(&state, WORKER, PASSWORD, None).await.cookie.unwrap();
    let request = Request::get("/me").header(header::COOKIE, format!("gridlink_session={token}"));
    let response = router(state.clone()).oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.headers().get(header::CACHE_CONTROL).unwrap(), "no-store");
}

#[tokio::test]
async fn the_client_address_comes_from_a_proxy_only_when_configured() {
    use gridlink::server::auth::scope::client_address;
    let mut state = demo_state().await;
    let mut headers = axum::http::HeaderMap::new();
    headers.insert("x-forwarded-for", "1.2.3.4, 10.0.0.7".parse().unwrap());
    let peer = Some(std::net::SocketAddr::from(([127, 0, 0, 1], 9)));
    assert_eq!(client_address(&state, &headers, peer), "127.0.0.1", "the header is ignored by default");
    let mut settings = (*state.settings).clone();
    settings.behind_proxy = true;
    state.settings = std::sync::Arc::new(settings);
    assert_eq!(client_address(&state, &headers, peer), "10.0.0.7", "the entry the proxy added");
    headers.insert("x-forwarded-for", "not an address".parse().unwrap());
    assert_eq!(client_address(&state, &headers, peer), "127.0.0.1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn requests_arriving_together_share_one_session() {
    let state = demo_state().await;
    let cookie = log_in(&state, WORKER, PASSWORD, None).await.cookie.unwrap();
    state.db.query("UPDATE session SET last_seen_at = time::now() - 5m").await.unwrap().check().unwrap();
    let calls: Vec<_> = (0..8)
        .map(|n| {
            let (state, cookie) = (state.clone(), cookie.clone());
            let endpoint = if n % 2 == 0 { "auth/me" } else { "sync/pull" };
            let form = if n % 2 == 0 { "" } else { "since=0" };
            tokio::spawn(async move { call(&state, endpoint, form, Some(&cookie)).await.status })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap(), StatusCode::OK, "a page and the sync loop at once");
    }
}
