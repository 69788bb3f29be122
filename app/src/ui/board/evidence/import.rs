//! "Import feedback": choose a file, see what the server read of it (the first rows, the
//! columns it recognised, the rows it cannot import), correct the column mapping and the
//! stage values once, then import — all or nothing. Nothing is written before "Import".

use super::super::BoardCtx;
use crate::domain::feedback::{ColumnMapping, FeedbackPreview, ImportOutcome, RowProblem, Scale};
use crate::i18n::Messages;
use crate::protocol::feedback_file_path;
use crate::ui::browser;
use crate::ui::eager::IntoAnySync;
use crate::ui::later::later;
use crate::ui::widgets::error_line;
use leptos::prelude::*;

/// The columns a user maps, with their label and where they live in the mapping.
type Column = (fn(&'static Messages) -> &'static str, fn(&mut ColumnMapping) -> &mut Option<String>);

const COLUMNS: [Column; 8] = [
    (|t| t.ev.col_date, |m| &mut m.date),
    (|t| t.ev.col_score, |m| &mut m.score),
    (|t| t.ev.col_comment, |m| &mut m.comment),
    (|t| t.ev.col_stage, |m| &mut m.stage),
    (|t| t.ev.col_touchpoint, |m| &mut m.touchpoint),
    (|t| t.ev.col_client, |m| &mut m.client),
    (|t| t.ev.col_segment, |m| &mut m.segment),
    (|t| t.ev.col_external_id, |m| &mut m.external_id),
];

/// The query of a preview or import request.
fn query(name: &str, mapping: Option<&ColumnMapping>, skip_bad: bool) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    let mut q = format!("?name={}", utf8_percent_encode(name, NON_ALPHANUMERIC));
    if let Some(m) = mapping.and_then(|m| serde_json::to_string(m).ok()) {
        q.push_str(&format!("&mapping={}", utf8_percent_encode(&m, NON_ALPHANUMERIC)));
    }
    if skip_bad {
        q.push_str("&skip_bad=1");
    }
    q
}

/// The message for a refused request: the server's translated one, else a generic one.
fn refusal(t: &'static Messages, status: u16, body: &serde_json::Value) -> String {
    if status == 413 {
        return t
            .ev
            .err_file_too_large
            .replace("{max}", &(crate::domain::feedback::MAX_FILE / (1024 * 1024)).to_string());
    }
    body.get("error").and_then(|e| e.as_str()).map(str::to_owned).unwrap_or_else(|| t.err_network.to_owned())
}

/// Why a row cannot be imported, in words.
pub fn problem_text(t: &'static Messages, p: &RowProblem) -> String {
    let e = &t.ev;
    match p {
        RowProblem::NoDate => e.bad_no_date.to_owned(),
        RowProblem::BadDate { value } => e.bad_date.replace("{value}", value),
        RowProblem::NoScore => e.bad_no_score.to_owned(),
        RowProblem::BadScore { value } => e.bad_score.replace("{value}", value),
        RowProblem::OutOfScale { value } => e.bad_out_of_scale.replace("{value}", value),
        RowProblem::NoStage => e.bad_no_stage.to_owned(),
        RowProblem::UnknownStage { value } => e.bad_unknown_stage.replace("{value}", value),
        RowProblem::UnknownTouchpoint { value } => e.bad_unknown_touchpoint.replace("{value}", value),
        RowProblem::Short => e.bad_short.to_owned(),
    }
}

