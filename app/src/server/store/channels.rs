//! The custom channels of a workspace's channel library.

use super::decode::rows;
use super::decode::Checked;
use super::{Store, StoreError};
use crate::domain::channel::Channel;
use serde_json::{json, Value};

impl Store {
    /// The custom channels, by name.
    pub async fn list_channels(&self, ws: &str) -> Result<Vec<Channel>, StoreError> {
        let mut res = self
            .db
            .query("SELECT record::id(id) AS id, name, icon FROM channel WHERE workspace = $ws ORDER BY name")
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        rows("channel", res.take(0)?)
    }

    /// Creates or renames a custom channel (validated by the caller).
    pub async fn save_channel(&self, ws: &str, c: &Channel) -> Result<(), StoreError> {
        self.db
            .query("UPSERT type::record('channel', $id) CONTENT $row")
            .bind(("id", c.id.clone()))
            .bind(("row", channel_row(ws, c)))
            .await?
            .checked()?;
        Ok(())
    }

    /// How many cards, on the maps of workspace `ws`, use this channel.
    pub async fn channel_use_count(&self, ws: &str, id: &str) -> Result<u64, StoreError> {
        let mut res = self
            .db
            .query("SELECT count() AS n FROM card WHERE details.channel = $id AND map.workspace = $ws GROUP ALL")
            .bind(("id", id.to_owned()))
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        let n: Option<Value> = res.take(0)?;
        Ok(n.and_then(|v| v.get("n").and_then(Value::as_u64)).unwrap_or(0))
    }

    /// Deletes a custom channel and takes it off the personas that prefer it. Returns
    /// whether it existed.
    pub async fn delete_channel(&self, ws: &str, id: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 LET $gone = (DELETE channel WHERE id = type::record('channel', $id) AND workspace = $ws RETURN BEFORE);
                 IF $gone != [] { UPDATE persona SET channels -= $id WHERE workspace = $ws AND channels CONTAINS $id };
                 RETURN $gone;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", id.to_owned()))
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        // Statement 0 is BEGIN.
        let deleted: Vec<Value> = res.take(3)?;
        Ok(!deleted.is_empty())
    }
}

/// A custom channel's record (its id is the record key).
pub(super) fn channel_row(ws: &str, c: &Channel) -> Value {
    json!({ "workspace": ws, "name": c.name, "icon": c.icon })
}
