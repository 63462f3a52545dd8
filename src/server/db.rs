//! Opening the database by URL: embedded SurrealKV (default), `mem://` for
//! tests, `ws://host:port` for a remote SurrealDB.

use super::config::Settings;
use super::error::DbError;
use std::path::{Path, PathBuf};
use std::time::Duration;
use surrealdb::engine::any::{self, Any};
use surrealdb::opt::auth::Root;
use surrealdb::Surreal;

pub type Database = Surreal<Any>;

pub async fn connect(settings: &Settings) -> Result<Database, DbError> {
    let url = settings.database_url();
    prepare_data_dir(&url)?;
    let secs = settings.database_connect_timeout_secs;
    let connecting = open(&url, settings);
    match tokio::time::timeout(Duration::from_secs(secs), connecting).await {
        Ok(result) => result.map_err(|e| DbError::Connect { url, reason: e.to_string() }),
        Err(_) => Err(DbError::Timeout { url, secs }),
    }
}

async fn open(url: &str, settings: &Settings) -> Result<Database, surrealdb::Error> {
    let db = any::connect(url).await?;
    if let (Some(username), Some(password)) = (&settings.database_user, &settings.database_password) {
        db.signin(Root { username: username.clone(), password: password.clone() }).await?;
    }
    db.use_ns(settings.database_namespace.as_str()).use_db(settings.database_name.as_str()).await?;
    Ok(db)
}

/// The directory of the embedded SurrealKV store, if `url` names one.
pub fn embedded_store(url: &str) -> Option<PathBuf> {
    let path = url.strip_prefix("surrealkv://")?;
    Some(PathBuf::from(path.split('?').next().unwrap_or(path)))
}

/// Waits until the embedded store has shut down after its last handle was
/// dropped. SurrealDB closes it in a background task (flushing the memtable
/// to a table file, so the next start has no log to replay); a process that
/// exits first leaves all of it to be replayed. Done when SurrealKV lets go
/// of its lock file.
pub async fn wait_until_closed(store: &Path, limit: Duration) -> bool {
    let lock = store.join("LOCK");
    let started = tokio::time::Instant::now();
    while started.elapsed() < limit {
        if lock_is_free(&lock) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

fn lock_is_free(lock: &Path) -> bool {
    use fs2::FileExt;
    let Ok(file) = std::fs::OpenOptions::new().read(true).write(true).open(lock) else {
        return true;
    };
    // Closing `file` on return releases the lock again.
    file.try_lock_exclusive().is_ok()
}

/// SurrealKV creates the database directory but not its parents.
fn prepare_data_dir(url: &str) -> Result<(), DbError> {
    let Some(path) = embedded_store(url) else { return Ok(()) };
    let Some(parent) = path.parent() else { return Ok(()) };
    if parent.as_os_str().is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(parent).map_err(|e| DbError::Connect {
        url: url.to_owned(),
        reason: format!("cannot create {}: {e}", parent.display()),
    })
}

/// A round trip through the query engine, for `/healthz`.
pub async fn check(db: &Database) -> Result<(), DbError> {
    let one: Option<i64> = db.query("RETURN 1").await?.take(0)?;
    match one {
        Some(1) => Ok(()),
        other => Err(DbError::Unhealthy(format!("{other:?}"))),
    }
}
