//! Server functions for personal API tokens (Settings). A token is shown once, when it
//! is created; the server keeps only its hash. A token acts in the workspace it was made
//! in, with a scope (read, or read and write) and, if chosen, an expiry.

use crate::domain::accounts::{ApiToken, TokenScope};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "tokens/list")]
pub async fn list_tokens() -> Result<Vec<ApiToken>, AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::signed_in()?;
            Ok(crate::server::state()?.store.list_tokens(&who.user).await?)
        }
        .await,
    )
}

/// Creates a token named `name` for the current workspace, with `scope` (read when not
/// given) and living `days` (1–365; none: until revoked); answers the token itself,
/// which is never shown again. A write token needs a role that may edit.
#[server(endpoint = "tokens/create")]
pub async fn create_token(name: String, scope: Option<TokenScope>, days: Option<u32>) -> Result<String, AppError> {
    crate::server::respond(crate::server::tokens::create_token(name, scope, days).await)
}

#[server(endpoint = "tokens/revoke")]
pub async fn revoke_token(id: String) -> Result<(), AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::signed_in()?;
            if !crate::server::state()?.store.revoke_token(&who.user, &id).await? {
                return Err(AppError::NotFound);
            }
            Ok(())
        }
        .await,
    )
}
