//! Headers every answer carries, so that a mistake elsewhere (user text reaching a page
//! unescaped) cannot run script: a Content-Security-Policy whose only inline script is
//! Leptos' hydration script with a per-request nonce, no framing, no MIME sniffing, and no
//! `Referer` leaving the site (a share link's secret is in its URL).

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The nonce of one request's inline scripts (request extension).
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// The policy for a page whose inline scripts carry `nonce`. Wasm needs
/// `'wasm-unsafe-eval'`; inline `style` attributes (card colours, positions) need
/// `'unsafe-inline'` for styles only. The websocket is same-origin (`'self'`).
pub fn policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// A fresh nonce: 122 random bits (UUID v4), hex.
fn new_nonce() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Middleware: gives the request its nonce and every response the security headers.
pub async fn headers(mut request: Request, next: Next) -> Response {
    let nonce = new_nonce();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&policy(&nonce)) {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    response
}

/// Inside a page render: makes Leptos put this request's nonce on its inline scripts (the
/// hydration script and resolved resources), so they match the header's policy.
pub fn provide_request_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(n)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(n));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_only_nonced_inline_script_and_no_framing() {
        let p = policy("abc123");
        assert!(p.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        assert!(!p.contains("script-src 'self' 'unsafe-inline'"));
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(p.contains("object-src 'none'"));
        assert_ne!(new_nonce(), new_nonce());
    }
}
