//! Round trips for every format, the sample `.ojf` files, and refusals that name the
//! place in the file.

use super::*;
use crate::domain::template::Template;
use crate::i18n::Locale;

const CLINIC_OJF: &str = include_str!("../../tests/fixtures/ojf/clinic-visit-blueprint.ojf");
const ECOMMERCE_OJF: &str = include_str!("../../tests/fixtures/ojf/ecommerce-purchase.ojf");

/// A filled map: the clinic template in Portuguese, built in memory.
fn clinic() -> Draft {
    let spec = Template::Clinic.spec().unwrap();
    let (map, _, personas) = crate::domain::templates::built(spec, 1, "Clínica Bela");
    Draft::of(&map, &personas, &[])
}

#[test]
fn native_json_round_trips_exactly() {
    let draft = clinic();
    assert!(draft.cards.len() > 10, "{}", draft.cards.len());
    assert_eq!(draft.emotions.len(), 10);
    let back = import(native::write(&draft).as_bytes()).unwrap();
    assert_eq!(back, draft);
    // And through a map built from its ops.
    let ids: Vec<PersonaId> = back.personas.iter().map(|p| p.id.clone()).collect();
    let mut map = Map::new(MapId::from("again"), "x");
    for op in back.ops(&ids) {
        map.apply(&op).unwrap();
    }
    assert_eq!(Draft::of(&map, &back.personas, &[]), draft);
}

#[test]
fn the_sample_ojf_files_import_with_every_part() {
    let clinic = import(CLINIC_OJF.as_bytes()).unwrap();
    assert_eq!(clinic.title, "Patient Clinic Visit");
    assert_eq!(clinic.stages.len(), 3);
    // The swimlane plus the four blueprint rows.
    let lanes: Vec<(LaneKind, &str)> = clinic.lanes.iter().map(|l| (l.kind, l.title.as_str())).collect();
    assert_eq!(
        lanes,
        vec![
            (LaneKind::Steps, "Patient Journey"),
            (LaneKind::Touchpoints, "Evidence"),
            (LaneKind::Steps, "Onstage actions"),
            (LaneKind::Backstage, "Backstage actions"),
            (LaneKind::Backstage, "Support processes"),
        ]
    );
    // 3 nodes + 6 evidence + 3 onstage + 3 backstage + 4 support.
    assert_eq!(clinic.cards.len(), 19);
    assert_eq!(clinic.personas[0].name, "Returning Patient");
    let scores: Vec<i8> = clinic.emotions.iter().map(|e| e.score).collect();
    assert_eq!(scores, vec![0, 0, 1], "scores 1, 0, 3 of 5 on our scale");
    assert!(clinic.cards[0].text.starts_with("Arrival & Reception\nPatient checks in"));
    assert!(clinic.cards.iter().any(|c| c.text == "Receptionist: Confirms appointment and collects co-pay"));

    let shop = import(ECOMMERCE_OJF.as_bytes()).unwrap();
    assert_eq!((shop.stages.len(), shop.lanes.len(), shop.cards.len()), (4, 4, 7));
    assert_eq!(shop.personas[0].name, "Jane Doe, First-time Homeowner");
    let kinds: Vec<LaneKind> = shop.lanes.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, vec![LaneKind::Steps, LaneKind::Emotions, LaneKind::PainPoints, LaneKind::Touchpoints]);
    let fees = shop.cards.iter().find(|c| c.text.starts_with("Hidden Shipping Fees")).unwrap();
    assert_eq!(fees.details.severity, Some(Severity::High));
    assert!(fees.tags.contains(&"angry".to_owned()));
    let checkout = shop.cards.iter().find(|c| c.text.starts_with("Select Product")).unwrap();
    assert!(checkout.details.moment_of_truth);
    assert_eq!(checkout.tags, vec!["Checkout", "Mobile", "touchpoint"]);
    // Purchase: 0 and −3 → mean −1.5 of 5 → −1.
    assert_eq!(shop.emotion(0, 2).map(|e| e.score), Some(-1));
}

#[test]
fn ojf_survives_export_and_import() {
    for sample in [CLINIC_OJF, ECOMMERCE_OJF] {
        let first = import(sample.as_bytes()).unwrap();
        let again = import(ojf::write(&first).as_bytes()).unwrap();
        assert_eq!(again.stages, first.stages);
        assert_eq!(again.lanes.len(), first.lanes.len());
        assert_eq!(again.cards.len(), first.cards.len());
        let texts = |d: &Draft| d.cards.iter().map(|c| c.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&again), texts(&first));
        let severities = |d: &Draft| d.cards.iter().map(|c| c.details.severity).collect::<Vec<_>>();
        assert_eq!(severities(&again), severities(&first));
        assert_eq!(again.personas.len(), first.personas.len());
    }
    let clinic = clinic();
    let back = import(ojf::write(&clinic).as_bytes()).unwrap();
    assert_eq!((back.stages.len(), back.lanes.len(), back.cards.len()), (5, clinic.lanes.len(), clinic.cards.len()));
}

