//! Settings: the account (password; the language is saved from the header's switcher)
//! and personal API tokens for the REST API (created for the current workspace with a
//! scope and an optional expiry, shown once, revoked).

use super::layout::ErrorPage;
use super::widgets::{error_line, on_result, revoke_by_id, ConfirmButton, Loading, ShownOnce};
use crate::api::auth::change_password;
use crate::api::tokens::{create_token, list_tokens, revoke_token};
use crate::domain::accounts::{ApiToken, TokenScope, MAX_TOKEN_NAME};
use crate::i18n::use_i18n;
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let tokens = Resource::new(|| (), |_| list_tokens());
    view! {
        <Title text=move || t().nav_settings.to_owned()/>
        <div class="dashboard settings">
            <div class="page-head">
                <h1>{move || t().nav_settings}</h1>
            </div>
            <Account/>
            <super::account::IfCan action=crate::domain::Capability::Manage>
                <Retention/>
            </super::account::IfCan>
            <section aria-labelledby="api-tokens">
                <h2 id="api-tokens">{move || t().api_tokens}</h2>
                <p class="muted">{move || t().api_tokens_intro}</p>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match tokens.await {
                            Ok(list) => view! { <Tokens initial=list/> }.into_any_sync(),
                            Err(e) => view! { <ErrorPage error=e/> }.into_any_sync(),
                        }
                    })}
                </Suspense>
            </section>
        </div>
    }
}

/// How long the workspace keeps customer answers (owners): older ones are deleted hourly.
#[component]
fn Retention() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let current = Resource::new(|| (), |_| crate::api::feedback::feedback_retention());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let save = Action::new(move |m: &Option<u32>| {
        let m = *m;
        async move { crate::api::feedback::set_feedback_retention(m).await }
    });
    on_result(save, i18n, error, move |()| saved.set(true));
    view! {
        <section aria-labelledby="retention">
            <h2 id="retention">{move || t().ev.retention_title}</h2>
            <p class="muted">{move || t().ev.retention_intro}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let months = current.await.ok().flatten();
                    view! {
                        <label class="field inline">
                            <span>{move || t().ev.retention_label}</span>
                            <select on:change=move |ev| {
                                saved.set(false);
                                save.dispatch(event_target_value(&ev).parse::<u32>().ok());
                            }>
                                <option value="" selected=months.is_none()>{move || t().ev.retention_never}</option>
                                {[6u32, 12, 24, 36, 60].into_iter().map(|m| view! {
                                    <option value=m.to_string() selected=months == Some(m)>
                                        {move || t().ev.retention_months.replace("{n}", &m.to_string())}
                                    </option>
                                }).collect_view()}
                            </select>
                        </label>
                    }
                })}
            </Suspense>
            {move || saved.get().then(|| view! { <p class="notice" role="status">{t().ev.retention_saved}</p> })}
            {error_line(error)}
        </section>
    }
}

#[component]
fn Account() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().acc;
    let me = super::account::use_me();
    let (current, new) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let message = RwSignal::new(None::<Result<&'static str, String>>);
    let change = Action::new(move |_: &()| {
        let (c, n) = (current.get_untracked(), new.get_untracked());
        async move { change_password(c, n).await }
    });
    Effect::new(move |_| match change.value().get() {
        Some(Ok(())) => {
            current.set(String::new());
            new.set(String::new());
            message.set(Some(Ok(i18n.t().acc.password_changed)));
        }
        Some(Err(e)) => message.set(Some(Err(e.message(i18n.t())))),
        None => {}
    });
    view! {
        <section aria-labelledby="account">
            <h2 id="account">{move || t().account_title}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    me.await.ok().flatten().map(|me| view! {
                        <p>{me.name.clone()}" · "<span class="muted">{me.email.clone()}</span></p>
                        <p class="muted small">{move || t().language_saved}</p>
                    })
                })}
            </Suspense>
            <form class="token-form" aria-label=move || t().change_password on:submit=move |ev| {
                ev.prevent_default();
                change.dispatch(());
            }>
                <input type="text" class="visually-hidden" autocomplete="username" tabindex="-1" aria-hidden="true"/>
                <label class="field">
                    <span>{move || t().current_password}</span>
                    <input type="password" required autocomplete="current-password" prop:value=move || current.get()
                        on:input=move |ev| current.set(event_target_value(&ev))/>
                </label>
                <label class="field">
                    <span>{move || t().new_password}</span>
                    <input type="password" required autocomplete="new-password" prop:value=move || new.get()
                        on:input=move |ev| new.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="button">{move || t().change_password}</button>
            </form>
            {move || message.get().map(|m| match m {
                Ok(text) => view! { <p class="success" role="status">{text}</p> }.into_any_sync(),
                Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any_sync(),
            })}
        </section>
    }
}

