//! Who is asking, and may they? Resolves the session cookie once per request (a
//! middleware), refuses cross-site writes, sends people who are not signed in to the
//! sign-in (or first-run set-up) page, hashes passwords with argon2id and throttles
//! repeated failed sign-ins. Server functions and handlers ask [`map_role`] and
//! [`require`]; the rules themselves are `domain::access`.

use super::store::accounts::SessionRow;
use super::store::{Store, StoreError};
use super::AppState;
use crate::domain::{AuthError, Capability, MapId, Role};
use crate::error::AppError;
use crate::i18n::Locale;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The cookie that carries a session secret on plain http.
pub const SESSION_COOKIE: &str = "jornada_session";
/// The same over https: the `__Host-` prefix makes browsers accept it only when it is
/// `Secure`, has `Path=/` and no `Domain`, so a sibling subdomain cannot plant or shadow it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-jornada_session";

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

/// A random set-up code: 16 hex digits in groups of four (64 bits).
fn new_setup_code() -> String {
    let hex = uuid::Uuid::new_v4().simple().to_string();
    // (Digit 12 is the UUID's version and 16 its variant: skipped, as they never change.)
    format!("{}-{}-{}-{}", &hex[0..4], &hex[4..8], &hex[8..12], &hex[17..21])
}

/// The signed-in person behind a request.
#[derive(Clone, Debug)]
pub struct Identity {
    pub user: String,
    pub name: String,
    pub email: String,
    pub locale: Locale,
    /// The workspace the person works in now, and their role there.
    pub workspace: String,
    pub role: Option<Role>,
    /// The session's id (`None` for an API token).
    pub session: Option<String>,
    /// Acts only in `workspace` (an API token): other workspaces of the person are closed.
    pub pinned: bool,
}

impl Identity {
    pub async fn from_row(store: &Store, row: SessionRow, session: Option<String>) -> Result<Identity, StoreError> {
        let role = store.role_in(&row.user, &row.workspace).await?;
        Ok(Identity {
            user: row.user,
            name: row.name,
            email: row.email,
            locale: Locale::parse(&row.locale).unwrap_or_default(),
            workspace: row.workspace,
            role,
            session,
            pinned: false,
        })
    }

    /// The identity an API token acts with: its person, in the token's workspace only,
    /// with their role there lowered to the token's scope. `None` when the person is no
    /// longer a member of that workspace (the token is then as good as revoked).
    pub async fn for_token(
        store: &Store,
        mut row: SessionRow,
        workspace: String,
        scope: crate::domain::accounts::TokenScope,
    ) -> Result<Option<Identity>, StoreError> {
        row.workspace = workspace;
        let mut who = Identity::from_row(store, row, None).await?;
        let Some(role) = who.role else { return Ok(None) };
        who.role = Some(scope.cap(role));
        who.pinned = true;
        Ok(Some(who))
    }
}

/// The session secret behind a request (extension), so a long-lived connection can ask
/// again later whether its session still holds.
#[derive(Clone)]
pub struct SessionSecret(pub String);

/// Who the session with `secret` belongs to now, with their current role; `None` once it
/// has ended (signed out, expired, ended by a password change) or for a malformed secret.
pub async fn identity_now(store: &Store, secret: &str, idle_hours: u32) -> Result<Option<Identity>, StoreError> {
    if !secret.starts_with("jss_") || secret.len() > 100 {
        return Ok(None);
    }
    match store.session(secret, idle_hours).await? {
        Some(row) => {
            let session = Some(row.session.clone());
            Ok(Some(Identity::from_row(store, row, session).await?))
        }
        None => Ok(None),
    }
}

/// The client's address, as far as this server can tell.
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);

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

/// At most this many passwords are hashed at once (argon2id takes 19 MiB and a core's
/// worth of time each): more sign-ins wait their turn instead of exhausting memory.
fn hashing() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        tokio::sync::Semaphore::new(cores.clamp(2, 8))
    })
}

// Passwords

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

