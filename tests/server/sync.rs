//! The apply path of the sync protocol on an in-memory SurrealDB: replays,
//! races, mismatched payloads, conflicts, and a property test against a
//! reference model.

use crate::support::demo_state;
use gridlink::model::account::Role;
use gridlink::model::issue::{IssueAction, IssueCategory, IssueChange, IssueInput, IssueStatus, Urgency};
use gridlink::model::sync::{new_id, OpKind, OpResult, Operation, RejectReason, APP_VERSION};
use gridlink::model::visit::{VisitInput, VisitType};
use gridlink::model::Field;
use gridlink::server::auth::Scope;
use gridlink::server::sync::apply_one;
use gridlink::server::AppState;
use surrealdb::types::RecordId;

pub const T0: i64 = 1_790_000_000_000;

pub fn scope(mobile: &str, org: &str, role: &str) -> Scope {
    Scope {
        account: RecordId::new("account", mobile),
        account_ref: gridlink::server::demo::demo_public_id(mobile),
        org: RecordId::new("org_node", org),
        roles: vec![Role::parse(role).expect("a role")],
        must_change_password: false,
    }
}

pub fn worker() -> Scope {
    scope("13800000003", "demo-c1-g1", "grid_worker")
}

pub fn secretary() -> Scope {
    scope("13800000002", "demo-c1", "secretary")
}

pub fn id(n: u64) -> String {
    new_id(T0 as u64 + n, [n as u8; 10])
}

pub fn op(n: u64, kind: OpKind, payload: impl serde::Serialize) -> Operation {
    Operation {
        op_id: id(1_000_000 + n),
        device_id: "phone-1".into(),
        kind: kind.as_str().into(),
        payload: serde_json::to_value(payload).unwrap(),
        captured_at: T0 + n as i64,
        app_version: APP_VERSION.into(),
        owner: None,
    }
}

pub fn visit(n: u64) -> Operation {
    let input = VisitInput {
        visit_id: id(n),
        household: "demo-c1-g1-b1-101".into(),
        visit_type: VisitType::Care,
        notes: format!("第{n}次走访"),
        follow_up_on: None,
        corrects: None,
        need: None,
        photos: Vec::new(),
        location: None,
    };
    op(n, OpKind::RecordVisit, input)
}

pub fn report(n: u64) -> Operation {
    let input = IssueInput {
        issue_id: id(n),
        category: IssueCategory::Safety,
        description: "楼道灯坏了".into(),
        building: "demo-c1-g1-b1".into(),
        household: Some("demo-c1-g1-b1-101".into()),
        urgency: Urgency::Urgent,
        reporter_name: Some("王女士".into()),
        reporter_phone: Some("13912345678".into()),
        photos: Vec::new(),
        location: None,
    };
    op(n, OpKind::ReportIssue, input)
}

pub fn change(n: u64, issue: u64, expected: IssueStatus, action: IssueAction) -> Operation {
    op(n, OpKind::ChangeIssue, IssueChange { issue_id: id(issue), expected, action, note: String::new() })
}

pub async fn apply(state: &AppState, scope: &Scope, op: &Operation) -> OpResult {
    apply_one(&state.db, scope, &state.settings, op).await.expect("answers")
}

pub async fn count(state: &AppState, table: &str) -> i64 {
    let sql = format!("SELECT count() FROM {table} GROUP ALL");
    let n: Option<i64> = state.db.query(sql).await.unwrap().take((0, "count")).unwrap();
    n.unwrap_or(0)
}

pub async fn status_of(state: &AppState, issue: u64) -> String {
    let status: Option<String> = state
        .db
        .query("SELECT VALUE status FROM ONLY $id")
        .bind(("id", RecordId::new("issue", id(issue).as_str())))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    status.unwrap_or_default()
}

