use gridlink::server::config::Config;
use gridlink::server::{db, migrations, AppState, Database};
use std::path::PathBuf;

pub fn repo_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// The repository's own configuration, on a fresh in-memory database.
pub fn test_config() -> Config {
    let mut config = Config::load(Some(&repo_file("Leptos.toml"))).expect("Leptos.toml loads");
    config.settings.database_url = "mem://".into();
    // No cargo-leptos build here, so no hash file next to the test binary.
    config.leptos.hash_files = false;
    config
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
