//! Property test: random sequences of operations, with duplicates and in
//! any order, leave the database as a simple reference model says.

use crate::support::demo_state;
use crate::sync::{apply, change, count, report, secretary, visit};
use gridlink::model::issue::{next_status, IssueAction, IssueStatus};
use gridlink::model::sync::{OpResult, Operation, RejectReason};
use gridlink::server::sync::apply_batch;
use proptest::prelude::*;
use std::collections::HashMap;

/// What the reference model knows of one operation.
#[derive(Debug, Clone)]
enum Step {
    Visit,
    Report(u64),
    Change { issue: u64, action: IssueAction },
}

/// A pool of distinct operations: visits, two issues and changes to them.
fn pool() -> Vec<(Operation, Step)> {
    let mut ops = Vec::new();
    for n in 1..=3 {
        ops.push((visit(n), Step::Visit));
    }
    for issue in [10, 11] {
        ops.push((report(issue), Step::Report(issue)));
        let assign = IssueAction::Assign { worker: crate::auth::WORKER_ID.into() };
        let actions =
            [IssueAction::Accept, assign, IssueAction::Start, IssueAction::Resolve, IssueAction::Confirm];
        for (i, action) in actions.into_iter().enumerate() {
            let n = issue * 100 + i as u64;
            // The status the user saw does not matter to the outcome; any will do.
            ops.push((
                change(n, issue, IssueStatus::Reported, action.clone()),
                Step::Change { issue, action },
            ));
        }
    }
    ops
}

#[derive(Default)]
struct Model {
    applied: HashMap<String, OpResult>,
    visits: usize,
    issues: HashMap<u64, IssueStatus>,
    events: usize,
}

impl Model {
    fn answer(&mut self, op: &Operation, step: &Step) -> OpResult {
        if let Some(stored) = self.applied.get(&op.op_id) {
            return stored.clone();
        }
        let result = match step {
            Step::Visit => {
                self.visits += 1;
                OpResult::Applied
            }
            Step::Report(issue) => {
                self.issues.insert(*issue, IssueStatus::Reported);
                self.events += 1;
                OpResult::Applied
            }
            Step::Change { issue, action } => match self.issues.get(issue).copied() {
                None => return OpResult::Rejected { reason: RejectReason::NotFound },
                Some(status) => match next_status(status, action) {
                    Some(to) => {
                        self.issues.insert(*issue, to);
                        self.events += 1;
                        OpResult::Applied
                    }
                    None => return OpResult::Conflict { current: status.as_str().into() },
                },
            },
        };
        self.applied.insert(op.op_id.clone(), result.clone());
        result
    }
}

fn sequences() -> impl Strategy<Value = Vec<usize>> {
    let size = pool().len();
    prop::collection::vec(0..size, 1..40)
}

/// Where a sequence is cut into batches: sizes of 1 to 12.
fn chunkings() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(1..=12usize, 40)
}

/// The database holds what the model says.
async fn assert_matches(state: &gridlink::server::AppState, model: &Model) {
    assert_eq!(count(state, "visit").await as usize, model.visits);
    assert_eq!(count(state, "issue").await as usize, model.issues.len());
    assert_eq!(count(state, "issue_event").await as usize, model.events);
    assert_eq!(count(state, "sync_op").await as usize, model.applied.len());
    for (issue, status) in &model.issues {
        let stored: Vec<String> = state
            .db
            .query("SELECT VALUE status FROM issue WHERE id = $id")
            .bind(("id", surrealdb::types::RecordId::new("issue", crate::sync::id(*issue).as_str())))
            .await
            .unwrap()
            .take(0)
            .unwrap();
        assert_eq!(stored, vec![status.as_str().to_owned()]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_order_with_duplicates_matches_the_model(sequence in sequences()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let state = demo_state().await;
            let pool = pool();
            let mut model = Model::default();
            for index in sequence {
                let (op, step) = &pool[index];
                let expected = model.answer(op, step);
                let got = apply(&state, &secretary(), op).await;
                assert_eq!(got, expected, "{} {step:?}", op.kind);
            }
            assert_matches(&state, &model).await;
        });
    }

    /// The same sequences sent in batches of any size: each batch in one
    /// transaction, or one by one when it holds an operation twice.
    #[test]
    fn any_batching_matches_the_model(sequence in sequences(), sizes in chunkings()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let state = demo_state().await;
            let pool = pool();
            let mut model = Model::default();
            let mut rest = sequence.as_slice();
            for size in sizes {
                let (chunk, more) = rest.split_at(size.min(rest.len()));
                rest = more;
                if chunk.is_empty() {
                    break;
                }
                let ops: Vec<Operation> = chunk.iter().map(|&i| pool[i].0.clone()).collect();
                let expected: Vec<OpResult> = chunk.iter().map(|&i| model.answer(&pool[i].0, &pool[i].1)).collect();
                let answers = apply_batch(&state.db, &secretary(), &state.settings, ops).await.unwrap();
                let got: Vec<OpResult> = answers.into_iter().map(|a| a.result).collect();
                assert_eq!(got, expected, "batch {chunk:?}");
            }
            assert_matches(&state, &model).await;
        });
    }
}
