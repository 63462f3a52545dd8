//! Local records and the outbox: every change is written to IndexedDB,
//! together with its operation, before anything is sent.

use super::store::{self, META, OUTBOX, PHOTOS, PHOTO_DATA, RECORDS, SENT};
use super::LocalError;
use crate::model::local::{
    Area, LocalPhoto, LocalRecord, OutboxEntry, PhotoState, SentEntry, SyncMark, TakenPhotos, SENT_KEPT_DAYS,
};
use crate::model::sync::{new_id, OpKind, OpResult, Operation, APP_VERSION};
use crate::model::time::DAY_MS;
use idb::Database;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::collections::HashSet;
use std::rc::Rc;
use wasm_bindgen::JsValue;

thread_local! {
    static DATABASE: std::cell::RefCell<Option<Rc<Database>>> = const { std::cell::RefCell::new(None) };
}

/// The phone's database, opened once per page.
pub async fn db() -> Result<Rc<Database>, LocalError> {
    if let Some(db) = DATABASE.with(|cell| cell.borrow().clone()) {
        return Ok(db);
    }
    let db = Rc::new(store::open().await?);
    DATABASE.with(|cell| *cell.borrow_mut() = Some(db.clone()));
    Ok(db)
}

pub fn now() -> i64 {
    js_sys::Date::now() as i64
}

/// Ten random bytes from the browser, or an error: never zeros in an id.
fn random_bytes() -> Result<[u8; 10], LocalError> {
    let mut bytes = [0u8; 10];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok()).ok_or(LocalError::NoRandom)?;
    crypto.get_random_values_with_u8_array(&mut bytes).map_err(|_| LocalError::NoRandom)?;
    Ok(bytes)
}

/// A new UUIDv7 made on the phone.
pub fn new_record_id() -> Result<String, LocalError> {
    Ok(new_id(now() as u64, random_bytes()?))
}

#[derive(Serialize, Deserialize)]
struct Meta<T> {
    key: String,
    value: T,
}

pub async fn meta<T: DeserializeOwned>(key: &str) -> Result<Option<T>, LocalError> {
    let row: Option<Meta<T>> = store::get(&*db().await?, META, key).await?;
    Ok(row.map(|meta| meta.value))
}

pub async fn set_meta<T: Serialize>(key: &str, value: T) -> Result<(), LocalError> {
    store::put(&*db().await?, META, &Meta { key: key.to_owned(), value }).await
}

/// This phone's id, made the first time it is needed.
async fn device_id() -> Result<String, LocalError> {
    if let Some(id) = meta::<String>("device_id").await? {
        return Ok(id);
    }
    let id = new_record_id()?;
    set_meta("device_id", id.clone()).await?;
    Ok(id)
}

/// Keeps `record`, the operation that tells the server about it and the
/// record's new photos, in one IndexedDB transaction: all of them are on
/// the phone, or none.
pub async fn enqueue(
    kind: OpKind,
    payload: serde_json::Value,
    mut record: LocalRecord,
    summary: String,
    photos: Option<TakenPhotos>,
) -> Result<(), LocalError> {
    let owner = owner().await?.unwrap_or_default();
    let op = Operation {
        op_id: new_record_id()?,
        device_id: device_id().await?,
        kind: kind.as_str().to_owned(),
        payload,
        captured_at: now(),
        app_version: APP_VERSION.to_owned(),
        owner: (!owner.is_empty()).then(|| owner.clone()),
    };
    record.mark = SyncMark::Pending;
    let db = db().await?;
    let seq = next_seq(&db).await?;
    let mut writes = match photos {
        Some(taken) => super::photos::rows(taken.of, &record.id, &op.op_id, &owner, taken.photos)?,
        None => Vec::new(),
    };
    let entry = OutboxEntry {
        op_id: op.op_id.clone(),
        record_id: record.id.clone(),
        op,
        mark: SyncMark::Pending,
        answer: None,
        summary,
        seq,
        owner,
    };
    writes.extend([(RECORDS, store::value(&record)?), (OUTBOX, store::value(&entry)?)]);
    store::put_together(&db, &writes).await
}

