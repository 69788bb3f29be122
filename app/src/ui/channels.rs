//! The channel library: the built-in channels and the workspace's own, each with an icon.
//! Custom channels are added, renamed, given another icon and deleted here; touchpoint
//! cards and personas pick them.

use super::browser::confirm;
use super::layout::ErrorPage;
use super::widgets::{channel_icon, error_line, Loading};
use crate::api::channels::{delete_channel, list_channels, save_channel};
use crate::domain::channel::{Channel, DEFAULT_CHANNELS, ICONS, MAX_CHANNEL_NAME};
use crate::i18n::use_i18n;
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ChannelLibrary() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let channels = Resource::new(|| (), |_| list_channels());
    view! {
        <Title text=move || t().channels_title.to_owned()/>
        <div class="dashboard channel-library">
            <div class="page-head">
                <h1>{move || t().channels_title}</h1>
            </div>
            <p class="muted">{move || t().channels_intro}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match channels.await {
                        Ok(list) => view! { <Library initial=list/> }.into_any_sync(),
                        Err(e) => view! { <ErrorPage error=e/> }.into_any_sync(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Library(initial: Vec<Channel>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let list = RwSignal::new(initial);
    let editing = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<&'static str>);
    let save = Action::new(move |c: &Channel| {
        let c = c.clone();
        async move { save_channel(c).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => {
            list.update(|l| {
                match l.iter_mut().find(|c| c.id == saved.id) {
                    Some(c) => *c = saved,
                    None => l.push(saved),
                }
                l.sort_by_key(|c| c.name.to_lowercase());
            });
            editing.set(None);
            error.set(None);
            status.set(Some(i18n.t().channel_saved));
        }
        Some(Err(e)) => {
            status.set(None);
            error.set(Some(e.message(i18n.t())));
        }
        None => {}
    });
    let remove = Action::new(move |id: &String| {
        let id = id.clone();
        async move { delete_channel(id.clone()).await.map(|()| id) }
    });
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(id)) => {
            list.update(|l| l.retain(|c| c.id != id));
            error.set(None);
        }
        Some(Err(e)) => error.set(Some(e.message(i18n.t()))),
        None => {}
    });
    let submit = Callback::new(move |c: Channel| {
        status.set(None);
        save.dispatch(c);
    });
    view! {
        <section aria-labelledby="builtin-channels">
            <h2 id="builtin-channels">{move || t().channels_builtin}</h2>
            <ul class="channel-list" role="list">
                {DEFAULT_CHANNELS.into_iter().map(|id| view! {
                    <li>{channel_icon(id)}<span>{move || t().channel_name(id).to_owned()}</span></li>
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="custom-channels">
            <h2 id="custom-channels">{move || t().channels_custom}</h2>
            {error_line(error)}
            {move || status.get().map(|s| view! { <p class="muted" role="status">{s}</p> })}
            {move || {
                let channels = list.get();
                if channels.is_empty() {
                    return view! { <p class="empty">{t().channels_none}</p> }.into_any_sync();
                }
                view! {
                    <ul class="channel-list custom" role="list">
                        {channels.into_iter().map(|c| {
                            let id = c.id.clone();
                            let is_editing = {
                                let id = id.clone();
                                move || editing.get().as_deref() == Some(id.as_str())
                            };
                            let shown = c.clone();
                            view! {
                                <li>
                                    <Show when=is_editing fallback=move || {
                                        let c = shown.clone();
                                        let (edit_label, delete_label) = (c.name.clone(), c.name.clone());
                                        view! {
                                            {channel_icon(&c.icon)}
                                            <span>{c.name.clone()}</span>
                                            <span class="row-actions" class:hidden=move || !super::account::may(crate::domain::Capability::Edit)>
                                            <button type="button" class="button small"
                                                aria-label=move || t().edit_channel.replace("{name}", &edit_label)
                                                on:click={
                                                    let id = c.id.clone();
                                                    move |_| editing.set(Some(id.clone()))
                                                }>{move || t().edit}</button>
                                            <button type="button" class="button small danger"
                                                aria-label=move || t().delete_channel.replace("{name}", &delete_label)
                                                on:click={
                                                    let c = c.clone();
                                                    move |_| if confirm(&t().delete_channel_confirm.replace("{name}", &c.name)) {
                                                        remove.dispatch(c.id.clone());
                                                    }
                                                }>{move || t().delete}</button>
                                            </span>
                                        }
                                    }>
                                        <ChannelForm channel=c.clone() submit on_cancel=Callback::new(move |()| editing.set(None))/>
                                    </Show>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any_sync()
            }}
            <super::account::IfCan action=crate::domain::Capability::Edit>
                <h3>{move || t().add_channel}</h3>
                <ChannelForm channel=Channel { id: String::new(), name: String::new(), icon: "chat".into() } submit/>
            </super::account::IfCan>
        </section>
    }
}

/// The fields of a custom channel: its name and one of the icons.
#[component]
fn ChannelForm(
    channel: Channel,
    submit: Callback<Channel>,
    #[prop(optional)] on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let is_new = channel.id.is_empty();
    let original = channel.name.clone();
    let draft = RwSignal::new(channel);
    // One radio group per form.
    let group =
        format!("icon-{}", draft.with_untracked(|c| if c.id.is_empty() { "new".to_owned() } else { c.id.clone() }));
    view! {
        <form class="channel-form" aria-label=move || {
            if is_new { t().add_channel.to_owned() } else { t().edit_channel.replace("{name}", &original) }
        } on:submit=move |ev| {
            ev.prevent_default();
            submit.run(draft.get_untracked());
            if is_new {
                draft.update(|c| c.name.clear());
            }
        }>
            <label class="field">
                <span>{move || t().channel_name}</span>
                <input type="text" maxlength=MAX_CHANNEL_NAME
                    prop:value=move || draft.with(|c| c.name.clone())
                    on:input=move |ev| draft.update(|c| c.name = event_target_value(&ev))/>
            </label>
            <fieldset class="icon-picker">
                <legend>{move || t().channel_icon}</legend>
                {ICONS.into_iter().map(|(key, _)| view! {
                    <label class="icon-choice" title=move || t().icon_name(key)>
                        <input type="radio" name=group.clone() value=key
                            aria-label=move || t().icon_name(key)
                            prop:checked=move || draft.with(|c| c.icon == key)
                            on:change=move |_| draft.update(|c| c.icon = key.to_owned())/>
                        {channel_icon(key)}
                    </label>
                }).collect_view()}
            </fieldset>
            <div class="actions">
                <button type="submit" class="button primary">
                    {move || if is_new { t().add_channel } else { t().save }}
                </button>
                {on_cancel.map(|cancel| view! {
                    <button type="button" class="button" on:click=move |_| cancel.run(())>{move || t().cancel}</button>
                })}
            </div>
        </form>
    }
}
