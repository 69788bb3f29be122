//! Maps and their records: listing, creating and deleting maps, loading a whole map (its
//! stages, lanes, cards and emotions) and reading the op log. Writing ops goes through
//! the group commit (`commit`); the op log's live feed is in `live`.

use super::decode::Checked;
use super::decode::{from_json, rows};
use super::{Store, StoreError};
use crate::domain::*;
use serde::Deserialize;
use serde_json::Value;

/// An op as the log holds it: the protocol's type, which `remote` and `welcome` carry.
pub use crate::protocol::LoggedOp;

/// Fields of a stored row. A stage, lane or card is keyed by its map and its own id
/// (`card:['<map>', '<card>']`): ids are chosen by clients, so a bare id would let an op on
/// one map name (and overwrite) a record of another map.
const STAGE_FIELDS: &str = "record::id(id)[1] AS id, title, description, duration, order";
const LANE_FIELDS: &str = "record::id(id)[1] AS id, kind, title, order";
const CARD_FIELDS: &str = "record::id(id)[1] AS id, stage, lane, order, text, colour, tags, details, author";

impl Store {
    /// Every map of workspace `ws`, most recently changed first, with its linked personas
    /// and the tags on its cards (most used first).
    pub async fn list_maps(&self, ws: &str) -> Result<Vec<MapSummary>, StoreError> {
        let mut res = self
            .db
            .query(
                "LET $maps = (SELECT VALUE id FROM map WHERE workspace = $ws AND deleted_at = NONE);
                 SELECT record::id(id) AS id, title, card_count, updated_at, personas ?? [] AS personas FROM map WHERE workspace = $ws AND deleted_at = NONE ORDER BY updated_at DESC;
                 SELECT record::id(map) AS map, tags FROM card WHERE map IN $maps AND array::len(tags) > 0;",
            )
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        let mut maps: Vec<MapSummary> = rows("map summary", res.take(1)?)?;
        #[derive(Deserialize)]
        struct Tagged {
            map: String,
            tags: Vec<String>,
        }
        let tagged: Vec<Tagged> = rows("card tags", res.take(2)?)?;
        let mut counts: std::collections::HashMap<&str, std::collections::HashMap<&str, usize>> = Default::default();
        for t in &tagged {
            let of_map = counts.entry(t.map.as_str()).or_default();
            for tag in &t.tags {
                *of_map.entry(tag.as_str()).or_default() += 1;
            }
        }
        for m in &mut maps {
            if let Some(of_map) = counts.get(m.id.as_str()) {
                let mut tags: Vec<(&str, usize)> = of_map.iter().map(|(t, n)| (*t, *n)).collect();
                tags.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                m.tags =
                    tags.into_iter().take(crate::domain::shelf::MAX_SHOWN_TAGS).map(|(t, _)| t.to_owned()).collect();
            }
        }
        Ok(maps)
    }

    /// The words of each map of workspace `ws`: its title and description, its stages'
    /// titles and descriptions, its lanes' titles, its cards' texts and tags (what the
    /// dashboard's search looks through).
    pub async fn map_texts(&self, ws: &str) -> Result<Vec<(MapId, String)>, StoreError> {
        let mut res = self
            .db
            .query(
                "LET $maps = (SELECT VALUE id FROM map WHERE workspace = $ws AND deleted_at = NONE);
                 SELECT record::id(id) AS map, [title, description] AS words FROM map WHERE workspace = $ws AND deleted_at = NONE;
                 SELECT record::id(map) AS map, [title, description] AS words FROM stage WHERE map IN $maps;
                 SELECT record::id(map) AS map, [title] AS words FROM lane WHERE map IN $maps;
                 SELECT record::id(map) AS map, array::concat([text], tags) AS words FROM card WHERE map IN $maps;",
            )
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        #[derive(Deserialize)]
        struct Words {
            map: String,
            words: Vec<Option<String>>,
        }
        let mut texts: Vec<(MapId, String)> = Vec::new();
        let mut at: std::collections::HashMap<String, usize> = Default::default();
        for i in 1..=4 {
            let found: Vec<Words> = rows("map words", res.take(i)?)?;
            for w in found {
                let k = match at.get(&w.map) {
                    Some(k) => *k,
                    None if i == 1 => {
                        at.insert(w.map.clone(), texts.len());
                        texts.push((MapId(w.map.clone()), String::new()));
                        texts.len() - 1
                    }
                    // A part of a map that is not in the workspace's list.
                    None => continue,
                };
                for word in w.words.into_iter().flatten() {
                    texts[k].1.push_str(&word);
                    texts[k].1.push('\n');
                }
            }
        }
        Ok(texts)
    }

