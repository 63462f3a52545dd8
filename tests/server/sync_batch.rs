//! A batch applied in one transaction: the same answers as one operation at
//! a time, and nothing of it kept when it falls back.

use crate::support::demo_state;
use crate::sync::{apply, change, count, report, secretary, status_of, visit, worker};
use gridlink::model::issue::{IssueAction, IssueStatus};
use gridlink::model::sync::{OpAnswer, OpResult, Operation, RejectReason};
use gridlink::model::Field;
use gridlink::server::auth::Scope;
use gridlink::server::sync::{apply_admitted, apply_batch, apply_together};
use gridlink::server::AppState;

async fn batch(state: &AppState, scope: &Scope, ops: &[Operation]) -> Vec<OpResult> {
    let answers = apply_batch(&state.db, scope, &state.settings, ops.to_vec()).await.expect("answers");
    assert_eq!(
        answers.iter().map(|a| a.op_id.as_str()).collect::<Vec<_>>(),
        op_ids(ops),
        "one answer each, in order"
    );
    answers.into_iter().map(|a| a.result).collect()
}

/// The answers when applied in one transaction; `None` when it fell back.
async fn together(state: &AppState, scope: &Scope, ops: &[Operation]) -> Option<Vec<OpResult>> {
    let answers = apply_together(&state.db, scope, &state.settings, ops).await.expect("answers");
    answers.map(|answers: Vec<OpAnswer>| answers.into_iter().map(|a| a.result).collect())
}

/// The answers of `ops` applied one at a time on a fresh database.
async fn one_by_one(scope: &Scope, ops: &[Operation]) -> Vec<OpResult> {
    let state = demo_state().await;
    let mut answers = Vec::new();
    for op in ops {
        answers.push(apply(&state, scope, op).await);
    }
    answers
}

fn op_ids(ops: &[Operation]) -> Vec<&str> {
    ops.iter().map(|op| op.op_id.as_str()).collect()
}

fn assign() -> IssueAction {
    IssueAction::Assign { worker: crate::auth::WORKER_ID.into() }
}

#[tokio::test]
async fn a_report_and_changes_of_that_issue_commit_together() {
    let state = demo_state().await;
    let ops = [
        visit(1),
        report(2),
        change(3, 2, IssueStatus::Reported, IssueAction::Accept),
        change(4, 2, IssueStatus::Accepted, assign()),
    ];
    let answers = together(&state, &secretary(), &ops).await.expect("one transaction");
    assert_eq!(answers, vec![OpResult::Applied; 4]);
    assert_eq!(answers, one_by_one(&secretary(), &ops).await);
    assert_eq!(status_of(&state, 2).await, "assigned");
    assert_eq!((count(&state, "visit").await, count(&state, "issue_event").await), (1, 3));
    assert_eq!(count(&state, "sync_op").await, 4);
    // Sent again (the answer was lost): every answer comes from what is stored.
    assert_eq!(batch(&state, &secretary(), &ops).await, vec![OpResult::Applied; 4]);
    assert_eq!(count(&state, "sync_op").await, 4);
}

#[tokio::test]
async fn refusals_inside_a_batch_are_the_same_as_alone_and_the_rest_commits() {
    let state = demo_state().await;
    let mut unreadable = visit(2);
    unreadable.payload["visit_type"] = "party".into();
    let mut elsewhere = visit(3);
    elsewhere.payload["household"] = "demo-c2-g1-b1-101".into();
    let ops = [
        visit(1),
        unreadable,
        elsewhere,
        change(4, 9, IssueStatus::Reported, IssueAction::Accept),
        report(5),
        // Confirming what was only just reported: impossible in its state.
        change(6, 5, IssueStatus::Resolved, IssueAction::Confirm),
        change(7, 5, IssueStatus::Reported, IssueAction::Accept),
    ];
    let expected = one_by_one(&secretary(), &ops).await;
    assert_eq!(
        expected,
        vec![
            OpResult::Applied,
            OpResult::Rejected { reason: RejectReason::Invalid(Field::Payload) },
            OpResult::Rejected { reason: RejectReason::NotFound },
            OpResult::Rejected { reason: RejectReason::NotFound },
            OpResult::Applied,
            OpResult::Conflict { current: "reported".into() },
            OpResult::Applied,
        ]
    );
    assert_eq!(together(&state, &secretary(), &ops).await, Some(expected));
    assert_eq!((count(&state, "visit").await, count(&state, "issue").await), (1, 1));
    assert_eq!(status_of(&state, 5).await, "accepted");
    assert_eq!(count(&state, "sync_op").await, 3, "only what was applied");
}

