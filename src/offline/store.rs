//! The phone's IndexedDB (through the `idb` crate): local copies of records,
//! the outbox of operations, and small values (device id, cursor, area).

use super::LocalError;
use idb::{
    Database, Error as IdbError, Factory, KeyPath, KeyRange, ObjectStore, ObjectStoreParams, Transaction,
    TransactionMode, TransactionResult,
};
use serde::{de::DeserializeOwned, Serialize};
use std::collections::HashSet;
use std::future::IntoFuture;
use wasm_bindgen::JsValue;

pub const RECORDS: &str = "records";
pub const OUTBOX: &str = "outbox";
pub const META: &str = "meta";
/// Operations the server answered, kept 30 days (proof of holding).
pub const SENT: &str = "sent";
/// Photos taken on this phone ([`crate::model::local::LocalPhoto`]) and, apart, their bytes.
pub const PHOTOS: &str = "photos";
pub const PHOTO_DATA: &str = "photo_data";
const NAME: &str = "gridlink";
const VERSION: u32 = 3;

impl From<IdbError> for LocalError {
    fn from(error: IdbError) -> Self {
        LocalError::Storage(error.to_string())
    }
}

impl From<serde_wasm_bindgen::Error> for LocalError {
    fn from(error: serde_wasm_bindgen::Error) -> Self {
        LocalError::Data(error.to_string())
    }
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, LocalError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, LocalError> {
    Ok(serde_wasm_bindgen::from_value(value)?)
}

fn keyed_by(key: &str) -> ObjectStoreParams {
    let mut params = ObjectStoreParams::new();
    params.key_path(Some(KeyPath::new_single(key)));
    params
}

pub async fn open() -> Result<Database, LocalError> {
    let mut request = Factory::new()?.open(NAME, Some(VERSION))?;
    request.on_upgrade_needed(|event| {
        use idb::DatabaseEvent;
        // A failure here aborts the upgrade, and `open` below reports it.
        let Ok(db) = event.database() else { return };
        let old = event.old_version().unwrap_or(0);
        if old < 1 {
            let _ = db.create_object_store(RECORDS, keyed_by("id"));
            let _ = db.create_object_store(OUTBOX, keyed_by("op_id"));
            let _ = db.create_object_store(META, keyed_by("key"));
        }
        if old < 2 {
            let _ = db.create_object_store(SENT, keyed_by("op_id"));
        }
        if old < 3 {
            let _ = db.create_object_store(PHOTOS, keyed_by("id"));
            let _ = db.create_object_store(PHOTO_DATA, keyed_by("id"));
        }
    });
    Ok(request.await?)
}

/// Commits when every request of the transaction succeeded, aborts it
/// otherwise (idb does not abort a dropped transaction).
async fn commit_or_abort(
    transaction: Transaction,
    done: Result<(), impl Into<LocalError>>,
) -> Result<(), LocalError> {
    if let Err(error) = done {
        // The request's failure is what the caller hears of; IndexedDB never
        // commits a transaction with a failed request, aborted or not.
        let _ = transaction.abort();
        return Err(error.into());
    }
    finish(transaction).await
}

async fn finish(transaction: Transaction) -> Result<(), LocalError> {
    match transaction.commit()?.await? {
        TransactionResult::Committed => Ok(()),
        TransactionResult::Aborted => Err(LocalError::Aborted),
    }
}

/// Puts values into several stores in one transaction: all are kept or none.
pub async fn put_together(db: &Database, writes: &[(&str, JsValue)]) -> Result<(), LocalError> {
    write_together(db, &[], writes).await
}

/// One serialised value, for [`put_together`].
pub fn value<T: Serialize>(item: &T) -> Result<JsValue, LocalError> {
    to_js(item)
}

pub async fn put<T: Serialize>(db: &Database, store: &str, item: &T) -> Result<(), LocalError> {
    put_together(db, &[(store, to_js(item)?)]).await
}

pub async fn all<T: DeserializeOwned>(db: &Database, store: &str) -> Result<Vec<T>, LocalError> {
    let transaction = db.transaction(&[store], TransactionMode::ReadOnly)?;
    let rows = transaction.object_store(store)?.get_all(None, None)?.await?;
    rows.into_iter().map(from_js::<T>).collect()
}

/// The keys of every row of `store` (string keys only, as all of ours are).
pub async fn keys(db: &Database, store: &str) -> Result<Vec<String>, LocalError> {
    let transaction = db.transaction(&[store], TransactionMode::ReadOnly)?;
    let keys = transaction.object_store(store)?.get_all_keys(None, None)?.await?;
    Ok(keys.iter().filter_map(JsValue::as_string).collect())
}

pub async fn get<T: DeserializeOwned>(
    db: &Database,
    store: &str,
    key: &str,
) -> Result<Option<T>, LocalError> {
    let transaction = db.transaction(&[store], TransactionMode::ReadOnly)?;
    let row = transaction.object_store(store)?.get(JsValue::from_str(key))?.await?;
    row.map(from_js::<T>).transpose()
}

/// Deletes the keys of `deletes` and puts the values of `puts` (store,
/// value), in one transaction: all of it happens or none.
pub async fn write_together(
    db: &Database,
    deletes: &[(&str, &str)],
    puts: &[(&str, JsValue)],
) -> Result<(), LocalError> {
    let mut stores: Vec<&str> =
        deletes.iter().map(|(store, _)| *store).chain(puts.iter().map(|(s, _)| *s)).collect();
    stores.sort_unstable();
    stores.dedup();
    if stores.is_empty() {
        // IndexedDB refuses a transaction over no stores.
        return Ok(());
    }
    let transaction = db.transaction(&stores, TransactionMode::ReadWrite)?;
    let done = async {
        for (store, key) in deletes {
            transaction.object_store(store)?.delete(JsValue::from_str(key))?.await?;
        }
        for (store, value) in puts {
            transaction.object_store(store)?.put(value, None)?.await?;
        }
        Ok::<_, IdbError>(())
    }
    .await;
    commit_or_abort(transaction, done).await
}

/// [`write_together`], and in the same transaction the field `field` of
/// each row of `store` named in `changes` is set to its value, the rest of
/// the row left as it is (a row that is not there stays away). All of it
/// or none. The rows are not read into Rust and written back whole: that
/// was most of the cost of keeping a batch's answers.
pub async fn write_and_set<V: Serialize>(
    db: &Database,
    deletes: &[(&str, String)],
    puts: &[(&str, JsValue)],
    store: &str,
    field: &str,
    changes: &[(String, V)],
) -> Result<(), LocalError> {
    let mut stores: Vec<&str> =
        deletes.iter().map(|(s, _)| *s).chain(puts.iter().map(|(s, _)| *s)).chain([store]).collect();
    stores.sort_unstable();
    stores.dedup();
    let transaction = db.transaction(&stores, TransactionMode::ReadWrite)?;
    let done = async {
        // Sent without waiting for each: IndexedDB runs a transaction's
        // requests in order, and one that fails aborts the transaction,
        // which `finish` reports.
        let mut names: Vec<&str> = deletes.iter().map(|(name, _)| *name).collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            let keys = deletes.iter().filter(|(of, _)| *of == name).map(|(_, key)| key.as_str()).collect();
            delete_keys(&transaction.object_store(name)?, keys).await?;
        }
        for (name, value) in puts {
            transaction.object_store(name)?.put(value, None)?;
        }
        let rows = transaction.object_store(store)?;
        // Every read is asked for at once (`into_future` listens before the
        // browser can answer); each change follows its own read.
        let mut reads = Vec::with_capacity(changes.len());
        for (key, _) in changes {
            reads.push(rows.get(JsValue::from_str(key))?.into_future());
        }
        let field = JsValue::from_str(field);
        for (read, (key, value)) in reads.into_iter().zip(changes) {
            let Some(row) = read.await? else { continue };
            if !js_sys::Reflect::set(&row, &field, &to_js(value)?).unwrap_or(false) {
                return Err(LocalError::Data(format!("{store} {key} is not an object")));
            }
            rows.put(&row, None)?;
        }
        Ok::<_, LocalError>(())
    }
    .await;
    commit_or_abort(transaction, done).await
}

