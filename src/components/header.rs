use crate::components::{ConnectionBadge, LanguageSwitch, SyncBadge};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="app-header">
            <a class="app-title" href="/">
                <img src="/icons/icon-192.png" alt="" width="28" height="28" />
                <span>{t!(i18n, app_name)}</span>
            </a>
            <div class="header-actions">
                <SyncBadge />
                <ConnectionBadge />
                <LanguageSwitch />
            </div>
        </header>
    }
}
