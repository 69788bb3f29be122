//! The Insights view: every stage (and touchpoint with feedback) ranked from every signal
//! the map has, worst first, each explained in a sentence; the worst stages also carry a
//! "Bottleneck" badge on the board. Computed in the browser by `domain::insights`, so it
//! follows every edit of the map and every new batch of feedback at once.

use super::super::{BoardCtx, Part, Sync};
use crate::domain::feedback::FeedbackSummary;
pub use crate::domain::insights::bottlenecks;
use crate::domain::insights::{findings, Finding, Signal, Target};
use crate::domain::StageId;
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;

/// The ranked findings of the map, recomputed when the map or the summary changes.
pub fn ranked(sync: Sync, summary: RwSignal<FeedbackSummary>) -> Memo<Vec<Finding>> {
    Memo::new(move |_| summary.with(|s| sync.read(&[Part::Facts], |m| findings(m, s))))
}

/// The "Bottleneck" badge of a stage header.
#[component]
pub fn Bottlenecks(stage: StageId) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let on = Memo::new(move |_| ctx.evidence.bottlenecks.with(|b| b.contains(&stage)));
    move || {
        on.get()
            .then(|| view! { <span class="badge bottleneck" title=t().ev.bottleneck_hint>{t().ins.bottleneck}</span> })
    }
}

/// The insights view, in a wasm chunk of its own (`ui::later`).
#[lazy]
pub fn insights_view() -> AnyView {
    view! { <InsightsView/> }.into_any_sync()
}

#[component]
pub fn InsightsView() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let list = ctx.evidence.findings;
    view! {
        <section class="insights" aria-labelledby="insights-title">
            <h2 id="insights-title">{move || t().ev.insights_title}</h2>
            <p class="muted small">{move || t().ev.insights_intro}</p>
            {move || ctx.evidence.summary.with(|s| s.count == 0).then(|| view! {
                <p class="notice">{t().ev.no_feedback_yet}</p>
            })}
            <ol class="findings" role="list" aria-label=move || t().ins.bottlenecks>
                {move || {
                    let map = ctx.sync.map.get();
                    let summary = ctx.evidence.summary.get();
                    let personas = ctx.library.get();
                    list.get().into_iter().map(|f| {
                        let label = t().finding_label(&f, &map);
                        let kind = match &f.target {
                            Target::Stage(_) => t().ev.kind_stage.to_owned(),
                            Target::Touchpoint(c) => {
                                let stage = map.cards.get(c).and_then(|c| map.stages.get(&c.stage)).map(|s| s.title.clone()).unwrap_or_default();
                                format!("{} · {stage}", t().ev.kind_touchpoint)
                            }
                        };
                        // With no feedback at all, "not enough data" on every stage says nothing.
                        let mut f = f;
                        if summary.count == 0 {
                            f.signals.retain(|s| !matches!(s, Signal::NotEnoughData { .. }));
                            f.enough_data = true;
                        }
                        let sentence = t().finding_sentence(&f, &map, &summary, &personas);
                        view! {
                            <li class="finding" class:thin=!f.enough_data>
                                <p class="finding-head">
                                    <strong>{label}</strong>
                                    <span class="muted small">{kind}</span>
                                    {(!f.enough_data).then(|| view! { <span class="badge muted">{t().ins.not_enough_data}</span> })}
                                </p>
                                <p>{sentence}</p>
                            </li>
                        }
                    }).collect_view()
                }}
            </ol>
        </section>
    }
}
