//! Customer feedback: the answers (`feedback`), the imports they came in
//! (`feedback_batch`), each workspace's settings (`feedback_setting`: the saved column
//! mapping, the key that pseudonymises client references, the retention) and the map's
//! cached summary (`map.feedback_summary`, so a board loads without reading the answers).
//!
//! Answers are data, not edits: they never enter the op log. An answer's record id is
//! derived from its map and external id when it has one, so importing the same export
//! again changes nothing (`INSERT IGNORE`).
//!
//! One index only, on the map: every query names the map (the workspace's maps for
//! forgetting a client and for retention), and each further index made a 100,000-row
//! import several times slower (measured: 1.8 ms a row with four, 0.37 ms with none, in a
//! debug build).

use super::decode::{first, rows};
use super::{Store, StoreError};
use crate::domain::feedback::{Answer, AnswerFilter, AnswerPage, ColumnMapping, FeedbackBatch, FeedbackEntry, PAGE};
use crate::domain::{MapId, StageId};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{json, Map as JsonMap, Value};

/// Rows one INSERT statement carries (a batch is several, in one transaction).
const CHUNK: usize = 5_000;

/// What the summary is computed from: one answer, lean.
#[derive(Clone, Debug, Deserialize)]
pub struct SummaryRow {
    pub stage: StageId,
    #[serde(default)]
    pub card: Option<crate::domain::CardId>,
    pub date: NaiveDate,
    pub scale: crate::domain::feedback::Scale,
    pub norm: f64,
    /// Only for negative answers (the terms are counted from them).
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
}

/// A workspace's feedback settings.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct FeedbackSetting {
    #[serde(default)]
    pub mapping: Option<String>,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub retention_months: Option<u32>,
}

/// An entry as a stored row: absent options are left out (SurrealDB's `option<…>` takes
/// NONE, not null).
fn row(ws: &str, map: &MapId, batch: &str, e: &FeedbackEntry, id: String) -> Value {
    let mut o = JsonMap::new();
    o.insert("id".into(), json!(id));
    o.insert("workspace".into(), json!(ws));
    o.insert("map".into(), json!(map.0));
    o.insert("batch".into(), json!(batch));
    o.insert("stage".into(), json!(e.stage.0));
    o.insert("date".into(), json!(e.date.format("%Y-%m-%d").to_string()));
    o.insert("scale".into(), json!(e.scale.id()));
    o.insert("score".into(), json!(e.score));
    o.insert("norm".into(), json!(e.norm));
    o.insert("comment".into(), json!(e.comment));
    o.insert("source".into(), json!(e.source));
    for (k, v) in [
        ("card", e.card.as_ref().map(|c| c.0.clone())),
        ("persona", e.persona.as_ref().map(|p| p.0.clone())),
        ("segment", e.segment.clone()),
        ("lang", e.lang.clone()),
        ("external_id", e.external_id.clone()),
        ("client", e.client.clone()),
    ] {
        if let Some(v) = v {
            o.insert(k.into(), json!(v));
        }
    }
    Value::Object(o)
}

/// The record id of an answer: from its map and external id when it has one (re-imports
/// find it), else fresh.
pub fn entry_id(map: &MapId, external: Option<&str>) -> String {
    match external {
        Some(x) => {
            use sha2::{Digest, Sha256};
            let digest = Sha256::digest(format!("{}\u{1f}{x}", map.0).as_bytes());
            let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
            format!("x{hex}")
        }
        None => format!("r{}", uuid::Uuid::new_v4().simple()),
    }
}

/// A map's feedback as it is to be kept: the tally (None: unchanged) and the summary made
/// from it, written only if the tally is still at version `expect` (see
/// [`Store::feedback_tally`]), so two imports at once cannot lose each other's answers.
#[derive(Clone, Debug)]
pub struct FeedbackState {
    pub expect: u64,
    pub tally: Option<String>,
    pub summary: String,
    pub latest: Option<NaiveDate>,
}

