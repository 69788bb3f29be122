//! Hostile input: a test per bound of [`super::limits`], the files that used to take the
//! process down (a many-actor Mermaid, a crowded cell), export escaping, and the bounded
//! property-based fuzzing that runs with every `cargo test` (arbitrary bytes and
//! structure-aware documents for each importer, and the websocket and REST decoders).
//! The long runs are the cargo-fuzz targets in `fuzz/` (`make fuzz`).
//!
//! Long on purpose: a test file, one test per bound, kept together so a new limit is
//! added beside the others.

use super::limits::*;
use super::*;
use crate::i18n::Locale;
use crate::protocol::{ClientMsg, EditMsg};
use proptest::prelude::*;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// What every import must answer: a draft that builds, or a typed error every language
/// can say. Never a panic (proptest reports one as a failure).
fn answers_clearly(bytes: &[u8]) -> Result<Draft, ImportError> {
    let result = import(bytes);
    match &result {
        Ok(d) => {
            d.check().expect("an accepted draft builds again");
        }
        Err(e) => {
            for l in Locale::ALL {
                let message = l.messages().import_error(e);
                assert!(!message.trim().is_empty() && !message.contains("{"), "{l:?}: {message:?} for {e:?}");
            }
        }
    }
    result
}

fn too_many(what: Part, max: usize) -> Result<Draft, ImportError> {
    Err(ImportError::TooMany { what, max: max as u32 })
}

// ---- a test per bound ----

#[test]
fn csv_bounds() {
    let mut stages = String::from("stage,lane,text\n");
    for i in 0..=MAX_STAGES {
        let _ = writeln!(stages, "S{i},Steps,x");
    }
    assert_eq!(import(stages.as_bytes()), too_many(Part::Stages, MAX_STAGES));
    let mut lanes = String::from("stage,lane,text\n");
    for i in 0..=MAX_LANES {
        let _ = writeln!(lanes, "S,L{i},x");
    }
    assert_eq!(import(lanes.as_bytes()), too_many(Part::Lanes, MAX_LANES));
    let mut cards = String::from("stage,lane,text\n");
    for i in 0..=MAX_CARDS {
        let _ = writeln!(cards, "S,Steps,card {i}");
    }
    assert_eq!(import(cards.as_bytes()), too_many(Part::Cards, MAX_CARDS));
    let mut channels = String::from("stage,lane,text,channel\n");
    for i in 0..=MAX_CHANNELS {
        let _ = writeln!(channels, "S,Touchpoints,x,Kiosk {i}");
    }
    assert_eq!(import(channels.as_bytes()), too_many(Part::Channels, MAX_CHANNELS));
    let blank = format!("stage,lane,text\n{}", ",,\n".repeat(MAX_LINES + 1));
    assert_eq!(import(blank.as_bytes()), too_many(Part::Lines, MAX_LINES));
    let wide = format!("stage,lane,text{}\nS,Steps,x\n", ",x".repeat(MAX_COLUMNS));
    assert_eq!(import(wide.as_bytes()), too_many(Part::Columns, MAX_COLUMNS));
    let wide_row = format!("stage,lane,text\nS,Steps,x{}\n", ",".repeat(MAX_COLUMNS));
    assert_eq!(import(wide_row.as_bytes()), too_many(Part::Columns, MAX_COLUMNS));
    // A line of nothing but separators is refused before the CSV reader holds its fields.
    let commas = format!("stage,lane,text\nS,Steps,x{}\n", ",".repeat(5_000_000));
    assert_eq!(import(commas.as_bytes()), too_many(Part::Columns, MAX_COLUMNS));
    let tags = format!("stage,lane,text,tags\nS,Steps,x,{}\n", "t;".repeat(MAX_TAGS + 1));
    assert_eq!(import(tags.as_bytes()), too_many(Part::Tags, MAX_TAGS));
    let long = format!("stage,lane,text\nS,Steps,{}\n", "x".repeat(MAX_TEXT + 1));
    assert_eq!(import(long.as_bytes()), Err(ImportError::Line { line: 2, problem: Problem::TooLong }));
}

