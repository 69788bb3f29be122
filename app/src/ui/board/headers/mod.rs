//! Headers: the map title, stage column headers (rename, duration, delete, drag to
//! reorder, Alt+arrows), lane row headers (the same, vertically), and the add controls.

use super::BoardCtx;
use crate::domain::{Lane, LaneId, LaneKind, Op, Stage, StageId};
use leptos::prelude::*;

/// An inline text editor: Enter or leaving saves, Escape cancels.
#[component]
fn InlineEdit(value: String, label: String, on_save: Callback<String>, on_close: Callback<()>) -> impl IntoView {
    let text = RwSignal::new(value.clone());
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
            el.select();
        }
    });
    let done = StoredValue::new(false);
    let value = StoredValue::new(value);
    let finish = move |save: bool| {
        if done.get_value() {
            return;
        }
        done.set_value(true);
        on_close.run(());
        let v = text.get_untracked();
        if save && value.with_value(|old| *old != v) {
            on_save.run(v);
        }
    };
    view! {
        <input
            class="inline-edit"
            type="text"
            node_ref=input
            aria-label=label
            prop:value=move || text.get()
            on:input=move |ev| text.set(event_target_value(&ev))
            on:keydown=move |ev| {
                ev.stop_propagation();
                match ev.key().as_str() {
                    "Enter" => {
                        ev.prevent_default();
                        finish(true);
                    }
                    "Escape" => {
                        ev.prevent_default();
                        finish(false);
                    }
                    _ => {}
                }
            }
            on:blur=move |_| finish(true)
        />
    }
}

#[component]
pub fn MapTitle() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let title = Memo::new(move |_| ctx.sync.map.with(|m| m.title.clone()));
    let editing = RwSignal::new(false);
    view! {
        <div class="map-title">
            <Show
                when=move || editing.get()
                fallback=move || view! {
                    <h1 id="map-title" on:dblclick=move |_| editing.set(true)>{move || title.get()}</h1>
                    <button class="button ghost small" on:click=move |_| editing.set(true)>{move || t().rename}</button>
                }
            >
                <h1 id="map-title" class="visually-hidden">{move || title.get()}</h1>
                <InlineEdit
                    value=title.get_untracked()
                    label=t().map_title.to_owned()
                    on_save=Callback::new(move |v: String| { ctx.sync.commit(Op::EditMap { title: Some(v), description: None }); })
                    on_close=Callback::new(move |_| editing.set(false))
                />
            </Show>
        </div>
    }
}

/// Reorders a stage or lane to `index` (0-based, among the others).
fn move_stage_to(ctx: BoardCtx, id: &StageId, index: usize) {
    let op = ctx.sync.map.with_untracked(|m| {
        let current = m.ordered_stages().iter().position(|s| s.id == *id)?;
        (current != index).then(|| Op::MoveStage { id: id.clone(), order: m.stage_key_at(index, Some(id)) })
    });
    if let Some(op) = op {
        ctx.sync.commit(op);
    }
}

fn move_lane_to(ctx: BoardCtx, id: &LaneId, index: usize) {
    let op = ctx.sync.map.with_untracked(|m| {
        let current = m.ordered_lanes().iter().position(|l| l.id == *id)?;
        (current != index).then(|| Op::MoveLane { id: id.clone(), order: m.lane_key_at(index, Some(id)) })
    });
    if let Some(op) = op {
        ctx.sync.commit(op);
    }
}

/// A header being dragged along its axis.
#[derive(Clone, Debug, PartialEq)]
struct HeaderDrag {
    id: String,
    start: f64,
    offset: f64,
    active: bool,
    index: usize,
}

#[component]
pub fn StageHeaderRow() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let renaming = RwSignal::new(None::<StageId>);
    let drag = RwSignal::new(None::<HeaderDrag>);
    let add_stage = move |_| {
        let stage = ctx.sync.map.with_untracked(|m| Stage {
            id: StageId::generate(),
            title: t().new_stage.to_owned(),
            description: String::new(),
            duration: String::new(),
            order: m.stage_key_at(usize::MAX, None),
        });
        let id = stage.id.clone();
        if ctx.sync.commit(Op::AddStage { stage, cards: vec![], emotions: Vec::new() }) {
            renaming.set(Some(id));
        }
    };
    view! {
        <div class="board-row board-head" role="row">
            <div class="corner" role="columnheader">
                <span class="visually-hidden">{move || t().lane_title}</span>
            </div>
            <For each=move || ctx.stages.get() key=|id| id.clone() let:id>
                <StageHeader id=id renaming=renaming drag=drag/>
            </For>
            <div class="add-column">
                <button class="button ghost" on:click=add_stage>
                    <span aria-hidden="true">"+ "</span>
                    {move || t().add_stage}
                </button>
            </div>
        </div>
    }
}

