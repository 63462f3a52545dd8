//! The server's half of the sync protocol (`docs/sync.md`): each operation
//! is applied in one transaction together with the row that stores its
//! answer under its id. A replay finds that row and gets the same answer;
//! two copies racing collide on it and the loser reads the winner's answer.
//! A batch is first tried in one transaction for all its operations
//! (`batch`); if that does not commit, each operation is applied alone.

mod batch;
mod held;
mod lookup;
mod registry;

pub use batch::apply_together;
pub use held::not_held;

use crate::model::sync::{
    is_record_id, version_at_least, OpAnswer, OpResult, Operation, RejectReason, OLDEST_ACCEPTED_VERSION,
};
use crate::model::{AppError, Field};
use crate::server::auth::Scope;
use crate::server::config::Settings;
use crate::server::error::{is_duplicate_record, is_thrown, is_write_conflict};
use crate::server::{AppState, Database};
pub use lookup::Lookups;
use lookup::{Facts, Stored};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
use surrealdb::engine::any::Any;
use surrealdb::method::{Query, Transaction};
use surrealdb::types::RecordId;

/// The most operations one request may carry.
pub const MAX_BATCH: usize = 200;

/// Where a handler's statements run: alone (each write its own
/// transaction) or inside the one transaction of a batch.
#[derive(Clone, Copy)]
pub enum Run<'a> {
    Alone(&'a Database),
    Batch(&'a Transaction<Any>),
}

impl<'a> Run<'a> {
    pub fn query(self, sql: impl Into<Cow<'a, str>>) -> Query<'a, Any> {
        match self {
            Run::Alone(db) => db.query(sql),
            Run::Batch(transaction) => transaction.query(sql),
        }
    }
}

/// What a handler gets: who is asking and the operation being applied.
pub struct OpContext<'a> {
    pub db: Run<'a>,
    pub scope: &'a Scope,
    pub settings: &'a Settings,
    pub op: &'a Operation,
    /// `captured_at`, but never later than now: a phone's clock may be ahead.
    pub captured_at: i64,
    payload_hash: String,
    /// What the batch looked up for all its operations at once.
    facts: Option<&'a Facts>,
    /// A write failed inside the batch's transaction: it must not commit.
    /// (Atomic only so that handlers' futures may move between threads.)
    broke_batch: AtomicBool,
}

/// Stores the operation and its answer; every handler's transaction ends with it.
const STORE_OP: &str =
    "CREATE type::record('sync_op', $op_id) CONTENT { device_id: $device_id, account: $account, \
     kind: $kind, payload_hash: $payload_hash, result: $applied, \
     captured_at: time::from_millis($captured_at), app_version: $app_version };";

const APPLIED_JSON: &str = r#"{"result":"applied"}"#;

/// Raised inside a transaction when the record moved on since it was read
/// (a macro too, so that statements can `concat!` it into static text).
macro_rules! conflict {
    () => {
        "gridlink-conflict"
    };
}
pub(crate) use conflict;
pub const CONFLICT: &str = conflict!();

impl<'a> OpContext<'a> {
    fn new(
        db: Run<'a>,
        facts: Option<&'a Facts>,
        scope: &'a Scope,
        settings: &'a Settings,
        op: &'a Operation,
        payload_hash: String,
    ) -> OpContext<'a> {
        let captured_at = op.captured_at.clamp(EARLIEST_CAPTURE, now_millis());
        OpContext {
            db,
            scope,
            settings,
            op,
            captured_at,
            payload_hash,
            facts,
            broke_batch: AtomicBool::new(false),
        }
    }

    /// `statements` and the operation's own row, in one transaction, with
    /// the operation's fields bound (`$op_id`, `$account`, `$captured_at`…).
    /// In a batch they join the batch's transaction, committed after its last operation.
    pub fn transaction(&self, statements: &'static str) -> Query<'a, Any> {
        let sql = match self.db {
            Run::Alone(_) => format!("BEGIN TRANSACTION; {statements} {STORE_OP} COMMIT TRANSACTION;"),
            Run::Batch(_) => format!("{statements} {STORE_OP}"),
        };
        self.db
            .query(sql)
            .bind(("op_id", self.op.op_id.clone()))
            .bind(("device_id", self.op.device_id.clone()))
            .bind(("account", self.scope.account.clone()))
            .bind(("kind", self.op.kind.clone()))
            .bind(("payload_hash", self.payload_hash.clone()))
            .bind(("captured_at", self.captured_at))
            .bind(("app_version", self.op.app_version.clone()))
            .bind(("applied", APPLIED_JSON))
    }
}

impl OpContext<'_> {
    /// For an operation creating `id`: if the record is already there,
    /// `duplicate` when the caller made it (its `made_by` field), else `id_taken`.
    pub async fn existing_answer(
        &self,
        id: &RecordId,
        made_by: &'static str,
    ) -> Result<Option<OpResult>, AppError> {
        let maker = match self.facts.and_then(|facts| facts.maker(id)) {
            Some(known) => known.cloned(),
            None => lookup::makers(self.db, made_by, vec![id.clone()]).await?.remove(&lookup::key(id)),
        };
        let mine = |maker: RecordId| maker == self.scope.account;
        Ok(maker.map(|maker| if mine(maker) { OpResult::Duplicate } else { rejected(RejectReason::IdTaken) }))
    }

    /// The ancestors of the record `id` when it lies in the caller's area.
    pub async fn ancestors_in_scope(&self, id: &RecordId) -> Result<Option<Vec<RecordId>>, AppError> {
        Ok(match self.facts.and_then(|facts| facts.place(id)) {
            Some(known) => known.cloned(),
            None => {
                lookup::places_in_scope(self.db, self.scope, vec![id.clone()]).await?.remove(&lookup::key(id))
            }
        })
    }

    /// `outcome`, except that in a batch any failed write breaks the batch:
    /// the later statements of its query still ran in the batch's
    /// transaction, so that transaction must not commit.
    pub fn outcome(
        &self,
        result: Result<(), surrealdb::Error>,
        on_conflict: impl FnOnce() -> OpResult,
    ) -> Result<OpResult, AppError> {
        match (result, self.db) {
            (Err(error), Run::Batch(_)) => {
                tracing::debug!(%error, op_id = %self.op.op_id, "a write failed inside a batch");
                self.broke_batch.store(true, Ordering::Relaxed);
                Ok(rejected(RejectReason::Busy))
            }
            (result, _) => outcome(result, on_conflict),
        }
    }
}