#[test]
fn mermaid_bounds() {
    let mut stages = String::from("journey\n");
    for i in 0..=MAX_STAGES {
        let _ = writeln!(stages, "section S{i}\n  t: 3");
    }
    assert_eq!(import(stages.as_bytes()), too_many(Part::Stages, MAX_STAGES));
    let cards = format!("journey\nsection S\n{}", "  task: 3\n".repeat(MAX_CARDS + 1));
    assert_eq!(import(cards.as_bytes()), too_many(Part::Cards, MAX_CARDS));
    let actors: Vec<String> = (0..=MAX_PERSONAS).map(|i| format!("A{i}")).collect();
    let many = format!("journey\nsection S\n  task: 3: {}\n", actors.join(", "));
    assert_eq!(import(many.as_bytes()), too_many(Part::Personas, MAX_PERSONAS));
    let lines = format!("journey\n{}section S\n  t: 3\n", "%% note\n".repeat(MAX_LINES));
    assert_eq!(import(lines.as_bytes()), too_many(Part::Lines, MAX_LINES));
    let long = format!("journey\nsection S\n  {}: 3\n", "x".repeat(MAX_TEXT));
    assert_eq!(import(long.as_bytes()), Err(ImportError::Line { line: 3, problem: Problem::TooLong }));
}