fn scale_label(t: &'static Messages, s: Scale) -> &'static str {
    match s {
        Scale::Stars => t.ev.scale_stars,
        Scale::Nps => t.ev.scale_nps,
        Scale::Csat => t.ev.scale_csat,
        Scale::Ces => t.ev.scale_ces,
    }
}

/// What the dialog keeps while it is closed: the chosen file, what the server read of it,
/// the mapping being corrected, and the last outcome.
#[derive(Clone, Copy)]
struct Chosen {
    open: RwSignal<bool>,
    file: StoredValue<Option<web_sys::File>, super::super::BrowserStorage>,
    name: RwSignal<String>,
    preview: RwSignal<Option<FeedbackPreview>>,
    mapping: RwSignal<ColumnMapping>,
    skip_bad: RwSignal<bool>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    done: RwSignal<Option<String>>,
}

/// The toolbar's button; the dialog's code comes when it is first opened (`ui::later`).
#[component]
pub fn ImportFeedback() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let chosen = Chosen {
        open: RwSignal::new(false),
        file: StoredValue::new_with_storage(None),
        name: RwSignal::new(String::new()),
        preview: RwSignal::new(None),
        mapping: RwSignal::new(ColumnMapping::default()),
        skip_bad: RwSignal::new(false),
        busy: RwSignal::new(false),
        error: RwSignal::new(None),
        done: RwSignal::new(None),
    };
    let open = chosen.open;
    view! {
        <div class="feedback-import">
            <button class="button" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                {move || t().ev.import_feedback}
            </button>
            <Show when=move || open.get()>
                {later(dialog(chosen))}
            </Show>
        </div>
    }
}

#[lazy]
fn dialog(chosen: Chosen) -> AnyView {
    view! { <Dialog chosen=chosen/> }.into_any_sync()
}