/// A random secret for a cookie or link: 244 random bits as 64 hex digits, prefixed.
pub fn secret(prefix: &str) -> String {
    format!("{prefix}{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

// Cookies

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Whether the browser reached us over https (directly or, when trusted, via a proxy).
fn is_https(headers: &HeaderMap, config: &AuthConfig) -> bool {
    config.secure_cookies
        || (config.trust_proxy
            && headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|p| p.eq_ignore_ascii_case("https")))
}

/// The session secret a request carries: the `__Host-` cookie, else the plain one.
pub fn session_secret(headers: &HeaderMap) -> Option<&str> {
    cookie_value(headers, SECURE_SESSION_COOKIE).or_else(|| cookie_value(headers, SESSION_COOKIE))
}

/// The `Set-Cookie` value of a session (`None`: end it). Over https the cookie is
/// `Secure` and named with the `__Host-` prefix; on plain http (development) it keeps
/// the plain name, which browsers would refuse with the prefix.
pub fn session_cookie(secret: Option<&str>, headers: &HeaderMap, config: &AuthConfig) -> HeaderValue {
    let https = is_https(headers, config);
    let (name, secure) = if https { (SECURE_SESSION_COOKIE, "; Secure") } else { (SESSION_COOKIE, "") };
    let value = match secret {
        Some(s) => format!(
            "{name}={s}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            config.session_days as u64 * 86_400
        ),
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    };
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("jornada_session=; Path=/; Max-Age=0"))
}

// The middleware

/// Paths anyone may open without an account.
fn is_public_page(path: &str) -> bool {
    matches!(path, "/signin" | "/setup" | "/signup")
        || path.starts_with("/invite/")
        || path.starts_with("/s/")
        || path.starts_with("/reset/")
}

/// Whether a path is a page of the app (not an API, an asset or a file).
fn is_page(path: &str) -> bool {
    !(path.starts_with("/api/") || path.starts_with("/pkg/") || path == "/healthz" || path == "/metrics")
        && !path.rsplit('/').next().is_some_and(|last| last.contains('.'))
}

/// The host the browser thinks it talks to.
fn request_host<'a>(headers: &'a HeaderMap, config: &AuthConfig) -> Option<&'a str> {
    let forwarded = config.trust_proxy.then(|| headers.get("x-forwarded-host")).flatten();
    forwarded.or_else(|| headers.get(header::HOST)).and_then(|v| v.to_str().ok())
}

/// A state-changing request carrying our session cookie must come from our own pages:
/// its `Origin` (or, failing that, `Referer`) must name this host. Requests without the
/// cookie carry no ambient authority, so there is nothing to forge.
fn same_origin(headers: &HeaderMap, config: &AuthConfig) -> bool {
    let Some(host) = request_host(headers, config) else {
        return false;
    };
    let source = headers.get(header::ORIGIN).or_else(|| headers.get(header::REFERER)).and_then(|v| v.to_str().ok());
    match source {
        Some(url) => url.split_once("://").map(|(_, rest)| rest.split('/').next().unwrap_or_default()) == Some(host),
        None => false,
    }
}

/// The client's address: the peer's, or behind a trusted proxy the right-most
/// `X-Forwarded-For` entry, which is the one our proxy appended (entries to its left
/// come from the client and can say anything).
fn client_ip(request: &Request, config: &AuthConfig) -> String {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
    if config.trust_proxy {
        if let Some(ip) = forwarded_for(request.headers()) {
            return ip;
        }
    }
    peer.unwrap_or_else(|| "local".into())
}

/// The last address in the (last) `X-Forwarded-For` header, if it is one.
fn forwarded_for(headers: &HeaderMap) -> Option<String> {
    let last = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).next_back()?;
    let hop = last.rsplit(',').next()?.trim();
    // `[v6]:port`, `v4:port` or a bare address.
    let bare = hop.strip_prefix('[').and_then(|h| h.split_once(']')).map(|(a, _)| a).unwrap_or(hop);
    if let Ok(ip) = bare.parse::<std::net::IpAddr>() {
        return Some(ip.to_string());
    }
    bare.parse::<SocketAddr>().ok().map(|a| a.ip().to_string())
}

