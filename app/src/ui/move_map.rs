//! "Move to workspace" on a dashboard row: offered when the person edits maps in another
//! workspace too; the map, with its history, goes there (see `server::transfer`).

use super::widgets::error_line;
use crate::api::maps::move_map;
use crate::domain::{Capability, MapId};
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn MoveControl(id: MapId, on_moved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let me = super::account::use_me();
    // The other workspaces where the person may edit maps.
    let targets = move || match me.get() {
        Some(Ok(Some(m))) => m
            .workspaces
            .iter()
            .filter(|w| w.id != m.workspace && w.role.allows(Capability::Edit))
            .map(|w| (w.id.clone(), w.name.clone()))
            .collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    let select_id = format!("move-{id}");
    let select_for = select_id.clone();
    let open = RwSignal::new(false);
    let target = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let go = Action::new(move |to: &String| {
        let (id, to) = (id.clone(), to.clone());
        async move { move_map(id, to).await }
    });
    Effect::new(move |_| match go.value().get() {
        Some(Ok(())) => {
            open.set(false);
            on_moved.run(());
        }
        Some(Err(e)) => error.set(Some(e.message(i18n.t()))),
        None => {}
    });
    move || {
        let list = targets();
        (!list.is_empty()).then(|| {
            let first = list[0].0.clone();
            let (select_id, select_for) = (select_id.clone(), select_for.clone());
            view! {
                <button class="button ghost" aria-expanded=move || open.get().to_string()
                    on:click=move |_| { error.set(None); open.update(|o| *o = !*o); }>
                    {move || t().ed.move_map}
                </button>
                <Show when=move || open.get()>
                    {
                        let (list, first, select_id, select_for) = (list.clone(), first.clone(), select_id.clone(), select_for.clone());
                        if target.get_untracked().is_empty() {
                            target.set(first.clone());
                        }
                        view! {
                            <form class="inline-form" aria-label=move || t().ed.move_map
                                on:submit=move |ev| { ev.prevent_default(); go.dispatch(target.get_untracked()); }>
                                <p class="muted small">{move || t().ed.move_hint}</p>
                                <label for=select_for>{move || t().ed.move_target}</label>
                                <select id=select_id on:change=move |ev| target.set(event_target_value(&ev))>
                                    {list.into_iter().map(|(id, name)| {
                                        let id2 = id.clone();
                                        view! { <option value=id selected=move || target.get() == id2>{name}</option> }
                                    }).collect_view()}
                                </select>
                                <button type="submit" class="button primary" disabled=move || go.pending().get()>{move || t().ed.move_button}</button>
                                <button type="button" class="button" on:click=move |_| open.set(false)>{move || t().cancel}</button>
                            </form>
                        }
                    }
                </Show>
                {error_line(error)}
            }
        })
    }
}
