//! A living map: how often the team reviews it against new evidence (a cadence of every N
//! weeks), the log of reviews (who, when, a note), when the next one is due, and whether
//! the map has had no new feedback for 90 days, and what changed since the last review
//! (new answers, how each stage's score moved, new bottlenecks). Pure types; the server
//! stores them with the map and the dashboard flags "Review due" and "No new evidence in
//! 90 days".

use super::feedback::FeedbackSummary;
use super::model::MAX_STAGES;
use super::StageId;
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The longest cadence, in weeks (a year).
pub const MAX_WEEKS: u8 = 52;
/// Characters of a review note.
pub const MAX_NOTE: usize = 500;
/// Reviews kept in a map's log (the oldest are dropped).
pub const MAX_LOG: usize = 200;
/// Days without a new answer after which a map has "no new evidence".
pub const STALE_DAYS: u64 = 90;
/// A stage's mean (on −2..+2) moved since the last review when it changed this much.
pub const MOVE_MIN: f64 = 0.1;

/// Why a cadence or a review was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum ReviewError {
    /// The cadence is not 1 to `max` weeks.
    BadCadence {
        max: u8,
    },
    NoteTooLong {
        max: u32,
    },
}

/// Review every N weeks, 1 ≤ N ≤ [`MAX_WEEKS`]. Parsed, not checked later: a value of this
/// type is always in range (also when read from storage or the wire).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Cadence(u8);

impl Cadence {
    pub fn weeks(self) -> u8 {
        self.0
    }

    /// The cadence a form field asks for.
    pub fn new(weeks: u8) -> Result<Cadence, ReviewError> {
        if (1..=MAX_WEEKS).contains(&weeks) {
            Ok(Cadence(weeks))
        } else {
            Err(ReviewError::BadCadence { max: MAX_WEEKS })
        }
    }
}

impl TryFrom<u8> for Cadence {
    type Error = String;
    fn try_from(weeks: u8) -> Result<Self, String> {
        Cadence::new(weeks).map_err(|_| format!("a cadence is 1 to {MAX_WEEKS} weeks"))
    }
}

impl From<Cadence> for u8 {
    fn from(c: Cadence) -> u8 {
        c.0
    }
}

/// A stage's evidence when the map was reviewed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageScore {
    pub stage: StageId,
    pub count: u32,
    /// On −2..+2.
    pub mean: f64,
}

/// One "Mark reviewed", with the evidence the team saw then (for "since the last review").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewEntry {
    /// The reviewer's user id.
    pub user: String,
    /// Their name when they reviewed (the log reads well after a rename or a departure).
    pub name: String,
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub note: String,
    /// The map's answers then.
    #[serde(default)]
    pub answers: u32,
    /// Each stage's evidence then (at most `MAX_STAGES`).
    #[serde(default)]
    pub scores: Vec<StageScore>,
    /// The bottlenecks then (`insights::bottlenecks`).
    #[serde(default)]
    pub bottlenecks: Vec<StageId>,
}

impl ReviewEntry {
    /// A review with its note trimmed; refuses a note over [`MAX_NOTE`] characters.
    pub fn new(user: String, name: String, at: DateTime<Utc>, note: &str) -> Result<ReviewEntry, ReviewError> {
        let note = note.trim();
        if note.chars().count() > MAX_NOTE {
            return Err(ReviewError::NoteTooLong { max: MAX_NOTE as u32 });
        }
        Ok(ReviewEntry {
            user,
            name,
            at,
            note: note.to_owned(),
            answers: 0,
            scores: Vec::new(),
            bottlenecks: Vec::new(),
        })
    }

    /// The review with the evidence the team saw: the summary and the bottlenecks of now.
    pub fn with_evidence(mut self, summary: &FeedbackSummary, bottlenecks: &[StageId]) -> ReviewEntry {
        self.answers = summary.count;
        self.scores = summary
            .stages
            .iter()
            .take(MAX_STAGES)
            .map(|s| StageScore { stage: s.stage.clone(), count: s.count, mean: s.mean })
            .collect();
        self.bottlenecks = bottlenecks.iter().take(MAX_STAGES).cloned().collect();
        self
    }
}

/// How a stage's mean moved since a review (means on −2..+2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreMove {
    pub stage: StageId,
    /// `None`: the stage had too few answers then.
    pub before: Option<f64>,
    pub now: f64,
}

/// What changed since a review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct SinceReview {
    pub new_answers: u32,
    /// Stages with enough answers now whose mean moved by [`MOVE_MIN`] or more, or that
    /// had too few answers then; in the summary's order.
    pub moves: Vec<ScoreMove>,
    /// Bottlenecks now that were not then, worst first.
    pub new_bottlenecks: Vec<StageId>,
}

