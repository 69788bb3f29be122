//! Zooming the board, 25–200 %: "Zoom out", the level (a click sets it back to 100 %),
//! "Zoom in" and "Fit to screen" in the toolbar; Ctrl/⌘ + wheel (a trackpad's pinch
//! arrives as one) keeping the point under the pointer in place; two fingers pinching on
//! a touch screen; Ctrl/⌘ + plus, minus and 0. The level is kept per map in this browser.
//!
//! The grid is scaled with CSS `zoom`, so its layout, scrolling and hit testing follow it;
//! what is measured in the grid's own pixels (a dragged card's or header's offset, the live
//! cursors, the emotion track) divides by [`factor`].

// The browser's handlers use these; the server renders without them.
#![cfg_attr(feature = "ssr", allow(dead_code))]

use super::BoardCtx;
use crate::ui::browser;
use leptos::prelude::*;

pub const MIN: u16 = 25;
pub const MAX: u16 = 200;
/// The levels the buttons step through (as browsers do).
const STEPS: [u16; 12] = [25, 33, 50, 67, 75, 90, 100, 110, 125, 150, 175, 200];

/// The next level up from `p`.
pub fn step_in(p: u16) -> u16 {
    STEPS.iter().copied().find(|&s| s > p).unwrap_or(MAX)
}

/// The next level down from `p`.
pub fn step_out(p: u16) -> u16 {
    STEPS.iter().rev().copied().find(|&s| s < p).unwrap_or(MIN)
}

/// A level in percent, rounded and kept within 25–200 %.
pub fn clamp(p: f64) -> u16 {
    if p.is_nan() {
        return 100;
    }
    p.round().clamp(f64::from(MIN), f64::from(MAX)) as u16
}

/// The level at which a grid of `size` (at 100 %) fits into `room`: never above 100 %
/// (fitting a small map does not blow it up), never below 25 %.
pub fn fit(size: (f64, f64), room: (f64, f64)) -> u16 {
    if size.0 <= 0.0 || size.1 <= 0.0 || room.0 <= 0.0 || room.1 <= 0.0 {
        return 100;
    }
    clamp(((room.0 / size.0).min(room.1 / size.1) * 100.0).floor().min(100.0))
}

/// The level after a wheel turn of `delta_y` pixels while Ctrl/⌘ is held (up zooms in).
pub fn wheel(p: u16, delta_y: f64) -> u16 {
    clamp(f64::from(p) * (-delta_y.clamp(-200.0, 200.0) * 0.002).exp())
}

thread_local! {
    static FACTOR: std::cell::Cell<f64> = const { std::cell::Cell::new(1.0) };
}

/// The board's zoom as a factor (1.0 at 100 %), for pointer handlers that measure in the
/// grid's pixels. One board is shown at a time.
pub fn factor() -> f64 {
    FACTOR.with(std::cell::Cell::get)
}

/// The board's zoom level (in percent) and where this browser keeps it.
#[derive(Clone, Copy)]
pub struct Zoom {
    pub level: RwSignal<u16>,
    key: StoredValue<String>,
}

impl Zoom {
    pub fn new(map: &crate::domain::MapId) -> Self {
        Zoom { level: RwSignal::new(100), key: StoredValue::new(format!("jornada.zoom.{}", map.as_str())) }
    }

    /// Sets the level (kept for the next visit; 100 % is forgotten).
    pub fn set(&self, p: u16) {
        let p = p.clamp(MIN, MAX);
        FACTOR.with(|f| f.set(f64::from(p) / 100.0));
        if self.level.get_untracked() != p {
            self.level.set(p);
        }
        let kept = if p == 100 { String::new() } else { p.to_string() };
        self.key.with_value(|k| browser::store(k, &kept));
    }

    /// Zooms to `p` keeping the grid's point under (`x`, `y`) (in the page) where it is;
    /// the centre of the visible board without a point.
    pub fn zoom_to(&self, p: u16, at: Option<(f64, f64)>) {
        let before = f64::from(self.level.get_untracked());
        self.set(p);
        browser::keep_point_on_zoom("[data-board-scroll]", f64::from(p.clamp(MIN, MAX)) / before, at);
    }

    /// The level kept by an earlier visit (after hydration: the server renders 100 %).
    pub fn restore(&self) {
        FACTOR.with(|f| f.set(1.0));
        if let Some(p) = self.key.with_value(|k| browser::stored(k)).and_then(|v| v.parse::<f64>().ok()) {
            self.set(clamp(p));
        }
    }

