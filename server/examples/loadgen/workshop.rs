//! Phase 3, a workshop: `people` on one map, every one moving a cursor 20 times a second,
//! `typists` of them adding and moving cards (4 ops a second each), and one slow phone
//! beside them that reads its socket at a quarter of the room's pace.
//!
//! Timed: each op from its send to its arrival at every other person (the slow phone
//! aside), and each cursor position from its send to its arrival. A cursor carries
//! `[sequence, person]` as its position so a receiver knows when it was sent; the server
//! keeps only the latest position of each person per 50 ms batch, so some positions are
//! never delivered (coalesced) — the figure is the delay of those that are.
//! At the end every listener's copy of the map must equal the stored map, the slow phone's
//! included (it catches up by snapshot when it falls too far behind).

use super::{connect, pct, support};
use app::domain::{Map, MapId, Op, Role};
use app::protocol::{ClientMsg, EditReply, PresenceNews, ServerMsg, SyncMsg};
use app::server::store::Store;
use futures::{SinkExt, StreamExt};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

/// How often a person's pointer moves and a typist's op goes out.
const CURSOR_EVERY: Duration = Duration::from_millis(50);
const OP_EVERY_TICKS: u64 = 5;

/// Send times: each person's cursor positions by sequence, and each op by client op id
/// (with the sender's index).
#[derive(Default)]
struct Sent {
    cursors: Vec<Mutex<Vec<Instant>>>,
    ops: Mutex<HashMap<String, (usize, Instant)>>,
    /// Where an op's time goes: its ack reached the sender, and its row reached the
    /// store's live feed (the step before the hub hands it to the room), in ms.
    acks: Mutex<Vec<f64>>,
    fed: Mutex<Vec<f64>>,
}

/// What one receiver saw: op and cursor delays in ms, and its copy of the map.
struct Seen {
    ops: Vec<f64>,
    cursors: Vec<f64>,
    replica: support::Replica,
}

fn text(msg: &ClientMsg) -> Message {
    Message::Text(serde_json::to_string(msg).unwrap().into())
}

/// Person `k` for `seconds`: a cursor every 50 ms and, for a typist, an op every 250 ms
/// (an added card, then a move of it to the next cell).
async fn send(
    mut sink: futures::stream::SplitSink<support::Socket, Message>,
    k: usize,
    typist: bool,
    map: Map,
    sent: Arc<Sent>,
    until: Instant,
    cursors: bool,
) -> usize {
    // Spread the people over the 50 ms slot, as real pointers are.
    tokio::time::sleep(CURSOR_EVERY.mul_f64(k as f64 / 31.0)).await;
    let mut tick = tokio::time::interval(CURSOR_EVERY);
    let (mut n, mut ops, mut last_card) = (0u64, 0usize, None);
    while Instant::now() < until {
        tick.tick().await;
        let s = {
            let mut mine = sent.cursors[k].lock().unwrap();
            mine.push(Instant::now());
            mine.len() - 1
        };
        if cursors {
            sink.send(text(&ClientMsg::cursor(Some([s as f32, k as f32])))).await.unwrap();
        }
        if typist && n % OP_EVERY_TICKS == 0 {
            let op = match last_card.take() {
                None => {
                    let op = support::card_op(&map, k * 10_000 + ops, &format!("Person {k}"));
                    if let Op::AddCard { card } = &op {
                        last_card = Some(card.id.clone());
                    }
                    op
                }
                Some(id) => {
                    let at = support::card_op(&map, k * 10_000 + ops + 1, "");
                    let Op::AddCard { card } = at else { unreachable!() };
                    Op::MoveCard { id, stage: card.stage, lane: card.lane, order: card.order }
                }
            };
            let client_op = format!("ws-{k}-{ops}");
            sent.ops.lock().unwrap().insert(client_op.clone(), (k, Instant::now()));
            sink.send(text(&ClientMsg::op(client_op, 0, op))).await.unwrap();
            ops += 1;
        }
        n += 1;
    }
    let _ = sink.send(text(&ClientMsg::cursor(None))).await;
    // Kept open until the receivers are done, so the person stays in the room.
    tokio::time::sleep(Duration::from_secs(3)).await;
    ops
}

