//! The persona library: a list of the team's personas and a page to create or edit one
//! (profile, goals, needs, fears, preferred channels, empathy map).

use super::browser;
use super::layout::ErrorPage;
use super::widgets::{channel_icon, error_line, initials, Loading};
use crate::api::channels::list_channels;
use crate::api::personas::{delete_persona, get_persona, list_personas, save_persona};
use crate::api::segments::list_segments;
use crate::domain::channel::{all_ids, icon_of, Channel};
use crate::domain::segment::Segment;
use crate::domain::{Persona, PersonaId};
use crate::i18n::{use_i18n, Messages};
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

/// A persona's photo, or its initials on its colour.
#[component]
pub fn Avatar(id: PersonaId, name: String, colour: String, photo: u32) -> impl IntoView {
    if photo > 0 {
        view! { <img class="avatar large photo" src=format!("{}?v={photo}", crate::protocol::photo_path(id.as_str())) alt=""/> }.into_any_sync()
    } else {
        view! {
            <span class="avatar large" style=format!("background:{colour}") aria-hidden="true">
                {initials(&name)}
            </span>
        }
        .into_any_sync()
    }
}

/// Uploads a photo file; answers the new version or the message to show.
async fn upload_photo(id: &PersonaId, file: web_sys::File, t: &'static Messages) -> Result<u32, String> {
    let failed = || t.photo_failed.to_owned();
    let (_, body) = browser::post_file(&crate::protocol::photo_path(id.as_str()), &file).await.map_err(|_| failed())?;
    if let Some(v) = body.get("photo").and_then(|v| v.as_u64()) {
        return Ok(v as u32);
    }
    Err(match body.get("error").and_then(|e| e.as_str()) {
        Some("bad_type") => t.photo_bad_type.to_owned(),
        Some("too_large") => t.photo_too_large.to_owned(),
        _ => failed(),
    })
}

#[component]
pub fn PersonaLibrary() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let personas = Resource::new(|| (), |_| list_personas());
    view! {
        <Title text=move || t().personas_title.to_owned()/>
        <div class="dashboard">
            <div class="page-head">
                <h1>{move || t().personas_title}</h1>
                <super::account::IfCan action=crate::domain::Capability::Edit>
                    <a class="button primary" href="/personas/new">{move || t().new_persona}</a>
                </super::account::IfCan>
            </div>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match personas.await {
                        Err(e) => view! { <ErrorPage error=e/> }.into_any_sync(),
                        Ok(list) if list.is_empty() => view! { <p class="empty">{move || t().personas_empty}</p> }.into_any_sync(),
                        Ok(list) => view! {
                            <ul class="persona-grid" role="list">
                                {list.into_iter().map(|p| view! {
                                    <li class="persona-card">
                                        <a href=format!("/personas/{}", p.id)>
                                            <Avatar id=p.id.clone() name=p.name.clone() colour=p.colour.clone() photo=p.photo/>
                                            <span class="persona-name">{p.name.clone()}</span>
                                            <span class="muted">{[p.segment.clone(), p.age_range.clone(), p.gender.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")}</span>
                                            {(!p.quote.is_empty()).then(|| view! { <q>{p.quote.clone()}</q> })}
                                        </a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any_sync(),
                    }
                })}
            </Suspense>
            <super::segments::SegmentList/>
        </div>
    }
}

fn blank() -> Persona {
    // No colour yet: the server gives a new persona the next free one.
    Persona { colour: String::new(), ..Persona::named(PersonaId(String::new()), String::new()) }
}

#[component]
pub fn PersonaPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let persona = Resource::new(id, |id| async move {
        let persona = if id.is_empty() || id == "new" { blank() } else { get_persona(PersonaId(id)).await? };
        Ok::<_, crate::error::AppError>((persona, list_channels().await?, list_segments().await?))
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match persona.await {
                    Ok((p, channels, segments)) => view! { <PersonaForm persona=p channels segments/> }.into_any_sync(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any_sync(),
                }
            })}
        </Suspense>
    }
}

