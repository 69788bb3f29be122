//! Customer feedback on the server: reading a file (off the async workers, within a time
//! budget), pseudonymising client references (HMAC-SHA256 with the workspace's key, so the
//! same client matches across imports and the raw value is never stored), importing all or
//! nothing, and the map's summary — computed once per change and kept with the map, so a
//! board never reads 100,000 answers to show its curve.

use super::store::feedback::SummaryRow;
use super::store::Store;
use crate::domain::feedback::*;
use crate::domain::{CardId, MapId, StageId};
use crate::error::AppError;
use crate::formats::feedback::{self as file, FileError, Table};
use chrono::{Days, NaiveDate, Utc};
use std::collections::HashMap;

/// How long reading one file may take (waiting for a reader included).
const READ_BUDGET: std::time::Duration = std::time::Duration::from_secs(20);
/// Files read at once, each on a blocking thread.
static READERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
/// Days of "recent" feedback (the trend compares them with the days before).
const RECENT_DAYS: u64 = 90;
/// Complaint terms kept per stage.
const TERMS: usize = 5;

fn file_error(e: FileError) -> FeedbackError {
    match e {
        FileError::Empty => FeedbackError::Empty,
        FileError::TooLarge { max_bytes } => FeedbackError::TooLarge { max_bytes: max_bytes as u64 },
        FileError::TooManyRows { max_rows } => FeedbackError::TooManyRows { max_rows: max_rows as u64 },
        FileError::TooManyColumns { max_columns } => FeedbackError::TooManyColumns { max_columns: max_columns as u64 },
        FileError::NoHeader => FeedbackError::NoHeader,
        FileError::Unreadable => FeedbackError::Unreadable,
    }
}

/// The pseudonym of a client reference under a workspace's key: hex HMAC-SHA256 of the
/// trimmed, lower-cased reference (phone numbers without their punctuation).
pub fn pseudonym(key: &str, raw: &str) -> String {
    use hmac::{Hmac, Mac};
    let r = raw.trim().to_lowercase();
    let digits: String = r.chars().filter(char::is_ascii_digit).collect();
    // "+55 (11) 98765-4321" and "5511987654321" are one client.
    let phone_like = digits.len() >= 7 && r.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let canonical = if phone_like { digits } else { r };
    let mut mac = match Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(canonical.as_bytes());
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads a file on a blocking thread within [`READ_BUDGET`].
async fn read_table(bytes: Vec<u8>, name: String) -> Result<Table, AppError> {
    if bytes.len() > MAX_FILE {
        return Err(AppError::Feedback(FeedbackError::TooLarge { max_bytes: MAX_FILE as u64 }));
    }
    let reading = async move {
        let permit = READERS.acquire().await.map_err(|_| AppError::Internal)?;
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            file::read(&bytes, &name)
        });
        match task.await {
            Ok(r) => r.map_err(|e| AppError::Feedback(file_error(e))),
            Err(e) => {
                tracing::error!(error = %e, "a feedback reader failed");
                Err(AppError::Internal)
            }
        }
    };
    tokio::time::timeout(READ_BUDGET, reading)
        .await
        .unwrap_or(Err(AppError::Feedback(FeedbackError::TooSlow { seconds: READ_BUDGET.as_secs() as u32 })))
}

/// The workspace's saved mapping, if any.
async fn saved_mapping(store: &Store, ws: &str) -> Result<Option<ColumnMapping>, AppError> {
    Ok(store.feedback_setting(ws).await?.mapping.and_then(|m| serde_json::from_str(&m).ok()))
}

/// What the user sees before importing: the file read with `mapping` (or the saved or
/// recognised one).
pub async fn preview(
    store: &Store,
    ws: &str,
    map: &MapId,
    bytes: Vec<u8>,
    name: &str,
    mapping: Option<ColumnMapping>,
) -> Result<FeedbackPreview, AppError> {
    let m = store.current_map(map).await?.ok_or(AppError::NotFound)?;
    let table = read_table(bytes, name.to_owned()).await?;
    let today = Utc::now().date_naive();
    let preview = match mapping {
        Some(chosen) => {
            let mut p = file::preview(&table, &m, Some(&chosen), today);
            p.saved = false;
            p.mapping = chosen;
            p
        }
        None => file::preview(&table, &m, saved_mapping(store, ws).await?.as_ref(), today),
    };
    Ok(preview)
}

/// Imports a file by `mapping`: all or nothing, refused while rows are bad unless
/// `skip_bad`; saves the mapping as the workspace's; answers what it did.
#[allow(clippy::too_many_arguments)]
pub async fn import(
    store: &Store,
    ws: &str,
    map: &MapId,
    by: &str,
    bytes: Vec<u8>,
    name: &str,
    mapping: ColumnMapping,
    skip_bad: bool,
) -> Result<ImportOutcome, AppError> {
    if mapping.date.is_none() || mapping.score.is_none() || mapping.stage.is_none() {
        return Err(AppError::Feedback(FeedbackError::MissingColumns));
    }
    let m = store.current_map(map).await?.ok_or(AppError::NotFound)?;
    let table = read_table(bytes, name.to_owned()).await?;
    let (entries, bad) = file::entries(&table, &m, &mapping, Utc::now().date_naive());
    if !bad.is_empty() && !skip_bad {
        return Err(AppError::Feedback(FeedbackError::BadRows { count: bad.len() as u64 }));
    }
    let source: String = name.chars().take(MAX_SHORT).collect();
    let outcome = store_entries(store, ws, map, by, &source, entries, bad.len() as u32).await?;
    store.save_feedback_mapping(ws, &mapping).await?;
    Ok(outcome)
}

