//! `/w/<join>`: the page a workshop's join link (or its QR code) opens. A guest gives a
//! name and joins: no account; their board is `/s/<their key>` from then on.

use super::browser::go;
use super::widgets::{error_line, on_result, Loading};
use crate::api::workshop::{join_title, join_workshop};
use crate::i18n::use_i18n;
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn JoinWorkshopPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().ws;
    let params = use_params_map();
    let join = move || params.read().get("join").unwrap_or_default();
    let title = Resource::new(join, join_title);
    let name = RwSignal::new(super::browser::stored("jornada_name").unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let submit = Action::new(move |_: &()| {
        let (j, n) = (join(), name.get_untracked());
        async move { join_workshop(j, n).await }
    });
    on_result(submit, i18n, error, move |key: String| {
        super::browser::store("jornada_name", name.get_untracked().trim());
        go(&format!("/s/{key}"));
    });
    view! {
        <Title text=move || t().join_title.to_owned()/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let Ok(map) = title.await else {
                    return view! {
                        <section class="auth-card">
                            <h1>{move || t().join_title}</h1>
                            <p role="alert">{move || t().join_gone}</p>
                        </section>
                    }.into_any_sync();
                };
                let intro = move || t().join_intro.replace("{title}", &map);
                view! {
                    <section class="auth-card">
                        <h1>{move || t().join_title}</h1>
                        <p>{intro}</p>
                        <form aria-label=move || t().join_title on:submit=move |ev| {
                            ev.prevent_default();
                            submit.dispatch(());
                        }>
                            <label class="field">
                                <span>{move || t().your_name}</span>
                                <input type="text" required maxlength="40" autocomplete="nickname"
                                    prop:value=move || name.get()
                                    on:input=move |ev| name.set(event_target_value(&ev))/>
                            </label>
                            {error_line(error)}
                            <button type="submit" class="button primary" disabled=move || submit.pending().get()>
                                {move || t().join}
                            </button>
                        </form>
                    </section>
                }.into_any_sync()
            })}
        </Suspense>
    }
}