#[test]
fn mermaid_journeys_import_and_round_trip() {
    let text = "---\ntitle: ignored front matter\n---\njourney\n  title My working day\n  section Go to work\n    Make tea: 5: Me\n    Go upstairs: 3: Me\n    Do work: 1: Me, Cat\n  section Go home\n    Go downstairs: 5: Me\n    Sit down: 5: Me\n";
    let d = import(text.as_bytes()).unwrap();
    assert_eq!(d.title, "My working day");
    let stages: Vec<&str> = d.stages.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(stages, vec!["Go to work", "Go home"]);
    assert_eq!(d.cards.len(), 5);
    let names: Vec<&str> = d.personas.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["Me", "Cat"]);
    // Me: (5+3+1)/3 = 3 → 0; Cat: 1 → −2; Me at home: 5 → +2.
    assert_eq!(d.emotion(0, 0).unwrap().score, 0);
    assert_eq!(d.emotion(1, 0).unwrap().score, -2);
    assert_eq!(d.emotion(0, 1).unwrap().score, 2);
    let back = import(mermaid::write(&d).as_bytes()).unwrap();
    assert_eq!(back.stages, d.stages);
    assert_eq!(
        back.cards.iter().map(|c| &c.text).collect::<Vec<_>>(),
        d.cards.iter().map(|c| &c.text).collect::<Vec<_>>()
    );
    // A map's own export keeps its stages and steps.
    let clinic = clinic();
    let from_map = import(mermaid::write(&clinic).as_bytes()).unwrap();
    assert_eq!(from_map.stages.len(), clinic.stages.len());
    assert_eq!(from_map.personas.len(), 2);
}

