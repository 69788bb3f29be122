//! The emotion lane: for each linked persona one point per stage, −2..+2 shown as five
//! faces, set by clicking, dragging up or down, or with the keyboard (each point is a
//! slider); one SVG curve per persona across the stages, with a legend that filters.

use super::{BoardCtx, Part};
use crate::domain::persona::{MAX_SCORE, MIN_SCORE};
use crate::domain::{Op, Persona, StageId};
use crate::ui::browser;
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;

/// Height of the emotion track inside a cell, and its top margin (px). The curve overlay
/// uses the same numbers so points and lines meet.
const TRACK_TOP: f64 = 18.0;
const TRACK_HEIGHT: f64 = 100.0;

fn y_of(score: i8) -> f64 {
    y_of_mean(f64::from(score))
}

/// The height of a mean on −2..+2 (the feedback curve), on the same track as the faces.
fn y_of_mean(score: f64) -> f64 {
    TRACK_TOP + ((f64::from(MAX_SCORE) - score) / f64::from(MAX_SCORE - MIN_SCORE)) * TRACK_HEIGHT
}

/// The horizontal place of persona `k` of `n` inside a stage column, 0..1.
fn x_in_column(k: usize, n: usize) -> f64 {
    (k as f64 + 1.0) / (n as f64 + 1.0)
}

/// A face for a score: the mouth curves with the feeling.
pub fn face(score: Option<i8>, colour: &str) -> impl IntoView {
    let s = f64::from(score.unwrap_or(0));
    let mouth = format!("M5.5 11.5 Q9 {:.1} 12.5 11.5", 11.5 + s * 1.3);
    let fill = if score.is_some() { colour.to_owned() } else { "#ffffff".to_owned() };
    view! {
        <svg class="face" viewBox="0 0 18 18" aria-hidden="true">
            <circle cx="9" cy="9" r="8" fill=fill stroke=colour.to_owned() stroke-width="1.5"/>
            <circle cx="6.3" cy="7" r="1.1" fill="#1c2230"/>
            <circle cx="11.7" cy="7" r="1.1" fill="#1c2230"/>
            <path d=mouth fill="none" stroke="#1c2230" stroke-width="1.4" stroke-linecap="round"/>
        </svg>
    }
}

/// Linked personas in map order, with their library record (missing ones skipped).
pub fn linked(ctx: &BoardCtx) -> Vec<Persona> {
    ctx.linked.get()
}

/// The personas whose curves show: the legend hides some, a segment filter those of the
/// other segments (a persona without a segment stays), a persona filter all but one.
pub fn visible(ctx: &BoardCtx) -> Vec<Persona> {
    let hidden = ctx.hidden_personas.get();
    linked(ctx).into_iter().filter(|p| !hidden.contains(&p.id) && !filtered_out(ctx, p)).collect()
}

/// Whether the board's filters set persona `p`'s curve aside: a segment filter of
/// another segment, or a filter by another persona.
fn filtered_out(ctx: &BoardCtx, p: &Persona) -> bool {
    let only = ctx.search.filter.with(|f| f.persona.clone());
    !in_segment(p, segment_shown(ctx).as_deref()) || only.is_some_and(|id| id != p.id)
}

/// The name of the segment the board is filtered to, if any.
fn segment_shown(ctx: &BoardCtx) -> Option<String> {
    let id = ctx.search.filter.with(|f| f.segment.clone())?;
    ctx.segments.with_value(|l| crate::domain::segment::name_of(l, &id).map(str::to_owned))
}

fn in_segment(p: &Persona, segment: Option<&str>) -> bool {
    segment.is_none_or(|s| p.segment.is_empty() || p.segment == s)
}

