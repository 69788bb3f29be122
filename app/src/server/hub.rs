//! The real-time hub: one room per open map, fed by the SurrealDB live feed of the op log,
//! so every process that shares one database delivers every op (app servers stay
//! stateless). Presence (who is here, what they edit or hold) is kept per process.

use crate::api::ws::{Person, RemoteOp, ServerMsg};
use crate::domain::MapId;
use crate::server::store::Store;
use futures::StreamExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;

/// What a room sends to its connections: a protocol message, serialised once for all of
/// them (20 people on a map would otherwise encode every op 20 times).
pub type Event = Arc<str>;

fn encode(msg: &ServerMsg) -> Event {
    serde_json::to_string(msg).unwrap_or_default().into()
}

/// Ops a slow connection may fall behind before it is caught up from the store.
const ROOM_BUFFER: usize = 1024;

#[derive(Default)]
struct Room {
    people: Vec<Person>,
    tx: Option<broadcast::Sender<Event>>,
}

#[derive(Clone, Default)]
pub struct Hub {
    rooms: Arc<Mutex<HashMap<MapId, Room>>>,
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
    /// A hub fed by `store`'s live op feed; the feed is re-opened if it ends.
    pub fn start(store: Store) -> Hub {
        let hub = Hub::default();
        let feeder = hub.clone();
        tokio::spawn(async move {
            loop {
                match store.live_ops().await {
                    Ok(feed) => {
                        let mut feed = Box::pin(feed);
                        while let Some((map, op)) = feed.next().await {
                            let msg = ServerMsg::Remote(RemoteOp {
                                rev: op.rev,
                                author: op.author,
                                client_op: op.client_op,
                                op: op.op,
                            });
                            feeder.publish(&map, || encode(&msg));
                        }
                        tracing::warn!("live op feed ended; reopening");
                    }
                    Err(e) => tracing::error!(error = %e, "cannot open the live op feed; retrying"),
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
        hub
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

    fn publish_people(&self, map: &MapId, people: Vec<Person>) {
        self.publish(map, || encode(&ServerMsg::People { people }));
    }

    /// Joins a map's room: the events from now on, and a membership that leaves on drop.
    pub fn join(&self, map: &MapId, person: Person) -> (broadcast::Receiver<Event>, Membership) {
        let id = person.id.clone();
        let (rx, people) = {
            let mut rooms = self.lock();
            let room = rooms.entry(map.clone()).or_default();
            let tx = room.tx.get_or_insert_with(|| broadcast::channel(ROOM_BUFFER).0);
            let rx = tx.subscribe();
            room.people.push(person);
            (rx, room.people.clone())
        };
        self.publish_people(map, people);
        (rx, Membership { hub: self.clone(), map: map.clone(), id })
    }

    fn leave(&self, map: &MapId, id: &str) {
        let people = {
            let mut rooms = self.lock();
            let Some(room) = rooms.get_mut(map) else {
                return;
            };
            room.people.retain(|p| p.id != id);
            if room.people.is_empty() {
                rooms.remove(map);
                return;
            }
            room.people.clone()
        };
        self.publish_people(map, people);
    }

    /// Updates what one connection edits or holds, and tells the room.
    pub fn set_presence(&self, map: &MapId, id: &str, update: impl FnOnce(&mut Person)) {
        let people = {
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
            room.people.clone()
        };
        self.publish_people(map, people);
    }
}
