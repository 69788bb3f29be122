//! The parts of the shown map the always-visible board reads, each with its own trigger:
//! its structure (stages and lanes), where each card sits, the map's own fields, the
//! emotion points, and the facts its aggregates read (bottlenecks, curves). An op notifies
//! only the parts it changed, so a card's text edit, the commonest op, wakes that card and
//! none of the ~1,000 views and memos that read the map as a whole; before, each of them
//! was woken to find nothing changed. Views shown on demand (search, panels, other
//! views) still track the whole map. (Part of `Sync`, apart for length.)

use super::Sync;
use crate::domain::{Card, Map, Touched};
use leptos::prelude::*;

/// A part of the shown map (see the module's documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Stages and lanes: their order, titles, kinds, descriptions and durations.
    Structure,
    /// Which cards each cell holds, in order (cards added, deleted or moved), and the
    /// structure.
    Layout,
    /// The map's title, description and linked personas.
    Meta,
    /// The personas' emotion points, and the linked personas.
    Emotions,
    /// Everything but a card's text, colour, tags and author: what the bottlenecks and
    /// the emotion curves are computed from.
    Facts,
}

impl Part {
    pub const ALL: [Part; 5] = [Part::Structure, Part::Layout, Part::Meta, Part::Emotions, Part::Facts];
}

/// Which parts one or more ops changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changed {
    pub structure: bool,
    pub layout: bool,
    pub meta: bool,
    pub emotions: bool,
    pub facts: bool,
}

impl Changed {
    pub const ALL: Changed = Changed { structure: true, layout: true, meta: true, emotions: true, facts: true };

    /// What an op changed: `touched` is `Map::touched` of the op before it applied,
    /// `before` the touched cards as they were then (in `touched.cards`' order), `after`
    /// the map it left.
    pub fn by(touched: &Touched, before: &[Option<Card>], after: &Map) -> Changed {
        let structure = !touched.stages.is_empty() || !touched.lanes.is_empty();
        let meta = touched.map;
        let emotions = meta || !touched.emotions.is_empty();
        let (mut layout, mut details) = (structure, false);
        for (id, old) in touched.cards.iter().zip(before) {
            let new = after.cards.get(id);
            let place = |c: &Card| (c.stage.clone(), c.lane.clone(), c.order.clone());
            layout |= old.as_ref().map(place) != new.map(place);
            details |= old.as_ref().map(|c| &c.details) != new.map(|c| &c.details);
        }
        Changed { structure, layout, meta, emotions, facts: layout || emotions || details }
    }

    pub fn merge(self, o: Changed) -> Changed {
        Changed {
            structure: self.structure || o.structure,
            layout: self.layout || o.layout,
            meta: self.meta || o.meta,
            emotions: self.emotions || o.emotions,
            facts: self.facts || o.facts,
        }
    }

    /// Whether `part` changed.
    pub fn has(self, part: Part) -> bool {
        match part {
            Part::Structure => self.structure,
            Part::Layout => self.layout,
            Part::Meta => self.meta,
            Part::Emotions => self.emotions,
            Part::Facts => self.facts,
        }
    }
}

/// One trigger per [`Part`], in the order of [`Part::ALL`].
#[derive(Clone, Copy)]
pub(super) struct Parts([Trigger; 5]);

impl Parts {
    pub fn new() -> Self {
        Parts(std::array::from_fn(|_| Trigger::new()))
    }

    pub fn notify(&self, c: Changed) {
        for (trigger, part) in self.0.iter().zip(Part::ALL) {
            if c.has(part) {
                trigger.notify();
            }
        }
    }

    fn track(&self, part: Part) {
        self.0[part as usize].track();
    }
}

