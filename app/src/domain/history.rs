//! A map's memory: the op log read as history (consecutive ops of one person within one
//! minute make one readable entry, "Ana moved 3 cards to The procedure · 14:02"), the map
//! as it was (the log replayed), named versions, and restoring the past as new ops
//! ([`restore_ops`]: applied to the present they give the past, so a restore is an
//! ordinary, live, undoable edit). Pure; the store keeps the log and the versions.
//!
//! Long on purpose: the tests of grouping and of restore-as-ops sit beside the code.

use super::{Card, CardId, Map, MapId, Op, OpError, StageId};
use chrono::{DateTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

/// Longest version name, in characters.
pub const MAX_VERSION_NAME: usize = 120;
/// Most named versions a map keeps (the oldest beyond are dropped, safety copies first).
pub const MAX_VERSIONS: usize = 100;
/// Ops one page of history reads (entries are built from them on the server).
pub const HISTORY_PAGE: u32 = 400;

/// One op of the log with when it was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimedOp {
    pub rev: u64,
    pub author: String,
    pub at: DateTime<Utc>,
    pub op: Op,
}

/// What kind of change an entry counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    CardsAdded,
    CardsEdited,
    CardsMoved,
    CardsDeleted,
    StagesAdded,
    StagesEdited,
    StagesMoved,
    StagesDeleted,
    LanesAdded,
    LanesEdited,
    LanesMoved,
    LanesDeleted,
    MapEdited,
    /// The map moved here from another workspace.
    MapMoved,
    PersonasLinked,
    PersonasUnlinked,
    EmotionsSet,
}

/// How many changes of one kind, and the stage they all concern when there is one (the
/// stage cards were added to or moved to).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub count: u32,
    pub stage: Option<StageId>,
}

/// One readable entry of the history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub author: String,
    /// The revisions it spans: the map after it is the map at `to_rev`.
    pub from_rev: u64,
    pub to_rev: u64,
    pub at: DateTime<Utc>,
    pub changes: Vec<Change>,
    /// Every stage it touched (for the filter by stage).
    pub stages: Vec<StageId>,
}

/// A page of history, newest entry first; `older` is where the next page starts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub entries: Vec<HistoryEntry>,
    pub older: Option<u64>,
}

fn kind_and_stage(op: &Op) -> (ChangeKind, Option<StageId>) {
    use ChangeKind as K;
    match op {
        Op::AddCard { card } => (K::CardsAdded, Some(card.stage.clone())),
        Op::EditCard { .. } => (K::CardsEdited, None),
        Op::MoveCard { stage, .. } => (K::CardsMoved, Some(stage.clone())),
        Op::DeleteCard { .. } => (K::CardsDeleted, None),
        Op::AddStage { stage, .. } => (K::StagesAdded, Some(stage.id.clone())),
        Op::EditStage { id, .. } => (K::StagesEdited, Some(id.clone())),
        Op::MoveStage { id, .. } => (K::StagesMoved, Some(id.clone())),
        Op::DeleteStage { .. } => (K::StagesDeleted, None),
        Op::AddLane { .. } => (K::LanesAdded, None),
        Op::EditLane { .. } | Op::SetLaneKind { .. } => (K::LanesEdited, None),
        Op::MoveLane { .. } => (K::LanesMoved, None),
        Op::DeleteLane { .. } => (K::LanesDeleted, None),
        Op::EditMap { .. } => (K::MapEdited, None),
        Op::LinkPersona { .. } => (K::PersonasLinked, None),
        Op::UnlinkPersona { .. } => (K::PersonasUnlinked, None),
        Op::SetEmotion { stage, .. } => (K::EmotionsSet, Some(stage.clone())),
        Op::Rehome { .. } => (K::MapMoved, None),
    }
}

fn minute(at: DateTime<Utc>) -> DateTime<Utc> {
    at.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(at)
}

/// Groups ops (in any order) into entries, newest first: consecutive ops of one author in
/// one minute are one entry; within it, changes of one kind are counted together, and keep
/// their stage only when every one of them concerns the same stage.
pub fn group(ops: &[TimedOp]) -> Vec<HistoryEntry> {
    group_in(ops, None)
}

