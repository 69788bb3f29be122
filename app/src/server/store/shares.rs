//! Share links: a view-only (or comment) link to one map, without an account, with an
//! optional expiry, revocable. The link's token is stored only as its SHA-256 hash.

use super::accounts::{under_quota, AuthErrorOr};
use super::decode::Checked;
use super::decode::{first, rows};
use super::{Store, StoreError};
use crate::domain::access::Quota;
use crate::domain::accounts::ShareInfo;
use crate::domain::{MapId, Role};
use serde::Deserialize;
use serde_json::Value;

/// What a live share link grants.
#[derive(Clone, Debug, Deserialize)]
pub struct ShareRow {
    pub map: MapId,
    pub role: Role,
    /// A workshop guest's key: the guest (a share link has none).
    #[serde(skip)]
    pub guest: Option<super::workshops::GuestRow>,
}

impl Store {
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
        let query = self
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
            .bind(("days", days));
        under_quota(query, Quota::ShareLinks).await
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
            .checked()?;
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
            .checked()?;
        first("share link", res.take(0)?)
    }

    pub async fn revoke_share(&self, map: &MapId, id: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query("DELETE share_link WHERE id = type::record('share_link', $id) AND map = $map RETURN BEFORE")
            .bind(("id", id.to_owned()))
            .bind(("map", map.0.clone()))
            .await?
            .checked()?;
        let gone: Vec<Value> = res.take(0)?;
        Ok(!gone.is_empty())
    }
}