#[tokio::test]
async fn replaying_an_operation_gives_one_record_and_the_same_answer() {
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    let state = demo_state().await;
    for (n, op) in [visit(1), report(2)].into_iter().enumerate() {
        for attempt in 0..(2 + n * 3) {
            assert_eq!(
                apply(&state, &worker(), &op).await,
                OpResult::Applied,
                "attempt {attempt} of {}",
                op.kind
            );
        }
    }
    assert_eq!((count(&state, "visit").await, count(&state, "issue").await), (1, 1));
    assert_eq!(count(&state, "sync_op").await, 2);
    assert_eq!(count(&state, "issue_event").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_copies_of_an_operation_apply_once() {
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    let state = demo_state().await;
    for op in [visit(1), report(2)] {
        let copies: Vec<_> = (0..5)
            .map(|_| {
                let (state, op) = (state.clone(), op.clone());
                tokio::spawn(async move { apply(&state, &worker(), &op).await })
            })
            .collect();
        for copy in copies {
            assert_eq!(copy.await.unwrap(), OpResult::Applied);
        }
    }
    assert_eq!((count(&state, "visit").await, count(&state, "issue").await), (1, 1));
    assert_eq!(count(&state, "issue_event").await, 1);
}

#[tokio::test]
async fn the_same_id_with_other_content_is_refused() {
    let state = demo_state().await;
    let original = visit(1);
    assert_eq!(apply(&state, &worker(), &original).await, OpResult::Applied);
    let mut forged = original.clone();
    forged.payload["notes"] = "改过的内容".into();
    let refused = OpResult::Rejected { reason: RejectReason::PayloadMismatch };
    assert_eq!(apply(&state, &worker(), &forged).await, refused);
    assert_eq!(apply(&state, &secretary(), &original).await, refused, "another account replaying it");
    let notes: Vec<String> = state.db.query("SELECT VALUE notes FROM visit").await.unwrap().take(0).unwrap();
    assert_eq!(notes, vec!["第1次走访".to_owned()]);
}

#[tokio::test]
async fn a_change_made_on_stale_information_is_a_conflict() {
    let state = demo_state().await;
    assert_eq!(apply(&state, &worker(), &report(1)).await, OpResult::Applied);
    let assign = IssueAction::Assign { worker: crate::auth::WORKER_ID.into() };
    for (n, action) in [(2, IssueAction::Accept), (3, assign), (4, IssueAction::Resolve)] {
        let expected = IssueStatus::parse(&status_of(&state, 1).await).unwrap();
        assert_eq!(apply(&state, &secretary(), &change(n, 1, expected, action)).await, OpResult::Applied);
    }
    assert_eq!(
        apply(&state, &secretary(), &change(5, 1, IssueStatus::Resolved, IssueAction::Confirm)).await,
        OpResult::Applied
    );
    // The worker, offline since "assigned", resolves what is already confirmed.
    let stale = change(6, 1, IssueStatus::Assigned, IssueAction::Resolve);
    let conflict = OpResult::Conflict { current: "confirmed".into() };
    assert_eq!(apply(&state, &worker(), &stale).await, conflict);
    assert_eq!(apply(&state, &worker(), &stale).await, conflict, "not stored: the same answer again");
    assert_eq!(status_of(&state, 1).await, "confirmed");
    assert_eq!(count(&state, "issue_event").await, 5);
}

#[tokio::test]
async fn operations_the_server_cannot_take_are_refused_with_a_reason() {
    let state = demo_state().await;
    let mut unknown = visit(1);
    unknown.kind = "fly_a_kite".into();
    assert_eq!(
        apply(&state, &worker(), &unknown).await,
        OpResult::Rejected { reason: RejectReason::UnknownKind("fly_a_kite".into()) }
    );
    let mut old = visit(2);
    old.app_version = "0.0.1".into();
    assert_eq!(apply(&state, &worker(), &old).await, OpResult::Rejected { reason: RejectReason::AppTooOld });
    let mut elsewhere = visit(3);
    elsewhere.payload["household"] = "demo-c1-g2-b1-101".into();
    assert_eq!(
        apply(&state, &worker(), &elsewhere).await,
        OpResult::Rejected { reason: RejectReason::NotFound }
    );
    let mut bad = visit(4);
    bad.payload["visit_type"] = "party".into();
    assert_eq!(
        apply(&state, &worker(), &bad).await,
        OpResult::Rejected { reason: RejectReason::Invalid(Field::Payload) }
    );
    let accept = change(5, 9, IssueStatus::Reported, IssueAction::Accept);
    assert_eq!(
        apply(&state, &secretary(), &accept).await,
        OpResult::Rejected { reason: RejectReason::NotFound }
    );
    assert_eq!(count(&state, "visit").await + count(&state, "sync_op").await, 0, "nothing stored");
}

/// Issue 9, item 6: a record made under one login is never applied under another.
#[tokio::test]
async fn an_operation_recorded_under_another_account_is_refused() {
    let state = demo_state().await;
    let mut foreign = visit(1);
    foreign.owner = Some(secretary().account_ref);
    assert_eq!(
        apply(&state, &worker(), &foreign).await,
        OpResult::Rejected { reason: RejectReason::WrongAccount }
    );
    let mut own = visit(2);
    own.owner = Some(worker().account_ref);
    assert_eq!(apply(&state, &worker(), &own).await, OpResult::Applied);
    assert_eq!(count(&state, "visit").await, 1, "only the worker's own record");
}

#[tokio::test]
async fn deadlines_count_from_capture_and_workers_may_not_triage() {
    let state = demo_state().await;
    assert_eq!(apply(&state, &worker(), &report(1)).await, OpResult::Applied);
    let accept = change(2, 1, IssueStatus::Reported, IssueAction::Accept);
    assert_eq!(
        apply(&state, &worker(), &accept).await,
        OpResult::Rejected { reason: RejectReason::Forbidden }
    );
    let row: Vec<i64> = state
        .db
        .query("SELECT VALUE [time::millis(captured_at), time::millis(accept_due)] FROM ONLY $id")
        .bind(("id", RecordId::new("issue", id(1).as_str())))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    let (captured, accept_due) = (row[0], row[1]);
    assert_eq!(captured, T0 + 1, "the phone's time, not the server's");
    assert_eq!(accept_due - captured, 2 * 3_600_000, "safety: accept within 2 hours");
}

/// Seven changes race for one resolved issue: five copies of one confirm and
/// two other confirms. Only one can win (a confirmed issue takes no second
/// confirm); every copy of the winner answers `applied`, the others `conflict`.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_changes_to_one_issue_apply_exactly_once() {
    let state = demo_state().await;
    let assign = IssueAction::Assign { worker: crate::auth::WORKER_ID.into() };
    let setup = [
        (report(1), worker()),
        (change(2, 1, IssueStatus::Reported, IssueAction::Accept), secretary()),
        (change(3, 1, IssueStatus::Accepted, assign), secretary()),
        (change(4, 1, IssueStatus::Assigned, IssueAction::Resolve), worker()),
    ];
    for (op, who) in &setup {
        assert_eq!(apply(&state, who, op).await, OpResult::Applied, "{}", op.kind);
    }
    let confirm = |n: u64| change(n, 1, IssueStatus::Resolved, IssueAction::Confirm);
    let mut ops: Vec<Operation> = (0..5).map(|_| confirm(5)).collect();
    ops.extend([confirm(6), confirm(7)]);
    let tasks: Vec<_> = ops
        .into_iter()
        .map(|op| {
            let state = state.clone();
            tokio::spawn(async move { (op.op_id.clone(), apply(&state, &secretary(), &op).await) })
        })
        .collect();
    let mut applied = std::collections::HashSet::new();
    for task in tasks {
        let (op_id, result) = task.await.unwrap();
        match result {
            OpResult::Applied => {
                applied.insert(op_id);
            }
            OpResult::Conflict { current } => assert_eq!(current, "confirmed"),
            // Lost every retry against the others: not applied, sent again later.
            OpResult::Rejected { reason: RejectReason::Busy } => {}
            other => panic!("a racing confirm answered {other:?}"),
        }
    }
    assert_eq!(applied.len(), 1, "exactly one of the three confirms applied: {applied:?}");
    assert_eq!(status_of(&state, 1).await, "confirmed");
    assert_eq!(count(&state, "issue_event").await, 5, "report, accept, assign, resolve, one confirm");
    assert_eq!(count(&state, "sync_op").await, 5);
}

#[tokio::test]
async fn a_lost_answer_followed_by_a_retry_makes_no_duplicate() {
    let state = demo_state().await;
    let op = report(1);
    // The server applies it, but the phone never hears back (signal lost).
    let _lost = apply(&state, &worker(), &op).await;
    // The phone still has it in its outbox and sends it again, twice.
    assert_eq!(apply(&state, &worker(), &op).await, OpResult::Applied);
    assert_eq!(apply(&state, &worker(), &op).await, OpResult::Applied);
    assert_eq!((count(&state, "issue").await, count(&state, "issue_event").await), (1, 1));
}
