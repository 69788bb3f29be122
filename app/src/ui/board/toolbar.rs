//! The board's toolbar: the map's title, the views, search and filters, the panels a
//! member opens, sharing, presence, zoom, the save state and undo/redo.

use super::{BoardCtx, SaveStatus};
use crate::domain::Capability;
use leptos::prelude::*;

#[component]
pub fn Toolbar() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let sync = ctx.sync;
    let status_text = move || match sync.status.get() {
        SaveStatus::Saved => t().saved,
        SaveStatus::Saving => t().saving,
        SaveStatus::Reconnecting => t().reconnecting,
    };
    // Edits that wait (kept in this browser while the connection is down), counted.
    let waiting = move || match sync.waiting.get() {
        0 => String::new(),
        n => format!(" · {}", t().ed.edits_waiting.format(ctx.i18n.locale.get(), n as u64)),
    };
    view! {
        <div class="board-toolbar">
            <super::headers::MapTitle/>
            <div class="toolbar-actions">
                <super::views::ViewSwitch/>
                <button class="button" aria-keyshortcuts="Control+F" on:click=move |_| ctx.search.show()>
                    {move || t().search}
                </button>
                <super::search::FilterBar/>
                <super::comments::CommentsButton/>
                <Show when=move || ctx.can_edit>
                    <super::personas_control::PersonasControl/>
                    <super::evidence::ImportFeedback/>
                    <super::evidence::ReviewControl/>
                </Show>
                <super::export::ExportMenu/>
                <super::present::PresentButton/>
                {ctx.role.allows(Capability::Share).then(|| view! { <super::share::ShareMenu/> })}
                <super::people::People/>
                <super::cursors::CursorSwitch/>
                <super::people::StatusButtons/>
                <super::timer::TimerPanel/>
                <super::workshop::StartWorkshop/>
                <super::zoom::ZoomControls/>
                <super::shortcuts::ShortcutsHelp/>
                <span
                    class="save-state"
                    data-state=move || format!("{:?}", sync.status.get()).to_lowercase()
                    role="status"
                >
                    {status_text}{waiting}
                </span>
                <Show when=move || ctx.can_edit>
                <button class="button" on:click=move |_| sync.undo() disabled=move || !sync.can_undo.get()
                    aria-keyshortcuts="Control+Z">
                    {move || t().undo}
                </button>
                <button class="button" on:click=move |_| sync.redo() disabled=move || !sync.can_redo.get()
                    aria-keyshortcuts="Control+Shift+Z Control+Y">
                    {move || t().redo}
                </button>
                </Show>
            </div>
        </div>
    }
}
