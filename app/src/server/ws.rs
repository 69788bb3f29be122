//! The websocket of one open map: hello → catch-up, ops → ack or reject, every op of the
//! log as it is committed, and presence. Thin: the store applies, the hub delivers.

use super::auth::{self, Identity, MapAccess, ShareQuery};
use super::hub::{Hub, MAX_CONNECTIONS_PER_LINK, MAX_CONNECTIONS_PER_PERSON};
use super::AppState;
use crate::api::ws::*;
use crate::domain::{Capability, CardId, MapId};
use crate::error::AppError;
use crate::server::store::{Store, StoreError, Write};
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Extension;
use futures::{SinkExt, StreamExt};
use std::time::Instant;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

/// Largest message a client may send.
const MAX_MESSAGE: usize = 256 * 1024;

/// Who is on the other end: a signed-in person (with the session's secret, so the
/// connection can ask again whether the session still holds) or a share link's holder.
#[derive(Clone)]
struct Peer {
    who: Option<Identity>,
    secret: Option<String>,
    share: Option<String>,
    /// The server's session idle limit (a session unused for longer has ended).
    idle_hours: u32,
}

impl Peer {
    /// The access this peer has now. `fresh`: the identity was resolved for this request
    /// already; otherwise the session is looked up again (signed out, expired, password
    /// changed: gone; role changed: the new role).
    async fn access(&mut self, store: &Store, map: &MapId, fresh: bool) -> Result<MapAccess, AppError> {
        if !fresh {
            if let Some(secret) = &self.secret {
                self.who = auth::identity_now(store, secret, self.idle_hours).await?;
            }
        }
        auth::access(store, self.who.as_ref(), self.share.as_deref(), map, Capability::View).await
    }

    /// The key its connections are counted under, and how many it may hold.
    fn quota(&self, ip: &str) -> (String, usize) {
        match (&self.who, &self.share) {
            (Some(who), _) => (format!("user:{}", who.user), MAX_CONNECTIONS_PER_PERSON),
            (None, Some(share)) => (format!("link:{share}@{ip}"), MAX_CONNECTIONS_PER_LINK),
            (None, None) => (format!("anon@{ip}"), MAX_CONNECTIONS_PER_PERSON),
        }
    }
}

/// How often an open connection checks that its access still holds even when no change
/// was announced (a change made by a process that shares no database feed with us).
const RECHECK: std::time::Duration = std::time::Duration::from_secs(10);
/// How long a new connection may take to say hello.
const HELLO_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// At most one catch-up (which may be a whole map) per this long per connection.
const CATCH_UP_EVERY: std::time::Duration = std::time::Duration::from_secs(1);
/// At most one presence broadcast per this long per connection (the latest one wins).
const PRESENCE_EVERY: std::time::Duration = std::time::Duration::from_millis(50);
/// Malformed messages a connection may send before it is closed.
const MAX_MALFORMED: u32 = 20;

pub async fn handler(
    ws: WebSocketUpgrade,
    Path(id): Path<String>,
    State(state): State<AppState>,
    who: Option<Extension<Identity>>,
    secret: Option<Extension<auth::SessionSecret>>,
    ip: Option<Extension<auth::ClientIp>>,
    Query(query): Query<ShareQuery>,
) -> Response {
    let map = MapId(id);
    let peer = Peer {
        who: who.map(|w| w.0),
        secret: secret.map(|s| s.0 .0),
        share: query.share,
        idle_hours: state.auth.config.session_idle_hours,
    };
    let ip = ip.map(|i| i.0 .0).unwrap_or_default();
    ws.max_message_size(MAX_MESSAGE).on_upgrade(move |socket| serve(socket, map, peer, ip, state.store, state.hub))
}

