//! The sign-in throttle: failed attempts counted per account and per client address,
//! locked for a while past a limit, with bounded memory; and the helpers sign-in and
//! password change call around a password check ([`begin_attempt`],
//! [`attempt_succeeded`]).

use super::client_address;
use crate::domain::AuthError;
use crate::error::AppError;
use crate::server::AppState;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Sign-in attempts per key (an account's e-mail, a client address): after `limit`
/// attempts within the window that did not succeed, the key is locked for the window.
/// An attempt is counted *before* the password is hashed (and refunded when it
/// succeeds), so guesses sent in parallel cannot outrun the limit. Memory is bounded:
/// keys are cut to [`MAX_KEY`] bytes and at most [`MAX_ENTRIES`] are kept (expired ones
/// go first, then unlocked ones, then the oldest). Per process: behind a load balancer
/// each instance counts on its own.
#[derive(Default)]
pub struct Throttle {
    entries: Mutex<HashMap<String, Entry>>,
}

struct Entry {
    failures: u32,
    since: Instant,
    locked_until: Option<Instant>,
}

impl Entry {
    fn live(&self, now: Instant) -> bool {
        now.duration_since(self.since) < THROTTLE_WINDOW || self.locked(now)
    }
    fn locked(&self, now: Instant) -> bool {
        self.locked_until.is_some_and(|u| u > now)
    }
}

/// Failures allowed per account and per address within [`THROTTLE_WINDOW`].
pub const ACCOUNT_LIMIT: u32 = 5;
pub const ADDRESS_LIMIT: u32 = 20;
pub const THROTTLE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// The longest key kept (longer ones are cut: an e-mail is at most 254 bytes anyway).
pub const MAX_KEY: usize = 300;
/// The most keys kept at once (about 10 MB at most).
pub const MAX_ENTRIES: usize = 20_000;

/// `key`, cut to [`MAX_KEY`] bytes at a character boundary.
fn bounded(key: &str) -> &str {
    if key.len() <= MAX_KEY {
        return key;
    }
    let mut end = MAX_KEY;
    while !key.is_char_boundary(end) {
        end -= 1;
    }
    &key[..end]
}

impl Throttle {
    /// How long until `key` may try again, if it is locked.
    pub fn locked(&self, key: &str) -> Option<Duration> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let until = entries.get(bounded(key))?.locked_until?;
        until.checked_duration_since(Instant::now())
    }

    /// Starts an attempt for every `(key, limit)` at once: refused with the longest wait
    /// when any key is locked (nothing is counted then), else each key's count goes up
    /// now, before the password is checked. Call [`Throttle::succeeded`] when it works.
    pub fn attempt(&self, keys: &[(&str, u32)]) -> Result<(), Duration> {
        let now = Instant::now();
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let wait = keys
            .iter()
            .filter_map(|(k, _)| entries.get(bounded(k)).and_then(|e| e.locked_until))
            .filter_map(|u| u.checked_duration_since(now))
            .filter(|d| !d.is_zero())
            .max();
        if let Some(wait) = wait {
            return Err(wait);
        }
        for (key, limit) in keys {
            Self::count(&mut entries, now, bounded(key), *limit);
        }
        Ok(())
    }

    /// Counts a failure; locks the key at `limit`.
    pub fn fail(&self, key: &str, limit: u32) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        Self::count(&mut entries, Instant::now(), bounded(key), limit);
    }

    fn count(entries: &mut HashMap<String, Entry>, now: Instant, key: &str, limit: u32) {
        if !entries.contains_key(key) && entries.len() >= MAX_ENTRIES {
            Self::make_room(entries, now);
        }
        let e = entries.entry(key.to_owned()).or_insert(Entry { failures: 0, since: now, locked_until: None });
        if !e.live(now) {
            *e = Entry { failures: 0, since: now, locked_until: None };
        }
        e.failures += 1;
        if e.failures >= limit {
            e.locked_until = Some(now + THROTTLE_WINDOW);
        }
    }

    /// Frees at least one place: expired keys first, then keys that only count (not
    /// locked), and only when every key is locked the oldest.
    fn make_room(entries: &mut HashMap<String, Entry>, now: Instant) {
        entries.retain(|_, e| e.live(now));
        if entries.len() < MAX_ENTRIES {
            return;
        }
        entries.retain(|_, e| e.locked(now));
        if entries.len() < MAX_ENTRIES {
            return;
        }
        if let Some(oldest) = entries.iter().min_by_key(|(_, e)| e.since).map(|(k, _)| k.clone()) {
            entries.remove(&oldest);
        }
    }

    /// An attempt worked: the account's count is cleared and the address's attempt refunded.
    pub fn succeeded(&self, account_key: &str, address_key: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.remove(bounded(account_key));
        if let Some(e) = entries.get_mut(bounded(address_key)) {
            if !e.locked(Instant::now()) {
                e.failures = e.failures.saturating_sub(1);
            }
        }
    }

    pub fn clear(&self, key: &str) {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).remove(bounded(key));
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

