//! Open formats in and out. Every import becomes a [`Draft`] (in `domain::draft`: a map
//! without ids, its cards pointing at stages and lanes by position), which
//! [`Draft::ops`] turns into the ops that build it, so an import is checked by the same
//! rules as any edit and written in one transaction (all or nothing). Every export reads a
//! [`Draft`] of the map too.
//!
//! Formats: native JSON (lossless, versioned), OpenJourney `.ojf`, Mermaid `journey`,
//! CSV (one row per card), and, out only, a Markdown report and an SVG picture.
//!
//! Hostile files: every reader is linear in the size of the file (lookups by hash, never
//! by scanning), and every dimension of what a file may describe has a bound in
//! [`limits`], checked while reading, so a file is refused with a clear [`ImportError`]
//! before it can take much memory or time. [`Draft::build`] then builds the map in memory
//! by the rules of maps and checks that it would load again ([`Draft::check`]). The
//! server parses on a blocking thread with a time budget (`server::formats`).

#[cfg(feature = "formats-csv")]
pub mod csv;
#[cfg(feature = "formats-feedback")]
pub mod feedback;
pub mod markdown;
pub mod mermaid;
pub mod native;
pub mod ojf;
#[cfg(feature = "ssr")]
pub mod render;
#[cfg(feature = "ssr")]
pub mod summary;
pub mod svg;

/// The readers check the draft's bounds while they read.
pub(crate) use crate::domain::draft::{bound, limits};
use crate::domain::*;
use serde::{Deserialize, Serialize};

/// Largest file an import takes.
pub const MAX_IMPORT: usize = 5 * 1024 * 1024;

/// The formats a map can be exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportFormat {
    Json,
    Ojf,
    Mermaid,
    Csv,
    Markdown,
    Svg,
    Png,
    Pdf,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 8] = [
        ExportFormat::Json,
        ExportFormat::Ojf,
        ExportFormat::Mermaid,
        ExportFormat::Csv,
        ExportFormat::Markdown,
        ExportFormat::Svg,
        ExportFormat::Png,
        ExportFormat::Pdf,
    ];

    /// The name in URLs and the file extension.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Ojf => "ojf",
            ExportFormat::Mermaid => "mmd",
            ExportFormat::Csv => "csv",
            ExportFormat::Markdown => "md",
            ExportFormat::Svg => "svg",
            ExportFormat::Png => "png",
            ExportFormat::Pdf => "pdf",
        }
    }

    pub fn parse(s: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.as_str() == s)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Json | ExportFormat::Ojf => "application/json",
            ExportFormat::Mermaid => "text/plain; charset=utf-8",
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Markdown => "text/markdown; charset=utf-8",
            ExportFormat::Svg => "image/svg+xml",
            ExportFormat::Png => "image/png",
            ExportFormat::Pdf => "application/pdf",
        }
    }

    /// How it is named in the export menu (the same in every language).
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Json => "Jornada JSON",
            ExportFormat::Ojf => "OpenJourney (.ojf)",
            ExportFormat::Mermaid => "Mermaid journey",
            ExportFormat::Csv => "CSV",
            ExportFormat::Markdown => "Markdown",
            ExportFormat::Svg => "SVG",
            ExportFormat::Png => "PNG",
            ExportFormat::Pdf => "PDF",
        }
    }
}

/// Reads a file in any import format, detected from its content.
pub fn import(bytes: &[u8]) -> Result<Draft, ImportError> {
    if bytes.len() > MAX_IMPORT {
        return Err(ImportError::TooLarge { max: MAX_IMPORT as u64 });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::UnknownFormat)?;
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let draft = if text.trim_start().starts_with('{') {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| ImportError::Json { line: e.line() as u32, column: e.column() as u32 })?;
        if value.get("format").and_then(|f| f.as_str()) == Some(native::FORMAT) {
            native::read(value, text)?
        } else if value.get("stages").is_some() && (value.get("nodes").is_some() || value.get("swimlanes").is_some()) {
            ojf::read(value)?
        } else {
            return Err(ImportError::UnknownFormat);
        }
    } else if mermaid::looks_like(text) {
        mermaid::read(text)?
    } else if cfg!(feature = "formats-csv") && looks_like_csv(text) {
        read_csv(text)?
    } else {
        return Err(ImportError::UnknownFormat);
    };
    draft.check()?;
    Ok(draft)
}

#[cfg(feature = "formats-csv")]
fn looks_like_csv(text: &str) -> bool {
    csv::looks_like(text)
}

#[cfg(feature = "formats-csv")]
fn read_csv(text: &str) -> Result<Draft, ImportError> {
    csv::read(text)
}

#[cfg(not(feature = "formats-csv"))]
fn looks_like_csv(_: &str) -> bool {
    false
}

#[cfg(not(feature = "formats-csv"))]
fn read_csv(_: &str) -> Result<Draft, ImportError> {
    Err(ImportError::UnknownFormat)
}

