//! What the board page loads in one answer: the map, the libraries it draws on and what
//! the viewer may do. Exchanged by the server and the browser, so it lives below both.

use super::channel::Channel;
use super::feedback::FeedbackSummary;
use super::{Map, Persona, Role};
use serde::{Deserialize, Serialize};

/// What the board needs: the map and the persona library (to name and colour the linked
/// personas and offer the others; through a share link only the linked ones).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardData {
    pub map: Map,
    pub personas: Vec<Persona>,
    /// The custom channels of the library (touchpoints may name them).
    pub channels: Vec<Channel>,
    /// The workspace's client segments (cards and personas name them).
    #[serde(default)]
    pub segments: Vec<super::segment::Segment>,
    /// What the viewer may do on this map.
    pub role: Role,
    /// The share link's secret when the board is opened through one (the websocket and
    /// exports pass it on).
    pub share: Option<String>,
    /// The map's customer feedback, summarised (no single answer reaches the page).
    #[serde(default)]
    pub feedback: FeedbackSummary,
    /// The map's comments (none through a view-only share link), and who the viewer is
    /// among their authors (a member's user id; a guest learns theirs when they first post).
    #[serde(default)]
    pub comments: Vec<super::comment::Comment>,
    #[serde(default)]
    pub me: Option<String>,
    /// A workshop guest's own cards (they may change only these); `None` for everyone else.
    #[serde(default)]
    pub own: Option<Vec<super::CardId>>,
}
