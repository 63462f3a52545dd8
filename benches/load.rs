//! The server under load: many logged-in phones push single operations at a
//! fixed rate while secretaries read the issue queue. Starts the given
//! server binary itself, on its embedded database (fsync on every commit)
//! in a temporary directory, and prints throughput, latency percentiles and
//! errors for each, and the server's memory idle and after the load.
//!
//!     cargo bench --features ssr --bench load -- [--bin PATH] [--rate 500]
//!         [--seconds 30] [--phones 50] [--readers 4] [--reads 20] [--preload 0]
//!
//! The load is open: requests leave on a fixed schedule whether or not the
//! earlier ones have been answered, and latency counts from the scheduled
//! time, so a server that falls behind shows it in the figures.

use gridlink::model::issue::{IssueCategory, IssueInput, QueueFilter, Urgency};
use gridlink::model::sync::{new_id, OpKind, Operation, APP_VERSION};
use gridlink::model::visit::{VisitInput, VisitType};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

const WORKER: &str = "13800000003";
const SECRETARY: &str = "13800000002";
const PASSWORD: &str = "gridlink-demo";
const HOUSEHOLD: &str = "demo-c1-g1-b1-101";
const BUILDING: &str = "demo-c1-g1-b1";
const PRELOAD_BATCH: usize = 200;
const PORT: u16 = 3391;

struct Args {
    bin: PathBuf,
    rate: u64,
    seconds: u64,
    phones: usize,
    readers: usize,
    reads: u64,
    preload: u64,
}

impl Args {
    fn parse() -> Args {
        let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
        let mut args = Args {
            bin: Path::new(&target).join("release/gridlink"),
            rate: 500,
            seconds: 30,
            phones: 50,
            readers: 4,
            reads: 20,
            preload: 0,
        };
        let given: Vec<String> = std::env::args().skip(1).collect();
        for pair in given.windows(2) {
            let number = || pair[1].parse::<u64>().unwrap_or_else(|_| panic!("{} takes a number", pair[0]));
            match pair[0].as_str() {
                "--bin" => args.bin = PathBuf::from(&pair[1]),
                "--rate" => args.rate = number(),
                "--seconds" => args.seconds = number(),
                "--phones" => args.phones = number() as usize,
                "--readers" => args.readers = number() as usize,
                "--reads" => args.reads = number(),
                "--preload" => args.preload = number(),
                _ => {}
            }
        }
        args
    }
}

/// The server process, killed when dropped.
struct Server {
    child: Child,
    dir: PathBuf,
    base: String,
}

