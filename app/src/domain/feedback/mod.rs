//! Customer feedback as evidence on a map: survey, CRM and booking-system answers attached
//! to a stage (and optionally a touchpoint card, a persona, a segment). Feedback is data,
//! not an edit: it is imported in batches, kept out of the op log, and summarised for the
//! board ([`FeedbackSummary`]) so a page never carries 100,000 rows.
//!
//! This module holds what the browser and the server exchange (scales, the column mapping,
//! the import preview, the summary) and the pure rules on them (normalising a score).
//! Reading files is `formats::feedback`; storing is `server::store::feedback`; ranking the
//! stages is `domain::insights`.

use super::{CardId, PersonaId, StageId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod answers;
mod error;
pub mod tally;
pub use answers::{Answer, AnswerFilter, AnswerPage, PAGE};
pub use error::FeedbackError;

/// Rows in one import (and in one file).
pub const MAX_ROWS: usize = 100_000;
/// Entries in one REST call.
pub const MAX_REST_ENTRIES: usize = 1_000;
/// Characters kept of a comment (longer ones are cut, with an ellipsis).
pub const MAX_COMMENT: usize = 2_000;
/// Characters of a segment name, a source, a language tag, an external id or a client reference.
pub const MAX_SHORT: usize = 120;
/// Bytes of a feedback file.
pub const MAX_FILE: usize = 32 * 1024 * 1024;
/// Below this many answers a stage is "not enough data", never ranked by its score.
pub const MIN_ANSWERS: u32 = 5;

/// The scale a score was given on. Every scale is read "higher is better" (the CES
/// question in its modern form: "The clinic made it easy…", 1 = strongly disagree).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// Stars, 1–5.
    #[default]
    Stars,
    /// Net Promoter Score question, 0–10.
    Nps,
    /// Customer satisfaction, 1–5.
    Csat,
    /// Customer effort, 1–7.
    Ces,
}

impl Scale {
    pub const ALL: [Scale; 4] = [Scale::Stars, Scale::Nps, Scale::Csat, Scale::Ces];

    /// The lowest and highest score of the scale.
    pub fn range(self) -> (f64, f64) {
        match self {
            Scale::Stars | Scale::Csat => (1.0, 5.0),
            Scale::Nps => (0.0, 10.0),
            Scale::Ces => (1.0, 7.0),
        }
    }

    /// The score on −2..+2 (linear between the scale's ends), or `None` for a score
    /// outside the scale or not a number.
    pub fn normalise(self, score: f64) -> Option<f64> {
        let (lo, hi) = self.range();
        if !score.is_finite() || score < lo || score > hi {
            return None;
        }
        Some((score - lo) / (hi - lo) * 4.0 - 2.0)
    }

    /// A −2..+2 value back on this scale (to show a mean as "2.9★").
    pub fn denormalise(self, norm: f64) -> f64 {
        let (lo, hi) = self.range();
        lo + (norm.clamp(-2.0, 2.0) + 2.0) / 4.0 * (hi - lo)
    }

    /// The id used in URLs, forms and the REST API.
    pub fn id(self) -> &'static str {
        match self {
            Scale::Stars => "stars",
            Scale::Nps => "nps",
            Scale::Csat => "csat",
            Scale::Ces => "ces",
        }
    }

    pub fn from_id(id: &str) -> Option<Scale> {
        Scale::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// One answer, as stored (after normalising, masking and pseudonymising).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackEntry {
    pub stage: StageId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persona: Option<PersonaId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    pub date: NaiveDate,
    pub scale: Scale,
    /// The score as given, on its scale.
    pub score: f64,
    /// The score on −2..+2.
    pub norm: f64,
    #[serde(default)]
    pub comment: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(default)]
    pub source: String,
    /// The id the source system gave the answer: re-importing it changes nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The client's pseudonym: a keyed hash per workspace (hex), never the raw value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
}

/// Which column of a file holds what, by header text (so next month's export with the
/// same headers maps in one click). `None`: the file has no such column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ColumnMapping {
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub score: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub stage: Option<String>,
    #[serde(default)]
    pub touchpoint: Option<String>,
    #[serde(default)]
    pub client: Option<String>,
    #[serde(default)]
    pub segment: Option<String>,
    #[serde(default)]
    pub external_id: Option<String>,
    /// The scale of the score column.
    #[serde(default)]
    pub scale: Scale,
    /// Values of the stage column (e.g. the booking system's service names) and the stage
    /// title each means, set once by the user; matched with case and accents ignored.
    #[serde(default)]
    pub stage_values: Vec<(String, String)>,
    /// Mask phone numbers and e-mail addresses in comments (on by default).
    #[serde(default = "yes")]
    pub mask: bool,
}

