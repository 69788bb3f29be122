//! Account pages: first-run set-up, sign-in, open sign-up, invite links (the password
//! reset page, in `reset.rs`, shares their fields); the signed-in
//! person as a resource every page can ask ("may I edit?").

use super::browser::go;
use super::layout::ErrorPage;
use super::widgets::{error_line, on_result, Loading};
use crate::api::auth::{accept_invite, current_user, instance_info, load_invite, set_up, sign_in, sign_up, Me};
use crate::domain::Capability;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The signed-in person (`None` when signed out), loaded once per page load.
pub type MeResource = Resource<Result<Option<Me>, AppError>>;

pub fn provide_me() -> MeResource {
    let me = Resource::new(|| (), |_| current_user());
    provide_context(me);
    me
}

pub fn use_me() -> MeResource {
    use_context::<MeResource>().unwrap_or_else(provide_me)
}

/// Whether the signed-in person's role allows `capability` (false until known).
pub fn may(capability: Capability) -> bool {
    matches!(use_me().get(), Some(Ok(Some(m))) if m.can(capability))
}

/// Renders `children` only when the signed-in person's role allows `action`.
#[component]
pub fn IfCan<C: IntoView + 'static>(action: Capability, children: TypedChildrenFn<C>) -> impl IntoView {
    let me = use_me();
    let children = children.into_inner();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    let allowed = matches!(me.await, Ok(Some(m)) if m.can(action));
                    allowed.then(|| children())
                })
            }}
        </Suspense>
    }
}

/// Only paths of this site are followed after signing in (no open redirect): `next`
/// (already percent-decoded by the query map) must be a path that starts with exactly
/// one `/`, and holds no backslash, whitespace or control character anywhere (browsers
/// drop tabs and newlines, so `/\t/evil.example` would become `//evil.example`), and no
/// `%` that could decode to one of those a second time. Anything else goes home.
pub fn safe_next(next: Option<String>) -> String {
    next.filter(|n| is_local_path(n)).unwrap_or_else(|| "/".into())
}

fn is_local_path(n: &str) -> bool {
    n.starts_with('/')
        && !matches!(n.as_bytes().get(1), Some(b'/' | b'\\'))
        && n.len() <= 2000
        && !n.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\' || c == '%')
}

/// A labelled input bound to a signal.
#[component]
pub(super) fn Field(
    label: Signal<&'static str>,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<Signal<&'static str>>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{move || label.get()}</span>
            <input type=kind required autocomplete=autocomplete prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
            {hint.map(|h| view! { <span class="muted small">{move || h.get()}</span> })}
        </label>
    }
}

/// Name, e-mail and a new password: the fields of every new account.
#[component]
fn PersonFields(name: RwSignal<String>, email: RwSignal<String>, password: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().acc;
    view! {
        <Field label=Signal::derive(move || t().your_name) value=name autocomplete="name"/>
        <Field label=Signal::derive(move || t().email) value=email kind="email" autocomplete="email"/>
        <Field label=Signal::derive(move || t().password) value=password kind="password" autocomplete="new-password"
            hint=Signal::derive(move || t().password_hint)/>
    }
}

/// A new account with a new workspace: the first-run set-up (the owner) or open sign-up.
#[derive(Clone, Copy, PartialEq)]
enum NewAccount {
    Setup,
    SignUp,
}

#[component]
fn NewAccountForm(kind: NewAccount) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().acc;
    let (name, email, password, workspace) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = Action::new(move |_: &()| {
        let args = (name.get_untracked(), email.get_untracked(), password.get_untracked(), workspace.get_untracked());
        let code = code.get_untracked();
        async move {
            match kind {
                NewAccount::Setup => set_up(args.0, args.1, args.2, args.3, code).await,
                NewAccount::SignUp => sign_up(args.0, args.1, args.2, args.3).await,
            }
        }
    });
    on_result(submit, i18n, error, |()| go("/"));
    let title = move || if kind == NewAccount::Setup { t().setup_title } else { t().signup_title };
    let button = move || if kind == NewAccount::Setup { t().create_owner } else { t().create_account };
    view! {
        <Title text=move || title().to_owned()/>
        <section class="auth-card">
            <h1>{title}</h1>
            {(kind == NewAccount::Setup).then(|| view! { <p class="muted">{move || t().setup_intro}</p> })}
            <form aria-label=title on:submit=move |ev| {
                ev.prevent_default();
                submit.dispatch(());
            }>
                <PersonFields name=name email=email password=password/>
                <Field label=Signal::derive(move || t().workspace_name) value=workspace autocomplete="organization"/>
                {(kind == NewAccount::Setup).then(|| view! {
                    <Field label=Signal::derive(move || t().setup_code) value=code
                        hint=Signal::derive(move || t().setup_code_hint)/>
                })}
                {error_line(error)}
                <button type="submit" class="button primary" disabled=move || submit.pending().get()>{button}</button>
            </form>
            {(kind == NewAccount::SignUp).then(|| view! { <p class="muted small"><a href="/signin">{move || t().sign_in}</a></p> })}
        </section>
    }
}