/// What changed between `review` and the evidence and bottlenecks of now.
pub fn since(review: &ReviewEntry, now: &FeedbackSummary, bottlenecks: &[StageId]) -> SinceReview {
    let moves = now
        .stages
        .iter()
        .filter(|s| s.enough())
        .filter_map(|s| {
            let before = review
                .scores
                .iter()
                .find(|b| b.stage == s.stage && b.count >= super::feedback::MIN_ANSWERS && b.mean.is_finite())
                .map(|b| b.mean);
            let moved = before.is_none_or(|b| (s.mean - b).abs() >= MOVE_MIN - 1e-9);
            moved.then(|| ScoreMove { stage: s.stage.clone(), before, now: s.mean })
        })
        .collect();
    SinceReview {
        new_answers: now.count.saturating_sub(review.answers),
        moves,
        new_bottlenecks: bottlenecks.iter().filter(|b| !review.bottlenecks.contains(b)).cloned().collect(),
    }
}

/// A map's review settings and log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Reviews {
    /// `None`: the map has no cadence and is never due.
    #[serde(default)]
    pub cadence: Option<Cadence>,
    /// Oldest first, at most [`MAX_LOG`].
    #[serde(default)]
    pub log: Vec<ReviewEntry>,
}

impl Reviews {
    /// The newest review.
    pub fn last(&self) -> Option<&ReviewEntry> {
        self.log.iter().max_by_key(|e| e.at)
    }

    /// Adds a review, dropping the oldest beyond [`MAX_LOG`].
    pub fn record(&mut self, entry: ReviewEntry) {
        self.log.push(entry);
        self.log.sort_by_key(|e| e.at);
        let extra = self.log.len().saturating_sub(MAX_LOG);
        self.log.drain(..extra);
    }

    /// When the next review is due, counted from the last review or the map's creation.
    pub fn next_review(&self, created: NaiveDate) -> Option<NaiveDate> {
        next_review(self.cadence, self.last().map(|e| e.at.date_naive()), created)
    }

    /// Whether a review is due on `today` (on the day itself or any day after).
    pub fn is_due(&self, created: NaiveDate, today: NaiveDate) -> bool {
        self.next_review(created).is_some_and(|due| due <= today)
    }
}

/// The day a review is due: N weeks after the last review, or after the map's creation when
/// it was never reviewed; `None` without a cadence.
pub fn next_review(cadence: Option<Cadence>, last_review: Option<NaiveDate>, created: NaiveDate) -> Option<NaiveDate> {
    let from = last_review.unwrap_or(created);
    from.checked_add_days(Days::new(u64::from(cadence?.weeks()) * 7))
}

