//! The imports of a map's feedback, each undoable ("Undo this import"), and "Forget a
//! client": every answer of one client reference deleted (the right to erasure).

use super::super::BoardCtx;
use crate::api::feedback::{delete_batch, forget_client, list_batches};
use crate::domain::feedback::FeedbackBatch;
use crate::ui::eager::IntoAnySync;
use crate::ui::widgets::{error_line, on_result, ConfirmButton};
use leptos::prelude::*;

#[component]
pub fn Batches() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let map = ctx.sync.map.with_untracked(|m| m.id.clone());
    let batches = RwSignal::new(Vec::<FeedbackBatch>::new());
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let client = RwSignal::new(String::new());
    let load = {
        let map = map.clone();
        Action::new(move |_: &()| {
            let map = map.clone();
            async move { list_batches(map).await }
        })
    };
    on_result(load, ctx.i18n, error, move |list| batches.set(list));
    // Reload the list whenever the summary changes (an import here or elsewhere).
    Effect::new(move |_| {
        ctx.evidence.summary.track();
        load.dispatch(());
    });
    let undo = {
        let map = map.clone();
        Action::new(move |id: &String| {
            let (map, id) = (map.clone(), id.clone());
            async move { delete_batch(map, id).await }
        })
    };
    on_result(undo, ctx.i18n, error, move |n: u32| {
        let t = ctx.i18n.locale.get_untracked().messages();
        notice.set(Some(
            t.ev.import_undone
                .replace("{answers}", &t.ins.answers.format(ctx.i18n.locale.get_untracked(), u64::from(n))),
        ));
        super::refresh_summary(ctx);
    });
    let forget = Action::new(move |who: &String| {
        let (map, who) = (map.clone(), who.clone());
        async move { forget_client(map, who).await }
    });
    on_result(forget, ctx.i18n, error, move |n: u32| {
        let t = ctx.i18n.locale.get_untracked().messages();
        client.set(String::new());
        notice.set(Some(
            t.ev.client_forgotten
                .replace("{answers}", &t.ins.answers.format(ctx.i18n.locale.get_untracked(), u64::from(n))),
        ));
        super::refresh_summary(ctx);
    });
    view! {
        <section class="batches" aria-labelledby="batches-title">
            <h3 id="batches-title">{move || t().ev.batches_title}</h3>
            {error_line(error)}
            {move || notice.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
            {move || {
                let list = batches.get();
                if list.is_empty() {
                    return view! { <p class="muted small">{t().ev.no_batches}</p> }.into_any_sync();
                }
                let l = ctx.i18n.locale.get();
                view! {
                    <ul class="token-list" role="list">
                        {list.into_iter().map(|b| {
                            let line = format!(
                                "{} · {} · {} · {}",
                                b.source,
                                t().ins.answers.format(l, u64::from(b.rows)),
                                t().date_time(b.created_at),
                                b.created_by
                            );
                            let label = format!("{} ({line})", t().ev.undo_import);
                            let id = b.id.clone();
                            view! {
                                <li>
                                    <span>{line}</span>
                                    <ConfirmButton label=label question=t().ev.undo_import_confirm.to_owned()
                                        on_confirm=Callback::new(move |()| { undo.dispatch(id.clone()); })>
                                        {move || t().ev.undo_import}
                                    </ConfirmButton>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any_sync()
            }}
            <form class="inline-form" on:submit=move |ev| {
                ev.prevent_default();
                let who = client.get_untracked();
                if !who.trim().is_empty() && crate::ui::browser::confirm(ctx.i18n.locale.get_untracked().messages().ev.forget_confirm) {
                    forget.dispatch(who);
                }
            }>
                <label class="field">
                    <span>{move || t().ev.forget_label}</span>
                    <input type="text" maxlength="120" autocomplete="off" prop:value=move || client.get()
                        on:input=move |ev| client.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="button">{move || t().ev.forget_client}</button>
            </form>
            <p class="muted small">{move || t().ev.forget_hint}</p>
        </section>
    }
}