/// `apply_batch` once the sync gate admits the batch; one that waited
/// `sync_wait_ms` without a turn, or found `sync_queue` batches already
/// waiting, is answered "busy", each operation. The caller is looked up
/// (`who`) only after the turn, so that waiting requests hold no database work.
pub async fn apply_admitted<Who>(
    state: &AppState,
    ops: Vec<Operation>,
    who: Who,
) -> Result<Vec<OpAnswer>, AppError>
where
    Who: std::future::Future<Output = Result<Scope, AppError>>,
{
    check_size(&ops)?;
    let Ok(_place) = state.sync_line.try_acquire() else { return Ok(all_busy(ops)) };
    let wait = std::time::Duration::from_millis(state.settings.sync_wait_ms);
    match tokio::time::timeout(wait, state.sync_gate.acquire()).await {
        Ok(Ok(_turn)) => apply_batch(&state.db, &who.await?, &state.settings, ops).await,
        Ok(Err(closed)) => {
            tracing::error!(%closed, "the sync gate is closed");
            Err(AppError::Unavailable)
        }
        Err(_) => Ok(all_busy(ops)),
    }
}

fn all_busy(ops: Vec<Operation>) -> Vec<OpAnswer> {
    ops.into_iter().map(|op| OpAnswer { op_id: op.op_id, result: rejected(RejectReason::Busy) }).collect()
}

fn check_size(ops: &[Operation]) -> Result<(), AppError> {
    if ops.len() > MAX_BATCH {
        return Err(AppError::Invalid(Field::Batch));
    }
    Ok(())
}

/// Applies each operation in order and answers each one: all in one
/// transaction when that commits, otherwise each operation alone.
pub async fn apply_batch(
    db: &Database,
    scope: &Scope,
    settings: &Settings,
    ops: Vec<Operation>,
) -> Result<Vec<OpAnswer>, AppError> {
    check_size(&ops)?;
    match batch::apply_together(db, scope, settings, &ops).await {
        Ok(Some(answers)) => return Ok(answers),
        Err(AppError::Unavailable) => return Err(AppError::Unavailable),
        // Nothing of the batch was kept: judge each operation alone, as before.
        Ok(None) | Err(_) => {}
    }
    let mut answers = Vec::with_capacity(ops.len());
    for op in ops {
        let result = match apply_one(db, scope, settings, &op).await {
            Ok(result) => result,
            // The database is away: the whole batch waits on the phone.
            Err(AppError::Unavailable) => return Err(AppError::Unavailable),
            // One operation the server fails on must not hold up the others.
            Err(_) => rejected(RejectReason::ServerError),
        };
        answers.push(OpAnswer { op_id: op.op_id, result });
    }
    Ok(answers)
}

fn rejected(reason: RejectReason) -> OpResult {
    OpResult::Rejected { reason }
}

