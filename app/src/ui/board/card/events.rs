//! The board's listeners for its cards: one of each on the board, not eleven on each of
//! 500 cards (building them was a fifth of the board's hydration). Each finds the card an
//! event happened in (its `article`, as the event bubbles) and hands the event to that
//! card's pointer (`pointer`), keyboard (`keys`) or hover and focus logic (`Actives`).

use super::{keys, pointer, BoardCtx};
use crate::domain::CardId;
use crate::ui::browser;
use leptos::prelude::*;
use std::collections::HashMap;

/// The card an event happened in.
fn card_of(ev: &web_sys::Event) -> Option<CardId> {
    browser::card_of(ev).map(|id| CardId::from(id.as_str()))
}

pub fn pointer_down(ctx: BoardCtx, ev: &leptos::ev::PointerEvent) {
    if let Some(id) = card_of(ev) {
        pointer::down(ctx, id, ev);
    }
}

pub fn pointer_move(ctx: BoardCtx, ev: &leptos::ev::PointerEvent) {
    pointer::moved(ctx, ev);
}

pub fn pointer_up(ctx: BoardCtx) {
    pointer::up(ctx);
}

/// A finger resting on a card lifts it; the browser's long-press menu would cancel that.
pub fn context_menu(ctx: BoardCtx, ev: &leptos::ev::MouseEvent) {
    if ctx.drag.touch.get_value().0 && card_of(ev).is_some() {
        ev.prevent_default();
    }
}

pub fn key_down(ctx: BoardCtx, ev: &leptos::ev::KeyboardEvent) {
    if let Some(id) = card_of(ev) {
        keys::on_key(ctx, id, ev);
    }
}

pub fn double_click(ctx: BoardCtx, ev: &leptos::ev::MouseEvent) {
    if let Some(id) = card_of(ev) {
        ctx.editing.set(Some(id));
    }
}

pub fn pointer_over(ctx: BoardCtx, ev: &leptos::ev::PointerEvent) {
    ctx.actives.hover(card_of(ev));
}

pub fn focus_in(ctx: BoardCtx, ev: &leptos::ev::FocusEvent) {
    if let Some(id) = card_of(ev) {
        ctx.actives.set(&id, true);
    }
}

pub fn focus_out(ctx: BoardCtx, ev: &leptos::ev::FocusEvent) {
    // Stay active while focus moves between the card and its own buttons.
    if let Some(id) = card_of(ev).filter(|_| browser::focus_leaves_card(ev)) {
        ctx.actives.set(&id, false);
    }
}

/// Which cards show their actions: the one under the pointer or holding focus. Each card
/// has its flag; the board's listeners set the flags of the cards concerned, so hovering
/// wakes two cards, not every card reading one shared "hovered" value.
#[derive(Clone, Copy)]
pub struct Actives {
    flags: StoredValue<HashMap<CardId, RwSignal<bool>>>,
    hovered: StoredValue<Option<CardId>>,
}

impl Actives {
    pub fn new() -> Self {
        Actives { flags: StoredValue::new(HashMap::new()), hovered: StoredValue::new(None) }
    }

    /// The flag of card `id`'s view (forgotten when the view goes).
    pub fn register(&self, id: &CardId) -> RwSignal<bool> {
        let flag = RwSignal::new(false);
        self.flags.update_value(|f| {
            f.insert(id.clone(), flag);
        });
        let (this, id) = (*self, id.clone());
        on_cleanup(move || {
            // A card that moved has a new view under the same id: keep that one's flag.
            this.flags.try_update_value(|f| {
                if f.get(&id) == Some(&flag) {
                    f.remove(&id);
                }
            });
        });
        flag
    }

    pub fn set(&self, id: &CardId, on: bool) {
        if let Some(flag) = self.flags.with_value(|f| f.get(id).copied()) {
            if flag.try_get_untracked() != Some(on) {
                flag.try_set(on);
            }
        }
    }

    /// The pointer is over card `id` (or over no card).
    pub fn hover(&self, id: Option<CardId>) {
        let before = self.hovered.get_value();
        if before == id {
            // Still over the same card: its flag may have been cleared meanwhile (focus left
            // it, e.g. its details editor closed under the pointer).
            if let Some(id) = &id {
                self.set(id, true);
            }
            return;
        }
        if let Some(before) = &before {
            self.set(before, false);
        }
        if let Some(id) = &id {
            self.set(id, true);
        }
        self.hovered.set_value(id);
    }
}
