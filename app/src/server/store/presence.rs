//! Who is on which map, across every process that shares the database. Each process keeps
//! a `presence` row per connection (the person as JSON, the process's id, when last seen)
//! and a `cursor` row with the connection's latest pointer position, and hears the other
//! processes' rows through live queries. A process refreshes its rows every
//! [`PRESENCE_BEAT_SECS`]; rows not refreshed for [`PRESENCE_TTL_SECS`] (a process that
//! stopped) are deleted by whichever process looks next, and the deletions reach everyone.
//! Each map's workshop timer is kept here too (`map_timer`), heard the same way.

use super::decode::Checked;
use super::{Store, StoreError};
use crate::domain::workshop::Timer;
use crate::domain::MapId;
use crate::protocol::Person;
use futures::StreamExt;
use serde_json::{json, Value};

/// How often a process refreshes its presence rows.
pub const PRESENCE_BEAT_SECS: u64 = 10;
/// How long a presence row lives without a refresh.
pub const PRESENCE_TTL_SECS: u64 = 30;

/// A change of another process's presence, as the live feed tells it.
#[derive(Clone, Debug, PartialEq)]
pub enum PresenceChange {
    /// Connection `person.id` of process `node` is on `map` (new, or changed).
    Here { map: MapId, node: String, person: Person },
    /// Connection `id` left (or its process stopped).
    Gone { id: String },
}

/// A cursor that moved, as the live feed tells it.
#[derive(Clone, Debug, PartialEq)]
pub struct CursorMoved {
    pub map: MapId,
    pub node: String,
    pub id: String,
    pub at: Option<[f32; 2]>,
}

fn here(v: &Value) -> Option<(MapId, String, Person)> {
    let map = MapId(v.get("map")?.as_str()?.to_owned());
    let node = v.get("node")?.as_str()?.to_owned();
    let person = serde_json::from_str(v.get("person")?.as_str()?).ok()?;
    Some((map, node, person))
}

impl Store {
    /// Keeps connection `person.id` of process `node` on `map`.
    pub async fn put_presence(&self, node: &str, map: &MapId, person: &Person) -> Result<(), StoreError> {
        let body = serde_json::to_string(person).map_err(|e| StoreError::Corrupt(format!("presence: {e}")))?;
        self.db
            .query("UPSERT type::record('presence', $id) CONTENT { conn: $id, map: $map, node: $node, person: $person, seen: time::now() } RETURN NONE")
            .bind(("id", person.id.clone()))
            .bind(("map", map.0.clone()))
            .bind(("node", node.to_owned()))
            .bind(("person", body))
            .await?
            .checked()?;
        Ok(())
    }

    /// Connection `id` left: its presence and its cursor go.
    pub async fn drop_presence(&self, id: &str) -> Result<(), StoreError> {
        self.db
            .query("DELETE type::record('presence', $id); DELETE type::record('cursor', $id);")
            .bind(("id", id.to_owned()))
            .await?
            .checked()?;
        Ok(())
    }

    /// Refreshes process `node`'s rows and deletes every row not refreshed in time.
    pub async fn beat_presence(&self, node: &str) -> Result<(), StoreError> {
        self.db
            .query(
                "UPDATE presence SET seen = time::now() WHERE node = $node RETURN NONE;
                 LET $old = time::now() - <duration> $ttl;
                 DELETE presence WHERE seen < $old;
                 DELETE cursor WHERE at < $old AND node != $node;",
            )
            .bind(("node", node.to_owned()))
            .bind(("ttl", format!("{PRESENCE_TTL_SECS}s")))
            .await?
            .checked()?;
        Ok(())
    }

