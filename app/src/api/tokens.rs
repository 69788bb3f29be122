//! Server functions for personal API tokens (Settings). A token is shown once, when it
//! is created; the server keeps only its hash.

use crate::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Longest token name.
pub const MAX_TOKEN_NAME: usize = 60;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    /// The first characters of the token, to tell tokens apart.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub last_used: Option<DateTime<Utc>>,
}

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

/// Creates a token named `name`; answers the token itself, which is never shown again.
#[server(endpoint = "tokens/create")]
pub async fn create_token(name: String) -> Result<String, AppError> {
    crate::server::respond(
        async move {
            let who = crate::server::auth::signed_in()?;
            let name = name.trim().to_owned();
            if name.is_empty() || name.chars().count() > MAX_TOKEN_NAME {
                return Err(AppError::Invalid { field: "name".into() });
            }
            let token = crate::server::auth::secret("jrn_");
            let id = uuid::Uuid::new_v4().simple().to_string();
            crate::server::state()?.store.create_token(&who.user, &id, &name, &token).await?;
            Ok(token)
        }
        .await,
    )
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
