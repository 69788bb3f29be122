//! The real-time protocol of one map's websocket, shared by the browser and the server.
//! JSON text frames, tagged by `type`.
//!
//! ```text
//! client → hello {last_rev, name, colour}   server → welcome {you, rev, ops} | snapshot {map}
//! client → op {client_op, base_rev, op}     server → ack {client_op, rev} | reject {client_op, error}
//!                                           server → remote {rev, author, client_op, op} (every op, in rev order)
//! client → presence {editing, holding}      server → people {people}
//! ```
//!
//! `remote` carries every op of the log, the sender's own included. Two ops committed
//! close together may arrive out of order: clients apply them by `rev` and ask for a
//! catch-up (hello again) when one is missing.

use crate::domain::{CardId, Map, Op, OpError};
use serde::{Deserialize, Serialize};

/// Catch-up sends the missing ops when a client is at most this far behind, else a snapshot.
pub const MAX_CATCH_UP: u64 = 500;
/// Longest display name accepted.
pub const MAX_NAME: usize = 40;

/// Close codes the server ends a connection with.
/// The map does not exist, or this connection may no longer see it (removed, signed out,
/// link revoked): do not reconnect.
pub const CLOSE_NOT_FOUND: u16 = 4404;
/// This person holds too many connections (or the map's room is full): reconnect later.
pub const CLOSE_TOO_MANY: u16 = 4429;
/// The connection broke the protocol (no hello in time, malformed messages).
pub const CLOSE_PROTOCOL: u16 = 1008;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMsg {
    Hello { last_rev: u64, name: String, colour: String },
    Op { client_op: String, base_rev: u64, op: Op },
    Presence { editing: Option<CardId>, holding: Option<CardId> },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMsg {
    /// The ops after the client's `last_rev`, in order.
    Welcome {
        you: String,
        rev: u64,
        ops: Vec<RemoteOp>,
    },
    /// The whole map, when the client is too far behind for catch-up.
    Snapshot {
        you: String,
        map: Map,
    },
    Ack {
        client_op: String,
        rev: u64,
    },
    Reject {
        client_op: String,
        error: Rejection,
    },
    Remote(RemoteOp),
    People {
        people: Vec<Person>,
    },
}

/// An op as it reached the log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RemoteOp {
    pub rev: u64,
    pub author: String,
    pub client_op: String,
    pub op: Op,
}

/// Why an op was not applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rejection {
    /// It broke a rule of the map (as the map is now, after others' edits).
    Refused { reason: OpError },
    /// The map is gone.
    NotFound,
    /// This connection's role may not edit the map.
    Forbidden,
    /// The server could not save it; sending it again later may work.
    Unavailable,
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

    #[test]
    fn messages_are_tagged_json() {
        let m = ClientMsg::Presence { editing: None, holding: Some(CardId::from("c1")) };
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"type":"presence","editing":null,"holding":"c1"}"#);
        let s: ServerMsg = serde_json::from_str(r#"{"type":"ack","client_op":"x","rev":3}"#).unwrap();
        assert_eq!(s, ServerMsg::Ack { client_op: "x".into(), rev: 3 });
    }

    #[test]
    fn names_and_colours_are_cleaned() {
        assert_eq!(clean_name("  Ana\u{7}  "), "Ana");
        assert_eq!(clean_name(&"x".repeat(100)).chars().count(), MAX_NAME);
        assert_eq!(clean_colour("#a1B2c3"), "#a1B2c3");
        assert_eq!(clean_colour("red; background:url(x)"), "#5b6475");
    }
}
