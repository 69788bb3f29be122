//! What only a browser can do, in one place: dialogs, the page's location, focus and
//! selection, pointer capture, layout under the pointer, scrolling, local storage and file
//! uploads. Each function has a server body that does nothing or answers a neutral value
//! (rendering never needs them; event handlers and effects, which call them, only run in
//! the browser), so components call them without `cfg` attributes of their own.
//!
//! Long on purpose: the one file that touches `web-sys`, each call beside its server stub.

use crate::domain::{LaneId, StageId};
use leptos::prelude::*;
#[cfg(not(feature = "ssr"))]
use wasm_bindgen::JsCast;

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

/// Loads the page again (a newer Jornada is running on the server).
pub fn reload() {
    #[cfg(not(feature = "ssr"))]
    {
        let _ = window().location().reload();
    }
}

/// Opens the browser's print dialog for the page, in colour or ink-saving (`ink`: the
/// print CSS draws cards white with their colour as a border).
pub fn print(ink: bool) {
    #[cfg(not(feature = "ssr"))]
    {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-print", if ink { "ink" } else { "colour" });
        }
        let _ = window().print();
    }
    #[cfg(feature = "ssr")]
    let _ = ink;
}

/// Sets `--print-zoom` on the page so a grid `grid_width` pixels wide (at 100 %) fits a
/// landscape A4 or Letter page (about 980 CSS pixels inside its margins).
#[cfg_attr(feature = "ssr", allow(dead_code))]
pub fn fit_for_print(grid_width: f64) {
    #[cfg(not(feature = "ssr"))]
    if let Some(root) = document().document_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let zoom = if grid_width > 980.0 { 980.0 / grid_width } else { 1.0 };
        let _ = root.style().set_property("--print-zoom", &format!("{zoom:.3}"));
    }
    #[cfg(feature = "ssr")]
    let _ = grid_width;
}

/// A full page load of `url`: after signing in or out every resource starts afresh.
pub fn go(url: &str) {
    #[cfg(not(feature = "ssr"))]
    {
        let _ = window().location().assign(url);
    }
    #[cfg(feature = "ssr")]
    let _ = url;
}

/// The page's origin, to turn a path into a link people can send (the path alone on the
/// server).
pub fn absolute(path: &str) -> String {
    #[cfg(not(feature = "ssr"))]
    {
        let origin = window().location().origin().unwrap_or_default();
        format!("{origin}{path}")
    }
    #[cfg(feature = "ssr")]
    {
        path.to_owned()
    }
}

/// Selects a read-only field's text when it gets focus, ready to copy.
pub fn select_on_focus(ev: leptos::ev::FocusEvent) {
    #[cfg(not(feature = "ssr"))]
    {
        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            input.select();
        }
    }
    #[cfg(feature = "ssr")]
    let _ = ev;
}

/// A text field that can take focus with its text selected.
pub trait Selectable {
    fn focus_and_select(&self);
}

impl Selectable for web_sys::HtmlInputElement {
    fn focus_and_select(&self) {
        let _ = self.focus();
        self.select();
    }
}

impl Selectable for web_sys::HtmlTextAreaElement {
    fn focus_and_select(&self) {
        let _ = self.focus();
        self.select();
    }
}

/// Focuses `field` once it is in the page and selects its text, ready to type over (an
/// effect: it runs in the browser only).
pub fn focus_selected<E>(field: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: Selectable + wasm_bindgen::JsCast + Clone + 'static,
{
    Effect::new(move |_| {
        if let Some(el) = field.get() {
            el.focus_and_select();
        }
    });
}

/// Focuses the element with `id` after the next render.
pub fn focus_soon(id: String) {
    #[cfg(not(feature = "ssr"))]
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&id) {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
    #[cfg(feature = "ssr")]
    let _ = id;
}

/// Replaces the page's query string with `params` (the board's filters), keeping the
/// path and adding no history entry.
pub fn replace_query(params: &[(&str, String)]) {
    #[cfg(not(feature = "ssr"))]
    {
        use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
        // RFC 3986's unreserved characters stay as they are: `kind=pain_points`, not
        // `pain%5Fpoints`, in a link people share.
        const VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
        let q: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, VALUE))).collect();
        let path = window().location().pathname().unwrap_or_default();
        let url = if q.is_empty() { path } else { format!("{path}?{}", q.join("&")) };
        if let Ok(h) = window().history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
    #[cfg(feature = "ssr")]
    let _ = params;
}

