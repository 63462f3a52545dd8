//! 同步: what is waiting on this phone, what needs the user's attention and
//! why, and the last-resort tools (save to a file, clear a shared phone).

use crate::components::{answer_text, ErrorNotice, Outcome, PhoneData, PhoneProblem, Problem};
use crate::i18n::*;
use crate::model::local::{LocalPhoto, OutboxEntry, PhotoState, SyncMark};
use crate::model::photo::PhotoOf;
use crate::model::time::short_time;
use crate::offline::{
    clear_device, confirm, discard, download_unsynced, local_photos, now_millis, outbox_entries, resend,
    storage_estimate, sync_now, use_sync, LocalError,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn SyncPage() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let entries = LocalResource::new(move || {
        sync.revision.get();
        outbox_entries()
    });
    view! {
        <section class="card">
            <h1>{t!(i18n, sync_title)}</h1>
            <SyncFacts />
            <SyncWarnings />
            <button type="button" class="primary" on:click=move |_| sync_now() disabled=move || sync.syncing.get()>
                {move || if sync.syncing.get() { t_string!(i18n, sync_running) } else { t_string!(i18n, sync_now) }}
            </button>
        </section>
        <section class="card">
            <h2>{t!(i18n, sync_attention_title)}</h2>
            <PhoneData resource=entries view={|entries| view! { <AttentionList entries /> }} />
        </section>
        <PhotoSection />
        <DeviceTools />
    }
}

/// How many records wait, and when the phone last synced.
#[component]
fn SyncFacts() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let last = move || {
        sync.last_sync.get().map(short_time).unwrap_or_else(|| t_string!(i18n, sync_never).to_owned())
    };
    view! {
        <dl class="facts">
            <dt>{t!(i18n, sync_pending_count)}</dt>
            <dd data-testid="sync-pending">{move || sync.pending.get()}</dd>
            <dt>{t!(i18n, sync_attention_count)}</dt>
            <dd data-testid="sync-attention">{move || sync.attention.get()}</dd>
            <Show when=move || { sync.held.get() > 0 }>
                <dt>{t!(i18n, sync_held_count)}</dt>
                <dd data-testid="sync-held">{move || sync.held.get()}</dd>
            </Show>
            <dt>{t!(i18n, sync_last)}</dt>
            <dd data-testid="sync-last">{last}</dd>
        </dl>
    }
}

/// Records waiting too long, a session that ended, a storage failure.
#[component]
fn SyncWarnings() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    view! {
        <Show when=move || sync.is_stale(now_millis())>
            <p class="notice notice-error" role="alert">{t!(i18n, sync_stale)}</p>
        </Show>
        <Show when=move || sync.needs_login.get()>
            <p class="notice notice-error" role="alert">
                {t!(i18n, sync_needs_login)} " " <a href="/login">{t!(i18n, me_log_in)}</a>
            </p>
        </Show>
        {move || sync.problem.get().map(|error| view! { <PhoneProblem error /> })}
    }
}

#[component]
fn AttentionList(entries: Vec<OutboxEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let attention: Vec<OutboxEntry> = entries.into_iter().filter(|e| e.mark == SyncMark::Attention).collect();
    if attention.is_empty() {
        return view! { <p class="muted">{t!(i18n, sync_attention_none)}</p> }.into_any();
    }
    let rows = attention.into_iter().map(|entry| view! { <AttentionRow entry /> }).collect_view();
    view! { <ul class="list">{rows}</ul> }.into_any()
}

#[component]
fn AttentionRow(entry: OutboxEntry) -> impl IntoView {
    let i18n = use_i18n();
    let reason = entry.answer.clone();
    let reason = move || reason.as_ref().map(|a| answer_text(i18n, a)).unwrap_or_default();
    let (again, drop) = (entry.op_id.clone(), entry.op_id.clone());
    let failed = RwSignal::new(None::<LocalError>);
    let discard_it = move |_| {
        if confirm(t_string!(i18n, sync_discard_confirm)) {
            let op_id = drop.clone();
            spawn_local(async move { failed.set(discard(op_id).await.err()) });
        }
    };
    let send_again = move |_| {
        let op_id = again.clone();
        spawn_local(async move { failed.set(resend(op_id).await.err()) });
    };
    view! {
        <li class="row" data-testid="attention-row">
            <div>
                <strong>{entry.summary.clone()}</strong>
                <br />
                <span class="muted">{short_time(entry.op.captured_at)}</span>
                <p class="notice notice-error">{reason}</p>
                {move || failed.get().map(|error| view! { <PhoneProblem error /> })}
                <div class="actions">
                    <button type="button" class="primary" on:click=send_again>{t!(i18n, sync_resend)}</button>
                    <button type="button" class="secondary" on:click=discard_it>{t!(i18n, sync_discard)}</button>
                </div>
            </div>
        </li>
    }
}

