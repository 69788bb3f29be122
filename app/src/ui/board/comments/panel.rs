//! The comments side panel. At a place (a card, a stage, the map): its threads, each with
//! its replies, Reply, Resolve / Reopen, and Edit / Delete on one's own comments, then a box
//! for a new thread. As a list: every thread of the map, open / resolved / mine / all, each
//! with where it is and "Show on the board". A thread of a deleted card says so.
//!
//! Long on purpose: its four parts (a place, a thread, a comment, the list) share the
//! helpers at the top and are used nowhere else.

use super::super::BoardCtx;
use super::composer::Composer;
use super::{rendered, Focus};
use crate::api::comments::{delete_comment, edit_comment, post_comment, resolve_thread};
use crate::domain::comment::{Anchor, Comment, Thread, ThreadFilter};
use crate::error::AppError;
use crate::ui::browser;
use crate::ui::eager::IntoAnySync;
use crate::ui::later::later;
use leptos::prelude::*;

#[component]
pub fn CommentsPanel() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    move || ctx.talk.panel.get().map(|focus| later(panel(focus)))
}

/// The panel, in a wasm chunk of its own (`ui::later`): most visits never open it.
#[lazy]
fn panel(focus: Focus) -> AnyView {
    view! { <Panel focus=focus/> }.into_any_sync()
}

/// Loads the people one may mention, once, for a member who may comment.
fn load_people(ctx: BoardCtx) {
    let member = ctx.share.with_value(Option::is_none);
    if !member || !ctx.talk.can_comment || !ctx.talk.people.with_untracked(Vec::is_empty) {
        return;
    }
    let id = ctx.sync.map.with_untracked(|m| m.id.clone());
    leptos::task::spawn_local(async move {
        if let Ok(p) = crate::api::comments::mention_people(id).await {
            ctx.talk.people.set(p);
        }
    });
}

#[component]
fn Panel(focus: Focus) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    load_people(ctx);
    browser::focus_soon("comments-close".into());
    let close = move || ctx.talk.panel.set(None);
    let heading = {
        let focus = focus.clone();
        move || match &focus {
            Focus::List => t().cm.comments.to_owned(),
            Focus::At(a) => ctx.sync.map.with(|m| t().cm.place(m, a)),
        }
    };
    let body = match focus {
        Focus::List => view! { <ThreadList/> }.into_any_sync(),
        Focus::At(anchor) => view! { <AtPlace anchor=anchor/> }.into_any_sync(),
    };
    view! {
        <aside class="panel comments-panel" role="dialog" aria-labelledby="comments-heading"
            on:keydown=move |ev| if ev.key() == "Escape" && !ev.default_prevented() { close() }>
            <header class="panel-head">
                <h2 id="comments-heading">{heading}</h2>
                <button id="comments-close" class="button ghost" on:click=move |_| close()>{move || t().close}</button>
            </header>
            <GuestName/>
            {body}
        </aside>
    }
}

/// A guest of a share link gives the name their comments go under.
#[component]
fn GuestName() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    move || {
        ctx.talk.guest.get().filter(|_| ctx.talk.can_comment).map(|g| {
            view! {
                <label class="field">
                    <span>{move || t().cm.guest_name}</span>
                    <input type="text" maxlength=crate::domain::comment::MAX_GUEST_NAME.to_string() value=g.name
                        autocomplete="name"
                        on:change=move |ev| ctx.talk.set_guest_name(event_target_value(&ev))/>
                    <span class="hint">{move || t().cm.guest_hint}</span>
                </label>
            }
        })
    }
}

/// The outcome of a comment request: the comment is kept, an error is shown.
fn answered(ctx: BoardCtx, error: RwSignal<Option<String>>, r: Result<Comment, AppError>) -> bool {
    match r {
        Ok(c) => {
            ctx.talk.wrote(c);
            error.set(None);
            true
        }
        Err(e) => {
            error.set(Some(e.message(ctx.i18n.t())));
            false
        }
    }
}