/// Scrolls card `id` into view and focuses it (the current search match).
pub fn reveal_card(id: &str) {
    #[cfg(not(feature = "ssr"))]
    if let Ok(Some(el)) = document().query_selector(&format!("[data-card=\"{id}\"]")) {
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(web_sys::ScrollLogicalPosition::Center);
        opts.set_inline(web_sys::ScrollLogicalPosition::Center);
        el.scroll_into_view_with_scroll_into_view_options(&opts);
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
    #[cfg(feature = "ssr")]
    let _ = id;
}

/// Keeps the pointer's events on the element that listens, wherever the pointer goes.
pub fn capture_pointer(ev: &leptos::ev::PointerEvent) {
    #[cfg(not(feature = "ssr"))]
    if let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
        let _ = el.set_pointer_capture(ev.pointer_id());
    }
    #[cfg(feature = "ssr")]
    let _ = ev;
}

/// The id of the card (`[data-card]`) an event happened in, if any.
pub fn card_of(ev: &web_sys::Event) -> Option<String> {
    #[cfg(not(feature = "ssr"))]
    {
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-card]").ok().flatten())
            .and_then(|card| card.get_attribute("data-card"))
    }
    #[cfg(feature = "ssr")]
    {
        let _ = ev;
        None
    }
}

/// Whether focus leaves the card it was in (for a listener on the board, not the card).
pub fn focus_leaves_card(ev: &leptos::ev::FocusEvent) -> bool {
    #[cfg(not(feature = "ssr"))]
    {
        let card = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-card]").ok().flatten());
        let to = ev.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        !card.zip(to).is_some_and(|(card, to)| card.contains(Some(&to)))
    }
    #[cfg(feature = "ssr")]
    {
        let _ = ev;
        false
    }
}

/// Whether a press started on a control (button, field) rather than the item itself.
pub fn pressed_on_control(ev: &leptos::ev::PointerEvent) -> bool {
    #[cfg(not(feature = "ssr"))]
    {
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("button, input, textarea, select, a").ok().flatten())
            .is_some()
    }
    #[cfg(feature = "ssr")]
    {
        let _ = ev;
        false
    }
}

/// The top edge of the element that listens, in the viewport (`None` on the server).
pub fn current_target_top(ev: &leptos::ev::PointerEvent) -> Option<f64> {
    #[cfg(not(feature = "ssr"))]
    {
        let el = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
        Some(el.get_bounding_client_rect().top())
    }
    #[cfg(feature = "ssr")]
    {
        let _ = ev;
        None
    }
}

/// The board cell (`[data-cell]` with `data-stage` and `data-lane`) under (x, y) and the
/// index among its cards where a dragged card would land (the dragged one excluded).
pub fn cell_under(x: f64, y: f64) -> Option<(StageId, LaneId, usize)> {
    #[cfg(not(feature = "ssr"))]
    {
        let el = document().element_from_point(x as f32, y as f32)?;
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
        Some((stage, lane, index))
    }
    #[cfg(feature = "ssr")]
    {
        let _ = (x, y);
        None
    }
}

