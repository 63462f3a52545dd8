//! Numbered `.surql` files in `src/server/migrations/`, embedded in the
//! binary and applied in order at start, each in its own transaction
//! together with its row in the `migration` table.

use super::error::DbError;
use super::Database;
use include_dir::{include_dir, Dir};

static MIGRATIONS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/src/server/migrations");

const BOOTSTRAP: &str = "
DEFINE TABLE IF NOT EXISTS migration SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS name ON migration TYPE string;
DEFINE FIELD IF NOT EXISTS applied_at ON migration TYPE datetime DEFAULT time::now() READONLY;
";

pub struct Migration {
    pub name: String,
    pub sql: &'static str,
}

/// The embedded migrations, sorted by their number.
pub fn all() -> Result<Vec<Migration>, DbError> {
    let files = MIGRATIONS.files().filter(|file| file.path().extension().is_some_and(|ext| ext == "surql"));
    let mut migrations = files
        .map(|file| read(&file.path().to_string_lossy(), file.contents()))
        .collect::<Result<Vec<Migration>, DbError>>()?;
    migrations.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(migrations)
}

/// One migration file: UTF-8 and not empty, or the server does not start
/// (an empty migration would be recorded as applied and never run again).
pub fn read(path: &str, contents: &'static [u8]) -> Result<Migration, DbError> {
    let name = path.trim_end_matches(".surql").rsplit('/').next().unwrap_or(path).to_owned();
    let failed = |reason: &str| DbError::Migration { name: name.clone(), reason: reason.to_owned() };
    let sql = std::str::from_utf8(contents).map_err(|_| failed("the file is not valid UTF-8"))?;
    if sql.trim().is_empty() {
        return Err(failed("the file is empty"));
    }
    Ok(Migration { name, sql })
}

/// Applies the embedded migrations that are missing; returns the names applied now.
pub async fn apply(db: &Database) -> Result<Vec<String>, DbError> {
    apply_list(db, all()?).await
}

/// Applies those of `migrations` not yet recorded, in the given order.
pub async fn apply_list(db: &Database, migrations: Vec<Migration>) -> Result<Vec<String>, DbError> {
    db.query(BOOTSTRAP).await?.check()?;
    let done: Vec<String> = db.query("SELECT VALUE name FROM migration").await?.take(0)?;
    let mut applied = Vec::new();
    for migration in migrations.into_iter().filter(|m| !done.contains(&m.name)) {
        apply_one(db, &migration).await?;
        tracing::info!(migration = %migration.name, "migration applied");
        applied.push(migration.name);
    }
    Ok(applied)
}

async fn apply_one(db: &Database, migration: &Migration) -> Result<(), DbError> {
    let failed = |reason: String| DbError::Migration { name: migration.name.clone(), reason };
    let sql = format!(
        "BEGIN TRANSACTION;\n{}\n;CREATE type::record('migration', $name) CONTENT {{ name: $name }};\nCOMMIT TRANSACTION;",
        migration.sql
    );
    let mut response =
        db.query(sql).bind(("name", migration.name.clone())).await.map_err(|e| failed(e.to_string()))?;
    let errors = response.take_errors();
    if errors.is_empty() {
        return Ok(());
    }
    Err(failed(root_cause(errors)))
}

fn root_cause(errors: std::collections::HashMap<usize, surrealdb::Error>) -> String {
    super::error::root_cause(errors).map(|e| e.to_string()).unwrap_or_default()
}
