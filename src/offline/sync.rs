//! The sync loop: pushes the outbox in batches and pulls the user's area.
//! It runs at start and when the phone comes online (if someone is logged
//! in), right after a new operation or a login, and on a retry timer that
//! backs off (30 s, 1, 2, 4, max 5 min).

use super::outbox::{self, Answered};
use super::{LocalError, SyncStatus};
use crate::api::auth::get_current_user;
use crate::api::sync::{check_held, pull_changes, push_operations};
use crate::model::local::{OutboxEntry, SentEntry, SyncMark};
use crate::model::sync::{HeldCheck, OpAnswer, OpKind, OpResult, RejectReason, MAX_HELD_CHECK, PUSH_BATCH};
use crate::model::AppError;
use leptos::prelude::*;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::task::Poll;
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

/// The sync at start and when the phone comes online: only when someone is
/// logged in, on this phone or (`page_signed_in`) as the server saw when it
/// rendered the page (a login posted before the page was interactive). A
/// visitor's phone only counts what it holds: the server would refuse it.
pub async fn start(status: SyncStatus, page_signed_in: bool) {
    let signed_in = page_signed_in
        || match super::signed_in_here().await {
            Ok(here) => here,
            // The sync itself then reports the phone's storage problem.
            Err(error) => {
                leptos::logging::warn!("{error}");
                true
            }
        };
    if signed_in {
        request(status);
        if !online() {
            // Fetch the round's code now (from the service worker's cache),
            // so that a short moment of signal is spent sending.
            if let Err(error) = preload_sync_round().await {
                leptos::logging::warn!("the sync's code did not load: {error:?}");
            }
        }
    } else {
        refresh(status).await;
    }
}

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
        let done = match online() {
            true => sync_once_in_chunk(status).await,
            false => Ok(false),
        };
        // A storage failure is the phone's, not the network's: say so.
        status.problem.set(done.as_ref().err().cloned());
        if done == Ok(true) {
            FAILURES.set(0);
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

/// [`sync_once`] from its own wasm chunk (`sync_round`), fetched when the
/// first sync starts: the push, the pull with the whole area's formats and
/// the photo uploads are not needed before a page is interactive. The
/// service worker precaches the chunk with the others.
#[cfg(not(test))]
#[leptos::wasm_split::wasm_split(
    sync_round,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    return_wrapper(let round = _; { round.await } -> Result<bool, LocalError>),
    preload(preload_sync_round)
)]
fn sync_once_in_chunk(
    status: SyncStatus,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<bool, LocalError>>>> {
    Box::pin(sync_once(status))
}

/// The browser build's unit tests run without the splitter: in place.
#[cfg(test)]
async fn sync_once_in_chunk(status: SyncStatus) -> Result<bool, LocalError> {
    sync_once(status).await
}

#[cfg(test)]
async fn preload_sync_round() -> Result<(), leptos::wasm_split::SplitLoaderError> {
    Ok(())
}

/// Push, pull, prove holding: `Ok(true)` when all went through, `Ok(false)`
/// when the server could not be reached or refused the session.
async fn sync_once(status: SyncStatus) -> Result<bool, LocalError> {
    let done = push_all(status).await? && pull(status).await? && prove_holding().await?;
    if done {
        // After the pull: a photo that cannot go now waits for the next
        // sync without keeping the phone's copy of the area from updating.
        super::photos::upload_waiting(status).await?;
        let now = outbox::now();
        status.last_sync.set(Some(now));
        outbox::set_meta("last_sync", now).await?;
    }
    Ok(done)
}

fn online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(false)
}

/// Retries after failures, backing off; otherwise checks again every 5 minutes.
fn schedule_retry(status: SyncStatus) {
    if let Some(handle) = TIMER.take() {
        handle.clear();
    }
    let delay = retry_delay_secs(FAILURES.get());
    match set_timeout_with_handle(move || request(status), Duration::from_secs(delay)) {
        Ok(handle) => TIMER.set(Some(handle)),
        Err(error) => leptos::logging::warn!("cannot schedule the next sync: {error:?}"),
    }
}

