//! Load generator for live collaboration: the real router on embedded SurrealKV (a temp
//! dir) or `mem://`, one map, 20 listening clients and writers sending ops over websockets.
//!
//!   cargo run --release -p server --example loadgen -- [--db surrealkv|mem] [--ops N]
//!
//! Phase 1 (latency): one writer sends ops at a steady 100 per second; each op's delivery
//! to each of 20 other clients is timed (p50 / p99). Phase 2 (throughput): 4 writers send
//! as fast as the server acknowledges; sustained ops/s until every listener has every op.
//! Listeners keep the map with the browser's `Replica` and must end with the stored map.
//! Phase 3 (a workshop, `workshop.rs`): 30 people moving cursors, 5 of them adding and
//! moving cards, and a slow phone; op and cursor delivery are timed.

use app::domain::{Map, MapId, Op};
use app::protocol::{ClientMsg, ServerMsg, SyncMsg};
use app::server::store::Store;
use clap::Parser;
use futures::{SinkExt, StreamExt};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message;

#[path = "../../tests/it/support/mod.rs"]
mod support;
mod workshop;
use support::{Replica, Socket};

#[derive(Parser)]
struct Args {
    /// `surrealkv` (embedded, on disk) or `mem`.
    #[arg(long, default_value = "surrealkv")]
    db: String,
    /// Ops in the latency phase.
    #[arg(long, default_value_t = 500)]
    ops: usize,
    /// Ops per writer in the throughput phase.
    #[arg(long, default_value_t = 500)]
    burst: usize,
    #[arg(long, default_value_t = 20)]
    listeners: usize,
    /// People in the workshop phase (each moves a cursor), and how many of them edit.
    #[arg(long, default_value_t = 30)]
    people: usize,
    #[arg(long, default_value_t = 5)]
    typists: usize,
    /// How long the workshop phase runs.
    #[arg(long, default_value_t = 15)]
    seconds: u64,
    /// Only the workshop phase (3).
    #[arg(long)]
    workshop_only: bool,
    /// The workshop with every pointer still (what the cursors cost).
    #[arg(long)]
    no_cursors: bool,
}

/// A signed-in client on the map, far enough ahead that it gets no catch-up.
async fn connect(addr: std::net::SocketAddr, map: &MapId, who: &support::Session, name: &str) -> Socket {
    support::connect_to(addr, &app::protocol::ws_map_path(map.as_str(), None), Some(who), name, u64::MAX - 1).await
}

