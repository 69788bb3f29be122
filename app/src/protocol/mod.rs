//! The wire protocol between the browser and the server, defined once: the websocket's
//! messages, its version, close codes and limits, and the URL paths the browser, the
//! server, the REST API and the tests use. Below the store and the server (it names only
//! `domain` types), like tldraw's `protocol.ts`.
//!
//! One map's websocket carries JSON text frames tagged by `type`, grouped in families:
//!
//! ```text
//! family    client → server                        server → client
//! session   hello {version, last_rev, name, colour}  (the version check; catch-up below)
//! sync                                             welcome {you, rev, ops} | snapshot {you, map}
//!                                                  remote {rev, author, client_op, op} (every op, in rev order)
//! edit      op {client_op, base_rev, op}           ack {client_op, rev} | reject {client_op, error}
//! presence  presence {editing, holding}            people {people} | cursors {cursors} | timer {timer, now} | workshop {workshop}
//!           cursor {at} | status {status}
//! talk                                             comment {comment} (written, edited, deleted or resolved)
//! ```
//!
//! Comments are written through server functions (they need no ordering against ops) and
//! arrive over the socket like ops; a view-only share link gets none of them.
//!
//! `remote` carries every op of the log, the sender's own included. Two ops committed
//! close together may arrive out of order: clients apply them by `rev` (see [`replica`])
//! and ask for a catch-up (hello again) when one is missing. A hello whose `version` the
//! server does not speak is closed with [`CLOSE_RELOAD`]: the tab reloads to get the new code.
//!
//! **Adding a family** (comments, cursors, timers, votes): one enum per direction tagged
//! by `type` (its variants are the family's messages; a `type` must not repeat across
//! families), one variant wrapping it in [`ClientMsg`] / [`ServerMsg`], one handler in the
//! server's `Connection` and one arm in the browser's `Sync`. Bump [`PROTOCOL_VERSION`]
//! when an existing message changes shape; a new family that old clients never send needs
//! no bump.

pub mod replica;

use crate::domain::comment::Comment;
use crate::domain::{CardId, Map, Op, OpError};
use serde::{Deserialize, Serialize};
use std::time::Duration;

mod presence;
pub use presence::*;

/// The protocol this build speaks. A hello without a version is from before versions
/// existed (0). 2: presence carries cursors, the timer and "I'm done" / a raised hand;
/// 3: and the workshop (lock, vote); 4: a lane's kind changes (an op an older tab cannot
/// read). An older tab is told to reload.
pub const PROTOCOL_VERSION: u32 = 4;
/// The oldest client protocol the server still serves.
pub const OLDEST_VERSION: u32 = 4;

/// Whether the server serves a client that says hello with `version`.
pub fn speaks(version: u32) -> bool {
    (OLDEST_VERSION..=PROTOCOL_VERSION).contains(&version)
}

// Close codes the server ends a connection with.
/// The map does not exist, or this connection may no longer see it (removed, signed out,
/// link revoked): do not reconnect.
pub const CLOSE_NOT_FOUND: u16 = 4404;
/// A workshop guest the facilitator removed (the workshop goes on without them): say so,
/// do not reconnect.
pub const CLOSE_REMOVED: u16 = 4403;
/// This person holds too many connections (or the map's room is full): reconnect later.
pub const CLOSE_TOO_MANY: u16 = 4429;
/// The connection broke the protocol (no hello in time, malformed messages).
pub const CLOSE_PROTOCOL: u16 = 1008;
/// The client speaks a protocol version the server does not (Jornada was updated):
/// reload the page.
pub const CLOSE_RELOAD: u16 = 4426;

/// What the browser does when its connection closed with `code` after `attempt` failed
/// reconnections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AfterClose {
    /// The server speaks another protocol: offer a reload, do not reconnect.
    Reload,
    /// The map is gone for this connection: say so, do not reconnect.
    Gone,
    /// This workshop guest was removed: say so, do not reconnect.
    Removed,
    /// Reconnect after `after` (0.5 s, 1 s, 2 s … up to 10 s); `too_many` says why it failed.
    Retry { after: Duration, too_many: bool },
}

