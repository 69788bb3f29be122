//! Every edit of a map is an [`Op`]. The browser applies its own op at once; the server
//! applies the same code authoritatively. [`Map::apply`] validates and returns the op that
//! undoes it.
//!
//! Long on purpose: every op's rules, its application and its inverse sit in one match
//! each, so an op's undo is read beside what it undoes.

use super::details::CardDetails;
use super::ids::{CardId, LaneId, StageId};
use super::model::*;
use super::order::OrderKey;
use super::persona::{EmotionPoint, PersonaId, MAX_NOTE, MAX_SCORE, MIN_SCORE};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Op {
    AddCard {
        card: Card,
    },
    /// Changes only the fields that are `Some`, so concurrent edits of different fields of
    /// one card both survive.
    EditCard {
        id: CardId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        colour: Option<Colour>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tags: Option<Vec<String>>,
        /// Replaces all kind-specific fields at once.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        details: Option<CardDetails>,
    },
    MoveCard {
        id: CardId,
        stage: StageId,
        lane: LaneId,
        order: OrderKey,
    },
    DeleteCard {
        id: CardId,
    },
    /// Adds a stage, with the cards and emotions it held when it is the undo of a delete.
    AddStage {
        stage: Stage,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        cards: Vec<Card>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        emotions: Vec<EmotionPoint>,
    },
    EditStage {
        id: StageId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        duration: Option<String>,
    },
    MoveStage {
        id: StageId,
        order: OrderKey,
    },
    /// Deletes a stage and every card in it.
    DeleteStage {
        id: StageId,
    },
    AddLane {
        lane: Lane,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        cards: Vec<Card>,
    },
    EditLane {
        id: LaneId,
        title: String,
    },
    /// Changes what a lane holds. Its cards keep every field: those the new kind does not
    /// show stay hidden and come back when the kind is changed back.
    SetLaneKind {
        id: LaneId,
        kind: LaneKind,
    },
    MoveLane {
        id: LaneId,
        order: OrderKey,
    },
    /// Deletes a lane and every card in it.
    DeleteLane {
        id: LaneId,
    },
    EditMap {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// Links a library persona to the map at position `at`, with its emotions when it is
    /// the undo of an unlink.
    LinkPersona {
        persona: PersonaId,
        at: u32,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        emotions: Vec<EmotionPoint>,
    },
    /// Unlinks a persona and forgets its emotions on this map.
    UnlinkPersona {
        persona: PersonaId,
    },
    /// Sets (or with no score, clears) how a linked persona feels at a stage.
    SetEmotion {
        persona: PersonaId,
        stage: StageId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        score: Option<i8>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
    /// The map moved to another workspace: the old workspace's persona, custom channel and
    /// segment ids (first of each pair) become the new one's (second). Written by the
    /// server only (see `domain::transfer`); a client's is refused.
    Rehome {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        personas: Vec<(PersonaId, PersonaId)>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        channels: Vec<(String, String)>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        segments: Vec<(String, String)>,
    },
}

/// What an op refers to, for error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Card,
    Stage,
    Lane,
    Persona,
}

/// Why an op was refused. Serialised to the browser, which shows it translated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum OpError {
    #[error("the {what:?} no longer exists")]
    NotFound { what: Entity },
    #[error("a {what:?} with that id already exists")]
    AlreadyExists { what: Entity },
    #[error("invalid id")]
    InvalidId,
    #[error("the text is empty")]
    EmptyText,
    #[error("the text is longer than {max} characters")]
    TextTooLong { max: u32 },
    #[error("the title is empty")]
    EmptyTitle,
    #[error("the title is longer than {max} characters")]
    TitleTooLong { max: u32 },
    #[error("the description is longer than {max} characters")]
    DescriptionTooLong { max: u32 },
    #[error("the duration is longer than {max} characters")]
    DurationTooLong { max: u32 },
    #[error("at most {max} tags of {max_len} characters each")]
    BadTags { max: u32, max_len: u32 },
    #[error("a card must belong to the stage or lane it is restored with")]
    CardOutsideParent,
    #[error("the map already has the most {what:?}s it can hold ({max})")]
    TooMany { what: Entity, max: u32 },
    #[error("the {field} field is out of range")]
    BadField { field: String },
    /// A workshop participant's edit while the facilitator has locked the board.
    #[error("the board is locked")]
    BoardLocked,
    /// A workshop participant's edit of a card someone else added.
    #[error("only the card's author may change it")]
    NotYourCard,
    /// A workshop participant's change of stages, lanes, personas or the map itself.
    #[error("only the facilitator may change this")]
    FacilitatorOnly,
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn check_title(title: &str) -> Result<(), OpError> {
    if title.trim().is_empty() {
        return Err(OpError::EmptyTitle);
    }
    if chars(title) > MAX_TITLE {
        return Err(OpError::TitleTooLong { max: MAX_TITLE as u32 });
    }
    Ok(())
}

fn check_description(text: &str) -> Result<(), OpError> {
    if chars(text) > MAX_DESCRIPTION {
        return Err(OpError::DescriptionTooLong { max: MAX_DESCRIPTION as u32 });
    }
    Ok(())
}

fn check_card_text(text: &str) -> Result<(), OpError> {
    if text.trim().is_empty() {
        return Err(OpError::EmptyText);
    }
    if chars(text) > MAX_CARD_TEXT {
        return Err(OpError::TextTooLong { max: MAX_CARD_TEXT as u32 });
    }
    Ok(())
}

fn check_tags(tags: &[String]) -> Result<(), OpError> {
    if tags.len() > MAX_TAGS || tags.iter().any(|t| t.trim().is_empty() || chars(t) > MAX_TAG) {
        return Err(OpError::BadTags { max: MAX_TAGS as u32, max_len: MAX_TAG as u32 });
    }
    Ok(())
}

fn check_emotion_value(score: Option<i8>, note: &str) -> Result<(), OpError> {
    if score.is_some_and(|s| !(MIN_SCORE..=MAX_SCORE).contains(&s)) {
        return Err(OpError::BadField { field: "score".into() });
    }
    if chars(note) > MAX_NOTE {
        return Err(OpError::TextTooLong { max: MAX_NOTE as u32 });
    }
    Ok(())
}

fn check_duration(d: &str) -> Result<(), OpError> {
    if chars(d) > MAX_DURATION {
        return Err(OpError::DurationTooLong { max: MAX_DURATION as u32 });
    }
    Ok(())
}

/// The ids of the records an op writes or deletes, so the store touches nothing else.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Touched {
    pub map: bool,
    pub stages: Vec<StageId>,
    pub lanes: Vec<LaneId>,
    pub cards: Vec<CardId>,
    pub emotions: Vec<(PersonaId, StageId)>,
}

