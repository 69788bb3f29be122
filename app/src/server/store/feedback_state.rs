//! A map's kept feedback state: the tally of its answers (`feedback_tally`, versioned), the
//! summary on the map made from it, and the news row every process's live feed hears. Each
//! write checks the tally's version in its own transaction, so two imports at once, or an
//! import during an undo, cannot lose each other's answers.

use super::decode::written;
use super::decode::Checked;
use super::{Store, StoreError};
use crate::domain::MapId;
use chrono::NaiveDate;
use serde_json::Value;

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
pub(super) fn state_sql(state: &FeedbackState) -> String {
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
pub(super) fn bind_state<'a, C: surrealdb::Connection>(
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

impl Store {
    /// Map `map`'s tally (JSON) and its version (0 and `None` before the first).
    pub async fn feedback_tally(&self, map: &MapId) -> Result<(u64, Option<String>), StoreError> {
        let mut res = self
            .db
            .query("SELECT version, body FROM ONLY type::record('feedback_tally', $map)")
            .bind(("map", map.0.clone()))
            .await?
            .checked()?;
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
}
