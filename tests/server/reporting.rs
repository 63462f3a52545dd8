//! Reporting in (报到): a member registers, the secretary decides, the
//! unit sees it; statuses are added as history, never changed; nothing
//! reaches across communities.

use crate::sync::{scope, secretary};
use crate::tasks::chen;
use gridlink::model::reporting::{
    Decision, RegistrationInput, RegistrationState, ReportStatus, UnitMemberInput,
};
use gridlink::model::{AppError, Field};
use gridlink::server::auth::Scope;
use gridlink::server::repo::reporting;
use gridlink::server::AppState;

/// The demo street, with the server's log in the test's output.
async fn demo_state() -> AppState {
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    crate::support::demo_state().await
}

/// 吴倩, party member of 光明社区, who has not reported in.
fn zhou() -> Scope {
    scope("13800000008", "demo-c1", "party_member")
}

/// 赵强, admin of 区税务局.
fn unit_admin() -> Scope {
    scope("13800000006", "demo-c1", "unit_admin")
}

async fn tax_office_key(state: &AppState) -> String {
    let units = reporting::unit_choices(&state.db, &zhou()).await.expect("units");
    units.into_iter().find(|u| u.name == "区税务局").expect("the demo unit").key
}

fn form(unit_key: &str) -> RegistrationInput {
    RegistrationInput {
        unit_key: unit_key.into(),
        skills: "水电维修".into(),
        offer: "每月一次上门检修".into(),
        times: "周六".into(),
    }
}

#[tokio::test]
async fn a_member_reports_in_and_the_secretary_approves() {
    let state = demo_state().await;
    let unit = tax_office_key(&state).await;
    let key = reporting::register(&state.db, &zhou(), form(&unit), "t").await.expect("registered");
    assert_eq!(
        reporting::register(&state.db, &zhou(), form(&unit), "t").await,
        Err(AppError::Invalid(Field::Registered)),
        "a second send while waiting makes no second registration"
    );
    let queue = reporting::queue(&state.db, &secretary()).await.expect("queue");
    assert_eq!(queue[0].key, key, "the waiting one comes first");
    assert_eq!(queue[0].state, RegistrationState::Pending);

    reporting::decide(&state.db, &secretary(), &key, Decision::Approve, "", "t").await.expect("approved");
    assert_eq!(
        reporting::decide(&state.db, &secretary(), &key, Decision::Decline, "晚了", "t").await,
        Err(AppError::Invalid(Field::Status)),
        "decided once"
    );
    let mine = reporting::mine(&state.db, &zhou()).await.expect("mine");
    assert_eq!(mine.registrations[0].state, RegistrationState::Approved);
    assert_eq!(mine.history[0].status, ReportStatus::Reported);
    let unit_of: Option<String> = state
        .db
        .query("SELECT VALUE unit.name FROM ONLY account:⟨13800000008⟩")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(unit_of.as_deref(), Some("区税务局"), "the workplace becomes the account's unit");
    let roster = reporting::roster(&state.db, &unit_admin()).await.expect("roster");
    assert!(roster
        .registrations
        .iter()
        .any(|r| r.member_name == "吴倩" && r.state == RegistrationState::Approved));
}

#[tokio::test]
async fn a_decline_needs_a_reason_and_the_member_may_try_again() {
    let state = demo_state().await;
    let unit = tax_office_key(&state).await;
    let key = reporting::register(&state.db, &zhou(), form(&unit), "t").await.expect("registered");
    assert_eq!(
        reporting::decide(&state.db, &secretary(), &key, Decision::Decline, "  ", "t").await,
        Err(AppError::Invalid(Field::Reason))
    );
    reporting::decide(&state.db, &secretary(), &key, Decision::Decline, "请填写居住地社区", "t")
        .await
        .expect("declined");
    let mine = reporting::mine(&state.db, &zhou()).await.expect("mine");
    assert_eq!(mine.registrations[0].state, RegistrationState::Declined);
    assert_eq!(mine.registrations[0].reason.as_deref(), Some("请填写居住地社区"));
    let again = reporting::register(&state.db, &zhou(), form(&unit), "t").await.expect("again");
    assert_ne!(again, key, "a new registration; the declined one stays");
    assert_eq!(reporting::mine(&state.db, &zhou()).await.unwrap().registrations.len(), 2);
}