type Field = (fn(&Messages) -> &'static str, fn(&mut Persona) -> &mut String, bool);

/// The profile's text fields, in form order after the name and the segment: (label,
/// field, multi-line).
const PROFILE: [Field; 7] = [
    (|m| m.age_range, |p| &mut p.age_range, false),
    (|m| m.gender, |p| &mut p.gender, false),
    (|m| m.occupation, |p| &mut p.occupation, false),
    (|m| m.quote, |p| &mut p.quote, true),
    (|m| m.goals, |p| &mut p.goals, true),
    (|m| m.needs, |p| &mut p.needs, true),
    (|m| m.fears, |p| &mut p.fears, true),
];

const EMPATHY: [Field; 4] = [
    (|m| m.says, |p| &mut p.empathy.says, true),
    (|m| m.thinks, |p| &mut p.empathy.thinks, true),
    (|m| m.does, |p| &mut p.empathy.does, true),
    (|m| m.feels, |p| &mut p.empathy.feels, true),
];

#[component]
fn PersonaForm(persona: Persona, channels: Vec<Channel>, segments: Vec<Segment>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let is_new = persona.id.0.is_empty();
    // What the form was loaded with (then: last saved): the server writes only the fields
    // changed since, so a colleague's concurrent edit of other fields is kept.
    let base = RwSignal::new(persona.clone());
    let draft = RwSignal::new(persona);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let navigate = use_navigate();
    let save = Action::new(move |p: &Persona| {
        let p = p.clone();
        let b = (!is_new).then(|| base.get_untracked());
        async move { save_persona(p.clone(), b).await.map(|id| (id, p)) }
    });
    let nav = navigate.clone();
    Effect::new(move |_| match save.value().get() {
        Some(Ok((id, sent))) => {
            base.set(sent);
            error.set(None);
            saved.set(true);
            if is_new {
                nav(&format!("/personas/{id}"), Default::default());
            }
        }
        Some(Err(e)) => error.set(Some(e.message(i18n.t()))),
        None => {}
    });
    let remove = Action::new(move |id: &PersonaId| {
        let id = id.clone();
        async move { delete_persona(id).await }
    });
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => navigate("/personas", Default::default()),
        Some(Err(e)) => error.set(Some(e.message(i18n.t()))),
        None => {}
    });
    let field = move |(label, get, multi): Field| {
        let value = move || draft.with(|p| get(&mut p.clone()).clone());
        let set = move |v: String| {
            saved.set(false);
            draft.update(|p| *get(p) = v);
        };
        view! {
            <label class="field">
                <span>{move || label(t())}</span>
                {if multi {
                    view! { <textarea rows="3" prop:value=value on:input=move |ev| set(event_target_value(&ev))></textarea> }.into_any_sync()
                } else {
                    view! { <input type="text" prop:value=value on:input=move |ev| set(event_target_value(&ev))/> }.into_any_sync()
                }}
            </label>
        }
    };
    // try_: the page title may be read once more while this form is being replaced.
    let title = move || {
        draft
            .try_with(|p| if p.name.trim().is_empty() { t().new_persona.to_owned() } else { p.name.clone() })
            .unwrap_or_default()
    };
    view! {
        <Title text=title/>
        <form
            class="persona-form card-panel"
            aria-label=title
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(draft.get_untracked());
            }
        >
            // Viewers and commenters read the persona; its fields are not theirs to change.
            <fieldset class="bare" disabled=move || !super::account::may(crate::domain::Capability::Edit)>
            <div class="page-head">
                <h1>{title}</h1>
                <a href="/personas">{move || t().all_personas}</a>
            </div>
            <div class="photo-row">
                {move || draft.with(|p| view! { <Avatar id=p.id.clone() name=p.name.clone() colour=p.colour.clone() photo=p.photo/> })}
                {if is_new {
                    view! { <p class="muted small">{move || t().photo_hint}</p> }.into_any_sync()
                } else {
                    view! {
                        <label class="field">
                            <span>{move || t().photo}</span>
                            <input type="file" accept="image/png,image/jpeg,image/webp" on:change=move |ev| {
                                let Some(file) = browser::chosen_file(&ev, false) else { return };
                                let id = draft.with_untracked(|p| p.id.clone());
                                let msgs = i18n.locale.get_untracked().messages();
                                leptos::task::spawn_local(async move {
                                    match upload_photo(&id, file, msgs).await {
                                        Ok(v) => {
                                            error.set(None);
                                            draft.update(|p| p.photo = v);
                                        }
                                        Err(message) => error.set(Some(message)),
                                    }
                                });
                            }/>
                        </label>
                    }.into_any_sync()
                }}
            </div>
            <div class="form-grid">
                {field((|m| m.persona_name, |p| &mut p.name, false))}
                {segment_choice(draft, saved, segments)}
                {PROFILE.into_iter().map(field).collect_view()}
            </div>
            <fieldset class="channels">
                <legend>{move || t().preferred_channels}</legend>
                {all_ids(&channels).into_iter().map(|c| {
                    let icon = icon_of(&channels, &c).to_owned();
                    let label = {
                        let (c, channels) = (c.clone(), channels.clone());
                        move || t().channel_label(&channels, &c)
                    };
                    let (id, id2) = (c.clone(), c);
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                prop:checked=move || draft.with(|p| p.channels.contains(&id))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    saved.set(false);
                                    let c = id2.clone();
                                    draft.update(|p| {
                                        p.channels.retain(|x| *x != c);
                                        if on {
                                            p.channels.push(c);
                                        }
                                    });
                                }
                            />
                            {channel_icon(&icon)}
                            <span>{label}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset class="empathy">
                <legend>{move || t().empathy_map}</legend>
                <div class="empathy-grid">{EMPATHY.into_iter().map(field).collect_view()}</div>
            </fieldset>
            {error_line(error)}
            {move || saved.get().then(|| view! { <p class="muted" role="status">{t().saved}</p> })}
            <div class="actions" class:hidden=move || !super::account::may(crate::domain::Capability::Edit)>
                <button type="submit" class="button primary" disabled=move || save.pending().get()>{move || t().save}</button>
                {(!is_new).then(|| view! {
                    <button type="button" class="button danger" on:click=move |_| {
                        let (id, name) = draft.with_untracked(|p| (p.id.clone(), p.name.clone()));
                        if browser::confirm(&t().delete_persona_confirm.replace("{name}", &name)) {
                            remove.dispatch(id);
                        }
                    }>{move || t().delete_persona}</button>
                })}
            </div>
            </fieldset>
        </form>
    }
}

/// The persona's segment, chosen from the workspace's list (a name the list no longer has
/// stays offered, so opening the form changes nothing).
fn segment_choice(draft: RwSignal<Persona>, saved: RwSignal<bool>, segments: Vec<Segment>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let current = draft.with_untracked(|p| p.segment.clone());
    let mut names: Vec<String> = segments.into_iter().map(|s| s.name).collect();
    if !current.is_empty() && !names.contains(&current) {
        names.insert(0, current);
    }
    // A select inside its label would lend the label its options' words.
    view! {
        <div class="field">
            <label for="persona-segment">{move || t().segment}</label>
            <select id="persona-segment" on:change=move |ev| {
                let v = event_target_value(&ev);
                saved.set(false);
                draft.update(|p| p.segment = v);
            }>
                <option value="" selected=move || draft.with(|p| p.segment.is_empty())>{move || t().sg.no_segment}</option>
                {names.into_iter().map(|n| {
                    let n2 = n.clone();
                    view! { <option value=n.clone() selected=move || draft.with(|p| p.segment == n2)>{n.clone()}</option> }
                }).collect_view()}
            </select>
            <a class="small" href="/personas#segments">{move || t().sg.manage}</a>
        </div>
    }
}
