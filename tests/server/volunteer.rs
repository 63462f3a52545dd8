//! Volunteer hours: check-ins verified from the organiser's code at sync,
//! exactly once; hours entered by hand, verified by someone else; totals
//! that are the sum of the ledger.

use crate::support::demo_state;
use crate::sync::{apply, id, op, scope, secretary, worker};
use crate::tasks::chen;
use gridlink::model::sync::{OpKind, OpResult, Operation, RejectReason};
use gridlink::model::time::{date, short_time};
use gridlink::model::volunteer::{
    check_in_code, step_of, ActivityInput, CheckInInput, ManualHoursInput, ManualState, VerifyStep,
};
use gridlink::model::{AppError, Field};
use gridlink::server::auth::Scope;
use gridlink::server::repo::{activities, hours, teams};
use gridlink::server::sync::now_millis;
use gridlink::server::AppState;
use surrealdb::types::RecordId;

const MINUTE: i64 = 60_000;
const STARS: [u32; 5] = [100, 300, 600, 1000, 1500];

fn local(unix_millis: i64) -> String {
    format!("{}T{}", date(unix_millis), &short_time(unix_millis)[6..])
}

/// A 2-hour service activity of 光明社区 from `start`, organised by the secretary.
async fn activity_at(state: &AppState, start: i64) -> (String, String) {
    let input = ActivityInput {
        org_code: "demo-c1".into(),
        kind: "service".into(),
        title: "楼道清扫".into(),
        place: "1号楼".into(),
        starts: local(start),
        ends: local(start + 120 * MINUTE),
        hours: "2".into(),
        capacity: String::new(),
        team: String::new(),
        signup: None,
    };
    created(state, input).await
}

/// Creates the activity as the secretary; its key and its code's secret.
async fn created(state: &AppState, input: ActivityInput) -> (String, String) {
    let key = activities::create(&state.db, &secretary(), input, "t").await.expect("created");
    let secret: Option<String> = state
        .db
        .query("SELECT VALUE secret FROM ONLY $id")
        .bind(("id", RecordId::new("activity", key.as_str())))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    (key, secret.expect("a secret"))
}

async fn activity_now(state: &AppState) -> (String, String) {
    activity_at(state, now_millis() - 30 * MINUTE).await
}

fn check_in(n: u64, activity: &str, step: i64, code: String, out: bool) -> Operation {
    op(n, OpKind::CheckIn, CheckInInput { check_in_id: id(n), activity: activity.into(), step, code, out })
}

async fn hours_of(state: &AppState, who: &Scope) -> i64 {
    hours::mine(&state.db, who, &STARS).await.expect("hours").total_tenths
}

fn refused(field: Field) -> OpResult {
    OpResult::Rejected { reason: RejectReason::Invalid(field) }
}

#[tokio::test]
async fn a_code_verifies_inside_its_step_and_window_only() {
    let state = demo_state().await;
    let (key, secret) = activity_now(&state).await;
    let (other, other_secret) = activity_now(&state).await;
    let step = step_of(now_millis());
    let before = hours_of(&state, &chen()).await;

    let wrong_secret = check_in(1, &key, step, check_in_code("guessed", &key, step), false);
    assert_eq!(apply(&state, &chen(), &wrong_secret).await, refused(Field::Code));
    let other_activity = check_in(2, &key, step, check_in_code(&other_secret, &other, step), false);
    assert_eq!(apply(&state, &chen(), &other_activity).await, refused(Field::Code));
    let other_step = check_in(3, &key, step + 5, check_in_code(&secret, &key, step), false);
    assert_eq!(apply(&state, &chen(), &other_step).await, refused(Field::Code), "replayed for another step");
    let long_ago = step - 4 * 60 * 2;
    let outside = check_in(4, &key, long_ago, check_in_code(&secret, &key, long_ago), false);
    assert_eq!(apply(&state, &chen(), &outside).await, refused(Field::Window));
    assert_eq!(hours_of(&state, &chen()).await, before, "nothing counted");

    let a_step_off = check_in(5, &key, step + 1, check_in_code(&secret, &key, step), false);
    assert_eq!(apply(&state, &chen(), &a_step_off).await, OpResult::Applied, "a phone clock a step off");
    assert_eq!(hours_of(&state, &chen()).await, before + 20, "the activity's 2 hours, verified");
}

