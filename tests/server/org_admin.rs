//! Editing the tree, accounts, households, staffing and units one at a
//! time, and the roster as CSV.

use crate::auth::{call, log_in, PASSWORD, WORKER};
use crate::import::urlencode;
use crate::support::demo_state;
use axum::http::StatusCode;
use gridlink::model::account::AccountSummary;
use gridlink::model::household::HouseholdSummary;
use gridlink::model::import::{ImportProblem, ImportReport, RowProblem};
use gridlink::model::org::OrgListing;
use gridlink::model::staffing::{StaffEntry, UnitSummary};
use gridlink::model::AppError;
use gridlink::model::Field;
use gridlink::server::AppState;

const SECRETARY: &str = "13800000002";

async fn session(state: &AppState, mobile: &str) -> String {
    log_in(state, mobile, PASSWORD, None).await.cookie.unwrap()
}

fn error(body: &str) -> AppError {
    serde_json::from_str(body).unwrap_or_else(|_| panic!("{body}"))
}

#[tokio::test]
async fn a_secretary_grows_and_renames_their_community() {
    let state = demo_state().await;
    let secretary = session(&state, SECRETARY).await;
    let added = call(
        &state,
        "org/add_node",
        "level=grid&code=c1-g9&name=新网格&parent_code=demo-c1",
        Some(&secretary),
    )
    .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    let again = call(
        &state,
        "org/add_node",
        "level=grid&code=c1-g9&name=又一个&parent_code=demo-c1",
        Some(&secretary),
    )
    .await;
    assert_eq!(error(&again.body), AppError::Invalid(Field::CodeTaken));
    let wrong_level =
        call(&state, "org/add_node", "level=community&code=c9&name=x&parent_code=demo-c1", Some(&secretary))
            .await;
    assert_eq!(error(&wrong_level.body), AppError::Invalid(Field::Parent));
    let renamed = call(&state, "org/rename_node", "key=c1-g9&name=幸福网格", Some(&secretary)).await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);

    let listing = call(&state, "org/list", "", Some(&secretary)).await;
    let listing: OrgListing = serde_json::from_str(&listing.body).unwrap();
    let node = listing.nodes.iter().find(|n| n.code == "c1-g9").expect("listed");
    assert_eq!((node.name.as_str(), node.parent_code.as_deref()), ("幸福网格", Some("demo-c1")));
    assert!(listing.nodes.iter().all(|n| !n.code.starts_with("demo-c2")), "only their community");

    let worker = session(&state, WORKER).await;
    let refused = call(&state, "org/rename_node", "key=demo-c1-g1&name=x", Some(&worker)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn moving_a_building_carries_its_households_along() {
    let state = demo_state().await;
    let secretary = session(&state, SECRETARY).await;
    let form = "key=demo-c1-g1-b1&code=&name=一号楼&address=&parent_code=demo-c1-g2";
    let moved = call(&state, "org/save_building", form, Some(&secretary)).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    let households = call(&state, "households/list", "", Some(&session(&state, WORKER).await)).await;
    assert!(!households.body.contains("demo-c1-g1-b1-101"), "no longer in the worker's grid");
    let other_worker = session(&state, "13800000007").await;
    let still_hidden = call(&state, "households/list", "", Some(&other_worker)).await;
    assert!(!still_hidden.body.contains("demo-c1-g1-b1"), "another community's worker never sees it");
    let in_g2: Option<i64> = state
        .db
        .query("SELECT count() FROM household WHERE ancestors CONTAINS org_node:⟨demo-c1-g2⟩ GROUP ALL")
        .await
        .unwrap()
        .take((0, "count"))
        .unwrap();
    assert_eq!(in_g2, Some(24), "18 + the moved building's 6");

    let new = call(
        &state,
        "org/save_building",
        "key=&code=c1-b9&name=九号楼&address=&parent_code=demo-c1-g1",
        Some(&secretary),
    )
    .await;
    assert_eq!(new.status, StatusCode::OK, "{}", new.body);
    let under_community = call(
        &state,
        "org/save_building",
        "key=&code=c1-b10&name=x&address=&parent_code=demo-c1",
        Some(&secretary),
    )
    .await;
    assert_eq!(error(&under_community.body), AppError::Invalid(Field::Parent));
}

#[tokio::test]
async fn a_grid_worker_keeps_the_household_ledger_without_unmasking_it() {
    let state = demo_state().await;
    let worker = session(&state, WORKER).await;
    let form = "key=&building_code=demo-c1-g1-b1&unit=9-901&contact_name=周先生&contact_phone=13612345678&id_number=";
    let added = call(&state, "households/save", form, Some(&worker)).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    let list = call(&state, "households/list", "", Some(&worker)).await;
    let list: Vec<HouseholdSummary> = serde_json::from_str(&list.body).unwrap();
    let new = list.iter().find(|h| h.unit == "9-901").expect("listed");
    assert_eq!(new.phone_masked.as_deref(), Some("136****5678"));

    let edit = format!(
        "key={}&building_code=demo-c1-g1-b1&unit=9-902&contact_name=周先生&contact_phone=&id_number=",
        new.key
    );
    let edited = call(&state, "households/save", &edit, Some(&worker)).await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    let phone: Option<String> = state
        .db
        .query("SELECT VALUE contact_phone FROM household WHERE unit = '9-902'")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(phone.as_deref(), Some("13612345678"), "an empty field keeps the stored number");

    let bad = "key=&building_code=demo-c1-g1-b1&unit=9-903&contact_name=&contact_phone=123&id_number=";
    assert_eq!(
        error(&call(&state, "households/save", bad, Some(&worker)).await.body),
        AppError::Invalid(Field::Phone)
    );
    let duplicate = "key=&building_code=demo-c1-g1-b1&unit=101&contact_name=&contact_phone=&id_number=";
    let answer = call(&state, "households/save", duplicate, Some(&worker)).await;
    assert_eq!(error(&answer.body), AppError::Invalid(Field::UnitTaken));
    let leader = session(&state, "13800000004").await;
    let refused = call(&state, "households/save", form, Some(&leader)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn accounts_are_edited_within_what_the_editor_may_grant() {
    let state = demo_state().await;
    let secretary = session(&state, SECRETARY).await;
    let form = "key=01900000-0000-7000-8000-acc000000002&name=张伟&roles=grid_worker;party_member&org_code=demo-c1-g2";
    let changed = call(&state, "accounts/update", form, Some(&secretary)).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    let list = call(&state, "accounts/list", "", Some(&secretary)).await;
    let list: Vec<AccountSummary> = serde_json::from_str(&list.body).unwrap();
    let worker = list.iter().find(|a| a.key == crate::auth::WORKER_ID).unwrap();
    assert_eq!((worker.roles.len(), worker.org_code.as_str()), (2, "demo-c1-g2"));

    let promote = "key=01900000-0000-7000-8000-acc000000002&name=张伟&roles=street_admin&org_code=demo-c1-g2";
    assert_eq!(
        call(&state, "accounts/update", promote, Some(&secretary)).await.status,
        StatusCode::FORBIDDEN
    );
    let own =
        "key=01900000-0000-7000-8000-acc000000001&name=李明&roles=secretary;grid_worker&org_code=demo-c1";
    assert_eq!(
        error(&call(&state, "accounts/update", own, Some(&secretary)).await.body),
        AppError::Invalid(Field::Own)
    );
}

const ROSTER_HEADER: &str = "mobile,name,roles,org_code,temporary_password";

async fn import_roster(state: &AppState, cookie: &str, lines: &[&str]) -> ImportReport {
    let csv = format!("{ROSTER_HEADER}\n{}\n", lines.join("\n"));
    let answer = call(state, "accounts/import", &format!("csv={}", urlencode(&csv)), Some(cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    serde_json::from_str(&answer.body).unwrap()
}

#[tokio::test]
async fn a_roster_with_one_bad_line_imports_nothing() {
    let state = demo_state().await;
    let secretary = session(&state, SECRETARY).await;
    let report = import_roster(
        &state,
        &secretary,
        &[
            "13700000001,新网格员,grid_worker,demo-c1-g1,temp-pass-123",
            "13700000002,坏行,grid_worker;king,demo-c1-g1,temp-pass-123",
            "13700000003,太短,grid_worker,demo-c1-g1,short",
            "13800000007,别的社区,grid_worker,demo-c1-g1,",
            "13700000004,外面,grid_worker,demo-c2-g1,temp-pass-123",
            "13700000005,升官,street_admin,demo-c1,temp-pass-123",
            "13700000001,重复,grid_worker,demo-c1-g1,temp-pass-123",
        ],
    )
    .await;
    let problems: Vec<(usize, ImportProblem)> =
        report.problems.iter().map(|RowProblem { line, problem }| (*line, *problem)).collect();
    assert_eq!(
        problems,
        vec![
            (3, ImportProblem::UnknownRole),
            (4, ImportProblem::BadPassword),
            (5, ImportProblem::MobileTaken),
            (6, ImportProblem::UnknownParent),
            (7, ImportProblem::RoleNotAllowed),
            (8, ImportProblem::DuplicateMobile),
        ]
    );
    let created: Option<i64> = state
        .db
        .query("SELECT count() FROM account WHERE mobile = '13700000001' GROUP ALL")
        .await
        .unwrap()
        .take((0, "count"))
        .unwrap();
    assert_eq!(created.unwrap_or(0), 0, "nothing imported");
}

#[tokio::test]
async fn the_exported_roster_imports_again_and_new_people_can_log_in() {
    let state = demo_state().await;
    let secretary = session(&state, SECRETARY).await;
    let (status, exported) = crate::accounts::download(&state, "/export/roster.csv", Some(&secretary)).await;
    assert_eq!(status, StatusCode::OK, "{exported}");
    assert!(exported.starts_with('\u{feff}'), "BOM for Excel");
    assert!(exported.contains("13800000003,张伟,grid_worker,demo-c1-g1,"), "{exported}");
    assert!(!exported.contains("13800000001"), "the street admin is outside the community");
    assert!(!exported.contains("13800000007"), "another community");

    let mut lines: Vec<&str> = exported.lines().skip(1).collect();
    lines.push("13700000001,新网格员,grid_worker;party_member,demo-c1-g2,temp-pass-123");
    let report = import_roster(&state, &secretary, &lines).await;
    assert_eq!((report.imported, report.problems.len()), (lines.len(), 0), "{report:?}");
    let login = log_in(&state, "13700000001", "temp-pass-123", None).await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.body);
    assert!(login.body.contains("\"must_change_password\":true"), "{}", login.body);
}

#[tokio::test]
async fn grid_teams_and_reporting_units_are_kept_per_area() {
    let state = demo_state().await;
    let secretary = session(&state, SECRETARY).await;
    let staff = call(&state, "staffing/list", "", Some(&secretary)).await;
    let staff: Vec<StaffEntry> = serde_json::from_str(&staff.body).unwrap();
    assert_eq!(staff.len(), 8, "two grids of 1+1+1+1 in the demo community");
    assert!(
        staff.iter().any(|s| s.mobile_masked.as_deref() == Some("138****0003")),
        "the worker's account is linked"
    );

    let add = "grid_code=demo-c1-g1&duty=member&person_name=新队员&mobile=13800000005";
    assert_eq!(call(&state, "staffing/add", add, Some(&secretary)).await.status, StatusCode::OK);
    let not_a_grid = "grid_code=demo-c1&duty=member&person_name=x&mobile=";
    assert_eq!(
        error(&call(&state, "staffing/add", not_a_grid, Some(&secretary)).await.body),
        AppError::Invalid(Field::Parent)
    );
    let first = staff[0].key.clone();
    assert_eq!(
        call(&state, "staffing/remove", &format!("key={first}"), Some(&secretary)).await.status,
        StatusCode::OK
    );
    let after: Vec<StaffEntry> =
        serde_json::from_str(&call(&state, "staffing/list", "", Some(&secretary)).await.body).unwrap();
    assert_eq!(after.len(), 8);

    let unit = "community_code=demo-c1&name=区图书馆&contact_name=";
    assert_eq!(call(&state, "units/add", unit, Some(&secretary)).await.status, StatusCode::OK);
    assert_eq!(
        error(&call(&state, "units/add", unit, Some(&secretary)).await.body),
        AppError::Invalid(Field::NameTaken)
    );
    let units: Vec<UnitSummary> =
        serde_json::from_str(&call(&state, "units/list", "", Some(&secretary)).await.body).unwrap();
    assert_eq!(units.len(), 3, "two demo units and the new one; not the other community's");
}
