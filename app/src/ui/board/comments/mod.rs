//! Comments on the board: every comment of the map, kept by id and refreshed live from the
//! socket; the thread counts on cards and stage headers ("2 comments", a button that opens
//! the thread); the side panel (`panel`) with a place's threads or every thread of the map;
//! the comment box with @mention suggestions (`composer`). The rules are
//! `domain::comment`'s; the server checks every request again.

mod composer;
mod panel;

pub use panel::CommentsPanel;

use super::BoardCtx;
use crate::api::comments::Guest;
use crate::domain::comment::{open_counts, threads, Anchor, Comment, Inline, Thread};
use crate::domain::{Capability, Role};
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;
use std::collections::HashMap;

/// What the side panel shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Focus {
    /// Every thread of the map.
    List,
    /// The threads of one place, and a box for a new one.
    At(Anchor),
}

/// The board's comments.
#[derive(Clone, Copy)]
pub struct Talk {
    pub all: RwSignal<HashMap<String, Comment>>,
    pub threads: Memo<Vec<Thread>>,
    pub counts: Memo<HashMap<Anchor, u32>>,
    pub panel: RwSignal<Option<Focus>>,
    /// The viewer among comment authors: a member's user id, a guest's key once known.
    pub me: RwSignal<Option<String>>,
    /// Whether the viewer sees comments at all (not through a view-only share link) and
    /// may write them.
    pub sees: bool,
    pub can_comment: bool,
    /// A guest of a share link: their browser's key and name.
    pub guest: RwSignal<Option<Guest>>,
    /// Members one may mention (loaded when a member first writes).
    pub people: RwSignal<Vec<(String, String)>>,
}

/// Where this browser keeps a guest's key, name and author id.
const GUEST_KEY: &str = "jornada.guest.key";
const GUEST_NAME: &str = "jornada.guest.name";
const GUEST_ME: &str = "jornada.guest.me";

impl Talk {
    pub fn new(comments: Vec<Comment>, me: Option<String>, role: Role, share: bool) -> Talk {
        let all = RwSignal::new(comments.into_iter().map(|c| (c.id.clone(), c)).collect::<HashMap<_, _>>());
        let threads = Memo::new(move |_| all.with(|a| threads(a.values())));
        let counts = Memo::new(move |_| threads.with(|t| open_counts(t)));
        Talk {
            all,
            threads,
            counts,
            panel: RwSignal::new(None),
            me: RwSignal::new(me),
            sees: crate::domain::comment::sees_comments(role, share),
            can_comment: role.allows(Capability::Comment),
            guest: RwSignal::new(None),
            people: RwSignal::new(Vec::new()),
        }
    }

    /// A guest's key and name from this browser's storage (after hydration: the server
    /// renders the board without them).
    pub fn load_guest(&self, share: bool) {
        if !share || self.me.get_untracked().is_some_and(|m| !m.starts_with("guest:")) {
            return;
        }
        let key = crate::ui::browser::stored(GUEST_KEY).unwrap_or_else(|| {
            let key = uuid::Uuid::new_v4().simple().to_string();
            crate::ui::browser::store(GUEST_KEY, &key);
            key
        });
        let name = crate::ui::browser::stored(GUEST_NAME).unwrap_or_default();
        self.guest.set(Some(Guest { key, name }));
        if let Some(me) = crate::ui::browser::stored(GUEST_ME) {
            self.me.set(Some(me));
        }
    }

    /// The guest's name, kept for next time.
    pub fn set_guest_name(&self, name: String) {
        crate::ui::browser::store(GUEST_NAME, &name);
        self.guest.update(|g| {
            if let Some(g) = g {
                g.name = name;
            }
        });
    }

    /// A comment from the server (an answer or the live feed): the newest by id wins.
    pub fn heard(&self, c: Comment) {
        self.all.update(|a| {
            let newer = a.get(&c.id).is_none_or(|old| {
                (old.edited_at.unwrap_or(old.created_at), old.resolved)
                    != (c.edited_at.unwrap_or(c.created_at), c.resolved)
            });
            if newer {
                a.insert(c.id.clone(), c);
            }
        });
    }

    /// What the server answered for this browser's own comment: a guest learns their id.
    pub fn wrote(&self, c: Comment) {
        if self.guest.with_untracked(Option::is_some) && self.me.get_untracked().is_none() {
            crate::ui::browser::store(GUEST_ME, &c.author);
            self.me.set(Some(c.author.clone()));
        }
        self.heard(c);
    }

    pub fn open_at(&self, anchor: Anchor) {
        self.panel.set(Some(Focus::At(anchor)));
    }

    /// Whether `c` concerns the viewer (mentions them, or replies in a thread they wrote in).
    pub fn concerns_me(&self, c: &Comment) -> bool {
        let Some(me) = self.me.get_untracked() else { return false };
        if c.author == me {
            return false;
        }
        c.mentions.contains(&me)
            || (!c.is_root() && self.all.with_untracked(|a| a.values().any(|o| o.thread == c.thread && o.author == me)))
    }
}

