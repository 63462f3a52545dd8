//! Account administration stays inside the administrator's subtree.

use crate::auth::{call, log_in, me, PASSWORD, WORKER, WORKER_ID};
use crate::support::demo_state;
use axum::http::StatusCode;
use gridlink::model::account::AccountSummary;
use gridlink::model::audit::AuditAction;
use gridlink::server::demo::demo_public_id;
use gridlink::server::AppState;

const STREET_ADMIN: &str = "13800000001";
const SECRETARY: &str = "13800000002";
const OTHER_COMMUNITY_WORKER: &str = "13800000007";

pub(crate) async fn session_of(state: &AppState, mobile: &str) -> String {
    log_in(state, mobile, PASSWORD, None).await.cookie.expect("logs in")
}

async fn listed(state: &AppState, cookie: &str) -> Vec<String> {
    let answer = call(state, "accounts/list", "", Some(cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let accounts: Vec<AccountSummary> = serde_json::from_str(&answer.body).unwrap();
    accounts.into_iter().map(|a| a.key).collect()
}

#[tokio::test]
async fn administrators_see_the_accounts_of_their_subtree_only() {
    let state = demo_state().await;
    let secretary = session_of(&state, SECRETARY).await;
    let community = listed(&state, &secretary).await;
    assert_eq!(community.len(), 6, "{community:?}");
    assert!(
        !community.contains(&STREET_ADMIN.to_string())
            && !community.contains(&OTHER_COMMUNITY_WORKER.to_string())
    );

    let admin = session_of(&state, STREET_ADMIN).await;
    assert_eq!(listed(&state, &admin).await.len(), 8);

    let worker = session_of(&state, WORKER).await;
    let refused = call(&state, "accounts/list", "", Some(&worker)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_account_outside_the_subtree_is_not_found() {
    let state = demo_state().await;
    let secretary = session_of(&state, SECRETARY).await;
    let form = format!("key={}&active=false", demo_public_id(OTHER_COMMUNITY_WORKER));
    let answer = call(&state, "accounts/active", &form, Some(&secretary)).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
    assert!(log_in(&state, OTHER_COMMUNITY_WORKER, PASSWORD, None).await.cookie.is_some(), "still active");
}

#[tokio::test]
async fn deactivation_ends_the_sessions_at_once() {
    let state = demo_state().await;
    let worker = session_of(&state, WORKER).await;
    let secretary = session_of(&state, SECRETARY).await;
    let answer =
        call(&state, "accounts/active", &format!("key={WORKER_ID}&active=false"), Some(&secretary)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(me(&state, &worker).await, "null", "the worker's session died");
    assert!(log_in(&state, WORKER, PASSWORD, None).await.cookie.is_none(), "and cannot log in");

    call(&state, "accounts/active", &format!("key={WORKER_ID}&active=true"), Some(&secretary)).await;
    assert!(log_in(&state, WORKER, PASSWORD, None).await.cookie.is_some(), "reactivated");
}

#[tokio::test]
async fn street_admins_read_the_audit_log_of_their_street() {
    let state = demo_state().await;
    let secretary = session_of(&state, SECRETARY).await;
    call(&state, "accounts/active", &format!("key={WORKER_ID}&active=false"), Some(&secretary)).await;

    let admin = session_of(&state, STREET_ADMIN).await;
    let answer = call(&state, "audit/recent", "", Some(&admin)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let events: Vec<gridlink::model::audit::AuditEntry> = serde_json::from_str(&answer.body).unwrap();
    let deactivation = events.iter().find(|e| e.action == AuditAction::AccountDeactivated).expect("audited");
    assert_eq!(deactivation.actor.as_deref(), Some("李明"));
    assert_eq!(deactivation.subject.as_deref(), Some("138****0003"), "masked");
    assert!(events.iter().any(|e| e.action == AuditAction::Login));

    let refused = call(&state, "audit/recent", "", Some(&secretary)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

async fn download_org(state: &AppState, cookie: Option<&str>) -> (StatusCode, String) {
    download(state, "/export/org.csv", cookie).await
}

pub(crate) async fn download(state: &AppState, path: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let (status, bytes) = download_bytes(state, path, cookie).await;
    (status, String::from_utf8(bytes).unwrap())
}

pub(crate) async fn download_bytes(
    state: &AppState,
    path: &str,
    cookie: Option<&str>,
) -> (StatusCode, Vec<u8>) {
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut request = axum::http::Request::get(path);
    if let Some(cookie) = cookie {
        request = request.header(axum::http::header::COOKIE, format!("gridlink_session={cookie}"));
    }
    let mut request = request.body(Body::empty()).unwrap();
    request.extensions_mut().insert(ConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 9))));
    let response = gridlink::server::http::router(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, bytes.to_vec())
}

#[tokio::test]
async fn the_org_tree_exports_as_csv_within_scope() {
    let state = demo_state().await;
    let secretary = session_of(&state, SECRETARY).await;
    let (status, csv) = download_org(&state, Some(&secretary)).await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    assert!(csv.starts_with("\u{feff}level,code,name,parent_code,address\n"), "{csv}");
    assert!(csv.contains("community,demo-c1,光明社区,demo-street,"), "{csv}");
    assert!(csv.contains("grid,demo-c1-g2,光明社区第2网格,demo-c1,"), "{csv}");
    assert_eq!(csv.lines().filter(|l| l.starts_with("building,")).count(), 6);
    assert!(!csv.contains("和平社区"), "another community leaked: {csv}");

    let worker = session_of(&state, WORKER).await;
    assert_eq!(download_org(&state, Some(&worker)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(download_org(&state, None).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn administrators_create_accounts_and_reset_passwords_in_their_area() {
    let state = demo_state().await;
    let secretary = session_of(&state, SECRETARY).await;
    let form = "mobile=137%2000000001&name=%E6%96%B0%E4%BA%BA&role=grid_worker&org_code=demo-c1-g2&password=temp-pass-123";
    let created = call(&state, "accounts/create", form, Some(&secretary)).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let newcomer = log_in(&state, "13700000001", "temp-pass-123", None).await.cookie.expect("logs in");
    assert!(me(&state, &newcomer).await.contains("\"must_change_password\":true"));

    let elsewhere = form.replace("demo-c1-g2", "demo-c2-g1").replace("13700000001", "13700000002");
    assert_eq!(
        call(&state, "accounts/create", &elsewhere, Some(&secretary)).await.status,
        StatusCode::NOT_FOUND
    );
    let too_high = form.replace("grid_worker", "street_admin").replace("13700000001", "13700000003");
    assert_eq!(
        call(&state, "accounts/create", &too_high, Some(&secretary)).await.status,
        StatusCode::FORBIDDEN
    );
    let again = call(&state, "accounts/create", form, Some(&secretary)).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "the number is taken");

    let worker = session_of(&state, WORKER).await;
    let reset =
        call(&state, "accounts/reset", &format!("key={WORKER_ID}&password=temp-pass-456"), Some(&secretary))
            .await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    assert_eq!(me(&state, &worker).await, "null", "logged out everywhere");
    assert!(log_in(&state, WORKER, "temp-pass-456", None).await.cookie.is_some());
}
