//! Times the exports of a large map: 12 stages × 8 lanes × 500 cards with two personas.
//!
//!   cargo run --release -p server --example render [-- --out DIR]
//!
//! Prints the time and size of every format (median of 5 runs; PNG and PDF of 3).

use app::domain::Draft;
use app::formats::*;
use std::time::Instant;

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
    let d = large_sample(500);
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
