//! The logic behind the API-token server functions: checking what a new token may be
//! (its name, a write scope only for a role that may edit, its lifetime) and making it.
//! The REST API that tokens open is `rest`.

use super::auth;
use super::store::tokens::NewToken;
use crate::domain::access::check_days;
use crate::domain::accounts::{TokenScope, MAX_TOKEN_NAME};
use crate::domain::{Capability, SecretKind};
use crate::error::AppError;

/// Creates a token named `name` for the signed-in person in their current workspace,
/// with `scope` (read when not given) and living `days` (1–365; none: until revoked);
/// answers the token itself, which the store keeps only as a hash.
pub async fn create_token(name: String, scope: Option<TokenScope>, days: Option<u32>) -> Result<String, AppError> {
    let who = auth::require(Capability::View)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_TOKEN_NAME {
        return Err(AppError::Invalid { field: "name".into() });
    }
    let scope = scope.unwrap_or_default();
    if scope == TokenScope::Write {
        auth::allowed(&who, Capability::Edit)?;
    }
    let days = days.map(check_days).transpose().map_err(AppError::Auth)?;
    let token = auth::generate(SecretKind::ApiToken);
    let id = uuid::Uuid::new_v4().simple().to_string();
    let new = NewToken { user: &who.user, id: &id, name, secret: &token, workspace: &who.workspace, scope, days };
    super::state()?.store.create_token(new).await?;
    Ok(token)
}