fn text_msg(msg: &ServerMsg) -> Message {
    crate::server::metrics::message_sent();
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

/// Lets a value through at most once per `every`; one offered sooner waits (the latest
/// offer replacing an earlier one) until it is due.
struct Paced<T> {
    every: std::time::Duration,
    last: Option<Instant>,
    pending: Option<T>,
}

impl<T> Paced<T> {
    fn new(every: std::time::Duration) -> Self {
        Paced { every, last: None, pending: None }
    }

    /// `Some(value)` when it may go now; otherwise it is kept for [`Paced::take_due`].
    fn offer(&mut self, value: T, now: Instant) -> Option<T> {
        if self.last.is_none_or(|last| now >= last + self.every) {
            self.last = Some(now);
            self.pending = None;
            Some(value)
        } else {
            self.pending = Some(value);
            None
        }
    }

    /// When the kept value is due.
    fn due(&self) -> Option<Instant> {
        self.pending.as_ref().and(self.last).map(|last| last + self.every)
    }

    /// The kept value, if it is due at `now`.
    fn take_due(&mut self, now: Instant) -> Option<T> {
        if self.due().is_some_and(|due| due <= now) {
            self.last = Some(now);
            self.pending.take()
        } else {
            None
        }
    }
}

/// The earlier of two optional instants.
fn earliest(a: Option<Instant>, b: Option<Instant>) -> Option<Instant> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A presence update names cards by id: ids that could be no card are dropped, so nobody
/// can broadcast arbitrary text to the room through it.
fn clean_presence(editing: Option<CardId>, holding: Option<CardId>) -> (Option<CardId>, Option<CardId>) {
    (editing.filter(CardId::is_valid), holding.filter(CardId::is_valid))
}

async fn close(sink: &mut futures::stream::SplitSink<WebSocket, Message>, code: u16, reason: &'static str) {
    let _ = sink.send(Message::Close(Some(CloseFrame { code, reason: reason.into() }))).await;
}

async fn serve(socket: WebSocket, map: MapId, mut peer: Peer, ip: String, store: Store, hub: Hub) {
    let (mut sink, mut stream) = socket.split();
    let you = uuid::Uuid::new_v4().simple().to_string();
    let mut malformed = 0u32;

    // The first message must be hello, and soon.
    let hello = tokio::time::timeout(HELLO_TIMEOUT, next_msg(&mut stream, &mut malformed)).await;
    let Ok(Some(ClientMsg::Hello { last_rev, name, colour })) = hello else {
        close(&mut sink, CLOSE_PROTOCOL, "hello expected").await;
        return;
    };
    // Before anything of the map is sent: may this peer see it? Strangers get "not found".
    let mut access = match peer.access(&store, &map, true).await {
        Ok(a) => a,
        Err(e) => {
            if !matches!(e, AppError::NotFound | AppError::Unauthorized | AppError::Forbidden) {
                tracing::warn!(error = %e, map = %map, "access check failed");
            }
            close(&mut sink, CLOSE_NOT_FOUND, "map not found").await;
            return;
        }
    };
    let (key, limit) = peer.quota(&ip);
    let _slot = match hub.admit(&key, limit, &map) {
        Ok(slot) => slot,
        Err(full) => {
            tracing::info!(map = %map, ?full, "connection refused: too many");
            close(&mut sink, CLOSE_TOO_MANY, "too many connections").await;
            return;
        }
    };
    let _open = crate::server::metrics::connection_opened();
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
    let mut access_changes = hub.access_changes();
    let (mut events, _membership) = hub.join(&map, person);
    let mut catch_ups = Paced::new(CATCH_UP_EVERY);
    catch_ups.offer((), Instant::now());
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
    let mut presence = Paced::new(PRESENCE_EVERY);
    // The rev a deferred catch-up is for (the latest hello's).
    let mut hello_rev: Option<u64> = None;
    loop {
        let due = earliest(presence.due(), catch_ups.due());
        let wake = async move {
            match due {
                Some(at) => tokio::time::sleep_until(at.into()).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = recheck.tick() => {
                if !still_allowed(&mut peer, &store, &map, &mut access).await {
                    close(&mut sink, CLOSE_NOT_FOUND, "access ended").await;
                    return;
                }
            }
            changed = access_changes.changed() => {
                if changed.is_err() || !still_allowed(&mut peer, &store, &map, &mut access).await {
                    close(&mut sink, CLOSE_NOT_FOUND, "access ended").await;
                    return;
                }
            }
            _ = wake => {
                let now = Instant::now();
                if let Some((editing, holding)) = presence.take_due(now) {
                    hub.set_presence(&map, &you, |p| {
                        p.editing = editing;
                        p.holding = holding;
                    });
                }
                if catch_ups.take_due(now).is_some() {
                    if let Some(rev) = hello_rev.take() {
                        match catch_up(&store, &map, &you, rev).await {
                            Ok(msg) => {
                                if sink.send(text_msg(&msg)).await.is_err() {
                                    return;
                                }
                            }
                            Err(_) => return,
                        }
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
            incoming = next_msg(&mut stream, &mut malformed) => {
                let Some(first) = incoming else {
                    if malformed > MAX_MALFORMED {
                        close(&mut sink, CLOSE_PROTOCOL, "malformed messages").await;
                    }
                    break;
                };
                // Take every message the client has sent meanwhile, so its queued ops share
                // one group commit.
                let (msgs, closed) = ready_msgs(first, &mut stream, &mut malformed);
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
                                ClientMsg::Hello { last_rev, .. } => {
                                    if catch_ups.offer((), Instant::now()).is_some() {
                                        hello_rev = None;
                                        match catch_up(&store, &map, &you, last_rev).await {
                                            Ok(msg) => replies.push(msg),
                                            Err(_) => return,
                                        }
                                    } else {
                                        // Asked again too soon: answered once it is due.
                                        hello_rev = Some(last_rev);
                                    }
                                }
                                ClientMsg::Presence { editing, holding } => {
                                    if let Some((editing, holding)) =
                                        presence.offer(clean_presence(editing, holding), Instant::now())
                                    {
                                        hub.set_presence(&map, &you, |p| {
                                            p.editing = editing;
                                            p.holding = holding;
                                        });
                                    }
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
                if closed || malformed > MAX_MALFORMED {
                    if malformed > MAX_MALFORMED {
                        close(&mut sink, CLOSE_PROTOCOL, "malformed messages").await;
                    }
                    break;
                }
            }
        }
    }
}

/// Checks the peer's access again; keeps the new role. A database hiccup keeps the
/// connection (with the access it had); an ended session, a removed member or a revoked
/// link ends it.
async fn still_allowed(peer: &mut Peer, store: &Store, map: &MapId, access: &mut MapAccess) -> bool {
    match peer.access(store, map, false).await {
        Ok(a) => {
            *access = a;
            true
        }
        Err(AppError::Unavailable | AppError::Internal) => true,
        Err(_) => false,
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
fn ready_msgs(
    first: ClientMsg,
    stream: &mut futures::stream::SplitStream<WebSocket>,
    malformed: &mut u32,
) -> (Vec<ClientMsg>, bool) {
    use futures::FutureExt;
    let mut msgs = vec![first];
    while msgs.len() < MAX_READY && *malformed <= MAX_MALFORMED {
        match stream.next().now_or_never() {
            None => break,
            Some(None | Some(Err(_)) | Some(Ok(Message::Close(_)))) => return (msgs, true),
            Some(Some(Ok(Message::Text(t)))) => match serde_json::from_str(&t) {
                Ok(msg) => {
                    crate::server::metrics::message_received();
                    msgs.push(msg)
                }
                Err(e) => {
                    *malformed += 1;
                    tracing::debug!(error = %e, "malformed websocket message");
                }
            },
            Some(Some(Ok(_))) => {}
        }
    }
    (msgs, false)
}

/// The next protocol message; `None` when the connection ended or sent too many malformed
/// messages. Malformed messages are skipped (and logged), pings are answered by axum.
async fn next_msg(stream: &mut futures::stream::SplitStream<WebSocket>, malformed: &mut u32) -> Option<ClientMsg> {
    while let Some(frame) = stream.next().await {
        match frame {
            Ok(Message::Text(t)) => match serde_json::from_str(&t) {
                Ok(msg) => {
                    crate::server::metrics::message_received();
                    return Some(msg);
                }
                Err(e) => {
                    *malformed += 1;
                    tracing::debug!(error = %e, "malformed websocket message");
                    if *malformed > MAX_MALFORMED {
                        return None;
                    }
                }
            },
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paced_values_go_at_most_once_per_interval_and_the_latest_waits() {
        let every = std::time::Duration::from_millis(50);
        let mut p = Paced::new(every);
        let t0 = Instant::now();
        assert_eq!(p.offer(1, t0), Some(1));
        assert_eq!(p.offer(2, t0 + every / 5), None);
        assert_eq!(p.offer(3, t0 + every / 2), None, "a newer value replaces the waiting one");
        assert_eq!(p.due(), Some(t0 + every));
        assert_eq!(p.take_due(t0 + every / 2), None, "not yet");
        assert_eq!(p.take_due(t0 + every), Some(3));
        assert_eq!(p.due(), None);
        assert_eq!(p.offer(4, t0 + every * 3), Some(4));
    }

    #[test]
    fn presence_names_only_what_could_be_a_card() {
        let long = CardId::from("x".repeat(500).as_str());
        let evil = CardId::from("<img src=x>");
        let ok = CardId::from("c_1-a");
        assert_eq!(clean_presence(Some(long), Some(evil)), (None, None));
        assert_eq!(clean_presence(Some(ok.clone()), None), (Some(ok), None));
    }
}
