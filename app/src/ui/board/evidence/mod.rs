//! Evidence on the board: the customer feedback a map has (imported from a booking system's
//! or survey tool's export), shown where it belongs — a curve in the emotion lane, a line
//! in each stage header, a badge on touchpoint cards — and the Insights view, which ranks
//! where the journey breaks. The board holds only the server's summary, never the answers.

mod batches;
mod import;
mod insights;
mod panel;
mod review;

pub use import::ImportFeedback;
pub use insights::{insights_view, Bottlenecks};
pub use panel::FeedbackPanel;
pub use review::ReviewControl;

use super::{BoardCtx, Sync};
use crate::domain::feedback::FeedbackSummary;
use crate::domain::insights::Finding;
use crate::domain::{CardId, StageId};
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;

/// What the board knows of the map's feedback.
#[derive(Clone, Copy)]
pub struct Evidence {
    pub summary: RwSignal<FeedbackSummary>,
    /// Whether the emotion lane draws the customer feedback curve (its legend toggles it).
    pub curve: RwSignal<bool>,
    /// The stage whose answers the side panel lists.
    pub panel: RwSignal<Option<StageId>>,
    /// Every stage and touchpoint ranked, worst first (`domain::insights`).
    pub findings: Memo<Vec<Finding>>,
    /// The stages badged "Bottleneck" on the board.
    pub bottlenecks: Memo<Vec<StageId>>,
}

impl Evidence {
    pub fn new(summary: FeedbackSummary, sync: Sync) -> Self {
        let summary = RwSignal::new(summary);
        let findings = insights::ranked(sync, summary);
        Evidence {
            summary,
            curve: RwSignal::new(true),
            panel: RwSignal::new(None),
            findings,
            bottlenecks: Memo::new(move |_| findings.with(|f| insights::bottlenecks(f))),
        }
    }
}

/// Keeps the board's summary current: it is loaded again when the server says the map's
/// feedback changed (anyone's import, undo, push or erasure, in any process) and after a
/// reconnection (what changed while the connection was down).
pub fn wire(ctx: BoardCtx) {
    let sync = ctx.sync;
    Effect::new(move |_| {
        let (news, rejoined) = (sync.feedback_changed.get(), sync.rejoined.get());
        if news > 0 || rejoined > 1 {
            refresh_summary(ctx);
        }
    });
}

/// Loads the summary again (after an import, an undone import, a forgotten client, or
/// another person's import announced over the websocket).
pub fn refresh_summary(ctx: BoardCtx) {
    let map = ctx.sync.map.with_untracked(|m| m.id.clone());
    let share = ctx.share.get_value();
    leptos::task::spawn_local(async move {
        if let Ok(s) = crate::api::feedback::map_feedback_summary(map, share).await {
            ctx.evidence.summary.set(s);
        }
    });
}

/// "38 answers · 2.9★ ↓" under a stage's title, or nothing for a stage without answers.
/// It opens the stage's answers in the side panel (for members; a share link sees the line).
#[component]
pub fn StageEvidenceLine(stage: StageId) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let line = {
        let stage = stage.clone();
        Memo::new(move |_| {
            ctx.evidence.summary.with(|s| {
                s.stage(&stage).filter(|e| e.count > 0).map(|e| {
                    let trend = match (e.recent_mean, e.previous_mean) {
                        (Some(r), Some(p)) if e.recent_count >= 3 && e.previous_count >= 3 && (r - p).abs() >= 0.2 => {
                            Some(r > p)
                        }
                        _ => None,
                    };
                    (e.count, e.mean, s.scale, trend)
                })
            })
        })
    };
    let members = ctx.share.with_value(Option::is_none);
    move || {
        line.get().map(|(count, mean, scale, trend)| {
            let l = ctx.i18n.locale.get();
            let text = format!("{} · {}", t().ins.answers.format(l, u64::from(count)), t().feedback_mean(scale, mean));
            let (arrow, trend_text) = match trend {
                Some(true) => ("↑", t().ev.trend_up),
                Some(false) => ("↓", t().ev.trend_down),
                None => ("", ""),
            };
            let label = format!("{text} {trend_text}").trim().to_owned();
            let stage = stage.clone();
            let body = view! {
                <span>{text.clone()}</span>
                {(!arrow.is_empty()).then(|| view! { <span class="trend" data-up=trend.unwrap_or(false).to_string() aria-hidden="true">{arrow}</span> })}
            };
            if members {
                view! {
                    <button class="evidence-line" title=t().ev.open_answers aria-label=format!("{label} — {}", t().ev.open_answers)
                        on:click=move |_| ctx.evidence.panel.set(Some(stage.clone()))>
                        {body}
                    </button>
                }
                .into_any_sync()
            } else {
                view! { <span class="evidence-line" aria-label=label>{body}</span> }.into_any_sync()
            }
        })
    }
}