/// The statements that check the tally's version and keep `$state`: the tally, the map's
/// summary and the news every process's live feed hears.
fn state_sql(state: &FeedbackState) -> String {
    let mut sql = String::from(
        "LET $v = (SELECT VALUE version FROM ONLY type::record('feedback_tally', $map)) ?? 0;
         IF $v != $expect { THROW 'jornada:stale' };\n",
    );
    if state.tally.is_some() {
        sql.push_str(
            "UPSERT type::record('feedback_tally', $map) CONTENT { map: $map, version: $expect + 1, body: $tally } RETURN NONE;\n",
        );
    }
    sql.push_str(
        "UPDATE type::record('map', $map) SET feedback_summary = $summary, feedback_latest = $latest RETURN NONE;
         UPSERT type::record('feedback_news', $map) CONTENT { map: $map, at: time::now() } RETURN NONE;\n",
    );
    sql
}

/// Binds what [`state_sql`] reads.
fn bind_state<'a, C: surrealdb::Connection>(
    q: surrealdb::method::Query<'a, C>,
    map: &MapId,
    state: &FeedbackState,
) -> surrealdb::method::Query<'a, C> {
    q.bind(("map", map.0.clone()))
        .bind(("expect", state.expect as i64))
        .bind(("tally", state.tally.clone().unwrap_or_default()))
        .bind(("summary", state.summary.clone()))
        .bind(("latest", state.latest.map(|d| d.format("%Y-%m-%d").to_string())))
}

/// Whether a transaction went through (false: it threw `jornada:stale`).
fn written(mut res: surrealdb::IndexedResults) -> Result<bool, StoreError> {
    let errors = res.take_errors();
    if errors.values().any(|e| e.to_string().contains("jornada:stale")) {
        return Ok(false);
    }
    match errors.into_values().next() {
        None => Ok(true),
        Some(e) => Err(e.into()),
    }
}

