//! "Mentions" in the header: the signed-in person's mentions and replies, with the unread
//! count in the button's name. It asks again every minute, and at once when the board
//! hears a comment that concerns the person (a window event, [`RING`]); an entry opens its
//! map at the thread.

use crate::api::comments::{my_inbox, read_inbox};
use crate::domain::comment::{Inbox, NoticeKind};
use crate::domain::MapId;
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// The window event that asks the inbox to look again.
pub const RING: &str = "jornada-inbox";
/// How often the inbox looks without being asked.
#[cfg_attr(feature = "ssr", allow(dead_code))]
const EVERY: std::time::Duration = std::time::Duration::from_secs(60);

#[component]
pub fn MentionsButton() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let inbox = RwSignal::new(Inbox::default());
    let open = RwSignal::new(false);
    let refresh = move || {
        leptos::task::spawn_local(async move {
            if let Ok(i) = my_inbox().await {
                inbox.set(i);
            }
        })
    };
    let read = move |map: Option<MapId>| {
        leptos::task::spawn_local(async move {
            if let Ok(i) = read_inbox(map).await {
                inbox.set(i);
            }
        })
    };
    // In the browser only: the server renders the button without a count.
    Effect::new(move |_| refresh());
    #[cfg(not(feature = "ssr"))]
    {
        let heard = window_event_listener_untyped(RING, move |_| refresh());
        let ticks = set_interval_with_handle(refresh, EVERY).ok();
        on_cleanup(move || {
            heard.remove();
            if let Some(t) = ticks {
                t.clear();
            }
        });
    }
    let unread = move || inbox.with(|i| i.unread);
    let name = move || {
        let n = unread();
        if n == 0 {
            t().cm.mentions.to_owned()
        } else {
            format!("{}, {}", t().cm.mentions, t().cm.n_unread.format(i18n.locale.get(), u64::from(n)))
        }
    };
    view! {
        <div class="inbox" on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
            <button class="button ghost small" aria-label=name aria-haspopup="true"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    if open.get_untracked() {
                        refresh();
                    }
                }>
                {move || t().cm.mentions}
                <Show when=move || unread().gt(&0)>
                    <span class="badge unread" aria-hidden="true">{unread}</span>
                </Show>
            </button>
            <Show when=move || open.get()>
                <div class="popover inbox-popover">
                    <div class="panel-head">
                        <h2>{move || t().cm.inbox_title}</h2>
                        <Show when=move || unread().gt(&0)>
                            <button class="button ghost small" on:click=move |_| read(None)>{move || t().cm.mark_all_read}</button>
                        </Show>
                    </div>
                    <ul class="notices" role="list" aria-label=move || t().cm.inbox_title>
                        {move || inbox.get().notices.into_iter().map(|n| {
                            let who = n.comment.as_ref().map(|c| c.author_name.clone()).unwrap_or_default();
                            let line = match n.kind {
                                NoticeKind::Mention => t().cm.notice_mention,
                                NoticeKind::Reply => t().cm.notice_reply,
                            }
                            .replace("{name}", &who)
                            .replace("{map}", &n.map_title);
                            let href = match &n.comment {
                                Some(c) => format!("/maps/{}?thread={}", n.map, c.thread),
                                None => format!("/maps/{}", n.map),
                            };
                            let excerpt = n.comment.as_ref().map(|c| c.body.chars().take(120).collect::<String>());
                            let map = n.map.clone();
                            view! {
                                <li class="notice" class:unread=!n.read>
                                    <a href=href on:click=move |_| {
                                        open.set(false);
                                        read(Some(map.clone()));
                                    }>{line}</a>
                                    <p class="muted small">
                                        {excerpt.unwrap_or_else(|| t().cm.notice_gone.to_owned())}
                                    </p>
                                    <time class="muted small" datetime=n.at.to_rfc3339()>{i18n.t().date_time(n.at)}</time>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <Show when=move || inbox.with(|i| i.notices.is_empty())>
                        <p class="muted">{move || t().cm.no_notices}</p>
                    </Show>
                </div>
            </Show>
        </div>
    }
}