fn op(map: &Map, n: usize) -> Op {
    support::card_op(map, n, "load")
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

/// Listens until it has seen `expect` remote ops, keeping the map as the browser does (a
/// [`Replica`]); records when each client op arrived.
async fn listen(mut ws: Socket, expect: usize, seen: Arc<Mutex<HashMap<String, Vec<Instant>>>>, map: Map) -> Replica {
    let mut replica = Replica::new(&map.id, &map.title);
    let mut got = 0;
    while got < expect {
        let Some(Ok(frame)) = ws.next().await else { panic!("listener disconnected") };
        if let Message::Text(t) = frame {
            let Ok(msg) = serde_json::from_str::<ServerMsg>(&t) else { continue };
            if let ServerMsg::Sync(SyncMsg::Remote(r)) = &msg {
                let now = Instant::now();
                seen.lock().await.entry(r.client_op.clone()).or_default().push(now);
                got += 1;
            }
            replica.take(msg);
        }
    }
    replica
}

/// Every listener ends with the stored map.
async fn check(listeners: Vec<tokio::task::JoinHandle<Replica>>, store: &Store, id: &MapId) -> Duration {
    let start = Instant::now();
    let mut replicas = Vec::new();
    for l in listeners {
        replicas.push(l.await.unwrap());
    }
    let waited = start.elapsed();
    let stored = store.load_map(id).await.unwrap().unwrap();
    for r in replicas {
        assert_eq!(r.map(), &stored, "a listener converged to the stored map");
    }
    waited
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let dir = tempfile::tempdir().unwrap();
    let url = match args.db.as_str() {
        "mem" => "mem://".to_owned(),
        _ => format!("surrealkv://{}", dir.path().join("db").display()),
    };
    let store = Store::open(&url, None).await.unwrap();
    let addr = support::serve(&store, Default::default()).await;
    let who = support::owner(&store).await;
    let id = app::server::maps::create(
        &store,
        support::WS,
        "Load",
        app::domain::template::Template::Starter,
        app::i18n::Locale::En,
    )
    .await
    .unwrap();
    let map = store.load_map(&id).await.unwrap().unwrap();
    println!("engine: {url}; listeners: {}", args.listeners);
    if args.workshop_only {
        workshop::run(addr, &store, &id, (args.people, args.typists, args.seconds), !args.no_cursors).await;
        return;
    }

    // Phase 1: latency at a steady rate.
    let seen = Arc::new(Mutex::new(HashMap::new()));
    let mut tasks = Vec::new();
    for l in 0..args.listeners {
        let ws = connect(addr, &id, &who, &format!("listener {l}")).await;
        tasks.push(tokio::spawn(listen(ws, args.ops, seen.clone(), map.clone())));
    }
    let mut writer = connect(addr, &id, &who, "writer").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut sent = HashMap::new();
    let mut tick = tokio::time::interval(Duration::from_millis(10));
    for n in 0..args.ops {
        tick.tick().await;
        let client_op = format!("lat-{n}");
        let msg = ClientMsg::op(client_op.clone(), 0, op(&map, n));
        sent.insert(client_op, Instant::now());
        writer.send(Message::Text(serde_json::to_string(&msg).unwrap().into())).await.unwrap();
        // Drain the writer's own acks and echoes without blocking.
        while let Ok(Some(_)) = tokio::time::timeout(Duration::from_micros(1), writer.next()).await {}
    }
    check(tasks, &store, &id).await;
    let seen = seen.lock().await;
    let mut lat: Vec<f64> = Vec::new();
    for (op, times) in seen.iter() {
        let t0 = sent[op];
        lat.extend(times.iter().map(|t| t.duration_since(t0).as_secs_f64() * 1000.0));
    }
    let deliveries = lat.len();
    let (p50, p99, max) = (pct(&mut lat, 0.5), pct(&mut lat, 0.99), pct(&mut lat, 1.0));
    println!(
        "latency: {} ops x {} listeners = {deliveries} deliveries; p50 {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms",
        args.ops, args.listeners
    );
    drop(writer);

    // Phase 2: sustained throughput with 4 writers sending as fast as they are acknowledged.
    const WRITERS: usize = 4;
    let total = WRITERS * args.burst;
    let seen = Arc::new(Mutex::new(HashMap::new()));
    let mut tasks = Vec::new();
    for l in 0..args.listeners {
        let ws = connect(addr, &id, &who, &format!("listener {l}")).await;
        tasks.push(tokio::spawn(listen(ws, total, seen.clone(), map.clone())));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let start = Instant::now();
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let (map, id, who) = (map.clone(), id.clone(), who.clone());
        let burst = args.burst;
        writers.push(tokio::spawn(async move {
            let mut ws = connect(addr, &id, &who, &format!("writer {w}")).await;
            let mut acked = 0;
            let window = 32;
            let mut next = 0;
            while acked < burst {
                while next < burst && next - acked < window {
                    let msg = ClientMsg::op(format!("tp-{w}-{next}"), 0, op(&map, w * burst + next));
                    ws.send(Message::Text(serde_json::to_string(&msg).unwrap().into())).await.unwrap();
                    next += 1;
                }
                if let Some(Ok(Message::Text(t))) = ws.next().await {
                    if let Ok(ServerMsg::Edit(app::protocol::EditReply::Ack { .. })) =
                        serde_json::from_str::<ServerMsg>(&t)
                    {
                        acked += 1;
                    }
                }
            }
        }));
    }
    for w in writers {
        w.await.unwrap();
    }
    let acked_at = start.elapsed();
    let delivered_at = acked_at + check(tasks, &store, &id).await;
    println!(
        "throughput: {total} ops from {WRITERS} writers: all saved in {:.2} s ({:.0} ops/s), delivered to {} listeners in {:.2} s ({:.0} ops/s)",
        acked_at.as_secs_f64(),
        total as f64 / acked_at.as_secs_f64(),
        args.listeners,
        delivered_at.as_secs_f64(),
        total as f64 / delivered_at.as_secs_f64()
    );
    let stored = store.load_map(&id).await.unwrap().unwrap();
    assert_eq!(stored.cards.len(), args.ops + total, "every op saved");

    // Phase 3: a workshop.
    workshop::run(addr, &store, &id, (args.people, args.typists, args.seconds), !args.no_cursors).await;
}
