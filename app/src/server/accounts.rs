//! The logic behind the account server functions: validate, hash, store, start sessions.

use super::auth::{self, Identity};
use super::store::accounts::{AuthErrorOr, InviteRow, NewUser};
use super::AppState;
use crate::domain::access::{check_password, clean_name, normalise_email};
use crate::domain::{AuthError, Capability, Role, SecretKind};
use crate::error::AppError;

impl From<AuthErrorOr> for AppError {
    fn from(e: AuthErrorOr) -> Self {
        match e {
            AuthErrorOr::Auth(a) => AppError::Auth(a),
            AuthErrorOr::Store(s) => s.into(),
        }
    }
}

fn auth(e: AuthError) -> AppError {
    AppError::Auth(e)
}

fn locale_tag() -> &'static str {
    crate::i18n::server_locale().tag()
}

/// Validated fields of a new account.
struct Fields {
    name: String,
    email: String,
    hash: String,
}

async fn fields(name: &str, email: &str, password: String) -> Result<Fields, AppError> {
    let name = clean_name(name).map_err(auth)?;
    let email = normalise_email(email).map_err(auth)?;
    check_password(&password).map_err(auth)?;
    Ok(Fields { name, email, hash: auth::hash_password(password).await? })
}

/// The first run. Needs the set-up code from the server's log, so the owner account goes
/// to whoever runs the server, not to whoever reaches a new server first.
pub async fn set_up(
    name: String,
    email: String,
    password: String,
    workspace: String,
    code: String,
) -> Result<(), AppError> {
    let state = super::state()?;
    if state.auth.is_set_up(&state.store).await? {
        return Err(auth(AuthError::AlreadySetUp));
    }
    auth::check_setup_code(&state, &code)?;
    let workspace = clean_name(&workspace).map_err(auth)?;
    let f = fields(&name, &email, password).await?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let user = NewUser { id: &id, email: &f.email, name: &f.name, hash: &f.hash, locale: locale_tag() };
    state.store.set_up(user, &workspace).await?;
    tracing::info!(user = %id, "set-up done: owner account created");
    auth::start_session(&state, &id, None).await
}

pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    let state = super::state()?;
    // An address that cannot be an account's is still counted (under a bounded key), so
    // probing costs the same; an over-long one is not even lower-cased.
    let email = match normalise_email(&email) {
        Ok(e) => e,
        Err(_) if email.len() > 4 * crate::domain::access::MAX_EMAIL => "(too long)".to_owned(),
        Err(_) => email.trim().to_lowercase(),
    };
    // Counted before the hash: parallel guesses cannot exceed the limit.
    auth::begin_attempt(&state, &email)?;
    if password.chars().count() > crate::domain::access::MAX_PASSWORD {
        return Err(auth(AuthError::WrongCredentials));
    }
    let found = state.store.credentials(&email).await?;
    let (user, hash) = match found {
        Some((u, h)) => (Some(u), Some(h)),
        None => (None, None),
    };
    if !auth::verify_password(password, hash).await {
        tracing::info!(ip = %auth::client_address(), "failed sign-in");
        return Err(auth(AuthError::WrongCredentials));
    }
    let user = user.ok_or(AppError::Internal)?;
    auth::attempt_succeeded(&state, &email);
    let locale = state.store.session_user(&user).await?.map(|r| r.locale).unwrap_or_default();
    auth::start_session(&state, &user, Some(&locale)).await
}

pub async fn sign_up(name: String, email: String, password: String, workspace: String) -> Result<(), AppError> {
    let state = super::state()?;
    if !state.auth.config.open_signup {
        return Err(auth(AuthError::SignupClosed));
    }
    if !state.auth.is_set_up(&state.store).await? {
        return Err(AppError::NotFound);
    }
    let workspace = clean_name(&workspace).map_err(auth)?;
    let f = fields(&name, &email, password).await?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let ws = uuid::Uuid::new_v4().simple().to_string();
    let user = NewUser { id: &id, email: &f.email, name: &f.name, hash: &f.hash, locale: locale_tag() };
    state.store.create_user(user, None, Some((&ws, &workspace))).await?;
    auth::start_session(&state, &id, None).await
}

/// A live invite by its token, or "link invalid".
pub async fn live_invite(state: &AppState, token: &str) -> Result<InviteRow, AppError> {
    let token = SecretKind::Invite.parse(token).ok_or(auth(AuthError::LinkInvalid))?;
    state.store.invite(token).await?.ok_or(auth(AuthError::LinkInvalid))
}

/// Accepts an invite. A use is taken from the invite first (atomically, so parallel
/// accepts cannot exceed its limit) and given back if the account cannot be made.
pub async fn accept_invite(token: String, name: String, email: String, password: String) -> Result<(), AppError> {
    let state = super::state()?;
    let invite = live_invite(&state, &token).await?;
    if let Some(who) = auth::identity() {
        if !state.store.take_invite_use(&invite.id).await? {
            return Err(auth(AuthError::LinkInvalid));
        }
        state.store.join(&invite.workspace, &who.user, invite.role).await?;
        return Ok(());
    }
    let f = fields(&name, &email, password).await?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let user = NewUser { id: &id, email: &f.email, name: &f.name, hash: &f.hash, locale: locale_tag() };
    if !state.store.take_invite_use(&invite.id).await? {
        return Err(auth(AuthError::LinkInvalid));
    }
    if let Err(e) = state.store.create_user(user, Some((&invite.workspace, invite.role)), None).await {
        state.store.give_back_invite_use(&invite.id).await?;
        return Err(e.into());
    }
    tracing::info!(user = %id, role = invite.role.as_str(), "joined through an invite");
    auth::start_session(&state, &id, None).await
}

pub async fn change_password(current: String, new: String) -> Result<(), AppError> {
    let state = super::state()?;
    let who = auth::signed_in()?;
    auth::begin_attempt(&state, &who.email)?;
    let hash = state.store.password_hash(&who.user).await?;
    if !auth::verify_password(current, hash).await {
        return Err(auth(AuthError::WrongCredentials));
    }
    auth::attempt_succeeded(&state, &who.email);
    check_password(&new).map_err(auth)?;
    let hash = auth::hash_password(new).await?;
    state.store.set_password(&who.user, &hash, who.session.as_deref().unwrap_or_default()).await?;
    Ok(())
}

pub async fn set_member_role(user: String, role: Option<Role>) -> Result<(), AppError> {
    let state = super::state()?;
    let who: Identity = auth::require(Capability::Manage)?;
    if !state.store.set_member_role(&who.workspace, &user, role).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}
