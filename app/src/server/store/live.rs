//! Live feeds of who may do what: changes of memberships, sessions and share links from any
//! process sharing the database, so open websockets re-check their access at once instead
//! of at their next periodic check. (The op log's live feed sits with the maps.)

use super::{Store, StoreError};
use futures::StreamExt;
use serde_json::Value;

impl Store {
    /// A stream that yields once per changed or removed membership, session, user or share
    /// link (new ones grant nothing to an open connection, so they are left out).
    pub async fn live_access_changes(
        &self,
    ) -> Result<impl futures::Stream<Item = ()> + Send + 'static + use<>, StoreError> {
        let mut res = self
            .db
            .query("LIVE SELECT id FROM member; LIVE SELECT id FROM session; LIVE SELECT id FROM share_link; LIVE SELECT id FROM user;")
            .await?
            .check()?;
        let mut feeds = Vec::with_capacity(4);
        for i in 0..4 {
            feeds.push(res.stream::<surrealdb::Notification<Value>>(i)?.boxed());
        }
        Ok(futures::stream::select_all(feeds).filter_map(|n| async move {
            match n {
                Ok(n) if n.action != surrealdb::types::Action::Create => Some(()),
                Ok(_) => None,
                Err(e) => {
                    tracing::warn!(error = %e, "live access feed error");
                    None
                }
            }
        }))
    }
}
