//! The feedback benchmark (#15's targets; figures in docs/PERFORMANCE.md): 100,000 rows of
//! a clinic export read, matched and stored on SurrealKV, the map's summary computed, and
//! the insights of a 500-card map with those answers. Ignored by `cargo test`; run with
//! `cargo test --release -p server --test it -- --ignored feedback_bench --nocapture`.
//! It prints figures and checks only that everything was stored, never a time.

use app::domain::feedback::ColumnMapping;
use app::domain::template::Template;
use app::i18n::Locale;
use app::server::store::Store;
use std::time::Instant;

/// Rows of the export (`JORNADA_BENCH_ROWS` to change it).
fn rows() -> usize {
    std::env::var("JORNADA_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000)
}

#[tokio::test]
#[ignore = "a benchmark: run it on purpose (see docs/PERFORMANCE.md)"]
async fn feedback_bench() {
    let rows = rows();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("surrealkv://{}", dir.path().join("db").display()), None).await.unwrap();
    let ws = app::server::store::DEFAULT_WORKSPACE;
    let id = app::server::maps::create(&store, ws, "Clinic", Template::Clinic, Locale::En).await.unwrap();
    let map = store.current_map(&id).await.unwrap().unwrap();
    // A 500-card map: the clinic template's cards and more in its cells.
    let stages: Vec<_> = map.ordered_stages().iter().map(|s| s.title.clone()).collect();
    let mut csv = String::from("Data;Serviço;Nota;Comentário;Cliente;ID\n");
    for i in 0..rows {
        let stage = &stages[i % stages.len()];
        let score = 1 + (i * 7 + i / 13) % 5;
        let comment =
            if score <= 2 { "Long waiting at reception, call me on +55 11 98765-4321" } else { "Very good, thank you" };
        csv.push_str(&format!(
            "{:02}/{:02}/2026;{stage};{score},0;{comment};client{};r{i}\n",
            1 + i % 28,
            1 + (i / 28) % 11,
            i % 9000
        ));
    }
    let bytes = csv.into_bytes();
    let mb = bytes.len() as f64 / 1e6;

    let t = Instant::now();
    let table = app::formats::feedback::read(&bytes, "agenda.csv").unwrap();
    let mapping = ColumnMapping { mask: true, ..app::formats::feedback::guess(&table) };
    let (entries, bad) = app::formats::feedback::entries(&table, &map, &mapping, chrono::Utc::now().date_naive());
    let parse = t.elapsed();
    println!("feedback_bench parse_ms={}", parse.as_millis());
    assert_eq!((entries.len(), bad.len()), (rows, 0));

    let t = Instant::now();
    let out = app::server::feedback::store_entries(&store, ws, &id, "bench", "agenda.csv", entries, 0).await.unwrap();
    let stored = t.elapsed();
    println!("feedback_bench store_and_summarise_ms={}", stored.as_millis());
    assert_eq!(out.imported as usize, rows);

    let t = Instant::now();
    let summary = app::server::feedback::refresh(&store, &id).await.unwrap();
    let summarise = t.elapsed();
    assert_eq!(summary.count as usize, rows);

    let t = Instant::now();
    let board = app::server::feedback::summary(&store, &id).await.unwrap();
    let kept = t.elapsed();

    // The insights of a 500-card map (the template's cards and more in every cell).
    let mut big = map.clone();
    let (stage_ids, lane_ids): (Vec<_>, Vec<_>) = (
        big.ordered_stages().iter().map(|s| s.id.clone()).collect(),
        big.ordered_lanes().iter().map(|l| l.id.clone()).collect(),
    );
    let mut n = big.cards.len();
    while n < 500 {
        let (stage, lane) = (stage_ids[n % stage_ids.len()].clone(), lane_ids[n % lane_ids.len()].clone());
        let order = big.card_key_at(&stage, &lane, usize::MAX, None);
        let card = app::domain::Card {
            author: None,
            id: app::domain::CardId::generate(),
            lane,
            stage,
            order,
            text: format!("card {n}"),
            colour: Default::default(),
            tags: Vec::new(),
            details: Default::default(),
        };
        big.apply(&app::domain::Op::AddCard { card }).unwrap();
        n += 1;
    }
    let runs = 50;
    let t = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(app::domain::insights::findings(&big, &board));
    }
    let insights = t.elapsed() / runs;

    let t = Instant::now();
    let again = app::server::feedback::store_entries(
        &store,
        ws,
        &id,
        "bench",
        "agenda.csv",
        {
            let (e, _) = app::formats::feedback::entries(&table, &map, &mapping, chrono::Utc::now().date_naive());
            e
        },
        0,
    )
    .await
    .unwrap();
    let reimport = t.elapsed();
    assert_eq!((again.imported, again.unchanged as usize), (0, rows));

    // A new batch on a map that has them all: next week's 100 answers stored, the kept
    // tally and summary brought up to date, then what the board does when it hears of it —
    // the summary read and the insights ranked.
    let week: String = (0..100)
        .map(|i| {
            let stage = &stages[i % stages.len()];
            format!("0{}/12/2026;{stage};{},0;Waiting again;client{i};w{i}\n", 1 + i % 7, 1 + i % 5)
        })
        .collect();
    let small =
        app::formats::feedback::read(format!("Data;Serviço;Nota;Comentário;Cliente;ID\n{week}").as_bytes(), "week.csv")
            .unwrap();
    let (weekly, _) = app::formats::feedback::entries(&small, &map, &mapping, chrono::Utc::now().date_naive());
    let t = Instant::now();
    let out = app::server::feedback::store_entries(&store, ws, &id, "bench", "week.csv", weekly, 0).await.unwrap();
    let batch_stored = t.elapsed();
    assert_eq!(out.imported, 100);
    let t = Instant::now();
    let board = app::server::feedback::summary(&store, &id).await.unwrap();
    std::hint::black_box(app::domain::insights::findings(&big, &board));
    let batch_to_insights = batch_stored + t.elapsed();
    assert_eq!(board.count as usize, rows + 100);

    println!("feedback_bench rows={rows} file_mb={mb:.1}");
    println!("feedback_bench parse_ms={}", parse.as_millis());
    println!("feedback_bench store_and_summarise_ms={}", stored.as_millis());
    println!("feedback_bench summarise_ms={}", summarise.as_millis());
    println!("feedback_bench kept_summary_ms={:.2}", kept.as_secs_f64() * 1e3);
    println!("feedback_bench insights_ms={:.3}", insights.as_secs_f64() * 1e3);
    println!("feedback_bench reimport_ms={}", reimport.as_millis());
    println!("feedback_bench new_batch_of_100_stored_ms={:.1}", batch_stored.as_secs_f64() * 1e3);
    println!("feedback_bench new_batch_to_insights_ms={:.1}", batch_to_insights.as_secs_f64() * 1e3);
}
