//! The scope matrix, generated from the registered server functions: each
//! one is either public or refuses a caller without a session. A new server
//! function fails this test until it is listed below with a sample payload
//! (and, as they arrive, with the out-of-scope cases of every role).

use crate::support::demo_state;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use gridlink::model::AppError;
use gridlink::server::http::router;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Callable without an account.
const PUBLIC: &[&str] = &["/api/auth/login", "/api/auth/logout", "/api/auth/me", "/api/org/overview"];

/// Server functions that need a session, with a valid form payload.
const NEEDS_SESSION: &[(&str, &str)] = &[
    ("/api/auth/password", "current=gridlink-demo&new=another-good-one"),
    ("/api/accounts/list", ""),
    ("/api/audit/recent", ""),
    ("/api/households/list", ""),
    ("/api/households/reveal", "key=demo-c1-g1-b1-101"),
    ("/api/households/coverage", ""),
    ("/api/households/detail", "key=demo-c1-g1-b1-101"),
    ("/api/households/tags", "key=demo-c1-g1-b1-101&tags[0]=%E7%8B%AC%E5%B1%85%E8%80%81%E4%BA%BA"),
    ("/api/org/import", "csv=level%2Ccode%2Cname%2Cparent_code%2Caddress"),
    ("/api/accounts/active", "key=01900000-0000-7000-8000-acc000000002&active=false"),
    (
        "/api/accounts/create",
        "mobile=13700000001&name=x&role=grid_worker&org_code=demo-c1-g1&password=temp-pass-123",
    ),
    ("/api/accounts/reset", "key=01900000-0000-7000-8000-acc000000002&password=temp-pass-123"),
    (
        "/api/accounts/update",
        "key=01900000-0000-7000-8000-acc000000002&name=x&roles=grid_worker&org_code=demo-c1-g1",
    ),
    ("/api/accounts/import", "csv=mobile%2Cname%2Croles%2Corg_code%2Ctemporary_password"),
    ("/api/org/list", ""),
    ("/api/org/add_node", "level=grid&code=x1&name=x&parent_code=demo-c1"),
    ("/api/org/rename_node", "key=demo-c1-g1&name=x"),
    ("/api/org/save_building", "key=&code=x2&name=x&address=&parent_code=demo-c1-g1"),
    (
        "/api/households/save",
        "key=&building_code=demo-c1-g1-b1&unit=999&contact_name=&contact_phone=&id_number=",
    ),
    ("/api/staffing/list", ""),
    ("/api/staffing/add", "grid_code=demo-c1-g1&duty=member&person_name=x&mobile="),
    ("/api/staffing/remove", "key=x"),
    ("/api/units/list", ""),
    ("/api/units/add", "community_code=demo-c1&name=x&contact_name="),
    ("/api/units/remove", "key=x"),
    ("/api/units/serve", "key=x&community_code=demo-c1&step=add"),
    ("/api/activities/create", ACTIVITY),
    ("/api/activities/list", ""),
    ("/api/hours/mine", ""),
    ("/api/hours/queue", ""),
    ("/api/hours/decide", "keys[0]=x&step=verify&reason="),
    ("/api/hours/totals", "period="),
    ("/api/activities/sign_up", "key=x&withdraw=false"),
    ("/api/hours/ledger", "person="),
    ("/api/hours/cancel", "key=x&reason=x"),
    ("/api/hours/certificate", "period="),
    ("/api/teams/list", ""),
    ("/api/teams/save", TEAM),
    ("/api/sync/push", r#"{"ops":[]}"#),
    ("/api/sync/pull", "since=0"),
    ("/api/sync/held", r#"{"checks":[]}"#),
    ("/api/issues/queue", r#"{"filter":{"overdue_only":false,"include_closed":false,"page":0}}"#),
    ("/api/issues/summary", ""),
    ("/api/issues/detail", "issue_id=01900000-0000-7000-8000-0000000000b1"),
    ("/api/issues/act", r#"{"actions":[]}"#),
    ("/api/lists/items", "kind=need"),
    ("/api/lists/save", SAVE_ITEM),
    ("/api/lists/step", "key=demo-c1-n3&step=publish"),
    ("/api/lists/match", "need_key=demo-c1-n2&resource_key=demo-c1-r1&step=add"),
    ("/api/lists/offices", ""),
    ("/api/lists/set_office", "grid_code=demo-c1-g1&contact=x"),
    ("/api/tasks/create", CREATE_TASK),
    ("/api/tasks/reviews", ""),
    ("/api/tasks/review", "claim_key=x&step=confirm&reason="),
    ("/api/assessment/table", "period=2026-Q4"),
    ("/api/reporting/units", ""),
    ("/api/reporting/register", "unit_key=x&skills=x&offer=&times="),
    ("/api/reporting/mine", ""),
    ("/api/reporting/queue", ""),
    ("/api/reporting/decide", "key=x&decision=approve&reason="),
    ("/api/reporting/record_quarter", "period=2026-Q4"),
    ("/api/reporting/history", ""),
    ("/api/reporting/roster", ""),
    ("/api/reporting/add_member", "name=x&mobile=13700000001&position="),
    ("/api/reporting/remove_member", "key=x"),
];

const CREATE_TASK: &str =
    "source_key=&community_code=demo-c1&title=x&detail=&place=&starts=2030-01-01T09%3A00\
&ends=2030-01-01T10%3A00&places=1&hours=1&points=0";

const ACTIVITY: &str =
    "org_code=demo-c1&kind=service&title=x&place=&starts=2030-01-01T09%3A00&ends=2030-01-01T10%3A00&hours=1&capacity=";

const ACTIVITY_IN_B: &str =
    "org_code=sb-c1&kind=service&title=x&place=&starts=2030-01-01T09%3A00&ends=2030-01-01T10%3A00&hours=1&capacity=";

const TEAM: &str =
    "key=&org_code=demo-c1&kind=vanguard_post&name=x&starts_on=2026-12-01&ends_on=2026-12-31&members=";

const SAVE_ITEM: &str =
    "key=&community_code=demo-c1&kind=resource&title=x&detail=&category=&place=&offered_by=\
&available=&capacity=&progress=";

#[tokio::test]
async fn every_server_function_is_public_or_needs_a_session() {
    let state = demo_state().await;
    let paths: Vec<_> = leptos::server_fn::axum::server_fn_paths().collect();
    assert!(paths.len() >= PUBLIC.len() + NEEDS_SESSION.len(), "{paths:?}");
    for (path, method) in paths {
        if PUBLIC.contains(&path) {
            continue;
        }
        let payload =
            NEEDS_SESSION.iter().find(|(p, _)| *p == path).map(|(_, payload)| *payload).unwrap_or_else(
                || panic!("{path} is in neither PUBLIC nor NEEDS_SESSION of the scope matrix"),
            );
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, crate::auth::content_type(payload))
            .body(Body::from(payload))
            .unwrap();
        let response = router(state.clone()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), axum::http::StatusCode::UNAUTHORIZED, "{path}");
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let error: AppError = serde_json::from_slice(&body).unwrap_or_else(|_| panic!("{path}: {body:?}"));
        assert_eq!(error, AppError::Unauthenticated, "{path} answered a caller without a session");
    }
}

/// A second street ("乙街道") with a community, grid, building, household,
/// admin account and audit event: data no demo account may reach.
const STREET_B: &str = "
INSERT INTO org_node [
  { id: org_node:sb, level: 'street', code: 'sb', name: '乙街道', ancestors: [org_node:sb] },
  { id: org_node:⟨sb-c1⟩, level: 'community', code: 'sb-c1', name: '乙社区', parent: org_node:sb,
    ancestors: [org_node:sb, org_node:⟨sb-c1⟩] },
  { id: org_node:⟨sb-g1⟩, level: 'grid', code: 'sb-g1', name: '乙网格', parent: org_node:⟨sb-c1⟩,
    ancestors: [org_node:sb, org_node:⟨sb-c1⟩, org_node:⟨sb-g1⟩] }
];
INSERT INTO building { id: building:⟨sb-b1⟩, code: 'sb-b1', name: '乙楼', org: org_node:⟨sb-g1⟩,
  ancestors: [org_node:sb, org_node:⟨sb-c1⟩, org_node:⟨sb-g1⟩] };
INSERT INTO household { id: household:⟨sb-h1⟩, building: building:⟨sb-b1⟩, unit: '101', contact_name: '乙住户',
  contact_phone: '13911112222', ancestors: [org_node:sb, org_node:⟨sb-c1⟩, org_node:⟨sb-g1⟩] };
INSERT INTO account { id: account:⟨13900009999⟩, public_id: '01900000-0000-7000-8000-00000b009999',
  mobile: '13900009999', name: '乙管理员',
  password_hash: (SELECT VALUE password_hash FROM ONLY account:⟨13800000001⟩), roles: ['street_admin'],
  org: org_node:sb, ancestors: [org_node:sb] };
CREATE audit_event CONTENT { action: 'login', actor: account:⟨13900009999⟩, subject: '乙-secret',
  ancestors: [org_node:sb] };
CREATE grid_duty:⟨sb-d1⟩ CONTENT { grid: org_node:⟨sb-g1⟩, ancestors: [org_node:sb, org_node:⟨sb-c1⟩, org_node:⟨sb-g1⟩],
  duty: 'member', person_name: '乙队员' };
CREATE issue:⟨01900000-0000-7000-8000-0000000000b1⟩ CONTENT { status: 'reported', category: 'safety',
  urgency: 'normal', description: '乙诉求', building: building:⟨sb-b1⟩, ancestors: [org_node:sb, org_node:⟨sb-c1⟩,
  org_node:⟨sb-g1⟩], grid: org_node:⟨sb-g1⟩, community: org_node:⟨sb-c1⟩, owner: org_node:⟨sb-g1⟩,
  reporter_phone: '13911112222', created_by: account:⟨13900009999⟩, captured_at: time::now(), accept_due: time::now(),
  resolve_due: time::now(), due: time::now(), photos: ['01900000-0000-7000-8000-0000000000f1'] };
CREATE photo:⟨issue/01900000-0000-7000-8000-0000000000b1/01900000-0000-7000-8000-0000000000f1⟩ CONTENT { record: issue:⟨01900000-0000-7000-8000-0000000000b1⟩,
  data: <bytes>'乙照片', sha256: string::repeat('a', 64), uploaded_by: account:⟨13900009999⟩ };
CREATE reporting_unit:⟨sb-u1⟩ CONTENT { name: '乙单位', community: org_node:⟨sb-c1⟩,
  communities: [org_node:⟨sb-c1⟩], ancestors: [org_node:sb, org_node:⟨sb-c1⟩] };
CREATE service_item:⟨sb-i1⟩ CONTENT { kind: 'need', status: 'draft', origin: 'resident', community: org_node:⟨sb-c1⟩,
  ancestors: [org_node:sb, org_node:⟨sb-c1⟩], title: '乙需求', detail: '', category: 'other',
  resident_contact: '13911112222' };
CREATE task:⟨01900000-0000-7000-8000-0000000000e1⟩ CONTENT { community: org_node:⟨sb-c1⟩,
  ancestors: [org_node:sb, org_node:⟨sb-c1⟩], title: '乙任务', detail: '', starts_at: time::now() + 1d,
  ends_at: time::now() + 2d, places: 5, hours_tenths: 10, points: 0 };
CREATE task_claim:⟨sb-c1-claim⟩ CONTENT { task: task:⟨01900000-0000-7000-8000-0000000000e1⟩,
  account: account:⟨13900009999⟩, ancestors: [org_node:sb, org_node:⟨sb-c1⟩], seq: 1, state: 'done', op_id: 'x',
  done_note: '乙完成' };
CREATE grid_office:⟨sb-g1⟩ CONTENT { grid: org_node:⟨sb-g1⟩, ancestors: [org_node:sb, org_node:⟨sb-c1⟩, org_node:⟨sb-g1⟩],
  contact: '乙工作站' };
CREATE registration:⟨sb-reg⟩ CONTENT { account: account:⟨13900009999⟩, community: org_node:⟨sb-c1⟩,
  ancestors: [org_node:sb, org_node:⟨sb-c1⟩], unit: reporting_unit:⟨sb-u1⟩, skills: '乙特长', offer: '', times: '',
  state: 'pending' };
CREATE unit_member:⟨sb-m1⟩ CONTENT { unit: reporting_unit:⟨sb-u1⟩, ancestors: [org_node:sb, org_node:⟨sb-c1⟩],
  name: '乙党员', mobile: '13911112222' };
CREATE activity:⟨sb-a1⟩ CONTENT { kind: 'service', title: '乙活动', org: org_node:⟨sb-c1⟩, community: org_node:⟨sb-c1⟩,
  ancestors: [org_node:sb, org_node:⟨sb-c1⟩], starts_at: time::now() - 1h, ends_at: time::now() + 1h,
  hours_tenths: 20, organiser: account:⟨13900009999⟩, secret: '乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙' };
CREATE activity:⟨sb-a2⟩ CONTENT { kind: 'service', title: '乙报名活动', org: org_node:⟨sb-c1⟩,
  community: org_node:⟨sb-c1⟩, ancestors: [org_node:sb, org_node:⟨sb-c1⟩], starts_at: time::now() + 1d,
  ends_at: time::now() + 2d, hours_tenths: 20, organiser: account:⟨13900009999⟩, signup: true,
  secret: '乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙' };
CREATE team:⟨sb-t1⟩ CONTENT { kind: 'commando_team', name: '乙突击队', org: org_node:⟨sb-c1⟩,
  ancestors: [org_node:sb, org_node:⟨sb-c1⟩], starts_on: '2026-12-01', ends_on: '2026-12-31',
  members: [account:⟨13900009999⟩], created_by: account:⟨13900009999⟩ };
CREATE hours_entry:⟨sb-he1⟩ CONTENT { account: account:⟨13900009999⟩, hours_tenths: 20, origin: 'manual',
  by: account:⟨13900009999⟩, ancestors: [org_node:sb] };
CREATE manual_hours:⟨sb-mh1⟩ CONTENT { account: account:⟨13900009999⟩, ancestors: [org_node:sb], what: '乙时长',
  done_on: '2026-11-30', hours_tenths: 20, evidence: '', state: 'pending' };
";

/// Street B as it must still be after every probe.
const STREET_B_UNCHANGED: &str = "
RETURN [
  (SELECT VALUE name FROM ONLY org_node:⟨sb-g1⟩) = '乙网格',
  (SELECT VALUE name FROM ONLY building:⟨sb-b1⟩) = '乙楼',
  (SELECT VALUE org FROM ONLY building:⟨sb-b1⟩) = org_node:⟨sb-g1⟩,
  (SELECT VALUE unit FROM ONLY household:⟨sb-h1⟩) = '101',
  (SELECT VALUE ancestors FROM ONLY household:⟨sb-h1⟩) CONTAINS org_node:sb,
  (SELECT VALUE name FROM ONLY account:⟨13900009999⟩) = '乙管理员',
  (SELECT VALUE roles FROM ONLY account:⟨13900009999⟩) = ['street_admin'],
  (SELECT VALUE active FROM ONLY account:⟨13900009999⟩) = true,
  (SELECT VALUE id FROM ONLY grid_duty:⟨sb-d1⟩) != NONE,
  (SELECT VALUE id FROM ONLY reporting_unit:⟨sb-u1⟩) != NONE,
  (SELECT VALUE communities FROM ONLY reporting_unit:⟨sb-u1⟩) = [org_node:⟨sb-c1⟩],
  (SELECT count() FROM org_node WHERE ancestors CONTAINS org_node:sb GROUP ALL)[0].count = 3,
  (SELECT count() FROM account WHERE ancestors CONTAINS org_node:sb GROUP ALL)[0].count = 1,
  (SELECT count() FROM grid_duty WHERE ancestors CONTAINS org_node:sb GROUP ALL)[0].count = 1,
  (SELECT count() FROM reporting_unit WHERE ancestors CONTAINS org_node:sb GROUP ALL)[0].count = 1,
  (SELECT count() FROM household WHERE ancestors CONTAINS org_node:sb GROUP ALL)[0].count = 1,
  (SELECT VALUE status FROM ONLY issue:⟨01900000-0000-7000-8000-0000000000b1⟩) = 'reported',
  (SELECT count() FROM issue WHERE ancestors CONTAINS org_node:sb GROUP ALL)[0].count = 1,
  array::len(SELECT * FROM visit WHERE ancestors CONTAINS org_node:sb) = 0,
  array::len(SELECT * FROM issue_event) = 0,
  (SELECT VALUE status FROM ONLY service_item:⟨sb-i1⟩) = 'draft',
  (SELECT VALUE title FROM ONLY service_item:⟨sb-i1⟩) = '乙需求',
  (SELECT VALUE contact FROM ONLY grid_office:⟨sb-g1⟩) = '乙工作站',
  array::len(SELECT * FROM task_claim WHERE ancestors CONTAINS org_node:sb) = 1,
  (SELECT VALUE state FROM ONLY task_claim:⟨sb-c1-claim⟩) = 'done',
  array::len(SELECT * FROM hours_entry WHERE ancestors CONTAINS org_node:sb) = 1,
  array::len(SELECT * FROM task WHERE ancestors CONTAINS org_node:sb) = 1,
  (SELECT VALUE state FROM ONLY registration:⟨sb-reg⟩) = 'pending',
  (SELECT VALUE id FROM ONLY unit_member:⟨sb-m1⟩) != NONE,
  array::len(SELECT * FROM report_status WHERE ancestors CONTAINS org_node:sb) = 0,
  array::len(SELECT * FROM need_match WHERE ancestors CONTAINS org_node:sb) = 0,
  array::len(SELECT * FROM attendance WHERE activity = activity:⟨sb-a1⟩) = 0,
  (SELECT VALUE state FROM ONLY manual_hours:⟨sb-mh1⟩) = 'pending',
  array::len(SELECT * FROM activity WHERE ancestors CONTAINS org_node:sb) = 2,
  array::len(SELECT * FROM signup WHERE activity = activity:⟨sb-a2⟩) = 0,
  (SELECT VALUE name FROM ONLY team:⟨sb-t1⟩) = '乙突击队',
  (SELECT VALUE org FROM ONLY team:⟨sb-t1⟩) = org_node:⟨sb-c1⟩,
  (SELECT VALUE care_tags FROM ONLY household:⟨sb-h1⟩) = [],
  (SELECT VALUE sha256 FROM ONLY photo:⟨issue/01900000-0000-7000-8000-0000000000b1/01900000-0000-7000-8000-0000000000f1⟩) = string::repeat('a', 64)
    AND array::len(SELECT * FROM photo) = 1
];
";

/// For each scoped server function, requests aimed at data the caller must
/// not reach: another street, and a sibling grid of the same community.
const CROSS_SCOPE: &[(&str, &[&str])] = &[
    ("/api/auth/password", &[]),
    ("/api/accounts/list", &[""]),
    ("/api/accounts/active", &["key=01900000-0000-7000-8000-00000b009999&active=false"]),
    (
        "/api/accounts/create",
        &["mobile=13700000001&name=x&role=grid_worker&org_code=sb-g1&password=temp-pass-123"],
    ),
    ("/api/accounts/reset", &["key=01900000-0000-7000-8000-00000b009999&password=temp-pass-123"]),
    ("/api/audit/recent", &[""]),
    ("/api/households/list", &[""]),
    ("/api/households/reveal", &["key=sb-h1", "key=demo-c1-g2-b1-101"]),
    ("/api/households/coverage", &[""]),
    ("/api/households/detail", &["key=sb-h1", "key=demo-c1-g2-b1-101"]),
    (
        "/api/households/tags",
        &[
            "key=sb-h1&tags[0]=%E7%8B%AC%E5%B1%85%E8%80%81%E4%BA%BA",
            "key=demo-c1-g2-b1-101&tags[0]=%E7%8B%AC%E5%B1%85%E8%80%81%E4%BA%BA",
        ],
    ),
    ("/api/org/import", &["csv=level%2Ccode%2Cname%2Cparent_code%2Caddress%0Agrid%2Cx9%2Cx%2Csb-c1%2C"]),
    (
        "/api/accounts/update",
        &[
            "key=01900000-0000-7000-8000-00000b009999&name=x&roles=street_admin&org_code=demo-street",
            "key=01900000-0000-7000-8000-acc000000002&name=x&roles=grid_worker&org_code=sb-g1",
        ],
    ),
    (
        "/api/accounts/import",
        &[
            "csv=mobile%2Cname%2Croles%2Corg_code%2Ctemporary_password%0A13900009999%2Cx%2Cgrid_worker%2Cdemo-c1-g1%2C",
            "csv=mobile%2Cname%2Croles%2Corg_code%2Ctemporary_password%0A13700000002%2Cx%2Cgrid_worker%2Csb-g1%2Ctemp-pass-123",
        ],
    ),
    ("/api/org/list", &[""]),
    ("/api/org/add_node", &["level=grid&code=x9&name=x&parent_code=sb-c1"]),
    ("/api/org/rename_node", &["key=sb-g1&name=x", "key=sb&name=x"]),
    (
        "/api/org/save_building",
        &[
            "key=sb-b1&code=&name=x&address=&parent_code=sb-g1",
            "key=sb-b1&code=&name=x&address=&parent_code=demo-c1-g1",
            "key=&code=x8&name=x&address=&parent_code=sb-g1",
        ],
    ),
    (
        "/api/households/save",
        &[
            "key=sb-h1&building_code=demo-c1-g1-b1&unit=1&contact_name=&contact_phone=&id_number=",
            "key=&building_code=sb-b1&unit=9&contact_name=&contact_phone=&id_number=",
            "key=demo-c1-g2-b1-101&building_code=demo-c1-g2-b1&unit=101&contact_name=&contact_phone=&id_number=",
        ],
    ),
    ("/api/staffing/list", &[""]),
    (
        "/api/staffing/add",
        &[
            "grid_code=sb-g1&duty=member&person_name=x&mobile=",
            "grid_code=demo-c1-g1&duty=member&person_name=x&mobile=13900009999",
        ],
    ),
    ("/api/staffing/remove", &["key=sb-d1"]),
    ("/api/units/list", &[""]),
    ("/api/units/add", &["community_code=sb-c1&name=x&contact_name="]),
    ("/api/units/remove", &["key=sb-u1"]),
    ("/api/units/serve", &["key=sb-u1&community_code=demo-c1&step=add", "key=sb-u1&community_code=sb-c1&step=remove"]),
    ("/api/activities/create", &[ACTIVITY_IN_B]),
    ("/api/activities/list", &[""]),
    ("/api/hours/mine", &[""]),
    ("/api/hours/queue", &[""]),
    ("/api/hours/decide", &["keys[0]=sb-mh1&step=verify&reason=", "keys[0]=sb-mh1&step=deny&reason=x"]),
    ("/api/hours/totals", &["period="]),
    ("/api/activities/sign_up", &["key=sb-a2&withdraw=false", "key=sb-a2&withdraw=true"]),
    ("/api/hours/ledger", &["person=", "person=%E4%B9%99"]),
    ("/api/hours/cancel", &["key=sb-he1&reason=x"]),
    ("/api/hours/certificate", &["period=", "period=2026"]),
    ("/api/teams/list", &[""]),
    (
        "/api/teams/save",
        &[
            "key=sb-t1&org_code=demo-c1&kind=vanguard_post&name=x&starts_on=2026-12-01&ends_on=2026-12-31&members=",
            "key=&org_code=sb-c1&kind=vanguard_post&name=x&starts_on=2026-12-01&ends_on=2026-12-31&members=",
            "key=&org_code=demo-c1&kind=vanguard_post&name=x&starts_on=2026-12-01&ends_on=2026-12-31&members=13900009999",
        ],
    ),
    ("/api/sync/push", &[PUSH_INTO_B]),
    ("/api/sync/pull", &["since=0"]),
    ("/api/sync/held", &[HELD_IN_B]),
    ("/api/issues/queue", &[r#"{"filter":{"overdue_only":false,"include_closed":true,"page":0}}"#]),
    ("/api/issues/summary", &[""]),
    ("/api/issues/detail", &["issue_id=01900000-0000-7000-8000-0000000000b1"]),
    ("/api/issues/act", &[ACT_ON_B]),
    ("/api/lists/items", &["kind=need", "kind=need&status=draft"]),
    (
        "/api/lists/save",
        &[
            "key=&community_code=sb-c1&kind=resource&title=x&detail=&category=&place=&offered_by=&available=&capacity=&progress=",
            "key=sb-i1&community_code=demo-c1&kind=need&title=x&detail=&category=other&place=&offered_by=&available=&capacity=&progress=",
        ],
    ),
    ("/api/lists/step", &["key=sb-i1&step=publish"]),
    (
        "/api/lists/match",
        &["need_key=sb-i1&resource_key=demo-c1-r1&step=add", "need_key=sb-i1&resource_key=demo-c1-r1&step=remove"],
    ),
    ("/api/lists/offices", &[""]),
    ("/api/lists/set_office", &["grid_code=sb-g1&contact=x"]),
    (
        "/api/tasks/create",
        &[
            "source_key=&community_code=sb-c1&title=x&detail=&place=&starts=2030-01-01T09%3A00&ends=2030-01-01T10%3A00&places=1&hours=1&points=0",
            "source_key=sb-i1&community_code=demo-c1&title=x&detail=&place=&starts=2030-01-01T09%3A00&ends=2030-01-01T10%3A00&places=1&hours=1&points=0",
        ],
    ),
    ("/api/tasks/reviews", &[""]),
    ("/api/tasks/review", &["claim_key=sb-c1-claim&step=confirm&reason=", "claim_key=sb-c1-claim&step=undo&reason=x"]),
    ("/api/assessment/table", &["period=", "period=2026"]),
    ("/api/reporting/units", &[""]),
    ("/api/reporting/register", &["unit_key=sb-u1&skills=x&offer=&times="]),
    ("/api/reporting/mine", &[""]),
    ("/api/reporting/queue", &[""]),
    ("/api/reporting/decide", &["key=sb-reg&decision=approve&reason=", "key=sb-reg&decision=decline&reason=x"]),
    ("/api/reporting/record_quarter", &["period=2026-Q4"]),
    ("/api/reporting/history", &[""]),
    ("/api/reporting/roster", &[""]),
    // Writes only into the caller's own unit: nothing of street B to aim at.
    ("/api/reporting/add_member", &[]),
    ("/api/reporting/remove_member", &["key=sb-m1"]),
];

/// A visit to street B's household, an issue in its building and a change
/// to its issue, all sent by a phone of street A.
const PUSH_INTO_B: &str = r#"{"ops":[
 {"op_id":"01900000-0000-7000-8000-0000000000c1","device_id":"p","kind":"record_visit","captured_at":1790000000000,
  "app_version":"9.9.9","payload":{"visit_id":"01900000-0000-7000-8000-0000000000d1","household":"sb-h1",
  "visit_type":"routine","notes":"","follow_up_on":null,"corrects":null}},
 {"op_id":"01900000-0000-7000-8000-0000000000c2","device_id":"p","kind":"report_issue","captured_at":1790000000000,
  "app_version":"9.9.9","payload":{"issue_id":"01900000-0000-7000-8000-0000000000d2","category":"other",
  "description":"x","building":"sb-b1","household":null,"urgency":"normal","reporter_name":null,"reporter_phone":null}},
 {"op_id":"01900000-0000-7000-8000-0000000000c3","device_id":"p","kind":"change_issue","captured_at":1790000000000,
  "app_version":"9.9.9","payload":{"issue_id":"01900000-0000-7000-8000-0000000000b1","expected":"reported",
  "action":"escalate","note":""}},
 {"op_id":"01900000-0000-7000-8000-0000000000c4","device_id":"p","kind":"claim_task","captured_at":1790000000000,
  "app_version":"9.9.9","payload":{"task_id":"01900000-0000-7000-8000-0000000000e1"}},
 {"op_id":"01900000-0000-7000-8000-0000000000c5","device_id":"p","kind":"withdraw_claim","captured_at":1790000000000,
  "app_version":"9.9.9","payload":{"task_id":"01900000-0000-7000-8000-0000000000e1"}},
 {"op_id":"01900000-0000-7000-8000-0000000000c6","device_id":"p","kind":"finish_task","captured_at":1790000000000,
  "app_version":"9.9.9","payload":{"task_id":"01900000-0000-7000-8000-0000000000e1","note":""}},
 {"op_id":"01900000-0000-7000-8000-0000000000c7","device_id":"p","kind":"check_in","captured_at":1790000000000,
  "app_version":"9.9.9","payload":{"check_in_id":"01900000-0000-7000-8000-0000000000d7","activity":"sb-a1",
  "step":59666666,"code":"123456","out":false}},
 {"op_id":"01900000-0000-7000-8000-0000000000c8","device_id":"p","kind":"log_hours","captured_at":1790000000000,
  "app_version":"9.9.9","payload":{"entry_id":"01900000-0000-7000-8000-0000000000d8","activity":"sb-a1",
  "what":"x","on":"2026-11-30","hours":"1","evidence":""}}
]}"#;

/// Asks whether street B's issue is held: for anyone but its maker it is not.
const HELD_IN_B: &str = r#"{"checks":[{"op_id":"01900000-0000-7000-8000-0000000000c9","kind":"report_issue",
 "record_id":"01900000-0000-7000-8000-0000000000b1"}]}"#;

