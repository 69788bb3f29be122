//! The websocket of one open map: hello → catch-up, ops → ack or reject, every op of the
//! log as it is committed, and presence. Thin: the store applies, the hub delivers.

use super::auth::{self, Identity, MapAccess, ShareQuery};
use super::hub::Hub;
use super::AppState;
use crate::api::ws::*;
use crate::domain::Capability;
use crate::domain::MapId;
use crate::error::AppError;
use crate::server::store::{Store, StoreError, Write};
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Extension;
use futures::{SinkExt, StreamExt};
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

/// Close code for a map that does not exist.
pub const CLOSE_NOT_FOUND: u16 = 4404;
/// Largest message a client may send.
const MAX_MESSAGE: usize = 256 * 1024;

/// Who is on the other end: a signed-in person or a share link's holder.
#[derive(Clone)]
struct Peer {
    who: Option<Identity>,
    share: Option<String>,
}

impl Peer {
    async fn access(&self, store: &Store, map: &MapId) -> Result<MapAccess, AppError> {
        auth::access(store, self.who.as_ref(), self.share.as_deref(), map, Capability::View).await
    }
}

/// How often an open connection checks that its access still holds (a revoked share
/// link, a removed member, a changed role).
const RECHECK: std::time::Duration = std::time::Duration::from_secs(10);

pub async fn handler(
    ws: WebSocketUpgrade,
    Path(id): Path<String>,
    State(state): State<AppState>,
    who: Option<Extension<Identity>>,
    Query(query): Query<ShareQuery>,
) -> Response {
    let map = MapId(id);
    let peer = Peer { who: who.map(|w| w.0), share: query.share };
    ws.max_message_size(MAX_MESSAGE).on_upgrade(move |socket| serve(socket, map, peer, state.store, state.hub))
}

fn text_msg(msg: &ServerMsg) -> Message {
    Message::Text(serde_json::to_string(msg).unwrap_or_default().into())
}

/// The catch-up for a client at `last_rev`: the missing ops, or the whole map when it is
/// too far behind (or ahead: a map that was reset).
async fn catch_up(store: &Store, map: &MapId, you: &str, last_rev: u64) -> Result<ServerMsg, StoreError> {
    let current = store.current_map(map).await?.ok_or(StoreError::MapNotFound)?;
    if last_rev > current.rev || current.rev - last_rev > MAX_CATCH_UP {
        return Ok(ServerMsg::Snapshot { you: you.to_owned(), map: current });
    }
    let ops = store
        .ops_since(map, last_rev)
        .await?
        .into_iter()
        .map(|o| RemoteOp { rev: o.rev, author: o.author, client_op: o.client_op, op: o.op })
        .collect();
    Ok(ServerMsg::Welcome { you: you.to_owned(), rev: current.rev, ops })
}

async fn serve(socket: WebSocket, map: MapId, peer: Peer, store: Store, hub: Hub) {
    let (mut sink, mut stream) = socket.split();
    let you = uuid::Uuid::new_v4().simple().to_string();

    // The first message must be hello.
    let Some(hello) = next_msg(&mut stream).await else {
        return;
    };
    let ClientMsg::Hello { last_rev, name, colour } = hello else {
        return;
    };
    // Before anything of the map is sent: may this peer see it? Strangers get "not found".
    let mut access = match peer.access(&store, &map).await {
        Ok(a) => a,
        Err(e) => {
            if !matches!(e, AppError::NotFound | AppError::Unauthorized | AppError::Forbidden) {
                tracing::warn!(error = %e, map = %map, "access check failed");
            }
            let frame = CloseFrame { code: CLOSE_NOT_FOUND, reason: "map not found".into() };
            let _ = sink.send(Message::Close(Some(frame))).await;
            return;
        }
    };
    // A person's name is their account's; a share link's holder names themselves.
    let name = match &peer.who {
        Some(who) => clean_name(&who.name),
        None => clean_name(&name),
    };
    let person = Person {
        id: you.clone(),
        name: if name.is_empty() { "?".into() } else { name },
        colour: clean_colour(&colour),
        editing: None,
        holding: None,
    };
    let author = person.name.clone();
    // Join before reading the catch-up so no op falls between the two.
    let (mut events, _membership) = hub.join(&map, person);
    match catch_up(&store, &map, &you, last_rev).await {
        Ok(msg) => {
            if sink.send(text_msg(&msg)).await.is_err() {
                return;
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, map = %map, "catch-up failed");
            return;
        }
    }

    let mut recheck = tokio::time::interval_at(tokio::time::Instant::now() + RECHECK, RECHECK);
    loop {
        tokio::select! {
            _ = recheck.tick() => {
                match peer.access(&store, &map).await {
                    Ok(a) => access = a,
                    Err(AppError::Unavailable | AppError::Internal) => {}
                    Err(_) => {
                        let frame = CloseFrame { code: CLOSE_NOT_FOUND, reason: "access ended".into() };
                        let _ = sink.send(Message::Close(Some(frame))).await;
                        return;
                    }
                }
            }
            event = events.recv() => {
                let text = match event {
                    Ok(text) => text,
                    Err(RecvError::Lagged(_)) => {
                        // Too slow to follow: send the whole map as it is now.
                        tracing::debug!(map = %map, "connection lagged; sending a snapshot");
                        match store.current_map(&map).await {
                            Ok(Some(m)) => serde_json::to_string(&ServerMsg::Snapshot { you: you.clone(), map: m })
                                .unwrap_or_default()
                                .into(),
                            _ => break,
                        }
                    }
                    Err(RecvError::Closed) => break,
                };
                // Queue every event already waiting, then flush once.
                if sink.feed(Message::Text(text.as_ref().into())).await.is_err() {
                    break;
                }
                let mut more = 0;
                while more < MAX_READY {
                    match events.try_recv() {
                        Ok(text) => {
                            if sink.feed(Message::Text(text.as_ref().into())).await.is_err() {
                                return;
                            }
                            more += 1;
                        }
                        Err(TryRecvError::Lagged(_)) => {
                            let Ok(Some(m)) = store.current_map(&map).await else { return };
                            if sink.feed(text_msg(&ServerMsg::Snapshot { you: you.clone(), map: m })).await.is_err() {
                                return;
                            }
                            break;
                        }
                        Err(_) => break,
                    }
                }
                if sink.flush().await.is_err() {
                    break;
                }
            }
            incoming = next_msg(&mut stream) => {
                let Some(first) = incoming else { break };
                // Take every message the client has sent meanwhile, so its queued ops share
                // one group commit.
                let (msgs, closed) = ready_msgs(first, &mut stream);
                let mut replies = Vec::new();
                let mut ops = Vec::new();
                for msg in msgs {
                    match msg {
                        ClientMsg::Op { client_op, op, .. } => {
                            let client_op: String = client_op.chars().take(64).collect();
                            ops.push(Write { author: author.clone(), client_op, ops: vec![op] });
                            continue;
                        }
                        other => {
                            replies.extend(apply(&store, &access, &map, std::mem::take(&mut ops)).await);
                            match other {
                                ClientMsg::Hello { last_rev, .. } => match catch_up(&store, &map, &you, last_rev).await {
                                    Ok(msg) => replies.push(msg),
                                    Err(_) => return,
                                },
                                ClientMsg::Presence { editing, holding } => {
                                    hub.set_presence(&map, &you, |p| {
                                        p.editing = editing;
                                        p.holding = holding;
                                    });
                                }
                                ClientMsg::Op { .. } => {}
                            }
                        }
                    }
                }
                replies.extend(apply(&store, &access, &map, ops).await);
                for reply in replies {
                    if sink.send(text_msg(&reply)).await.is_err() {
                        return;
                    }
                }
                if closed {
                    break;
                }
            }
        }
    }
}