/// Deletes `keys` with a request per run of them that no other key of the
/// store interrupts: deleting one key at a time was most of the cost of
/// keeping a batch's answers.
async fn delete_keys(store: &ObjectStore, mut keys: Vec<&str>) -> Result<(), IdbError> {
    // IndexedDB orders string keys by UTF-16 unit, which for the ASCII ids
    // used as keys is this order; a key outside the range is deleted alone below.
    keys.sort_unstable();
    let (Some(first), Some(last)) = (keys.first(), keys.last()) else { return Ok(()) };
    let range = KeyRange::bound(&JsValue::from_str(first), &JsValue::from_str(last), None, None)?;
    let present = store.get_all_keys(Some(range.into()), None)?.await?;
    let mut doomed: HashSet<&str> = keys.iter().copied().collect();
    let mut run: Option<(JsValue, JsValue)> = None;
    for key in present {
        let goes = key.as_string().is_some_and(|text| doomed.remove(text.as_str()));
        run = match (goes, run) {
            (true, Some((start, _))) => Some((start, key)),
            (true, None) => Some((key.clone(), key)),
            (false, Some(done)) => {
                delete_range(store, done)?;
                None
            }
            (false, None) => None,
        };
    }
    if let Some(done) = run {
        delete_range(store, done)?;
    }
    for key in doomed {
        store.delete(JsValue::from_str(key))?;
    }
    Ok(())
}

fn delete_range(store: &ObjectStore, (first, last): (JsValue, JsValue)) -> Result<(), IdbError> {
    store.delete(KeyRange::bound(&first, &last, None, None)?)?;
    Ok(())
}

pub async fn clear(db: &Database, stores: &[&str]) -> Result<(), LocalError> {
    let transaction = db.transaction(stores, TransactionMode::ReadWrite)?;
    for store in stores {
        transaction.object_store(store)?.clear()?.await?;
    }
    finish(transaction).await
}
