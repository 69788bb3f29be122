//! Dragging a card with the mouse or by touch: a press on the card (not on one of its
//! controls) becomes a drag once the pointer has moved past the threshold; the cell under
//! the pointer shows where it lands; letting go saves one move and announces it. A finger
//! that swipes over cards scrolls the board; one that rests on a card for a moment lifts
//! it, and then it drags.

use super::super::drag::{self, THRESHOLD};
use super::BoardCtx;
use crate::domain::{CardId, Op};
use crate::ui::browser;
use leptos::prelude::*;

/// A press on card `id` (not on one of its controls): the start of a drag, or with
/// Shift, Ctrl or ⌘ a change of the selection. (The board's listener, for every card.)
pub fn down(ctx: BoardCtx, id: CardId, ev: &leptos::ev::PointerEvent) {
    let editing = ctx.editing.with_untracked(|e| e.as_ref() == Some(&id));
    if ev.button() != 0 || !ctx.may_change(&id) || editing || ctx.held.with_untracked(Option::is_some) {
        return;
    }
    if browser::pressed_on_control(ev) {
        return;
    }
    // Shift, Ctrl or ⌘ + click selects (several cards change together).
    if ev.shift_key() || ev.ctrl_key() || ev.meta_key() {
        ev.prevent_default();
        super::super::selection::toggle(ctx, &id);
        return;
    }
    // The board takes the pointer: its moves and its release come to the board's listeners
    // wherever it goes.
    browser::capture_pointer(ev);
    ctx.drag.press.set_value(Some((id.clone(), (ev.client_x() as f64, ev.client_y() as f64))));
    let touch = ev.pointer_type() == "touch";
    ctx.drag.touch.set_value((touch, false));
    if touch {
        set_timeout(
            move || {
                let still = ctx.drag.press.try_with_value(|p| p.as_ref().is_some_and(|(p, _)| *p == id));
                if still == Some(true) {
                    ctx.drag.touch.set_value((true, true));
                    ctx.drag.offset.set((0.0, 0.0));
                    ctx.drag.card.set(Some(id.clone()));
                }
            },
            std::time::Duration::from_millis(drag::HOLD_MS),
        );
    }
}

/// The pointer moves while a card is pressed: past the threshold it drags.
pub fn moved(ctx: BoardCtx, ev: &leptos::ev::PointerEvent) {
    let Some((id, start)) = ctx.drag.press.get_value() else {
        return;
    };
    let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
    let offset = (x - start.0, y - start.1);
    // A finger moving before the card lifted: the board scrolls, no drag.
    if ctx.drag.touch.get_value() == (true, false) {
        if offset.0.hypot(offset.1) >= THRESHOLD {
            ctx.drag.press.set_value(None);
        }
        return;
    }
    let active = ctx.drag.card.with_untracked(Option::is_some);
    if !active && offset.0.hypot(offset.1) < THRESHOLD {
        return;
    }
    if !active {
        ctx.drag.card.set(Some(id));
    }
    // In the grid's pixels (the board may be zoomed).
    let z = super::super::zoom::factor();
    ctx.drag.offset.set((offset.0 / z, offset.1 / z));
    if let Some(target) = drag::drop_target(x, y) {
        if ctx.drag.target.with_untracked(|t| t.as_ref() != Some(&target)) {
            ctx.drag.target.set(Some(target));
        }
    }
    browser::auto_scroll(x, y);
}

/// The pointer is let go: a dragged card lands; a press that did not drag ends.
pub fn up(ctx: BoardCtx) {
    if ctx.drag.press.with_value(Option::is_some) || ctx.drag.card.with_untracked(Option::is_some) {
        drop_dragged(ctx);
    }
}

/// Saves the move of the dragged card to where it was let go (unless that is where it
/// was), and announces it.
fn drop_dragged(ctx: BoardCtx) {
    let (dragged, target) = (ctx.drag.card.get_untracked(), ctx.drag.target.get_untracked());
    ctx.drag.reset();
    let (Some(card), Some(target)) = (dragged, target) else {
        return;
    };
    // A selected card takes the rest of the selection with it.
    if super::super::selection::move_selection(ctx, &card, &target.stage, &target.lane, target.index) {
        return;
    }
    let op = ctx.sync.map.with_untracked(|m| {
        let current = m.cards.get(&card)?;
        let order = m.card_key_at(&target.stage, &target.lane, target.index, Some(&card));
        let same_cell = current.stage == target.stage && current.lane == target.lane;
        let unchanged = same_cell && {
            let cell = m.cell_cards(&target.stage, &target.lane);
            cell.iter().position(|c| c.id == card) == Some(target.index)
        };
        (!unchanged).then(|| Op::MoveCard {
            id: card.clone(),
            stage: target.stage.clone(),
            lane: target.lane.clone(),
            order,
        })
    });
    if let Some(op) = op {
        ctx.sync.commit(op);
        ctx.announce.set(
            ctx.i18n
                .t()
                .dropped
                .replace("{card}", &super::card_text(ctx, &card))
                .replace("{cell}", &ctx.cell_name(&target.stage, &target.lane))
                .replace("{pos}", &(target.index + 1).to_string()),
        );
    }
}
