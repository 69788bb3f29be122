//! The Trash: maps deleted in the last 30 days, with who deleted them and when they go for
//! good; "Restore" (editors and owners) brings one back, "Delete forever" (owners) does not
//! wait. The server's hourly task empties what is older.

use super::layout::ErrorPage;
use super::widgets::Loading;
use crate::api::maps::{delete_forever, list_trash, restore_map};
use crate::domain::model::TrashedMap;
use crate::domain::Capability;
use crate::i18n::use_i18n;
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TrashPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let maps = Resource::new(|| (), |_| list_trash());
    let notice = RwSignal::new(None::<String>);
    view! {
        <Title text=move || t().trash.to_owned()/>
        <div class="dashboard">
            <div class="page-head">
                <h1>{move || t().trash}</h1>
                <a class="button ghost" href="/">{move || t().back_to_maps}</a>
            </div>
            <p class="muted">{move || t().trash_intro}</p>
            {move || notice.get().map(|n| view! { <p class="banner info" role="status">{n}</p> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match maps.await {
                        Err(e) => view! { <ErrorPage error=e/> }.into_any_sync(),
                        Ok(list) if list.is_empty() => view! { <p class="empty">{move || t().trash_empty}</p> }.into_any_sync(),
                        Ok(list) => view! {
                            <ul class="map-list" role="list" aria-label=move || t().trash>
                                {list.into_iter().map(|m| view! {
                                    <TrashRow map=m notice=notice on_changed=Callback::new(move |_| maps.refetch())/>
                                }).collect_view()}
                            </ul>
                        }.into_any_sync(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn TrashRow(map: TrashedMap, notice: RwSignal<Option<String>>, on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let error = RwSignal::new(None::<String>);
    let title = map.title.clone();
    let restore = Action::new({
        let id = map.id.clone();
        move |_: &()| {
            let id = id.clone();
            async move { restore_map(id).await }
        }
    });
    let forget = Action::new({
        let id = map.id.clone();
        move |_: &()| {
            let id = id.clone();
            async move { delete_forever(id).await }
        }
    });
    let back = title.clone();
    Effect::new(move |_| match restore.value().get() {
        Some(Ok(())) => {
            notice.set(Some(t().restored.replace("{title}", &back)));
            on_changed.run(());
        }
        Some(Err(e)) => error.set(Some(e.message(t()))),
        None => {}
    });
    Effect::new(move |_| match forget.value().get() {
        Some(Ok(())) => on_changed.run(()),
        Some(Err(e)) => error.set(Some(e.message(t()))),
        None => {}
    });
    let date = move |d: chrono::DateTime<chrono::Utc>| t().date(d.date_naive());
    let line = t()
        .trashed_line
        .replace("{name}", map.deleted_by.as_deref().unwrap_or("—"))
        .replace("{date}", &date(map.deleted_at))
        .replace("{purge}", &date(map.purged_at()));
    let confirm = t().delete_forever_confirm.replace("{title}", &title);
    view! {
        <li class="map-row">
            <div class="map-link">
                <span class="map-title">{title.clone()}</span>
                <span class="map-meta">{line}</span>
            </div>
            <div class="map-actions">
                <super::account::IfCan action=Capability::Edit>
                    <button class="button" disabled=move || restore.pending().get() on:click=move |_| { restore.dispatch(()); }>
                        {move || t().restore}
                    </button>
                </super::account::IfCan>
                <super::account::IfCan action=Capability::Manage>
                    {
                        let confirm = confirm.clone();
                        view! {
                            <button class="button ghost danger" disabled=move || forget.pending().get() on:click=move |_| {
                                if crate::ui::browser::confirm(&confirm) {
                                    forget.dispatch(());
                                }
                            }>
                                {move || t().delete_forever}
                            </button>
                        }
                    }
                </super::account::IfCan>
            </div>
            {super::widgets::error_line(error)}
        </li>
    }
}
