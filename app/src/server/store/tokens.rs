//! Personal API tokens. Only a SHA-256 hash of each token is stored (SurrealDB's
//! `crypto::sha256`), with its first characters to tell tokens apart.

use super::{Store, StoreError};
use crate::api::tokens::ApiToken;
use serde_json::Value;

impl Store {
    pub async fn list_tokens(&self) -> Result<Vec<ApiToken>, StoreError> {
        let mut res = self
            .db
            .query("SELECT record::id(id) AS id, name, prefix, created_at, last_used FROM api_token ORDER BY created_at DESC")
            .await?
            .check()?;
        let rows: Vec<Value> = res.take(0)?;
        rows.into_iter()
            .map(|r| serde_json::from_value(r).map_err(|e| StoreError::Corrupt(format!("api token: {e}"))))
            .collect()
    }

    /// Stores a new token's hash under `id`.
    pub async fn create_token(&self, id: &str, name: &str, token: &str) -> Result<(), StoreError> {
        self.db
            .query("CREATE type::record('api_token', $id) SET name = $name, prefix = string::slice($secret, 0, 8), hash = crypto::sha256($secret), created_at = time::now()")
            .bind(("id", id.to_owned()))
            .bind(("name", name.to_owned()))
            .bind(("secret", token.to_owned()))
            .await?
            .check()?;
        Ok(())
    }

    /// Whether `token` is a live token; marks it used.
    pub async fn check_token(&self, token: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query("UPDATE api_token SET last_used = time::now() WHERE hash = crypto::sha256($secret) RETURN VALUE id")
            .bind(("secret", token.to_owned()))
            .await?
            .check()?;
        let hits: Vec<Value> = res.take(0)?;
        Ok(!hits.is_empty())
    }

    pub async fn revoke_token(&self, id: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query("DELETE type::record('api_token', $id) RETURN BEFORE")
            .bind(("id", id.to_owned()))
            .await?
            .check()?;
        let gone: Vec<Value> = res.take(0)?;
        Ok(!gone.is_empty())
    }
}
