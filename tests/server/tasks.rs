//! Claims on dual-reporting tasks through the sync protocol: places go in
//! the order claims arrive, later ones wait in line, a withdrawal moves the
//! first in line up, and replays or races never make a place twice.

use crate::support::demo_state;
use crate::sync::{apply, id, op, scope, secretary, worker};
use gridlink::model::sync::{OpKind, OpResult, RejectReason};
use gridlink::model::task::{ClaimInput, ClaimState, FinishInput, MyClaim, ReviewStep, TaskInput};
use gridlink::model::time::date;
use gridlink::model::AppError;
use gridlink::model::Field;
use gridlink::server::auth::Scope;
use gridlink::server::repo::tasks;
use gridlink::server::AppState;

use gridlink::model::time::DAY_MS;

fn member(n: u64) -> Scope {
    scope(&format!("1370000{n:04}"), "demo-c1", "party_member")
}

pub(crate) async fn new_task(state: &AppState, places: u32) -> String {
    let day = date(gridlink::server::sync::now_millis() + 2 * DAY_MS);
    let input = TaskInput {
        source_key: "demo-c1-n1".into(),
        community_code: "demo-c1".into(),
        title: "陪老人买药".into(),
        detail: String::new(),
        place: "2号楼".into(),
        starts: format!("{day}T09:00"),
        ends: format!("{day}T11:00"),
        places: places.to_string(),
        hours: "2.5".into(),
        points: "10".into(),
    };
    tasks::create(&state.db, &secretary(), input, "test").await.expect("the secretary creates a task")
}

/// Operation `n` claiming (or giving up) `task`.
pub(crate) fn claim(n: u64, task: &str) -> gridlink::model::sync::Operation {
    op(n, OpKind::ClaimTask, ClaimInput { task_id: task.into() })
}

fn withdraw(n: u64, task: &str) -> gridlink::model::sync::Operation {
    op(n, OpKind::WithdrawClaim, ClaimInput { task_id: task.into() })
}

/// Sends until the server takes it, as a phone does after "busy".
async fn apply_until_taken(state: &AppState, who: &Scope, op: &gridlink::model::sync::Operation) -> OpResult {
    loop {
        match apply(state, who, op).await {
            OpResult::Rejected { reason: RejectReason::Busy } => tokio::task::yield_now().await,
            answer => return answer,
        }
    }
}

async fn claim_of(state: &AppState, who: &Scope, task: &str) -> Option<MyClaim> {
    let items = tasks::for_claimer(&state.db, who, 100).await.unwrap();
    items.into_iter().find(|t| t.task_id == task).and_then(|t| t.mine)
}

fn is_in() -> Option<MyClaim> {
    Some(MyClaim { state: ClaimState::In, position: 0, sent_back_reason: None })
}

fn waiting(position: u32) -> Option<MyClaim> {
    Some(MyClaim { state: ClaimState::Waitlisted, position, sent_back_reason: None })
}

#[tokio::test]
async fn claims_take_places_in_order_and_the_rest_wait_in_line() {
    let state = demo_state().await;
    let task = new_task(&state, 2).await;
    for n in 1..=5 {
        assert_eq!(apply(&state, &member(n), &claim(n, &task)).await, OpResult::Applied);
        // A replay (the phone never heard the answer) changes nothing.
        assert_eq!(apply(&state, &member(n), &claim(n, &task)).await, OpResult::Applied);
    }
    let states: Vec<_> = futures_states(&state, &task, 1..=5).await;
    assert_eq!(states, [is_in(), is_in(), waiting(1), waiting(2), waiting(3)]);
    let listed = tasks::for_claimer(&state.db, &member(1), 100).await.unwrap();
    let listed = listed.iter().find(|t| t.task_id == task).unwrap();
    assert_eq!((listed.taken, listed.places), (2, 2));
    // A second claim of the same person (another operation) is not a second place.
    assert_eq!(apply(&state, &member(3), &claim(30, &task)).await, OpResult::Duplicate);
    assert_eq!(claim_of(&state, &member(3), &task).await, waiting(1));
}

async fn futures_states(
    state: &AppState,
    task: &str,
    members: std::ops::RangeInclusive<u64>,
) -> Vec<Option<MyClaim>> {
    let mut states = Vec::new();
    for n in members {
        states.push(claim_of(state, &member(n), task).await);
    }
    states
}