/// The throttle keys of a sign-in by `email` from the current client.
fn throttle_keys(email: &str) -> (String, String) {
    (format!("account:{}", bounded(email)), format!("ip:{}", client_address()))
}

/// Starts a password check for `email` from the current client: refused while the account
/// or the address is locked, else counted as a failure until [`attempt_succeeded`].
pub fn begin_attempt(state: &AppState, email: &str) -> Result<(), AppError> {
    let (account, ip) = throttle_keys(email);
    state
        .auth
        .throttle
        .attempt(&[(&account, ACCOUNT_LIMIT), (&ip, ADDRESS_LIMIT)])
        .map_err(|d| AppError::Auth(AuthError::Throttled { retry_after_secs: d.as_secs().max(1) }))
}

/// The password was right: the account's failures are forgotten, the address's attempt
/// refunded.
pub fn attempt_succeeded(state: &AppState, email: &str) {
    let (account, ip) = throttle_keys(email);
    state.auth.throttle.succeeded(&account, &ip);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_locks_after_the_limit_and_clears() {
        let t = Throttle::default();
        for _ in 0..4 {
            t.fail("a", 5);
        }
        assert!(t.locked("a").is_none());
        t.fail("a", 5);
        assert!(t.locked("a").is_some_and(|d| d > Duration::from_secs(800)));
        assert!(t.locked("b").is_none());
        t.clear("a");
        assert!(t.locked("a").is_none());
    }

    #[test]
    fn attempts_count_before_the_check_and_a_success_refunds() {
        let t = Throttle::default();
        let keys = [("account:a", 3), ("ip:1", 10)];
        // Three attempts start at once (in parallel, before any hash is done): the fourth
        // is refused although none has failed yet.
        for _ in 0..3 {
            assert!(t.attempt(&keys).is_ok());
        }
        assert!(t.attempt(&keys).is_err_and(|d| d > Duration::from_secs(800)));
        assert!(t.attempt(&[("account:b", 3), ("ip:1", 10)]).is_ok(), "another account from the address");
        // A success clears the account and gives the address its attempt back.
        let t = Throttle::default();
        for _ in 0..9 {
            t.attempt(&keys).ok();
            t.succeeded("account:a", "ip:1");
        }
        assert!(t.attempt(&keys).is_ok(), "nine good sign-ins do not lock the address");
    }

    #[test]
    fn throttle_memory_is_bounded() {
        let t = Throttle::default();
        // An 8 MiB "e-mail" is kept as a short key, and still counts.
        let huge = "x".repeat(8 << 20);
        for _ in 0..5 {
            t.fail(&huge, 5);
        }
        assert!(t.locked(&huge).is_some());
        let entries = t.entries.lock().unwrap();
        assert!(entries.keys().all(|k| k.len() <= MAX_KEY));
        drop(entries);
        // Cut at a character boundary.
        let wide = "é".repeat(MAX_KEY);
        t.fail(&wide, 5);
        assert!(bounded(&wide).len() <= MAX_KEY && bounded(&wide).chars().all(|c| c == 'é'));
        // Many keys: never more than MAX_ENTRIES, and a locked key survives the flood.
        for i in 0..MAX_ENTRIES + 500 {
            t.fail(&format!("account:{i}@example.com"), 5);
        }
        assert!(t.len() <= MAX_ENTRIES);
        assert!(t.locked(&huge).is_some(), "locked keys are kept over counting ones");
    }
}
