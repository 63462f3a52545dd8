//! Assessment (考核): scores come from confirmed tasks and the ledgers,
//! follow the configured weights, drop when a confirmation is undone, and
//! stay inside the caller's area; the feedback sheet downloads as XLSX.

use crate::accounts::{download, download_bytes, session_of};
use crate::support::demo_state;
use crate::sync::{apply, scope, secretary};
use crate::tasks::{chen, claim, claim_key, finish, new_task};
use axum::http::StatusCode;
use gridlink::model::assessment::{Assessment, AssessmentRules, Period, ScorePart, Subject, Tally};
use gridlink::model::staffing::ServeStep;
use gridlink::model::sync::OpResult;
use gridlink::model::task::ReviewStep;
use gridlink::model::AppError;
use gridlink::model::Field;
use gridlink::server::auth::Scope;
use gridlink::server::repo::{assessment, staffing, tasks};
use gridlink::server::sync::now_millis;
use gridlink::server::AppState;

fn this_quarter() -> Period {
    Period::quarter_of(now_millis())
}

/// 陈静 (of 区税务局) claims a task, reports it done, and the secretary confirms it.
async fn confirmed_task(state: &AppState) -> String {
    let task = new_task(state, 2).await;
    assert_eq!(apply(state, &chen(), &claim(1, &task)).await, OpResult::Applied);
    assert_eq!(apply(state, &chen(), &finish(2, &task)).await, OpResult::Applied);
    let key = claim_key(state, &task).await;
    tasks::review(&state.db, &secretary(), &key, ReviewStep::Confirm, "", "t").await.expect("confirmed");
    key
}

async fn table_of(
    state: &AppState,
    who: &gridlink::server::auth::Scope,
    rules: &AssessmentRules,
) -> Assessment {
    assessment::table(&state.db, who, rules, this_quarter()).await.expect("a table")
}

fn names(rows: &[gridlink::model::assessment::ScoreRow]) -> Vec<&str> {
    rows.iter().map(|r| r.name.as_str()).collect()
}

/// 区税务局 in the demo: two members, 赵强 confirmed for 3 hours on time;
/// of the three on its member list, 陈静 has reported in.
const DEMO_TALLY: Tally =
    Tally { members: 2, active_members: 1, tasks: 1, on_time: 1, hours_tenths: 30, listed: 3, reported: 1 };

#[tokio::test]
async fn a_confirmed_task_scores_for_the_member_and_the_unit_and_undoing_takes_it_back() {
    let state = demo_state().await;
    let rules = AssessmentRules::default();
    let before = table_of(&state, &secretary(), &rules).await;
    assert_eq!(names(&before.units), ["区税务局", "区人民医院"], "ranked; 区教育局 is another community's");
    assert_eq!(before.units[0].tally, DEMO_TALLY);
    assert_eq!(before.units[1].score_tenths, 0, "no members, nothing confirmed");
    let claim = confirmed_task(&state).await;

    let after = table_of(&state, &secretary(), &rules).await;
    let unit = &after.units[0];
    let tally = Tally { active_members: 2, tasks: 2, on_time: 2, hours_tenths: 55, ..DEMO_TALLY };
    assert_eq!(unit.tally, tally, "陈静's 2.5 hours, reported before the task ended, are added");
    assert_eq!(unit.score_tenths, rules.score(Subject::Unit, &tally, this_quarter()).1);
    assert!(unit.score_tenths > before.units[0].score_tenths);
    assert_eq!(unit.context.as_deref(), Some("光明社区"));
    let parts: Vec<ScorePart> = unit.parts.iter().map(|p| p.part).collect();
    assert_eq!(parts, ScorePart::ALL, "every part, broken down");
    assert_eq!(unit.parts.iter().map(|p| p.earned_tenths).sum::<u32>(), unit.score_tenths);
    assert_eq!(names(&after.members), ["赵强", "陈静"], "3 hours rank above 2.5");
    assert_eq!(after.members[1].tally.hours_tenths, 25);

    let undo = tasks::review(&state.db, &secretary(), &claim, ReviewStep::Undo, "重复登记", "t").await;
    assert_eq!(undo, Ok(()));
    let undone = table_of(&state, &secretary(), &rules).await;
    assert_eq!(undone.units[0].tally, DEMO_TALLY);
    assert_eq!(undone.units[0].score_tenths, before.units[0].score_tenths);
}

#[tokio::test]
async fn the_weights_in_configuration_decide_the_score() {
    let state = demo_state().await;
    let only_on_time = AssessmentRules {
        active_members_weight: 0,
        reported_weight: 0,
        tasks_weight: 0,
        hours_weight: 0,
        ..AssessmentRules::default()
    };
    let table = table_of(&state, &secretary(), &only_on_time).await;
    assert_eq!(table.units[0].score_tenths, 1000, "the one task was done on time");
    let only_members = AssessmentRules { on_time_weight: 0, active_members_weight: 10, ..only_on_time };
    assert_eq!(
        table_of(&state, &secretary(), &only_members).await.units[0].score_tenths,
        500,
        "1 of 2 members"
    );
}

#[tokio::test]
async fn the_share_of_the_member_list_reported_in_is_a_part_of_the_units_score() {
    let state = demo_state().await;
    let only_reported = AssessmentRules {
        active_members_weight: 0,
        tasks_weight: 0,
        hours_weight: 0,
        on_time_weight: 0,
        ..AssessmentRules::default()
    };
    let table = table_of(&state, &secretary(), &only_reported).await;
    let tax = table.units.iter().find(|u| u.name == "区税务局").expect("the demo unit");
    assert_eq!((tax.tally.listed, tax.tally.reported), (3, 1));
    assert_eq!(tax.score_tenths, 333, "1 of 3 listed reported in");
    assert!(table.members.iter().all(|m| m.parts.iter().all(|p| !p.part.is_unit_share())));
}