#[component]
pub fn SetupPage() -> impl IntoView {
    view! { <NewAccountForm kind=NewAccount::Setup/> }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    view! { <NewAccountForm kind=NewAccount::SignUp/> }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().acc;
    let query = use_query_map();
    let info = Resource::new(|| (), |_| instance_info());
    let (email, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    let submit = Action::new(move |_: &()| {
        let (e, p) = (email.get_untracked(), password.get_untracked());
        async move { sign_in(e, p).await }
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(())) => go(&safe_next(query.read_untracked().get("next"))),
        Some(Err(e)) => {
            password.set(String::new());
            error.set(Some(e.message(i18n.t())));
        }
        None => {}
    });
    view! {
        <Title text=move || t().signin_title.to_owned()/>
        <section class="auth-card">
            <h1>{move || t().signin_title}</h1>
            <form aria-label=move || t().signin_title on:submit=move |ev| {
                ev.prevent_default();
                submit.dispatch(());
            }>
                <Field label=Signal::derive(move || t().email) value=email kind="email" autocomplete="username"/>
                <Field label=Signal::derive(move || t().password) value=password kind="password" autocomplete="current-password"/>
                {error_line(error)}
                <button type="submit" class="button primary" disabled=move || submit.pending().get()>{move || t().sign_in}</button>
            </form>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match info.await {
                        Ok(i) if i.open_signup => view! { <p><a href="/signup">{move || t().signup_link}</a></p> }.into_any_sync(),
                        _ => view! { <p class="muted small">{move || t().signin_no_account}</p> }.into_any_sync(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// `/invite/<token>`: what the invite offers; join with the signed-in account or create one.
#[component]
pub fn InvitePage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().acc;
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let invite = Resource::new(token, load_invite);
    let (name, email, password) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    let submit = Action::new(move |_: &()| {
        let args = (token(), name.get_untracked(), email.get_untracked(), password.get_untracked());
        async move { accept_invite(args.0, args.1, args.2, args.3).await }
    });
    on_result(submit, i18n, error, |()| go("/"));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let invite = match invite.await {
                    Ok(i) => i,
                    Err(e) => return view! { <ErrorPage error=e/> }.into_any_sync(),
                };
                let title = t().invite_title.replace("{workspace}", &invite.workspace_name);
                let body = t().invite_body.replace("{workspace}", &invite.workspace_name).replace("{role}", t().role(invite.role));
                let heading = title.clone();
                let form = match invite.signed_in_as.clone() {
                    Some(me) => view! {
                        <p>{t().invite_signed_in.replace("{name}", &me)}</p>
                        {error_line(error)}
                        <button class="button primary" on:click=move |_| { submit.dispatch(()); }>{move || t().join_workspace}</button>
                    }.into_any_sync(),
                    None => view! {
                        <form aria-label=title.clone() on:submit=move |ev| {
                            ev.prevent_default();
                            submit.dispatch(());
                        }>
                            <PersonFields name=name email=email password=password/>
                            {error_line(error)}
                            <button type="submit" class="button primary" disabled=move || submit.pending().get()>{move || t().create_account}</button>
                        </form>
                        <p class="muted small">
                            {move || t().have_account}" "
                            <a href=format!("/signin?next=/invite/{}", token())>{move || t().sign_in}</a>
                        </p>
                    }.into_any_sync(),
                };
                view! {
                    <Title text=heading/>
                    <section class="auth-card">
                        <h1>{title}</h1>
                        <p>{body}</p>
                        {form}
                    </section>
                }.into_any_sync()
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_same_site_paths_are_followed_after_sign_in() {
        for ok in ["/", "/maps/abc", "/invite/jin_0123", "/maps/x?tab=people#card-1", "/settings"] {
            assert_eq!(safe_next(Some(ok.into())), ok, "{ok:?} is ours");
        }
        // Known open-redirect bypasses (as the query map hands them over: decoded once).
        let bypasses = [
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r//evil.example",
            "/ /evil.example",
            "/\u{0}/evil.example",
            "/\u{a0}/evil.example",
            "/\u{3000}/evil.example",
            "/%09/evil.example",
            "/%2F/evil.example",
            "/%5Cevil.example",
            "\\\\evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "evil.example",
            " /maps",
            "",
        ];
        for bad in bypasses {
            assert_eq!(safe_next(Some(bad.into())), "/", "{bad:?} must not be followed");
        }
        assert_eq!(safe_next(Some(format!("/{}", "a".repeat(3000)))), "/");
        assert_eq!(safe_next(None), "/");
    }
}
