//! Customer feedback: the answers (`feedback`), the imports they came in
//! (`feedback_batch`), each workspace's settings (`feedback_setting`: the saved column
//! mapping, the key that pseudonymises client references, the retention) and the map's
//! cached summary (`map.feedback_summary`, so a board loads without reading the answers).
//!
//! Answers are data, not edits: they never enter the op log. An answer's record id is
//! `feedback:[map, key]`, the key derived from the map and the external id when it has one,
//! so importing the same export again changes nothing (`INSERT IGNORE`), and every query
//! reads one map's answers as a range of ids, `feedback:[$map, NONE]..[$map, ..]`.
//!
//! No index: the map is the ids' prefix, and each index made a 100,000-row import slower —
//! the one on the map alone cost a quarter of it (10.6 against 7.7–8.9 s, release,
//! SurrealKV; docs/PERFORMANCE.md).

use super::decode::rows;
use super::decode::written;
use super::decode::Checked;
use super::feedback_state::{bind_state, state_sql, FeedbackState};
use super::{Store, StoreError};
use crate::domain::feedback::{Answer, AnswerFilter, AnswerPage, FeedbackBatch, FeedbackEntry, PAGE};
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

/// A map's answers as a range of record ids (`$map` bound to the map's id).
const RANGE: &str = "feedback:[$map, NONE]..[$map, ..]";