/// After `failures` failed syncs in a row: 30 s, 1, 2, 4 minutes, then 5;
/// after a success, a check every 5 minutes.
pub fn retry_delay_secs(failures: u32) -> u64 {
    match failures {
        0 => MAX_RETRY_SECS,
        n => (FIRST_RETRY_SECS << (n - 1).min(4)).min(MAX_RETRY_SECS),
    }
}

/// The next operations to send: pending, this login's, in the order made.
pub fn next_batch(entries: &[OutboxEntry], owner: Option<&str>) -> Vec<OutboxEntry> {
    entries
        .iter()
        .filter(|e| e.mark == SyncMark::Pending && outbox::belongs_to(e, owner))
        .take(PUSH_BATCH)
        .cloned()
        .collect()
}

/// Sends pending operations until none is left; `Ok(false)` if the server
/// could not be reached (they stay in the outbox). While the server works
/// on a batch, the answers to the one before are kept and the outbox is
/// brought up to date for the next: operations made meanwhile join the line.
async fn push_all(status: SyncStatus) -> Result<bool, LocalError> {
    let (mut entries, mut owner) = (outbox::outbox().await?, outbox::owner().await?);
    // Answers to the last batch, not yet kept.
    let mut kept = Vec::new();
    loop {
        as_kept(&mut entries, &kept);
        let batch = next_batch(&entries, owner.as_deref());
        if batch.is_empty() {
            outbox::keep_answers(kept).await?;
            show_counts(status, &entries, owner.as_deref());
            return Ok(true);
        }
        // The badge follows each batch; the pages reload once, after the sync.
        show_counts(status, &entries, owner.as_deref());
        let (read, sent) = both(keep_and_update(kept, entries), send(&batch)).await;
        (entries, owner) = read?;
        let answers = match sent {
            Ok(Some(answers)) => answers,
            Ok(None) => return Ok(false),
            Err(error) => return Ok(server_refused(status, error)),
        };
        status.needs_login.set(false);
        let wrong_account = answers.iter().any(|a| a.result == WRONG_ACCOUNT);
        if wrong_account || !answers.iter().any(|a| moves_on(&a.result)) {
            settle_answers(&entries, batch, &answers).await?;
            if wrong_account {
                adopt_session().await?;
            }
            return Ok(false);
        }
        kept = answers_to_keep(&entries, batch, &answers);
    }
}

/// Keeps `kept`, then brings `entries` up to date and reads who is logged in.
async fn keep_and_update(
    kept: Vec<Answered>,
    entries: Vec<OutboxEntry>,
) -> Result<(Vec<OutboxEntry>, Option<String>), LocalError> {
    outbox::keep_answers(kept).await?;
    Ok((outbox::outbox_since(entries).await?, outbox::owner().await?))
}

/// The server's answers to `batch`; `Ok(None)` if it could not be reached
/// meanwhile, `Err` if it refused.
async fn send(batch: &[OutboxEntry]) -> Result<Option<Vec<OpAnswer>>, AppError> {
    match push_operations(batch.iter().map(|entry| entry.op.clone()).collect()).await {
        Ok(answers) => Ok(Some(answers)),
        // One operation the server cannot read must not hold up the rest.
        Err(AppError::Invalid(_)) => Ok(one_by_one(batch).await),
        Err(error) => Err(error),
    }
}

/// Runs both at once; their results when both are done.
async fn both<A: Future, B: Future>(first: A, second: B) -> (A::Output, B::Output) {
    let (mut first, mut second) = (std::pin::pin!(first), std::pin::pin!(second));
    let (mut first_done, mut second_done) = (None, None);
    std::future::poll_fn(|context| {
        if first_done.is_none() {
            if let Poll::Ready(output) = first.as_mut().poll(context) {
                first_done = Some(output);
            }
        }
        if second_done.is_none() {
            if let Poll::Ready(output) = second.as_mut().poll(context) {
                second_done = Some(output);
            }
        }
        match (first_done.take(), second_done.take()) {
            (Some(a), Some(b)) => Poll::Ready((a, b)),
            (a, b) => {
                (first_done, second_done) = (a, b);
                Poll::Pending
            }
        }
    })
    .await
}

