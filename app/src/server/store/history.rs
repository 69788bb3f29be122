//! A map's past: its ops with their times (the history), snapshots of the map at some
//! revisions (so the past is rebuilt from the nearest one, not from op 1), and named
//! versions (`map_version`: the version's fields as JSON in `meta`, the map in `body`).

use super::decode::rows;
use super::decode::Checked;
use super::{Store, StoreError};
use crate::domain::history::{TimedOp, Version, MAX_VERSIONS};
use crate::domain::{Map, MapId, Op};
use chrono::{DateTime, Utc};
use serde::Deserialize;

#[derive(Deserialize)]
struct OpRow {
    rev: u64,
    author: String,
    at: DateTime<Utc>,
    body: String,
}

fn timed(rows: Vec<OpRow>) -> Result<Vec<TimedOp>, StoreError> {
    rows.into_iter()
        .map(|r| {
            let op = serde_json::from_str(&r.body).map_err(|e| StoreError::Corrupt(format!("op {}: {e}", r.rev)))?;
            Ok(TimedOp { rev: r.rev, author: r.author, at: r.at, op })
        })
        .collect()
}

fn json<T: serde::Serialize>(what: &str, v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

impl Store {
    /// The ops of map `id` after revision `after` up to and including `upto`, in order.
    pub async fn timed_ops(&self, id: &MapId, after: u64, upto: u64) -> Result<Vec<TimedOp>, StoreError> {
        let mut res = self
            .db
            // Revisions are contiguous: the `upto - after` rows after `after` are the range.
            // (With `rev <= $upto` the index scan ran from `after` to the end of the log.)
            .query("SELECT rev, author, at, body FROM op WHERE map = type::record('map', $id) AND rev > $after ORDER BY rev LIMIT $n")
            .bind(("id", id.0.clone()))
            .bind(("after", after as i64))
            .bind(("n", upto.saturating_sub(after) as i64))
            .await?
            .checked()?;
        let mut ops = timed(rows("op", res.take(0)?)?)?;
        ops.retain(|o| o.rev <= upto);
        Ok(ops)
    }

    /// The newest `limit` ops of map `id` before revision `before` (all, without one),
    /// newest first.
    pub async fn history_ops(&self, id: &MapId, before: Option<u64>, limit: u32) -> Result<Vec<TimedOp>, StoreError> {
        let mut res = self
            .db
            .query("SELECT rev, author, at, body FROM op WHERE map = type::record('map', $id) AND rev < $before ORDER BY rev DESC LIMIT $limit")
            .bind(("id", id.0.clone()))
            .bind(("before", before.map_or(i64::MAX, |b| b as i64)))
            .bind(("limit", limit))
            .await?
            .checked()?;
        timed(rows("op", res.take(0)?)?)
    }

    /// Person `who`'s steps on map `id` after revision `after` up to `upto`, in order: each
    /// op's client op id and the op that undoes it (rows logged without one are left out).
    pub async fn own_steps(
        &self,
        id: &MapId,
        who: &str,
        after: u64,
        upto: u64,
    ) -> Result<Vec<(String, Op)>, StoreError> {
        #[derive(Deserialize)]
        struct StepRow {
            rev: u64,
            client_op: String,
            undo: Option<String>,
        }
        let mut res = self
            .db
            // The range as in `timed_ops` (a bounded scan), then the person's rows.
            .query(
                "SELECT rev, client_op, undo FROM (
                     SELECT rev, client_op, undo, who FROM op WHERE map = type::record('map', $id) AND rev > $after ORDER BY rev LIMIT $n
                 ) WHERE who = $who AND rev <= $upto ORDER BY rev",
            )
            .bind(("id", id.0.clone()))
            .bind(("after", after as i64))
            .bind(("n", upto.saturating_sub(after) as i64))
            .bind(("upto", upto as i64))
            .bind(("who", who.to_owned()))
            .await?
            .checked()?;
        let found: Vec<StepRow> = rows("op", res.take(0)?)?;
        found
            .into_iter()
            .filter_map(|r| r.undo.map(|undo| (r.rev, r.client_op, undo)))
            .map(|(rev, client_op, undo)| {
                let op =
                    serde_json::from_str(&undo).map_err(|e| StoreError::Corrupt(format!("undo of op {rev}: {e}")))?;
                Ok((client_op, op))
            })
            .collect()
    }

    /// The newest snapshot of map `id` at or before revision `rev`.
    pub async fn snapshot_before(&self, id: &MapId, rev: u64) -> Result<Option<Map>, StoreError> {
        // The revisions first (`snapshot_rev` holds no body), then one body by its key:
        // looking among the snapshots themselves read every body (1.2 s with 100).
        let mut res = self
            .db
            .query(
                "LET $at = math::max((SELECT VALUE rev FROM snapshot_rev WHERE map = $id AND rev <= $rev));
                 IF $at != NONE { (SELECT VALUE body FROM type::record('map_snapshot', string::concat($id, '_', <string> $at))) } ELSE { [] };",
            )
            .bind(("id", id.0.clone()))
            .bind(("rev", rev as i64))
            .await?
            .checked()?;
        let bodies: Vec<String> = res.take(1)?;
        Ok(bodies.first().and_then(|b| serde_json::from_str(b).ok()))
    }

    /// Keeps `map` as it is at its revision, to rebuild later revisions from.
    pub async fn put_snapshot(&self, map: &Map) -> Result<(), StoreError> {
        self.db
            .query(
                "BEGIN TRANSACTION;
                 UPSERT type::record('map_snapshot', $key) CONTENT { map: $id, rev: $rev, body: $body } RETURN NONE;
                 UPSERT type::record('snapshot_rev', $key) CONTENT { map: $id, rev: $rev } RETURN NONE;
                 COMMIT TRANSACTION;",
            )
            .bind(("key", format!("{}_{}", map.id, map.rev)))
            .bind(("id", map.id.0.clone()))
            .bind(("rev", map.rev as i64))
            .bind(("body", json("snapshot", map)?))
            .await?
            .checked()?;
        Ok(())
    }

    /// Saves a version with the map as it is in it; the oldest beyond [`MAX_VERSIONS`] go
    /// (safety copies before named ones).
    pub async fn save_version(&self, v: &Version, map: &Map) -> Result<(), StoreError> {
        self.db
            .query(
                "BEGIN TRANSACTION;
                 CREATE type::record('map_version', $vid) CONTENT {
                     map: $id, rev: $rev, created_at: <datetime> $at, meta: $meta, body: $body
                 } RETURN NONE;
                 COMMIT TRANSACTION;",
            )
            .bind(("vid", v.id.clone()))
            .bind(("id", v.map.0.clone()))
            .bind(("rev", v.rev as i64))
            .bind(("at", v.created_at.to_rfc3339()))
            .bind(("meta", json("version", v)?))
            .bind(("body", json("version map", map)?))
            .await?
            .checked()?;
        let all = self.versions(&v.map).await?;
        if all.len() > MAX_VERSIONS {
            let mut old: Vec<&Version> = all.iter().collect();
            // Safety copies first, then the oldest.
            old.sort_by_key(|v| (!v.safety, v.created_at));
            let drop: Vec<String> = old.iter().take(all.len() - MAX_VERSIONS).map(|v| v.id.clone()).collect();
            self.db
                .query("DELETE map_version WHERE map = $id AND record::id(id) IN $drop")
                .bind(("id", v.map.0.clone()))
                .bind(("drop", drop))
                .await?
                .checked()?;
        }
        Ok(())
    }

    /// The versions of map `id`, newest first.
    pub async fn versions(&self, id: &MapId) -> Result<Vec<Version>, StoreError> {
        let mut res = self
            .db
            .query("SELECT VALUE meta FROM map_version WHERE map = $id ORDER BY created_at DESC")
            .bind(("id", id.0.clone()))
            .await?
            .checked()?;
        let infos: Vec<String> = res.take(0)?;
        Ok(infos.iter().filter_map(|i| serde_json::from_str(i).ok()).collect())
    }

    /// Version `version` of map `id` with the map as it was in it.
    pub async fn version(&self, id: &MapId, version: &str) -> Result<Option<(Version, Map)>, StoreError> {
        #[derive(Deserialize)]
        struct Row {
            meta: String,
            body: String,
        }
        let mut res = self
            .db
            .query("SELECT meta, body FROM map_version WHERE map = $id AND id = type::record('map_version', $v)")
            .bind(("id", id.0.clone()))
            .bind(("v", version.to_owned()))
            .await?
            .checked()?;
        let found: Vec<Row> = rows("version", res.take(0)?)?;
        Ok(found
            .into_iter()
            .next()
            .and_then(|r| Some((serde_json::from_str(&r.meta).ok()?, serde_json::from_str(&r.body).ok()?))))
    }
}
