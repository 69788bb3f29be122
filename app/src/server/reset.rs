//! Password reset by the operator: `jornada reset-password EMAIL` makes a one-time link
//! (`/reset/<token>`, expiring); the page it opens sets a new password under the same
//! rules as everywhere else, signs out every session of the account and signs this
//! browser in.

use super::auth;
use super::store::resets::ResetFor;
use super::store::{Store, StoreError};
use crate::domain::access::{check_password, normalise_email};
use crate::domain::{AuthError, SecretKind};
use crate::error::AppError;

/// How long a link works unless told otherwise.
pub const DEFAULT_VALID_SECONDS: u64 = 3600;

/// Why no link was made.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("{0:?} is not an e-mail address")]
    BadEmail(String),
    #[error("no account has the e-mail address {0}")]
    NoSuchAccount(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Makes a reset link for `email`, valid for `seconds`: the token (shown once) and whom
/// it is for. Earlier links of the account stop working.
pub async fn create_link(store: &Store, email: &str, seconds: u64) -> Result<(String, ResetFor), LinkError> {
    let email = normalise_email(email).map_err(|_| LinkError::BadEmail(email.to_owned()))?;
    let token = auth::generate(SecretKind::Reset);
    let id = uuid::Uuid::new_v4().simple().to_string();
    match store.create_password_reset(&id, &email, &token, seconds).await? {
        Some(who) => {
            tracing::info!(user = %who.user, "password reset link made");
            Ok((token, who))
        }
        None => Err(LinkError::NoSuchAccount(email)),
    }
}

/// `token` if it has a reset link's shape, else "link invalid" (before any database work).
fn well_formed(token: &str) -> Result<&str, AppError> {
    SecretKind::Reset.parse(token).ok_or(AppError::Auth(AuthError::LinkInvalid))
}

/// The name and e-mail of whom a live link is for (the page shows them).
pub async fn link_info(token: String) -> Result<(String, String), AppError> {
    let token = well_formed(&token)?;
    let state = super::state()?;
    let who = state.store.password_reset(token).await?.ok_or(AppError::Auth(AuthError::LinkInvalid))?;
    Ok((who.name, who.email))
}

/// Sets the new password with a live link, which is used up; every session of the account
/// ends and this browser is signed in.
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    let token = well_formed(&token)?;
    let state = super::state()?;
    check_password(&password).map_err(AppError::Auth)?;
    // Checked before the slow hash, used up after it: a bad link costs no hashing.
    state.store.password_reset(token).await?.ok_or(AppError::Auth(AuthError::LinkInvalid))?;
    let hash = auth::hash_password(password).await?;
    let user = state.store.take_password_reset(token).await?.ok_or(AppError::Auth(AuthError::LinkInvalid))?;
    // No session is kept: "" is no session's id.
    state.store.set_password(&user, &hash, "").await?;
    tracing::info!(user = %user, "password reset with a link; the account's sessions ended");
    auth::start_session(&state, &user, None).await
}
