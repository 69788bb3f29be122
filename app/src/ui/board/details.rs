//! A card's fields by lane kind: badges on the card (severity, channel, impact and effort,
//! a metric against its target, moment of truth) and the editor that sets them.

use super::BoardCtx;
use crate::domain::channel::{all_ids, icon_of};
use crate::domain::{Card, CardDetails, CardId, LaneKind, Metric, Op, Severity};
use crate::ui::eager::IntoAnySync;
use crate::ui::widgets::channel_icon;
use leptos::prelude::*;

/// Whether cards of this lane kind have fields to edit.
pub fn has_fields(kind: LaneKind) -> bool {
    // Every card has tags; an emotion lane's cards are notes beside the curve.
    kind != LaneKind::Emotions
}

/// The badges a card shows for its fields, by its lane kind.
#[component]
pub fn Badges(card: Signal<Option<Card>>, kind: Signal<LaneKind>) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    // Read straight from the card's own signal: it changes only when this card does.
    move || {
        let d = card.with(|c| c.as_ref().map(|c| c.details.clone()).unwrap_or_default());
        let k = kind.get();
        let t = t();
        let mut out: Vec<AnyView> = Vec::new();
        if k == LaneKind::Steps && !d.feelings.is_empty() {
            // Only a card with feelings reads the linked personas.
            for p in ctx.linked.get() {
                if let Some(score) = d.feelings.get(&p.id).copied() {
                    let label = format!("{}: {}", p.name, t.scored_feeling(score));
                    let title = label.clone();
                    out.push(
                        view! {
                            <span class="badge feeling" title=title>
                                {super::emotions::face(Some(score), &p.colour)}
                                <span class="visually-hidden">{label}</span>
                            </span>
                        }
                        .into_any_sync(),
                    );
                }
            }
        }
        if k == LaneKind::Steps && d.moment_of_truth {
            out.push(
                view! { <span class="badge mot" title=t.moment_of_truth>"★ "{t.moment_of_truth}</span> }
                    .into_any_sync(),
            );
        }
        if let (LaneKind::Touchpoints, Some(ch)) = (k, d.channel.clone()) {
            let (name, icon) =
                ctx.channels.with_value(|custom| (t.channel_label(custom, &ch), icon_of(custom, &ch).to_owned()));
            out.push(view! { <span class="badge channel">{channel_icon(&icon)}{name}</span> }.into_any_sync());
        }
        if let (LaneKind::PainPoints, Some(s)) = (k, d.severity) {
            out.push(
                view! { <span class=format!("badge severity-{}", s.as_str())>{format!("{}: {}", t.severity, t.severity_name(s))}</span> }
                    .into_any_sync(),
            );
        }
        if k == LaneKind::Opportunities && (d.impact.is_some() || d.effort.is_some()) {
            let level = |v: Option<u8>| {
                v.and_then(|v| t.level_names.get(usize::from(v).wrapping_sub(1)).copied()).unwrap_or("–")
            };
            out.push(
                view! { <span class="badge priority">{format!("{} {} · {} {}", t.impact, level(d.impact), t.effort, level(d.effort))}</span> }
                    .into_any_sync(),
            );
        }
        if matches!(k, LaneKind::PainPoints | LaneKind::Opportunities) {
            let l = ctx.i18n.locale.get();
            if !d.evidence.is_empty() {
                let n = t.ins.answers.format(l, d.evidence.len() as u64);
                out.push(
                    view! { <span class="badge evidence">{t.ev.backed_by.replace("{answers}", &n)}</span> }
                        .into_any_sync(),
                );
            } else if k == LaneKind::PainPoints && ctx.evidence.summary.with(|s| s.count > 0) {
                out.push(view! { <span class="badge no-evidence">{t.ev.no_evidence}</span> }.into_any_sync());
            }
        }
        if let (LaneKind::Metrics, Some(m)) = (k, d.metric.clone()) {
            let status = m.status();
            let value = m.value.map(|v| format!("{} {}", t.number(v), m.unit)).unwrap_or_else(|| "–".into());
            let target =
                m.target.map(|v| format!(" / {} {} {}", t.metric_target, t.number(v), m.unit)).unwrap_or_default();
            let class = format!("badge metric status-{status:?}").to_lowercase();
            out.push(
                view! { <span class=class title=t.metric_status(status)>{format!("{value}{target}")}<span class="visually-hidden">{format!(" — {}", t.metric_status(status))}</span></span> }
                    .into_any_sync(),
            );
            if let Some(line) = super::metric_history::trend_line(t, &m) {
                out.push(line);
            }
            // The touchpoint it measures, read from that card's own signal.
            if let Some(tp) = m.touchpoint.as_ref() {
                let text = ctx.sync.card(tp).with(|c| c.as_ref().map(|c| c.text.trim().to_owned()));
                if let Some(text) = text.filter(|s| !s.is_empty()) {
                    let label = t.ed.measures_card.replace("{card}", &crate::domain::text::cut_chars(&text, 40));
                    out.push(view! { <span class="badge measures">{label}</span> }.into_any_sync());
                }
            }
        }
        if !d.segments.is_empty() {
            let names = ctx.segments.with_value(|l| crate::domain::segment::names(l, &d.segments));
            if !names.is_empty() {
                out.push(
                    view! { <span class="badge segment">{t.sg.for_segments.replace("{names}", &names.join(", "))}</span> }
                        .into_any_sync(),
                );
            }
        }
        let tags = card.with(|c| c.as_ref().map(|c| c.tags.clone()).unwrap_or_default());
        for tag in tags {
            out.push(view! { <span class="badge tag">{format!("#{tag}")}</span> }.into_any_sync());
        }
        (!out.is_empty()).then(|| view! { <div class="badges">{out}</div> })
    }
}

