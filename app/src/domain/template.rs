//! Starter content for new maps. Names come from the caller, in the user's language.

use super::ids::{LaneId, StageId};
use super::model::{Lane, LaneKind, Stage};
use super::op::Op;
use super::order::OrderKey;

/// The stages and lanes a template lays out, with their names already translated.
pub struct Layout<'a> {
    pub stages: Vec<(&'a str, &'a str)>,
    pub lanes: Vec<(LaneKind, &'a str)>,
}

/// The ops that build a layout on an empty map: stages, then lanes, in order.
pub fn layout_ops(layout: &Layout<'_>) -> Vec<Op> {
    let stage_keys = OrderKey::spread(layout.stages.len());
    let lane_keys = OrderKey::spread(layout.lanes.len());
    let stages = layout.stages.iter().zip(stage_keys).map(|((title, duration), order)| Op::AddStage {
        stage: Stage {
            id: StageId::generate(),
            title: (*title).to_owned(),
            description: String::new(),
            duration: (*duration).to_owned(),
            order,
        },
        cards: Vec::new(),
        emotions: Vec::new(),
    });
    let lanes = layout.lanes.iter().zip(lane_keys).map(|((kind, title), order)| Op::AddLane {
        lane: Lane { id: LaneId::generate(), kind: *kind, title: (*title).to_owned(), order },
        cards: Vec::new(),
    });
    stages.chain(lanes).collect()
}

/// The lane kinds of the starter template, top to bottom.
pub const STARTER_LANES: [LaneKind; 6] = [
    LaneKind::Steps,
    LaneKind::Touchpoints,
    LaneKind::Thoughts,
    LaneKind::Emotions,
    LaneKind::PainPoints,
    LaneKind::Opportunities,
];

/// What a new map starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    Blank,
    #[default]
    Starter,
    /// A filled cosmetology clinic map, with two personas (seed 002).
    Clinic,
    /// A massage studio's client timeline, with two personas (seed 000).
    Massage,
    /// Omnichannel retail with the seven channels of seed 004.
    Retail,
}

impl Template {
    /// The filled content of a learning template.
    pub fn spec(self) -> Option<&'static super::templates::Spec> {
        match self {
            Template::Blank | Template::Starter => None,
            Template::Clinic => Some(&super::templates::CLINIC),
            Template::Massage => Some(&super::templates::MASSAGE),
            Template::Retail => Some(&super::templates::RETAIL),
        }
    }
}
