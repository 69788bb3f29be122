//! Accounts: users, workspaces and their members, sessions, invite links and share links.
//! Secrets (session cookies, invite and share tokens) are stored only as SHA-256 hashes
//! (SurrealDB's `crypto::sha256`); passwords arrive here already hashed with argon2id.

use super::{Store, StoreError};
use crate::domain::access::Quota;
use crate::domain::accounts::{InviteInfo, MemberInfo, ShareInfo, WorkspaceInfo};
use crate::domain::{AuthError, MapId, Role};
use serde::Deserialize;
use serde_json::Value;

fn rows<T: serde::de::DeserializeOwned>(what: &str, rows: Vec<Value>) -> Result<Vec<T>, StoreError> {
    rows.into_iter()
        .map(|r| serde_json::from_value(r).map_err(|e| StoreError::Corrupt(format!("{what}: {e}"))))
        .collect()
}

fn one<T: serde::de::DeserializeOwned>(what: &str, row: Option<Value>) -> Result<Option<T>, StoreError> {
    row.filter(|r| !r.is_null())
        .map(|r| serde_json::from_value(r).map_err(|e| StoreError::Corrupt(format!("{what}: {e}"))))
        .transpose()
}

/// A new user's fields (the password already hashed).
pub struct NewUser<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub hash: &'a str,
    pub locale: &'a str,
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

/// A live invite, found by its token.
#[derive(Clone, Debug, Deserialize)]
pub struct InviteRow {
    pub id: String,
    pub workspace: String,
    pub workspace_name: String,
    pub role: Role,
}

/// What a live share link grants.
#[derive(Clone, Debug, Deserialize)]
pub struct ShareRow {
    pub map: MapId,
    pub role: Role,
}

impl Store {
    /// How many accounts exist (0 before set-up).
    pub async fn user_count(&self) -> Result<u64, StoreError> {
        let mut res = self.db.query("SELECT count() AS n FROM user GROUP ALL").await?.check()?;
        let n: Option<i64> = res.take((0, "n"))?;
        Ok(n.unwrap_or(0) as u64)
    }

    /// The first run: the owner account and the first workspace, whose id is `default` so
    /// maps, personas and channels made before accounts existed belong to it. Refused once
    /// any account exists.
    pub async fn set_up(&self, user: NewUser<'_>, workspace_name: &str) -> Result<(), AuthErrorOr> {
        let mut res = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 IF (SELECT count() AS n FROM user GROUP ALL)[0].n > 0 { THROW 'jornada:set-up' };
                 CREATE type::record('user', $id) SET email = $email, name = $name, hash = $hash, locale = $locale, workspace = 'default';
                 UPSERT workspace:default SET name = $ws_name;
                 CREATE member SET user = $id, workspace = 'default', role = 'owner';
                 COMMIT TRANSACTION;",
            )
            .bind(("id", user.id.to_owned()))
            .bind(("email", user.email.to_owned()))
            .bind(("name", user.name.to_owned()))
            .bind(("hash", user.hash.to_owned()))
            .bind(("locale", user.locale.to_owned()))
            .bind(("ws_name", workspace_name.to_owned()))
            .await?;
        let errors = res.take_errors();
        if errors.values().any(|e| e.to_string().contains("jornada:set-up")) {
            return Err(AuthErrorOr::Auth(AuthError::AlreadySetUp));
        }
        if let Some(e) = errors.into_values().next() {
            return Err(AuthErrorOr::Store(e.into()));
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
        let mut res = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 IF (SELECT VALUE id FROM user WHERE email = $email) != [] { THROW 'jornada:email-taken' };
                 IF $ws_name != NONE { CREATE type::record('workspace', $ws) SET name = $ws_name };
                 CREATE type::record('user', $id) SET email = $email, name = $name, hash = $hash, locale = $locale, workspace = $ws;
                 CREATE member SET user = $id, workspace = $ws, role = $role;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", user.id.to_owned()))
            .bind(("email", user.email.to_owned()))
            .bind(("name", user.name.to_owned()))
            .bind(("hash", user.hash.to_owned()))
            .bind(("locale", user.locale.to_owned()))
            .bind(("ws", ws))
            .bind(("ws_name", ws_name))
            .bind(("role", role.as_str()))
            .await?;
        let errors = res.take_errors();
        // The unique index catches a race the check above cannot see.
        if errors.values().any(|e| {
            let e = e.to_string();
            e.contains("jornada:email-taken") || e.contains("user_email")
        }) {
            return Err(AuthErrorOr::Auth(AuthError::EmailTaken));
        }
        if let Some(e) = errors.into_values().next() {
            return Err(AuthErrorOr::Store(e.into()));
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
            .check()?;
        #[derive(Deserialize)]
        struct Row {
            id: String,
            hash: String,
        }
        let row: Option<Row> = one("user", res.take::<Vec<Value>>(0)?.into_iter().next())?;
        Ok(row.map(|r| (r.id, r.hash)))
    }

    pub async fn password_hash(&self, user: &str) -> Result<Option<String>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE hash FROM ONLY type::record('user', $id)")
            .bind(("id", user.to_owned()))
            .await?
            .check()?;
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
            .check()?;
        Ok(())
    }

