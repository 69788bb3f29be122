//! Several cards at once. Shift, Ctrl or ⌘ + click (or Shift + Space on a focused card,
//! or Ctrl/⌘ + A for all of them)
//! adds a card to the selection or takes it out; the selection bar recolours or deletes
//! the selected cards, and dragging one of them moves them all; Escape clears it.
//! Ctrl/⌘ + C copies the selection (or the focused card) into this browser, Ctrl/⌘ + V
//! pastes the copies into the focused cell, on this map or another. Each is one step that
//! one undo takes back (`domain::clipboard` works the ops out). A box drawn with the mouse
//! from the board's empty space selects the cards it meets (with Shift, adds them).

// Copy and paste run from the browser's key handler; the server renders without them.
#![cfg_attr(feature = "ssr", allow(dead_code))]

use super::{BoardCtx, Part};
use crate::domain::{clipboard, Card, CardId, Colour, LaneId, StageId};
use crate::ui::browser;
use leptos::prelude::*;

/// Where copied cards are kept (in this browser, for every map).
const CLIPBOARD: &str = "jornada.clipboard";

/// Adds card `id` to the selection or takes it out.
pub fn toggle(ctx: BoardCtx, id: &CardId) {
    ctx.selected.update(|s| {
        if !s.remove(id) {
            s.insert(id.clone());
        }
    });
    let n = ctx.selected.with_untracked(|s| s.len()) as u64;
    ctx.announce.set(ctx.i18n.t().ed.selected.format(ctx.i18n.locale.get_untracked(), n));
}

/// Selects every card of the board, or only those found while the board is narrowed by a
/// search or a filter (what the reader sees bright).
pub fn select_all(ctx: BoardCtx) {
    let all: Vec<CardId> = if ctx.search.active() {
        ctx.search.hits.get_untracked()
    } else {
        ctx.sync.map.with_untracked(|m| m.cards.keys().cloned().collect())
    };
    ctx.selected.set(all.into_iter().collect());
    let n = ctx.selected.with_untracked(|s| s.len()) as u64;
    ctx.announce.set(ctx.i18n.t().ed.selected.format(ctx.i18n.locale.get_untracked(), n));
}

pub fn clear(ctx: BoardCtx) {
    if ctx.selected.with_untracked(|s| !s.is_empty()) {
        ctx.selected.set(Default::default());
    }
}

fn selected(ctx: BoardCtx) -> Vec<CardId> {
    ctx.selected.with_untracked(|s| s.iter().cloned().collect())
}

/// Moves the selection (which holds `dragged`) into a cell as one step; false when the
/// selection is just that card (the caller moves it alone).
pub fn move_selection(ctx: BoardCtx, dragged: &CardId, stage: &StageId, lane: &LaneId, index: usize) -> bool {
    let ids = selected(ctx);
    if ids.len() < 2 || !ids.contains(dragged) {
        return false;
    }
    let ops = ctx.sync.map.with_untracked(|m| clipboard::move_into(m, &ids, stage, lane, index));
    ctx.sync.commit_group(ops);
    true
}

/// Ctrl/⌘ + C: the selected cards, or the focused one, kept for pasting.
pub fn copy(ctx: BoardCtx) -> bool {
    let mut ids = selected(ctx);
    if ids.is_empty() {
        ids.extend(browser::focused_place().and_then(|(_, _, card)| card).map(|c| CardId::from(c.as_str())));
    }
    let cards: Vec<Card> = ctx.sync.map.with_untracked(|m| {
        clipboard::in_board_order(m, &ids).into_iter().filter_map(|id| m.cards.get(&id).cloned()).collect()
    });
    if cards.is_empty() {
        return false;
    }
    if let Ok(text) = serde_json::to_string(&cards) {
        browser::store(CLIPBOARD, &text);
    }
    ctx.announce.set(ctx.i18n.t().ed.copied.format(ctx.i18n.locale.get_untracked(), cards.len() as u64));
    true
}

/// Ctrl/⌘ + V: the copied cards into the focused cell (after the focused card).
/// (A viewer may copy from this map into their own, but pastes nothing here.)
pub fn paste(ctx: BoardCtx) -> bool {
    if !ctx.adds {
        return false;
    }
    let Some(cards) = browser::stored(CLIPBOARD).and_then(|t| serde_json::from_str::<Vec<Card>>(&t).ok()) else {
        return false;
    };
    let t = ctx.i18n.t();
    let Some((stage, lane, card)) = browser::focused_place() else {
        ctx.announce.set(t.ed.paste_where.to_owned());
        ctx.sync.message.set(Some(t.ed.paste_where.to_owned()));
        return true;
    };
    let (stage, lane) = (StageId::from(stage.as_str()), LaneId::from(lane.as_str()));
    let ops = ctx.sync.map.with_untracked(|m| {
        let cell = m.cell_cards(&stage, &lane);
        let index = card.and_then(|c| cell.iter().position(|x| x.id.as_str() == c)).map_or(cell.len(), |i| i + 1);
        clipboard::paste(m, &cards, &stage, &lane, index, CardId::generate)
    });
    let n = ops.len() as u64;
    if ctx.sync.commit_group(ops) {
        ctx.announce.set(t.ed.pasted.format(ctx.i18n.locale.get_untracked(), n));
    }
    true
}