/// "4.1★ · 12" on a touchpoint card with feedback.
pub fn card_evidence(ctx: BoardCtx, card: CardId) -> impl IntoView {
    let data = Memo::new(move |_| {
        ctx.evidence.summary.with(|s| s.card(&card).filter(|e| e.count > 0).map(|e| (e.count, e.mean, s.scale)))
    });
    move || {
        data.get().map(|(count, mean, scale)| {
            let l = ctx.i18n.locale.get();
            let t = ctx.i18n.t();
            let label = t.ev.card_line.replace("{mean}", &t.feedback_mean(scale, mean)).replace(
                "{answers}",
                &t.ins.answers.format(l, u64::from(count)),
            );
            view! { <span class="card-evidence" title=label.clone() aria-label=label>{format!("{} · {count}", t.feedback_mean(scale, mean))}</span> }
        })
    }
}

/// The customer feedback curve of the emotion lane: the measured mean per stage with its
/// 90 % band, as SVG inside the lane's curve overlay (x in stage columns, y as the faces).
pub fn curve_paths(
    summary: &FeedbackSummary,
    stages: &[StageId],
    y_of: impl Fn(f64) -> f64,
) -> Option<(String, String, Vec<(f64, f64, bool)>)> {
    if summary.count == 0 {
        return None;
    }
    let mut line = String::new();
    let (mut upper, mut lower) = (Vec::new(), Vec::new());
    let mut dots = Vec::new();
    let mut pen_up = true;
    for (i, id) in stages.iter().enumerate() {
        let x = i as f64 + 0.5;
        match summary.stage(id).filter(|e| e.count > 0) {
            Some(e) => {
                line.push_str(&format!("{}{x:.3} {:.1}", if pen_up { "M" } else { " L" }, y_of(e.mean)));
                pen_up = false;
                let (lo, hi) = e.interval90().unwrap_or((e.mean, e.mean));
                upper.push(format!("{x:.3} {:.1}", y_of(hi)));
                lower.push(format!("{x:.3} {:.1}", y_of(lo)));
                dots.push((x, y_of(e.mean), e.count >= crate::domain::feedback::MIN_ANSWERS));
            }
            None => pen_up = true,
        }
    }
    lower.reverse();
    let band = if upper.len() > 1 { format!("M{} L{} Z", upper.join(" L"), lower.join(" L")) } else { String::new() };
    Some((line, band, dots))
}

/// The legend entry of the feedback curve, which shows or hides it.
#[component]
pub fn CurveLegend() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let has = Memo::new(move |_| ctx.evidence.summary.with(|s| s.count > 0));
    move || {
        has.get().then(|| {
            view! {
                <button class="legend-item feedback-legend" aria-pressed=move || ctx.evidence.curve.get().to_string()
                    on:click=move |_| ctx.evidence.curve.update(|c| *c = !*c)>
                    <span class="legend-swatch feedback-swatch"></span>
                    {move || t().ins.customer_feedback}
                </button>
            }
        })
    }
}
