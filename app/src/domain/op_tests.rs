//! Tests of `Map::apply` / `Map::invert`: each op, and random sequences (proptest). The
//! random edits (`seed`, `realise`) and the `sample` map serve the replica's tests too.
//!
//! Long on purpose: a test file (one test per op, then the random sequences).

use super::*;
use proptest::prelude::*;

fn key(s: &str) -> OrderKey {
    OrderKey::parse(s).unwrap()
}

fn card(id: &str, stage: &StageId, lane: &LaneId, order: &str, text: &str) -> Card {
    Card {
        author: None,
        id: CardId::from(id),
        lane: lane.clone(),
        stage: stage.clone(),
        order: key(order),
        text: text.into(),
        colour: Colour::Yellow,
        tags: vec![],
        details: Default::default(),
    }
}

/// Two stages, two lanes, two cards in stage s1.
pub(crate) fn sample() -> Map {
    let mut m = Map::new(MapId::from("m"), "Clinic");
    for (id, order) in [("s1", "V"), ("s2", "k")] {
        m.apply(&Op::AddStage {
            stage: Stage {
                id: id.into(),
                title: id.to_uppercase(),
                description: String::new(),
                duration: String::new(),
                order: key(order),
            },
            cards: vec![],
            emotions: Vec::new(),
        })
        .unwrap();
    }
    for (id, order) in [("l1", "V"), ("l2", "k")] {
        m.apply(&Op::AddLane {
            lane: Lane { id: id.into(), kind: LaneKind::Steps, title: id.into(), order: key(order) },
            cards: vec![],
        })
        .unwrap();
    }
    let (s1, l1, l2) = (StageId::from("s1"), LaneId::from("l1"), LaneId::from("l2"));
    m.apply(&Op::AddCard { card: card("c1", &s1, &l1, "V", "Finds the clinic on Instagram") }).unwrap();
    m.apply(&Op::AddCard { card: card("c2", &s1, &l2, "V", "Calls to book") }).unwrap();
    m
}

fn roundtrip(m: &Map, op: Op) -> Map {
    let mut changed = m.clone();
    let inverse = changed.apply(&op).expect("op applies");
    assert_ne!(&changed, m, "{op:?} should change the map");
    let mut restored = changed.clone();
    restored.apply(&inverse).expect("inverse applies");
    assert_eq!(&restored, m, "undo of {op:?} restores the map");
    changed
}

#[test]
fn card_ops_roundtrip() {
    let m = sample();
    let (s2, l1) = (StageId::from("s2"), LaneId::from("l1"));
    roundtrip(&m, Op::AddCard { card: card("c3", &s2, &l1, "V", "Pays") });
    let edited = roundtrip(
        &m,
        Op::EditCard { id: "c1".into(), text: Some("Sees an ad".into()), colour: None, tags: None, details: None },
    );
    assert_eq!(edited.cards[&CardId::from("c1")].text, "Sees an ad");
    assert_eq!(edited.cards[&CardId::from("c1")].colour, Colour::Yellow, "untouched fields stay");
    roundtrip(
        &m,
        Op::EditCard {
            id: "c1".into(),
            text: None,
            colour: Some(Colour::Red),
            tags: Some(vec!["vip".into()]),
            details: None,
        },
    );
    let moved = roundtrip(&m, Op::MoveCard { id: "c1".into(), stage: s2.clone(), lane: l1.clone(), order: key("a") });
    assert_eq!(moved.cell_cards(&s2, &l1).len(), 1);
    let deleted = roundtrip(&m, Op::DeleteCard { id: "c2".into() });
    assert_eq!(deleted.cards.len(), 1);
}

#[test]
fn deleting_a_stage_takes_its_cards_and_undo_brings_them_back() {
    let m = sample();
    let gone = roundtrip(&m, Op::DeleteStage { id: "s1".into() });
    assert!(gone.cards.is_empty());
    assert_eq!(gone.stages.len(), 1);
    let inverse = m.invert(&Op::DeleteStage { id: "s1".into() }).unwrap();
    match inverse {
        Op::AddStage { cards, .. } => assert_eq!(cards.len(), 2, "the undo carries the two cards"),
        other => panic!("unexpected inverse {other:?}"),
    }
}

