//! The sync loop: pushes the outbox in batches and pulls the user's area.
//! It runs at start, when the phone comes online, right after a new
//! operation, and on a retry timer that backs off (30 s, 1, 2, 4, max 5 min).

use super::outbox;
use super::SyncStatus;
use crate::api::sync::{check_held, pull_changes, push_operations};
use crate::model::local::{OutboxEntry, SentEntry, SyncMark};
use crate::model::sync::{HeldCheck, OpKind, MAX_HELD_CHECK, PUSH_BATCH};
use crate::model::AppError;
use leptos::prelude::*;
use std::cell::Cell;
use std::time::Duration;

thread_local! {
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    static FAILURES: Cell<u32> = const { Cell::new(0) };
    static TIMER: Cell<Option<TimeoutHandle>> = const { Cell::new(None) };
    /// The boot id of the server as of the last pull.
    static SERVER_BOOT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

const FIRST_RETRY_SECS: u64 = 30;
const MAX_RETRY_SECS: u64 = 300;

/// Starts a sync now, or right after the one running.
pub fn request(status: SyncStatus) {
    if RUNNING.get() {
        AGAIN.set(true);
        return;
    }
    RUNNING.set(true);
    wasm_bindgen_futures::spawn_local(run(status));
}

async fn run(status: SyncStatus) {
    status.syncing.set(true);
    loop {
        AGAIN.set(false);
        let done = online() && push_all(status).await && pull(status).await && prove_holding().await;
        if done {
            FAILURES.set(0);
            let now = outbox::now();
            status.last_sync.set(Some(now));
            let _ = outbox::set_meta("last_sync", now).await;
        } else {
            FAILURES.set(FAILURES.get() + 1);
        }
        refresh(status).await;
        if !AGAIN.get() {
            break;
        }
    }
    schedule_retry(status);
    status.syncing.set(false);
    RUNNING.set(false);
}

fn online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(false)
}

/// Retries after failures, backing off; otherwise checks again every 5 minutes.
fn schedule_retry(status: SyncStatus) {
    if let Some(handle) = TIMER.take() {
        handle.clear();
    }
    let failures = FAILURES.get();
    let delay = if failures == 0 {
        MAX_RETRY_SECS
    } else {
        (FIRST_RETRY_SECS << (failures - 1).min(4)).min(MAX_RETRY_SECS)
    };
    if let Ok(handle) = set_timeout_with_handle(move || request(status), Duration::from_secs(delay)) {
        TIMER.set(Some(handle));
    }
}

/// Sends pending operations until none is left; false if the server could
/// not be reached (they stay in the outbox).
async fn push_all(status: SyncStatus) -> bool {
    loop {
        let Ok(entries) = outbox::outbox().await else { return false };
        let owner = outbox::owner().await;
        // Another account's records wait for that account's login.
        let mine = |e: &&OutboxEntry| e.owner.is_empty() || Some(&e.owner) == owner.as_ref();
        let batch: Vec<OutboxEntry> = entries
            .iter()
            .filter(|e| e.mark == SyncMark::Pending)
            .filter(mine)
            .take(PUSH_BATCH)
            .cloned()
            .collect();
        if batch.is_empty() {
            return true;
        }
        let ops = batch.iter().map(|entry| entry.op.clone()).collect();
        let answers = match push_operations(ops).await {
            Ok(answers) => answers,
            Err(AppError::Unauthenticated) => {
                status.needs_login.set(true);
                return false;
            }
            Err(_) => return false,
        };
        status.needs_login.set(false);
        let mut progressed = false;
        let mut settled = std::collections::HashSet::new();
        for entry in batch {
            let Some(answer) = answers.iter().find(|a| a.op_id == entry.op_id) else { continue };
            let stored = if answer.result.is_settled() {
                let more_waiting = entries.iter().any(|e| {
                    e.record_id == entry.record_id && e.op_id != entry.op_id && !settled.contains(&e.op_id)
                });
                settled.insert(entry.op_id.clone());
                outbox::settle(&entry, more_waiting).await
            } else if answer.result.is_transient() {
                continue;
            } else {
                outbox::set_aside(entry, answer.result.clone()).await
            };
            progressed |= stored.is_ok();
        }
        refresh(status).await;
        if !progressed {
            return false;
        }
    }
}