#[component]
pub fn EmotionCell(stage: StageId) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let personas = Memo::new(move |_| visible(&ctx));
    view! {
        <div class="emotion-track" style=format!("--track-top:{TRACK_TOP}px; --track-height:{TRACK_HEIGHT}px")>
            {move || {
                let list = personas.get();
                let n = list.len();
                if n == 0 {
                    return view! { <p class="muted small">{t().no_linked_personas}</p> }.into_any_sync();
                }
                list.into_iter()
                    .enumerate()
                    .map(|(k, p)| view! { <EmotionPoint persona=p stage=stage.clone() x=x_in_column(k, n)/> })
                    .collect_view()
                    .into_any_sync()
            }}
        </div>
    }
}

#[component]
fn EmotionPoint(persona: Persona, stage: StageId, x: f64) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let (pid, sid) = (persona.id.clone(), stage.clone());
    let score = Memo::new(move |_| ctx.sync.read(&[Part::Emotions], |m| m.emotion(&pid, &sid).map(|e| e.score)));
    let stage_title = {
        let sid = stage.clone();
        Memo::new(move |_| {
            ctx.sync.read(&[Part::Structure], |m| m.stages.get(&sid).map(|s| s.title.clone()).unwrap_or_default())
        })
    };
    let set = {
        let (pid, sid) = (persona.id.clone(), stage.clone());
        move |new: Option<i8>| {
            // A viewer's points are read only (nothing to press, no "forbidden" after it).
            if !ctx.can_edit {
                return;
            }
            let new = new.map(|s| s.clamp(MIN_SCORE, MAX_SCORE));
            if new != score.get_untracked() {
                let note =
                    ctx.sync.map.with_untracked(|m| m.emotion(&pid, &sid).map(|e| e.note.clone()).unwrap_or_default());
                ctx.sync.commit(Op::SetEmotion {
                    persona: pid.clone(),
                    stage: sid.clone(),
                    score: new,
                    note: if new.is_some() { note } else { String::new() },
                });
            }
        }
    };
    let set = StoredValue::<_, super::BrowserStorage>::new_with_storage(set);
    let from_y = move |ev: &leptos::ev::PointerEvent| -> Option<i8> {
        let top = browser::current_target_top(ev)?;
        let rel =
            (((f64::from(ev.client_y()) - top) / super::zoom::factor() - TRACK_TOP) / TRACK_HEIGHT).clamp(0.0, 1.0);
        Some((f64::from(MAX_SCORE) - rel * f64::from(MAX_SCORE - MIN_SCORE)).round() as i8)
    };
    let dragging = StoredValue::new(false);
    let note = {
        let (pid, sid) = (persona.id.clone(), stage.clone());
        Memo::new(move |_| {
            ctx.sync.read(&[Part::Emotions], |m| m.emotion(&pid, &sid).map(|e| e.note.clone()).unwrap_or_default())
        })
    };
    let editing_note = RwSignal::new(false);
    let save_note = {
        let (pid, sid) = (persona.id.clone(), stage.clone());
        move |text: String| {
            editing_note.set(false);
            let Some(score) = score.get_untracked() else { return };
            if text.trim() != note.get_untracked() {
                ctx.sync.commit(Op::SetEmotion {
                    persona: pid.clone(),
                    stage: sid.clone(),
                    score: Some(score),
                    note: text.trim().to_owned(),
                });
            }
        }
    };
    let save_note = StoredValue::<_, super::BrowserStorage>::new_with_storage(save_note);
    let colour = persona.colour.clone();
    let name = persona.name.clone();
    let label = move || format!("{} — {}", name, stage_title.get());
    let stepped = {
        let key = (persona.id.clone(), stage.clone());
        move || ctx.stepped.with(|s| s.contains(&key))
    };
    let top = move || score.get().map(y_of).unwrap_or(TRACK_TOP + TRACK_HEIGHT / 2.0);
    view! {
        <div
            class="emotion-column"
            style=format!("left: calc({:.4} * 100%)", x)
            on:pointerdown=move |ev| {
                if ev.button() != 0 {
                    return;
                }
                browser::capture_pointer(&ev);
                dragging.set_value(true);
                let s = from_y(&ev);
                set.with_value(|f| f(s));
            }
            on:pointermove=move |ev| {
                if dragging.get_value() {
                    let s = from_y(&ev);
                    if s.is_some() && s != score.get_untracked() {
                        set.with_value(|f| f(s));
                    }
                }
            }
            on:pointerup=move |_| dragging.set_value(false)
            on:pointercancel=move |_| dragging.set_value(false)
        >
            <div
                class="emotion-point"
                class:unset=move || score.get().is_none()
                class:stepped=stepped.clone()
                class:hidden=move || !ctx.can_edit && score.get().is_none()
                aria-readonly=(!ctx.can_edit).then_some("true")
                role="slider"
                tabindex="0"
                aria-label=label
                aria-orientation="vertical"
                aria-valuemin=MIN_SCORE.to_string()
                aria-valuemax=MAX_SCORE.to_string()
                aria-valuenow=move || score.get().map(|s| s.to_string())
                aria-valuetext=move || score.get().map(|s| t().feeling(s).to_owned()).unwrap_or_else(|| t().not_set.to_owned())
                title=move || {
                    let feeling = score.get().map(|s| t().feeling(s).to_owned()).unwrap_or_else(|| t().not_set.to_owned());
                    let n = note.get();
                    let said = if n.is_empty() { feeling } else { format!("{feeling}: {n}") };
                    if stepped() { format!("{said} — {}", t().ed.curve_follows_steps) } else { said }
                }
                aria-description=move || note.get()
                style=move || format!("top: {}px", top())
                on:keydown=move |ev| {
                    let current = score.get_untracked();
                    let next = match ev.key().as_str() {
                        "ArrowUp" | "ArrowRight" => Some(current.map_or(0, |s| s + 1)),
                        "ArrowDown" | "ArrowLeft" => Some(current.map_or(0, |s| s - 1)),
                        "Home" => Some(MIN_SCORE),
                        "Enter" if ctx.can_edit && score.get_untracked().is_some() => {
                            ev.prevent_default();
                            editing_note.set(true);
                            return;
                        }
                        "End" => Some(MAX_SCORE),
                        "Delete" | "Backspace" => {
                            ev.prevent_default();
                            set.with_value(|f| f(None));
                            return;
                        }
                        _ => return,
                    };
                    ev.prevent_default();
                    ev.stop_propagation();
                    set.with_value(|f| f(next));
                }
            >
                {move || face(score.get(), &colour)}
            </div>
            {move || (!note.get().is_empty()).then(|| view! { <span class="emotion-note-mark" aria-hidden="true">"✎"</span> })}
            <Show when=move || editing_note.get()>
                <input
                    class="emotion-note"
                    type="text"
                    maxlength="500"
                    aria-label=move || t().emotion_note
                    prop:value=move || note.get_untracked()
                    style=move || format!("top: {}px", top() + 16.0)
                    on:pointerdown=move |ev| ev.stop_propagation()
                    on:keydown=move |ev| {
                        ev.stop_propagation();
                        match ev.key().as_str() {
                            "Enter" => save_note.with_value(|f| f(event_target_value(&ev))),
                            "Escape" => editing_note.set(false),
                            _ => {}
                        }
                    }
                    on:blur=move |ev| {
                        if editing_note.get_untracked() {
                            save_note.with_value(|f| f(event_target_value(&ev)));
                        }
                    }
                />
            </Show>
        </div>
    }
}