    /// Fits the whole grid into the visible part of the board.
    pub fn fit_to_screen(&self) {
        if let Some((size, room)) = browser::board_and_room(".board", "[data-board-scroll]") {
            let z = f64::from(self.level.get_untracked()) / 100.0;
            self.set(fit((size.0 / z, size.1 / z), room));
        }
    }

    /// The grid's `zoom` style ("" at 100 %).
    pub fn style(&self) -> String {
        match self.level.get() {
            100 => String::new(),
            p => format!("zoom: {};", f64::from(p) / 100.0),
        }
    }
}

/// Ctrl/⌘ + wheel over the board, and two fingers pinching on it (in the browser only).
pub fn wire(ctx: BoardCtx, scroller: NodeRef<leptos::html::Div>) {
    // Once hydrated: the server rendered 100 %.
    Effect::new(move |_| ctx.zoom.restore());
    // Printing (Ctrl+P or "Print"): the whole grid fitted to the page's width.
    #[cfg(not(feature = "ssr"))]
    {
        let handle = window_event_listener(leptos::ev::Custom::<web_sys::Event>::new("beforeprint"), move |_| {
            if let Some(((w, _), _)) = browser::board_and_room(".board", "[data-board-scroll]") {
                browser::fit_for_print(w / factor());
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "ssr"))]
    scroller.on_load(move |el| {
        use wasm_bindgen::JsCast;
        let zoom = ctx.zoom;
        let on_wheel =
            wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::WheelEvent)>::new(move |ev: web_sys::WheelEvent| {
                if !(ev.ctrl_key() || ev.meta_key()) {
                    return;
                }
                ev.prevent_default();
                // Lines and pages (a mouse in some systems) count as 40 pixels.
                let dy = if ev.delta_mode() == 0 { ev.delta_y() } else { ev.delta_y() * 40.0 };
                let p = wheel(zoom.level.get_untracked(), dy);
                zoom.zoom_to(p, Some((f64::from(ev.client_x()), f64::from(ev.client_y()))));
            });
        let options = web_sys::AddEventListenerOptions::new();
        options.set_passive(false);
        let _ = el.add_event_listener_with_callback_and_add_event_listener_options(
            "wheel",
            on_wheel.as_ref().unchecked_ref(),
            &options,
        );
        on_wheel.forget();
        // While a finger drags a lifted card, its moves are the drag's, not a scroll.
        let no_scroll = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            if ctx.drag.touch.try_get_value() == Some((true, true)) {
                ev.prevent_default();
            }
        });
        let _ = el.add_event_listener_with_callback_and_add_event_listener_options(
            "touchmove",
            no_scroll.as_ref().unchecked_ref(),
            &options,
        );
        no_scroll.forget();
        pinch(ctx, &el);
    });
    #[cfg(feature = "ssr")]
    let _ = scroller;
}

/// Two fingers on the board: the level follows the distance between them.
#[cfg(not(feature = "ssr"))]
fn pinch(ctx: BoardCtx, el: &web_sys::HtmlDivElement) {
    use std::collections::BTreeMap;
    use wasm_bindgen::JsCast;
    let fingers = StoredValue::new(BTreeMap::<i32, (f64, f64)>::new());
    // The distance and level when the second finger came down.
    let start = StoredValue::new(None::<(f64, u16)>);
    let spread = move || {
        fingers.with_value(|f| {
            let mut it = f.values();
            match (it.next(), it.next()) {
                (Some(a), Some(b)) => Some((a.0 - b.0).hypot(a.1 - b.1)),
                _ => None,
            }
        })
    };
    let on = |name: &str, f: Box<dyn FnMut(web_sys::PointerEvent)>| {
        let f = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::PointerEvent)>::new(f);
        let _ = el.add_event_listener_with_callback(name, f.as_ref().unchecked_ref());
        f.forget();
    };
    on(
        "pointerdown",
        Box::new(move |ev| {
            if ev.pointer_type() != "touch" {
                return;
            }
            fingers.update_value(|f| {
                f.insert(ev.pointer_id(), (f64::from(ev.client_x()), f64::from(ev.client_y())));
            });
            if fingers.with_value(|f| f.len()) == 2 {
                // A pinch, not a drag.
                ctx.drag.reset();
                start.set_value(spread().map(|d| (d, ctx.zoom.level.get_untracked())));
            }
        }),
    );
    on(
        "pointermove",
        Box::new(move |ev| {
            if ev.pointer_type() != "touch" || !fingers.with_value(|f| f.contains_key(&ev.pointer_id())) {
                return;
            }
            fingers.update_value(|f| {
                f.insert(ev.pointer_id(), (f64::from(ev.client_x()), f64::from(ev.client_y())));
            });
            if let (Some((d0, p0)), Some(d)) = (start.get_value(), spread()) {
                if d0 > 0.0 {
                    ctx.zoom.set(clamp(f64::from(p0) * d / d0));
                }
            }
        }),
    );
    for name in ["pointerup", "pointercancel"] {
        on(
            name,
            Box::new(move |ev| {
                fingers.update_value(|f| {
                    f.remove(&ev.pointer_id());
                });
                if fingers.with_value(|f| f.len()) < 2 {
                    start.set_value(None);
                }
            }),
        );
    }
}

