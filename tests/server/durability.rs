//! The lost-writes bug of issue 8, on the real embedded engine: a torn WAL
//! tail is repaired at start, and everything acknowledged after that repair
//! must still be there after the next restart (docs/durability.md).

use crate::support::test_config;
use crate::sync::{apply, visit, worker};
use gridlink::model::sync::OpResult;
use gridlink::server::config::Settings;
use gridlink::server::{db, migrations, AppState, Database};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("gridlink-{name}-{}", std::process::id()));
        // A leftover of an earlier run would change the counts.
        let _ = std::fs::remove_dir_all(&dir);
        TempDir(dir)
    }

    /// The settings of an embedded database in `<dir>/<name>`.
    fn settings(&self, name: &str) -> Settings {
        Settings { database_url: String::new(), data_dir: self.0.join(name), ..test_config().settings }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Best effort: a failed removal only leaves a directory in /tmp.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn store(settings: &Settings) -> PathBuf {
    settings.data_dir.join("gridlink.db")
}

/// Opens the store as the server does at start (migrations, demo data).
async fn start(settings: &Settings) -> AppState {
    let db = db::connect(settings).await.expect("opens");
    migrations::apply(&db).await.expect("migrates");
    gridlink::server::demo::load(&db).await.expect("demo");
    AppState::new(test_config(), db)
}

/// Drops every handle and waits for the engine to close, as `gridlink` does
/// on SIGTERM.
async fn stop(state: AppState, settings: &Settings) {
    drop(state);
    assert!(db::wait_until_closed(&store(settings), Duration::from_secs(30)).await, "the store closes");
}

/// What the disk holds if the process is killed now: a copy of the store's
/// files taken while it is open (every acknowledged commit is in the
/// fsync'd log; nothing else is being written).
fn crash_image(from: &Settings, to: &Settings) {
    copy_dir(&from.data_dir, &to.data_dir);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("creates the copy");
    for entry in std::fs::read_dir(from).expect("reads the store") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copies a file");
        }
    }
}

async fn push_visits(state: &AppState, from: u64, count: u64) {
    for n in from..from + count {
        assert_eq!(apply(state, &worker(), &visit(n)).await, OpResult::Applied);
    }
}

async fn count(db: &Database, table: &str) -> usize {
    let ids: Vec<surrealdb::types::RecordId> =
        db.query(format!("SELECT VALUE id FROM {table}")).await.expect("selects").take(0).expect("ids");
    ids.len()
}

const TORN: [u8; 9] = [0xde, 0xad, 0xbe, 0xef, 0x00, 0x7f, 0xff, 0x13, 0x37];

fn newest_segment(store: &Path) -> PathBuf {
    let mut segments: Vec<PathBuf> = std::fs::read_dir(store.join("wal"))
        .expect("wal directory")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "wal"))
        .collect();
    segments.sort();
    segments.pop().expect("a wal segment")
}

/// The torn record a kill in the middle of a write leaves behind.
fn tear_wal_tail(segment: &Path) {
    let mut file = std::fs::OpenOptions::new().append(true).open(segment).expect("opens the segment");
    file.write_all(&TORN).expect("appends garbage");
}

fn ends_torn(segment: &Path) -> bool {
    std::fs::read(segment).map(|bytes| bytes.ends_with(&TORN)).unwrap_or(false)
}