impl Sync {
    /// Reads the shown map for something that depends on `parts` only: it runs again when an
    /// op changes one of them, not at every op. What reads anything else (a card's text)
    /// tracks [`Sync::map`] or the card's own signal ([`Sync::card`]).
    pub fn read<T>(&self, parts: &[Part], f: impl FnOnce(&Map) -> T) -> T {
        for part in parts {
            self.parts.track(*part);
        }
        self.map.with_untracked(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::op_tests::{realise, sample, seed};
    use crate::domain::{CardId, Op};
    use proptest::prelude::*;

    /// What each part's readers can see of a map.
    fn seen(m: &Map, part: Part) -> String {
        match part {
            Part::Structure => format!("{:?}", (&m.stages, &m.lanes)),
            Part::Layout => {
                let mut cells = crate::ui::board::cell_index(m).into_iter().collect::<Vec<_>>();
                cells.sort();
                format!("{:?}", (cells, &m.stages, &m.lanes))
            }
            Part::Meta => format!("{:?}", (&m.title, &m.description, &m.personas)),
            Part::Emotions => format!("{:?}", (&m.emotions, &m.personas)),
            Part::Facts => {
                let cards: Vec<_> =
                    m.cards.values().map(|c| (&c.id, &c.stage, &c.lane, &c.order, &c.details)).collect();
                format!("{:?}", (cards, &m.stages, &m.lanes, &m.emotions, &m.personas))
            }
        }
    }

    fn changed_by(m: &mut Map, op: &Op) -> Option<Changed> {
        changed_and_undo(m, op).map(|(changed, _)| changed)
    }

    /// What `op` changed, and the op that undoes it.
    fn changed_and_undo(m: &mut Map, op: &Op) -> Option<(Changed, Op)> {
        let touched = m.touched(op);
        let before: Vec<Option<Card>> = touched.cards.iter().map(|id| m.cards.get(id).cloned()).collect();
        let undo = m.apply(op).ok()?;
        Some((Changed::by(&touched, &before, m), undo))
    }

    /// Fails naming the part `op` left un-notified although its readers see a change.
    fn check(map: &mut Map, op: &Op) -> Result<Option<Op>, TestCaseError> {
        let before = map.clone();
        let Some((changed, undo)) = changed_and_undo(map, op) else { return Ok(None) };
        for part in Part::ALL {
            if !changed.has(part) {
                prop_assert_eq!(seen(&before, part), seen(map, part), "{:?} changed by {:?}", part, op);
            }
        }
        Ok(Some(undo))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// A part an op says it left alone looks the same to its readers after the op, and
        /// after the op that undoes it (which brings the ops the seeds do not make: a stage
        /// or lane with its cards, a persona with its emotion points, cards' old details).
        #[test]
        fn a_part_not_notified_is_unchanged(seeds in proptest::collection::vec(seed(), 1..40)) {
            let mut map = sample();
            for (n, s) in seeds.iter().enumerate() {
                let Some(op) = realise(&map, s, n) else { continue };
                let Some(undo) = check(&mut map, &op)? else { continue };
                let mut undone = map.clone();
                check(&mut undone, &undo)?;
            }
        }
    }

    /// Ops the random seeds do not make: each notifies what it changes, and its undo too.
    #[test]
    fn ops_the_seeds_do_not_make_notify_their_parts() {
        use crate::domain::{CardDetails, PersonaId, Severity, StageId};
        let mut map = sample();
        let p = PersonaId("p1".into());
        let link = Op::LinkPersona { persona: p.clone(), at: 0, emotions: vec![] };
        let feel =
            Op::SetEmotion { persona: p.clone(), stage: StageId::from("s1"), score: Some(2), note: "calm".into() };
        let c1 = CardId::from("c1");
        let details = CardDetails { severity: Some(Severity::High), ..Default::default() };
        let cases = [
            (Op::EditMap { title: Some("Massage studio".into()), description: Some("Walk-ins".into()) }, Part::Meta),
            (link, Part::Meta),
            (feel, Part::Emotions),
            (
                Op::EditStage {
                    id: StageId::from("s2"),
                    title: None,
                    description: None,
                    duration: Some("2 days".into()),
                },
                Part::Structure,
            ),
            (
                Op::EditCard { id: c1.clone(), text: None, colour: None, tags: None, details: Some(details) },
                Part::Facts,
            ),
            (
                Op::Rehome { personas: vec![(p, PersonaId("p9".into()))], channels: vec![], segments: vec![] },
                Part::Meta,
            ),
            (Op::DeleteStage { id: StageId::from("s1") }, Part::Structure),
        ];
        for (op, part) in cases {
            let before = map.clone();
            let undo =
                check(&mut map, &op).expect("readers see no change an op did not notify").expect("the op applies");
            let changed = changed_by(&mut before.clone(), &op).expect("the op applies");
            assert!(changed.has(part), "{op:?} notifies {part:?}");
            check(&mut map.clone(), &undo).expect("its undo notifies what it changes");
        }
    }

    #[test]
    fn a_cards_text_colour_or_tags_change_no_part() {
        let mut map = sample();
        let id: CardId = map.cards.keys().next().cloned().expect("the sample has cards");
        let op = Op::EditCard {
            id,
            text: Some("Paid at the desk".into()),
            colour: Some(crate::domain::Colour::Pink),
            tags: Some(vec!["desk".into()]),
            details: None,
        };
        assert_eq!(changed_by(&mut map, &op), Some(Changed::default()));
    }

    #[test]
    fn a_move_changes_the_layout_and_the_facts_only() {
        let mut map = sample();
        let card = map.cards.values().next().cloned().expect("the sample has cards");
        let stage = map.stages.keys().find(|s| **s != card.stage).cloned().expect("two stages");
        let order = map.card_key_at(&stage, &card.lane, 0, Some(&card.id));
        let op = Op::MoveCard { id: card.id, stage, lane: card.lane, order };
        let changed = changed_by(&mut map, &op).expect("the move applies");
        assert_eq!(changed, Changed { layout: true, facts: true, ..Changed::default() });
    }

    /// The parts of the board that are always on screen read the map through parts, never
    /// the whole of it (which every op notifies).
    #[test]
    fn the_always_shown_board_does_not_track_the_whole_map() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui/board");
        let shown = [
            "mod.rs",
            "grid.rs",
            "cell.rs",
            "emotions.rs",
            "selection.rs",
            "sync_cards.rs",
            "headers/mod.rs",
            "headers/stage.rs",
            "headers/lane.rs",
            "headers/map_title.rs",
            "card/mod.rs",
            "card/events.rs",
            "card/keys.rs",
            "card/pointer.rs",
            "details.rs",
        ];
        let mut found = Vec::new();
        for file in shown {
            let text = std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
            for (n, line) in text.lines().enumerate() {
                // Spelled in two parts so this test does not find itself.
                let needles = [
                    concat!("map.", "with("),
                    concat!("map.", "get()"),
                    concat!("map.", "read()"),
                    concat!("map.", "track()"),
                    // An alias of the map signal would hide the reads above.
                    concat!("= sync.", "map;"),
                    concat!("= ctx.sync.", "map;"),
                ];
                if needles.iter().any(|x| line.contains(x)) {
                    found.push(format!("{file}:{}: {}", n + 1, line.trim()));
                }
            }
        }
        assert!(found.is_empty(), "use Sync::read with the parts it needs:\n{}", found.join("\n"));
    }
}
