//! The map as it was, opened from the History view: a read-only table of its stages and
//! lanes, compared on request with the map now or with a saved version (cards removed
//! and changed marked, those added listed), with Restore for editors.

use super::history::{Opened, RestoreTo};
use super::BoardCtx;
use crate::api::history::open_version;
use crate::domain::history::{compare, Comparison, Version};
use crate::domain::Map;
use leptos::prelude::*;

/// The map as it was: a read-only table of its stages and lanes, compared with now on
/// request.
#[component]
pub fn Past(
    opened: Opened,
    versions: RwSignal<Vec<Version>>,
    restoring: Signal<bool>,
    on_close: Callback<()>,
    on_restore: Callback<(RestoreTo, String)>,
) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let comparing = RwSignal::new(false);
    let past = opened.map.clone();
    // What it is compared with: the map now, or a saved version (loaded when chosen).
    let other = RwSignal::new(None::<Map>);
    let with = RwSignal::new(String::new());
    let load = Action::new(move |v: &String| {
        let (id, v) = (ctx.sync.map.with_untracked(|m| m.id.clone()), v.clone());
        async move { open_version(id, v).await }
    });
    Effect::new(move |_| match load.value().get() {
        Some(Ok(m)) => other.set(Some(m)),
        Some(Err(_)) => {
            with.set(String::new());
            other.set(None);
        }
        None => {}
    });
    let cmp = Memo::new({
        let past = past.clone();
        move |_| match other.get() {
            Some(o) if !with.with(String::is_empty) => compare(&past, &o),
            _ => ctx.sync.map.with(|now| compare(&past, now)),
        }
    });
    let stages: Vec<_> = past.ordered_stages().into_iter().cloned().collect();
    let lanes: Vec<_> = past.ordered_lanes().into_iter().cloned().collect();
    let label = t().hi.as_it_was.replace("{name}", &opened.name);
    let (aria, strong) = (label.clone(), label.clone());
    let (to, name) = (opened.to.clone(), opened.name.clone());
    let mark = move |c: &Comparison, id: &crate::domain::CardId| -> Option<&'static str> {
        if c.removed.iter().any(|r| &r.id == id) {
            Some("removed")
        } else if c.changed.contains(id) {
            Some("changed")
        } else {
            None
        }
    };
    view! {
        <div class="past" role="region" aria-label=aria>
            <div class="banner info" role="status">
                <strong>{strong}</strong>
                <span>{move || t().hi.read_only_past}</span>
            </div>
            <div class="entry-actions">
                <button class="button" aria-pressed=move || comparing.get().to_string() on:click=move |_| comparing.update(|c| *c = !*c)>
                    {move || t().hi.compare}
                </button>
                <label class="field inline">
                    <span>{move || t().hi.compare_with}</span>
                    <select prop:value=move || with.get() on:change=move |ev| {
                        let v = event_target_value(&ev);
                        with.set(v.clone());
                        comparing.set(true);
                        if v.is_empty() {
                            other.set(None);
                        } else {
                            load.dispatch(v);
                        }
                    }>
                        <option value="">{move || t().hi.now}</option>
                        {move || versions.get().into_iter().map(|v| view! { <option value=v.id.clone()>{v.name.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <Show when=move || ctx.can_edit>
                    {
                        let (to, name) = (to.clone(), name.clone());
                        view! {
                            <button class="button primary" disabled=move || restoring.get()
                                on:click=move |_| on_restore.run((to.clone(), name.clone()))>{move || t().hi.restore}</button>
                        }
                    }
                </Show>
                <button class="button ghost" on:click=move |_| on_close.run(())>{move || t().hi.back_to_now}</button>
            </div>
            <div class="past-scroll">
                <table class="past-board">
                    <caption class="visually-hidden">{label}</caption>
                    <thead>
                        <tr>
                            <th scope="col"></th>
                            {stages.iter().map(|s| view! { <th scope="col">{s.title.clone()}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {lanes.iter().map(|l| {
                            let cells = stages.iter().map(|s| {
                                let mut cards: Vec<_> = past.cards.values().filter(|c| c.stage == s.id && c.lane == l.id).cloned().collect();
                                cards.sort_by(|a, b| a.order.cmp(&b.order));
                                view! {
                                    <td>
                                        {cards.into_iter().map(|c| {
                                            let id = c.id.clone();
                                            let state = Memo::new(move |_| comparing.get().then(|| cmp.with(|x| mark(x, &id))).flatten());
                                            let colour = c.colour.as_str();
                                            view! {
                                                <p class=move || format!("past-card colour-{colour} {}", state.get().unwrap_or(""))>
                                                    {c.text.clone()}
                                                    {move || state.get().map(|s| view! {
                                                        <span class="badge">{if s == "removed" { t().hi.removed } else { t().hi.changed }}</span>
                                                    })}
                                                </p>
                                            }
                                        }).collect_view()}
                                    </td>
                                }
                            }).collect_view();
                            view! { <tr><th scope="row">{l.title.clone()}</th>{cells}</tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <Show when=move || comparing.get() && cmp.with(|c| !c.added.is_empty())>
                <p class="muted">
                    <strong>{move || t().hi.added}": "</strong>
                    {move || ctx.sync.map.with(|m| cmp.with(|c| c.added.iter().filter_map(|id| m.cards.get(id)).map(|c| c.text.clone()).collect::<Vec<_>>().join(" · ")))}
                </p>
            </Show>
        </div>
    }
}