fn yes() -> bool {
    true
}

/// Why a row cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RowProblem {
    NoDate,
    BadDate {
        value: String,
    },
    NoScore,
    BadScore {
        value: String,
    },
    /// The score is outside the chosen scale.
    OutOfScale {
        value: String,
    },
    NoStage,
    /// The stage value matches no stage title and no value the user mapped.
    UnknownStage {
        value: String,
    },
    /// The touchpoint value matches no touchpoint card of the stage.
    UnknownTouchpoint {
        value: String,
    },
    /// The row has fewer cells than the header.
    Short,
}

/// A row that cannot be imported, with its line in the file (1-based, the header is 1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadRow {
    pub line: usize,
    pub problem: RowProblem,
}

/// What the server read of a file before anything is written: shown to the user for the
/// column mapping and the decision to skip bad rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackPreview {
    /// "csv", "tsv", "xlsx".
    pub format: String,
    /// "UTF-8", "windows-1251", "windows-1252".
    pub encoding: String,
    pub headers: Vec<String>,
    /// The first rows, cell by cell (at most [`PREVIEW_ROWS`]).
    pub sample: Vec<Vec<String>>,
    /// Rows in the file (not counting the header).
    pub rows: usize,
    /// The mapping to start from: the workspace's saved one when its columns are all in
    /// this file, else the one recognised from the headers.
    pub mapping: ColumnMapping,
    /// Whether `mapping` is the workspace's saved one.
    pub saved: bool,
    /// The distinct values of the mapped stage column that match no stage (for the
    /// value→stage mapping), at most 50.
    pub unmatched_stages: Vec<String>,
    /// Rows that cannot be imported with `mapping` (at most 200 listed).
    pub bad: Vec<BadRow>,
    /// How many rows are bad in all.
    pub bad_count: usize,
}

pub const PREVIEW_ROWS: usize = 5;

/// One import, for "undo this import".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackBatch {
    pub id: String,
    /// The file name or "api".
    pub source: String,
    pub rows: u32,
    pub skipped: u32,
    pub created_by: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// What an import did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub batch: String,
    pub imported: u32,
    /// Rows already imported before (same external id): left as they were.
    pub unchanged: u32,
    pub skipped: u32,
}

/// A frequent word in a stage's negative comments (stemmed; `word` is its commonest form).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Term {
    pub word: String,
    /// Negative comments that contain it.
    pub comments: u32,
}

/// A stage's evidence, on −2..+2.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageEvidence {
    pub stage: StageId,
    pub count: u32,
    pub mean: f64,
    /// Sample standard deviation (0 below two answers).
    pub sd: f64,
    /// Answers with a negative score (norm < 0).
    pub negative: u32,
    /// Answers in the last 90 days and their mean.
    pub recent_count: u32,
    pub recent_mean: Option<f64>,
    /// Answers in the 90 days before those and their mean (the trend compares the two).
    pub previous_count: u32,
    pub previous_mean: Option<f64>,
    /// The commonest words of the negative comments, most frequent first (at most 5).
    pub terms: Vec<Term>,
}

/// The z value of a two-sided 90 % interval of a mean.
pub const Z90: f64 = 1.645;
/// Assumed and measured means (on −2..+2) this far apart or more mark a stage on the curve.
pub const GAP_POINTS: f64 = 1.0;

impl StageEvidence {
    /// Whether the stage has enough answers to be ranked and drawn by its score.
    pub fn enough(&self) -> bool {
        self.count >= MIN_ANSWERS && self.mean.is_finite()
    }

    /// The 90 % band of the mean for the feedback curve: mean ± 1.645·sd/√n, clamped to
    /// −2..+2; `None` below [`MIN_ANSWERS`] answers (the curve says "not enough data").
    pub fn interval90(&self) -> Option<(f64, f64)> {
        if !self.enough() || !self.sd.is_finite() {
            return None;
        }
        let half = Z90 * self.sd.abs() / f64::from(self.count).sqrt();
        Some(((self.mean - half).clamp(-2.0, 2.0), (self.mean + half).clamp(-2.0, 2.0)))
    }

