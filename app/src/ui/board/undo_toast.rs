//! "Card … deleted" with "Undo": shown after this browser deletes a card, until its next
//! edit (the undo would no longer be the delete's), a dismissal, or ten seconds pass.

use super::BoardCtx;
use leptos::prelude::*;

const SHOWN_MS: u64 = 10_000;

#[component]
pub fn UndoToast() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let shown = move || ctx.deleted.get().filter(|(_, at)| *at == ctx.sync.edits.get());
    // Each delete starts its own ten seconds; a later one is not cut short by an earlier's.
    Effect::new(move |_| {
        if let Some(at) = ctx.deleted.with(|d| d.as_ref().map(|(_, at)| *at)) {
            set_timeout(
                move || {
                    if ctx.deleted.try_with_untracked(|d| d.as_ref().is_some_and(|(_, a)| *a == at)) == Some(true) {
                        ctx.deleted.set(None);
                    }
                },
                std::time::Duration::from_millis(SHOWN_MS),
            );
        }
    });
    view! {
        <div class="toast-region" aria-live="polite">
            {move || shown().map(|(said, _)| view! {
                <div class="toast" role="status">
                    <span>{said}</span>
                    <button class="button" aria-keyshortcuts="Control+Z" on:click=move |_| {
                        ctx.deleted.set(None);
                        ctx.sync.undo();
                    }>{move || t().ed.undo_delete}</button>
                    <button class="icon-button" aria-label=move || t().dismiss title=move || t().dismiss
                        on:click=move |_| ctx.deleted.set(None)>
                        <span aria-hidden="true">"×"</span>
                    </button>
                </div>
            })}
        </div>
    }
}
