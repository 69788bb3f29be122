//! Every edit of a map is an [`Op`]. The browser applies its own op at once; the server
//! applies the same code authoritatively. [`Map::apply`] validates and returns the op that
//! undoes it.

use super::details::CardDetails;
use super::ids::{CardId, LaneId, StageId};
use super::model::*;
use super::order::OrderKey;
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
    /// Adds a stage, with the cards it held when it is the undo of a delete.
    AddStage {
        stage: Stage,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        cards: Vec<Card>,
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
}

/// What an op refers to, for error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Card,
    Stage,
    Lane,
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
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn check_title(title: &str) -> Result<(), OpError> {
    if title.trim().is_empty() {
        return Err(OpError::EmptyTitle);
    }
    if chars(title) > MAX_TITLE {
        return Err(OpError::TitleTooLong {
            max: MAX_TITLE as u32,
        });
    }
    Ok(())
}

fn check_description(text: &str) -> Result<(), OpError> {
    if chars(text) > MAX_DESCRIPTION {
        return Err(OpError::DescriptionTooLong {
            max: MAX_DESCRIPTION as u32,
        });
    }
    Ok(())
}

fn check_card_text(text: &str) -> Result<(), OpError> {
    if text.trim().is_empty() {
        return Err(OpError::EmptyText);
    }
    if chars(text) > MAX_CARD_TEXT {
        return Err(OpError::TextTooLong {
            max: MAX_CARD_TEXT as u32,
        });
    }
    Ok(())
}

fn check_tags(tags: &[String]) -> Result<(), OpError> {
    if tags.len() > MAX_TAGS
        || tags
            .iter()
            .any(|t| t.trim().is_empty() || chars(t) > MAX_TAG)
    {
        return Err(OpError::BadTags {
            max: MAX_TAGS as u32,
            max_len: MAX_TAG as u32,
        });
    }
    Ok(())
}

