//! Tests of [`super::insights::findings`]: shrinkage, "not enough data", the ranking of a
//! hand-made clinic, ties, a map without feedback, touchpoints, gaps and trends.

use super::details::{CardDetails, Metric, Severity};
use super::feedback::{CardEvidence, FeedbackSummary, Scale, StageEvidence, Term, MIN_ANSWERS};
use super::insights::*;
use super::{Card, CardId, EmotionPoint, Lane, LaneId, LaneKind, Map, MapId, OrderKey, PersonaId, Stage, StageId};

/// A map whose stages show in the order given, with ids that sort the other way round
/// (so a test of "stage order" cannot pass by id order), and one lane of each kind used.
pub(crate) fn map_with(titles: &[&str]) -> Map {
    let mut map = Map::new(MapId::from("m"), "Clinic");
    for (i, (title, order)) in titles.iter().zip(OrderKey::spread(titles.len())).enumerate() {
        let id = StageId(format!("s{}", titles.len() - i));
        map.stages.insert(
            id.clone(),
            Stage { id, title: (*title).into(), description: String::new(), duration: String::new(), order },
        );
    }
    let kinds = [LaneKind::Touchpoints, LaneKind::PainPoints, LaneKind::Metrics, LaneKind::Thoughts];
    for (kind, order) in kinds.into_iter().zip(OrderKey::spread(kinds.len())) {
        let id = LaneId(kind.as_str().into());
        map.lanes.insert(id.clone(), Lane { id, kind, title: kind.as_str().into(), order });
    }
    map
}

/// The id of the stage titled `title`.
pub(crate) fn stage(map: &Map, title: &str) -> StageId {
    map.stages.values().find(|s| s.title == title).map(|s| s.id.clone()).unwrap_or_else(|| StageId::from("none"))
}

pub(crate) fn add_card(map: &mut Map, id: &str, stage_title: &str, kind: LaneKind, details: CardDetails) -> CardId {
    let id = CardId::from(id);
    let stage = stage(map, stage_title);
    let order = map.card_key_at(&stage, &LaneId(kind.as_str().into()), usize::MAX, None);
    let text = format!("card {id}");
    map.cards.insert(
        id.clone(),
        Card {
            author: None,
            id: id.clone(),
            lane: LaneId(kind.as_str().into()),
            stage,
            order,
            text,
            colour: Default::default(),
            tags: vec![],
            details,
        },
    );
    id
}

pub(crate) fn pain(severity: Severity) -> CardDetails {
    CardDetails { severity: Some(severity), ..Default::default() }
}

/// Evidence of `count` answers with a mean of `stars` on the five-star scale.
pub(crate) fn ev(stage: StageId, count: u32, stars: f64, negative: u32) -> StageEvidence {
    StageEvidence {
        stage,
        count,
        mean: Scale::Stars.normalise(stars).unwrap_or(f64::NAN),
        sd: 1.0,
        negative,
        recent_count: 0,
        recent_mean: None,
        previous_count: 0,
        previous_mean: None,
        terms: Vec::new(),
    }
}

pub(crate) fn summary(stars: f64, stages: Vec<StageEvidence>) -> FeedbackSummary {
    FeedbackSummary {
        count: stages.iter().map(|s| s.count).sum(),
        mean: Scale::Stars.normalise(stars).unwrap_or(f64::NAN),
        scale: Scale::Stars,
        stages,
        ..Default::default()
    }
}

/// The hand-made clinic: the procedure (38 answers, 2.9★ against 4.2★ for the map, 11
/// comments about waiting, 2 high pain points) is where the journey breaks.
pub(crate) fn clinic() -> (Map, FeedbackSummary) {
    let mut map = map_with(&["Booking", "Arrival", "Procedure", "Payment", "Aftercare"]);
    add_card(&mut map, "p1", "Procedure", LaneKind::PainPoints, pain(Severity::High));
    add_card(&mut map, "p2", "Procedure", LaneKind::PainPoints, pain(Severity::High));
    add_card(&mut map, "b1", "Booking", LaneKind::PainPoints, pain(Severity::Medium));
    add_card(&mut map, "y1", "Payment", LaneKind::PainPoints, pain(Severity::High));
    let off = Metric {
        value: Some(80.0),
        unit: "%".into(),
        target: Some(95.0),
        higher_is_better: true,
        ..Default::default()
    };
    add_card(&mut map, "m1", "Payment", LaneKind::Metrics, CardDetails { metric: Some(off), ..Default::default() });
    let mut procedure = ev(stage(&map, "Procedure"), 38, 2.9, 14);
    procedure.terms = vec![Term { word: "waiting".into(), comments: 11 }, Term { word: "price".into(), comments: 4 }];
    let stages = vec![
        ev(stage(&map, "Booking"), 3, 1.0, 3),
        ev(stage(&map, "Arrival"), 60, 4.5, 3),
        procedure,
        ev(stage(&map, "Payment"), 40, 4.0, 4),
        ev(stage(&map, "Aftercare"), 99, 4.7, 2),
    ];
    (map, summary(4.2, stages))
}

