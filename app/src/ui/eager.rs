//! Type-erased views without a second, asynchronous copy of their hydration code.
//!
//! `into_any()` (Leptos' `AnyView`) keeps a pointer to four functions of the view's type:
//! build, rebuild, hydrate and `hydrate_async`. The last exists so that hydration can wait
//! for a lazily loaded route's code (ui/pages.rs), but a stored pointer cannot be left out
//! of the wasm, and the renderer's elements, tuples, `Either`s and lists implement
//! `hydrate_async` by calling their children's: every view under an `AnyView` was compiled a
//! second time as an async state machine. Routes convert each page with `into_any()`, so
//! that was the whole application twice (17.5 % of the wasm's code, measured in session 14).
//! Only the way down to a lazy route has to wait (the shell and the router); below a page,
//! whose code is there by then, hydration never waits.
//!
//! [`Eager`] wraps a view and keeps the trait's default `hydrate_async`, which calls the
//! synchronous `hydrate` the page already has. Use [`IntoAnySync::into_any_sync`] instead of
//! `into_any()`, and [`eager`] around a route's page; `layers::views_are_erased_eagerly`
//! checks that `ui/` has no plain `into_any()` left.

use leptos::prelude::*;
use leptos::tachys::html::attribute::{any_attribute::AnyAttribute, Attribute};
use leptos::tachys::hydration::Cursor;
use leptos::tachys::ssr::StreamBuilder;
use leptos::tachys::view::{add_attr::AddAnyAttr, Position, PositionState, Render, RenderHtml};
use std::future::Future;

/// A view that hydrates synchronously even behind an `AnyView`; otherwise the view itself.
pub struct Eager<V>(pub V);

/// Wraps a view, e.g. a route's page: `view=|| eager(view! { <Dashboard/> })`.
pub fn eager<V: IntoView>(view: V) -> Eager<V> {
    Eager(view)
}

/// `into_any()` without the asynchronous hydration copy; see the module's documentation.
pub trait IntoAnySync {
    fn into_any_sync(self) -> AnyView;
}

impl<V: RenderHtml + Send + 'static> IntoAnySync for V {
    fn into_any_sync(self) -> AnyView {
        Eager(self).into_any()
    }
}

impl<V: Render> Render for Eager<V> {
    type State = V::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        self.0.rebuild(state)
    }
}

impl<V: AddAnyAttr> AddAnyAttr for Eager<V> {
    type Output<A: Attribute> = Eager<V::Output<A>>;

    fn add_any_attr<A: Attribute>(self, attr: A) -> Self::Output<A>
    where
        Self::Output<A>: RenderHtml,
    {
        Eager(self.0.add_any_attr(attr))
    }
}

impl<V: RenderHtml> RenderHtml for Eager<V> {
    type AsyncOutput = Eager<V::AsyncOutput>;
    type Owned = Eager<V::Owned>;

    const MIN_LENGTH: usize = V::MIN_LENGTH;
    const EXISTS: bool = V::EXISTS;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve()
    }

    fn resolve(self) -> impl Future<Output = Self::AsyncOutput> + Send {
        let view = self.0;
        async move { Eager(view.resolve().await) }
    }

    fn html_len(&self) -> usize {
        self.0.html_len()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0.to_html_with_buf(buf, position, escape, mark_branches, extra_attrs)
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) where
        Self: Sized,
    {
        self.0.to_html_async_with_buf::<OUT_OF_ORDER>(buf, position, escape, mark_branches, extra_attrs)
    }

    fn hydrate<const FROM_SERVER: bool>(self, cursor: &Cursor, position: &PositionState) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    // `hydrate_async` is the trait's default: `hydrate::<true>` in an `async` block.

    fn into_owned(self) -> Self::Owned {
        Eager(self.0.into_owned())
    }
}

// Rendering to HTML needs the `ssr` feature.
#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn an_eager_view_renders_the_same_html() {
        let owner = Owner::new();
        owner.with(|| {
            let plain = view! { <p class="a">"One " <b>"two"</b></p> }.to_html();
            let wrapped = eager(view! { <p class="a">"One " <b>"two"</b></p> }).to_html();
            assert_eq!(plain, wrapped);
            assert!(wrapped.contains("<b>two</b>"), "{wrapped}");
            let unit = Eager(()).to_html();
            assert_eq!(unit, RenderHtml::to_html(()));
            // Erased, as the app uses it: the same HTML as Leptos' own `into_any()`.
            let any = view! { <p class="a">"One " <b>"two"</b></p> }.into_any().to_html();
            assert_eq!(any, view! { <p class="a">"One " <b>"two"</b></p> }.into_any_sync().to_html());
            assert_eq!(().into_any().to_html(), ().into_any_sync().to_html());
        });
    }
}