#[test]
fn lane_and_stage_ops_roundtrip() {
    let m = sample();
    roundtrip(&m, Op::DeleteLane { id: "l1".into() });
    roundtrip(&m, Op::EditLane { id: "l1".into(), title: "Actions".into() });
    roundtrip(&m, Op::MoveLane { id: "l1".into(), order: key("z") });
    roundtrip(&m, Op::SetLaneKind { id: "l1".into(), kind: LaneKind::PainPoints });
    roundtrip(&m, Op::MoveStage { id: "s2".into(), order: key("1") });
    roundtrip(
        &m,
        Op::EditStage {
            id: "s1".into(),
            title: Some("Awareness".into()),
            description: Some("First contact".into()),
            duration: Some("2 days".into()),
        },
    );
    roundtrip(&m, Op::EditMap { title: Some("Massage studio".into()), description: None });
}

#[test]
fn refusals_leave_the_map_unchanged() {
    let m = sample();
    let cases = [
        (
            Op::EditCard {
                id: "c1".into(),
                text: Some("x".repeat(model::MAX_CARD_TEXT + 1)),
                colour: None,
                tags: None,
                details: None,
            },
            OpError::TextTooLong { max: model::MAX_CARD_TEXT as u32 },
        ),
        (
            Op::EditCard { id: "c1".into(), text: Some("   ".into()), colour: None, tags: None, details: None },
            OpError::EmptyText,
        ),
        (
            Op::MoveCard { id: "nope".into(), stage: "s1".into(), lane: "l1".into(), order: key("V") },
            OpError::NotFound { what: Entity::Card },
        ),
        (
            Op::MoveCard { id: "c1".into(), stage: "gone".into(), lane: "l1".into(), order: key("V") },
            OpError::NotFound { what: Entity::Stage },
        ),
        (
            Op::AddCard { card: card("c1", &"s1".into(), &"l1".into(), "a", "dup") },
            OpError::AlreadyExists { what: Entity::Card },
        ),
        (Op::AddCard { card: card("bad id!", &"s1".into(), &"l1".into(), "a", "x") }, OpError::InvalidId),
        (Op::EditLane { id: "l1".into(), title: " ".into() }, OpError::EmptyTitle),
        (
            Op::AddStage {
                stage: Stage {
                    id: "s3".into(),
                    title: "S3".into(),
                    description: String::new(),
                    duration: String::new(),
                    order: key("z"),
                },
                cards: vec![card("c9", &"s1".into(), &"l1".into(), "a", "x")],
                emotions: Vec::new(),
            },
            OpError::CardOutsideParent,
        ),
    ];
    for (op, expected) in cases {
        let mut copy = m.clone();
        assert_eq!(copy.apply(&op), Err(expected), "{op:?}");
        assert_eq!(copy, m);
    }
}

#[test]
fn invalid_order_keys_are_refused_when_parsed() {
    let json = r#"{"type":"move_stage","id":"s1","order":"a0"}"#;
    assert!(serde_json::from_str::<Op>(json).is_err());
    let json = r#"{"type":"move_stage","id":"s1","order":"a1"}"#;
    assert!(serde_json::from_str::<Op>(json).is_ok());
}

