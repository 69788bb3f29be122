//! A living map: its review cadence, "Mark reviewed" and the dashboard's flags ("Review
//! due", "No new evidence in 90 days"), computed by `domain::review` from the stored dates.

use super::auth::Identity;
use super::store::Store;
use crate::domain::review::{next_review, no_new_evidence, Cadence, ReviewEntry, Reviews};
use crate::domain::{MapId, MapSummary};
use crate::error::AppError;
use chrono::{NaiveDate, Utc};

/// Fills the review flags of workspace `ws`'s maps as of `today`.
pub async fn flag(store: &Store, ws: &str, maps: &mut [MapSummary], today: NaiveDate) -> Result<(), AppError> {
    let dates = store.review_dates(ws).await?;
    for m in maps.iter_mut() {
        let Some(d) = dates.iter().find(|d| d.id == m.id.0) else { continue };
        let cadence = d.review_weeks.and_then(|w| Cadence::new(w).ok());
        let created = d.created_at.date_naive();
        m.next_review = next_review(cadence, d.reviewed_at.map(|r| r.date_naive()), created);
        m.review_due = m.next_review.is_some_and(|due| due <= today);
        m.no_new_evidence = no_new_evidence(d.feedback_latest, created, today);
    }
    Ok(())
}

/// Records that `who` reviewed map `id` now, with `note`; the map's reviews after it.
pub async fn mark_reviewed(store: &Store, id: &MapId, who: &Identity, note: &str) -> Result<Reviews, AppError> {
    // What the team saw, so the next review can say what changed since.
    let summary = super::feedback::summary(store, id).await?;
    let map = store.current_map(id).await?.ok_or(AppError::NotFound)?;
    let bottlenecks = crate::domain::insights::bottlenecks(&crate::domain::insights::findings(&map, &summary));
    let entry = ReviewEntry::new(who.user.clone(), who.name.clone(), Utc::now(), note)
        .map_err(AppError::Review)?
        .with_evidence(&summary, &bottlenecks);
    store.record_review(id, &entry).await?;
    Ok(store.reviews(id).await?)
}

/// Sets how often map `id` is reviewed (`None`: never due); the map's reviews after it.
pub async fn set_cadence(store: &Store, id: &MapId, weeks: Option<u8>) -> Result<Reviews, AppError> {
    let cadence = weeks.map(Cadence::new).transpose().map_err(AppError::Review)?;
    store.set_review_cadence(id, cadence).await?;
    Ok(store.reviews(id).await?)
}
