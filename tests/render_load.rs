//! Every page, rendered many times at once on two worker threads, as a busy
//! server does: no render may leave a task behind that reads its disposed
//! owner (a Suspense over data that only the phone has did: its effect could
//! still be checking its children when the response was done; issue 14).
//!
//! A test binary of its own: Leptos keeps its reactive arenas per process,
//! and renders racing with the other tests' runtimes stalled here where the
//! server never does (2 400 concurrent renders over HTTP answered in full).
#![cfg(feature = "ssr")]

use axum::body::Body;
use gridlink::server::config::{Config, Settings};
use gridlink::server::{db, demo, migrations, AppState};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tower::ServiceExt;

static PANICS: AtomicUsize = AtomicUsize::new(0);

async fn demo_state() -> AppState {
    let settings = Settings { database_url: "mem://".into(), ..Settings::default() };
    let database = db::connect(&settings).await.expect("mem:// opens");
    migrations::apply(&database).await.expect("migrates");
    demo::load(&database).await.expect("demo");
    let leptos = LeptosOptions::builder()
        .output_name("gridlink")
        .site_root("target/site")
        .site_pkg_dir("pkg")
        .hash_files(false)
        .build();
    AppState::new(Config { settings, leptos }, database)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_rendered_under_load_leave_no_panic() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.fetch_add(1, Ordering::SeqCst);
        report(info);
    }));
    let router = gridlink::server::http::router(demo_state().await);
    for path in ["/", "/login", "/visits", "/issues", "/sync", "/tasks", "/me", "/issues/queue"] {
        let renders: Vec<_> = (0..150)
            .map(|_| {
                let router = router.clone();
                tokio::spawn(async move {
                    let request = axum::http::Request::get(path).body(Body::empty()).unwrap();
                    let response = router.oneshot(request).await.expect("answers");
                    response.into_body().collect().await.expect("body");
                })
            })
            .collect();
        for render in renders {
            tokio::time::timeout(Duration::from_secs(60), render)
                .await
                .unwrap_or_else(|_| panic!("{path} did not render in 60 s"))
                .expect("renders");
        }
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "a render left a task that panicked");
}
