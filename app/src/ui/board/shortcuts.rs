//! The board's keyboard shortcuts: Ctrl/Cmd+F searches the board, Ctrl/Cmd+Z undoes,
//! Ctrl+Shift+Z and Ctrl+Y redo, Ctrl/Cmd+A on the board selects its cards, "?" lists
//! every shortcut (except while typing in a field).

use super::BoardCtx;
use leptos::prelude::*;

/// Listens for the shortcuts while the board is shown (in the browser only).
pub fn wire(ctx: BoardCtx) {
    #[cfg(not(feature = "ssr"))]
    {
        let sync = ctx.sync;
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            let typing = || {
                ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()).is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                        || el.has_attribute("contenteditable")
                })
            };
            if ev.key() == "?" && !ev.ctrl_key() && !ev.meta_key() && !ev.alt_key() && !typing() {
                ev.prevent_default();
                ctx.help.set(true);
                return;
            }
            if !(ev.ctrl_key() || ev.meta_key()) {
                return;
            }
            // Ctrl/Cmd+F searches the board (the browser's own find cannot see dimmed cards).
            if ev.key().eq_ignore_ascii_case("f") && !ev.shift_key() && !ev.alt_key() {
                ev.prevent_default();
                ctx.search.show();
                return;
            }
            if typing() {
                return;
            }
            // Ctrl/⌘ + plus, minus and 0 zoom the board (not the page).
            let zoom = ctx.zoom;
            let level = zoom.level.get_untracked();
            let to = match ev.key().as_str() {
                "+" | "=" => Some(super::zoom::step_in(level)),
                "-" | "_" => Some(super::zoom::step_out(level)),
                "0" => Some(100),
                _ => None,
            };
            if let Some(p) = to {
                ev.prevent_default();
                zoom.zoom_to(p, None);
                return;
            }
            // Ctrl/⌘ + C and V copy and paste cards (a text selection copies as usual).
            let copying = ev.key().eq_ignore_ascii_case("c") && !ev.shift_key() && !browser_has_text_selection();
            if copying && super::selection::copy(ctx) {
                ev.prevent_default();
                return;
            }
            if ev.key().eq_ignore_ascii_case("v") && !ev.shift_key() && super::selection::paste(ctx) {
                ev.prevent_default();
                return;
            }
            // Ctrl/⌘ + A on the board selects its cards (elsewhere the page's text, as usual).
            if ev.key().eq_ignore_ascii_case("a") && !ev.shift_key() && !ev.alt_key() && on_board(&ev) {
                ev.prevent_default();
                super::selection::select_all(ctx);
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

/// Whether the key was pressed with the focus on the board's grid (a card, a cell).
#[cfg(not(feature = "ssr"))]
fn on_board(ev: &leptos::ev::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .and_then(|el| el.closest("[role=grid]").ok().flatten())
        .is_some()
}

/// Whether the reader has selected text on the page (Ctrl+C then copies that text).
#[cfg(not(feature = "ssr"))]
fn browser_has_text_selection() -> bool {
    window().get_selection().ok().flatten().is_some_and(|s| !s.is_collapsed())
}

/// "Keyboard shortcuts": a button (and "?") that opens the list, a dialog closed by its
/// button, a click beside it or Escape.
#[component]
pub fn ShortcutsHelp() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t().keys;
    let close_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if ctx.help.get() {
            if let Some(b) = close_button.get() {
                let _ = b.focus();
            }
        }
    });
    let section = move |title: &'static str, keys: &'static [crate::i18n::keys::Shortcut]| {
        view! {
            <h3 class="shortcuts-group">{title}</h3>
            <dl class="shortcuts-list">
                {keys.iter().map(|(k, what)| view! { <dt><kbd>{*k}</kbd></dt><dd>{*what}</dd> }).collect_view()}
            </dl>
        }
    };
    view! {
        <button class="button ghost shortcuts-button" aria-keyshortcuts="Shift+?" aria-haspopup="dialog"
            aria-label=move || t().title title=move || t().title on:click=move |_| ctx.help.set(true)>
            <span aria-hidden="true">"?"</span>
        </button>
        <Show when=move || ctx.help.get()>
            <div class="shortcuts-backdrop" on:click=move |_| ctx.help.set(false)></div>
            <div class="popover shortcuts-dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title"
                on:keydown=move |ev| if ev.key() == "Escape" { ctx.help.set(false) }>
                <h2 id="shortcuts-title" class="popover-title">{move || t().title}</h2>
                {move || {
                    let k = t();
                    view! {
                        {section(k.board, &k.board_keys)}
                        {section(k.card, &k.card_keys)}
                        {section(k.header, &k.header_keys)}
                        {section(k.present, &k.present_keys)}
                    }
                }}
                <button class="button" node_ref=close_button on:click=move |_| ctx.help.set(false)>{move || t().close}</button>
            </div>
        </Show>
    }
}
