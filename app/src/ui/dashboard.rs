//! The dashboard: every map with its title, last change and card count (found, narrowed
//! and sorted in `shelf`); create (from a built-in template or one the workspace saved),
//! duplicate, save as a template, move to another workspace, and delete with confirmation.

use super::browser;
use super::layout::ErrorPage;
use super::widgets::{error_line, Loading};
use crate::api::maps::{
    create_from_template, create_map, delete_map, delete_template, duplicate_map, list_maps, list_templates,
    save_as_template,
};
use crate::domain::template::{SavedTemplate, Template};
use crate::domain::MapSummary;
use crate::i18n::use_i18n;
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Dashboard() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let maps = Resource::new(|| (), |_| list_maps());
    // The library's personas, for the list's "Persona" filter (their names).
    let personas = Resource::new(|| (), |_| crate::api::personas::list_personas());
    let creating = RwSignal::new(false);
    view! {
        <Title text=move || t().dashboard_title.to_owned()/>
        <div class="dashboard">
            <div class="page-head">
                <h1>{move || t().dashboard_title}</h1>
                <a class="button ghost" href="/trash">{move || t().trash}</a>
                <super::account::IfCan action=crate::domain::Capability::Edit>
                <div class="page-actions">
                    <ImportControl/>
                    <button class="button primary" on:click=move |_| creating.set(true) aria-expanded=move || creating.get().to_string()>
                        {move || t().new_map}
                    </button>
                </div>
                </super::account::IfCan>
            </div>
            <Show when=move || creating.get()>
                <NewMapForm on_close=Callback::new(move |_| creating.set(false))/>
            </Show>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match maps.await {
                        Err(e) => view! { <ErrorPage error=e/> }.into_any_sync(),
                        Ok(list) if list.is_empty() => {
                            view! { <p class="empty">{move || t().dashboard_empty}</p> }.into_any_sync()
                        }
                        Ok(list) => {
                            let personas = personas.await.unwrap_or_default();
                            view! { <super::shelf::MapShelf list=list personas=personas on_changed=Callback::new(move |_| maps.refetch())/> }
                                .into_any_sync()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub(super) fn MapRow(map: MapSummary, on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let confirming = RwSignal::new(false);
    let naming = RwSignal::new(false);
    let template_name = RwSignal::new(map.title.clone());
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let id = map.id.clone();
    let delete = Action::new({
        let id = id.clone();
        move |_: &()| {
            let id = id.clone();
            async move { delete_map(id).await }
        }
    });
    let duplicate = Action::new({
        let id = id.clone();
        move |_: &()| {
            let id = id.clone();
            async move { duplicate_map(id).await }
        }
    });
    let save = Action::new(move |name: &String| {
        let (id, name) = (id.clone(), name.clone());
        async move { save_as_template(id, name).await }
    });
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => on_changed.run(()),
        Some(Err(e)) => error.set(Some(e.message(i18n.t()))),
        None => {}
    });
    Effect::new(move |_| match duplicate.value().get() {
        Some(Ok(_)) => on_changed.run(()),
        Some(Err(e)) => error.set(Some(e.message(i18n.t()))),
        None => {}
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => {
            naming.set(false);
            notice.set(Some(i18n.t().template_saved.replace("{name}", &saved.name)));
        }
        Some(Err(e)) => error.set(Some(e.message(i18n.t()))),
        None => {}
    });
    let href = format!("/maps/{}", map.id);
    let updated = map.updated_at;
    let iso = map.updated_at.to_rfc3339();
    let title = StoredValue::new(map.title.clone());
    let count = map.card_count;
    let (due, stale) = (map.review_due, map.no_new_evidence);
    let next = map.next_review.map(|d| i18n.t().date(d));
    view! {
        <li class="map-row">
            <a class="map-link" href=href>
                <span class="map-title">
                    {map.title.clone()}
                    {due.then(|| view! {
                        <span class="badge due" title=next.clone().map(|d| t().ins.next_review.replace("{date}", &d))>
                            {move || t().ins.review_due}
                        </span>
                    })}
                    {stale.then(|| view! { <span class="badge stale">{move || t().ins.no_new_evidence}</span> })}
                </span>
                <span class="map-meta">
                    <span>{move || t().cards.format(i18n.locale.get(), count)}</span>
                    " · "
                    <time datetime=iso.clone()>{move || t().updated.replace("{when}", &t().date_time(updated))}</time>
                </span>
            </a>
            <super::account::IfCan action=crate::domain::Capability::Edit>
            <div class="map-actions">
                <button class="button ghost" disabled=move || duplicate.pending().get()
                    on:click=move |_| { error.set(None); notice.set(None); duplicate.dispatch(()); }>
                    {move || t().duplicate_map}
                </button>
                <button class="button ghost" aria-expanded=move || naming.get().to_string()
                    on:click=move |_| { error.set(None); notice.set(None); naming.update(|n| *n = !*n); }>
                    {move || t().save_as_template}
                </button>
                <super::move_map::MoveControl id=map.id.clone() on_moved=on_changed/>
                <Show
                    when=move || confirming.get()
                    fallback=move || {
                        view! {
                            <button class="button ghost" on:click=move |_| confirming.set(true)>
                                {move || t().delete}
                            </button>
                        }
                    }
                >
                    <div class="confirm" role="alertdialog" aria-label=move || t().delete_map>
                        <p>{move || t().delete_map_confirm.replace("{title}", &title.get_value())}</p>
                        <button class="button danger" on:click=move |_| { delete.dispatch(()); }>
                            {move || t().delete_map}
                        </button>
                        <button class="button" on:click=move |_| confirming.set(false)>{move || t().cancel}</button>
                    </div>
                </Show>
            </div>
            </super::account::IfCan>
            <Show when=move || naming.get()>
                <form class="inline-form" aria-label=move || t().save_as_template
                    on:submit=move |ev| { ev.prevent_default(); save.dispatch(template_name.get_untracked()); }>
                    <label class="field inline">
                        <span>{move || t().template_name}</span>
                        <input type="text" maxlength="200" prop:value=move || template_name.get()
                            on:input=move |ev| template_name.set(event_target_value(&ev))/>
                    </label>
                    <button type="submit" class="button primary" disabled=move || save.pending().get()>{move || t().save}</button>
                    <button type="button" class="button" on:click=move |_| naming.set(false)>{move || t().cancel}</button>
                </form>
            </Show>
            {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {error_line(error)}
        </li>
    }
}

/// What a new map starts from: a built-in template or one the workspace saved.
#[derive(Clone, Debug, PartialEq)]
enum Start {
    Built(Template),
    Saved(String),
}

#[component]
fn NewMapForm(on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let title = RwSignal::new(String::new());
    let template = RwSignal::new(Start::Built(Template::Starter));
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let create = Action::new(move |(title, start): &(String, Start)| {
        let (title, start) = (title.clone(), start.clone());
        async move {
            match start {
                Start::Built(template) => create_map(title, template).await,
                Start::Saved(id) => create_from_template(title, id).await,
            }
        }
    });
    let saved = Resource::new(|| (), |_| list_templates());
    Effect::new(move |_| match create.value().get() {
        Some(Ok(id)) => navigate(&format!("/maps/{id}"), Default::default()),
        Some(Err(e)) => error.set(Some(e.message(i18n.t()))),
        None => {}
    });
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });
    let choice = move |value: Template,
                       name: fn(&crate::i18n::Messages) -> &'static str,
                       hint: fn(&crate::i18n::Messages) -> &'static str| {
        view! {
            <label class="template-choice">
                <input
                    type="radio"
                    name="template"
                    checked=move || template.get() == Start::Built(value)
                    on:change=move |_| template.set(Start::Built(value))
                />
                <span class="template-name">{move || name(t())}</span>
                <span class="template-hint">{move || hint(t())}</span>
            </label>
        }
    };
    view! {
        <form
            class="card-panel new-map"
            aria-label=move || t().new_map
            on:submit=move |ev| {
                ev.prevent_default();
                error.set(None);
                create.dispatch((title.get_untracked(), template.get_untracked()));
            }
        >
            <label class="field">
                <span>{move || t().title_label}</span>
                <input
                    node_ref=input
                    type="text"
                    maxlength="200"
                    prop:value=move || title.get()
                    on:input=move |ev| title.set(event_target_value(&ev))
                    placeholder=move || t().untitled_map
                />
            </label>
            <fieldset class="templates">
                <legend>{move || t().template_label}</legend>
                {choice(Template::Starter, |m| m.template_starter, |m| m.template_starter_hint)}
                {choice(Template::Blank, |m| m.template_blank, |m| m.template_blank_hint)}
                {choice(Template::Clinic, |m| m.template_clinic, |m| m.template_clinic_hint)}
                {choice(Template::Massage, |m| m.template_massage, |m| m.template_massage_hint)}
                {choice(Template::Retail, |m| m.template_retail, |m| m.template_retail_hint)}
            </fieldset>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = saved.await.unwrap_or_default();
                    (!list.is_empty()).then(|| view! {
                        <fieldset class="templates saved-templates">
                            <legend>{move || t().saved_templates}</legend>
                            {list
                                .into_iter()
                                .map(|s| view! {
                                    <SavedChoice template=s selected=template on_deleted=Callback::new(move |_| saved.refetch())/>
                                })
                                .collect_view()}
                        </fieldset>
                    })
                })}
            </Suspense>
            {error_line(error)}
            <div class="actions">
                <button type="submit" class="button primary" disabled=move || create.pending().get()>
                    {move || t().create}
                </button>
                <button type="button" class="button" on:click=move |_| on_close.run(())>
                    {move || t().cancel}
                </button>
            </div>
        </form>
    }
}