/// The editor of a card's fields; every change saves at once.
#[component]
pub fn DetailsEditor(
    id: CardId,
    card: Signal<Option<Card>>,
    kind: Signal<LaneKind>,
    on_close: Callback<()>,
) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let details = Memo::new(move |_| card.with(|c| c.as_ref().map(|c| c.details.clone()).unwrap_or_default()));
    let save = {
        let id = id.clone();
        move |change: &dyn Fn(&mut CardDetails)| {
            let mut d = details.get_untracked();
            change(&mut d);
            if d != details.get_untracked() {
                ctx.sync.commit(Op::EditCard {
                    id: id.clone(),
                    text: None,
                    colour: None,
                    tags: None,
                    details: Some(d),
                });
            }
        }
    };
    let save = StoredValue::<_, super::BrowserStorage>::new_with_storage(save);
    let set = move |change: Box<dyn Fn(&mut CardDetails)>| save.with_value(|s| s(&*change));
    let level_select = move |label: fn(&crate::i18n::Messages) -> &'static str,
                             get: fn(&CardDetails) -> Option<u8>,
                             put: fn(&mut CardDetails, Option<u8>)| {
        view! {
            <label class="field inline">
                <span>{move || label(t())}</span>
                <select on:change=move |ev| {
                    let v = event_target_value(&ev).parse::<u8>().ok();
                    set(Box::new(move |d| put(d, v)));
                }>
                    <option value="" selected=move || get(&details.get()).is_none()>"–"</option>
                    {(1u8..=3)
                        .map(|n| view! {
                            <option value=n.to_string() selected=move || get(&details.get()) == Some(n)>
                                {move || t().level_names[usize::from(n) - 1]}
                            </option>
                        })
                        .collect_view()}
                </select>
            </label>
        }
    };
    let metric_field = move |label: fn(&crate::i18n::Messages) -> &'static str,
                             get: fn(&Metric) -> Option<f64>,
                             put: fn(&mut Metric, Option<f64>)| {
        view! {
            <label class="field inline">
                <span>{move || label(t())}</span>
                <input
                    type="number"
                    step="any"
                    prop:value=move || details.with(|d| d.metric.as_ref().and_then(get).map(|v| v.to_string()).unwrap_or_default())
                    on:change=move |ev| {
                        let v = event_target_value(&ev).replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite());
                        set(Box::new(move |d| put(d.metric.get_or_insert_with(Metric::default), v)));
                    }
                />
            </label>
        }
    };
    view! {
        <div class="details-editor" role="group" aria-label=move || t().card_details on:keydown=move |ev| {
            ev.stop_propagation();
            if ev.key() == "Escape" {
                on_close.run(());
            }
        }>
            {move || match kind.get() {
                LaneKind::PainPoints => view! {
                    <fieldset class="segmented">
                        <legend>{move || t().severity}</legend>
                        {Severity::ALL.into_iter().map(|s| view! {
                            <label>
                                <input type="radio" name="severity" checked=move || details.get().severity == Some(s)
                                    on:change=move |_| set(Box::new(move |d| d.severity = Some(s)))/>
                                <span>{move || t().severity_name(s)}</span>
                            </label>
                        }).collect_view()}
                    </fieldset>
                }.into_any_sync(),
                LaneKind::Touchpoints => view! {
                    <label class="field inline">
                        <span>{move || t().channel}</span>
                        <select on:change=move |ev| {
                            let v = event_target_value(&ev);
                            set(Box::new(move |d| d.channel = (!v.is_empty()).then(|| v.clone())));
                        }>
                            <option value="" selected=move || details.get().channel.is_none()>{move || t().no_channel}</option>
                            {ctx.channels.with_value(|custom| all_ids(custom)).into_iter().map(|c| {
                                let id = c.clone();
                                let selected = move || details.with(|d| d.channel.as_deref() == Some(id.as_str()));
                                let label = {
                                    let c = c.clone();
                                    move || ctx.channels.with_value(|custom| t().channel_label(custom, &c))
                                };
                                view! { <option value=c selected=selected>{label}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                }.into_any_sync(),
                LaneKind::Opportunities => view! {
                    {level_select(|m| m.impact, |d| d.impact, |d, v| d.impact = v)}
                    {level_select(|m| m.effort, |d| d.effort, |d, v| d.effort = v)}
                }.into_any_sync(),
                LaneKind::Metrics => view! {
                    {metric_field(|m| m.metric_value, |m| m.value, |m, v| m.value = v)}
                    <label class="field inline">
                        <span>{move || t().metric_unit}</span>
                        <input type="text" maxlength="20"
                            prop:value=move || details.with(|d| d.metric.as_ref().map(|m| m.unit.clone()).unwrap_or_default())
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                set(Box::new(move |d| d.metric.get_or_insert_with(Metric::default).unit = v.trim().to_owned()));
                            }/>
                    </label>
                    {metric_field(|m| m.metric_target, |m| m.target, |m, v| m.target = v)}
                    <label class="check">
                        <input type="checkbox"
                            prop:checked=move || details.with(|d| d.metric.as_ref().is_none_or(|m| m.higher_is_better))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                set(Box::new(move |d| d.metric.get_or_insert_with(Metric::default).higher_is_better = on));
                            }/>
                        <span>{move || t().higher_is_better}</span>
                    </label>
                    {super::metric_history::history_editor(details, set)}
                }.into_any_sync(),
                LaneKind::Steps => view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || details.get().moment_of_truth
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                set(Box::new(move |d| d.moment_of_truth = on));
                            }/>
                        <span>{move || t().moment_of_truth}</span>
                    </label>
                    {feelings_editor(details, set)}
                }.into_any_sync(),
                _ => ().into_any_sync(),
            }}
            {segments_editor(details, set)}
            <super::tags::TagsField id=id.clone() card=card/>
            <button class="button small" on:click=move |_| on_close.run(())>{move || t().close}</button>
        </div>
    }
}

