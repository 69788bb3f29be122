//! Users and their sessions: the first set-up, sign-up, credentials, passwords and locale;
//! session cookies (stored only as SHA-256 hashes, with an idle timeout); and the purge of
//! every expired secret.

use super::accounts::AuthErrorOr;
use super::decode::Checked;
use super::decode::{first, one};
use super::{Store, StoreError};
use crate::domain::{AuthError, Role};
use serde::Deserialize;
use serde_json::Value;
use surrealdb::engine::any::Any;
use surrealdb::method::Query;

/// A new user's fields (the password already hashed).
pub struct NewUser<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub hash: &'a str,
    pub locale: &'a str,
}

impl NewUser<'_> {
    /// Binds the user's fields as `$id`, `$email`, `$name`, `$hash` and `$locale`.
    fn bind<'r>(&self, query: Query<'r, Any>) -> Query<'r, Any> {
        query
            .bind(("id", self.id.to_owned()))
            .bind(("email", self.email.to_owned()))
            .bind(("name", self.name.to_owned()))
            .bind(("hash", self.hash.to_owned()))
            .bind(("locale", self.locale.to_owned()))
    }
}

/// What a live session says about its user.
#[derive(Clone, Debug, Deserialize)]
pub struct SessionRow {
    pub session: String,
    pub user: String,
    pub name: String,
    pub email: String,
    pub locale: String,
    /// The workspace the user works in now.
    pub workspace: String,
}

impl Store {
    /// How many accounts exist (0 before set-up).
    pub async fn user_count(&self) -> Result<u64, StoreError> {
        let mut res = self.db.query("SELECT count() AS n FROM user GROUP ALL").await?.checked()?;
        let n: Option<i64> = res.take((0, "n"))?;
        Ok(n.unwrap_or(0) as u64)
    }

