//! The workspace's list of client segments, on the persona library page: add, rename
//! (its personas follow), delete (refused while cards are about it).

use super::browser::confirm;
use super::widgets::error_line;
use crate::api::segments::{delete_segment, list_segments, save_segment};
use crate::domain::segment::{Segment, MAX_SEGMENT_NAME};
use crate::i18n::use_i18n;
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;

#[component]
pub fn SegmentList() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let segments = Resource::new(|| (), |_| list_segments());
    view! {
        <section id="segments" class="segment-list" aria-labelledby="segments-title">
            <h2 id="segments-title">{move || t().sg.title}</h2>
            <p class="muted">{move || t().sg.intro}</p>
            <Suspense>
                {move || Suspend::new(async move {
                    match segments.await {
                        Ok(list) => view! { <Editor initial=list/> }.into_any_sync(),
                        Err(e) => view! { <p class="error" role="alert">{e.message(t())}</p> }.into_any_sync(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Editor(initial: Vec<Segment>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let list = RwSignal::new(initial);
    let editing = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<&'static str>);
    let save = Action::new(move |s: &Segment| {
        let s = s.clone();
        async move { save_segment(s).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => {
            list.update(|l| {
                match l.iter_mut().find(|s| s.id == saved.id) {
                    Some(s) => *s = saved,
                    None => l.push(saved),
                }
                l.sort_by_cached_key(|s| crate::domain::search::fold(&s.name));
            });
            editing.set(None);
            error.set(None);
            status.set(Some(i18n.t().sg.saved));
        }
        Some(Err(e)) => {
            status.set(None);
            error.set(Some(e.message(i18n.t())));
        }
        None => {}
    });
    let remove = Action::new(move |id: &String| {
        let id = id.clone();
        async move { delete_segment(id.clone()).await.map(|()| id) }
    });
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(id)) => {
            list.update(|l| l.retain(|s| s.id != id));
            error.set(None);
        }
        Some(Err(e)) => error.set(Some(e.message(i18n.t()))),
        None => {}
    });
    let submit = Callback::new(move |s: Segment| {
        status.set(None);
        save.dispatch(s);
    });
    let may_edit = move || super::account::may(crate::domain::Capability::Edit);
    view! {
        {error_line(error)}
        {move || status.get().map(|s| view! { <p class="muted" role="status">{s}</p> })}
        {move || {
            let segments = list.get();
            if segments.is_empty() {
                return view! { <p class="empty">{t().sg.none}</p> }.into_any_sync();
            }
            view! {
                <ul class="channel-list custom" role="list">
                    {segments.into_iter().map(|s| {
                        let is_editing = {
                            let id = s.id.clone();
                            move || editing.get().as_deref() == Some(id.as_str())
                        };
                        let shown = s.clone();
                        view! {
                            <li>
                                <Show when=is_editing fallback=move || {
                                    let s = shown.clone();
                                    let (rename, delete) = (s.name.clone(), s.name.clone());
                                    view! {
                                        <span>{s.name.clone()}</span>
                                        <span class="row-actions" class:hidden=move || !may_edit()>
                                            <button type="button" class="button small"
                                                aria-label=move || t().sg.rename.replace("{name}", &rename)
                                                on:click={
                                                    let id = s.id.clone();
                                                    move |_| editing.set(Some(id.clone()))
                                                }>{move || t().edit}</button>
                                            <button type="button" class="button small danger"
                                                aria-label=move || t().sg.delete.replace("{name}", &delete)
                                                on:click={
                                                    let s = s.clone();
                                                    move |_| if confirm(&t().sg.delete_confirm.replace("{name}", &s.name)) {
                                                        remove.dispatch(s.id.clone());
                                                    }
                                                }>{move || t().delete}</button>
                                        </span>
                                    }
                                }>
                                    <NameForm segment=s.clone() submit on_cancel=Callback::new(move |()| editing.set(None))/>
                                </Show>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any_sync()
        }}
        <super::account::IfCan action=crate::domain::Capability::Edit>
            <NameForm segment=Segment { id: String::new(), name: String::new() } submit/>
        </super::account::IfCan>
    }
}

/// A segment's name, to add a new one or rename one.
#[component]
fn NameForm(
    segment: Segment,
    submit: Callback<Segment>,
    #[prop(optional)] on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let is_new = segment.id.is_empty();
    let original = segment.name.clone();
    let draft = RwSignal::new(segment);
    view! {
        <form class="channel-form segment-form" aria-label=move || {
            if is_new { t().sg.add.to_owned() } else { t().sg.rename.replace("{name}", &original) }
        } on:submit=move |ev| {
            ev.prevent_default();
            submit.run(draft.get_untracked());
            if is_new {
                draft.update(|s| s.name.clear());
            }
        }>
            <label class="field">
                <span>{move || t().sg.name}</span>
                <input type="text" maxlength=MAX_SEGMENT_NAME
                    prop:value=move || draft.with(|s| s.name.clone())
                    on:input=move |ev| draft.update(|s| s.name = event_target_value(&ev))/>
            </label>
            <div class="actions">
                <button type="submit" class="button primary">
                    {move || if is_new { t().sg.add } else { t().save }}
                </button>
                {on_cancel.map(|cancel| view! {
                    <button type="button" class="button" on:click=move |_| cancel.run(())>{move || t().cancel}</button>
                })}
            </div>
        </form>
    }
}
