//! A map without ids — a [`Draft`], its cards pointing at stages and lanes by position —
//! and why one cannot become a map ([`ImportError`]). Every import and template yields a
//! draft, which [`Draft::ops`] turns into the ops that build it, so it is checked by the
//! same rules as any edit and written in one transaction (all or nothing); every export
//! reads a draft of the map. The readers and writers of file formats live in `formats`.
//!
//! Every dimension a draft may describe has a bound in [`limits`], checked by the
//! readers while they read and again by [`Draft::build`].
//!
//! Long on purpose: the draft, its checks and its building are one contract that every
//! importer, every exporter and every template relies on.

use super::channel::Channel;
use super::segment::Segment;
use super::*;
use serde::{Deserialize, Serialize};

/// What one imported file may describe at most. Beyond these a reader stops at once with
/// [`ImportError::TooMany`]; the map's own rules (text lengths and the like) are checked
/// after, by building the map.
pub mod limits {
    use crate::domain::{channel, model, op};

    pub const MAX_STAGES: usize = model::MAX_STAGES;
    pub const MAX_LANES: usize = model::MAX_LANES;
    pub const MAX_CARDS: usize = model::MAX_CARDS;
    /// Personas (Mermaid actors, the OJF persona): as many as one map links.
    pub const MAX_PERSONAS: usize = op::MAX_LINKED_PERSONAS;
    /// New custom channels one file brings.
    pub const MAX_CHANNELS: usize = channel::MAX_CHANNELS;
    /// Emotion points: one per persona and stage.
    pub const MAX_EMOTIONS: usize = MAX_STAGES * MAX_PERSONAS;
    /// Lines of a text file (Mermaid) or records of a CSV, blank ones included.
    pub const MAX_LINES: usize = 100_000;
    /// Columns of a CSV.
    pub const MAX_COLUMNS: usize = 64;
    /// Tags of one card.
    pub const MAX_TAGS: usize = model::MAX_TAGS;
    /// Characters of any one text in a file (the map's rules are stricter, per field).
    pub const MAX_TEXT: usize = 20_000;
}

/// The part of a file an [`ImportError::TooMany`] counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Stages,
    Lanes,
    Cards,
    Personas,
    Channels,
    Emotions,
    Lines,
    Columns,
    Tags,
    Segments,
}

impl Part {
    pub const ALL: [Part; 10] = [
        Part::Stages,
        Part::Lanes,
        Part::Cards,
        Part::Personas,
        Part::Channels,
        Part::Emotions,
        Part::Lines,
        Part::Columns,
        Part::Tags,
        Part::Segments,
    ];
}

/// `Err(TooMany)` when `n` is over `max`.
pub(crate) fn bound(what: Part, n: usize, max: usize) -> Result<(), ImportError> {
    if n > max {
        return Err(ImportError::TooMany { what, max: max as u32 });
    }
    Ok(())
}

/// A map without ids: what an import yields and an export reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Draft {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub stages: Vec<DraftStage>,
    pub lanes: Vec<DraftLane>,
    /// In display order within each cell.
    #[serde(default)]
    pub cards: Vec<DraftCard>,
    /// Personas linked to the map, in order; on import matched to the library by name.
    #[serde(default)]
    pub personas: Vec<Persona>,
    #[serde(default)]
    pub emotions: Vec<DraftEmotion>,
    /// Custom channels the cards use; on import matched to the library by name.
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// Client segments the cards are scoped to (cards name them by these ids); on import
    /// matched to the workspace's list by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<Segment>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct DraftStage {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub duration: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftLane {
    pub kind: LaneKind,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftCard {
    /// Index into `stages`.
    pub stage: usize,
    /// Index into `lanes`.
    pub lane: usize,
    pub text: String,
    #[serde(default)]
    pub colour: Colour,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub details: CardDetails,
    /// For a metric: index into `cards` of the touchpoint it measures (the map's card id,
    /// `details.metric.touchpoint`, is not kept: a draft has no ids).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measures: Option<usize>,
    /// How personas feel at this step: (index into `personas`, −2..+2). In the map they are
    /// `details.feelings`, by persona id, which a draft does not keep.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feelings: Vec<(usize, i8)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftEmotion {
    /// Index into `personas`.
    pub persona: usize,
    /// Index into `stages`.
    pub stage: usize,
    pub score: i8,
    #[serde(default)]
    pub note: String,
}