pub fn after_close(code: Option<u16>, attempt: u32) -> AfterClose {
    match code {
        Some(CLOSE_RELOAD) => AfterClose::Reload,
        Some(CLOSE_NOT_FOUND) => AfterClose::Gone,
        Some(CLOSE_REMOVED) => AfterClose::Removed,
        _ => AfterClose::Retry {
            after: Duration::from_millis((500u64 << attempt.min(5)).min(10_000)),
            too_many: code == Some(CLOSE_TOO_MANY),
        },
    }
}

// Limits.
/// Catch-up sends the missing ops when a client is at most this far behind, else a snapshot.
pub const MAX_CATCH_UP: u64 = 500;
/// Longest display name accepted.
pub const MAX_NAME: usize = 40;
/// Longest client op id (bytes): the idempotency key of an op, over websocket or REST.
pub const MAX_CLIENT_OP: usize = 64;
/// Largest websocket message a client may send.
pub const MAX_MESSAGE: usize = 256 * 1024;
/// Most ops in one REST request.
pub const MAX_OPS_PER_REQUEST: usize = 1000;

/// Whether a client op id is acceptable (the one check the websocket, the server
/// functions and the REST API share).
pub fn client_op_ok(client_op: &str) -> bool {
    client_op.len() <= MAX_CLIENT_OP
}

// URL paths (axum route patterns, and the functions that fill them in).
/// One map's websocket.
pub const WS_MAP_ROUTE: &str = "/api/ws/maps/{id}";
/// The REST API's root (`/api/v1/maps/...`).
pub const REST_ROOT: &str = "/api/v1";
/// Import a file as a new map (POST, multipart-free body).
pub const IMPORT_PATH: &str = "/api/maps/import";
pub const EXPORT_ROUTE: &str = "/api/maps/{id}/export/{format}";
pub const PHOTO_ROUTE: &str = "/api/personas/{id}/photo";
/// A feedback file of map `id`: `preview` reads it, `import` stores it (the file is the
/// body; the file name, the column mapping as JSON and `skip_bad` are query parameters).
pub const FEEDBACK_FILE_ROUTE: &str = "/api/maps/{id}/feedback/{step}";

/// The websocket path of map `id`, with a share link's secret when there is one.
pub fn ws_map_path(id: &str, share: Option<&str>) -> String {
    let query = share.map(|s| format!("?share={s}")).unwrap_or_default();
    format!("{}{query}", WS_MAP_ROUTE.replace("{id}", id))
}

/// A workshop's summary of map `id` as a download (`summary.md` or `summary.pdf`).
pub const SUMMARY_ROUTE: &str = "/api/maps/{id}/workshop/{file}";

/// Where map `id` is exported as `format` (`json`, `csv`, …).
pub fn export_path(id: &str, format: &str) -> String {
    EXPORT_ROUTE.replace("{id}", id).replace("{format}", format)
}

/// Where a feedback file of map `id` is previewed (`step` "preview") or imported ("import").
pub fn feedback_file_path(id: &str, step: &str) -> String {
    FEEDBACK_FILE_ROUTE.replace("{id}", id).replace("{step}", step)
}

/// A persona's photo (GET) and where a new one is uploaded (POST).
pub fn photo_path(id: &str) -> String {
    PHOTO_ROUTE.replace("{id}", id)
}

/// A map in the REST API.
pub fn rest_map_path(id: &str) -> String {
    format!("{REST_ROOT}/maps/{id}")
}

/// A message from the browser: one variant per family.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ClientMsg {
    Session(SessionMsg),
    Edit(EditMsg),
    Presence(PresenceMsg),
}

/// The session family: who this is, and which revision it has.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SessionMsg {
    /// The first message of a connection; sent again, it asks for a catch-up.
    Hello {
        #[serde(default)]
        version: u32,
        last_rev: u64,
        #[serde(default)]
        name: String,
        #[serde(default)]
        colour: String,
    },
}

/// The edit family: ops for the map's log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EditMsg {
    Op { client_op: String, base_rev: u64, op: Op },
}