/// A box being drawn with the mouse: where it started (and whether Shift was held), and
/// the rectangle once it has moved past the drag threshold (in the window's pixels).
#[derive(Clone, Copy)]
pub struct BoxSelect {
    start: StoredValue<Option<(f64, f64, bool)>>,
    pub rect: RwSignal<Option<[f64; 4]>>,
}

impl BoxSelect {
    pub fn new() -> Self {
        BoxSelect { start: StoredValue::new(None), rect: RwSignal::new(None) }
    }

    /// A mouse press on the board's empty space may start a box.
    pub fn down(&self, ev: &leptos::ev::PointerEvent) {
        if ev.pointer_type() == "mouse" && ev.button() == 0 && browser::on_board_background(ev) {
            self.start.set_value(Some((f64::from(ev.client_x()), f64::from(ev.client_y()), ev.shift_key())));
        }
    }

    pub fn moved(&self, ev: &leptos::ev::PointerEvent) {
        let Some((x0, y0, _)) = self.start.get_value() else { return };
        // Let go outside the board before the box began: no box.
        if ev.buttons() & 1 == 0 {
            self.start.set_value(None);
            return;
        }
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let started = self.rect.with_untracked(Option::is_some);
        if !started && (x - x0).hypot(y - y0) < super::drag::THRESHOLD {
            return;
        }
        if !started {
            browser::capture_pointer(ev);
        }
        self.rect.set(Some([x0.min(x), y0.min(y), x0.max(x), y0.max(y)]));
    }

    /// Letting go selects the cards the box meets.
    pub fn up(&self, ctx: BoardCtx) {
        let start = self.start.get_value();
        self.start.set_value(None);
        let Some(r) = self.rect.get_untracked() else { return };
        self.rect.set(None);
        let ids: Vec<CardId> = browser::cards_in_rect(r).iter().map(|id| CardId::from(id.as_str())).collect();
        ctx.selected.update(|s| {
            if !start.is_some_and(|(_, _, shift)| shift) {
                s.clear();
            }
            s.extend(ids);
        });
        let n = ctx.selected.with_untracked(|s| s.len()) as u64;
        ctx.announce.set(ctx.i18n.t().ed.selected.format(ctx.i18n.locale.get_untracked(), n));
    }
}

/// The box being drawn.
#[component]
pub fn SelectBox() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    move || {
        ctx.boxing.rect.get().map(|[l, t, r, b]| {
            let style = format!("left:{l}px;top:{t}px;width:{}px;height:{}px", r - l, b - t);
            view! { <div class="select-box" aria-hidden="true" style=style></div> }
        })
    }
}

/// "n cards selected": recolour, delete, clear.
#[component]
pub fn SelectionBar() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    // Cards that leave the map (someone deleted them) leave the selection.
    // Read only while something is selected: an edit elsewhere wakes nothing here.
    Effect::new(move |_| {
        if ctx.selected.with(|s| s.is_empty()) {
            return;
        }
        let gone: Vec<CardId> = ctx.sync.read(&[Part::Layout], |m| {
            ctx.selected.with_untracked(|s| s.iter().filter(|id| !m.cards.contains_key(*id)).cloned().collect())
        });
        if !gone.is_empty() {
            ctx.selected.update(|s| s.retain(|id| !gone.contains(id)));
        }
    });
    let count = move || ctx.selected.with(|s| s.len());
    let recolour = move |c: Colour| {
        let ids = selected(ctx);
        let ops = ctx.sync.map.with_untracked(|m| clipboard::recolour(m, &ids, c));
        ctx.sync.commit_group(ops);
    };
    let delete = move |_| {
        let ids = selected(ctx);
        let ops = ctx.sync.map.with_untracked(|m| clipboard::delete(m, &ids));
        if ctx.sync.commit_group(ops) {
            clear(ctx);
        }
    };
    view! {
        <Show when=move || { count() > 0 }>
            <div class="selection-bar" role="toolbar" aria-label=move || t().ed.selection>
                <strong role="status">{move || t().ed.selected.format(ctx.i18n.locale.get(), count() as u64)}</strong>
                <div class="palette" role="group" aria-label=move || t().colour>
                    {Colour::ALL.into_iter().map(|c| view! {
                        <button class=format!("swatch-button colour-{}", c.as_str())
                            aria-label=move || t().colour(c) title=move || t().colour(c)
                            on:click=move |_| recolour(c)></button>
                    }).collect_view()}
                </div>
                <button class="button danger" on:click=delete>{move || t().ed.delete_selected}</button>
                <button class="button ghost" aria-keyshortcuts="Escape" on:click=move |_| clear(ctx)>
                    {move || t().ed.clear_selection}
                </button>
            </div>
        </Show>
    }
}