fn titles(map: &Map, found: &[Finding]) -> Vec<String> {
    found
        .iter()
        .map(|f| match &f.target {
            Target::Stage(id) => map.stages.get(id).map(|s| s.title.clone()).unwrap_or_default(),
            Target::Touchpoint(id) => format!("card {id}"),
        })
        .collect()
}

#[test]
fn shrinkage_pulls_few_answers_towards_the_map() {
    assert!((shrink(10, -1.0, 1.0) - 0.0).abs() < 1e-12, "ten answers weigh as much as the map");
    assert!((shrink(90, -1.0, 1.0) - (-0.8)).abs() < 1e-12);
    assert_eq!(shrink(0, -2.0, 0.5), 0.5);
    assert!((shrink(5, f64::NAN, 0.5) - 5.0 / 15.0).abs() < 1e-12, "a broken mean counts as neutral");

    // Five answers at 1★ rank below a hundred answers at 2★: the hundred are surer.
    let map = map_with(&["Few", "Many", "Four"]);
    let s = summary(
        4.0,
        vec![
            ev(stage(&map, "Few"), 5, 1.0, 5),
            ev(stage(&map, "Many"), 100, 2.0, 100),
            ev(stage(&map, "Four"), 4, 1.0, 4),
        ],
    );
    let found = findings(&map, &s);
    assert_eq!(titles(&map, &found), ["Many", "Few", "Four"]);
    let Some(Signal::Measured { shrunk, .. }) = found[1].signals.first() else { panic!("{found:?}") };
    assert!((shrunk - 0.0).abs() < 1e-9, "(5·−2 + 10·1)/15 = 0, got {shrunk}");
}

#[test]
fn below_five_answers_a_stage_says_not_enough_data_and_is_not_ranked_by_its_score() {
    let map = map_with(&["Booking", "Procedure"]);
    let s = summary(
        4.0,
        vec![ev(stage(&map, "Booking"), MIN_ANSWERS - 1, 1.0, 4), ev(stage(&map, "Procedure"), 40, 3.5, 1)],
    );
    let found = findings(&map, &s);
    assert_eq!(titles(&map, &found), ["Procedure", "Booking"], "four answers at 1★ do not top a slightly low stage");
    let booking = &found[1];
    assert!(!booking.enough_data);
    assert_eq!(booking.badness, 0.0);
    assert_eq!(booking.signals, [Signal::NotEnoughData { count: 4 }], "no negative share or terms either");
    assert!(found[0].enough_data);
}

#[test]
fn the_clinic_procedure_ranks_first_with_every_reason() {
    let (map, s) = clinic();
    let found = findings(&map, &s);
    assert_eq!(titles(&map, &found), ["Procedure", "Payment", "Booking", "Arrival", "Aftercare"]);
    let procedure = &found[0];
    assert!(procedure.enough_data);
    let (mean, map_mean) = (Scale::Stars.normalise(2.9).unwrap_or(0.0), Scale::Stars.normalise(4.2).unwrap_or(0.0));
    let shrunk = (38.0 * mean + 10.0 * map_mean) / 48.0;
    let Some(Signal::Measured { count: 38, mean: m, map_mean: mm, shrunk: sh }) = procedure.signals.first() else {
        panic!("{procedure:?}")
    };
    assert!((m - mean).abs() < 1e-9 && (mm - map_mean).abs() < 1e-9 && (sh - shrunk).abs() < 1e-9);
    assert_eq!(
        procedure.signals[1..],
        [
            Signal::Negative { negative: 14, count: 38 },
            Signal::Terms { terms: s.stages[2].terms.clone() },
            Signal::PainPoints { total: 2, high: 2 },
        ]
    );
    // The formula of the doc comment, term by term.
    let map_share = 26.0 / 240.0;
    let expected = (map_mean - shrunk) + ((14.0 + 10.0 * map_share) / 48.0 - map_share) + 0.5 * 11.0 / 38.0 + 0.8;
    assert!((procedure.badness - expected).abs() < 1e-5, "{} vs {expected}", procedure.badness);
    // Payment: its score is near the map's, its cards (a high pain point, a metric off
    // target) put it second; booking has only its medium pain point.
    assert_eq!(
        found[1].signals[1..],
        [
            Signal::Negative { negative: 4, count: 40 },
            Signal::PainPoints { total: 1, high: 1 },
            Signal::MetricsOffTarget { count: 1 }
        ]
    );
    assert_eq!(found[2].signals, [Signal::NotEnoughData { count: 3 }, Signal::PainPoints { total: 1, high: 0 }]);
    assert!((found[2].badness - 0.2).abs() < 1e-9);
    assert!(found[4].badness < 0.0, "a stage better than the map ranks below one with no evidence");
    assert_eq!(
        bottlenecks(&found),
        [stage(&map, "Procedure"), stage(&map, "Payment")],
        "booking's 0.2 is no bottleneck"
    );
}

