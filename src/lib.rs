//! GridLink (网格连心): offline-first community party building and grid
//! governance. The crate builds twice: as the server (`ssr`) and as the
//! browser bundle (`hydrate`).

#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod model;
pub mod offline;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

/// Hydrates asynchronously, as lazy routes need (a first page that is a
/// lazy screen waits for its chunk), then marks the page interactive. Not in
/// the browser tests: their runner cannot load the split-chunk imports.
#[cfg(all(feature = "hydrate", not(test)))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        let app = leptos::mount::hydrate_from_async(leptos::tachys::dom::body(), app::App).await;
        app.forget();
        offline::mark_hydrated();
    });
}
