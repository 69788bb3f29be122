//! The board's "Personas" button: links library personas to the map and unlinks them.

use super::BoardCtx;
use crate::domain::{Op, PersonaId};
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;

/// Links and unlinks library personas.
#[component]
pub fn PersonasControl() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let open = RwSignal::new(false);
    let refresh = Action::new(move |_: &()| async move { crate::api::personas::list_personas().await });
    Effect::new(move |_| {
        if let Some(Ok(list)) = refresh.value().get() {
            ctx.library.set(list);
        }
    });
    let toggle = move |id: PersonaId, on: bool| {
        let op = ctx.sync.map.with_untracked(|m| {
            let linked = m.personas.contains(&id);
            match (on, linked) {
                (true, false) => {
                    Some(Op::LinkPersona { persona: id.clone(), at: m.personas.len() as u32, emotions: vec![] })
                }
                (false, true) => Some(Op::UnlinkPersona { persona: id.clone() }),
                _ => None,
            }
        });
        if let Some(op) = op {
            ctx.sync.commit(op);
        }
    };
    view! {
        <div class="personas-control">
            <button
                class="button"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    if open.get_untracked() {
                        refresh.dispatch(());
                    }
                }
            >
                {move || t().personas_control}
            </button>
            <Show when=move || open.get()>
                <div class="popover" role="group" aria-label=move || t().link_personas>
                    <p class="popover-title">{move || t().link_personas}</p>
                    {move || {
                        let lib = ctx.library.get();
                        if lib.is_empty() {
                            return view! { <p class="muted">{t().library_empty_link}</p> }.into_any_sync();
                        }
                        lib.into_iter()
                            .map(|p| {
                                let id = p.id.clone();
                                let checked = {
                                    let id = id.clone();
                                    move || ctx.sync.map.with(|m| m.personas.contains(&id))
                                };
                                view! {
                                    <label class="check">
                                        <input type="checkbox" prop:checked=checked
                                            on:change=move |ev| toggle(id.clone(), event_target_checked(&ev))/>
                                        <span class="legend-swatch" style=format!("background:{}", p.colour)></span>
                                        <span>{p.name.clone()}</span>
                                    </label>
                                }
                            })
                            .collect_view()
                            .into_any_sync()
                    }}
                    <a href="/personas">{move || t().open_library}</a>
                </div>
            </Show>
        </div>
    }
}
