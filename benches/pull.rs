//! What the server spends on a phone's pull of a whole grid, the work a
//! grid worker's `/` also costs (the day is drawn from it,
//! `api::day::first_paint_draft`), against the pull of a phone that synced a
//! moment ago (nothing new): one grid with H households and V visits made
//! through the sync path, on an in-memory SurrealDB. Prints p50/p99 of each.
//! E more visits in another community's grid stand for the rest of a
//! district: the pull of this grid should not read them, but does (the
//! engine scans every `ancestors CONTAINS` read, docs/performance.md).
//!
//!     cargo bench --no-default-features --features ssr --bench pull -- [households] [visits] [elsewhere]

mod support;

use gridlink::server::config::Settings;
use gridlink::server::repo::pull;
use gridlink::server::{db, demo, migrations, sync, Database};
use std::time::Instant;
use support::{apply_as_worker, visit, worker};

const SAMPLES: usize = 30;
const BATCH: u64 = sync::MAX_BATCH as u64;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1).filter_map(|a| a.parse::<u64>().ok());
    let households = args.next().unwrap_or(500);
    let visits = args.next().unwrap_or(3000);
    let elsewhere = args.next().unwrap_or(0);
    let settings = Settings { database_url: "mem://".into(), ..Settings::default() };
    let db = db::connect(&settings).await.expect("mem:// opens");
    migrations::apply(&db).await.expect("migrations");
    demo::load(&db).await.expect("demo");
    add_households(&db, households).await;
    add_visits(&db, &settings, households, visits).await;
    add_visits_elsewhere(&db, elsewhere).await;
    println!(
        "one grid: {households} more households, {visits} visits by its grid worker; \
         {elsewhere} visits in another community; {SAMPLES} samples"
    );
    let whole = pull::changes(&db, &worker(), &settings, 0).await.expect("pull");
    println!(
        "a whole pull carries {} households, {} visits, {} issues",
        whole.households.len(),
        whole.visits.len(),
        whole.issues.len()
    );
    time("whole grid (first sync, and each / of a field worker)", &db, &settings, || 0).await;
    // The cursor of a phone that synced a moment ago (the pull re-reads 5 s before it).
    time("nothing new (a later sync)", &db, &settings, || sync::now_millis() + 5_000).await;
}

async fn time(name: &str, db: &Database, settings: &Settings, since: impl Fn() -> i64) {
    let mut times = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let started = Instant::now();
        pull::changes(db, &worker(), settings, since()).await.expect("pull");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let p99 = times[(times.len() * 99 / 100).min(times.len() - 1)];
    println!("{name:<56} p50 {:>7.1} ms  p99 {:>7.1} ms", times[times.len() / 2], p99);
}

fn household_key(n: u64) -> String {
    format!("bench-h{n}")
}

async fn add_households(db: &Database, count: u64) {
    let keys: Vec<String> = (0..count).map(household_key).collect();
    db.query(
        "FOR $key IN $keys { CREATE type::record('household', $key) CONTENT { \
           building: building:⟨demo-c1-g1-b1⟩, unit: $key, \
           ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c1⟩, org_node:⟨demo-c1-g1⟩] }; };",
    )
    .bind(("keys", keys))
    .await
    .and_then(|response| response.check())
    .expect("households");
}

async fn add_visits(db: &Database, settings: &Settings, households: u64, count: u64) {
    for start in (0..count).step_by(BATCH as usize) {
        let ops = (start..(start + BATCH).min(count))
            .map(|n| {
                let mut op = visit(n);
                op.payload["household"] = household_key(n % households.max(1)).into();
                op
            })
            .collect();
        apply_as_worker(db, &worker(), settings, ops).await;
    }
}

/// Visits of another community's grid, written straight to the table.
async fn add_visits_elsewhere(db: &Database, count: u64) {
    for start in (0..count).step_by(2_000) {
        let numbers: Vec<u64> = (start..(start + 2_000).min(count)).collect();
        db.query(
            "FOR $n IN $numbers { CREATE visit CONTENT { household: household:⟨demo-c2-g1-b1-101⟩, \
               ancestors: [org_node:⟨demo-street⟩, org_node:⟨demo-c2⟩, org_node:⟨demo-c2-g1⟩], \
               visitor: account:⟨elsewhere⟩, visit_type: 'routine', notes: 'elsewhere', \
               op_id: 'elsewhere-' + <string>$n, captured_at: time::now() }; };",
        )
        .bind(("numbers", numbers))
        .await
        .and_then(|response| response.check())
        .expect("visits elsewhere");
    }
}