/// The photos taken on this phone, each with how far it got, and what the
/// phone's storage holds.
#[component]
fn PhotoSection() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let photos = LocalResource::new(move || {
        sync.revision.get();
        sync.photos_revision.get();
        local_photos()
    });
    let storage = LocalResource::new(move || {
        sync.photos_revision.get();
        storage_estimate()
    });
    let storage_text = move || {
        storage.get().flatten().map(|(used, quota)| {
            format!("{} {} / {}", t_string!(i18n, photos_storage), megabytes(used), megabytes(quota))
        })
    };
    view! {
        <section class="card" data-testid="photo-section">
            <h2>{t!(i18n, photos_title)}</h2>
            <PhoneData resource=photos view={|photos| view! { <PhotoList photos /> }} />
            <p class="muted" data-testid="photo-storage">{storage_text}</p>
        </section>
    }
}

/// Whole megabytes and a tenth, without float formatting (see `Location::text`).
fn megabytes(bytes: f64) -> String {
    let tenths = (bytes / 104_857.6).round() as u64;
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

#[component]
fn PhotoList(mut photos: Vec<LocalPhoto>) -> impl IntoView {
    let i18n = use_i18n();
    if photos.is_empty() {
        return view! { <p class="muted">{t!(i18n, photos_none)}</p> }.into_any();
    }
    photos.sort_by_key(|photo| std::cmp::Reverse(photo.taken_at));
    let total: u64 = photos.iter().map(|photo| u64::from(photo.bytes)).sum();
    let rows = photos.into_iter().map(|photo| view! { <PhotoRow photo /> }).collect_view();
    view! {
        <p data-testid="photo-total">{t!(i18n, photos_on_phone)} " " {format!("{} KB", total / 1024)}</p>
        <ul class="list">{rows}</ul>
    }
    .into_any()
}

#[component]
fn PhotoRow(photo: LocalPhoto) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let id = photo.id.clone();
    let uploading = move || sync.uploading.get().as_deref() == Some(id.as_str());
    let state = photo.state;
    let state_text = move || match (uploading(), state) {
        (true, _) => t_string!(i18n, photos_uploading),
        (false, PhotoState::Waiting) => t_string!(i18n, photos_waiting),
        (false, PhotoState::Uploaded) => t_string!(i18n, photos_uploaded),
        (false, PhotoState::Refused) => t_string!(i18n, photos_refused),
    };
    let of = move || match photo.of {
        PhotoOf::Issue => t_string!(i18n, photos_of_issue),
        PhotoOf::Visit => t_string!(i18n, photos_of_visit),
    };
    view! {
        <li class="row" data-testid="photo-row" data-state=format!("{state:?}").to_lowercase()>
            <div>
                <strong>{of}</strong> " · " {short_time(photo.taken_at)} " · " {format!("{} KB", photo.bytes / 1024)}
                " · " <span class="status">{state_text}</span>
                {photo.refusal.clone().map(|error| view! { <ErrorNotice error /> })}
            </div>
        </li>
    }
}

/// The last resorts: save what is not on the server to a file; clear a
/// shared phone.
#[component]
fn DeviceTools() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let outcome = RwSignal::new(None::<Result<(), Problem>>);
    let export = move |_| {
        spawn_local(async move {
            match outbox_entries().await {
                Ok(entries) => download_unsynced(&entries),
                Err(error) => outcome.set(Some(Err(error.into()))),
            }
        });
    };
    let clear = move |_| {
        let unsent =
            sync.pending.get_untracked() + sync.attention.get_untracked() + sync.held.get_untracked();
        let question = match unsent {
            0 => t_string!(i18n, sync_clear_confirm),
            _ => t_string!(i18n, sync_clear_pending_confirm),
        };
        if confirm(question) {
            spawn_local(async move { outcome.set(Some(clear_device().await.map_err(Problem::from))) });
        }
    };
    view! {
        <section class="card">
            <button type="button" class="secondary" data-testid="export-unsynced" on:click=export>{t!(i18n, sync_export)}</button>
            <button type="button" class="danger" data-testid="clear-device" on:click=clear>{t!(i18n, sync_clear)}</button>
            <Outcome outcome saved=move || t_string!(i18n, sync_cleared) />
        </section>
    }
}
