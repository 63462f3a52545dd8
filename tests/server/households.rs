//! Residents' contacts: masked in every list, revealed only on purpose.

use crate::auth::{call, log_in, PASSWORD, WORKER};
use crate::support::demo_state;
use axum::http::StatusCode;
use gridlink::model::household::{FullContact, HouseholdSummary};

const FIRST_HOUSEHOLD: &str = "demo-c1-g1-b1-101";

#[tokio::test]
async fn lists_mask_phone_and_id_numbers() {
    let state = demo_state().await;
    let worker = log_in(&state, WORKER, PASSWORD, None).await.cookie.unwrap();
    let answer = call(&state, "households/list", "", Some(&worker)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let households: Vec<HouseholdSummary> = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(households.len(), 18, "the worker's own grid only");
    let first = households.iter().find(|h| h.key == FIRST_HOUSEHOLD).expect("listed");
    assert_eq!(first.phone_masked.as_deref(), Some("139****0000"));
    assert_eq!(first.id_masked.as_deref(), Some("440308********1000"));
    assert!(!answer.body.contains("13900000000"), "no full phone number in the list");
}

#[tokio::test]
async fn revealing_is_audited_and_limited_to_roles_and_scope() {
    let state = demo_state().await;
    let worker = log_in(&state, WORKER, PASSWORD, None).await.cookie.unwrap();
    let answer = call(&state, "households/reveal", &format!("key={FIRST_HOUSEHOLD}"), Some(&worker)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let contact: FullContact = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(contact.phone.as_deref(), Some("13900000000"));
    let audited: Option<i64> = state
        .db
        .query("SELECT count() FROM audit_event WHERE action = 'personal_data_revealed' GROUP ALL")
        .await
        .unwrap()
        .take((0, "count"))
        .unwrap();
    assert_eq!(audited, Some(1));

    let member = log_in(&state, "13800000005", PASSWORD, None).await.cookie.unwrap();
    let refused = call(&state, "households/reveal", &format!("key={FIRST_HOUSEHOLD}"), Some(&member)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "party members do not need it");

    let other_grid = log_in(&state, "13800000007", PASSWORD, None).await.cookie.unwrap();
    let hidden =
        call(&state, "households/reveal", &format!("key={FIRST_HOUSEHOLD}"), Some(&other_grid)).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND, "another grid's household does not exist for them");
}
