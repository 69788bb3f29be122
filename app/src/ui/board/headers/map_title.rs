//! The map's title above the board (double-click or "Rename" edits it in place) and its
//! description under it.

use super::{BoardCtx, DescriptionField};
use crate::domain::Op;
use crate::ui::board::Part;
use crate::ui::widgets::InlineEdit;
use leptos::prelude::*;

#[component]
pub fn MapTitle() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let title = Memo::new(move |_| ctx.sync.read(&[Part::Meta], |m| m.title.clone()));
    let editing = RwSignal::new(false);
    let description = Memo::new(move |_| ctx.sync.read(&[Part::Meta], |m| m.description.clone()));
    let description = DescriptionField {
        label: |t| t.map_description,
        hint: |t| t.map_description_hint,
        class: "map-description",
        value: description.into(),
        save: Callback::new(move |v: String| {
            ctx.sync.commit(Op::EditMap { title: None, description: Some(v) });
        }),
    };
    view! {
        <div class="map-title">
            <Show
                when=move || editing.get()
                fallback=move || view! {
                    <h1 id="map-title" on:dblclick=move |_| editing.set(true)>{move || title.get()}</h1>
                    <button class="button ghost small" on:click=move |_| editing.set(true)>{move || t().rename}</button>
                }
            >
                <h1 id="map-title" class="visually-hidden">{move || title.get()}</h1>
                <InlineEdit
                    value=title.get_untracked()
                    label=t().map_title.to_owned()
                    on_save=Callback::new(move |v: String| { ctx.sync.commit(Op::EditMap { title: Some(v), description: None }); })
                    on_close=Callback::new(move |_| editing.set(false))
                />
            </Show>
            {description.view(ctx)}
        </div>
    }
}
