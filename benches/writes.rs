//! What one synced visit costs the server, and how much of that is
//! SurrealDB's work on the rows: batches of 200 visits through the real
//! sync path (`sync::apply_batch`, as `sync/push` runs it) on the embedded
//! store synced on every commit, first on the schema as migrated, then with
//! parts of it removed. Prints milliseconds per operation (wall clock; the
//! server applies a batch's two halves at once, one per core).
//!
//!     cargo bench --no-default-features --features ssr --bench writes -- [batches per step]

mod support;

use gridlink::model::sync::Operation;
use gridlink::server::config::Settings;
use gridlink::server::{db, demo, migrations, sync, Database};
use std::time::Instant;
use support::{apply_as_worker, visit, worker};

const BATCH: u64 = sync::MAX_BATCH as u64;

/// Each step removes more of the schema, on top of the steps before.
const STEPS: [(&str, &str); 3] = [
    ("as migrated", ""),
    ("without the visit's 3 indexes and area", "REMOVE INDEX visit_visitor ON visit; REMOVE INDEX visit_area ON visit; REMOVE FIELD area ON visit; REMOVE INDEX visit_household ON visit;"),
    ("visit and sync_op schemaless", "REMOVE TABLE visit; DEFINE TABLE visit SCHEMALESS; REMOVE TABLE sync_op; DEFINE TABLE sync_op SCHEMALESS;"),
];

#[tokio::main]
async fn main() {
    let batches: u64 = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10);
    let dir = std::env::temp_dir().join(format!("gridlink-writes-bench-{}", std::process::id()));
    let settings = Settings { data_dir: dir.clone(), ..Settings::default() };
    let db = db::connect(&settings).await.expect("opens");
    migrations::apply(&db).await.expect("migrates");
    demo::load(&db).await.expect("demo");
    println!("{BATCH} visits per batch, {batches} batches per step; ms per operation (median, min)");
    let mut next = 0;
    for (name, change) in STEPS {
        if !change.is_empty() {
            db.query(change).await.and_then(|r| r.check()).expect("schema change");
        }
        let mut times = Vec::new();
        for _ in 0..batches {
            times.push(apply(&db, &settings, next).await);
            next += BATCH;
        }
        print_step(name, times);
    }
    print_step("an empty statement per operation", empty_statements(&db, batches).await);
    // Best effort: the bench's data is in the temp directory either way.
    let _ = std::fs::remove_dir_all(&dir);
}

fn print_step(name: &str, mut times: Vec<f64>) {
    times.sort_by(f64::total_cmp);
    println!("{name:<36} {:>6.3} {:>6.3}", times[times.len() / 2], times[0]);
}

/// Milliseconds per operation of one batch.
async fn apply(db: &Database, settings: &Settings, first: u64) -> f64 {
    let ops: Vec<Operation> = (first..first + BATCH).map(visit).collect();
    let started = Instant::now();
    apply_as_worker(db, &worker(), settings, ops).await;
    started.elapsed().as_secs_f64() * 1000.0 / BATCH as f64
}

/// What a query costs the SDK and the engine before any row: `RETURN 1`
/// as often as a batch has operations, in one transaction.
async fn empty_statements(db: &Database, batches: u64) -> Vec<f64> {
    let mut times = Vec::new();
    for _ in 0..batches {
        let transaction = db.clone().begin().await.expect("begins");
        let started = Instant::now();
        for _ in 0..BATCH {
            transaction.query("RETURN 1").await.expect("runs");
        }
        times.push(started.elapsed().as_secs_f64() * 1000.0 / BATCH as f64);
        transaction.cancel().await.expect("cancels");
    }
    times
}
