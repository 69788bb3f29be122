//! One-time password reset links (`jornada reset-password EMAIL`): stored, like every other
//! secret, only as the SHA-256 hash of the link's token; a link expires, and using it
//! deletes it (one statement, so two uses at once cannot both succeed).

use super::decode::Checked;
use super::decode::{first, one};
use super::{Store, StoreError};
use serde::Deserialize;
use serde_json::Value;

/// Whom a live reset link is for.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ResetFor {
    pub user: String,
    pub name: String,
    pub email: String,
}

impl Store {
    /// Makes a reset link for the account with this (normalised) e-mail, valid for
    /// `seconds`; earlier links of the account stop working. `None`: no such account.
    pub async fn create_password_reset(
        &self,
        id: &str,
        email: &str,
        secret: &str,
        seconds: u64,
    ) -> Result<Option<ResetFor>, StoreError> {
        let mut res = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 LET $u = (SELECT record::id(id) AS user, name, email FROM user WHERE email = $email LIMIT 1)[0];
                 IF $u != NONE {
                     DELETE password_reset WHERE user = $u.user;
                     CREATE type::record('password_reset', $id) SET hash = crypto::sha256($secret), user = $u.user,
                         expires_at = time::now() + type::duration(string::concat($seconds, 's'));
                 };
                 RETURN $u;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", id.to_owned()))
            .bind(("email", email.to_owned()))
            .bind(("secret", secret.to_owned()))
            .bind(("seconds", seconds))
            .await?
            .checked()?;
        one("reset", res.take(3)?)
    }

    /// Whom a live (unexpired, unused) reset link is for, without using it.
    pub async fn password_reset(&self, secret: &str) -> Result<Option<ResetFor>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT user, (SELECT VALUE name FROM ONLY type::record('user', $parent.user)) AS name,
                        (SELECT VALUE email FROM ONLY type::record('user', $parent.user)) AS email
                 FROM password_reset WHERE hash = crypto::sha256($secret) AND expires_at > time::now() LIMIT 1",
            )
            .bind(("secret", secret.to_owned()))
            .await?
            .checked()?;
        first("reset", res.take(0)?)
    }

    /// Uses a live reset link up: deletes it and answers whose it was (`None`: it was not
    /// live, or another request used it first).
    pub async fn take_password_reset(&self, secret: &str) -> Result<Option<String>, StoreError> {
        let mut res = self
            .db
            .query(
                "DELETE password_reset WHERE hash = crypto::sha256($secret) AND expires_at > time::now() RETURN BEFORE",
            )
            .bind(("secret", secret.to_owned()))
            .await?
            .checked()?;
        let rows: Vec<Value> = res.take(0)?;
        Ok(rows.into_iter().next().and_then(|r| r.get("user").and_then(Value::as_str).map(str::to_owned)))
    }
}
