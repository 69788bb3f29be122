//! The board's "Export" menu: every format as a download link of the whole map, rendered
//! on the server (a share link's secret passed on); the same menu exports a saved version
//! from the History view.

use super::BoardCtx;
use crate::ui::eager::IntoAnySync;
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
    // The PDF's layout: A4 landscape pages unless chosen otherwise.
    let paper = RwSignal::new("a4".to_owned());
    let orientation = RwSignal::new("landscape".to_owned());
    let pdf_query = {
        let query = query.clone();
        move || match paper.get().as_str() {
            "poster" => query.clone(),
            p => format!(
                "{query}{}paper={p}&orientation={}",
                if query.is_empty() { "?" } else { "&" },
                orientation.get()
            ),
        }
    };
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
                    {crate::formats::ExportFormat::ALL.into_iter().map(|f| {
                        let path = crate::protocol::export_path(id.as_str(), f.as_str());
                        if f == crate::formats::ExportFormat::Pdf {
                            let pdf_query = pdf_query.clone();
                            return view! {
                                <li class="pdf-export">
                                    <a href=move || format!("{path}{}", pdf_query()) download="" rel="external"
                                        on:click=move |_| open.set(false)>
                                        {f.label()}
                                    </a>
                                    <select aria-label=move || t().ed.pdf_paper
                                        on:change=move |ev| paper.set(event_target_value(&ev))>
                                        <option value="a4" selected=move || paper.get() == "a4">{move || t().ed.paper_a4}</option>
                                        <option value="a3" selected=move || paper.get() == "a3">{move || t().ed.paper_a3}</option>
                                        <option value="poster" selected=move || paper.get() == "poster">{move || t().ed.paper_poster}</option>
                                    </select>
                                    <select aria-label=move || t().ed.orientation disabled=move || paper.get() == "poster"
                                        on:change=move |ev| orientation.set(event_target_value(&ev))>
                                        <option value="landscape" selected=move || orientation.get() == "landscape">{move || t().ed.landscape}</option>
                                        <option value="portrait" selected=move || orientation.get() == "portrait">{move || t().ed.portrait}</option>
                                    </select>
                                </li>
                            }.into_any_sync();
                        }
                        view! {
                            <li>
                                <a href=format!("{path}{query}") download="" rel="external"
                                    on:click=move |_| open.set(false)>
                                    {f.label()}
                                </a>
                            </li>
                        }.into_any_sync()
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