/// Why a file cannot be imported. Each names the place in the file where it can.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than {max} bytes")]
    TooLarge { max: u64 },
    #[error("not a format Jornada imports")]
    UnknownFormat,
    #[error("not valid JSON at line {line}, column {column}")]
    Json { line: u32, column: u32 },
    /// A field of a structured file is missing or has a value that cannot be used.
    #[error("field {field}: {problem:?}")]
    Field { field: String, problem: Problem },
    /// A line of a text file (CSV, Mermaid) cannot be read.
    #[error("line {line}: {problem:?}")]
    Line { line: u32, problem: Problem },
    #[error("format version {found} is newer than this Jornada knows")]
    Version { found: String },
    #[error("the file has no stages")]
    NoStages,
    /// What the file describes breaks a rule of maps (too many cards, a text too long).
    #[error("refused: {0}")]
    Refused(OpError),
    /// The file describes more of something than one import takes ([`limits`]).
    #[error("more {what:?} than {max}")]
    TooMany { what: Part, max: u32 },
    /// Reading the file took longer than the import's time budget.
    #[error("reading took more than {seconds} s")]
    TooSlow { seconds: u32 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Missing,
    Invalid,
    /// Refers to a stage, lane or column the file does not define.
    UnknownReference,
    TooLong,
}

impl Draft {
    /// A draft of `map`: its linked personas and the custom channels its cards use taken
    /// from the libraries given.
    pub fn of(map: &Map, library: &[Persona], channels: &[Channel]) -> Draft {
        let stages = map.ordered_stages();
        let lanes = map.ordered_lanes();
        let stage_at = |id: &StageId| stages.iter().position(|s| s.id == *id);
        let lane_at = |id: &LaneId| lanes.iter().position(|l| l.id == *id);
        let mut cards: Vec<(usize, usize, &Card)> =
            map.cards.values().filter_map(|c| Some((stage_at(&c.stage)?, lane_at(&c.lane)?, c))).collect();
        cards.sort_by(|a, b| (a.0, a.1, &a.2.order, &a.2.id).cmp(&(b.0, b.1, &b.2.order, &b.2.id)));
        let card_at: std::collections::HashMap<&CardId, usize> =
            cards.iter().enumerate().map(|(i, (_, _, c))| (&c.id, i)).collect();
        let personas: Vec<Persona> = map
            .personas
            .iter()
            .map(|id| {
                library
                    .iter()
                    .find(|p| p.id == *id)
                    .cloned()
                    .unwrap_or_else(|| Persona::named(id.clone(), id.0.clone()))
            })
            .collect();
        let mut emotions: Vec<DraftEmotion> = map
            .emotions
            .iter()
            .filter_map(|e| {
                Some(DraftEmotion {
                    persona: map.personas.iter().position(|p| *p == e.persona)?,
                    stage: stage_at(&e.stage)?,
                    score: e.score,
                    note: e.note.clone(),
                })
            })
            .collect();
        emotions.sort_by_key(|e| (e.persona, e.stage));
        let used: Vec<Channel> = channels
            .iter()
            .filter(|c| map.cards.values().any(|card| card.details.channel.as_deref() == Some(c.id.as_str())))
            .cloned()
            .collect();
        Draft {
            title: map.title.clone(),
            description: map.description.clone(),
            stages: stages
                .iter()
                .map(|s| DraftStage {
                    title: s.title.clone(),
                    description: s.description.clone(),
                    duration: s.duration.clone(),
                })
                .collect(),
            lanes: lanes.iter().map(|l| DraftLane { kind: l.kind, title: l.title.clone() }).collect(),
            cards: cards
                .into_iter()
                .map(|(stage, lane, c)| {
                    let mut details = c.details.clone();
                    let tied = details.metric.as_mut().and_then(|m| m.touchpoint.take());
                    let feelings = std::mem::take(&mut details.feelings)
                        .into_iter()
                        .filter_map(|(p, s)| Some((map.personas.iter().position(|id| *id == p)?, s)))
                        .collect();
                    DraftCard {
                        feelings,
                        stage,
                        lane,
                        text: c.text.clone(),
                        colour: c.colour,
                        tags: c.tags.clone(),
                        details,
                        measures: tied.and_then(|id| card_at.get(&id).copied()),
                    }
                })
                .collect(),
            personas,
            emotions,
            channels: used,
            segments: Vec::new(),
        }
    }

