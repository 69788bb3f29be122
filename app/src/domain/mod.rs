//! Pure types and rules of a journey map: no Leptos, no IO. Shared by the browser and the
//! server, unit-tested beside the code.

pub mod access;
pub mod accounts;
pub mod board;
pub mod channel;
pub mod clipboard;
pub mod comment;
pub mod details;
pub mod draft;
pub mod duration;
pub mod facilitation;
pub mod feedback;
pub mod history;
pub mod ids;
pub mod insights;
pub mod metric;
pub mod model;
pub mod op;
pub mod order;
pub mod persona;
pub mod review;
pub mod search;
pub mod secret;
pub mod segment;
pub mod shelf;
pub mod steps;
pub mod summary;
pub mod template;
pub mod templates;
pub mod text;
pub mod transfer;
pub mod workshop;

pub use access::{AuthError, Capability, Role};
pub use board::BoardData;
pub use details::{CardDetails, Metric, MetricStatus, Quadrant, Reading, Severity, Trend, MAX_CARD_VOTES};
pub use draft::{Draft, DraftCard, DraftEmotion, DraftLane, DraftStage, ImportError, Part, Problem};
pub use ids::{CardId, LaneId, MapId, StageId};
pub use model::{Card, Colour, Lane, LaneKind, Map, MapSummary, Stage};
pub use op::{Entity, Op, OpError, Touched};
pub use order::OrderKey;
pub use persona::{CurvePoint, EmotionPoint, EmpathyMap, Persona, PersonaError, PersonaId};
pub use secret::SecretKind;

#[cfg(test)]
pub(crate) mod insights_tests;
#[cfg(test)]
pub(crate) mod op_tests;