/// The threads of one place and a box for a new one.
#[component]
fn AtPlace(anchor: Anchor) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let here = {
        let anchor = anchor.clone();
        Memo::new(move |_| {
            ctx.talk
                .threads
                .with(|ts| ts.iter().filter(|th| th.root.anchor == anchor).cloned().collect::<Vec<Thread>>())
        })
    };
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let map = ctx.sync.map.with_untracked(|m| m.id.clone());
    let post = Action::new(move |body: &String| {
        let (map, anchor, body) = (map.clone(), anchor.clone(), body.clone());
        let share = ctx.share.get_value();
        let guest = ctx.talk.guest.get_untracked();
        async move { post_comment(map, share, guest, anchor, None, body).await }
    });
    Effect::new(move |_| {
        if let Some(r) = post.value().get() {
            if answered(ctx, error, r) {
                text.set(String::new());
                ctx.announce.set(t().cm.posted.to_owned());
            }
        }
    });
    view! {
        <button class="button ghost small" on:click=move |_| ctx.talk.panel.set(Some(Focus::List))>
            {move || format!("← {}", t().cm.comments)}
        </button>
        <ul class="threads" role="list" aria-label=move || t().cm.comments>
            <For each=move || here.get() key=|th| th.root.id.clone() let:th>
                <ThreadView thread=th.root.id.clone()/>
            </For>
        </ul>
        <Show when=move || here.with(Vec::is_empty)>
            <p class="muted">{move || if ctx.talk.can_comment { t().cm.no_threads_here } else { t().cm.no_threads }}</p>
        </Show>
        <Show when=move || ctx.talk.can_comment>
            <Composer
                id="comment-new".to_string()
                label=Signal::derive(move || t().cm.comment.to_owned())
                placeholder=Signal::derive(move || t().cm.placeholder.to_owned())
                button=Signal::derive(move || t().cm.post.to_owned())
                text=text
                busy=post.pending().into()
                on_send=Callback::new(move |body: String| { post.dispatch(body); })
            />
        </Show>
        {crate::ui::widgets::error_line(error)}
    }
}

/// One thread: its comments, then Reply and Resolve / Reopen.
#[component]
fn ThreadView(thread: String) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let data = {
        let thread = thread.clone();
        Memo::new(move |_| ctx.talk.threads.with(|ts| ts.iter().find(|th| th.root.id == thread).cloned()))
    };
    let replying = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let map = ctx.sync.map.with_untracked(|m| m.id.clone());
    let reply = {
        let (map, thread) = (map.clone(), thread.clone());
        Action::new(move |body: &String| {
            let (map, thread, body) = (map.clone(), thread.clone(), body.clone());
            let share = ctx.share.get_value();
            let guest = ctx.talk.guest.get_untracked();
            let anchor = data.with_untracked(|d| d.as_ref().map(|d| d.root.anchor.clone())).unwrap_or(Anchor::Map);
            async move { post_comment(map, share, guest, anchor, Some(thread), body).await }
        })
    };
    Effect::new(move |_| {
        if let Some(r) = reply.value().get() {
            if answered(ctx, error, r) {
                text.set(String::new());
                replying.set(false);
                ctx.announce.set(t().cm.posted.to_owned());
            }
        }
    });
    let resolve = {
        let (map, thread) = (map.clone(), thread.clone());
        Action::new(move |resolved: &bool| {
            let (map, thread, resolved) = (map.clone(), thread.clone(), *resolved);
            let share = ctx.share.get_value();
            let guest = ctx.talk.guest.get_untracked();
            async move { resolve_thread(map, share, guest, thread, resolved).await }
        })
    };
    Effect::new(move |_| {
        if let Some(r) = resolve.value().get() {
            answered(ctx, error, r);
        }
    });
    let resolved = move || data.with(|d| d.as_ref().is_some_and(Thread::resolved));
    let reply_id = StoredValue::new(format!("reply-{thread}"));
    view! {
        <li class="thread" class:resolved=resolved data-thread=thread.clone()>
            {move || data.with(|d| d.as_ref().filter(|th| th.resolved()).and_then(|th| th.root.resolved_by.clone())).map(|name| view! {
                <p class="muted small resolved-line">{t().cm.resolved_by.replace("{name}", &name)}</p>
            })}
            // Keyed by what a comment shows: a reply arriving keeps an open edit box.
            <ol class="comments" role="list">
                <For each=move || data.with(|d| d.as_ref().map(|th| th.comments().cloned().collect::<Vec<_>>()).unwrap_or_default())
                    key=|c| (c.id.clone(), c.edited_at, c.deleted, c.body.len())
                    let:c>
                    <CommentView comment=c/>
                </For>
            </ol>
            <Show when=move || ctx.talk.can_comment>
                <div class="thread-actions">
                    <Show when=move || !replying.get() && !resolved()>
                        <button class="button ghost small" on:click=move |_| {
                            replying.set(true);
                            browser::focus_soon(reply_id.get_value());
                        }>{move || t().cm.reply}</button>
                    </Show>
                    <button class="button ghost small" disabled=move || resolve.pending().get()
                        on:click=move |_| { resolve.dispatch(!resolved()); }>
                        {move || if resolved() { t().cm.reopen } else { t().cm.resolve }}
                    </button>
                </div>
                <Show when=move || replying.get()>
                    <Composer
                        id=reply_id.get_value()
                        label=Signal::derive(move || t().cm.reply.to_owned())
                        placeholder=Signal::derive(move || t().cm.reply_placeholder.to_owned())
                        button=Signal::derive(move || t().cm.reply.to_owned())
                        text=text
                        busy=reply.pending().into()
                        on_send=Callback::new(move |body: String| { reply.dispatch(body); })
                        on_cancel=Callback::new(move |_| replying.set(false))
                    />
                </Show>
            </Show>
            {crate::ui::widgets::error_line(error)}
        </li>
    }
}

