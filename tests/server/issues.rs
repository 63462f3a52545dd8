//! Issues through the HTTP stack: a phone pushes a report, the secretary's
//! queue shows it with its deadline, the secretary assigns it, the worker's
//! next pull sees it assigned.

use crate::auth::{call, log_in, PASSWORD, WORKER, WORKER_ID};
use crate::support::demo_state;
use crate::sync::{id, report, T0};
use axum::http::StatusCode;
use gridlink::model::issue::{IssueDetail, IssueStatus, QueuePage};
use gridlink::model::sync::{OpAnswer, OpResult, PullData};

#[tokio::test]
async fn a_reported_issue_reaches_the_queue_and_comes_back_assigned() {
    let state = demo_state().await;
    let worker = log_in(&state, WORKER, PASSWORD, None).await.cookie.unwrap();
    let push = serde_json::json!({ "ops": [report(1)] }).to_string();
    let pushed = call(&state, "sync/push", &push, Some(&worker)).await;
    assert_eq!(pushed.status, StatusCode::OK, "{}", pushed.body);
    let answers: Vec<OpAnswer> = serde_json::from_str(&pushed.body).unwrap();
    assert_eq!(answers[0].result, OpResult::Applied);

    let secretary = log_in(&state, "13800000002", PASSWORD, None).await.cookie.unwrap();
    let filter = r#"{"filter":{"status":"reported","overdue_only":false,"include_closed":false,"page":0}}"#;
    let queue = call(&state, "issues/queue", filter, Some(&secretary)).await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    let page: QueuePage = serde_json::from_str(&queue.body).unwrap();
    let issue = &page.items[0];
    assert_eq!((issue.issue_id.as_str(), issue.captured_at), (id(1).as_str(), T0 + 1));
    assert_eq!(issue.accept_due, T0 + 1 + 2 * 3_600_000, "safety issues: accept within 2 hours");
    assert!(issue.is_overdue(T0 + 3 * 3_600_000));
    assert_eq!(issue.reporter_phone_masked.as_deref(), Some("139****5678"));
    assert!(!queue.body.contains("13912345678"), "the reporter's number is masked");
    assert!(issue.offline_millis() > 0, "it sat on the phone before it arrived");

    let detail = call(&state, "issues/detail", &format!("issue_id={}", id(1)), Some(&secretary)).await;
    let detail: IssueDetail = serde_json::from_str(&detail.body).unwrap();
    assert_eq!(detail.events.len(), 1);
    assert_eq!(detail.workers.iter().map(|w| w.key.as_str()).collect::<Vec<_>>(), vec![WORKER_ID]);

    let act = serde_json::json!({ "actions": [{
        "issue_id": id(1), "expected": "reported", "action": { "action": "assign", "worker": WORKER_ID }, "note": "请尽快处理"
    }]})
    .to_string();
    let acted = call(&state, "issues/act", &act, Some(&secretary)).await;
    assert!(acted.body.contains("\"applied\""), "{}", acted.body);

    let pulled = call(&state, "sync/pull", "since=0", Some(&worker)).await;
    let pull: PullData = serde_json::from_str(&pulled.body).unwrap();
    let mine = pull.issues.iter().find(|i| i.issue_id == id(1)).expect("pulled");
    assert_eq!((mine.status, mine.assignee_key.as_deref()), (IssueStatus::Assigned, Some(WORKER_ID)));
    assert_eq!(pull.buildings.len(), 3, "the worker's grid only");
    assert_eq!(pull.households.len(), 18);

    let later = call(&state, "sync/pull", &format!("since={}", pull.cursor + 60_000), Some(&worker)).await;
    let later: PullData = serde_json::from_str(&later.body).unwrap();
    assert!(later.issues.is_empty(), "nothing changed since the cursor");

    let refused = call(&state, "issues/queue", filter, Some(&worker)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "workers have no triage queue");
}