/// Whether a map has had no new answer for [`STALE_DAYS`] days on `today`: counted from the
/// newest answer, or from the map's creation when it has none (a new map is not stale yet).
pub fn no_new_evidence(latest: Option<NaiveDate>, created: NaiveDate, today: NaiveDate) -> bool {
    let from = latest.unwrap_or(created);
    from.checked_add_days(Days::new(STALE_DAYS)).is_some_and(|stale| stale <= today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn review(y: i32, m: u32, d: u32) -> ReviewEntry {
        let at = Utc.with_ymd_and_hms(y, m, d, 15, 30, 0).unwrap();
        ReviewEntry::new("u1".into(), "Marina".into(), at, "  checked the new survey  ").unwrap()
    }

    #[test]
    fn a_cadence_is_one_to_fifty_two_weeks_also_on_the_wire() {
        assert_eq!(Cadence::new(0), Err(ReviewError::BadCadence { max: 52 }));
        assert_eq!(Cadence::new(53), Err(ReviewError::BadCadence { max: 52 }));
        assert_eq!(Cadence::new(1).map(Cadence::weeks), Ok(1));
        assert_eq!(Cadence::new(52).map(Cadence::weeks), Ok(52));
        assert_eq!(serde_json::to_string(&Cadence::new(4).unwrap()).unwrap(), "4");
        assert!(serde_json::from_str::<Cadence>("0").is_err());
        assert!(serde_json::from_str::<Cadence>("200").is_err());
        assert!(serde_json::from_str::<Reviews>(r#"{"cadence": 60}"#).is_err());
        let r: Reviews = serde_json::from_str(r#"{"cadence": 6}"#).unwrap();
        assert_eq!(r.cadence, Cadence::new(6).ok());
        assert_eq!(serde_json::from_str::<Reviews>("{}").unwrap(), Reviews::default());
    }

    #[test]
    fn the_next_review_counts_from_the_last_one_or_from_creation() {
        let created = day(2025, 1, 6);
        let four = Cadence::new(4).ok();
        assert_eq!(next_review(four, None, created), Some(day(2025, 2, 3)));
        assert_eq!(next_review(four, Some(day(2025, 3, 1)), created), Some(day(2025, 3, 29)));
        assert_eq!(next_review(None, Some(day(2025, 3, 1)), created), None);
        assert_eq!(next_review(Cadence::new(52).ok(), None, NaiveDate::MAX), None, "no overflow");

        let mut r = Reviews { cadence: four, log: Vec::new() };
        assert!(!r.is_due(created, day(2025, 2, 2)));
        assert!(r.is_due(created, day(2025, 2, 3)), "due on the day");
        r.record(review(2025, 2, 10));
        assert_eq!(r.next_review(created), Some(day(2025, 3, 10)));
        assert!(!r.is_due(created, day(2025, 3, 9)));
        assert!(r.is_due(created, day(2025, 4, 1)));
        assert!(!Reviews::default().is_due(created, day(2030, 1, 1)), "no cadence, never due");
    }

    #[test]
    fn the_log_keeps_the_newest_reviews_in_order() {
        let mut r = Reviews::default();
        r.record(review(2025, 5, 1));
        r.record(review(2025, 3, 1));
        assert_eq!(r.last().map(|e| e.at.date_naive()), Some(day(2025, 5, 1)));
        assert_eq!(r.log[0].at.date_naive(), day(2025, 3, 1));
        assert_eq!(r.log[0].note, "checked the new survey");
        for i in 0..MAX_LOG as i64 {
            r.record(ReviewEntry { at: Utc.timestamp_opt(1_800_000_000 + i, 0).unwrap(), ..review(2025, 6, 1) });
        }
        assert_eq!(r.log.len(), MAX_LOG);
        assert!(r.log.iter().all(|e| e.at.date_naive() > day(2025, 6, 1)), "the oldest went first");
    }

    #[test]
    fn a_note_is_at_most_five_hundred_characters() {
        let at = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
        let long = "ж".repeat(MAX_NOTE + 1);
        assert_eq!(ReviewEntry::new("u".into(), "A".into(), at, &long), Err(ReviewError::NoteTooLong { max: 500 }));
        let fits = "ж".repeat(MAX_NOTE);
        assert_eq!(ReviewEntry::new("u".into(), "A".into(), at, &fits).map(|e| e.note.chars().count()), Ok(500));
    }

    #[test]
    fn no_new_evidence_after_ninety_days_without_answers() {
        let created = day(2025, 1, 1);
        let latest = Some(day(2025, 3, 1));
        assert!(!no_new_evidence(latest, created, day(2025, 5, 29)));
        assert!(no_new_evidence(latest, created, day(2025, 5, 30)), "90 days after 1 March");
        assert!(!no_new_evidence(None, created, day(2025, 2, 1)), "a new map is not stale");
        assert!(no_new_evidence(None, created, day(2025, 6, 1)), "an old map without feedback is");
    }

    #[test]
    fn since_the_last_review_new_answers_moved_scores_and_new_bottlenecks() {
        use crate::domain::insights::{bottlenecks, findings};
        use crate::domain::insights_tests::{clinic, ev, stage};
        let (map, then) = clinic();
        let entry = review(2025, 3, 1).with_evidence(&then, &bottlenecks(&findings(&map, &then)));
        assert_eq!(entry.answers, 240);
        assert_eq!(entry.bottlenecks, [stage(&map, "Procedure"), stage(&map, "Payment")]);
        let unchanged = since(&entry, &then, &entry.bottlenecks);
        assert_eq!(unchanged, SinceReview::default(), "nothing changed, nothing to say");

        // A month later: 60 more answers, arrival fell to 3★ and became a bottleneck,
        // booking now has enough answers (and is fine), payment barely moved.
        let mut now = then.clone();
        now.count += 60;
        now.stages[0] = ev(stage(&map, "Booking"), 8, 4.0, 1);
        now.stages[1] = ev(stage(&map, "Arrival"), 100, 3.0, 30);
        now.stages[3].mean += 0.05;
        let found = findings(&map, &now);
        let s = since(&entry, &now, &bottlenecks(&found));
        assert_eq!(s.new_answers, 60);
        let moved: Vec<_> = s.moves.iter().map(|m| (m.stage.clone(), m.before.is_some())).collect();
        assert_eq!(moved, [(stage(&map, "Booking"), false), (stage(&map, "Arrival"), true)]);
        assert!((s.moves[1].before.unwrap_or(0.0) - 1.5).abs() < 1e-9 && s.moves[1].now == 0.0);
        assert_eq!(s.new_bottlenecks, [stage(&map, "Arrival")]);
        // An old log entry without evidence deserialises, and everything measured is new.
        let old: ReviewEntry = serde_json::from_str(r#"{"user":"u","name":"A","at":"2025-01-01T00:00:00Z"}"#).unwrap();
        assert_eq!(since(&old, &then, &[]).moves.len(), 4, "every stage with enough answers");
    }
}
