//! The outbox's rules, in a real browser (IndexedDB): run by
//! `scripts/test-browser` in headless Chromium.

use super::outbox::{self, belongs_to, Answered};
use super::sync::{next_batch, retry_delay_secs, settle_answers};
use crate::model::issue::{IssueCategory, IssueItem, IssueStatus, Urgency};
use crate::model::local::{LocalRecord, OutboxEntry, SyncMark};
use crate::model::sync::{OpAnswer, OpKind, OpResult, RejectReason, PUSH_BATCH};
use crate::model::visit::{VisitItem, VisitType};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ALICE: &str = "01900000-0000-7000-8000-acc000000002";
const BOB: &str = "01900000-0000-7000-8000-acc000000003";

fn visit(id: &str) -> LocalRecord {
    let item = VisitItem {
        visit_id: id.into(),
        household: "h".into(),
        place: "1号楼 101".into(),
        visit_type: VisitType::Care,
        notes: "测试".into(),
        follow_up_on: None,
        corrects: None,
        captured_at: 1,
        need: None,
        photos: Vec::new(),
        location: None,
    };
    LocalRecord::visit(id.into(), SyncMark::Pending, item)
}

fn issue(id: &str, mark: SyncMark) -> LocalRecord {
    let item = IssueItem {
        issue_id: id.into(),
        status: IssueStatus::Reported,
        category: IssueCategory::Safety,
        urgency: Urgency::Normal,
        description: "灯坏了".into(),
        place: "1号楼".into(),
        grid_code: "g".into(),
        reporter_name: None,
        reporter_phone_masked: None,
        assignee_name: None,
        assignee_key: None,
        captured_at: 1,
        received_at: 1,
        accept_due: 1,
        resolve_due: 1,
        version: 1,
        photos: Vec::new(),
        location: None,
    };
    LocalRecord::issue(id.into(), mark, item)
}

/// A clean phone on which `owner` is logged in.
async fn phone_of(owner: &str) {
    outbox::clear_device().await.expect("clears");
    outbox::claim(owner, "13800000003").await.expect("claims");
}

async fn keep(kind: OpKind, record: LocalRecord) -> OutboxEntry {
    let id = record.id.clone();
    outbox::enqueue(kind, serde_json::json!({ "id": id }), record, "测试".into(), None).await.expect("kept");
    let queued = outbox::outbox().await.expect("reads").into_iter().filter(|e| e.record_id == id);
    queued.max_by_key(|e| e.seq).expect("queued")
}

async fn record(id: &str) -> Option<LocalRecord> {
    outbox::records().await.expect("reads").into_iter().find(|r| r.id == id)
}

#[wasm_bindgen_test]
fn retries_back_off_to_five_minutes() {
    let delays: Vec<u64> = (0..8).map(retry_delay_secs).collect();
    assert_eq!(delays, [300, 30, 60, 120, 240, 300, 300, 300]);
}

#[wasm_bindgen_test]
async fn a_record_and_its_operation_are_kept_together_under_the_owner() {
    phone_of(ALICE).await;
    let entry = keep(OpKind::RecordVisit, visit("v1")).await;
    assert_eq!(entry.owner, ALICE);
    assert_eq!(entry.op.owner.as_deref(), Some(ALICE), "the server checks it");
    assert_eq!(record("v1").await.expect("kept").mark, SyncMark::Pending);
}

#[wasm_bindgen_test]
async fn a_settled_operation_moves_to_sent_and_its_record_is_synced() {
    phone_of(ALICE).await;
    let entry = keep(OpKind::RecordVisit, visit("v1")).await;
    outbox::keep_answers(vec![Answered::Settled { entry: entry.clone(), more_waiting: false }])
        .await
        .expect("settles");
    assert!(outbox::outbox().await.expect("reads").is_empty());
    assert_eq!(record("v1").await.expect("kept").mark, SyncMark::Synced);
    let sent = outbox::recently_sent(ALICE).await.expect("reads");
    assert_eq!(sent.iter().map(|s| s.op_id.as_str()).collect::<Vec<_>>(), [entry.op_id.as_str()]);
}

#[wasm_bindgen_test]
async fn only_the_owners_pending_operations_are_sent_in_order() {
    phone_of(ALICE).await;
    let first = keep(OpKind::RecordVisit, visit("v1")).await;
    let second = keep(OpKind::RecordVisit, visit("v2")).await;
    let answer = OpResult::Rejected { reason: RejectReason::NotFound };
    outbox::keep_answers(vec![Answered::SetAside { entry: second.clone(), answer }])
        .await
        .expect("sets aside");
    let third = keep(OpKind::RecordVisit, visit("v3")).await;
    let entries = outbox::outbox().await.expect("reads");
    let batch: Vec<String> = next_batch(&entries, Some(ALICE)).into_iter().map(|e| e.op_id).collect();
    assert_eq!(batch, [first.op_id.clone(), third.op_id.clone()], "pending only, in the order made");
    assert!(next_batch(&entries, Some(BOB)).is_empty(), "Alice's records wait for Alice");
    let legacy = OutboxEntry { owner: String::new(), ..first };
    assert!(belongs_to(&legacy, Some(BOB)), "records from before owners were kept go with any login");
    let many: Vec<OutboxEntry> = (0..PUSH_BATCH + 10).map(|_| third.clone()).collect();
    assert_eq!(next_batch(&many, Some(ALICE)).len(), PUSH_BATCH);
}