#[component]
fn Dialog(chosen: Chosen) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let Chosen { open, file, name, preview, mapping, skip_bad, busy, error, done } = chosen;
    let map_id = ctx.sync.map.with_untracked(|m| m.id.to_string());

    // Sends the file for a preview (with the mapping once the user has touched it).
    let send_preview = {
        let map_id = map_id.clone();
        move |with_mapping: bool| {
            let Some(f) = file.get_value() else { return };
            let url = format!(
                "{}{}",
                feedback_file_path(&map_id, "preview"),
                query(&name.get_untracked(), with_mapping.then(|| mapping.get_untracked()).as_ref(), false)
            );
            busy.set(true);
            error.set(None);
            leptos::task::spawn_local(async move {
                let t = ctx.i18n.locale.get_untracked().messages();
                match browser::post_file(&url, &f).await {
                    Ok((200, body)) => match serde_json::from_value::<FeedbackPreview>(body) {
                        Ok(p) => {
                            mapping.set(p.mapping.clone());
                            preview.set(Some(p));
                        }
                        Err(_) => error.set(Some(t.err_network.to_owned())),
                    },
                    Ok((status, body)) => {
                        preview.set(None);
                        error.set(Some(refusal(t, status, &body)));
                    }
                    Err(()) => error.set(Some(t.err_network.to_owned())),
                }
                busy.set(false);
            });
        }
    };
    let send_preview = StoredValue::new(send_preview);
    let remap = move |f: &dyn Fn(&mut ColumnMapping)| {
        mapping.update(|m| f(m));
        send_preview.with_value(|s| s(true));
    };
    let remap = StoredValue::new(remap);

    let import = {
        let map_id = map_id.clone();
        move |_: leptos::ev::MouseEvent| {
            let Some(f) = file.get_value() else { return };
            let url = format!(
                "{}{}",
                feedback_file_path(&map_id, "import"),
                query(&name.get_untracked(), Some(&mapping.get_untracked()), skip_bad.get_untracked())
            );
            busy.set(true);
            error.set(None);
            leptos::task::spawn_local(async move {
                let t = ctx.i18n.locale.get_untracked().messages();
                match browser::post_file(&url, &f).await {
                    Ok((200, body)) => match serde_json::from_value::<ImportOutcome>(body) {
                        Ok(o) => {
                            let l = ctx.i18n.locale.get_untracked();
                            done.set(Some(
                                t.ev.imported
                                    .replace("{imported}", &t.ins.answers.format(l, u64::from(o.imported)))
                                    .replace("{unchanged}", &o.unchanged.to_string())
                                    .replace("{skipped}", &o.skipped.to_string()),
                            ));
                            preview.set(None);
                            file.set_value(None);
                            super::refresh_summary(ctx);
                        }
                        Err(_) => error.set(Some(t.err_network.to_owned())),
                    },
                    Ok((status, body)) => error.set(Some(refusal(t, status, &body))),
                    Err(()) => error.set(Some(t.err_network.to_owned())),
                }
                busy.set(false);
            });
        }
    };

    let import = StoredValue::new(import);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(f) = browser::chosen_file(&ev, true) else { return };
        if f.size() > crate::domain::feedback::MAX_FILE as f64 {
            let t = ctx.i18n.locale.get_untracked().messages();
            error.set(Some(
                t.ev.err_file_too_large
                    .replace("{max}", &(crate::domain::feedback::MAX_FILE / (1024 * 1024)).to_string()),
            ));
            return;
        }
        name.set(f.name());
        file.set_value(Some(f));
        done.set(None);
        skip_bad.set(false);
        send_preview.with_value(|s| s(false));
    };

    let stage_titles = Memo::new(move |_| {
        ctx.sync.map.with(|m| m.ordered_stages().iter().map(|s| s.title.clone()).collect::<Vec<_>>())
    });
    let importable = move || {
        preview.with(|p| {
            p.as_ref().map_or(0, |p| if skip_bad.get() || p.bad_count == 0 { p.rows - p.bad_count } else { 0 })
        })
    };
    let ready = move || {
        let m = mapping.get();
        !busy.get() && m.date.is_some() && m.score.is_some() && m.stage.is_some() && importable() > 0
    };

    view! {
        <section class="panel import-panel" role="dialog" aria-label=move || t().ev.import_feedback
            on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
            <header class="panel-head">
                <h2>{move || t().ev.import_feedback}</h2>
                <button class="button ghost" on:click=move |_| open.set(false)>{move || t().close}</button>
            </header>
            <p class="muted small">{move || t().ev.import_intro}</p>
            <label class="field">
                <span>{move || t().ev.feedback_file}</span>
                <input type="file" accept=".csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values"
                    aria-label=move || t().ev.feedback_file on:change=on_file/>
            </label>
            <Show when=move || busy.get()>
                <p class="progress-line" role="status">
                    <progress aria-label=move || t().ev.working></progress>
                    <span>{move || t().ev.working}</span>
                </p>
            </Show>
            {error_line(error)}
            {move || done.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
            {move || preview.get().map(|p| {
                let l = ctx.i18n.locale.get_untracked();
                let summary = format!(
                    "{} · {} · {} · {}",
                    name.get_untracked(),
                    t().ev.rows.format(l, p.rows as u64),
                    p.format.to_uppercase(),
                    p.encoding
                );
                let headers = p.headers.clone();
                view! {
                    <p class="small">{summary}
                        {p.saved.then(|| view! { " · " <span class="muted">{t().ev.saved_mapping}</span> })}
                    </p>
                    <div class="table-scroll">
                        <table class="preview-table">
                            <caption class="visually-hidden">{t().ev.preview_caption}</caption>
                            <thead><tr>{p.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}</tr></thead>
                            <tbody>
                                {p.sample.iter().map(|row| view! {
                                    <tr>{row.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <fieldset class="mapping">
                        <legend>{t().ev.mapping_title}</legend>
                        {COLUMNS.iter().map(|&(label, field)| {
                            let headers = headers.clone();
                            let current = move || mapping.with(|m| field(&mut m.clone()).clone());
                            view! {
                                <label class="field">
                                    <span>{move || label(t())}</span>
                                    <select aria-label=move || label(t()) on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        remap.with_value(|r| r(&|m: &mut ColumnMapping| *field(m) = (!v.is_empty()).then(|| v.clone())));
                                    }>
                                        <option value="" selected=move || current().is_none()>{move || t().ev.col_none}</option>
                                        {headers.iter().map(|h| {
                                            let h2 = h.clone();
                                            view! { <option value=h.clone() selected=move || current().as_deref() == Some(h2.as_str())>{h.clone()}</option> }
                                        }).collect_view()}
                                    </select>
                                </label>
                            }
                        }).collect_view()}
                        <label class="field">
                            <span>{move || t().ev.scale_label}</span>
                            <select aria-label=move || t().ev.scale_label on:change=move |ev| {
                                if let Some(s) = Scale::from_id(&event_target_value(&ev)) {
                                    remap.with_value(|r| r(&|m: &mut ColumnMapping| m.scale = s));
                                }
                            }>
                                {Scale::ALL.into_iter().map(|s| view! {
                                    <option value=s.id() selected=move || mapping.with(|m| m.scale == s)>{move || scale_label(t(), s)}</option>
                                }).collect_view()}
                            </select>
                        </label>
                        <label class="check">
                            <input type="checkbox" prop:checked=move || mapping.with(|m| m.mask)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    mapping.update(|m| m.mask = on);
                                }/>
                            <span>{move || t().ev.mask}</span>
                        </label>
                    </fieldset>
                    {(!p.unmatched_stages.is_empty()).then(|| view! {
                        <fieldset class="mapping">
                            <legend>{t().ev.unmatched_title}</legend>
                            <p class="muted small">{t().ev.unmatched_hint}</p>
                            {p.unmatched_stages.iter().map(|value| {
                                let v = value.clone();
                                let label = t().ev.stage_for.replace("{value}", value);
                                view! {
                                    <label class="field">
                                        <span>{label.clone()}</span>
                                        <select aria-label=label on:change=move |ev| {
                                            let title = event_target_value(&ev);
                                            let v = v.clone();
                                            remap.with_value(|r| r(&|m: &mut ColumnMapping| {
                                                m.stage_values.retain(|(k, _)| *k != v);
                                                if !title.is_empty() {
                                                    m.stage_values.push((v.clone(), title.clone()));
                                                }
                                            }));
                                        }>
                                            <option value="">{t().ev.no_stage}</option>
                                            {stage_titles.get_untracked().into_iter().map(|s| view! { <option value=s.clone()>{s.clone()}</option> }).collect_view()}
                                        </select>
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                    })}
                    {(p.bad_count > 0).then(|| view! {
                        <div class="bad-rows" role="region" aria-label=t().ev.bad_rows_title.replace("{n}", &p.bad_count.to_string())>
                            <p><strong>{t().ev.bad_rows_title.replace("{n}", &p.bad_count.to_string())}</strong></p>
                            <ul role="list">
                                {p.bad.iter().map(|b| view! {
                                    <li>{t().ev.bad_line.replace("{line}", &b.line.to_string()).replace("{reason}", &problem_text(t(), &b.problem))}</li>
                                }).collect_view()}
                            </ul>
                            {(p.bad_count > p.bad.len()).then(|| view! { <p class="muted small">{t().ev.more_bad.replace("{n}", &(p.bad_count - p.bad.len()).to_string())}</p> })}
                            <label class="check">
                                <input type="checkbox" prop:checked=move || skip_bad.get()
                                    on:change=move |ev| skip_bad.set(event_target_checked(&ev))/>
                                <span>{t().ev.skip_bad}</span>
                            </label>
                            <p class="muted small">{t().ev.fix_file_hint}</p>
                        </div>
                    })}
                }
            })}
            <Show when=move || preview.with(Option::is_some)>
                <button class="button primary" disabled=move || !ready() on:click=move |ev| import.with_value(|f| f(ev))>
                    {move || {
                        let l = ctx.i18n.locale.get();
                        t().ev.import_n.replace("{answers}", &t().ins.answers.format(l, importable() as u64))
                    }}
                </button>
            </Show>
            <super::batches::Batches/>
        </section>
    }
}
