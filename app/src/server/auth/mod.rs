//! Who is asking, and may they? Resolves the session cookie once per request
//! ([`middleware`]), refuses cross-site writes, sends people who are not signed in to the
//! sign-in (or first-run set-up) page, hashes passwords with argon2id and throttles
//! repeated failed sign-ins. Server functions and handlers ask [`map_role`] and
//! [`require`]; the rules themselves are `domain::access`.
//!
//! This file holds the configuration and shared state; each concern has its own file,
//! and everything callers use is re-exported here (`server::auth::X`).

mod cookies;
mod identity;
mod middleware;
mod passwords;
mod secret;
mod session;
mod setup;
mod throttle;

pub use cookies::{language_cookie, session_cookie, session_secret, SECURE_SESSION_COOKIE, SESSION_COOKIE};
use identity::parts;
pub use identity::{
    access, allowed, client_address, identity, map_role, require, share_of, share_role, signed_in, ClientIp, Identity,
    MapAccess, ShareQuery,
};
pub use middleware::{encode_component, middleware};
pub use passwords::{hash_password, verify_password};
pub use secret::generate;
pub use session::{end_session, identity_now, start_session, SessionSecret};
pub use setup::check_setup_code;
use setup::new_setup_code;
pub use throttle::{
    attempt_succeeded, begin_attempt, Throttle, ACCOUNT_LIMIT, ADDRESS_LIMIT, MAX_ENTRIES, MAX_KEY, THROTTLE_WINDOW,
};

use super::store::{Store, StoreError};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// How accounts behave on this server (flags and environment of the binary).
#[derive(Clone, Debug)]
pub struct AuthConfig {
    /// Anyone may create an account (with a workspace of their own) without an invite.
    pub open_signup: bool,
    /// Mark cookies `Secure` always (serving https directly or behind a proxy).
    pub secure_cookies: bool,
    /// Believe `X-Forwarded-For`, `-Proto` and `-Host` (only behind a proxy that sets them).
    pub trust_proxy: bool,
    /// How long a session lives.
    pub session_days: u32,
    /// A session unused for this long ends (the idle timeout).
    pub session_idle_hours: u32,
    /// The code the first-run set-up asks for; `None`: a random one, printed in the log
    /// at start while the server is not set up.
    pub setup_code: Option<String>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            open_signup: false,
            secure_cookies: false,
            trust_proxy: false,
            session_days: 14,
            session_idle_hours: 72,
            setup_code: None,
        }
    }
}

/// Accounts' shared state: the configuration, the sign-in throttle, the set-up code and
/// whether set-up is done (cached once it is).
pub struct Auth {
    pub config: AuthConfig,
    pub throttle: Throttle,
    set_up: AtomicBool,
    setup_code: String,
}

impl Auth {
    pub fn new(config: AuthConfig) -> Arc<Auth> {
        let setup_code = config.setup_code.clone().filter(|c| !c.trim().is_empty()).unwrap_or_else(new_setup_code);
        Arc::new(Auth { config, throttle: Throttle::default(), set_up: AtomicBool::new(false), setup_code })
    }

    /// Whether the owner account exists.
    pub async fn is_set_up(&self, store: &Store) -> Result<bool, StoreError> {
        if self.set_up.load(Ordering::Relaxed) {
            return Ok(true);
        }
        let done = store.user_count().await? > 0;
        if done {
            self.set_up.store(true, Ordering::Relaxed);
        }
        Ok(done)
    }
}
