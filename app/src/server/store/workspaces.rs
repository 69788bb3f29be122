//! Workspaces, their members and roles, and the invite links that bring people in (an
//! invite's token is stored only as its SHA-256 hash).

use super::accounts::{under_quota, AuthErrorOr};
use super::decode::Checked;
use super::decode::{first, rows};
use super::{Store, StoreError};
use crate::domain::access::Quota;
use crate::domain::accounts::{InviteInfo, MemberInfo, WorkspaceInfo};
use crate::domain::{AuthError, Role};
use serde::Deserialize;
use serde_json::Value;

/// A live invite, found by its token.
#[derive(Clone, Debug, Deserialize)]
pub struct InviteRow {
    pub id: String,
    pub workspace: String,
    pub workspace_name: String,
    pub role: Role,
}

impl Store {
    /// A user's role in a workspace, if they are a member.
    pub async fn role_in(&self, user: &str, workspace: &str) -> Result<Option<Role>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE role FROM member WHERE user = $user AND workspace = $ws LIMIT 1")
            .bind(("user", user.to_owned()))
            .bind(("ws", workspace.to_owned()))
            .await?
            .checked()?;
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
            .checked()?;
        rows("workspace", res.take(0)?)
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
            .checked()?;
        // One record's UPDATE may answer its value or a one-element list: either is done.
        let done: Option<Value> = res.take(0)?;
        Ok(done.is_some_and(|v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty())))
    }

    /// Creates a workspace with `user` as its owner, unless they own [`Quota::Workspaces`]
    /// already.
    pub async fn create_workspace(&self, id: &str, name: &str, user: &str) -> Result<(), AuthErrorOr> {
        let query = self
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
            .bind(("user", user.to_owned()));
        under_quota(query, Quota::Workspaces).await
    }

    pub async fn rename_workspace(&self, id: &str, name: &str) -> Result<(), StoreError> {
        self.db
            .query("UPDATE type::record('workspace', $ws) SET name = $name")
            .bind(("ws", id.to_owned()))
            .bind(("name", name.to_owned()))
            .await?
            .checked()?;
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
            .checked()?;
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
            .checked()?;
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
        if let Some(e) = super::decode::failure(errors) {
            return Err(AuthErrorOr::Store(e));
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
                .checked()
                .map_err(AuthErrorOr::Store)?;
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
        let query = self
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
            .bind(("uses", max_uses));
        under_quota(query, Quota::Invites).await
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
            .checked()?;
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
            .checked()?;
        first("invite", res.take(0)?)
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
            .checked()?;
        let taken: Vec<Value> = res.take(0)?;
        Ok(!taken.is_empty())
    }

    /// Gives a use back (the account it was taken for could not be made).
    pub async fn give_back_invite_use(&self, id: &str) -> Result<(), StoreError> {
        self.db
            .query("UPDATE type::record('invite', $id) SET uses -= 1 WHERE uses > 0")
            .bind(("id", id.to_owned()))
            .await?
            .checked()?;
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
            .checked()?;
        let gone: Vec<Value> = res.take(0)?;
        Ok(!gone.is_empty())
    }
}