#[test]
fn ojf_bounds() {
    let ojf = |stages: usize, lanes: usize, nodes: usize, tags: usize, blueprint: usize| {
        let stages: Vec<String> = (0..stages).map(|i| format!(r#"{{"id":"s{i}","name":"S{i}"}}"#)).collect();
        let lanes: Vec<String> = (0..lanes).map(|i| format!(r#"{{"id":"l{i}","name":"L{i}"}}"#)).collect();
        let tags: Vec<String> = (0..tags).map(|i| format!(r#""t{i}""#)).collect();
        let items: Vec<String> = (0..blueprint).map(|i| format!(r#"{{"item":"e{i}"}}"#)).collect();
        let node = format!(
            r#"{{"stageId":"s0","swimlaneId":"l0","title":"n","tags":[{}],"blueprint":{{"evidence":[{}]}}}}"#,
            tags.join(","),
            items.join(",")
        );
        let nodes = vec![node; nodes];
        format!(
            r#"{{"stages":[{}],"swimlanes":[{}],"nodes":[{}]}}"#,
            stages.join(","),
            lanes.join(","),
            nodes.join(",")
        )
    };
    assert!(import(ojf(1, 1, 1, 1, 1).as_bytes()).is_ok());
    assert_eq!(import(ojf(MAX_STAGES + 1, 1, 1, 0, 0).as_bytes()), too_many(Part::Stages, MAX_STAGES));
    assert_eq!(import(ojf(1, MAX_LANES + 1, 1, 0, 0).as_bytes()), too_many(Part::Lanes, MAX_LANES));
    assert_eq!(import(ojf(1, 1, MAX_CARDS + 1, 0, 0).as_bytes()), too_many(Part::Cards, MAX_CARDS));
    assert_eq!(import(ojf(1, 1, 1, MAX_TAGS + 1, 0).as_bytes()), too_many(Part::Tags, MAX_TAGS));
    // Blueprint rows are cards too.
    assert_eq!(import(ojf(1, 1, 1, 0, MAX_CARDS).as_bytes()), too_many(Part::Cards, MAX_CARDS));
    // Two swimlanes of one name are one lane: nodes of either land in it.
    let twins = r#"{"stages":[{"id":"s","name":"S"}],"swimlanes":[{"id":"a","name":"Steps"},{"id":"b","name":"Steps"},{"id":"c","name":"Pains"}],
        "nodes":[{"stageId":"s","swimlaneId":"b","title":"x"},{"stageId":"s","swimlaneId":"c","title":"y"}]}"#;
    let d = import(twins.as_bytes()).unwrap();
    assert_eq!(d.lanes.len(), 2);
    assert_eq!(d.cards.iter().map(|c| (c.lane, c.text.as_str())).collect::<Vec<_>>(), [(0, "x"), (1, "y")]);
}

#[test]
fn native_bounds() {
    let file = |key: &str, n: usize, item: &str| {
        let item: serde_json::Value = serde_json::from_str(item).unwrap();
        let mut map = serde_json::json!({"title": "T", "stages": [{"title": "S"}], "lanes": []});
        map[key] = serde_json::Value::Array(vec![item; n]);
        serde_json::json!({"format": "jornada", "version": 1, "map": map}).to_string()
    };
    let card = r#"{"stage":0,"lane":0,"text":"x"}"#;
    assert_eq!(import(file("cards", MAX_CARDS + 1, card).as_bytes()), too_many(Part::Cards, MAX_CARDS));
    assert_eq!(
        import(file("stages", MAX_STAGES + 1, r#"{"title":"S"}"#).as_bytes()),
        too_many(Part::Stages, MAX_STAGES)
    );
    let lane = r#"{"kind":"steps","title":"L"}"#;
    assert_eq!(import(file("lanes", MAX_LANES + 1, lane).as_bytes()), too_many(Part::Lanes, MAX_LANES));
    let persona = r#"{"id":"","name":"P"}"#;
    assert_eq!(import(file("personas", MAX_PERSONAS + 1, persona).as_bytes()), too_many(Part::Personas, MAX_PERSONAS));
    let emotion = r#"{"persona":0,"stage":0,"score":0}"#;
    assert_eq!(import(file("emotions", MAX_EMOTIONS + 1, emotion).as_bytes()), too_many(Part::Emotions, MAX_EMOTIONS));
}

#[test]
fn every_bound_is_said_in_every_language() {
    for what in Part::ALL {
        let e = ImportError::TooMany { what, max: 7 };
        for l in Locale::ALL {
            let m = l.messages().import_error(&e);
            assert!(m.contains('7') && !m.contains('{'), "{l:?} {what:?}: {m}");
        }
    }
    let m = Locale::En.messages().import_error(&ImportError::TooSlow { seconds: 10 });
    assert!(m.contains("10"), "{m}");
}

// ---- the files that used to take the process down ----

#[test]
fn fifteen_hundred_cards_in_one_cell_keep_short_keys() {
    let mut csv = String::from("stage,lane,text\n");
    for i in 0..1500 {
        let _ = writeln!(csv, "Booking,Steps,Card {i}");
    }
    let draft = import(csv.as_bytes()).unwrap();
    let (map, _) = draft.build(MapId::from("crowded"), &[]).unwrap();
    let stage = map.ordered_stages()[0].id.clone();
    let lane = map.ordered_lanes()[0].id.clone();
    let cell = map.cell_cards(&stage, &lane);
    assert_eq!(cell.len(), 1500);
    assert!(cell.iter().all(|c| c.order.as_str().len() <= 2), "keys of at most 2 characters");
    let texts: Vec<String> = cell.iter().map(|c| c.text.clone()).collect();
    let expected: Vec<String> = (0..1500).map(|i| format!("Card {i}")).collect();
    assert_eq!(texts, expected, "file order kept");
    // The live editor can still add at the top, the bottom and in between.
    let top = map.card_key_at(&stage, &lane, 0, None);
    let bottom = map.card_key_at(&stage, &lane, 1500, None);
    let middle = map.card_key_at(&stage, &lane, 750, None);
    assert!(top < cell[0].order && bottom > cell[1499].order);
    assert!(cell[749].order < middle && middle < cell[750].order);
}

/// A 5 MB Mermaid file of long tasks, each naming its actors some 2,000 times: the old
/// reader kept a copy of the task per actor named (about 2 GB for this file); this one
/// keeps a sum per stage and actor.
#[test]
fn a_five_megabyte_mermaid_with_many_actors_reads_fast() {
    let names: Vec<String> = (0..MAX_PERSONAS).map(|i| format!("A{i}")).collect();
    let mut text = String::from("journey\n  title Big\n  section One\n");
    let mut tasks = 0;
    while text.len() < MAX_IMPORT - 2 * MAX_TEXT {
        let mut line = format!("    Task {tasks} {}: 3: ", "x".repeat(1890));
        let mut i = 0;
        while line.len() < MAX_TEXT - 8 {
            line.push_str(&names[i % names.len()]);
            line.push_str(", ");
            i += 1;
        }
        text.push_str(&line);
        text.push('\n');
        tasks += 1;
    }
    assert!(text.len() > 4 * 1024 * 1024 && text.len() <= MAX_IMPORT, "{}", text.len());
    let started = Instant::now();
    let draft = import(text.as_bytes()).unwrap();
    let took = started.elapsed();
    assert_eq!(draft.cards.len(), tasks);
    assert_eq!(draft.personas.len(), MAX_PERSONAS);
    assert_eq!(draft.emotions.len(), MAX_PERSONAS);
    // Unoptimised, on a shared machine: generous, yet far below the old reader's minutes.
    assert!(took < Duration::from_secs(20), "took {took:?}");
    // The review's file: one task of 2.5 MB and a million actors after it.
    let hostile = format!("journey\nsection S\n{}: 3: {}\n", "x".repeat(2_500_000), "a,".repeat(1_000_000));
    let started = Instant::now();
    assert_eq!(import(hostile.as_bytes()), Err(ImportError::Line { line: 3, problem: Problem::TooLong }));
    assert!(started.elapsed() < Duration::from_secs(5));
}

// ---- export escaping ----

#[test]
fn csv_cells_cannot_run_as_formulas_and_import_back_unchanged() {
    let mut d = Draft { title: "T".into(), ..Default::default() };
    d.stages.push(DraftStage { title: "=HYPERLINK(\"http://x\")".into(), ..Default::default() });
    d.lanes.push(DraftLane { kind: LaneKind::Steps, title: "+lane".into() });
    let texts = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTab", "'=quoted", "plain - text", "''+x"];
    for t in texts {
        d.cards.push(DraftCard {
            measures: None,
            feelings: Vec::new(),
            stage: 0,
            lane: 0,
            text: t.into(),
            colour: Colour::Yellow,
            tags: vec!["=tag".into()],
            details: Default::default(),
        });
    }
    let out = csv::write(&d);
    let mut r = ::csv::Reader::from_reader(out.as_bytes());
    for row in r.records() {
        for cell in row.unwrap().iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?} in {out}");
        }
    }
    let back = import(out.as_bytes()).unwrap();
    assert_eq!(back.stages[0].title, d.stages[0].title);
    assert_eq!(back.lanes[0].title, "+lane");
    assert_eq!(back.cards.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), texts);
    assert!(back.cards.iter().all(|c| c.tags == ["=tag"]));
}

#[test]
fn markdown_export_escapes_what_users_wrote() {
    let mut d = Draft {
        title: "# <b>Title</b>".into(),
        description:
            "<script>alert(1)</script>\n- not a list\n1. not numbered\n---\n[link](javascript:x) ![img](x) &amp;".into(),
        ..Default::default()
    };
    d.stages.push(DraftStage {
        title: "**Stage**".into(),
        description: "<img src=x onerror=alert(1)>\n> not a quote".into(),
        duration: "_2_".into(),
    });
    d.lanes.push(DraftLane { kind: LaneKind::Steps, title: "Steps".into() });
    d.cards.push(DraftCard {
        measures: None,
        feelings: Vec::new(),
        stage: 0,
        lane: 0,
        text: "- <iframe>".into(),
        colour: Colour::Yellow,
        tags: vec!["<t>".into()],
        details: Default::default(),
    });
    let md = markdown::write(&d, Locale::En.messages());
    // Every mark that could make markup is escaped (a backslash before it).
    let chars: Vec<char> = md.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if matches!(c, '<' | '>' | '[' | ']' | '&' | '!' | '`') {
            assert!(i > 0 && chars[i - 1] == '\\', "{c:?} unescaped at {i} in:\n{md}");
        }
    }
    for raw in ["\n- not", "\n1. not", "\n---", "\n> not"] {
        assert!(!md.contains(raw), "{raw:?} left raw in:\n{md}");
    }
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"), "{md}");
    assert!(md.contains("\\- not a list") && md.contains("1\\. not numbered"), "{md}");
}

// ---- bounded property-based fuzzing (a few seconds in `cargo test`) ----

/// Text with the marks each format treats specially, and any character at all.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ,;:#=+@\"'{}\\[\\]\\-\n\r\t%`<>|]{0,24}",
        ".{0,12}",
        Just(String::new()),
        Just("journey".to_owned()),
        Just("section".to_owned()),
    ]
}

prop_compose! {
    fn draft()(
        title in text(),
        stages in proptest::collection::vec(text(), 0..5),
        lanes in proptest::collection::vec((0..LaneKind::ALL.len(), text()), 0..4),
        cards in proptest::collection::vec((0..6usize, 0..5usize, text(), proptest::collection::vec(text(), 0..3)), 0..16),
        personas in proptest::collection::vec(text(), 0..3),
        emotions in proptest::collection::vec((0..3usize, 0..5usize, -3i8..=3), 0..6),
    ) -> Draft {
        let mut d = Draft { title, ..Default::default() };
        d.stages = stages.into_iter().map(|t| DraftStage { title: t, ..Default::default() }).collect();
        d.lanes = lanes.into_iter().map(|(k, t)| DraftLane { kind: LaneKind::ALL[k], title: t }).collect();
        d.cards = cards
            .into_iter()
            .map(|(stage, lane, text, tags)| DraftCard { measures: None, feelings: Vec::new(), stage, lane, text, colour: Colour::Yellow, tags, details: Default::default() })
            .collect();
        d.personas = personas.into_iter().map(|n| Persona::named(PersonaId(String::new()), n)).collect();
        d.emotions = emotions.into_iter().map(|(persona, stage, score)| DraftEmotion { persona, stage, score, note: String::new() }).collect();
        d
    }
}

/// A file in one of the formats: possibly inconsistent (indices out of range, blank
/// texts), as a writer of each format would lay it out.
fn document() -> impl Strategy<Value = Vec<u8>> {
    (draft(), 0..4usize).prop_map(|(d, format)| {
        // The writers index stages and lanes: keep those references in range for them.
        let mut d = d;
        if d.stages.is_empty() || d.lanes.is_empty() {
            d.cards.clear();
        }
        let (s, l) = (d.stages.len().max(1), d.lanes.len().max(1));
        for c in &mut d.cards {
            (c.stage, c.lane) = (c.stage % s, c.lane % l);
        }
        let text = match format {
            0 => native::write(&d),
            1 => ojf::write(&d),
            2 => mermaid::write(&d),
            _ => csv::write(&d),
        };
        text.into_bytes()
    })
}

/// A document, then damaged: bytes flipped, cut short, or spliced with marks.
fn damaged() -> impl Strategy<Value = Vec<u8>> {
    (document(), proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..4u8), 0..6)).prop_map(
        |(mut bytes, edits)| {
            for (at, byte, how) in edits {
                if bytes.is_empty() {
                    break;
                }
                let i = at.index(bytes.len());
                match how {
                    0 => bytes[i] = byte,
                    1 => bytes.truncate(i),
                    2 => bytes.insert(i, b"{}[],:;\"\n"[usize::from(byte) % 9]),
                    _ => {
                        bytes.remove(i);
                    }
                }
            }
            bytes
        },
    )
}

/// Websocket and REST messages: real ones, with any field swapped for any JSON.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text().prop_map(Value::String),
        "[0-9A-Za-z]{0,300}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn sample_messages() -> Vec<serde_json::Value> {
    let spec = crate::domain::template::Template::Clinic.spec().unwrap();
    let (_, ops, _) = crate::domain::templates::built(spec, 0, "m");
    let mut map = Map::new(MapId::from("m"), "m");
    let mut out = vec![
        serde_json::json!({"type": "hello", "last_rev": 3, "name": "Ana", "colour": "#112233"}),
        serde_json::json!({"type": "presence", "editing": "c1", "holding": null}),
    ];
    for op in &ops {
        let inverse = map.apply(op).unwrap();
        for o in [op, &inverse] {
            out.push(serde_json::json!({"type": "op", "client_op": "x", "base_rev": 1, "op": o}));
        }
    }
    out
}

