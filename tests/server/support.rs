use gridlink::server::config::{Config, Settings};
use gridlink::server::{db, migrations, AppState, Database};
use leptos::config::LeptosOptions;
use std::path::PathBuf;

pub fn repo_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// Default settings on a fresh in-memory database. Built without reading
/// the environment: the config tests change it while other tests run.
pub fn test_config() -> Config {
    let settings = Settings { database_url: "mem://".into(), ..Settings::default() };
    // No cargo-leptos build here, so no hash file next to the test binary.
    let leptos = LeptosOptions::builder()
        .output_name("gridlink")
        .site_root("target/site")
        .site_pkg_dir("pkg")
        .hash_files(false)
        .build();
    Config { settings, leptos }
}

pub async fn fresh_db() -> Database {
    db::connect(&test_config().settings).await.expect("mem:// opens")
}

pub async fn migrated_db() -> Database {
    let db = fresh_db().await;
    migrations::apply(&db).await.expect("migrations apply");
    db
}

pub async fn demo_state() -> AppState {
    let db = migrated_db().await;
    gridlink::server::demo::load(&db).await.expect("demo loads");
    AppState::new(test_config(), db)
}

static PANICS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static COUNT_PANICS: std::sync::Once = std::sync::Once::new();

/// How many panics this test process has seen so far, anywhere: in a test
/// or in a task the server spawned (which tokio would otherwise swallow).
/// Router tests fail when it grows while they run.
pub fn panics_so_far() -> usize {
    COUNT_PANICS.call_once(|| {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            report(info);
        }));
    });
    PANICS.load(std::sync::atomic::Ordering::SeqCst)
}