#[test]
fn at_most_three_stages_are_bottlenecks_and_touchpoints_never() {
    let mut map = map_with(&["A", "B", "C", "D"]);
    for t in ["A", "B", "C", "D"] {
        add_card(&mut map, &format!("{t}1"), t, LaneKind::PainPoints, pain(Severity::High));
        add_card(&mut map, &format!("{t}2"), t, LaneKind::PainPoints, pain(Severity::High));
    }
    let tp = add_card(&mut map, "tp", "A", LaneKind::Touchpoints, CardDetails::default());
    let s = FeedbackSummary { cards: vec![CardEvidence { card: tp, count: 50, mean: -2.0 }], ..Default::default() };
    let found = findings(&map, &s);
    assert!(matches!(found[0].target, Target::Touchpoint(_)), "{found:?}");
    assert_eq!(bottlenecks(&found), [stage(&map, "A"), stage(&map, "B"), stage(&map, "C")]);
}

#[test]
fn ties_keep_the_board_order_a_stage_before_its_touchpoints() {
    let mut map = map_with(&["First", "Second", "Third"]);
    for (i, title) in ["Third", "First", "Second"].into_iter().enumerate() {
        add_card(&mut map, &format!("p{i}"), title, LaneKind::PainPoints, pain(Severity::High));
    }
    let t2 = add_card(&mut map, "t2", "First", LaneKind::Touchpoints, CardDetails::default());
    let t1 = add_card(&mut map, "t1", "First", LaneKind::Touchpoints, CardDetails::default());
    let cards = vec![CardEvidence { card: t1, count: 2, mean: -2.0 }, CardEvidence { card: t2, count: 1, mean: 0.0 }];
    let mut s = FeedbackSummary { cards, ..Default::default() };
    let found = findings(&map, &s);
    assert_eq!(
        titles(&map, &found),
        ["First", "Second", "Third", "card t2", "card t1"],
        "t2 was added first in its cell"
    );
    // The same ranking whatever order the server lists the evidence in.
    s.cards.reverse();
    assert_eq!(findings(&map, &s), found);
}

#[test]
fn a_map_without_feedback_is_ranked_by_its_pain_points_and_metrics() {
    let mut map = map_with(&["Calm", "Metric", "Painful", "Swamped"]);
    add_card(&mut map, "a", "Painful", LaneKind::PainPoints, pain(Severity::High));
    add_card(&mut map, "b", "Painful", LaneKind::PainPoints, pain(Severity::High));
    add_card(&mut map, "c", "Metric", LaneKind::PainPoints, CardDetails::default());
    let late = Metric {
        value: Some(30.0),
        unit: "min".into(),
        target: Some(10.0),
        higher_is_better: false,
        ..Default::default()
    };
    add_card(
        &mut map,
        "d",
        "Metric",
        LaneKind::Metrics,
        CardDetails { metric: Some(late.clone()), ..Default::default() },
    );
    let near = Metric { value: Some(10.5), ..late.clone() };
    add_card(&mut map, "e", "Metric", LaneKind::Metrics, CardDetails { metric: Some(near), ..Default::default() });
    // A severity or a metric on a card of another lane is not shown there, so it does not count.
    add_card(
        &mut map,
        "f",
        "Calm",
        LaneKind::Thoughts,
        CardDetails { severity: Some(Severity::High), metric: Some(late), ..Default::default() },
    );
    for i in 0..6 {
        add_card(&mut map, &format!("h{i}"), "Swamped", LaneKind::PainPoints, pain(Severity::High));
    }
    let found = findings(&map, &FeedbackSummary::default());
    assert_eq!(titles(&map, &found), ["Swamped", "Painful", "Metric", "Calm"]);
    assert!((found[0].badness - PAIN_CAP).abs() < 1e-9, "six high pain points add at most {PAIN_CAP}");
    assert!((found[1].badness - 0.8).abs() < 1e-9);
    assert!((found[2].badness - 0.4).abs() < 1e-9, "an unset severity counts as low, a near metric not at all");
    assert_eq!(
        found[2].signals[1..],
        [Signal::PainPoints { total: 1, high: 0 }, Signal::MetricsOffTarget { count: 1 }]
    );
    assert_eq!(found[3].signals, [Signal::NotEnoughData { count: 0 }]);
    assert!(found.iter().all(|f| !f.enough_data));
}