    /// The draft with the segments of `list` its cards are scoped to (a draft made by
    /// [`Draft::of`] names no segment until given the workspace's list).
    pub fn with_segments(mut self, list: &[Segment]) -> Draft {
        self.segments =
            list.iter().filter(|s| self.cards.iter().any(|c| c.details.segments.contains(&s.id))).cloned().collect();
        self
    }

    /// The names of a card's segments, as the draft lists them.
    pub fn segment_names(&self, scope: &[String]) -> Vec<String> {
        super::segment::names(&self.segments, scope)
    }

    /// Checks what a file describes: its size, references inside it, then every rule of
    /// maps, by building the map in memory, and that the map would load again.
    pub fn check(&self) -> Result<(), ImportError> {
        let ids: Vec<PersonaId> = self.personas.iter().map(|_| PersonaId::generate()).collect();
        self.build(MapId::from("import"), &ids).map(|_| ())
    }

    /// The map this draft describes, built by its ops on an empty map (the ops returned
    /// are what the store writes and logs, the map is at revision `ops.len()`), with
    /// `personas[i]` linked as `persona_ids[i]`. Fails as [`Draft::check`] does.
    pub fn build(&self, id: MapId, persona_ids: &[PersonaId]) -> Result<(Map, Vec<Op>), ImportError> {
        use limits::*;
        bound(Part::Stages, self.stages.len(), MAX_STAGES)?;
        bound(Part::Lanes, self.lanes.len(), MAX_LANES)?;
        bound(Part::Cards, self.cards.len(), MAX_CARDS)?;
        bound(Part::Personas, self.personas.len(), MAX_PERSONAS)?;
        bound(Part::Channels, self.channels.len(), MAX_CHANNELS)?;
        bound(Part::Segments, self.segments.len(), super::segment::MAX_SEGMENTS)?;
        bound(Part::Emotions, self.emotions.len(), MAX_EMOTIONS)?;
        if self.stages.is_empty() {
            return Err(ImportError::NoStages);
        }
        for (i, c) in self.cards.iter().enumerate() {
            if c.stage >= self.stages.len() {
                return Err(ImportError::Field {
                    field: format!("cards[{i}].stage"),
                    problem: Problem::UnknownReference,
                });
            }
            if c.lane >= self.lanes.len() {
                return Err(ImportError::Field {
                    field: format!("cards[{i}].lane"),
                    problem: Problem::UnknownReference,
                });
            }
            if c.feelings.iter().any(|(p, _)| *p >= self.personas.len()) {
                return Err(ImportError::Field {
                    field: format!("cards[{i}].feelings"),
                    problem: Problem::UnknownReference,
                });
            }
            if c.measures.is_some_and(|m| m >= self.cards.len()) {
                return Err(ImportError::Field {
                    field: format!("cards[{i}].measures"),
                    problem: Problem::UnknownReference,
                });
            }
        }
        for (i, e) in self.emotions.iter().enumerate() {
            if e.persona >= self.personas.len() || e.stage >= self.stages.len() {
                return Err(ImportError::Field { field: format!("emotions[{i}]"), problem: Problem::UnknownReference });
            }
        }
        for (i, p) in self.personas.iter().enumerate() {
            if p.validate().is_err() {
                return Err(ImportError::Field { field: format!("personas[{i}]"), problem: Problem::Invalid });
            }
        }
        if persona_ids.len() < self.personas.len() {
            return Err(ImportError::Field { field: "personas".into(), problem: Problem::UnknownReference });
        }
        let ops = self.ops(persona_ids);
        let mut map = Map::new(id, "import");
        for op in &ops {
            map.apply(op).map_err(ImportError::Refused)?;
        }
        loadable(&map)?;
        // As the store numbers the ops: 1, 2, … so the map is at the last one.
        map.rev = ops.len() as u64;
        Ok((map, ops))
    }