/// One comment: author, time, text, and Edit / Delete for its author.
#[component]
fn CommentView(comment: Comment) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let mine = ctx.talk.me.with_untracked(|me| me.as_deref() == Some(comment.author.as_str()));
    let may_delete = mine || (ctx.role == crate::domain::Role::Owner && ctx.share.with_value(Option::is_none));
    let editing = RwSignal::new(false);
    let text = RwSignal::new(comment.body.clone());
    let error = RwSignal::new(None::<String>);
    let map = ctx.sync.map.with_untracked(|m| m.id.clone());
    let id = comment.id.clone();
    let edit = {
        let (map, id) = (map.clone(), id.clone());
        Action::new(move |body: &String| {
            let (map, id, body) = (map.clone(), id.clone(), body.clone());
            let (share, guest) = (ctx.share.get_value(), ctx.talk.guest.get_untracked());
            async move { edit_comment(map, share, guest, id, body).await }
        })
    };
    Effect::new(move |_| {
        if let Some(r) = edit.value().get() {
            if answered(ctx, error, r) {
                editing.set(false);
            }
        }
    });
    let delete = {
        let (map, id) = (map.clone(), id.clone());
        Action::new(move |_: &()| {
            let (map, id) = (map.clone(), id.clone());
            let (share, guest) = (ctx.share.get_value(), ctx.talk.guest.get_untracked());
            async move { delete_comment(map, share, guest, id).await }
        })
    };
    Effect::new(move |_| {
        if let Some(r) = delete.value().get() {
            answered(ctx, error, r);
        }
    });
    let at = comment.created_at;
    let when = t().date_time(at);
    let edit_id = StoredValue::new(format!("edit-{id}"));
    if comment.deleted {
        return view! { <li class="comment deleted"><p class="muted small">{move || t().cm.deleted}</p></li> }
            .into_any_sync();
    }
    let body = comment.body.clone();
    view! {
        <li class="comment" data-comment=id.clone()>
            <p class="comment-head">
                <strong>{comment.author_name.clone()}</strong>
                <time datetime=at.to_rfc3339()>{when}</time>
                {comment.edited_at.map(|_| view! { <span class="muted small">{move || t().cm.edited}</span> })}
            </p>
            <Show when=move || editing.get() fallback={
                let (body, mentions) = (body.clone(), comment.mentions.clone());
                // The people list may arrive after the comment: the names follow it.
                move || {
                    let names: Vec<String> = ctx.talk.people.with(|p| {
                        p.iter().filter(|(id, _)| mentions.contains(id)).map(|(_, n)| n.clone()).collect()
                    });
                    view! { <p class="comment-body">{rendered(&body, &names)}</p> }
                }
            }>
                <Composer
                    id=edit_id.get_value()
                    label=Signal::derive(move || t().cm.edit.to_owned())
                    placeholder=Signal::derive(move || t().cm.placeholder.to_owned())
                    button=Signal::derive(move || t().cm.save.to_owned())
                    text=text
                    busy=edit.pending().into()
                    on_send=Callback::new(move |body: String| { edit.dispatch(body); })
                    on_cancel=Callback::new(move |_| editing.set(false))
                />
            </Show>
            <Show when=move || (mine || may_delete) && !editing.get()>
                <div class="comment-actions">
                    {mine.then(|| view! {
                        <button class="button ghost small" on:click=move |_| {
                            editing.set(true);
                            browser::focus_soon(edit_id.get_value());
                        }>{move || t().cm.edit}</button>
                    })}
                    <button class="button ghost small" disabled=move || delete.pending().get() on:click=move |_| {
                        if browser::confirm(t().cm.delete_confirm) {
                            delete.dispatch(());
                        }
                    }>{move || t().cm.delete}</button>
                </div>
            </Show>
            {crate::ui::widgets::error_line(error)}
        </li>
    }
    .into_any_sync()
}

