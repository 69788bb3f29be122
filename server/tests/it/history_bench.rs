//! The history benchmark (#16's targets; figures in docs/PERFORMANCE.md): a 500-card map
//! with a log of 100,000 ops on SurrealKV — its history pages, the map as it was at old
//! revisions — and a comment and an op delivered to 20 people on the map through the real
//! server. Ignored by `cargo test`; run with
//! `cargo test --release -p server --test it -- --ignored history_bench --nocapture`.
//! It prints figures and checks only what it measured, never a time.

use crate::support::{self, Socket};
use app::domain::template::Template;
use app::domain::{CardId, Op};
use app::protocol::{ClientMsg, ServerMsg, SyncMsg, TalkNews};
use app::server::store::{Store, Write};
use futures::StreamExt;
use std::time::{Duration, Instant};

/// Ops in the log (`JORNADA_BENCH_OPS` to change it).
fn ops() -> u64 {
    std::env::var("JORNADA_BENCH_OPS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The median and the largest of `runs` calls of `f`.
async fn timed<F, Fut, T>(runs: usize, mut f: F) -> (f64, f64)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let mut all = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(f().await);
        all.push(ms(t.elapsed()));
    }
    all.sort_by(f64::total_cmp);
    (all[runs / 2], all[runs - 1])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run it on purpose (see docs/PERFORMANCE.md)"]
async fn history_bench() {
    let total = ops();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("surrealkv://{}", dir.path().join("db").display()), None).await.unwrap();
    let owner = support::owner(&store).await;
    let ws = support::WS;
    let id = app::server::maps::create(&store, ws, "Clinic", Template::Clinic, app::i18n::Locale::En).await.unwrap();

    // 500 cards, then edits of them until the log holds `total` ops, 1,000 a write, by
    // three people in turn.
    let map = store.current_map(&id).await.unwrap().unwrap();
    let mut adds = Vec::new();
    for n in map.cards.len()..500 {
        adds.push(support::card_op(&map, n, "Card"));
    }
    store.apply_ops(&id, "Ana", "adds", &adds).await.unwrap();
    let cards: Vec<CardId> = store.current_map(&id).await.unwrap().unwrap().cards.keys().cloned().collect();
    let t = Instant::now();
    let mut rev = store.current_map(&id).await.unwrap().unwrap().rev;
    let mut write = 0usize;
    while rev < total {
        let n = (total - rev).min(1_000) as usize;
        let edits: Vec<Op> = (0..n)
            .map(|i| Op::EditCard {
                id: cards[(write * 1_000 + i) % cards.len()].clone(),
                text: Some(format!("Edited {write}.{i}")),
                colour: None,
                tags: None,
                details: None,
            })
            .collect();
        let author = ["Ana", "Bo", "Caio"][write % 3];
        let out = store.apply_writes(&id, vec![Write::new(author, &format!("w{write}"), edits)]).await;
        rev = out[0].as_ref().unwrap().rev;
        write += 1;
    }
    let wrote = t.elapsed();
    println!("history_bench ops={rev} cards={} write_s={:.1}", cards.len(), wrote.as_secs_f64());

    // The history: the newest page, and one from the middle of the log.
    let (newest, newest_max) = timed(20, || app::server::history::page(&store, &id, None)).await;
    let (middle, middle_max) = timed(20, || app::server::history::page(&store, &id, Some(rev / 2))).await;
    let page = app::server::history::page(&store, &id, Some(rev / 2)).await.unwrap();
    assert!(!page.entries.is_empty() && page.older.is_some());
    println!("history_bench page_newest_ms p50={newest:.1} max={newest_max:.1}");
    println!("history_bench page_middle_ms p50={middle:.1} max={middle_max:.1}");

    // The past: revisions spread over the log, each the first look (from the periodic
    // snapshots), then one looked at again.
    let mut firsts = Vec::new();
    for k in 1..=9u64 {
        let at = rev * k / 10 + 7;
        let t = Instant::now();
        let past = app::server::history::at(&store, &id, at).await.unwrap();
        firsts.push(ms(t.elapsed()));
        assert_eq!(past.rev, at);
        assert_eq!(past.cards.len(), cards.len());
    }
    firsts.sort_by(f64::total_cmp);
    let (again, _) = timed(10, || app::server::history::at(&store, &id, rev / 3 + 7)).await;
    println!("history_bench at_first_ms p50={:.1} max={:.1}", firsts[firsts.len() / 2], firsts[firsts.len() - 1]);
    println!("history_bench at_again_ms p50={again:.1}");
    // Where the time of one look goes.
    let at = rev / 3 + 7;
    let (snap, _) = timed(5, || store.snapshot_before(&id, at)).await;
    let base = store.snapshot_before(&id, at).await.unwrap().map_or(0, |m| m.rev);
    let (read, _) = timed(5, || store.timed_ops(&id, base, at)).await;
    let (now, _) = timed(5, || store.current_map(&id)).await;
    println!("history_bench at_parts_ms snapshot={snap:.1} ops={read:.1} (from {base}) current={now:.1}");

    // A comment and an op, each delivered to 20 people on the map, through the server.
    let addr = support::serve(&store, Default::default()).await;
    let mut listeners = Vec::new();
    for i in 0..20 {
        let mut s = support::connect(addr, &id, Some(&owner), &format!("P{i}")).await;
        // The welcome.
        support::recv(&mut s).await;
        listeners.push(s);
    }
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(bool, Instant)>();
    for mut s in listeners {
        let tx = tx.clone();
        tokio::spawn(async move {
            while let Some(msg) = next(&mut s).await {
                let talk = matches!(msg, ServerMsg::Talk(TalkNews::Comment { .. }));
                let op = matches!(msg, ServerMsg::Sync(SyncMsg::Remote(_)));
                if (talk || op) && tx.send((talk, Instant::now())).is_err() {
                    return;
                }
            }
        });
    }
    let mut poster = support::connect(addr, &id, Some(&owner), "Poster").await;
    support::recv(&mut poster).await;
    let (mut comment_ms, mut op_ms) = (Vec::new(), Vec::new());
    for round in 0..30 {
        let t = Instant::now();
        let form = format!("id={id}&anchor%5Bkind%5D=map&body=Round%20{round}");
        assert_eq!(support::server_fn(addr, "maps/comment/post", Some(&owner), &form).await.status, 200);
        comment_ms.push(ms(last_of(&mut rx, true, t).await));
        let t = Instant::now();
        let op = Op::EditMap { title: Some(format!("Clinic {round}")), description: None };
        support::send(&mut poster, &ClientMsg::op(format!("o{round}"), 0, op)).await;
        op_ms.push(ms(last_of(&mut rx, false, t).await));
    }
    for v in [&mut comment_ms, &mut op_ms] {
        v.sort_by(f64::total_cmp);
    }
    let p = |v: &[f64], q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "history_bench comment_to_20_ms p50={:.1} p95={:.1} (the request's answer included)",
        p(&comment_ms, 0.5),
        p(&comment_ms, 0.95)
    );
    println!("history_bench op_to_20_ms p50={:.1} p95={:.1}", p(&op_ms, 0.5), p(&op_ms, 0.95));
}

/// The next message of `s`, or `None` when it ended.
async fn next(s: &mut Socket) -> Option<ServerMsg> {
    loop {
        match s.next().await? {
            Ok(tokio_tungstenite::tungstenite::Message::Text(t)) => return serde_json::from_str(&t).ok(),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
}

/// How long after `since` the 20th listener heard a comment (`talk`) or an op.
async fn last_of(
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<(bool, Instant)>,
    talk: bool,
    since: Instant,
) -> Duration {
    let mut heard = 0;
    loop {
        let (kind, at) = tokio::time::timeout(Duration::from_secs(20), rx.recv()).await.unwrap().unwrap();
        if kind == talk {
            heard += 1;
            if heard == 20 {
                return at - since;
            }
        }
    }
}
