//! A map's workshop (one at a time, keyed by the map), its guest participants and the dot
//! votes cast in it. The state everyone sees is one JSON body, heard by every process
//! through a live query; the join secret is kept beside it (facilitators show it again
//! after a reload, so it is not only a hash) and never leaves with the state. A guest's
//! own secret is kept as its SHA-256 hash, like a share link's.

use super::decode::rows;
use super::{Store, StoreError};
use crate::domain::facilitation::{ViewAt, WorkshopState, MAX_GUESTS};
use crate::domain::{CardId, MapId};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// A guest participant of a map's current workshop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuestRow {
    pub id: String,
    pub map: MapId,
    pub name: String,
    pub workshop: String,
}

fn body(state: &WorkshopState) -> Result<String, StoreError> {
    serde_json::to_string(state).map_err(|e| StoreError::Corrupt(format!("workshop: {e}")))
}

impl Store {
    /// Map `id`'s workshop as it is now (an ended one too), if one was ever started.
    pub async fn workshop(&self, id: &MapId) -> Result<Option<WorkshopState>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE body FROM ONLY type::record('workshop', $id)")
            .bind(("id", id.0.clone()))
            .await?
            .check()?;
        let body: Option<String> = res.take(0)?;
        Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
    }

    /// The join secret of map `id`'s running workshop.
    pub async fn workshop_join(&self, id: &MapId) -> Result<Option<String>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE join FROM ONLY type::record('workshop', $id)")
            .bind(("id", id.0.clone()))
            .await?
            .check()?;
        Ok(res.take::<Option<String>>(0)?)
    }

    /// Starts a workshop on map `id` (replacing an ended one) with a new join secret.
    pub async fn start_workshop(
        &self,
        id: &MapId,
        state: &WorkshopState,
        join: &str,
        by: &str,
    ) -> Result<(), StoreError> {
        self.db
            .query(
                "BEGIN TRANSACTION;
                 DELETE guest WHERE map = $id;
                 DELETE vote WHERE map = $id;
                 UPSERT type::record('workshop', $id) CONTENT { map: $id, body: $body, join: $join, by: $by } RETURN NONE;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", id.0.clone()))
            .bind(("body", body(state)?))
            .bind(("join", join.to_owned()))
            .bind(("by", by.to_owned()))
            .await?
            .check()?;
        Ok(())
    }

    /// Keeps the workshop's new state; an ended workshop loses its guests and join secret.
    pub async fn put_workshop(&self, id: &MapId, state: &WorkshopState) -> Result<(), StoreError> {
        let sql = if state.ended {
            "BEGIN TRANSACTION;
             DELETE guest WHERE map = $id;
             UPDATE type::record('workshop', $id) SET body = $body, join = NONE RETURN NONE;
             COMMIT TRANSACTION;"
        } else {
            "UPDATE type::record('workshop', $id) SET body = $body RETURN NONE"
        };
        self.db.query(sql).bind(("id", id.0.clone())).bind(("body", body(state)?)).await?.check()?;
        Ok(())
    }

    /// The map whose running workshop `join` opens.
    pub async fn map_of_join(&self, join: &str) -> Result<Option<MapId>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE map FROM workshop WHERE join = $join LIMIT 1")
            .bind(("join", join.to_owned()))
            .await?
            .check()?;
        let maps: Vec<String> = res.take(0)?;
        Ok(maps.into_iter().next().map(MapId))
    }

    /// Adds a guest to map `map`'s workshop `workshop`; `false` when it has [`MAX_GUESTS`].
    pub async fn add_guest(&self, guest: &GuestRow, secret: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 IF (SELECT count() AS n FROM guest WHERE map = $map GROUP ALL)[0].n >= $max { THROW 'jornada:full' };
                 CREATE type::record('guest', $id) SET map = $map, workshop = $workshop, name = $name,
                     hash = crypto::sha256($secret), cards = [] RETURN NONE;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", guest.id.clone()))
            .bind(("map", guest.map.0.clone()))
            .bind(("workshop", guest.workshop.clone()))
            .bind(("name", guest.name.clone()))
            .bind(("secret", secret.to_owned()))
            .bind(("max", MAX_GUESTS))
            .await?;
        let errors = res.take_errors();
        if errors.values().any(|e| e.to_string().contains("jornada:full")) {
            return Ok(false);
        }
        match errors.into_values().next() {
            None => Ok(true),
            Some(e) => Err(e.into()),
        }
    }

    /// The guest a secret belongs to, while their workshop runs.
    pub async fn guest(&self, secret: &str) -> Result<Option<GuestRow>, StoreError> {
        let mut res = self
            .db
            .query("SELECT record::id(id) AS id, map, name, workshop FROM guest WHERE hash = crypto::sha256($secret) LIMIT 1")
            .bind(("secret", secret.to_owned()))
            .await?
            .check()?;
        let Some(guest) = rows::<GuestRow>("guest", res.take(0)?)?.into_iter().next() else {
            return Ok(None);
        };
        let running = self.workshop(&guest.map).await?.is_some_and(|w| !w.ended && w.id == guest.workshop);
        Ok(running.then_some(guest))
    }

    /// The guests of map `map`'s workshop, in the order they joined.
    pub async fn guests(&self, map: &MapId) -> Result<Vec<GuestRow>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT record::id(id) AS id, map, name, workshop, joined FROM guest WHERE map = $map ORDER BY joined",
            )
            .bind(("map", map.0.clone()))
            .await?
            .check()?;
        rows("guest", res.take(0)?)
    }

    /// Removes a guest of map `map`; whether there was one.
    pub async fn remove_guest(&self, map: &MapId, id: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query("DELETE guest WHERE id = type::record('guest', $id) AND map = $map RETURN BEFORE")
            .bind(("id", id.to_owned()))
            .bind(("map", map.0.clone()))
            .await?
            .check()?;
        let gone: Vec<Value> = res.take(0)?;
        Ok(!gone.is_empty())
    }

    /// The cards guest `id` added in this workshop.
    pub async fn guest_cards(&self, id: &str) -> Result<Vec<CardId>, StoreError> {
        let mut res = self
            .db
            .query("SELECT cards FROM ONLY type::record('guest', $id)")
            .bind(("id", id.to_owned()))
            .await?
            .check()?;
        let row: Option<Value> = res.take(0)?;
        let cards = row.as_ref().and_then(|r| r.get("cards")).and_then(Value::as_array);
        Ok(cards.into_iter().flatten().filter_map(Value::as_str).map(CardId::from).collect())
    }

    /// Notes that guest `id` added `cards` (they may change and delete them).
    pub async fn add_guest_cards(&self, id: &str, cards: Vec<CardId>) -> Result<(), StoreError> {
        let cards: Vec<String> = cards.into_iter().map(|c| c.0).collect();
        self.db
            .query("UPDATE type::record('guest', $id) SET cards = array::union(cards, $cards) RETURN NONE")
            .bind(("id", id.to_owned()))
            .bind(("cards", cards))
            .await?
            .check()?;
        Ok(())
    }

    /// The votes `voter` has cast in round `round` of map `map` (card → count).
    pub async fn my_votes(&self, map: &MapId, round: &str, voter: &str) -> Result<BTreeMap<CardId, u32>, StoreError> {
        let mut res = self
            .db
            .query("SELECT card, n FROM vote WHERE map = $map AND round = $round AND voter = $voter")
            .bind(("map", map.0.clone()))
            .bind(("round", round.to_owned()))
            .bind(("voter", voter.to_owned()))
            .await?
            .check()?;
        Ok(vote_rows(res.take(0)?).collect())
    }

    /// One vote more (`delta` 1) or fewer (-1) by `voter` on `card`.
    pub async fn cast_vote(
        &self,
        map: &MapId,
        round: &str,
        voter: &str,
        card: &CardId,
        delta: i64,
    ) -> Result<(), StoreError> {
        self.db
            .query(
                "BEGIN TRANSACTION;
                 LET $key = [$map, $round, $voter, $card];
                 UPSERT type::record('vote', $key) SET map = $map, round = $round, voter = $voter, card = $card,
                     n = math::max([0, (n ?? 0) + $delta]) RETURN NONE;
                 DELETE vote WHERE id = type::record('vote', $key) AND n = 0;
                 COMMIT TRANSACTION;",
            )
            .bind(("map", map.0.clone()))
            .bind(("round", round.to_owned()))
            .bind(("voter", voter.to_owned()))
            .bind(("card", card.0.clone()))
            .bind(("delta", delta))
            .await?
            .check()?;
        Ok(())
    }

    /// Every vote of round `round` of map `map` (card, count), one row per voter and card.
    pub async fn votes(&self, map: &MapId, round: &str) -> Result<Vec<(CardId, u32)>, StoreError> {
        let mut res = self
            .db
            .query("SELECT card, n FROM vote WHERE map = $map AND round = $round")
            .bind(("map", map.0.clone()))
            .bind(("round", round.to_owned()))
            .await?
            .check()?;
        Ok(vote_rows(res.take(0)?).collect())
    }

    /// Every workshop state any process keeps.
    pub async fn live_workshops(
        &self,
    ) -> Result<impl futures::Stream<Item = (MapId, WorkshopState)> + Send + 'static + use<>, StoreError> {
        let mut res = self.db.query("LIVE SELECT map, body FROM workshop").await?.check()?;
        let stream = res.stream::<surrealdb::Notification<Value>>(0)?;
        Ok(stream.filter_map(|n| async move {
            let n = n.ok()?;
            if n.action == surrealdb::types::Action::Delete {
                return None;
            }
            let map = MapId(n.data.get("map")?.as_str()?.to_owned());
            let state = serde_json::from_str(n.data.get("body")?.as_str()?).ok()?;
            Some((map, state))
        }))
    }
}