#[component]
fn StageHeader(id: StageId, renaming: RwSignal<Option<StageId>>, drag: RwSignal<Option<HeaderDrag>>) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let stage = {
        let id = id.clone();
        Memo::new(move |_| ctx.sync.map.with(|m| m.stages.get(&id).cloned()))
    };
    let title = move || stage.with(|s| s.as_ref().map(|s| s.title.clone()).unwrap_or_default());
    let duration = move || stage.with(|s| s.as_ref().map(|s| s.duration.clone()).unwrap_or_default());
    let is_renaming = {
        let id = id.clone();
        move || renaming.with(|r| r.as_ref() == Some(&id))
    };
    let key = id.to_string();
    let dragging = {
        let key = key.clone();
        move || drag.with(|d| d.as_ref().is_some_and(|d| d.active && d.id == key))
    };
    let offset = {
        let dragging = dragging.clone();
        move || {
            if dragging() {
                drag.with(|d| d.as_ref().map(|d| format!("transform: translateX({}px)", d.offset)).unwrap_or_default())
            } else {
                String::new()
            }
        }
    };
    let delete = {
        let id = id.clone();
        move |_| {
            let (title, n) = ctx.sync.map.with_untracked(|m| {
                (m.stages.get(&id).map(|s| s.title.clone()).unwrap_or_default(), m.cards_in_stage(&id).len())
            });
            let t = ctx.i18n.locale.get_untracked().messages();
            let cards = t.cards.format(ctx.i18n.locale.get_untracked(), n as u64);
            if n == 0 || confirm(&t.delete_stage_confirm.replace("{title}", &title).replace("{cards}", &cards)) {
                ctx.sync.commit(Op::DeleteStage { id: id.clone() });
            }
        }
    };
    let on_key = {
        let id = id.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if !ev.alt_key() {
                return;
            }
            let current = ctx.stages.with_untracked(|s| s.iter().position(|x| *x == id)).unwrap_or(0);
            match ev.key().as_str() {
                "ArrowLeft" if current > 0 => {
                    ev.prevent_default();
                    move_stage_to(ctx, &id, current - 1);
                }
                "ArrowRight" => {
                    ev.prevent_default();
                    move_stage_to(ctx, &id, current + 1);
                }
                _ => {}
            }
        }
    };
    let pointer = header_pointer(ctx.can_edit, drag, key.clone(), true, ".board-head .stage-header:not(.dragging)", {
        let id = id.clone();
        move |index| move_stage_to(ctx, &id, index)
    });
    let rename_id = id.clone();
    let save_id = id.clone();
    let duration_id = id.clone();
    view! {
        <div
            class="stage-header"
            class:dragging=dragging
            role="columnheader"
            data-stage=key.clone()
            style=offset
            on:keydown=on_key
            on:pointerdown=pointer.0
            on:pointermove=pointer.1
            on:pointerup=pointer.2
            on:pointercancel=move |_| drag.set(None)
        >
            <Show
                when=is_renaming
                fallback=move || {
                    let rename_id = rename_id.clone();
                    view! {
                        <span class="grip" aria-hidden="true">"⠿"</span>
                        <span class="stage-title" on:dblclick=move |_| renaming.set(Some(rename_id.clone()))>{title}</span>
                    }
                }
            >
                <InlineEdit
                    value=title()
                    label=t().stage_title.to_owned()
                    on_save=Callback::new({
                        let id = save_id.clone();
                        move |v: String| { ctx.sync.commit(Op::EditStage { id: id.clone(), title: Some(v), description: None, duration: None }); }
                    })
                    on_close=Callback::new(move |_| renaming.set(None))
                />
            </Show>
            <DurationField id=duration_id value=Signal::derive(duration)/>
            <div class="header-actions">
                <button class="icon-button" aria-label=move || format!("{} {}", t().rename, title()) title=move || t().rename
                    on:click={
                        let id = id.clone();
                        move |_| renaming.set(Some(id.clone()))
                    }>
                    <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M2 12.5V14h1.5l8-8L10 4.5l-8 8z" fill="currentColor"/></svg>
                </button>
                <button class="icon-button" aria-label=move || format!("{} {}", t().delete_stage, title()) title=move || t().delete_stage on:click=delete>
                    <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M5 2h6v1.5h3V5H2V3.5h3zM3.5 6h9l-.7 8H4.2z" fill="currentColor"/></svg>
                </button>
            </div>
        </div>
    }
}