/// Connects the board's comments: those that arrive live are kept (the header's inbox
/// hears of the ones that concern the viewer); after a reconnection they are fetched again;
/// a guest's key and name come from the browser's storage; `thread` (the address's
/// `?thread=`) opens that thread's place.
pub fn wire(ctx: BoardCtx, thread: Signal<Option<String>>) {
    let (talk, sync) = (ctx.talk, ctx.sync);
    sync.on_talk(Callback::new(move |c: Comment| {
        if talk.concerns_me(&c) {
            crate::ui::browser::ring(crate::ui::inbox::RING);
        }
        talk.heard(c);
    }));
    Effect::new(move |_| talk.load_guest(ctx.share.with_value(Option::is_some)));
    Effect::new(move |_| {
        if sync.rejoined.get() > 1 && talk.sees {
            let (id, share) = (sync.map.with_untracked(|m| m.id.clone()), ctx.share.get_value());
            leptos::task::spawn_local(async move {
                if let Ok(all) = crate::api::comments::map_comments(id, share).await {
                    all.into_iter().for_each(|c| talk.heard(c));
                }
            });
        }
    });
    Effect::new(move |_| {
        let Some(id) = thread.get() else { return };
        let Some(anchor) = talk.all.with_untracked(|a| a.get(&id).map(|c| c.anchor.clone())) else { return };
        if let Anchor::Card(c) = &anchor {
            crate::ui::browser::reveal_card(c.as_str());
        }
        talk.open_at(anchor);
    });
}

/// The thread count of a place as a button ("2 comments") that opens its threads; nothing
/// when it has no open thread.
#[component]
pub fn CountButton(anchor: Anchor) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let n = {
        let anchor = anchor.clone();
        Memo::new(move |_| ctx.talk.counts.with(|c| c.get(&anchor).copied().unwrap_or(0)))
    };
    move || {
        let anchor = anchor.clone();
        (n.get() > 0).then(|| {
            let label = t().cm.n_comments.format(ctx.i18n.locale.get(), u64::from(n.get()));
            view! {
                <button
                    class="comment-count"
                    aria-label=label.clone()
                    title=label
                    on:pointerdown=|ev| ev.stop_propagation()
                    on:click=move |ev| {
                        ev.stop_propagation();
                        ctx.talk.open_at(anchor.clone());
                    }
                >
                    {comment_icon()}
                    <span aria-hidden="true">{move || n.get()}</span>
                </button>
            }
        })
    }
}

/// A speech bubble.
pub fn comment_icon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
            <path d="M4 5h16v11H9l-5 4z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/>
        </svg>
    }
}

/// A comment's text with its light markup, as text nodes and safe links only.
pub fn rendered(body: &str, names: &[String]) -> impl IntoView {
    crate::domain::comment::render(body, names)
        .into_iter()
        .map(|piece| match piece {
            Inline::Text(s) => view! { <span>{s}</span> }.into_any_sync(),
            Inline::Bold(s) => view! { <strong>{s}</strong> }.into_any_sync(),
            Inline::Italic(s) => view! { <em>{s}</em> }.into_any_sync(),
            Inline::Link { text, href } => {
                view! { <a href=href target="_blank" rel="noopener noreferrer nofollow ugc">{text}</a> }.into_any_sync()
            }
            Inline::Mention(s) => view! { <span class="mention">{format!("@{s}")}</span> }.into_any_sync(),
            Inline::Break => view! { <br/> }.into_any_sync(),
        })
        .collect_view()
}

/// A place's comment controls: its thread count (when it has open threads) and, for those
/// who may comment, a "Comment" button that opens its threads with the comment box.
#[component]
pub fn PlaceTalk(anchor: Anchor) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    ctx.talk.sees.then(|| {
        let open = anchor.clone();
        view! {
            <CountButton anchor=anchor/>
            {ctx.talk.can_comment.then(|| view! {
                <button class="icon-button" aria-label=move || t().cm.comment title=move || t().cm.comment
                    on:pointerdown=|ev| ev.stop_propagation()
                    on:click=move |ev| {
                        ev.stop_propagation();
                        ctx.talk.open_at(open.clone());
                        crate::ui::browser::focus_soon("comment-new".into());
                    }>
                    {comment_icon()}
                </button>
            })}
        }
    })
}

/// The toolbar's "Comments" button: every thread of the map, with the open count.
#[component]
pub fn CommentsButton() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let open = Memo::new(move |_| ctx.talk.threads.with(|ts| ts.iter().filter(|th| !th.resolved()).count()));
    ctx.talk.sees.then(|| {
        view! {
            <button class="button" aria-expanded=move || ctx.talk.panel.with(|p| p.is_some()).to_string()
                on:click=move |_| ctx.talk.panel.update(|p| *p = if p.is_some() { None } else { Some(Focus::List) })>
                {move || t().cm.comments}
                <Show when=move || open.get().gt(&0)>
                    <span class="badge">{move || open.get()}</span>
                </Show>
            </button>
        }
    })
}
