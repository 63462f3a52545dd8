use crate::i18n::*;
use crate::model::time::short_time;
use crate::offline::{now_millis, use_sync};
use leptos::prelude::*;

/// How many records wait to be sent, and when the last sync finished; red
/// when something needs attention or has waited too long. Opens the sync page.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let state = move || {
        if sync.attention.get() > 0 || sync.is_stale(now_millis()) {
            "attention"
        } else if sync.pending.get() > 0 {
            "pending"
        } else {
            "idle"
        }
    };
    let count = move || sync.pending.get() + sync.attention.get();
    let last = move || sync.last_sync.get().map(|t| short_time(t)[6..].to_owned()).unwrap_or_default();
    view! {
        <a class="sync-badge worker-only" href="/sync" data-testid="sync-badge" data-state=state data-pending=move || sync.pending.get().to_string()
            // The visible text is part of the name, as a screen reader user hears it.
            aria-label=move || format!("{} ↑{} {}", t_string!(i18n, sync_badge_label), count(), last())>
            // The space keeps the visible text "↑0 07:10", as in the name (flex drops it on screen).
            <span class="count">{move || format!("↑{}", count())}</span>
            " "
            <span class="last">{last}</span>
        </a>
    }
}
