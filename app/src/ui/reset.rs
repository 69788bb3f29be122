//! `/reset/<token>`: the page a one-time password reset link opens (the operator makes the
//! link with `jornada reset-password EMAIL`). Says whose account it is, asks for a new
//! password under the usual rules, and signs in; the account's other sessions end.

use super::account::Field;
use super::browser::go;
use super::layout::ErrorPage;
use super::widgets::{error_line, on_result, Loading};
use crate::api::reset::{reset_info, reset_password};
use crate::i18n::use_i18n;
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().acc;
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let info = Resource::new(token, reset_info);
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = Action::new(move |_: &()| {
        let (tk, p) = (token(), password.get_untracked());
        async move { reset_password(tk, p).await }
    });
    on_result(submit, i18n, error, |()| go("/"));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let (name, email) = match info.await {
                    Ok(who) => who,
                    Err(e) => return view! { <ErrorPage error=e/> }.into_any_sync(),
                };
                let intro = t().reset_intro.replace("{name}", &name).replace("{email}", &email);
                view! {
                    <Title text=move || t().reset_title.to_owned()/>
                    <section class="auth-card">
                        <h1>{move || t().reset_title}</h1>
                        <p>{intro}</p>
                        <form aria-label=move || t().reset_title on:submit=move |ev| {
                            ev.prevent_default();
                            submit.dispatch(());
                        }>
                            <Field label=Signal::derive(move || t().new_password) value=password kind="password"
                                autocomplete="new-password" hint=Signal::derive(move || t().password_hint)/>
                            {error_line(error)}
                            <button type="submit" class="button primary" disabled=move || submit.pending().get()>
                                {move || t().reset_submit}
                            </button>
                        </form>
                    </section>
                }.into_any_sync()
            })}
        </Suspense>
    }
}
