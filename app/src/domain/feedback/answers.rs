//! A stage's answers as members read them in the side panel: the filter, one answer
//! (never its client reference) and a page of them.

use super::{Scale, MAX_ROWS, MAX_SHORT};
use crate::domain::CardId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Answers listed per page in a stage's side panel.
pub const PAGE: u32 = 50;

/// Which of a stage's answers the side panel lists (every field optional; all must hold).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct AnswerFilter {
    /// Lowest and highest score, on −2..+2.
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub segment: Option<String>,
    /// Words the comment contains (case ignored).
    #[serde(default)]
    pub text: Option<String>,
    /// Answers to skip (paging), newest first.
    #[serde(default)]
    pub offset: u32,
}

impl AnswerFilter {
    /// The filter with its text fields trimmed and cut, blank ones dropped, the offset
    /// bounded: what the server queries with.
    pub fn cleaned(mut self) -> AnswerFilter {
        let clean = |v: Option<String>| {
            v.map(|s| s.trim().chars().take(MAX_SHORT).collect::<String>()).filter(|s| !s.is_empty())
        };
        self.segment = clean(self.segment);
        self.text = clean(self.text);
        self.min = self.min.filter(|v| v.is_finite());
        self.max = self.max.filter(|v| v.is_finite());
        self.offset = self.offset.min(MAX_ROWS as u32);
        self
    }
}

/// One answer as a member reads it in the side panel (never the client reference).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub id: String,
    pub date: NaiveDate,
    pub scale: Scale,
    pub score: f64,
    pub norm: f64,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub segment: Option<String>,
    #[serde(default)]
    pub card: Option<CardId>,
    #[serde(default)]
    pub source: String,
}

/// A page of a stage's answers and how many match in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct AnswerPage {
    pub answers: Vec<Answer>,
    pub total: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_is_cleaned_before_it_reaches_the_database() {
        let f = AnswerFilter {
            min: Some(f64::NAN),
            max: Some(1.0),
            segment: Some("   ".into()),
            text: Some(format!("  {}  ", "w".repeat(500))),
            offset: u32::MAX,
            ..AnswerFilter::default()
        }
        .cleaned();
        assert_eq!(f.min, None);
        assert_eq!(f.max, Some(1.0));
        assert_eq!(f.segment, None);
        assert_eq!(f.text.map(|t| t.chars().count()), Some(MAX_SHORT));
        assert_eq!(f.offset, MAX_ROWS as u32);
    }
}