#[component]
fn Tokens(initial: Vec<ApiToken>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let list = RwSignal::new(initial);
    let name = RwSignal::new(String::new());
    let scope = RwSignal::new(TokenScope::Read);
    let days = RwSignal::new(String::new());
    let fresh = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let create = Action::new(move |(n, s, d): &(String, TokenScope, String)| {
        let (n, s) = (n.clone(), *s);
        // Empty: never expires; anything else the server checks (1–365).
        let d = d.trim().parse::<u32>().ok().or_else(|| (!d.trim().is_empty()).then_some(0));
        async move { create_token(n, Some(s), d).await }
    });
    on_result(create, i18n, error, move |token| {
        fresh.set(Some(token));
        name.set(String::new());
        days.set(String::new());
        error.set(None);
        leptos::task::spawn_local(async move {
            if let Ok(l) = list_tokens().await {
                list.set(l);
            }
        });
    });
    let revoke = revoke_by_id(revoke_token);
    on_result(revoke, i18n, error, move |id| list.update(|l| l.retain(|x| x.id != id)));
    let date = move |d: chrono::DateTime<chrono::Utc>| i18n.t().date_time(d);
    view! {
        <form class="token-form" aria-label=move || t().create_token on:submit=move |ev| {
            ev.prevent_default();
            create.dispatch((name.get_untracked(), scope.get_untracked(), days.get_untracked()));
        }>
            <label class="field">
                <span>{move || t().token_name}</span>
                <input type="text" required maxlength=MAX_TOKEN_NAME prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))/>
            </label>
            <label class="field">
                <span>{move || t().acc.token_scope}</span>
                <select prop:value=move || scope.get().as_str()
                    on:change=move |ev| scope.set(TokenScope::parse(&event_target_value(&ev)).unwrap_or_default())>
                    <option value="read">{move || t().acc.token_scope_read}</option>
                    <option value="write">{move || t().acc.token_scope_write}</option>
                </select>
            </label>
            <label class="field">
                <span>{move || t().acc.token_expiry}</span>
                <input type="number" min="1" max="365" inputmode="numeric" prop:value=move || days.get()
                    on:input=move |ev| days.set(event_target_value(&ev))/>
            </label>
            <button type="submit" class="button primary">{move || t().create_token}</button>
        </form>
        {error_line(error)}
        {move || fresh.get().map(|token| view! {
            <ShownOnce label=t().new_token value=token hint=t().new_token_hint/>
        })}
        {move || {
            let tokens = list.get();
            if tokens.is_empty() {
                return view! { <p class="empty">{t().no_tokens}</p> }.into_any_sync();
            }
            view! {
                <ul class="token-list" role="list">
                    {tokens.into_iter().map(|tok| {
                        let used = match tok.last_used {
                            Some(d) => t().token_last_used.replace("{date}", &date(d)),
                            None => t().token_never_used.to_owned(),
                        };
                        let when = t().token_created.replace("{date}", &date(tok.created_at));
                        let a = t().acc;
                        let scope = match tok.scope {
                            TokenScope::Read => a.token_scope_read,
                            TokenScope::Write => a.token_scope_write,
                        };
                        let expiry = match tok.expires_at {
                            None => a.token_never_expires.to_owned(),
                            Some(_) if tok.expired => a.token_expired.to_owned(),
                            Some(d) => a.token_expires.replace("{date}", &date(d)),
                        };
                        let workspace = a.token_workspace.replace("{workspace}", &tok.workspace_name);
                        let label = t().revoke_token.replace("{name}", &tok.name);
                        let (id, token_name) = (tok.id.clone(), tok.name.clone());
                        view! {
                            <li>
                                <span class="token-name">{tok.name.clone()}</span>
                                <code>{format!("{}…", tok.prefix)}</code>
                                <span class="muted small">{format!("{scope} · {workspace} · {when} · {used} · {expiry}")}</span>
                                <ConfirmButton label=label question=t().revoke_token_confirm.replace("{name}", &token_name)
                                    on_confirm=Callback::new(move |()| { revoke.dispatch(id.clone()); })>
                                    {move || t().revoke}
                                </ConfirmButton>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any_sync()
        }}
    }
}
