//! The board's "Export" menu: every format as a download link of the whole map, rendered
//! on the server (a share link's secret passed on); the same menu exports a saved version
//! from the History view.

use super::BoardCtx;
use leptos::prelude::*;

/// "Export": every format as a download link of the whole map (rendered on the server), or
/// of `version` (its id and name; the button is then named "Export “name”").
#[component]
pub fn ExportMenu(#[prop(optional)] version: Option<(String, String)>) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let open = RwSignal::new(false);
    let id = ctx.sync.map.with_untracked(|m| m.id.clone());
    let query = match (&version, ctx.share.get_value()) {
        (Some((v, _)), _) => format!("?version={v}"),
        (None, Some(s)) => format!("?share={s}"),
        (None, None) => String::new(),
    };
    let name = StoredValue::new(version.map(|(_, name)| name));
    let label = move || match name.get_value() {
        Some(n) => t().hi.export_version.replace("{name}", &n),
        None => t().export.to_owned(),
    };
    view! {
        <div class="export-menu" on:keydown=move |ev| {
            if ev.key() == "Escape" {
                open.set(false);
            }
        }>
            <button class="button" class:ghost=move || name.with_value(Option::is_some) class:small=move || name.with_value(Option::is_some)
                aria-haspopup="true" aria-expanded=move || open.get().to_string() aria-label=label
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || t().export}
            </button>
            <Show when=move || open.get()>
                <ul class="popover export-list" role="list" aria-label=label>
                    {crate::formats::ExportFormat::ALL.into_iter().map(|f| view! {
                        <li>
                            <a href=format!("{}{}", crate::protocol::export_path(id.as_str(), f.as_str()), query) download="" rel="external"
                                on:click=move |_| open.set(false)>
                                {f.label()}
                            </a>
                        </li>
                    }).collect_view()}
                    {name.with_value(Option::is_none).then(|| view! {
                        <li><button class="link-button" on:click=move |_| { open.set(false); crate::ui::browser::print(false); }>
                            {move || t().ed.print}
                        </button></li>
                        <li><button class="link-button" on:click=move |_| { open.set(false); crate::ui::browser::print(true); }>
                            {move || t().ed.print_ink}
                        </button></li>
                    })}
                </ul>
            </Show>
        </div>
    }
}
