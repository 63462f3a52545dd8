use crate::support::test_config;
use gridlink::server::db;
use std::process::Command;

#[tokio::test]
async fn an_unknown_scheme_is_a_clear_error() {
    let mut settings = test_config().settings;
    settings.database_url = "postgres://localhost/gridlink".into();
    let error = db::connect(&settings).await.expect_err("refused").to_string();
    assert!(error.starts_with("cannot open database postgres://localhost/gridlink"), "{error}");
}

#[tokio::test]
async fn an_unreachable_server_is_a_clear_error() {
    let mut settings = test_config().settings;
    settings.database_url = "ws://127.0.0.1:9".into();
    settings.database_connect_timeout_secs = 5;
    let error = db::connect(&settings).await.expect_err("refused").to_string();
    assert!(error.starts_with("cannot open database ws://127.0.0.1:9"), "{error}");
}

#[test]
fn the_binary_exits_non_zero_with_one_line_on_a_bad_url() {
    let output = Command::new(env!("CARGO_BIN_EXE_gridlink"))
        .arg("--setup-only")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        // The config tests change this process's environment meanwhile.
        .env_clear()
        .env("GRIDLINK_DATABASE_URL", "nosuch://db")
        .env("RUST_LOG", "off")
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].starts_with("gridlink: cannot open database nosuch://db"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[tokio::test]
async fn the_embedded_database_keeps_data_across_restarts() {
    let dir = std::env::temp_dir().join(format!("gridlink-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut settings = test_config().settings;
    settings.database_url = String::new();
    settings.data_dir = dir.join("nested");
    {
        let db = db::connect(&settings).await.expect("opens");
        gridlink::server::migrations::apply(&db).await.expect("migrates");
        gridlink::server::demo::load(&db).await.expect("demo");
    }
    let db = reopen(&settings).await;
    let applied = gridlink::server::migrations::apply(&db).await.expect("migrates");
    assert!(applied.is_empty());
    let loaded = gridlink::server::demo::load(&db).await.expect("demo");
    assert!(!loaded, "demo data was already there");
    drop(db);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The engine releases its lock file in the background after the last
/// handle is dropped; a new process never waits, a test in the same one may.
async fn reopen(settings: &gridlink::server::config::Settings) -> gridlink::server::Database {
    for _ in 0..100 {
        if let Ok(db) = db::connect(settings).await {
            return db;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    db::connect(settings).await.expect("opens again")
}