/// One of the workspace's saved templates in the new-map form: a choice, and its delete.
#[component]
fn SavedChoice(template: SavedTemplate, selected: RwSignal<Start>, on_deleted: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let SavedTemplate { id, name, stages, cards, personas } = template;
    let delete = Action::new({
        let id = id.clone();
        move |_: &()| {
            let id = id.clone();
            async move { delete_template(id).await }
        }
    });
    let mine = Start::Saved(id.clone());
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => {
            if selected.get_untracked() == Start::Saved(id.clone()) {
                selected.set(Start::Built(Template::Starter));
            }
            on_deleted.run(())
        }
        Some(Err(e)) => error.set(Some(e.message(i18n.t()))),
        None => {}
    });
    let hint = move || {
        t().saved_template_hint
            .replace("{stages}", &stages.to_string())
            .replace("{cards}", &cards.to_string())
            .replace("{personas}", &personas.to_string())
    };
    let confirm_text = {
        let name = name.clone();
        move || t().delete_template_confirm.replace("{name}", &name)
    };
    view! {
        <div class="saved-template">
            <label class="template-choice">
                <input
                    type="radio"
                    name="template"
                    checked={
                        let mine = mine.clone();
                        move || selected.get() == mine
                    }
                    on:change=move |_| selected.set(mine.clone())
                />
                <span class="template-name">{name.clone()}</span>
                <span class="template-hint">{hint}</span>
            </label>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="button ghost small" on:click=move |_| confirming.set(true)>
                        {move || t().delete_template}
                    </button>
                }
            >
                <div class="confirm" role="alertdialog" aria-label=move || t().delete_template>
                    <p>{confirm_text.clone()}</p>
                    <button type="button" class="button danger" on:click=move |_| { delete.dispatch(()); }>
                        {move || t().delete_template}
                    </button>
                    <button type="button" class="button" on:click=move |_| confirming.set(false)>{move || t().cancel}</button>
                </div>
            </Show>
            {error_line(error)}
        </div>
    }
}

