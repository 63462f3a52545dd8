//! Every kind of operation and the handler that applies it. A new feature
//! adds its kind to `model::sync::OpKind` and one line here.

use super::{Lookups, OpContext};
use crate::model::sync::{OpKind, OpResult, Operation, RejectReason};
use crate::model::AppError;
use crate::model::Field;
use crate::server::repo::{activities, hours, issues, tasks, visits};
use serde::de::DeserializeOwned;

pub async fn apply(context: &OpContext<'_>) -> Result<OpResult, AppError> {
    let Some(kind) = OpKind::parse(&context.op.kind) else {
        return Ok(OpResult::Rejected { reason: RejectReason::UnknownKind(context.op.kind.clone()) });
    };
    match kind {
        OpKind::RecordVisit => match payload(context) {
            Ok(input) => visits::record(context, input).await,
            Err(refused) => Ok(refused),
        },
        OpKind::ReportIssue => match payload(context) {
            Ok(input) => issues::report(context, input).await,
            Err(refused) => Ok(refused),
        },
        OpKind::ChangeIssue => match payload(context) {
            Ok(input) => issues::change(context, input).await,
            Err(refused) => Ok(refused),
        },
        OpKind::ClaimTask => match payload(context) {
            Ok(input) => tasks::claim(context, input).await,
            Err(refused) => Ok(refused),
        },
        OpKind::WithdrawClaim => match payload(context) {
            Ok(input) => tasks::withdraw(context, input).await,
            Err(refused) => Ok(refused),
        },
        OpKind::FinishTask => match payload(context) {
            Ok(input) => tasks::finish(context, input).await,
            Err(refused) => Ok(refused),
        },
        OpKind::CheckIn => match payload(context) {
            Ok(input) => activities::check_in(context, input).await,
            Err(refused) => Ok(refused),
        },
        OpKind::LogHours => match payload(context) {
            Ok(input) => hours::log(context, input).await,
            Err(refused) => Ok(refused),
        },
    }
}

/// The payload read as the kind's type, or a rejection naming the problem.
fn payload<T: DeserializeOwned>(context: &OpContext<'_>) -> Result<T, OpResult> {
    serde_json::from_value(context.op.payload.clone()).map_err(|error| {
        tracing::info!(%error, op_id = %context.op.op_id, "unreadable payload");
        OpResult::Rejected { reason: RejectReason::Invalid(Field::Payload) }
    })
}

/// What the operation's handler will look up before it writes, so that a
/// batch can read it for all its operations at once. An unreadable payload
/// names nothing: its handler refuses it without looking anything up.
pub fn lookups(op: &Operation) -> Lookups {
    let lookups = match OpKind::parse(&op.kind) {
        Some(OpKind::RecordVisit) => readable(op).map(|input| visits::lookups(&input)),
        Some(OpKind::ReportIssue) => readable(op).map(|input| issues::lookups(&input)),
        // Changes and claims read their record inside the transaction:
        // earlier operations of the same batch may have changed it.
        Some(
            OpKind::ChangeIssue
            | OpKind::ClaimTask
            | OpKind::WithdrawClaim
            | OpKind::FinishTask
            | OpKind::CheckIn
            | OpKind::LogHours,
        )
        | None => None,
    };
    lookups.unwrap_or_default()
}

fn readable<T: DeserializeOwned>(op: &Operation) -> Option<T> {
    serde_json::from_value(op.payload.clone()).ok()
}