#[tokio::test]
async fn a_check_in_counts_once_however_often_and_in_whatever_order_it_arrives() {
    let state = demo_state().await;
    let (key, secret) = activity_now(&state).await;
    let step = step_of(now_millis());
    let before = hours_of(&state, &chen()).await;
    let code = check_in_code(&secret, &key, step);
    let ops: Vec<Operation> = (1..=4).map(|n| check_in(n, &key, step, code.clone(), false)).collect();
    let concurrent: Vec<_> = ops
        .iter()
        .cloned()
        .map(|op| {
            let state = state.clone();
            tokio::spawn(async move { apply(&state, &chen(), &op).await })
        })
        .collect();
    for answer in concurrent {
        let answer = answer.await.unwrap();
        let settled = matches!(answer, OpResult::Applied | OpResult::Duplicate);
        assert!(settled || answer == OpResult::Rejected { reason: RejectReason::Busy }, "{answer:?}");
    }
    for op in ops.iter().rev() {
        let again = apply(&state, &chen(), op).await;
        assert!(matches!(again, OpResult::Applied | OpResult::Duplicate), "{again:?}");
    }
    assert_eq!(hours_of(&state, &chen()).await, before + 20, "one check-in, 2 hours");
    let rows: Option<i64> = state
        .db
        .query("RETURN count(SELECT id FROM attendance WHERE account = account:⟨13800000005⟩)")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(rows, Some(1));
}

#[tokio::test]
async fn a_check_out_sets_the_hours_to_the_time_between() {
    let state = demo_state().await;
    let (key, secret) = activity_at(&state, now_millis() - 100 * MINUTE).await;
    let before = hours_of(&state, &worker()).await;
    let now = step_of(now_millis());
    let arrived = now - 2 * 60; // an hour ago
    let no_check_in = check_in(1, &key, now, check_in_code(&secret, &key, now), true);
    assert_eq!(apply(&state, &worker(), &no_check_in).await, refused(Field::CheckIn));
    let came = check_in(2, &key, arrived, check_in_code(&secret, &key, arrived), false);
    assert_eq!(apply(&state, &worker(), &came).await, OpResult::Applied);
    let left = check_in(3, &key, now, check_in_code(&secret, &key, now), true);
    assert_eq!(apply(&state, &worker(), &left).await, OpResult::Applied);
    assert_eq!(
        hours_of(&state, &worker()).await,
        before + 10,
        "an hour stayed, of the 2 the activity is worth"
    );
    let again = check_in(4, &key, now, check_in_code(&secret, &key, now), true);
    assert_eq!(apply(&state, &worker(), &again).await, OpResult::Duplicate);
}

#[tokio::test]
async fn another_communitys_member_cannot_check_in() {
    let state = demo_state().await;
    let (key, secret) = activity_now(&state).await;
    let step = step_of(now_millis());
    let stranger = scope("13800000007", "demo-c2-g1", "grid_worker");
    let op = check_in(1, &key, step, check_in_code(&secret, &key, step), false);
    assert_eq!(apply(&state, &stranger, &op).await, OpResult::Rejected { reason: RejectReason::NotFound });
    let listed =
        activities::visible(&state.db, &stranger, 0, now_millis() + 365 * 24 * 60 * MINUTE).await.unwrap();
    assert!(listed.iter().all(|a| a.key != key));
    let mine =
        activities::visible(&state.db, &chen(), 0, now_millis() + 365 * 24 * 60 * MINUTE).await.unwrap();
    let seen = mine.iter().find(|a| a.key == key).expect("a member of the community sees it");
    assert_eq!(seen.secret, None, "the secret stays on the organiser's phone");
    let organiser =
        activities::visible(&state.db, &secretary(), 0, now_millis() + 365 * 24 * 60 * MINUTE).await.unwrap();
    assert!(organiser.iter().any(|a| a.key == key && a.secret.is_some()));
}

