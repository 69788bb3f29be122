//! Personal API tokens. Only a SHA-256 hash of each token is stored (SurrealDB's
//! `crypto::sha256`), with its first characters to tell tokens apart.

use super::{Store, StoreError};
use crate::api::tokens::ApiToken;
use serde_json::Value;

impl Store {
    /// A user's tokens, newest first.
    pub async fn list_tokens(&self, user: &str) -> Result<Vec<ApiToken>, StoreError> {
        let mut res = self
            .db
            .query("SELECT record::id(id) AS id, name, prefix, created_at, last_used FROM api_token WHERE user = $user ORDER BY created_at DESC")
            .bind(("user", user.to_owned()))
            .await?
            .check()?;
        let rows: Vec<Value> = res.take(0)?;
        rows.into_iter()
            .map(|r| serde_json::from_value(r).map_err(|e| StoreError::Corrupt(format!("api token: {e}"))))
            .collect()
    }

    /// Stores a new token's hash under `id`, acting as `user`.
    pub async fn create_token(&self, user: &str, id: &str, name: &str, token: &str) -> Result<(), StoreError> {
        self.db
            .query("CREATE type::record('api_token', $id) SET user = $user, name = $name, prefix = string::slice($secret, 0, 8), hash = crypto::sha256($secret), created_at = time::now()")
            .bind(("id", id.to_owned()))
            .bind(("user", user.to_owned()))
            .bind(("name", name.to_owned()))
            .bind(("secret", token.to_owned()))
            .await?
            .check()?;
        Ok(())
    }

    /// The user a live token acts as; marks it used.
    pub async fn check_token(&self, token: &str) -> Result<Option<String>, StoreError> {
        let mut res = self
            .db
            .query(
                "UPDATE api_token SET last_used = time::now() WHERE hash = crypto::sha256($secret) RETURN VALUE user",
            )
            .bind(("secret", token.to_owned()))
            .await?
            .check()?;
        let users: Vec<String> = res.take(0)?;
        Ok(users.into_iter().next())
    }

    /// Revokes one of `user`'s tokens.
    pub async fn revoke_token(&self, user: &str, id: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query("DELETE api_token WHERE id = type::record('api_token', $id) AND user = $user RETURN BEFORE")
            .bind(("id", id.to_owned()))
            .bind(("user", user.to_owned()))
            .await?
            .check()?;
        let gone: Vec<Value> = res.take(0)?;
        Ok(!gone.is_empty())
    }
}
