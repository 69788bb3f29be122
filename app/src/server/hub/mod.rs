//! The real-time hub: one room per open map, fed by the SurrealDB live feed of the op log,
//! so every process that shares one database delivers every op (app servers stay
//! stateless); comments come the same way from the live feed of `comment`. Presence (who
//! is here, what they edit or hold) and cursors reach the other processes through the
//! database too (`shared`), and so does the news that a map's customer feedback changed.

mod shared;

use crate::domain::MapId;
use crate::protocol::{CursorAt, EvidenceNews, Person, PresenceNews, ServerMsg, SyncMsg, TalkNews};
use crate::server::store::Store;
use futures::StreamExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;

/// What a room sends to its connections: a protocol message, serialised once for all of
/// them (20 people on a map would otherwise encode every op 20 times).
#[derive(Clone, Debug)]
pub struct Event {
    pub text: Arc<str>,
    /// A comment: not for a view-only share link.
    pub talk: bool,
}

pub fn encode(msg: &ServerMsg) -> Event {
    Event { text: serde_json::to_string(msg).unwrap_or_default().into(), talk: matches!(msg, ServerMsg::Talk(_)) }
}

/// Ops a slow connection may fall behind before it is caught up from the store.
const ROOM_BUFFER: usize = 1024;

#[derive(Default)]
struct Room {
    people: Vec<Person>,
    tx: Option<broadcast::Sender<Event>>,
}

#[derive(Clone)]
pub struct Hub {
    rooms: Arc<Mutex<HashMap<MapId, Room>>>,
    /// Open connections per person (an account, or a share link from one address).
    connections: Arc<Mutex<HashMap<String, usize>>>,
    /// Bumped whenever a membership, session, user or share link changes in any process:
    /// every open connection then checks its access again.
    access: Arc<tokio::sync::watch::Sender<u64>>,
    /// Presence and cursors shared with the other processes.
    shared: Arc<shared::Shared>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub {
            rooms: Arc::default(),
            connections: Arc::default(),
            access: Arc::new(tokio::sync::watch::channel(0).0),
            shared: Arc::default(),
        }
    }
}

/// Most connections one person may hold open in this process (tabs, devices).
pub const MAX_CONNECTIONS_PER_PERSON: usize = 32;
/// Most connections of one share link from one address (a workshop room behind one NAT).
pub const MAX_CONNECTIONS_PER_LINK: usize = 64;
/// Most connections on one map in this process.
pub const MAX_ROOM: usize = 256;

/// Why a connection was not let in.
#[derive(Debug, PartialEq, Eq)]
pub enum Full {
    Person,
    Room,
}

/// An open connection's place in the per-person count; gives it back when dropped.
pub struct Slot {
    hub: Hub,
    key: String,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut c = self.hub.connections.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = c.get_mut(&self.key) {
            *n -= 1;
            if *n == 0 {
                c.remove(&self.key);
            }
        }
    }
}

/// Leaves the room when dropped (the connection ended, however it ended).
pub struct Membership {
    hub: Hub,
    map: MapId,
    id: String,
}

impl Drop for Membership {
    fn drop(&mut self) {
        self.hub.leave(&self.map, &self.id);
    }
}

impl Hub {
    /// A hub fed by `store`'s live feeds (ops, comments, access changes, and through
    /// `shared` presence, cursors and timers); each is opened again if it ends.
    pub fn start(store: Store) -> Hub {
        let hub = Hub::default();
        shared::start(&hub, store.clone());
        let (access, s) = (hub.access.clone(), store.clone());
        let bump = access.clone();
        follow(
            "access",
            move || {
                // Whatever changed while the feed was down (or before it opened): everyone
                // checks once.
                bump.send_modify(|generation| *generation += 1);
                let s = s.clone();
                async move { s.live_access_changes().await }
            },
            move |()| access.send_modify(|generation| *generation += 1),
        );
        let (talker, s) = (hub.clone(), store.clone());
        follow(
            "comment",
            move || {
                let s = s.clone();
                async move { s.live_comments().await }
            },
            move |comment| {
                let map = comment.map.clone();
                let msg = ServerMsg::Talk(TalkNews::Comment { comment });
                talker.publish(&map, || encode(&msg));
            },
        );
        let (news, s) = (hub.clone(), store.clone());
        follow(
            "feedback",
            move || {
                let s = s.clone();
                async move { s.live_feedback().await }
            },
            move |map| news.publish(&map, || encode(&ServerMsg::Evidence(EvidenceNews::FeedbackChanged))),
        );
        let feeder = hub.clone();
        follow(
            "op",
            move || {
                let s = store.clone();
                async move { s.live_ops().await }
            },
            move |(map, op)| {
                let msg = ServerMsg::Sync(SyncMsg::Remote(op));
                feeder.publish(&map, || encode(&msg));
            },
        );
        hub
    }

    /// Wakes when access may have changed anywhere (see [`Hub::access`]).
    pub fn access_changes(&self) -> tokio::sync::watch::Receiver<u64> {
        self.access.subscribe()
    }

    /// Tells every open connection of this process to check its access now.
    pub fn access_changed(&self) {
        self.access.send_modify(|generation| *generation += 1);
    }