/// The presence family: what this browser edits or holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PresenceMsg {
    Presence {
        editing: Option<CardId>,
        holding: Option<CardId>,
    },
    /// Where this browser's pointer is over the board, in the grid's own pixels (from its
    /// top-left corner), or `None` when it left the board or cursors are hidden. Sent at
    /// most [`CURSOR_EVERY_MS`] apart; the server keeps the latest.
    Cursor {
        at: Option<[f32; 2]>,
    },
    /// "I'm done", a raised hand, or neither.
    Status {
        status: Option<Status>,
    },
    /// Where this facilitator's board is while the others follow it (sent at most five
    /// times a second; a connection that may not edit is not relayed).
    View {
        at: crate::domain::facilitation::ViewAt,
    },
}

impl ClientMsg {
    /// A hello in this build's protocol version.
    pub fn hello(last_rev: u64, name: impl Into<String>, colour: impl Into<String>) -> Self {
        ClientMsg::Session(SessionMsg::Hello {
            version: PROTOCOL_VERSION,
            last_rev,
            name: name.into(),
            colour: colour.into(),
        })
    }

    /// "Catch me up from `last_rev`" (`u64::MAX`: send the whole map).
    pub fn catch_up(last_rev: u64) -> Self {
        Self::hello(last_rev, "", "")
    }

    pub fn status(status: Option<Status>) -> Self {
        ClientMsg::Presence(PresenceMsg::Status { status })
    }

    pub fn cursor(at: Option<[f32; 2]>) -> Self {
        ClientMsg::Presence(PresenceMsg::Cursor { at })
    }

    pub fn op(client_op: impl Into<String>, base_rev: u64, op: Op) -> Self {
        ClientMsg::Edit(EditMsg::Op { client_op: client_op.into(), base_rev, op })
    }

    pub fn presence(editing: Option<CardId>, holding: Option<CardId>) -> Self {
        ClientMsg::Presence(PresenceMsg::Presence { editing, holding })
    }

    /// The op an edit message carries.
    pub fn edit_op(&self) -> Option<&Op> {
        match self {
            ClientMsg::Edit(EditMsg::Op { op, .. }) => Some(op),
            _ => None,
        }
    }
}

/// A message from the server: one variant per family.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ServerMsg {
    Sync(SyncMsg),
    Edit(EditReply),
    Presence(PresenceNews),
    Talk(TalkNews),
    Evidence(EvidenceNews),
}

/// The evidence family: the map's customer feedback changed (an import, an undone import,
/// a forgotten client, answers pushed through the REST API, the retention clean-up), in any
/// process. The board loads the summary again through its own access, so what a share link
/// may see stays the server function's business.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EvidenceNews {
    FeedbackChanged,
}

/// The talk family: comments as they are written, changed, deleted or resolved (the whole
/// comment each time; a client keeps the newest by id).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TalkNews {
    Comment { comment: Comment },
}

/// The sync family: the catch-up after a hello, and every op of the log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SyncMsg {
    /// The ops after the client's `last_rev`, in order.
    Welcome {
        you: String,
        rev: u64,
        ops: Vec<LoggedOp>,
    },
    /// The whole map, when the client is too far behind for catch-up.
    Snapshot {
        you: String,
        map: Map,
    },
    Remote(LoggedOp),
}

/// The edit family's answers, one per op.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EditReply {
    Ack { client_op: String, rev: u64 },
    Reject { client_op: String, error: Rejection },
}

impl From<SyncMsg> for ServerMsg {
    fn from(m: SyncMsg) -> Self {
        ServerMsg::Sync(m)
    }
}

impl From<EditReply> for ServerMsg {
    fn from(m: EditReply) -> Self {
        ServerMsg::Edit(m)
    }
}

