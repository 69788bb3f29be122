//! Views whose code comes in its own wasm chunk, fetched the first time they are shown.
//!
//! A `#[lazy]` function (Leptos' code splitting, with cargo-leptos `--split`) is moved out
//! of the main wasm into a module of its own; calling it loads that module, so it is async.
//! [`later`] shows such a view under a `Suspense` while its chunk loads. Only views that
//! the server never renders may be split this way: a `Suspend` still pending when the page
//! hydrates would hydrate as nothing and build its view anew beside the server's HTML, so
//! everything here is shown on demand after hydration. (Whole pages are split differently,
//! as lazy routes, which hydration does wait for: ui/pages.rs.)

use leptos::prelude::*;
use std::future::Future;

/// The view `load` resolves to, with nothing shown while its chunk loads (usually a few
/// milliseconds from the cache).
pub fn later<Fut>(load: Fut) -> impl IntoView
where
    Fut: Future<Output = AnyView> + Send + 'static,
{
    view! { <Suspense>{Suspend::new(load)}</Suspense> }
}