/// [`group`], with the stages of card edits and deletes found for the filter by stage:
/// where the page's own ops last put the card (an add or a move), or else where it is in
/// `present`. (A card moved between the edit and now, by an op on another page, is
/// filed under the stage it is in now.)
pub fn group_in(ops: &[TimedOp], present: Option<&Map>) -> Vec<HistoryEntry> {
    let mut sorted: Vec<&TimedOp> = ops.iter().collect();
    sorted.sort_by_key(|o| o.rev);
    let mut placed: std::collections::HashMap<&CardId, &StageId> = std::collections::HashMap::new();
    let mut out: Vec<HistoryEntry> = Vec::new();
    for o in sorted {
        let (kind, stage) = kind_and_stage(&o.op);
        let card_stage = match &o.op {
            Op::AddCard { card } => {
                placed.insert(&card.id, &card.stage);
                None
            }
            Op::MoveCard { id, stage, .. } => {
                placed.insert(id, stage);
                None
            }
            Op::EditCard { id, .. } | Op::DeleteCard { id } => {
                placed.get(id).copied().or_else(|| present.and_then(|m| m.cards.get(id)).map(|c| &c.stage)).cloned()
            }
            Op::DeleteStage { id } => Some(id.clone()),
            _ => None,
        };
        let joins = out.last().is_some_and(|e| e.author == o.author && minute(e.at) == minute(o.at));
        if !joins {
            out.push(HistoryEntry {
                author: o.author.clone(),
                from_rev: o.rev,
                to_rev: o.rev,
                at: o.at,
                changes: Vec::new(),
                stages: Vec::new(),
            });
        }
        let Some(e) = out.last_mut() else { continue };
        e.to_rev = o.rev;
        for s in stage.iter().chain(&card_stage) {
            if !e.stages.contains(s) {
                e.stages.push(s.clone());
            }
        }
        match e.changes.iter_mut().find(|c| c.kind == kind) {
            Some(c) => {
                c.count += 1;
                if c.stage != stage {
                    c.stage = None;
                }
            }
            None => e.changes.push(Change { kind, count: 1, stage }),
        }
    }
    out.reverse();
    out
}

/// The map after `ops` (in log order) applied to `base`, at the last op's revision.
pub fn replay(mut base: Map, ops: &[TimedOp]) -> Result<Map, OpError> {
    for o in ops {
        base.apply(&o.op)?;
        base.rev = o.rev;
    }
    Ok(base)
}

