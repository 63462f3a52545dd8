//! A batch in one transaction: one commit, so one fsync, for all its
//! operations instead of one each. The answers are the ones each operation
//! would get alone, given only once the transaction has committed. Whatever
//! goes wrong (a failed write, a commit that loses a race, an error) rolls
//! it all back, and the caller applies each operation alone as before.

use super::lookup::{self, Facts, Lookups};
use super::{hash_of, prepare, registry, stored_as_answer, Prepared, Run};
use crate::model::sync::{OpAnswer, OpResult, Operation};
use crate::model::AppError;
use crate::server::auth::Scope;
use crate::server::config::Settings;
use crate::server::Database;
use std::collections::HashSet;
use surrealdb::engine::any::Any;
use surrealdb::method::Transaction;

/// Fewer operations than this are not worth two transactions.
const SPLIT_FROM: usize = 20;

/// The answers of `ops`, all applied in one transaction (or two, see
/// below); `None` when not all of it was kept, and each operation must be
/// applied alone: it then finds the stored answer of what was kept.
pub async fn apply_together(
    db: &Database,
    scope: &Scope,
    settings: &Settings,
    ops: &[Operation],
) -> Result<Option<Vec<OpAnswer>>, AppError> {
    let mut lookups: Vec<Lookups> = ops.iter().map(registry::lookups).collect();
    if ops.len() < 2 || !distinct(ops, &lookups) {
        return Ok(None);
    }
    if ops.len() < SPLIT_FROM || !lookups.iter().all(|l| l.independent) {
        return in_one_transaction(db, scope, settings, ops, &lookups).await;
    }
    // Operations that only make new records do not depend on one another:
    // the two halves go into two transactions at once, one per core.
    let middle = ops.len() / 2;
    let (db_2, scope_2, settings_2) = (db.clone(), scope.clone(), settings.clone());
    let (ops_2, lookups_2) = (ops[middle..].to_vec(), lookups.split_off(middle));
    let mut second = AbortOnDrop(tokio::spawn(async move {
        in_one_transaction(&db_2, &scope_2, &settings_2, &ops_2, &lookups_2).await
    }));
    let first = in_one_transaction(db, scope, settings, &ops[..middle], &lookups).await;
    let second = (&mut second.0).await.map_err(|error| {
        tracing::error!(%error, "half a batch did not finish");
        AppError::Internal
    })?;
    match (first?, second?) {
        (Some(mut answers), Some(more)) => {
            answers.extend(more);
            Ok(Some(answers))
        }
        _ => Ok(None),
    }
}

/// The answers of `ops`, all applied in one transaction; `None` when
/// nothing of it was kept.
async fn in_one_transaction(
    db: &Database,
    scope: &Scope,
    settings: &Settings,
    ops: &[Operation],
    lookups: &[Lookups],
) -> Result<Option<Vec<OpAnswer>>, AppError> {
    let mut open = Open(None);
    let transaction = open.0.insert(db.clone().begin().await?);
    let Some(mut answers) = answer_all(Run::Batch(transaction), scope, settings, ops, lookups).await? else {
        open.cancel().await;
        return Ok(None);
    };
    if !open.commit().await {
        return Ok(None);
    }
    recheck(db, scope, ops, &mut answers).await?;
    let answers = ops.iter().zip(answers);
    Ok(Some(
        answers.map(|(op, answer)| OpAnswer { op_id: op.op_id.clone(), result: answer.result }).collect(),
    ))
}

/// Whether the batch names no operation id and no created record twice:
/// what the operations look up is read once, before any of them writes.
fn distinct(ops: &[Operation], lookups: &[Lookups]) -> bool {
    let mut op_ids = HashSet::new();
    let mut created = HashSet::new();
    ops.iter().all(|op| op_ids.insert(op.op_id.as_str()))
        && lookups.iter().filter_map(|l| l.creates.as_ref()).all(|(id, _)| created.insert(lookup::key(id)))
}

/// An answer given inside the batch, and whether the operation's handler
/// gave it (rather than the checks before it).
struct Answer {
    result: OpResult,
    judged: bool,
}

/// Each operation in order inside the transaction; `None` as soon as a
/// write fails, since the rest of its statements ran on regardless.
async fn answer_all(
    db: Run<'_>,
    scope: &Scope,
    settings: &Settings,
    ops: &[Operation],
    lookups: &[Lookups],
) -> Result<Option<Vec<Answer>>, AppError> {
    let facts = Facts::read(db, scope, ops, lookups).await?;
    let mut answers = Vec::with_capacity(ops.len());
    for op in ops {
        let context = match prepare(db, Some(&facts), scope, settings, op).await? {
            Prepared::Answered(result) => {
                answers.push(Answer { result, judged: false });
                continue;
            }
            Prepared::ToApply(context) => context,
        };
        let result = registry::apply(&context).await?;
        if context.broke_batch.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(None);
        }
        answers.push(Answer { result, judged: true });
    }
    Ok(Some(answers))
}

/// As when alone: an operation its handler did not apply may have lost a
/// race against a copy of itself that another request applied meanwhile;
/// then it gets that copy's stored answer.
async fn recheck(
    db: &Database,
    scope: &Scope,
    ops: &[Operation],
    answers: &mut [Answer],
) -> Result<(), AppError> {
    let unapplied = |answer: &Answer| answer.judged && answer.result != OpResult::Applied;
    let ids: Vec<_> = ops
        .iter()
        .zip(answers.iter())
        .filter(|(_, answer)| unapplied(answer))
        .map(|(op, _)| lookup::op_record(&op.op_id))
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    let stored = lookup::stored(Run::Alone(db), ids).await?;
    for (op, answer) in ops.iter().zip(answers.iter_mut()).filter(|(_, answer)| unapplied(answer)) {
        if let Some(row) = stored.get(&lookup::key(&lookup::op_record(&op.op_id))) {
            answer.result = stored_as_answer(row, &op.op_id, &hash_of(op), scope)?;
        }
    }
    Ok(())
}

/// The task applying the second half of a batch, stopped (its transaction
/// rolled back) if the request is abandoned.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The batch's transaction. Rolled back if dropped before it was committed
/// or cancelled (the request was abandoned): the SDK's handle would leave
/// it open in the engine.
struct Open(Option<Transaction<Any>>);

impl Open {
    /// Whether it committed.
    async fn commit(mut self) -> bool {
        let Some(transaction) = self.0.take() else { return false };
        match transaction.commit().await {
            Ok(_) => true,
            // E.g. a copy of one of its operations, or a change of the same
            // issue, committed first.
            Err(error) => {
                tracing::info!(%error, "a batch did not commit; applying its operations one by one");
                false
            }
        }
    }

    async fn cancel(mut self) {
        if let Some(transaction) = self.0.take() {
            cancel(transaction).await;
        }
    }
}

/// Never committed either way; a failed cancel only leaves the rollback to
/// the engine when the handle's session ends.
async fn cancel(transaction: Transaction<Any>) {
    if let Err(error) = transaction.cancel().await {
        tracing::warn!(%error, "cannot cancel a batch's transaction");
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        let Some(transaction) = self.0.take() else { return };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(cancel(transaction));
            }
            Err(_) => tracing::warn!("a batch's transaction was dropped outside the runtime"),
        }
    }
}
