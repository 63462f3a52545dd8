//! The secretary's queue pages by cursor (the last row's deadline and key):
//! walking it page by page returns every issue of the area exactly once, in
//! (deadline, key) order, ties on the deadline included, for every filter;
//! a cursor only says where to start, never what may be seen.

use crate::support::{demo_state, migrated_db};
use crate::sync::scope;
use gridlink::model::issue::{IssueCategory, IssueItem, IssueStatus, QueueCursor, QueueFilter, QueuePage};
use gridlink::model::AppError;
use gridlink::server::auth::Scope;
use gridlink::server::repo::issues::{explain_queue, queue, summary};
use gridlink::server::{demo, Database};
use surrealdb::types::SurrealValue;

const T0: i64 = 1_790_000_000_000;
/// Half of the deadlines below are past.
const NOW: i64 = T0 + 5 * 60_000;
const STATUSES: [IssueStatus; 8] = [
    IssueStatus::Reported,
    IssueStatus::Accepted,
    IssueStatus::Assigned,
    IssueStatus::InProgress,
    IssueStatus::Resolved,
    IssueStatus::Confirmed,
    IssueStatus::Returned,
    IssueStatus::Escalated,
];

/// One issue as the test made it, to say which pages should hold it.
#[derive(Debug, Clone)]
struct Made {
    key: String,
    community: &'static str,
    grid: &'static str,
    status: IssueStatus,
    category: IssueCategory,
    due: i64,
}

#[derive(SurrealValue)]
struct Row {
    key: String,
    status: String,
    category: String,
    community: String,
    grid: String,
    building: String,
    due: i64,
}

/// `count` issues in each community, on only ten deadlines (so most share
/// theirs with others), keys in no particular order.
fn made(count: usize) -> Vec<Made> {
    let mut all = Vec::new();
    for (c, community) in ["demo-c1", "demo-c2"].into_iter().enumerate() {
        for n in 0..count {
            let grid = match (c, n % 2) {
                (0, 0) => "demo-c1-g1",
                (0, _) => "demo-c1-g2",
                (_, 0) => "demo-c2-g1",
                _ => "demo-c2-g2",
            };
            all.push(Made {
                // Unrelated to the deadline and to the insertion order.
                key: format!("q{:02}-{:04}", (n * 7919) % 97, c * 10_000 + n),
                community,
                grid,
                status: STATUSES[(n / 3) % STATUSES.len()],
                category: IssueCategory::ALL[n % IssueCategory::ALL.len()],
                due: T0 + ((n * 3) % 10) as i64 * 60_000,
            });
        }
    }
    all
}

async fn insert(db: &Database, issues: &[Made]) {
    let rows: Vec<Row> = issues
        .iter()
        .map(|m| Row {
            key: m.key.clone(),
            status: m.status.as_str().into(),
            category: m.category.as_str().into(),
            community: m.community.into(),
            grid: m.grid.into(),
            building: format!("{}-b1", m.grid),
            due: m.due,
        })
        .collect();
    db.query(
        "FOR $r IN $rows { \
           LET $grid = type::record('org_node', $r.grid); \
           CREATE type::record('issue', $r.key) CONTENT { status: $r.status, category: $r.category, \
             urgency: 'normal', description: 'queue test', building: type::record('building', $r.building), \
             ancestors: [org_node:⟨demo-street⟩, type::record('org_node', $r.community), $grid], grid: $grid, \
             community: type::record('org_node', $r.community), street: org_node:⟨demo-street⟩, owner: $grid, \
             created_by: account:⟨13800000003⟩, captured_at: time::from_millis($r.due), \
             accept_due: time::from_millis($r.due), resolve_due: time::from_millis($r.due), \
             due: time::from_millis($r.due) }; \
         };",
    )
    .bind(("rows", rows))
    .await
    .expect("insert")
    .check()
    .expect("insert");
}

async fn with_issues(count: usize) -> (Database, Vec<Made>) {
    let db = demo_state().await.db;
    let issues = made(count);
    insert(&db, &issues).await;
    (db, issues)
}

