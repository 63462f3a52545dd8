//! GridLink's runtime settings: the `[gridlink]` table of `Leptos.toml`,
//! each key overridable by a `GRIDLINK_<KEY>` environment variable. The
//! Leptos site options come from the `[package.metadata.leptos]` table of
//! the same file (overridable by `LEPTOS_<KEY>`).

use crate::model::assessment::AssessmentRules;
use crate::model::issue::IssueCategory;
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use leptos::config::LeptosOptions;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const DEFAULT_CONFIG_FILE: &str = "Leptos.toml";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// `surrealkv://…`, `mem://` or `ws://host:port`; empty means the
    /// embedded database under `data_dir`.
    pub database_url: String,
    pub data_dir: PathBuf,
    pub database_namespace: String,
    pub database_name: String,
    /// The embedded engine's write buffer (MiB). What it holds is in the log
    /// too; a start after a crash replays at most this much log.
    pub database_memtable_mib: u64,
    /// The embedded engine's cache of table blocks (MiB).
    pub database_cache_mib: u64,
    /// Root credentials, needed only for a remote (`ws://`) SurrealDB.
    pub database_user: Option<String>,
    pub database_password: Option<String>,
    pub database_connect_timeout_secs: u64,
    pub session_idle_minutes: u64,
    pub session_absolute_hours: u64,
    /// Serve the session cookie `Secure` with the `__Host-` prefix; needs HTTPS.
    pub secure_cookies: bool,
    /// Failed logins in a row that lock an account.
    pub login_max_failures: u32,
    /// How long a lock lasts; also the window for counting failures per address.
    pub login_lock_minutes: u64,
    /// Failed logins from one address (any accounts) that stop further tries.
    pub login_ip_max_failures: u32,
    /// Language used until the user picks one (`zh-CN` or `en`).
    pub default_locale: String,
    /// How long in-flight requests may finish after SIGTERM/SIGINT.
    pub shutdown_grace_secs: u64,
    /// Behind a reverse proxy: take the client address from the last entry
    /// of `X-Forwarded-For` (the one the proxy added), not the peer address.
    pub behind_proxy: bool,
    /// The phone warns when an operation has waited longer than this to sync.
    pub sync_stale_hours: u64,
    /// The grid worker's home lists households not visited for this many days.
    pub quiet_household_days: u32,
    /// Care tags a household may carry (独居老人, …): kept minimal, personal data.
    pub care_tags: Vec<String>,
    /// How many sync batches the server applies at once. The rest wait, at
    /// most `sync_wait_ms`, and are then answered "busy" (the phone sends
    /// them again later): a crowd of phones coming online at once queues
    /// cheaply instead of piling up half-done transactions in memory.
    pub sync_concurrency: usize,
    pub sync_wait_ms: u64,
    /// At most this many batches wait for a turn; the next is answered
    /// "busy" at once: each waiting request holds memory (~2.7 MB under
    /// the load bench), so the line is what bounds it under overload.
    pub sync_queue: usize,
    /// Needs one address may send from the public page in an hour.
    pub public_needs_per_hour: u32,
    /// Per issue category: accept within N hours, resolve within M days,
    /// both counted from when the issue was captured on the phone.
    pub issue_deadlines: BTreeMap<String, Deadline>,
    /// Weights and targets of the units' and members' assessment.
    pub assessment: AssessmentRules,
    /// Verified volunteer hours for each star level, rising.
    pub star_hours: Vec<u32>,
    /// Where the server writes its daily backup; empty: no daily backup.
    pub backup_dir: PathBuf,
    /// How many daily backups to keep.
    pub backup_keep: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub accept_hours: u64,
    pub resolve_days: u64,
}

fn default_deadlines() -> BTreeMap<String, Deadline> {
    let deadline = |accept_hours, resolve_days| Deadline { accept_hours, resolve_days };
    IssueCategory::ALL
        .iter()
        .copied()
        .map(|category| {
            let value = match category {
                IssueCategory::Safety => deadline(2, 1),
                IssueCategory::Environment => deadline(24, 3),
                IssueCategory::PublicServices | IssueCategory::Other => deadline(48, 10),
                _ => deadline(24, 7),
            };
            (category.as_str().to_owned(), value)
        })
        .collect()
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            database_url: String::new(),
            data_dir: PathBuf::from("data"),
            database_namespace: "gridlink".into(),
            database_name: "main".into(),
            database_user: None,
            database_password: None,
            database_connect_timeout_secs: 10,
            database_memtable_mib: 64,
            database_cache_mib: 256,
            session_idle_minutes: 120,
            session_absolute_hours: 24 * 7,
            secure_cookies: false,
            login_max_failures: 5,
            login_lock_minutes: 15,
            login_ip_max_failures: 20,
            default_locale: "zh-CN".into(),
            shutdown_grace_secs: 10,
            behind_proxy: false,
            sync_stale_hours: 24,
            quiet_household_days: 90,
            care_tags: ["独居老人", "残疾人", "低保户", "退役军人", "党员中心户"].map(String::from).to_vec(),
            sync_concurrency: 4,
            sync_wait_ms: 2000,
            sync_queue: 32,
            public_needs_per_hour: 5,
            issue_deadlines: default_deadlines(),
            assessment: AssessmentRules::default(),
            star_hours: vec![100, 300, 600, 1000, 1500],
            backup_dir: PathBuf::new(),
            backup_keep: 14,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}")]
    Settings(#[from] Box<figment::Error>),
    #[error("cannot read the Leptos site options in {path}: {reason}")]
    Leptos { path: String, reason: String },
    #[error("default_locale must be zh-CN or en, not {0:?}")]
    Locale(String),
    #[error("issue_deadlines: {0:?} is not an issue category")]
    Category(String),
    #[error("assessment: at least one weight must be above 0")]
    Weights,
    #[error("star_hours must rise from one level to the next")]
    Stars,
}

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    pub settings: Settings,
    pub leptos: LeptosOptions,
}

