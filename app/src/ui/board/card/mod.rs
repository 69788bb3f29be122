//! One card: shows its text, edits inline, changes colour, deletes, and moves by pointer
//! drag (`pointer`) or by keyboard (`keys`: Space picks up, arrows move, Space drops,
//! Escape cancels).

pub mod events;
mod keys;
mod pointer;

use super::{client_memo, BoardCtx};
use crate::domain::comment::Anchor;
use crate::domain::{CardId, Colour, LaneId, LaneKind, Op, OrderKey, StageId};
use crate::ui::browser;
use crate::ui::widgets::{delete_icon, details_icon, edit_icon};
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
pub fn CardView(id: CardId, lane: LaneId, kind: Signal<LaneKind>, drop_at: Signal<Option<CardId>>) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    // The card's own signal: an op on another card does not wake this one.
    let card = ctx.sync.card(&id);
    let text = move || card.with(|c| c.as_ref().map(|c| c.text.clone()).unwrap_or_default());
    let colour = move || card.with(|c| c.as_ref().map(|c| c.colour).unwrap_or_default());
    let is = |id: &CardId| {
        let id = id.clone();
        move |other: Option<&CardId>| other == Some(&id)
    };
    let may = ctx.may_change(&id);
    let editing = {
        let is = is(&id);
        client_memo(move || may && ctx.editing.with(|e| is(e.as_ref())))
    };
    let dragging = {
        let is = is(&id);
        client_memo(move || ctx.drag.card.with(|c| is(c.as_ref())))
    };
    let held = {
        let is = is(&id);
        client_memo(move || ctx.held.with(|h| h.as_ref().is_some_and(|h| is(Some(&h.card)))))
    };
    // The cell says before which of its cards a dragged card would land: a drag wakes the
    // cells and the cards of the cell it is over, not every card.
    let drop_before = {
        let id = id.clone();
        move || drop_at.with(|at| at.as_ref() == Some(&id))
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
    // Under the pointer or holding focus (set by the board's listeners, see `events`).
    let active = ctx.actives.register(&id);
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

    // One class attribute, not seven: each reactive attribute is a node to build and
    // hydrate, on each of 500 cards.
    let selected = {
        let id = id.clone();
        move || ctx.selected.with(|s| s.contains(&id))
    };
    let class = move || {
        let mut class = format!("card colour-{}", colour().as_str());
        let flags = [
            (dragging.get(), " dragging"),
            (held.get(), " held"),
            (selected(), " selected"),
            (others.with(|o| !o.is_empty()), " busy"),
            (held_by_other(), " held-by-other"),
            (drop_before(), " drop-before"),
        ];
        for (on, name) in flags {
            if on {
                class.push_str(name);
            }
        }
        class
    };
    let edit_id = id.clone();
    let delete_id = id.clone();
    let colour_id = id.clone();
    let details_id = id.clone();
    let edit_button_id = id.clone();
    let comment_id = id.clone();
    view! {
        // Its pointer, keyboard, hover and focus listeners are the board's (`events`).
        <article
            class=class
            id=dom_id(&id)
            data-card=id.to_string()
            tabindex="0"
            aria-label=text
            aria-grabbed=move || held.get().to_string()
            style=move || format!("{}{}", outline(), transform())
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
            // Feedback means show on touchpoints only, so other cards build nothing for them.
            {(kind.get_untracked() == LaneKind::Touchpoints)
                .then(|| super::evidence::card_evidence(ctx, id.clone()))}
            // A dot vote on this card's lane: its vote control (and, once revealed, its total).
            {
                let (vote_id, vote_lane) = (id.clone(), lane.clone());
                move || ctx.workshop.vote_lanes.with(|l| l.contains(&vote_lane)).then(|| {
                    view! { <super::voting::VoteControl id=vote_id.clone() text=Signal::derive(text)/> }
                })
            }
            // Only the card under the pointer or holding focus renders its actions: a board of
            // 500 cards serves a third of the HTML, and each card stays light.
            {ctx.talk.sees.then(|| view! { <super::comments::CountButton anchor=Anchor::Card(id.clone())/> })}
            <Show when=move || (may || ctx.talk.can_comment) && (active.get() || palette_open.get() || details_open.get())>
            <div class="card-actions">
                {ctx.talk.can_comment.then(|| {
                    let id = comment_id.clone();
                    view! {
                        <button class="icon-button" aria-label=move || t().cm.comment title=move || t().cm.comment
                            on:click=move |_| {
                                ctx.talk.open_at(Anchor::Card(id.clone()));
                                browser::focus_soon("comment-new".into());
                            }>
                            {super::comments::comment_icon()}
                        </button>
                    }
                })}
                {may.then(|| view! {
                <Show when=move || super::details::has_fields(kind.get())>
                    <button
                        class="icon-button"
                        aria-label=move || t().card_details
                        title=move || t().card_details
                        aria-expanded=move || details_open.get().to_string()
                        on:click=move |_| details_open.update(|o| *o = !*o)
                    >
                        {details_icon()}
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
                    {edit_icon()}
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
                            delete(ctx, &delete_id);
                        }
                    }
                >
                    {delete_icon()}
                </button>
                })}
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
    browser::focus_selected(area);
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
            browser::focus_soon(dom_id(&id));
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

/// Deletes card `id`, announces it and offers to undo it (see `undo_toast`).
fn delete(ctx: BoardCtx, id: &CardId) {
    let text = card_text(ctx, id);
    if ctx.sync.commit(Op::DeleteCard { id: id.clone() }) {
        let said = ctx.i18n.t().ed.card_deleted.replace("{card}", &text);
        ctx.deleted.set(Some((said, ctx.sync.edits.get_untracked())));
    }
}

/// A card's text, as it is now.
fn card_text(ctx: BoardCtx, id: &CardId) -> String {
    ctx.sync.map.with_untracked(|m| m.cards.get(id).map(|c| c.text.clone()).unwrap_or_default())
}
