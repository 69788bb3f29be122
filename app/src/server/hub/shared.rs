//! The hub's presence shared with the other processes on the database: this process's
//! people go to the `presence` table (written in order by one task, refreshed by a beat),
//! the others' come back through its live feed; cursors are coalesced per connection and
//! sent to the rooms (and written to the `cursor` table, one statement) every
//! [`CURSOR_EVERY_MS`], the others' joining the next batch. See `store::presence`.

use crate::domain::MapId;
use crate::protocol::{CursorAt, Person, CURSOR_EVERY_MS};
use crate::server::store::presence::{PresenceChange, PRESENCE_BEAT_SECS};
use crate::server::store::Store;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::mpsc;

/// A change of this process's presence, for the writer task.
enum Write {
    Put(MapId, Person),
    Gone(String),
    /// A leader's view, for the followers on other processes.
    View(MapId, String, crate::domain::facilitation::ViewAt),
}

/// Cursors that moved since the last batch, per map: connection id → position.
type Moved = HashMap<MapId, HashMap<String, Option<[f32; 2]>>>;

pub(super) struct Shared {
    /// This process's id in the presence rows.
    pub(super) node: String,
    /// The people of other processes, per map (connection id → person).
    remote: Mutex<HashMap<MapId, BTreeMap<String, Person>>>,
    /// This process's cursors that moved (also written to the database), and the others'.
    local: Mutex<Moved>,
    elsewhere: Mutex<Moved>,
    writes: Mutex<Option<mpsc::UnboundedSender<Write>>>,
}

