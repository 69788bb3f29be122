//! The websocket of one open map (the messages are `crate::protocol`'s): hello → version
//! check and catch-up, ops → ack or reject, every op of the log as it is committed, and
//! presence. A [`Connection`] has one handler per message family and a short `select!`
//! loop; thin: the store applies, the hub delivers. (Over 400 lines with its tests: the
//! guards a connection keeps — access re-checks, pacing, the malformed cap, reading a
//! batch of messages — are each small and only this connection uses them.)

use super::auth::{self, Identity, MapAccess, ShareQuery};
use super::hub::{Event, Membership, Slot};
use super::hub::{Hub, MAX_CONNECTIONS_PER_LINK, MAX_CONNECTIONS_PER_PERSON};
use super::AppState;
use crate::domain::{Capability, CardId, MapId};
use crate::error::AppError;
use crate::protocol::*;
use crate::server::store::{Store, StoreError, Write};
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Extension;
use futures::{SinkExt, StreamExt};
use std::time::Instant;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

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
/// At most one view of a leading facilitator per this long (what followers scroll to).
const VIEW_EVERY: std::time::Duration = std::time::Duration::from_millis(200);
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
#[tracing::instrument(level = "debug", skip_all, fields(last_rev))]
async fn catch_up(store: &Store, map: &MapId, you: &str, last_rev: u64) -> Result<ServerMsg, StoreError> {
    let current = store.current_map(map).await?.ok_or(StoreError::MapNotFound)?;
    if last_rev > current.rev || current.rev - last_rev > MAX_CATCH_UP {
        return Ok(SyncMsg::Snapshot { you: you.to_owned(), map: current }.into());
    }
    let ops = store.ops_since(map, last_rev).await?;
    Ok(SyncMsg::Welcome { you: you.to_owned(), rev: current.rev, ops }.into())
}

