//! The board's grid: the stage headers, then a row per lane with a cell per stage. It
//! holds the listeners of everything on it (the cards', the cursors', box selection and
//! the arrow keys), one of each.

use super::{card, cell, cursors, emotions, gridnav, headers, BoardCtx, Part};
use crate::domain::LaneKind;
use leptos::prelude::*;

#[component]
pub fn Grid(board: NodeRef<leptos::html::Div>) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    view! {
        <div
            class="board"
            node_ref=board
            // The cards' listeners too (see `card::events`).
            on:pointerdown=move |ev| {
                card::events::pointer_down(ctx, &ev);
                if ctx.adds { ctx.boxing.down(&ev) }
            }
            on:pointermove=move |ev| {
                card::events::pointer_move(ctx, &ev);
                cursors::on_pointer(ctx, &ev, &board);
                ctx.boxing.moved(&ev)
            }
            on:pointerup=move |_| { card::events::pointer_up(ctx); ctx.boxing.up(ctx) }
            on:pointercancel=move |_| ctx.drag.reset()
            on:pointerover=move |ev| card::events::pointer_over(ctx, &ev)
            on:pointerleave=move |_| { ctx.actives.hover(None); ctx.cursors.moved(ctx, None) }
            on:contextmenu=move |ev| card::events::context_menu(ctx, &ev)
            on:dblclick=move |ev| card::events::double_click(ctx, &ev)
            on:focusin=move |ev| card::events::focus_in(ctx, &ev)
            on:focusout=move |ev| card::events::focus_out(ctx, &ev)
            on:keydown=move |ev| { card::events::key_down(ctx, &ev); gridnav::on_key(&ev) }
            class:searching=move || ctx.search.active()
            role="grid"
            aria-labelledby="map-title"
            aria-describedby="drag-hint"
            style=move || format!("--stage-count: {};{}", ctx.stages.get().len(), ctx.zoom.style())
        >
            <headers::StageHeaderRow/>
            <For each=move || ctx.lanes.get() key=|id| id.clone() let:lane>
                {
                    // The lane's kind, for the row and each of its cards (one memo per
                    // lane, not per card).
                    let kind = {
                        let lane = lane.clone();
                        Memo::new(move |_| {
                            ctx.sync.read(&[Part::Structure], |m| m.lanes.get(&lane).map_or(LaneKind::Text, |l| l.kind))
                        })
                    };
                    let is_emotions = Memo::new(move |_| kind.get() == LaneKind::Emotions);
                    let row_lane = lane.clone();
                    view! {
                        <div class="board-row" class:emotion-row=move || is_emotions.get() role="row" data-lane=lane.to_string() data-row="">
                            <headers::LaneHeader lane=row_lane.clone()/>
                            <For each=move || ctx.stages.get() key=|id| id.clone() let:stage>
                                <cell::Cell stage=stage lane=row_lane.clone() kind=kind emotions=is_emotions/>
                            </For>
                            {move || is_emotions.get().then(|| view! { <emotions::Curves/> })}
                        </div>
                    }
                }
            </For>
        </div>
    }
}
