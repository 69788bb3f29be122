//! Card fields that point at other parts of the map (a metric's touchpoint, a step's
//! feelings by persona) through a draft and into every format that shows them.

use super::*;
use crate::domain::template::Template;
use crate::i18n::Locale;

/// A metric's readings and the touchpoint it measures survive a draft (duplicate, save as
/// template, native JSON): the tie is kept by position and points at the new card.
#[test]
fn a_metric_keeps_its_readings_and_its_touchpoint_through_a_draft() {
    let spec = Template::Clinic.spec().unwrap();
    let (mut map, _, personas) = crate::domain::templates::built(spec, 1, "Clínica Bela");
    let kind = |map: &Map, c: &Card| map.lanes[&c.lane].kind;
    let metric = map.cards.values().find(|c| kind(&map, c) == LaneKind::Metrics).unwrap().id.clone();
    let touch = map.cards.values().find(|c| kind(&map, c) == LaneKind::Touchpoints).unwrap().clone();
    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 10, d).unwrap();
    let m = map.cards.get_mut(&metric).unwrap().details.metric.as_mut().unwrap();
    m.record(day(1), 4.1);
    m.record(day(29), 4.4);
    m.touchpoint = Some(touch.id.clone());
    let draft = Draft::of(&map, &personas, &[]);
    let tied = draft.cards.iter().find(|c| c.measures.is_some()).unwrap();
    assert_eq!(draft.cards[tied.measures.unwrap()].text, touch.text);
    assert_eq!(tied.details.metric.as_ref().unwrap().touchpoint, None, "no card id of the old map in a draft");

    let back = import(native::write(&draft).as_bytes()).unwrap();
    assert_eq!(back, draft);
    let ids: Vec<PersonaId> = back.personas.iter().map(|p| p.id.clone()).collect();
    let (copy, _) = back.build(MapId::from("copy"), &ids).unwrap();
    let copied =
        copy.cards.values().find(|c| c.details.metric.as_ref().is_some_and(|m| m.touchpoint.is_some())).unwrap();
    let m = copied.details.metric.as_ref().unwrap();
    assert_eq!(m.history.len(), 2);
    assert_eq!(m.value, Some(4.4));
    let target = &copy.cards[m.touchpoint.as_ref().unwrap()];
    assert_eq!((target.text.as_str(), kind(&copy, target)), (touch.text.as_str(), LaneKind::Touchpoints));

    // The report says it in words, the picture draws the line.
    let t = Locale::PtBr.messages();
    let md = markdown::write(&draft, t);
    assert!(md.contains("Tendência: 2 medições de 1 de out. de 2026 a 29 de out. de 2026, melhorando"), "{md}");
    assert!(md.contains(&markdown::inline(&format!("Mede: {}", touch.text.trim()))), "{md}");
    assert!(md.contains("— 4,4 "), "decimal comma: {md}");
    let (svg, ..) = svg::write(&draft, t);
    assert!(svg.contains(r#"points="0.0,14.0 80.0,0.0""#), "the trend line");

    let mut broken = draft.clone();
    broken.cards[0].measures = Some(broken.cards.len());
    assert!(matches!(broken.check(), Err(ImportError::Field { problem: Problem::UnknownReference, .. })));
}

/// How a persona feels at a step survives a draft (by the persona's place, as the draft
/// has no ids), and the curve of the map built from it passes through the step.
#[test]
fn a_steps_feelings_survive_a_draft_and_shape_the_curve() {
    let spec = Template::Clinic.spec().unwrap();
    let (mut map, _, personas) = crate::domain::templates::built(spec, 0, "Clinic");
    let marina = map.personas[0].clone();
    let before = map.curve_points(&marina);
    assert!(before.iter().all(|c| c.across.is_none()), "stage points only");
    let step = map.cards.values().find(|c| map.lanes[&c.lane].kind == LaneKind::Steps).unwrap();
    let (step_id, stage) = (step.id.clone(), step.stage.clone());
    map.cards.get_mut(&step_id).unwrap().details.feelings.insert(marina.clone(), -2);
    map.cards.get_mut(&step_id).unwrap().details.feelings.insert(PersonaId::from_str("unlinked"), 1);
    let stage_at = map.ordered_stages().iter().position(|s| s.id == stage).unwrap();
    let after = map.curve_points(&marina);
    assert!(after.iter().any(|c| c.stage == stage_at && c.across.is_some() && c.score == -2), "{after:?}");
    assert_eq!(after.iter().filter(|c| c.stage == stage_at).count(), 1, "the step replaces its stage's point");

    let draft = Draft::of(&map, &personas, &[]);
    let card = draft.cards.iter().find(|c| !c.feelings.is_empty()).unwrap();
    assert_eq!(card.feelings, vec![(0, -2)], "only linked personas, by their place");
    assert!(card.details.feelings.is_empty());
    assert_eq!(draft.curve_points(0), after, "the picture draws the board's curve");
    let back = import(native::write(&draft).as_bytes()).unwrap();
    assert_eq!(back, draft);
    let ids: Vec<PersonaId> = back.personas.iter().map(|_| PersonaId::generate()).collect();
    let (copy, _) = back.build(MapId::from("copy"), &ids).unwrap();
    assert_eq!(copy.curve_points(&ids[0]), after);
    let md = markdown::write(&draft, Locale::En.messages());
    assert!(md.contains(&format!("{}: -2 Very unhappy", draft.personas[0].name)), "{md}");

    let mut broken = draft.clone();
    broken.cards[0].feelings = vec![(draft.personas.len(), 1)];
    assert!(matches!(broken.check(), Err(ImportError::Field { problem: Problem::UnknownReference, .. })));
}