async fn next_seq(db: &Database) -> Result<u64, LocalError> {
    Ok(store::all::<OutboxEntry>(db, OUTBOX).await?.iter().map(|e| e.seq).max().unwrap_or(0) + 1)
}

pub async fn records() -> Result<Vec<LocalRecord>, LocalError> {
    store::all(&*db().await?, RECORDS).await
}

pub async fn outbox() -> Result<Vec<OutboxEntry>, LocalError> {
    let mut entries: Vec<OutboxEntry> = store::all(&*db().await?, OUTBOX).await?;
    // In the order they were made on this phone, whatever its clock did.
    entries.sort_by_key(|entry| (entry.seq, entry.op.captured_at));
    Ok(entries)
}

/// The outbox now, from `known`, what [`outbox`] gave earlier with this
/// page's own changes since: entries gone meanwhile (kept by another tab)
/// are dropped and new ones read, without reading all of it again. Only a
/// login's claim and a resend change an entry in place; both ask for
/// another sync round, which reads the whole outbox.
pub async fn outbox_since(mut known: Vec<OutboxEntry>) -> Result<Vec<OutboxEntry>, LocalError> {
    let db = db().await?;
    let present: HashSet<String> = store::keys(&db, OUTBOX).await?.into_iter().collect();
    known.retain(|entry| present.contains(&entry.op_id));
    let had: HashSet<&str> = known.iter().map(|entry| entry.op_id.as_str()).collect();
    let new: Vec<&String> = present.iter().filter(|key| !had.contains(key.as_str())).collect();
    let mut added = Vec::with_capacity(new.len());
    for key in new {
        added.extend(store::get::<OutboxEntry>(&db, OUTBOX, key).await?);
    }
    known.extend(added);
    known.sort_by_key(|entry| (entry.seq, entry.op.captured_at));
    Ok(known)
}

pub async fn area() -> Result<Option<Area>, LocalError> {
    meta("area").await
}

/// What the server's answer does to an operation of the outbox.
pub enum Answered {
    /// The server has it: the operation moves to the sent operations and
    /// its record is marked synced, unless another operation for the same
    /// record still waits (`more_waiting`).
    Settled { entry: OutboxEntry, more_waiting: bool },
    /// Refused: the operation stays, set aside with the answer for the
    /// user, and so does its record.
    SetAside { entry: OutboxEntry, answer: OpResult },
}

impl Answered {
    pub fn settled_id(&self) -> Option<&str> {
        match self {
            Answered::Settled { entry, .. } => Some(&entry.op_id),
            Answered::SetAside { .. } => None,
        }
    }

    pub fn set_aside_id(&self) -> Option<&str> {
        match self {
            Answered::SetAside { entry, .. } => Some(&entry.op_id),
            Answered::Settled { .. } => None,
        }
    }
}

/// Keeps the answers of a batch, all in one transaction and in their order.
pub async fn keep_answers(answered: Vec<Answered>) -> Result<(), LocalError> {
    if answered.is_empty() {
        return Ok(());
    }
    let settled_at = now();
    let mut deletes = Vec::new();
    let mut puts = Vec::new();
    let mut marks = Vec::new();
    for answer in answered {
        match answer {
            Answered::Settled { entry, more_waiting } => {
                puts.push((SENT, store::value(&SentEntry::settled(&entry, settled_at))?));
                if !more_waiting {
                    marks.push((entry.record_id.clone(), SyncMark::Synced));
                }
                deletes.push((OUTBOX, entry.op_id));
            }
            Answered::SetAside { mut entry, answer } => {
                entry.mark = SyncMark::Attention;
                entry.answer = Some(answer);
                puts.push((OUTBOX, store::value(&entry)?));
                marks.push((entry.record_id, SyncMark::Attention));
            }
        }
    }
    store::write_and_set(&*db().await?, &deletes, &puts, RECORDS, "mark", &marks).await
}

