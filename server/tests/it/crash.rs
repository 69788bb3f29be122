//! Crash safety of the real `jornada` on embedded SurrealKV with the default database
//! address (`surrealkv://./data/jornada?sync=every`, run in a temp directory): 20 writers
//! send cards over websockets, the process is SIGKILLed at a random moment, restarted, and
//! the writers send again what was not acknowledged (with the same client op ids, as the
//! browser does). After every restart the map loads with every acknowledged card; at the
//! end the op log holds every acknowledged op exactly once, at the rev its ack named, in
//! each writer's order, and replaying the log gives the stored map.
//!
//! Bounded: a few rounds of a second or two of load on loopback; it stops by itself.

use app::domain::{CardId, Map, MapId, Op};
use app::protocol::{ClientMsg, ServerMsg};
use app::server::store::Store;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support;
use support::{card_op, recv_or_end, Jornada, Replica, Rng, Session};

const WRITERS: usize = 20;
const ROUNDS: usize = 4;
/// Ops a writer has sent and not yet seen acknowledged, at most.
const WINDOW: usize = 4;

/// One op a writer made: its client op id and the op (a new card).
#[derive(Clone)]
struct Sent {
    client_op: String,
    op: Op,
}

impl Sent {
    fn card(&self) -> CardId {
        let Op::AddCard { card } = &self.op else { unreachable!("writers add cards") };
        card.id.clone()
    }
}

/// What every writer saw acknowledged: client op id → (rev, the card it added, when).
type Acks = Arc<Mutex<HashMap<String, (u64, CardId, Instant)>>>;

/// Starts `jornada` in `dir` with no `--db`: the default address is what is tested.
/// `JORNADA_CRASH_DB` gives another. (With `surrealkv://./data/jornada?sync=never` it
/// passes too: SurrealKV writes every commit to the OS before returning, so a killed
/// process loses nothing; only a machine crash, not simulated here, tells them apart.)
async fn start(dir: &Path) -> Jornada {
    let dir = dir.to_owned();
    Jornada::start(move |c| {
        c.current_dir(dir);
        if let Ok(db) = std::env::var("JORNADA_CRASH_DB") {
            c.args(["--db", &db]);
        }
    })
    .await
}

/// One writer for one round: sends first what the last round left unacknowledged, then
/// new cards, keeping a few in flight, until the server goes away. Returns what is still
/// unacknowledged.
async fn write(
    addr: std::net::SocketAddr,
    map: Map,
    who: Session,
    w: usize,
    mut pending: Vec<Sent>,
    next: Arc<Mutex<usize>>,
    acks: Acks,
) -> Vec<Sent> {
    let path = format!("/api/ws/maps/{}", map.id);
    let mut ws = support::connect_to(addr, &path, Some(&who), &format!("writer {w}"), u64::MAX - 1).await;
    let mut unacked: std::collections::VecDeque<Sent> = Default::default();
    loop {
        while unacked.len() < WINDOW {
            let sent = if pending.is_empty() {
                let n = {
                    let mut next = next.lock().unwrap();
                    *next += 1;
                    *next
                };
                Sent { client_op: format!("w{w}-{n}"), op: card_op(&map, w * 1_000_000 + n, &format!("w{w}")) }
            } else {
                pending.remove(0)
            };
            let msg = ClientMsg::op(sent.client_op.clone(), 0, sent.op.clone());
            unacked.push_back(sent);
            use futures::SinkExt;
            let text = serde_json::to_string(&msg).unwrap();
            if ws.send(tokio_tungstenite::tungstenite::Message::Text(text.into())).await.is_err() {
                return unacked.into_iter().chain(pending).collect();
            }
        }
        match recv_or_end(&mut ws, Duration::from_secs(10)).await {
            Some(ServerMsg::Edit(app::protocol::EditReply::Ack { client_op, rev })) => {
                let i =
                    unacked.iter().position(|s| s.client_op == client_op).expect("an ack of an op this writer sent");
                assert_eq!(i, 0, "acks come in the order the ops were sent");
                let sent = unacked.pop_front().unwrap();
                let before = acks.lock().unwrap().insert(client_op.clone(), (rev, sent.card(), Instant::now()));
                assert!(before.is_none(), "{client_op} acknowledged twice");
            }
            Some(ServerMsg::Edit(app::protocol::EditReply::Reject { client_op, error })) => {
                panic!("{client_op} rejected: {error:?}")
            }
            Some(_) => {}
            None => return unacked.into_iter().chain(pending).collect(),
        }
    }
}

