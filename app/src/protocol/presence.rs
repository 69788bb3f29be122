//! Who is on a map, as the protocol carries it: a person (one connection), what they
//! signal, their cursor, and the rules a server applies to what a browser sends of them.

use super::MAX_NAME;
use crate::domain::CardId;
use serde::{Deserialize, Serialize};

/// The least time between two cursor messages of one browser, and how often the server
/// sends a room the cursors that moved (at most 20 a second either way).
pub const CURSOR_EVERY_MS: u64 = 50;
/// The largest grid coordinate a cursor may have (a 5,000-card board is far smaller).
pub const MAX_CURSOR_AT: f32 = 100_000.0;

/// A cursor of someone on the map: their connection id and where it is (`None`: gone).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CursorAt {
    pub id: String,
    pub at: Option<[f32; 2]>,
}

/// A cursor position as a server accepts it: finite, not negative, bounded.
pub fn clean_cursor(at: Option<[f32; 2]>) -> Option<[f32; 2]> {
    at.filter(|[x, y]| x.is_finite() && y.is_finite())
        .map(|[x, y]| [x.clamp(0.0, MAX_CURSOR_AT), y.clamp(0.0, MAX_CURSOR_AT)])
}

/// Someone on the map.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// A connection id: one person may be here in two tabs.
    pub id: String,
    pub name: String,
    pub colour: String,
    pub editing: Option<CardId>,
    pub holding: Option<CardId>,
    /// "I'm done" or a raised hand, shown beside the person in a workshop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

/// What a person signals to the room.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Done,
    Hand,
}

/// Keeps a display name short and printable.
pub fn clean_name(name: &str) -> String {
    let name: String = name.chars().filter(|c| !c.is_control()).take(MAX_NAME).collect();
    name.trim().to_owned()
}

/// A colour is `#rrggbb`; anything else gets a neutral one.
pub fn clean_colour(colour: &str) -> String {
    let ok = colour.len() == 7 && colour.starts_with('#') && colour[1..].chars().all(|c| c.is_ascii_hexdigit());
    if ok {
        colour.to_owned()
    } else {
        "#5b6475".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{ClientMsg, PresenceNews, ServerMsg};

    #[test]
    fn presence_messages_are_flat_tagged_json() {
        // Presence carries cursors and signals too, in the same flat shape.
        assert_eq!(
            serde_json::to_string(&ClientMsg::cursor(Some([1.5, 2.0]))).unwrap(),
            r#"{"type":"cursor","at":[1.5,2.0]}"#
        );
        assert_eq!(
            serde_json::to_string(&ClientMsg::status(Some(Status::Hand))).unwrap(),
            r#"{"type":"status","status":"hand"}"#
        );
        let c: ServerMsg = serde_json::from_str(r#"{"type":"cursors","cursors":[{"id":"k","at":null}]}"#).unwrap();
        assert_eq!(
            c,
            ServerMsg::Presence(PresenceNews::Cursors { cursors: vec![CursorAt { id: "k".into(), at: None }] })
        );
        assert_eq!(clean_cursor(Some([f32::NAN, 1.0])), None);
        assert_eq!(clean_cursor(Some([-5.0, 1e9])), Some([0.0, MAX_CURSOR_AT]));
    }
}

/// The presence family: who is on the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PresenceNews {
    People {
        people: Vec<Person>,
    },
    /// The cursors that moved since the last such message (every [`CURSOR_EVERY_MS`]).
    Cursors {
        cursors: Vec<CursorAt>,
    },
    /// The map's workshop timer as it is now, with the server's time (so a device reads
    /// it against the server's clock, not its own).
    Timer {
        timer: crate::domain::workshop::Timer,
        now: chrono::DateTime<chrono::Utc>,
    },
    /// The map's workshop as it is now (`None`: none runs).
    Workshop {
        workshop: Option<crate::domain::facilitation::WorkshopState>,
    },
    /// Where a facilitator's board is (followers of `from` go there).
    View {
        from: String,
        at: crate::domain::facilitation::ViewAt,
    },
}