/// The ops that turn `present` into `past` (the map as it was), in an order each applies
/// in: the map's title, stages and lanes (removed, added, changed), then cards, personas
/// and emotions. Applied to `present` they give `past` (its revision aside).
pub fn restore_ops(present: &Map, past: &Map) -> Result<Vec<Op>, OpError> {
    let mut now = present.clone();
    let mut ops = Vec::new();
    let mut push = |now: &mut Map, op: Op| -> Result<(), OpError> {
        now.apply(&op)?;
        ops.push(op);
        Ok(())
    };
    let title = (now.title != past.title).then(|| past.title.clone());
    let description = (now.description != past.description).then(|| past.description.clone());
    if title.is_some() || description.is_some() {
        push(&mut now, Op::EditMap { title, description })?;
    }
    // Stages.
    let gone: Vec<StageId> = now.stages.keys().filter(|id| !past.stages.contains_key(*id)).cloned().collect();
    for id in gone {
        push(&mut now, Op::DeleteStage { id })?;
    }
    for (id, s) in &past.stages {
        match now.stages.get(id).cloned() {
            None => push(&mut now, Op::AddStage { stage: s.clone(), cards: Vec::new(), emotions: Vec::new() })?,
            Some(n) => {
                let title = (n.title != s.title).then(|| s.title.clone());
                let description = (n.description != s.description).then(|| s.description.clone());
                let duration = (n.duration != s.duration).then(|| s.duration.clone());
                if title.is_some() || description.is_some() || duration.is_some() {
                    push(&mut now, Op::EditStage { id: id.clone(), title, description, duration })?;
                }
                if n.order != s.order {
                    push(&mut now, Op::MoveStage { id: id.clone(), order: s.order.clone() })?;
                }
            }
        }
    }
    // Lanes.
    let gone: Vec<_> = now.lanes.keys().filter(|id| !past.lanes.contains_key(*id)).cloned().collect();
    for id in gone {
        push(&mut now, Op::DeleteLane { id })?;
    }
    for (id, l) in &past.lanes {
        match now.lanes.get(id).cloned() {
            None => push(&mut now, Op::AddLane { lane: l.clone(), cards: Vec::new() })?,
            Some(n) => {
                if n.title != l.title {
                    push(&mut now, Op::EditLane { id: id.clone(), title: l.title.clone() })?;
                }
                if n.kind != l.kind {
                    push(&mut now, Op::SetLaneKind { id: id.clone(), kind: l.kind })?;
                }
                if n.order != l.order {
                    push(&mut now, Op::MoveLane { id: id.clone(), order: l.order.clone() })?;
                }
            }
        }
    }
    // Cards.
    let gone: Vec<CardId> = now.cards.keys().filter(|id| !past.cards.contains_key(*id)).cloned().collect();
    for id in gone {
        push(&mut now, Op::DeleteCard { id })?;
    }
    for (id, c) in &past.cards {
        match now.cards.get(id).cloned() {
            None => push(&mut now, Op::AddCard { card: c.clone() })?,
            Some(n) => card_ops(&n, c, &mut |op| push(&mut now, op))?,
        }
    }
    // Personas: those not linked then, unlinked; the rest linked again in the past order
    // when the order differs (their emotions follow below).
    let gone: Vec<_> = now.personas.iter().filter(|p| !past.personas.contains(p)).cloned().collect();
    for persona in gone {
        push(&mut now, Op::UnlinkPersona { persona })?;
    }
    if now.personas != past.personas {
        for persona in now.personas.clone() {
            push(&mut now, Op::UnlinkPersona { persona })?;
        }
        for (at, persona) in past.personas.iter().enumerate() {
            push(&mut now, Op::LinkPersona { persona: persona.clone(), at: at as u32, emotions: Vec::new() })?;
        }
    }
    // Emotions.
    let stale: Vec<_> = now
        .emotions
        .iter()
        .filter(|e| !past.emotions.iter().any(|p| p.persona == e.persona && p.stage == e.stage))
        .map(|e| (e.persona.clone(), e.stage.clone()))
        .collect();
    for (persona, stage) in stale {
        push(&mut now, Op::SetEmotion { persona, stage, score: None, note: String::new() })?;
    }
    for p in &past.emotions {
        if !now.emotions.contains(p) {
            push(
                &mut now,
                Op::SetEmotion {
                    persona: p.persona.clone(),
                    stage: p.stage.clone(),
                    score: Some(p.score),
                    note: p.note.clone(),
                },
            )?;
        }
    }
    Ok(ops)
}

/// The ops that make card `now` what it was (`then`): its fields, then its place.
fn card_ops(now: &Card, then: &Card, push: &mut dyn FnMut(Op) -> Result<(), OpError>) -> Result<(), OpError> {
    let text = (now.text != then.text).then(|| then.text.clone());
    let colour = (now.colour != then.colour).then_some(then.colour);
    let tags = (now.tags != then.tags).then(|| then.tags.clone());
    let details = (now.details != then.details).then(|| then.details.clone());
    if text.is_some() || colour.is_some() || tags.is_some() || details.is_some() {
        push(Op::EditCard { id: then.id.clone(), text, colour, tags, details })?;
    }
    if (&now.stage, &now.lane, &now.order) != (&then.stage, &then.lane, &then.order) {
        push(Op::MoveCard {
            id: then.id.clone(),
            stage: then.stage.clone(),
            lane: then.lane.clone(),
            order: then.order.clone(),
        })?;
    }
    Ok(())
}

/// The ops that take back one past change (the `entry` ops, applied to `before`, the map
/// just before them) while keeping everything after it: their inverses, newest first.
/// Refused when a later op (`later`, up to the present) touches a card, stage, lane,
/// emotion or the map's title that the change touched, or when the inverses do not apply
/// to `present`.
pub fn revert_ops(before: &Map, entry: &[TimedOp], later: &[TimedOp], present: &Map) -> Result<Vec<Op>, HistoryError> {
    use std::collections::HashSet;
    let mut m = before.clone();
    let mut inverses = Vec::with_capacity(entry.len());
    let (mut cards, mut stages, mut lanes, mut emotions, mut map) =
        (HashSet::new(), HashSet::new(), HashSet::new(), HashSet::new(), false);
    for o in entry {
        let t = m.touched(&o.op);
        cards.extend(t.cards);
        stages.extend(t.stages);
        lanes.extend(t.lanes);
        emotions.extend(t.emotions);
        map |= t.map;
        inverses.push(m.apply(&o.op).map_err(|_| HistoryError::Unreadable)?);
    }
    let mut conflicts = 0u32;
    for o in later {
        let t = m.touched(&o.op);
        let overlaps = (t.map && map)
            || t.cards.iter().any(|c| cards.contains(c))
            || t.stages.iter().any(|s| stages.contains(s))
            || t.lanes.iter().any(|l| lanes.contains(l))
            || t.emotions.iter().any(|e| emotions.contains(e));
        if overlaps {
            conflicts += 1;
        }
        m.apply(&o.op).map_err(|_| HistoryError::Unreadable)?;
    }
    if conflicts > 0 {
        return Err(HistoryError::DependsOnLater { changes: conflicts });
    }
    inverses.reverse();
    let mut p = present.clone();
    for op in &inverses {
        p.apply(op).map_err(|_| HistoryError::DependsOnLater { changes: 0 })?;
    }
    Ok(inverses)
}