/// The index along an axis among elements matching `selector`, for headers (0 on the
/// server).
pub fn index_along(selector: &str, pos: f64, horizontal: bool) -> usize {
    #[cfg(not(feature = "ssr"))]
    {
        let Ok(list) = document().query_selector_all(selector) else {
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
    #[cfg(feature = "ssr")]
    {
        let _ = (selector, pos, horizontal);
        0
    }
}

/// Scrolls the board (`[data-board-scroll]`) and the page when the pointer is near their
/// edges.
pub fn auto_scroll(x: f64, y: f64) {
    #[cfg(not(feature = "ssr"))]
    {
        const EDGE: f64 = 48.0;
        const STEP: f64 = 24.0;
        let Some(scroller) = document().query_selector("[data-board-scroll]").ok().flatten() else {
            return;
        };
        let r = scroller.get_bounding_client_rect();
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
        let h = window().inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let dy = if y < EDGE {
            -STEP
        } else if y > h - EDGE {
            STEP
        } else {
            0.0
        };
        if dy != 0.0 {
            window().scroll_by_with_x_and_y(0.0, dy);
        }
    }
    #[cfg(feature = "ssr")]
    let _ = (x, y);
}

/// Keeps the top bar's height in the page's `--topbar-h` (side panels open below it, so
/// they never cover the header's Mentions, account and language).
pub fn mark_topbar_height() {
    #[cfg(not(feature = "ssr"))]
    {
        let Some(doc) = window().document() else { return };
        let height = doc
            .query_selector(".topbar")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            .map_or(0, |e| e.offset_height());
        if let Some(root) = doc.document_element() {
            let _ = root.set_attribute("style", &format!("--topbar-h: {height}px"));
        }
    }
}

/// A non-empty value this browser keeps under `key` (`None` on the server).
pub fn stored(key: &str) -> Option<String> {
    #[cfg(not(feature = "ssr"))]
    {
        window().local_storage().ok().flatten()?.get_item(key).ok().flatten().filter(|v| !v.is_empty())
    }
    #[cfg(feature = "ssr")]
    {
        let _ = key;
        None
    }
}

/// Keeps `value` under `key` in this browser's local storage (an empty value forgets it).
pub fn store(key: &str, value: &str) {
    #[cfg(not(feature = "ssr"))]
    if let Some(s) = window().local_storage().ok().flatten() {
        let _ = if value.is_empty() { s.remove_item(key) } else { s.set_item(key, value) };
    }
    #[cfg(feature = "ssr")]
    let _ = (key, value);
}

/// Every key this browser keeps that starts with `prefix`, with its value.
pub fn stored_under(prefix: &str) -> Vec<(String, String)> {
    #[cfg(not(feature = "ssr"))]
    {
        let Some(s) = window().local_storage().ok().flatten() else { return Vec::new() };
        let keys: Vec<String> = (0..s.length().unwrap_or(0))
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.starts_with(prefix))
            .collect();
        keys.into_iter().filter_map(|k| s.get_item(&k).ok().flatten().map(|v| (k, v))).collect()
    }
    #[cfg(feature = "ssr")]
    {
        let _ = prefix;
        Vec::new()
    }
}

/// After the board's zoom changed by `ratio`, scrolls `scroller` so that the point at
/// `at` (in the page; the middle of the scroller without one) stays where it was.
pub fn keep_point_on_zoom(scroller: &str, ratio: f64, at: Option<(f64, f64)>) {
    #[cfg(not(feature = "ssr"))]
    {
        let Some(el) = document().query_selector(scroller).ok().flatten() else { return };
        let rect = el.get_bounding_client_rect();
        let (px, py) = match at {
            Some((x, y)) => (x - rect.left(), y - rect.top()),
            None => (f64::from(el.client_width()) / 2.0, f64::from(el.client_height()) / 2.0),
        };
        let (left, top) = (f64::from(el.scroll_left()), f64::from(el.scroll_top()));
        // Once the new zoom is laid out.
        request_animation_frame(move || {
            el.set_scroll_left(((left + px) * ratio - px).round() as i32);
            el.set_scroll_top(((top + py) * ratio - py).round() as i32);
        });
    }
    #[cfg(feature = "ssr")]
    let _ = (scroller, ratio, at);
}

/// The size of `board` as drawn now, and the room the page gives it inside `scroller`
/// (its width; the window's height below its top).
pub fn board_and_room(board: &str, scroller: &str) -> Option<((f64, f64), (f64, f64))> {
    #[cfg(not(feature = "ssr"))]
    {
        let doc = document();
        let b = doc.query_selector(board).ok().flatten()?.get_bounding_client_rect();
        let s = doc.query_selector(scroller).ok().flatten()?;
        let top = s.get_bounding_client_rect().top();
        let height = window().inner_height().ok()?.as_f64()? - top - 24.0;
        Some(((b.width(), b.height()), (f64::from(s.client_width()), height.max(120.0))))
    }
    #[cfg(feature = "ssr")]
    {
        let _ = (board, scroller);
        None
    }
}

/// Where the focus is on the board: the cell (its stage and lane ids) and, when a card
/// has it, that card's id.
#[cfg_attr(feature = "ssr", allow(dead_code))]
pub fn focused_place() -> Option<(String, String, Option<String>)> {
    #[cfg(not(feature = "ssr"))]
    {
        let active = document().active_element()?;
        let cell = active.closest("[data-cell]").ok().flatten()?;
        let card = active.get_attribute("data-card");
        Some((cell.get_attribute("data-stage")?, cell.get_attribute("data-lane")?, card))
    }
    #[cfg(feature = "ssr")]
    None
}

/// Whether a press landed on the board's empty space (a cell's background or between
/// cells), not on a card, a header, an emotion point or a control.
#[cfg_attr(feature = "ssr", allow(dead_code))]
pub fn on_board_background(ev: &leptos::ev::PointerEvent) -> bool {
    #[cfg(not(feature = "ssr"))]
    {
        let busy = "[data-card], button, input, textarea, select, a, [role=columnheader], [role=rowheader], \
                    .emotion-column, .card";
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| el.closest(busy).ok().flatten().is_none())
    }
    #[cfg(feature = "ssr")]
    {
        let _ = ev;
        false
    }
}

