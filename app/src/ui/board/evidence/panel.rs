//! A stage's answers in a side panel: newest first, filtered by score, dates, segment and
//! words, a page at a time; each can be attached as evidence to a pain point or
//! opportunity card of the stage (an ordinary card edit: undoable, live for everyone).
//! Members only: a share link sees the summary, never a client's words.

use super::super::BoardCtx;
use crate::api::feedback::stage_answers;
use crate::domain::details::MAX_EVIDENCE;
use crate::domain::feedback::{Answer, AnswerFilter, AnswerPage, PAGE};
use crate::domain::{CardId, LaneKind, Op, StageId};
use crate::ui::eager::IntoAnySync;
use crate::ui::later::later;
use crate::ui::widgets::{error_line, on_result};
use leptos::prelude::*;

/// The score bands of the filter, on −2..+2.
fn band(id: &str) -> (Option<f64>, Option<f64>) {
    match id {
        "negative" => (None, Some(-0.01)),
        "neutral" => (Some(0.0), Some(0.0)),
        "positive" => (Some(0.01), None),
        _ => (None, None),
    }
}

#[component]
pub fn FeedbackPanel() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    move || ctx.evidence.panel.get().map(|stage| later(stage_panel(stage)))
}

/// The panel, in a wasm chunk of its own (`ui::later`): most visits never open it.
#[lazy]
fn stage_panel(stage: StageId) -> AnyView {
    view! { <StagePanel stage=stage/> }.into_any_sync()
}

