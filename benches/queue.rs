//! How fast the secretary's queue answers with many issues in one
//! community (default 100 000), on an in-memory SurrealDB. Prints p50 and
//! p99 of each case over `SAMPLES` runs, then the same for a grid worker's
//! household page, which lists its building's open issues.
//!
//!     cargo bench --features ssr --bench queue -- [issues] [--explain]
//!
//! "page 100" walks to page 99 by the cursors the pages return (timed
//! apart, once), then times only the read of page 100 from page 99's cursor.
//! `--explain` also prints SurrealDB's plan of every case.

use gridlink::model::issue::{IssueCategory, IssueStatus, QueueFilter};
use gridlink::server::auth::Scope;
use gridlink::server::config::Settings;
use gridlink::server::repo::households::{detail, BUILDING_OPEN_ISSUES};
use gridlink::server::repo::issues::{explain_queue, queue};
use gridlink::server::{db, demo, migrations, Database};
use std::time::Instant;
use surrealdb::types::{RecordId, SurrealValue};

const BATCH: usize = 2_000;
const SAMPLES: usize = 50;
/// The page the deep cases read (0 is the first).
const DEEP: u32 = 99;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(100_000);
    let explain = args.iter().any(|a| a == "--explain");
    let settings = Settings { database_url: "mem://".into(), ..Settings::default() };
    let db = db::connect(&settings).await.expect("mem:// opens");
    migrations::apply(&db).await.expect("migrations");
    demo::load(&db).await.expect("demo");
    let started = Instant::now();
    insert_issues(&db, count).await;
    println!("inserted {count} issues into 光明社区 in {:.1} s", started.elapsed().as_secs_f64());
    let secretary = demo_scope("13800000002", "demo-c1", "secretary");
    let street = demo_scope("13800000001", "demo-street", "street_admin");
    let now = 1_800_000_000_000;
    let open = QueueFilter::default();
    let safety = QueueFilter { category: Some(IssueCategory::Safety), ..QueueFilter::default() };
    let closed_too = QueueFilter { include_closed: true, ..QueueFilter::default() };
    let cases = [
        ("open issues, first page", open.clone()),
        ("status reported", QueueFilter { status: Some(IssueStatus::Reported), ..QueueFilter::default() }),
        ("category safety", safety.clone()),
        ("overdue only", QueueFilter { overdue_only: true, ..QueueFilter::default() }),
        ("grid demo-c1-g2", QueueFilter { grid_code: Some("demo-c1-g2".into()), ..QueueFilter::default() }),
        ("closed too", closed_too.clone()),
    ];
    let deep =
        [("page 100", open), ("page 100, category safety", safety), ("page 100, closed too", closed_too)];
    println!("{SAMPLES} samples per case; now = {now}");
    for (who, scope) in [("secretary (community)", &secretary), ("street admin (street)", &street)] {
        for (name, filter) in &cases {
            time_case(&db, scope, who, name, filter, now, explain).await;
        }
        for (name, filter) in &deep {
            let started = Instant::now();
            let mut filter = filter.clone();
            while filter.page < DEEP {
                let page = queue(&db, scope, filter.clone(), now).await.expect("queue");
                let Some(next) = page.next else { break };
                filter.after = Some(next);
                filter.page += 1;
            }
            if filter.page < DEEP {
                println!("{who:>22} | {name:<28} | only {} pages: skipped", filter.page + 1);
                continue;
            }
            println!(
                "{who:>22} | {:<28} | walked pages 1-{DEEP} by cursor in {:.0} ms",
                "",
                started.elapsed().as_secs_f64() * 1000.0
            );
            time_case(&db, scope, who, name, &filter, now, explain).await;
        }
    }
    household_page(&db, explain).await;
}

/// The signed-in demo account `mobile`, with one role at the org node `org`.
fn demo_scope(mobile: &str, org: &str, role: &str) -> Scope {
    Scope {
        account: RecordId::new("account", mobile),
        account_ref: gridlink::server::demo::demo_public_id(mobile),
        org: RecordId::new("org_node", org),
        roles: vec![gridlink::model::account::Role::parse(role).expect("role")],
        must_change_password: false,
    }
}