/// What `owner` sent in the last 30 days, oldest first; older entries are
/// forgotten here.
pub async fn recently_sent(owner: &str) -> Result<Vec<SentEntry>, LocalError> {
    let db = db().await?;
    let cutoff = now() - SENT_KEPT_DAYS * DAY_MS;
    let (mut recent, old): (Vec<SentEntry>, Vec<SentEntry>) =
        store::all::<SentEntry>(&db, SENT).await?.into_iter().partition(|e| e.settled_at >= cutoff);
    let old_keys: Vec<(&str, &str)> = old.iter().map(|e| (SENT, e.op_id.as_str())).collect();
    store::write_together(&db, &old_keys, &[]).await?;
    recent.retain(|e| e.owner == owner);
    recent.sort_by_key(|e| e.settled_at);
    Ok(recent)
}

/// Puts operations the server no longer holds back in line: each as a new
/// operation (a fresh id, so that the server judges it again) with the same
/// content, and its record waiting again. All in one transaction.
pub async fn send_again(lost: &[SentEntry]) -> Result<(), LocalError> {
    let db = db().await?;
    let mut seq = next_seq(&db).await?;
    let mut puts = Vec::new();
    let photos: Vec<LocalPhoto> = store::all(&db, PHOTOS).await?;
    for sent in lost {
        let mut op = sent.op.clone();
        op.op_id = new_record_id()?;
        // The server lost the record, so it lost its photos too: they go
        // again once the record is back.
        for photo in photos.iter().filter(|photo| photo.op_id == sent.op_id) {
            let again = LocalPhoto {
                op_id: op.op_id.clone(),
                state: PhotoState::Waiting,
                refusal: None,
                uploaded_at: None,
                ..photo.clone()
            };
            puts.push((PHOTOS, store::value(&again)?));
        }
        let entry = OutboxEntry {
            op_id: op.op_id.clone(),
            op,
            record_id: sent.record_id.clone(),
            mark: SyncMark::Pending,
            answer: None,
            summary: sent.summary.clone(),
            seq,
            owner: sent.owner.clone(),
        };
        seq += 1;
        puts.push((OUTBOX, store::value(&entry)?));
        if let Some(mut record) = store::get::<LocalRecord>(&db, RECORDS, &sent.record_id).await? {
            record.mark = SyncMark::Pending;
            puts.push((RECORDS, store::value(&record)?));
        }
    }
    let deletes: Vec<(&str, &str)> = lost.iter().map(|e| (SENT, e.op_id.as_str())).collect();
    store::write_together(&db, &deletes, &puts).await
}

/// Puts a set-aside operation back in line, as it is.
pub async fn resend(op_id: &str) -> Result<(), LocalError> {
    let db = db().await?;
    let Some(mut entry) = store::get::<OutboxEntry>(&db, OUTBOX, op_id).await? else { return Ok(()) };
    entry.mark = SyncMark::Pending;
    entry.answer = None;
    entry.op.app_version = APP_VERSION.to_owned();
    put_with_record(&db, &entry).await
}

/// Stores `entry` and gives its record the entry's mark, in one transaction.
async fn put_with_record(db: &Database, entry: &OutboxEntry) -> Result<(), LocalError> {
    let mut writes = vec![(OUTBOX, store::value(entry)?)];
    if let Some(mut record) = store::get::<LocalRecord>(db, RECORDS, &entry.record_id).await? {
        record.mark = entry.mark;
        writes.push((RECORDS, store::value(&record)?));
    }
    store::put_together(db, &writes).await
}

/// Drops an operation the user gave up on; a record only it made goes too.
/// One transaction: all of it happens or none.
pub async fn discard(op_id: &str) -> Result<(), LocalError> {
    let db = db().await?;
    let Some(entry) = store::get::<OutboxEntry>(&db, OUTBOX, op_id).await? else { return Ok(()) };
    let record: Option<LocalRecord> = store::get(&db, RECORDS, &entry.record_id).await?;
    let mut deletes = vec![(OUTBOX, op_id)];
    // Photos of a record that will never be made have nowhere to go.
    let photos: Vec<LocalPhoto> = store::all(&db, PHOTOS).await?;
    for photo in photos.iter().filter(|photo| photo.op_id == op_id) {
        deletes.extend([(PHOTOS, photo.id.as_str()), (PHOTO_DATA, photo.id.as_str())]);
    }
    let mut puts = Vec::new();
    match record.filter(|r| r.mark != SyncMark::Synced) {
        Some(mut record) if entry.op.kind == OpKind::ChangeIssue.as_str() => {
            // The issue itself is the server's: show its copy again at the next pull.
            record.mark = SyncMark::Synced;
            puts.push((RECORDS, store::value(&record)?));
            puts.push((META, store::value(&Meta { key: "cursor".into(), value: 0_i64 })?));
        }
        Some(_) => deletes.push((RECORDS, entry.record_id.as_str())),
        None => {}
    }
    store::write_together(&db, &deletes, &puts).await
}

