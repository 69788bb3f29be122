//! The comment box: a textarea labelled "Comment" (or "Reply"), its send button, a counter
//! near the limit, and suggestions of members to mention while an `@name` is typed (arrow
//! keys choose, Enter or Tab inserts, Escape closes). Ctrl/Cmd+Enter sends.

use super::super::BoardCtx;
use crate::domain::comment::{suggest, typing_mention, MAX_COMMENT};
use crate::ui::browser;
use leptos::prelude::*;

#[component]
pub fn Composer(
    /// The textarea's DOM id.
    id: String,
    /// Its accessible name.
    #[prop(into)]
    label: Signal<String>,
    #[prop(into)] placeholder: Signal<String>,
    /// The send button's name ("Post", "Reply", "Save").
    #[prop(into)]
    button: Signal<String>,
    text: RwSignal<String>,
    busy: Signal<bool>,
    on_send: Callback<String>,
    #[prop(optional)] on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    // The `@…` being typed: where it starts and what follows it.
    let typing = RwSignal::new(None::<(usize, String)>);
    let chosen = RwSignal::new(0usize);
    let found = Memo::new(move |_| {
        typing.with(|ty| match ty {
            Some((_, typed)) => {
                ctx.talk.people.with(|p| suggest(typed, p, 6).into_iter().cloned().collect::<Vec<(String, String)>>())
            }
            None => Vec::new(),
        })
    });
    let field_id = StoredValue::new(id.clone());
    let look = move || {
        let caret = browser::caret_in(&field_id.get_value());
        let found =
            caret.and_then(|c| text.with_untracked(|s| typing_mention(s, c).map(|(at, ty)| (at, ty.to_owned()))));
        typing.set(found);
        chosen.set(0);
    };
    let insert = move |name: String| {
        let Some((at, typed)) = typing.get_untracked() else { return };
        let end = at + 1 + typed.len();
        let mut caret = at;
        text.update(|s| {
            if s.is_char_boundary(at) && s.is_char_boundary(end.min(s.len())) {
                let tail = s[end.min(s.len())..].to_owned();
                let mention = format!("@{name} ");
                caret = at + mention.len();
                *s = format!("{}{mention}{tail}", &s[..at]);
            }
        });
        typing.set(None);
        browser::set_caret(&field_id.get_value(), caret);
    };
    let send = move || {
        let body = text.get_untracked();
        if !body.trim().is_empty() && !busy.get_untracked() {
            on_send.run(body);
        }
    };
    let over = move || {
        let n = text.with(|s| s.chars().count());
        (n > MAX_COMMENT - 200).then(|| format!("{n} / {MAX_COMMENT}"))
    };
    let list_id = format!("{id}-people");
    let look_key = look;
    view! {
        <div class="composer">
            <textarea
                id=id.clone()
                class="comment-box"
                rows="2"
                aria-label=move || label.get()
                placeholder=move || placeholder.get()
                aria-autocomplete="list"
                aria-controls=list_id.clone()
                aria-expanded=move || (!found.with(Vec::is_empty)).to_string()
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    look();
                }
                on:click=move |_| look_key()
                on:keydown=move |ev| {
                    ev.stop_propagation();
                    let n = found.with_untracked(Vec::len);
                    match ev.key().as_str() {
                        "ArrowDown" if n > 0 => {
                            ev.prevent_default();
                            chosen.update(|c| *c = (*c + 1) % n);
                        }
                        "ArrowUp" if n > 0 => {
                            ev.prevent_default();
                            chosen.update(|c| *c = (*c + n - 1) % n);
                        }
                        "Enter" | "Tab" if n > 0 && !ev.ctrl_key() && !ev.meta_key() => {
                            ev.prevent_default();
                            if let Some((_, name)) = found.with_untracked(|f| f.get(chosen.get_untracked()).cloned()) {
                                insert(name);
                            }
                        }
                        "Escape" if n > 0 => {
                            ev.prevent_default();
                            typing.set(None);
                        }
                        "Escape" => {
                            if let Some(cancel) = on_cancel {
                                ev.prevent_default();
                                cancel.run(());
                            }
                        }
                        "Enter" if ev.ctrl_key() || ev.meta_key() => {
                            ev.prevent_default();
                            send();
                        }
                        _ => {}
                    }
                }
            ></textarea>
            <Show when=move || !found.with(Vec::is_empty)>
                <ul class="mention-list popover" role="listbox" id=move || format!("{}-people", field_id.get_value()) aria-label=move || t().cm.suggestions>
                    {move || found.get().into_iter().enumerate().map(|(i, (_, name))| {
                        let pick = name.clone();
                        view! {
                            <li
                                role="option"
                                aria-selected=move || (chosen.get() == i).to_string()
                                on:pointerdown=move |ev| {
                                    ev.prevent_default();
                                    insert(pick.clone());
                                }
                            >
                                {name}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
            <div class="composer-actions">
                <span class="hint">{move || t().cm.markup_hint}</span>
                {move || over().map(|s| view! { <span class="counter">{s}</span> })}
                {on_cancel.map(|cancel| view! {
                    <button class="button ghost small" on:click=move |_| cancel.run(())>{move || t().cancel}</button>
                })}
                <button
                    class="button primary small"
                    disabled=move || busy.get() || text.with(|s| s.trim().is_empty())
                    on:click=move |_| send()
                >
                    {move || button.get()}
                </button>
            </div>
        </div>
    }
}