fn manual(n: u64, hours: &str) -> Operation {
    let input = ManualHoursInput {
        entry_id: id(n),
        activity: None,
        what: "帮邻居搬家".into(),
        on: date(now_millis()),
        hours: hours.into(),
        evidence: "楼长王阿姨看到".into(),
    };
    op(n, OpKind::LogHours, input)
}

#[tokio::test]
async fn hours_entered_by_hand_count_once_verified_by_someone_else() {
    let state = demo_state().await;
    let before = hours_of(&state, &chen()).await;
    assert_eq!(apply(&state, &chen(), &manual(1, "3")).await, OpResult::Applied);
    assert_eq!(apply(&state, &chen(), &manual(2, "1.5")).await, OpResult::Applied);
    assert_eq!(apply(&state, &chen(), &manual(1, "3")).await, OpResult::Applied, "a replay is one entry");
    assert_eq!(apply(&state, &chen(), &manual(3, "30")).await, refused(Field::Hours));
    assert_eq!(hours_of(&state, &chen()).await, before, "pending entries are not in the total");

    let queue = hours::queue(&state.db, &secretary()).await.unwrap();
    let keys: Vec<String> = queue.iter().filter(|e| e.person_name == "陈静").map(|e| e.key.clone()).collect();
    assert_eq!(keys.len(), 2);
    let other = scope("13700008888", "demo-c2", "secretary");
    let theirs = hours::decide(&state.db, &other, (&keys, VerifyStep::Verify, ""), "t").await;
    assert_eq!(theirs, Err(AppError::NotFound), "another community's secretary");
    let own = hours::decide(&state.db, &chen(), (&keys, VerifyStep::Verify, ""), "t").await;
    assert_eq!(own, Err(AppError::NotFound), "nobody verifies their own");
    let no_reason = hours::decide(&state.db, &secretary(), (&keys[..1], VerifyStep::Deny, " "), "t").await;
    assert_eq!(no_reason, Err(AppError::Invalid(Field::Reason)));

    let first = keys.iter().find(|k| **k == id(1)).unwrap().clone();
    let second = keys.iter().find(|k| **k == id(2)).unwrap().clone();
    assert_eq!(
        hours::decide(&state.db, &secretary(), (std::slice::from_ref(&first), VerifyStep::Verify, ""), "t")
            .await,
        Ok(1)
    );
    assert_eq!(
        hours::decide(&state.db, &secretary(), (&[second], VerifyStep::Deny, "日期不对"), "t").await,
        Ok(1)
    );
    let twice = hours::decide(&state.db, &secretary(), (&[first], VerifyStep::Verify, ""), "t").await;
    assert_eq!(twice, Err(AppError::Invalid(Field::Status)), "decided already");

    let mine = hours::mine(&state.db, &chen(), &STARS).await.unwrap();
    assert_eq!(mine.total_tenths, before + 30, "the verified 3 hours; the denied 1.5 never counted");
    let denied = mine.entries.iter().find(|e| e.key == id(2)).unwrap();
    assert_eq!((denied.state, denied.reason.as_deref()), (ManualState::Denied, Some("日期不对")));
    let line = mine.lines.iter().find(|l| l.what == "帮邻居搬家").expect("in the ledger");
    assert_eq!(line.verified_by.as_deref(), Some("李明"));
    assert_eq!(mine.lines.iter().map(|l| l.hours_tenths).sum::<i64>(), mine.total_tenths);
}

/// The ledger row a manual entry became when it was verified.
async fn ledger_key(state: &AppState, manual_key: &str) -> String {
    let keys: Vec<RecordId> = state
        .db
        .query("SELECT VALUE id FROM hours_entry WHERE manual = $m AND cancels = NONE")
        .bind(("m", RecordId::new("manual_hours", manual_key)))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    text_key(keys.first().expect("a ledger row"))
}

