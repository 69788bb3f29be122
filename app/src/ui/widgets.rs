//! Small pieces several pages share: icons, avatar initials, an inline text editor, a
//! secret shown once, a button that asks before it acts, the error and loading lines, and
//! the wiring of an action's result.

use super::browser;
use crate::error::AppError;
use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use std::future::Future;

/// Two letters for an avatar: the initials of the first two words, or the first two letters.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let s: String = match words.as_slice() {
        [a, b, ..] => a.chars().take(1).chain(b.chars().take(1)).collect(),
        [a] => a.chars().take(2).collect(),
        [] => "?".into(),
    };
    s.to_uppercase()
}

/// A small icon per built-in channel (custom channels show their initial).
pub fn channel_icon(icon: &str) -> impl IntoView {
    let path = crate::domain::channel::icon_path(icon);
    view! {
        <svg class="channel-icon" viewBox="0 0 16 16" aria-hidden="true">
            <path d=path fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round" stroke-linecap="round"/>
        </svg>
    }
}

/// The pencil of a "Rename" button.
pub fn rename_icon() -> impl IntoView {
    view! { <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M2 12.5V14h1.5l8-8L10 4.5l-8 8z" fill="currentColor"/></svg> }
}

/// The pencil and eraser of a card's "Edit" button.
pub fn edit_icon() -> impl IntoView {
    view! { <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M2 12.5V14h1.5l8-8L10 4.5l-8 8zM13.7 4a1 1 0 000-1.4l-1.3-1.3a1 1 0 00-1.4 0L10 2.3 11.7 4l2-0z" fill="currentColor"/></svg> }
}

/// The bin of a "Delete" button.
pub fn delete_icon() -> impl IntoView {
    view! { <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M5 2h6v1.5h3V5H2V3.5h3zM3.5 6h9l-.7 8H4.2z" fill="currentColor"/></svg> }
}

/// The sliders of a card's "Details" button.
pub fn details_icon() -> impl IntoView {
    view! { <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M2 4h12M2 8h12M2 12h12M5 2v4M11 6v4M7 10v4" fill="none" stroke="currentColor" stroke-width="1.5"/></svg> }
}

/// An inline text editor: Enter or leaving saves, Escape cancels.
#[component]
pub fn InlineEdit(value: String, label: String, on_save: Callback<String>, on_close: Callback<()>) -> impl IntoView {
    let text = RwSignal::new(value.clone());
    let input = NodeRef::<leptos::html::Input>::new();
    browser::focus_selected(input);
    let done = StoredValue::new(false);
    let value = StoredValue::new(value);
    let finish = move |save: bool| {
        if done.get_value() {
            return;
        }
        done.set_value(true);
        on_close.run(());
        let v = text.get_untracked();
        if save && value.with_value(|old| *old != v) {
            on_save.run(v);
        }
    };
    view! {
        <input
            class="inline-edit"
            type="text"
            node_ref=input
            aria-label=label
            prop:value=move || text.get()
            on:input=move |ev| text.set(event_target_value(&ev))
            on:keydown=move |ev| {
                ev.stop_propagation();
                match ev.key().as_str() {
                    "Enter" => {
                        ev.prevent_default();
                        finish(true);
                    }
                    "Escape" => {
                        ev.prevent_default();
                        finish(false);
                    }
                    _ => {}
                }
            }
            on:blur=move |_| finish(true)
        />
    }
}

/// A secret (share link, invite link, API token) shown once, selected on focus for copying,
/// with a hint that it will not be shown again.
#[component]
pub fn ShownOnce(label: &'static str, value: String, hint: &'static str) -> impl IntoView {
    view! {
        <div class="new-token" role="status">
            <label class="field">
                <span>{label}</span>
                <input type="text" readonly prop:value=value on:focus=browser::select_on_focus/>
            </label>
            <p class="muted small">{hint}</p>
        </div>
    }
}

/// A small danger button of a list row (revoke, remove): asks `question` in the browser's
/// dialog, then runs `on_confirm`.
#[component]
pub fn ConfirmButton<C: IntoView + 'static>(
    /// The accessible name, naming the row.
    label: String,
    question: String,
    on_confirm: Callback<()>,
    children: TypedChildren<C>,
) -> impl IntoView {
    let children = children.into_inner();
    view! {
        <button type="button" class="button small danger" aria-label=label on:click=move |_| {
            if browser::confirm(&question) {
                on_confirm.run(());
            }
        }>{children()}</button>
    }
}

/// The error line under a form, while there is one.
pub fn error_line(error: RwSignal<Option<String>>) -> impl IntoView {
    move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })
}

/// What a page shows while its data loads.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="muted">{move || i18n.t().loading}</p> }
}

/// Runs `ok` with each success of `action`; a failure's translated message goes to `error`.
pub fn on_result<I, O>(
    action: Action<I, Result<O, AppError>>,
    i18n: I18n,
    error: RwSignal<Option<String>>,
    ok: impl Fn(O) + 'static,
) where
    I: Send + std::marker::Sync + 'static,
    O: Clone + Send + std::marker::Sync + 'static,
{
    Effect::new(move |_| match action.value().get() {
        Some(Ok(v)) => ok(v),
        Some(Err(e)) => error.set(Some(e.message(i18n.t()))),
        None => {}
    });
}

/// An action that revokes the item whose id it is given, and answers that id.
pub fn revoke_by_id<F, Fut>(revoke: F) -> Action<String, Result<String, AppError>>
where
    F: Fn(String) -> Fut + Send + std::marker::Sync + 'static,
    Fut: Future<Output = Result<(), AppError>> + Send + 'static,
{
    Action::new(move |id: &String| {
        let id = id.clone();
        let done = revoke(id.clone());
        async move { done.await.map(|()| id) }
    })
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_of_names() {
        assert_eq!(initials("Ana Souza"), "AS");
        assert_eq!(initials("гость 417"), "Г4");
        assert_eq!(initials("Bo"), "BO");
        assert_eq!(initials(""), "?");
    }
}
