//! Import and export of whole maps: the logic (creates the map, its personas and custom
//! channels) and the axum handlers (`POST /api/maps/import`, `GET
//! /api/maps/{id}/export/{format}`).

use super::auth::{self, Identity};
use super::maps::PersonaColours;
use super::renders::Renders;
use super::store::Store;
use super::AppState;
use crate::domain::*;
use crate::domain::{Draft, ImportError};
use crate::error::AppError;
use crate::formats::ExportOf;
use crate::formats::{self, ExportFormat};
use crate::i18n::{request_locale, Locale};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use axum::Json;
use serde_json::json;

/// How long reading one file may take (waiting for a reader included).
const IMPORT_BUDGET: std::time::Duration = std::time::Duration::from_secs(10);

/// Files read at once, each on a blocking thread: the others wait their turn, so hostile
/// uploads can neither starve the async workers nor pile up in memory.
static READERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// Reads a file into a draft off the async workers, within [`IMPORT_BUDGET`]. Past the
/// budget the answer is [`ImportError::TooSlow`]; the reader, linear and bounded, still
/// finishes on its thread and holds its place among the [`READERS`] until then.
async fn read(bytes: &[u8]) -> Result<Draft, AppError> {
    if bytes.len() > formats::MAX_IMPORT {
        return Err(AppError::Import(ImportError::TooLarge { max: formats::MAX_IMPORT as u64 }));
    }
    let bytes = bytes.to_vec();
    let reading = async move {
        let permit = READERS.acquire().await.map_err(|_| AppError::Internal)?;
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            formats::import(&bytes)
        });
        match task.await {
            Ok(result) => result.map_err(AppError::Import),
            Err(e) => {
                tracing::error!(error = %e, "an import reader failed");
                Err(AppError::Internal)
            }
        }
    };
    match tokio::time::timeout(IMPORT_BUDGET, reading).await {
        Ok(result) => result,
        Err(_) => Err(AppError::Import(ImportError::TooSlow { seconds: IMPORT_BUDGET.as_secs() as u32 })),
    }
}

/// Creates a map from a file in any import format; answers its id. All or nothing: the
/// map, and the personas and custom channels the file adds to the libraries (matched to
/// them by name, added when missing), are written in one transaction, and only once the
/// whole file has been read, built into a map by the rules of maps and checked to load.
#[tracing::instrument(skip_all, fields(ws = %ws, bytes = bytes.len()))]
pub async fn import(store: &Store, ws: &str, bytes: &[u8]) -> Result<MapId, AppError> {
    let draft = read(bytes).await?;
    super::maps::create_from_draft(store, ws, draft, PersonaColours::NextFree, "import").await
}

/// A map in an export format: the bytes, their content type and a file name.
/// `renders` and `who` (an account, or a share link from one address): pictures (PNG,
/// PDF) wait their turn in the render queue.
pub async fn export(
    store: &Store,
    ws: &str,
    id: &MapId,
    of: &ExportOf,
    locale: Locale,
    renders: &Renders,
    who: &str,
) -> Result<(Vec<u8>, String), AppError> {
    if !id.is_valid() {
        return Err(AppError::NotFound);
    }
    let format = of.format;
    let current = store.current_map(id).await?.ok_or(AppError::NotFound)?;
    // A version is the map as it was; the comments are today's, so they go with the map
    // as it is only.
    let (map, title, comments) = match &of.version {
        Some(v) => {
            let (version, map) = super::history::version(store, id, v).await?;
            let title = format!("{} – {}", current.title, version.name);
            (map, title, Vec::new())
        }
        None if of.comments && format == ExportFormat::Markdown => {
            let title = current.title.clone();
            (current, title, store.comments(id).await?)
        }
        None => {
            let title = current.title.clone();
            (current, title, Vec::new())
        }
    };
    let personas = store.list_personas(ws).await?;
    let draft =
        Draft::of(&map, &personas, &store.list_channels(ws).await?).with_segments(&store.list_segments(ws).await?);
    let t = locale.messages();
    let overlay = evidence(store, &map, &personas, t).await?;
    let bytes = match format {
        ExportFormat::Json => formats::native::write(&draft).into_bytes(),
        ExportFormat::Ojf => formats::ojf::write(&draft).into_bytes(),
        ExportFormat::Mermaid => formats::mermaid::write(&draft).into_bytes(),
        ExportFormat::Csv => formats::csv::write(&draft).into_bytes(),
        ExportFormat::Markdown => {
            let titled: Vec<(String, Option<&crate::domain::feedback::StageEvidence>)> =
                overlay.stages.iter().map(|(title, e)| (title.clone(), e.as_ref())).collect();
            let evidence = formats::markdown::evidence(t, overlay.scale, &titled, &overlay.picture.findings);
            let talk = formats::markdown::comments(t, &map, &comments);
            format!("{}{evidence}{talk}", formats::markdown::write(&draft, t)).into_bytes()
        }
        ExportFormat::Svg => formats::svg::write_with(&draft, t, &overlay.picture).0.into_bytes(),
        ExportFormat::Png | ExportFormat::Pdf => {
            let (svg, layout) = formats::svg::write_laid(&draft, t, &overlay.picture);
            let pdf = of.pdf;
            // Rendering a large map takes a while: queued, off the async workers.
            let rendered = renders
                .run(who, move || {
                    if format == ExportFormat::Png {
                        formats::render::png(&svg)
                    } else {
                        formats::render::pdf_laid(&svg, &layout, pdf)
                    }
                })
                .await?;
            rendered.map_err(|e| {
                tracing::error!(error = %e, map = %id, "render failed");
                AppError::Internal
            })?
        }
    };
    Ok((bytes, file_name(&title, format)))
}

