//! A living map: how often the team reviews it against new evidence (a cadence of every N
//! weeks), the log of reviews (who, when, a note), when the next one is due, and whether
//! the map has had no new feedback for 90 days. Pure types; the server stores them with
//! the map and the dashboard flags "Review due" and "No new evidence in 90 days".

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

/// One "Mark reviewed".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewEntry {
    /// The reviewer's user id.
    pub user: String,
    /// Their name when they reviewed (the log reads well after a rename or a departure).
    pub name: String,
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub note: String,
}

impl ReviewEntry {
    /// A review with its note trimmed; refuses a note over [`MAX_NOTE`] characters.
    pub fn new(user: String, name: String, at: DateTime<Utc>, note: &str) -> Result<ReviewEntry, ReviewError> {
        let note = note.trim();
        if note.chars().count() > MAX_NOTE {
            return Err(ReviewError::NoteTooLong { max: MAX_NOTE as u32 });
        }
        Ok(ReviewEntry { user, name, at, note: note.to_owned() })
    }
}

/// A map's review settings and log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
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
}
