//! The `gridlink` command: read the configuration, open and migrate the
//! database, optionally load demo data, then serve until SIGINT/SIGTERM.
//! `gridlink backup FILE` and `gridlink restore FILE` copy the database to
//! and from a SurrealQL export.

use super::backup::BackupError;
use super::config::{Config, ConfigError, Settings};
use super::error::DbError;
use super::http::ServeError;
use super::{backup, db, demo, http, migrations, AppState};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Parser)]
#[command(name = "gridlink", version, about = "网格连心 GridLink server")]
pub struct Args {
    /// Load the demo street (idempotent) before serving.
    #[arg(long)]
    pub demo: bool,
    /// Apply migrations (and demo data with --demo), then exit.
    #[arg(long)]
    pub setup_only: bool,
    /// Configuration file [default: $GRIDLINK_CONFIG or Leptos.toml].
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the whole database to FILE (SurrealQL). The embedded database
    /// can be read only while the server is stopped; the server itself
    /// writes a daily backup when `backup_dir` is set.
    Backup { file: PathBuf },
    /// Load FILE (made by `gridlink backup`) into an empty database.
    Restore { file: PathBuf },
}

/// Why the command stopped; printed, and the exit code is 1.
#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error("configuration: {0}")]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Database(#[from] DbError),
    #[error("loading demo data: {0}")]
    Demo(DbError),
    #[error("{0}")]
    Serve(#[from] ServeError),
    #[error("{0}")]
    Backup(#[from] BackupError),
}

/// How long the embedded store may take to flush and close at exit.
const CLOSE_LIMIT: Duration = Duration::from_secs(60);

pub async fn run() -> ExitCode {
    let args = Args::parse();
    super::telemetry::init();
    match start(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gridlink: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn start(args: Args) -> Result<(), CliError> {
    let config = Config::load(args.config.as_deref())?;
    let store = db::embedded_store(&config.settings.database_url());
    let result = match args.command {
        Some(command) => run_command(command, &config.settings).await,
        None => serve(config, args.demo, args.setup_only).await,
    };
    // Every handle is gone by now; let the embedded engine finish closing.
    if let Some(store) = store {
        if !db::wait_until_closed(&store, CLOSE_LIMIT).await {
            tracing::warn!("the database did not close in time; the next start replays its log");
        }
    }
    result
}

async fn serve(config: Config, demo: bool, setup_only: bool) -> Result<(), CliError> {
    let db = open(&config.settings).await?;
    if demo && demo::load(&db).await.map_err(CliError::Demo)? {
        demo::load_day(&db).await.map_err(CliError::Demo)?;
    }
    if setup_only {
        return Ok(());
    }
    let state = AppState::new(config, db);
    let backups = backup::schedule_daily(&state);
    let served = http::serve(state).await.map_err(CliError::from);
    if let Some(task) = backups {
        task.abort();
        // The task ends cancelled (the expected error); awaiting it drops its database handle.
        let _ = task.await;
    }
    served
}

async fn open(settings: &Settings) -> Result<super::Database, CliError> {
    let db = db::connect(settings).await?;
    let applied = migrations::apply(&db).await?;
    tracing::info!(applied = applied.len(), "database ready");
    Ok(db)
}

async fn run_command(command: Command, settings: &Settings) -> Result<(), CliError> {
    match command {
        Command::Backup { file } => {
            let db = db::connect(settings).await?;
            backup::write(&db, &file).await?;
            println!("backup written to {}", file.display());
        }
        Command::Restore { file } => {
            let db = db::connect(settings).await?;
            backup::restore(&db, &file).await?;
            migrations::apply(&db).await?;
            println!("restored from {}", file.display());
        }
    }
    Ok(())
}
