//! The `gridlink` command: read the configuration, open and migrate the
//! database, optionally load demo data, then serve until SIGINT/SIGTERM.

use super::config::Config;
use super::{db, demo, http, migrations, AppState};
use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

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
    #[arg(long)]
    pub config: Option<PathBuf>,
}

pub async fn run() -> ExitCode {
    let args = Args::parse();
    super::telemetry::init();
    match start(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gridlink: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn start(args: Args) -> Result<(), String> {
    let config = Config::load(args.config.as_deref()).map_err(|e| format!("configuration: {e}"))?;
    let db = db::connect(&config.settings).await.map_err(|e| e.to_string())?;
    let applied = migrations::apply(&db).await.map_err(|e| e.to_string())?;
    tracing::info!(applied = applied.len(), "database ready");
    if args.demo {
        demo::load(&db).await.map_err(|e| format!("loading demo data: {e}"))?;
    }
    if args.setup_only {
        return Ok(());
    }
    let state = AppState::new(config, db);
    http::serve(state).await.map_err(|e| e.to_string())
}
