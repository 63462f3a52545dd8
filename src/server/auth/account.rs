//! Changes a user makes to their own account.

use super::{audit, login, password, session, Scope};
use crate::model::account::{check_new_password, PasswordProblem};
use crate::model::audit::AuditAction;
use crate::model::AppError;
use crate::server::AppState;
use surrealdb::types::SurrealValue;

pub struct PasswordChange {
    pub current: String,
    pub new: String,
    /// The session making the change stays; every other one ends.
    pub keep_token: String,
    pub ip: String,
}

pub async fn change_password(
    state: &AppState,
    scope: &Scope,
    change: PasswordChange,
) -> Result<(), AppError> {
    check_new_password(&change.new).map_err(AppError::PasswordRejected)?;
    let db = &state.db;
    let stored: Option<Secret> = db
        .query(
            "SELECT password_hash, mobile, (locked_until != NONE AND locked_until > time::now()) AS locked \
             FROM ONLY $account",
        )
        .bind(("account", scope.account.clone()))
        .await?
        .take(0)?;
    let stored = stored.ok_or(AppError::Unauthenticated)?;
    // Guessing the current password is guessing a login: the same lock.
    if stored.locked {
        return Err(AppError::PasswordRejected(PasswordProblem::TooManyAttempts));
    }
    if !password::verify(change.current, Some(stored.password_hash)).await? {
        login::count_failure(state, &scope.account, &stored.mobile, &change.ip).await?;
        let event = audit::Event::new(AuditAction::PasswordChangeFailed).actor(&scope.account).ip(&change.ip);
        audit::record(db, event).await?;
        return Err(AppError::PasswordRejected(PasswordProblem::WrongCurrent));
    }
    let hash = password::hash(change.new).await?;
    db.query("UPDATE $account SET password_hash = $hash, must_change_password = false, failed_logins = 0")
        .bind(("account", scope.account.clone()))
        .bind(("hash", hash))
        .await?
        .check()?;
    session::end_others(db, &scope.account, &change.keep_token).await?;
    let event = audit::Event::new(AuditAction::PasswordChanged).actor(&scope.account).ip(&change.ip);
    audit::record(db, event).await
}

#[derive(Debug, SurrealValue)]
struct Secret {
    password_hash: String,
    mobile: String,
    locked: bool,
}