#[test]
fn touchpoints_with_feedback_are_ranked_by_their_shrunk_score() {
    let (mut map, mut s) = clinic();
    let front = add_card(&mut map, "front", "Arrival", LaneKind::Touchpoints, CardDetails::default());
    let sms = add_card(&mut map, "sms", "Booking", LaneKind::Touchpoints, CardDetails::default());
    s.cards = vec![
        CardEvidence { card: front.clone(), count: 20, mean: -1.0 },
        CardEvidence { card: front.clone(), count: 500, mean: 2.0 },
        CardEvidence { card: sms.clone(), count: 2, mean: -2.0 },
        CardEvidence { card: CardId::from("gone"), count: 50, mean: -2.0 },
    ];
    let found = findings(&map, &s);
    assert_eq!(found.len(), 7, "five stages and two cards; a deleted card has no finding");
    let card = |id: &CardId| found.iter().position(|f| f.target == Target::Touchpoint(id.clone()));
    let Some(i) = card(&front) else { panic!("{found:?}") };
    let map_mean = s.mean;
    let shrunk = (-20.0 + 10.0 * map_mean) / 30.0;
    assert!((found[i].badness - (map_mean - shrunk)).abs() < 1e-5, "the first evidence counts, not the repeat");
    assert!(found[i].enough_data);
    assert_eq!(i, 1, "below the procedure, above payment");
    let Some(j) = card(&sms) else { panic!("{found:?}") };
    assert_eq!(found[j].signals, [Signal::NotEnoughData { count: 2 }]);
}

#[test]
fn an_optimistic_curve_and_a_falling_trend_add_a_pessimistic_one_is_only_shown() {
    let mut map = map_with(&["Optimistic", "Pessimistic", "Plain"]);
    let (ana, bo, cy) = (PersonaId::from_str("ana"), PersonaId::from_str("bo"), PersonaId::from_str("cy"));
    map.personas = vec![ana.clone(), bo.clone()];
    let point = |persona: &PersonaId, stage, score| EmotionPoint {
        persona: persona.clone(),
        stage,
        score,
        note: String::new(),
    };
    map.emotions = vec![
        point(&ana, stage(&map, "Optimistic"), 2),
        point(&bo, stage(&map, "Optimistic"), 0),
        point(&cy, stage(&map, "Plain"), 2),
        point(&ana, stage(&map, "Pessimistic"), -2),
    ];
    let with_trend = |mut e: StageEvidence, recent: f64, previous: f64, previous_count: u32| {
        (e.recent_count, e.recent_mean, e.previous_count, e.previous_mean) =
            (10, Some(recent), previous_count, Some(previous));
        e
    };
    let s = summary(
        3.0,
        vec![
            with_trend(ev(stage(&map, "Optimistic"), 30, 3.0, 0), -0.5, 0.5, 10),
            with_trend(ev(stage(&map, "Pessimistic"), 30, 3.0, 0), 0.5, -0.5, 10),
            with_trend(ev(stage(&map, "Plain"), 30, 3.0, 0), -0.5, 0.5, MIN_ANSWERS - 1),
        ],
    );
    let found = findings(&map, &s);
    assert_eq!(titles(&map, &found), ["Optimistic", "Pessimistic", "Plain"]);
    assert!((found[0].badness - (0.3 * 2.0 + 0.5 * 1.0)).abs() < 1e-9, "{}", found[0].badness);
    assert_eq!(
        found[0].signals[1..],
        [
            Signal::Gap { persona: ana.clone(), assumed: 2.0, measured: 0.0 },
            Signal::Trend { recent: -0.5, previous: 0.5 }
        ],
        "Bo assumed what clients say: no gap"
    );
    assert_eq!(found[1].badness, 0.0);
    assert_eq!(
        found[1].signals[1..],
        [Signal::Gap { persona: ana, assumed: -2.0, measured: 0.0 }, Signal::Trend { recent: 0.5, previous: -0.5 }]
    );
    assert_eq!(found[2].signals.len(), 1, "an unlinked persona and a thin previous period say nothing");
}