/// Most personas one map links.
pub const MAX_LINKED_PERSONAS: usize = 12;

impl Map {
    fn check_card(&self, card: &Card) -> Result<(), OpError> {
        if !card.id.is_valid() {
            return Err(OpError::InvalidId);
        }
        check_card_text(&card.text)?;
        check_tags(&card.tags)?;
        card.details.validate()
    }

    /// The cards an added stage or lane carries (the undo of its delete) count against the
    /// map's card limit like cards added one by one, and each id appears once.
    fn check_carried<'a>(&self, ids: impl ExactSizeIterator<Item = &'a CardId>) -> Result<(), OpError> {
        if self.cards.len().saturating_add(ids.len()) > MAX_CARDS {
            return Err(OpError::TooMany { what: Entity::Card, max: MAX_CARDS as u32 });
        }
        let mut seen = std::collections::HashSet::with_capacity(ids.len());
        for id in ids {
            if !seen.insert(id) {
                return Err(OpError::AlreadyExists { what: Entity::Card });
            }
        }
        Ok(())
    }

    fn card(&self, id: &CardId) -> Result<&Card, OpError> {
        self.cards.get(id).ok_or(OpError::NotFound { what: Entity::Card })
    }

    fn stage(&self, id: &StageId) -> Result<&Stage, OpError> {
        self.stages.get(id).ok_or(OpError::NotFound { what: Entity::Stage })
    }

    fn lane(&self, id: &LaneId) -> Result<&Lane, OpError> {
        self.lanes.get(id).ok_or(OpError::NotFound { what: Entity::Lane })
    }

    /// Checks `op` against this map and returns the op that undoes it, without changing
    /// anything.
    pub fn invert(&self, op: &Op) -> Result<Op, OpError> {
        match op {
            Op::AddCard { card } => {
                if self.cards.contains_key(&card.id) {
                    return Err(OpError::AlreadyExists { what: Entity::Card });
                }
                if self.cards.len() >= MAX_CARDS {
                    return Err(OpError::TooMany { what: Entity::Card, max: MAX_CARDS as u32 });
                }
                self.check_card(card)?;
                self.stage(&card.stage)?;
                self.lane(&card.lane)?;
                Ok(Op::DeleteCard { id: card.id.clone() })
            }
            Op::EditCard { id, text, colour, tags, details } => {
                let card = self.card(id)?;
                if let Some(t) = text {
                    check_card_text(t)?;
                }
                if let Some(t) = tags {
                    check_tags(t)?;
                }
                if let Some(d) = details {
                    d.validate()?;
                }
                Ok(Op::EditCard {
                    id: id.clone(),
                    text: text.as_ref().map(|_| card.text.clone()),
                    colour: colour.map(|_| card.colour),
                    tags: tags.as_ref().map(|_| card.tags.clone()),
                    details: details.as_ref().map(|_| card.details.clone()),
                })
            }
            Op::MoveCard { id, stage, lane, .. } => {
                let card = self.card(id)?;
                self.stage(stage)?;
                self.lane(lane)?;
                Ok(Op::MoveCard {
                    id: id.clone(),
                    stage: card.stage.clone(),
                    lane: card.lane.clone(),
                    order: card.order.clone(),
                })
            }
            Op::DeleteCard { id } => Ok(Op::AddCard { card: self.card(id)?.clone() }),
            Op::AddStage { stage, cards, emotions } => {
                if !stage.id.is_valid() {
                    return Err(OpError::InvalidId);
                }
                if self.stages.contains_key(&stage.id) {
                    return Err(OpError::AlreadyExists { what: Entity::Stage });
                }
                if self.stages.len() >= MAX_STAGES {
                    return Err(OpError::TooMany { what: Entity::Stage, max: MAX_STAGES as u32 });
                }
                check_title(&stage.title)?;
                check_description(&stage.description)?;
                check_duration(&stage.duration)?;
                self.check_carried(cards.iter().map(|c| &c.id))?;
                if emotions.len() > MAX_LINKED_PERSONAS
                    || (1..emotions.len()).any(|i| emotions[..i].iter().any(|e| e.persona == emotions[i].persona))
                {
                    return Err(OpError::BadField { field: "emotions".into() });
                }
                for card in cards {
                    if card.stage != stage.id {
                        return Err(OpError::CardOutsideParent);
                    }
                    self.lane(&card.lane)?;
                    self.check_card(card)?;
                    if self.cards.contains_key(&card.id) {
                        return Err(OpError::AlreadyExists { what: Entity::Card });
                    }
                }
                for e in emotions {
                    if e.stage != stage.id {
                        return Err(OpError::CardOutsideParent);
                    }
                    self.check_emotion(&e.persona, Some(e.score), &e.note)?;
                }
                Ok(Op::DeleteStage { id: stage.id.clone() })
            }
            Op::EditStage { id, title, description, duration } => {
                let stage = self.stage(id)?;
                if let Some(t) = title {
                    check_title(t)?;
                }
                if let Some(d) = description {
                    check_description(d)?;
                }
                if let Some(d) = duration {
                    check_duration(d)?;
                }
                Ok(Op::EditStage {
                    id: id.clone(),
                    title: title.as_ref().map(|_| stage.title.clone()),
                    description: description.as_ref().map(|_| stage.description.clone()),
                    duration: duration.as_ref().map(|_| stage.duration.clone()),
                })
            }
            Op::MoveStage { id, .. } => {
                let stage = self.stage(id)?;
                Ok(Op::MoveStage { id: id.clone(), order: stage.order.clone() })
            }
            Op::DeleteStage { id } => {
                let stage = self.stage(id)?.clone();
                Ok(Op::AddStage {
                    stage,
                    cards: self.cards_in_stage(id),
                    emotions: self.emotions.iter().filter(|e| &e.stage == id).cloned().collect(),
                })
            }
            Op::AddLane { lane, cards } => {
                if !lane.id.is_valid() {
                    return Err(OpError::InvalidId);
                }
                if self.lanes.contains_key(&lane.id) {
                    return Err(OpError::AlreadyExists { what: Entity::Lane });
                }
                if self.lanes.len() >= MAX_LANES {
                    return Err(OpError::TooMany { what: Entity::Lane, max: MAX_LANES as u32 });
                }
                check_title(&lane.title)?;
                self.check_carried(cards.iter().map(|c| &c.id))?;
                for card in cards {
                    if card.lane != lane.id {
                        return Err(OpError::CardOutsideParent);
                    }
                    self.stage(&card.stage)?;
                    self.check_card(card)?;
                    if self.cards.contains_key(&card.id) {
                        return Err(OpError::AlreadyExists { what: Entity::Card });
                    }
                }
                Ok(Op::DeleteLane { id: lane.id.clone() })
            }
            Op::EditLane { id, title } => {
                let lane = self.lane(id)?;
                check_title(title)?;
                Ok(Op::EditLane { id: id.clone(), title: lane.title.clone() })
            }
            Op::SetLaneKind { id, .. } => {
                let lane = self.lane(id)?;
                Ok(Op::SetLaneKind { id: id.clone(), kind: lane.kind })
            }
            Op::MoveLane { id, .. } => {
                let lane = self.lane(id)?;
                Ok(Op::MoveLane { id: id.clone(), order: lane.order.clone() })
            }
            Op::DeleteLane { id } => {
                let lane = self.lane(id)?.clone();
                Ok(Op::AddLane { lane, cards: self.cards_in_lane(id) })
            }
            Op::EditMap { title, description } => {
                if let Some(t) = title {
                    check_title(t)?;
                }
                if let Some(d) = description {
                    check_description(d)?;
                }
                Ok(Op::EditMap {
                    title: title.as_ref().map(|_| self.title.clone()),
                    description: description.as_ref().map(|_| self.description.clone()),
                })
            }
            Op::LinkPersona { persona, at, emotions } => {
                if !persona.is_valid() {
                    return Err(OpError::InvalidId);
                }
                if self.personas.contains(persona) {
                    return Err(OpError::AlreadyExists { what: Entity::Persona });
                }
                if self.personas.len() >= MAX_LINKED_PERSONAS {
                    return Err(OpError::TooMany { what: Entity::Persona, max: MAX_LINKED_PERSONAS as u32 });
                }
                if *at as usize > self.personas.len() {
                    return Err(OpError::BadField { field: "at".into() });
                }
                for e in emotions {
                    if &e.persona != persona {
                        return Err(OpError::CardOutsideParent);
                    }
                    self.stage(&e.stage)?;
                    check_emotion_value(Some(e.score), &e.note)?;
                }
                Ok(Op::UnlinkPersona { persona: persona.clone() })
            }
            Op::UnlinkPersona { persona } => {
                let at = self
                    .personas
                    .iter()
                    .position(|p| p == persona)
                    .ok_or(OpError::NotFound { what: Entity::Persona })?;
                Ok(Op::LinkPersona {
                    persona: persona.clone(),
                    at: at as u32,
                    emotions: self.emotions.iter().filter(|e| &e.persona == persona).cloned().collect(),
                })
            }
            Op::SetEmotion { persona, stage, score, note } => {
                self.check_emotion(persona, *score, note)?;
                self.stage(stage)?;
                let old = self.emotion(persona, stage);
                if old.is_none() && score.is_none() {
                    return Err(OpError::NotFound { what: Entity::Persona });
                }
                Ok(Op::SetEmotion {
                    persona: persona.clone(),
                    stage: stage.clone(),
                    score: old.map(|e| e.score),
                    note: old.map(|e| e.note.clone()).unwrap_or_default(),
                })
            }
            Op::Rehome { personas, channels, segments } => {
                use super::{channel::Channel, segment::Segment};
                fn one_to_one<T: PartialEq>(pairs: &[(T, T)]) -> bool {
                    pairs.iter().enumerate().all(|(i, (a, b))| pairs[..i].iter().all(|(x, y)| x != a && y != b))
                }
                let ok = personas.len() <= MAX_LINKED_PERSONAS
                    && channels.len() <= super::channel::MAX_CHANNELS
                    && segments.len() <= super::segment::MAX_SEGMENTS
                    && personas.iter().all(|(a, b)| a.is_valid() && b.is_valid())
                    && channels.iter().all(|(a, b)| Channel::is_custom_id(a) && Channel::is_custom_id(b))
                    && segments.iter().all(|(a, b)| Segment::is_id(a) && Segment::is_id(b))
                    && one_to_one(personas)
                    && one_to_one(channels)
                    && one_to_one(segments);
                // A target already linked, and not itself moved away, would be linked twice.
                let clash =
                    personas.iter().any(|(_, b)| self.personas.contains(b) && !personas.iter().any(|(a, _)| a == b));
                if !ok || clash {
                    return Err(OpError::BadField { field: "rehome".into() });
                }
                let back = |pairs: &[(String, String)]| pairs.iter().map(|(a, b)| (b.clone(), a.clone())).collect();
                Ok(Op::Rehome {
                    personas: personas.iter().map(|(a, b)| (b.clone(), a.clone())).collect(),
                    channels: back(channels),
                    segments: back(segments),
                })
            }
        }
    }

    fn check_emotion(&self, persona: &PersonaId, score: Option<i8>, note: &str) -> Result<(), OpError> {
        if !self.personas.contains(persona) {
            return Err(OpError::NotFound { what: Entity::Persona });
        }
        check_emotion_value(score, note)
    }

    /// Inserts or replaces a point, keeping the list sorted by persona then stage.
    fn put_emotion(&mut self, point: EmotionPoint) {
        self.emotions.retain(|e| !(e.persona == point.persona && e.stage == point.stage));
        let at = self.emotions.partition_point(|e| (&e.persona, &e.stage) < (&point.persona, &point.stage));
        self.emotions.insert(at, point);
    }

    /// Validates and applies `op`, returning the op that undoes it. On error the map is
    /// unchanged. `rev` is the caller's to count: the server's log decides it.
    pub fn apply(&mut self, op: &Op) -> Result<Op, OpError> {
        let inverse = self.invert(op)?;
        match op.clone() {
            Op::AddCard { card } => {
                self.cards.insert(card.id.clone(), card);
            }
            Op::EditCard { id, text, colour, tags, details } => {
                if let Some(card) = self.cards.get_mut(&id) {
                    if let Some(d) = details {
                        card.details = d;
                    }
                    if let Some(t) = text {
                        card.text = t;
                    }
                    if let Some(c) = colour {
                        card.colour = c;
                    }
                    if let Some(t) = tags {
                        card.tags = t;
                    }
                }
            }
            Op::MoveCard { id, stage, lane, order } => {
                if let Some(card) = self.cards.get_mut(&id) {
                    card.stage = stage;
                    card.lane = lane;
                    card.order = order;
                }
            }
            Op::DeleteCard { id } => {
                self.cards.remove(&id);
            }
            Op::AddStage { stage, cards, emotions } => {
                for card in cards {
                    self.cards.insert(card.id.clone(), card);
                }
                self.stages.insert(stage.id.clone(), stage);
                for e in emotions {
                    self.put_emotion(e);
                }
            }
            Op::EditStage { id, title, description, duration } => {
                if let Some(stage) = self.stages.get_mut(&id) {
                    if let Some(t) = title {
                        stage.title = t;
                    }
                    if let Some(d) = description {
                        stage.description = d;
                    }
                    if let Some(d) = duration {
                        stage.duration = d;
                    }
                }
            }
            Op::MoveStage { id, order } => {
                if let Some(stage) = self.stages.get_mut(&id) {
                    stage.order = order;
                }
            }
            Op::DeleteStage { id } => {
                self.cards.retain(|_, c| c.stage != id);
                self.emotions.retain(|e| e.stage != id);
                self.stages.remove(&id);
            }
            Op::AddLane { lane, cards } => {
                for card in cards {
                    self.cards.insert(card.id.clone(), card);
                }
                self.lanes.insert(lane.id.clone(), lane);
            }
            Op::EditLane { id, title } => {
                if let Some(lane) = self.lanes.get_mut(&id) {
                    lane.title = title;
                }
            }
            Op::SetLaneKind { id, kind } => {
                if let Some(lane) = self.lanes.get_mut(&id) {
                    lane.kind = kind;
                }
            }
            Op::MoveLane { id, order } => {
                if let Some(lane) = self.lanes.get_mut(&id) {
                    lane.order = order;
                }
            }
            Op::DeleteLane { id } => {
                self.cards.retain(|_, c| c.lane != id);
                self.lanes.remove(&id);
            }
            Op::EditMap { title, description } => {
                if let Some(t) = title {
                    self.title = t;
                }
                if let Some(d) = description {
                    self.description = d;
                }
            }
            Op::LinkPersona { persona, at, emotions } => {
                self.personas.insert(at as usize, persona);
                for e in emotions {
                    self.put_emotion(e);
                }
            }
            Op::UnlinkPersona { persona } => {
                self.personas.retain(|p| *p != persona);
                self.emotions.retain(|e| e.persona != persona);
            }
            Op::SetEmotion { persona, stage, score, note } => match score {
                Some(score) => self.put_emotion(EmotionPoint { persona, stage, score, note }),
                None => self.emotions.retain(|e| !(e.persona == persona && e.stage == stage)),
            },
            Op::Rehome { personas, channels, segments } => {
                super::transfer::Remap::of(&personas, &channels, &segments).map(self);
            }
        }
        Ok(inverse)
    }

    /// The records `op` writes or deletes, judged on the map before it is applied.
    pub fn touched(&self, op: &Op) -> Touched {
        let mut t = Touched::default();
        match op {
            Op::AddCard { card } => t.cards.push(card.id.clone()),
            Op::EditCard { id, .. } | Op::MoveCard { id, .. } | Op::DeleteCard { id } => t.cards.push(id.clone()),
            Op::AddStage { stage, cards, emotions } => {
                t.stages.push(stage.id.clone());
                t.cards.extend(cards.iter().map(|c| c.id.clone()));
                t.emotions.extend(emotions.iter().map(|e| (e.persona.clone(), e.stage.clone())));
            }
            Op::EditStage { id, .. } | Op::MoveStage { id, .. } => t.stages.push(id.clone()),
            Op::DeleteStage { id } => {
                t.stages.push(id.clone());
                t.cards.extend(self.cards_in_stage(id).into_iter().map(|c| c.id));
                t.emotions.extend(
                    self.emotions.iter().filter(|e| &e.stage == id).map(|e| (e.persona.clone(), e.stage.clone())),
                );
            }
            Op::AddLane { lane, cards } => {
                t.lanes.push(lane.id.clone());
                t.cards.extend(cards.iter().map(|c| c.id.clone()));
            }
            Op::EditLane { id, .. } | Op::SetLaneKind { id, .. } | Op::MoveLane { id, .. } => t.lanes.push(id.clone()),
            Op::DeleteLane { id } => {
                t.lanes.push(id.clone());
                t.cards.extend(self.cards_in_lane(id).into_iter().map(|c| c.id));
            }
            Op::EditMap { .. } => t.map = true,
            Op::LinkPersona { persona, emotions, .. } => {
                t.map = true;
                t.emotions.extend(emotions.iter().map(|e| (persona.clone(), e.stage.clone())));
            }
            Op::UnlinkPersona { persona } => {
                t.map = true;
                t.emotions.extend(
                    self.emotions
                        .iter()
                        .filter(|e| &e.persona == persona)
                        .map(|e| (e.persona.clone(), e.stage.clone())),
                );
            }
            Op::SetEmotion { persona, stage, .. } => t.emotions.push((persona.clone(), stage.clone())),
            Op::Rehome { personas, channels, segments } => {
                t.map = true;
                let remap = super::transfer::Remap::of(personas, channels, segments);
                for c in self.cards.values() {
                    let mut d = c.details.clone();
                    remap.details(&mut d);
                    if d != c.details {
                        t.cards.push(c.id.clone());
                    }
                }
                for e in &self.emotions {
                    if let Some(new) = remap.personas.get(&e.persona) {
                        t.emotions.push((e.persona.clone(), e.stage.clone()));
                        t.emotions.push((new.clone(), e.stage.clone()));
                    }
                }
            }
        }
        t
    }
}
