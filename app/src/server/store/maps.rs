//! Maps, their stages, lanes and cards, and the op log.

use super::{Store, StoreError};
use crate::domain::*;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// An op as the log holds it: the protocol's type, which `remote` and `welcome` carry.
pub use crate::protocol::LoggedOp;

/// The outcome of a write: the new revision and, per op, the op that undoes it. A batch
/// whose client op id the log already holds is not applied again: `duplicate` is set and
/// `rev` is the revision it got the first time.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    pub rev: u64,
    pub inverses: Vec<Op>,
    pub duplicate: bool,
}

fn from_json<T: serde::de::DeserializeOwned>(what: &str, v: Value) -> Result<T, StoreError> {
    serde_json::from_value(v).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

/// Fields of a stored row. A stage, lane or card is keyed by its map and its own id
/// (`card:['<map>', '<card>']`): ids are chosen by clients, so a bare id would let an op on
/// one map name (and overwrite) a record of another map.
const STAGE_FIELDS: &str = "record::id(id)[1] AS id, title, description, duration, order";
const LANE_FIELDS: &str = "record::id(id)[1] AS id, kind, title, order";
const CARD_FIELDS: &str = "record::id(id)[1] AS id, stage, lane, order, text, colour, tags, details";

/// How often a write retries when another process wrote the same map first.
const STALE_RETRIES: usize = 8;

impl Store {
    /// Every map of workspace `ws`, most recently changed first.
    pub async fn list_maps(&self, ws: &str) -> Result<Vec<MapSummary>, StoreError> {
        let mut res = self
            .db
            .query("SELECT record::id(id) AS id, title, card_count, updated_at FROM map WHERE workspace = $ws ORDER BY updated_at DESC")
            .bind(("ws", ws.to_owned()))
            .await?
            .check()?;
        let rows: Vec<Value> = res.take(0)?;
        rows.into_iter().map(|r| from_json("map summary", r)).collect()
    }

    /// Creates an empty map in workspace `ws`.
    pub async fn create_map(&self, ws: &str, id: &MapId, title: &str) -> Result<(), StoreError> {
        self.db
            .query("CREATE type::record('map', $id) SET title = $title, rev = 0, workspace = $ws")
            .bind(("id", id.0.clone()))
            .bind(("ws", ws.to_owned()))
            .bind(("title", title.to_owned()))
            .await?
            .check()?;
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
                 DELETE $m RETURN BEFORE;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", id.0.clone()))
            .await?
            .check()?;
        let deleted: Vec<Value> = res.take(8)?;
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
                .check()?;
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
        let mut res = self.db.query(q).bind(("id", id.0.clone())).await?.check()?;
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
        let stages: Vec<Value> = res.take(2)?;
        for s in stages {
            let s: Stage = from_json("stage", s)?;
            map.stages.insert(s.id.clone(), s);
        }
        let lanes: Vec<Value> = res.take(3)?;
        for l in lanes {
            let l: Lane = from_json("lane", l)?;
            map.lanes.insert(l.id.clone(), l);
        }
        let cards: Vec<Value> = res.take(4)?;
        for c in cards {
            let c: Card = from_json("card", c)?;
            map.cards.insert(c.id.clone(), c);
        }
        let emotions: Vec<Value> = res.take(5)?;
        for e in emotions {
            map.emotions.push(from_json("emotion", e)?);
        }
        Ok(Some(map))
    }

    /// Applies `ops` to a map, in order, in one transaction: the touched records, one log
    /// row per op, and `map.rev` advanced by the number of ops. All or nothing: if any op is
    /// refused, nothing is written.
    pub async fn apply_ops(
        &self,
        id: &MapId,
        author: &str,
        client_op: &str,
        ops: &[Op],
    ) -> Result<Applied, StoreError> {
        let write = Write { author: author.to_owned(), client_op: client_op.to_owned(), ops: ops.to_vec() };
        self.apply_writes(id, vec![write]).await.pop().unwrap_or(Err(StoreError::MapNotFound))
    }

    /// Applies several writes to one map, each all or nothing, and returns one outcome per
    /// write in the same order.
    ///
    /// Group commit: writes queue per map; whoever holds the map's lock takes everything
    /// queued and commits it in one transaction, so concurrent writers (and a client that
    /// sent several ops at once) share one commit instead of waiting for one each. A refused
    /// write is left out of the transaction without affecting the others.
    pub async fn apply_writes(&self, id: &MapId, writes: Vec<Write>) -> Vec<Result<Applied, StoreError>> {
        let slot = self.map_slot(id);
        let mut waiting = Vec::with_capacity(writes.len());
        {
            let mut queue = slot.queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            for write in writes {
                let (tx, rx) = tokio::sync::oneshot::channel();
                queue.push(Queued { write, reply: tx });
                waiting.push(rx);
            }
        }
        {
            let mut cached = slot.state.lock().await;
            let batch = std::mem::take(&mut *slot.queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
            // An earlier holder of the lock may have committed ours already.
            if !batch.is_empty() {
                self.commit_group(id, &mut cached, batch).await;
            }
        }
        let mut outcomes = Vec::with_capacity(waiting.len());
        for rx in waiting {
            outcomes.push(rx.await.unwrap_or_else(|_| Err(StoreError::Corrupt("write abandoned".into()))));
        }
        outcomes
    }

    /// Commits a group of queued writes and answers each.
    async fn commit_group(&self, id: &MapId, cached: &mut Option<Map>, batch: Vec<Queued>) {
        let writes: Vec<&Write> = batch.iter().map(|q| &q.write).collect();
        match self.commit(id, cached, &writes).await {
            Ok(outcomes) => {
                for (queued, outcome) in batch.into_iter().zip(outcomes) {
                    let _ = queued.reply.send(outcome);
                }
            }
            // A client op id already in the log (a resend after a reconnect): commit the
            // writes one by one so only that one is reported as a duplicate.
            Err(GroupError::Duplicate) if batch.len() > 1 => {
                for queued in batch {
                    let outcome = match self.commit(id, cached, &[&queued.write]).await {
                        Ok(mut outcomes) => outcomes.pop().unwrap_or(Err(StoreError::MapNotFound)),
                        Err(e) => self.failure(id, &queued.write, &e).await,
                    };
                    let _ = queued.reply.send(outcome);
                }
            }
            Err(e) => {
                for queued in batch {
                    let outcome = self.failure(id, &queued.write, &e).await;
                    let _ = queued.reply.send(outcome);
                }
            }
        }
    }

    /// What a failed commit means for one write of it.
    async fn failure(&self, id: &MapId, write: &Write, e: &GroupError) -> Result<Applied, StoreError> {
        match e {
            GroupError::Duplicate => {
                let rev = self.rev_of_client_op(id, &write.client_op).await?.unwrap_or(0);
                Ok(Applied { rev, inverses: Vec::new(), duplicate: true })
            }
            GroupError::Store(StoreError::MapNotFound) => Err(StoreError::MapNotFound),
            GroupError::Store(e) => Err(StoreError::Corrupt(e.to_string())),
        }
    }

    /// Applies `writes` in order to the cached map and commits every accepted one in one
    /// transaction, retrying from a fresh load when another process wrote first.
    async fn commit(
        &self,
        id: &MapId,
        cached: &mut Option<Map>,
        writes: &[&Write],
    ) -> Result<Vec<Result<Applied, StoreError>>, GroupError> {
        for attempt in 0..STALE_RETRIES {
            if cached.is_none() || attempt > 0 {
                match self.load_map(id).await {
                    Ok(Some(map)) => *cached = Some(map),
                    Ok(None) => {
                        *cached = None;
                        return Ok(writes.iter().map(|_| Err(StoreError::MapNotFound)).collect());
                    }
                    Err(e) => return Err(GroupError::Store(e)),
                }
            }
            // Apply in place on the cached map (no copy of a large map per op); a refusal
            // rolls its own write back with the inverses, a failed commit drops the cache.
            let Some(map) = cached.as_mut() else {
                return Ok(writes.iter().map(|_| Err(StoreError::MapNotFound)).collect());
            };
            let base = map.rev;
            let mut sql = Writes::default();
            let mut outcomes = Vec::with_capacity(writes.len());
            let mut client_ops = Vec::new();
            for write in writes {
                let mark = sql.mark();
                let mut inverses = Vec::with_capacity(write.ops.len());
                let mut refused = None;
                for op in &write.ops {
                    let touched = map.touched(op);
                    match map.apply(op) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(refusal) => {
                            refused = Some(refusal);
                            break;
                        }
                    }
                    map.rev += 1;
                    sql.touch(touched);
                    sql.log(map.rev, &write.author, &write.client_op, op);
                }
                if let Some(refusal) = refused {
                    sql.reset(mark);
                    for inverse in inverses.iter().rev() {
                        if map.apply(inverse).is_err() {
                            *cached = None;
                            return Err(GroupError::Store(StoreError::Corrupt("an inverse did not apply".into())));
                        }
                    }
                    map.rev -= inverses.len() as u64;
                    // A resent op (after a reconnect) no longer applies: it is in the log.
                    let outcome = match self.client_op_logged(id, &write.client_op).await {
                        Ok(Some(rev)) => Ok(Applied { rev, inverses: Vec::new(), duplicate: true }),
                        Ok(None) => Err(StoreError::Refused(refusal)),
                        Err(e) => Err(e),
                    };
                    outcomes.push(outcome);
                    continue;
                }
                if !write.client_op.is_empty() {
                    client_ops.push(write.client_op.clone());
                }
                outcomes.push(Ok(Applied { rev: map.rev, inverses, duplicate: false }));
            }
            if map.rev == base {
                // Nothing accepted: nothing to write.
                return Ok(outcomes);
            }
            match self.run_writes(id, base, client_ops, sql.query(map)).await {
                Ok(()) => return Ok(outcomes),
                Err(WriteError::Duplicate) => {
                    *cached = None;
                    return Err(GroupError::Duplicate);
                }
                Err(WriteError::Stale) => {
                    tracing::debug!(map = %id, attempt, "map changed elsewhere; reloading");
                    continue;
                }
                Err(WriteError::Store(e)) => {
                    *cached = None;
                    return Err(GroupError::Store(e));
                }
            }
        }
        *cached = None;
        Err(GroupError::Store(StoreError::Corrupt("too many concurrent writers".into())))
    }

    async fn client_op_logged(&self, id: &MapId, client_op: &str) -> Result<Option<u64>, StoreError> {
        if client_op.is_empty() {
            return Ok(None);
        }
        self.rev_of_client_op(id, client_op).await
    }

    async fn run_writes(
        &self,
        id: &MapId,
        base: u64,
        client_ops: Vec<String>,
        (sql, params): (String, Vec<(&'static str, Value)>),
    ) -> Result<(), WriteError> {
        let mut q = String::from(
            "BEGIN TRANSACTION;
             LET $m = type::record('map', $map_id);
             LET $cur = (SELECT VALUE rev FROM ONLY $m);
             IF $cur == NONE { THROW 'jornada:gone' };
             IF $cur != $base { THROW 'jornada:stale' };
             FOR $c IN $client_ops { IF (SELECT VALUE rev FROM op WHERE map = $m AND client_op = $c LIMIT 1)[0] != NONE { THROW 'jornada:duplicate' } };\n",
        );
        q.push_str(&sql);
        q.push_str("COMMIT TRANSACTION;");
        let mut query = self
            .db
            .query(q)
            .bind(("map_id", id.0.clone()))
            .bind(("base", base as i64))
            .bind(("client_ops", client_ops));
        for (name, value) in params {
            query = query.bind((name, value));
        }
        let mut res = query.await.map_err(|e| WriteError::Store(e.into()))?;
        let errors = res.take_errors();
        if errors.is_empty() {
            return Ok(());
        }
        // In a failed transaction every statement reports an error; find the cause.
        let messages: Vec<String> = errors.values().map(|e| e.to_string()).collect();
        let any = |needle: &str| messages.iter().any(|m| m.contains(needle));
        if any("jornada:duplicate") {
            Err(WriteError::Duplicate)
        } else if any("jornada:stale") || any("op_map_rev") || any("onflict") {
            Err(WriteError::Stale)
        } else if any("jornada:gone") {
            Err(WriteError::Store(StoreError::MapNotFound))
        } else {
            let cause =
                messages.iter().find(|m| !m.contains("not executed")).or(messages.first()).cloned().unwrap_or_default();
            Err(WriteError::Store(StoreError::Corrupt(format!("write failed: {cause}"))))
        }
    }

    /// The revision of the op a client sent with this id, if the log has it.
    async fn rev_of_client_op(&self, id: &MapId, client_op: &str) -> Result<Option<u64>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE rev FROM op WHERE map = type::record('map', $id) AND client_op = $client_op ORDER BY rev DESC LIMIT 1")
            .bind(("id", id.0.clone()))
            .bind(("client_op", client_op.to_owned()))
            .await?
            .check()?;
        let revs: Vec<i64> = res.take(0)?;
        Ok(revs.first().map(|r| *r as u64))
    }

    /// Every op any process appends, as it is committed: the feed of the real-time hub.
    /// Each item is the map id and the op.
    pub async fn live_ops(
        &self,
    ) -> Result<impl futures::Stream<Item = (MapId, LoggedOp)> + Send + 'static + use<>, StoreError> {
        use futures::StreamExt;
        let mut res = self.db.query("LIVE SELECT * FROM op").await?.check()?;
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

    /// The ops after `rev`, in order, for a client catching up.
    pub async fn ops_since(&self, id: &MapId, rev: u64) -> Result<Vec<LoggedOp>, StoreError> {
        let mut res = self
            .db
            .query("SELECT rev, author, client_op, body FROM op WHERE map = type::record('map', $id) AND rev > $rev ORDER BY rev")
            .bind(("id", id.0.clone()))
            .bind(("rev", rev as i64))
            .await?
            .check()?;
        let rows: Vec<Value> = res.take(0)?;
        rows.into_iter()
            .map(|r| {
                #[derive(Deserialize)]
                struct Row {
                    rev: u64,
                    author: String,
                    client_op: String,
                    body: String,
                }
                let row: Row = from_json("op", r)?;
                let op =
                    serde_json::from_str(&row.body).map_err(|e| StoreError::Corrupt(format!("op {}: {e}", row.rev)))?;
                Ok(LoggedOp { rev: row.rev, author: row.author, client_op: row.client_op, op })
            })
            .collect()
    }
}

enum WriteError {
    Stale,
    Duplicate,
    Store(StoreError),
}

/// One write a client asks for: its ops, all or nothing, under one client op id.
#[derive(Clone, Debug)]
pub struct Write {
    pub author: String,
    pub client_op: String,
    pub ops: Vec<Op>,
}

struct Queued {
    write: Write,
    reply: tokio::sync::oneshot::Sender<Result<Applied, StoreError>>,
}

/// The per-map state of this process: the writers' lock with the cached map, and the
/// queue of writes waiting for the next group commit.
#[derive(Default)]
pub(super) struct Slot {
    pub(super) state: tokio::sync::Mutex<Option<Map>>,
    /// When it was last used (the store's tick), for eviction.
    pub(super) used: std::sync::atomic::AtomicU64,
    queue: std::sync::Mutex<Vec<Queued>>,
}

/// Why a group commit failed as a whole.
enum GroupError {
    /// A client op id of the group is in the log already.
    Duplicate,
    Store(StoreError),
}

/// What one write transaction stores: every record the accepted ops touched, written once
/// in its final state (or deleted when it is gone), and one log row per op. A handful of
/// set-based statements whatever the number of ops: the statement text is fixed and every
/// value a bound parameter.
#[derive(Default)]
struct Writes {
    stages: BTreeSet<StageId>,
    lanes: BTreeSet<LaneId>,
    cards: BTreeSet<CardId>,
    emotions: BTreeSet<(PersonaId, StageId)>,
    log: Vec<Value>,
    /// What each write added, so a refused one can be taken out again.
    undo: Vec<Touched>,
}

impl Writes {
    /// Where the writes are now, to drop those of a refused write.
    fn mark(&mut self) -> usize {
        self.undo.clear();
        self.log.len()
    }

    /// Forgets what was added since `mark`. Records an earlier write of the batch touched
    /// stay (their final state is written either way).
    fn reset(&mut self, log: usize) {
        self.log.truncate(log);
        for t in std::mem::take(&mut self.undo) {
            for id in &t.stages {
                self.stages.remove(id);
            }
            for id in &t.lanes {
                self.lanes.remove(id);
            }
            for id in &t.cards {
                self.cards.remove(id);
            }
            for key in &t.emotions {
                self.emotions.remove(key);
            }
        }
    }

    fn touch(&mut self, t: Touched) {
        let mut fresh = Touched::default();
        fresh.stages.extend(t.stages.into_iter().filter(|id| self.stages.insert(id.clone())));
        fresh.lanes.extend(t.lanes.into_iter().filter(|id| self.lanes.insert(id.clone())));
        fresh.cards.extend(t.cards.into_iter().filter(|id| self.cards.insert(id.clone())));
        fresh.emotions.extend(t.emotions.into_iter().filter(|key| self.emotions.insert(key.clone())));
        self.undo.push(fresh);
    }

    fn log(&mut self, rev: u64, author: &str, client_op: &str, op: &Op) {
        self.log.push(json!({
            "rev": rev,
            "author": author,
            "client_op": client_op,
            "body": serde_json::to_string(op).unwrap_or_default(),
        }));
    }

    /// The statements and their parameters, with `map` in its final state.
    fn query(self, map: &Map) -> (String, Vec<(&'static str, Value)>) {
        fn split<K: Ord, T>(
            keys: BTreeSet<K>,
            get: impl Fn(&K) -> Option<T>,
            key: impl Fn(&K) -> String,
            row: impl Fn(T) -> Value,
        ) -> (Vec<Value>, Vec<String>) {
            let (mut up, mut gone) = (Vec::new(), Vec::new());
            for k in keys {
                match get(&k) {
                    Some(v) => up.push(json!({ "k": key(&k), "v": row(v) })),
                    None => gone.push(key(&k)),
                }
            }
            (up, gone)
        }
        let mut sql = String::new();
        let mut params: Vec<(&'static str, Value)> = Vec::new();
        let mut table = |name: &'static str,
                         up_param: &'static str,
                         gone_param: &'static str,
                         (up, gone): (Vec<Value>, Vec<String>)| {
            if !up.is_empty() {
                let _ = writeln!(
                    sql,
                    "FOR $r IN ${up_param} {{ UPSERT type::record('{name}', [$map_id, $r.k]) CONTENT object::extend($r.v, {{ map: $m }}) }};"
                );
                params.push((up_param, Value::Array(up)));
            }
            if !gone.is_empty() {
                let _ = writeln!(sql, "FOR $k IN ${gone_param} {{ DELETE type::record('{name}', [$map_id, $k]) }};");
                params.push((gone_param, json!(gone)));
            }
        };
        table(
            "stage",
            "stages_up",
            "stages_gone",
            split(
                self.stages,
                |id| map.stages.get(id),
                |id| id.0.clone(),
                |s| json!({"title": s.title, "description": s.description, "duration": s.duration, "order": s.order}),
            ),
        );
        table(
            "lane",
            "lanes_up",
            "lanes_gone",
            split(
                self.lanes,
                |id| map.lanes.get(id),
                |id| id.0.clone(),
                |l| json!({"kind": l.kind, "title": l.title, "order": l.order}),
            ),
        );
        table(
            "card",
            "cards_up",
            "cards_gone",
            split(
                self.cards,
                |id| map.cards.get(id),
                |id| id.0.clone(),
                |c| json!({"stage": c.stage, "lane": c.lane, "order": c.order, "text": c.text, "colour": c.colour, "tags": c.tags, "details": c.details}),
            ),
        );
        table(
            "emotion",
            "emotions_up",
            "emotions_gone",
            split(
                self.emotions,
                |(persona, stage)| map.emotion(persona, stage),
                |(persona, stage)| format!("{persona}~{stage}"),
                |e| json!({"persona": e.persona, "stage": e.stage, "score": e.score, "note": e.note}),
            ),
        );
        let _ = writeln!(sql, "FOR $o IN $log {{ CREATE op CONTENT object::extend($o, {{ map: $m }}) }};");
        params.push(("log", Value::Array(self.log)));
        let _ = writeln!(sql, "UPDATE $m MERGE object::extend($head, {{ updated_at: time::now() }});");
        params.push((
            "head",
            json!({
                "title": map.title,
                "description": map.description,
                "rev": map.rev,
                "card_count": map.cards.len(),
                "personas": map.personas,
            }),
        ));
        (sql, params)
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

/// The statements that write a whole new map: every stage, lane, card and emotion of `map`
/// and one log row per op of `ops` (revisions 1…), with the map's head, the same rows
/// [`Store::apply_ops`] writes. For a transaction that has created the map record and bound
/// `$m` to it: the import's (`store::imports`).
pub(super) fn whole_map_writes(
    map: &Map,
    author: &str,
    client_op: &str,
    ops: &[Op],
) -> (String, Vec<(&'static str, Value)>) {
    let mut w = Writes::default();
    w.stages.extend(map.stages.keys().cloned());
    w.lanes.extend(map.lanes.keys().cloned());
    w.cards.extend(map.cards.keys().cloned());
    w.emotions.extend(map.emotions.iter().map(|e| (e.persona.clone(), e.stage.clone())));
    for (i, op) in ops.iter().enumerate() {
        w.log(i as u64 + 1, author, client_op, op);
    }
    w.query(map)
}
