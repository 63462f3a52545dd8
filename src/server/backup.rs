//! Backups for the worst day: the whole database as a SurrealQL export
//! (`gridlink backup FILE`), loaded back into an empty database with
//! `gridlink restore FILE`. A running server with `backup_dir` set writes
//! one such file a day itself and keeps the newest `backup_keep`.

use super::error::DbError;
use super::{AppState, Database};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{path}: {source}")]
    File { path: PathBuf, source: std::io::Error },
    #[error("export failed: {0}")]
    Export(surrealdb::Error),
    #[error("import failed: {0}")]
    Import(surrealdb::Error),
    #[error("{0}")]
    Database(#[from] DbError),
    #[error("the database is not empty ({0} tables); restore only into a new one")]
    NotEmpty(usize),
}

fn file_error(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::File { path: path.to_owned(), source }
}

/// Writes the export next to `file` first, so that `file` is either the
/// old backup or the complete new one.
pub async fn write(db: &Database, file: &Path) -> Result<(), BackupError> {
    let partial = file.with_extension("partial");
    if let Some(dir) = file.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(dir).await.map_err(file_error(dir))?;
    }
    db.export(&partial).await.map_err(BackupError::Export)?;
    tokio::fs::rename(&partial, file).await.map_err(file_error(file))
}

/// Loads a backup into a database that has no tables yet.
pub async fn restore(db: &Database, file: &Path) -> Result<(), BackupError> {
    tokio::fs::metadata(file).await.map_err(file_error(file))?;
    let tables = table_count(db).await?;
    if tables > 0 {
        return Err(BackupError::NotEmpty(tables));
    }
    db.import(file).await.map_err(BackupError::Import)
}

async fn table_count(db: &Database) -> Result<usize, DbError> {
    let tables: Option<i64> = db
        .query("RETURN array::len(object::keys((INFO FOR DB).tables))")
        .await?
        .take(0)
        .map_err(DbError::Query)?;
    Ok(tables.unwrap_or(0).max(0) as usize)
}

/// How often the server looks whether today's backup is there.
const CHECK_EVERY: Duration = Duration::from_secs(3600);

/// Starts the daily backup when `backup_dir` is set and the database keeps
/// data. The caller aborts the task at shutdown (it holds a database handle).
pub fn schedule_daily(state: &AppState) -> Option<tokio::task::JoinHandle<()>> {
    let dir = state.settings.backup_dir.clone();
    if dir.as_os_str().is_empty() || state.settings.database_url().starts_with("mem:") {
        return None;
    }
    let db = state.db.clone();
    let keep = state.settings.backup_keep;
    Some(tokio::spawn(async move {
        loop {
            if let Err(error) = daily(&db, &dir, keep).await {
                tracing::error!(%error, "daily backup failed");
            }
            tokio::time::sleep(CHECK_EVERY).await;
        }
    }))
}

async fn daily(db: &Database, dir: &Path, keep: usize) -> Result<(), BackupError> {
    let today = crate::model::time::date(super::sync::now_millis());
    let file = dir.join(format!("gridlink-{today}.surql"));
    if tokio::fs::try_exists(&file).await.map_err(file_error(&file))? {
        return Ok(());
    }
    write(db, &file).await?;
    tracing::info!(file = %file.display(), "daily backup written");
    prune(dir, keep).await
}

/// Keeps the newest `keep` daily files (their names sort by date).
async fn prune(dir: &Path, keep: usize) -> Result<(), BackupError> {
    let mut entries = tokio::fs::read_dir(dir).await.map_err(file_error(dir))?;
    let mut files = Vec::new();
    while let Some(entry) = entries.next_entry().await.map_err(file_error(dir))? {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("gridlink-") && name.ends_with(".surql") {
            files.push(entry.path());
        }
    }
    files.sort();
    let excess = files.len().saturating_sub(keep.max(1));
    for old in &files[..excess] {
        tokio::fs::remove_file(old).await.map_err(file_error(old))?;
    }
    Ok(())
}