impl Default for Shared {
    fn default() -> Self {
        Shared {
            node: uuid::Uuid::new_v4().simple().to_string(),
            remote: Mutex::default(),
            local: Mutex::default(),
            elsewhere: Mutex::default(),
            writes: Mutex::default(),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Shared {
    fn write(&self, w: Write) {
        if let Some(tx) = lock(&self.writes).as_ref() {
            let _ = tx.send(w);
        }
    }

    /// A leader's view on `map`, for the other processes.
    pub(super) fn view(&self, map: &MapId, conn: &str, at: crate::domain::facilitation::ViewAt) {
        self.write(Write::View(map.clone(), conn.to_owned(), at));
    }

    /// Connection `person.id` of this process is on `map` (new or changed).
    pub(super) fn put(&self, map: &MapId, person: &Person) {
        self.write(Write::Put(map.clone(), person.clone()));
    }

    /// Connection `id` of this process left `map`: its cursor goes too.
    pub(super) fn gone(&self, map: &MapId, id: &str) {
        self.write(Write::Gone(id.to_owned()));
        lock(&self.local).entry(map.clone()).or_default().insert(id.to_owned(), None);
    }

    /// The people of other processes on `map`.
    pub(super) fn remote_people(&self, map: &MapId) -> Vec<Person> {
        lock(&self.remote).get(map).map(|m| m.values().cloned().collect()).unwrap_or_default()
    }

    /// The latest position of a cursor of this process.
    pub(super) fn cursor(&self, map: &MapId, id: &str, at: Option<[f32; 2]>) {
        lock(&self.local).entry(map.clone()).or_default().insert(id.to_owned(), at);
    }

    /// What moved since the last call, per map, and the part of it another process needs:
    /// this process's cursors on maps where people of other processes are. A map whose
    /// people are all here writes no cursor rows at all (each row is a write with its live
    /// notification, and 30 people's pointers slowed every op's commit on the same cores).
    /// Someone joining through another process sees each pointer from its next move.
    fn take_moved(&self) -> (HashMap<MapId, Vec<CursorAt>>, Vec<(String, MapId, Option<[f32; 2]>)>) {
        let local = std::mem::take(&mut *lock(&self.local));
        let elsewhere = std::mem::take(&mut *lock(&self.elsewhere));
        let shared: std::collections::HashSet<MapId> = lock(&self.remote).keys().cloned().collect();
        let mut rows = Vec::new();
        let mut out: HashMap<MapId, Vec<CursorAt>> = HashMap::new();
        for (map, moved) in local {
            let share = shared.contains(&map);
            for (id, at) in moved {
                if share {
                    rows.push((id.clone(), map.clone(), at));
                }
                out.entry(map.clone()).or_default().push(CursorAt { id, at });
            }
        }
        for (map, moved) in elsewhere {
            out.entry(map).or_default().extend(moved.into_iter().map(|(id, at)| CursorAt { id, at }));
        }
        (out, rows)
    }

    /// A change another process made: which map's people changed.
    fn heard(&self, change: PresenceChange) -> Option<MapId> {
        let mut remote = lock(&self.remote);
        match change {
            PresenceChange::Here { map, node, person } => {
                if node == self.node {
                    return None;
                }
                remote.entry(map.clone()).or_default().insert(person.id.clone(), person);
                Some(map)
            }
            PresenceChange::Gone { id } => {
                let map = remote.iter().find(|(_, people)| people.contains_key(&id)).map(|(m, _)| m.clone())?;
                if let Some(people) = remote.get_mut(&map) {
                    people.remove(&id);
                    if people.is_empty() {
                        remote.remove(&map);
                    }
                }
                lock(&self.elsewhere).entry(map.clone()).or_default().insert(id, None);
                Some(map)
            }
        }
    }
}

/// Starts the tasks that share `hub`'s presence through `store`.
pub(super) fn start(hub: &super::Hub, store: Store) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    *lock(&hub.shared.writes) = Some(tx);
    // This process's presence, written in order.
    let (writer, node) = (store.clone(), hub.shared.node.clone());
    tokio::spawn(async move {
        while let Some(w) = rx.recv().await {
            let done = match &w {
                Write::Put(map, person) => writer.put_presence(&node, map, person).await,
                Write::Gone(id) => writer.drop_presence(id).await,
                Write::View(map, conn, at) => writer.put_view(&node, map, conn, at).await,
            };
            if let Err(e) = done {
                tracing::warn!(error = %e, "presence not shared");
            }
        }
    });
    // The beat: this process's rows stay, stopped processes' rows go.
    let (beat, node) = (store.clone(), hub.shared.node.clone());
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(PRESENCE_BEAT_SECS));
        loop {
            every.tick().await;
            if let Err(e) = beat.beat_presence(&node).await {
                tracing::warn!(error = %e, "presence beat failed");
            }
        }
    });
    // The other processes' people: every change, and once the feed is open the rows
    // there are (so nothing falls between the two).
    let (h, seeder, s) = (hub.clone(), hub.clone(), store.clone());
    super::follow(
        "presence",
        move || {
            let (s, h) = (s.clone(), seeder.clone());
            async move {
                let feed = s.live_presence().await?;
                for (map, node, person) in s.presence_elsewhere(&h.shared.node).await.unwrap_or_default() {
                    if let Some(map) = h.shared.heard(PresenceChange::Here { map, node, person }) {
                        h.publish_people(&map);
                    }
                }
                Ok(feed)
            }
        },
        move |change| {
            if let Some(map) = h.shared.heard(change) {
                h.publish_people(&map);
            }
        },
    );
    // The other processes' cursors, for the next batch.
    let (h, s) = (hub.clone(), store.clone());
    super::follow(
        "cursor",
        move || {
            let s = s.clone();
            async move { s.live_cursors().await }
        },
        move |c| {
            if c.node != h.shared.node {
                lock(&h.shared.elsewhere).entry(c.map).or_default().insert(c.id, c.at);
            }
        },
    );
    // Workshop timers set by any process.
    let (h, s) = (hub.clone(), store.clone());
    super::follow(
        "timer",
        move || {
            let s = s.clone();
            async move { s.live_timers().await }
        },
        move |(map, timer)| h.publish_timer(&map, timer),
    );
    // Workshops changed by any process (locked, a vote, ended).
    let (h, s) = (hub.clone(), store.clone());
    super::follow(
        "workshop",
        move || {
            let s = s.clone();
            async move { s.live_workshops().await }
        },
        move |(map, state)| h.publish_workshop(&map, state),
    );
    // Leaders' views set on other processes.
    let (h, s) = (hub.clone(), store.clone());
    super::follow(
        "view",
        move || {
            let s = s.clone();
            async move { s.live_views().await }
        },
        move |v: crate::server::store::workshops::ViewMoved| {
            if v.node != h.shared.node {
                h.publish_view(&v.map, v.conn, v.at);
            }
        },
    );
    // Every CURSOR_EVERY_MS: the cursors that moved, to each room and to the database.
    let h = hub.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_millis(CURSOR_EVERY_MS));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            every.tick().await;
            let (rooms, rows) = h.shared.take_moved();
            for (map, cursors) in rooms {
                h.publish_cursors(&map, cursors);
            }
            if !rows.is_empty() {
                if let Err(e) = store.put_cursors(&h.shared.node, &rows).await {
                    tracing::debug!(error = %e, "cursors not shared");
                }
            }
        }
    });
}
