//! Server-side sessions. The cookie carries a random 256-bit token; the
//! database keeps only its SHA-256 as the session's record key.

use crate::model::AppError;
use crate::server::Database;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::time::Duration;
use surrealdb::types::{RecordId, SurrealValue};

/// How long a session lives without use, and at most.
#[derive(Debug, Clone, Copy)]
pub struct Lifetimes {
    pub idle: Duration,
    pub absolute: Duration,
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn key_of(token: &str) -> RecordId {
    RecordId::new("session", URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes())))
}

/// Starts a session for `account`; returns the token for the cookie.
pub async fn start(db: &Database, account: &RecordId, ip: Option<String>) -> Result<String, AppError> {
    let token = new_token();
    db.query("CREATE $key CONTENT { account: $account, created_at: time::now(), last_seen_at: time::now(), ip: $ip }")
        .bind(("key", key_of(&token)))
        .bind(("account", account.clone()))
        .bind(("ip", ip))
        .await?
        .check()?;
    Ok(token)
}

#[derive(Debug, SurrealValue)]
struct Row {
    account: RecordId,
    live: bool,
    stale: bool,
}

/// The account of a live session, keeping it alive; an expired one is removed.
pub async fn resolve(db: &Database, token: &str, lifetimes: Lifetimes) -> Result<Option<RecordId>, AppError> {
    let key = key_of(token);
    let row: Option<Row> = db
        .query(
            "SELECT account, (last_seen_at > time::now() - $idle AND created_at > time::now() - $absolute) AS live, \
             last_seen_at < time::now() - 1m AS stale FROM ONLY $key",
        )
        .bind(("key", key.clone()))
        .bind(("idle", lifetimes.idle))
        .bind(("absolute", lifetimes.absolute))
        .await?
        .take(0)?;
    match row {
        Some(Row { account, live: true, stale }) => {
            if stale {
                touch(db, key).await;
            }
            Ok(Some(account))
        }
        Some(_) => {
            db.query("DELETE $key").bind(("key", key)).await?.check()?;
            Ok(None)
        }
        None => Ok(None),
    }
}

/// Marks the session as used, at most once a minute. Several requests of
/// one phone arrive together (a page and the sync loop); when they race on
/// this write the others may skip it.
async fn touch(db: &Database, key: RecordId) {
    let touched = db.query("UPDATE $key SET last_seen_at = time::now()").bind(("key", key)).await;
    if let Err(error) = touched.and_then(|response| response.check()) {
        tracing::debug!(%error, "session touch skipped");
    }
}

pub async fn end(db: &Database, token: &str) -> Result<(), AppError> {
    db.query("DELETE $key").bind(("key", key_of(token))).await?.check()?;
    Ok(())
}

/// Ends the account's sessions on other devices, keeping `token`'s.
pub async fn end_others(db: &Database, account: &RecordId, token: &str) -> Result<(), AppError> {
    db.query("DELETE session WHERE account = $account AND id != $key")
        .bind(("account", account.clone()))
        .bind(("key", key_of(token)))
        .await?
        .check()?;
    Ok(())
}

/// Ends every session of an account (deactivation, forced reset).
pub async fn end_all(db: &Database, account: &RecordId) -> Result<(), AppError> {
    db.query("DELETE session WHERE account = $account").bind(("account", account.clone())).await?.check()?;
    Ok(())
}
