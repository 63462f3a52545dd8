//! The three lists and the residents' page: what a secretary keeps, what
//! anyone may read, and the needs residents send without an account.

use crate::support::{demo_state, panics_so_far};
use crate::sync::{scope, secretary, worker};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use gridlink::model::service_list::{ItemStatus, ItemStep, ListKind, ServiceItemInput};
use gridlink::model::{AppError, Field};
use gridlink::server::demo::{DEMO_ACCOUNTS, RESIDENT_CONTACT};
use gridlink::server::http::router;
use gridlink::server::repo::service_lists;
use gridlink::server::AppState;
use http_body_util::BodyExt;
use tower::ServiceExt;

fn new_item(kind: ListKind, community: &str, title: &str) -> ServiceItemInput {
    ServiceItemInput {
        key: String::new(),
        community_code: community.into(),
        kind,
        title: title.into(),
        detail: "内容".into(),
        category: "health".into(),
        place: "5号楼".into(),
        offered_by: String::new(),
        available: String::new(),
        capacity: String::new(),
        progress: String::new(),
    }
}

struct Page {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn send(state: &AppState, request: Request<Body>) -> Page {
    let panics = panics_so_far();
    let response = router(state.clone()).oneshot(request).await.expect("answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    assert_eq!(panics_so_far(), panics, "the server panicked while answering");
    Page { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

async fn get(state: &AppState, uri: &str) -> Page {
    send(state, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post_need(state: &AppState, community: &str, form: &str, from: &str) -> Page {
    let request = Request::post(format!("/s/{community}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_owned()))
        .unwrap();
    let mut request = request;
    let peer: std::net::SocketAddr = format!("{from}:40000").parse().unwrap();
    request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
    send(state, request).await
}

async fn resident_drafts(state: &AppState) -> Vec<String> {
    let items =
        service_lists::list(&state.db, &secretary(), ListKind::Need, Some(ItemStatus::Draft)).await.unwrap();
    items
        .into_iter()
        .filter(|item| item.resident_contact.is_some() || item.title.contains("电梯"))
        .map(|i| i.title)
        .collect()
}

#[tokio::test]
async fn a_secretary_drafts_publishes_and_closes_and_the_public_page_follows() {
    let state = demo_state().await;
    let key =
        service_lists::save(&state.db, &secretary(), new_item(ListKind::Need, "demo-c1", "助浴服务"), "t")
            .await
            .unwrap();
    let seen = |page: &Page| page.body.contains("助浴服务");
    assert!(!seen(&get(&state, "/s/demo-c1").await), "a draft is not public");
    service_lists::take_step(&state.db, &secretary(), &key, ItemStep::Publish, "t").await.unwrap();
    assert!(seen(&get(&state, "/s/demo-c1").await), "a published need is public");
    assert!(!seen(&get(&state, "/s/demo-c2").await), "and only on its own community's page");
    let again = service_lists::take_step(&state.db, &secretary(), &key, ItemStep::Publish, "t").await;
    assert_eq!(again, Err(AppError::Invalid(Field::Status)));
    service_lists::take_step(&state.db, &secretary(), &key, ItemStep::Close, "t").await.unwrap();
    assert!(!seen(&get(&state, "/s/demo-c1").await), "a closed need is not public");
    let edit = ServiceItemInput { key: key.clone(), ..new_item(ListKind::Need, "demo-c1", "改") };
    assert_eq!(
        service_lists::save(&state.db, &secretary(), edit, "t").await,
        Err(AppError::Invalid(Field::Status))
    );
    let audited: Vec<String> = state
        .db
        .query("SELECT VALUE action FROM audit_event WHERE subject = $key ORDER BY at")
        .bind(("key", key))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(audited, ["service_item_created", "service_item_published", "service_item_closed"]);
}

#[tokio::test]
async fn lists_are_kept_only_by_secretaries_and_street_admins_of_their_own_area() {
    let state = demo_state().await;
    let item = || new_item(ListKind::Resource, "demo-c2", "x");
    assert_eq!(service_lists::save(&state.db, &secretary(), item(), "t").await, Err(AppError::NotFound));
    assert_eq!(service_lists::save(&state.db, &worker(), item(), "t").await, Err(AppError::Forbidden));
    let other = service_lists::take_step(&state.db, &secretary(), "demo-c2-n1", ItemStep::Close, "t").await;
    assert_eq!(other, Err(AppError::NotFound), "a secretary of community 1 closed community 2's need");
    let street = scope("13800000001", "demo-street", "street_admin");
    service_lists::save(&state.db, &street, item(), "t")
        .await
        .expect("the street admin keeps every community's lists");
    let mine = service_lists::list(&state.db, &secretary(), ListKind::Need, None).await.unwrap();
    assert!(mine.iter().all(|item| item.community_code == "demo-c1"), "{mine:?}");
}

/// 11 digits starting 1[3-9] (a mobile), or 17 digits and a check character (an ID number).
fn personal_numbers(html: &str) -> Vec<String> {
    let chars: Vec<char> = html.chars().collect();
    let mut found = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let run = chars[start..].iter().take_while(|c| c.is_ascii_digit() || **c == 'X').count();
        if run == 0 {
            start += 1;
            continue;
        }
        let number: String = chars[start..start + run].iter().collect();
        let mobile = run == 11 && number.starts_with('1') && number.as_bytes()[1] >= b'3';
        if mobile || run == 18 {
            found.push(number);
        }
        start += run;
    }
    found
}

#[tokio::test]
async fn the_public_pages_carry_no_personal_data_and_no_script() {
    let state = demo_state().await;
    // Published on purpose: the resident's contact must still not show.
    service_lists::take_step(&state.db, &secretary(), "demo-c1-n3", ItemStep::Publish, "t").await.unwrap();
    let names: Vec<String> = state
        .db
        .query("SELECT VALUE contact_name FROM household WHERE contact_name != NONE")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert!(!names.is_empty());
    for uri in ["/s/", "/s/demo-c1", "/s/demo-c2"] {
        let page = get(&state, uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert_eq!(personal_numbers(&page.body), Vec::<String>::new(), "{uri}");
        assert!(!page.body.contains(RESIDENT_CONTACT), "{uri}");
        for name in &names {
            assert!(!page.body.contains(name.as_str()), "{uri} names {name}");
        }
        for (mobile, name, _, _) in DEMO_ACCOUNTS {
            assert!(!page.body.contains(mobile) && !page.body.contains(name), "{uri} names {name}");
        }
        assert!(!page.body.contains("<script") && !page.body.contains(".wasm"), "{uri} loads code");
        assert!(page.body.starts_with("<!DOCTYPE html><html lang=\"zh-CN\">"), "{uri}");
        let cache = page.headers.get(header::CACHE_CONTROL).unwrap().to_str().unwrap();
        assert_eq!(cache, "public, max-age=300", "{uri}");
    }
    let page = get(&state, "/s/demo-c1").await.body;
    for shown in ["义诊服务", "老旧楼道灯改造", "独居老人代买药品", "楼道堆放杂物", "0755-2345 6781"]
    {
        assert!(page.contains(shown), "{shown} is missing");
    }
    for hidden in ["法律援助", "路灯不亮", "四点半课堂"] {
        assert!(!page.contains(hidden), "{hidden} is shown");
    }
    assert_eq!(get(&state, "/s/demo-c1-g1").await.status, StatusCode::NOT_FOUND, "a grid has no page");
    assert_eq!(get(&state, "/s/nowhere").await.status, StatusCode::NOT_FOUND);
}

const GOOD_NEED: &str = "category=elderly_care&text=%E7%94%B5%E6%A2%AF%E5%9D%8F%E4%BA%86&place=1%E5%8F%B7%E6%A5%BC&contact=13912345678&website=";

#[tokio::test]
async fn a_resident_sends_a_need_that_waits_for_the_secretary() {
    let state = demo_state().await;
    let answer = post_need(&state, "demo-c1", GOOD_NEED, "198.51.100.1").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(answer.headers.get(header::LOCATION).unwrap(), "/s/demo-c1?sent=1");
    let thanks = get(&state, "/s/demo-c1?sent=1").await;
    assert!(thanks.body.contains("已收到您的需求"), "{}", thanks.body);
    let drafts =
        service_lists::list(&state.db, &secretary(), ListKind::Need, Some(ItemStatus::Draft)).await.unwrap();
    let sent = drafts.iter().find(|item| item.title == "电梯坏了").expect("the need is a draft");
    assert_eq!(sent.resident_contact.as_deref(), Some("13912345678"));
    assert!(!get(&state, "/s/demo-c1").await.body.contains("电梯坏了"), "not public before it is published");
}

#[tokio::test]
async fn a_bad_form_is_answered_in_chinese_and_nothing_is_stored() {
    let state = demo_state().await;
    let before = resident_drafts(&state).await;
    let answer =
        post_need(&state, "demo-c1", "category=nonsense&text=&place=&contact=", "198.51.100.2").await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in ["请修改以下内容", "请选择类别", "请填写内容"] {
        assert!(answer.body.contains(message), "{message} missing: {}", answer.body);
    }
    let long = format!("category=other&text=x&place={}", "%E5%AD%97".repeat(61));
    let answer = post_need(&state, "demo-c1", &long, "198.51.100.2").await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body.contains("地点太长"), "{}", answer.body);
    let bot = format!("{GOOD_NEED}http%3A%2F%2Fspam.example");
    assert_eq!(post_need(&state, "demo-c1", &bot, "198.51.100.2").await.status, StatusCode::SEE_OTHER);
    assert_eq!(post_need(&state, "nowhere", GOOD_NEED, "198.51.100.2").await.status, StatusCode::NOT_FOUND);
    assert_eq!(resident_drafts(&state).await, before, "something was stored");
}

#[tokio::test]
async fn one_address_sends_at_most_its_hourly_share() {
    let state = demo_state().await;
    let per_hour = state.settings.public_needs_per_hour as usize;
    for _ in 0..per_hour {
        assert_eq!(
            post_need(&state, "demo-c1", GOOD_NEED, "198.51.100.3").await.status,
            StatusCode::SEE_OTHER
        );
    }
    let refused = post_need(&state, "demo-c1", GOOD_NEED, "198.51.100.3").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.body.contains("提交次数太多"), "{}", refused.body);
    assert!(refused.body.contains("电梯坏了"), "the form keeps what the resident wrote");
    assert_eq!(post_need(&state, "demo-c1", GOOD_NEED, "198.51.100.4").await.status, StatusCode::SEE_OTHER);
    let sent = resident_drafts(&state).await.iter().filter(|title| *title == "电梯坏了").count();
    assert_eq!(sent, per_hour + 1);
}

/// The titles matched to need `key` in the secretary's list.
async fn matched_titles(state: &AppState, key: &str) -> Vec<String> {
    let needs = service_lists::list(&state.db, &secretary(), ListKind::Need, None).await.unwrap();
    let need = needs.into_iter().find(|n| n.key == key).expect("the need");
    need.matched.into_iter().map(|m| m.title).collect()
}

#[tokio::test]
async fn a_need_is_matched_to_published_resources_of_its_community() {
    use gridlink::model::service_list::MatchStep::{Add, Remove};
    use gridlink::server::repo::need_matches::set_match;
    let state = demo_state().await;
    let db = &state.db;
    assert_eq!(matched_titles(&state, "demo-c1-n2").await, Vec::<String>::new());
    set_match(db, &secretary(), "demo-c1-n2", "demo-c1-r1", Add, "t").await.expect("matched");
    set_match(db, &secretary(), "demo-c1-n2", "demo-c1-r1", Add, "t")
        .await
        .expect("matching twice is one match");
    set_match(db, &secretary(), "demo-c1-n2", "demo-c1-r2", Add, "t").await.expect("a second resource");
    let mut titles = matched_titles(&state, "demo-c1-n2").await;
    titles.sort();
    assert_eq!(titles, ["义诊服务", "税务政策咨询"]);

    let refused = [
        ("demo-c1-n2", "demo-c1-r3", AppError::Invalid(Field::Resource)), // a draft resource
        ("demo-c1-n2", "demo-c1-n1", AppError::Invalid(Field::Resource)), // a need is no resource
        ("demo-c1-n4", "demo-c1-r1", AppError::Invalid(Field::Status)),   // a closed need
        ("demo-c1-r1", "demo-c1-r2", AppError::NotFound),                 // a resource is no need
        ("demo-c2-n1", "demo-c1-r1", AppError::NotFound),                 // another community's need
    ];
    for (need, resource, error) in refused {
        assert_eq!(
            set_match(db, &secretary(), need, resource, Add, "t").await,
            Err(error),
            "{need} {resource}"
        );
    }
    let admin = scope("13800000001", "demo-street", "street_admin");
    assert_eq!(
        set_match(db, &admin, "demo-c2-n1", "demo-c1-r1", Add, "t").await,
        Err(AppError::Invalid(Field::Resource)),
        "the street admin sees both, but a resource serves its own community"
    );
    assert_eq!(
        set_match(db, &worker(), "demo-c1-n2", "demo-c1-r1", Add, "t").await,
        Err(AppError::Forbidden)
    );

    set_match(db, &secretary(), "demo-c1-n2", "demo-c1-r1", Remove, "t").await.expect("undone");
    assert_eq!(matched_titles(&state, "demo-c1-n2").await, ["税务政策咨询"]);
}

#[tokio::test]
async fn a_need_raised_with_a_visit_is_a_draft_of_the_households_community_once() {
    use crate::sync::{apply, count, id, op};
    use gridlink::model::service_list::{ItemOrigin, NeedCategory};
    use gridlink::model::sync::{OpKind, OpResult, RejectReason};
    use gridlink::model::visit::{VisitInput, VisitNeed, VisitType};
    let state = demo_state().await;
    let needs_before = count(&state, "service_item").await;
    let visit = |n: u64, text: &str| VisitInput {
        visit_id: id(n),
        household: "demo-c1-g1-b1-101".into(),
        visit_type: VisitType::Care,
        notes: "独居老人".into(),
        follow_up_on: None,
        corrects: None,
        need: Some(VisitNeed { category: NeedCategory::ElderlyCare, text: text.into() }),
        photos: Vec::new(),
        location: None,
    };
    let empty = op(1, OpKind::RecordVisit, visit(1, "  "));
    let refused = OpResult::Rejected { reason: RejectReason::Invalid(Field::Detail) };
    assert_eq!(apply(&state, &worker(), &empty).await, refused);
    assert_eq!(count(&state, "service_item").await, needs_before, "nothing stored");

    let raised = op(2, OpKind::RecordVisit, visit(2, "王奶奶腿脚不便，希望有人每周帮忙买菜"));
    assert_eq!(apply(&state, &worker(), &raised).await, OpResult::Applied);
    assert_eq!(apply(&state, &worker(), &raised).await, OpResult::Applied, "a replay gets the same answer");
    assert_eq!(count(&state, "service_item").await, needs_before + 1, "one need");

    let drafts = service_lists::list(&state.db, &secretary(), ListKind::Need, Some(ItemStatus::Draft)).await;
    let need = drafts.unwrap().into_iter().find(|n| n.key == id(2)).expect("in the secretary's drafts");
    assert_eq!((need.origin, need.community_code.as_str()), (ItemOrigin::GridWorker, "demo-c1"));
    assert_eq!(need.category, Some(NeedCategory::ElderlyCare));
    assert!(need.title.starts_with("王奶奶腿脚不便"), "{}", need.title);
    let place = need.place.expect("a place");
    assert!(!place.contains("101"), "the building, never the door: {place}");
    let other = scope("13700008888", "demo-c2", "secretary");
    let theirs = service_lists::list(&state.db, &other, ListKind::Need, None).await.unwrap();
    assert!(theirs.iter().all(|n| n.key != id(2)), "another community's secretary does not see it");
    let (_, html) = crate::accounts::download(&state, "/s/demo-c1", None).await;
    assert!(!html.contains("王奶奶腿脚不便"), "a draft is not on the public page");
}
