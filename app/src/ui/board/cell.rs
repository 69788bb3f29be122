//! One cell of the board: its cards in order, the drop preview and "Add card".

use super::card::CardView;
use super::BoardCtx;
use crate::domain::{Card, CardId, LaneId, LaneKind, Op, StageId};
use leptos::prelude::*;

#[component]
pub fn Cell(stage: StageId, lane: LaneId, kind: Memo<LaneKind>, emotions: Memo<bool>) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let key = (stage.clone(), lane.clone());
    let ids = {
        let key = key.clone();
        Memo::new(move |_| ctx.index.with(|ix| ix.get(&key).cloned().unwrap_or_default()))
    };
    let name = {
        let (stage, lane) = key.clone();
        // From the titles alone: an edit of a card does not wake the board's cells.
        Memo::new(move |_| {
            ctx.titles.with(|(stages, lanes)| {
                let s = stages.get(&stage).map(String::as_str).unwrap_or_default();
                let l = lanes.get(&lane).map(String::as_str).unwrap_or_default();
                format!("{s} — {l}")
            })
        })
    };
    // The card a dragged one would land before, in this cell (see `CardView`).
    let drop_at = {
        let key = key.clone();
        super::client_memo(move || {
            ctx.drag.target.with(|t| {
                let t = t.as_ref().filter(|t| (&t.stage, &t.lane) == (&key.0, &key.1))?;
                let dragged = ctx.drag.card.get_untracked();
                ids.with(|v| v.iter().filter(|c| Some(*c) != dragged.as_ref()).nth(t.index).cloned())
            })
        })
    };
    let drop_at_end = {
        let key = key.clone();
        move || {
            ctx.drag.target.with(|t| {
                t.as_ref().is_some_and(|t| (&t.stage, &t.lane) == (&key.0, &key.1) && t.index >= ids.with(|v| v.len()))
            })
        }
    };
    let is_adding = {
        let key = key.clone();
        move || ctx.adding.with(|a| a.as_ref() == Some(&key))
    };
    let open_adding = {
        let key = key.clone();
        move |_| ctx.adding.set(Some(key.clone()))
    };
    let (stage_attr, lane_attr) = (stage.to_string(), lane.to_string());
    view! {
        <div
            class="cell"
            role="gridcell"
            tabindex="-1"
            aria-label=move || name.get()
            data-cell=""
            data-stage=stage_attr
            data-lane=lane_attr
        >
            {
                let stage = stage.clone();
                move || emotions.get().then(|| view! { <super::emotions::EmotionCell stage=stage.clone()/> })
            }
            <For each=move || ids.get() key=|id| id.clone() let:id>
                <CardView id=id lane=lane.clone() kind=kind.into() drop_at=drop_at/>
            </For>
            <div class="drop-indicator" class:visible=drop_at_end aria-hidden="true"></div>
            <Show
                when=is_adding.clone()
                fallback=move || {
                    view! {
                        <button class="add-card" on:click=open_adding.clone() title=move || t().add_card>
                            <span aria-hidden="true">"+ "</span>
                            <span>{move || t().add_card}</span>
                        </button>
                    }
                }
            >
                <NewCard stage=key.0.clone() lane=key.1.clone()/>
            </Show>
        </div>
    }
}

/// The draft of a new card. Enter adds it and leaves the draft open for the next one;
/// Escape or leaving the field closes it.
#[component]
fn NewCard(stage: StageId, lane: LaneId) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let text = RwSignal::new(String::new());
    let area = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(el) = area.get() {
            let _ = el.focus();
        }
    });
    let add = move || {
        let value = text.get_untracked();
        if value.trim().is_empty() {
            ctx.adding.set(None);
            return;
        }
        let (stage, lane) = (stage.clone(), lane.clone());
        let (order, colour) = ctx.sync.map.with_untracked(|m| {
            let colour = m.lanes.get(&lane).map(|l| l.kind.default_colour()).unwrap_or_default();
            (m.card_key_at(&stage, &lane, usize::MAX, None), colour)
        });
        let card = Card {
            author: None,
            id: CardId::generate(),
            lane,
            stage,
            order,
            text: value.trim().to_owned(),
            colour,
            tags: vec![],
            details: Default::default(),
        };
        if ctx.sync.commit(Op::AddCard { card }) {
            text.set(String::new());
        }
    };
    let add_on_key = add.clone();
    view! {
        <div class="card draft">
            <textarea
                node_ref=area
                aria-label=move || t().card_text
                rows="2"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
                on:keydown=move |ev| {
                    if ev.key() == "Enter" && !ev.shift_key() {
                        ev.prevent_default();
                        add_on_key();
                    } else if ev.key() == "Escape" {
                        ctx.adding.set(None);
                    }
                }
                on:blur=move |_| {
                    add();
                    ctx.adding.set(None);
                }
            ></textarea>
        </div>
    }
}