/// Replaces the `n`-th value found walking `v` with `with`.
fn swap(v: &mut serde_json::Value, n: &mut usize, with: &serde_json::Value) {
    if *n == 0 {
        *v = with.clone();
        *n = usize::MAX;
        return;
    }
    *n -= 1;
    match v {
        serde_json::Value::Array(items) => items.iter_mut().for_each(|i| swap(i, n, with)),
        serde_json::Value::Object(m) => m.values_mut().for_each(|i| swap(i, n, with)),
        _ => {}
    }
}

/// A decoded op applied to a filled map: refused or applied, never a panic.
fn apply_to_clinic(op: &Op) {
    thread_local! {
        static CLINIC: Map = {
            let spec = crate::domain::template::Template::Clinic.spec().unwrap();
            crate::domain::templates::built(spec, 0, "m").0
        };
    }
    CLINIC.with(|m| {
        let mut map = m.clone();
        if let Ok(inverse) = map.apply(op) {
            assert!(map.apply(&inverse).is_ok(), "the inverse of {op:?} applies");
        }
    });
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_get_a_clear_answer(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = answers_clearly(&bytes);
    }

    #[test]
    fn arbitrary_text_after_each_header_gets_a_clear_answer(
        header in prop_oneof![Just("journey\n"), Just("stage,lane,text\n"), Just("{\"stages\":"), Just("{\"format\":\"jornada\",\"version\":1,\"map\":")],
        body in "(.|\n){0,200}",
    ) {
        let _ = answers_clearly(format!("{header}{body}").as_bytes());
    }

    #[test]
    fn generated_documents_get_a_clear_answer(bytes in document()) {
        let _ = answers_clearly(&bytes);
    }

    #[test]
    fn damaged_documents_get_a_clear_answer(bytes in damaged()) {
        let _ = answers_clearly(&bytes);
    }

    #[test]
    fn valid_drafts_survive_every_writer(d in draft()) {
        // Exports of a map that builds import back (a map's own export never fails).
        let mut d = d;
        let ids: Vec<PersonaId> = d.personas.iter().map(|_| PersonaId::generate()).collect();
        if let Ok((map, _)) = d.build(MapId::from("m"), &ids) {
            d = Draft::of(&map, &d.personas.iter().zip(&ids).map(|(p, id)| Persona { id: id.clone(), ..p.clone() }).collect::<Vec<_>>(), &[]);
            prop_assert_eq!(import(native::write(&d).as_bytes()), Ok(d.clone()));
            for text in [ojf::write(&d), mermaid::write(&d)] {
                prop_assert!(answers_clearly(text.as_bytes()).is_ok(), "{}", text);
            }
            if !d.cards.is_empty() {
                let text = csv::write(&d);
                prop_assert!(answers_clearly(text.as_bytes()).is_ok(), "{}", text);
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics_the_message_decoders(s in "(.|\n){0,200}") {
        if let Ok(ClientMsg::Edit(EditMsg::Op { op, .. })) = serde_json::from_str::<ClientMsg>(&s) {
            apply_to_clinic(&op);
        }
        if let Ok(ops) = serde_json::from_str::<Vec<Op>>(&s) {
            ops.iter().for_each(apply_to_clinic);
        }
    }

    #[test]
    fn damaged_messages_decode_or_fail_cleanly(base in any::<prop::sample::Index>(), at in 0usize..40, with in json_value()) {
        let samples = sample_messages();
        let mut msg = samples[base.index(samples.len())].clone();
        let mut n = at;
        swap(&mut msg, &mut n, &with);
        let text = msg.to_string();
        match serde_json::from_str::<ClientMsg>(&text) {
            Ok(ClientMsg::Edit(EditMsg::Op { op, .. })) => {
                apply_to_clinic(&op);
                // The REST body carries the same ops.
                let body = serde_json::json!([op]).to_string();
                prop_assert!(serde_json::from_str::<Vec<Op>>(&body).is_ok());
            }
            Ok(_) | Err(_) => {}
        }
    }
}
