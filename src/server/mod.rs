//! Everything that runs only on the server: configuration, database,
//! migrations, repositories and the HTTP stack.

pub mod auth;
pub mod backup;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod feedback;
pub mod http;
pub mod migrations;
pub mod photos;
pub mod public_page;
pub mod repo;
pub mod service_worker;
pub mod sync;
pub mod telemetry;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

pub use db::Database;

/// Shared by every request and, through Leptos context, every server function.
#[derive(Clone)]
pub struct AppState {
    pub leptos: LeptosOptions,
    pub settings: Arc<config::Settings>,
    pub db: Database,
    pub service_worker: Arc<service_worker::ServiceWorker>,
    /// Made anew at every start and sent with every pull: when it changes,
    /// phones check that the server still holds what they sent
    /// (`docs/sync.md`, "Proof of holding").
    pub boot_id: Arc<str>,
    /// Admits `settings.sync_concurrency` sync batches at a time.
    pub sync_gate: Arc<tokio::sync::Semaphore>,
    /// Places for the batches being applied and the `settings.sync_queue`
    /// waiting for a turn; a batch that finds none is answered "busy" at once.
    pub sync_line: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    pub fn new(config: config::Config, db: Database) -> AppState {
        let service_worker = service_worker::ServiceWorker::build(&config.leptos);
        let turns = config.settings.sync_concurrency.max(1);
        let sync_gate = Arc::new(tokio::sync::Semaphore::new(turns));
        let sync_line = Arc::new(tokio::sync::Semaphore::new(turns + config.settings.sync_queue));
        AppState {
            sync_gate,
            sync_line,
            leptos: config.leptos,
            settings: Arc::new(config.settings),
            db,
            service_worker: Arc::new(service_worker),
            boot_id: uuid::Uuid::now_v7().to_string().into(),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