#[tokio::test]
async fn a_withdrawal_moves_the_first_in_line_up() {
    let state = demo_state().await;
    let task = new_task(&state, 1).await;
    for n in 1..=3 {
        apply(&state, &member(n), &claim(n, &task)).await;
    }
    assert_eq!(apply(&state, &member(1), &withdraw(11, &task)).await, OpResult::Applied);
    let states = futures_states(&state, &task, 1..=3).await;
    assert_eq!(
        states,
        [
            Some(MyClaim { state: ClaimState::Withdrawn, position: 0, sent_back_reason: None }),
            is_in(),
            waiting(1)
        ]
    );
    // The old claim, replayed after the withdrawal, does not take a place again.
    assert_eq!(apply(&state, &member(1), &claim(1, &task)).await, OpResult::Applied);
    assert_eq!(claim_of(&state, &member(1), &task).await.map(|c| c.state), Some(ClaimState::Withdrawn));
    // Someone waiting gives up their turn: the others move up, nobody gets in.
    apply(&state, &member(4), &claim(4, &task)).await;
    assert_eq!(apply(&state, &member(3), &withdraw(13, &task)).await, OpResult::Applied);
    assert_eq!(futures_states(&state, &task, 2..=4).await[2], waiting(1));
    let again = apply(&state, &member(3), &withdraw(23, &task)).await;
    assert_eq!(again, OpResult::Conflict { current: "withdrawn".into() });
}

