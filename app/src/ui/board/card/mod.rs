//! One card: shows its text, edits inline, changes colour, deletes, and moves by pointer
//! drag or by keyboard (Space picks up, arrows move, Space drops, Escape cancels).

use super::drag::THRESHOLD;
use super::{client_memo, BoardCtx};
use crate::domain::{CardId, Colour, LaneId, Op, OrderKey, StageId};
use leptos::either::Either;
use leptos::prelude::*;

/// A card picked up with the keyboard, and where it was.
#[derive(Clone, Debug, PartialEq)]
pub struct Held {
    pub card: CardId,
    pub stage: StageId,
    pub lane: LaneId,
    pub order: OrderKey,
}

pub fn dom_id(id: &CardId) -> String {
    format!("card-{id}")
}

#[component]
pub fn CardView(id: CardId, stage: StageId, lane: LaneId) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let card = {
        let id = id.clone();
        Memo::new(move |_| ctx.sync.map.with(|m| m.cards.get(&id).cloned()))
    };
    let text = move || card.with(|c| c.as_ref().map(|c| c.text.clone()).unwrap_or_default());
    let colour = move || card.with(|c| c.as_ref().map(|c| c.colour).unwrap_or_default());
    let is = |id: &CardId| {
        let id = id.clone();
        move |other: Option<&CardId>| other == Some(&id)
    };
    let editing = {
        let is = is(&id);
        client_memo(move || ctx.can_edit && ctx.editing.with(|e| is(e.as_ref())))
    };
    let dragging = {
        let is = is(&id);
        client_memo(move || ctx.drag.card.with(|c| is(c.as_ref())))
    };
    let held = {
        let is = is(&id);
        client_memo(move || ctx.held.with(|h| h.as_ref().is_some_and(|h| is(Some(&h.card)))))
    };
    let drop_before = {
        let id = id.clone();
        let (stage, lane) = (stage.clone(), lane.clone());
        client_memo(move || {
            ctx.drag.target.with(|target| {
                let Some(target) = target.as_ref().filter(|t| t.stage == stage && t.lane == lane) else {
                    return false;
                };
                let dragged = ctx.drag.card.get_untracked();
                // The card now at `index` among the cell's cards without the dragged one.
                ctx.index.with(|ix| {
                    ix.get(&(stage.clone(), lane.clone()))
                        .map(|ids| ids.iter().filter(|c| Some(*c) != dragged.as_ref()).nth(target.index) == Some(&id))
                        .unwrap_or(false)
                })
            })
        })
    };
    // Only the dragged card reads the offset, so a pointer move re-renders one card.
    let transform = move || {
        if dragging.get() {
            let (x, y) = ctx.drag.offset.get();
            format!("transform: translate({x}px, {y}px) rotate(1.5deg);")
        } else {
            String::new()
        }
    };
    let palette_open = RwSignal::new(false);
    let details_open = RwSignal::new(false);
    let active = RwSignal::new(false);
    let kind = Signal::derive({
        let lane = lane.clone();
        move || ctx.sync.map.with(|m| m.lanes.get(&lane).map(|l| l.kind).unwrap_or(crate::domain::LaneKind::Text))
    });
    // Others editing or holding this card: (name, colour, holding).
    let others = {
        let id = id.clone();
        client_memo(move || {
            let me = ctx.sync.me.get();
            ctx.sync.people.with(|ps| {
                ps.iter()
                    .filter(|p| p.id != me && (p.editing.as_ref() == Some(&id) || p.holding.as_ref() == Some(&id)))
                    .map(|p| (p.name.clone(), p.colour.clone(), p.holding.as_ref() == Some(&id)))
                    .collect::<Vec<_>>()
            })
        })
    };
    let held_by_other = move || others.with(|o| o.iter().any(|(_, _, holding)| *holding));
    let outline = move || others.with(|o| o.first().map(|(_, c, _)| format!("--presence:{c};")).unwrap_or_default());

    // Pointer drag.
    let on_down = {
        let id = id.clone();
        move |ev: leptos::ev::PointerEvent| {
            if ev.button() != 0 || !ctx.can_edit || editing.get_untracked() || ctx.held.with_untracked(Option::is_some)
            {
                return;
            }
            #[cfg(not(feature = "ssr"))]
            {
                if super::drag::dom::on_control(&ev) {
                    return;
                }
                super::drag::dom::capture(&ev);
            }
            ctx.drag.press.set_value(Some((id.clone(), (ev.client_x() as f64, ev.client_y() as f64))));
        }
    };
    let on_move = {
        let id = id.clone();
        move |ev: leptos::ev::PointerEvent| {
            let Some((pressed, start)) = ctx.drag.press.get_value() else {
                return;
            };
            if pressed != id {
                return;
            }
            let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
            let offset = (x - start.0, y - start.1);
            let active = ctx.drag.card.with_untracked(Option::is_some);
            if !active && offset.0.hypot(offset.1) < THRESHOLD {
                return;
            }
            if !active {
                ctx.drag.card.set(Some(id.clone()));
            }
            ctx.drag.offset.set(offset);
            #[cfg(not(feature = "ssr"))]
            {
                if let Some(target) = super::drag::dom::drop_target(x, y) {
                    if ctx.drag.target.with_untracked(|t| t.as_ref() != Some(&target)) {
                        ctx.drag.target.set(Some(target));
                    }
                }
                super::drag::dom::auto_scroll(x, y);
            }
        }
    };
    let on_up = move |_: leptos::ev::PointerEvent| {
        let (dragged, target) = (ctx.drag.card.get_untracked(), ctx.drag.target.get_untracked());
        ctx.drag.reset();
        let (Some(card), Some(target)) = (dragged, target) else {
            return;
        };
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
                t().dropped
                    .replace(
                        "{card}",
                        &ctx.sync
                            .map
                            .with_untracked(|m| m.cards.get(&card).map(|c| c.text.clone()).unwrap_or_default()),
                    )
                    .replace("{cell}", &ctx.cell_name(&target.stage, &target.lane))
                    .replace("{pos}", &(target.index + 1).to_string()),
            );
        }
    };
    let on_cancel = move |_: leptos::ev::PointerEvent| ctx.drag.reset();

    // Keyboard.
    let on_key = {
        let id = id.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if editing.get_untracked() || !ctx.can_edit {
                return;
            }
            let key = ev.key();
            let holding = held.get_untracked();
            match key.as_str() {
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
                    ctx.sync.commit(Op::DeleteCard { id: id.clone() });
                }
                _ => {}
            }
        }
    };
    let edit_id = id.clone();
    let delete_id = id.clone();
    let colour_id = id.clone();
    let details_id = id.clone();
    let edit_button_id = id.clone();
    view! {
        <article
            class=move || format!("card colour-{}", colour().as_str())
            class:dragging=move || dragging.get()
            class:held=move || held.get()
            class:busy=move || others.with(|o| !o.is_empty())
            class:held-by-other=held_by_other
            class:drop-before=move || drop_before.get()
            id=dom_id(&id)
            data-card=id.to_string()
            tabindex="0"
            aria-label=text
            aria-grabbed=move || held.get().to_string()
            style=move || format!("{}{}", outline(), transform())
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointercancel=on_cancel
            on:keydown=on_key
            on:pointerenter=move |_| active.set(true)
            on:pointerleave=move |_| active.set(false)
            on:focusin=move |_| active.set(true)
            on:focusout=move |ev: leptos::ev::FocusEvent| {
                // Stay active while focus moves between the card and its own buttons.
                #[cfg(not(feature = "ssr"))]
                {
                    use wasm_bindgen::JsCast;
                    let inside = ev
                        .related_target()
                        .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                        .zip(ev.current_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()))
                        .is_some_and(|(to, card)| card.contains(Some(&to)));
                    if !inside {
                        active.set(false);
                    }
                }
                #[cfg(feature = "ssr")]
                let _ = ev;
            }
            on:dblclick={
                let id = id.clone();
                move |_| ctx.editing.set(Some(id.clone()))
            }
        >
            {move || {
                if editing.get() {
                    Either::Left(view! { <CardEditor id=edit_id.clone() initial=text()/> })
                } else {
                    Either::Right(view! { <p class="card-text">{text}</p> })
                }
            }}
            {move || {
                others
                    .get()
                    .into_iter()
                    .map(|(name, colour, holding)| {
                        let label = if holding { t().held_by } else { t().editing_by }.replace("{name}", &name);
                        view! { <span class="presence-badge" style=format!("background:{colour}")>{label}</span> }
                    })
                    .collect_view()
            }}
            <super::details::Badges card=card kind=kind/>
            // Only the card under the pointer or holding focus renders its actions: a board of
            // 500 cards serves a third of the HTML, and each card stays light.
            <Show when=move || ctx.can_edit && (active.get() || palette_open.get() || details_open.get())>
            <div class="card-actions">
                <Show when=move || super::details::has_fields(kind.get())>
                    <button
                        class="icon-button"
                        aria-label=move || t().card_details
                        title=move || t().card_details
                        aria-expanded=move || details_open.get().to_string()
                        on:click=move |_| details_open.update(|o| *o = !*o)
                    >
                        <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M2 4h12M2 8h12M2 12h12M5 2v4M11 6v4M7 10v4" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>
                    </button>
                </Show>
                <button
                    class="icon-button"
                    aria-label=move || t().edit_card
                    title=move || t().edit_card
                    on:click={
                        let id = edit_button_id.clone();
                        move |_| ctx.editing.set(Some(id.clone()))
                    }
                >
                    <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M2 12.5V14h1.5l8-8L10 4.5l-8 8zM13.7 4a1 1 0 000-1.4l-1.3-1.3a1 1 0 00-1.4 0L10 2.3 11.7 4l2-0z" fill="currentColor"/></svg>
                </button>
                <button
                    class="icon-button"
                    aria-label=move || t().colour
                    title=move || t().colour
                    aria-expanded=move || palette_open.get().to_string()
                    on:click=move |_| palette_open.update(|o| *o = !*o)
                >
                    <span class=move || format!("swatch colour-{}", colour().as_str()) aria-hidden="true"></span>
                </button>
                <button
                    class="icon-button"
                    aria-label=move || t().delete_card
                    title=move || t().delete_card
                    on:click={
                        let delete_id = delete_id.clone();
                        move |_| {
                            ctx.sync.commit(Op::DeleteCard { id: delete_id.clone() });
                        }
                    }
                >
                    <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M5 2h6v1.5h3V5H2V3.5h3zM3.5 6h9l-.7 8H4.2z" fill="currentColor"/></svg>
                </button>
            </div>
            </Show>
            <Show when=move || details_open.get()>
                <super::details::DetailsEditor id=details_id.clone() card=card kind=kind on_close=Callback::new(move |_| details_open.set(false))/>
            </Show>
            <Show when=move || palette_open.get()>
                <div class="palette" role="radiogroup" aria-label=move || t().colour>
                    {Colour::ALL
                        .into_iter()
                        .map(|c| {
                            let id = colour_id.clone();
                            view! {
                                <button
                                    class=format!("swatch-button colour-{}", c.as_str())
                                    role="radio"
                                    aria-checked=move || (colour() == c).to_string()
                                    aria-label=move || t().colour(c)
                                    title=move || t().colour(c)
                                    on:click=move |_| {
                                        palette_open.set(false);
                                        if colour() != c {
                                            ctx.sync.commit(Op::EditCard { id: id.clone(), text: None, colour: Some(c), tags: None, details: None });
                                        }
                                    }
                                ></button>
                            }
                        })
                        .collect_view()}
                </div>
            </Show>
        </article>
    }
}