    /// Every live presence row of other processes (to start from before the feed).
    pub async fn presence_elsewhere(&self, node: &str) -> Result<Vec<(MapId, String, Person)>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT map, node, person FROM presence WHERE node != $node AND seen > time::now() - <duration> $ttl",
            )
            .bind(("node", node.to_owned()))
            .bind(("ttl", format!("{PRESENCE_TTL_SECS}s")))
            .await?
            .checked()?;
        let rows: Vec<Value> = res.take(0)?;
        Ok(rows.iter().filter_map(here).collect())
    }

    /// Every change of a presence row, by any process.
    pub async fn live_presence(
        &self,
    ) -> Result<impl futures::Stream<Item = PresenceChange> + Send + 'static + use<>, StoreError> {
        let mut res = self.db.query("LIVE SELECT * FROM presence").await?.checked()?;
        let stream = res.stream::<surrealdb::Notification<Value>>(0)?;
        Ok(stream.filter_map(|n| async move {
            let n = match n {
                Ok(n) => n,
                Err(e) => {
                    tracing::warn!(error = %e, "live presence feed error");
                    return None;
                }
            };
            if n.action == surrealdb::types::Action::Delete {
                let id = n.data.get("conn").and_then(Value::as_str)?.to_owned();
                return Some(PresenceChange::Gone { id });
            }
            here(&n.data).map(|(map, node, person)| PresenceChange::Here { map, node, person })
        }))
    }

    /// Process `node`'s cursors that moved: (connection id, map, position), one statement.
    pub async fn put_cursors(&self, node: &str, moved: &[(String, MapId, Option<[f32; 2]>)]) -> Result<(), StoreError> {
        let rows: Vec<Value> = moved
            .iter()
            .map(|(id, map, at)| json!({ "id": id, "map": map.0, "at": at.map(|[x, y]| vec![x, y]) }))
            .collect();
        self.db
            .query("FOR $c IN $rows { UPSERT type::record('cursor', $c.id) CONTENT { conn: $c.id, map: $c.map, node: $node, pos: $c.at, at: time::now() } RETURN NONE };")
            .bind(("rows", rows))
            .bind(("node", node.to_owned()))
            .await?
            .checked()?;
        Ok(())
    }

    /// Every cursor any process moves.
    pub async fn live_cursors(
        &self,
    ) -> Result<impl futures::Stream<Item = CursorMoved> + Send + 'static + use<>, StoreError> {
        let mut res = self.db.query("LIVE SELECT * FROM cursor").await?.checked()?;
        let stream = res.stream::<surrealdb::Notification<Value>>(0)?;
        Ok(stream.filter_map(|n| async move {
            let n = n.ok()?;
            if n.action == surrealdb::types::Action::Delete {
                return None;
            }
            let v = &n.data;
            let at = v.get("pos").and_then(Value::as_array).and_then(|p| {
                let (x, y) = (p.first()?.as_f64()?, p.get(1)?.as_f64()?);
                Some([x as f32, y as f32])
            });
            Some(CursorMoved {
                map: MapId(v.get("map")?.as_str()?.to_owned()),
                node: v.get("node")?.as_str()?.to_owned(),
                id: v.get("conn")?.as_str()?.to_owned(),
                at,
            })
        }))
    }
}

impl Store {
    /// Map `id`'s workshop timer, if it was ever set.
    pub async fn timer(&self, id: &MapId) -> Result<Option<Timer>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE body FROM ONLY type::record('map_timer', $id)")
            .bind(("id", id.0.clone()))
            .await?
            .checked()?;
        let body: Option<String> = res.take(0)?;
        Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
    }

    pub async fn put_timer(&self, id: &MapId, timer: &Timer) -> Result<(), StoreError> {
        let body = serde_json::to_string(timer).map_err(|e| StoreError::Corrupt(format!("timer: {e}")))?;
        self.db
            .query("UPSERT type::record('map_timer', $id) CONTENT { map: $id, body: $body } RETURN NONE")
            .bind(("id", id.0.clone()))
            .bind(("body", body))
            .await?
            .checked()?;
        Ok(())
    }

    /// Every timer any process sets.
    pub async fn live_timers(
        &self,
    ) -> Result<impl futures::Stream<Item = (MapId, Timer)> + Send + 'static + use<>, StoreError> {
        let mut res = self.db.query("LIVE SELECT map, body FROM map_timer").await?.checked()?;
        let stream = res.stream::<surrealdb::Notification<Value>>(0)?;
        Ok(stream.filter_map(|n| async move {
            let n = n.ok()?;
            if n.action == surrealdb::types::Action::Delete {
                return None;
            }
            let map = MapId(n.data.get("map")?.as_str()?.to_owned());
            let timer = serde_json::from_str(n.data.get("body")?.as_str()?).ok()?;
            Some((map, timer))
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str) -> Person {
        Person {
            id: id.into(),
            name: "Ana".into(),
            colour: "#123456".into(),
            editing: None,
            holding: None,
            status: None,
        }
    }

    #[tokio::test]
    async fn presence_rows_are_heard_kept_and_expire() {
        let store = Store::open("mem://", None).await.unwrap();
        let map = MapId::from("m1");
        let mut feed = Box::pin(store.live_presence().await.unwrap());
        let mut cursors = Box::pin(store.live_cursors().await.unwrap());
        store.put_presence("a", &map, &person("c1")).await.unwrap();
        assert_eq!(
            feed.next().await,
            Some(PresenceChange::Here { map: map.clone(), node: "a".into(), person: person("c1") })
        );
        assert_eq!(store.presence_elsewhere("b").await.unwrap().len(), 1);
        assert!(store.presence_elsewhere("a").await.unwrap().is_empty(), "a process's own rows are not elsewhere");
        store.put_cursors("a", &[("c1".into(), map.clone(), Some([10.5, 20.0]))]).await.unwrap();
        let moved = cursors.next().await.unwrap();
        assert_eq!((moved.id.as_str(), moved.node.as_str(), moved.at), ("c1", "a", Some([10.5, 20.0])));
        store.drop_presence("c1").await.unwrap();
        assert_eq!(feed.next().await, Some(PresenceChange::Gone { id: "c1".into() }));
        // A row nobody refreshes goes at the next beat of any process.
        store.put_presence("a", &map, &person("c2")).await.unwrap();
        feed.next().await;
        store.db.query("UPDATE presence SET seen = time::now() - 1h").await.unwrap().check().unwrap();
        store.beat_presence("b").await.unwrap();
        assert!(store.presence_elsewhere("b").await.unwrap().is_empty());
    }
}
