//! Logging in by mobile number and password, with lockout and throttling.
//! Every failure gives the same answer, whether the number is unknown, the
//! password wrong, the account locked or deactivated.

use super::{audit, password, session};
use crate::model::account::mask_mobile;
use crate::model::account::normalize_mobile;
use crate::model::audit::AuditAction;
use crate::model::AppError;
use crate::server::{AppState, Database};
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, SurrealValue)]
struct Candidate {
    id: RecordId,
    password_hash: String,
    active: bool,
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

/// Limits, all counted over `login_lock_minutes`: an account locks after
/// `login_max_failures` failures in a row; one address may fail that often
/// for one number; and an address that has failed `login_ip_max_failures`
/// times (for any numbers) is slowed down, doubling each time as often again,
/// never shut: most phones here share a carrier's address with thousands.
/// An attempt is counted as a failure before its password is checked, so
/// that guesses sent all at once see each other; a success takes it back.
pub async fn log_in(state: &AppState, attempt: Attempt) -> Result<LoggedIn, AppError> {
    let max = state.settings.login_max_failures;
    slow_down(state, &attempt.ip).await?;
    let mobile = normalize_mobile(&attempt.mobile);
    let candidate = match &mobile {
        Some(mobile) => find(&state.db, mobile).await?,
        None => None,
    };
    let counted = count_attempt(state, candidate.as_ref(), mobile.as_deref(), &attempt.ip).await?;
    let pair_blocked = match &mobile {
        Some(mobile) => failures_of_pair(state, &attempt.ip, mobile).await? > max,
        None => false,
    };
    let hash = candidate.as_ref().map(|c| c.password_hash.clone());
    let password_ok = password::verify(attempt.password, hash).await?;
    let usable = candidate.as_ref().is_some_and(|c| c.active) && counted.in_a_row.is_some_and(|n| n <= max);
    match candidate {
        Some(account) if password_ok && usable && !pair_blocked => {
            succeed(state, &account, &attempt.ip, attempt.previous_token, counted.failure).await
        }
        account => {
            fail(state, account.as_ref(), &attempt.mobile, &attempt.ip, counted.in_a_row).await?;
            Err(AppError::LoginFailed)
        }
    }
}

/// How long an address waits before its next try, from its failures.
pub fn delay_for(failures: u32, slow_after: u32) -> std::time::Duration {
    if failures < slow_after.max(1) {
        return std::time::Duration::ZERO;
    }
    let doublings = (failures / slow_after.max(1)).saturating_sub(1).min(6);
    std::time::Duration::from_millis(250 << doublings)
}

async fn slow_down(state: &AppState, ip: &str) -> Result<(), AppError> {
    let delay = delay_for(ip_failures(state, ip).await?, state.settings.login_ip_max_failures);
    tokio::time::sleep(delay).await;
    Ok(())
}

async fn find(db: &Database, mobile: &str) -> Result<Option<Candidate>, AppError> {
    let found: Vec<Candidate> = db
        .query("SELECT id, password_hash, active, ancestors FROM account WHERE mobile = $mobile LIMIT 1")
        .bind(("mobile", mobile.to_owned()))
        .await?
        .take(0)?;
    Ok(found.into_iter().next())
}

async fn ip_failures(state: &AppState, ip: &str) -> Result<u32, AppError> {
    count_failures(
        state,
        "SELECT count() FROM login_failure WHERE ip = $ip AND at > time::now() - $window GROUP ALL",
        ip,
        None,
    )
    .await
}

async fn failures_of_pair(state: &AppState, ip: &str, mobile: &str) -> Result<u32, AppError> {
    let sql = "SELECT count() FROM login_failure WHERE ip = $ip AND mobile = $mobile \
               AND at > time::now() - $window GROUP ALL";
    count_failures(state, sql, ip, Some(mobile)).await
}

async fn count_failures(
    state: &AppState,
    sql: &'static str,
    ip: &str,
    mobile: Option<&str>,
) -> Result<u32, AppError> {
    let count: Option<i64> = state
        .db
        .query(sql)
        .bind(("ip", ip.to_owned()))
        .bind(("mobile", mobile.map(str::to_owned)))
        .bind(("window", state.settings.login_lock_duration()))
        .await?
        .take((0, "count"))?;
    // No failures at all: GROUP ALL over nothing returns no row.
    Ok(count.unwrap_or(0).clamp(0, u32::MAX as i64) as u32)
}

async fn succeed(
    state: &AppState,
    account: &Candidate,
    ip: &str,
    previous_token: Option<String>,
    counted_failure: RecordId,
) -> Result<LoggedIn, AppError> {
    if let Some(old) = previous_token {
        session::end(&state.db, &old).await?;
    }
    state
        .db
        .query("UPDATE $id SET failed_logins = 0, locked_until = NONE; DELETE $failure;")
        .bind(("id", account.id.clone()))
        .bind(("failure", counted_failure))
        .await?
        .check()?;
    let token = session::start(&state.db, &account.id, Some(ip.to_owned())).await?;
    let event = audit::Event::new(AuditAction::Login).actor(&account.id).ip(ip).within(&account.ancestors);
    audit::record(&state.db, event).await?;
    Ok(LoggedIn { token, account: account.id.clone() })
}

async fn fail(
    state: &AppState,
    account: Option<&Candidate>,
    mobile: &str,
    ip: &str,
    in_a_row: Option<u32>,
) -> Result<(), AppError> {
    let mut event = audit::Event::new(AuditAction::LoginFailed).subject(&mask_mobile(mobile)).ip(ip);
    if let Some(account) = account {
        if in_a_row.is_some_and(|n| n >= state.settings.login_max_failures) {
            lock(state, &account.id).await?;
        }
        event = event.actor(&account.id).within(&account.ancestors);
    }
    audit::record(&state.db, event).await
}

/// What counting an attempt found: the failure row written for it, and the
/// account's failures in a row with it (`None`: the account is locked, or
/// there is no such account).
struct Counted {
    failure: RecordId,
    in_a_row: Option<u32>,
}

async fn count_attempt(
    state: &AppState,
    account: Option<&Candidate>,
    mobile: Option<&str>,
    ip: &str,
) -> Result<Counted, AppError> {
    let in_a_row = match account {
        Some(account) => add_failure(state, &account.id).await?,
        None => None,
    };
    let failure = record_failure(state, mobile, ip).await?;
    Ok(Counted { failure, in_a_row })
}

/// A wrong current password when changing it: counts towards the account's
/// lock and the address's limits like a failed login.
pub async fn count_failure(
    state: &AppState,
    account: &RecordId,
    mobile: &str,
    ip: &str,
) -> Result<(), AppError> {
    if add_failure(state, account).await?.is_some_and(|n| n >= state.settings.login_max_failures) {
        lock(state, account).await?;
    }
    record_failure(state, Some(mobile), ip).await.map(|_| ())
}

/// One more failure in a row, unless the account is locked: trying during
/// a lock must not make it last longer.
async fn add_failure(state: &AppState, account: &RecordId) -> Result<Option<u32>, AppError> {
    let counts: Vec<i64> = state
        .db
        .query(
            "UPDATE $id SET failed_logins += 1 \
             WHERE locked_until = NONE OR locked_until <= time::now() RETURN VALUE failed_logins",
        )
        .bind(("id", account.clone()))
        .await?
        .take(0)?;
    Ok(counts.first().map(|n| (*n).clamp(0, u32::MAX as i64) as u32))
}

async fn lock(state: &AppState, account: &RecordId) -> Result<(), AppError> {
    state
        .db
        .query("UPDATE $id SET locked_until = time::now() + $lock, failed_logins = 0")
        .bind(("id", account.clone()))
        .bind(("lock", state.settings.login_lock_duration()))
        .await?
        .check()?;
    Ok(())
}

async fn record_failure(state: &AppState, mobile: Option<&str>, ip: &str) -> Result<RecordId, AppError> {
    let ids: Vec<RecordId> = state
        .db
        .query("CREATE login_failure CONTENT { ip: $ip, mobile: $mobile } RETURN VALUE id")
        .bind(("ip", ip.to_owned()))
        .bind(("mobile", mobile.map(str::to_owned)))
        .await?
        .take(0)?;
    ids.into_iter().next().ok_or_else(|| {
        tracing::error!("CREATE login_failure returned no id");
        AppError::Internal
    })
}