#[tokio::test]
async fn claims_from_two_phones_count_in_the_order_they_arrive() {
    let state = demo_state().await;
    let task = new_task(&state, 1).await;
    // Member 1 claimed first on their phone, but member 2's phone synced first.
    let first_made = claim(1, &task);
    let second_made = claim(2, &task);
    apply(&state, &member(2), &second_made).await;
    apply(&state, &member(1), &first_made).await;
    assert_eq!(futures_states(&state, &task, 1..=2).await, [waiting(1), is_in()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claims_fill_exactly_the_places() {
    let state = demo_state().await;
    let task = new_task(&state, 3).await;
    let claims: Vec<_> = (1..=8)
        .map(|n| {
            let (state, task) = (state.clone(), task.clone());
            tokio::spawn(async move { apply_until_taken(&state, &member(n), &claim(n, &task)).await })
        })
        .collect();
    for claim in claims {
        assert_eq!(claim.await.unwrap(), OpResult::Applied);
    }
    let states = futures_states(&state, &task, 1..=8).await;
    let placed = states.iter().filter(|s| **s == is_in()).count();
    let mut line: Vec<u32> =
        states.iter().flatten().filter(|c| c.state == ClaimState::Waitlisted).map(|c| c.position).collect();
    line.sort();
    assert_eq!((placed, line), (3, vec![1, 2, 3, 4, 5]), "{states:?}");
}

#[tokio::test]
async fn only_members_of_the_tasks_area_claim_it() {
    let state = demo_state().await;
    let task = new_task(&state, 5).await;
    let elsewhere = scope("13700009999", "demo-c2", "party_member");
    let refused = apply(&state, &elsewhere, &claim(1, &task)).await;
    assert_eq!(refused, OpResult::Rejected { reason: RejectReason::NotFound });
    assert!(tasks::for_claimer(&state.db, &elsewhere, 100).await.unwrap().iter().all(|t| t.task_id != task));
    let refused = apply(&state, &worker(), &claim(2, &task)).await;
    assert_eq!(refused, OpResult::Rejected { reason: RejectReason::Forbidden });
    let unknown = apply(&state, &member(1), &claim(3, &id(999))).await;
    assert_eq!(unknown, OpResult::Rejected { reason: RejectReason::NotFound });
    let input = TaskInput {
        source_key: String::new(),
        community_code: "demo-c2".into(),
        title: "x".into(),
        detail: String::new(),
        place: String::new(),
        starts: "2030-01-01T09:00".into(),
        ends: "2030-01-01T10:00".into(),
        places: "1".into(),
        hours: "1".into(),
        points: "0".into(),
    };
    assert_eq!(tasks::create(&state.db, &secretary(), input.clone(), "t").await, Err(AppError::NotFound));
    assert_eq!(tasks::create(&state.db, &member(1), input, "t").await, Err(AppError::Forbidden));
}

pub(crate) fn finish(n: u64, task: &str) -> gridlink::model::sync::Operation {
    op(n, OpKind::FinishTask, FinishInput { task_id: task.into(), note: "陪老人买好了药".into() })
}

/// 陈静, party member of 光明社区, whose workplace is the demo unit 区税务局.
pub(crate) fn chen() -> Scope {
    scope("13800000005", "demo-c1", "party_member")
}

/// Sums of the three ledgers: 陈静's hours and points, and 区税务局's hours
/// and points from 陈静's claims (the demo has one of 赵强's).
async fn ledgers(state: &AppState) -> [i64; 4] {
    let sums: Vec<Option<i64>> = state
        .db
        .query(
            "RETURN [
                math::sum(SELECT VALUE hours_tenths FROM hours_entry WHERE account = account:⟨13800000005⟩),
                math::sum(SELECT VALUE points FROM points_entry WHERE account = account:⟨13800000005⟩),
                math::sum(SELECT VALUE hours_tenths FROM unit_credit
                    WHERE unit.name = '区税务局' AND claim.account = account:⟨13800000005⟩),
                math::sum(SELECT VALUE points FROM unit_credit
                    WHERE unit.name = '区税务局' AND claim.account = account:⟨13800000005⟩)
            ]",
        )
        .await
        .unwrap()
        .take(0)
        .unwrap();
    [0, 1, 2, 3].map(|i| sums[i].unwrap_or(0))
}

pub(crate) async fn claim_key(state: &AppState, task: &str) -> String {
    let keys: Vec<String> = state
        .db
        .query("SELECT VALUE record::id(id) FROM task_claim WHERE task = $task AND account = account:⟨13800000005⟩")
        .bind(("task", surrealdb::types::RecordId::new("task", task)))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    keys.into_iter().next().expect("a claim")
}

#[tokio::test]
async fn confirming_writes_three_ledgers_once_and_undoing_reverses_them() {
    let state = demo_state().await;
    let task = new_task(&state, 2).await;
    assert_eq!(apply(&state, &chen(), &claim(1, &task)).await, OpResult::Applied);
    assert_eq!(apply(&state, &chen(), &finish(2, &task)).await, OpResult::Applied);
    assert_eq!(apply(&state, &chen(), &finish(2, &task)).await, OpResult::Applied, "a replay");
    let key = claim_key(&state, &task).await;
    let review = |step, reason: &'static str| {
        let (state, key) = (state.clone(), key.clone());
        async move { tasks::review(&state.db, &secretary(), &key, step, reason, "t").await }
    };
    assert_eq!(review(ReviewStep::Confirm, "").await, Ok(()));
    assert_eq!(ledgers(&state).await, [25, 10, 25, 10]);
    assert_eq!(review(ReviewStep::Confirm, "").await, Err(AppError::Invalid(Field::Status)), "twice");
    assert_eq!(ledgers(&state).await, [25, 10, 25, 10], "no double counting");
    let totals = tasks::totals(&state.db, &chen()).await.unwrap();
    assert_eq!((totals.hours_tenths, totals.points), (25, 10));
    assert_eq!(claim_of(&state, &chen(), &task).await.map(|c| c.state), Some(ClaimState::Confirmed));

    assert_eq!(review(ReviewStep::Undo, " ").await, Err(AppError::Invalid(Field::Reason)));
    assert_eq!(review(ReviewStep::Undo, "重复登记").await, Ok(()));
    assert_eq!(ledgers(&state).await, [0, 0, 0, 0]);
    let reversals: Vec<String> = state
        .db
        .query("SELECT VALUE reason FROM hours_entry WHERE reason != NONE")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(reversals, ["重复登记"], "the undoing is an entry of its own, with its reason");

    assert_eq!(review(ReviewStep::SendBack, "请补充说明").await, Ok(()));
    let mine = claim_of(&state, &chen(), &task).await.unwrap();
    assert_eq!((mine.state, mine.sent_back_reason.as_deref()), (ClaimState::In, Some("请补充说明")));
    assert_eq!(apply(&state, &chen(), &finish(3, &task)).await, OpResult::Applied);
    assert_eq!(review(ReviewStep::Confirm, "").await, Ok(()));
    assert_eq!(ledgers(&state).await, [25, 10, 25, 10]);
    let elsewhere = scope("13700008888", "demo-c2", "secretary");
    let refused = tasks::review(&state.db, &elsewhere, &key, ReviewStep::Undo, "x", "t").await;
    assert_eq!(refused, Err(AppError::NotFound));
    assert_eq!(tasks::reviews(&state.db, &elsewhere).await.unwrap(), Vec::new());
    let reviews = tasks::reviews(&state.db, &secretary()).await.unwrap();
    assert_eq!(reviews.iter().filter(|r| r.member_name == "陈静").count(), 1);
}

#[tokio::test]
async fn a_place_reported_done_still_counts_and_cannot_be_given_up() {
    let state = demo_state().await;
    let task = new_task(&state, 1).await;
    apply(&state, &chen(), &claim(1, &task)).await;
    apply(&state, &chen(), &finish(2, &task)).await;
    assert_eq!(apply(&state, &member(1), &claim(3, &task)).await, OpResult::Applied);
    assert_eq!(claim_of(&state, &member(1), &task).await, waiting(1), "the done place is still taken");
    let refused = apply(&state, &chen(), &withdraw(4, &task)).await;
    assert_eq!(refused, OpResult::Conflict { current: "done".into() });
}