const ACT_ON_B: &str = r#"{"actions":[{"issue_id":"01900000-0000-7000-8000-0000000000b1","expected":"reported",
 "action":{"action":"accept"},"note":""}]}"#;

/// Reads answer 200 with nothing of street B; imports answer 200 with a
/// report of what they refused; everything else must refuse outright.
fn may_answer_ok(path: &str) -> bool {
    let reads = [
        "/list", "/recent", "/pull", "/queue", "/held", "/items", "/offices", "/reviews", "/table", "/totals",
    ];
    let batches = ["/import", "/push", "/act"];
    reads.iter().chain(batches.iter()).any(|end| path.ends_with(end))
}

#[tokio::test]
async fn no_role_reaches_another_area() {
    let state = demo_state().await;
    state.db.query(STREET_B).await.unwrap().check().unwrap();
    let paths: Vec<&str> = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect();
    for path in paths.iter().filter(|path| !PUBLIC.contains(path)) {
        let probes = CROSS_SCOPE
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, probes)| *probes)
            .unwrap_or_else(|| panic!("{path} has no cross-scope probe in the scope matrix"));
        for (mobile, _, role, _) in gridlink::server::demo::DEMO_ACCOUNTS {
            let cookie =
                crate::auth::log_in(&state, mobile, crate::auth::PASSWORD, None).await.cookie.unwrap();
            for probe in probes {
                let answer =
                    crate::auth::call(&state, path.trim_start_matches("/api/"), probe, Some(&cookie)).await;
                let refused = [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND].contains(&answer.status);
                let leaked = answer.body.contains('乙') || answer.body.contains("13911112222");
                assert!(refused || !leaked, "{role} {path} {probe}: {} {}", answer.status, answer.body);
                let aimed_at_b =
                    probe.contains("sb") || probe.contains("13900009999") || probe.contains("0000000000b1");
                if aimed_at_b && !may_answer_ok(path) {
                    assert!(refused, "{role} {path} {probe}: {} {}", answer.status, answer.body);
                }
                if (path.ends_with("/push") || path.ends_with("/act")) && answer.status == StatusCode::OK {
                    assert!(
                        !answer.body.contains("\"applied\""),
                        "{role} {path} applied in another street: {}",
                        answer.body
                    );
                }
                if path.ends_with("/held") && answer.status == StatusCode::OK {
                    assert!(
                        answer.body.contains("0000000000c9"),
                        "{role} learnt that street B holds an issue"
                    );
                }
                if path.ends_with("/import") && answer.status == StatusCode::OK {
                    assert!(
                        answer.body.contains("\"imported\":0"),
                        "{role} {path} imported into another street"
                    );
                }
                if probe.contains("demo-c1-g2") && role == "grid_worker" && mobile == "13800000003" {
                    assert_eq!(answer.status, StatusCode::NOT_FOUND, "grid A reached grid B");
                }
            }
        }
    }
    let checks: Vec<bool> = state.db.query(STREET_B_UNCHANGED).await.unwrap().take(0).unwrap();
    assert_eq!(checks.len(), 39);
    for (index, ok) in checks.iter().enumerate() {
        assert!(ok, "street B changed (check {index})");
    }
}