impl Settings {
    /// Reads the `[gridlink]` table of `path` (if the file exists) and the
    /// `GRIDLINK_*` environment.
    pub fn load(path: &Path) -> Result<Settings, ConfigError> {
        let settings: Settings = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Figment::from(Toml::file(path)).focus("gridlink"))
            .merge(
                Env::prefixed("GRIDLINK_")
                    .only(&Settings::keys().iter().map(String::as_str).collect::<Vec<_>>()),
            )
            .extract()
            .map_err(Box::new)?;
        settings.validate()?;
        Ok(settings)
    }

    /// Only these `GRIDLINK_*` variables are settings; scripts may use others.
    fn keys() -> Vec<String> {
        match serde_json::to_value(Settings::default()) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if !matches!(self.default_locale.as_str(), "zh-CN" | "en") {
            return Err(ConfigError::Locale(self.default_locale.clone()));
        }
        if let Some(key) = self.issue_deadlines.keys().find(|key| IssueCategory::parse(key).is_none()) {
            return Err(ConfigError::Category(key.clone()));
        }
        if !self.star_hours.windows(2).all(|pair| pair[0] < pair[1]) {
            return Err(ConfigError::Stars);
        }
        match self.assessment.is_usable() {
            true => Ok(()),
            false => Err(ConfigError::Weights),
        }
    }

    /// The deadlines of `category` (every category has one: defaults fill gaps).
    pub fn deadline(&self, category: IssueCategory) -> Deadline {
        let fallback = Deadline { accept_hours: 24, resolve_days: 7 };
        self.issue_deadlines.get(category.as_str()).copied().unwrap_or(fallback)
    }

    pub fn session_lifetimes(&self) -> crate::server::auth::session::Lifetimes {
        crate::server::auth::session::Lifetimes {
            idle: Duration::from_secs(self.session_idle_minutes * 60),
            absolute: Duration::from_secs(self.session_absolute_hours * 3600),
        }
    }

    pub fn login_lock_duration(&self) -> Duration {
        Duration::from_secs(self.login_lock_minutes * 60)
    }

    /// The connection URL, with the embedded default filled in. Every
    /// commit is synced to disk: a grid worker's "saved" must survive a
    /// power cut of the server.
    pub fn database_url(&self) -> String {
        if !self.database_url.is_empty() {
            return self.database_url.clone();
        }
        let path = self.data_dir.join("gridlink.db");
        // 0 keeps SurrealKV's own memtable size (1 GiB on most servers): a
        // start after a crash then replays up to that much log.
        let memtable = match self.database_memtable_mib {
            0 => String::new(),
            mib => format!("&surrealkv_max_memtable_size={}", mib << 20),
        };
        format!(
            "surrealkv://{}?sync=every{memtable}&surrealkv_block_cache_capacity={}",
            path.display(),
            self.database_cache_mib << 20,
        )
    }
}

impl Config {
    /// `path` defaults to `$GRIDLINK_CONFIG` or `Leptos.toml`.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let path = config_path(path);
        Ok(Config { settings: Settings::load(&path)?, leptos: leptos_options(&path)? })
    }
}

fn config_path(path: Option<&Path>) -> PathBuf {
    path.map(Path::to_path_buf)
        .or_else(|| std::env::var_os("GRIDLINK_CONFIG").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CONFIG_FILE))
}

/// The file wins when present; without it (a bare release binary) the
/// `LEPTOS_*` variables and the values cargo-leptos compiled in apply.
fn leptos_options(path: &Path) -> Result<LeptosOptions, ConfigError> {
    let file = path.exists().then(|| path.to_string_lossy().into_owned());
    leptos::config::get_configuration(file.as_deref())
        .map(|conf| conf.leptos_options)
        .map_err(|error| ConfigError::Leptos { path: path.display().to_string(), reason: error.to_string() })
}