fn secretary() -> Scope {
    scope("13800000002", "demo-c1", "secretary")
}

fn street_admin() -> Scope {
    scope("13800000001", "demo-street", "street_admin")
}

/// What a walk through `filter`'s pages should return, in order.
fn expected(issues: &[Made], community: Option<&str>, filter: &QueueFilter) -> Vec<String> {
    let mut keep: Vec<&Made> = issues
        .iter()
        .filter(|m| community.is_none_or(|c| m.community == c))
        .filter(|m| match filter.status {
            Some(status) => m.status == status,
            None => filter.include_closed || !m.status.is_closed(),
        })
        .filter(|m| filter.category.is_none_or(|c| m.category == c))
        .filter(|m| filter.grid_code.as_deref().is_none_or(|g| m.grid == g))
        .filter(|m| !filter.overdue_only || (!m.status.is_closed() && m.due < NOW))
        .collect();
    keep.sort_by(|a, b| (a.due, &a.key).cmp(&(b.due, &b.key)));
    keep.into_iter().map(|m| m.key.clone()).collect()
}

/// Every page of `filter`, following the cursors; checks each page's shape.
async fn walk(db: &Database, scope: &Scope, filter: &QueueFilter) -> Vec<IssueItem> {
    let mut filter = filter.clone();
    let mut seen = Vec::new();
    for page in 0.. {
        assert!(page < 1_000, "the walk ends");
        let answer: QueuePage = queue(db, scope, filter.clone(), NOW).await.expect("a page");
        assert_eq!(answer.page, filter.page);
        assert!(answer.items.len() <= 30, "a page holds at most 30");
        assert_eq!(answer.has_more, answer.next.is_some());
        if let Some(next) = &answer.next {
            let last = answer.items.last().expect("a page with a next one is full");
            assert_eq!(answer.items.len(), 30);
            assert_eq!((next.due, next.issue_id.as_str()), (last.due(), last.issue_id.as_str()));
        }
        seen.extend(answer.items);
        match answer.next {
            Some(next) => {
                filter.after = Some(next);
                filter.page += 1;
            }
            None => break,
        }
    }
    seen
}

fn keys(items: &[IssueItem]) -> Vec<String> {
    items.iter().map(|i| i.issue_id.clone()).collect()
}

fn filters() -> Vec<(&'static str, QueueFilter)> {
    let open = QueueFilter::default();
    vec![
        ("open", open.clone()),
        ("with the closed ones", QueueFilter { include_closed: true, ..open.clone() }),
        ("one status", QueueFilter { status: Some(IssueStatus::Accepted), ..open.clone() }),
        ("a closed status", QueueFilter { status: Some(IssueStatus::Confirmed), ..open.clone() }),
        ("one category", QueueFilter { category: Some(IssueCategory::Safety), ..open.clone() }),
        ("one grid", QueueFilter { grid_code: Some("demo-c1-g2".into()), ..open.clone() }),
        ("overdue", QueueFilter { overdue_only: true, ..open.clone() }),
        ("overdue, closed too", QueueFilter { overdue_only: true, include_closed: true, ..open.clone() }),
        (
            "overdue, one status",
            QueueFilter { overdue_only: true, status: Some(IssueStatus::Reported), ..open.clone() },
        ),
        (
            "overdue, a closed status",
            QueueFilter { overdue_only: true, status: Some(IssueStatus::Resolved), ..open.clone() },
        ),
        (
            "grid, closed too, one category",
            QueueFilter {
                grid_code: Some("demo-c1-g1".into()),
                include_closed: true,
                category: Some(IssueCategory::Property),
                ..open.clone()
            },
        ),
    ]
}

