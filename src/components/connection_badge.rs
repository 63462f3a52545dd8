use crate::i18n::*;
use crate::offline::use_online_status;
use leptos::prelude::*;

/// Says whether the phone has a connection right now.
#[component]
pub fn ConnectionBadge() -> impl IntoView {
    let i18n = use_i18n();
    let online = use_online_status();
    let state = move || if online.get() { "online" } else { "offline" };
    view! {
        <span class="connection-badge" data-testid="connection-badge" data-state=state role="status">
            <span class="dot" aria-hidden="true"></span>
            {move || if online.get() { t_string!(i18n, online) } else { t_string!(i18n, offline) }}
        </span>
    }
}
