//! A map's reviews: its cadence (`map.review_weeks`), the log (`map_review`: each entry as
//! JSON in `body` — who, when, the note and the evidence the team saw — ordered by `at`)
//! and, for the dashboard, the dates its flags are computed from.

use super::decode::rows;
use super::decode::Checked;
use super::{Store, StoreError};
use crate::domain::review::{Cadence, ReviewEntry, Reviews, MAX_LOG};
use crate::domain::MapId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

/// What the dashboard needs to flag a map: its cadence, creation, last review and newest
/// feedback date.
#[derive(Clone, Debug, Deserialize)]
pub struct ReviewDates {
    pub id: String,
    #[serde(default)]
    pub review_weeks: Option<u8>,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub reviewed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub feedback_latest: Option<NaiveDate>,
}

impl Store {
    /// The cadence and the log (oldest first, the newest [`MAX_LOG`]) of map `id`.
    pub async fn reviews(&self, id: &MapId) -> Result<Reviews, StoreError> {
        let mut res = self
            .db
            .query(
                "LET $m = type::record('map', $id);
                 SELECT VALUE review_weeks FROM ONLY $m;
                 SELECT VALUE body FROM map_review WHERE map = $m ORDER BY at DESC LIMIT $max;",
            )
            .bind(("id", id.0.clone()))
            .bind(("max", MAX_LOG))
            .await?
            .checked()?;
        let weeks: Option<i64> = res.take(1)?;
        let bodies: Vec<String> = res.take(2)?;
        let mut log: Vec<ReviewEntry> = bodies.iter().filter_map(|b| serde_json::from_str(b).ok()).collect();
        log.reverse();
        let cadence = weeks.and_then(|w| u8::try_from(w).ok()).and_then(|w| Cadence::new(w).ok());
        Ok(Reviews { cadence, log })
    }

    /// Sets (or, with `None`, clears) how often map `id` is reviewed.
    pub async fn set_review_cadence(&self, id: &MapId, cadence: Option<Cadence>) -> Result<(), StoreError> {
        self.db
            .query("UPDATE type::record('map', $id) SET review_weeks = $weeks")
            .bind(("id", id.0.clone()))
            .bind(("weeks", cadence.map(|c| i64::from(c.weeks()))))
            .await?
            .checked()?;
        Ok(())
    }

    /// Records a review of map `id` and drops the log's oldest beyond [`MAX_LOG`].
    pub async fn record_review(&self, id: &MapId, entry: &ReviewEntry) -> Result<(), StoreError> {
        self.db
            .query(
                "BEGIN TRANSACTION;
                 LET $m = type::record('map', $id);
                 CREATE map_review SET map = $m, user = $user, at = <datetime> $at, body = $body;
                 UPDATE $m SET reviewed_at = <datetime> $at;
                 LET $old = (SELECT VALUE id FROM map_review WHERE map = $m ORDER BY at DESC START $max);
                 DELETE $old;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", id.0.clone()))
            .bind(("user", entry.user.clone()))
            .bind(("at", entry.at.to_rfc3339()))
            .bind(("body", serde_json::to_string(entry).map_err(|e| StoreError::Corrupt(format!("review: {e}")))?))
            .bind(("max", MAX_LOG))
            .await?
            .checked()?;
        Ok(())
    }

    /// The review dates of every map of workspace `ws`.
    pub async fn review_dates(&self, ws: &str) -> Result<Vec<ReviewDates>, StoreError> {
        let mut res = self
            .db
            .query(
                "SELECT record::id(id) AS id, review_weeks, created_at, reviewed_at, feedback_latest
                 FROM map WHERE workspace = $ws",
            )
            .bind(("ws", ws.to_owned()))
            .await?
            .checked()?;
        rows("review dates", res.take(0)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[tokio::test]
    async fn a_review_is_logged_with_its_cadence_and_dates_and_goes_with_its_map() {
        let store = Store::open("mem://", None).await.expect("mem store opens");
        let ws = super::super::DEFAULT_WORKSPACE;
        let id = MapId::generate();
        store.create_map(ws, &id, "Clinic").await.expect("map");
        assert_eq!(store.reviews(&id).await.expect("reviews"), Reviews::default());

        store.set_review_cadence(&id, Cadence::new(4).ok()).await.expect("cadence");
        let now = Utc::now();
        for (i, note) in ["first", "second"].into_iter().enumerate() {
            let at = now - Duration::days(10 - i as i64);
            let entry = ReviewEntry::new("u1".into(), "Ana".into(), at, note).expect("entry");
            store.record_review(&id, &entry).await.expect("record");
        }
        let r = store.reviews(&id).await.expect("reviews");
        assert_eq!(r.cadence.map(Cadence::weeks), Some(4));
        assert_eq!(r.log.iter().map(|e| e.note.as_str()).collect::<Vec<_>>(), ["first", "second"]);
        assert_eq!(r.last().map(|e| e.name.as_str()), Some("Ana"));

        let dates = store.review_dates(ws).await.expect("dates");
        let d = dates.iter().find(|d| d.id == id.0).expect("the map's dates");
        assert_eq!(d.review_weeks, Some(4));
        assert_eq!(d.reviewed_at.map(|t| t.date_naive()), Some((now - Duration::days(9)).date_naive()));
        assert_eq!(d.feedback_latest, None);

        store.set_review_cadence(&id, None).await.expect("no cadence");
        assert_eq!(store.reviews(&id).await.expect("reviews").cadence, None);

        assert!(store.delete_map(&id).await.expect("delete"));
        let mut left = store.db.query("SELECT count() AS n FROM map_review GROUP ALL").await.expect("count");
        let n: Option<i64> = left.take((0, "n")).expect("n");
        assert_eq!(n.unwrap_or(0), 0, "the log goes with its map");
    }

    #[tokio::test]
    async fn the_log_keeps_the_newest_entries() {
        let store = Store::open("mem://", None).await.expect("mem store opens");
        let id = MapId::generate();
        store.create_map(super::super::DEFAULT_WORKSPACE, &id, "Busy").await.expect("map");
        let start = Utc::now() - Duration::days(400);
        for i in 0..(MAX_LOG + 3) {
            let entry = ReviewEntry::new("u".into(), "R".into(), start + Duration::hours(i as i64), &i.to_string())
                .expect("entry");
            store.record_review(&id, &entry).await.expect("record");
        }
        let log = store.reviews(&id).await.expect("reviews").log;
        assert_eq!(log.len(), MAX_LOG);
        assert_eq!(log.first().map(|e| e.note.clone()), Some("3".to_owned()));
        assert_eq!(log.last().map(|e| e.note.clone()), Some((MAX_LOG + 2).to_string()));
    }
}
