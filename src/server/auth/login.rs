//! Logging in by mobile number and password, with lockout and throttling.
//! Every failure gives the same answer, whether the number is unknown, the
//! password wrong, the account locked or deactivated.

use super::{audit, password, session};
use crate::model::account::mask_mobile;
use crate::model::account::normalize_mobile;
use crate::model::AppError;
use crate::server::{AppState, Database};
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, SurrealValue)]
struct Candidate {
    id: RecordId,
    password_hash: String,
    active: bool,
    locked: bool,
    ancestors: Vec<RecordId>,
}

pub struct Attempt {
    pub mobile: String,
    pub password: String,
    pub ip: String,
    /// The session cookie the browser still had, ended on success.
    pub previous_token: Option<String>,
}

/// A successful login: the token for the cookie and whose session it is.
pub struct LoggedIn {
    pub token: String,
    pub account: RecordId,
}

pub async fn log_in(state: &AppState, attempt: Attempt) -> Result<LoggedIn, AppError> {
    let db = &state.db;
    let mobile = normalize_mobile(&attempt.mobile);
    let candidate = match &mobile {
        Some(mobile) => find(db, mobile).await?,
        None => None,
    };
    let throttled = ip_failures(state, &attempt.ip).await? >= state.settings.login_ip_max_failures;
    let hash = candidate.as_ref().map(|c| c.password_hash.clone());
    let password_ok = password::verify(attempt.password, hash).await?;
    let usable = candidate.as_ref().is_some_and(|c| c.active && !c.locked);
    match candidate {
        Some(account) if password_ok && usable && !throttled => {
            succeed(state, &account, &attempt.ip, attempt.previous_token).await
        }
        account => {
            fail(state, account.as_ref(), &attempt.mobile, &attempt.ip).await?;
            Err(AppError::LoginFailed)
        }
    }
}

async fn find(db: &Database, mobile: &str) -> Result<Option<Candidate>, AppError> {
    let found: Vec<Candidate> = db
        .query(
            "SELECT id, password_hash, active, (locked_until != NONE AND locked_until > time::now()) AS locked, \
             ancestors FROM account WHERE mobile = $mobile LIMIT 1",
        )
        .bind(("mobile", mobile.to_owned()))
        .await?
        .take(0)?;
    Ok(found.into_iter().next())
}

async fn ip_failures(state: &AppState, ip: &str) -> Result<u32, AppError> {
    let count: Option<i64> = state
        .db
        .query("SELECT count() FROM login_failure WHERE ip = $ip AND at > time::now() - $window GROUP ALL")
        .bind(("ip", ip.to_owned()))
        .bind(("window", state.settings.login_lock_duration()))
        .await?
        .take((0, "count"))?;
    Ok(count.unwrap_or(0).clamp(0, u32::MAX as i64) as u32)
}

async fn succeed(
    state: &AppState,
    account: &Candidate,
    ip: &str,
    previous_token: Option<String>,
) -> Result<LoggedIn, AppError> {
    if let Some(old) = previous_token {
        session::end(&state.db, &old).await?;
    }
    state
        .db
        .query("UPDATE $id SET failed_logins = 0, locked_until = NONE")
        .bind(("id", account.id.clone()))
        .await?
        .check()?;
    let token = session::start(&state.db, &account.id, Some(ip.to_owned())).await?;
    let event = audit::Event::new("login").actor(&account.id).ip(ip).within(&account.ancestors);
    audit::record(&state.db, event).await?;
    Ok(LoggedIn { token, account: account.id.clone() })
}

async fn fail(state: &AppState, account: Option<&Candidate>, mobile: &str, ip: &str) -> Result<(), AppError> {
    let settings = &state.settings;
    if let Some(account) = account {
        state
            .db
            .query(
                "UPDATE $id SET failed_logins += 1; \
                 UPDATE $id SET locked_until = time::now() + $lock, failed_logins = 0 WHERE failed_logins >= $max;",
            )
            .bind(("id", account.id.clone()))
            .bind(("lock", settings.login_lock_duration()))
            .bind(("max", settings.login_max_failures as i64))
            .await?
            .check()?;
    }
    state.db.query("CREATE login_failure CONTENT { ip: $ip }").bind(("ip", ip.to_owned())).await?.check()?;
    let mut event = audit::Event::new("login_failed").subject(&mask_mobile(mobile)).ip(ip);
    if let Some(account) = account {
        event = event.actor(&account.id).within(&account.ancestors);
    }
    audit::record(&state.db, event).await
}
