//! Starter content for new maps. Names come from the caller, in the user's language.

use super::draft::{Draft, DraftLane, DraftStage};
use super::model::LaneKind;

/// The stages and lanes a template lays out, with their names already translated.
pub struct Layout<'a> {
    pub stages: Vec<(&'a str, &'a str)>,
    pub lanes: Vec<(LaneKind, &'a str)>,
}

impl Layout<'_> {
    /// The layout as a [`Draft`] titled `title`: stages (title, duration) and lanes, no
    /// cards; a map is made from it by the one path that makes maps from drafts.
    pub fn draft(&self, title: &str) -> Draft {
        Draft {
            title: title.to_owned(),
            description: String::new(),
            stages: self
                .stages
                .iter()
                .map(|(title, duration)| DraftStage {
                    title: (*title).to_owned(),
                    description: String::new(),
                    duration: (*duration).to_owned(),
                })
                .collect(),
            lanes: self
                .lanes
                .iter()
                .map(|(kind, title)| DraftLane { kind: *kind, title: (*title).to_owned() })
                .collect(),
            cards: Vec::new(),
            personas: Vec::new(),
            emotions: Vec::new(),
            channels: Vec::new(),
            segments: Vec::new(),
        }
    }
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

/// A template a workspace saved from one of its maps ("Save as template"), as listed: the
/// draft itself stays on the server until a map is made from it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SavedTemplate {
    pub id: String,
    pub name: String,
    pub stages: u32,
    pub cards: u32,
    pub personas: u32,
}

impl SavedTemplate {
    /// A new template id: `t-` and 12 hex digits.
    pub fn new_id() -> String {
        format!("t-{}", &uuid::Uuid::new_v4().simple().to_string()[..12])
    }

    /// Whether `id` has the shape of a saved template's id (checked before any lookup).
    pub fn is_id(id: &str) -> bool {
        id.len() == 14 && id.starts_with("t-") && id[2..].bytes().all(|b| b.is_ascii_hexdigit())
    }
}
