//! The journey map as plain data: stages (columns), lanes (rows) and cards in the cells.

use super::details::CardDetails;
use super::ids::{CardId, LaneId, MapId, StageId};
use super::order::OrderKey;
use super::persona::{EmotionPoint, PersonaId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest card text, in characters.
pub const MAX_CARD_TEXT: usize = 2000;
/// Longest map, stage or lane title, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest map or stage description, in characters.
pub const MAX_DESCRIPTION: usize = 5000;
/// Longest expected duration text ("2 days", "1–2 weeks").
pub const MAX_DURATION: usize = 60;
/// At most this many tags on a card, each at most `MAX_TAG` characters.
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG: usize = 40;
/// Upper bounds that keep one map usable in a browser.
pub const MAX_STAGES: usize = 60;
pub const MAX_LANES: usize = 40;
pub const MAX_CARDS: usize = 5000;

/// What a lane holds; decides the fields its cards carry and how the lane is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LaneKind {
    Steps,
    Touchpoints,
    Thoughts,
    Emotions,
    PainPoints,
    Opportunities,
    Ideas,
    Metrics,
    Backstage,
    Text,
}

impl LaneKind {
    pub const ALL: [LaneKind; 10] = [
        LaneKind::Steps,
        LaneKind::Touchpoints,
        LaneKind::Thoughts,
        LaneKind::Emotions,
        LaneKind::PainPoints,
        LaneKind::Opportunities,
        LaneKind::Ideas,
        LaneKind::Metrics,
        LaneKind::Backstage,
        LaneKind::Text,
    ];

    /// The stable name used in storage, CSS classes and files.
    pub fn as_str(self) -> &'static str {
        match self {
            LaneKind::Steps => "steps",
            LaneKind::Touchpoints => "touchpoints",
            LaneKind::Thoughts => "thoughts",
            LaneKind::Emotions => "emotions",
            LaneKind::PainPoints => "pain_points",
            LaneKind::Opportunities => "opportunities",
            LaneKind::Ideas => "ideas",
            LaneKind::Metrics => "metrics",
            LaneKind::Backstage => "backstage",
            LaneKind::Text => "text",
        }
    }

    pub fn parse(s: &str) -> Option<LaneKind> {
        LaneKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The card colour a new card in this lane gets.
    pub fn default_colour(self) -> Colour {
        match self {
            LaneKind::Steps => Colour::Blue,
            LaneKind::Touchpoints => Colour::Purple,
            LaneKind::Thoughts => Colour::Yellow,
            LaneKind::Emotions => Colour::Orange,
            LaneKind::PainPoints => Colour::Red,
            LaneKind::Opportunities => Colour::Green,
            LaneKind::Ideas => Colour::Yellow,
            LaneKind::Metrics => Colour::Grey,
            LaneKind::Backstage => Colour::Grey,
            LaneKind::Text => Colour::White,
        }
    }
}

/// The palette of card colours (named, so they can be themed and read by screen readers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Colour {
    #[default]
    Yellow,
    Orange,
    Red,
    Pink,
    Purple,
    Blue,
    Green,
    Grey,
    White,
}