    /// Takes a connection slot for `person` on `map`, or says which limit is reached.
    pub fn admit(&self, person: &str, limit: usize, map: &MapId) -> Result<Slot, Full> {
        if self.lock().get(map).is_some_and(|r| r.people.len() >= MAX_ROOM) {
            return Err(Full::Room);
        }
        let mut c = self.connections.lock().unwrap_or_else(|p| p.into_inner());
        let n = c.entry(person.to_owned()).or_insert(0);
        if *n >= limit {
            return Err(Full::Person);
        }
        *n += 1;
        Ok(Slot { hub: self.clone(), key: person.to_owned() })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<MapId, Room>> {
        self.rooms.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Sends an event to a room, encoding it only when someone is there.
    fn publish(&self, map: &MapId, event: impl FnOnce() -> Event) {
        let tx = self.lock().get(map).and_then(|r| r.tx.clone());
        if let Some(tx) = tx {
            let _ = tx.send(event());
        }
    }

    /// Tells a room who is on its map: its own people and the other processes'.
    fn publish_people(&self, map: &MapId) {
        let local = self.lock().get(map).map(|r| r.people.clone());
        if let Some(mut people) = local {
            people.extend(self.shared.remote_people(map));
            self.publish(map, || encode(&ServerMsg::Presence(PresenceNews::People { people })));
        }
    }

    fn publish_timer(&self, map: &MapId, timer: crate::domain::workshop::Timer) {
        let now = chrono::Utc::now();
        self.publish(map, || encode(&ServerMsg::Presence(PresenceNews::Timer { timer, now })));
    }

    fn publish_workshop(&self, map: &MapId, state: crate::domain::facilitation::WorkshopState) {
        let workshop = (!state.ended).then_some(state);
        self.publish(map, || encode(&ServerMsg::Presence(PresenceNews::Workshop { workshop })));
    }

    fn publish_cursors(&self, map: &MapId, cursors: Vec<CursorAt>) {
        self.publish(map, || encode(&ServerMsg::Presence(PresenceNews::Cursors { cursors })));
    }

    /// Joins a map's room: the events from now on, and a membership that leaves on drop.
    pub fn join(&self, map: &MapId, person: Person) -> (broadcast::Receiver<Event>, Membership) {
        let id = person.id.clone();
        self.shared.put(map, &person);
        let rx = {
            let mut rooms = self.lock();
            let room = rooms.entry(map.clone()).or_default();
            let tx = room.tx.get_or_insert_with(|| broadcast::channel(ROOM_BUFFER).0);
            let rx = tx.subscribe();
            room.people.push(person);
            rx
        };
        self.publish_people(map);
        (rx, Membership { hub: self.clone(), map: map.clone(), id })
    }

    fn leave(&self, map: &MapId, id: &str) {
        self.shared.gone(map, id);
        {
            let mut rooms = self.lock();
            let Some(room) = rooms.get_mut(map) else {
                return;
            };
            room.people.retain(|p| p.id != id);
            if room.people.is_empty() {
                rooms.remove(map);
                return;
            }
        }
        self.publish_people(map);
    }

    /// Updates what one connection edits or holds, and tells the room.
    pub fn set_presence(&self, map: &MapId, id: &str, update: impl FnOnce(&mut Person)) {
        {
            let mut rooms = self.lock();
            let Some(room) = rooms.get_mut(map) else {
                return;
            };
            let Some(p) = room.people.iter_mut().find(|p| p.id == id) else {
                return;
            };
            let before = p.clone();
            update(p);
            if *p == before {
                return;
            }
            self.shared.put(map, p);
        }
        self.publish_people(map);
    }

    /// Where one connection's cursor is now (sent to the room with the next batch).
    pub fn cursor(&self, map: &MapId, id: &str, at: Option<[f32; 2]>) {
        self.shared.cursor(map, id, at);
    }

    /// Where leader `from`'s board is: to this process's room at once, to the others'
    /// through the database.
    pub fn view(&self, map: &MapId, from: &str, at: crate::domain::facilitation::ViewAt) {
        self.shared.view(map, from, at.clone());
        self.publish_view(map, from.to_owned(), at);
    }

    fn publish_view(&self, map: &MapId, from: String, at: crate::domain::facilitation::ViewAt) {
        self.publish(map, || encode(&ServerMsg::Presence(PresenceNews::View { from, at })));
    }
}

/// Follows one of the store's live feeds for as long as the process runs: `open` opens it
/// (again a second after it ends or fails to open), `each` takes every item it brings.
fn follow<S, Fut>(
    what: &'static str,
    open: impl Fn() -> Fut + Send + 'static,
    mut each: impl FnMut(S::Item) + Send + 'static,
) where
    Fut: std::future::Future<Output = Result<S, crate::server::store::StoreError>> + Send,
    S: futures::Stream + Send,
{
    tokio::spawn(async move {
        loop {
            match open().await {
                Ok(feed) => {
                    let mut feed = Box::pin(feed);
                    while let Some(item) = feed.next().await {
                        each(item);
                    }
                    tracing::warn!(feed = what, "live feed ended; reopening");
                }
                Err(e) => tracing::error!(feed = what, error = %e, "cannot open a live feed; retrying"),
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}
