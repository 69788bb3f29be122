//! Dragging with the mouse or by touch (pointer events): cards between cells, stages and
//! lanes along their axis. A preview shows where the item lands; near the edges of the
//! board the view scrolls.

use crate::domain::{CardId, LaneId, StageId};

/// Where a dragged card would land.
#[derive(Clone, Debug, PartialEq)]
pub struct DropTarget {
    pub stage: StageId,
    pub lane: LaneId,
    /// Position among the cell's other cards.
    pub index: usize,
}

/// The card drag of a board, split so a pointer move touches only what it changes: the
/// offset (read by the dragged card alone) on every move, the drop target (read by the
/// cards around it) only when it changes.
#[derive(Clone, Copy)]
pub struct CardDrag {
    /// The card pressed and where the press started, until it moves past the threshold.
    pub press: leptos::prelude::StoredValue<Option<(CardId, (f64, f64))>>,
    /// The card being dragged (past the threshold).
    pub card: leptos::prelude::RwSignal<Option<CardId>>,
    pub offset: leptos::prelude::RwSignal<(f64, f64)>,
    pub target: leptos::prelude::RwSignal<Option<DropTarget>>,
}

impl CardDrag {
    pub fn new() -> Self {
        use leptos::prelude::*;
        CardDrag {
            press: StoredValue::new(None),
            card: RwSignal::new(None),
            offset: RwSignal::new((0.0, 0.0)),
            target: RwSignal::new(None),
        }
    }

    pub fn reset(&self) {
        use leptos::prelude::*;
        self.press.set_value(None);
        if self.card.get_untracked().is_some() {
            self.card.set(None);
        }
        if self.target.with_untracked(Option::is_some) {
            self.target.set(None);
        }
    }
}

/// Pixels a pointer moves before a press becomes a drag.
pub const THRESHOLD: f64 = 5.0;

#[cfg(not(feature = "ssr"))]
pub mod dom {
    //! Reading the layout under the pointer.
    use super::DropTarget;
    use crate::domain::{LaneId, StageId};
    use wasm_bindgen::JsCast;

    /// The cell under (x, y) and the index among its cards (the dragged one excluded).
    pub fn drop_target(x: f64, y: f64) -> Option<DropTarget> {
        let doc = leptos::prelude::document();
        let el = doc.element_from_point(x as f32, y as f32)?;
        let cell = el.closest("[data-cell]").ok()??;
        let stage = StageId(cell.get_attribute("data-stage")?);
        let lane = LaneId(cell.get_attribute("data-lane")?);
        let cards = cell.query_selector_all(".card[data-card]:not(.dragging)").ok()?;
        let mut index = 0;
        for i in 0..cards.length() {
            let Some(card) = cards.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else {
                continue;
            };
            let r = card.get_bounding_client_rect();
            if y > r.top() + r.height() / 2.0 {
                index = (i + 1) as usize;
            }
        }
        Some(DropTarget { stage, lane, index })
    }

    /// Scrolls the board when the pointer is near its edges.
    pub fn auto_scroll(x: f64, y: f64) {
        let doc = leptos::prelude::document();
        let Some(scroller) = doc.query_selector("[data-board-scroll]").ok().flatten() else {
            return;
        };
        let r = scroller.get_bounding_client_rect();
        const EDGE: f64 = 48.0;
        const STEP: f64 = 24.0;
        let dx = if x < r.left() + EDGE {
            -STEP
        } else if x > r.right() - EDGE {
            STEP
        } else {
            0.0
        };
        if dx != 0.0 {
            scroller.scroll_by_with_x_and_y(dx, 0.0);
        }
        let h = leptos::prelude::window().inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let dy = if y < EDGE {
            -STEP
        } else if y > h - EDGE {
            STEP
        } else {
            0.0
        };
        if dy != 0.0 {
            leptos::prelude::window().scroll_by_with_x_and_y(0.0, dy);
        }
    }

    /// The index along an axis among elements matching `selector`, for headers.
    pub fn index_along(selector: &str, pos: f64, horizontal: bool) -> usize {
        let doc = leptos::prelude::document();
        let Ok(list) = doc.query_selector_all(selector) else {
            return 0;
        };
        let mut index = 0;
        for i in 0..list.length() {
            let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else {
                continue;
            };
            let r = el.get_bounding_client_rect();
            let mid = if horizontal { r.left() + r.width() / 2.0 } else { r.top() + r.height() / 2.0 };
            if pos > mid {
                index = (i + 1) as usize;
            }
        }
        index
    }

    /// Focuses the element with `id` after the next render.
    pub fn focus_soon(id: String) {
        leptos::prelude::request_animation_frame(move || {
            if let Some(el) = leptos::prelude::document().get_element_by_id(&id) {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }

    pub fn capture(ev: &web_sys::PointerEvent) {
        if let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
    }

    /// Whether a press started on a control (button, field) rather than the item itself.
    pub fn on_control(ev: &web_sys::PointerEvent) -> bool {
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("button, input, textarea, select, a").ok().flatten())
            .is_some()
    }
}