/// The photo route, beside the server functions: street B's photo is "not
/// found" for every demo account, to read it and to upload it again.
#[tokio::test]
async fn no_role_reaches_another_areas_photo() {
    let state = demo_state().await;
    state.db.query(STREET_B).await.unwrap().check().unwrap();
    let photo = "01900000-0000-7000-8000-0000000000f1";
    let upload = format!("/api/photos/issue/01900000-0000-7000-8000-0000000000b1/{photo}");
    let jpeg = std::fs::read(crate::support::repo_file("tests/fixtures/small.jpg")).unwrap();
    for (mobile, _, role, _) in gridlink::server::demo::DEMO_ACCOUNTS {
        let cookie = crate::auth::log_in(&state, mobile, crate::auth::PASSWORD, None).await.cookie.unwrap();
        let cookie = format!("gridlink_session={cookie}");
        let read = Request::get(&upload).header(header::COOKIE, &cookie);
        let write = Request::post(&upload).header(header::COOKIE, &cookie);
        for request in [read.body(Body::empty()).unwrap(), write.body(Body::from(jpeg.clone())).unwrap()] {
            let response = router(state.clone()).oneshot(request).await.unwrap();
            let refused = [StatusCode::NOT_FOUND, StatusCode::FORBIDDEN].contains(&response.status());
            assert!(refused, "{role} reached street B's photo: {}", response.status());
        }
    }
    let checks: Vec<bool> = state.db.query(STREET_B_UNCHANGED).await.unwrap().take(0).unwrap();
    assert!(checks.iter().all(|ok| *ok), "street B changed: {checks:?}");
}