/// Pseudonymises and stores entries as one batch, then refreshes the map's summary.
pub async fn store_entries(
    store: &Store,
    ws: &str,
    map: &MapId,
    by: &str,
    source: &str,
    mut entries: Vec<FeedbackEntry>,
    skipped: u32,
) -> Result<ImportOutcome, AppError> {
    if entries.is_empty() {
        return Err(AppError::Feedback(FeedbackError::NothingToImport));
    }
    let key = store.feedback_key(ws).await?;
    for e in &mut entries {
        e.client = e.client.take().filter(|c| !c.trim().is_empty()).map(|c| pseudonym(&key, &c));
        if e.source.is_empty() {
            e.source = source.to_owned();
        }
    }
    let batch = FeedbackBatch {
        id: uuid::Uuid::new_v4().simple().to_string(),
        source: source.to_owned(),
        rows: entries.len() as u32,
        skipped,
        created_by: by.to_owned(),
        created_at: Utc::now(),
    };
    let imported = store.insert_feedback(ws, map, &batch, &entries).await?;
    refresh(store, map).await?;
    Ok(ImportOutcome { batch: batch.id, imported, unchanged: entries.len() as u32 - imported, skipped })
}

/// Computes map `map`'s summary from its answers and keeps it with the map.
pub async fn refresh(store: &Store, map: &MapId) -> Result<FeedbackSummary, AppError> {
    let rows = store.feedback_rows(map).await?;
    let summary = tokio::task::spawn_blocking(move || summarise(&rows, Utc::now().date_naive()))
        .await
        .map_err(|_| AppError::Internal)?;
    let json = serde_json::to_string(&summary).map_err(|_| AppError::Internal)?;
    store.set_feedback_summary(map, &json, summary.latest).await?;
    Ok(summary)
}

/// Map `map`'s summary: the kept one, computed again when it was made on another day (the
/// last 90 days move) or never.
pub async fn summary(store: &Store, map: &MapId) -> Result<FeedbackSummary, AppError> {
    let today = Utc::now().date_naive();
    if let Some(json) = store.feedback_summary_json(map).await? {
        if let Ok(s) = serde_json::from_str::<FeedbackSummary>(&json) {
            if s.today == Some(today) || s.count == 0 {
                return Ok(s);
            }
        }
    } else {
        // A map that never had feedback: nothing to read.
        return Ok(FeedbackSummary { today: Some(today), ..FeedbackSummary::default() });
    }
    refresh(store, map).await
}

/// Deletes import `batch`; how many answers went.
pub async fn delete_batch(store: &Store, map: &MapId, batch: &str) -> Result<u32, AppError> {
    let n = store.delete_feedback_batch(map, batch).await?.ok_or(AppError::NotFound)?;
    refresh(store, map).await?;
    Ok(n)
}

/// Forgets a client in workspace `ws`: every answer of the reference's pseudonym goes.
pub async fn forget_client(store: &Store, ws: &str, raw: &str) -> Result<u32, AppError> {
    if raw.trim().is_empty() || raw.chars().count() > MAX_SHORT {
        return Err(AppError::Invalid { field: "client".into() });
    }
    let key = store.feedback_key(ws).await?;
    let (maps, n) = store.forget_feedback_client(ws, &pseudonym(&key, raw)).await?;
    for m in maps {
        refresh(store, &m).await?;
    }
    Ok(n)
}

/// Deletes answers past each workspace's retention (the hourly clean-up).
pub async fn purge_expired(store: &Store) -> Result<(), AppError> {
    let today = Utc::now().date_naive();
    for (ws, months) in store.feedback_retentions().await? {
        let Some(cutoff) = today.checked_sub_months(chrono::Months::new(months)) else { continue };
        for m in store.purge_feedback_before(&ws, cutoff).await? {
            refresh(store, &m).await?;
        }
    }
    Ok(())
}

/// Mean and sample standard deviation.
fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    if xs.is_empty() {
        return (0.0, 0.0);
    }
    let mean = xs.iter().sum::<f64>() / n;
    let sd = if xs.len() < 2 { 0.0 } else { (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt() };
    (mean, sd)
}

