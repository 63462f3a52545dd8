//! The browser's side of working offline: connection state, the service
//! worker and reading local files. On the server these are inert, so components can call them freely.

use leptos::prelude::*;

#[cfg(feature = "hydrate")]
mod browser;

#[derive(Clone, Copy)]
struct OnlineStatus(ReadSignal<bool>);

/// Starts tracking the connection for the whole app. Rendered as online on
/// the server and during hydration, then follows `navigator.onLine` and the
/// `online`/`offline` events.
pub fn provide_online_status() {
    let (online, set_online) = signal(true);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| browser::watch_connection(set_online));
    #[cfg(not(feature = "hydrate"))]
    let _ = set_online;
    provide_context(OnlineStatus(online));
}

/// `true` while the phone has a connection.
pub fn use_online_status() -> ReadSignal<bool> {
    use_context::<OnlineStatus>().map(|status| status.0).unwrap_or_else(|| signal(true).0)
}

/// Asks the service worker to drop every page it kept for the user who
/// just logged out.
pub fn forget_private_pages() {
    #[cfg(feature = "hydrate")]
    browser::forget_private_pages();
}

/// Registers `/sw.js` once the page has hydrated.
pub fn register_service_worker() {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| browser::register_service_worker());
}

/// Puts the text of the file chosen in a file input into `text` (for CSV
/// imports: the file is read on the phone, then sent like pasted text).
pub fn read_chosen_file(event: leptos::ev::Event, text: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    browser::read_chosen_file(event_target(&event), move |content| text.set(content));
    #[cfg(not(feature = "hydrate"))]
    let _ = (event, text);
}
