//! Passwords: hashed with argon2id and checked on blocking threads, a few at a time, so
//! sign-ins cannot exhaust memory; an unknown account costs as long as a known one.

use crate::error::AppError;

/// At most this many passwords are hashed at once (argon2id takes 19 MiB and a core's
/// worth of time each): more sign-ins wait their turn instead of exhausting memory.
fn hashing() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        tokio::sync::Semaphore::new(cores.clamp(2, 8))
    })
}

/// Hashes a password with argon2id (the crate's defaults: 19 MiB, 2 passes — OWASP's
/// recommendation) on a blocking thread.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    let _permit = hashing().acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let salt = SaltString::encode_b64(uuid::Uuid::new_v4().as_bytes()).map_err(|_| AppError::Internal)?;
        argon2::Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::Internal
        })
    })
    .await
    .map_err(|_| AppError::Internal)?
}

/// Whether `password` matches `hash` (on a blocking thread). With no hash (unknown
/// account) a dummy hash is checked, so the answer takes as long either way.
pub async fn verify_password(password: String, hash: Option<String>) -> bool {
    let Ok(_permit) = hashing().acquire().await else { return false };
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let dummy = DUMMY.get_or_init(|| {
            use argon2::password_hash::{PasswordHasher, SaltString};
            // (If this ever failed the dummy would be empty and simply never verify.)
            SaltString::encode_b64(&[7u8; 16])
                .ok()
                .and_then(|salt| {
                    argon2::Argon2::default().hash_password(b"not a password", &salt).ok().map(|h| h.to_string())
                })
                .unwrap_or_default()
        });
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| dummy.clone());
        let Ok(parsed) = PasswordHash::new(&hash) else {
            return false;
        };
        argon2::Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && known
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery".into(), Some(hash.clone())).await);
        assert!(!verify_password("wrong horse battery".into(), Some(hash)).await);
        assert!(!verify_password("not a password".into(), None).await, "the dummy hash never signs anyone in");
    }
}