#[test]
fn csv_round_trips_every_card_field() {
    let clinic = clinic();
    let text = csv::write(&clinic);
    let back = import(text.as_bytes()).unwrap();
    assert_eq!(
        back.stages.iter().map(|s| &s.title).collect::<Vec<_>>(),
        clinic.stages.iter().map(|s| &s.title).collect::<Vec<_>>()
    );
    // Lanes without cards do not appear in a CSV of cards.
    let strip = |d: &Draft| {
        d.cards
            .iter()
            .map(|c| {
                (
                    d.stages[c.stage].title.clone(),
                    d.lanes[c.lane].title.clone(),
                    c.text.clone(),
                    c.colour,
                    c.details.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&back), strip(&clinic));
    // Quotes, commas and line breaks in a cell survive.
    let tricky = "stage,lane,text\nBooking,Steps,\"Calls, then \"\"waits\"\"\nfor long\"\n";
    let d = import(tricky.as_bytes()).unwrap();
    assert_eq!(d.cards[0].text, "Calls, then \"waits\"\nfor long");
}

#[test]
fn markdown_and_svg_show_the_whole_map() {
    let clinic = clinic();
    let t = Locale::PtBr.messages();
    let md = markdown::write(&clinic, t);
    assert!(md.starts_with("# Clínica Bela"));
    for s in &clinic.stages {
        assert!(md.contains(&s.title), "{}", s.title);
    }
    assert!(md.contains(t.emotion_curve));
    let (svg, w, h) = svg::write(&clinic, t);
    assert!(w > 1000.0 && h > 500.0);
    assert!(svg.contains("<polyline"), "emotion curves");
    for c in &clinic.cards {
        let first_word = c.text.split_whitespace().next().unwrap();
        assert!(svg.contains(&svg::escape(first_word)), "{first_word}");
    }
}

/// The report's comments: each thread under its place, replies indented, markup as
/// Markdown's with the text escaped, a deleted comment marked, a resolved thread said so.
#[test]
fn markdown_lists_the_comment_threads() {
    use crate::domain::comment::{Anchor, Comment};
    use chrono::TimeZone;
    let spec = Template::Clinic.spec().unwrap();
    let (map, ..) = crate::domain::templates::built(spec, 1, "Clínica Bela");
    let card = map.cards.values().next().unwrap().clone();
    let at = |s: i64| chrono::Utc.timestamp_opt(1_780_000_000 + s, 0).single().unwrap();
    let c = |id: &str, thread: &str, anchor: Anchor, body: &str, s: i64| Comment {
        id: id.into(),
        map: map.id.clone(),
        thread: thread.into(),
        anchor,
        author: "u1".into(),
        author_name: "Ana *Lima*".into(),
        body: body.into(),
        created_at: at(s),
        edited_at: None,
        deleted: false,
        resolved: false,
        resolved_by: None,
        mentions: vec![],
    };
    let mut gone = c("c3", "c1", Anchor::Card(card.id.clone()), "secret", 2);
    gone.deleted = true;
    let mut done = c("c4", "c4", Anchor::Map, "Ship it", 3);
    (done.resolved, done.resolved_by) = (true, Some("Bo".into()));
    let comments = vec![
        c(
            "c1",
            "c1",
            Anchor::Card(card.id.clone()),
            "**Long** wait, see [notes](https://x.example/a?b=1) or https://x.example/c",
            0,
        ),
        c("c2", "c1", Anchor::Card(card.id.clone()), "# not a heading <b>", 1),
        gone,
        done,
        c("c5", "c5", Anchor::Card(crate::domain::CardId::from("gone")), "lost card", 4),
    ];
    let t = Locale::En.messages();
    let md = markdown::comments(t, &map, &comments);
    let card_place = t.cm.on_card.replace("{text}", &card.text.chars().take(60).collect::<String>());
    assert!(md.starts_with("## Comments\n"), "{md}");
    assert!(md.contains(&format!("### {}", card_place.split_whitespace().collect::<Vec<_>>().join(" "))), "{md}");
    assert!(md.contains("- **Ana \\*Lima\\*** · "), "the author's name is escaped: {md}");
    assert!(
        md.contains(
            "**Long** wait, see [notes](https://x.example/a?b=1) or [https://x.example/c](https://x.example/c)"
        ),
        "{md}"
    );
    assert!(md.contains("  - **Ana"), "a reply is indented: {md}");
    assert!(md.contains(": \\# not a heading \\<b\\>\n"), "{md}");
    assert!(!md.contains("secret") && md.contains("*Comment deleted*"), "{md}");
    assert!(md.contains("### On the map — Resolved by Bo"), "{md}");
    assert!(md.contains("### On a deleted card"), "{md}");
    assert_eq!(markdown::comments(t, &map, &[]), "");
}

#[test]
fn png_and_pdf_render_with_cyrillic_text() {
    let mut clinic = clinic();
    clinic.title = "Клиника «Бела»".into();
    let (svg, ..) = svg::write(&clinic, Locale::Ru.messages());
    let png = render::png(&svg).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let pdf = render::pdf(&svg).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() > 10_000, "fonts are embedded");
}

#[test]
fn a_500_card_map_renders_to_png_and_pdf() {
    let d = large_sample(500);
    d.check().unwrap();
    let (svg, w, h) = svg::write(&d, Locale::Ru.messages());
    assert!(w > 2500.0 && h > 3000.0, "{w} x {h}");
    let png = render::png(&svg).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // Width and height from the IHDR chunk: 20 megapixels at most (give or take the
    // rounding up to whole pixels).
    let (pw, ph) =
        (u32::from_be_bytes(png[16..20].try_into().unwrap()), u32::from_be_bytes(png[20..24].try_into().unwrap()));
    assert!(pw as f64 >= w && (pw as u64 * ph as u64) <= 20_020_000, "{pw} x {ph}");
    let pdf = render::pdf(&svg).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

/// A paginated PDF: as many pages as the plan says, each of the paper's size, and the map
/// drawn once in the file (not once a page).
#[test]
fn a_large_map_paginates_on_a4_and_a3() {
    let d = large_sample(500);
    let (svg, layout) = svg::write_laid(&d, Locale::Ru.messages(), &svg::Overlay::default());
    let poster = render::pdf(&svg).unwrap();
    let count = |pdf: &[u8], needle: &[u8]| pdf.windows(needle.len()).filter(|w| *w == needle).count();
    for (paper, landscape) in [(Paper::A4, true), (Paper::A4, false), (Paper::A3, true)] {
        let layout_of = PdfLayout::Pages { paper, landscape };
        let pdf = render::pdf_laid(&svg, &layout, layout_of).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let (w, h) = paper.size();
        let (w, h) = if landscape { (h, w) } else { (w, h) };
        let (tiles, _) = render::plan(&layout, f64::from(w), f64::from(h));
        assert!(tiles.len() > 1, "{paper:?}");
        let media_box = format!("/MediaBox [0 0 {} {}]", fmt_pdf(w), fmt_pdf(h));
        assert_eq!(count(&pdf, media_box.as_bytes()), tiles.len(), "{paper:?} {landscape}: one page per tile");
        assert!(pdf.len() < poster.len() + 4_000 * tiles.len(), "{} vs {}", pdf.len(), poster.len());
    }
    assert_eq!(render::pdf_laid(&svg, &layout, PdfLayout::Poster).unwrap().len(), poster.len());
}

/// A number as pdf-writer writes it in a page's media box.
fn fmt_pdf(x: f32) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[test]
fn bad_files_are_refused_with_the_place_named() {
    assert_eq!(import(b"   "), Err(ImportError::Empty));
    assert_eq!(import(b"hello world"), Err(ImportError::UnknownFormat));
    assert_eq!(import(&vec![b' '; MAX_IMPORT + 1]), Err(ImportError::TooLarge { max: MAX_IMPORT as u64 }));
    assert_eq!(import(b"{\n  \"stages\": [\n  ,]\n}"), Err(ImportError::Json { line: 3, column: 3 }));
    let ojf = r#"{"stages":[{"id":"a","name":"A"}],"swimlanes":[{"id":"l","name":"Steps"}],"nodes":[{"stageId":"zzz","swimlaneId":"l","title":"x"}]}"#;
    assert_eq!(
        import(ojf.as_bytes()),
        Err(ImportError::Field { field: "nodes[0].stageId".into(), problem: Problem::UnknownReference })
    );
    let ojf = r#"{"stages":[{"id":"a","name":"A"}],"nodes":[{"stageId":"a","title":"x","score":9}]}"#;
    assert_eq!(
        import(ojf.as_bytes()),
        Err(ImportError::Field { field: "nodes[0].score".into(), problem: Problem::Invalid })
    );
    let mermaid = "journey\n  title T\n  section S\n    Task without score\n";
    assert_eq!(import(mermaid.as_bytes()), Err(ImportError::Line { line: 4, problem: Problem::Invalid }));
    let csv = "stage,lane,text,impact\nA,Opportunities,Idea,7\n";
    assert_eq!(import(csv.as_bytes()), Err(ImportError::Line { line: 2, problem: Problem::Invalid }));
    let newer = r#"{"format":"jornada","version":99,"map":{}}"#;
    assert_eq!(import(newer.as_bytes()), Err(ImportError::Version { found: "99".into() }));
    let missing = "{\"format\":\"jornada\",\"version\":1,\"map\":{\n\"title\":\"x\",\n\"lanes\":[]}}";
    assert_eq!(
        import(missing.as_bytes()),
        Err(ImportError::Field { field: "stages (line 3)".into(), problem: Problem::Missing })
    );
    // A rule of maps: a card text over the limit.
    let long = format!("stage,lane,text\nA,Steps,{}\n", "x".repeat(crate::domain::model::MAX_CARD_TEXT + 1));
    assert!(matches!(import(long.as_bytes()), Err(ImportError::Refused(OpError::TextTooLong { .. }))));
}

#[test]
fn the_picture_and_the_report_carry_the_evidence_when_there_is_some() {
    use crate::domain::feedback::StageEvidence;
    let clinic = templates::draft(&templates::CLINIC, 0, "Clinic");
    let t = Locale::En.messages();
    let overlay = svg::Overlay {
        curve: vec![None, Some((0.5, 0.2, 0.8)), Some((-1.0, -1.4, -0.6)), None, None],
        bottlenecks: vec![2],
        findings: vec!["Decision: 12 answers, mean 2.0★ against 3.5★ for the map.".into()],
    };
    let (plain, _, h0) = svg::write(&clinic, t);
    let (with, _, h1) = svg::write_with(&clinic, t, &overlay);
    assert!(!plain.contains("Customer feedback") && !plain.contains("Bottleneck"));
    assert!(with.contains(">Customer feedback<") && with.contains(">Bottleneck<"));
    assert!(with.contains("1. Decision: 12 answers"), "the findings are listed under the map");
    assert!(with.contains("stroke-dasharray=\"6 4\"") && with.contains("<polygon"), "the curve and its band");
    assert!(h1 > h0, "the findings take room");

    let e = StageEvidence {
        stage: StageId::from("s"),
        count: 12,
        mean: -1.0,
        sd: 0.5,
        negative: 9,
        recent_count: 0,
        recent_mean: None,
        previous_count: 0,
        previous_mean: None,
        terms: Vec::new(),
    };
    let stages = vec![("Decision".to_owned(), Some(&e)), ("After *care*".to_owned(), None)];
    let md = markdown::evidence(t, crate::domain::feedback::Scale::Stars, &stages, &["The *procedure*: waits.".into()]);
    assert!(md.contains("## Customer feedback"));
    assert!(md.contains("| Decision | 12 answers | 2.0★ |"), "{md}");
    assert!(md.contains("After \\*care\\*"), "user text is escaped");
    assert!(md.contains("1. The \\*procedure\\*: waits."), "{md}");
    assert_eq!(markdown::evidence(t, crate::domain::feedback::Scale::Stars, &[("A".into(), None)], &[]), "");
}