#[wasm_bindgen_test]
async fn another_login_holds_the_first_owners_records_and_drops_their_copies() {
    phone_of(ALICE).await;
    keep(OpKind::RecordVisit, visit("v1")).await;
    outbox::store_pull(crate::model::sync::PullData {
        issues: vec![issue("i1", SyncMark::Synced).as_issue().cloned().expect("an issue")],
        ..Default::default()
    })
    .await
    .expect("pulls");
    outbox::claim(BOB, "13800000004").await.expect("claims");
    assert!(record("i1").await.is_none(), "Alice's synced copies are not Bob's to see");
    assert!(record("v1").await.is_some(), "her unsent visit stays");
    let entries = outbox::outbox().await.expect("reads");
    assert_eq!(entries.len(), 1);
    assert!(next_batch(&entries, Some(BOB)).is_empty(), "and is held for her");
}

#[wasm_bindgen_test]
async fn records_filed_under_a_mobile_number_become_the_accounts() {
    outbox::clear_device().await.expect("clears");
    outbox::set_meta("owner", "13800000003".to_owned()).await.expect("an old phone's owner");
    let entry = keep(OpKind::RecordVisit, visit("v1")).await;
    assert_eq!(entry.owner, "13800000003");
    outbox::claim(ALICE, "13800000003").await.expect("claims");
    let entries = outbox::outbox().await.expect("reads");
    assert_eq!(entries[0].owner, ALICE);
    assert_eq!(next_batch(&entries, Some(ALICE)).len(), 1);
    assert!(record("v1").await.is_some());
}

#[wasm_bindgen_test]
async fn discarding_a_new_record_drops_it_and_a_change_restores_the_servers_copy() {
    phone_of(ALICE).await;
    let made = keep(OpKind::RecordVisit, visit("v1")).await;
    outbox::discard(&made.op_id).await.expect("discards");
    assert!(record("v1").await.is_none());
    let change = keep(OpKind::ChangeIssue, issue("i1", SyncMark::Pending)).await;
    outbox::set_meta("cursor", 42_i64).await.expect("a cursor");
    outbox::discard(&change.op_id).await.expect("discards");
    assert_eq!(record("i1").await.expect("kept").mark, SyncMark::Synced);
    assert_eq!(outbox::meta::<i64>("cursor").await.expect("reads"), Some(0), "the next pull brings it back");
    assert!(outbox::outbox().await.expect("reads").is_empty());
}

#[wasm_bindgen_test]
async fn the_outbox_brought_up_to_date_is_the_outbox_read_again() {
    phone_of(ALICE).await;
    let first = keep(OpKind::RecordVisit, visit("v1")).await;
    let second = keep(OpKind::RecordVisit, visit("v2")).await;
    let known = outbox::outbox().await.expect("reads");
    // Meanwhile another tab kept the first's answer and a third was made.
    outbox::keep_answers(vec![Answered::Settled { entry: first, more_waiting: false }])
        .await
        .expect("settles");
    let third = keep(OpKind::RecordVisit, visit("v3")).await;
    let now = outbox::outbox_since(known).await.expect("reads");
    assert_eq!(now, outbox::outbox().await.expect("reads"));
    let ids: Vec<&str> = now.iter().map(|e| e.op_id.as_str()).collect();
    assert_eq!(ids, [second.op_id.as_str(), third.op_id.as_str()], "in the order made");
}

#[wasm_bindgen_test]
async fn what_the_server_lost_is_queued_again_under_new_ids() {
    phone_of(ALICE).await;
    let entry = keep(OpKind::RecordVisit, visit("v1")).await;
    outbox::keep_answers(vec![Answered::Settled { entry: entry.clone(), more_waiting: false }])
        .await
        .expect("settles");
    let lost = outbox::recently_sent(ALICE).await.expect("reads");
    outbox::send_again(&lost).await.expect("queues");
    let queued = outbox::outbox().await.expect("reads");
    assert_eq!(queued.len(), 1);
    assert_ne!(queued[0].op_id, entry.op_id, "judged afresh by the server");
    assert_eq!(queued[0].op.payload, entry.op.payload);
    assert_eq!(record("v1").await.expect("kept").mark, SyncMark::Pending);
    assert!(outbox::recently_sent(ALICE).await.expect("reads").is_empty());
}