#[tokio::test]
async fn bad_input_is_refused_and_nothing_is_stored() {
    let state = demo_state().await;
    let unit = tax_office_key(&state).await;
    let empty = RegistrationInput { skills: " ".into(), ..form(&unit) };
    assert_eq!(
        reporting::register(&state.db, &zhou(), empty, "t").await,
        Err(AppError::Invalid(Field::Skills))
    );
    let nowhere = form("no-such-unit");
    assert_eq!(reporting::register(&state.db, &zhou(), nowhere, "t").await, Err(AppError::NotFound));
    let unnamed = form("");
    assert_eq!(
        reporting::register(&state.db, &zhou(), unnamed, "t").await,
        Err(AppError::Invalid(Field::Workplace))
    );
    assert_eq!(
        reporting::register(&state.db, &chen(), form(&unit), "t").await,
        Err(AppError::Invalid(Field::Registered)),
        "陈静 is approved already"
    );
    assert_eq!(
        reporting::register(&state.db, &secretary(), form(&unit), "t").await,
        Err(AppError::Forbidden)
    );
    let stored: Option<i64> = state
        .db
        .query("SELECT count() FROM registration GROUP ALL")
        .await
        .unwrap()
        .take((0, "count"))
        .unwrap();
    assert_eq!(stored, Some(1), "the demo's one registration only");
}

#[tokio::test]
async fn another_community_cannot_decide_or_see() {
    let state = demo_state().await;
    let unit = tax_office_key(&state).await;
    let key = reporting::register(&state.db, &zhou(), form(&unit), "t").await.expect("registered");
    let other = scope("13800000007", "demo-c2", "secretary");
    assert_eq!(
        reporting::decide(&state.db, &other, &key, Decision::Approve, "", "t").await,
        Err(AppError::NotFound)
    );
    assert!(reporting::queue(&state.db, &other).await.unwrap().is_empty());
    assert!(reporting::history(&state.db, &other).await.unwrap().is_empty());
    assert_eq!(
        reporting::decide(&state.db, &unit_admin(), &key, Decision::Approve, "", "t").await,
        Err(AppError::Forbidden),
        "a unit's admin sees decisions, does not make them"
    );
}

#[tokio::test]
async fn quarter_statuses_are_added_never_changed() {
    let state = demo_state().await;
    let period = gridlink::model::assessment::Period::quarter_of(gridlink::server::sync::now_millis()).code();
    let added = reporting::record_quarter(&state.db, &secretary(), &period, "t").await.expect("recorded");
    assert_eq!(added, 2, "陈静 and 区税务局");
    let history = reporting::history(&state.db, &secretary()).await.unwrap();
    assert_eq!(history.len(), 4, "the two 'reported' rows stay beside the two new ones");
    assert_eq!(
        history.iter().filter(|h| h.status == ReportStatus::Active).count(),
        1,
        "区税务局 is active through 赵强's confirmed task; 陈静 has none"
    );
    assert!(history.iter().any(|h| h.subject_name == "陈静" && h.status == ReportStatus::Inactive));
    for bad in ["2026", "2099-Q1", "x"] {
        assert_eq!(
            reporting::record_quarter(&state.db, &secretary(), bad, "t").await,
            Err(AppError::Invalid(Field::Period)),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn a_unit_admin_keeps_the_member_list() {
    let state = demo_state().await;
    let roster = reporting::roster(&state.db, &unit_admin()).await.expect("roster");
    assert_eq!(roster.unit_name, "区税务局");
    let chen_line = roster.members.iter().find(|m| m.name == "陈静").expect("陈静 listed");
    assert_eq!(chen_line.status, Some(ReportStatus::Reported));
    assert_eq!(chen_line.mobile_masked, "138****0005");
    let qian = roster.members.iter().find(|m| m.name == "钱程").expect("钱程 listed");
    assert_eq!((qian.registration, qian.status), (None, None), "not reported");

    let new =
        UnitMemberInput { name: "孙强".into(), mobile: "13700000001".into(), position: "科长".into() };
    reporting::add_member(&state.db, &unit_admin(), new.clone(), "t").await.expect("added");
    assert_eq!(
        reporting::add_member(&state.db, &unit_admin(), new, "t").await,
        Err(AppError::Invalid(Field::MobileTaken))
    );
    let bad = UnitMemberInput { name: "x".into(), mobile: "123".into(), position: String::new() };
    assert_eq!(
        reporting::add_member(&state.db, &unit_admin(), bad, "t").await,
        Err(AppError::Invalid(Field::Mobile))
    );
    let roster = reporting::roster(&state.db, &unit_admin()).await.unwrap();
    assert_eq!(roster.members.len(), 4);
    let key = roster.members.iter().find(|m| m.name == "孙强").unwrap().key.clone();
    assert_eq!(reporting::remove_member(&state.db, &secretary(), &key, "t").await, Err(AppError::Forbidden));
    reporting::remove_member(&state.db, &unit_admin(), &key, "t").await.expect("removed");
    assert_eq!(reporting::remove_member(&state.db, &unit_admin(), &key, "t").await, Err(AppError::NotFound));
}