/// Issue 8, steps 1-5: a crash leaves a torn log tail, the next start
/// repairs it, and what is acknowledged after that repair must survive the
/// next crash and the next graceful restart.
#[tokio::test]
async fn writes_after_a_wal_repair_survive_the_next_crash() {
    let temp = TempDir::new("wal-repair");
    let (first, second, third) = (temp.settings("a"), temp.settings("b"), temp.settings("c"));

    let state = start(&first).await;
    push_visits(&state, 1, 50).await;
    crash_image(&first, &second);
    stop(state, &first).await;
    let torn = newest_segment(&store(&second));
    tear_wal_tail(&torn);

    let state = start(&second).await;
    assert!(!ends_torn(&torn), "the start repaired the torn log");
    assert_eq!(count(&state.db, "visit").await, 50, "the repair keeps what came before the tear");
    push_visits(&state, 51, 200).await;
    crash_image(&second, &third);
    stop(state, &second).await;

    let state = start(&third).await;
    assert_eq!(count(&state.db, "visit").await, 250, "nothing acknowledged after the repair is lost");
    assert_eq!(count(&state.db, "sync_op").await, 250, "every answer is kept");
    stop(state, &third).await;
    let state = start(&third).await;
    assert_eq!(count(&state.db, "visit").await, 250, "nor after a graceful restart");
    stop(state, &third).await;
}

#[tokio::test]
async fn a_restart_after_a_graceful_stop_replays_no_log() {
    let temp = TempDir::new("flush-on-close");
    let settings = temp.settings("a");
    let state = start(&settings).await;
    push_visits(&state, 1, 20).await;
    stop(state, &settings).await;
    let wal_bytes: u64 = std::fs::read_dir(store(&settings).join("wal"))
        .expect("wal directory")
        .map(|entry| entry.expect("entry").metadata().expect("metadata").len())
        .sum();
    assert_eq!(wal_bytes, 0, "closing flushed the memtable, so no log is left to replay");
    let state = start(&settings).await;
    assert_eq!(count(&state.db, "visit").await, 20);
    stop(state, &settings).await;
}

fn table_files(settings: &Settings) -> usize {
    std::fs::read_dir(store(settings).join("sstables")).map_or(0, |entries| entries.count())
}

/// The memtable size reaches SurrealKV through the connection string (our
/// patch of surrealdb-kvs-surrealkv): with 1 MiB, table files appear while
/// the store is open, and a crash leaves little log to replay.
#[tokio::test]
async fn the_memtable_setting_reaches_the_engine() {
    let temp = TempDir::new("memtable");
    let settings = Settings { database_memtable_mib: 1, ..temp.settings("a") };
    assert!(settings.database_url().contains("surrealkv_max_memtable_size=1048576"));
    let state = start(&settings).await;
    push_visits(&state, 1, 600).await;
    let files = table_files(&settings);
    stop(state, &settings).await;
    assert!(files > 0, "a 1 MiB memtable was flushed to table files while the store was open");
}

/// Waits until the engine has flushed a memtable and deleted the log
/// segments behind it (it deletes them in a background task).
async fn wait_for_a_flush(settings: &Settings) {
    for _ in 0..100 {
        if table_files(settings) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
}

/// The second loss of issue 8: a batch logged in one segment but put into
/// the next memtable (the memtable filled up in between) was dropped with
/// that segment when the older memtable was flushed, so a crash before the
/// next flush lost it. Four phones push at once, so rotations fall between
/// other commits' log writes too.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writes_around_a_memtable_flush_survive_a_crash() {
    let temp = TempDir::new("flush-crash");
    let first = Settings { database_memtable_mib: 1, ..temp.settings("a") };
    let second = Settings { database_memtable_mib: 1, ..temp.settings("b") };
    let state = start(&first).await;
    let phones: Vec<_> = (0..4u64)
        .map(|phone| {
            let state = state.clone();
            tokio::spawn(async move { push_visits(&state, 1 + phone * 200, 200).await })
        })
        .collect();
    for phone in phones {
        phone.await.expect("a phone's pushes");
    }
    wait_for_a_flush(&first).await;
    crash_image(&first, &second);
    stop(state, &first).await;

    let state = start(&second).await;
    assert_eq!(count(&state.db, "visit").await, 800, "every acknowledged visit survives the crash");
    assert_eq!(count(&state.db, "sync_op").await, 800, "and every answer");
    stop(state, &second).await;
}