/// An export's query: a share link's secret, and a version to export instead of the map
/// as it is (members only: a share link does not reach the history).
#[derive(Debug, Default, serde::Deserialize)]
pub struct ExportQuery {
    pub share: Option<String>,
    pub version: Option<String>,
    /// A PDF's pages: `a4` or `a3` (none: one poster page) and their `orientation`.
    pub paper: Option<String>,
    pub orientation: Option<String>,
}

impl ExportQuery {
    /// What `access` may export of this query in `format`.
    pub fn of(&self, format: ExportFormat, access: &auth::MapAccess) -> Result<ExportOf, AppError> {
        if self.version.is_some() && access.by_share {
            return Err(AppError::NotFound);
        }
        let pdf = formats::PdfLayout::parse(self.paper.as_deref(), self.orientation.as_deref())
            .map_err(|()| AppError::Invalid { field: "paper".into() })?;
        Ok(ExportOf { format, version: self.version.clone(), comments: access.sees_comments(), pdf })
    }
}

/// The evidence an export shows.
struct Evidence {
    /// What the picture draws (the curve, the bottlenecks, the findings' sentences).
    picture: formats::svg::Overlay,
    /// The scale means are shown on.
    scale: crate::domain::feedback::Scale,
    /// Each stage's title with its evidence, in board order (the report's table).
    stages: Vec<(String, Option<crate::domain::feedback::StageEvidence>)>,
}

async fn evidence(
    store: &Store,
    map: &Map,
    personas: &[Persona],
    t: &'static crate::i18n::Messages,
) -> Result<Evidence, AppError> {
    let summary = super::feedback::summary(store, &map.id).await?;
    let found = crate::domain::insights::findings(map, &summary);
    let stages = map.ordered_stages();
    let bottlenecks = crate::domain::insights::bottlenecks(&found);
    let overlay = formats::svg::Overlay {
        curve: stages
            .iter()
            .map(|s| {
                summary.stage(&s.id).filter(|e| e.count > 0).map(|e| {
                    let (lo, hi) = e.interval90().unwrap_or((e.mean, e.mean));
                    (e.mean, lo, hi)
                })
            })
            .collect(),
        bottlenecks: stages.iter().enumerate().filter(|(_, s)| bottlenecks.contains(&s.id)).map(|(i, _)| i).collect(),
        findings: if summary.count == 0 {
            Vec::new()
        } else {
            found.iter().map(|f| t.finding_sentence(f, map, &summary, personas)).collect()
        },
    };
    let titled = stages.iter().map(|s| (s.title.clone(), summary.stage(&s.id).cloned())).collect();
    Ok(Evidence { picture: overlay, scale: summary.scale, stages: titled })
}