/// Where a leader's board is, from process `node`.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewMoved {
    pub map: MapId,
    pub node: String,
    pub conn: String,
    pub at: ViewAt,
}

impl Store {
    /// Keeps where the leader `conn` of map `map` looks (one row per map: the latest).
    pub async fn put_view(&self, node: &str, map: &MapId, conn: &str, at: &ViewAt) -> Result<(), StoreError> {
        let body = serde_json::to_string(at).map_err(|e| StoreError::Corrupt(format!("view: {e}")))?;
        self.db
            .query("UPSERT type::record('lead_view', $map) CONTENT { map: $map, node: $node, conn: $conn, body: $body } RETURN NONE")
            .bind(("map", map.0.clone()))
            .bind(("node", node.to_owned()))
            .bind(("conn", conn.to_owned()))
            .bind(("body", body))
            .await?
            .check()?;
        Ok(())
    }

    /// Every leader's view any process keeps.
    pub async fn live_views(
        &self,
    ) -> Result<impl futures::Stream<Item = ViewMoved> + Send + 'static + use<>, StoreError> {
        let mut res = self.db.query("LIVE SELECT * FROM lead_view").await?.check()?;
        let stream = res.stream::<surrealdb::Notification<Value>>(0)?;
        Ok(stream.filter_map(|n| async move {
            let n = n.ok()?;
            if n.action == surrealdb::types::Action::Delete {
                return None;
            }
            let v = &n.data;
            Some(ViewMoved {
                map: MapId(v.get("map")?.as_str()?.to_owned()),
                node: v.get("node")?.as_str()?.to_owned(),
                conn: v.get("conn")?.as_str()?.to_owned(),
                at: serde_json::from_str(v.get("body")?.as_str()?).ok()?,
            })
        }))
    }
}