/// Server functions that start a session: a foreign page must not sign a visitor in to
/// an account of its choosing (login CSRF), even though no cookie is sent yet.
fn signs_in(path: &str) -> bool {
    matches!(path, "/api/auth/signin" | "/api/auth/setup" | "/api/auth/signup" | "/api/auth/accept")
}

/// Runs before every route: who is asking, cross-site write refusal, page redirects.
pub async fn middleware(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let config = &state.auth.config;
    let ip = client_ip(&request, config);
    request.extensions_mut().insert(ClientIp(ip));
    let cookie = session_secret(request.headers()).map(str::to_owned);
    let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let websocket = request.headers().get(header::UPGRADE).is_some();
    // Browsers send Origin on every websocket; a foreign one must not ride our cookie.
    let foreign_ws =
        websocket && request.headers().get(header::ORIGIN).is_some() && !same_origin(request.headers(), config);
    let ambient = cookie.is_some() || signs_in(request.uri().path());
    if ambient && ((unsafe_method && !same_origin(request.headers(), config)) || foreign_ws) {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    let identity = match &cookie {
        Some(secret) => match identity_now(&state.store, secret, config.session_idle_hours).await {
            Ok(Some(i)) => {
                request.extensions_mut().insert(SessionSecret(secret.clone()));
                Some(i)
            }
            Ok(None) => None,
            Err(e) => return AppError::from(e).into_response_plain(),
        },
        None => None,
    };
    let path = request.uri().path().to_owned();
    if request.method() == Method::GET && is_page(&path) {
        let set_up = match state.auth.is_set_up(&state.store).await {
            Ok(done) => done,
            Err(e) => return AppError::from(e).into_response_plain(),
        };
        if !set_up && path != "/setup" {
            return Redirect::to("/setup").into_response();
        }
        if set_up && path == "/setup" {
            return Redirect::to(if identity.is_some() { "/" } else { "/signin" }).into_response();
        }
        if identity.is_none() && !is_public_page(&path) {
            let next = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
            return Redirect::to(&format!("/signin?next={}", encode_component(next))).into_response();
        }
        if identity.is_some() && path == "/signin" {
            return Redirect::to("/").into_response();
        }
        if path == "/signup" && !config.open_signup {
            return Redirect::to("/signin").into_response();
        }
    }
    if let Some(i) = identity {
        request.extensions_mut().insert(i);
    }
    next.run(request).await
}

/// Percent-encodes a URL component (for `?next=`).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// Checks for server functions and handlers

/// The request's parts inside a server function.
fn parts() -> Option<http::request::Parts> {
    leptos::prelude::use_context::<http::request::Parts>()
}

/// The signed-in person of the current server function call, if any.
pub fn identity() -> Option<Identity> {
    parts().and_then(|p| p.extensions.get::<Identity>().cloned())
}

/// The signed-in person, or 401.
pub fn signed_in() -> Result<Identity, AppError> {
    identity().ok_or(AppError::Unauthorized)
}

/// The signed-in person if their role in their current workspace allows `action`.
pub fn require(action: Capability) -> Result<Identity, AppError> {
    let who = signed_in()?;
    allowed(&who, action)?;
    Ok(who)
}

/// 403 unless the person's role in their current workspace allows `action`.
pub fn allowed(who: &Identity, action: Capability) -> Result<Role, AppError> {
    match who.role {
        Some(role) if role.allows(action) => Ok(role),
        _ => Err(AppError::Forbidden),
    }
}

/// The client's address inside a server function.
pub fn client_address() -> String {
    parts().and_then(|p| p.extensions.get::<ClientIp>().map(|c| c.0.clone())).unwrap_or_else(|| "local".into())
}

/// What a request may do on one map, and the map's workspace.
#[derive(Clone, Debug, PartialEq)]
pub struct MapAccess {
    pub role: Role,
    pub workspace: String,
}

/// `?share=<token>`: a share link's secret on routes a shared board uses.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ShareQuery {
    pub share: Option<String>,
}

