//! What the board shows, changed as little as each edit needs: ops apply to the shown map
//! in place (a local edit, a keyboard move, someone else's op) instead of copying the
//! replica's whole view, and every card reads its own signal, which only an op touching
//! that card sets. So an edit on a 500-card board wakes one card, not 500 memos over the
//! whole map. (Part of `Sync`, apart for length.)

use super::parts::Changed;
use super::Sync;
use crate::domain::{Card, CardId, Map, Op};
use leptos::prelude::*;
use std::collections::HashMap;

/// One signal per card the board has shown (`None` once the card is gone).
pub(super) type CardSignals = HashMap<CardId, ArcRwSignal<Option<Card>>>;

impl Sync {
    /// Card `id` as the board shows it; it changes only when an op touches this card.
    pub fn card(&self, id: &CardId) -> Signal<Option<Card>> {
        let existing = self.cards.with_value(|c| c.get(id).cloned());
        let signal = existing.unwrap_or_else(|| {
            let signal = ArcRwSignal::new(self.map.with_untracked(|m| m.cards.get(id).cloned()));
            self.cards.update_value(|c| {
                c.insert(id.clone(), signal.clone());
            });
            signal
        });
        signal.into()
    }

    /// Applies `ops` to what the board shows, in place; false (and nothing is shown
    /// differently yet) when one does not apply, and the caller shows the view anew.
    pub(super) fn show_ops<'a>(&self, ops: impl IntoIterator<Item = &'a Op>) -> bool {
        let mut touched: Vec<CardId> = Vec::new();
        let mut changed = Changed::default();
        let applied = self.map.try_update(|m| {
            ops.into_iter().all(|op| {
                let t = m.touched(op);
                let before: Vec<Option<Card>> = t.cards.iter().map(|id| m.cards.get(id).cloned()).collect();
                let ok = m.apply(op).is_ok();
                if ok {
                    changed = changed.merge(Changed::by(&t, &before, m));
                }
                touched.extend(t.cards);
                ok
            })
        });
        if applied != Some(true) {
            // Some ops applied: the caller shows the view anew, which notifies every part.
            return false;
        }
        self.parts.notify(changed);
        self.map.with_untracked(|m| {
            self.cards.with_value(|cards| {
                for id in &touched {
                    if let Some(signal) = cards.get(id) {
                        refresh(m, id, signal);
                    }
                }
            })
        });
        true
    }

    /// Shows the replica's view anew (after a rebuild, a snapshot or an op that did not
    /// apply in place); only the cards that differ are set.
    pub(super) fn show_view(&self) {
        let Some(view) = self.replica.try_with_value(|r| r.view().clone()) else { return };
        self.map.set(view);
        self.parts.notify(Changed::ALL);
        self.map.with_untracked(|m| {
            self.cards.update_value(|cards| {
                for (id, signal) in cards.iter() {
                    refresh(m, id, signal);
                }
                // A card gone from the map needs no signal here: its view, leaving the
                // board, holds its own; should the card come back, a new view asks anew.
                cards.retain(|id, _| m.cards.contains_key(id));
            })
        });
    }

    /// The revision of the view, after ops were shown in place.
    pub(super) fn follow_rev(&self) {
        let rev = self.replica.with_value(|r| r.view().rev);
        self.map.update_untracked(|m| m.rev = rev);
    }
}

/// Sets a card's signal when the map holds something else for it.
fn refresh(map: &Map, id: &CardId, signal: &ArcRwSignal<Option<Card>>) {
    let now = map.cards.get(id);
    if signal.with_untracked(|shown| shown.as_ref() != now) {
        signal.set(now.cloned());
    }
}
