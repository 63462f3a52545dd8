//! Issue 14: every page is wrapped in the i18n context, whose provider
//! starts an isomorphic effect. On the server that effect runs as a task of
//! its own, on any worker thread, while the request that made it may be
//! finishing on another: its reactive owner, and the locale signal the
//! effect reads, can be disposed in the middle of the effect's run. In
//! leptos_i18n 0.6.2 that read panicked (`context.rs:213`, "you tried to
//! access a reactive value … but it has already been disposed"); our patch
//! (vendor/README.md) reads it with `try_get`.

use crate::support::panics_so_far;
use gridlink::i18n::I18nContextProvider;
use leptos::prelude::*;

/// Renders and disposes many times on two worker threads, so that
/// disposals land in the middle of the effect's first run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_render_disposed_while_its_language_effect_runs_does_not_panic() {
    // Already set when another test built the router first; then this fails harmlessly.
    let _ = any_spawner::Executor::init_tokio();
    let panics = panics_so_far();
    for _ in 0..3000 {
        let owner = Owner::new();
        let html =
            owner.with(|| view! { <I18nContextProvider><p>"网格连心"</p></I18nContextProvider> }.to_html());
        assert!(html.contains("网格连心"));
        tokio::task::yield_now().await;
        owner.cleanup();
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(panics_so_far(), panics, "the i18n effect read a disposed locale");
}