/// The inline editor: Enter or leaving the field saves, Shift+Enter breaks a line, Escape
/// cancels.
#[component]
fn CardEditor(id: CardId, initial: String) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let text = RwSignal::new(initial.clone());
    let area = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(el) = area.get() {
            let _ = el.focus();
            el.select();
        }
    });
    let done = StoredValue::new(false);
    let save = {
        let id = id.clone();
        move || {
            if done.get_value() {
                return;
            }
            done.set_value(true);
            ctx.editing.set(None);
            let value = text.get_untracked();
            if value != initial {
                ctx.sync.commit(Op::EditCard {
                    id: id.clone(),
                    text: Some(value),
                    colour: None,
                    tags: None,
                    details: None,
                });
            }
            #[cfg(not(feature = "ssr"))]
            super::drag::dom::focus_soon(dom_id(&id));
        }
    };
    let save_on_key = save.clone();
    let over = move || {
        let n = text.with(|s| s.chars().count());
        (n > crate::domain::model::MAX_CARD_TEXT - 100)
            .then(|| format!("{n} / {}", crate::domain::model::MAX_CARD_TEXT))
    };
    view! {
        <textarea
            node_ref=area
            class="card-editor"
            aria-label=move || t().card_text
            rows="3"
            prop:value=move || text.get()
            on:input=move |ev| text.set(event_target_value(&ev))
            on:keydown=move |ev| {
                ev.stop_propagation();
                if ev.key() == "Enter" && !ev.shift_key() {
                    ev.prevent_default();
                    save_on_key();
                } else if ev.key() == "Escape" {
                    ev.prevent_default();
                    done.set_value(true);
                    ctx.editing.set(None);
                }
            }
            on:blur=move |_| save()
        ></textarea>
        {move || over().map(|s| view! { <span class="counter">{s}</span> })}
    }
}

fn card_text(ctx: BoardCtx, id: &CardId) -> String {
    ctx.sync.map.with_untracked(|m| m.cards.get(id).map(|c| c.text.clone()).unwrap_or_default())
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
        #[cfg(not(feature = "ssr"))]
        super::drag::dom::focus_soon(dom_id(id));
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
    #[cfg(not(feature = "ssr"))]
    super::drag::dom::focus_soon(dom_id(&h.card));
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
            .replace("{card}", &card_text(ctx, &h.card))
            .replace("{cell}", &ctx.cell_name(&h.stage, &h.lane)),
    );
    #[cfg(not(feature = "ssr"))]
    super::drag::dom::focus_soon(dom_id(&h.card));
}
