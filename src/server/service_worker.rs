//! `/sw.js`: the hand-written service worker with this build's asset names
//! filled in, so it precaches exactly the files the pages refer to.

use leptos::config::LeptosOptions;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const TEMPLATE: &str = include_str!("sw.js");

/// Files other than the build's js/wasm/css that the offline shell needs.
/// Every top-level page is here: a page opened offline must be its own
/// HTML, or hydration would not match the route.
const STATIC_SHELL: &[&str] = &[
    "/",
    "/visits",
    "/issues",
    "/tasks",
    "/me",
    "/sync",
    "/manifest.webmanifest",
    "/icons/icon-192.png",
    "/icons/icon-512.png",
    "/icons/icon-maskable-512.png",
];

pub struct ServiceWorker {
    pub version: String,
    pub precache: Vec<String>,
    pub script: String,
}

impl ServiceWorker {
    pub fn build(options: &LeptosOptions) -> ServiceWorker {
        let hashes = if options.hash_files { read_hashes(&hash_file(options)) } else { Vec::new() };
        let mut precache: Vec<String> = STATIC_SHELL.iter().map(|s| s.to_string()).collect();
        precache.extend(bundle_urls(options, &hashes));
        precache.extend(chunk_urls(options, &hashes));
        let version = version_of(options, &precache);
        let script = TEMPLATE
            .replace("__VERSION__", &version)
            .replace("__PRECACHE__", &serde_json::to_string(&precache).unwrap_or_default());
        ServiceWorker { version, precache, script }
    }
}

/// The page's hydration script: it imports the js and the wasm when the
/// browser is idle (at most 2 s after load), like Leptos's `HydrationScripts
/// defer`, but without its two preload links, which start both downloads
/// before the first paint (Lighthouse then counts them in the LCP).
pub fn hydration_script(options: &LeptosOptions) -> &'static str {
    static SCRIPT: OnceLock<String> = OnceLock::new();
    SCRIPT.get_or_init(|| {
        let hashes = if options.hash_files { read_hashes(&hash_file(options)) } else { Vec::new() };
        let [js, wasm, _css] = bundle_urls(options, &hashes);
        format!(
            "(() => {{ const hydrate = () => import({js:?}).then((app) => \
             app.default({{ module_or_path: {wasm:?} }}).then(() => app.hydrate())); \
             if (\"requestIdleCallback\" in window) {{ requestIdleCallback(hydrate, {{ timeout: 2000 }}); }} \
             else {{ hydrate(); }} }})();"
        )
    })
}

/// The URLs of the wasm, js and css bundles, as the page links them.
fn bundle_urls(options: &LeptosOptions, hashes: &[(String, String)]) -> [String; 3] {
    let name = |kind: &str| {
        let hash = hashes.iter().find(|(k, _)| k == kind).map(|(_, h)| format!(".{h}"));
        format!("/{}/{}{}.{kind}", options.site_pkg_dir, options.output_name, hash.unwrap_or_default())
    };
    [name("js"), name("wasm"), name("css")]
}

/// The lazy screens' chunks of a `--split` build (`components::lazy_page`):
/// the loader, which the main js imports on every page, and every wasm
/// module its manifest lists. Precached so that every screen opens offline
/// after the first visit, and replaced as one set by the next build.
fn chunk_urls(options: &LeptosOptions, hashes: &[(String, String)]) -> Vec<String> {
    let hash = |kind: &str| hashes.iter().find(|(k, _)| k == kind).map(|(_, h)| h.as_str());
    let (loader, manifest) = match (options.hash_files, hash("split"), hash("manifest")) {
        (true, Some(split), Some(manifest)) => {
            (format!("__wasm_split.{split}.js"), format!("__wasm_split_manifest.{manifest}.json"))
        }
        (false, ..) => {
            ("__wasm_split.______________________.js".to_owned(), "__wasm_split_manifest.json".to_owned())
        }
        _ => return Vec::new(),
    };
    let pkg = options.site_pkg_dir.as_ref();
    let path = Path::new(options.site_root.as_ref()).join(pkg).join(manifest);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Vec::new();
    };
    let modules: std::collections::BTreeMap<String, Vec<String>> = match serde_json::from_str(&text) {
        Ok(modules) => modules,
        Err(error) => {
            tracing::error!(path = %path.display(), %error, "the split manifest is not readable; lazy screens will not open offline");
            return Vec::new();
        }
    };
    let stems: std::collections::BTreeSet<String> = modules.into_values().flatten().collect();
    std::iter::once(format!("/{pkg}/{loader}"))
        .chain(stems.iter().map(|stem| format!("/{pkg}/{stem}.wasm")))
        .collect()
}

/// cargo-leptos writes the hashes next to the server binary, as Leptos expects.
fn hash_file(options: &LeptosOptions) -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
        .unwrap_or_default()
        .join(options.hash_file.as_ref())
}

fn read_hashes(path: &Path) -> Vec<(String, String)> {
    let Ok(text) = std::fs::read_to_string(path) else {
        tracing::warn!(path = %path.display(), "hash-files is on but the hash file is missing");
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(kind, hash)| (kind.trim().to_owned(), hash.trim().to_owned()))
        .collect()
}

/// Changes whenever a precached file changes, so phones fetch the new shell.
fn version_of(options: &LeptosOptions, precache: &[String]) -> String {
    let mut hasher = DefaultHasher::new();
    TEMPLATE.hash(&mut hasher);
    for url in precache {
        url.hash(&mut hasher);
        let file = Path::new(options.site_root.as_ref()).join(url.trim_start_matches('/'));
        if let Ok(meta) = std::fs::metadata(file) {
            meta.len().hash(&mut hasher);
            meta.modified().ok().hash(&mut hasher);
        }
    }
    format!("{:016x}", hasher.finish())
}