/// The curves of the visible personas across the stage columns of an emotion lane.
#[component]
pub fn Curves() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let paths = Memo::new(move |_| {
        let personas = visible(&ctx);
        let n = personas.len();
        let stages = ctx.stages.get().len().max(1);
        let curves: Vec<(String, String, String)> = personas
            .iter()
            .enumerate()
            .map(|(k, p)| {
                // Through the stage points, or a stage's steps where they have feelings.
                let points = ctx.sync.read(&[Part::Facts], |m| m.curve_points(&p.id));
                let at = |c: &crate::domain::CurvePoint| c.stage as f64 + c.across.unwrap_or_else(|| x_in_column(k, n));
                let d = points
                    .iter()
                    .enumerate()
                    .map(|(j, c)| format!("{}{:.3} {:.1}", if j == 0 { "M" } else { " L" }, at(c), y_of(c.score)))
                    .collect::<String>();
                // A dot where a step's feeling is (the stage points have their faces).
                let dots = points
                    .iter()
                    .filter(|c| c.across.is_some())
                    .map(|c| format!("M{:.3} {:.1} L{:.3} {:.1}", at(c), y_of(c.score) - 0.01, at(c), y_of(c.score)))
                    .collect::<String>();
                (d, dots, p.colour.clone())
            })
            .collect();
        (curves, stages)
    });
    let feedback = Memo::new(move |_| {
        if !ctx.evidence.curve.get() {
            return None;
        }
        ctx.stages.with(|stages| ctx.evidence.summary.with(|s| super::evidence::curve_paths(s, stages, y_of_mean)))
    });
    view! {
        <svg
            class="emotion-curves"
            aria-hidden="true"
            preserveAspectRatio="none"
            viewBox=move || format!("0 0 {} {}", paths.get().1, TRACK_TOP * 2.0 + TRACK_HEIGHT)
        >
            {move || {
                paths
                    .get()
                    .0
                    .into_iter()
                    .map(|(d, dots, colour)| view! {
                        <path d=d stroke=colour.clone() fill="none" stroke-width="3" vector-effect="non-scaling-stroke" stroke-linejoin="round"/>
                        // Only where steps have feelings: one path a curve otherwise.
                        {(!dots.is_empty()).then(|| view! {
                            <path class="step-dots" d=dots stroke=colour fill="none" stroke-width="9" stroke-linecap="round" vector-effect="non-scaling-stroke"/>
                        })}
                    })
                    .collect_view()
            }}
            {move || feedback.get().map(|(line, band, dots)| view! {
                <g class="feedback-curve">
                    <path class="feedback-band" d=band/>
                    <path class="feedback-line" d=line fill="none" vector-effect="non-scaling-stroke"/>
                    {dots.into_iter().map(|(x, y, enough)| view! {
                        <line class="feedback-dot" class:thin=!enough x1=format!("{x:.3}") x2=format!("{x:.3}")
                            y1=format!("{:.1}", y - 0.01) y2=format!("{y:.1}") vector-effect="non-scaling-stroke"/>
                    }).collect_view()}
                </g>
            })}
        </svg>
    }
}

/// Linked personas with a toggle each: the curves' legend and filter.
#[component]
pub fn Legend() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let personas = Memo::new(move |_| linked(&ctx));
    view! {
        <div class="legend" role="group" aria-label=move || t().emotion_curve>
            <super::evidence::CurveLegend/>
            <For each=move || personas.get() key=|p| (p.id.clone(), p.name.clone(), p.colour.clone()) let:p>
                {
                    let id = p.id.clone();
                    let shown = {
                        let id = id.clone();
                        let p = p.clone();
                        move || ctx.hidden_personas.with(|h| !h.contains(&id)) && !filtered_out(&ctx, &p)
                    };
                    let name = p.name.clone();
                    view! {
                        <button
                            class="legend-item"
                            aria-pressed=move || shown().to_string()
                            aria-label=move || t().show_persona.replace("{name}", &name)
                            on:click=move |_| ctx.hidden_personas.update(|h| {
                                if !h.remove(&id) {
                                    h.insert(id.clone());
                                }
                            })
                        >
                            <span class="legend-swatch" style=format!("background:{}", p.colour)></span>
                            {p.name.clone()}
                        </button>
                    }
                }
            </For>
        </div>
    }
}
