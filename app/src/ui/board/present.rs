//! "Present": the map one stage at a time, large, for a projector — the stage's title,
//! description and every lane's cards. Arrow keys or the buttons step through the stages,
//! Escape leaves. A leading facilitator's followers present the same stage.

use super::BoardCtx;
use crate::domain::{LaneKind, StageId};
use leptos::prelude::*;

/// "Present" in the toolbar: starts at the first stage.
#[component]
pub fn PresentButton() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t().ws;
    view! {
        <button class="button" on:click=move |_| {
            let first = ctx.stages.with_untracked(|s| s.first().cloned());
            ctx.workshop.presenting.set(first);
        } disabled=move || ctx.stages.with(Vec::is_empty)>
            {move || t().present}
        </button>
    }
}

/// The presentation, while a stage is presented.
#[component]
pub fn Presentation() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t().ws;
    let presenting = ctx.workshop.presenting;
    let position = Memo::new(move |_| {
        let stage = presenting.get()?;
        let stages = ctx.stages.get();
        let i = stages.iter().position(|s| *s == stage)?;
        Some((i, stages.len()))
    });
    let step = move |by: isize| {
        let Some((i, n)) = position.get_untracked() else { return };
        let j = (i as isize + by).clamp(0, n as isize - 1) as usize;
        presenting.set(ctx.stages.with_untracked(|s| s.get(j).cloned()));
    };
    // Leaving a presentation a leader drives also stops following them (or it would open
    // again at their next move); "Follow <name>" comes back.
    let leave = move || {
        presenting.set(None);
        ctx.workshop.following.set(false);
    };
    #[cfg(not(feature = "ssr"))]
    {
        let keys = window_event_listener(leptos::ev::keydown, move |ev| {
            if presenting.with_untracked(Option::is_none) {
                return;
            }
            match ev.key().as_str() {
                "ArrowRight" | "PageDown" => step(1),
                "ArrowLeft" | "PageUp" => step(-1),
                "Escape" => leave(),
                _ => return,
            }
            ev.prevent_default();
        });
        on_cleanup(move || keys.remove());
    }
    let shown = move |stage: StageId| {
        ctx.sync.map.with(|m| {
            let s = m.stages.get(&stage)?;
            let lanes: Vec<(String, Vec<String>)> = m
                .ordered_lanes()
                .into_iter()
                .filter(|l| l.kind != LaneKind::Emotions)
                .filter_map(|l| {
                    let mut cards: Vec<_> = m.cards.values().filter(|c| c.stage == stage && c.lane == l.id).collect();
                    cards.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
                    (!cards.is_empty()).then(|| (l.title.clone(), cards.into_iter().map(|c| c.text.clone()).collect()))
                })
                .collect();
            Some((s.title.clone(), s.description.clone(), s.duration.clone(), lanes))
        })
    };
    view! {
        {move || {
            let stage = presenting.get()?;
            let (title, description, duration, lanes) = shown(stage)?;
            let (i, n) = position.get()?;
            Some(view! {
                <div class="presentation" role="dialog" aria-modal="true" aria-label=move || t().present>
                    <div class="presentation-head">
                        <span class="muted">{t().stage_of.replace("{n}", &(i + 1).to_string()).replace("{m}", &n.to_string())}</span>
                        <div class="presentation-nav">
                            <button class="button" on:click=move |_| step(-1) disabled=i == 0>{move || t().previous_stage}</button>
                            <button class="button primary" on:click=move |_| step(1) disabled=i + 1 == n>{move || t().next_stage}</button>
                            <button class="button ghost" on:click=move |_| leave()>{move || t().exit_present}</button>
                        </div>
                    </div>
                    <h1>{title}</h1>
                    {(!duration.is_empty()).then(|| view! { <p class="presentation-duration">{duration}</p> })}
                    {(!description.is_empty()).then(|| view! { <p class="presentation-description">{description}</p> })}
                    <div class="presentation-lanes">
                        {lanes.into_iter().map(|(lane, cards)| {
                            let name = lane.clone();
                            view! {
                            <section aria-label=name>
                                <h2>{lane}</h2>
                                <ul>{cards.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                            </section>
                            }
                        }).collect_view()}
                    </div>
                </div>
            })
        }}
    }
}