#[tokio::test]
async fn paging_through_the_queue_returns_every_issue_once_in_order_ties_included() {
    let (db, issues) = with_issues(200).await;
    for (scope, community) in [(secretary(), Some("demo-c1")), (street_admin(), None)] {
        for (name, filter) in filters() {
            let seen = keys(&walk(&db, &scope, &filter).await);
            let want = expected(&issues, community, &filter);
            assert_eq!(seen, want, "{name}, {:?}", scope.org);
        }
    }
    let all = walk(&db, &secretary(), &QueueFilter { include_closed: true, ..QueueFilter::default() }).await;
    assert_eq!(all.len(), 200, "every issue of the community");
    let mut unique = keys(&all);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 200, "each once");
    assert!(all.windows(2).any(|w| w[0].due() == w[1].due()), "the test has ties on the deadline");
    assert!(all.len() > 3 * 30, "the test has several pages");
}

#[tokio::test]
async fn a_change_before_the_cursor_neither_repeats_nor_skips_a_row() {
    let (db, issues) = with_issues(100).await;
    let filter = QueueFilter { include_closed: true, ..QueueFilter::default() };
    let first = queue(&db, &secretary(), filter.clone(), NOW).await.unwrap();
    // A row of the first page goes away (closed and deleted, say) before
    // the second page is read: with an offset the second page would start
    // one row late.
    let gone = &first.items[3].issue_id;
    db.query("DELETE type::record('issue', $key)")
        .bind(("key", gone.clone()))
        .await
        .unwrap()
        .check()
        .unwrap();
    let second =
        queue(&db, &secretary(), QueueFilter { after: first.next.clone(), page: 1, ..filter.clone() }, NOW)
            .await
            .unwrap();
    let want = expected(&issues, Some("demo-c1"), &filter);
    assert_eq!(keys(&second.items), want[30..60].to_vec());
}

#[tokio::test]
async fn a_cursor_from_another_community_leaks_nothing() {
    let (db, issues) = with_issues(120).await;
    let theirs: Vec<&Made> = issues.iter().filter(|m| m.community == "demo-c2").collect();
    let filter = QueueFilter { include_closed: true, ..QueueFilter::default() };
    let mine = expected(&issues, Some("demo-c1"), &filter);
    for other in [theirs[0], theirs[17], theirs[theirs.len() - 1]] {
        let after = QueueCursor { due: other.due, issue_id: other.key.clone() };
        let from_there = QueueFilter { after: Some(after), ..filter.clone() };
        let seen = keys(&walk(&db, &secretary(), &from_there).await);
        let want: Vec<String> = issues
            .iter()
            .filter(|m| mine.contains(&m.key) && (m.due, &m.key) > (other.due, &other.key))
            .map(|m| (m.due, m.key.clone()))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(|(_, key)| key)
            .collect();
        assert_eq!(seen, want, "only this community's issues, after that place in the order");
        assert!(seen.iter().all(|key| mine.contains(key)));
        // Nothing of theirs appears on any page, whatever the filter.
        for (name, mut filter) in filters() {
            filter.after = Some(QueueCursor { due: other.due, issue_id: other.key.clone() });
            let page = queue(&db, &secretary(), filter, NOW).await.unwrap();
            assert!(page.items.iter().all(|i| mine.contains(&i.issue_id)), "{name}");
        }
    }
    // A cursor naming an issue that does not exist at all is only a place too.
    let nowhere = QueueCursor { due: T0 + 4 * 60_000, issue_id: "no-such-issue".into() };
    let page =
        queue(&db, &secretary(), QueueFilter { after: Some(nowhere), ..filter.clone() }, NOW).await.unwrap();
    assert!(page.items.iter().all(|i| mine.contains(&i.issue_id) && i.due() >= T0 + 4 * 60_000));
    // A cursor that cannot be one is refused.
    for bad in [
        QueueCursor { due: 0, issue_id: String::new() },
        QueueCursor { due: 0, issue_id: "x".repeat(65) },
        QueueCursor { due: i64::MAX, issue_id: "q".into() },
    ] {
        let refused = queue(&db, &secretary(), QueueFilter { after: Some(bad), ..filter.clone() }, NOW).await;
        assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    }
}