/// The expected duration of a stage, edited in place.
#[component]
fn DurationField(id: StageId, value: Signal<String>) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    view! {
        <input
            class="duration"
            type="text"
            maxlength="60"
            placeholder=move || t().duration
            aria-label=move || t().duration
            prop:value=move || value.get()
            on:change=move |ev| {
                let v = event_target_value(&ev);
                if v != value.get_untracked() {
                    ctx.sync.commit(Op::EditStage { id: id.clone(), title: None, description: None, duration: Some(v) });
                }
            }
        />
    }
}

#[component]
pub fn LaneHeader(lane: LaneId) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let data = {
        let id = lane.clone();
        Memo::new(move |_| ctx.sync.map.with(|m| m.lanes.get(&id).cloned()))
    };
    let title = move || data.with(|l| l.as_ref().map(|l| l.title.clone()).unwrap_or_default());
    let kind = move || data.with(|l| l.as_ref().map(|l| l.kind).unwrap_or(LaneKind::Text));
    let renaming = RwSignal::new(false);
    let drag = expect_context::<LaneDrag>().0;
    let key = lane.to_string();
    let dragging = {
        let key = key.clone();
        move || drag.with(|d| d.as_ref().is_some_and(|d| d.active && d.id == key))
    };
    let offset = {
        let dragging = dragging.clone();
        move || {
            if dragging() {
                drag.with(|d| d.as_ref().map(|d| format!("transform: translateY({}px)", d.offset)).unwrap_or_default())
            } else {
                String::new()
            }
        }
    };
    let delete = {
        let id = lane.clone();
        move |_| {
            let (title, n) = ctx.sync.map.with_untracked(|m| {
                (m.lanes.get(&id).map(|l| l.title.clone()).unwrap_or_default(), m.cards_in_lane(&id).len())
            });
            let t = ctx.i18n.locale.get_untracked().messages();
            let cards = t.cards.format(ctx.i18n.locale.get_untracked(), n as u64);
            if n == 0 || confirm(&t.delete_lane_confirm.replace("{title}", &title).replace("{cards}", &cards)) {
                ctx.sync.commit(Op::DeleteLane { id: id.clone() });
            }
        }
    };
    let on_key = {
        let id = lane.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if !ev.alt_key() {
                return;
            }
            let current = ctx.lanes.with_untracked(|s| s.iter().position(|x| *x == id)).unwrap_or(0);
            match ev.key().as_str() {
                "ArrowUp" if current > 0 => {
                    ev.prevent_default();
                    move_lane_to(ctx, &id, current - 1);
                }
                "ArrowDown" => {
                    ev.prevent_default();
                    move_lane_to(ctx, &id, current + 1);
                }
                _ => {}
            }
        }
    };
    let pointer = header_pointer(ctx.can_edit, drag, key.clone(), false, ".board-row .lane-header:not(.dragging)", {
        let id = lane.clone();
        move |index| move_lane_to(ctx, &id, index)
    });
    let save_id = lane.clone();
    view! {
        <div
            class=move || format!("lane-header kind-{}", kind().as_str())
            class:dragging=dragging
            role="rowheader"
            data-lane=key.clone()
            style=offset
            on:keydown=on_key
            on:pointerdown=pointer.0
            on:pointermove=pointer.1
            on:pointerup=pointer.2
            on:pointercancel=move |_| drag.set(None)
        >
            <Show
                when=move || renaming.get()
                fallback=move || view! {
                    <span class="grip" aria-hidden="true">"⠿"</span>
                    <span class="lane-title" on:dblclick=move |_| renaming.set(true)>{title}</span>
                    // The kind, unless the title already says it.
                    {move || (title() != t().lane_kind(kind())).then(|| view! { <span class="lane-kind">{t().lane_kind(kind())}</span> })}
                }
            >
                <InlineEdit
                    value=title()
                    label=t().lane_title.to_owned()
                    on_save=Callback::new({
                        let id = save_id.clone();
                        move |v: String| { ctx.sync.commit(Op::EditLane { id: id.clone(), title: v }); }
                    })
                    on_close=Callback::new(move |_| renaming.set(false))
                />
            </Show>
            <div class="header-actions">
                <button class="icon-button" aria-label=move || format!("{} {}", t().rename, title()) title=move || t().rename
                    on:click=move |_| renaming.set(true)>
                    <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M2 12.5V14h1.5l8-8L10 4.5l-8 8z" fill="currentColor"/></svg>
                </button>
                <button class="icon-button" aria-label=move || format!("{} {}", t().delete_lane, title()) title=move || t().delete_lane on:click=delete>
                    <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M5 2h6v1.5h3V5H2V3.5h3zM3.5 6h9l-.7 8H4.2z" fill="currentColor"/></svg>
                </button>
            </div>
        </div>
    }
}