    /// `assumed − measured` when a persona's assumed emotion (−2..+2) and the measured mean
    /// differ by [`GAP_POINTS`] or more and there are enough answers to say so; positive
    /// when the team is more optimistic than its clients.
    pub fn gap(&self, assumed: i8) -> Option<f64> {
        if !self.enough() {
            return None;
        }
        let d = f64::from(assumed.clamp(-2, 2)) - self.mean.clamp(-2.0, 2.0);
        // A hair of tolerance: a mean of 0.9999999 from summing floats is a point away.
        (d.abs() >= GAP_POINTS - 1e-9).then_some(d)
    }
}

/// A touchpoint card's evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardEvidence {
    pub card: CardId,
    pub count: u32,
    pub mean: f64,
}

/// Everything the board shows of a map's feedback, computed by the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct FeedbackSummary {
    pub count: u32,
    /// The map's mean on −2..+2 (0 with no answers).
    pub mean: f64,
    /// The commonest scale of the answers (how means are shown: "4.2★").
    pub scale: Scale,
    pub stages: Vec<StageEvidence>,
    pub cards: Vec<CardEvidence>,
    /// The newest answer's date.
    #[serde(default)]
    pub latest: Option<NaiveDate>,
    /// The day the summary was computed (what "the last 90 days" counts from).
    #[serde(default)]
    pub today: Option<NaiveDate>,
}

impl FeedbackSummary {
    pub fn stage(&self, id: &StageId) -> Option<&StageEvidence> {
        self.stages.iter().find(|s| &s.stage == id)
    }

    pub fn card(&self, id: &CardId) -> Option<&CardEvidence> {
        self.cards.iter().find(|c| &c.card == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scale_maps_its_ends_to_minus_two_and_plus_two() {
        for s in Scale::ALL {
            let (lo, hi) = s.range();
            assert_eq!(s.normalise(lo), Some(-2.0), "{s:?}");
            assert_eq!(s.normalise(hi), Some(2.0), "{s:?}");
            assert_eq!(s.normalise((lo + hi) / 2.0), Some(0.0), "{s:?}");
            assert_eq!(s.normalise(lo - 1.0), None);
            assert_eq!(s.normalise(hi + 0.5), None);
            assert_eq!(s.normalise(f64::NAN), None);
            assert!((s.denormalise(s.normalise(hi - 1.0).unwrap_or(9.0)) - (hi - 1.0)).abs() < 1e-9);
            assert_eq!(Scale::from_id(s.id()), Some(s));
        }
        assert_eq!(Scale::Stars.normalise(4.0), Some(1.0));
        assert!((Scale::Nps.normalise(9.0).unwrap_or(0.0) - 1.6).abs() < 1e-9);
        assert_eq!(Scale::Ces.normalise(4.0), Some(0.0));
    }

    fn evidence(count: u32, mean: f64, sd: f64) -> StageEvidence {
        StageEvidence {
            stage: StageId::from("s"),
            count,
            mean,
            sd,
            negative: 0,
            recent_count: 0,
            recent_mean: None,
            previous_count: 0,
            previous_mean: None,
            terms: Vec::new(),
        }
    }

    #[test]
    fn the_90_percent_band_narrows_with_answers_and_stays_on_the_scale() {
        let (lo, hi) = evidence(25, 0.5, 1.0).interval90().unwrap_or_default();
        assert!((lo - (0.5 - 1.645 / 5.0)).abs() < 1e-9 && (hi - (0.5 + 1.645 / 5.0)).abs() < 1e-9, "{lo} {hi}");
        let (lo100, hi100) = evidence(100, 0.5, 1.0).interval90().unwrap_or_default();
        assert!(hi100 - lo100 < hi - lo);
        // Near the top of the scale the band is cut at +2.
        assert_eq!(evidence(9, 1.9, 1.5).interval90().map(|b| b.1), Some(2.0));
        assert_eq!(evidence(9, -1.9, 1.5).interval90().map(|b| b.0), Some(-2.0));
        // Too few answers: no band, as the curve says "not enough data".
        assert_eq!(evidence(MIN_ANSWERS - 1, 0.5, 1.0).interval90(), None);
        assert_eq!(evidence(10, f64::NAN, 1.0).interval90(), None);
    }

    #[test]
    fn a_gap_is_a_point_or_more_with_enough_answers() {
        assert_eq!(evidence(20, 0.1, 1.0).gap(1), None);
        assert_eq!(evidence(20, 0.0, 1.0).gap(1), Some(1.0));
        assert_eq!(evidence(20, 1.5, 1.0).gap(-1), Some(-2.5));
        assert_eq!(evidence(MIN_ANSWERS - 1, -2.0, 1.0).gap(2), None);
    }
}