/// Applies a client's queued ops as one group and answers each with an ack or a reject;
/// a role that may not edit gets every op rejected as forbidden.
async fn apply(store: &Store, access: &MapAccess, map: &MapId, writes: Vec<Write>) -> Vec<ServerMsg> {
    if writes.is_empty() {
        return Vec::new();
    }
    if !access.role.allows(Capability::Edit) {
        tracing::warn!(map = %map, ops = writes.len(), "refused ops from a connection that may not edit");
        return writes
            .into_iter()
            .map(|w| ServerMsg::Reject { client_op: w.client_op, error: Rejection::Forbidden })
            .collect();
    }
    let ids: Vec<String> = writes.iter().map(|w| w.client_op.clone()).collect();
    let outcomes = crate::server::maps::apply_group(store, &access.workspace, map, writes).await;
    ids.into_iter()
        .zip(outcomes)
        .map(|(client_op, outcome)| match outcome {
            Ok(applied) => ServerMsg::Ack { client_op, rev: applied.rev },
            Err(StoreError::Refused(reason)) => ServerMsg::Reject { client_op, error: Rejection::Refused { reason } },
            Err(StoreError::MapNotFound) => ServerMsg::Reject { client_op, error: Rejection::NotFound },
            Err(e) => {
                tracing::error!(error = %e, map = %map, "op not saved");
                ServerMsg::Reject { client_op, error: Rejection::Unavailable }
            }
        })
        .collect()
}

/// Most messages taken from the socket at once.
const MAX_READY: usize = 128;

/// `first` and the messages already waiting behind it; whether the connection closed.
fn ready_msgs(first: ClientMsg, stream: &mut futures::stream::SplitStream<WebSocket>) -> (Vec<ClientMsg>, bool) {
    use futures::FutureExt;
    let mut msgs = vec![first];
    while msgs.len() < MAX_READY {
        match stream.next().now_or_never() {
            None => break,
            Some(None | Some(Err(_)) | Some(Ok(Message::Close(_)))) => return (msgs, true),
            Some(Some(Ok(Message::Text(t)))) => match serde_json::from_str(&t) {
                Ok(msg) => msgs.push(msg),
                Err(e) => tracing::debug!(error = %e, "malformed websocket message"),
            },
            Some(Some(Ok(_))) => {}
        }
    }
    (msgs, false)
}

/// The next protocol message; `None` when the connection ended. Malformed messages are
/// skipped (and logged), pings are answered by axum.
async fn next_msg(stream: &mut futures::stream::SplitStream<WebSocket>) -> Option<ClientMsg> {
    while let Some(frame) = stream.next().await {
        match frame {
            Ok(Message::Text(t)) => match serde_json::from_str(&t) {
                Ok(msg) => return Some(msg),
                Err(e) => tracing::debug!(error = %e, "malformed websocket message"),
            },
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
    None
}
