//! Soak: the real `jornada` on embedded SurrealKV (the default address, in a temp
//! directory), 50 editors on 5 maps over loopback websockets for a bounded time. Each
//! editor thinks 100–500 ms, then adds, edits, moves or deletes one of its own cards and
//! waits for the ack, and now and then reconnects with its last rev. At the end every
//! client must hold the server's map, and the server's op log must hold every op that was
//! sent exactly once, at the rev its ack named, in each editor's order; each client applied
//! the same ops at the same revs. The server's resident memory is sampled throughout.
//!
//! `cargo test` runs it for 20 s; `make soak` for 10 minutes (`JORNADA_SOAK_SECS`), and
//! `JORNADA_SOAK_EDITORS` / `JORNADA_SOAK_MAPS` change the crowd. Figures: docs/PERFORMANCE.md.

use app::domain::{Card, CardId, Colour, Map, MapId, Op};
use app::protocol::{ClientMsg, ServerMsg};
use app::server::store::Store;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support;
use support::{op_hash, recv, recv_or_end, rss_kib, send, Jornada, Replica, Rng, Session};

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// What one editor did and ended with.
struct Outcome {
    map: usize,
    replica: Replica,
    /// Client op ids in the order they were sent.
    sent: Vec<String>,
    /// Milliseconds from sending an op to its ack.
    latencies: Vec<f64>,
    reconnects: usize,
}

/// An editor's next op, on its own cards only, so that every op is valid whatever the
/// others do: add (while it has few), edit the text, move to another cell, delete.
fn next_op(map: &Map, own: &mut Vec<CardId>, rng: &mut Rng, e: usize, n: usize) -> Op {
    let stages = map.ordered_stages();
    let lanes = map.ordered_lanes();
    let stage = stages[rng.below(stages.len() as u64) as usize].id.clone();
    let lane = lanes[rng.below(lanes.len() as u64) as usize].id.clone();
    let roll = rng.below(100);
    if own.len() < 3 || (roll < 35 && own.len() < 20) {
        let index = rng.below(map.cell_cards(&stage, &lane).len() as u64 + 1) as usize;
        let card = Card {
            author: None,
            id: CardId::generate(),
            order: map.card_key_at(&stage, &lane, index, None),
            stage,
            lane,
            text: format!("editor {e} card {n}"),
            colour: Colour::Blue,
            tags: vec![],
            details: Default::default(),
        };
        own.push(card.id.clone());
        return Op::AddCard { card };
    }
    let pick = rng.below(own.len() as u64) as usize;
    let id = own[pick].clone();
    match roll {
        0..=64 => {
            Op::EditCard { id, text: Some(format!("editor {e} edit {n}")), colour: None, tags: None, details: None }
        }
        65..=84 => {
            let index = rng.below(map.cell_cards(&stage, &lane).len() as u64 + 1) as usize;
            let order = map.card_key_at(&stage, &lane, index, Some(&id));
            Op::MoveCard { id, stage, lane, order }
        }
        _ => {
            own.swap_remove(pick);
            Op::DeleteCard { id }
        }
    }
}

/// The first answer to a hello: the ops since `last_rev`, or the map.
async fn greeted(ws: &mut support::Socket, replica: &mut Replica) {
    let first = recv(ws).await;
    assert!(
        matches!(
            first,
            ServerMsg::Sync(app::protocol::SyncMsg::Welcome { .. })
                | ServerMsg::Sync(app::protocol::SyncMsg::Snapshot { .. })
        ),
        "{first:?}"
    );
    replica.take(first);
}