impl Server {
    async fn start(bin: &Path) -> Server {
        let dir = std::env::temp_dir().join(format!("gridlink-load-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let log = std::fs::File::create(dir.join("server.log")).expect("log file");
        let child = Command::new(bin)
            .arg("--demo")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("GRIDLINK_DATABASE_URL", "")
            .env("GRIDLINK_DATA_DIR", &dir)
            .env("GRIDLINK_BACKUP_DIR", "")
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{PORT}"))
            .env("RUST_LOG", "error")
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let server = Server { child, dir, base: format!("http://127.0.0.1:{PORT}") };
        server.wait_healthy().await;
        server
    }

    async fn wait_healthy(&self) {
        let client = reqwest::Client::new();
        for _ in 0..1200 {
            let answer = client.get(format!("{}/healthz", self.base)).send().await;
            if answer.is_ok_and(|a| a.status().is_success()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server did not become healthy; see {}", self.dir.join("server.log").display());
    }

    /// Resident memory now and at its peak, from /proc (Linux).
    fn memory(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
                .map_or(0, |kib| kib / 1024)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    fn database_mib(&self) -> u64 {
        fn bytes(dir: &Path) -> u64 {
            let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
            let size = |e: std::fs::DirEntry| match e.metadata() {
                Ok(meta) if meta.is_dir() => bytes(&e.path()),
                Ok(meta) => meta.len(),
                Err(_) => 0,
            };
            entries.flatten().map(size).sum()
        }
        bytes(&self.dir.join("gridlink.db")) >> 20
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn log_in(client: &reqwest::Client, base: &str, mobile: &str) -> String {
    let form = format!("mobile={mobile}&password={PASSWORD}");
    let answer = client
        .post(format!("{base}/api/auth/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .expect("login answered");
    let cookie = answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("gridlink_session="))
        .expect("a session cookie");
    cookie.split(';').next().unwrap_or_default().to_owned()
}

static SEQUENCE: AtomicU64 = AtomicU64::new(0);
static OPERATIONS: AtomicU64 = AtomicU64::new(0);

fn fresh_id() -> String {
    let n = SEQUENCE.fetch_add(1, Ordering::Relaxed) as u128 + ((std::process::id() as u128) << 64);
    let millis =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_millis();
    new_id(millis as u64, n.to_be_bytes()[6..].try_into().expect("10 bytes"))
}

/// Every fourth operation reports an issue, so the queue grows under load.
fn next_operation() -> Operation {
    let n = OPERATIONS.fetch_add(1, Ordering::Relaxed);
    let (kind, payload) = if n % 4 == 3 {
        let issue = IssueInput {
            issue_id: fresh_id(),
            category: IssueCategory::Safety,
            description: format!("负载测试问题 {n}"),
            building: BUILDING.into(),
            household: None,
            urgency: Urgency::Normal,
            reporter_name: None,
            reporter_phone: None,
            photos: Vec::new(),
            location: None,
        };
        (OpKind::ReportIssue, serde_json::to_value(issue))
    } else {
        let visit = VisitInput {
            visit_id: fresh_id(),
            household: HOUSEHOLD.into(),
            visit_type: VisitType::Routine,
            notes: format!("负载测试走访 {n}"),
            follow_up_on: None,
            corrects: None,
            need: None,
            photos: Vec::new(),
            location: None,
        };
        (OpKind::RecordVisit, serde_json::to_value(visit))
    };
    Operation {
        op_id: fresh_id(),
        device_id: "load".into(),
        kind: kind.as_str().into(),
        payload: payload.expect("json"),
        captured_at: 1_790_000_000_000,
        app_version: APP_VERSION.into(),
        owner: None,
    }
}

async fn post_json(
    client: &reqwest::Client,
    url: String,
    cookie: &str,
    body: String,
) -> Option<reqwest::Response> {
    let sent =
        client.post(url).header("cookie", cookie).header("content-type", "application/json").body(body);
    sent.send().await.ok().filter(|answer| answer.status().is_success())
}

/// Pushes operations; true when the server answered 200 and applied each.
async fn push(client: &reqwest::Client, base: &str, cookie: &str, ops: Vec<Operation>) -> bool {
    let body = serde_json::json!({ "ops": ops }).to_string();
    let Some(answer) = post_json(client, format!("{base}/api/sync/push"), cookie, body).await else {
        return false;
    };
    let text = answer.text().await.unwrap_or_default();
    text.matches("\"applied\"").count() == ops.len()
}

async fn read_queue(client: &reqwest::Client, base: &str, cookie: &str) -> bool {
    let body = serde_json::json!({ "filter": QueueFilter::default() }).to_string();
    post_json(client, format!("{base}/api/issues/queue"), cookie, body).await.is_some()
}

async fn preload(client: &reqwest::Client, base: &str, cookie: &str, count: u64) {
    let started = Instant::now();
    let mut n = 0;
    while n < count {
        let size = PRELOAD_BATCH.min((count - n) as usize) as u64;
        let ops = (0..size).map(|_| next_operation()).collect();
        assert!(push(client, base, cookie, ops).await, "a preload batch was refused");
        n += size;
    }
    println!("preloaded {count} operations in {:.0} s", started.elapsed().as_secs_f64());
}

#[derive(Default)]
struct Samples {
    millis: Vec<f64>,
    errors: u64,
}

type Shared = Arc<Mutex<Samples>>;

/// Sends `total` requests at `rate` per second, each from the next session
/// in turn, and records how long each took from its scheduled time.
async fn run_open_loop<F, Fut>(rate: u64, total: u64, sessions: Vec<String>, send: F) -> Samples
where
    F: Fn(String) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send + 'static,
{
    let samples: Shared = Arc::default();
    let start = tokio::time::Instant::now();
    let mut tasks = Vec::with_capacity(total as usize);
    for i in 0..total {
        let due = start + Duration::from_secs_f64(i as f64 / rate as f64);
        tokio::time::sleep_until(due).await;
        let (send, samples) = (send.clone(), samples.clone());
        let cookie = sessions[i as usize % sessions.len()].clone();
        tasks.push(tokio::spawn(async move {
            let ok = send(cookie).await;
            let millis = due.elapsed().as_secs_f64() * 1000.0;
            let mut samples = samples.lock().await;
            samples.millis.push(millis);
            samples.errors += u64::from(!ok);
        }));
    }
    for task in tasks {
        task.await.expect("request task");
    }
    let elapsed = start.elapsed().as_secs_f64();
    let mut samples = Arc::try_unwrap(samples).ok().expect("all tasks done").into_inner();
    samples.millis.sort_by(f64::total_cmp);
    println!("  (sent over {elapsed:.1} s)");
    samples
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn print_row(name: &str, samples: &Samples, seconds: u64) {
    let s = &samples.millis;
    println!(
        "| {name} | {:.0}/s | {:.1} | {:.1} | {:.1} | {:.1} | {} |",
        s.len() as f64 / seconds as f64,
        percentile(s, 0.50),
        percentile(s, 0.90),
        percentile(s, 0.99),
        s.last().copied().unwrap_or(f64::NAN),
        samples.errors
    );
}

async fn sessions(client: &reqwest::Client, base: &str, mobile: &str, count: usize) -> Vec<String> {
    let mut cookies = Vec::with_capacity(count);
    for _ in 0..count {
        cookies.push(log_in(client, base, mobile).await);
    }
    cookies
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let server = Server::start(&args.bin).await;
    let client = reqwest::Client::builder().pool_max_idle_per_host(256).build().expect("client");
    let base = server.base.clone();
    println!("server {} on an embedded database, fsync on every commit", args.bin.display());
    let phones = sessions(&client, &base, WORKER, args.phones).await;
    let readers = sessions(&client, &base, SECRETARY, args.readers).await;
    if args.preload > 0 {
        preload(&client, &base, &phones[0], args.preload).await;
    }
    tokio::time::sleep(Duration::from_secs(5)).await;
    let (idle, _) = server.memory();
    println!("idle: RSS {idle} MiB, database on disk {} MiB", server.database_mib());

    let pushes = {
        let (client, base) = (client.clone(), base.clone());
        run_open_loop(args.rate, args.rate * args.seconds, phones, move |cookie| {
            let (client, base) = (client.clone(), base.clone());
            async move { push(&client, &base, &cookie, vec![next_operation()]).await }
        })
    };
    let reads = {
        let (client, base) = (client.clone(), base.clone());
        run_open_loop(args.reads, args.reads * args.seconds, readers, move |cookie| {
            let (client, base) = (client.clone(), base.clone());
            async move { read_queue(&client, &base, &cookie).await }
        })
    };
    let (pushes, reads) = tokio::join!(tokio::spawn(pushes), tokio::spawn(reads));
    let (rss, peak) = server.memory();

    println!(
        "\n{} phones pushing 1 operation per request, {} secretaries reading the queue, {} s",
        args.phones, args.readers, args.seconds
    );
    println!("| requests | throughput | p50 ms | p90 ms | p99 ms | max ms | errors |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    print_row(&format!("sync push (target {}/s)", args.rate), &pushes.expect("pushes"), args.seconds);
    print_row(&format!("queue read (target {}/s)", args.reads), &reads.expect("reads"), args.seconds);
    println!(
        "\nafter the load: RSS {rss} MiB (peak {peak} MiB), database on disk {} MiB",
        server.database_mib()
    );
}