    /// The ops that build this draft on an empty map, with `personas[i]` linked as
    /// `persona_ids[i]` and custom channel ids as the draft names them. The cards of one
    /// cell get evenly spaced keys ([`OrderKey::spread`]): short however many there are.
    pub fn ops(&self, persona_ids: &[PersonaId]) -> Vec<Op> {
        let stage_ids: Vec<StageId> = self.stages.iter().map(|_| StageId::generate()).collect();
        let lane_ids: Vec<LaneId> = self.lanes.iter().map(|_| LaneId::generate()).collect();
        let mut ops =
            vec![Op::EditMap { title: Some(self.title.clone()), description: Some(self.description.clone()) }];
        for ((id, s), order) in stage_ids.iter().zip(&self.stages).zip(OrderKey::spread(self.stages.len())) {
            ops.push(Op::AddStage {
                stage: Stage {
                    id: id.clone(),
                    title: s.title.clone(),
                    description: s.description.clone(),
                    duration: s.duration.clone(),
                    order,
                },
                cards: vec![],
                emotions: vec![],
            });
        }
        for ((id, l), order) in lane_ids.iter().zip(&self.lanes).zip(OrderKey::spread(self.lanes.len())) {
            ops.push(Op::AddLane {
                lane: Lane { id: id.clone(), kind: l.kind, title: l.title.clone(), order },
                cards: vec![],
            });
        }
        // Per cell: its keys, and how many of them are used.
        let mut cells: std::collections::HashMap<(usize, usize), (Vec<OrderKey>, usize)> =
            std::collections::HashMap::new();
        for c in &self.cards {
            cells.entry((c.stage, c.lane)).or_default().1 += 1;
        }
        for (keys, n) in cells.values_mut() {
            *keys = OrderKey::spread(*n);
            keys.reverse();
            *n = 0;
        }
        let card_ids: Vec<CardId> = self.cards.iter().map(|_| CardId::generate()).collect();
        for (c, id) in self.cards.iter().zip(&card_ids) {
            let (Some(stage), Some(lane)) = (stage_ids.get(c.stage), lane_ids.get(c.lane)) else { continue };
            let Some(order) = cells.get_mut(&(c.stage, c.lane)).and_then(|(keys, _)| keys.pop()) else { continue };
            let mut details = c.details.clone();
            if let Some(m) = details.metric.as_mut() {
                m.touchpoint = c.measures.and_then(|i| card_ids.get(i)).cloned();
            }
            details.feelings =
                c.feelings.iter().filter_map(|(p, s)| Some((persona_ids.get(*p)?.clone(), *s))).collect();
            ops.push(Op::AddCard {
                card: Card {
                    author: None,
                    id: id.clone(),
                    lane: lane.clone(),
                    stage: stage.clone(),
                    order,
                    text: c.text.clone(),
                    colour: c.colour,
                    tags: c.tags.clone(),
                    details,
                },
            });
        }
        for (at, id) in persona_ids.iter().enumerate().take(self.personas.len()) {
            ops.push(Op::LinkPersona { persona: id.clone(), at: at as u32, emotions: vec![] });
        }
        for e in &self.emotions {
            let (Some(persona), Some(stage)) = (persona_ids.get(e.persona), stage_ids.get(e.stage)) else { continue };
            ops.push(Op::SetEmotion {
                persona: persona.clone(),
                stage: stage.clone(),
                score: Some(e.score),
                note: e.note.clone(),
            });
        }
        ops
    }

