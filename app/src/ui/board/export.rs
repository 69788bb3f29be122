//! The board's "Export" menu: every format as a download link of the whole map, rendered
//! on the server (a share link's secret passed on).

use super::BoardCtx;
use leptos::prelude::*;

/// "Export": every format as a download link of the whole map (rendered on the server).
#[component]
pub fn ExportMenu() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let open = RwSignal::new(false);
    let id = ctx.sync.map.with_untracked(|m| m.id.clone());
    let query = ctx.share.get_value().map(|s| format!("?share={s}")).unwrap_or_default();
    view! {
        <div class="export-menu" on:keydown=move |ev| {
            if ev.key() == "Escape" {
                open.set(false);
            }
        }>
            <button class="button" aria-haspopup="true" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || t().export}
            </button>
            <Show when=move || open.get()>
                <ul class="popover export-list" role="list" aria-label=move || t().export>
                    {crate::formats::ExportFormat::ALL.into_iter().map(|f| view! {
                        <li>
                            <a href=format!("{}{}", crate::protocol::export_path(id.as_str(), f.as_str()), query) download="" rel="external"
                                on:click=move |_| open.set(false)>
                                {f.label()}
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            </Show>
        </div>
    }
}
