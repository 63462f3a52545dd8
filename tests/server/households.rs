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

#[tokio::test]
async fn coverage_counts_each_visited_household_once_per_grid() {
    let state = demo_state().await;
    gridlink::server::demo::load_day(&state.db).await.unwrap();
    let worker = crate::sync::worker();
    let grids = gridlink::server::repo::households::coverage(&state.db, &worker).await.unwrap();
    assert_eq!(grids.len(), 1, "the worker's own grid");
    // The demo's care visit of a week ago, to one household of 18.
    assert_eq!((grids[0].households, grids[0].visited_30, grids[0].visited_90), (18, 1, 1));
    assert_eq!(grids[0].percent(grids[0].visited_30), 5);
    let secretary = crate::sync::secretary();
    let theirs = gridlink::server::repo::households::coverage(&state.db, &secretary).await.unwrap();
    assert_eq!(theirs.len(), 2, "the secretary's grids");
}

#[tokio::test]
async fn the_pull_says_when_each_household_was_last_visited() {
    let state = demo_state().await;
    gridlink::server::demo::load_day(&state.db).await.unwrap();
    let worker = crate::sync::worker();
    let data = gridlink::server::repo::pull::changes(&state.db, &worker, &state.settings, 0).await.unwrap();
    let visited: Vec<_> = data.households.iter().filter(|h| h.last_visit_at.is_some()).collect();
    assert_eq!(visited.len(), 1);
    assert_eq!(visited[0].key, FIRST_HOUSEHOLD);
    assert_eq!(data.quiet_days, 90);
}

fn tags(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[tokio::test]
async fn a_households_page_has_its_visits_and_care_tags_for_those_who_look_after_it() {
    use gridlink::model::{AppError, Field};
    use gridlink::server::repo::households::{detail, set_care_tags};
    let state = demo_state().await;
    gridlink::server::demo::load_day(&state.db).await.unwrap();
    let configured = state.settings.care_tags.clone();
    let worker = crate::sync::worker();
    let set = |who, chosen: Vec<String>| {
        let (db, configured) = (state.db.clone(), configured.clone());
        async move { set_care_tags(&db, &who, (FIRST_HOUSEHOLD, &chosen), &configured, "t").await }
    };
    assert_eq!(set(worker.clone(), tags(&["独居老人", "独居老人", "残疾人"])).await, Ok(()));
    assert_eq!(set(worker.clone(), tags(&["富豪"])).await, Err(AppError::Invalid(Field::Category)));
    let leader = crate::sync::scope("13800000004", "demo-c1-g1", "building_leader");
    assert_eq!(set(leader.clone(), tags(&[])).await, Err(AppError::Forbidden));
    let stranger = crate::sync::scope("13800000007", "demo-c2-g1", "grid_worker");
    assert_eq!(set(stranger.clone(), tags(&[])).await, Err(AppError::NotFound));

    let page = detail(&state.db, &worker, FIRST_HOUSEHOLD, &configured).await.unwrap();
    assert_eq!(page.care_tags, tags(&["独居老人", "残疾人"]), "each tag once");
    assert_eq!(page.place, "1号楼 101");
    assert_eq!(page.visits.len(), 1, "the demo's care visit");
    assert_eq!(page.visits[0].visitor_name, "张伟");
    assert_eq!(page.tag_choices, configured);
    let theirs = detail(&state.db, &leader, FIRST_HOUSEHOLD, &configured).await.unwrap();
    assert_eq!((theirs.care_tags.len(), theirs.tag_choices.len()), (2, 0), "seen, not set");
    let street = crate::sync::scope("13800000001", "demo-street", "street_admin");
    let figures_only = detail(&state.db, &street, FIRST_HOUSEHOLD, &configured).await.unwrap();
    assert!(figures_only.care_tags.is_empty(), "street staff see no care tags");
    let refused = detail(&state.db, &stranger, FIRST_HOUSEHOLD, &configured).await;
    assert_eq!(refused, Err(AppError::NotFound));

    // The phone of the worker carries them; the public page and the tree export never.
    let data = gridlink::server::repo::pull::changes(&state.db, &worker, &state.settings, 0).await.unwrap();
    let first = data.households.iter().find(|h| h.key == FIRST_HOUSEHOLD).unwrap();
    assert_eq!(first.care_tags.len(), 2);
    let member = crate::sync::scope("13800000005", "demo-c1", "party_member");
    let theirs = gridlink::server::repo::pull::changes(&state.db, &member, &state.settings, 0).await.unwrap();
    assert!(theirs.households.iter().all(|h| h.care_tags.is_empty()));
    let csv = gridlink::server::repo::export::org_tree_csv(&state.db, &street, "t").await.unwrap();
    assert!(!csv.contains("独居老人"));
    let audited: Option<i64> = state
        .db
        .query("RETURN count(SELECT id FROM audit_event WHERE action = 'care_tags_set')")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(audited, Some(1), "the one change that was made");
}