/// "Import file": any import format, recognised from its content. A map made from it
/// opens at once; a bad file gets the server's message, naming the line or field.
#[component]
fn ImportControl() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(file) = browser::chosen_file(&ev, true) else { return };
        let messages = i18n.locale.get_untracked().messages();
        let navigate = navigate.clone();
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let outcome = upload(file, messages).await;
            busy.set(false);
            match outcome {
                Ok(id) => navigate(&format!("/maps/{id}"), Default::default()),
                Err(message) => error.set(Some(message)),
            }
        });
    };
    view! {
        <div class="import-control">
            <label class="button file-button" title=move || t().import_hint>
                <span>{move || if busy.get() { t().importing } else { t().import_file }}</span>
                <input type="file" class="visually-hidden" aria-label=move || t().import_file
                    aria-describedby="import-hint"
                    accept=".json,.ojf,.mmd,.mermaid,.csv,.txt,.md,application/json,text/csv,text/plain"
                    on:change=on_change/>
            </label>
            <span id="import-hint" class="visually-hidden">{move || t().import_hint}</span>
            {error_line(error)}
        </div>
    }
}

/// Sends a file to `POST /api/maps/import`; the new map's id or the message to show.
async fn upload(file: web_sys::File, t: &'static crate::i18n::Messages) -> Result<String, String> {
    let failed = || t.err_network.to_owned();
    let (status, body) = browser::post_file(crate::protocol::IMPORT_PATH, &file).await.map_err(|_| failed())?;
    if let Some(id) = body.get("id").and_then(|v| v.as_str()) {
        return Ok(id.to_owned());
    }
    if status == 413 {
        return Err(t.err_import_too_large.replace("{max}", &(crate::formats::MAX_IMPORT / (1024 * 1024)).to_string()));
    }
    Err(body.get("error").and_then(|e| e.as_str()).map(str::to_owned).unwrap_or_else(failed))
}