/// A large filled map for benchmarks and tests: 12 stages, the 8 lane kinds with fields,
/// `cards` cards with Russian text and their fields, two personas with an emotion at
/// every stage.
pub fn large_sample(cards: usize) -> Draft {
    // Every lane kind with fields or a curve (ideas and free text add nothing here).
    let kinds: Vec<LaneKind> =
        LaneKind::ALL.into_iter().filter(|k| !matches!(k, LaneKind::Ideas | LaneKind::Text)).collect();
    let mut d =
        Draft { title: "Клиника «Бела» — большой маршрут".into(), ..Default::default() };
    for s in 0..12 {
        d.stages.push(DraftStage {
            title: format!("Этап {}", s + 1), duration: "2 дня".into(), ..Default::default()
        });
    }
    for &k in &kinds {
        d.lane(k, &format!("{k:?}"));
    }
    for n in 0..cards {
        let (stage, lane) = (n % 12, (n / 12) % 8);
        let mut details = CardDetails::default();
        match kinds[lane] {
            LaneKind::PainPoints => details.severity = Some(Severity::High),
            LaneKind::Touchpoints => details.channel = Some("phone".into()),
            LaneKind::Opportunities => (details.impact, details.effort) = (Some(3), Some(1)),
            _ => {}
        }
        d.cards.push(DraftCard {
            measures: None,
            feelings: Vec::new(),
            stage,
            lane,
            text: format!("Карточка {n}: клиентка звонит, чтобы записаться на процедуру, и ждёт ответа"),
            colour: kinds[lane].default_colour(),
            tags: vec![],
            details,
        });
    }
    d.cards.sort_by_key(|c| (c.stage, c.lane));
    for name in ["Марина", "Ольга"] {
        let p = d.persona(name);
        for s in 0..12 {
            d.emotions.push(DraftEmotion { persona: p, stage: s, score: ((s + p) % 5) as i8 - 2, note: String::new() });
        }
    }
    d
}

/// Lane kinds guessed from a lane's name in English, Portuguese or Russian.
pub fn kind_from_name(name: &str) -> LaneKind {
    let n = name.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    if has(&["pain", "bottleneck", "problem", "dor", "dores", "problema", "бол", "проблем"]) {
        LaneKind::PainPoints
    } else if has(&["emotion", "feel", "mood", "sentiment", "emoç", "sentim", "эмоц", "чувств", "настроен"])
    {
        LaneKind::Emotions
    } else if has(&[
        "touchpoint",
        "touch point",
        "channel",
        "ponto de contato",
        "pontos de contato",
        "canal",
        "canais",
        "точк",
        "канал",
    ]) {
        LaneKind::Touchpoints
    } else if has(&["opportunit", "oportunidade", "возможност"]) {
        LaneKind::Opportunities
    } else if has(&["idea", "ideia", "иде"]) {
        LaneKind::Ideas
    } else if has(&["metric", "kpi", "métrica", "метрик"]) {
        LaneKind::Metrics
    } else if has(&[
        "backstage",
        "support",
        "process",
        "bastidor",
        "suporte",
        "processo",
        "закулис",
        "поддерж",
        "процесс",
    ]) {
        LaneKind::Backstage
    } else if has(&["thought", "think", "pensa", "мысл"]) {
        LaneKind::Thoughts
    } else {
        LaneKind::Steps
    }
}

/// A score on a −`range`..=+`range` scale mapped onto ours (−2..=2), rounded.
pub fn scale_score(score: f64, range: f64) -> i8 {
    ((score / range * 2.0).round() as i8).clamp(-2, 2)
}

/// Paper a paginated PDF is printed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paper {
    A4,
    A3,
}

impl Paper {
    /// Width and height in points, portrait.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::A3 => (841.89, 1190.55),
        }
    }
}

/// How a PDF lays the map out: one page as large as the map (a poster), or pages of a
/// paper size to print and tape together, each repeating the title, the stage headers
/// and the lane titles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PdfLayout {
    Poster,
    Pages { paper: Paper, landscape: bool },
}

impl PdfLayout {
    /// From an export's query: `paper` is `a4` or `a3` (none: a poster), `orientation`
    /// `landscape` (the default) or `portrait`. Anything else is refused.
    pub fn parse(paper: Option<&str>, orientation: Option<&str>) -> Result<PdfLayout, ()> {
        let landscape = match orientation {
            None | Some("landscape") => true,
            Some("portrait") => false,
            Some(_) => return Err(()),
        };
        match paper {
            None | Some("poster") => Ok(PdfLayout::Poster),
            Some("a4") => Ok(PdfLayout::Pages { paper: Paper::A4, landscape }),
            Some("a3") => Ok(PdfLayout::Pages { paper: Paper::A3, landscape }),
            Some(_) => Err(()),
        }
    }
}

/// What an export is of: a format, the map now or one of its versions (`version`),
/// whether a Markdown report carries the comment threads (for a reader who may see them),
/// and how a PDF is laid out.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportOf {
    pub format: ExportFormat,
    pub version: Option<String>,
    pub comments: bool,
    pub pdf: PdfLayout,
}

impl ExportOf {
    /// The map as it is now, without comments, a PDF as one poster page.
    pub fn now(format: ExportFormat) -> Self {
        ExportOf { format, version: None, comments: false, pdf: PdfLayout::Poster }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod field_tests;
#[cfg(all(test, feature = "ssr"))]
mod hostile;
#[cfg(all(test, feature = "ssr"))]
mod tests;