/// A file name from the map title: letters and digits of any script kept, the rest `-`.
fn file_name(title: &str, format: ExportFormat) -> String {
    let mut name: String = title
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_owned();
    while name.contains("--") {
        name = name.replace("--", "-");
    }
    let name: String = name.chars().take(80).collect();
    format!("{}.{}", if name.is_empty() { "journey-map" } else { &name }, format.as_str())
}

/// `POST /api/maps/import` with the file as the body: `{"id": map id}`, or `{"error":
/// message}` in the requester's language.
pub async fn import_handler(
    State(state): State<AppState>,
    who: Option<Extension<Identity>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let t = request_locale(&headers).messages();
    let result = match who.as_deref().map(|w| auth::allowed(w, Capability::Edit).map(|_| w)) {
        None => Err(AppError::Unauthorized),
        Some(Err(e)) => Err(e),
        Some(Ok(who)) => import(&state.store, &who.workspace, &body).await,
    };
    match result {
        Ok(id) => (StatusCode::CREATED, Json(json!({ "id": id }))).into_response(),
        Err(e) => {
            let status = match &e {
                AppError::Import(ImportError::TooLarge { .. }) => StatusCode::PAYLOAD_TOO_LARGE,
                AppError::Import(ImportError::UnknownFormat) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                other => other.status_code(),
            };
            (status, Json(json!({ "error": e.message(t), "detail": e }))).into_response()
        }
    }
}