/// Rejections and conflicts change nothing and are not stored: the phone
/// keeps the operation, and sending it again is safe.
pub async fn apply_one(
    db: &Database,
    scope: &Scope,
    settings: &Settings,
    op: &Operation,
) -> Result<OpResult, AppError> {
    let context = match prepare(Run::Alone(db), None, scope, settings, op).await? {
        Prepared::Answered(answer) => return Ok(answer),
        Prepared::ToApply(context) => context,
    };
    let mut result = OpResult::Applied;
    for attempt in 0..MAX_ATTEMPTS {
        result = registry::apply(&context).await?;
        if result == OpResult::Applied {
            return Ok(result);
        }
        // A failed write may have lost a race against a copy of itself.
        if let Some(stored) =
            stored_answer(Run::Alone(db), None, &op.op_id, &context.payload_hash, scope).await?
        {
            return Ok(stored);
        }
        if !result.is_transient() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5 << attempt)).await;
    }
    Ok(result)
}

/// An operation before its handler runs: already answered, or ready to apply.
enum Prepared<'a> {
    Answered(OpResult),
    ToApply(OpContext<'a>),
}

/// The checks every operation passes before its handler, alone or in a
/// batch: ids, login, a stored answer, the app's version.
async fn prepare<'a>(
    db: Run<'a>,
    facts: Option<&'a Facts>,
    scope: &'a Scope,
    settings: &'a Settings,
    op: &'a Operation,
) -> Result<Prepared<'a>, AppError> {
    if !is_record_id(&op.op_id) {
        return Ok(Prepared::Answered(rejected(RejectReason::Invalid(Field::OpId))));
    }
    if op.device_id.is_empty() || op.device_id.len() > 64 {
        return Ok(Prepared::Answered(rejected(RejectReason::Invalid(Field::DeviceId))));
    }
    // Made on this phone under another login: never sent under this one's name.
    if op.owner.as_ref().is_some_and(|owner| *owner != scope.account_ref) {
        return Ok(Prepared::Answered(rejected(RejectReason::WrongAccount)));
    }
    let payload_hash = hash_of(op);
    if let Some(stored) = stored_answer(db, facts, &op.op_id, &payload_hash, scope).await? {
        return Ok(Prepared::Answered(stored));
    }
    if !version_at_least(&op.app_version, OLDEST_ACCEPTED_VERSION) {
        return Ok(Prepared::Answered(rejected(RejectReason::AppTooOld)));
    }
    Ok(Prepared::ToApply(OpContext::new(db, facts, scope, settings, op, payload_hash)))
}

/// 2020-01-01: a phone whose clock says earlier is wrong.
const EARLIEST_CAPTURE: i64 = 1_577_836_800_000;

/// Tries of one operation that keeps running into other transactions.
const MAX_ATTEMPTS: u32 = 5;

/// The answer kept for `op_id`, if it was applied before.
async fn stored_answer(
    db: Run<'_>,
    facts: Option<&Facts>,
    op_id: &str,
    hash: &str,
    scope: &Scope,
) -> Result<Option<OpResult>, AppError> {
    let id = lookup::op_record(op_id);
    let stored = match facts.and_then(|facts| facts.stored(&id)) {
        Some(known) => known.cloned(),
        None => lookup::stored(db, vec![id.clone()]).await?.remove(&lookup::key(&id)),
    };
    stored.map(|stored| stored_as_answer(&stored, op_id, hash, scope)).transpose()
}

/// The answer `stored` holds for a copy of the operation with `hash`.
fn stored_as_answer(stored: &Stored, op_id: &str, hash: &str, scope: &Scope) -> Result<OpResult, AppError> {
    if stored.payload_hash != hash || stored.account != scope.account {
        return Ok(rejected(RejectReason::PayloadMismatch));
    }
    // An answer we cannot read is not an answer: the phone keeps the operation.
    serde_json::from_str(&stored.result).map_err(|error| {
        tracing::error!(%error, op_id, stored = %stored.result, "unreadable stored answer");
        AppError::Internal
    })
}

/// What makes two operations with one id "the same": kind and payload.
fn hash_of(op: &Operation) -> String {
    let mut hasher = Sha256::new();
    hasher.update(op.kind.as_bytes());
    hasher.update(b"\n");
    hasher.update(op.payload.to_string().as_bytes());
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// Turns the outcome of a handler's transaction into an answer: applied, or
/// the conflict / taken-id it ran into (the caller re-reads races).
fn outcome(
    result: Result<(), surrealdb::Error>,
    on_conflict: impl FnOnce() -> OpResult,
) -> Result<OpResult, AppError> {
    match result {
        Ok(()) => Ok(OpResult::Applied),
        Err(error) if is_thrown(&error, CONFLICT) => Ok(on_conflict()),
        Err(error) if is_duplicate_record(&error) => Ok(rejected(RejectReason::IdTaken)),
        Err(error) if is_write_conflict(&error) => Ok(rejected(RejectReason::Busy)),
        Err(error) => Err(error.into()),
    }
}

/// A fresh operation id made on the server (for actions taken online).
pub fn new_op_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
