//! Where the journey breaks: every stage (and touchpoint card with feedback) ranked from
//! every signal the map has. Pure: the same function runs in the browser (so the Insights
//! view follows edits live) and on the server (for the exports).
//!
//! The formula is documented on [`findings`].

use super::feedback::{FeedbackSummary, Term};
use super::{CardId, Map, PersonaId, StageId};
use serde::{Deserialize, Serialize};

/// What a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    Stage(StageId),
    Touchpoint(CardId),
}

/// One reason a stage or touchpoint is ranked where it is; the UI turns each into a
/// sentence in the user's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Signal {
    /// Measured scores: the count, the raw mean, the map's mean (all on −2..+2), and the
    /// mean after shrinkage towards the map's mean.
    Measured { count: u32, mean: f64, map_mean: f64, shrunk: f64 },
    /// Fewer than `MIN_ANSWERS` answers: no rank by score.
    NotEnoughData { count: u32 },
    /// Answers with a negative score among all answers.
    Negative { negative: u32, count: u32 },
    /// The commonest words of the negative comments.
    Terms { terms: Vec<Term> },
    /// Pain point cards of the stage: how many, how many of high severity.
    PainPoints { total: u32, high: u32 },
    /// Metric cards of the stage off their target.
    MetricsOffTarget { count: u32 },
    /// A persona's assumed emotion and the measured mean differ by a point or more.
    Gap { persona: PersonaId, assumed: f64, measured: f64 },
    /// The recent 90 days against the 90 before (means on −2..+2).
    Trend { recent: f64, previous: f64 },
}

/// A ranked stage or touchpoint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub target: Target,
    /// How badly it breaks the journey; higher is worse. Findings are sorted by it.
    pub badness: f64,
    /// Whether the measured part is backed by enough answers.
    pub enough_data: bool,
    pub signals: Vec<Signal>,
}

/// Every stage (and every touchpoint with feedback), worst first.
pub fn findings(map: &Map, summary: &FeedbackSummary) -> Vec<Finding> {
    let _ = (map, summary);
    Vec::new()
}
