//! The first-run set-up code: made at random unless configured, printed in the log
//! while the server is not set up, compared in constant time, and guarded by the
//! throttle against guessing.

use super::{client_address, Auth, ACCOUNT_LIMIT};
use crate::domain::AuthError;
use crate::error::AppError;
use crate::server::store::Store;
use crate::server::AppState;

impl Auth {
    /// Whether `code` is this server's set-up code (spaces, dashes and case ignored).
    pub fn setup_code_matches(&self, code: &str) -> bool {
        let norm = |c: &str| -> Vec<u8> {
            c.bytes().filter(|b| !b.is_ascii_whitespace() && *b != b'-').map(|b| b.to_ascii_lowercase()).collect()
        };
        let (want, got) = (norm(&self.setup_code), norm(code));
        // Length first (not secret), then every byte, so the time says nothing more.
        want.len() == got.len() && want.iter().zip(&got).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }

    /// Logs the set-up code when the server is not set up yet: only whoever can read the
    /// server's log can create the owner account.
    pub async fn announce_setup(&self, store: &Store) {
        match self.is_set_up(store).await {
            Ok(false) => {
                tracing::warn!("Jornada is not set up yet: open /setup and enter the set-up code {}", self.setup_code)
            }
            Ok(true) => {}
            Err(e) => tracing::warn!(error = %e, "could not tell whether Jornada is set up"),
        }
    }
}

/// A random set-up code: 16 hex digits in groups of four (64 bits).
pub(super) fn new_setup_code() -> String {
    let hex = uuid::Uuid::new_v4().simple().to_string();
    // (Digit 12 is the UUID's version and 16 its variant: skipped, as they never change.)
    format!("{}-{}-{}-{}", &hex[0..4], &hex[4..8], &hex[8..12], &hex[17..21])
}

/// Checks the set-up code; wrong guesses are counted against the client's address, which
/// is locked after [`ACCOUNT_LIMIT`] of them.
pub fn check_setup_code(state: &AppState, code: &str) -> Result<(), AppError> {
    let key = format!("setup:{}", client_address());
    let t = &state.auth.throttle;
    if let Some(d) = t.locked(&key) {
        return Err(AppError::Auth(AuthError::Throttled { retry_after_secs: d.as_secs().max(1) }));
    }
    if !state.auth.setup_code_matches(code) {
        t.fail(&key, ACCOUNT_LIMIT);
        tracing::warn!(ip = %client_address(), "wrong set-up code");
        return Err(AppError::Auth(AuthError::SetupCodeWrong));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::auth::AuthConfig;

    #[test]
    fn the_set_up_code_must_match() {
        let auth = Auth::new(AuthConfig { setup_code: Some("abcd-1234".into()), ..Default::default() });
        assert!(auth.setup_code_matches("ABCD 1234") && auth.setup_code_matches("abcd1234"));
        assert!(!auth.setup_code_matches("") && !auth.setup_code_matches("abcd-1235"));
        let random = Auth::new(AuthConfig::default());
        assert!(!random.setup_code_matches(""), "a random code is never empty");
        assert_eq!(new_setup_code().len(), 19);
    }
}