/// An op as the log holds it (and as `remote` and `welcome` carry it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoggedOp {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_flat_tagged_json_across_families() {
        let m = ClientMsg::presence(None, Some(CardId::from("c1")));
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"type":"presence","editing":null,"holding":"c1"}"#);
        let s: ServerMsg = serde_json::from_str(r#"{"type":"ack","client_op":"x","rev":3}"#).unwrap();
        assert_eq!(s, ServerMsg::Edit(EditReply::Ack { client_op: "x".into(), rev: 3 }));
        let hello = serde_json::to_string(&ClientMsg::hello(7, "Ana", "#123456")).unwrap();
        assert_eq!(hello, r##"{"type":"hello","version":4,"last_rev":7,"name":"Ana","colour":"#123456"}"##);
        let op = Op::DeleteCard { id: CardId::from("c1") };
        let remote =
            ServerMsg::Sync(SyncMsg::Remote(LoggedOp { rev: 2, author: "A".into(), client_op: "k".into(), op }));
        let text = serde_json::to_string(&remote).unwrap();
        assert!(text.starts_with(r#"{"type":"remote","rev":2,"#), "{text}");
        assert_eq!(serde_json::from_str::<ServerMsg>(&text).unwrap(), remote);
        for msg in [ClientMsg::catch_up(3), ClientMsg::op("k", 1, Op::DeleteCard { id: CardId::from("c") })] {
            assert_eq!(serde_json::from_str::<ClientMsg>(&serde_json::to_string(&msg).unwrap()).unwrap(), msg);
        }
        assert!(serde_json::from_str::<ClientMsg>(r#"{"type":"welcome","you":"x","rev":1,"ops":[]}"#).is_err());
        let news = ServerMsg::Evidence(EvidenceNews::FeedbackChanged);
        assert_eq!(serde_json::to_string(&news).unwrap(), r#"{"type":"feedback_changed"}"#);
        assert_eq!(serde_json::from_str::<ServerMsg>(r#"{"type":"feedback_changed"}"#).unwrap(), news);
    }

    #[test]
    fn a_hello_from_before_versions_is_version_zero_and_told_to_reload() {
        let old: ClientMsg =
            serde_json::from_str(r##"{"type":"hello","last_rev":0,"name":"A","colour":"#000000"}"##).unwrap();
        let ClientMsg::Session(SessionMsg::Hello { version, .. }) = old else { panic!("{old:?}") };
        assert_eq!(version, 0);
        assert!(!speaks(version));
        assert!(speaks(PROTOCOL_VERSION));
        assert!(!speaks(PROTOCOL_VERSION + 1), "a newer client than the server is told to reload too");
    }

    #[test]
    fn the_browser_reloads_stops_or_backs_off_by_close_code() {
        assert_eq!(after_close(Some(CLOSE_RELOAD), 0), AfterClose::Reload);
        assert_eq!(after_close(Some(CLOSE_NOT_FOUND), 3), AfterClose::Gone);
        assert_eq!(after_close(Some(CLOSE_REMOVED), 0), AfterClose::Removed);
        let retry = |code, attempt| after_close(code, attempt);
        assert_eq!(retry(None, 0), AfterClose::Retry { after: Duration::from_millis(500), too_many: false });
        assert_eq!(retry(Some(1006), 2), AfterClose::Retry { after: Duration::from_secs(2), too_many: false });
        assert_eq!(
            retry(Some(CLOSE_TOO_MANY), 40),
            AfterClose::Retry { after: Duration::from_secs(10), too_many: true }
        );
    }

    #[test]
    fn paths_and_limits() {
        assert_eq!(ws_map_path("m1", None), "/api/ws/maps/m1");
        assert_eq!(ws_map_path("m1", Some("s3cr3t")), "/api/ws/maps/m1?share=s3cr3t");
        assert_eq!(export_path("m1", "csv"), "/api/maps/m1/export/csv");
        assert_eq!(photo_path("p1"), "/api/personas/p1/photo");
        assert_eq!(rest_map_path("m1"), "/api/v1/maps/m1");
        assert!(client_op_ok(&"x".repeat(MAX_CLIENT_OP)));
        assert!(!client_op_ok(&"x".repeat(MAX_CLIENT_OP + 1)));
    }

    #[test]
    fn names_and_colours_are_cleaned() {
        assert_eq!(clean_name("  Ana\u{7}  "), "Ana");
        assert_eq!(clean_name(&"x".repeat(100)).chars().count(), MAX_NAME);
        assert_eq!(clean_colour("#a1B2c3"), "#a1B2c3");
        assert_eq!(clean_colour("red; background:url(x)"), "#5b6475");
    }
}
