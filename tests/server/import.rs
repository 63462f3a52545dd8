//! CSV import of the organisation tree: all or nothing, line by line.

use crate::auth::{call, log_in, PASSWORD, WORKER};
use crate::support::demo_state;
use axum::http::StatusCode;
use gridlink::model::import::{ImportProblem, ImportReport, RowProblem};
use gridlink::server::AppState;

const HEADER: &str = "level,code,name,parent_code,address";

async fn import(state: &AppState, mobile: &str, lines: &[&str]) -> (StatusCode, String) {
    let cookie = log_in(state, mobile, PASSWORD, None).await.cookie.unwrap();
    let csv = format!("\u{feff}{HEADER}\n{}\n", lines.join("\n"));
    let form = format!("csv={}", urlencode(&csv));
    let answer = call(state, "org/import", &form, Some(&cookie)).await;
    (answer.status, answer.body)
}

pub(crate) fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

fn report(body: &str) -> ImportReport {
    serde_json::from_str(body).unwrap_or_else(|_| panic!("{body}"))
}

async fn grid_count(state: &AppState) -> Option<i64> {
    state
        .db
        .query("SELECT count() FROM org_node WHERE level = 'grid' GROUP ALL")
        .await
        .unwrap()
        .take((0, "count"))
        .unwrap()
}

#[tokio::test]
async fn a_clean_file_is_imported_whole() {
    let state = demo_state().await;
    let lines = [
        "grid,c1-g3,光明社区第3网格,demo-c1,",
        "party_group,c1-g3-p1,第3网格第1党小组,c1-g3,",
        "building,c1-g3-b1,10号楼,c1-g3,光明路10号",
    ];
    let (status, body) = import(&state, "13800000002", &lines).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(report(&body), ImportReport { imported: 3, problems: vec![] });
    assert_eq!(grid_count(&state).await, Some(5));
    let building_ancestors: Vec<String> = state
        .db
        .query("SELECT VALUE ancestors.code FROM ONLY building:⟨c1-g3-b1⟩")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(building_ancestors, ["demo-street", "demo-c1", "c1-g3"]);
}

#[tokio::test]
async fn one_bad_line_imports_nothing_and_is_reported() {
    let state = demo_state().await;
    let lines = [
        "grid,c1-g3,光明社区第3网格,demo-c1,",
        "building,c1-g3-b1,10号楼,no-such-grid,",
        "grid,c1-g4,光明社区第4网格,demo-c2,",
        "grid,demo-c1-g1,重复,demo-c1,",
        "grid,c1-g3,又重复,demo-c1,",
        "planet,x,火星,demo-c1,",
        "building,c1-b9,9号楼,demo-c1,",
        "grid,c1-g5,,demo-c1,",
    ];
    let (status, body) = import(&state, "13800000002", &lines).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let expected = [
        (3, ImportProblem::UnknownParent),
        (4, ImportProblem::UnknownParent),
        (5, ImportProblem::CodeTaken),
        (6, ImportProblem::DuplicateCode),
        (7, ImportProblem::UnknownLevel),
        (8, ImportProblem::WrongParentLevel),
        (9, ImportProblem::MissingName),
    ];
    let expected: Vec<RowProblem> =
        expected.into_iter().map(|(line, problem)| RowProblem { line, problem }).collect();
    assert_eq!(report(&body), ImportReport { imported: 0, problems: expected });
    assert_eq!(grid_count(&state).await, Some(4), "nothing was written");
}

#[tokio::test]
async fn a_wrong_header_is_refused_and_workers_cannot_import() {
    let state = demo_state().await;
    let cookie = log_in(&state, "13800000002", PASSWORD, None).await.cookie.unwrap();
    let answer = call(&state, "org/import", "csv=name%2Ccode%0Ax%2Cy", Some(&cookie)).await;
    assert_eq!(
        report(&answer.body).problems,
        vec![RowProblem { line: 1, problem: ImportProblem::BadHeader }]
    );

    let (status, _) = import(&state, WORKER, &["grid,c1-g3,光明社区第3网格,demo-c1,"]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
