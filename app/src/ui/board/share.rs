//! "Share": the map's share links — create one (view or comment, optional expiry), copy
//! it once, revoke it. Shown to editors and owners.

use super::BoardCtx;
use crate::api::shares::{create_share, list_shares, revoke_share};
use crate::domain::accounts::ShareInfo;
use crate::domain::Role;
use crate::ui::browser::absolute;
use crate::ui::eager::IntoAnySync;
use crate::ui::widgets::{error_line, on_result, revoke_by_id, ConfirmButton, ShownOnce};
use leptos::prelude::*;

#[component]
pub fn ShareMenu() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let map = ctx.sync.map.with_untracked(|m| m.id.clone());
    let open = RwSignal::new(false);
    let shares = RwSignal::new(Vec::<ShareInfo>::new());
    let role = RwSignal::new(Role::Viewer);
    let days = RwSignal::new(String::new());
    let fresh = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let refresh = {
        let map = map.clone();
        Action::new(move |_: &()| {
            let map = map.clone();
            async move { list_shares(map).await }
        })
    };
    on_result(refresh, ctx.i18n, error, move |list| shares.set(list));
    let create = {
        let map = map.clone();
        Action::new(move |(role, days): &(Role, Option<u32>)| {
            let (map, role, days) = (map.clone(), *role, *days);
            async move { create_share(map, role, days).await }
        })
    };
    on_result(create, ctx.i18n, error, move |path| {
        fresh.set(Some(absolute(&path)));
        error.set(None);
        refresh.dispatch(());
    });
    let revoke = revoke_by_id(move |id| revoke_share(map.clone(), id));
    on_result(revoke, ctx.i18n, error, move |id| shares.update(|l| l.retain(|s| s.id != id)));
    let date = move |d: chrono::DateTime<chrono::Utc>| ctx.i18n.t().date(d.date_naive());
    view! {
        <div class="share-menu" on:keydown=move |ev| {
            if ev.key() == "Escape" {
                open.set(false);
            }
        }>
            <button class="button" aria-haspopup="dialog" aria-expanded=move || open.get().to_string()
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    if open.get_untracked() {
                        fresh.set(None);
                        refresh.dispatch(());
                    }
                }>
                {move || t().acc.share}
            </button>
            <Show when=move || open.get()>
                <div class="popover share-popover" role="dialog" aria-label=move || t().acc.share_title>
                    <p class="popover-title">{move || t().acc.share_title}</p>
                    <p class="muted small">{move || t().acc.share_intro}</p>
                    <form class="share-form" on:submit=move |ev| {
                        ev.prevent_default();
                        let d = days.get_untracked();
                        let d = d.trim();
                        let parsed = if d.is_empty() { Ok(None) } else { d.parse::<u32>().map(Some) };
                        match parsed {
                            Ok(d) => create.dispatch((role.get_untracked(), d)),
                            Err(_) => {
                                error.set(Some(ctx.i18n.t().acc.err_expiry_invalid.to_owned()));
                                return;
                            }
                        };
                    }>
                        <label class="field">
                            <span>{move || t().acc.share_role}</span>
                            <select on:change=move |ev| {
                                if let Some(r) = Role::parse(&event_target_value(&ev)) {
                                    role.set(r);
                                }
                            }>
                                {Role::SHAREABLE.into_iter().map(|r| view! {
                                    <option value=r.as_str() selected=move || role.get() == r>{move || t().acc.role(r)}</option>
                                }).collect_view()}
                            </select>
                        </label>
                        <label class="field">
                            <span>{move || t().acc.share_expiry}</span>
                            <input type="number" min="1" max="365" inputmode="numeric" prop:value=move || days.get()
                                on:input=move |ev| days.set(event_target_value(&ev))/>
                        </label>
                        <button type="submit" class="button primary">{move || t().acc.create_share}</button>
                    </form>
                    {error_line(error)}
                    {move || fresh.get().map(|link| view! {
                        <ShownOnce label=t().acc.new_share value=link hint=t().acc.share_copy_hint/>
                    })}
                    {move || {
                        let list = shares.get();
                        if list.is_empty() {
                            return view! { <p class="empty small">{t().acc.no_shares}</p> }.into_any_sync();
                        }
                        view! {
                            <ul class="token-list" role="list">
                                {list.into_iter().map(|s| {
                                    let expiry = match s.expires_at {
                                        Some(d) => t().acc.share_expires.replace("{date}", &date(d)),
                                        None => t().acc.share_never.to_owned(),
                                    };
                                    let line = format!("{} · {expiry}", t().acc.role(s.role));
                                    let label = format!("{} ({line})", t().acc.revoke_share);
                                    let id = s.id.clone();
                                    view! {
                                        <li>
                                            <span>{line}</span>
                                            <ConfirmButton label=label question=t().acc.revoke_share_confirm.to_owned()
                                                on_confirm=Callback::new(move |()| { revoke.dispatch(id.clone()); })>
                                                {move || t().revoke}
                                            </ConfirmButton>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any_sync()
                    }}
                </div>
            </Show>
        </div>
    }
}