/// The role `who` has on `map`, checked against `action`. A map of a workspace they do not
/// belong to (or no map at all) is 404: a stranger learns nothing, not even that it exists.
pub async fn map_role(store: &Store, who: &Identity, map: &MapId, action: Capability) -> Result<MapAccess, AppError> {
    if !map.is_valid() {
        return Err(AppError::NotFound);
    }
    let workspace = store.map_workspace(map).await?.ok_or(AppError::NotFound)?;
    let role = if workspace == who.workspace {
        who.role
    } else if who.pinned {
        None
    } else {
        store.role_in(&who.user, &workspace).await?
    };
    let role = role.ok_or(AppError::NotFound)?;
    if role.allows(action) {
        Ok(MapAccess { role, workspace })
    } else {
        Err(AppError::Forbidden)
    }
}

/// The role a share link grants on `map`, checked against `action`; 404 when the link is
/// not (or no longer) for this map.
pub async fn share_role(store: &Store, secret: &str, map: &MapId, action: Capability) -> Result<MapAccess, AppError> {
    let share = share_of(store, secret).await?;
    if &share.map != map {
        return Err(AppError::NotFound);
    }
    let workspace = store.map_workspace(map).await?.ok_or(AppError::NotFound)?;
    if share.role.allows(action) {
        Ok(MapAccess { role: share.role, workspace })
    } else {
        Err(AppError::Forbidden)
    }
}

/// Access to a map by a signed-in person or, failing that, a share link. Without either,
/// 401 whether or not the map exists.
pub async fn access(
    store: &Store,
    who: Option<&Identity>,
    share: Option<&str>,
    map: &MapId,
    action: Capability,
) -> Result<MapAccess, AppError> {
    let by_account = match who {
        Some(who) => map_role(store, who, map, action).await,
        None => Err(AppError::Unauthorized),
    };
    match (by_account, share) {
        (Ok(a), _) => Ok(a),
        (Err(AppError::NotFound | AppError::Unauthorized), Some(secret)) => {
            share_role(store, secret, map, action).await
        }
        (Err(e), _) => Err(e),
    }
}

/// A live share link's map and role, or 404.
pub async fn share_of(store: &Store, secret: &str) -> Result<super::store::accounts::ShareRow, AppError> {
    if !secret.starts_with("jsh_") || secret.len() > 100 {
        return Err(AppError::NotFound);
    }
    store.share(secret).await?.ok_or(AppError::NotFound)
}

/// Signs `user` in: a new session and its cookie. `locale`: the language the account
/// chose, set as the page's language too (at sign-in; a new account keeps the language
/// the browser already uses).
pub async fn start_session(state: &AppState, user: &str, locale: Option<&str>) -> Result<(), AppError> {
    let secret = secret("jss_");
    let id = uuid::Uuid::new_v4().simple().to_string();
    state.store.create_session(&id, user, &secret, state.auth.config.session_days).await?;
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        let headers = parts().map(|p| p.headers).unwrap_or_default();
        res.append_header(header::SET_COOKIE, session_cookie(Some(&secret), &headers, &state.auth.config));
        if let Some(l) = locale.and_then(Locale::parse) {
            res.append_header(header::SET_COOKIE, language_cookie(l));
        }
    }
    Ok(())
}

/// Ends the current session and clears its cookie.
pub async fn end_session(state: &AppState, who: &Identity) -> Result<(), AppError> {
    if let Some(id) = &who.session {
        state.store.delete_session(id).await?;
    }
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        let headers = parts().map(|p| p.headers).unwrap_or_default();
        res.append_header(header::SET_COOKIE, session_cookie(None, &headers, &state.auth.config));
    }
    Ok(())
}

