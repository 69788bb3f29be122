//! A map's workshop (one at a time, keyed by the map), its guest participants and the dot
//! votes cast in it. The state everyone sees is one JSON body, heard by every process
//! through a live query; the join secret is kept beside it (facilitators show it again
//! after a reload, so it is not only a hash) and never leaves with the state. A guest's
//! own secret is kept as its SHA-256 hash, like a share link's.

use super::decode::rows;
use super::decode::Checked;
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
        Ok(self.workshop_raw(id).await?.map(|(w, _)| w))
    }

    /// The join secret of map `id`'s running workshop.
    pub async fn workshop_join(&self, id: &MapId) -> Result<Option<String>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE join FROM ONLY type::record('workshop', $id)")
            .bind(("id", id.0.clone()))
            .await?
            .checked()?;
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
            .checked()?;
        Ok(())
    }

    /// Map `id`'s workshop with its body as stored, for [`Store::swap_workshop`].
    pub async fn workshop_raw(&self, id: &MapId) -> Result<Option<(WorkshopState, String)>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE body FROM ONLY type::record('workshop', $id)")
            .bind(("id", id.0.clone()))
            .await?
            .checked()?;
        let body: Option<String> = res.take(0)?;
        Ok(body.and_then(|b| Some((serde_json::from_str(&b).ok()?, b))))
    }

    /// Keeps the workshop's new state if its stored body is still `old` (compare-and-swap:
    /// `false` when someone changed it meanwhile). An ended workshop loses its guests, their
    /// votes' rows stay for the summary's round, and its join secret goes.
    pub async fn swap_workshop(&self, id: &MapId, old: &str, state: &WorkshopState) -> Result<bool, StoreError> {
        let sql = if state.ended {
            "BEGIN TRANSACTION;
             LET $done = (UPDATE type::record('workshop', $id) SET body = $body, join = NONE WHERE body = $old RETURN VALUE map);
             IF array::len($done) = 0 { THROW 'jornada:stale' };
             DELETE guest WHERE map = $id;
             COMMIT TRANSACTION;"
        } else {
            "BEGIN TRANSACTION;
             LET $done = (UPDATE type::record('workshop', $id) SET body = $body WHERE body = $old RETURN VALUE map);
             IF array::len($done) = 0 { THROW 'jornada:stale' };
             COMMIT TRANSACTION;"
        };
        let res = self
            .db
            .query(sql)
            .bind(("id", id.0.clone()))
            .bind(("old", old.to_owned()))
            .bind(("body", body(state)?))
            .await?;
        super::decode::written(res)
    }

    /// Gives map `id`'s running workshop the join secret `join` (the old one stops admitting
    /// guests; those who joined stay); whether one runs.
    pub async fn renew_join(&self, id: &MapId, join: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query("UPDATE type::record('workshop', $id) SET join = $join WHERE join != NONE RETURN VALUE map")
            .bind(("id", id.0.clone()))
            .bind(("join", join.to_owned()))
            .await?
            .checked()?;
        let done: Vec<String> = res.take(0)?;
        Ok(!done.is_empty())
    }

    /// The map whose running workshop `join` opens.
    pub async fn map_of_join(&self, join: &str) -> Result<Option<MapId>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE map FROM workshop WHERE join = $join LIMIT 1")
            .bind(("join", join.to_owned()))
            .await?
            .checked()?;
        let maps: Vec<String> = res.take(0)?;
        Ok(maps.into_iter().next().map(MapId))
    }

    /// Adds a guest to map `map`'s workshop `workshop` by its join secret `join`; `false`
    /// when it has [`MAX_GUESTS`]; [`StoreError::MapNotFound`] when that workshop no longer
    /// takes guests (it ended, or the link was renewed, meanwhile).
    pub async fn add_guest(&self, guest: &GuestRow, secret: &str, join: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 IF (SELECT VALUE join FROM ONLY type::record('workshop', $map)) != $join { THROW 'jornada:gone' };
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
            .bind(("join", join.to_owned()))
            .bind(("max", MAX_GUESTS))
            .await?;
        let errors = res.take_errors();
        if errors.values().any(|e| e.to_string().contains("jornada:gone")) {
            return Err(StoreError::MapNotFound);
        }
        if errors.values().any(|e| e.to_string().contains("jornada:full")) {
            return Ok(false);
        }
        match super::decode::failure(errors) {
            None => Ok(true),
            Some(e) => Err(e),
        }
    }

    /// The guest a secret belongs to, while their workshop runs.
    pub async fn guest(&self, secret: &str) -> Result<Option<GuestRow>, StoreError> {
        let mut res = self
            .db
            .query("SELECT record::id(id) AS id, map, name, workshop FROM guest WHERE hash = crypto::sha256($secret) LIMIT 1")
            .bind(("secret", secret.to_owned()))
            .await?
            .checked()?;
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
            .checked()?;
        rows("guest", res.take(0)?)
    }

    /// Removes a guest of map `map` and the votes they cast; whether there was one.
    pub async fn remove_guest(&self, map: &MapId, id: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query(
                "DELETE guest WHERE id = type::record('guest', $id) AND map = $map RETURN BEFORE;
                 DELETE vote WHERE map = $map AND voter = $id;",
            )
            .bind(("id", id.to_owned()))
            .bind(("map", map.0.clone()))
            .await?
            .checked()?;
        let gone: Vec<Value> = res.take(0)?;
        Ok(!gone.is_empty())
    }

    /// The cards guest `id` added in this workshop (`None`: the guest is gone).
    pub async fn guest_cards(&self, id: &str) -> Result<Option<Vec<CardId>>, StoreError> {
        let mut res = self
            .db
            .query("SELECT cards FROM ONLY type::record('guest', $id)")
            .bind(("id", id.to_owned()))
            .await?
            .checked()?;
        let row: Option<Value> = res.take(0)?;
        let Some(row) = row else { return Ok(None) };
        let cards = row.get("cards").and_then(Value::as_array);
        Ok(Some(cards.into_iter().flatten().filter_map(Value::as_str).map(CardId::from).collect()))
    }

    /// Notes that guest `id` added `cards` (they may change and delete them).
    pub async fn add_guest_cards(&self, id: &str, cards: Vec<CardId>) -> Result<(), StoreError> {
        let cards: Vec<String> = cards.into_iter().map(|c| c.0).collect();
        self.db
            .query("UPDATE type::record('guest', $id) SET cards = array::union(cards, $cards) RETURN NONE")
            .bind(("id", id.to_owned()))
            .bind(("cards", cards))
            .await?
            .checked()?;
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
            .checked()?;
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
            .checked()?;
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
            .checked()?;
        Ok(vote_rows(res.take(0)?).collect())
    }

    /// Every workshop state any process keeps.
    pub async fn live_workshops(
        &self,
    ) -> Result<impl futures::Stream<Item = (MapId, WorkshopState)> + Send + 'static + use<>, StoreError> {
        let mut res = self.db.query("LIVE SELECT map, body FROM workshop").await?.checked()?;
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
            .checked()?;
        Ok(())
    }

    /// Every leader's view any process keeps.
    pub async fn live_views(
        &self,
    ) -> Result<impl futures::Stream<Item = ViewMoved> + Send + 'static + use<>, StoreError> {
        let mut res = self.db.query("LIVE SELECT * FROM lead_view").await?.checked()?;
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
#[path = "workshops_tests.rs"]
mod tests;
