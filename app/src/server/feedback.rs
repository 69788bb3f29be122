//! Customer feedback on the server: reading a file (off the async workers, within a time
//! budget), pseudonymising client references (HMAC-SHA256 with the workspace's key, so the
//! same client matches across imports and the raw value is never stored), importing all or
//! nothing, and the map's summary — computed once per change and kept with the map, so a
//! board never reads 100,000 answers to show its curve.

use super::store::feedback::SummaryRow;
use super::store::FeedbackState;
use super::store::Store;
use crate::domain::feedback::tally::{FeedbackTally, Tallied};
use crate::domain::feedback::*;
use crate::domain::MapId;
use crate::error::AppError;
use crate::formats::feedback::{self as file, FileError, Table};
use chrono::{NaiveDate, Utc};

/// How long reading one file may take (waiting for a reader included).
const READ_BUDGET: std::time::Duration = std::time::Duration::from_secs(20);
/// Files read at once, each on a blocking thread.
static READERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

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

/// How often a change of a map's feedback is tried again when another came first.
const STATE_RETRIES: usize = 8;

/// Pseudonymises and stores entries as one batch with the map's tally and summary (the
/// new answers added to the kept totals, so this does not read the map's other answers).
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
    let fresh = store.new_feedback(map, &entries).await?;
    let added: std::sync::Arc<Vec<SummaryRow>> =
        std::sync::Arc::new(fresh.iter().map(|(_, e)| summary_row(e)).collect());
    for _ in 0..STATE_RETRIES {
        let (expect, mut tally) = kept_tally(store, map).await?;
        let rows = added.clone();
        let state = blocking(move || {
            add_rows(&mut tally, &rows);
            state_of(expect, &tally)
        })
        .await??;
        if store.insert_feedback(ws, map, &batch, &fresh, &state).await? {
            let imported = fresh.len() as u32;
            return Ok(ImportOutcome {
                batch: batch.id,
                imported,
                unchanged: entries.len() as u32 - imported,
                skipped,
            });
        }
    }
    Err(AppError::Unavailable)
}

/// An entry as the summary reads it (a comment only when the answer is negative).
fn summary_row(e: &FeedbackEntry) -> SummaryRow {
    SummaryRow {
        stage: e.stage.clone(),
        card: e.card.clone(),
        date: e.date,
        scale: e.scale,
        norm: e.norm,
        comment: (e.norm < 0.0 && !e.comment.is_empty()).then(|| e.comment.clone()),
        lang: e.lang.clone(),
    }
}

/// Runs CPU work (stemming, JSON of a large tally) off the async workers.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        tracing::error!(error = %e, "a feedback summary task failed");
        AppError::Internal
    })
}

/// Map `map`'s kept tally and its version; made from its answers when there is none yet
/// (a map whose answers came before tallies were kept) or it cannot be read.
async fn kept_tally(store: &Store, map: &MapId) -> Result<(u64, FeedbackTally), AppError> {
    let (version, body) = store.feedback_tally(map).await?;
    if let Some(t) = body.as_deref().and_then(|b| serde_json::from_str::<FeedbackTally>(b).ok()) {
        return Ok((version, t));
    }
    let rows = store.feedback_rows(map).await?;
    let tally = blocking(move || {
        let mut t = FeedbackTally::default();
        add_rows(&mut t, &rows);
        t
    })
    .await?;
    Ok((version, tally))
}

/// The state to keep: `tally` and the summary of today made from it.
fn state_of(expect: u64, tally: &FeedbackTally) -> Result<FeedbackState, AppError> {
    let summary = tally.summary(Utc::now().date_naive());
    Ok(FeedbackState {
        expect,
        tally: Some(serde_json::to_string(tally).map_err(|_| AppError::Internal)?),
        summary: serde_json::to_string(&summary).map_err(|_| AppError::Internal)?,
        latest: summary.latest,
    })
}

/// Makes map `map`'s tally and summary again from all its answers (after answers were
/// deleted: an undone import, a forgotten client, the retention clean-up).
pub async fn refresh(store: &Store, map: &MapId) -> Result<FeedbackSummary, AppError> {
    for _ in 0..STATE_RETRIES {
        // The version before the answers: an import between the two is seen at the write.
        let (expect, _) = store.feedback_tally(map).await?;
        let rows = store.feedback_rows(map).await?;
        let (state, summary) = blocking(move || {
            let mut t = FeedbackTally::default();
            add_rows(&mut t, &rows);
            state_of(expect, &t).map(|state| (state, t.summary(Utc::now().date_naive())))
        })
        .await??;
        if store.put_feedback_state(map, &state).await? {
            return Ok(summary);
        }
    }
    Err(AppError::Unavailable)
}

/// Map `map`'s summary: the kept one, made again from the kept tally when it was made on
/// another day (the last 90 days move), or from the answers when there is no tally.
pub async fn summary(store: &Store, map: &MapId) -> Result<FeedbackSummary, AppError> {
    let today = Utc::now().date_naive();
    match store.feedback_summary_json(map).await? {
        Some(json) => {
            if let Ok(s) = serde_json::from_str::<FeedbackSummary>(&json) {
                if s.today == Some(today) || s.count == 0 {
                    return Ok(s);
                }
            }
        }
        // A map that never had feedback: nothing to read.
        None => return Ok(FeedbackSummary { today: Some(today), ..FeedbackSummary::default() }),
    }
    let (expect, body) = store.feedback_tally(map).await?;
    let Some(tally) = body.as_deref().and_then(|b| serde_json::from_str::<FeedbackTally>(b).ok()) else {
        return refresh(store, map).await;
    };
    let summary = tally.summary(today);
    let state = FeedbackState {
        expect,
        tally: None,
        summary: serde_json::to_string(&summary).map_err(|_| AppError::Internal)?,
        latest: summary.latest,
    };
    // Kept for the rest of the day unless an import came first (then its summary stands).
    store.put_feedback_state(map, &state).await?;
    Ok(summary)
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

/// Adds answers to a tally: first the languages their comments say or show, then each
/// answer with the complaint words of its comment (a negative answer's), read in its own
/// language or, when it shows none, the commonest one.
pub fn add_rows(tally: &mut FeedbackTally, rows: &[SummaryRow]) {
    let said: Vec<Option<&'static str>> = rows
        .iter()
        .map(|r| r.comment.as_deref().and_then(|c| super::terms::language_of(c, r.lang.as_deref())))
        .collect();
    for l in said.iter().flatten() {
        tally.saw_language(l);
    }
    let usual = tally.usual_language().unwrap_or("en").to_owned();
    let stemmers = super::terms::Stemmers::default();
    for (r, lang) in rows.iter().zip(said) {
        let words = match r.comment.as_deref() {
            Some(c) if r.norm < 0.0 => super::terms::words(&stemmers, c, lang.unwrap_or(&usual)),
            _ => Vec::new(),
        };
        tally.add(Tallied {
            stage: &r.stage,
            card: r.card.as_ref(),
            date: r.date,
            scale: r.scale,
            norm: r.norm,
            words,
        });
    }
}

/// The summary of a map's answers on `today` (see [`FeedbackTally::summary`]).
pub fn summarise(rows: &[SummaryRow], today: NaiveDate) -> FeedbackSummary {
    let mut t = FeedbackTally::default();
    add_rows(&mut t, rows);
    t.summary(today)
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
