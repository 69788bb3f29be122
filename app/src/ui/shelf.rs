//! The dashboard's maps with the means to find one among many: a search through the
//! maps' titles and content (the titles at once, the content from the server a moment
//! after typing stops), a tag and a persona to narrow them to, and the order.

use super::dashboard::MapRow;
use crate::api::maps::find_maps;
use crate::domain::shelf::{all_tags, arrange, Shelf, SortBy};
use crate::domain::{MapId, MapSummary, Persona, PersonaId};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use std::collections::HashSet;

/// How long typing must pause before the content is searched on the server.
const SEARCH_PAUSE_MS: u32 = 250;

#[component]
pub fn MapShelf(list: Vec<MapSummary>, personas: Vec<Persona>, on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let total = list.len();
    let tags = all_tags(&list);
    // The personas linked to some map, as the library names them (read with the list,
    // not by a resource of its own: nothing here waits after the page is served).
    let linked: HashSet<PersonaId> = list.iter().flat_map(|m| m.personas.iter().cloned()).collect();
    let personas: Vec<(PersonaId, String)> =
        personas.into_iter().filter(|p| linked.contains(&p.id)).map(|p| (p.id, p.name)).collect();
    let list = StoredValue::new(list);
    let shelf = RwSignal::new(Shelf::default());
    let found = RwSignal::new(None::<HashSet<MapId>>);
    // The content search: the last query typed, once typing pauses; an older answer that
    // arrives late is dropped.
    let asked = StoredValue::new(0u64);
    let search = move |q: String| {
        asked.update_value(|n| *n += 1);
        let mine = asked.get_value();
        found.set(None);
        if q.trim().is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(SEARCH_PAUSE_MS).await;
            if asked.get_value() != mine {
                return;
            }
            if let Ok(ids) = find_maps(q).await {
                if asked.get_value() == mine {
                    found.set(Some(ids.into_iter().collect()));
                }
            }
        });
    };
    let shown = Memo::new(move |_| list.with_value(|l| shelf.with(|s| found.with(|f| arrange(l, s, f.as_ref())))));
    view! {
        <div class="shelf-controls" role="search">
            <label class="field inline">
                <span>{move || t().ed.search_maps}</span>
                <input type="text" maxlength="200" prop:value=move || shelf.with(|s| s.query.clone())
                    on:input=move |ev| {
                        let q = event_target_value(&ev);
                        shelf.update(|s| s.query = q.clone());
                        search(q);
                    }/>
            </label>
            // Each select beside its label, not in it: a label's text would take in the
            // options' ("Sort by Last change Title …") and match "Title" elsewhere.
            <div class="field inline">
                <label for="shelf-sort">{move || t().ed.sort_by}</label>
                <select id="shelf-sort" on:change=move |ev| shelf.update(|s| s.sort = SortBy::parse(&event_target_value(&ev)))>
                    {SortBy::ALL.into_iter().map(|by| view! {
                        <option value=by.as_str() selected=move || shelf.with(|s| s.sort == by)>
                            {move || match by {
                                SortBy::Changed => t().ed.sort_changed,
                                SortBy::Title => t().ed.sort_title,
                                SortBy::Review => t().ed.sort_review,
                            }}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            {(!tags.is_empty()).then(|| view! {
                <div class="field inline">
                    <label for="shelf-tag">{move || t().ed.tag}</label>
                    <select id="shelf-tag" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        shelf.update(|s| s.tag = (!v.is_empty()).then_some(v));
                    }>
                        <option value="">{move || t().ed.any_tag}</option>
                        {tags.into_iter().map(|tag| view! { <option value=tag.clone()>{format!("#{tag}")}</option> }).collect_view()}
                    </select>
                </div>
            })}
            {(!personas.is_empty()).then(|| {
                view! {
                    <div class="field inline">
                        <label for="shelf-persona">{move || t().ed.persona}</label>
                        <select id="shelf-persona" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            shelf.update(|s| s.persona = (!v.is_empty()).then(|| PersonaId(v)));
                        }>
                            <option value="">{move || t().ed.any_persona}</option>
                            {personas.into_iter()
                                .map(|(id, name)| view! { <option value=id.0>{name}</option> })
                                .collect_view()}
                        </select>
                    </div>
                }
            })}
            <p class="muted small" role="status">
                {move || t().ed.maps_shown.format(i18n.locale.get(), shown.with(Vec::len) as u64).replace("{total}", &i18n.t().count(total as u64))}
            </p>
        </div>
        {move || shown.with(Vec::is_empty).then(|| view! { <p class="empty">{move || t().ed.no_map_matches}</p> })}
        <ul class="map-list" role="list">
            <For each=move || shown.get() key=|m| (m.id.clone(), m.title.clone(), m.updated_at) let:m>
                <MapRow map=m on_changed=on_changed/>
            </For>
        </ul>
    }
}