/// Stores what the server sent, without touching records still waiting to
/// be sent. Tells whether the area (buildings, households) changed.
pub async fn store_pull(data: crate::model::sync::PullData) -> Result<bool, LocalError> {
    let db = db().await?;
    let local: Vec<LocalRecord> = store::all(&db, RECORDS).await?;
    let waiting = |id: &str| local.iter().any(|r| r.id == id && r.mark != SyncMark::Synced);
    let (cursor, stale_after_hours) = (data.cursor, data.stale_after_hours);
    let (area, records) = Area::with_records(data);
    let mut writes = Vec::new();
    for record in records.iter().filter(|record| !waiting(&record.id)) {
        writes.push((RECORDS, store::value(record)?));
    }
    let area_changed = meta::<Area>("area").await?.as_ref() != Some(&area);
    writes.push((META, store::value(&Meta { key: "area".into(), value: area })?));
    writes.push((META, store::value(&Meta { key: "cursor".into(), value: cursor })?));
    writes.push((META, store::value(&Meta { key: "stale_after_hours".into(), value: stale_after_hours })?));
    store::put_together(&db, &writes).await?;
    Ok(area_changed)
}

/// The id of the account that last logged in on this phone.
pub async fn owner() -> Result<Option<String>, LocalError> {
    meta::<String>("owner").await
}

/// Whether `entry` may be sent under `owner`'s login: made by them, or made
/// before the phone knew who was logged in.
pub fn belongs_to(entry: &OutboxEntry, owner: Option<&str>) -> bool {
    entry.owner.is_empty() || Some(entry.owner.as_str()) == owner
}

/// Called after a login, before anything is sent. Another account's synced
/// copies, area and cursor are dropped (they are not this user's to see);
/// its unsent records stay in the outbox, held until that account logs in
/// again. Phones of earlier versions filed records under the mobile number:
/// those become the account's.
pub async fn claim(account_id: &str, mobile: &str) -> Result<(), LocalError> {
    let previous = owner().await?;
    let db = db().await?;
    let outbox: Vec<OutboxEntry> = store::all(&db, OUTBOX).await?;
    let legacy: Vec<JsValue> = outbox
        .iter()
        .filter(|e| !mobile.is_empty() && e.owner == mobile)
        .map(|e| store::value(&OutboxEntry { owner: account_id.to_owned(), ..e.clone() }))
        .collect::<Result<_, _>>()?;
    store::put_together(&db, &legacy.into_iter().map(|v| (OUTBOX, v)).collect::<Vec<_>>()).await?;
    if previous.as_deref() == Some(account_id) || previous.as_deref() == Some(mobile) {
        return set_meta("owner", account_id.to_owned()).await;
    }
    let kept: Vec<&str> = outbox.iter().map(|e| e.record_id.as_str()).collect();
    let records: Vec<LocalRecord> = store::all(&db, RECORDS).await?;
    let mut deletes: Vec<(&str, &str)> =
        records.iter().filter(|r| !kept.contains(&r.id.as_str())).map(|r| (RECORDS, r.id.as_str())).collect();
    deletes.extend(["area", "cursor", "last_sync", "boot_id", "held_checked_at"].map(|key| (META, key)));
    let owner = store::value(&Meta { key: "owner".into(), value: account_id.to_owned() })?;
    store::write_together(&db, &deletes, &[(META, owner)]).await
}

/// Everything of this phone goes: records, outbox, area, cursor (device id included).
pub async fn clear_device() -> Result<(), LocalError> {
    store::clear(&*db().await?, &[RECORDS, OUTBOX, META, SENT, PHOTOS, PHOTO_DATA]).await
}
