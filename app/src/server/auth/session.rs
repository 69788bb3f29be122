//! Sessions: starting one at sign-in (a new secret and its cookie), ending it at
//! sign-out, and resolving a session cookie to who it belongs to now.

use super::{generate, language_cookie, parts, session_cookie, Identity};
use crate::domain::SecretKind;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::server::store::{Store, StoreError};
use crate::server::AppState;
use axum::http::header;

/// The session secret behind a request (extension), so a long-lived connection can ask
/// again later whether its session still holds.
#[derive(Clone)]
pub struct SessionSecret(pub String);

/// Who the session with `secret` belongs to now, with their current role; `None` once it
/// has ended (signed out, expired, ended by a password change) or for a malformed secret.
pub async fn identity_now(store: &Store, secret: &str, idle_hours: u32) -> Result<Option<Identity>, StoreError> {
    let Some(secret) = SecretKind::Session.parse(secret) else { return Ok(None) };
    match store.session(secret, idle_hours).await? {
        Some(row) => {
            let session = Some(row.session.clone());
            Ok(Some(Identity::from_row(store, row, session).await?))
        }
        None => Ok(None),
    }
}

/// Signs `user` in: a new session and its cookie. `locale`: the language the account
/// chose, set as the page's language too (at sign-in; a new account keeps the language
/// the browser already uses).
pub async fn start_session(state: &AppState, user: &str, locale: Option<&str>) -> Result<(), AppError> {
    let secret = generate(SecretKind::Session);
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