fn vote_rows(rows: Vec<Value>) -> impl Iterator<Item = (CardId, u32)> {
    rows.into_iter().filter_map(|r| {
        let card = r.get("card")?.as_str()?;
        let n = u32::try_from(r.get("n")?.as_u64()?).ok()?;
        Some((CardId::from(card), n))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn store() -> Store {
        Store::open("mem://", None).await.unwrap()
    }

    #[tokio::test]
    async fn a_workshop_keeps_guests_their_cards_and_votes_until_it_ends() {
        let s = store().await;
        let map = MapId::from("m1");
        let mut state = WorkshopState::new("w1".into(), chrono::Utc::now());
        s.start_workshop(&map, &state, "jwj_join", "Ana").await.unwrap();
        assert_eq!(s.workshop(&map).await.unwrap(), Some(state.clone()));
        assert_eq!(s.map_of_join("jwj_join").await.unwrap(), Some(map.clone()));
        let guest = GuestRow { id: "g1".into(), map: map.clone(), name: "Bia".into(), workshop: "w1".into() };
        assert!(s.add_guest(&guest, "jgu_secret").await.unwrap());
        assert_eq!(s.guest("jgu_secret").await.unwrap(), Some(guest.clone()));
        assert_eq!(s.guest("jgu_other").await.unwrap(), None);
        s.add_guest_cards("g1", vec![CardId::from("c1"), CardId::from("c2")]).await.unwrap();
        s.add_guest_cards("g1", vec![CardId::from("c2")]).await.unwrap();
        assert_eq!(s.guest_cards("g1").await.unwrap().len(), 2);

        let c1 = CardId::from("c1");
        for _ in 0..3 {
            s.cast_vote(&map, "r1", "g1", &c1, 1).await.unwrap();
        }
        s.cast_vote(&map, "r1", "u1", &c1, 1).await.unwrap();
        s.cast_vote(&map, "r1", "u1", &c1, -1).await.unwrap();
        s.cast_vote(&map, "r1", "u1", &c1, -1).await.unwrap();
        assert_eq!(s.my_votes(&map, "r1", "g1").await.unwrap().get(&c1), Some(&3));
        assert!(s.my_votes(&map, "r1", "u1").await.unwrap().is_empty(), "a vote taken back is gone, never below 0");
        assert_eq!(s.votes(&map, "r1").await.unwrap(), vec![(c1.clone(), 3)]);
        assert!(s.votes(&map, "r2").await.unwrap().is_empty());

        state.ended = true;
        s.put_workshop(&map, &state).await.unwrap();
        assert_eq!(s.guest("jgu_secret").await.unwrap(), None, "an ended workshop's guests are gone");
        assert_eq!(s.map_of_join("jwj_join").await.unwrap(), None);
        assert!(s.guests(&map).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_workshop_admits_a_bounded_number_of_guests_and_a_removed_one_is_out() {
        let s = store().await;
        let map = MapId::from("m1");
        s.start_workshop(&map, &WorkshopState::new("w1".into(), chrono::Utc::now()), "jwj_j", "Ana").await.unwrap();
        for i in 0..MAX_GUESTS {
            let g = GuestRow { id: format!("g{i}"), map: map.clone(), name: "G".into(), workshop: "w1".into() };
            assert!(s.add_guest(&g, &format!("jgu_{i}")).await.unwrap());
        }
        let extra = GuestRow { id: "gx".into(), map: map.clone(), name: "G".into(), workshop: "w1".into() };
        assert!(!s.add_guest(&extra, "jgu_x").await.unwrap());
        assert!(s.remove_guest(&map, "g0").await.unwrap());
        assert!(!s.remove_guest(&MapId::from("other"), "g1").await.unwrap(), "only the map's own guests");
        assert_eq!(s.guest("jgu_0").await.unwrap(), None);
        assert!(s.guest("jgu_1").await.unwrap().is_some());
    }
}