    pub async fn set_user_locale(&self, user: &str, locale: &str) -> Result<(), StoreError> {
        self.db
            .query("UPDATE type::record('user', $id) SET locale = $locale")
            .bind(("id", user.to_owned()))
            .bind(("locale", locale.to_owned()))
            .await?
            .check()?;
        Ok(())
    }

    /// Makes `workspace` the user's current one, if they are a member of it.
    pub async fn switch_workspace(&self, user: &str, workspace: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query(
                "IF (SELECT VALUE role FROM member WHERE user = $id AND workspace = $ws) != [] {
                     UPDATE type::record('user', $id) SET workspace = $ws RETURN VALUE workspace
                 } ELSE { RETURN [] }",
            )
            .bind(("id", user.to_owned()))
            .bind(("ws", workspace.to_owned()))
            .await?
            .check()?;
        // One record's UPDATE may answer its value or a one-element list: either is done.
        let done: Option<Value> = res.take(0)?;
        Ok(done.is_some_and(|v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty())))
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
            .check()?;
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
            .check()?;
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
            .check()?;
        one("user", res.take(0)?)
    }

    pub async fn delete_session(&self, id: &str) -> Result<(), StoreError> {
        self.db.query("DELETE type::record('session', $id)").bind(("id", id.to_owned())).await?.check()?;
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
            .check()?;
        Ok(())
    }

    // Workspaces and members

    /// A user's role in a workspace, if they are a member.
    pub async fn role_in(&self, user: &str, workspace: &str) -> Result<Option<Role>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE role FROM member WHERE user = $user AND workspace = $ws LIMIT 1")
            .bind(("user", user.to_owned()))
            .bind(("ws", workspace.to_owned()))
            .await?
            .check()?;
        let roles: Vec<String> = res.take(0)?;
        Ok(roles.first().and_then(|r| Role::parse(r)))
    }

    /// The workspaces a user belongs to, by name.
    pub async fn workspaces_of(&self, user: &str) -> Result<Vec<WorkspaceInfo>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT workspace AS id, role, (SELECT VALUE name FROM ONLY type::record('workspace', $parent.workspace)) AS name
                 FROM member WHERE user = $user ORDER BY name",
            )
            .bind(("user", user.to_owned()))
            .await?
            .check()?;
        rows("workspace", res.take(0)?)
    }

    /// Creates a workspace with `user` as its owner, unless they own [`Quota::Workspaces`]
    /// already.
    pub async fn create_workspace(&self, id: &str, name: &str, user: &str) -> Result<(), AuthErrorOr> {
        let mut res = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 IF (SELECT count() AS n FROM member WHERE user = $user AND role = 'owner' GROUP ALL)[0].n >= $max {
                     THROW 'jornada:quota'
                 };
                 CREATE type::record('workspace', $ws) SET name = $name;
                 CREATE member SET user = $user, workspace = $ws, role = 'owner';
                 UPDATE type::record('user', $user) SET workspace = $ws;
                 COMMIT TRANSACTION;",
            )
            .bind(("ws", id.to_owned()))
            .bind(("name", name.to_owned()))
            .bind(("user", user.to_owned()))
            .bind(("max", Quota::Workspaces.max()))
            .await?;
        quota_or(res.take_errors(), Quota::Workspaces)
    }

    pub async fn rename_workspace(&self, id: &str, name: &str) -> Result<(), StoreError> {
        self.db
            .query("UPDATE type::record('workspace', $ws) SET name = $name")
            .bind(("ws", id.to_owned()))
            .bind(("name", name.to_owned()))
            .await?
            .check()?;
        Ok(())
    }

    pub async fn members(&self, workspace: &str) -> Result<Vec<MemberInfo>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT user, role, joined_at,
                        (SELECT VALUE name FROM ONLY type::record('user', $parent.user)) AS name,
                        (SELECT VALUE email FROM ONLY type::record('user', $parent.user)) AS email
                 FROM member WHERE workspace = $ws ORDER BY joined_at",
            )
            .bind(("ws", workspace.to_owned()))
            .await?
            .check()?;
        rows("member", res.take(0)?)
    }

    /// Adds a member, or raises an existing member to `role` if that is more.
    pub async fn join(&self, workspace: &str, user: &str, role: Role) -> Result<(), StoreError> {
        let current = self.role_in(user, workspace).await?;
        if current.is_some_and(|c| c >= role) {
            return Ok(());
        }
        self.db
            .query(
                "BEGIN TRANSACTION;
                 DELETE member WHERE user = $user AND workspace = $ws;
                 CREATE member SET user = $user, workspace = $ws, role = $role;
                 UPDATE type::record('user', $user) SET workspace = $ws;
                 COMMIT TRANSACTION;",
            )
            .bind(("ws", workspace.to_owned()))
            .bind(("user", user.to_owned()))
            .bind(("role", role.as_str()))
            .await?
            .check()?;
        Ok(())
    }

    /// Changes a member's role (`None` removes them). Refused when it would leave the
    /// workspace without an owner. Returns whether the member existed.
    pub async fn set_member_role(&self, workspace: &str, user: &str, role: Option<Role>) -> Result<bool, AuthErrorOr> {
        let mut res = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 LET $m = (SELECT id, role FROM member WHERE user = $user AND workspace = $ws)[0];
                 IF $m == NONE { THROW 'jornada:gone' };
                 IF $m.role == 'owner' AND $role != 'owner'
                    AND (SELECT count() AS n FROM member WHERE workspace = $ws AND role = 'owner' GROUP ALL)[0].n <= 1 {
                     THROW 'jornada:last-owner'
                 };
                 IF $role == NONE { DELETE $m.id } ELSE { UPDATE $m.id SET role = $role };
                 COMMIT TRANSACTION;",
            )
            .bind(("ws", workspace.to_owned()))
            .bind(("user", user.to_owned()))
            .bind(("role", role.map(Role::as_str)))
            .await?;
        let errors = res.take_errors();
        if errors.values().any(|e| e.to_string().contains("jornada:gone")) {
            return Ok(false);
        }
        if errors.values().any(|e| e.to_string().contains("jornada:last-owner")) {
            return Err(AuthErrorOr::Auth(AuthError::LastOwner));
        }
        if let Some(e) = errors.into_values().next() {
            return Err(AuthErrorOr::Store(e.into()));
        }
        if role.is_none() {
            // A removed member's current workspace falls back to another of theirs.
            self.db
                .query(
                    "UPDATE type::record('user', $user) SET workspace = (SELECT VALUE workspace FROM member WHERE user = $user)[0] ?? ''
                     WHERE workspace = $ws",
                )
                .bind(("ws", workspace.to_owned()))
                .bind(("user", user.to_owned()))
                .await?
                .check()
                .map_err(|e| AuthErrorOr::Store(e.into()))?;
        }
        Ok(true)
    }

    // Invites

    /// Creates an invite usable `max_uses` times, unless the workspace has
    /// [`Quota::Invites`] live ones already.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_invite(
        &self,
        id: &str,
        workspace: &str,
        role: Role,
        secret: &str,
        days: u32,
        max_uses: u32,
        by: &str,
    ) -> Result<(), AuthErrorOr> {
        let mut res = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 IF (SELECT count() AS n FROM invite WHERE workspace = $ws AND expires_at > time::now() AND uses < max_uses GROUP ALL)[0].n >= $max {
                     THROW 'jornada:quota'
                 };
                 CREATE type::record('invite', $id) SET hash = crypto::sha256($secret), workspace = $ws, role = $role,
                 created_by = $by, max_uses = $uses, expires_at = time::now() + type::duration(string::concat($days, 'd'));
                 COMMIT TRANSACTION;",
            )
            .bind(("id", id.to_owned()))
            .bind(("secret", secret.to_owned()))
            .bind(("ws", workspace.to_owned()))
            .bind(("role", role.as_str()))
            .bind(("by", by.to_owned()))
            .bind(("days", days))
            .bind(("uses", max_uses))
            .bind(("max", Quota::Invites.max()))
            .await?;
        quota_or(res.take_errors(), Quota::Invites)
    }

    /// The live invites of a workspace (not expired, not used up), newest first.
    pub async fn invites(&self, workspace: &str) -> Result<Vec<InviteInfo>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT record::id(id) AS id, role, created_at, expires_at, uses, max_uses FROM invite
                 WHERE workspace = $ws AND expires_at > time::now() AND uses < max_uses ORDER BY created_at DESC",
            )
            .bind(("ws", workspace.to_owned()))
            .await?
            .check()?;
        rows("invite", res.take(0)?)
    }

    /// A live invite by its token (not expired, not used up).
    pub async fn invite(&self, secret: &str) -> Result<Option<InviteRow>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT record::id(id) AS id, workspace, role,
                        (SELECT VALUE name FROM ONLY type::record('workspace', $parent.workspace)) AS workspace_name
                 FROM invite WHERE hash = crypto::sha256($secret) AND expires_at > time::now() AND uses < max_uses LIMIT 1",
            )
            .bind(("secret", secret.to_owned()))
            .await?
            .check()?;
        one("invite", res.take::<Vec<Value>>(0)?.into_iter().next())
    }

    /// Takes one use of an invite if it has one left (one statement, so two accepts at
    /// once cannot both take the last); answers whether it did.
    pub async fn take_invite_use(&self, id: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query(
                "UPDATE type::record('invite', $id) SET uses += 1
                 WHERE uses < max_uses AND expires_at > time::now() RETURN VALUE uses",
            )
            .bind(("id", id.to_owned()))
            .await?
            .check()?;
        let taken: Vec<Value> = res.take(0)?;
        Ok(!taken.is_empty())
    }

    /// Gives a use back (the account it was taken for could not be made).
    pub async fn give_back_invite_use(&self, id: &str) -> Result<(), StoreError> {
        self.db
            .query("UPDATE type::record('invite', $id) SET uses -= 1 WHERE uses > 0")
            .bind(("id", id.to_owned()))
            .await?
            .check()?;
        Ok(())
    }

    /// Revokes an invite of `workspace`; returns whether there was one.
    pub async fn revoke_invite(&self, workspace: &str, id: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query("DELETE invite WHERE id = type::record('invite', $id) AND workspace = $ws RETURN BEFORE")
            .bind(("id", id.to_owned()))
            .bind(("ws", workspace.to_owned()))
            .await?
            .check()?;
        let gone: Vec<Value> = res.take(0)?;
        Ok(!gone.is_empty())
    }

    // Share links

    /// Creates a share link, unless the map has [`Quota::ShareLinks`] live ones already.
    pub async fn create_share(
        &self,
        id: &str,
        map: &MapId,
        role: Role,
        secret: &str,
        days: Option<u32>,
        by: &str,
    ) -> Result<(), AuthErrorOr> {
        let mut res = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 IF (SELECT count() AS n FROM share_link WHERE map = $map AND (expires_at = NONE OR expires_at > time::now()) GROUP ALL)[0].n >= $max {
                     THROW 'jornada:quota'
                 };
                 CREATE type::record('share_link', $id) SET hash = crypto::sha256($secret), map = $map, role = $role,
                 created_by = $by,
                 expires_at = IF $days == NONE { NONE } ELSE { time::now() + type::duration(string::concat($days, 'd')) };
                 COMMIT TRANSACTION;",
            )
            .bind(("id", id.to_owned()))
            .bind(("secret", secret.to_owned()))
            .bind(("map", map.0.clone()))
            .bind(("role", role.as_str()))
            .bind(("by", by.to_owned()))
            .bind(("days", days))
            .bind(("max", Quota::ShareLinks.max()))
            .await?;
        quota_or(res.take_errors(), Quota::ShareLinks)
    }

    pub async fn shares(&self, map: &MapId) -> Result<Vec<ShareInfo>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT record::id(id) AS id, role, created_at, expires_at FROM share_link
                 WHERE map = $map AND (expires_at = NONE OR expires_at > time::now()) ORDER BY created_at DESC",
            )
            .bind(("map", map.0.clone()))
            .await?
            .check()?;
        rows("share link", res.take(0)?)
    }

    /// What a live share link grants.
    pub async fn share(&self, secret: &str) -> Result<Option<ShareRow>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT map, role FROM share_link WHERE hash = crypto::sha256($secret)
                 AND (expires_at = NONE OR expires_at > time::now()) LIMIT 1",
            )
            .bind(("secret", secret.to_owned()))
            .await?
            .check()?;
        one("share link", res.take::<Vec<Value>>(0)?.into_iter().next())
    }

    pub async fn revoke_share(&self, map: &MapId, id: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query("DELETE share_link WHERE id = type::record('share_link', $id) AND map = $map RETURN BEFORE")
            .bind(("id", id.to_owned()))
            .bind(("map", map.0.clone()))
            .await?
            .check()?;
        let gone: Vec<Value> = res.take(0)?;
        Ok(!gone.is_empty())
    }

    /// The workspace a map belongs to (`None`: no such map).
    pub async fn map_workspace(&self, map: &MapId) -> Result<Option<String>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE workspace FROM ONLY type::record('map', $id)")
            .bind(("id", map.0.clone()))
            .await?
            .check()?;
        Ok(res.take(0)?)
    }
}

/// The outcome of a transaction that may `THROW 'jornada:quota'`.
pub(crate) fn quota_or(
    errors: std::collections::HashMap<usize, surrealdb::Error>,
    quota: Quota,
) -> Result<(), AuthErrorOr> {
    if errors.values().any(|e| e.to_string().contains("jornada:quota")) {
        return Err(AuthErrorOr::Auth(quota.reached()));
    }
    match errors.into_values().next() {
        Some(e) => Err(AuthErrorOr::Store(e.into())),
        None => Ok(()),
    }
}

/// A refusal the user can act on, or a store failure.
#[derive(Debug)]
pub enum AuthErrorOr {
    Auth(AuthError),
    Store(StoreError),
}

impl From<StoreError> for AuthErrorOr {
    fn from(e: StoreError) -> Self {
        AuthErrorOr::Store(e)
    }
}

impl From<surrealdb::Error> for AuthErrorOr {
    fn from(e: surrealdb::Error) -> Self {
        AuthErrorOr::Store(e.into())
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