/// A write that fails inside the batch's transaction: the later statements
/// of its query still ran there, so nothing of the batch may be kept.
#[tokio::test]
async fn a_batch_with_a_failing_write_falls_back_and_gives_the_same_answers() {
    let refuse_notes = "DEFINE FIELD OVERWRITE notes ON visit TYPE string ASSERT $value != '第2次走访'";
    let ops = [visit(1), visit(2), report(3), visit(4)];
    let alone = demo_state().await;
    alone.db.query(refuse_notes).await.unwrap().check().unwrap();
    let expected = one_by_one_checked(&alone, &ops).await;
    assert_eq!(expected[1], OpResult::Rejected { reason: RejectReason::ServerError });

    let state = demo_state().await;
    state.db.query(refuse_notes).await.unwrap().check().unwrap();
    assert_eq!(together(&state, &worker(), &ops).await, None, "rolled back");
    assert_eq!(count(&state, "visit").await + count(&state, "sync_op").await, 0, "nothing kept");
    assert_eq!(batch(&state, &worker(), &ops).await, expected);
    assert_eq!((count(&state, "visit").await, count(&state, "issue").await), (2, 1));
    assert_eq!(count(&state, "sync_op").await, 3);
}

#[tokio::test]
async fn an_operation_twice_in_one_batch_is_applied_once_one_by_one() {
    let state = demo_state().await;
    let ops = [visit(1), report(2), visit(1)];
    assert_eq!(together(&state, &worker(), &ops).await, None, "not in one transaction");
    assert_eq!(batch(&state, &worker(), &ops).await, vec![OpResult::Applied; 3]);
    assert_eq!((count(&state, "visit").await, count(&state, "sync_op").await), (1, 2));
    // Two operations making one record: the second finds it made.
    let mut again = visit(3);
    again.op_id = crate::sync::id(2_000_003);
    let ops = [visit(3), again];
    assert_eq!(together(&state, &worker(), &ops).await, None);
    assert_eq!(batch(&state, &worker(), &ops).await, vec![OpResult::Applied, OpResult::Duplicate]);
}

/// Phones resending while the first copy is still being applied: batches
/// sharing an operation, applied at once, make one record of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_batches_sharing_an_operation_apply_it_once() {
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    let state = demo_state().await;
    let shared = [visit(1), report(2)];
    let tasks: Vec<_> = (0..4u64)
        .map(|n| {
            let state = state.clone();
            let mut ops = vec![visit(10 + n), shared[0].clone(), visit(20 + n), shared[1].clone()];
            ops.rotate_left(n as usize % 2);
            tokio::spawn(async move { batch(&state, &worker(), &ops).await })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), vec![OpResult::Applied; 4]);
    }
    assert_eq!((count(&state, "visit").await, count(&state, "issue").await), (9, 1));
    assert_eq!(count(&state, "issue_event").await, 1);
    assert_eq!(count(&state, "sync_op").await, 10);
}

/// Batches confirming one resolved issue at once: only one confirm can win.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_batches_changing_one_issue_apply_one_change() {
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    let state = demo_state().await;
    let setup = [
        (report(1), worker()),
        (change(2, 1, IssueStatus::Reported, IssueAction::Accept), secretary()),
        (change(3, 1, IssueStatus::Accepted, assign()), secretary()),
        (change(4, 1, IssueStatus::Assigned, IssueAction::Resolve), worker()),
    ];
    for (op, who) in &setup {
        assert_eq!(apply(&state, who, op).await, OpResult::Applied, "{}", op.kind);
    }
    let tasks: Vec<_> = (0..3u64)
        .map(|n| {
            let state = state.clone();
            let ops = vec![visit(10 + n), change(5 + n, 1, IssueStatus::Resolved, IssueAction::Confirm)];
            tokio::spawn(async move { batch(&state, &secretary(), &ops).await })
        })
        .collect();
    let mut confirmed = 0;
    for task in tasks {
        let answers = task.await.unwrap();
        assert_eq!(answers[0], OpResult::Applied);
        match &answers[1] {
            OpResult::Applied => confirmed += 1,
            OpResult::Conflict { current } => assert_eq!(current, "confirmed"),
            OpResult::Rejected { reason: RejectReason::Busy } => {}
            other => panic!("a racing confirm answered {other:?}"),
        }
    }
    assert_eq!(confirmed, 1);
    assert_eq!(status_of(&state, 1).await, "confirmed");
    assert_eq!(count(&state, "issue_event").await, 5, "report, accept, assign, resolve, one confirm");
    assert_eq!(count(&state, "visit").await, 3);
}

