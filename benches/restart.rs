//! What a restart costs on the embedded database after many operations:
//! applies N visits through the sync path (fsync on every commit), then
//! times opening a crash image of the store (a copy taken while it is open:
//! the whole log is replayed) and opening it again after a graceful stop
//! (the memtable was flushed: nothing to replay). Prints figures.
//!
//!     cargo bench --features ssr --bench restart -- [operations] [memtable MiB]
//!
//! A memtable MiB of 0 keeps SurrealKV's default (1 GiB on 16-64 GiB machines).

mod support;

use gridlink::server::config::Settings;
use gridlink::server::{db, demo, migrations, Database};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::{apply_as_worker, visit, worker};

const BATCH: usize = 200;
const WRITERS: usize = 4;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1).filter_map(|a| a.parse::<u64>().ok());
    let operations = args.next().unwrap_or(1_000_000);
    let memtable_mib = args.next().unwrap_or(64);
    let root = std::env::temp_dir().join(format!("gridlink-restart-bench-{}", std::process::id()));
    let (live, image) = (root.join("live"), root.join("image"));
    let settings = |dir: &Path| Settings {
        database_url: url(dir, memtable_mib),
        data_dir: dir.to_owned(),
        ..Settings::default()
    };

    let (db, opened) = open(&settings(&live)).await;
    println!("store {}, memtable {}", live.display(), memtable(memtable_mib));
    println!("fresh start: {opened:.2} s");
    demo::load(&db).await.expect("demo");
    let started = Instant::now();
    apply_visits(&db, operations).await;
    let seconds = started.elapsed().as_secs_f64();
    println!("applied {operations} visits in {seconds:.0} s ({:.0} ops/s)", operations as f64 / seconds);
    println!("store on disk: {} MiB, of which log {} MiB", mib(&live), mib(&store(&live).join("wal")));

    copy_dir(&live, &image);
    let (crashed, replay) = open(&settings(&image)).await;
    println!("start after a crash (log replayed): {replay:.2} s, visits {}", count(&crashed).await);
    close(crashed, &image).await;

    let closing = Instant::now();
    close(db, &live).await;
    println!("graceful stop (memtable flushed): {:.2} s", closing.elapsed().as_secs_f64());
    let (db, reopened) = open(&settings(&live)).await;
    println!("start after a graceful stop: {reopened:.2} s, visits {}", count(&db).await);
    close(db, &live).await;
    // Best effort: the bench's data is in /tmp either way.
    let _ = std::fs::remove_dir_all(&root);
}

fn url(dir: &Path, memtable_mib: u64) -> String {
    let path = store(dir);
    match memtable_mib {
        0 => format!("surrealkv://{}?sync=every", path.display()),
        mib => format!("surrealkv://{}?sync=every&surrealkv_max_memtable_size={}", path.display(), mib << 20),
    }
}

fn memtable(mib: u64) -> String {
    if mib == 0 {
        "SurrealKV's default".into()
    } else {
        format!("{mib} MiB")
    }
}

fn store(dir: &Path) -> PathBuf {
    dir.join("gridlink.db")
}

async fn open(settings: &Settings) -> (Database, f64) {
    let started = Instant::now();
    let db = db::connect(settings).await.expect("opens");
    migrations::apply(&db).await.expect("migrates");
    (db, started.elapsed().as_secs_f64())
}

async fn close(db: Database, dir: &Path) {
    drop(db);
    assert!(db::wait_until_closed(&store(dir), Duration::from_secs(600)).await, "closes");
}

async fn apply_visits(db: &Database, operations: u64) {
    let per_writer = operations / WRITERS as u64;
    let writers = (0..WRITERS as u64).map(|writer| {
        let db = db.clone();
        tokio::spawn(async move {
            let settings = Settings::default();
            let worker = worker();
            let first = writer * per_writer;
            for start in (first..first + per_writer).step_by(BATCH) {
                let ops = (start..(start + BATCH as u64).min(first + per_writer)).map(visit).collect();
                apply_as_worker(&db, &worker, &settings, ops).await;
            }
        })
    });
    for writer in writers.collect::<Vec<_>>() {
        writer.await.expect("writer");
    }
}

async fn count(db: &Database) -> i64 {
    let n: Option<i64> =
        db.query("RETURN count(SELECT id FROM visit)").await.expect("counts").take(0).expect("n");
    n.unwrap_or(0)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("creates the copy");
    for entry in std::fs::read_dir(from).expect("reads") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copies");
        }
    }
}

fn mib(dir: &Path) -> u64 {
    fn bytes(dir: &Path) -> u64 {
        std::fs::read_dir(dir).map_or(0, |entries| {
            entries
                .flatten()
                .map(
                    |e| {
                        if e.path().is_dir() {
                            bytes(&e.path())
                        } else {
                            e.metadata().map_or(0, |m| m.len())
                        }
                    },
                )
                .sum()
        })
    }
    bytes(dir) >> 20
}
