//! What the benches that write through the sync path share: the demo grid
//! worker, the visits it records, and applying them.

use gridlink::model::account::Role;
use gridlink::model::sync::{new_id, OpKind, OpResult, Operation, APP_VERSION};
use gridlink::model::visit::{VisitInput, VisitType};
use gridlink::server::auth::Scope;
use gridlink::server::config::Settings;
use gridlink::server::{demo, sync, Database};
use surrealdb::types::RecordId;

/// The demo grid worker of 光明社区's first grid.
pub fn worker() -> Scope {
    Scope {
        account: RecordId::new("account", "13800000003"),
        account_ref: demo::demo_public_id("13800000003"),
        org: RecordId::new("org_node", "demo-c1-g1"),
        roles: vec![Role::parse("grid_worker").expect("role")],
        must_change_password: false,
    }
}

/// The `n`th visit of a demo household, as the phone sends it.
pub fn visit(n: u64) -> Operation {
    let id =
        |n: u64| new_id(1_790_000_000_000 + n, (n as u128).to_be_bytes()[6..].try_into().expect("10 bytes"));
    let input = VisitInput {
        visit_id: id(n),
        household: "demo-c1-g1-b1-101".into(),
        visit_type: VisitType::Routine,
        notes: format!("第{n}次走访"),
        follow_up_on: None,
        corrects: None,
        need: None,
        photos: Vec::new(),
        location: None,
    };
    Operation {
        op_id: id(n + (1 << 40)),
        device_id: "bench".into(),
        kind: OpKind::RecordVisit.as_str().into(),
        payload: serde_json::to_value(input).expect("json"),
        captured_at: 1_790_000_000_000,
        app_version: APP_VERSION.into(),
        owner: None,
    }
}

/// Applies `ops` as `worker` through the sync path; a bench whose writes
/// were refused would time nothing, so it stops.
pub async fn apply_as_worker(db: &Database, worker: &Scope, settings: &Settings, ops: Vec<Operation>) {
    let answers = sync::apply_batch(db, worker, settings, ops).await.expect("applies");
    assert!(answers.iter().all(|a| a.result == OpResult::Applied), "{:?}", answers[0]);
}