/// What changed between two moments: the cards added, removed and changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub added: Vec<CardId>,
    pub removed: Vec<Card>,
    pub changed: Vec<CardId>,
}

/// The cards of `after` that `before` did not have, those it lost, and those it changed.
pub fn compare(before: &Map, after: &Map) -> Comparison {
    Comparison {
        added: after.cards.keys().filter(|id| !before.cards.contains_key(*id)).cloned().collect(),
        removed: before.cards.values().filter(|c| !after.cards.contains_key(&c.id)).cloned().collect(),
        changed: after
            .cards
            .values()
            .filter(|c| before.cards.get(&c.id).is_some_and(|b| b != *c))
            .map(|c| c.id.clone())
            .collect(),
    }
}

/// A named version of a map (or the safety copy made before a restore).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Version {
    pub id: String,
    pub map: MapId,
    pub name: String,
    pub rev: u64,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    /// Made by Jornada before a restore, not by a person.
    #[serde(default)]
    pub safety: bool,
}

/// Why a version or restore was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum HistoryError {
    NameMissing,
    NameTooLong {
        max: u32,
    },
    /// No such version or revision.
    NotFound,
    /// The past could not be rebuilt from the log (the map was imported before the log
    /// kept every op).
    Unreadable,
    /// Later changes touch what this change touched: reverting it alone would undo part
    /// of theirs (or cannot apply).
    DependsOnLater {
        changes: u32,
    },
}