/// Shared drag state of lane headers (they live in different rows).
#[derive(Clone, Copy)]
pub struct LaneDrag(RwSignal<Option<HeaderDrag>>);

pub fn provide_lane_drag() {
    provide_context(LaneDrag(RwSignal::new(None)));
}

type PointerHandler = Box<dyn FnMut(leptos::ev::PointerEvent)>;

/// Pointer handlers (down, move, up) that drag a header along one axis and call `drop`
/// with the new index.
fn header_pointer(
    can_edit: bool,
    drag: RwSignal<Option<HeaderDrag>>,
    key: String,
    horizontal: bool,
    #[allow(unused_variables)] selector: &'static str,
    drop: impl Fn(usize) + 'static,
) -> (PointerHandler, PointerHandler, PointerHandler) {
    let pos = move |ev: &leptos::ev::PointerEvent| {
        if horizontal {
            ev.client_x() as f64
        } else {
            ev.client_y() as f64
        }
    };
    let down_key = key.clone();
    let down = Box::new(move |ev: leptos::ev::PointerEvent| {
        if ev.button() != 0 || !can_edit {
            return;
        }
        #[cfg(not(feature = "ssr"))]
        {
            if super::drag::dom::on_control(&ev) {
                return;
            }
            super::drag::dom::capture(&ev);
        }
        drag.set(Some(HeaderDrag { id: down_key.clone(), start: pos(&ev), offset: 0.0, active: false, index: 0 }));
    });
    let move_key = key.clone();
    let mv = Box::new(move |ev: leptos::ev::PointerEvent| {
        if !drag.with_untracked(|d| d.as_ref().is_some_and(|d| d.id == move_key)) {
            return;
        }
        let p = pos(&ev);
        drag.update(|d| {
            let Some(d) = d.as_mut() else { return };
            let offset = p - d.start;
            if !d.active && offset.abs() < super::drag::THRESHOLD {
                return;
            }
            d.active = true;
            d.offset = offset;
            #[cfg(not(feature = "ssr"))]
            {
                d.index = super::drag::dom::index_along(selector, p, horizontal);
            }
        });
        #[cfg(not(feature = "ssr"))]
        super::drag::dom::auto_scroll(ev.client_x() as f64, ev.client_y() as f64);
    });
    let up = Box::new(move |_: leptos::ev::PointerEvent| {
        let Some(d) = drag.get_untracked() else {
            return;
        };
        drag.set(None);
        if d.active && d.id == key {
            drop(d.index);
        }
    });
    (down, mv, up)
}

#[component]
pub fn AddLane() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let kind = RwSignal::new(LaneKind::Thoughts);
    let add = move |_| {
        let k = kind.get_untracked();
        let lane = ctx.sync.map.with_untracked(|m| Lane {
            id: LaneId::generate(),
            kind: k,
            title: t().lane_kind(k).to_owned(),
            order: m.lane_key_at(usize::MAX, None),
        });
        ctx.sync.commit(Op::AddLane { lane, cards: vec![] });
    };
    view! {
        <div class="add-lane">
            <label class="field inline">
                <span>{move || t().lane_kind}</span>
                <select on:change=move |ev| {
                    if let Some(k) = LaneKind::parse(&event_target_value(&ev)) {
                        kind.set(k);
                    }
                }>
                    {LaneKind::ALL
                        .into_iter()
                        .map(|k| view! { <option value=k.as_str() selected=move || kind.get() == k>{move || t().lane_kind(k)}</option> })
                        .collect_view()}
                </select>
            </label>
            <button class="button ghost" on:click=add>
                <span aria-hidden="true">"+ "</span>
                {move || t().add_lane}
            </button>
        </div>
    }
}

/// Asks the user to confirm (the browser's dialog); never on the server.
pub fn confirm(message: &str) -> bool {
    #[cfg(not(feature = "ssr"))]
    {
        window().confirm_with_message(message).unwrap_or(false)
    }
    #[cfg(feature = "ssr")]
    {
        let _ = message;
        false
    }
}