/// "Zoom out", the level, "Zoom in", "Fit to screen".
#[component]
pub fn ZoomControls() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t().ed;
    let zoom = ctx.zoom;
    let level = zoom.level;
    // (Outside the macro: a bare `<=` or `>=` in an attribute would end the tag.)
    let at_min = move || level.get() <= MIN;
    let at_max = move || level.get() >= MAX;
    view! {
        <div class="zoom-controls">
            <button class="icon-button" aria-label=move || t().zoom_out title=move || t().zoom_out
                aria-keyshortcuts="Control+-" disabled=at_min
                on:click=move |_| zoom.zoom_to(step_out(level.get_untracked()), None)>
                <span aria-hidden="true">"−"</span>
            </button>
            <button class="button ghost zoom-level" title=move || t().zoom_reset aria-keyshortcuts="Control+0"
                aria-label=move || format!("{} — {} %", t().zoom_reset, level.get())
                on:click=move |_| zoom.zoom_to(100, None)>
                {move || format!("{} %", level.get())}
            </button>
            <button class="icon-button" aria-label=move || t().zoom_in title=move || t().zoom_in
                aria-keyshortcuts="Control+=" disabled=at_max
                on:click=move |_| zoom.zoom_to(step_in(level.get_untracked()), None)>
                <span aria-hidden="true">"+"</span>
            </button>
            <button class="icon-button" aria-label=move || t().fit title=move || t().fit
                on:click=move |_| zoom.fit_to_screen()>
                <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16" fill="none" stroke="currentColor" stroke-width="1.6">
                    <path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4"/>
                </svg>
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_buttons_step_through_the_levels_and_stop_at_the_ends() {
        assert_eq!(step_in(100), 110);
        assert_eq!(step_out(100), 90);
        assert_eq!(step_in(104), 110, "from between two steps, to the next one up");
        assert_eq!(step_out(104), 100);
        assert_eq!(step_in(200), 200);
        assert_eq!(step_out(25), 25);
        let mut p = 25;
        for _ in 0..20 {
            p = step_in(p);
        }
        assert_eq!(p, MAX);
    }

    #[test]
    fn fit_shrinks_a_big_grid_and_never_blows_up_a_small_one() {
        assert_eq!(fit((2400.0, 900.0), (1200.0, 900.0)), 50);
        assert_eq!(fit((1000.0, 2000.0), (1200.0, 500.0)), 25);
        assert_eq!(fit((8000.0, 4000.0), (1200.0, 800.0)), 25, "never below 25 %");
        assert_eq!(fit((600.0, 300.0), (1200.0, 800.0)), 100, "never above 100 %");
        assert_eq!(fit((0.0, 0.0), (1200.0, 800.0)), 100, "an empty board stays at 100 %");
        assert_eq!(fit((1300.0, 700.0), (1200.0, 800.0)), 92, "rounded down so it fits");
    }

    #[test]
    fn the_wheel_zooms_smoothly_within_the_bounds() {
        assert!(wheel(100, -100.0) > 100, "wheel up zooms in");
        assert!(wheel(100, 100.0) < 100);
        assert_eq!(wheel(100, 0.0), 100);
        assert_eq!(wheel(200, -10_000.0), 200);
        assert_eq!(wheel(25, 10_000.0), 25);
        assert_eq!(clamp(f64::NAN), 100);
        assert_eq!(clamp(f64::INFINITY), 200);
    }
}