/// A version's name as it is kept.
pub fn clean_version_name(name: &str) -> Result<String, HistoryError> {
    let name: String = name.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_owned();
    if name.is_empty() {
        return Err(HistoryError::NameMissing);
    }
    if name.chars().count() > MAX_VERSION_NAME {
        return Err(HistoryError::NameTooLong { max: MAX_VERSION_NAME as u32 });
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Colour, LaneId, OrderKey, PersonaId};
    use chrono::TimeZone;

    fn at(min: u32, sec: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, 14, min, sec).single().unwrap()
    }

    fn timed(rev: u64, author: &str, at: DateTime<Utc>, op: Op) -> TimedOp {
        TimedOp { rev, author: author.into(), at, op }
    }

    fn card(id: &str, stage: &StageId, lane: &LaneId) -> Card {
        Card {
            author: None,
            id: CardId::from(id),
            lane: lane.clone(),
            stage: stage.clone(),
            order: OrderKey::after(None),
            text: format!("card {id}"),
            colour: Colour::default(),
            tags: vec![],
            details: Default::default(),
        }
    }

    /// A starter map as the template builds it.
    fn starter() -> Map {
        let draft = crate::domain::template::Layout {
            stages: vec![("Awareness", ""), ("The procedure", ""), ("After-care", "")],
            lanes: vec![(crate::domain::LaneKind::Steps, "Steps"), (crate::domain::LaneKind::PainPoints, "Pains")],
        }
        .draft("Clinic");
        draft.build(MapId::from("m"), &[]).unwrap().0
    }

    #[test]
    fn ops_of_one_person_in_one_minute_make_one_entry_newest_first() {
        let m = starter();
        let stages: Vec<StageId> = m.ordered_stages().iter().map(|s| s.id.clone()).collect();
        let lane = m.ordered_lanes()[0].id.clone();
        let moved = |rev, id: &str| {
            timed(
                rev,
                "Ana",
                at(2, rev as u32),
                Op::MoveCard {
                    id: CardId::from(id),
                    stage: stages[1].clone(),
                    lane: lane.clone(),
                    order: OrderKey::after(None),
                },
            )
        };
        let ops = vec![
            moved(1, "a"),
            moved(2, "b"),
            moved(3, "c"),
            timed(4, "Ana", at(2, 50), Op::AddCard { card: card("d", &stages[0], &lane) }),
            timed(5, "Bruno", at(2, 55), Op::DeleteCard { id: CardId::from("a") }),
            timed(6, "Ana", at(3, 1), Op::EditMap { title: Some("New".into()), description: None }),
        ];
        let entries = group(&ops);
        assert_eq!(
            entries.iter().map(|e| (e.author.as_str(), e.from_rev, e.to_rev)).collect::<Vec<_>>(),
            [("Ana", 6, 6), ("Bruno", 5, 5), ("Ana", 1, 4)]
        );
        let first = &entries[2];
        assert_eq!(first.changes[0], Change { kind: ChangeKind::CardsMoved, count: 3, stage: Some(stages[1].clone()) });
        assert_eq!(first.changes[1], Change { kind: ChangeKind::CardsAdded, count: 1, stage: Some(stages[0].clone()) });
        assert_eq!(first.stages, vec![stages[1].clone(), stages[0].clone()]);
        // Moves to two stages keep no stage.
        let mut two = ops[..2].to_vec();
        if let Op::MoveCard { stage, .. } = &mut two[1].op {
            *stage = stages[2].clone();
        }
        assert_eq!(group(&two)[0].changes[0].stage, None);
    }

    /// The filter by stage finds card edits and deletes: where the page's ops last put the
    /// card, or else where it is now; a deleted stage is its own entry's stage.
    #[test]
    fn card_edits_and_deletes_are_filed_under_their_stage() {
        let mut m = starter();
        let stages: Vec<StageId> = m.ordered_stages().iter().map(|s| s.id.clone()).collect();
        let lane = m.ordered_lanes()[0].id.clone();
        m.apply(&Op::AddCard { card: card("now", &stages[2], &lane) }).unwrap();
        let edit = |id: &str| Op::EditCard {
            id: CardId::from(id),
            text: Some("x".into()),
            colour: None,
            tags: None,
            details: None,
        };
        let ops = vec![
            timed(1, "Ana", at(1, 0), Op::AddCard { card: card("a", &stages[0], &lane) }),
            timed(2, "Bo", at(1, 1), edit("a")),
            timed(3, "Ana", at(1, 2), edit("now")),
            timed(4, "Bo", at(1, 3), Op::DeleteCard { id: CardId::from("a") }),
            timed(5, "Ana", at(1, 4), edit("unknown")),
            timed(6, "Bo", at(1, 5), Op::DeleteStage { id: stages[1].clone() }),
        ];
        let entries = group_in(&ops, Some(&m));
        let filed: Vec<(u64, Vec<StageId>)> = entries.iter().map(|e| (e.from_rev, e.stages.clone())).collect();
        assert_eq!(
            filed,
            vec![
                (6, vec![stages[1].clone()]),
                (5, vec![]),
                (4, vec![stages[0].clone()]),
                (3, vec![stages[2].clone()]),
                (2, vec![stages[0].clone()]),
                (1, vec![stages[0].clone()]),
            ]
        );
        // The sentence keeps no stage for an edit.
        assert_eq!(entries[4].changes[0].stage, None);
    }

    #[test]
    fn restore_ops_applied_to_the_present_give_the_past() {
        let past = starter();
        let stages: Vec<StageId> = past.ordered_stages().iter().map(|s| s.id.clone()).collect();
        let lanes: Vec<LaneId> = past.ordered_lanes().iter().map(|l| l.id.clone()).collect();
        let mut past = past;
        for (i, id) in ["a", "b", "c"].into_iter().enumerate() {
            past.apply(&Op::AddCard { card: card(id, &stages[i], &lanes[0]) }).unwrap();
        }
        past.apply(&Op::LinkPersona { persona: PersonaId("p1".into()), at: 0, emotions: vec![] }).unwrap();
        past.apply(&Op::SetEmotion {
            persona: PersonaId("p1".into()),
            stage: stages[0].clone(),
            score: Some(-1),
            note: "tired".into(),
        })
        .unwrap();
        // The present: a stage deleted (with its card), a card edited and moved, one added,
        // a lane renamed, the title changed, the persona's feeling changed, another linked.
        let mut present = past.clone();
        for op in [
            Op::DeleteStage { id: stages[2].clone() },
            Op::EditCard {
                id: CardId::from("a"),
                text: Some("changed".into()),
                colour: Some(Colour::Red),
                tags: Some(vec!["x".into()]),
                details: None,
            },
            Op::MoveCard {
                id: CardId::from("b"),
                stage: stages[0].clone(),
                lane: lanes[1].clone(),
                order: OrderKey::after(None),
            },
            Op::AddCard { card: card("new", &stages[1], &lanes[1]) },
            Op::EditLane { id: lanes[0].clone(), title: "Renamed".into() },
            Op::EditMap { title: Some("Other title".into()), description: Some("d".into()) },
            Op::SetEmotion {
                persona: PersonaId("p1".into()),
                stage: stages[0].clone(),
                score: Some(2),
                note: String::new(),
            },
            Op::SetEmotion {
                persona: PersonaId("p1".into()),
                stage: stages[1].clone(),
                score: Some(1),
                note: String::new(),
            },
            Op::LinkPersona { persona: PersonaId("p2".into()), at: 0, emotions: vec![] },
        ] {
            present.apply(&op).unwrap();
        }
        let ops = restore_ops(&present, &past).unwrap();
        let mut restored = present.clone();
        for op in &ops {
            restored.apply(op).unwrap();
        }
        restored.rev = past.rev;
        assert_eq!(restored, past);
        assert!(restore_ops(&past, &past).unwrap().is_empty(), "the present restored to itself changes nothing");
        // And the comparison names what changed.
        let cmp = compare(&past, &present);
        assert_eq!(cmp.added, vec![CardId::from("new")]);
        assert_eq!(cmp.removed.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["c"]);
        assert_eq!(cmp.changed, vec![CardId::from("a"), CardId::from("b")]);
    }

    #[test]
    fn one_past_change_is_reverted_unless_a_later_one_depends_on_it() {
        let base = starter();
        let s = base.ordered_stages()[0].id.clone();
        let l = base.ordered_lanes()[0].id.clone();
        let r = base.rev;
        let ops = vec![
            timed(r + 1, "Ana", at(0, 0), Op::AddCard { card: card("a", &s, &l) }),
            timed(r + 2, "Bruno", at(1, 0), Op::AddCard { card: card("b", &s, &l) }),
            timed(
                r + 3,
                "Cy",
                at(2, 0),
                Op::EditCard {
                    id: CardId::from("a"),
                    text: Some("edited".into()),
                    colour: None,
                    tags: None,
                    details: None,
                },
            ),
        ];
        let present = replay(base.clone(), &ops).unwrap();
        // Bruno's card can go on its own: nobody touched it since.
        let before_b = replay(base.clone(), &ops[..1]).unwrap();
        let undo_b = revert_ops(&before_b, &ops[1..2], &ops[2..], &present).unwrap();
        let mut after = present.clone();
        undo_b.iter().for_each(|op| {
            after.apply(op).unwrap();
        });
        assert!(!after.cards.contains_key(&CardId::from("b")));
        assert_eq!(after.cards[&CardId::from("a")].text, "edited", "later work stays");
        // Ana's card was edited later by Cy: refused with the count.
        assert_eq!(revert_ops(&base, &ops[..1], &ops[1..], &present), Err(HistoryError::DependsOnLater { changes: 1 }));
    }

    #[test]
    fn replay_rebuilds_the_map_at_each_revision() {
        let base = starter();
        let s = base.ordered_stages()[0].id.clone();
        let l = base.ordered_lanes()[0].id.clone();
        let ops = vec![
            timed(base.rev + 1, "Ana", at(0, 0), Op::AddCard { card: card("a", &s, &l) }),
            timed(base.rev + 2, "Ana", at(0, 1), Op::DeleteCard { id: CardId::from("a") }),
        ];
        let one = replay(base.clone(), &ops[..1]).unwrap();
        assert!(one.cards.contains_key(&CardId::from("a")));
        assert_eq!(one.rev, base.rev + 1);
        let two = replay(base.clone(), &ops).unwrap();
        assert!(two.cards.is_empty() && two.rev == base.rev + 2);
    }

    #[test]
    fn version_names_are_trimmed_and_bounded() {
        assert_eq!(clean_version_name("  Before the workshop \u{7}"), Ok("Before the workshop".into()));
        assert_eq!(clean_version_name(" "), Err(HistoryError::NameMissing));
        assert_eq!(clean_version_name(&"x".repeat(121)), Err(HistoryError::NameTooLong { max: 120 }));
    }
}