async fn pull(status: SyncStatus) -> bool {
    let cursor: i64 = outbox::meta("cursor").await.ok().flatten().unwrap_or(0);
    match pull_changes(cursor).await {
        Ok(data) => {
            status.stale_hours.set(data.stale_after_hours);
            SERVER_BOOT.set(Some(data.boot_id.clone()));
            let area_changed = outbox::store_pull(data).await;
            if let Ok(true) = area_changed {
                status.area_revision.update(|n| *n += 1);
            }
            area_changed.is_ok()
        }
        Err(AppError::Unauthenticated) => {
            status.needs_login.set(true);
            false
        }
        Err(_) => false,
    }
}

const HELD_CHECK_EVERY_MS: i64 = 86_400_000;

/// Proof of holding (`docs/sync.md`): after the server restarted, and once
/// a day, ask whether it still holds what this phone sent in the last 30
/// days; what it lost goes back into the outbox and is sent again at once.
async fn prove_holding() -> bool {
    let Some(boot_id) = SERVER_BOOT.with(|boot| boot.borrow().clone()) else { return true };
    let known: Option<String> = outbox::meta("boot_id").await.ok().flatten();
    let checked_at: i64 = outbox::meta("held_checked_at").await.ok().flatten().unwrap_or(0);
    if known.as_deref() == Some(boot_id.as_str()) && outbox::now() - checked_at < HELD_CHECK_EVERY_MS {
        return true;
    }
    let Some(owner) = outbox::owner().await else { return true };
    let Ok(sent) = outbox::recently_sent(&owner).await else { return false };
    let mut lost: Vec<SentEntry> = Vec::new();
    for chunk in sent.chunks(MAX_HELD_CHECK) {
        let checks = chunk.iter().filter_map(held_check).collect();
        let Ok(missing) = check_held(checks).await else { return false };
        lost.extend(chunk.iter().filter(|e| missing.contains(&e.op_id)).cloned());
    }
    if !lost.is_empty() && outbox::send_again(&lost).await.is_err() {
        return false;
    }
    if outbox::set_meta("boot_id", boot_id).await.is_err()
        || outbox::set_meta("held_checked_at", outbox::now()).await.is_err()
    {
        return false;
    }
    if !lost.is_empty() {
        AGAIN.set(true);
    }
    true
}

fn held_check(entry: &SentEntry) -> Option<HeldCheck> {
    let kind = OpKind::parse(&entry.op.kind)?;
    Some(HeldCheck { op_id: entry.op_id.clone(), kind, record_id: entry.record_id.clone() })
}

/// Recounts the outbox and tells the pages that local data changed.
pub async fn refresh(status: SyncStatus) {
    if let Ok(entries) = outbox::outbox().await {
        let owner = outbox::owner().await;
        let (mine, held): (Vec<&OutboxEntry>, Vec<&OutboxEntry>) =
            entries.iter().partition(|e| e.owner.is_empty() || Some(&e.owner) == owner.as_ref());
        status.held.set(held.len());
        let pending: Vec<_> = mine.iter().filter(|e| e.mark == SyncMark::Pending).collect();
        status.pending.set(pending.len());
        status.oldest_pending.set(pending.iter().map(|e| e.op.captured_at).min());
        status.attention.set(mine.iter().filter(|e| e.mark == SyncMark::Attention).count());
    }
    if status.last_sync.get_untracked().is_none() {
        status.last_sync.set(outbox::meta("last_sync").await.ok().flatten());
    }
    if let Ok(Some(hours)) = outbox::meta::<u64>("stale_after_hours").await {
        status.stale_hours.set(hours);
    }
    status.revision.update(|n| *n += 1);
}