    /// The first run: the owner account and the first workspace, whose id is `default` so
    /// maps, personas and channels made before accounts existed belong to it. Refused once
    /// any account exists.
    pub async fn set_up(&self, user: NewUser<'_>, workspace_name: &str) -> Result<(), AuthErrorOr> {
        let query = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 IF (SELECT count() AS n FROM user GROUP ALL)[0].n > 0 { THROW 'jornada:set-up' };
                 CREATE type::record('user', $id) SET email = $email, name = $name, hash = $hash, locale = $locale, workspace = 'default';
                 UPSERT workspace:default SET name = $ws_name;
                 CREATE member SET user = $id, workspace = 'default', role = 'owner';
                 COMMIT TRANSACTION;",
            );
        let mut res = user.bind(query).bind(("ws_name", workspace_name.to_owned())).await?;
        let errors = res.take_errors();
        if errors.values().any(|e| e.to_string().contains("jornada:set-up")) {
            return Err(AuthErrorOr::Auth(AuthError::AlreadySetUp));
        }
        if let Some(e) = super::decode::failure(errors) {
            return Err(AuthErrorOr::Store(e));
        }
        Ok(())
    }

    /// Creates an account and, in the same transaction, its membership of `workspace`
    /// (an invite's) or a new workspace of its own named `own_workspace`.
    pub async fn create_user(
        &self,
        user: NewUser<'_>,
        join: Option<(&str, Role)>,
        own_workspace: Option<(&str, &str)>,
    ) -> Result<(), AuthErrorOr> {
        let (ws, role, ws_name) = match (join, own_workspace) {
            (Some((ws, role)), _) => (ws.to_owned(), role, None),
            (None, Some((id, name))) => (id.to_owned(), Role::Owner, Some(name.to_owned())),
            (None, None) => return Err(AuthErrorOr::Store(StoreError::Corrupt("a new user needs a workspace".into()))),
        };
        let query = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 IF (SELECT VALUE id FROM user WHERE email = $email) != [] { THROW 'jornada:email-taken' };
                 IF $ws_name != NONE { CREATE type::record('workspace', $ws) SET name = $ws_name };
                 CREATE type::record('user', $id) SET email = $email, name = $name, hash = $hash, locale = $locale, workspace = $ws;
                 CREATE member SET user = $id, workspace = $ws, role = $role;
                 COMMIT TRANSACTION;",
            );
        let mut res =
            user.bind(query).bind(("ws", ws)).bind(("ws_name", ws_name)).bind(("role", role.as_str())).await?;
        let errors = res.take_errors();
        // The unique index catches a race the check above cannot see.
        if errors.values().any(|e| {
            let e = e.to_string();
            e.contains("jornada:email-taken") || e.contains("user_email")
        }) {
            return Err(AuthErrorOr::Auth(AuthError::EmailTaken));
        }
        if let Some(e) = super::decode::failure(errors) {
            return Err(AuthErrorOr::Store(e));
        }
        Ok(())
    }

    /// The id and password hash of the account with this (normalised) e-mail.
    pub async fn credentials(&self, email: &str) -> Result<Option<(String, String)>, StoreError> {
        let mut res = self
            .db
            .query("SELECT record::id(id) AS id, hash FROM user WHERE email = $email LIMIT 1")
            .bind(("email", email.to_owned()))
            .await?
            .checked()?;
        #[derive(Deserialize)]
        struct Row {
            id: String,
            hash: String,
        }
        let row: Option<Row> = first("user", res.take(0)?)?;
        Ok(row.map(|r| (r.id, r.hash)))
    }

    pub async fn password_hash(&self, user: &str) -> Result<Option<String>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE hash FROM ONLY type::record('user', $id)")
            .bind(("id", user.to_owned()))
            .await?
            .checked()?;
        Ok(res.take(0)?)
    }

    /// Replaces the password hash and ends every other session of the user.
    pub async fn set_password(&self, user: &str, hash: &str, keep_session: &str) -> Result<(), StoreError> {
        self.db
            .query(
                "BEGIN TRANSACTION;
                 UPDATE type::record('user', $id) SET hash = $hash;
                 DELETE session WHERE user = $id AND record::id(id) != $keep;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", user.to_owned()))
            .bind(("hash", hash.to_owned()))
            .bind(("keep", keep_session.to_owned()))
            .await?
            .checked()?;
        Ok(())
    }

    pub async fn set_user_locale(&self, user: &str, locale: &str) -> Result<(), StoreError> {
        self.db
            .query("UPDATE type::record('user', $id) SET locale = $locale")
            .bind(("id", user.to_owned()))
            .bind(("locale", locale.to_owned()))
            .await?
            .checked()?;
        Ok(())
    }

    // Sessions

    /// Starts a session for `user`, valid for `days`; the cookie holds `secret`.
    pub async fn create_session(&self, id: &str, user: &str, secret: &str, days: u32) -> Result<(), StoreError> {
        self.db
            .query(
                "CREATE type::record('session', $id) SET hash = crypto::sha256($secret), user = $user,
                 expires_at = time::now() + type::duration(string::concat($days, 'd'))",
            )
            .bind(("id", id.to_owned()))
            .bind(("secret", secret.to_owned()))
            .bind(("user", user.to_owned()))
            .bind(("days", days))
            .await?
            .checked()?;
        Ok(())
    }

    /// The user behind a live session cookie. A session unused for `idle_hours` is over
    /// (the idle timeout); a used one is marked seen at most every five minutes, so
    /// requests do not each write.
    pub async fn session(&self, secret: &str, idle_hours: u32) -> Result<Option<SessionRow>, StoreError> {
        let mut res = self
            .db
            .query(
                "LET $idle = type::duration(string::concat($hours, 'h'));
                 LET $s = (SELECT id, record::id(id) AS session, user, last_seen ?? created_at AS seen FROM session
                           WHERE hash = crypto::sha256($secret) AND expires_at > time::now() LIMIT 1)[0];
                 LET $s = IF $s != NONE AND $s.seen > time::now() - $idle { $s } ELSE { NONE };
                 IF $s != NONE AND $s.seen < time::now() - 5m { UPDATE $s.id SET last_seen = time::now() RETURN NONE };
                 IF $s == NONE { RETURN NONE } ELSE {
                     RETURN (SELECT $s.session AS session, record::id(id) AS user, name, email, locale, workspace
                             FROM ONLY type::record('user', $s.user))
                 };",
            )
            .bind(("secret", secret.to_owned()))
            .bind(("hours", idle_hours.max(1)))
            .await?
            .checked()?;
        let row: Option<Value> = res.take(4)?;
        one("session", row)
    }

    /// A user's fields as a session row (no session id): for API tokens and sign-in.
    pub async fn session_user(&self, user: &str) -> Result<Option<SessionRow>, StoreError> {
        let mut res = self
            .db
            .query("SELECT '' AS session, record::id(id) AS user, name, email, locale, workspace FROM ONLY type::record('user', $id)")
            .bind(("id", user.to_owned()))
            .await?
            .checked()?;
        one("user", res.take(0)?)
    }

    pub async fn delete_session(&self, id: &str) -> Result<(), StoreError> {
        self.db.query("DELETE type::record('session', $id)").bind(("id", id.to_owned())).await?.checked()?;
        Ok(())
    }

    /// Forgets expired (or idle, or used-up) sessions, invites, share links and tokens.
    pub async fn purge_expired(&self) -> Result<(), StoreError> {
        self.db
            .query(
                "DELETE session WHERE expires_at <= time::now();
                 DELETE session WHERE (last_seen ?? created_at) < time::now() - 30d;
                 DELETE invite WHERE expires_at <= time::now() OR uses >= max_uses;
                 DELETE api_token WHERE expires_at != NONE AND expires_at <= time::now() - 30d;
                 DELETE share_link WHERE expires_at != NONE AND expires_at <= time::now();
                 DELETE password_reset WHERE expires_at <= time::now();",
            )
            .await?
            .checked()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_idle_session_ends_and_a_used_one_is_marked_seen_rarely() {
        let store = Store::open("mem://", None).await.unwrap();
        let user = NewUser { id: "ana", email: "ana@example.com", name: "Ana", hash: "-", locale: "en" };
        store.set_up(user, "Clinic").await.map_err(|e| format!("{e:?}")).unwrap();
        store.create_session("s1", "ana", "jss_one", 14).await.unwrap();
        assert!(store.session("jss_one", 72).await.unwrap().is_some(), "fresh");
        let seen = |store: &Store| {
            let store = store.clone();
            async move {
                let mut res = store.db.query("SELECT VALUE last_seen FROM ONLY session:s1").await.unwrap();
                let v: Option<Value> = res.take(0).unwrap();
                v.filter(|v| !v.is_null())
            }
        };
        assert_eq!(seen(&store).await, None, "a session used within five minutes is not written to");
        // Unused for 73 hours: over, though it has not expired.
        store.db.query("UPDATE session:s1 SET last_seen = time::now() - 73h").await.unwrap().check().unwrap();
        assert!(store.session("jss_one", 72).await.unwrap().is_none(), "idle for longer than allowed");
        assert!(store.session("jss_one", 96).await.unwrap().is_some(), "within a longer idle timeout");
        // A use after ten minutes marks it seen now.
        store.db.query("UPDATE session:s1 SET last_seen = time::now() - 10m").await.unwrap().check().unwrap();
        assert!(store.session("jss_one", 72).await.unwrap().is_some());
        let mut res = store.db.query("SELECT VALUE last_seen > time::now() - 1m FROM ONLY session:s1").await.unwrap();
        let fresh: Option<bool> = res.take(0).unwrap();
        assert_eq!(fresh, Some(true), "last_seen was refreshed by the use");
    }
}