pub fn language_cookie(locale: Locale) -> HeaderValue {
    HeaderValue::from_str(&format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", crate::i18n::COOKIE, locale.tag()))
        .unwrap_or_else(|_| HeaderValue::from_static("jornada_lang=en; Path=/"))
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

    #[test]
    fn the_client_address_is_the_proxys_not_the_clients_claim() {
        let mut h = HeaderMap::new();
        h.append("x-forwarded-for", HeaderValue::from_static("6.6.6.6, 203.0.113.7"));
        assert_eq!(forwarded_for(&h).as_deref(), Some("203.0.113.7"), "the right-most hop, which our proxy added");
        h.append("x-forwarded-for", HeaderValue::from_static("198.51.100.2"));
        assert_eq!(forwarded_for(&h).as_deref(), Some("198.51.100.2"), "the last header's last entry");
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_static("[2001:db8::1]:4711"));
        assert_eq!(forwarded_for(&h).as_deref(), Some("2001:db8::1"));
        h.insert("x-forwarded-for", HeaderValue::from_static("1.2.3.4, not-an-address"));
        assert_eq!(forwarded_for(&h), None, "garbage falls back to the peer's address");
    }

    #[test]
    fn the_set_up_code_must_match() {
        let auth = Auth::new(AuthConfig { setup_code: Some("abcd-1234".into()), ..Default::default() });
        assert!(auth.setup_code_matches("ABCD 1234") && auth.setup_code_matches("abcd1234"));
        assert!(!auth.setup_code_matches("") && !auth.setup_code_matches("abcd-1235"));
        let random = Auth::new(AuthConfig::default());
        assert!(!random.setup_code_matches(""), "a random code is never empty");
        assert_eq!(new_setup_code().len(), 19);
    }

    #[test]
    fn the_session_cookie_is_host_prefixed_over_https_only() {
        let plain = session_cookie(Some("jss_x"), &HeaderMap::new(), &AuthConfig::default());
        assert!(plain.to_str().unwrap().starts_with("jornada_session=jss_x;"));
        assert!(!plain.to_str().unwrap().contains("Secure"));
        let config = AuthConfig { secure_cookies: true, ..Default::default() };
        let secure = session_cookie(Some("jss_x"), &HeaderMap::new(), &config);
        let secure = secure.to_str().unwrap();
        assert!(secure.starts_with("__Host-jornada_session=jss_x;") && secure.contains("; Secure"));
        assert!(secure.contains("Path=/") && !secure.contains("Domain"));
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=b; jornada_session=jss_old"));
        assert_eq!(session_secret(&h), Some("jss_old"), "the plain name is still read");
        h.insert(header::COOKIE, HeaderValue::from_static("jornada_session=jss_old; __Host-jornada_session=jss_new"));
        assert_eq!(session_secret(&h), Some("jss_new"), "the prefixed cookie wins");
        assert!(signs_in("/api/auth/signin") && signs_in("/api/auth/setup") && !signs_in("/api/maps/list"));
    }

    #[test]
    fn origins_must_name_this_host() {
        let config = AuthConfig::default();
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("jornada.local:3000"));
        assert!(!same_origin(&h, &config), "no Origin, no Referer");
        h.insert(header::ORIGIN, HeaderValue::from_static("http://jornada.local:3000"));
        assert!(same_origin(&h, &config));
        h.insert(header::ORIGIN, HeaderValue::from_static("https://evil.example"));
        assert!(!same_origin(&h, &config));
        h.remove(header::ORIGIN);
        h.insert(header::REFERER, HeaderValue::from_static("http://jornada.local:3000/maps/x"));
        assert!(same_origin(&h, &config));
        h.insert(header::REFERER, HeaderValue::from_static("http://jornada.local:3000.evil.example/"));
        assert!(!same_origin(&h, &config));
    }

    #[test]
    fn pages_and_public_pages() {
        assert!(is_page("/") && is_page("/maps/abc") && is_page("/settings"));
        assert!(!is_page("/api/maps/list") && !is_page("/pkg/jornada.js") && !is_page("/favicon.svg"));
        assert!(is_public_page("/invite/jin_x") && is_public_page("/s/jsh_x") && !is_public_page("/maps/x"));
        assert!(is_public_page("/reset/jpr_x"));
        assert_eq!(encode_component("/maps/a b?x=1"), "/maps/a%20b%3Fx%3D1");
    }

    #[tokio::test]
    async fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery".into(), Some(hash.clone())).await);
        assert!(!verify_password("wrong horse battery".into(), Some(hash)).await);
        assert!(!verify_password("not a password".into(), None).await, "the dummy hash never signs anyone in");
    }
}