/// The summary of a map's answers on `today`: counts, means and spreads per stage and per
/// touchpoint card, the last 90 days against the 90 before, the commonest scale, and the
/// commonest words of each stage's negative comments.
pub fn summarise(rows: &[SummaryRow], today: NaiveDate) -> FeedbackSummary {
    let recent_from = today.checked_sub_days(Days::new(RECENT_DAYS)).unwrap_or(today);
    let previous_from = recent_from.checked_sub_days(Days::new(RECENT_DAYS)).unwrap_or(recent_from);
    let mut by_stage: HashMap<&StageId, Vec<&SummaryRow>> = HashMap::new();
    let mut by_card: HashMap<&CardId, Vec<f64>> = HashMap::new();
    let mut scales: HashMap<Scale, u32> = HashMap::new();
    for r in rows {
        by_stage.entry(&r.stage).or_default().push(r);
        if let Some(c) = &r.card {
            by_card.entry(c).or_default().push(r.norm);
        }
        *scales.entry(r.scale).or_default() += 1;
    }
    let all: Vec<f64> = rows.iter().map(|r| r.norm).collect();
    let mut stages: Vec<StageEvidence> = by_stage
        .into_iter()
        .map(|(stage, rs)| {
            let norms: Vec<f64> = rs.iter().map(|r| r.norm).collect();
            let (mean, sd) = mean_sd(&norms);
            let recent: Vec<f64> = rs.iter().filter(|r| r.date >= recent_from).map(|r| r.norm).collect();
            let previous: Vec<f64> =
                rs.iter().filter(|r| r.date >= previous_from && r.date < recent_from).map(|r| r.norm).collect();
            let comments: Vec<(&str, Option<&str>)> =
                rs.iter().filter_map(|r| r.comment.as_deref().map(|c| (c, r.lang.as_deref()))).collect();
            StageEvidence {
                stage: stage.clone(),
                count: norms.len() as u32,
                mean,
                sd,
                negative: norms.iter().filter(|n| **n < 0.0).count() as u32,
                recent_count: recent.len() as u32,
                recent_mean: (!recent.is_empty()).then(|| mean_sd(&recent).0),
                previous_count: previous.len() as u32,
                previous_mean: (!previous.is_empty()).then(|| mean_sd(&previous).0),
                terms: super::terms::top(&comments, TERMS),
            }
        })
        .collect();
    stages.sort_by(|a, b| a.stage.cmp(&b.stage));
    let mut cards: Vec<CardEvidence> = by_card
        .into_iter()
        .map(|(card, norms)| CardEvidence { card: card.clone(), count: norms.len() as u32, mean: mean_sd(&norms).0 })
        .collect();
    cards.sort_by(|a, b| a.card.cmp(&b.card));
    let scale =
        scales.into_iter().max_by_key(|(s, n)| (*n, std::cmp::Reverse(s.id()))).map(|(s, _)| s).unwrap_or_default();
    FeedbackSummary {
        count: rows.len() as u32,
        mean: mean_sd(&all).0,
        scale,
        stages,
        cards,
        latest: rows.iter().map(|r| r.date).max(),
        today: Some(today),
    }
}

/// The query of `POST /api/maps/{id}/feedback/{preview|import}`.
#[derive(Debug, serde::Deserialize)]
pub struct FileQuery {
    #[serde(default)]
    pub name: String,
    /// The column mapping as JSON (the preview's when absent).
    #[serde(default)]
    pub mapping: Option<String>,
    #[serde(default)]
    pub skip_bad: Option<String>,
}

/// `POST /api/maps/{id}/feedback/preview` and `…/import` with the file as the body:
/// the preview, or what the import did; `{"error": message}` in the requester's language.
/// Editors and owners of the map's workspace only.
pub async fn file_handler(
    axum::extract::Path((id, step)): axum::extract::Path<(String, String)>,
    axum::extract::State(state): axum::extract::State<super::AppState>,
    who: Option<axum::Extension<super::auth::Identity>>,
    axum::extract::Query(q): axum::extract::Query<FileQuery>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let t = crate::i18n::request_locale(&headers).messages();
    let map = MapId(id);
    let result = async {
        let who = who.as_deref().ok_or(AppError::Unauthorized)?;
        let access = super::auth::map_role(&state.store, who, &map, crate::domain::Capability::Edit).await?;
        let mapping = match q.mapping.as_deref() {
            Some(m) => Some(
                serde_json::from_str::<ColumnMapping>(m).map_err(|_| AppError::Invalid { field: "mapping".into() })?,
            ),
            None => None,
        };
        let name: String = q.name.chars().take(MAX_SHORT).collect();
        match step.as_str() {
            "preview" => preview(&state.store, &access.workspace, &map, body.to_vec(), &name, mapping)
                .await
                .map(|p| serde_json::to_value(p).unwrap_or_default()),
            "import" => {
                let mapping = mapping.ok_or(AppError::Feedback(FeedbackError::MissingColumns))?;
                let skip = q.skip_bad.as_deref() == Some("1");
                import(&state.store, &access.workspace, &map, &who.user, body.to_vec(), &name, mapping, skip)
                    .await
                    .map(|o| serde_json::to_value(o).unwrap_or_default())
            }
            _ => Err(AppError::NotFound),
        }
    }
    .await;
    match result {
        Ok(v) => (axum::http::StatusCode::OK, axum::Json(v)).into_response(),
        Err(e) => {
            (e.status_code(), axum::Json(serde_json::json!({ "error": e.message(t), "detail": e }))).into_response()
        }
    }
}