/// A step card's feelings: for each linked persona, how they feel at this step (or not
/// said), which the emotion curve then follows.
fn feelings_editor(
    details: Memo<CardDetails>,
    set: impl Fn(Box<dyn Fn(&mut CardDetails)>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    move || {
        let personas = ctx.linked.get();
        (!personas.is_empty()).then(|| {
            view! {
                <fieldset class="feelings">
                    <legend>{move || t().ed.feelings_here}</legend>
                    {personas.into_iter().map(|p| {
                        let id = p.id.clone();
                        let name = p.name.clone();
                        let current = {
                            let id = id.clone();
                            Memo::new(move |_| details.with(|d| d.feelings.get(&id).copied()))
                        };
                        view! {
                            <label class="field inline">
                                <span class="legend-swatch" style=format!("background:{}", p.colour)></span>
                                <span>{p.name.clone()}</span>
                                <select aria-label=move || t().ed.feeling_of.replace("{name}", &name)
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev).parse::<i8>().ok();
                                        let id = id.clone();
                                        set(Box::new(move |d| match v {
                                            Some(s) => {
                                                d.feelings.insert(id.clone(), s);
                                            }
                                            None => {
                                                d.feelings.remove(&id);
                                            }
                                        }));
                                    }>
                                    <option value="" selected=move || current.get().is_none()>{move || t().not_set}</option>
                                    {(-2i8..=2).rev().map(|s| view! {
                                        <option value=s.to_string() selected=move || current.get() == Some(s)>
                                            {move || t().scored_feeling(s)}
                                        </option>
                                    }).collect_view()}
                                </select>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            }
        })
    }
}

/// The client segments a card is about: one box per segment of the workspace's list; none
/// ticked means every client. A segment deleted meanwhile stays on the card, unshown.
fn segments_editor(
    details: Memo<CardDetails>,
    set: impl Fn(Box<dyn Fn(&mut CardDetails)>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let list = ctx.segments.get_value();
    (!list.is_empty()).then(|| {
        view! {
            <fieldset class="card-segments">
                <legend>{move || t().sg.card_segments}</legend>
                {list.into_iter().map(|s| {
                    let id = s.id.clone();
                    let ticked = {
                        let id = id.clone();
                        move || details.with(|d| d.segments.contains(&id))
                    };
                    view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=ticked on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let id = id.clone();
                                set(Box::new(move |d| {
                                    d.segments.retain(|x| *x != id);
                                    if on {
                                        d.segments.push(id.clone());
                                    }
                                }));
                            }/>
                            <span>{s.name.clone()}</span>
                        </label>
                    }
                }).collect_view()}
                <p class="muted small">{move || t().sg.every_client}</p>
            </fieldset>
        }
    })
}