/// The ids of the cards whose boxes meet the rectangle [left, top, right, bottom] (in the
/// window's pixels), and clears any text selection the box made.
#[cfg_attr(feature = "ssr", allow(dead_code))]
pub fn cards_in_rect(r: [f64; 4]) -> Vec<String> {
    #[cfg(not(feature = "ssr"))]
    {
        if let Ok(Some(sel)) = window().get_selection() {
            let _ = sel.remove_all_ranges();
        }
        let Ok(list) = document().query_selector_all("[data-card]") else { return Vec::new() };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
            .filter(|el| {
                let b = el.get_bounding_client_rect();
                b.right() >= r[0] && b.left() <= r[2] && b.bottom() >= r[1] && b.top() <= r[3]
            })
            .filter_map(|el| el.get_attribute("data-card"))
            .collect()
    }
    #[cfg(feature = "ssr")]
    {
        let _ = r;
        Vec::new()
    }
}

/// The file chosen in the `<input type="file">` an event came from; with `clear`, the
/// field is emptied so choosing the same file again fires again. `None` on the server.
pub fn chosen_file(ev: &leptos::ev::Event, clear: bool) -> Option<web_sys::File> {
    #[cfg(not(feature = "ssr"))]
    {
        let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
        let file = input.files().and_then(|f| f.get(0))?;
        if clear {
            input.set_value("");
        }
        Some(file)
    }
    #[cfg(feature = "ssr")]
    {
        let _ = (ev, clear);
        None
    }
}

/// POSTs a file as the request body; answers the status and the JSON body (`Null` when
/// it is not JSON), or `Err` when the server could not be reached (always on the server).
pub async fn post_file(url: &str, file: &web_sys::File) -> Result<(u16, serde_json::Value), ()> {
    #[cfg(not(feature = "ssr"))]
    {
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(file);
        let promise = window().fetch_with_str_and_init(url, &init);
        let response: web_sys::Response =
            wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|_| ())?.dyn_into().map_err(|_| ())?;
        let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(|_| ())?)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        Ok((response.status(), serde_json::from_str(&text).unwrap_or_default()))
    }
    #[cfg(feature = "ssr")]
    {
        let _ = (url, file);
        Err(())
    }
}

/// Tells every part of the page that listens for `name` (a window event): the header's
/// inbox hears the board's comments this way.
pub fn ring(name: &str) {
    #[cfg(not(feature = "ssr"))]
    if let Ok(ev) = web_sys::Event::new(name) {
        let _ = window().dispatch_event(&ev);
    }
    #[cfg(feature = "ssr")]
    let _ = name;
}

/// Where the caret is (a byte offset of the value) in the textarea with `id`.
pub fn caret_in(id: &str) -> Option<usize> {
    #[cfg(not(feature = "ssr"))]
    {
        let el = document().get_element_by_id(id)?.dyn_into::<web_sys::HtmlTextAreaElement>().ok()?;
        let value = el.value();
        // The DOM counts UTF-16 units; the domain counts bytes.
        let units = el.selection_start().ok().flatten()? as usize;
        let mut seen = 0;
        for (i, c) in value.char_indices() {
            if seen >= units {
                return Some(i);
            }
            seen += c.len_utf16();
        }
        Some(value.len())
    }
    #[cfg(feature = "ssr")]
    {
        let _ = id;
        None
    }
}

/// Puts the caret of the textarea with `id` at byte `at` of its value, and focuses it.
pub fn set_caret(id: &str, at: usize) {
    #[cfg(not(feature = "ssr"))]
    if let Some(el) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
        let value = el.value();
        let units = value.get(..at).map(|s| s.encode_utf16().count()).unwrap_or(0) as u32;
        let _ = el.focus();
        let _ = el.set_selection_range(units, units);
    }
    #[cfg(feature = "ssr")]
    let _ = (id, at);
}
