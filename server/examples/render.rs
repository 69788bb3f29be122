//! Times the exports of a large map: 12 stages × 8 lanes × 500 cards with two personas.
//!
//!   cargo run --release -p server --example render [-- --out DIR]
//!
//! Prints the time and size of every format (median of 5 runs; PNG and PDF of 3).

use app::domain::*;
use app::formats::*;
use std::time::Instant;

fn big_map() -> Draft {
    let kinds = [
        LaneKind::Steps,
        LaneKind::Touchpoints,
        LaneKind::Thoughts,
        LaneKind::Emotions,
        LaneKind::PainPoints,
        LaneKind::Opportunities,
        LaneKind::Metrics,
        LaneKind::Backstage,
    ];
    let mut d =
        Draft { title: "Клиника «Бела» — большой маршрут".into(), ..Default::default() };
    for s in 0..12 {
        d.stages.push(DraftStage {
            title: format!("Этап {}", s + 1), duration: "2 дня".into(), ..Default::default()
        });
    }
    for k in kinds {
        d.lane(k, &format!("{k:?}"));
    }
    for n in 0..500 {
        let (stage, lane) = (n % 12, (n / 12) % 8);
        let mut details = CardDetails::default();
        match kinds[lane] {
            LaneKind::PainPoints => details.severity = Some(Severity::High),
            LaneKind::Touchpoints => details.channel = Some("phone".into()),
            LaneKind::Opportunities => (details.impact, details.effort) = (Some(3), Some(1)),
            _ => {}
        }
        d.cards.push(DraftCard {
            stage,
            lane,
            text: format!("Карточка {n}: клиентка звонит, чтобы записаться на процедуру, и ждёт ответа"),
            colour: kinds[lane].default_colour(),
            tags: vec![],
            details,
        });
    }
    d.cards.sort_by_key(|c| (c.stage, c.lane));
    for name in ["Марина", "Ольга"] {
        let p = d.persona(name);
        for s in 0..12 {
            d.emotions.push(DraftEmotion { persona: p, stage: s, score: ((s + p) % 5) as i8 - 2, note: String::new() });
        }
    }
    d
}

fn time<T>(runs: usize, f: impl Fn() -> T) -> (f64, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t0 = Instant::now();
        last = Some(f());
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    (times[times.len() / 2], last.unwrap())
}

fn main() {
    let out = std::env::args().skip_while(|a| a != "--out").nth(1);
    let d = big_map();
    d.check().expect("a valid map");
    let t = app::i18n::Locale::Ru.messages();
    let (ms, svg) = time(5, || svg::write(&d, t).0);
    println!("svg      {ms:8.1} ms  {:>9} bytes", svg.len());
    let text: [(&str, Box<dyn Fn() -> String>); 5] = [
        ("json", Box::new(|| native::write(&d))),
        ("ojf", Box::new(|| ojf::write(&d))),
        ("mermaid", Box::new(|| mermaid::write(&d))),
        ("csv", Box::new(|| csv::write(&d))),
        ("markdown", Box::new(|| markdown::write(&d, t))),
    ];
    for (name, f) in text {
        let (ms, s) = time(5, f);
        println!("{name:<8} {ms:8.1} ms  {:>9} bytes", s.len());
    }
    let (ms, png) = time(3, || render::png(&svg).expect("png"));
    println!("png      {ms:8.1} ms  {:>9} bytes", png.len());
    let (ms, pdf) = time(3, || render::pdf(&svg).expect("pdf"));
    println!("pdf      {ms:8.1} ms  {:>9} bytes", pdf.len());
    let (ms, back) = time(5, || import(native::write(&d).as_bytes()).expect("import"));
    println!("import   {ms:8.1} ms  (native JSON, checked by building the map)");
    assert_eq!(back, Draft { personas: back.personas.clone(), ..d.clone() });
    if let Some(dir) = out {
        std::fs::write(format!("{dir}/big.png"), png).unwrap();
        std::fs::write(format!("{dir}/big.pdf"), pdf).unwrap();
        std::fs::write(format!("{dir}/big.svg"), svg).unwrap();
    }
}