#[component]
fn StagePanel(stage: StageId) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let map = ctx.sync.map.with_untracked(|m| m.id.clone());
    let title = {
        let stage = stage.clone();
        Memo::new(move |_| ctx.sync.map.with(|m| m.stages.get(&stage).map(|s| s.title.clone()).unwrap_or_default()))
    };
    // Focus moves into the panel, so Escape closes it and a screen reader hears its name.
    crate::ui::browser::focus_soon("answers-close".into());
    let filter = RwSignal::new(AnswerFilter::default());
    let page = RwSignal::new(AnswerPage::default());
    let error = RwSignal::new(None::<String>);
    let load = {
        let (map, stage) = (map.clone(), stage.clone());
        Action::new(move |f: &AnswerFilter| {
            let (map, stage, f) = (map.clone(), stage.clone(), f.clone());
            async move {
                let offset = f.offset;
                stage_answers(map, stage, f).await.map(|p| (offset, p))
            }
        })
    };
    on_result(load, ctx.i18n, error, move |(offset, p): (u32, AnswerPage)| {
        if offset == 0 {
            page.set(p);
        } else {
            page.update(|old| {
                old.answers.extend(p.answers);
                old.total = p.total;
            });
        }
    });
    Effect::new(move |_| {
        let f = filter.get();
        load.dispatch(AnswerFilter { offset: 0, ..f });
    });
    let refilter = move |f: &dyn Fn(&mut AnswerFilter)| filter.update(|x| f(x));
    // Pain points and opportunities of this stage: where an answer may be attached.
    let targets = {
        let stage = stage.clone();
        Memo::new(move |_| {
            ctx.sync.map.with(|m| {
                let mut cards: Vec<_> = m
                    .cards
                    .values()
                    .filter(|c| c.stage == stage)
                    .filter(|c| {
                        m.lanes
                            .get(&c.lane)
                            .is_some_and(|l| matches!(l.kind, LaneKind::PainPoints | LaneKind::Opportunities))
                    })
                    .map(|c| (c.id.clone(), c.text.clone(), c.details.evidence.clone()))
                    .collect();
                cards.sort_by(|a, b| a.1.cmp(&b.1));
                cards
            })
        })
    };
    let attach = move |card: CardId, answer: String| {
        let details = ctx.sync.map.with_untracked(|m| m.cards.get(&card).map(|c| c.details.clone()));
        let Some(mut details) = details else { return };
        if details.evidence.contains(&answer) {
            return;
        }
        if details.evidence.len() >= MAX_EVIDENCE {
            error.set(Some(t().ev.evidence_full.replace("{max}", &MAX_EVIDENCE.to_string())));
            return;
        }
        details.evidence.push(answer);
        ctx.sync.commit(Op::EditCard { id: card, text: None, colour: None, tags: None, details: Some(details) });
    };
    let attach = StoredValue::new(attach);
    let date_input = move |label: fn(&'static crate::i18n::Messages) -> &'static str,
                           set: fn(&mut AnswerFilter, Option<chrono::NaiveDate>)| {
        view! {
            <label class="field">
                <span>{move || label(t())}</span>
                <input type="date" on:change=move |ev| {
                    let d = chrono::NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d").ok();
                    refilter(&|f: &mut AnswerFilter| set(f, d));
                }/>
            </label>
        }
    };
    view! {
        <aside class="panel answers-panel" role="dialog" aria-label=move || t().ev.answers_of.replace("{stage}", &title.get())
            on:keydown=move |ev| if ev.key() == "Escape" { ctx.evidence.panel.set(None) }>
            <header class="panel-head">
                <h2>{move || t().ev.answers_of.replace("{stage}", &title.get())}</h2>
                <button id="answers-close" class="button ghost" on:click=move |_| ctx.evidence.panel.set(None)>{move || t().close}</button>
            </header>
            <div class="answer-filters" role="group" aria-label=move || t().ev.filter_answers>
                <label class="field">
                    <span>{move || t().ev.filter_score}</span>
                    <select on:change=move |ev| {
                        let (min, max) = band(&event_target_value(&ev));
                        refilter(&|f: &mut AnswerFilter| { f.min = min; f.max = max; });
                    }>
                        <option value="">{move || t().ev.score_all}</option>
                        <option value="negative">{move || t().ev.score_negative}</option>
                        <option value="neutral">{move || t().ev.score_neutral}</option>
                        <option value="positive">{move || t().ev.score_positive}</option>
                    </select>
                </label>
                {date_input(|t| t.ev.filter_from, |f, d| f.from = d)}
                {date_input(|t| t.ev.filter_to, |f, d| f.to = d)}
                <label class="field">
                    <span>{move || t().ev.col_segment}</span>
                    <input type="text" maxlength="120" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        refilter(&|f: &mut AnswerFilter| f.segment = Some(v.clone()));
                    }/>
                </label>
                <label class="field">
                    <span>{move || t().ev.filter_text}</span>
                    <input type="search" maxlength="120" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        refilter(&|f: &mut AnswerFilter| f.text = Some(v.clone()));
                    }/>
                </label>
            </div>
            {error_line(error)}
            <p class="muted small" role="status">
                {move || t().ins.answers.format(ctx.i18n.locale.get(), u64::from(page.with(|p| p.total)))}
            </p>
            <ul class="answers" role="list">
                {move || {
                    let scale_of = |a: &Answer| t().feedback_mean(a.scale, a.norm);
                    page.get().answers.into_iter().map(|a| {
                        let id = a.id.clone();
                        let label = t().ev.attach_to;
                        let tone = if a.norm < 0.0 { "neg" } else if a.norm > 0.0 { "pos" } else { "mid" };
                        view! {
                            <li class="answer" data-tone=tone>
                                <p class="answer-head">
                                    <strong>{scale_of(&a)}</strong>
                                    <time datetime=a.date.to_string()>{t().date(a.date)}</time>
                                    {a.segment.clone().map(|s| view! { <span class="badge">{s}</span> })}
                                </p>
                                {(!a.comment.is_empty()).then(|| view! { <p>{a.comment.clone()}</p> })}
                                <Show when=move || ctx.can_edit && !targets.with(Vec::is_empty)>
                                    {
                                        let (id, shown) = (id.clone(), id.clone());
                                        view! {
                                            <label class="field inline small">
                                                <span>{label}</span>
                                                <select on:change=move |ev| {
                                                    let card = event_target_value(&ev);
                                                    if !card.is_empty() {
                                                        attach.with_value(|f| f(CardId(card), id.clone()));
                                                    }
                                                }>
                                                    <option value="">{move || t().ev.attach_choose}</option>
                                                    {move || targets.get().into_iter().map(|(cid, text, ev)| {
                                                        let on = ev.contains(&shown);
                                                        view! { <option value=cid.0.clone() disabled=on>{if on { format!("✓ {text}") } else { text }}</option> }
                                                    }).collect_view()}
                                                </select>
                                            </label>
                                        }
                                    }
                                </Show>
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
            <Show when=move || page.with(|p| (p.answers.len() as u32) < p.total)>
                <button class="button" disabled=move || load.pending().get() on:click=move |_| {
                    let shown = page.with_untracked(|p| p.answers.len() as u32);
                    load.dispatch(AnswerFilter { offset: shown, ..filter.get_untracked() });
                }>
                    {move || t().ev.more_answers.replace("{n}", &PAGE.to_string())}
                </button>
            </Show>
        </aside>
    }
}
