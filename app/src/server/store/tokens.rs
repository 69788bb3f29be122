//! Personal API tokens. Only a SHA-256 hash of each token is stored (SurrealDB's
//! `crypto::sha256`), with its first characters to tell tokens apart. A token acts in one
//! workspace, with a scope (read, or read and write) and an optional expiry.

use super::accounts::{under_quota, AuthErrorOr};
use super::decode::Checked;
use super::decode::{one, rows};
use super::{Store, StoreError};
use crate::domain::access::Quota;
use crate::domain::accounts::{ApiToken, TokenScope};
use serde::Deserialize;
use serde_json::Value;

/// What a live token grants.
#[derive(Clone, Debug, Deserialize)]
pub struct TokenRow {
    pub user: String,
    pub workspace: String,
    pub scope: TokenScope,
}

/// A new token's fields.
pub struct NewToken<'a> {
    pub user: &'a str,
    pub id: &'a str,
    pub name: &'a str,
    pub secret: &'a str,
    pub workspace: &'a str,
    pub scope: TokenScope,
    /// Days it lives (`None`: until revoked).
    pub days: Option<u32>,
}

impl Store {
    /// A user's tokens, newest first, with their workspace's name.
    pub async fn list_tokens(&self, user: &str) -> Result<Vec<ApiToken>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT record::id(id) AS id, name, prefix, created_at, last_used, scope, expires_at, workspace,
                        expires_at != NONE AND expires_at <= time::now() AS expired,
                        (SELECT VALUE name FROM ONLY type::record('workspace', $parent.workspace)) ?? '' AS workspace_name
                 FROM api_token WHERE user = $user ORDER BY created_at DESC",
            )
            .bind(("user", user.to_owned()))
            .await?
            .checked()?;
        rows("api token", res.take(0)?)
    }

    /// Stores a new token's hash, unless its user has [`Quota::Tokens`] already.
    pub async fn create_token(&self, t: NewToken<'_>) -> Result<(), AuthErrorOr> {
        let query = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 IF (SELECT count() AS n FROM api_token WHERE user = $user GROUP ALL)[0].n >= $max { THROW 'jornada:quota' };
                 CREATE type::record('api_token', $id) SET user = $user, name = $name, prefix = string::slice($secret, 0, 8),
                     hash = crypto::sha256($secret), created_at = time::now(), workspace = $ws, scope = $scope,
                     expires_at = IF $days == NONE { NONE } ELSE { time::now() + type::duration(string::concat($days, 'd')) };
                 COMMIT TRANSACTION;",
            )
            .bind(("id", t.id.to_owned()))
            .bind(("user", t.user.to_owned()))
            .bind(("name", t.name.to_owned()))
            .bind(("secret", t.secret.to_owned()))
            .bind(("ws", t.workspace.to_owned()))
            .bind(("scope", t.scope.as_str()))
            .bind(("days", t.days));
        under_quota(query, Quota::Tokens).await
    }

    /// What a live (known, unexpired) token grants. Only a token that checks is marked
    /// used, at most once a minute: a wrong or expired one costs a read, never a write.
    pub async fn check_token(&self, token: &str) -> Result<Option<TokenRow>, StoreError> {
        let mut res = self
            .db
            .query(
                "LET $t = (SELECT id, user, workspace, scope, last_used FROM api_token
                           WHERE hash = crypto::sha256($secret) AND (expires_at = NONE OR expires_at > time::now()) LIMIT 1)[0];
                 IF $t != NONE AND ($t.last_used == NONE OR $t.last_used < time::now() - 1m) {
                     UPDATE $t.id SET last_used = time::now() RETURN NONE
                 };
                 RETURN IF $t == NONE { NONE } ELSE { { user: $t.user, workspace: $t.workspace, scope: $t.scope } };",
            )
            .bind(("secret", token.to_owned()))
            .await?
            .checked()?;
        one("api token", res.take(2)?)
    }

    /// Revokes one of `user`'s tokens.
    pub async fn revoke_token(&self, user: &str, id: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query("DELETE api_token WHERE id = type::record('api_token', $id) AND user = $user RETURN BEFORE")
            .bind(("id", id.to_owned()))
            .bind(("user", user.to_owned()))
            .await?
            .checked()?;
        let gone: Vec<Value> = res.take(0)?;
        Ok(!gone.is_empty())
    }
}
