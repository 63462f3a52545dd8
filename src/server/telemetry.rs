//! Logging: `RUST_LOG`-style filtering, one line per event.

use tracing_subscriber::EnvFilter;

const DEFAULT_FILTER: &str = "info,tower_http=info,surrealdb=warn,surrealkv=warn";

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    // A second call (as in tests) keeps the first subscriber.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).try_init();
}
