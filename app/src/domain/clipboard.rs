//! Several cards at once: moving a selection into a cell, pasting copied cards, recolouring
//! or deleting a selection. Each gives the ops of one step (the board sends them as one
//! undoable group), worked out against the map as it is, so the cards land next to each
//! other in the order they had.

use super::{Card, CardId, Colour, LaneId, Map, Op, StageId};

/// At most this many cards are copied or changed at once.
pub const MAX_AT_ONCE: usize = 500;

/// `ids` in board order (stage, lane, place in the cell), unknown ones left out.
pub fn in_board_order(map: &Map, ids: &[CardId]) -> Vec<CardId> {
    let stage_at = |s: &StageId| map.stages.get(s).map(|s| s.order.clone());
    let lane_at = |l: &LaneId| map.lanes.get(l).map(|l| l.order.clone());
    let mut cards: Vec<&Card> = ids.iter().filter_map(|id| map.cards.get(id)).collect();
    cards.sort_by(|a, b| {
        (stage_at(&a.stage), lane_at(&a.lane), &a.order, &a.id).cmp(&(
            stage_at(&b.stage),
            lane_at(&b.lane),
            &b.order,
            &b.id,
        ))
    });
    cards.dedup_by(|a, b| a.id == b.id);
    cards.into_iter().take(MAX_AT_ONCE).map(|c| c.id.clone()).collect()
}

/// Moves `ids` into the cell (`stage`, `lane`) from place `index` on, one after another.
pub fn move_into(map: &Map, ids: &[CardId], stage: &StageId, lane: &LaneId, index: usize) -> Vec<Op> {
    let ids = in_board_order(map, ids);
    let mut after = map.clone();
    // The place counts the cell's cards that stay.
    let staying = map.cell_cards(stage, lane).iter().take(index).filter(|c| !ids.contains(&c.id)).count();
    let mut ops = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let order = after.card_key_at(stage, lane, staying + i, Some(id));
        let op = Op::MoveCard { id: id.clone(), stage: stage.clone(), lane: lane.clone(), order };
        if after.apply(&op).is_ok() {
            ops.push(op);
        }
    }
    ops
}

/// Copies of `cards` (as copied, from this map or another) added to (`stage`, `lane`)
/// from place `index` on, each under a new id; votes are not copied.
pub fn paste(
    map: &Map,
    cards: &[Card],
    stage: &StageId,
    lane: &LaneId,
    index: usize,
    mut new_id: impl FnMut() -> CardId,
) -> Vec<Op> {
    let mut after = map.clone();
    let mut ops = Vec::new();
    for (i, c) in cards.iter().take(MAX_AT_ONCE).enumerate() {
        let mut card = c.clone();
        card.id = new_id();
        card.stage = stage.clone();
        card.lane = lane.clone();
        card.order = after.card_key_at(stage, lane, index + i, None);
        card.details.votes = None;
        let op = Op::AddCard { card };
        if after.apply(&op).is_ok() {
            ops.push(op);
        }
    }
    ops
}

/// Gives every card of `ids` the colour `colour` (those that have it already are left).
pub fn recolour(map: &Map, ids: &[CardId], colour: Colour) -> Vec<Op> {
    in_board_order(map, ids)
        .into_iter()
        .filter(|id| map.cards.get(id).is_some_and(|c| c.colour != colour))
        .map(|id| Op::EditCard { id, text: None, colour: Some(colour), tags: None, details: None })
        .collect()
}

/// Deletes every card of `ids`.
pub fn delete(map: &Map, ids: &[CardId]) -> Vec<Op> {
    in_board_order(map, ids).into_iter().map(|id| Op::DeleteCard { id }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::op_tests::sample;

    fn cell_texts(m: &Map, s: &str, l: &str) -> Vec<String> {
        m.cell_cards(&StageId::from(s), &LaneId::from(l)).iter().map(|c| c.text.clone()).collect()
    }

    fn apply_all(m: &mut Map, ops: &[Op]) {
        for op in ops {
            m.apply(op).unwrap();
        }
    }

    #[test]
    fn a_selection_moves_into_a_cell_together_in_board_order() {
        let mut m = sample();
        // c2 (s1/l2) and c1 (s1/l1), given out of order, go to s2/l1 as c1 then c2.
        let ops = move_into(&m, &["c2".into(), "c1".into()], &"s2".into(), &"l1".into(), 0);
        assert_eq!(ops.len(), 2);
        apply_all(&mut m, &ops);
        assert_eq!(cell_texts(&m, "s2", "l1"), ["Finds the clinic on Instagram", "Calls to book"]);
        assert!(cell_texts(&m, "s1", "l1").is_empty());
    }

    #[test]
    fn moving_within_the_same_cell_counts_only_the_cards_that_stay() {
        let mut m = sample();
        let pasted = paste(&m, &[m.cards[&CardId::from("c2")].clone()], &"s1".into(), &"l1".into(), 1, || "c3".into());
        apply_all(&mut m, &pasted);
        assert_eq!(cell_texts(&m, "s1", "l1"), ["Finds the clinic on Instagram", "Calls to book"]);
        // c1 to the end of its own cell, after c3.
        let ops = move_into(&m, &["c1".into()], &"s1".into(), &"l1".into(), 2);
        apply_all(&mut m, &ops);
        assert_eq!(cell_texts(&m, "s1", "l1"), ["Calls to book", "Finds the clinic on Instagram"]);
    }

    #[test]
    fn pasted_cards_are_new_cards_in_the_cell_in_order_without_votes() {
        let mut m = sample();
        let mut copied: Vec<Card> = ["c1", "c2"].iter().map(|id| m.cards[&CardId::from(*id)].clone()).collect();
        copied[0].details.votes = Some(4);
        let mut n = 0;
        let ops = paste(&m, &copied, &"s2".into(), &"l2".into(), 0, || {
            n += 1;
            CardId::from(format!("new{n}").as_str())
        });
        apply_all(&mut m, &ops);
        assert_eq!(cell_texts(&m, "s2", "l2"), ["Finds the clinic on Instagram", "Calls to book"]);
        assert_eq!(m.cards.len(), 4, "the originals stay");
        assert_eq!(m.cards[&CardId::from("new1")].details.votes, None);
    }

    #[test]
    fn recolour_and_delete_touch_only_what_they_must() {
        let m = sample();
        let c1 = m.cards[&CardId::from("c1")].colour;
        assert!(recolour(&m, &["c1".into()], c1).is_empty(), "already that colour");
        assert_eq!(recolour(&m, &["c1".into(), "gone".into()], Colour::Red).len(), 1);
        assert_eq!(delete(&m, &["c1".into(), "c2".into(), "c1".into()]).len(), 2, "each card once");
    }
}