#[test]
fn ops_serialise_as_tagged_json() {
    let op = Op::DeleteCard { id: "c1".into() };
    assert_eq!(serde_json::to_string(&op).unwrap(), r#"{"type":"delete_card","id":"c1"}"#);
}

/// A random edit, described by numbers that pick targets among whatever exists.
#[derive(Clone, Debug)]
pub(crate) enum Seed {
    AddCard(u8, u8, String),
    EditCard(u8, Option<String>, Option<u8>),
    MoveCard(u8, u8, u8, u8),
    DeleteCard(u8),
    AddStage(String),
    MoveStage(u8, u8),
    DeleteStage(u8),
    AddLane(String),
    DeleteLane(u8),
    RenameLane(u8, String),
    SetLaneKind(u8, u8),
    LinkPersona(u8),
    UnlinkPersona(u8),
    SetEmotion(u8, u8, Option<i8>),
}

pub(crate) fn seed() -> impl Strategy<Value = Seed> {
    let text = "[a-zA-Zа-я ]{0,12}";
    prop_oneof![
        4 => (any::<u8>(), any::<u8>(), text).prop_map(|(a, b, t)| Seed::AddCard(a, b, t)),
        2 => (any::<u8>(), proptest::option::of(text), proptest::option::of(0u8..9)).prop_map(|(a, t, c)| Seed::EditCard(a, t, c)),
        3 => (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(a, b, c, d)| Seed::MoveCard(a, b, c, d)),
        1 => any::<u8>().prop_map(Seed::DeleteCard),
        1 => text.prop_map(Seed::AddStage),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Seed::MoveStage(a, b)),
        1 => any::<u8>().prop_map(Seed::DeleteStage),
        1 => text.prop_map(Seed::AddLane),
        1 => any::<u8>().prop_map(Seed::DeleteLane),
        1 => (any::<u8>(), text).prop_map(|(a, t)| Seed::RenameLane(a, t)),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(a, k)| Seed::SetLaneKind(a, k)),
        1 => (0u8..4).prop_map(Seed::LinkPersona),
        1 => any::<u8>().prop_map(Seed::UnlinkPersona),
        // Scores from -3 to 3: out-of-range ones must be refused.
        3 => (any::<u8>(), any::<u8>(), proptest::option::of(-3i8..=3)).prop_map(|(a, b, c)| Seed::SetEmotion(a, b, c)),
    ]
}

fn pick<T: Clone>(items: &[T], i: u8) -> Option<T> {
    (!items.is_empty()).then(|| items[usize::from(i) % items.len()].clone())
}