#[tokio::test]
async fn a_unit_serves_several_communities_and_each_assesses_it_with_its_own_records() {
    let state = demo_state().await;
    confirmed_task(&state).await;
    let rules = AssessmentRules::default();
    let street = scope("13800000001", "demo-street", "street_admin");
    let other = scope("13700008888", "demo-c2", "secretary");
    let units = staffing::list_units(&state.db, &street).await.expect("units");
    let tax = units.iter().find(|u| u.name == "区税务局").expect("the demo unit").key.clone();
    let serve = |who: Scope, community: &'static str, step| {
        let (db, unit) = (state.db.clone(), tax.clone());
        async move { staffing::serve(&db, &who, (&unit, community, step), "t").await }
    };
    assert_eq!(serve(secretary(), "demo-c2", ServeStep::Add).await, Err(AppError::Forbidden));
    assert_eq!(serve(street.clone(), "demo-c2", ServeStep::Add).await, Ok(()));
    assert_eq!(serve(street.clone(), "demo-c2", ServeStep::Add).await, Ok(()), "twice is once");
    let listed = staffing::list_units(&state.db, &street).await.expect("units");
    let row = listed.iter().find(|u| u.key == tax).expect("listed");
    assert_eq!(row.also_serves, [("demo-c2".to_owned(), "和平社区".to_owned())]);

    let theirs = table_of(&state, &other, &rules).await;
    let mut names_there = names(&theirs.units);
    names_there.sort();
    assert_eq!(names_there, ["区教育局", "区税务局"]);
    assert!(theirs.members.is_empty(), "光明社区's members are not 和平社区's to see");
    let tax_there = theirs.units.iter().find(|u| u.key == tax).expect("assessed there");
    assert_eq!((tax_there.tally.tasks, tax_there.tally.hours_tenths, tax_there.tally.reported), (0, 0, 0));
    let home = table_of(&state, &secretary(), &rules).await;
    assert_eq!(home.units[0].tally.tasks, 2, "光明社区 still counts its own");

    let removed = staffing::remove_unit(&state.db, &other, &tax, "t").await;
    assert_eq!(removed, Err(AppError::NotFound), "only its home community removes it");
    let home_gone = serve(street.clone(), "demo-c1", ServeStep::Remove).await;
    assert_eq!(home_gone, Err(AppError::Invalid(Field::HomeCommunity)));
    assert_eq!(serve(street.clone(), "demo-c2", ServeStep::Remove).await, Ok(()));
    assert_eq!(names(&table_of(&state, &other, &rules).await.units), ["区教育局"]);
}

#[tokio::test]
async fn each_caller_assesses_only_their_area() {
    let state = demo_state().await;
    confirmed_task(&state).await;
    let rules = AssessmentRules::default();
    let street = scope("13800000001", "demo-street", "street_admin");
    assert_eq!(table_of(&state, &street, &rules).await.units.len(), 3);
    let unit_admin = scope("13800000006", "demo-c1", "unit_admin");
    let own = table_of(&state, &unit_admin, &rules).await;
    assert_eq!(names(&own.units), ["区税务局"], "a unit's admin sees their own unit");
    assert_eq!(names(&own.members), ["赵强", "陈静"]);
    let other = scope("13700008888", "demo-c2", "secretary");
    let theirs = table_of(&state, &other, &rules).await;
    assert_eq!(names(&theirs.units), ["区教育局"]);
    assert!(theirs.members.is_empty());
    let unit_key = table_of(&state, &secretary(), &rules).await.units[0].key.clone();
    let refused = assessment::feedback(&state.db, &other, &rules, this_quarter(), &unit_key).await;
    assert_eq!(refused.map(|_| ()), Err(AppError::NotFound));
    let member = assessment::table(&state.db, &chen(), &rules, this_quarter()).await;
    assert_eq!(member.map(|_| ()), Err(AppError::Forbidden));
}

#[tokio::test]
async fn the_feedback_sheet_downloads_as_xlsx_for_the_units_community_only() {
    let state = demo_state().await;
    confirmed_task(&state).await;
    let unit = table_of(&state, &secretary(), &AssessmentRules::default()).await.units[0].key.clone();
    let path = format!("/export/feedback.xlsx?unit={unit}&period={}", this_quarter().code());
    let secretary = session_of(&state, "13800000002").await;
    let (status, bytes) = download_bytes(&state, &path, Some(&secretary)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"), "an XLSX file is a zip archive");
    assert!(bytes.len() > 3000, "{} bytes", bytes.len());

    let printable = format!("/export/feedback.html?unit={unit}&period={}", this_quarter().code());
    let (status, html) = download(&state, &printable, Some(&secretary)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("区税务局") && html.contains("陈静"), "{html}");
    assert!(!html.contains("13800000005"), "no mobiles on the sheet");

    let other = session_of(&state, "13800000007").await;
    assert_eq!(download_bytes(&state, &path, Some(&other)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(download_bytes(&state, &path, None).await.0, StatusCode::UNAUTHORIZED);
    let bad = format!("/export/feedback.xlsx?unit={unit}&period=2026-Q9");
    assert_eq!(download_bytes(&state, &bad, Some(&secretary)).await.0, StatusCode::UNPROCESSABLE_ENTITY);
}