const WRONG_ACCOUNT: OpResult = OpResult::Rejected { reason: RejectReason::WrongAccount };

/// The session is another account's than the phone believed (a login made
/// before the page was interactive, or while a sync ran): take it over as a
/// login would, so that the first account's records wait for its login.
async fn adopt_session() -> Result<(), LocalError> {
    match get_current_user().await {
        Ok(Some(user)) => outbox::claim(&user.id, "").await,
        // Logged out or unreachable: the next sync asks again.
        Ok(None) | Err(_) => Ok(()),
    }
}

/// Sends each operation of a refused batch alone: the one the server cannot
/// read is answered as refused, for the sync page. `None` if the server
/// could not be reached meanwhile.
async fn one_by_one(batch: &[OutboxEntry]) -> Option<Vec<OpAnswer>> {
    let mut answers = Vec::new();
    for entry in batch {
        match push_operations(vec![entry.op.clone()]).await {
            Ok(mut answer) => answers.append(&mut answer),
            Err(AppError::Invalid(field)) => answers.push(OpAnswer {
                op_id: entry.op_id.clone(),
                result: OpResult::Rejected { reason: RejectReason::Invalid(field) },
            }),
            Err(_) => return None,
        }
    }
    Some(answers)
}

/// `false`, after noting a refused session for the sync page.
fn server_refused(status: SyncStatus, error: AppError) -> bool {
    if error == AppError::Unauthenticated {
        status.needs_login.set(true);
    }
    false
}

/// Keeps each answer: settled operations leave the outbox, refused ones are
/// set aside, busy ones wait; one transaction for the batch. Whether any
/// operation moved on.
pub async fn settle_answers(
    entries: &[OutboxEntry],
    batch: Vec<OutboxEntry>,
    answers: &[OpAnswer],
) -> Result<bool, LocalError> {
    let kept = answers_to_keep(entries, batch, answers);
    let progressed = !kept.is_empty();
    outbox::keep_answers(kept).await?;
    Ok(progressed)
}

/// Whether the operation leaves the line: settled, or set aside for the user.
fn moves_on(result: &OpResult) -> bool {
    !(result.is_transient() || *result == WRONG_ACCOUNT)
}

/// What the answers do to the operations of `batch`, given the whole outbox
/// (`entries`): a record is marked synced with the last of its operations.
fn answers_to_keep(entries: &[OutboxEntry], batch: Vec<OutboxEntry>, answers: &[OpAnswer]) -> Vec<Answered> {
    let answer_of: HashMap<&str, &OpResult> = answers.iter().map(|a| (a.op_id.as_str(), &a.result)).collect();
    // Operations still waiting per record, this batch's settled ones left out as they go.
    let mut waiting: HashMap<&str, usize> = HashMap::new();
    for entry in entries {
        *waiting.entry(entry.record_id.as_str()).or_default() += 1;
    }
    let mut kept = Vec::new();
    for entry in batch {
        let Some(&result) = answer_of.get(entry.op_id.as_str()) else { continue };
        if result.is_settled() {
            let left = waiting.get_mut(entry.record_id.as_str()).map(|n| {
                *n = n.saturating_sub(1);
                *n
            });
            kept.push(Answered::Settled { more_waiting: left.unwrap_or(0) > 0, entry });
        } else if moves_on(result) {
            kept.push(Answered::SetAside { entry, answer: result.clone() });
        }
        // Otherwise sent again later; under the right login for a wrong account.
    }
    kept
}

/// The outbox as it is once `kept` is kept: settled operations gone,
/// set-aside ones marked.
fn as_kept(entries: &mut Vec<OutboxEntry>, kept: &[Answered]) {
    let settled: HashSet<&str> = kept.iter().filter_map(Answered::settled_id).collect();
    let aside: HashSet<&str> = kept.iter().filter_map(Answered::set_aside_id).collect();
    entries.retain(|entry| !settled.contains(entry.op_id.as_str()));
    for entry in entries.iter_mut().filter(|entry| aside.contains(entry.op_id.as_str())) {
        entry.mark = SyncMark::Attention;
    }
}

