//! Moving a card with the keyboard: Space picks it up, arrows move it (shown at once,
//! not saved), Space or Enter drops it (one saved move), Escape puts it back; Enter edits
//! and Delete deletes a card that is not held. Each step is announced for screen readers.

use super::{dom_id, BoardCtx, Held};
use crate::domain::{CardId, Op};
use crate::ui::browser;
use leptos::prelude::*;

/// A key pressed on card `id` (or inside it): the board's listener, for every card. Its
/// open text editor keeps its keys; `holding` is whether this card is the one picked up.
pub fn on_key(ctx: BoardCtx, id: CardId, ev: &leptos::ev::KeyboardEvent) {
    let editing = ctx.editing.with_untracked(|e| e.as_ref() == Some(&id));
    if editing || !ctx.may_change(&id) {
        return;
    }
    let key = ev.key();
    let holding = ctx.held.with_untracked(|h| h.as_ref().is_some_and(|h| h.card == id));
    match key.as_str() {
        " " | "Spacebar" if !holding && ev.shift_key() => {
            ev.prevent_default();
            super::super::selection::toggle(ctx, &id);
        }
        "Escape" if !holding && ctx.selected.with_untracked(|s| !s.is_empty()) => {
            ev.prevent_default();
            super::super::selection::clear(ctx);
        }
        " " | "Spacebar" if !holding => {
            ev.prevent_default();
            pick_up(ctx, &id);
        }
        " " | "Spacebar" | "Enter" if holding => {
            ev.prevent_default();
            drop_held(ctx);
        }
        "Escape" if holding => {
            ev.prevent_default();
            cancel_held(ctx);
        }
        "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" if holding => {
            ev.prevent_default();
            move_held(ctx, &id, &key);
        }
        "Enter" => {
            ev.prevent_default();
            ctx.editing.set(Some(id.clone()));
        }
        "Delete" => {
            ev.prevent_default();
            super::delete(ctx, &id);
        }
        _ => {}
    }
}

fn pick_up(ctx: BoardCtx, id: &CardId) {
    let Some(card) = ctx.sync.map.with_untracked(|m| m.cards.get(id).cloned()) else {
        return;
    };
    ctx.held.set(Some(Held {
        card: id.clone(),
        stage: card.stage.clone(),
        lane: card.lane.clone(),
        order: card.order.clone(),
    }));
    let t = ctx.i18n.locale.get_untracked().messages();
    ctx.announce
        .set(t.picked_up.replace("{card}", &card.text).replace("{cell}", &ctx.cell_name(&card.stage, &card.lane)));
}

/// Moves the held card one step on screen (not saved until it is dropped).
fn move_held(ctx: BoardCtx, id: &CardId, key: &str) {
    let step = ctx.sync.map.with_untracked(|m| {
        let card = m.cards.get(id)?;
        let stages: Vec<_> = m.ordered_stages().into_iter().map(|s| s.id.clone()).collect();
        let lanes: Vec<_> = m.ordered_lanes().into_iter().map(|l| l.id.clone()).collect();
        let si = stages.iter().position(|s| *s == card.stage)?;
        let li = lanes.iter().position(|l| *l == card.lane)?;
        let cell: Vec<_> = m.cell_cards(&card.stage, &card.lane).into_iter().map(|c| c.id.clone()).collect();
        let pos = cell.iter().position(|c| c == id)?;
        let others = |s: usize, l: usize| m.cell_cards(&stages[s], &lanes[l]).len();
        let (s, l, index) = match key {
            "ArrowLeft" if si > 0 => (si - 1, li, pos.min(others(si - 1, li))),
            "ArrowRight" if si + 1 < stages.len() => (si + 1, li, pos.min(others(si + 1, li))),
            "ArrowUp" if pos > 0 => (si, li, pos - 1),
            "ArrowUp" if li > 0 => (si, li - 1, others(si, li - 1)),
            "ArrowDown" if pos + 1 < cell.len() => (si, li, pos + 1),
            "ArrowDown" if li + 1 < lanes.len() => (si, li + 1, 0),
            _ => return None,
        };
        let order = m.card_key_at(&stages[s], &lanes[l], index, Some(id));
        let total = m.cell_cards(&stages[s], &lanes[l]).iter().filter(|c| c.id != *id).count() + 1;
        Some((Op::MoveCard { id: id.clone(), stage: stages[s].clone(), lane: lanes[l].clone(), order }, index, total))
    });
    let Some((op, index, total)) = step else {
        return;
    };
    let Op::MoveCard { stage, lane, .. } = &op else {
        return;
    };
    let cell = ctx.cell_name(stage, lane);
    if ctx.sync.preview(&op) {
        let t = ctx.i18n.locale.get_untracked().messages();
        ctx.announce.set(
            t.moved_to
                .replace("{cell}", &cell)
                .replace("{pos}", &(index + 1).to_string())
                .replace("{total}", &total.to_string()),
        );
        browser::focus_soon(dom_id(id));
    }
}

/// Puts the held card back where it was, then saves one move from there to where it is.
fn drop_held(ctx: BoardCtx) {
    let Some(h) = ctx.held.get_untracked() else {
        return;
    };
    ctx.held.set(None);
    let Some(now) = ctx.sync.map.with_untracked(|m| m.cards.get(&h.card).cloned()) else {
        return;
    };
    let t = ctx.i18n.locale.get_untracked().messages();
    let index = ctx
        .sync
        .map
        .with_untracked(|m| m.cell_cards(&now.stage, &now.lane).iter().position(|c| c.id == h.card).unwrap_or(0));
    if (&now.stage, &now.lane, &now.order) != (&h.stage, &h.lane, &h.order) {
        ctx.sync.preview(&Op::MoveCard {
            id: h.card.clone(),
            stage: h.stage.clone(),
            lane: h.lane.clone(),
            order: h.order.clone(),
        });
        ctx.sync.commit(Op::MoveCard {
            id: h.card.clone(),
            stage: now.stage.clone(),
            lane: now.lane.clone(),
            order: now.order.clone(),
        });
    }
    ctx.announce.set(
        t.dropped
            .replace("{card}", &now.text)
            .replace("{cell}", &ctx.cell_name(&now.stage, &now.lane))
            .replace("{pos}", &(index + 1).to_string()),
    );
    browser::focus_soon(dom_id(&h.card));
}

fn cancel_held(ctx: BoardCtx) {
    let Some(h) = ctx.held.get_untracked() else {
        return;
    };
    ctx.held.set(None);
    ctx.sync.preview(&Op::MoveCard {
        id: h.card.clone(),
        stage: h.stage.clone(),
        lane: h.lane.clone(),
        order: h.order.clone(),
    });
    let t = ctx.i18n.locale.get_untracked().messages();
    ctx.announce.set(
        t.move_cancelled
            .replace("{card}", &super::card_text(ctx, &h.card))
            .replace("{cell}", &ctx.cell_name(&h.stage, &h.lane)),
    );
    browser::focus_soon(dom_id(&h.card));
}
