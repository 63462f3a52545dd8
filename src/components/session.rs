//! Whether someone is logged in, for what the layout shows: a visitor sees
//! neither the worker's tabs nor the sync badge (`.worker-only` elements,
//! hidden by `body[data-session="out"]`). The server judges by the session
//! cookie; in the browser the phone's own record of the login decides, so
//! that a page served from the cache offline still shows the worker's tabs.

use leptos::prelude::*;
use leptos_meta::Body;

#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<bool>);

pub fn provide_session() {
    let signed_in = RwSignal::new(crate::api::has_session_cookie());
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            match crate::offline::signed_in_here().await {
                Ok(here) => signed_in.set(here),
                Err(error) => leptos::logging::warn!("{error}"),
            }
        });
    });
    provide_context(Session(signed_in));
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Marks the body for the stylesheet.
#[component]
pub fn SessionMark() -> impl IntoView {
    let Session(signed_in) = use_session();
    let mark = move || if signed_in.get() { "in" } else { "out" };
    view! { <Body attr:data-session=mark /> }
}
