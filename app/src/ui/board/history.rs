//! The History view: named versions ("Save version", each with Open and Restore) and every
//! change of the map as readable entries, newest first, filtered by person and stage; an
//! entry or a version opens the map as it was (read only, clearly marked), compared with
//! now on request (cards added, removed and changed since), and restores it. Members only.

use super::past::Past;
use super::BoardCtx;
pub(super) use crate::api::history::RestoreTo;
use crate::api::history::{
    map_at, map_history, map_versions, open_version, restore_map_to, revert_change, save_version,
};
use crate::domain::history::{HistoryEntry, Version};
use crate::domain::{Map, StageId};
use crate::ui::browser;
use crate::ui::eager::IntoAnySync;
use crate::ui::widgets::error_line;
use leptos::prelude::*;

/// A moment opened from the history or a version: what it is called and what restores it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Opened {
    pub(super) name: String,
    pub(super) to: RestoreTo,
    pub(super) map: Map,
}

/// The history view, in a wasm chunk of its own (`ui::later`).
#[lazy]
pub fn history_view() -> AnyView {
    view! { <HistoryView/> }.into_any_sync()
}

#[component]
pub fn HistoryView() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let id = ctx.sync.map.with_untracked(|m| m.id.clone());
    let entries = RwSignal::new(Vec::<HistoryEntry>::new());
    let older = RwSignal::new(None::<u64>);
    let versions = RwSignal::new(Vec::<Version>::new());
    let opened = RwSignal::new(None::<Opened>);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let person = RwSignal::new(String::new());
    let stage = RwSignal::new(String::new());
    let fail = move |e: crate::error::AppError| error.set(Some(e.message(ctx.i18n.t())));
    let load = {
        let id = id.clone();
        move |before: Option<u64>| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match map_history(id.clone(), before).await {
                    Ok(p) => {
                        if before.is_none() {
                            entries.set(p.entries);
                        } else {
                            entries.update(|e| e.extend(p.entries));
                        }
                        older.set(p.older);
                    }
                    Err(e) => fail(e),
                }
                if before.is_none() {
                    match map_versions(id).await {
                        Ok(v) => versions.set(v),
                        Err(e) => fail(e),
                    }
                }
            });
        }
    };
    let load = StoredValue::new(load);
    // The first page, and again as the map changes (someone edits while it is open).
    let rev = Memo::new(move |_| ctx.sync.map.with(|m| m.rev));
    Effect::new(move |_| {
        rev.track();
        load.with_value(|l| l(None));
    });
    let people = Memo::new(move |_| {
        let mut p: Vec<String> = entries.with(|e| e.iter().map(|e| e.author.clone()).collect());
        p.sort();
        p.dedup();
        p
    });
    let shown = Memo::new(move |_| {
        let (who, st) = (person.get(), stage.get());
        entries.with(|e| {
            e.iter()
                .filter(|e| who.is_empty() || e.author == who)
                .filter(|e| st.is_empty() || e.stages.contains(&StageId(st.clone())))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let open_rev = {
        let id = id.clone();
        move |e: HistoryEntry| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match map_at(id, e.to_rev).await {
                    Ok(map) => {
                        let name = format!("{} · {}", e.author, t().date_time(e.at));
                        opened.set(Some(Opened { name, to: RestoreTo { version: None, rev: Some(e.to_rev) }, map }));
                    }
                    Err(e) => fail(e),
                }
            });
        }
    };
    let open_rev = StoredValue::new(open_rev);
    let open_v = {
        let id = id.clone();
        move |v: Version| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match open_version(id, v.id.clone()).await {
                    Ok(map) => opened.set(Some(Opened {
                        name: v.name.clone(),
                        to: RestoreTo { version: Some(v.id), rev: None },
                        map,
                    })),
                    Err(e) => fail(e),
                }
            });
        }
    };
    let open_v = StoredValue::new(open_v);
    let restore = {
        let id = id.clone();
        Action::new(move |(to, name): &(RestoreTo, String)| {
            let (id, to, name) = (id.clone(), to.clone(), name.clone());
            async move { restore_map_to(id, to, name).await }
        })
    };
    Effect::new(move |_| match restore.value().get() {
        Some(Ok(r)) => {
            opened.set(None);
            error.set(None);
            notice.set(Some(
                t().hi
                    .restored
                    .replace("{changes}", &t().hi.n_changes.format(t().locale, u64::from(r.ops)))
                    .replace("{name}", &r.safety.name),
            ));
        }
        Some(Err(e)) => fail(e),
        None => {}
    });
    let revert = {
        let id = id.clone();
        Action::new(move |(from, to): &(u64, u64)| {
            let (id, from, to) = (id.clone(), *from, *to);
            async move { revert_change(id, from, to).await }
        })
    };
    Effect::new(move |_| match revert.value().get() {
        Some(Ok(n)) => {
            error.set(None);
            notice.set(Some(t().hi.reverted.replace("{changes}", &t().hi.n_changes.format(t().locale, u64::from(n)))));
        }
        Some(Err(e)) => fail(e),
        None => {}
    });
    let ask_restore = move |to: RestoreTo, name: String| {
        if browser::confirm(&t().hi.restore_confirm.replace("{name}", &name)) {
            restore.dispatch((to, name));
        }
    };
    view! {
        <section class="history" aria-labelledby="history-title">
            <h2 id="history-title">{move || t().hi.history}</h2>
            <p class="muted">{move || t().hi.history_intro}</p>
            {error_line(error)}
            {move || notice.get().map(|n| view! { <p class="banner info" role="status">{n}</p> })}
            {move || opened.get().map(|o| view! { <Past opened=o versions=versions restoring=restore.pending().into() on_close=Callback::new(move |_| opened.set(None))
                on_restore=Callback::new(move |(to, name): (RestoreTo, String)| ask_restore(to, name))/> })}
            <Show when=move || opened.with(Option::is_none)>
                <Versions versions=versions notice=notice error=error
                    on_open=Callback::new(move |v: Version| open_v.with_value(|f| f(v)))
                    on_restore=Callback::new(move |v: Version| ask_restore(RestoreTo { version: Some(v.id.clone()), rev: None }, v.name))
                    on_saved=Callback::new(move |_| load.with_value(|l| l(None)))/>
                <div class="history-filters">
                    <label class="field inline">
                        <span>{move || t().hi.filter_person}</span>
                        <select on:change=move |ev| person.set(event_target_value(&ev))>
                            <option value="">{move || t().hi.everyone}</option>
                            {move || people.get().into_iter().map(|p| view! { <option value=p.clone()>{p.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="field inline">
                        <span>{move || t().hi.filter_stage}</span>
                        <select on:change=move |ev| stage.set(event_target_value(&ev))>
                            <option value="">{move || t().hi.every_stage}</option>
                            {move || ctx.sync.map.with(|m| m.ordered_stages().into_iter().map(|s| {
                                view! { <option value=s.id.to_string()>{s.title.clone()}</option> }
                            }).collect_view())}
                        </select>
                    </label>
                </div>
                <ul class="history-list" role="list" aria-label=move || t().hi.history>
                    {move || shown.get().into_iter().map(|e| {
                        let sentence = ctx.sync.map.with_untracked(|m| t().history_entry(&e, m));
                        let initials: String = e.author.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
                        let (open_e, restore_e) = (e.clone(), e.clone());
                        view! {
                            <li class="history-entry">
                                <span class="avatar" aria-hidden="true">{initials}</span>
                                <p>
                                    <strong>{e.author.clone()}</strong>" "{sentence}
                                    " · "<time datetime=e.at.to_rfc3339()>{t().date_time(e.at)}</time>
                                </p>
                                <div class="entry-actions">
                                    <button class="button ghost small" on:click=move |_| open_rev.with_value(|f| f(open_e.clone()))>
                                        {move || t().hi.open}
                                    </button>
                                    <Show when=move || ctx.can_edit>
                                        {
                                            let e = restore_e.clone();
                                            let (from, to) = (e.from_rev, e.to_rev);
                                            view! {
                                                <button class="button ghost small" on:click=move |_| ask_restore(
                                                    RestoreTo { version: None, rev: Some(e.to_rev) },
                                                    format!("{} · {}", e.author, t().date_time(e.at)),
                                                )>{move || t().hi.restore}</button>
                                                <button class="button ghost small" disabled=move || revert.pending().get()
                                                    on:click=move |_| if browser::confirm(t().hi.revert_confirm) {
                                                        revert.dispatch((from, to));
                                                    }>{move || t().hi.revert}</button>
                                            }
                                        }
                                    </Show>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <Show when=move || entries.with(Vec::is_empty)>
                    <p class="muted">{move || t().hi.no_history}</p>
                </Show>
                <Show when=move || older.with(Option::is_some)>
                    <button class="button" on:click=move |_| {
                        let before = older.get_untracked();
                        load.with_value(|l| l(before));
                    }>{move || t().hi.older}</button>
                </Show>
            </Show>
        </section>
    }
}

/// The named versions, and "Save version" for editors.
#[component]
fn Versions(
    versions: RwSignal<Vec<Version>>,
    notice: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
    on_open: Callback<Version>,
    on_restore: Callback<Version>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let name = RwSignal::new(String::new());
    let id = ctx.sync.map.with_untracked(|m| m.id.clone());
    let save = Action::new(move |n: &String| {
        let (id, n) = (id.clone(), n.clone());
        async move { save_version(id, n).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(v)) => {
            name.set(String::new());
            notice.set(Some(t().hi.version_saved.replace("{name}", &v.name)));
            on_saved.run(());
        }
        Some(Err(e)) => error.set(Some(e.message(t()))),
        None => {}
    });
    view! {
        <h3>{move || t().hi.versions}</h3>
        <Show when=move || ctx.can_edit>
            <form class="inline-form" on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(name.get_untracked());
            }>
                <label class="field inline">
                    <span>{move || t().hi.version_name}</span>
                    <input type="text" maxlength=crate::domain::history::MAX_VERSION_NAME.to_string()
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="button primary" disabled=move || save.pending().get()>{move || t().hi.save_version}</button>
            </form>
        </Show>
        <ul class="versions" role="list" aria-label=move || t().hi.versions>
            {move || versions.get().into_iter().map(|v| {
                let (open, again) = (v.clone(), v.clone());
                view! {
                    <li class="version" class:safety=v.safety>
                        <p>
                            <strong>{v.name.clone()}</strong>
                            " · "{v.created_by.clone()}" · "<time datetime=v.created_at.to_rfc3339()>{t().date_time(v.created_at)}</time>
                            {v.safety.then(|| view! { <span class="muted small">" ("{move || t().hi.safety_copy}")"</span> })}
                        </p>
                        <div class="entry-actions">
                            <button class="button ghost small" on:click=move |_| on_open.run(open.clone())>{move || t().hi.open}</button>
                            <super::export::ExportMenu version=(v.id.clone(), v.name.clone())/>
                            <Show when=move || ctx.can_edit>
                                {
                                    let v = again.clone();
                                    view! { <button class="button ghost small" on:click=move |_| on_restore.run(v.clone())>{move || t().hi.restore}</button> }
                                }
                            </Show>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
        <Show when=move || versions.with(Vec::is_empty)>
            <p class="muted small">{move || t().hi.no_versions}</p>
        </Show>
    }
}