/// Every thread of the map, filtered; each says where it is and shows it on the board.
#[component]
fn ThreadList() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let filter = RwSignal::new(ThreadFilter::Open);
    let shown = Memo::new(move |_| {
        let me = ctx.talk.me.get().unwrap_or_default();
        let f = filter.get();
        let mut ts: Vec<Thread> =
            ctx.talk.threads.with(|ts| ts.iter().filter(|th| f.keeps(th, &me)).cloned().collect());
        ts.sort_by_key(|th| std::cmp::Reverse(th.last_at()));
        ts
    });
    let label = move |f: ThreadFilter| match f {
        ThreadFilter::Open => t().cm.filter_open,
        ThreadFilter::Resolved => t().cm.filter_resolved,
        ThreadFilter::Mine => t().cm.filter_mine,
        ThreadFilter::All => t().cm.filter_all,
    };
    view! {
        <div class="segmented" role="radiogroup" aria-label=move || t().cm.filter_label>
            {ThreadFilter::ALL.into_iter().map(|f| view! {
                <button role="radio" class="button small" aria-checked=move || (filter.get() == f).to_string()
                    on:click=move |_| filter.set(f)>
                    {move || label(f)}
                </button>
            }).collect_view()}
        </div>
        <ul class="threads" role="list" aria-label=move || t().cm.comments>
            <For each=move || shown.get() key=|th| (th.root.id.clone(), th.live(), th.resolved()) let:th>
                {
                    let anchor = th.root.anchor.clone();
                    let first = th.comments().find(|c| !c.deleted).cloned();
                    let where_ = {
                        let anchor = anchor.clone();
                        move || ctx.sync.map.with(|m| t().cm.place(m, &anchor))
                    };
                    let on_board = {
                        let anchor = anchor.clone();
                        move || ctx.sync.map.with(|m| match &anchor {
                            Anchor::Card(c) => m.cards.contains_key(c),
                            Anchor::Stage(_) | Anchor::Map => false,
                        })
                    };
                    let replies = th.live().saturating_sub(1);
                    let open = anchor.clone();
                    view! {
                        <li class="thread-summary" class:resolved=th.resolved()>
                            <p class="muted small">{where_}</p>
                            {first.map(|c| view! {
                                <p><strong>{c.author_name.clone()}</strong>": "{c.body.chars().take(140).collect::<String>()}</p>
                            })}
                            <div class="thread-actions">
                                <button class="button ghost small" on:click=move |_| ctx.talk.open_at(open.clone())>
                                    {move || if replies > 0 {
                                        format!("{} · {}", t().cm.reply, t().cm.n_comments.format(ctx.i18n.locale.get(), replies as u64 + 1))
                                    } else {
                                        t().cm.reply.to_owned()
                                    }}
                                </button>
                                <Show when=on_board.clone()>
                                    <button class="button ghost small" on:click={
                                        let anchor = anchor.clone();
                                        move |_| if let Anchor::Card(c) = &anchor {
                                            browser::reveal_card(c.as_str());
                                        }
                                    }>{move || t().cm.show_on_board}</button>
                                </Show>
                            </div>
                        </li>
                    }
                }
            </For>
        </ul>
        <Show when=move || shown.with(Vec::is_empty)>
            <p class="muted">{move || t().cm.no_threads}</p>
        </Show>
        <Show when=move || ctx.talk.can_comment>
            <button class="button" on:click=move |_| ctx.talk.open_at(Anchor::Map)>{move || t().cm.comment_on_map}</button>
        </Show>
    }
}