/// Person `k` reads everything until `stop`, then what is still on its way (until the
/// socket is quiet for a second); a slow phone sleeps `pause` after each message until then.
async fn receive(
    mut stream: futures::stream::SplitStream<support::Socket>,
    k: usize,
    map: Map,
    sent: Arc<Sent>,
    pause: Option<Duration>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> Seen {
    let mut seen = Seen { ops: Vec::new(), cursors: Vec::new(), replica: support::Replica::new(&map.id, &map.title) };
    let mut stopping = false;
    loop {
        let frame = if stopping {
            match tokio::time::timeout(Duration::from_secs(1), stream.next()).await {
                Ok(f) => f,
                Err(_) => break,
            }
        } else {
            tokio::select! {
                f = stream.next() => f,
                _ = stop.changed() => {
                    stopping = true;
                    continue;
                }
            }
        };
        match frame {
            Some(Ok(Message::Text(t))) => seen.take(&t, k, &sent),
            Some(Ok(_)) => continue,
            _ => break,
        }
        if let (Some(p), false) = (pause, stopping) {
            tokio::time::sleep(p).await;
        }
    }
    seen
}

impl Seen {
    /// One message from the server, timed if it is an op or cursors of someone else.
    fn take(&mut self, t: &str, k: usize, sent: &Sent) {
        let now = Instant::now();
        let Ok(msg) = serde_json::from_str::<ServerMsg>(t) else { return };
        match &msg {
            ServerMsg::Sync(SyncMsg::Remote(r)) => {
                if let Some((from, at)) = sent.ops.lock().unwrap().get(&r.client_op) {
                    if *from != k {
                        self.ops.push(now.duration_since(*at).as_secs_f64() * 1000.0);
                    }
                }
            }
            ServerMsg::Edit(EditReply::Ack { client_op, .. }) => {
                if let Some((_, at)) = sent.ops.lock().unwrap().get(client_op) {
                    sent.acks.lock().unwrap().push(now.duration_since(*at).as_secs_f64() * 1000.0);
                }
            }
            ServerMsg::Presence(PresenceNews::Cursors { cursors }) => {
                for c in cursors {
                    let Some([s, j]) = c.at else { continue };
                    let (s, j) = (s as usize, j as usize);
                    if j == k || j >= sent.cursors.len() {
                        continue;
                    }
                    if let Some(at) = sent.cursors[j].lock().unwrap().get(s) {
                        self.cursors.push(now.duration_since(*at).as_secs_f64() * 1000.0);
                    }
                }
            }
            _ => {}
        }
        self.replica.take(msg);
    }
}

/// `cursors` off: the same room with every pointer still (to see what the cursors cost).
pub async fn run(
    addr: std::net::SocketAddr,
    store: &Store,
    id: &MapId,
    (people, typists, seconds): (usize, usize, u64),
    cursors: bool,
) {
    let map = store.load_map(id).await.unwrap().unwrap();
    let sent = Arc::new(Sent { cursors: (0..people).map(|_| Mutex::new(Vec::new())).collect(), ..Default::default() });
    let (stop_tx, stop) = tokio::sync::watch::channel(false);
    // The store's op feed, as the hub hears it.
    let feed = {
        let (sent, mut stop, mut ops) = (sent.clone(), stop.clone(), Box::pin(store.live_ops().await.unwrap()));
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    op = ops.next() => {
                        let Some((_, op)) = op else { break };
                        let now = Instant::now();
                        if let Some((_, at)) = sent.ops.lock().unwrap().get(&op.client_op) {
                            sent.fed.lock().unwrap().push(now.duration_since(*at).as_secs_f64() * 1000.0);
                        }
                    }
                    _ = stop.changed() => break,
                }
            }
        })
    };
    let mut receivers = Vec::new();
    let mut sockets = Vec::new();
    for k in 0..=people {
        // Everyone is a person of their own (the server limits connections per person).
        let who = support::member(store, &format!("Person {k}"), support::WS, Role::Editor).await;
        let ws = connect(addr, id, &who, &format!("Person {k}")).await;
        let (sink, stream) = ws.split();
        let slow = k == people;
        // The room sends about 40 messages a second; the slow phone reads 10.
        let pause = slow.then_some(Duration::from_millis(100));
        receivers.push(tokio::spawn(receive(stream, k, map.clone(), sent.clone(), pause, stop.clone())));
        sockets.push(sink);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut senders = Vec::new();
    for (k, sink) in sockets.into_iter().enumerate() {
        if k == people {
            // The slow phone only listens (and stays connected).
            senders.push(tokio::spawn(async move {
                let _sink = sink;
                tokio::time::sleep_until((until + Duration::from_secs(3)).into()).await;
                0
            }));
            continue;
        }
        senders.push(tokio::spawn(send(sink, k, k < typists, map.clone(), sent.clone(), until, cursors)));
    }
    tokio::time::sleep_until((until + Duration::from_secs(2)).into()).await;
    let _ = stop_tx.send(true);
    let mut ops_sent = 0;
    for s in senders {
        ops_sent += s.await.unwrap();
    }
    let _ = feed.await;
    let mut seen = Vec::new();
    for r in receivers {
        seen.push(r.await.unwrap());
    }
    let stored = store.load_map(id).await.unwrap().unwrap();
    let (mut op_lat, mut cur_lat) = (Vec::new(), Vec::new());
    for (k, s) in seen.iter_mut().enumerate() {
        if k < people {
            op_lat.append(&mut s.ops);
            cur_lat.append(&mut s.cursors);
        }
        if k >= typists {
            assert_eq!(s.replica.map(), &stored, "person {k} converged to the stored map");
        }
    }
    let expected = ops_sent * (people - 1);
    assert_eq!(op_lat.len(), expected, "every op reached every other person");
    let positions: usize = sent.cursors.iter().map(|c| c.lock().unwrap().len()).sum();
    let slow = &seen[people];
    println!(
        "workshop: {people} people, {typists} of them adding and moving cards, all moving cursors, {seconds} s; \
         ops: {ops_sent} x {} others = {expected} deliveries, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; \
         cursors: {positions} positions sent, {} deliveries (coalesced per 50 ms), p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; \
         slow phone: {} ops one by one, {} snapshots, converged",
        people - 1,
        pct(&mut op_lat, 0.5),
        pct(&mut op_lat, 0.99),
        pct(&mut op_lat, 1.0),
        cur_lat.len(),
        pct(&mut cur_lat, 0.5),
        pct(&mut cur_lat, 0.99),
        pct(&mut cur_lat, 1.0),
        slow.ops.len(),
        slow.replica.snapshots,
    );
    let (mut acks, mut fed) =
        (std::mem::take(&mut *sent.acks.lock().unwrap()), std::mem::take(&mut *sent.fed.lock().unwrap()));
    if !acks.is_empty() && !fed.is_empty() {
        println!(
            "workshop ops, where the time goes: acked to the sender p50 {:.2} ms, p99 {:.2} ms; in the store's live feed p50 {:.2} ms, p99 {:.2} ms",
            pct(&mut acks, 0.5),
            pct(&mut acks, 0.99),
            pct(&mut fed, 0.5),
            pct(&mut fed, 0.99),
        );
    }
}