    /// The index of the lane of `kind` titled `title`, added when missing.
    pub fn lane(&mut self, kind: LaneKind, title: &str) -> usize {
        match self.lanes.iter().position(|l| l.kind == kind && l.title == title) {
            Some(i) => i,
            None => {
                self.lanes.push(DraftLane { kind, title: title.to_owned() });
                self.lanes.len() - 1
            }
        }
    }

    /// The index of the persona named `name`, added when missing.
    pub fn persona(&mut self, name: &str) -> usize {
        match self.personas.iter().position(|p| p.name == name) {
            Some(i) => i,
            None => {
                self.personas.push(Persona::named(PersonaId(String::new()), name.to_owned()));
                self.personas.len() - 1
            }
        }
    }

    /// Cards of one stage and lane, in order.
    pub fn cards_in(&self, stage: usize, lane: usize) -> impl Iterator<Item = &DraftCard> {
        self.cards.iter().filter(move |c| c.stage == stage && c.lane == lane)
    }

    /// The emotion of persona `p` at stage `s`.
    pub fn emotion(&self, p: usize, s: usize) -> Option<&DraftEmotion> {
        self.emotions.iter().find(|e| e.persona == p && e.stage == s)
    }

    /// Persona `p`'s curve through the stages and the feelings of their step cards, as
    /// [`Map::curve_points`] draws it on the board (cards in the draft's order).
    pub fn curve_points(&self, p: usize) -> Vec<crate::domain::persona::CurvePoint> {
        let mut steps: Vec<Vec<(usize, Option<i8>)>> = vec![Vec::new(); self.stages.len()];
        for c in &self.cards {
            if self.lanes.get(c.lane).is_some_and(|l| l.kind == LaneKind::Steps) && c.stage < steps.len() {
                steps[c.stage].push((c.lane, c.feelings.iter().find(|(q, _)| *q == p).map(|(_, s)| *s)));
            }
        }
        let stages: Vec<(Option<i8>, Vec<Option<i8>>)> = steps
            .into_iter()
            .enumerate()
            .map(|(si, mut cards)| {
                cards.sort_by_key(|(lane, _)| *lane);
                (self.emotion(p, si).map(|e| e.score), cards.into_iter().map(|(_, f)| f).collect())
            })
            .collect();
        crate::domain::persona::curve_through(&stages)
    }

    /// The name of a card's channel: a built-in id, or a custom channel's name.
    pub fn channel_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.channels.iter().find(|c| c.id == id).map_or(id, |c| c.name.as_str())
    }
}

/// Whether `map` would load again from the store: every record read back the way a load
/// reads it (its ids and order keys parsed again), so no import can store a state that a
/// restart then fails to load.
fn loadable(map: &Map) -> Result<(), ImportError> {
    fn again<T: Serialize + serde::de::DeserializeOwned>(v: &T) -> bool {
        serde_json::to_value(v).ok().and_then(|v| serde_json::from_value::<T>(v).ok()).is_some()
    }
    let keys_ok = map
        .stages
        .values()
        .map(|s| &s.order)
        .chain(map.lanes.values().map(|l| &l.order))
        .chain(map.cards.values().map(|c| &c.order))
        .all(|k| OrderKey::parse(k.as_str()).is_some());
    let rows_ok = map.stages.values().all(again)
        && map.lanes.values().all(again)
        && map.cards.values().all(again)
        && map.emotions.iter().all(again);
    if keys_ok && rows_ok {
        Ok(())
    } else {
        Err(ImportError::Refused(OpError::BadField { field: "order".into() }))
    }
}
