//! The cookies accounts use: the session cookie (named with `__Host-` and `Secure` over
//! https), the language cookie and reading a cookie from a request.

use super::AuthConfig;
use crate::i18n::Locale;
use axum::http::{header, HeaderMap, HeaderValue};

/// The cookie that carries a session secret on plain http.
pub const SESSION_COOKIE: &str = "jornada_session";
/// The same over https: the `__Host-` prefix makes browsers accept it only when it is
/// `Secure`, has `Path=/` and no `Domain`, so a sibling subdomain cannot plant or shadow it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-jornada_session";

/// The value of the cookie `name` in a request's `Cookie` headers.
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

pub fn language_cookie(locale: Locale) -> HeaderValue {
    HeaderValue::from_str(&format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", crate::i18n::COOKIE, locale.tag()))
        .unwrap_or_else(|_| HeaderValue::from_static("jornada_lang=en; Path=/"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
