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

/// The cookie that carries a session secret.
pub const SESSION_COOKIE: &str = "jornada_session";

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
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig { open_signup: false, secure_cookies: false, trust_proxy: false, session_days: 14 }
    }
}

/// Accounts' shared state: the configuration, the sign-in throttle, and whether set-up
/// is done (cached once it is).
pub struct Auth {
    pub config: AuthConfig,
    pub throttle: Throttle,
    set_up: AtomicBool,
}

impl Auth {
    pub fn new(config: AuthConfig) -> Arc<Auth> {
        Arc::new(Auth { config, throttle: Throttle::default(), set_up: AtomicBool::new(false) })
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
        })
    }
}

/// The session secret behind a request (extension), so a long-lived connection can ask
/// again later whether its session still holds.
#[derive(Clone)]
pub struct SessionSecret(pub String);

/// Who the session with `secret` belongs to now, with their current role; `None` once it
/// has ended (signed out, expired, ended by a password change) or for a malformed secret.
pub async fn identity_now(store: &Store, secret: &str) -> Result<Option<Identity>, StoreError> {
    if !secret.starts_with("jss_") || secret.len() > 100 {
        return Ok(None);
    }
    match store.session(secret).await? {
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

/// Failed sign-ins per key (an account's e-mail, a client address): after `limit`
/// failures within the window the key is locked for the window. Per process: behind a
/// load balancer each instance counts on its own.
#[derive(Default)]
pub struct Throttle {
    entries: Mutex<HashMap<String, Entry>>,
}

struct Entry {
    failures: u32,
    since: Instant,
    locked_until: Option<Instant>,
}

/// Failures allowed per account and per address within [`THROTTLE_WINDOW`].
pub const ACCOUNT_LIMIT: u32 = 5;
pub const ADDRESS_LIMIT: u32 = 20;
pub const THROTTLE_WINDOW: Duration = Duration::from_secs(15 * 60);

impl Throttle {
    /// How long until `key` may try again, if it is locked.
    pub fn locked(&self, key: &str) -> Option<Duration> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let until = entries.get(key)?.locked_until?;
        until.checked_duration_since(Instant::now())
    }

    /// Counts a failure; locks the key at `limit`.
    pub fn fail(&self, key: &str, limit: u32) {
        let now = Instant::now();
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() > 100_000 {
            entries.retain(|_, e| {
                now.duration_since(e.since) < THROTTLE_WINDOW || e.locked_until.is_some_and(|u| u > now)
            });
        }
        let e = entries.entry(key.to_owned()).or_insert(Entry { failures: 0, since: now, locked_until: None });
        if now.duration_since(e.since) >= THROTTLE_WINDOW && e.locked_until.is_none_or(|u| u <= now) {
            *e = Entry { failures: 0, since: now, locked_until: None };
        }
        e.failures += 1;
        if e.failures >= limit {
            e.locked_until = Some(now + THROTTLE_WINDOW);
        }
    }

    pub fn clear(&self, key: &str) {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).remove(key);
    }
}

// Passwords

/// Hashes a password with argon2id (the crate's defaults: 19 MiB, 2 passes — OWASP's
/// recommendation) on a blocking thread.
pub async fn hash_password(password: String) -> Result<String, AppError> {
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

/// The `Set-Cookie` value of a session (`None`: end it).
pub fn session_cookie(secret: Option<&str>, headers: &HeaderMap, config: &AuthConfig) -> HeaderValue {
    let secure = if is_https(headers, config) { "; Secure" } else { "" };
    let value = match secret {
        Some(s) => format!(
            "{SESSION_COOKIE}={s}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            config.session_days as u64 * 86_400
        ),
        None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    };
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("jornada_session=; Path=/; Max-Age=0"))
}

// The middleware

/// Paths anyone may open without an account.
fn is_public_page(path: &str) -> bool {
    matches!(path, "/signin" | "/setup" | "/signup") || path.starts_with("/invite/") || path.starts_with("/s/")
}

/// Whether a path is a page of the app (not an API, an asset or a file).
fn is_page(path: &str) -> bool {
    !(path.starts_with("/api/") || path.starts_with("/pkg/") || path == "/healthz")
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

fn client_ip(request: &Request, config: &AuthConfig) -> String {
    if config.trust_proxy {
        if let Some(ip) = request
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|ip| !ip.is_empty())
        {
            return ip.to_owned();
        }
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "local".into())
}

/// Runs before every route: who is asking, cross-site write refusal, page redirects.
pub async fn middleware(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let config = &state.auth.config;
    let ip = client_ip(&request, config);
    request.extensions_mut().insert(ClientIp(ip));
    let cookie = cookie_value(request.headers(), SESSION_COOKIE).map(str::to_owned);
    let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let websocket = request.headers().get(header::UPGRADE).is_some();
    // Browsers send Origin on every websocket; a foreign one must not ride our cookie.
    let foreign_ws =
        websocket && request.headers().get(header::ORIGIN).is_some() && !same_origin(request.headers(), config);
    if cookie.is_some() && ((unsafe_method && !same_origin(request.headers(), config)) || foreign_ws) {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    let identity = match &cookie {
        Some(secret) => match identity_now(&state.store, secret).await {
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

impl AppError {
    /// A plain-text answer for middleware and handlers outside Leptos.
    pub fn into_response_plain(self) -> Response {
        (self.status_code(), self.to_string()).into_response()
    }
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
    let role = if workspace == who.workspace { who.role } else { store.role_in(&who.user, &workspace).await? };
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

/// Checks the throttle for a sign-in by `email` from the current client.
pub fn throttled(state: &AppState, email: &str) -> Result<(), AppError> {
    let ip = client_address();
    let t = &state.auth.throttle;
    let wait = [t.locked(&format!("account:{email}")), t.locked(&format!("ip:{ip}"))].into_iter().flatten().max();
    match wait {
        Some(d) => Err(AppError::Auth(AuthError::Throttled { retry_after_secs: d.as_secs().max(1) })),
        None => Ok(()),
    }
}

/// Counts a failed sign-in against the account and the client's address.
pub fn count_failure(state: &AppState, email: &str) {
    let ip = client_address();
    state.auth.throttle.fail(&format!("account:{email}"), ACCOUNT_LIMIT);
    state.auth.throttle.fail(&format!("ip:{ip}"), ADDRESS_LIMIT);
}

pub fn clear_failures(state: &AppState, email: &str) {
    state.auth.throttle.clear(&format!("account:{email}"));
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
