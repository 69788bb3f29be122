//! The middleware every request passes: it notes the client's address, refuses
//! cross-site writes and foreign websockets that would ride our cookie, resolves the
//! session cookie to an [`Identity`](super::Identity) once, and sends people who are not
//! signed in (or a server not set up yet) to the right page, with where they were going.

use super::{identity_now, session_secret, AuthConfig, ClientIp, SessionSecret};
use crate::error::AppError;
use crate::server::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::net::SocketAddr;

/// Paths anyone may open without an account.
fn is_public_page(path: &str) -> bool {
    matches!(path, "/signin" | "/setup" | "/signup")
        || path.starts_with("/invite/")
        || path.starts_with("/s/")
        || path.starts_with("/reset/")
        || path.starts_with("/w/")
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

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
        assert!(is_public_page("/reset/jpr_x") && is_public_page("/w/jwj_x"));
        assert!(signs_in("/api/auth/signin") && signs_in("/api/auth/setup") && !signs_in("/api/maps/list"));
        assert_eq!(encode_component("/maps/a b?x=1"), "/maps/a%20b%3Fx%3D1");
    }
}
