//! Argon2id password hashes (PHC strings), computed off the async runtime.

use crate::model::AppError;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;

pub async fn hash(password: String) -> Result<String, AppError> {
    run_blocking(move || hash_now(&password)).await?
}

/// `None` (unknown account) still costs one verification, so the answer
/// time does not tell whether a mobile number is registered.
pub async fn verify(password: String, phc: Option<String>) -> Result<bool, AppError> {
    run_blocking(move || {
        let known = phc.is_some();
        let phc = phc.unwrap_or_else(|| dummy_hash().to_owned());
        verify_now(&password, &phc) && known
    })
    .await
}

fn hash_now(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::Internal
    })
}

fn verify_now(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).and_then(|h| Argon2::default().verify_password(password.as_bytes(), &h)).is_ok()
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_now("not a real password").unwrap_or_default())
}

async fn run_blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    tokio::task::spawn_blocking(work).await.map_err(|error| {
        tracing::error!(%error, "password task failed");
        AppError::Internal
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let phc = hash("correct horse".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify("correct horse".into(), Some(phc.clone())).await.unwrap());
        assert!(!verify("wrong horse".into(), Some(phc)).await.unwrap());
        assert!(!verify("not a real password".into(), None).await.unwrap());
    }
}