/// The map's workshop and its timer (with the server's time), for a connection catching up.
async fn timer_news(store: &Store, map: &MapId) -> Vec<ServerMsg> {
    let mut news = Vec::with_capacity(2);
    if let Ok(Some(timer)) = store.timer(map).await {
        news.push(ServerMsg::Presence(PresenceNews::Timer { timer, now: chrono::Utc::now() }));
    }
    if let Ok(workshop) = store.workshop(map).await {
        news.push(ServerMsg::Presence(PresenceNews::Workshop { workshop: workshop.filter(|w| !w.ended) }));
    }
    news
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

/// What a connection shows the room of itself.
#[derive(Clone, Debug, Default, PartialEq)]
struct Shown {
    editing: Option<CardId>,
    holding: Option<CardId>,
    status: Option<crate::protocol::Status>,
}

/// A presence update names cards by id: ids that could be no card are dropped, so nobody
/// can broadcast arbitrary text to the room through it.
fn clean_presence(editing: Option<CardId>, holding: Option<CardId>) -> (Option<CardId>, Option<CardId>) {
    (editing.filter(CardId::is_valid), holding.filter(CardId::is_valid))
}

/// Why a connection ends: quietly (the client left, a send failed) or with a close frame.
enum Stop {
    Quiet,
    Close(u16, &'static str),
}

/// What a handler returns: carry on, or end the connection.
type Step = Result<(), Stop>;

type Sink = futures::stream::SplitSink<WebSocket, Message>;
type Stream = futures::stream::SplitStream<WebSocket>;

async fn close(sink: &mut Sink, code: u16, reason: &'static str) {
    let _ = sink.send(Message::Close(Some(CloseFrame { code, reason: reason.into() }))).await;
}

#[tracing::instrument(name = "ws", skip_all, fields(map = %map, conn = tracing::field::Empty))]
async fn serve(socket: WebSocket, map: MapId, peer: Peer, ip: String, store: Store, hub: Hub) {
    let (mut sink, mut stream) = socket.split();
    match Connection::open(&mut sink, &mut stream, map, peer, &ip, store, hub).await {
        Ok((conn, events, access_changes)) => conn.run(sink, stream, events, access_changes).await,
        Err(Stop::Close(code, reason)) => close(&mut sink, code, reason).await,
        Err(Stop::Quiet) => {}
    }
}

/// One open connection after its hello: who it is, what it may do, and the pacing of
/// what it asks for. The socket's halves and the feeds it waits on stay with
/// [`Connection::run`]'s loop.
struct Connection {
    map: MapId,
    /// This connection's id (a person may be here twice).
    you: String,
    /// The name its ops are logged under.
    author: String,
    peer: Peer,
    access: MapAccess,
    store: Store,
    hub: Hub,
    /// Replies queued by the handlers, sent once a batch of messages is handled.
    replies: Vec<ServerMsg>,
    malformed: u32,
    catch_ups: Paced<()>,
    /// The rev a deferred catch-up is for (the latest hello's).
    hello_rev: Option<u64>,
    /// What this connection last said it edits, holds and signals: every presence
    /// message changes its part, and the whole goes to the room paced.
    shown: Shown,
    presence: Paced<Shown>,
    /// A leading facilitator's view, at most one per [`VIEW_EVERY`] (the latest wins).
    views: Paced<crate::domain::facilitation::ViewAt>,
    _membership: Membership,
    _slot: Slot,
    /// Counted in the open-connections gauge of /metrics while it lives.
    _open: crate::server::metrics::OpenConnection,
}

impl Connection {
    /// The hello (soon, in a protocol version the server speaks), the access check, the
    /// connection caps, joining the room and the first catch-up.
    async fn open(
        sink: &mut Sink,
        stream: &mut Stream,
        map: MapId,
        mut peer: Peer,
        ip: &str,
        store: Store,
        hub: Hub,
    ) -> Result<(Connection, tokio::sync::broadcast::Receiver<Event>, tokio::sync::watch::Receiver<u64>), Stop> {
        let mut malformed = 0u32;
        let hello = tokio::time::timeout(HELLO_TIMEOUT, next_msg(stream, &mut malformed)).await;
        let Ok(Some(ClientMsg::Session(SessionMsg::Hello { version, last_rev, name, colour }))) = hello else {
            return Err(Stop::Close(CLOSE_PROTOCOL, "hello expected"));
        };
        if !speaks(version) {
            tracing::info!(version, "connection refused: protocol version");
            return Err(Stop::Close(CLOSE_RELOAD, "protocol version changed: reload"));
        }
        // Before anything of the map is sent: may this peer see it? Strangers get "not found".
        let access = match peer.access(&store, &map, true).await {
            Ok(a) => a,
            Err(e) => {
                if !matches!(e, AppError::NotFound | AppError::Unauthorized | AppError::Forbidden) {
                    tracing::warn!(error = %e, "access check failed");
                }
                return Err(Stop::Close(CLOSE_NOT_FOUND, "map not found"));
            }
        };
        let (key, limit) = peer.quota(ip);
        let slot = hub.admit(&key, limit, &map).map_err(|full| {
            tracing::info!(?full, "connection refused: too many");
            Stop::Close(CLOSE_TOO_MANY, "too many connections")
        })?;
        let you = uuid::Uuid::new_v4().simple().to_string();
        tracing::Span::current().record("conn", tracing::field::display(&you));
        // A person's name is their account's, a guest's the one they joined with; a share
        // link's holder names themselves.
        let name = match (&access.guest, &peer.who) {
            (Some(guest), _) => clean_name(&guest.name),
            (None, Some(who)) => clean_name(&who.name),
            _ => clean_name(&name),
        };
        let person = Person {
            id: you.clone(),
            name: if name.is_empty() { "?".into() } else { name },
            colour: clean_colour(&colour),
            editing: None,
            status: None,
            holding: None,
        };
        let author = person.name.clone();
        // Join before reading the catch-up so no op falls between the two.
        let access_changes = hub.access_changes();
        let (events, membership) = hub.join(&map, person);
        let mut catch_ups = Paced::new(CATCH_UP_EVERY);
        catch_ups.offer((), Instant::now());
        let first = catch_up(&store, &map, &you, last_rev).await.map_err(|e| {
            tracing::warn!(error = %e, "catch-up failed");
            Stop::Quiet
        })?;
        sink.send(text_msg(&first)).await.map_err(|_| Stop::Quiet)?;
        for news in timer_news(&store, &map).await {
            sink.send(text_msg(&news)).await.map_err(|_| Stop::Quiet)?;
        }
        let conn = Connection {
            map,
            you,
            author,
            peer,
            access,
            store,
            hub,
            replies: Vec::new(),
            malformed,
            catch_ups,
            hello_rev: None,
            shown: Shown::default(),
            presence: Paced::new(PRESENCE_EVERY),
            views: Paced::new(VIEW_EVERY),
            _membership: membership,
            _slot: slot,
            _open: crate::server::metrics::connection_opened(),
        };
        Ok((conn, events, access_changes))
    }

    async fn run(
        mut self,
        mut sink: Sink,
        mut stream: Stream,
        mut events: tokio::sync::broadcast::Receiver<Event>,
        mut access_changes: tokio::sync::watch::Receiver<u64>,
    ) {
        let mut recheck = tokio::time::interval_at(tokio::time::Instant::now() + RECHECK, RECHECK);
        loop {
            let due = earliest(earliest(self.presence.due(), self.catch_ups.due()), self.views.due());
            let wake = async move {
                match due {
                    Some(at) => tokio::time::sleep_until(at.into()).await,
                    None => std::future::pending().await,
                }
            };
            let step = tokio::select! {
                _ = recheck.tick() => self.recheck().await,
                changed = access_changes.changed() => match changed {
                    Ok(()) => self.recheck().await,
                    Err(_) => Err(Stop::Close(CLOSE_NOT_FOUND, "access ended")),
                },
                _ = wake => self.on_due().await,
                event = events.recv() => self.on_events(event, &mut events, &mut sink).await,
                first = next_msg(&mut stream, &mut self.malformed) => self.on_messages(first, &mut stream).await,
            };
            let step = match step {
                Ok(()) => self.flush(&mut sink).await,
                stop => stop,
            };
            match step {
                Ok(()) => {}
                Err(Stop::Quiet) => break,
                Err(Stop::Close(code, reason)) => {
                    close(&mut sink, code, reason).await;
                    break;
                }
            }
        }
    }

    /// Sends the queued replies.
    async fn flush(&mut self, sink: &mut Sink) -> Step {
        for reply in self.replies.drain(..) {
            sink.send(text_msg(&reply)).await.map_err(|_| Stop::Quiet)?;
        }
        Ok(())
    }

    /// Checks the peer's access again (see [`still_allowed`]).
    async fn recheck(&mut self) -> Step {
        if still_allowed(&mut self.peer, &self.store, &self.map, &mut self.access).await {
            return Ok(());
        }
        // A guest whose workshop goes on was removed from it (not: the workshop ended).
        if self.access.guest.is_some() {
            if let Ok(Some(w)) = self.store.workshop(&self.map).await {
                if !w.ended {
                    return Err(Stop::Close(crate::protocol::CLOSE_REMOVED, "removed from the workshop"));
                }
            }
        }
        Err(Stop::Close(CLOSE_NOT_FOUND, "access ended"))
    }

    /// A paced presence update or catch-up fell due.
    async fn on_due(&mut self) -> Step {
        let now = Instant::now();
        if let Some(presence) = self.presence.take_due(now) {
            self.set_presence(presence);
        }
        if let Some(at) = self.views.take_due(now) {
            self.hub.view(&self.map, &self.you, at);
        }
        if self.catch_ups.take_due(now).is_some() {
            if let Some(rev) = self.hello_rev.take() {
                let msg = catch_up(&self.store, &self.map, &self.you, rev).await.map_err(|_| Stop::Quiet)?;
                self.replies.push(msg);
            }
        }
        Ok(())
    }

    /// The room's events (ops of the log, people): every one already waiting is queued,
    /// then flushed once. A connection too slow to follow gets the whole map instead.
    async fn on_events(
        &mut self,
        first: Result<Event, RecvError>,
        events: &mut tokio::sync::broadcast::Receiver<Event>,
        sink: &mut Sink,
    ) -> Step {
        let text = match first {
            Ok(text) => text,
            Err(RecvError::Lagged(_)) => {
                tracing::debug!("connection lagged; sending a snapshot");
                encode_snapshot(&self.store, &self.map, &self.you).await?
            }
            Err(RecvError::Closed) => return Err(Stop::Quiet),
        };
        let talk = self.access.sees_comments();
        feed(sink, text, talk).await?;
        for _ in 0..MAX_READY {
            match events.try_recv() {
                Ok(text) => feed(sink, text, talk).await?,
                Err(TryRecvError::Lagged(_)) => {
                    let text = encode_snapshot(&self.store, &self.map, &self.you).await?;
                    feed(sink, text, talk).await?;
                    break;
                }
                Err(_) => break,
            }
        }
        sink.flush().await.map_err(|_| Stop::Quiet)
    }

    /// A client message and every one it sent meanwhile, each to its family's handler; a
    /// run of ops shares one group commit.
    async fn on_messages(&mut self, first: Option<ClientMsg>, stream: &mut Stream) -> Step {
        let Some(first) = first else {
            return Err(self.ended());
        };
        let (msgs, closed) = ready_msgs(first, stream, &mut self.malformed);
        let mut ops = Vec::new();
        for msg in msgs {
            let msg = match msg {
                ClientMsg::Edit(edit) => {
                    ops.push(edit);
                    continue;
                }
                other => other,
            };
            self.on_edits(std::mem::take(&mut ops)).await;
            match msg {
                ClientMsg::Session(session) => self.on_session(session).await?,
                ClientMsg::Presence(presence) => self.on_presence(presence),
                ClientMsg::Edit(_) => {}
            }
        }
        self.on_edits(ops).await;
        if closed || self.malformed > MAX_MALFORMED {
            return Err(self.ended());
        }
        Ok(())
    }

    /// How the connection ends once the client stopped (or sent too much garbage).
    fn ended(&self) -> Stop {
        if self.malformed > MAX_MALFORMED {
            Stop::Close(CLOSE_PROTOCOL, "malformed messages")
        } else {
            Stop::Quiet
        }
    }

    /// The session family: a hello again asks for a catch-up (at most one per
    /// [`CATCH_UP_EVERY`]; one asked sooner is answered when due).
    async fn on_session(&mut self, msg: SessionMsg) -> Step {
        let SessionMsg::Hello { version, last_rev, .. } = msg;
        if !speaks(version) {
            return Err(Stop::Close(CLOSE_RELOAD, "protocol version changed: reload"));
        }
        if self.catch_ups.offer((), Instant::now()).is_some() {
            self.hello_rev = None;
            let msg = catch_up(&self.store, &self.map, &self.you, last_rev).await.map_err(|_| Stop::Quiet)?;
            self.replies.push(msg);
            self.replies.extend(timer_news(&self.store, &self.map).await);
        } else {
            self.hello_rev = Some(last_rev);
        }
        Ok(())
    }

    /// The edit family: the ops as one group, each answered with an ack or a reject. An op
    /// whose client op id is too long breaks the protocol (it counts as malformed).
    #[tracing::instrument(level = "debug", skip_all, fields(ops = msgs.len()))]
    async fn on_edits(&mut self, msgs: Vec<EditMsg>) {
        let mut writes = Vec::with_capacity(msgs.len());
        for EditMsg::Op { client_op, op, .. } in msgs {
            if client_op_ok(&client_op) {
                writes.push(Write {
                    author: self.author.clone(),
                    client_op,
                    ops: vec![op],
                    who: self.peer.who.as_ref().filter(|_| !self.access.by_share).map(|who| who.user.clone()),
                });
            } else {
                self.malformed += 1;
            }
        }
        let replies = apply(&self.store, &self.access, &self.map, writes).await;
        self.replies.extend(replies.into_iter().map(ServerMsg::Edit));
    }

    /// The presence family: at most one broadcast per [`PRESENCE_EVERY`], the latest wins.
    /// (A status is paced with the rest: each change is a write to the presence table.)
    fn on_presence(&mut self, msg: PresenceMsg) {
        match msg {
            PresenceMsg::Presence { editing, holding } => {
                (self.shown.editing, self.shown.holding) = clean_presence(editing, holding);
            }
            PresenceMsg::Status { status } => self.shown.status = status,
            // The hub keeps the latest and sends the moved ones in batches, so a browser
            // that sends too often costs a map lookup, not the room's bandwidth.
            // A facilitator's view, for those who follow them: paced like presence.
            PresenceMsg::View { at } => {
                if self.access.role.allows(Capability::Edit) {
                    if let Some(at) = self.views.offer(at.clean(), Instant::now()) {
                        self.hub.view(&self.map, &self.you, at);
                    }
                }
                return;
            }
            PresenceMsg::Cursor { at } => {
                self.hub.cursor(&self.map, &self.you, crate::protocol::clean_cursor(at));
                return;
            }
        }
        if let Some(shown) = self.presence.offer(self.shown.clone(), Instant::now()) {
            self.set_presence(shown);
        }
    }

    fn set_presence(&self, shown: Shown) {
        self.hub.set_presence(&self.map, &self.you, |p| {
            p.editing = shown.editing;
            p.holding = shown.holding;
            p.status = shown.status;
        });
    }
}

/// Queues an encoded event on the socket (sent at the next flush).
async fn feed(sink: &mut Sink, event: Event, talk: bool) -> Step {
    if event.talk && !talk {
        return Ok(());
    }
    sink.feed(Message::Text(event.text.as_ref().into())).await.map_err(|_| Stop::Quiet)
}

/// The whole map as it is now, encoded (for a connection that fell behind the room).
async fn encode_snapshot(store: &Store, map: &MapId, you: &str) -> Result<Event, Stop> {
    match store.current_map(map).await {
        Ok(Some(m)) => Ok(super::hub::encode(&ServerMsg::Sync(SyncMsg::Snapshot { you: you.to_owned(), map: m }))),
        _ => Err(Stop::Quiet),
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
#[tracing::instrument(level = "debug", skip_all, fields(ops = writes.len()))]
async fn apply(store: &Store, access: &MapAccess, map: &MapId, writes: Vec<Write>) -> Vec<EditReply> {
    if writes.is_empty() {
        return Vec::new();
    }
    if let (crate::domain::Role::Participant, Some(guest)) = (access.role, &access.guest) {
        return apply_as_guest(store, access, map, guest, writes).await;
    }
    if !access.role.allows(Capability::Edit) {
        tracing::warn!(map = %map, ops = writes.len(), "refused ops from a connection that may not edit");
        return writes
            .into_iter()
            .map(|w| EditReply::Reject { client_op: w.client_op, error: Rejection::Forbidden })
            .collect();
    }
    apply_members(store, access, map, writes).await
}

/// Applies checked writes as one group; each answered with an ack or a reject.
async fn apply_members(store: &Store, access: &MapAccess, map: &MapId, writes: Vec<Write>) -> Vec<EditReply> {
    if writes.is_empty() {
        return Vec::new();
    }
    let ids: Vec<String> = writes.iter().map(|w| w.client_op.clone()).collect();
    let outcomes = crate::server::maps::apply_group(store, &access.workspace, map, writes).await;
    ids.into_iter()
        .zip(outcomes)
        .map(|(client_op, outcome)| match outcome {
            Ok(applied) => EditReply::Ack { client_op, rev: applied.rev },
            Err(StoreError::Refused(reason)) => EditReply::Reject { client_op, error: Rejection::Refused { reason } },
            Err(StoreError::MapNotFound) => EditReply::Reject { client_op, error: Rejection::NotFound },
            Err(e) => {
                tracing::error!(error = %e, map = %map, "op not saved");
                EditReply::Reject { client_op, error: Rejection::Unavailable }
            }
        })
        .collect()
}

/// A workshop guest's ops: each checked against what a participant may change (their own
/// cards, nothing while the board is locked); the others are refused with the reason, the
/// rest applied as one group, and the cards they add become theirs.
async fn apply_as_guest(
    store: &Store,
    access: &MapAccess,
    map: &MapId,
    guest: &crate::server::store::workshops::GuestRow,
    writes: Vec<Write>,
) -> Vec<EditReply> {
    let ops: Vec<&crate::domain::Op> = writes.iter().flat_map(|w| w.ops.iter()).collect();
    let checks = match crate::server::workshop::participant_check(store, map, guest, &ops).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "participant check failed");
            return writes
                .into_iter()
                .map(|w| EditReply::Reject { client_op: w.client_op, error: Rejection::Unavailable })
                .collect();
        }
    };
    let mut replies: Vec<Option<EditReply>> = Vec::with_capacity(writes.len());
    let mut allowed = Vec::new();
    let mut checks = checks.into_iter();
    for w in writes {
        // Each write of a socket holds one op; a refused op refuses its write.
        let refused = w
            .ops
            .iter()
            .map(|_| checks.next().unwrap_or(Err(crate::domain::OpError::BoardLocked)))
            .find_map(Result::err);
        match refused {
            Some(reason) => {
                replies.push(Some(EditReply::Reject { client_op: w.client_op, error: Rejection::Refused { reason } }))
            }
            None => {
                replies.push(None);
                allowed.push(w);
            }
        }
    }
    let added: Vec<Vec<crate::domain::CardId>> = allowed
        .iter()
        .map(|w| w.ops.iter().filter_map(crate::domain::facilitation::added_card).cloned().collect())
        .collect();
    let mut applied = apply_members(store, access, map, allowed).await.into_iter().zip(added);
    let mut theirs = Vec::new();
    let replies: Vec<EditReply> = replies
        .into_iter()
        .filter_map(|r| match r {
            Some(r) => Some(r),
            None => applied.next().map(|(reply, cards)| {
                if matches!(reply, EditReply::Ack { .. }) {
                    theirs.extend(cards);
                }
                reply
            }),
        })
        .collect();
    if !theirs.is_empty() {
        if let Err(e) = store.add_guest_cards(&guest.id, theirs).await {
            tracing::warn!(error = %e, "a guest's new cards were not noted as theirs");
        }
    }
    replies
}

/// Most messages taken from the socket at once.
const MAX_READY: usize = 128;

/// `first` and the messages already waiting behind it; whether the connection closed.
fn ready_msgs(first: ClientMsg, stream: &mut Stream, malformed: &mut u32) -> (Vec<ClientMsg>, bool) {
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
async fn next_msg(stream: &mut Stream, malformed: &mut u32) -> Option<ClientMsg> {
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