impl Store {
    /// The entries of `entries` not stored yet, with their record ids: those whose external
    /// id was imported before are left out (they count as unchanged), and so are repeats.
    pub async fn new_feedback<'a>(
        &self,
        map: &MapId,
        entries: &'a [FeedbackEntry],
    ) -> Result<Vec<(String, &'a FeedbackEntry)>, StoreError> {
        let ids: Vec<String> = entries.iter().map(|e| entry_id(map, e.external_id.as_deref())).collect();
        let known: Vec<String> = ids.iter().filter(|id| id.starts_with('x')).cloned().collect();
        let mut existing = std::collections::HashSet::new();
        for chunk in known.chunks(CHUNK) {
            let mut res = self
                .db
                // Read by record id, one key lookup each (`WHERE id IN …` scanned the whole
                // table for every chunk: a re-import of 100,000 rows never ended).
                .query("SELECT VALUE record::id(id) FROM $ids.map(|$i| type::record('feedback', $i))")
                .bind(("ids", chunk.to_vec()))
                .await?
                .check()?;
            let found: Vec<String> = res.take(0)?;
            existing.extend(found);
        }
        let mut seen = std::collections::HashSet::new();
        Ok(ids.into_iter().zip(entries).filter(|(id, _)| !existing.contains(id) && seen.insert(id.clone())).collect())
    }

    /// Stores `fresh` (from [`Store::new_feedback`]) as import `batch` of map `map` with the
    /// map's feedback `state`, all or nothing; false when the tally changed since it was read
    /// (nothing was written: read it again and retry).
    pub async fn insert_feedback(
        &self,
        ws: &str,
        map: &MapId,
        batch: &FeedbackBatch,
        fresh: &[(String, &FeedbackEntry)],
        state: &FeedbackState,
    ) -> Result<bool, StoreError> {
        let rows: Vec<Value> = fresh.iter().map(|(id, e)| row(ws, map, &batch.id, e, id.clone())).collect();
        let mut sql = String::from("BEGIN TRANSACTION;\n");
        sql.push_str(&state_sql(state));
        sql.push_str(
            "CREATE type::record('feedback_batch', $batch) SET map = $map, workspace = $ws, source = $source,
                 rows = $rows, skipped = $skipped, created_by = $by;\n",
        );
        let chunks: Vec<Vec<Value>> = rows.chunks(CHUNK).map(<[Value]>::to_vec).collect();
        for i in 0..chunks.len() {
            sql.push_str(&format!("INSERT IGNORE INTO feedback $c{i} RETURN NONE;\n"));
        }
        sql.push_str("COMMIT TRANSACTION;");
        let mut q = bind_state(self.db.query(sql), map, state)
            .bind(("batch", batch.id.clone()))
            .bind(("ws", ws.to_owned()))
            .bind(("source", batch.source.clone()))
            .bind(("rows", fresh.len() as u32))
            .bind(("skipped", batch.skipped))
            .bind(("by", batch.created_by.clone()));
        for (i, c) in chunks.into_iter().enumerate() {
            q = q.bind((format!("c{i}"), Value::Array(c)));
        }
        written(q.await?)
    }

    /// Map `map`'s tally (JSON) and its version (0 and `None` before the first).
    pub async fn feedback_tally(&self, map: &MapId) -> Result<(u64, Option<String>), StoreError> {
        let mut res = self
            .db
            .query("SELECT version, body FROM ONLY type::record('feedback_tally', $map)")
            .bind(("map", map.0.clone()))
            .await?
            .check()?;
        let v: Option<Value> = res.take(0)?;
        let v = v.unwrap_or_default();
        Ok((v["version"].as_u64().unwrap_or(0), v["body"].as_str().map(str::to_owned)))
    }

    /// Keeps map `map`'s feedback `state` (the tally, when given, the summary and the news);
    /// false when the tally changed since it was read.
    pub async fn put_feedback_state(&self, map: &MapId, state: &FeedbackState) -> Result<bool, StoreError> {
        let sql = format!("BEGIN TRANSACTION;\n{}COMMIT TRANSACTION;", state_sql(state));
        written(bind_state(self.db.query(sql), map, state).await?)
    }

    /// The imports of map `map`, newest first.
    pub async fn feedback_batches(&self, map: &MapId) -> Result<Vec<FeedbackBatch>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT record::id(id) AS id, source, rows, skipped,
                     (SELECT VALUE name FROM ONLY type::record('user', $parent.created_by)) ?? created_by AS created_by,
                     created_at
                 FROM feedback_batch WHERE map = $map ORDER BY created_at DESC LIMIT 200",
            )
            .bind(("map", map.0.clone()))
            .await?
            .check()?;
        rows("feedback batch", res.take(0)?)
    }

    /// Deletes import `batch` of map `map` with its answers; how many answers went.
    pub async fn delete_feedback_batch(&self, map: &MapId, batch: &str) -> Result<Option<u32>, StoreError> {
        let mut res = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 LET $b = (SELECT VALUE id FROM feedback_batch WHERE id = type::record('feedback_batch', $batch) AND map = $map);
                 IF array::len($b) = 0 { RETURN NONE };
                 LET $gone = (DELETE feedback WHERE map = $map AND batch = $batch RETURN BEFORE);
                 DELETE $b;
                 RETURN array::len($gone);
                 COMMIT TRANSACTION;",
            )
            .bind(("map", map.0.clone()))
            .bind(("batch", batch.to_owned()))
            .await?
            .check()?;
        let n: Option<i64> = res.take(res.num_statements().saturating_sub(2))?;
        Ok(n.map(|n| n as u32))
    }

    /// Deletes every answer of client pseudonym `client` in workspace `ws`; the maps it
    /// touched and how many answers went.
    pub async fn forget_feedback_client(&self, ws: &str, client: &str) -> Result<(Vec<MapId>, u32), StoreError> {
        self.delete_feedback_where("client = $value", ws, client).await
    }

    /// Deletes the answers of workspace `ws` dated before `cutoff`; the maps touched.
    pub async fn purge_feedback_before(&self, ws: &str, cutoff: NaiveDate) -> Result<Vec<MapId>, StoreError> {
        Ok(self
            .delete_feedback_where("workspace = $ws AND date < $value", ws, &cutoff.format("%Y-%m-%d").to_string())
            .await?
            .0)
    }

    /// Deletes the answers of workspace `ws` matching `cond` (over `$value`) in one
    /// transaction, map by map (through the map index); the maps they were on and how
    /// many went.
    async fn delete_feedback_where(&self, cond: &str, ws: &str, value: &str) -> Result<(Vec<MapId>, u32), StoreError> {
        let mut res = self
            .db
            .query(format!(
                "BEGIN TRANSACTION;
                 LET $all = (SELECT VALUE record::id(id) FROM map WHERE workspace = $ws);
                 LET $maps = (SELECT VALUE map FROM feedback WHERE map IN $all AND {cond});
                 DELETE feedback WHERE map IN $all AND {cond};
                 RETURN {{ maps: array::distinct($maps), n: array::len($maps) }};
                 COMMIT TRANSACTION;"
            ))
            .bind(("ws", ws.to_owned()))
            .bind(("value", value.to_owned()))
            .await?
            .check()?;
        let v: Option<Value> = res.take(res.num_statements().saturating_sub(2))?;
        let v = v.unwrap_or_default();
        let maps = v["maps"]
            .as_array()
            .map(|a| a.iter().filter_map(|m| m.as_str().map(MapId::from)).collect())
            .unwrap_or_default();
        Ok((maps, v["n"].as_u64().unwrap_or(0) as u32))
    }

    /// Every answer of map `map`, lean, for the summary (comments only of negative ones).
    pub async fn feedback_rows(&self, map: &MapId) -> Result<Vec<SummaryRow>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT stage, card, date, scale, norm, IF norm < 0 AND comment != '' THEN comment ELSE NONE END AS comment, lang
                 FROM feedback WHERE map = $map",
            )
            .bind(("map", map.0.clone()))
            .await?
            .check()?;
        rows("feedback row", res.take(0)?)
    }

    /// Every map whose feedback summary any process sets again (after an import, an undone
    /// import, a forgotten client, a push, the retention clean-up).
    pub async fn live_feedback(
        &self,
    ) -> Result<impl futures::Stream<Item = MapId> + Send + 'static + use<>, StoreError> {
        use futures::StreamExt;
        let mut res = self.db.query("LIVE SELECT map FROM feedback_news").await?.check()?;
        let stream = res.stream::<surrealdb::Notification<Value>>(0)?;
        Ok(stream.filter_map(|n| async move {
            let n = n.ok()?;
            if n.action == surrealdb::types::Action::Delete {
                return None;
            }
            Some(MapId(n.data.get("map")?.as_str()?.to_owned()))
        }))
    }

    /// Map `map`'s cached summary (JSON), if one was computed.
    pub async fn feedback_summary_json(&self, map: &MapId) -> Result<Option<String>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE feedback_summary FROM ONLY type::record('map', $map)")
            .bind(("map", map.0.clone()))
            .await?
            .check()?;
        let v: Option<Value> = res.take(0)?;
        Ok(v.and_then(|v| v.as_str().map(str::to_owned)))
    }

    /// A page of a stage's answers, newest first, and how many match.
    pub async fn stage_answers(
        &self,
        map: &MapId,
        stage: &StageId,
        f: &AnswerFilter,
    ) -> Result<AnswerPage, StoreError> {
        let mut cond = String::from("map = $map AND stage = $stage");
        if f.min.is_some() {
            cond.push_str(" AND norm >= $min");
        }
        if f.max.is_some() {
            cond.push_str(" AND norm <= $max");
        }
        if f.from.is_some() {
            cond.push_str(" AND date >= $from");
        }
        if f.to.is_some() {
            cond.push_str(" AND date <= $to");
        }
        if f.segment.is_some() {
            cond.push_str(" AND string::lowercase(segment ?? '') = string::lowercase($segment)");
        }
        if f.text.is_some() {
            cond.push_str(" AND string::contains(string::lowercase(comment), string::lowercase($text))");
        }
        let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let mut res = self
            .db
            .query(format!(
                "SELECT record::id(id) AS id, date, scale, score, norm, comment, segment, card, source
                     FROM feedback WHERE {cond} ORDER BY date DESC, id LIMIT $page START $offset;
                 SELECT count() AS n FROM feedback WHERE {cond} GROUP ALL;"
            ))
            .bind(("map", map.0.clone()))
            .bind(("stage", stage.0.clone()))
            .bind(("min", f.min))
            .bind(("max", f.max))
            .bind(("from", day(f.from)))
            .bind(("to", day(f.to)))
            .bind(("segment", f.segment.clone()))
            .bind(("text", f.text.clone()))
            .bind(("page", PAGE))
            .bind(("offset", f.offset))
            .await?
            .check()?;
        let answers: Vec<Answer> = rows("answer", res.take(0)?)?;
        let total: Option<i64> = res.take((1, "n"))?;
        Ok(AnswerPage { answers, total: total.unwrap_or(0) as u32 })
    }

    /// A page of map `map`'s answers, newest first (the REST API's list; never the client).
    pub async fn feedback_page(&self, map: &MapId, limit: u32, offset: u32) -> Result<Vec<Value>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT record::id(id) AS id, stage, card, segment, date, scale, score, norm, comment, lang, source,
                     external_id, batch
                 FROM feedback WHERE map = $map ORDER BY date DESC, id LIMIT $limit START $offset",
            )
            .bind(("map", map.0.clone()))
            .bind(("limit", limit))
            .bind(("offset", offset))
            .await?
            .check()?;
        Ok(res.take(0)?)
    }

    /// Workspace `ws`'s feedback settings.
    pub async fn feedback_setting(&self, ws: &str) -> Result<FeedbackSetting, StoreError> {
        let mut res = self
            .db
            .query("SELECT mapping, key, retention_months FROM feedback_setting WHERE id = type::record('feedback_setting', $ws)")
            .bind(("ws", ws.to_owned()))
            .await?
            .check()?;
        Ok(first("feedback setting", res.take(0)?)?.unwrap_or_default())
    }

    /// The workspace's pseudonymisation key: made once, on first use, and kept (a second
    /// process racing to make it reads the one that won).
    pub async fn feedback_key(&self, ws: &str) -> Result<String, StoreError> {
        if let Some(k) = self.feedback_setting(ws).await?.key {
            return Ok(k);
        }
        let key: String = (0..2).map(|_| uuid::Uuid::new_v4().simple().to_string()).collect();
        self.db
            .query("UPSERT type::record('feedback_setting', $ws) SET workspace = $ws, key = key ?? $key")
            .bind(("ws", ws.to_owned()))
            .bind(("key", key))
            .await?
            .check()?;
        self.feedback_setting(ws).await?.key.ok_or_else(|| StoreError::Corrupt("feedback key".into()))
    }

    /// Saves the column mapping a workspace imported with, for next month's export.
    pub async fn save_feedback_mapping(&self, ws: &str, mapping: &ColumnMapping) -> Result<(), StoreError> {
        let json = serde_json::to_string(mapping).map_err(|e| StoreError::Corrupt(format!("mapping: {e}")))?;
        self.db
            .query("UPSERT type::record('feedback_setting', $ws) SET workspace = $ws, mapping = $json")
            .bind(("ws", ws.to_owned()))
            .bind(("json", json))
            .await?
            .check()?;
        Ok(())
    }

    /// Sets (or clears) how many months a workspace keeps its answers.
    pub async fn set_feedback_retention(&self, ws: &str, months: Option<u32>) -> Result<(), StoreError> {
        self.db
            .query("UPSERT type::record('feedback_setting', $ws) SET workspace = $ws, retention_months = $months")
            .bind(("ws", ws.to_owned()))
            .bind(("months", months))
            .await?
            .check()?;
        Ok(())
    }

    /// Workspaces that keep answers only for a while, with their months.
    pub async fn feedback_retentions(&self) -> Result<Vec<(String, u32)>, StoreError> {
        let mut res = self
            .db
            .query("SELECT workspace, retention_months FROM feedback_setting WHERE retention_months != NONE")
            .await?
            .check()?;
        #[derive(Deserialize)]
        struct R {
            workspace: String,
            retention_months: u32,
        }
        let list: Vec<R> = rows("retention", res.take(0)?)?;
        Ok(list.into_iter().map(|r| (r.workspace, r.retention_months)).collect())
    }
}
