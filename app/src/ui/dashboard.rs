//! The dashboard: every map with its title, last change and card count; create (blank or
//! from the starter template) and delete with confirmation.

use super::browser;
use super::layout::ErrorPage;
use super::widgets::{error_line, Loading};
use crate::api::maps::{create_map, delete_map, list_maps};
use crate::domain::template::Template;
use crate::domain::MapSummary;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Dashboard() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let maps = Resource::new(|| (), |_| list_maps());
    let creating = RwSignal::new(false);
    view! {
        <Title text=move || t().dashboard_title.to_owned()/>
        <div class="dashboard">
            <div class="page-head">
                <h1>{move || t().dashboard_title}</h1>
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
                        Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => {
                            view! { <p class="empty">{move || t().dashboard_empty}</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ul class="map-list" role="list">
                                    {list
                                        .into_iter()
                                        .map(|m| view! { <MapRow map=m on_deleted=Callback::new(move |_| maps.refetch())/> })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn MapRow(map: MapSummary, on_deleted: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let id = map.id.clone();
    let delete = Action::new(move |_: &()| {
        let id = id.clone();
        async move { delete_map(id).await }
    });
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => on_deleted.run(()),
        Some(Err(e)) => error.set(Some(e.message(i18n.t()))),
        None => {}
    });
    let href = format!("/maps/{}", map.id);
    let when = map.updated_at.format("%Y-%m-%d %H:%M UTC").to_string();
    let iso = map.updated_at.to_rfc3339();
    let title = map.title.clone();
    let count = map.card_count;
    view! {
        <li class="map-row">
            <a class="map-link" href=href>
                <span class="map-title">{map.title.clone()}</span>
                <span class="map-meta">
                    <span>{move || t().cards.format(i18n.locale.get(), count)}</span>
                    " · "
                    <time datetime=iso.clone()>{move || t().updated.replace("{when}", &when)}</time>
                </span>
            </a>
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
                    <p>{
                        let title = title.clone();
                        move || t().delete_map_confirm.replace("{title}", &title)
                    }</p>
                    <button class="button danger" on:click=move |_| { delete.dispatch(()); }>
                        {move || t().delete_map}
                    </button>
                    <button class="button" on:click=move |_| confirming.set(false)>{move || t().cancel}</button>
                </div>
            </Show>
            {error_line(error)}
        </li>
    }
}

#[component]
fn NewMapForm(on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let title = RwSignal::new(String::new());
    let template = RwSignal::new(Template::Starter);
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let create = Action::new(move |(title, template): &(String, Template)| {
        let (title, template) = (title.clone(), *template);
        async move { create_map(title, template).await }
    });
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
                    checked=move || template.get() == value
                    on:change=move |_| template.set(value)
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
