//! The frame around every page: header with navigation and language switcher, footer,
//! the not-found and error pages.

use super::account::use_me;
use super::browser::go;
use crate::api::auth::{set_my_locale, sign_out, switch_workspace, Me};
use crate::error::AppError;
use crate::i18n::{set_locale, use_i18n, Locale};
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let t = move || i18n.t();
    // Side panels open below the top bar, whose height changes as it wraps.
    Effect::new(move |_| {
        i18n.locale.track();
        crate::ui::browser::mark_topbar_height();
    });
    let resize =
        leptos::prelude::window_event_listener(leptos::ev::resize, move |_| crate::ui::browser::mark_topbar_height());
    on_cleanup(move || resize.remove());
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">
                <svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
                    <path d="M4 24 C 10 6, 16 30, 28 8" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round"/>
                    <circle cx="4" cy="24" r="3" fill="currentColor"/>
                    <circle cx="28" cy="8" r="3" fill="currentColor"/>
                </svg>
                <span class="brand-name">{move || t().app_name}</span>
            </A>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    me.await.ok().flatten().map(|me| view! { <SignedIn me=me/> })
                })}
            </Suspense>
            <LanguageSwitcher/>
            <super::theme::ThemeSwitch/>
        </header>
    }
}

/// Navigation, the workspace switcher and the account of a signed-in person.
#[component]
fn SignedIn(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let switch = Action::new(move |ws: &String| switch_workspace(ws.clone()));
    Effect::new(move |_| {
        if let Some(Ok(())) = switch.value().get() {
            go("/");
        }
    });
    let out = Action::new(move |_: &()| sign_out());
    Effect::new(move |_| {
        if out.value().get().is_some() {
            go("/signin");
        }
    });
    let current = me.workspace.clone();
    let workspaces = me.workspaces.clone();
    let signed_in_as = t().acc.signed_in_as.replace("{name}", &me.name);
    view! {
        <nav class="nav" aria-label=move || t().nav_main>
            <A href="/" exact=true>{move || t().nav_maps}</A>
            <A href="/personas">{move || t().nav_personas}</A>
            <A href="/channels">{move || t().nav_channels}</A>
            <A href="/members">{move || t().acc.nav_members}</A>
            <A href="/settings">{move || t().nav_settings}</A>
        </nav>
        <div class="account">
            {(workspaces.len() > 1).then(|| view! {
                <select class="workspace-switch" aria-label=move || t().acc.workspace_label on:change=move |ev| {
                    switch.dispatch(event_target_value(&ev));
                }>
                    {workspaces.iter().map(|w| view! {
                        <option value=w.id.clone() selected=w.id == current>{w.name.clone()}</option>
                    }).collect_view()}
                </select>
            })}
            <super::inbox::MentionsButton/>
            <span class="account-name" title=signed_in_as>{me.name.clone()}</span>
            <button class="button ghost small" on:click=move |_| { out.dispatch(()); }>{move || t().acc.sign_out}</button>
        </div>
    }
}

/// A select of the three languages; the choice is stored in a cookie and applies at once.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    view! {
        <label class="lang">
            <span class="visually-hidden">{move || i18n.t().language}</span>
            <svg class="lang-icon" viewBox="0 0 24 24" aria-hidden="true">
                <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="1.6"/>
                <path d="M3 12h18M12 3c3 3.5 3 14.5 0 18M12 3c-3 3.5-3 14.5 0 18" fill="none" stroke="currentColor" stroke-width="1.6"/>
            </svg>
            <select
                aria-label=move || i18n.t().language
                on:change=move |ev| {
                    if let Some(l) = Locale::parse(&event_target_value(&ev)) {
                        set_locale(i18n, l);
                        // Signed in: the account remembers it for every device.
                        if matches!(me.get_untracked(), Some(Ok(Some(_)))) {
                            leptos::task::spawn_local(async move {
                                let _ = set_my_locale(l).await;
                            });
                        }
                    }
                }
            >
                {Locale::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <option value=l.tag() lang=l.tag() selected=move || i18n.locale.get() == l>
                                {l.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! { <footer class="footer">{move || i18n.t().footer}</footer> }
}

/// Marks the response with `status` when rendering on the server.
pub fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    let i18n = use_i18n();
    let t = move || i18n.t();
    view! {
        <Title text=move || t().not_found_title.to_owned()/>
        <section class="page-message">
            <p class="page-code" aria-hidden="true">"404"</p>
            <h1>{move || t().not_found_title}</h1>
            <p>{move || t().not_found_body}</p>
            <a class="button primary" href="/">{move || t().back_to_maps}</a>
        </section>
    }
}

/// The page shown when loading a page's data failed.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    if error == AppError::NotFound {
        return view! { <NotFound/> }.into_any_sync();
    }
    set_status(error.status_code().as_u16());
    let i18n = use_i18n();
    let t = move || i18n.t();
    let message = error.clone();
    view! {
        <Title text=move || t().error_title.to_owned()/>
        <section class="page-message" role="alert">
            <h1>{move || t().error_title}</h1>
            <p>{move || message.message(t())}</p>
            {if error == AppError::Unauthorized {
                // The session ended (signed out elsewhere, expired): sign in and come back.
                let here = leptos_router::hooks::use_location();
                let next = move || format!("/signin?next={}", here.pathname.get());
                view! { <a class="button primary" href=next rel="external">{move || t().acc.sign_in}</a> }.into_any_sync()
            } else {
                view! {
                    <p class="muted">{move || t().error_body}</p>
                    <a class="button" href="">{move || t().retry}</a>
                }.into_any_sync()
            }}
        </section>
    }
    .into_any_sync()
}
