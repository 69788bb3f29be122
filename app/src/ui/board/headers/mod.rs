//! Headers: the map title, the stage column headers and the lane row headers, and their
//! add controls. A stage header and a lane header work alike — rename in place, reorder
//! with Alt+arrows or a pointer drag along their axis, delete (asking first when cards
//! would go with it) — so [`Header`] does that for both, and each says through [`Item`]
//! only what differs.

mod lane;
mod map_title;
mod stage;

pub use lane::{provide_lane_drag, AddLane, LaneHeader};
pub use map_title::MapTitle;
pub use stage::StageHeaderRow;

use super::BoardCtx;
use crate::domain::{Map, Op};
use crate::i18n::Messages;
use crate::ui::browser;
use crate::ui::eager::IntoAnySync;
use crate::ui::widgets::{delete_icon, rename_icon, InlineEdit};
use leptos::prelude::*;

/// What a stage header and a lane header do differently; the rest is [`Header`]'s.
trait Item: Clone + PartialEq + std::fmt::Display + Send + std::marker::Sync + 'static {
    /// Stages lie along x (Alt+Left/Right), lanes along y (Alt+Up/Down).
    const HORIZONTAL: bool;
    const ROLE: &'static str;
    const TITLE_CLASS: &'static str;
    /// The other headers of the axis, to find where a dragged one lands.
    const SELECTOR: &'static str;
    /// The ids of the axis, in display order.
    fn order(ctx: BoardCtx) -> Memo<Vec<Self>>;
    /// The op that moves `id` to `index` among the others, if that moves it.
    fn move_op(map: &Map, id: &Self, index: usize) -> Option<Op>;
    fn rename_op(id: &Self, title: String) -> Op;
    fn delete_op(id: &Self) -> Op;
    /// How many cards deleting it would delete.
    fn cards(map: &Map, id: &Self) -> usize;
    /// The inline editor's label.
    fn title_label(t: &'static Messages) -> &'static str;
    fn delete_label(t: &'static Messages) -> &'static str;
    /// Asked before deleting one with cards (`{title}`, `{cards}`).
    fn delete_confirm(t: &'static Messages) -> &'static str;
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

/// One header: its item, title, whether it is being renamed, and the drag it shares with
/// the other headers of its axis.
struct Header<I> {
    id: I,
    title: Signal<String>,
    renaming: Signal<bool>,
    /// Starts (`true`) or ends renaming.
    set_renaming: Callback<bool>,
    drag: RwSignal<Option<HeaderDrag>>,
}

impl<I: Item> Header<I> {
    /// The header element with `class`; `beside_title` follows the title (not while it is
    /// being edited), `after_title` follows the title or its editor.
    fn view<B: IntoView + 'static>(
        self,
        class: impl Fn() -> String + Send + std::marker::Sync + 'static,
        beside_title: impl Fn() -> B + Clone + Send + std::marker::Sync + 'static,
        after_title: impl IntoView + 'static,
    ) -> impl IntoView {
        let ctx = expect_context::<BoardCtx>();
        let t = move || ctx.i18n.t();
        let Header { id, title, renaming, set_renaming, drag } = self;
        let key = id.to_string();
        let dragging = {
            let key = key.clone();
            move || drag.with(|d| d.as_ref().is_some_and(|d| d.active && d.id == key))
        };
        let offset = {
            let dragging = dragging.clone();
            let axis = if I::HORIZONTAL { "X" } else { "Y" };
            move || {
                if dragging() {
                    drag.with(|d| {
                        d.as_ref().map(|d| format!("transform: translate{axis}({}px)", d.offset)).unwrap_or_default()
                    })
                } else {
                    String::new()
                }
            }
        };
        let on_delete = {
            let id = id.clone();
            move |_| delete(ctx, &id, title.get_untracked())
        };
        let on_key = {
            let id = id.clone();
            move |ev: leptos::ev::KeyboardEvent| {
                if !ev.alt_key() {
                    return;
                }
                let current = I::order(ctx).with_untracked(|s| s.iter().position(|x| *x == id)).unwrap_or(0);
                let (back, forward) =
                    if I::HORIZONTAL { ("ArrowLeft", "ArrowRight") } else { ("ArrowUp", "ArrowDown") };
                let key = ev.key();
                if key == back && current > 0 {
                    ev.prevent_default();
                    move_to(ctx, &id, current - 1);
                } else if key == forward {
                    ev.prevent_default();
                    move_to(ctx, &id, current + 1);
                }
            }
        };
        let pointer = header_pointer(ctx.can_edit, drag, key.clone(), I::HORIZONTAL, I::SELECTOR, {
            let id = id.clone();
            move |index| move_to(ctx, &id, index)
        });
        let save = Callback::new(move |v: String| {
            ctx.sync.commit(I::rename_op(&id, v));
        });
        let (role, title_class) = (I::ROLE, I::TITLE_CLASS);
        // A stage header says which stage it is, a lane header which lane.
        let (data_stage, data_lane) = if I::HORIZONTAL { (Some(key), None) } else { (None, Some(key)) };
        view! {
            <div
                class=class
                class:dragging=dragging
                role=role
                data-stage=data_stage
                data-lane=data_lane
                style=offset
                on:keydown=on_key
                on:pointerdown=pointer.0
                on:pointermove=pointer.1
                on:pointerup=pointer.2
                on:pointercancel=move |_| drag.set(None)
            >
                <Show
                    when=move || renaming.get()
                    fallback=move || {
                        let beside_title = beside_title.clone();
                        view! {
                            <span class="grip" aria-hidden="true">"⠿"</span>
                            <span class=title_class on:dblclick=move |_| set_renaming.run(true)>{move || title.get()}</span>
                            {beside_title()}
                        }
                    }
                >
                    <InlineEdit
                        value=title.get()
                        label=I::title_label(t()).to_owned()
                        on_save=save
                        on_close=Callback::new(move |_| set_renaming.run(false))
                    />
                </Show>
                {after_title}
                <div class="header-actions">
                    <button class="icon-button" aria-label=move || format!("{} {}", t().rename, title.get()) title=move || t().rename
                        on:click=move |_| set_renaming.run(true)>
                        {rename_icon()}
                    </button>
                    <button class="icon-button" aria-label=move || format!("{} {}", I::delete_label(t()), title.get())
                        title=move || I::delete_label(t()) on:click=on_delete>
                        {delete_icon()}
                    </button>
                </div>
            </div>
        }
    }
}

/// Reorders a stage or lane to `index` (0-based, among the others).
fn move_to<I: Item>(ctx: BoardCtx, id: &I, index: usize) {
    if let Some(op) = ctx.sync.map.with_untracked(|m| I::move_op(m, id, index)) {
        ctx.sync.commit(op);
    }
}

/// Deletes a stage or lane, asking first when cards would go with it.
fn delete<I: Item>(ctx: BoardCtx, id: &I, title: String) {
    let n = ctx.sync.map.with_untracked(|m| I::cards(m, id));
    let locale = ctx.i18n.locale.get_untracked();
    let t = locale.messages();
    let cards = t.cards.format(locale, n as u64);
    if n == 0 || browser::confirm(&I::delete_confirm(t).replace("{title}", &title).replace("{cards}", &cards)) {
        ctx.sync.commit(I::delete_op(id));
    }
}

type PointerHandler = Box<dyn FnMut(leptos::ev::PointerEvent)>;

/// Pointer handlers (down, move, up) that drag a header along one axis and call `drop`
/// with the new index.
fn header_pointer(
    can_edit: bool,
    drag: RwSignal<Option<HeaderDrag>>,
    key: String,
    horizontal: bool,
    selector: &'static str,
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
        if ev.button() != 0 || !can_edit || browser::pressed_on_control(&ev) {
            return;
        }
        browser::capture_pointer(&ev);
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
            d.offset = offset / super::zoom::factor();
            d.index = browser::index_along(selector, p, horizontal);
        });
        browser::auto_scroll(ev.client_x() as f64, ev.client_y() as f64);
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

/// A description (of a stage, of the map) edited in place: a text area that grows with its
/// text and saves when it loses focus; text only, and only when there is some, for those
/// who may not edit.
struct DescriptionField {
    label: fn(&'static Messages) -> &'static str,
    hint: fn(&'static Messages) -> &'static str,
    class: &'static str,
    value: Signal<String>,
    save: Callback<String>,
}

impl DescriptionField {
    fn view(self, ctx: BoardCtx) -> impl IntoView {
        let DescriptionField { label, hint, class, value, save } = self;
        let t = move || ctx.i18n.t();
        if !ctx.can_edit {
            return view! {
                <Show when=move || !value.with(|v| v.trim().is_empty())>
                    <p class=class>{move || value.get()}</p>
                </Show>
            }
            .into_any_sync();
        }
        view! {
            <textarea
                class=format!("{class} description-field")
                rows="1"
                maxlength=crate::domain::model::MAX_DESCRIPTION.to_string()
                aria-label=move || label(t())
                placeholder=move || hint(t())
                prop:value=move || value.get()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if v.trim() != value.get_untracked().trim() {
                        save.run(v.trim().to_owned());
                    }
                }
            ></textarea>
        }
        .into_any_sync()
    }
}