    /// Creates an empty map in workspace `ws`.
    pub async fn create_map(&self, ws: &str, id: &MapId, title: &str) -> Result<(), StoreError> {
        self.db
            .query("CREATE type::record('map', $id) SET title = $title, rev = 0, workspace = $ws")
            .bind(("id", id.0.clone()))
            .bind(("ws", ws.to_owned()))
            .bind(("title", title.to_owned()))
            .await?
            .checked()?;
        Ok(())
    }

    /// Deletes a map with everything in it. Returns whether it existed.
    pub async fn delete_map(&self, id: &MapId) -> Result<bool, StoreError> {
        let slot = self.map_slot(id);
        let _guard = slot.state.lock().await;
        let mut res = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 LET $m = type::record('map', $id);
                 DELETE card WHERE map = $m;
                 DELETE stage WHERE map = $m;
                 DELETE lane WHERE map = $m;
                 DELETE emotion WHERE map = $m;
                 DELETE op WHERE map = $m;
                 DELETE share_link WHERE map = $id;
                 DELETE map_review WHERE map = $m;
                 DELETE feedback:[$id, NONE]..[$id, ..];
                 DELETE feedback_batch WHERE map = $id;
                 DELETE type::record('feedback_tally', $id);
                 DELETE type::record('feedback_news', $id);
                 DELETE comment WHERE map = $id;
                 DELETE map_version WHERE map = $id;
                 DELETE map_snapshot WHERE map = $id;
                 DELETE snapshot_rev WHERE map = $id;
                 DELETE map_timer WHERE map = $id;
                 DELETE notice WHERE map = $id;
                 DELETE $m RETURN BEFORE;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", id.0.clone()))
            .await?
            .checked()?;
        // `DELETE $m RETURN BEFORE` is the statement before COMMIT, however many come first.
        let deleted: Vec<Value> = res.take(res.num_statements().saturating_sub(2))?;
        drop(_guard);
        self.forget_map(id);
        Ok(!deleted.is_empty())
    }

    /// The current map for readers: this process's cached copy when the database says it
    /// is still at the same revision (one small query instead of every record), else a
    /// fresh load that also fills the cache.
    pub async fn current_map(&self, id: &MapId) -> Result<Option<Map>, StoreError> {
        let slot = self.map_slot(id);
        let mut cached = slot.state.lock().await;
        if let Some(map) = cached.as_ref() {
            let mut res = self
                .db
                .query("SELECT VALUE rev FROM ONLY type::record('map', $id)")
                .bind(("id", id.0.clone()))
                .await?
                .checked()?;
            let rev: Option<i64> = res.take(0)?;
            if rev == Some(map.rev as i64) {
                return Ok(Some(map.clone()));
            }
        }
        let fresh = self.load_map(id).await?;
        cached.clone_from(&fresh);
        Ok(fresh)
    }

    /// Loads a whole map in one round trip.
    pub async fn load_map(&self, id: &MapId) -> Result<Option<Map>, StoreError> {
        let q = format!(
            "LET $m = type::record('map', $id);
             SELECT title, description, rev, personas FROM ONLY $m;
             SELECT {STAGE_FIELDS} FROM stage WHERE map = $m;
             SELECT {LANE_FIELDS} FROM lane WHERE map = $m;
             SELECT {CARD_FIELDS} FROM card WHERE map = $m;
             SELECT persona, stage, score, note FROM emotion WHERE map = $m ORDER BY persona, stage;"
        );
        let mut res = self.db.query(q).bind(("id", id.0.clone())).await?.checked()?;
        let head: Option<Value> = res.take(1)?;
        let Some(head) = head.filter(|h| !h.is_null()) else {
            return Ok(None);
        };
        #[derive(Deserialize)]
        struct Head {
            title: String,
            description: String,
            rev: u64,
            #[serde(default)]
            personas: Vec<PersonaId>,
        }
        let head: Head = from_json("map", head)?;
        let mut map = Map::new(id.clone(), head.title);
        map.description = head.description;
        map.rev = head.rev;
        map.personas = head.personas;
        let stages: Vec<Stage> = rows("stage", res.take(2)?)?;
        map.stages.extend(stages.into_iter().map(|s| (s.id.clone(), s)));
        let lanes: Vec<Lane> = rows("lane", res.take(3)?)?;
        map.lanes.extend(lanes.into_iter().map(|l| (l.id.clone(), l)));
        let cards: Vec<Card> = rows("card", res.take(4)?)?;
        map.cards.extend(cards.into_iter().map(|c| (c.id.clone(), c)));
        map.emotions.extend(rows::<EmotionPoint>("emotion", res.take(5)?)?);
        Ok(Some(map))
    }