/// Turns a seed into an op on `m` (possibly an invalid one: refusals are part of the test).
pub(crate) fn realise(m: &Map, s: &Seed, n: usize) -> Option<Op> {
    let stages: Vec<StageId> = m.ordered_stages().iter().map(|s| s.id.clone()).collect();
    let lanes: Vec<LaneId> = m.ordered_lanes().iter().map(|l| l.id.clone()).collect();
    let cards: Vec<CardId> = m.cards.keys().cloned().collect();
    Some(match s {
        Seed::AddCard(a, b, t) => {
            let (stage, lane) = (pick(&stages, *a)?, pick(&lanes, *b)?);
            let order = m.card_key_at(&stage, &lane, usize::from(*a), None);
            Op::AddCard {
                card: Card {
                    author: None,
                    id: CardId(format!("c{n}")),
                    lane,
                    stage,
                    order,
                    text: t.clone(),
                    colour: Colour::Blue,
                    tags: vec![],
                    details: Default::default(),
                },
            }
        }
        Seed::EditCard(a, t, c) => Op::EditCard {
            id: pick(&cards, *a)?,
            text: t.clone(),
            colour: c.map(|c| Colour::ALL[usize::from(c)]),
            tags: None,
            // Impact 0 is out of range: refusals are exercised too.
            details: c.map(|c| CardDetails {
                severity: Some(Severity::ALL[usize::from(c) % 3]),
                impact: Some(c % 4),
                ..Default::default()
            }),
        },
        Seed::MoveCard(a, b, c, d) => {
            let (id, stage, lane) = (pick(&cards, *a)?, pick(&stages, *b)?, pick(&lanes, *c)?);
            let order = m.card_key_at(&stage, &lane, usize::from(*d), Some(&id));
            Op::MoveCard { id, stage, lane, order }
        }
        Seed::DeleteCard(a) => Op::DeleteCard { id: pick(&cards, *a)? },
        Seed::AddStage(t) => Op::AddStage {
            stage: Stage {
                id: StageId(format!("s{n}")),
                title: t.clone(),
                description: String::new(),
                duration: String::new(),
                order: m.stage_key_at(stages.len(), None),
            },
            cards: vec![],
            emotions: Vec::new(),
        },
        Seed::MoveStage(a, b) => {
            let id = pick(&stages, *a)?;
            Op::MoveStage { order: m.stage_key_at(usize::from(*b), Some(&id)), id }
        }
        Seed::DeleteStage(a) => Op::DeleteStage { id: pick(&stages, *a)? },
        Seed::AddLane(t) => Op::AddLane {
            lane: Lane {
                id: LaneId(format!("l{n}")),
                kind: LaneKind::Thoughts,
                title: t.clone(),
                order: m.lane_key_at(0, None),
            },
            cards: vec![],
        },
        Seed::DeleteLane(a) => Op::DeleteLane { id: pick(&lanes, *a)? },
        Seed::LinkPersona(p) => Op::LinkPersona {
            persona: PersonaId(format!("p{p}")),
            at: (usize::from(*p) % (m.personas.len() + 1)) as u32,
            emotions: vec![],
        },
        Seed::UnlinkPersona(a) => Op::UnlinkPersona { persona: pick(&m.personas, *a)? },
        Seed::SetEmotion(a, b, score) => Op::SetEmotion {
            persona: pick(&m.personas, *a)?,
            stage: pick(&stages, *b)?,
            score: *score,
            note: if score.is_some() { "calm".into() } else { String::new() },
        },
        Seed::RenameLane(a, t) => Op::EditLane { id: pick(&lanes, *a)?, title: t.clone() },
        Seed::SetLaneKind(a, k) => Op::SetLaneKind { id: pick(&lanes, *a)?, kind: pick(&LaneKind::ALL, *k)? },
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// For random op sequences, undoing every applied op in reverse restores the map exactly,
    /// and a second copy fed the same ops ends identical.
    #[test]
    fn undo_all_restores_and_replicas_agree(seeds in proptest::collection::vec(seed(), 1..60)) {
        let start = sample();
        let mut map = start.clone();
        let mut replica = start.clone();
        let mut inverses = Vec::new();
        for (n, s) in seeds.iter().enumerate() {
            let Some(op) = realise(&map, s, n) else { continue };
            let before = map.clone();
            let result = map.apply(&op);
            prop_assert_eq!(replica.apply(&op).is_ok(), result.is_ok());
            match result {
                Ok(inverse) => inverses.push(inverse),
                Err(_) => prop_assert_eq!(&map, &before, "a refused op changes nothing"),
            }
            // Orders stay consistent: every card sits in an existing stage and lane.
            for c in map.cards.values() {
                prop_assert!(map.stages.contains_key(&c.stage) && map.lanes.contains_key(&c.lane));
            }
        }
        prop_assert_eq!(&map, &replica);
        for inverse in inverses.iter().rev() {
            prop_assert!(map.apply(inverse).is_ok(), "undo applies: {:?}", inverse);
        }
        prop_assert_eq!(map, start);
    }
}

#[test]
fn personas_and_emotions_roundtrip() {
    let mut m = sample();
    let ana = PersonaId::from_str("ana");
    m.apply(&Op::LinkPersona { persona: ana.clone(), at: 0, emotions: vec![] }).unwrap();
    let set =
        Op::SetEmotion { persona: ana.clone(), stage: "s1".into(), score: Some(-2), note: "waited 40 min".into() };
    let after = roundtrip(&m, set.clone());
    assert_eq!(after.curve(&ana), vec![(0, -2)]);
    m.apply(&set).unwrap();
    // Unlinking forgets the emotions; undo brings them back in place.
    let gone = roundtrip(&m, Op::UnlinkPersona { persona: ana.clone() });
    assert!(gone.emotions.is_empty() && gone.personas.is_empty());
    // Deleting a stage takes its emotions; undo restores them.
    let no_stage = roundtrip(&m, Op::DeleteStage { id: "s1".into() });
    assert!(no_stage.emotions.is_empty());
    // Out of range, unknown persona, duplicate link.
    let bad = Op::SetEmotion { persona: ana.clone(), stage: "s1".into(), score: Some(3), note: String::new() };
    assert_eq!(m.clone().apply(&bad), Err(OpError::BadField { field: "score".into() }));
    let stranger =
        Op::SetEmotion { persona: PersonaId::from_str("bob"), stage: "s1".into(), score: Some(1), note: String::new() };
    assert_eq!(m.clone().apply(&stranger), Err(OpError::NotFound { what: Entity::Persona }));
    let twice = Op::LinkPersona { persona: ana, at: 0, emotions: vec![] };
    assert_eq!(m.clone().apply(&twice), Err(OpError::AlreadyExists { what: Entity::Persona }));
}

#[test]
fn a_stage_or_lane_carrying_cards_counts_against_the_card_limit() {
    let mut m = sample();
    let (s1, l1) = (StageId::from("s1"), LaneId::from("l1"));
    // Fill the map to its limit with cards one by one.
    let mut n = m.cards.len();
    let mut order = OrderKey::between(None, None).unwrap();
    while n < model::MAX_CARDS {
        order = OrderKey::between(Some(&order), None).unwrap_or_else(|| key("V"));
        let mut c = card(&format!("f{n}"), &s1, &l1, "V", "filler");
        c.order = order.clone();
        m.cards.insert(c.id.clone(), c);
        n += 1;
    }
    let stage = Stage {
        id: "s9".into(),
        title: "S9".into(),
        description: String::new(),
        duration: String::new(),
        order: key("x"),
    };
    let carried = vec![card("extra", &StageId::from("s9"), &l1, "V", "one too many")];
    assert_eq!(
        m.apply(&Op::AddStage { stage: stage.clone(), cards: carried, emotions: vec![] }),
        Err(OpError::TooMany { what: Entity::Card, max: model::MAX_CARDS as u32 })
    );
    let lane = Lane { id: "l9".into(), kind: LaneKind::Steps, title: "L9".into(), order: key("x") };
    let carried = vec![card("extra", &s1, &LaneId::from("l9"), "V", "one too many")];
    assert_eq!(
        m.apply(&Op::AddLane { lane: lane.clone(), cards: carried }),
        Err(OpError::TooMany { what: Entity::Card, max: model::MAX_CARDS as u32 })
    );
    // Empty ones are still fine.
    assert!(m.apply(&Op::AddLane { lane, cards: vec![] }).is_ok());
}

#[test]
fn carried_cards_and_emotions_appear_once() {
    let m = sample();
    let l1 = LaneId::from("l1");
    let s9 = StageId::from("s9");
    let stage = Stage {
        id: s9.clone(),
        title: "S9".into(),
        description: String::new(),
        duration: String::new(),
        order: key("x"),
    };
    let twice = vec![card("d", &s9, &l1, "V", "a"), card("d", &s9, &l1, "k", "b")];
    assert_eq!(
        m.clone().apply(&Op::AddStage { stage, cards: twice, emotions: vec![] }),
        Err(OpError::AlreadyExists { what: Entity::Card })
    );
}

#[test]
fn changing_a_lanes_kind_keeps_its_cards_fields_for_when_it_changes_back() {
    let mut m = sample();
    let (l1, c1) = (LaneId::from("l1"), CardId::from("c1"));
    m.apply(&Op::SetLaneKind { id: l1.clone(), kind: LaneKind::PainPoints }).unwrap();
    let details = CardDetails { severity: Some(super::details::Severity::High), ..CardDetails::default() };
    m.apply(&Op::EditCard { id: c1.clone(), text: None, colour: None, details: Some(details.clone()), tags: None })
        .unwrap();
    // A pain point lane turned into steps and back: the severity was hidden, never lost.
    let undo = m.apply(&Op::SetLaneKind { id: l1.clone(), kind: LaneKind::Steps }).unwrap();
    assert_eq!(undo, Op::SetLaneKind { id: l1.clone(), kind: LaneKind::PainPoints });
    assert_eq!(m.lanes[&l1].kind, LaneKind::Steps);
    assert_eq!(m.cards[&c1].details, details);
    m.apply(&undo).unwrap();
    assert_eq!(m.lanes[&l1].kind, LaneKind::PainPoints);
    assert_eq!(m.cards[&c1].details, details);
    assert!(matches!(
        m.apply(&Op::SetLaneKind { id: "nope".into(), kind: LaneKind::Ideas }),
        Err(OpError::NotFound { what: Entity::Lane })
    ));
}
