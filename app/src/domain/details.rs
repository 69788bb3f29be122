//! The fields a card carries by the kind of its lane: how severe a pain point is, which
//! channel a touchpoint uses, an opportunity's impact and effort, a metric against its
//! target (see `metric`), a step that is a moment of truth and how personas feel at it.

pub use super::metric::{Metric, MetricStatus, Reading, Trend, MAX_READINGS};
use super::persona::{PersonaId, MAX_SCORE, MIN_SCORE};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest channel id, metric unit.
pub const MAX_UNIT: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Low, Severity::Medium, Severity::High];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// Kind-specific fields. Every card may hold any of them; the board shows those its lane
/// kind uses, so moving a card between lanes loses nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct CardDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// A channel id of the workspace's channel library.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Opportunity impact and effort, 1 (low) to 3 (high).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<Metric>,
    /// A step that decides whether the client stays or leaves.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub moment_of_truth: bool,
    /// Customer answers attached as evidence ("Attach as evidence" in a stage's answers):
    /// ids of the map's feedback entries, at most [`MAX_EVIDENCE`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// Dot votes the card got in the last revealed workshop vote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub votes: Option<u32>,
    /// How each persona feels at this step, −2..+2: the emotion curve follows a stage's
    /// steps where they have feelings. A persona unlinked from the map keeps its feelings
    /// here, unshown, until it is linked again.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub feelings: BTreeMap<PersonaId, i8>,
    /// The client segments (ids of the workspace's list) the card is about; empty: every
    /// client. A deleted segment's id stays here, unshown, until the card is edited.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<String>,
}

/// The most votes a card's count may say (60 guests × 20 votes, and room to spare).
pub const MAX_CARD_VOTES: u32 = 10_000;

/// Answers one card may cite as evidence.
pub const MAX_EVIDENCE: usize = 100;

impl CardDetails {
    pub fn is_empty(&self) -> bool {
        *self == CardDetails::default()
    }

    /// Checks ranges and lengths.
    pub fn validate(&self) -> Result<(), super::OpError> {
        let bad = |field: &'static str| Err(super::OpError::BadField { field: field.into() });
        if self.impact.is_some_and(|v| !(1..=3).contains(&v)) {
            return bad("impact");
        }
        if self.effort.is_some_and(|v| !(1..=3).contains(&v)) {
            return bad("effort");
        }
        if let Some(c) = &self.channel {
            let ok = !c.is_empty()
                && c.len() <= 64
                && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !ok {
                return bad("channel");
            }
        }
        let id_ok = |e: &String| {
            !e.is_empty() && e.len() <= 64 && e.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        if self.evidence.len() > MAX_EVIDENCE || !self.evidence.iter().all(id_ok) {
            return bad("evidence");
        }
        if self.votes.is_some_and(|v| v > MAX_CARD_VOTES) {
            return bad("votes");
        }
        let feeling_ok = |(p, s): (&PersonaId, &i8)| p.is_valid() && (MIN_SCORE..=MAX_SCORE).contains(s);
        if self.feelings.len() > super::op::MAX_LINKED_PERSONAS || !self.feelings.iter().all(feeling_ok) {
            return bad("feelings");
        }
        if !super::segment::valid_scope(&self.segments) {
            return bad("segments");
        }
        if let Some(m) = &self.metric {
            if m.unit.chars().count() > MAX_UNIT {
                return bad("unit");
            }
            if m.value.is_some_and(|v| !v.is_finite()) || m.target.is_some_and(|v| !v.is_finite()) {
                return bad("value");
            }
            let in_order = m.history.windows(2).all(|p| p[0].on < p[1].on);
            if m.history.len() > MAX_READINGS || !in_order || m.history.iter().any(|r| !r.value.is_finite()) {
                return bad("history");
            }
            if m.touchpoint.as_ref().is_some_and(|c| !c.is_valid()) {
                return bad("touchpoint");
            }
        }
        Ok(())
    }

    /// Priority of an opportunity: high impact and low effort first (a 2×2 quadrant).
    pub fn quadrant(&self) -> Option<Quadrant> {
        let (i, e) = (self.impact?, self.effort?);
        Some(match (i >= 2, e >= 2) {
            (true, false) => Quadrant::QuickWin,
            (true, true) => Quadrant::MajorProject,
            (false, false) => Quadrant::FillIn,
            (false, true) => Quadrant::Reconsider,
        })
    }
}

/// The four boxes of an impact × effort view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quadrant {
    QuickWin,
    MajorProject,
    FillIn,
    Reconsider,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_refuses_out_of_range_fields() {
        assert!(CardDetails { impact: Some(4), ..Default::default() }.validate().is_err());
        assert!(CardDetails { effort: Some(0), ..Default::default() }.validate().is_err());
        assert!(CardDetails { channel: Some("a b".into()), ..Default::default() }.validate().is_err());
        let nan = Metric { value: Some(f64::NAN), ..Default::default() };
        assert!(CardDetails { metric: Some(nan), ..Default::default() }.validate().is_err());
        assert!(CardDetails { impact: Some(3), effort: Some(1), severity: Some(Severity::High), ..Default::default() }
            .validate()
            .is_ok());
    }

    #[test]
    fn feelings_are_on_the_emotion_scale() {
        let feel = |s: i8| CardDetails { feelings: [(PersonaId("p1".into()), s)].into(), ..Default::default() };
        assert!(feel(-2).validate().is_ok() && feel(2).validate().is_ok());
        assert!(feel(3).validate().is_err());
        assert!(feel(-3).validate().is_err());
        let bad_id = CardDetails { feelings: [(PersonaId("a b".into()), 1)].into(), ..Default::default() };
        assert!(bad_id.validate().is_err());
    }

    #[test]
    fn segments_are_ids_of_the_list() {
        let scoped =
            |s: &[&str]| CardDetails { segments: s.iter().map(|x| x.to_string()).collect(), ..Default::default() };
        assert!(scoped(&["g-0123456789ab"]).validate().is_ok());
        assert!(scoped(&["new client"]).validate().is_err());
        assert!(scoped(&["g-0123456789ab", "g-0123456789ab"]).validate().is_err());
    }

    #[test]
    fn quadrants() {
        let q = |i, e| CardDetails { impact: Some(i), effort: Some(e), ..Default::default() }.quadrant();
        assert_eq!(q(3, 1), Some(Quadrant::QuickWin));
        assert_eq!(q(3, 3), Some(Quadrant::MajorProject));
        assert_eq!(q(1, 1), Some(Quadrant::FillIn));
        assert_eq!(q(1, 3), Some(Quadrant::Reconsider));
    }

    #[test]
    fn empty_details_serialise_to_nothing() {
        assert_eq!(serde_json::to_string(&CardDetails::default()).unwrap(), "{}");
    }
}