/// The map as a client that connects now sees it.
async fn load(addr: std::net::SocketAddr, id: &MapId, who: &Session, title: &str) -> Map {
    let mut ws = support::connect(addr, id, Some(who), "checker").await;
    let mut replica = Replica::new(id, title);
    let first = recv_or_end(&mut ws, Duration::from_secs(20)).await.expect("the restarted server answers hello");
    assert!(
        matches!(
            first,
            ServerMsg::Sync(app::protocol::SyncMsg::Welcome { .. })
                | ServerMsg::Sync(app::protocol::SyncMsg::Snapshot { .. })
        ),
        "{first:?}"
    );
    replica.take(first);
    replica.map().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_ops_survive_sigkill() {
    let _alone = support::alone();
    let mut rng = Rng::seeded("JORNADA_CRASH_SEED");
    let dir = tempfile::tempdir().unwrap();
    let began = Instant::now();

    let mut server = start(dir.path()).await;
    let owner = support::set_up_over_http(server.addr).await;
    let map = support::create_map_over_http(server.addr, &owner, "Crash").await;
    let (id, title) = (map.id.clone(), map.title.clone());

    let acks: Acks = Arc::default();
    let counters: Vec<Arc<Mutex<usize>>> = (0..WRITERS).map(|_| Arc::default()).collect();
    let mut pending: Vec<Vec<Sent>> = vec![Vec::new(); WRITERS];
    let mut acked_before_round = 0;
    for round in 0..ROUNDS {
        let tasks: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (map, owner, acks) = (map.clone(), owner.clone(), acks.clone());
                let (left, next) = (std::mem::take(&mut pending[w]), counters[w].clone());
                tokio::spawn(write(server.addr, map, owner, w, left, next, acks))
            })
            .collect();
        // The kill comes at a random moment once the writers are under way: a restarted
        // server takes a few hundred milliseconds to its first ack on a busy machine, and a
        // kill before it would test nothing.
        let under_way = Instant::now();
        while acks.lock().unwrap().len() <= acked_before_round && under_way.elapsed() < Duration::from_secs(20) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let load_for = Duration::from_millis(rng.between(300, 2_000));
        tokio::time::sleep(load_for).await;
        let acked_before = acks.lock().unwrap().len();
        let killed_at = Instant::now();
        server.kill();
        for (w, t) in tasks.into_iter().enumerate() {
            pending[w] = t.await.expect("a writer ends cleanly when the server dies");
        }
        let in_flight: usize = pending.iter().map(Vec::len).sum();
        println!(
            "round {round}: SIGKILL after {load_for:?}; {acked_before} acks so far, {in_flight} ops unacknowledged"
        );

        server = start(dir.path()).await;
        let now = load(server.addr, &id, &owner, &title).await;
        let acks = acks.lock().unwrap().clone();
        assert!(acks.len() > acked_before_round, "round {round}: the writers got acks");
        acked_before_round = acks.len();
        // Every card acknowledged so far is on the map the restarted server serves.
        for (client_op, (rev, card, at)) in &acks {
            if *rev > now.rev || !now.cards.contains_key(card) {
                // What a rare failure needs to be understood afterwards.
                let before_kill = killed_at.saturating_duration_since(*at);
                let lost = acks.values().filter(|(r, _, _)| *r > now.rev).count();
                let highest = acks.values().map(|(r, _, _)| *r).max().unwrap_or(0);
                let on_map = acks.values().filter(|(_, c, _)| now.cards.contains_key(c)).count();
                panic!(
                    "round {round}: {client_op} was acknowledged as rev {rev} {before_kill:?} before the kill, \
                     and the restarted server's map is at rev {} with its card {}; \
                     {lost} of {} acks name a rev past the map (highest {highest}); {on_map} acknowledged cards are on it",
                    now.rev,
                    if now.cards.contains_key(card) { "on it" } else { "missing" },
                    acks.len(),
                );
            }
        }
    }
    // The unacknowledged ops of the last round go out once more, then a last kill.
    let tasks: Vec<_> = (0..WRITERS)
        .map(|w| {
            let (map, owner, acks) = (map.clone(), owner.clone(), acks.clone());
            tokio::spawn(write(server.addr, map, owner, w, std::mem::take(&mut pending[w]), counters[w].clone(), acks))
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(rng.between(300, 1_500))).await;
    server.kill();
    for t in tasks {
        t.await.unwrap();
    }

    // The database as the killed process left it, opened here with the same address.
    let url = format!("surrealkv://{}?sync=every", dir.path().join("data/jornada").display());
    assert!(!dir.path().join("data/jornada?sync=every").exists(), "the engine options are not part of the directory");
    let store = Store::open(&url, None).await.expect("the database opens after SIGKILL");
    let stored = store.load_map(&id).await.expect("the map loads: no corrupt record").expect("the map is there");
    let log = store.ops_since(&id, 0).await.expect("the op log reads");
    let revs: Vec<u64> = log.iter().map(|o| o.rev).collect();
    assert_eq!(revs, (1..=stored.rev).collect::<Vec<_>>(), "the log has every rev once, in order");
    let mut seen = HashSet::new();
    for o in &log {
        assert!(seen.insert(o.client_op.clone()) || o.client_op == "template", "{} is in the log twice", o.client_op);
    }
    let by_rev: BTreeMap<u64, &app::server::store::LoggedOp> = log.iter().map(|o| (o.rev, o)).collect();
    let acks = acks.lock().unwrap().clone();
    for (client_op, (rev, card, _)) in &acks {
        let logged = by_rev.get(rev).unwrap_or_else(|| panic!("{client_op}'s rev {rev} is in the log"));
        assert_eq!(&logged.client_op, client_op, "rev {rev} is the op its ack named");
        assert!(matches!(&logged.op, Op::AddCard { card: c } if &c.id == card), "rev {rev} adds {client_op}'s card");
        assert!(stored.cards.contains_key(card), "{client_op}'s card is on the stored map");
    }
    // Each writer's acknowledged ops are in the log in the order it sent them.
    for w in 0..WRITERS {
        let mut mine: Vec<(usize, u64)> = acks
            .iter()
            .filter_map(|(c, (r, _, _))| c.strip_prefix(&format!("w{w}-")).map(|n| (n.parse().unwrap(), *r)))
            .collect();
        mine.sort();
        assert!(mine.windows(2).all(|p| p[0].1 < p[1].1), "writer {w}'s ops are in its order");
    }
    // Replaying the log from nothing gives the stored map.
    let mut replayed = Map::new(id.clone(), title.clone());
    for o in &log {
        replayed.apply(&o.op).unwrap();
        replayed.rev = o.rev;
    }
    assert_eq!(replayed, stored, "the log and the stored map agree");
    println!(
        "{} acknowledged ops of {WRITERS} writers over {ROUNDS}+1 SIGKILLs, all in the log; {} revs; {:.1} s",
        acks.len(),
        stored.rev,
        began.elapsed().as_secs_f64()
    );
}