fn text_key(id: &RecordId) -> String {
    match &id.key {
        surrealdb::types::RecordIdKey::String(text) => text.clone(),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_verified_entry_is_cancelled_by_a_correction_once_and_never_edited() {
    let state = demo_state().await;
    let before = hours_of(&state, &chen()).await;
    assert_eq!(apply(&state, &chen(), &manual(1, "3")).await, OpResult::Applied);
    let keys = [id(1)];
    assert_eq!(hours::decide(&state.db, &secretary(), (&keys, VerifyStep::Verify, ""), "t").await, Ok(1));
    let line = ledger_key(&state, &id(1)).await;

    let no_reason = hours::cancel(&state.db, &secretary(), &line, " ", "t").await;
    assert_eq!(no_reason, Err(AppError::Invalid(Field::Reason)));
    let own = hours::cancel(&state.db, &chen(), &line, "写错了", "t").await;
    assert_eq!(own, Err(AppError::Forbidden), "a party member is no verifier");
    let other = scope("13700008888", "demo-c2", "secretary");
    assert_eq!(hours::cancel(&state.db, &other, &line, "写错了", "t").await, Err(AppError::NotFound));
    assert_eq!(hours::cancel(&state.db, &secretary(), &line, "重复登记", "t").await, Ok(()));
    assert_eq!(hours_of(&state, &chen()).await, before, "cancelled hours leave the total");
    let twice = hours::cancel(&state.db, &secretary(), &line, "重复登记", "t").await;
    assert_eq!(twice, Err(AppError::Invalid(Field::Status)), "cancelled once");

    let mine = hours::mine(&state.db, &chen(), &STARS).await.unwrap();
    let lines: Vec<_> = mine.lines.iter().filter(|l| l.what == "帮邻居搬家").collect();
    assert_eq!(lines.len(), 2, "the entry and its correction: {lines:?}");
    assert!(lines.iter().any(|l| l.cancelled && l.hours_tenths == 30), "the entry stays as it was");
    let correction = lines.iter().find(|l| l.correction).expect("a correction");
    assert_eq!((correction.hours_tenths, correction.reason.as_deref()), (-30, Some("重复登记")));
    let correction_key = correction.key.clone();
    let again = hours::cancel(&state.db, &secretary(), &correction_key, "x", "t").await;
    assert_eq!(again, Err(AppError::Invalid(Field::Status)), "a correction is not cancelled");
    let ledger = hours::ledger(&state.db, &secretary(), "陈").await.unwrap();
    assert!(ledger.iter().all(|l| l.person_name.contains('陈')));
    assert!(ledger.iter().any(|l| l.key == line));
}

#[tokio::test]
async fn a_cancelled_check_in_stays_cancelled_after_a_check_out() {
    let state = demo_state().await;
    let (key, secret) = activity_at(&state, now_millis() - 100 * MINUTE).await;
    let before = hours_of(&state, &worker()).await;
    let now = step_of(now_millis());
    let arrived = now - 2 * 60;
    let came = check_in(1, &key, arrived, check_in_code(&secret, &key, arrived), false);
    assert_eq!(apply(&state, &worker(), &came).await, OpResult::Applied);
    let rows: Vec<RecordId> = state
        .db
        .query("SELECT VALUE id FROM hours_entry WHERE activity = $a")
        .bind(("a", RecordId::new("activity", key.as_str())))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    let line = text_key(&rows[0]);
    let street = scope("13800000001", "demo-street", "street_admin");
    assert_eq!(hours::cancel(&state.db, &street, &line, "未到场", "t").await, Ok(()));
    assert_eq!(hours_of(&state, &worker()).await, before);
    let left = check_in(2, &key, now, check_in_code(&secret, &key, now), true);
    assert_eq!(apply(&state, &worker(), &left).await, OpResult::Applied);
    assert_eq!(hours_of(&state, &worker()).await, before, "the check-out adds nothing back");
}

#[tokio::test]
async fn task_hours_are_not_cancelled_here() {
    let state = demo_state().await;
    let rows: Vec<RecordId> = state
        .db
        .query("SELECT VALUE id FROM hours_entry WHERE origin = 'task'")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    let line = text_key(rows.first().expect("the demo's confirmed task"));
    let street = scope("13800000001", "demo-street", "street_admin");
    assert_eq!(
        hours::cancel(&state.db, &street, &line, "x", "t").await,
        Err(AppError::Invalid(Field::Origin))
    );
}

/// An activity of 光明社区 starting tomorrow, with sign-up and `places`.
async fn signup_activity(state: &AppState, places: &str, team: &str) -> (String, String) {
    let start = now_millis() + 24 * 60 * MINUTE;
    let input = ActivityInput {
        org_code: "demo-c1".into(),
        kind: "emergency_duty".into(),
        title: "防汛值守".into(),
        place: String::new(),
        starts: local(start),
        ends: local(start + 120 * MINUTE),
        hours: "2".into(),
        capacity: places.into(),
        team: team.into(),
        signup: Some("on".into()),
    };
    created(state, input).await
}

#[tokio::test]
async fn sign_up_gives_out_the_places_and_comes_before_the_check_in() {
    let state = demo_state().await;
    let (key, secret) = signup_activity(&state, "1", "").await;
    assert_eq!(activities::sign_up(&state.db, &chen(), &key, false).await, Ok(()));
    assert_eq!(activities::sign_up(&state.db, &chen(), &key, false).await, Ok(()), "twice is once");
    let full = activities::sign_up(&state.db, &worker(), &key, false).await;
    assert_eq!(full, Err(AppError::Invalid(Field::Full)));
    let stranger = scope("13800000007", "demo-c2-g1", "grid_worker");
    assert_eq!(activities::sign_up(&state.db, &stranger, &key, false).await, Err(AppError::NotFound));
    let seen =
        activities::visible(&state.db, &chen(), 0, now_millis() + 365 * 24 * 60 * MINUTE).await.unwrap();
    let item = seen.iter().find(|a| a.key == key).unwrap();
    assert_eq!((item.signup, item.signups, item.signed_up), (true, 1, true));

    // The activity starts (moved into the present): check-ins come, sign-ups no longer.
    state
        .db
        .query("UPDATE $id SET starts_at = time::now() - 10m, ends_at = time::now() + 1h")
        .bind(("id", RecordId::new("activity", key.as_str())))
        .await
        .unwrap()
        .check()
        .unwrap();
    let late = activities::sign_up(&state.db, &worker(), &key, true).await;
    assert_eq!(late, Err(AppError::Invalid(Field::SignUp)));
    let step = step_of(now_millis());
    let code = check_in_code(&secret, &key, step);
    let unsigned = check_in(1, &key, step, code.clone(), false);
    assert_eq!(apply(&state, &worker(), &unsigned).await, refused(Field::SignUp));
    let signed = check_in(2, &key, step, code, false);
    assert_eq!(apply(&state, &chen(), &signed).await, OpResult::Applied);
}

#[tokio::test]
async fn a_teams_activity_is_for_its_members() {
    let state = demo_state().await;
    let team = gridlink::model::volunteer::TeamInput {
        key: String::new(),
        org_code: "demo-c1".into(),
        kind: "commando_team".into(),
        name: "防汛突击队".into(),
        starts_on: "2026-12-01".into(),
        ends_on: "2026-12-31".into(),
        members: "13800000005\n138-0000-0005, 13800000008".into(),
    };
    let stranger_in = gridlink::model::volunteer::TeamInput { members: "13800000007".into(), ..team.clone() };
    let refused_stranger = teams::save(&state.db, &secretary(), stranger_in, "t").await;
    assert_eq!(refused_stranger, Err(AppError::NotFound), "a person of another community");
    let by_worker = teams::save(&state.db, &worker(), team.clone(), "t").await;
    assert_eq!(by_worker, Err(AppError::Forbidden));
    let key = teams::save(&state.db, &secretary(), team, "t").await.expect("saved");
    let listed = teams::list(&state.db, &secretary()).await.unwrap();
    let saved = listed.iter().find(|t| t.key == key).unwrap();
    assert_eq!(saved.members.len(), 2, "each person once");
    let for_worker = teams::list(&state.db, &worker()).await.unwrap();
    let masked = for_worker.iter().find(|t| t.key == key).unwrap();
    assert!(masked.members.iter().all(|m| m.mobile.contains('*')), "masked for a non-verifier");

    let (activity, secret) = activity_now(&state).await;
    state
        .db
        .query("UPDATE $id SET team = $team")
        .bind(("id", RecordId::new("activity", activity.as_str())))
        .bind(("team", RecordId::new("team", key.as_str())))
        .await
        .unwrap()
        .check()
        .unwrap();
    let step = step_of(now_millis());
    let code = check_in_code(&secret, &activity, step);
    assert_eq!(
        apply(&state, &worker(), &check_in(1, &activity, step, code.clone(), false)).await,
        refused(Field::Team)
    );
    assert_eq!(apply(&state, &chen(), &check_in(2, &activity, step, code, false)).await, OpResult::Applied);
}

#[tokio::test]
async fn a_certificate_names_the_person_and_community_and_no_numbers() {
    let state = demo_state().await;
    let zhang = worker();
    let year = gridlink::model::assessment::Period::quarter_of(now_millis()).whole_year();
    let certificate = hours::certificate(&state.db, &zhang, year, &STARS).await.unwrap();
    assert_eq!(certificate.person_name, "张伟");
    assert_eq!(certificate.community_name, "光明社区");
    let mine = hours::mine(&state.db, &zhang, &STARS).await.unwrap();
    assert_eq!(certificate.tenths, mine.year_tenths);
    let text = serde_json::to_string(&certificate).unwrap();
    assert!(!text.contains("1380000"), "no phone number: {text}");
}

/// People of the property test: (mobile, org, role, the nodes they belong to).
const PEOPLE: [(&str, &str, &str, &[&str]); 4] = [
    ("13800000003", "demo-c1-g1", "grid_worker", &["demo-street", "demo-c1", "demo-c1-g1"]),
    ("13800000004", "demo-c1-g1", "building_leader", &["demo-street", "demo-c1", "demo-c1-g1"]),
    ("13800000005", "demo-c1", "party_member", &["demo-street", "demo-c1"]),
    ("13800000007", "demo-c2-g1", "grid_worker", &["demo-street", "demo-c2", "demo-c2-g1"]),
];

#[derive(Debug, Clone)]
enum Step {
    /// Someone enters hours by hand.
    Log { person: usize, tenths: u32 },
    /// The secretary of the entry's street verifies or denies the n-th entry so far.
    Decide { entry: usize, verify: bool },
    /// Someone checks in at the activity under way.
    CheckIn { person: usize },
    /// The street admin cancels the n-th entry so far (verified or not).
    Cancel { entry: usize },
}

fn steps() -> impl proptest::strategy::Strategy<Value = Vec<Step>> {
    use proptest::prelude::*;
    let step = prop_oneof![
        (0..PEOPLE.len(), 1u32..=40).prop_map(|(person, tenths)| Step::Log { person, tenths }),
        (0usize..12, any::<bool>()).prop_map(|(entry, verify)| Step::Decide { entry, verify }),
        (0..PEOPLE.len()).prop_map(|person| Step::CheckIn { person }),
        (0usize..12).prop_map(|entry| Step::Cancel { entry }),
    ];
    proptest::collection::vec(step, 1..24)
}

/// The totals of every node of the street, by name.
async fn area_totals(state: &AppState) -> std::collections::BTreeMap<String, i64> {
    let street = scope("13800000001", "demo-street", "street_admin");
    let year = gridlink::model::assessment::Period::quarter_of(now_millis()).whole_year();
    let totals = hours::totals(&state.db, &street, year).await.expect("totals");
    totals.areas.into_iter().map(|a| (a.name, a.tenths)).collect()
}

async fn node_names(state: &AppState) -> std::collections::BTreeMap<String, String> {
    let rows: Vec<(String, String)> = state
        .db
        .query("SELECT VALUE [code, name] FROM org_node")
        .await
        .unwrap()
        .take::<Vec<Vec<String>>>(0)
        .unwrap()
        .into_iter()
        .map(|pair| (pair[0].clone(), pair[1].clone()))
        .collect();
    rows.into_iter().collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 12, ..Default::default() })]

    /// Totals at every level of the tree are the sums of the verified
    /// entries of the people below, whatever is entered, verified, denied
    /// or checked in, in any order.
    #[test]
    fn totals_at_every_level_are_the_sum_of_verified_entries(sequence in steps()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let state = demo_state().await;
            let (key, secret) = activity_now(&state).await;
            let before = area_totals(&state).await;
            let names = node_names(&state).await;
            // (person, tenths, decided, sent as, verified and not cancelled)
            let mut entries: Vec<(usize, u32, bool, u64, bool)> = Vec::new();
            let mut verified = [0_i64; PEOPLE.len()];
            for (n, step) in sequence.into_iter().enumerate() {
                let n = n as u64 + 1;
                match step {
                    Step::Log { person, tenths } => {
                        let (mobile, org, role, _) = PEOPLE[person];
                        let hours = format!("{}.{}", tenths / 10, tenths % 10);
                        assert_eq!(apply(&state, &scope(mobile, org, role), &manual(n, &hours)).await, OpResult::Applied);
                        entries.push((person, tenths, false, n, false));
                    }
                    Step::Decide { entry, verify } => {
                        let Some((person, tenths, decided, sent_as, _)) = entries.get(entry).copied() else { continue };
                        let keys = [id(sent_as)];
                        let how = if verify { VerifyStep::Verify } else { VerifyStep::Deny };
                        let street = scope("13800000001", "demo-street", "street_admin");
                        let answer = hours::decide(&state.db, &street, (&keys, how, "不符"), "t").await;
                        if decided {
                            assert_eq!(answer, Err(AppError::Invalid(Field::Status)));
                        } else {
                            assert_eq!(answer, Ok(1));
                            entries[entry].2 = true;
                            entries[entry].4 = verify;
                            if verify {
                                verified[person] += i64::from(tenths);
                            }
                        }
                    }
                    Step::Cancel { entry } => {
                        let Some((person, tenths, decided, sent_as, counted)) = entries.get(entry).copied() else { continue };
                        if !decided || !counted {
                            // Nothing in the ledger to cancel (pending, denied or cancelled already).
                            continue;
                        }
                        let line = ledger_key(&state, &id(sent_as)).await;
                        let street = scope("13800000001", "demo-street", "street_admin");
                        assert_eq!(hours::cancel(&state.db, &street, &line, "更正", "t").await, Ok(()));
                        entries[entry].4 = false;
                        verified[person] -= i64::from(tenths);
                    }
                    Step::CheckIn { person } => {
                        let (mobile, org, role, _) = PEOPLE[person];
                        let step = step_of(now_millis());
                        let op = check_in(n, &key, step, check_in_code(&secret, &key, step), false);
                        let answer = apply(&state, &scope(mobile, org, role), &op).await;
                        let first = answer == OpResult::Applied;
                        if org.starts_with("demo-c2") {
                            // Another community's activity: not theirs to attend.
                            assert_eq!(answer, OpResult::Rejected { reason: RejectReason::NotFound });
                        } else {
                            assert!(first || answer == OpResult::Duplicate, "{answer:?}");
                        }
                        if first {
                            verified[person] += 20;
                        }
                    }
                }
            }
            let after = area_totals(&state).await;
            for (code, name) in &names {
                let expected: i64 = PEOPLE
                    .iter()
                    .zip(verified)
                    .filter(|((_, _, _, nodes), _)| nodes.contains(&code.as_str()))
                    .map(|(_, tenths)| tenths)
                    .sum();
                let change = after.get(name).copied().unwrap_or(0) - before.get(name).copied().unwrap_or(0);
                assert_eq!(change, expected, "{code} {name}");
            }
        });
    }
}