/// A household of the first grid's first building, which has a sixth of
/// the issues.
async fn household_page(db: &Database, explain: bool) {
    let worker = demo_scope("13800000003", "demo-c1-g1", "grid_worker");
    let mut times = Vec::with_capacity(SAMPLES);
    let mut rows = 0;
    for _ in 0..SAMPLES {
        let started = Instant::now();
        rows = detail(db, &worker, "demo-c1-g1-b1-101", &[]).await.expect("household").open_issues.len();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    print_times("grid worker (grid)", "household page", rows, &mut times);
    if explain {
        let plan: Option<String> = db
            .query(format!("EXPLAIN {BUILDING_OPEN_ISSUES}"))
            .bind(("building", RecordId::new("building", "demo-c1-g1-b1")))
            .await
            .expect("explain")
            .take(0)
            .expect("plan");
        println!("{}\n", plan.unwrap_or_default());
    }
}

fn print_times(who: &str, name: &str, rows: usize, times: &mut [f64]) {
    times.sort_by(f64::total_cmp);
    // Nearest rank.
    let rank = |p: f64| times[((p * times.len() as f64).ceil() as usize).clamp(1, times.len()) - 1];
    println!(
        "{who:>22} | {name:<28} | {rows:>2} rows | p50 {:>7.2} ms | p99 {:>7.2} ms | max {:>7.2} ms",
        rank(0.50),
        rank(0.99),
        times[times.len() - 1]
    );
}

async fn time_case(
    db: &Database,
    scope: &Scope,
    who: &str,
    name: &str,
    filter: &QueueFilter,
    now: i64,
    explain: bool,
) {
    let mut times = Vec::with_capacity(SAMPLES);
    let mut rows = 0;
    for _ in 0..SAMPLES {
        let started = Instant::now();
        rows = queue(db, scope, filter.clone(), now).await.expect("queue").items.len();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    print_times(who, name, rows, &mut times);
    if explain {
        println!("{}\n", explain_queue(db, scope, filter.clone(), now).await.expect("explain").join("\n"));
    }
}

#[derive(SurrealValue)]
struct Row {
    n: i64,
    status: String,
    category: String,
    grid: String,
    building: String,
    due: i64,
}

async fn insert_issues(db: &Database, count: usize) {
    let statuses = ["reported", "accepted", "assigned", "in_progress", "resolved", "confirmed", "escalated"];
    let categories =
        ["property", "environment", "safety", "neighbour", "facilities", "public_services", "other"];
    for start in (0..count).step_by(BATCH) {
        let rows: Vec<Row> = (start..(start + BATCH).min(count))
            .map(|n| {
                let grid = if n % 2 == 0 { "demo-c1-g1" } else { "demo-c1-g2" };
                Row {
                    n: n as i64,
                    status: statuses[n % statuses.len()].into(),
                    category: categories[(n / 7) % categories.len()].into(),
                    grid: grid.into(),
                    building: format!("{grid}-b{}", 1 + n % 3),
                    due: 1_790_000_000_000_i64 + (n as i64 * 7_919 % 20_000_000_000),
                }
            })
            .collect();
        db.query(
            "FOR $r IN $rows { \
               LET $grid = type::record('org_node', $r.grid); \
               CREATE issue CONTENT { status: $r.status, category: $r.category, urgency: 'normal', \
                 description: 'bench ' + <string>$r.n, building: type::record('building', $r.building), \
                 ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩, $grid], grid: $grid, \
                 community: org_node:⟨demo-c1⟩, street: org_node:⟨demo-street⟩, owner: $grid, created_by: account:⟨13800000003⟩, \
                 captured_at: time::from_millis($r.due), accept_due: time::from_millis($r.due), \
                 resolve_due: time::from_millis($r.due), due: time::from_millis($r.due) }; \
             };",
        )
        .bind(("rows", rows))
        .await
        .expect("insert")
        .check()
        .expect("insert");
    }
}
