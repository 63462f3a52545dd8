//! Proof of holding: the server names the operations whose effect it no
//! longer holds, and only the caller's.

use crate::support::demo_state;
use crate::sync::{apply, change, id, report, visit, worker};
use gridlink::model::issue::{IssueAction, IssueStatus};
use gridlink::model::sync::{HeldCheck, OpKind, OpResult, Operation};
use gridlink::model::AppError;
use gridlink::model::Field;
use gridlink::server::sync::not_held;

fn check(op: &Operation, kind: OpKind, record: u64) -> HeldCheck {
    HeldCheck { op_id: op.op_id.clone(), kind, record_id: id(record) }
}

#[tokio::test]
async fn what_was_lost_behind_the_servers_back_is_named() {
    let state = demo_state().await;
    let (kept, lost) = (visit(1), visit(2));
    let issue = report(3);
    let escalate = change(4, 3, IssueStatus::Reported, IssueAction::Escalate);
    for op in [&kept, &lost, &issue, &escalate] {
        assert_eq!(apply(&state, &worker(), op).await, OpResult::Applied);
    }
    let checks = vec![
        check(&kept, OpKind::RecordVisit, 1),
        check(&lost, OpKind::RecordVisit, 2),
        check(&issue, OpKind::ReportIssue, 3),
        check(&escalate, OpKind::ChangeIssue, 3),
    ];
    assert_eq!(not_held(&state.db, &worker(), checks.clone()).await.expect("answers"), Vec::<String>::new());

    // What the storage bug did: the record and its answer gone together.
    state
        .db
        .query("DELETE type::record('visit', $visit); DELETE type::record('sync_op', $op);")
        .bind(("visit", id(2)))
        .bind(("op", escalate.op_id.clone()))
        .await
        .expect("deletes")
        .check()
        .expect("deleted");
    let missing = not_held(&state.db, &worker(), checks.clone()).await.expect("answers");
    assert_eq!(missing, vec![lost.op_id.clone(), escalate.op_id.clone()]);

    // Another account learns nothing about the worker's records.
    let leader = crate::sync::scope("13800000004", "demo-c1-g1", "building_leader");
    let all: Vec<String> = checks.iter().map(|c| c.op_id.clone()).collect();
    assert_eq!(not_held(&state.db, &leader, checks).await.expect("answers"), all);
}

#[tokio::test]
async fn a_malformed_check_is_refused() {
    let state = demo_state().await;
    let bad = HeldCheck { op_id: "visit:1".into(), kind: OpKind::RecordVisit, record_id: id(1) };
    let error = not_held(&state.db, &worker(), vec![bad]).await.expect_err("refused");
    assert_eq!(error, AppError::Invalid(Field::Checks));
}
