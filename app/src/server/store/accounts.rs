//! Accounts: users and sessions (`users`), workspaces, members and invites (`workspaces`)
//! and share links (`shares`), re-exported here under the paths callers use. Secrets
//! (session cookies, invite and share tokens) are stored only as SHA-256 hashes
//! (SurrealDB's `crypto::sha256`); passwords arrive here already hashed with argon2id.
//! Also what they share: the refusal-or-failure error and the quota check.

use super::StoreError;
use crate::domain::access::Quota;
use crate::domain::AuthError;
use surrealdb::engine::any::Any;
use surrealdb::method::Query;

pub use super::shares::ShareRow;
pub use super::users::{NewUser, SessionRow};
pub use super::workspaces::InviteRow;

/// Runs a transaction that may `THROW 'jornada:quota'` when `quota` is reached, with
/// `$max` bound to its limit.
pub(crate) async fn under_quota(query: Query<'_, Any>, quota: Quota) -> Result<(), AuthErrorOr> {
    let mut res = query.bind(("max", quota.max())).await?;
    quota_or(res.take_errors(), quota)
}

/// The outcome of a transaction that may `THROW 'jornada:quota'`.
fn quota_or(errors: std::collections::HashMap<usize, surrealdb::Error>, quota: Quota) -> Result<(), AuthErrorOr> {
    if errors.values().any(|e| e.to_string().contains("jornada:quota")) {
        return Err(AuthErrorOr::Auth(quota.reached()));
    }
    match super::decode::failure(errors) {
        Some(e) => Err(AuthErrorOr::Store(e)),
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
