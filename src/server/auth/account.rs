//! Changes a user makes to their own account.

use super::{audit, password, session, Scope};
use crate::model::account::{check_new_password, PasswordProblem};
use crate::model::AppError;
use crate::server::AppState;

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
    let stored: Option<String> = db
        .query("SELECT VALUE password_hash FROM ONLY $account")
        .bind(("account", scope.account.clone()))
        .await?
        .take(0)?;
    if !password::verify(change.current, stored).await? {
        let event = audit::Event::new("password_change_failed").actor(&scope.account).ip(&change.ip);
        audit::record(db, event).await?;
        return Err(AppError::PasswordRejected(PasswordProblem::WrongCurrent));
    }
    let hash = password::hash(change.new).await?;
    db.query("UPDATE $account SET password_hash = $hash, must_change_password = false")
        .bind(("account", scope.account.clone()))
        .bind(("hash", hash))
        .await?
        .check()?;
    session::end_others(db, &scope.account, &change.keep_token).await?;
    let event = audit::Event::new("password_changed").actor(&scope.account).ip(&change.ip);
    audit::record(db, event).await
}
