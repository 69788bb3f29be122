//! Live feeds from any process sharing the database: every op appended to the log (the
//! real-time hub's feed), and changes of who may do what (memberships, sessions and share
//! links), so open websockets re-check their access at once instead of at their next
//! periodic check.

use super::decode::Checked;
use super::{LoggedOp, Store, StoreError};
use crate::domain::MapId;
use futures::StreamExt;
use serde_json::Value;

impl Store {
    /// Every op any process appends, as it is committed: the feed of the real-time hub.
    /// Each item is the map id and the op.
    pub async fn live_ops(
        &self,
    ) -> Result<impl futures::Stream<Item = (MapId, LoggedOp)> + Send + 'static + use<>, StoreError> {
        let mut res = self.db.query("LIVE SELECT * FROM op").await?.checked()?;
        let stream = res.stream::<surrealdb::Notification<Value>>(0)?;
        Ok(stream.filter_map(|n| async move {
            let n = match n {
                Ok(n) => n,
                Err(e) => {
                    tracing::warn!(error = %e, "live op feed error");
                    return None;
                }
            };
            if n.action != surrealdb::types::Action::Create {
                return None;
            }
            parse_live_op(n.data)
        }))
    }

    /// A stream that yields once per changed or removed membership, session, user or share
    /// link, removed workshop guest, or ended workshop (new ones grant nothing to an open
    /// connection, so they are left out; a guest adding a card or a facilitator locking the
    /// board changes a row too, but nobody's access).
    pub async fn live_access_changes(
        &self,
    ) -> Result<impl futures::Stream<Item = ()> + Send + 'static + use<>, StoreError> {
        let mut res = self
            .db
            .query(
                "LIVE SELECT id FROM member; LIVE SELECT id FROM session; LIVE SELECT id FROM share_link;
                 LIVE SELECT id FROM user; LIVE SELECT id FROM guest; LIVE SELECT id FROM workshop WHERE join = NONE;",
            )
            .await?
            .checked()?;
        let mut feeds = Vec::with_capacity(6);
        for i in 0..6 {
            feeds.push(res.stream::<surrealdb::Notification<Value>>(i)?.map(move |n| (n, i)).boxed());
        }
        Ok(futures::stream::select_all(feeds).filter_map(|(n, feed)| async move {
            use surrealdb::types::Action;
            match n {
                // Guests: only a removal; ended workshops: whatever brought the row in.
                Ok(n) if feed == 4 => (n.action == Action::Delete).then_some(()),
                Ok(_) if feed == 5 => Some(()),
                Ok(n) if n.action != Action::Create => Some(()),
                Ok(_) => None,
                Err(e) => {
                    tracing::warn!(error = %e, "live access feed error");
                    None
                }
            }
        }))
    }
}

/// Reads an op row from the live feed: `map` arrives as a record id in SurrealQL form.
fn parse_live_op(v: Value) -> Option<(MapId, LoggedOp)> {
    let map = v.get("map")?.as_str()?;
    let key = map.strip_prefix("map:")?.trim_matches(|c| c == '⟨' || c == '⟩' || c == '`');
    let rev = v.get("rev")?.as_u64()?;
    let author = v.get("author")?.as_str()?.to_owned();
    let client_op = v.get("client_op")?.as_str()?.to_owned();
    let op = serde_json::from_str(v.get("body")?.as_str()?).ok()?;
    Some((MapId(key.to_owned()), LoggedOp { rev, author, client_op, op }))
}