    /// The ops after `rev`, in order, for a client catching up.
    pub async fn ops_since(&self, id: &MapId, rev: u64) -> Result<Vec<LoggedOp>, StoreError> {
        let mut res = self
            .db
            .query("SELECT rev, author, client_op, body FROM op WHERE map = type::record('map', $id) AND rev > $rev ORDER BY rev")
            .bind(("id", id.0.clone()))
            .bind(("rev", rev as i64))
            .await?
            .checked()?;
        #[derive(Deserialize)]
        struct Row {
            rev: u64,
            author: String,
            client_op: String,
            body: String,
        }
        let logged: Vec<Row> = rows("op", res.take(0)?)?;
        logged
            .into_iter()
            .map(|row| {
                let op =
                    serde_json::from_str(&row.body).map_err(|e| StoreError::Corrupt(format!("op {}: {e}", row.rev)))?;
                Ok(LoggedOp { rev: row.rev, author: row.author, client_op: row.client_op, op })
            })
            .collect()
    }

    /// The workspace a map belongs to (`None`: no such map, or it is in the Trash: every
    /// route that checks access finds a trashed map as if it were gone).
    pub async fn map_workspace(&self, map: &MapId) -> Result<Option<String>, StoreError> {
        self.workspace_of(map, false).await
    }

    /// The workspace of map `map` if it is in the Trash.
    pub async fn trashed_workspace(&self, map: &MapId) -> Result<Option<String>, StoreError> {
        self.workspace_of(map, true).await
    }

    async fn workspace_of(&self, map: &MapId, trashed: bool) -> Result<Option<String>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE workspace FROM type::record('map', $id) WHERE (deleted_at != NONE) = $trashed")
            .bind(("id", map.0.clone()))
            .bind(("trashed", trashed))
            .await?
            .checked()?;
        let found: Vec<Option<String>> = res.take(0)?;
        Ok(found.into_iter().next().flatten())
    }

    /// Moves map `id` to the Trash, recording who did; false when it is not there (or is
    /// in the Trash already).
    pub async fn trash_map(&self, id: &MapId, by: &str) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query("UPDATE type::record('map', $id) SET deleted_at = time::now(), deleted_by = $by WHERE deleted_at = NONE RETURN VALUE id")
            .bind(("id", id.0.clone()))
            .bind(("by", by.to_owned()))
            .await?
            .checked()?;
        let changed: Vec<Value> = res.take(0)?;
        self.forget_map(id);
        Ok(!changed.is_empty())
    }

    /// Takes map `id` of workspace `ws` out of the Trash; false when it is not in it.
    pub async fn restore_map(&self, ws: &str, id: &MapId) -> Result<bool, StoreError> {
        let mut res = self
            .db
            .query("UPDATE type::record('map', $id) SET deleted_at = NONE, deleted_by = NONE WHERE workspace = $ws AND deleted_at != NONE RETURN VALUE id")
            .bind(("id", id.0.clone()))
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        let changed: Vec<Value> = res.take(0)?;
        Ok(!changed.is_empty())
    }

    /// The Trash of workspace `ws`, most recently deleted first.
    pub async fn trashed_maps(&self, ws: &str) -> Result<Vec<crate::domain::model::TrashedMap>, StoreError> {
        let mut res = self
            .db
            .query("SELECT record::id(id) AS id, title, card_count, deleted_at, deleted_by FROM map WHERE workspace = $ws AND deleted_at != NONE ORDER BY deleted_at DESC")
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        rows("trashed map", res.take(0)?)
    }

    /// Maps deleted before `before` (their time in the Trash is over).
    pub async fn trashed_before(&self, before: chrono::DateTime<chrono::Utc>) -> Result<Vec<MapId>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE record::id(id) FROM map WHERE deleted_at != NONE AND deleted_at < <datetime> $before")
            .bind(("before", before.to_rfc3339()))
            .await?
            .checked()?;
        let ids: Vec<String> = res.take(0)?;
        Ok(ids.into_iter().map(MapId).collect())
    }
}
