//! Members of the current workspace: everyone sees who is in it; owners change roles,
//! remove members, create and revoke invite links and rename the workspace. Anyone may
//! start a workspace of their own.

use super::account::use_me;
use super::browser::{absolute, go};
use super::layout::ErrorPage;
use super::widgets::{error_line, on_result, revoke_by_id, ConfirmButton, Loading, ShownOnce};
use crate::api::auth::{
    create_invite, create_workspace, list_invites, list_members, rename_workspace, revoke_invite, set_member_role, Me,
};
use crate::domain::accounts::{InviteInfo, MemberInfo};
use crate::domain::{Capability, Role};
use crate::i18n::use_i18n;
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MembersPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().acc;
    let me = use_me();
    view! {
        <Title text=move || t().members_title.to_owned()/>
        <div class="dashboard members">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match me.await {
                        Ok(Some(me)) => view! { <Workspace me=me/> }.into_any_sync(),
                        Ok(None) => view! { <ErrorPage error=crate::error::AppError::Unauthorized/> }.into_any_sync(),
                        Err(e) => view! { <ErrorPage error=e/> }.into_any_sync(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Workspace(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().acc;
    let owner = me.can(Capability::Manage);
    let members = Resource::new(|| (), |_| list_members());
    let workspace_name = me.workspace_name();
    let current_name = workspace_name.clone();
    view! {
        <div class="page-head">
            <h1>{move || t().members_title}" · "{workspace_name.clone()}</h1>
        </div>
        <Suspense fallback=Loading>
            {
                let me = me.clone();
                move || {
                    let me = me.clone();
                    Suspend::new(async move {
                        match members.await {
                            Ok(list) => view! { <MemberList initial=list me=me owner=owner/> }.into_any_sync(),
                            Err(e) => view! { <ErrorPage error=e/> }.into_any_sync(),
                        }
                    })
                }
            }
        </Suspense>
        {owner.then(|| view! { <Invites/> })}
        {owner.then(|| view! { <RenameWorkspace current=current_name/> })}
        <NewWorkspace/>
    }
}

#[component]
fn MemberList(initial: Vec<MemberInfo>, me: Me, owner: bool) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().acc;
    let list = RwSignal::new(initial);
    let error = RwSignal::new(None::<String>);
    let change = Action::new(move |(user, role): &(String, Option<Role>)| {
        let (user, role) = (user.clone(), *role);
        async move { set_member_role(user.clone(), role).await.map(|()| (user, role)) }
    });
    Effect::new(move |_| match change.value().get() {
        Some(Ok((user, Some(role)))) => {
            error.set(None);
            list.update(|l| l.iter_mut().filter(|m| m.user == user).for_each(|m| m.role = role));
        }
        Some(Ok((user, None))) => {
            error.set(None);
            list.update(|l| l.retain(|m| m.user != user));
        }
        Some(Err(e)) => {
            error.set(Some(e.message(i18n.t())));
            // Show the roles as they are on the server again.
            leptos::task::spawn_local(async move {
                if let Ok(fresh) = list_members().await {
                    list.set(fresh);
                }
            });
        }
        None => {}
    });
    let me_id = me.user.clone();
    view! {
        <section aria-labelledby="members-list">
            <h2 id="members-list" class="visually-hidden">{move || t().members_title}</h2>
            {error_line(error)}
            <ul class="member-list" role="list">
                <For each=move || list.get() key=|m| (m.user.clone(), m.role) let:m>
                    {
                        let you = m.user == me_id;
                        let (user, name) = (m.user.clone(), m.name.clone());
                        let role_label = t().role_of.replace("{name}", &m.name);
                        let remove_label = t().remove_member.replace("{name}", &m.name);
                        let remove_user = user.clone();
                        let current = m.role;
                        view! {
                            <li>
                                <span class="member-name">{m.name.clone()}{you.then(|| format!(" {}", t().you_label))}</span>
                                <span class="muted small">{m.email.clone()}</span>
                                {if owner {
                                    view! {
                                        <select aria-label=role_label on:change=move |ev| {
                                            if let Some(r) = Role::parse(&event_target_value(&ev)) {
                                                change.dispatch((user.clone(), Some(r)));
                                            }
                                        }>
                                            {Role::ALL.into_iter().map(|r| view! {
                                                <option value=r.as_str() selected=r == current>{move || t().role(r)}</option>
                                            }).collect_view()}
                                        </select>
                                        <ConfirmButton label=remove_label question=t().remove_member_confirm.replace("{name}", &name)
                                            on_confirm=Callback::new(move |()| { change.dispatch((remove_user.clone(), None)); })>
                                            {move || i18n.t().delete}
                                        </ConfirmButton>
                                    }.into_any_sync()
                                } else {
                                    view! { <span class="role-badge">{t().role(current)}</span> }.into_any_sync()
                                }}
                            </li>
                        }
                    }
                </For>
            </ul>
        </section>
    }
}

#[component]
fn Invites() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().acc;
    let invites = RwSignal::new(Vec::<InviteInfo>::new());
    let role = RwSignal::new(Role::Editor);
    let days = RwSignal::new("7".to_owned());
    let fresh = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let refresh = Action::new(move |_: &()| list_invites());
    Effect::new(move |_| {
        if let Some(Ok(list)) = refresh.value().get() {
            invites.set(list);
        }
    });
    refresh.dispatch(());
    // Empty: the server's default (10); an owner invite is single-use whatever is asked.
    let uses = RwSignal::new(String::new());
    let create = Action::new(move |(role, days, n): &(Role, u32, Option<u32>)| create_invite(*role, *days, *n));
    on_result(create, i18n, error, move |path| {
        fresh.set(Some(absolute(&path)));
        error.set(None);
        refresh.dispatch(());
    });
    let revoke = revoke_by_id(revoke_invite);
    on_result(revoke, i18n, error, move |id| invites.update(|l| l.retain(|i| i.id != id)));
    let date = move |d: chrono::DateTime<chrono::Utc>| i18n.t().date(d.date_naive());
    view! {
        <section aria-labelledby="invites">
            <h2 id="invites">{move || t().invites_title}</h2>
            <p class="muted">{move || t().invites_intro}</p>
            <form class="token-form" aria-label=move || t().create_invite on:submit=move |ev| {
                ev.prevent_default();
                match days.get_untracked().trim().parse::<u32>() {
                    Ok(d) => {
                        let n = uses.get_untracked();
                        let n = n.trim().parse::<u32>().ok().or_else(|| (!n.trim().is_empty()).then_some(0));
                        create.dispatch((role.get_untracked(), d, n));
                    }
                    Err(_) => error.set(Some(i18n.t().acc.err_expiry_invalid.to_owned())),
                }
            }>
                <label class="field">
                    <span>{move || t().invite_role}</span>
                    <select on:change=move |ev| {
                        if let Some(r) = Role::parse(&event_target_value(&ev)) {
                            role.set(r);
                        }
                    }>
                        {Role::ALL.into_iter().map(|r| view! {
                            <option value=r.as_str() selected=move || role.get() == r>{move || t().role(r)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{move || t().expires_in_days}</span>
                    <input type="number" min="1" max="365" required prop:value=move || days.get()
                        on:input=move |ev| days.set(event_target_value(&ev))/>
                </label>
                <label class="field">
                    <span>{move || t().invite_uses}</span>
                    <input type="number" min="1" max=crate::domain::access::MAX_INVITE_USES
                        placeholder=crate::domain::access::DEFAULT_INVITE_USES.to_string()
                        prop:value=move || uses.get() on:input=move |ev| uses.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="button primary">{move || t().create_invite}</button>
            </form>
            {error_line(error)}
            {move || fresh.get().map(|link| view! {
                <ShownOnce label=t().new_invite value=link hint=t().invite_copy_hint/>
            })}
            {move || {
                let list = invites.get();
                if list.is_empty() {
                    return view! { <p class="empty">{t().no_invites}</p> }.into_any_sync();
                }
                view! {
                    <ul class="token-list" role="list">
                        {list.into_iter().map(|i| {
                            let line = t()
                                .invite_line
                                .replace("{role}", t().role(i.role))
                                .replace("{date}", &date(i.expires_at))
                                .replace("{n}", &i.uses.to_string());
                            let label = format!("{} ({line})", t().revoke_invite);
                            let id = i.id.clone();
                            view! {
                                <li>
                                    <span>{line}</span>
                                    <ConfirmButton label=label question=t().revoke_invite_confirm.to_owned()
                                        on_confirm=Callback::new(move |()| { revoke.dispatch(id.clone()); })>
                                        {move || i18n.t().revoke}
                                    </ConfirmButton>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any_sync()
            }}
        </section>
    }
}

#[component]
fn RenameWorkspace(current: String) -> impl IntoView {
    let i18n = use_i18n();
    let rename = Action::new(move |n: &String| rename_workspace(n.clone()));
    view! {
        <WorkspaceNameForm id="rename-workspace" action=rename initial=current after="/members"
            heading=Signal::derive(move || i18n.t().acc.rename_workspace)
            button=Signal::derive(move || i18n.t().acc.rename_workspace)/>
    }
}

#[component]
fn NewWorkspace() -> impl IntoView {
    let i18n = use_i18n();
    let create = Action::new(move |n: &String| create_workspace(n.clone()));
    view! {
        <WorkspaceNameForm id="new-workspace" action=create initial=String::new() after="/"
            heading=Signal::derive(move || i18n.t().acc.new_workspace)
            button=Signal::derive(move || i18n.t().acc.create_workspace)/>
    }
}

/// A section with one form asking for a workspace name, sent by `action`; on success the
/// page loads `after` afresh.
#[component]
fn WorkspaceNameForm(
    /// The section's heading id.
    id: &'static str,
    heading: Signal<&'static str>,
    button: Signal<&'static str>,
    initial: String,
    action: Action<String, Result<(), crate::error::AppError>>,
    after: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(initial);
    let error = RwSignal::new(None::<String>);
    on_result(action, i18n, error, move |()| go(after));
    view! {
        <section aria-labelledby=id>
            <h2 id=id>{move || heading.get()}</h2>
            <form class="token-form" on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(name.get_untracked());
            }>
                <label class="field">
                    <span>{move || i18n.t().acc.workspace_name}</span>
                    <input type="text" required maxlength="80" prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="button">{move || button.get()}</button>
            </form>
            {error_line(error)}
        </section>
    }
}
