#![recursion_limit = "512"]
//! The browser entry point: hydrates the page the server rendered.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy: a page other than a board (ui/pages.rs) lives in a wasm chunk of its own, which
    // is fetched before that page hydrates. A board hydrates at once, as before.
    leptos::mount::hydrate_lazy(app::App);
}