/// The phone hangs up while its batch is being applied: no operation of it
/// stays half done (its record without its answer), and sending it again
/// applies all of it once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abandoned_batch_leaves_nothing_half_done() {
    let state = demo_state().await;
    let (first, second): (Vec<Operation>, Vec<Operation>) =
        (1..=400).map(visit).partition(|op| op.captured_at % 2 == 0);
    let started = std::time::Instant::now();
    assert_eq!(batch(&state, &worker(), &first).await, vec![OpResult::Applied; 200]);
    // Cut halfway through, by what a whole batch took.
    let worker = worker();
    let abandoned = apply_batch(&state.db, &worker, &state.settings, second.clone());
    let cut = tokio::time::timeout(started.elapsed() / 2, abandoned).await;
    assert!(cut.is_err(), "still applying halfway");
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(count(&state, "visit").await, count(&state, "sync_op").await, "each record with its answer");
    assert_eq!(batch(&state, &worker, &second).await, vec![OpResult::Applied; 200]);
    assert_eq!((count(&state, "visit").await, count(&state, "sync_op").await), (400, 400));
}

/// Batches that only make new records are applied in two transactions at
/// once; one half failing sends the whole batch one by one, and what the
/// other half kept is answered from what it stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_in_two_halves_falls_back_as_a_whole() {
    let refuse_notes = "DEFINE FIELD OVERWRITE notes ON visit TYPE string ASSERT $value != '第27次走访'";
    let mut ops: Vec<Operation> = (1..=30).map(visit).collect();
    ops[5] = report(6);
    let state = demo_state().await;
    assert_eq!(
        together(&state, &worker(), &ops).await,
        Some(vec![OpResult::Applied; 30]),
        "both halves kept"
    );
    assert_eq!((count(&state, "visit").await, count(&state, "issue").await), (29, 1));

    let ops: Vec<Operation> = (101..=130).map(visit).collect();
    let alone = demo_state().await;
    alone.db.query(refuse_notes.replace("27", "127")).await.unwrap().check().unwrap();
    let expected = one_by_one_checked(&alone, &ops).await;
    assert_eq!(expected[26], OpResult::Rejected { reason: RejectReason::ServerError });
    state.db.query(refuse_notes.replace("27", "127")).await.unwrap().check().unwrap();
    assert_eq!(batch(&state, &worker(), &ops).await, expected);
    assert_eq!(count(&state, "visit").await, 29 + 29);
    assert_eq!(count(&state, "sync_op").await, 30 + 29);
}

/// Each operation through `apply_batch` alone, as a phone sending one at a time.
async fn one_by_one_checked(state: &AppState, ops: &[Operation]) -> Vec<OpResult> {
    let mut answers = Vec::new();
    for op in ops {
        answers.extend(batch(state, &worker(), std::slice::from_ref(op)).await);
    }
    answers
}

#[tokio::test]
async fn a_batch_that_finds_the_line_full_is_answered_busy_at_once() {
    let mut state = demo_state().await;
    // A batch that waited for its turn would wait an hour.
    let settings =
        gridlink::server::config::Settings { sync_wait_ms: 3_600_000, ..(*state.settings).clone() };
    state.settings = std::sync::Arc::new(settings);
    let places = state.settings.sync_concurrency + state.settings.sync_queue;
    let line: Vec<_> = (0..places).map(|_| state.sync_line.try_acquire().expect("free")).collect();
    busy_until_let_go(&state, line).await;
}

#[tokio::test]
async fn a_batch_that_finds_the_gate_full_is_answered_busy_and_kept_nowhere() {
    let mut state = demo_state().await;
    let settings = gridlink::server::config::Settings { sync_wait_ms: 20, ..(*state.settings).clone() };
    state.settings = std::sync::Arc::new(settings);
    let turns: Vec<_> =
        (0..state.settings.sync_concurrency).map(|_| state.sync_gate.try_acquire().expect("free")).collect();
    busy_until_let_go(&state, turns).await;
}

/// While `held` is held, a batch is answered "busy" for each operation and
/// keeps nothing; once it is let go, the same batch is applied.
async fn busy_until_let_go(state: &AppState, held: Vec<tokio::sync::SemaphorePermit<'_>>) {
    let ops = vec![visit(1), visit(2)];
    let answers = apply_admitted(state, ops.clone(), async { Ok(worker()) }).await.expect("answers");
    assert_eq!(answers.iter().map(|a| a.op_id.as_str()).collect::<Vec<_>>(), op_ids(&ops));
    assert!(answers.iter().all(|a| a.result == OpResult::Rejected { reason: RejectReason::Busy }));
    assert_eq!(count(state, "visit").await, 0, "a busy answer keeps nothing");
    drop(held);
    let answers = apply_admitted(state, ops, async { Ok(worker()) }).await.expect("answers");
    assert!(answers.iter().all(|a| a.result == OpResult::Applied), "{answers:?}");
    assert_eq!(count(state, "visit").await, 2);
}
