//! The board's keyboard shortcuts: Ctrl/Cmd+F searches the board, Ctrl/Cmd+Z undoes,
//! Ctrl+Shift+Z and Ctrl+Y redo (except while typing in a field).

use super::BoardCtx;

/// Listens for the shortcuts while the board is shown (in the browser only).
pub fn wire(ctx: BoardCtx) {
    #[cfg(not(feature = "ssr"))]
    {
        use leptos::prelude::*;
        let sync = ctx.sync;
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if !(ev.ctrl_key() || ev.meta_key()) {
                return;
            }
            // Ctrl/Cmd+F searches the board (the browser's own find cannot see dimmed cards).
            if ev.key().eq_ignore_ascii_case("f") && !ev.shift_key() && !ev.alt_key() {
                ev.prevent_default();
                ctx.search.show();
                return;
            }
            let typing = ev
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
            if typing {
                return;
            }
            match (ev.key().to_lowercase().as_str(), ev.shift_key()) {
                ("z", false) => {
                    ev.prevent_default();
                    sync.undo();
                }
                ("z", true) | ("y", _) => {
                    ev.prevent_default();
                    sync.redo();
                }
                _ => {}
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(feature = "ssr")]
    let _ = ctx;
}