/// Each shape of the query reads one index, in the page's order, from the
/// cursor on: no table scan, no sort, no START (`EXPLAIN`); where the index
/// answers every condition, the scan stops at the limit.
#[tokio::test]
async fn every_shape_of_the_queue_is_read_through_an_index_in_order() {
    let db = migrated_db().await;
    demo::load(&db).await.unwrap();
    let after = Some(QueueCursor { due: T0, issue_id: "q00-0000".into() });
    for scope in [secretary(), street_admin()] {
        for (name, filter) in filters() {
            for filter in [filter.clone(), QueueFilter { after: after.clone(), page: 1, ..filter }] {
                let plans = explain_queue(&db, &scope, filter.clone(), NOW).await.unwrap();
                let context = format!("{name} {:?} {filter:?}:\n{}", scope.org, plans.join("\n"));
                for plan in &plans {
                    assert!(plan.contains("IndexScan"), "{context}");
                    assert!(!plan.contains("TableScan"), "{context}");
                    assert!(!plan.contains("Sort"), "{context}");
                }
                let later = plans.last().unwrap();
                if filter.after.is_some() {
                    assert_eq!(plans.len(), 2, "{context}");
                    assert!(plans[0].contains(", d'2026-09-21T14:13:20Z']"), "the ties: {context}");
                    assert!(later.contains("MoreThan d'2026-09-21T14:13:20Z'"), "after them: {context}");
                } else {
                    assert_eq!(plans.len(), 1, "{context}");
                }
                let indexed = filter.category.is_none()
                    && filter.grid_code.is_none()
                    && !(filter.overdue_only && filter.after.is_some());
                if indexed {
                    assert!(later.contains("limit: 31"), "{context}");
                }
            }
        }
    }
}

#[tokio::test]
async fn the_summary_counts_what_the_queue_lists() {
    let (db, _) = with_issues(60).await;
    for scope in [secretary(), street_admin()] {
        let open = walk(&db, &scope, &QueueFilter::default()).await;
        let resolved =
            walk(&db, &scope, &QueueFilter { status: Some(IssueStatus::Resolved), ..QueueFilter::default() })
                .await;
        let figures = summary(&db, &scope, NOW).await.expect("a summary");
        let count = |keep: &dyn Fn(&IssueItem) -> bool| open.iter().filter(|i| keep(i)).count() as u32;
        assert_eq!(figures.open, open.len() as u32);
        assert_eq!(figures.awaiting, count(&|i| i.status.awaits_acceptance()));
        assert_eq!(figures.overdue, count(&|i| i.is_overdue(NOW)));
        assert_eq!(figures.due_soon, count(&|i| i.due() >= NOW && i.due() < NOW + 86_400_000));
        assert_eq!(figures.to_confirm, resolved.len() as u32);
        assert!(figures.overdue > 0 && figures.awaiting > 0 && figures.to_confirm > 0, "{figures:?}");
    }
    let worker = crate::sync::worker();
    assert_eq!(summary(&db, &worker, NOW).await, Err(AppError::Forbidden));
}

/// A household's page lists its building's open issues, newest first,
/// through `issue_building` read backwards: no table scan, no sort.
#[tokio::test]
async fn a_households_page_reads_its_buildings_open_issues_through_an_index() {
    let db = migrated_db().await;
    demo::load(&db).await.unwrap();
    let plan: Option<String> = db
        .query(format!("EXPLAIN {}", gridlink::server::repo::households::BUILDING_OPEN_ISSUES))
        .bind(("building", surrealdb::types::RecordId::new("building", "demo-c1-g1-b1")))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    let plan = plan.unwrap_or_default();
    assert!(plan.contains("IndexScan [ctx: Db] [index: issue_building"), "{plan}");
    assert!(plan.contains("direction: Backward, limit: 50"), "{plan}");
    assert!(!plan.contains("TableScan") && !plan.contains("Sort"), "{plan}");
}
