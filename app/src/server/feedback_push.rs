//! Entries pushed by a booking system or a survey tool (`POST /api/v1/maps/{id}/feedback`):
//! a JSON array of at most [`MAX_REST_ENTRIES`], each checked against the map (its stage
//! by id or title, its card a touchpoint of that stage, its score on its scale), then
//! stored as one batch, idempotent by external id. (Adapted from the fbstore branch.)

use crate::domain::feedback::FeedbackError;
use crate::domain::feedback::{
    FeedbackEntry, ImportOutcome, RowProblem, Scale, MAX_COMMENT, MAX_REST_ENTRIES, MAX_SHORT,
};
use crate::domain::{CardId, LaneKind, Map, MapId};
use crate::error::AppError;
use crate::server::store::Store;
use chrono::NaiveDate;
use serde::Deserialize;

/// One pushed answer.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushEntry {
    /// The stage's id or its title (case ignored).
    pub stage: String,
    /// A touchpoint card of the stage, by id.
    #[serde(default)]
    pub card: Option<String>,
    pub date: NaiveDate,
    pub score: f64,
    #[serde(default)]
    pub scale: Scale,
    #[serde(default)]
    pub comment: Option<String>,
    /// The client's reference in the source system (pseudonymised before it is stored).
    #[serde(default)]
    pub client: Option<String>,
    #[serde(default)]
    pub segment: Option<String>,
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
}

/// A short text: trimmed, `None` when empty; too long is refused.
fn short(value: Option<String>) -> Result<Option<String>, RowProblem> {
    let value = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    match value {
        Some(v) if v.chars().count() > MAX_SHORT => Err(RowProblem::Short),
        other => Ok(other),
    }
}

/// One pushed answer as an entry of `map`, or why it cannot be.
pub fn entry(map: &Map, e: PushEntry) -> Result<FeedbackEntry, RowProblem> {
    let wanted = e.stage.trim().to_lowercase();
    let stage = map
        .stages
        .values()
        .find(|s| s.id.0 == e.stage.trim())
        .or_else(|| map.stages.values().find(|s| s.title.trim().to_lowercase() == wanted))
        .ok_or(RowProblem::UnknownStage { value: e.stage.chars().take(MAX_SHORT).collect() })?;
    let card = match e.card.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()) {
        Some(c) => {
            let found = map.cards.get(&CardId(c.clone())).filter(|card| {
                card.stage == stage.id && map.lanes.get(&card.lane).is_some_and(|l| l.kind == LaneKind::Touchpoints)
            });
            Some(found.map(|card| card.id.clone()).ok_or(RowProblem::UnknownTouchpoint { value: c })?)
        }
        None => None,
    };
    let norm = e.scale.normalise(e.score).ok_or(RowProblem::OutOfScale { value: e.score.to_string() })?;
    // Phone numbers and e-mail addresses are masked, as in a file's comments.
    let comment = crate::formats::feedback::mask(&e.comment.unwrap_or_default());
    let comment = if comment.chars().count() > MAX_COMMENT {
        let mut cut: String = comment.chars().take(MAX_COMMENT - 1).collect();
        cut.push('…');
        cut
    } else {
        comment
    };
    Ok(FeedbackEntry {
        stage: stage.id.clone(),
        card,
        persona: None,
        segment: short(e.segment)?,
        date: e.date,
        scale: e.scale,
        score: e.score,
        norm,
        comment,
        lang: short(e.lang)?,
        source: short(e.source)?.unwrap_or_else(|| "api".into()),
        external_id: short(e.external_id)?,
        client: short(e.client)?,
    })
}

/// Stores pushed answers as one batch of `map` (in workspace `ws`), all or nothing: the
/// first entry that cannot be stored refuses the call, naming its index.
pub async fn push(
    store: &Store,
    ws: &str,
    map: &MapId,
    entries: Vec<PushEntry>,
    by: &str,
) -> Result<ImportOutcome, AppError> {
    if entries.len() > MAX_REST_ENTRIES {
        return Err(AppError::Feedback(FeedbackError::TooManyEntries { max: MAX_REST_ENTRIES as u64 }));
    }
    let loaded = store.current_map(map).await?.ok_or(AppError::NotFound)?;
    let mut out = Vec::with_capacity(entries.len());
    for (index, e) in entries.into_iter().enumerate() {
        let entry =
            entry(&loaded, e).map_err(|_| AppError::Feedback(FeedbackError::BadEntry { index: index as u64 }))?;
        out.push(entry);
    }
    super::feedback::store_entries(store, ws, map, by, "api", out, 0).await
}
