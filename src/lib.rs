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

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