/// One editor: edits until `deadline`, waits until every editor of its map has stopped
/// (`done`), then reads until it has the map's last rev (`top`, the highest ack).
#[allow(clippy::too_many_arguments)]
async fn edit(
    addr: std::net::SocketAddr,
    who: Session,
    start: Map,
    (m, e): (usize, usize),
    deadline: Instant,
    done: Arc<tokio::sync::Barrier>,
    top: Arc<AtomicU64>,
    seed: u64,
) -> Outcome {
    let path = format!("/api/ws/maps/{}", start.id);
    let name = format!("editor {e}");
    let mut rng = Rng(seed);
    let mut ws = support::connect_to(addr, &path, Some(&who), &name, 0).await;
    let mut replica = Replica::new(&start.id, &start.title);
    greeted(&mut ws, &mut replica).await;
    let (mut own, mut sent, mut latencies, mut reconnects) = (Vec::new(), Vec::new(), Vec::new(), 0);
    while Instant::now() < deadline {
        // Think, following the others meanwhile.
        let until = Instant::now() + Duration::from_millis(100 + rng.below(400));
        while let Some(msg) = recv_or_end(&mut ws, until.saturating_duration_since(Instant::now())).await {
            replica.take(msg);
        }
        let n = sent.len();
        let op = next_op(replica.map(), &mut own, &mut rng, e, n);
        let client_op = format!("e{e}-{n}");
        let t0 = Instant::now();
        send(&mut ws, &ClientMsg::op(client_op.clone(), replica.map().rev, op)).await;
        sent.push(client_op.clone());
        let acks = replica.acks.len();
        let rejects = replica.rejects.len();
        while replica.acks.len() == acks && replica.rejects.len() == rejects {
            let msg = recv(&mut ws).await;
            replica.take(msg);
        }
        latencies.push(t0.elapsed().as_secs_f64() * 1000.0);
        if let Some((_, rev)) = replica.acks.last().filter(|(c, _)| *c == client_op) {
            top.fetch_max(*rev, Ordering::SeqCst);
        }
        // Now and then the connection drops; the editor comes back with its last rev.
        if rng.below(100) == 0 {
            drop(ws);
            ws = support::connect_to(addr, &path, Some(&who), &name, replica.map().rev).await;
            replica.reconnected();
            greeted(&mut ws, &mut replica).await;
            reconnects += 1;
        }
    }
    done.wait().await;
    let last = top.load(Ordering::SeqCst);
    while replica.map().rev < last {
        let msg = recv(&mut ws).await;
        replica.take(msg);
    }
    Outcome { map: m, replica, sent, latencies, reconnects }
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(((v.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(0.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editors_converge_and_memory_stays_flat() {
    let _alone = support::alone();
    let secs = setting("JORNADA_SOAK_SECS", 20);
    let editors = setting("JORNADA_SOAK_EDITORS", 50) as usize;
    let maps = setting("JORNADA_SOAK_MAPS", 5) as usize;
    let seed = Rng::seeded("JORNADA_SOAK_SEED").0;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_owned();
    let server = Jornada::start(move |c| {
        c.current_dir(data);
    })
    .await;
    let owner = support::set_up_over_http(server.addr).await;
    let mut starts = Vec::new();
    for m in 0..maps {
        starts.push(support::create_map_over_http(server.addr, &owner, &format!("Soak+{m}")).await);
    }

    // The server's memory, every 2 s, until the editors are done.
    let pid = server.pid();
    let rss = |pid| rss_kib(pid).expect("the server's memory is readable");
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = {
        let stop = stop.clone();
        tokio::spawn(async move {
            let mut samples = Vec::new();
            while !stop.load(Ordering::SeqCst) {
                samples.push(rss(pid));
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            samples.push(rss(pid));
            samples
        })
    };

    let began = Instant::now();
    let deadline = began + Duration::from_secs(secs);
    let per_map = editors.div_ceil(maps);
    let barriers: Vec<_> =
        (0..maps).map(|m| Arc::new(tokio::sync::Barrier::new((m..editors).step_by(maps).count()))).collect();
    let tops: Vec<Arc<AtomicU64>> = starts.iter().map(|s| Arc::new(AtomicU64::new(s.rev))).collect();
    // Editors are people: at most 10 connections per account (the server caps one
    // person's connections).
    let mut people = vec![owner.clone()];
    for n in 1..editors.div_ceil(10) {
        people.push(support::editor_over_http(server.addr, &owner, n).await);
    }
    let tasks: Vec<_> = (0..editors)
        .map(|e| {
            let m = e % maps;
            let who = people[e % people.len()].clone();
            let (start, done, top) = (starts[m].clone(), barriers[m].clone(), tops[m].clone());
            tokio::spawn(edit(server.addr, who, start, (m, e), deadline, done, top, seed.wrapping_add(e as u64 * 7919)))
        })
        .collect();
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.expect("an editor ends with the server's state"));
    }
    let elapsed = began.elapsed();
    stop.store(true, Ordering::SeqCst);
    let samples = sampler.await.unwrap();
    assert!(server.stop(), "jornada exits cleanly on SIGTERM");

    // The server's state, read from the database it left.
    let url = format!("surrealkv://{}?sync=every", dir.path().join("data/jornada").display());
    if std::env::var_os("JORNADA_SOAK_KEEP").is_some() {
        println!("soak: the database is kept in {}", dir.keep().display());
    }
    let store = Store::open(&url, None).await.unwrap();
    let mut total_ops = 0;
    for (m, start) in starts.iter().enumerate() {
        let id: &MapId = &start.id;
        let stored = store.load_map(id).await.unwrap().expect("the map is there");
        let log = store.ops_since(id, 0).await.unwrap();
        let revs: Vec<u64> = log.iter().map(|o| o.rev).collect();
        assert_eq!(revs, (1..=stored.rev).collect::<Vec<_>>(), "map {m}: every rev once, in order");
        let at: HashMap<u64, &str> = log.iter().map(|o| (o.rev, o.client_op.as_str())).collect();
        let mut acked = HashSet::new();
        for o in outcomes.iter().filter(|o| o.map == m) {
            let r = &o.replica;
            assert!(r.rejects.is_empty(), "map {m}: no op refused: {:?}", r.rejects);
            let ids: Vec<&str> = r.acks.iter().map(|(c, _)| c.as_str()).collect();
            assert_eq!(ids, o.sent, "map {m}: every op sent was acknowledged, in order");
            assert!(r.acks.windows(2).all(|p| p[0].1 < p[1].1), "map {m}: an editor's ops keep its order");
            for (c, rev) in &r.acks {
                assert_eq!(at.get(rev).copied(), Some(c.as_str()), "map {m}: rev {rev} is the op its ack named");
                assert!(acked.insert(c.clone()), "{c} acknowledged twice");
            }
            assert_eq!(r.duplicates, 0, "map {m}: the live feed delivered no op twice");
            assert_eq!(r.waiting(), 0, "map {m}: no op waits for a missing one");
            for (rev, hash) in &r.log {
                assert_eq!(
                    at.get(rev).map(|c| op_hash(c)),
                    Some(*hash),
                    "map {m}: a client applied rev {rev} as logged"
                );
            }
            assert_eq!(r.map(), &stored, "map {m}: the client ends with the server's map");
        }
        let logged: HashSet<String> =
            log.iter().filter(|o| o.client_op != "template").map(|o| o.client_op.clone()).collect();
        assert_eq!(logged, acked, "map {m}: the log holds exactly the acknowledged ops");
        total_ops += acked.len();
    }

    let mut latencies: Vec<f64> = outcomes.iter().flat_map(|o| o.latencies.iter().copied()).collect();
    let deliveries: usize = outcomes.iter().map(|o| o.replica.log.len()).sum();
    let reconnects: usize = outcomes.iter().map(|o| o.reconnects).sum();
    let snapshots: usize = outcomes.iter().map(|o| o.replica.snapshots).sum();
    let (p50, p99, max) = (pct(&mut latencies, 0.5), pct(&mut latencies, 0.99), pct(&mut latencies, 1.0));
    // Memory: the first sample is taken before the editors connect; "start" is the
    // first one after a tenth of the run (connections open, caches warm).
    let warm = samples.get(samples.len() / 10).copied().unwrap_or(0);
    let (first, end, top) = (samples[0], *samples.last().unwrap(), samples.iter().copied().max().unwrap_or(0));
    println!(
        "soak: {editors} editors ({per_map} a map) on {maps} maps for {:.0} s: {total_ops} ops ({:.0} ops/s), \
         {deliveries} applied by clients; ack p50 {p50:.1} ms, p99 {p99:.1} ms, max {max:.0} ms; \
         {reconnects} reconnects, {snapshots} snapshots",
        elapsed.as_secs_f64(),
        total_ops as f64 / elapsed.as_secs_f64()
    );
    println!(
        "soak: server RSS {} MiB idle, {} MiB after warm-up, {} MiB at the end, {} MiB at most ({} samples)",
        first / 1024,
        warm / 1024,
        end / 1024,
        top / 1024,
        samples.len()
    );
    let tenths: Vec<String> = (0..=10).map(|i| (samples[(samples.len() - 1) * i / 10] / 1024).to_string()).collect();
    println!("soak: server RSS at each tenth of the run, MiB: {}", tenths.join(", "));
    // Flat: after warm-up the server may grow by its caches, not with the ops it served.
    assert!(end <= warm + warm / 2 + 64 * 1024, "memory grew from {warm} KiB to {end} KiB");
}