#[wasm_bindgen_test]
async fn a_records_photos_are_kept_with_it_and_follow_it_when_it_is_sent_again() {
    use crate::model::local::{PhotoState, TakenPhotos};
    use crate::model::photo::PhotoOf;
    phone_of(ALICE).await;
    let taken = TakenPhotos { of: PhotoOf::Visit, photos: vec![("p1".into(), vec![0xFF, 0xD8, 0xFF, 0xD9])] };
    let record = visit("v1");
    outbox::enqueue(OpKind::RecordVisit, serde_json::json!({}), record, "测试".into(), Some(taken))
        .await
        .expect("kept");
    let entry = outbox::outbox().await.expect("reads").remove(0);
    let photos = super::photos::mine().await.expect("reads");
    assert_eq!((photos.len(), photos[0].op_id.as_str()), (1, entry.op_id.as_str()), "saved together");
    assert_eq!(super::photos::local_jpeg("p1").await.expect("reads"), Some(vec![0xFF, 0xD8, 0xFF, 0xD9]));
    outbox::keep_answers(vec![Answered::Settled { entry: entry.clone(), more_waiting: false }])
        .await
        .expect("settles");
    let lost = outbox::recently_sent(ALICE).await.expect("reads");
    outbox::send_again(&lost).await.expect("queues");
    let again = outbox::outbox().await.expect("reads").remove(0);
    let photo = super::photos::mine().await.expect("reads").remove(0);
    assert_eq!(
        (photo.op_id.as_str(), photo.state),
        (again.op_id.as_str(), PhotoState::Waiting),
        "it waits for the record again"
    );
    outbox::discard(&again.op_id).await.expect("discards");
    assert!(
        super::photos::mine().await.expect("reads").is_empty(),
        "a record given up takes its photos along"
    );
    assert_eq!(super::photos::local_jpeg("p1").await.expect("reads"), None);
}

#[wasm_bindgen_test]
async fn a_batchs_answers_are_kept_together_and_a_record_waits_for_all_its_operations() {
    phone_of(ALICE).await;
    let report = keep(OpKind::ReportIssue, issue("i1", SyncMark::Pending)).await;
    let change = keep(OpKind::ChangeIssue, issue("i1", SyncMark::Pending)).await;
    let done = keep(OpKind::RecordVisit, visit("v1")).await;
    let busy = keep(OpKind::RecordVisit, visit("v2")).await;
    let refused = keep(OpKind::RecordVisit, visit("v3")).await;
    let not_found = OpResult::Rejected { reason: RejectReason::NotFound };
    let answer = |entry: &OutboxEntry, result: OpResult| OpAnswer { op_id: entry.op_id.clone(), result };
    let answers = [
        answer(&report, OpResult::Applied),
        answer(&change, OpResult::Rejected { reason: RejectReason::Busy }),
        answer(&done, OpResult::Duplicate),
        answer(&busy, OpResult::Rejected { reason: RejectReason::Busy }),
        answer(&refused, not_found.clone()),
    ];
    let entries = outbox::outbox().await.expect("reads");
    let batch = next_batch(&entries, Some(ALICE));
    assert!(settle_answers(&entries, batch, &answers).await.expect("keeps"), "it moved on");
    let left = outbox::outbox().await.expect("reads");
    let left_ids: Vec<&str> = left.iter().map(|e| e.op_id.as_str()).collect();
    assert_eq!(left_ids, [change.op_id.as_str(), busy.op_id.as_str(), refused.op_id.as_str()]);
    assert_eq!(left[2].mark, SyncMark::Attention);
    assert_eq!(left[2].answer, Some(not_found));
    assert_eq!(record("i1").await.expect("kept").mark, SyncMark::Pending, "its change still waits");
    assert_eq!(record("v1").await.expect("kept").mark, SyncMark::Synced);
    assert_eq!(record("v2").await.expect("kept").mark, SyncMark::Pending);
    assert_eq!(record("v3").await.expect("kept").mark, SyncMark::Attention);
    let mut sent: Vec<String> =
        outbox::recently_sent(ALICE).await.expect("reads").into_iter().map(|s| s.op_id).collect();
    sent.sort();
    let mut settled = vec![report.op_id.clone(), done.op_id.clone()];
    settled.sort();
    assert_eq!(sent, settled);
}

#[wasm_bindgen_test]
async fn the_last_of_a_records_operations_settled_in_one_batch_marks_it_synced() {
    phone_of(ALICE).await;
    let report = keep(OpKind::ReportIssue, issue("i1", SyncMark::Pending)).await;
    let change = keep(OpKind::ChangeIssue, issue("i1", SyncMark::Pending)).await;
    let answers: Vec<OpAnswer> = [&report, &change]
        .map(|entry| OpAnswer { op_id: entry.op_id.clone(), result: OpResult::Applied })
        .into();
    let entries = outbox::outbox().await.expect("reads");
    let batch = next_batch(&entries, Some(ALICE));
    assert!(settle_answers(&entries, batch, &answers).await.expect("keeps"));
    assert!(outbox::outbox().await.expect("reads").is_empty());
    assert_eq!(record("i1").await.expect("kept").mark, SyncMark::Synced);
}