impl Colour {
    pub const ALL: [Colour; 9] = [
        Colour::Yellow,
        Colour::Orange,
        Colour::Red,
        Colour::Pink,
        Colour::Purple,
        Colour::Blue,
        Colour::Green,
        Colour::Grey,
        Colour::White,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Colour::Yellow => "yellow",
            Colour::Orange => "orange",
            Colour::Red => "red",
            Colour::Pink => "pink",
            Colour::Purple => "purple",
            Colour::Blue => "blue",
            Colour::Green => "green",
            Colour::Grey => "grey",
            Colour::White => "white",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub id: StageId,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// How long a client typically stays in this stage, as people say it ("2 days").
    #[serde(default)]
    pub duration: String,
    pub order: OrderKey,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lane {
    pub id: LaneId,
    pub kind: LaneKind,
    pub title: String,
    pub order: OrderKey,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub id: CardId,
    pub lane: LaneId,
    pub stage: StageId,
    pub order: OrderKey,
    pub text: String,
    #[serde(default)]
    pub colour: Colour,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Fields by lane kind (severity, channel, impact/effort, metric, moment of truth).
    #[serde(default, skip_serializing_if = "CardDetails::is_empty")]
    pub details: CardDetails,
    /// Who added it (their name as the op log has it), stamped by the server on every
    /// added card; `None` for cards of imports, templates and maps from before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

/// A whole map: what the board shows and what every op changes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Map {
    pub id: MapId,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Number of ops applied so far; the server's count is authoritative.
    pub rev: u64,
    pub stages: BTreeMap<StageId, Stage>,
    pub lanes: BTreeMap<LaneId, Lane>,
    pub cards: BTreeMap<CardId, Card>,
    /// Personas linked to this map, in the order the board shows them.
    #[serde(default)]
    pub personas: Vec<PersonaId>,
    /// How each linked persona feels at each stage.
    #[serde(default)]
    pub emotions: Vec<EmotionPoint>,
}

impl Map {
    pub fn new(id: MapId, title: impl Into<String>) -> Self {
        Map {
            id,
            title: title.into(),
            description: String::new(),
            rev: 0,
            stages: BTreeMap::new(),
            lanes: BTreeMap::new(),
            cards: BTreeMap::new(),
            personas: Vec::new(),
            emotions: Vec::new(),
        }
    }

    /// The emotion of a persona at a stage, if set.
    pub fn emotion(&self, persona: &PersonaId, stage: &StageId) -> Option<&EmotionPoint> {
        self.emotions.iter().find(|e| &e.persona == persona && &e.stage == stage)
    }

    /// A persona's points in stage order (stages without a point are skipped).
    pub fn curve(&self, persona: &PersonaId) -> Vec<(usize, i8)> {
        self.ordered_stages()
            .iter()
            .enumerate()
            .filter_map(|(i, s)| self.emotion(persona, &s.id).map(|e| (i, e.score)))
            .collect()
    }

    /// The curve of `persona` through the stages and, where they have feelings for it,
    /// the step cards of each stage (see [`super::persona::curve_through`]).
    pub fn curve_points(&self, persona: &PersonaId) -> Vec<super::persona::CurvePoint> {
        let steps: Vec<&Lane> = self.ordered_lanes().into_iter().filter(|l| l.kind == LaneKind::Steps).collect();
        // One pass over the cards: the step cards of each stage.
        let mut by_stage: BTreeMap<&StageId, Vec<(usize, &Card)>> = BTreeMap::new();
        for c in self.cards.values() {
            if let Some(lane) = steps.iter().position(|l| l.id == c.lane) {
                by_stage.entry(&c.stage).or_default().push((lane, c));
            }
        }
        let stages: Vec<(Option<i8>, Vec<Option<i8>>)> = self
            .ordered_stages()
            .iter()
            .map(|s| {
                let mut cards = by_stage.remove(&s.id).unwrap_or_default();
                cards.sort_by(|a, b| (a.0, &a.1.order, &a.1.id).cmp(&(b.0, &b.1.order, &b.1.id)));
                let feelings = cards.iter().map(|(_, c)| c.details.feelings.get(persona).copied()).collect();
                (self.emotion(persona, &s.id).map(|e| e.score), feelings)
            })
            .collect();
        super::persona::curve_through(&stages)
    }

    /// Stages in display order (by order key, then id for equal keys).
    pub fn ordered_stages(&self) -> Vec<&Stage> {
        let mut v: Vec<&Stage> = self.stages.values().collect();
        v.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
        v
    }

    /// Lanes in display order.
    pub fn ordered_lanes(&self) -> Vec<&Lane> {
        let mut v: Vec<&Lane> = self.lanes.values().collect();
        v.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
        v
    }

    /// Cards of one cell in display order.
    pub fn cell_cards(&self, stage: &StageId, lane: &LaneId) -> Vec<&Card> {
        let mut v: Vec<&Card> = self.cards.values().filter(|c| &c.stage == stage && &c.lane == lane).collect();
        v.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
        v
    }

    /// Cards that sit in a stage (any lane).
    pub fn cards_in_stage(&self, stage: &StageId) -> Vec<Card> {
        self.cards.values().filter(|c| &c.stage == stage).cloned().collect()
    }

    /// Cards that sit in a lane (any stage).
    pub fn cards_in_lane(&self, lane: &LaneId) -> Vec<Card> {
        self.cards.values().filter(|c| &c.lane == lane).cloned().collect()
    }

    /// The order key for a card placed at `index` in a cell (0 = first), ignoring `moving`
    /// (the card being moved, when it is already in that cell).
    pub fn card_key_at(&self, stage: &StageId, lane: &LaneId, index: usize, moving: Option<&CardId>) -> OrderKey {
        let cell: Vec<&Card> = self.cell_cards(stage, lane).into_iter().filter(|c| Some(&c.id) != moving).collect();
        key_at(cell.iter().map(|c| &c.order).collect(), index)
    }

    /// The order key for a stage placed at `index`, ignoring `moving`.
    pub fn stage_key_at(&self, index: usize, moving: Option<&StageId>) -> OrderKey {
        let keys = self.ordered_stages().into_iter().filter(|s| Some(&s.id) != moving).map(|s| &s.order).collect();
        key_at(keys, index)
    }

    /// The order key for a lane placed at `index`, ignoring `moving`.
    pub fn lane_key_at(&self, index: usize, moving: Option<&LaneId>) -> OrderKey {
        let keys = self.ordered_lanes().into_iter().filter(|l| Some(&l.id) != moving).map(|l| &l.order).collect();
        key_at(keys, index)
    }
}

/// A key that sorts at `index` among `keys` (sorted ascending). Equal neighbours (possible
/// after concurrent inserts) fall back to a key just after the lower one.
fn key_at(keys: Vec<&OrderKey>, index: usize) -> OrderKey {
    let index = index.min(keys.len());
    let before = index.checked_sub(1).and_then(|i| keys.get(i).copied());
    let after = keys.get(index).copied();
    OrderKey::between(before, after).unwrap_or_else(|| OrderKey::after(before))
}

/// How long a deleted map stays in the Trash before it is deleted for good.
pub const TRASH_DAYS: i64 = 30;

/// A map in the Trash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrashedMap {
    pub id: MapId,
    pub title: String,
    pub card_count: u64,
    pub deleted_at: DateTime<Utc>,
    #[serde(default)]
    pub deleted_by: Option<String>,
}

impl TrashedMap {
    /// When it is deleted for good.
    pub fn purged_at(&self) -> DateTime<Utc> {
        self.deleted_at + chrono::Duration::days(TRASH_DAYS)
    }
}

/// A map as the dashboard lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapSummary {
    pub id: MapId,
    pub title: String,
    pub card_count: u64,
    pub updated_at: DateTime<Utc>,
    /// The map has a review cadence and its next review is today or past.
    #[serde(default)]
    pub review_due: bool,
    /// When the next review is due (with a cadence).
    #[serde(default)]
    pub next_review: Option<chrono::NaiveDate>,
    /// No new customer feedback for 90 days (or none since the map was made 90 days ago).
    #[serde(default)]
    pub no_new_evidence: bool,
    /// The personas linked to the map.
    #[serde(default)]
    pub personas: Vec<PersonaId>,
    /// The tags on the map's cards, most used first (see `shelf::MAX_SHOWN_TAGS`).
    #[serde(default)]
    pub tags: Vec<String>,
}