/// `GET /api/maps/{id}/export/{format}`: the file, as a download.
/// Signed-in members of the map's workspace, or anyone with a share link of the map
/// (`?share=…`).
pub async fn export_handler(
    Path((id, format)): Path<(String, String)>,
    State(state): State<AppState>,
    who: Option<Extension<Identity>>,
    Query(query): Query<ExportQuery>,
    ip: Option<Extension<auth::ClientIp>>,
    headers: HeaderMap,
) -> Response {
    let locale = request_locale(&headers);
    let Some(format) = ExportFormat::parse(&format) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let map = MapId(id);
    let access = auth::access(&state.store, who.as_deref(), query.share.as_deref(), &map, Capability::View).await;
    let result = match access {
        Ok(access) => match query.of(format, &access) {
            Ok(of) => {
                let who = requester(who.as_deref(), query.share.as_deref(), ip.as_deref());
                export(&state.store, &access.workspace, &map, &of, locale, &state.renders, &who).await
            }
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    match result {
        Ok((bytes, name)) => {
            let ascii: String =
                name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
            let encoded: String = name
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            (
                [
                    (header::CONTENT_TYPE, format.content_type().to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
                    ),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                    (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => {
            let retry = match &e {
                AppError::Busy { retry_after_secs } => Some(retry_after_secs.to_string()),
                _ => None,
            };
            let mut response = (e.status_code(), e.message(locale.messages())).into_response();
            if let Some(secs) = retry.and_then(|s| header::HeaderValue::from_str(&s).ok()) {
                response.headers_mut().insert(header::RETRY_AFTER, secs);
            }
            response
        }
    }
}

/// Whom a render is counted against: the account, else the share link from one address.
pub fn requester(who: Option<&Identity>, share: Option<&str>, ip: Option<&auth::ClientIp>) -> String {
    match (who, share) {
        (Some(who), _) => format!("user:{}", who.user),
        (None, share) => format!("link:{}@{}", share.unwrap_or_default(), ip.map(|i| i.0.as_str()).unwrap_or("?")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::template::Template;
    const WS: &str = crate::server::store::DEFAULT_WORKSPACE;

    #[tokio::test]
    async fn an_export_imports_back_into_the_same_map() {
        let store = Store::open("mem://", None).await.unwrap();
        let id = crate::server::maps::create(&store, WS, "Clínica", Template::Clinic, Locale::PtBr).await.unwrap();
        let renders = crate::server::renders::Renders::default();
        let (json, name) =
            export(&store, WS, &id, &ExportOf::now(ExportFormat::Json), Locale::PtBr, &renders, "t").await.unwrap();
        assert_eq!(name, "Clínica.json");
        let copy = import(&store, WS, &json).await.unwrap();
        let (a, b) = (store.load_map(&id).await.unwrap().unwrap(), store.load_map(&copy).await.unwrap().unwrap());
        let lib = store.list_personas(WS).await.unwrap();
        assert_eq!(Draft::of(&a, &lib, &[]), Draft::of(&b, &lib, &[]));
        assert_eq!(b.personas, a.personas, "library personas reused by name");
        for format in ExportFormat::ALL {
            let (bytes, _) =
                export(&store, WS, &copy, &ExportOf::now(format), Locale::Ru, &renders, "t").await.unwrap();
            assert!(!bytes.is_empty(), "{format:?}");
        }
    }

    #[tokio::test]
    async fn a_bad_file_writes_nothing() {
        let store = Store::open("mem://", None).await.unwrap();
        let long = format!("stage,lane,text,channel\nA,Touchpoints,ok,Kiosk\nB,Steps,{}\n", "x".repeat(3000));
        let err = import(&store, WS, long.as_bytes()).await.unwrap_err();
        assert!(matches!(err, AppError::Import(ImportError::Refused(_))), "{err:?}");
        assert!(store.list_maps(WS).await.unwrap().is_empty());
        assert!(store.list_channels(WS).await.unwrap().is_empty(), "no channel from a refused file");
        let csv = "stage,lane,text,channel\nA,Touchpoints,Chats with us,Kiosk\nA,Touchpoints,Calls,Telefone\n";
        let id = import(&store, WS, csv.as_bytes()).await.unwrap();
        let map = store.load_map(&id).await.unwrap().unwrap();
        let kiosk = store.list_channels(WS).await.unwrap();
        assert_eq!(kiosk.len(), 1);
        let channels: Vec<_> = map.cards.values().filter_map(|c| c.details.channel.clone()).collect();
        assert!(channels.contains(&kiosk[0].id) && channels.contains(&"phone".to_owned()));
    }

    #[tokio::test]
    async fn a_refused_file_leaves_no_persona_or_channel() {
        let store = Store::open("mem://", None).await.unwrap();
        // Actors (new personas) and a channel, then a task too long for a card.
        let long = format!("journey\n  section S\n    Fine: 3: Ana, Bia\n    {}: 2: Ana\n", "x".repeat(2500));
        let err = import(&store, WS, long.as_bytes()).await.unwrap_err();
        assert!(matches!(err, AppError::Import(ImportError::Refused(_))), "{err:?}");
        let csv = format!("stage,lane,text,channel\nA,Touchpoints,ok,Kiosk\nA,Steps,{}\n", "y".repeat(2500));
        assert!(import(&store, WS, csv.as_bytes()).await.is_err());
        assert!(store.list_personas(WS).await.unwrap().is_empty());
        assert!(store.list_channels(WS).await.unwrap().is_empty());
        assert!(store.list_maps(WS).await.unwrap().is_empty());
        // The same file, fixed, brings both personas at once.
        let ok = "journey\n  section S\n    Fine: 3: Ana, Bia\n";
        let id = import(&store, WS, ok.as_bytes()).await.unwrap();
        assert_eq!(store.list_personas(WS).await.unwrap().len(), 2);
        assert_eq!(store.load_map(&id).await.unwrap().unwrap().personas.len(), 2);
    }

    /// 1,500 cards in one cell used to make keys of 300 characters: the map was written,
    /// then refused on every later load. Now it loads after a restart, in file order.
    #[tokio::test]
    async fn a_crowded_cell_loads_again_after_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("surrealkv://{}", dir.path().join("db").display());
        let mut csv = String::from("stage,lane,text\n");
        for i in 0..1500 {
            csv.push_str(&format!("Booking,Steps,Card {i}\n"));
        }
        let id = {
            let store = Store::open(&url, None).await.unwrap();
            let id = import(&store, WS, csv.as_bytes()).await.unwrap();
            drop(store);
            id
        };
        let store = Store::reopen(&url).await;
        let map = store.load_map(&id).await.unwrap().expect("the map loads after a restart");
        let (stage, lane) = (map.ordered_stages()[0].id.clone(), map.ordered_lanes()[0].id.clone());
        let cell = map.cell_cards(&stage, &lane);
        assert_eq!(cell.len(), 1500);
        assert!(cell.iter().all(|c| c.order.as_str().len() <= 2));
        assert_eq!(cell[0].text, "Card 0");
        assert_eq!(cell[1499].text, "Card 1499");
        assert_eq!(store.list_maps(WS).await.unwrap()[0].card_count, 1500);
    }
}