async fn pull(status: SyncStatus) -> Result<bool, LocalError> {
    let cursor: i64 = outbox::meta("cursor").await?.unwrap_or(0);
    match pull_changes(cursor).await {
        Ok(data) => {
            status.stale_hours.set(data.stale_after_hours);
            SERVER_BOOT.set(Some(data.boot_id.clone()));
            if outbox::store_pull(data).await? {
                status.area_revision.update(|n| *n += 1);
            }
            Ok(true)
        }
        Err(error) => Ok(server_refused(status, error)),
    }
}

const HELD_CHECK_EVERY_MS: i64 = 86_400_000;

/// Proof of holding (`docs/sync.md`): after the server restarted, and once
/// a day, ask whether it still holds what this phone sent in the last 30
/// days; what it lost goes back into the outbox and is sent again at once.
async fn prove_holding() -> Result<bool, LocalError> {
    let Some(boot_id) = SERVER_BOOT.with(|boot| boot.borrow().clone()) else { return Ok(true) };
    let known: Option<String> = outbox::meta("boot_id").await?;
    let checked_at: i64 = outbox::meta("held_checked_at").await?.unwrap_or(0);
    if known.as_deref() == Some(boot_id.as_str()) && outbox::now() - checked_at < HELD_CHECK_EVERY_MS {
        return Ok(true);
    }
    let Some(owner) = outbox::owner().await? else { return Ok(true) };
    let sent = outbox::recently_sent(&owner).await?;
    let mut lost: Vec<SentEntry> = Vec::new();
    for chunk in sent.chunks(MAX_HELD_CHECK) {
        let checks = chunk.iter().filter_map(held_check).collect();
        let Ok(missing) = check_held(checks).await else { return Ok(false) };
        lost.extend(chunk.iter().filter(|e| missing.contains(&e.op_id)).cloned());
    }
    if !lost.is_empty() {
        outbox::send_again(&lost).await?;
        AGAIN.set(true);
    }
    outbox::set_meta("boot_id", boot_id).await?;
    outbox::set_meta("held_checked_at", outbox::now()).await?;
    Ok(true)
}

fn held_check(entry: &SentEntry) -> Option<HeldCheck> {
    let kind = OpKind::parse(&entry.op.kind)?;
    Some(HeldCheck { op_id: entry.op_id.clone(), kind, record_id: entry.record_id.clone() })
}

/// Recounts the outbox and tells the pages that local data changed.
pub async fn refresh(status: SyncStatus) {
    if let Err(error) = recount(status).await {
        status.problem.set(Some(error));
    }
    status.revision.update(|n| *n += 1);
}

async fn recount(status: SyncStatus) -> Result<(), LocalError> {
    let entries = outbox::outbox().await?;
    show_counts(status, &entries, outbox::owner().await?.as_deref());
    if status.last_sync.get_untracked().is_none() {
        status.last_sync.set(outbox::meta("last_sync").await?);
    }
    if let Some(hours) = outbox::meta::<u64>("stale_after_hours").await? {
        status.stale_hours.set(hours);
    }
    Ok(())
}

/// What waits in `entries`, for the badge: this login's pending and
/// set-aside operations, and those held for another account.
fn show_counts(status: SyncStatus, entries: &[OutboxEntry], owner: Option<&str>) {
    let (mine, held): (Vec<&OutboxEntry>, Vec<&OutboxEntry>) =
        entries.iter().partition(|e| outbox::belongs_to(e, owner));
    status.held.set(held.len());
    let pending: Vec<_> = mine.iter().filter(|e| e.mark == SyncMark::Pending).collect();
    status.pending.set(pending.len());
    status.oldest_pending.set(pending.iter().map(|e| e.op.captured_at).min());
    status.attention.set(mine.iter().filter(|e| e.mark == SyncMark::Attention).count());
}