/// An entry as a stored row: absent options are left out (SurrealDB's `option<…>` takes
/// NONE, not null).
fn row(ws: &str, map: &MapId, batch: &str, e: &FeedbackEntry, id: String) -> Value {
    let mut o = JsonMap::new();
    o.insert("id".into(), json!([map.0, id]));
    o.insert("workspace".into(), json!(ws));
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

/// The key of an answer (its record id is `[map, key]`, and cards cite it as evidence):
/// from its map and external id when it has one (re-imports find it), else fresh.
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
        // A map that never had an import has no answers (the first import of a year's
        // export skips 100,000 look-ups). Asked of the imports (indexed by map): a range
        // of ids with LIMIT 1 read the whole range (0.5 s at 100,000 answers).
        let mut any = self
            .db
            .query("SELECT VALUE id FROM feedback_batch WHERE map = $map LIMIT 1")
            .bind(("map", map.0.clone()))
            .await?
            .checked()?;
        let any: Vec<Value> = any.take(0)?;
        for chunk in known.chunks(CHUNK).filter(|_| !any.is_empty()) {
            let mut res = self
                .db
                // One key look-up each (`WHERE id IN …` scanned the table for every chunk).
                .query("SELECT VALUE record::id(id)[1] FROM $ids.map(|$i| type::record('feedback', [$map, $i]))")
                .bind(("map", map.0.clone()))
                .bind(("ids", chunk.to_vec()))
                .await?
                .checked()?;
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
            .checked()?;
        rows("feedback batch", res.take(0)?)
    }

    /// Deletes import `batch` of map `map` with its answers; how many answers went.
    pub async fn delete_feedback_batch(&self, map: &MapId, batch: &str) -> Result<Option<u32>, StoreError> {
        let mut res = self
            .db
            .query(
                format!("BEGIN TRANSACTION;
                 LET $b = (SELECT VALUE id FROM feedback_batch WHERE id = type::record('feedback_batch', $batch) AND map = $map);
                 IF array::len($b) = 0 {{ RETURN NONE }};
                 LET $n = (SELECT count() AS n FROM {RANGE} WHERE batch = $batch GROUP ALL)[0].n ?? 0;
                 DELETE {RANGE} WHERE batch = $batch RETURN NONE;
                 DELETE $b;
                 RETURN $n;
                 COMMIT TRANSACTION;"),
            )
            .bind(("map", map.0.clone()))
            .bind(("batch", batch.to_owned()))
            .await?
            .checked()?;
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
        Ok(self.delete_feedback_where("date < $value", ws, &cutoff.format("%Y-%m-%d").to_string()).await?.0)
    }

    /// Deletes the answers of workspace `ws` matching `cond` (over `$value`) in one
    /// transaction, map by map (each map's range of ids); the maps they were on and how
    /// many went.
    async fn delete_feedback_where(&self, cond: &str, ws: &str, value: &str) -> Result<(Vec<MapId>, u32), StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE record::id(id) FROM map WHERE workspace = $ws")
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        let maps: Vec<String> = res.take(0)?;
        if maps.is_empty() {
            return Ok((Vec::new(), 0));
        }
        // Per map: how many match, then the deletion (statements 1, 3, 5, … count).
        let mut sql = String::from("BEGIN TRANSACTION;\n");
        for i in 0..maps.len() {
            let range = RANGE.replace("$map", &format!("$m{i}"));
            sql.push_str(&format!(
                "SELECT count() AS n FROM {range} WHERE {cond} GROUP ALL;\nDELETE {range} WHERE {cond} RETURN NONE;\n"
            ));
        }
        sql.push_str("COMMIT TRANSACTION;");
        let mut q = self.db.query(sql).bind(("value", value.to_owned()));
        for (i, m) in maps.iter().enumerate() {
            q = q.bind((format!("m{i}"), m.clone()));
        }
        let mut res = q.await?.checked()?;
        let (mut touched, mut total) = (Vec::new(), 0u32);
        for (i, m) in maps.into_iter().enumerate() {
            let n: Option<i64> = res.take((1 + 2 * i, "n"))?;
            if let Some(n) = n.filter(|n| *n > 0) {
                touched.push(MapId(m));
                total += n as u32;
            }
        }
        Ok((touched, total))
    }

    /// Every answer of map `map`, lean, for the summary (comments only of negative ones).
    pub async fn feedback_rows(&self, map: &MapId) -> Result<Vec<SummaryRow>, StoreError> {
        let mut res = self
            .db
            .query(
                format!("SELECT stage, card, date, scale, norm, IF norm < 0 AND comment != '' THEN comment ELSE NONE END AS comment, lang
                 FROM {RANGE}"),
            )
            .bind(("map", map.0.clone()))
            .await?
            .checked()?;
        rows("feedback row", res.take(0)?)
    }

    /// Every map whose feedback summary any process sets again (after an import, an undone
    /// import, a forgotten client, a push, the retention clean-up).
    pub async fn live_feedback(
        &self,
    ) -> Result<impl futures::Stream<Item = MapId> + Send + 'static + use<>, StoreError> {
        use futures::StreamExt;
        let mut res = self.db.query("LIVE SELECT map FROM feedback_news").await?.checked()?;
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
            .checked()?;
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
        let mut cond = String::from("stage = $stage");
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
                "SELECT record::id(id)[1] AS id, date, scale, score, norm, comment, segment, card, source
                     FROM {RANGE} WHERE {cond} ORDER BY date DESC, id LIMIT $page START $offset;
                 SELECT count() AS n FROM {RANGE} WHERE {cond} GROUP ALL;"
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
            .checked()?;
        let answers: Vec<Answer> = rows("answer", res.take(0)?)?;
        let total: Option<i64> = res.take((1, "n"))?;
        Ok(AnswerPage { answers, total: total.unwrap_or(0) as u32 })
    }

    /// A page of map `map`'s answers, newest first (the REST API's list; never the client).
    pub async fn feedback_page(&self, map: &MapId, limit: u32, offset: u32) -> Result<Vec<Value>, StoreError> {
        let mut res = self
            .db
            .query(format!(
                "SELECT record::id(id)[1] AS id, stage, card, segment, date, scale, score, norm, comment, lang, source,
                     external_id, batch
                 FROM {RANGE} ORDER BY date DESC, id LIMIT $limit START $offset"
            ))
            .bind(("map", map.0.clone()))
            .bind(("limit", limit))
            .bind(("offset", offset))
            .await?
            .checked()?;
        Ok(res.take(0)?)
    }
}
