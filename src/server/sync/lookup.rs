//! The reads every operation makes before it writes: its stored answer, the
//! record it would create, the place it names. One query each, for one
//! operation or for a whole batch at once.

use super::Run;
use crate::model::sync::{is_record_id, Operation};
use crate::model::AppError;
use crate::server::auth::Scope;
use std::collections::HashMap;
use surrealdb::types::{RecordId, SurrealValue, ToSql};

/// The records an operation's handler looks up before it writes (see
/// `registry::lookups`), so that a batch can read them for all its
/// operations at once.
#[derive(Debug, Default, Clone)]
pub struct Lookups {
    /// The record the operation creates, and the field naming who made it.
    pub creates: Option<(RecordId, &'static str)>,
    /// The household or building it names, checked against the caller's area.
    pub place: Option<RecordId>,
    /// It reads nothing that another operation writes (it only makes a new
    /// record), so it may be applied before or after the others.
    pub independent: bool,
}

#[derive(Debug, Clone, SurrealValue)]
pub struct Stored {
    id: RecordId,
    pub payload_hash: String,
    pub account: RecordId,
    pub result: String,
}

/// What a batch read once for all its operations. Every id asked has an
/// entry, `None` when nothing was found; an id not asked is looked up by
/// the handler as when alone.
#[derive(Debug, Default)]
pub struct Facts {
    stored: HashMap<String, Option<Stored>>,
    makers: HashMap<String, Option<RecordId>>,
    places: HashMap<String, Option<Vec<RecordId>>>,
}

/// A record id as a map key: `RecordId` itself may hold values with
/// interior mutability, which make poor keys.
pub fn key(id: &RecordId) -> String {
    id.to_sql()
}

impl Facts {
    /// Read inside the batch's transaction, so they share its snapshot. Only
    /// ids that no operation of the batch writes: the batch holds no
    /// operation id, and no created record, twice (`batch::distinct`).
    pub async fn read(
        db: Run<'_>,
        scope: &Scope,
        ops: &[Operation],
        lookups: &[Lookups],
    ) -> Result<Facts, AppError> {
        let op_ids: Vec<RecordId> =
            ops.iter().filter(|op| is_record_id(&op.op_id)).map(|op| op_record(&op.op_id)).collect();
        let mut by_field: HashMap<&'static str, Vec<RecordId>> = HashMap::new();
        for (id, made_by) in lookups.iter().filter_map(|l| l.creates.clone()) {
            by_field.entry(made_by).or_default().push(id);
        }
        let places: Vec<RecordId> = distinct(lookups.iter().filter_map(|l| l.place.clone()).collect());
        let mut found_stored = stored(db, op_ids.clone()).await?;
        let mut found_makers = HashMap::new();
        let mut asked_makers = Vec::new();
        for (made_by, ids) in by_field {
            found_makers.extend(makers(db, made_by, ids.clone()).await?);
            asked_makers.extend(ids);
        }
        let mut found_places = places_in_scope(db, scope, places.clone()).await?;
        let every = |ids: Vec<RecordId>| ids.into_iter().map(|id| key(&id));
        Ok(Facts {
            stored: every(op_ids).map(|id| (id.clone(), found_stored.remove(&id))).collect(),
            makers: every(asked_makers).map(|id| (id.clone(), found_makers.remove(&id))).collect(),
            places: every(places).map(|id| (id.clone(), found_places.remove(&id))).collect(),
        })
    }

    /// `Some(None)`: asked, and no answer is stored; `None`: not asked.
    pub fn stored(&self, id: &RecordId) -> Option<Option<&Stored>> {
        self.stored.get(&key(id)).map(Option::as_ref)
    }

    pub fn maker(&self, id: &RecordId) -> Option<Option<&RecordId>> {
        self.makers.get(&key(id)).map(Option::as_ref)
    }

    pub fn place(&self, id: &RecordId) -> Option<Option<&Vec<RecordId>>> {
        self.places.get(&key(id)).map(Option::as_ref)
    }
}

/// The row that keeps an operation's answer.
pub fn op_record(op_id: &str) -> RecordId {
    RecordId::new("sync_op", op_id)
}

fn distinct(mut ids: Vec<RecordId>) -> Vec<RecordId> {
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(key(id)));
    ids
}

/// The stored answers among the `sync_op` rows `ids`, by [`key`].
pub async fn stored(db: Run<'_>, ids: Vec<RecordId>) -> Result<HashMap<String, Stored>, AppError> {
    let rows: Vec<Stored> =
        db.query("SELECT id, payload_hash, account, result FROM $ids").bind(("ids", ids)).await?.take(0)?;
    Ok(rows.into_iter().map(|row| (key(&row.id), row)).collect())
}

#[derive(Debug, SurrealValue)]
struct Made {
    id: RecordId,
    maker: Option<RecordId>,
}

/// Who made each of the records `ids` that exist (their `made_by` field), by [`key`].
pub async fn makers(
    db: Run<'_>,
    made_by: &'static str,
    ids: Vec<RecordId>,
) -> Result<HashMap<String, RecordId>, AppError> {
    let rows: Vec<Made> =
        db.query(format!("SELECT id, {made_by} AS maker FROM $ids")).bind(("ids", ids)).await?.take(0)?;
    Ok(rows.into_iter().filter_map(|row| Some((key(&row.id), row.maker?))).collect())
}

#[derive(Debug, SurrealValue)]
struct Place {
    id: RecordId,
    ancestors: Vec<RecordId>,
}

/// The ancestors of each of the records `ids` that lie in the caller's
/// area, by [`key`]: the one scope check of the places an operation names.
pub async fn places_in_scope(
    db: Run<'_>,
    scope: &Scope,
    ids: Vec<RecordId>,
) -> Result<HashMap<String, Vec<RecordId>>, AppError> {
    let rows: Vec<Place> = db
        .query("SELECT id, ancestors FROM $ids WHERE ancestors CONTAINS $root")
        .bind(("ids", ids))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    Ok(rows.into_iter().map(|row| (key(&row.id), row.ancestors)).collect())
}