fn check_duration(d: &str) -> Result<(), OpError> {
    if chars(d) > MAX_DURATION {
        return Err(OpError::DurationTooLong {
            max: MAX_DURATION as u32,
        });
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
}

impl Map {
    fn check_card(&self, card: &Card) -> Result<(), OpError> {
        if !card.id.is_valid() {
            return Err(OpError::InvalidId);
        }
        check_card_text(&card.text)?;
        check_tags(&card.tags)?;
        card.details.validate()
    }

    fn card(&self, id: &CardId) -> Result<&Card, OpError> {
        self.cards
            .get(id)
            .ok_or(OpError::NotFound { what: Entity::Card })
    }

    fn stage(&self, id: &StageId) -> Result<&Stage, OpError> {
        self.stages.get(id).ok_or(OpError::NotFound {
            what: Entity::Stage,
        })
    }

    fn lane(&self, id: &LaneId) -> Result<&Lane, OpError> {
        self.lanes
            .get(id)
            .ok_or(OpError::NotFound { what: Entity::Lane })
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
                    return Err(OpError::TooMany {
                        what: Entity::Card,
                        max: MAX_CARDS as u32,
                    });
                }
                self.check_card(card)?;
                self.stage(&card.stage)?;
                self.lane(&card.lane)?;
                Ok(Op::DeleteCard {
                    id: card.id.clone(),
                })
            }
            Op::EditCard {
                id,
                text,
                colour,
                tags,
                details,
            } => {
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
            Op::MoveCard {
                id, stage, lane, ..
            } => {
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
            Op::DeleteCard { id } => Ok(Op::AddCard {
                card: self.card(id)?.clone(),
            }),
            Op::AddStage { stage, cards } => {
                if !stage.id.is_valid() {
                    return Err(OpError::InvalidId);
                }
                if self.stages.contains_key(&stage.id) {
                    return Err(OpError::AlreadyExists {
                        what: Entity::Stage,
                    });
                }
                if self.stages.len() >= MAX_STAGES {
                    return Err(OpError::TooMany {
                        what: Entity::Stage,
                        max: MAX_STAGES as u32,
                    });
                }
                check_title(&stage.title)?;
                check_description(&stage.description)?;
                check_duration(&stage.duration)?;
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
                Ok(Op::DeleteStage {
                    id: stage.id.clone(),
                })
            }
            Op::EditStage {
                id,
                title,
                description,
                duration,
            } => {
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
                Ok(Op::MoveStage {
                    id: id.clone(),
                    order: stage.order.clone(),
                })
            }
            Op::DeleteStage { id } => {
                let stage = self.stage(id)?.clone();
                Ok(Op::AddStage {
                    stage,
                    cards: self.cards_in_stage(id),
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
                    return Err(OpError::TooMany {
                        what: Entity::Lane,
                        max: MAX_LANES as u32,
                    });
                }
                check_title(&lane.title)?;
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
                Ok(Op::DeleteLane {
                    id: lane.id.clone(),
                })
            }
            Op::EditLane { id, title } => {
                let lane = self.lane(id)?;
                check_title(title)?;
                Ok(Op::EditLane {
                    id: id.clone(),
                    title: lane.title.clone(),
                })
            }
            Op::MoveLane { id, .. } => {
                let lane = self.lane(id)?;
                Ok(Op::MoveLane {
                    id: id.clone(),
                    order: lane.order.clone(),
                })
            }
            Op::DeleteLane { id } => {
                let lane = self.lane(id)?.clone();
                Ok(Op::AddLane {
                    lane,
                    cards: self.cards_in_lane(id),
                })
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
        }
    }

    /// Validates and applies `op`, returning the op that undoes it. On error the map is
    /// unchanged. `rev` is the caller's to count: the server's log decides it.
    pub fn apply(&mut self, op: &Op) -> Result<Op, OpError> {
        let inverse = self.invert(op)?;
        match op.clone() {
            Op::AddCard { card } => {
                self.cards.insert(card.id.clone(), card);
            }
            Op::EditCard {
                id,
                text,
                colour,
                tags,
                details,
            } => {
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
            Op::MoveCard {
                id,
                stage,
                lane,
                order,
            } => {
                if let Some(card) = self.cards.get_mut(&id) {
                    card.stage = stage;
                    card.lane = lane;
                    card.order = order;
                }
            }
            Op::DeleteCard { id } => {
                self.cards.remove(&id);
            }
            Op::AddStage { stage, cards } => {
                for card in cards {
                    self.cards.insert(card.id.clone(), card);
                }
                self.stages.insert(stage.id.clone(), stage);
            }
            Op::EditStage {
                id,
                title,
                description,
                duration,
            } => {
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
        }
        Ok(inverse)
    }

    /// The records `op` writes or deletes, judged on the map before it is applied.
    pub fn touched(&self, op: &Op) -> Touched {
        let mut t = Touched::default();
        match op {
            Op::AddCard { card } => t.cards.push(card.id.clone()),
            Op::EditCard { id, .. } | Op::MoveCard { id, .. } | Op::DeleteCard { id } => {
                t.cards.push(id.clone())
            }
            Op::AddStage { stage, cards } => {
                t.stages.push(stage.id.clone());
                t.cards.extend(cards.iter().map(|c| c.id.clone()));
            }
            Op::EditStage { id, .. } | Op::MoveStage { id, .. } => t.stages.push(id.clone()),
            Op::DeleteStage { id } => {
                t.stages.push(id.clone());
                t.cards
                    .extend(self.cards_in_stage(id).into_iter().map(|c| c.id));
            }
            Op::AddLane { lane, cards } => {
                t.lanes.push(lane.id.clone());
                t.cards.extend(cards.iter().map(|c| c.id.clone()));
            }
            Op::EditLane { id, .. } | Op::MoveLane { id, .. } => t.lanes.push(id.clone()),
            Op::DeleteLane { id } => {
                t.lanes.push(id.clone());
                t.cards
                    .extend(self.cards_in_lane(id).into_iter().map(|c| c.id));
            }
            Op::EditMap { .. } => t.map = true,
        }
        t
    }
}
