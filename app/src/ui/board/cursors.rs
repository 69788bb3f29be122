//! Live cursors: where everyone else's pointer is on the board, with their name in their
//! colour, moving smoothly (the layer eases between the positions that arrive, at most 20
//! a second); this browser's pointer sent at most every [`CURSOR_EVERY_MS`]. "Hide cursors"
//! switches the layer off (and stops sending), remembered in this browser. The layer is
//! decoration: who is here is the "People here" list.

use super::BoardCtx;
use crate::protocol::CURSOR_EVERY_MS;
use crate::ui::browser;
use leptos::prelude::*;

const HIDDEN_KEY: &str = "jornada_cursors_hidden";

/// Whether this browser shows cursors (and sends its own).
#[derive(Clone, Copy)]
pub struct CursorState {
    pub hidden: RwSignal<bool>,
    /// The latest position not sent yet, and whether a send is waiting.
    latest: StoredValue<Option<[f32; 2]>>,
    waiting: StoredValue<bool>,
}

impl CursorState {
    pub fn new() -> Self {
        CursorState { hidden: RwSignal::new(false), latest: StoredValue::new(None), waiting: StoredValue::new(false) }
    }

    /// The pointer is at `at` over the board (`None`: it left): sent at the next slot.
    pub fn moved(self, ctx: BoardCtx, at: Option<[f32; 2]>) {
        if self.hidden.get_untracked() {
            return;
        }
        self.latest.set_value(at);
        if self.waiting.get_value() {
            return;
        }
        self.waiting.set_value(true);
        let send = move || {
            self.waiting.set_value(false);
            if !self.hidden.get_untracked() {
                ctx.sync.cursor(self.latest.get_value());
            }
        };
        #[cfg(not(feature = "ssr"))]
        gloo_timers::callback::Timeout::new(CURSOR_EVERY_MS as u32, send).forget();
        #[cfg(feature = "ssr")]
        let _ = (send, CURSOR_EVERY_MS);
    }
}

/// Sends this browser's pointer while it moves over `board` (a mouse or pen, not a finger
/// that scrolls or drags); call from the board's pointer events.
pub fn on_pointer(ctx: BoardCtx, ev: &leptos::ev::PointerEvent, board: &NodeRef<leptos::html::Div>) {
    if ev.pointer_type() == "touch" {
        return;
    }
    #[cfg(not(feature = "ssr"))]
    if let Some(el) = board.get_untracked() {
        let rect = el.get_bounding_client_rect();
        // In the grid's pixels at 100 %, whatever each person's zoom.
        let z = super::zoom::factor();
        let at = [
            ((f64::from(ev.client_x()) - rect.left()) / z) as f32,
            ((f64::from(ev.client_y()) - rect.top()) / z) as f32,
        ];
        ctx.cursors.moved(ctx, Some(at));
    }
    #[cfg(feature = "ssr")]
    let _ = (ctx, board);
}

/// The others' cursors over the board.
#[component]
pub fn CursorLayer() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let shown = move || {
        let here = ctx.sync.people.get();
        let at = ctx.sync.cursors.get();
        here.into_iter().filter_map(|p| at.get(&p.id).map(|a| (p, *a))).collect::<Vec<_>>()
    };
    view! {
        <div class="cursor-layer" aria-hidden="true" class:hidden=move || ctx.cursors.hidden.get()>
            <For each=shown key=|(p, _)| (p.id.clone(), p.name.clone(), p.colour.clone()) let:item>
                {
                    let id = item.0.id.clone();
                    let pos = move || ctx.sync.cursors.with(|c| c.get(&id).copied()).unwrap_or(item.1);
                    view! {
                        <div class="cursor" style:--who=item.0.colour.clone()
                            style:transform=move || {
                                let [x, y] = pos();
                                let z = f32::from(ctx.zoom.level.get()) / 100.0;
                                format!("translate({}px, {}px)", x * z, y * z)
                            }>
                            <svg viewBox="0 0 16 16" width="16" height="16"><path d="M1 1 L1 13 L4.5 9.5 L7 15 L9 14 L6.5 8.5 L11.5 8.5 Z"/></svg>
                            <span class="cursor-name">{item.0.name.clone()}</span>
                        </div>
                    }
                }
            </For>
        </div>
    }
}

/// "Hide cursors": a toggle, pressed while the others' cursors are hidden.
#[component]
pub fn CursorSwitch() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let hidden = ctx.cursors.hidden;
    Effect::new(move |_| hidden.set(browser::stored(HIDDEN_KEY).as_deref() == Some("1")));
    view! {
        <button class="button ghost small" aria-pressed=move || hidden.get().to_string() on:click=move |_| {
            let now = !hidden.get_untracked();
            hidden.set(now);
            browser::store(HIDDEN_KEY, if now { "1" } else { "0" });
            if now {
                ctx.sync.cursor(None);
            }
        }>
            {move || t().hide_cursors}
        </button>
    }
}
