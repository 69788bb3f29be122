//! Other views of the same map: the channel × stage matrix (the omnichannel view), the
//! impact × effort priorities of the opportunities, and the timeline of stage durations.

use super::{BoardCtx, Part};
use crate::domain::channel::{all_ids, icon_of};
use crate::domain::duration;
use crate::domain::{LaneKind, Quadrant};
use crate::ui::eager::IntoAnySync;
use crate::ui::widgets::channel_icon;
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Board,
    Channels,
    Priorities,
    Insights,
    /// The map's history and versions (members only).
    History,
}

#[component]
pub fn ViewSwitch() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let button = move |v: View, label: fn(&crate::i18n::Messages) -> &'static str| {
        view! {
            <button class="seg" aria-pressed=move || (ctx.view.get() == v).to_string() on:click=move |_| ctx.view.set(v)>
                {move || label(t())}
            </button>
        }
    };
    view! {
        <div class="view-switch" role="group" aria-label=move || t().view_label>
            {button(View::Board, |m| m.view_board)}
            {button(View::Channels, |m| m.view_channels)}
            {button(View::Priorities, |m| m.view_priorities)}
            {button(View::Insights, |m| m.ins.view_insights)}
            {ctx.share.with_value(Option::is_none).then(|| button(View::History, |m| m.hi.history))}
        </div>
    }
}

/// The channel matrix, in a wasm chunk of its own (`ui::later`).
#[lazy]
pub fn matrix_view() -> AnyView {
    view! { <ChannelMatrix/> }.into_any_sync()
}

/// The priorities, in a wasm chunk of its own (`ui::later`).
#[lazy]
pub fn priorities_view() -> AnyView {
    view! { <Priorities/> }.into_any_sync()
}

/// Which channels serve which stage, with the touchpoints in each cell.
#[component]
pub fn ChannelMatrix() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let data = Memo::new(move |_| {
        ctx.sync.map.with(|m| {
            let stages: Vec<(String, String)> =
                m.ordered_stages().iter().map(|s| (s.id.to_string(), s.title.clone())).collect();
            let touchpoints: Vec<_> = m
                .cards
                .values()
                .filter(|c| m.lanes.get(&c.lane).is_some_and(|l| l.kind == LaneKind::Touchpoints))
                .filter_map(|c| {
                    c.details.channel.clone().map(|ch| (ch, c.stage.to_string(), c.order.clone(), c.text.clone()))
                })
                .collect();
            let mut channels: Vec<String> = ctx.channels.with_value(|custom| all_ids(custom));
            for (ch, ..) in &touchpoints {
                if !channels.contains(ch) {
                    channels.push(ch.clone());
                }
            }
            channels.retain(|ch| touchpoints.iter().any(|(c, ..)| c == ch));
            let rows: Vec<(String, Vec<Vec<String>>)> = channels
                .into_iter()
                .map(|ch| {
                    let cells = stages
                        .iter()
                        .map(|(sid, _)| {
                            let mut here: Vec<_> =
                                touchpoints.iter().filter(|(c, s, ..)| *c == ch && s == sid).collect();
                            here.sort_by(|a, b| a.2.cmp(&b.2));
                            here.into_iter().map(|(.., text)| text.clone()).collect()
                        })
                        .collect();
                    (ch, cells)
                })
                .collect();
            (stages.into_iter().map(|(_, t)| t).collect::<Vec<_>>(), rows)
        })
    });
    view! {
        <section class="matrix-view" aria-label=move || t().channel_matrix>
            <h2>{move || t().channel_matrix}</h2>
            {move || {
                let (stages, rows) = data.get();
                if rows.is_empty() {
                    return view! { <p class="empty">{t().no_touchpoints}</p> }.into_any_sync();
                }
                view! {
                    <div class="matrix-scroll">
                        <table class="matrix">
                            <thead>
                                <tr>
                                    <th scope="col">{t().channel}</th>
                                    {stages.into_iter().map(|s| view! { <th scope="col">{s}</th> }).collect_view()}
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|(ch, cells)| view! {
                                    <tr>
                                        <th scope="row">{ctx.channels.with_value(|custom| (channel_icon(icon_of(custom, &ch)), " ", t().channel_label(custom, &ch)))}</th>
                                        {cells.into_iter().map(|texts| {
                                            let served = !texts.is_empty();
                                            view! {
                                            <td class:served=served>
                                                <ul>{texts.into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ul>
                                            </td>
                                        }}).collect_view()}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any_sync()
            }}
        </section>
    }
}

/// The opportunities with impact and effort in a 2×2: quick wins first.
#[component]
pub fn Priorities() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    const ORDER: [Quadrant; 4] = [Quadrant::QuickWin, Quadrant::MajorProject, Quadrant::FillIn, Quadrant::Reconsider];
    let data = Memo::new(move |_| {
        ctx.sync.map.with(|m| {
            ORDER
                .iter()
                .map(|q| {
                    let mut cards: Vec<_> = m
                        .cards
                        .values()
                        .filter(|c| m.lanes.get(&c.lane).is_some_and(|l| l.kind == LaneKind::Opportunities))
                        .filter(|c| c.details.quadrant() == Some(*q))
                        .map(|c| {
                            let stage = m.stages.get(&c.stage).map(|s| s.title.clone()).unwrap_or_default();
                            let votes = c.details.votes.unwrap_or(0);
                            (c.details.impact.unwrap_or(0), c.details.effort.unwrap_or(0), c.text.clone(), stage, votes)
                        })
                        .collect();
                    // Within a quadrant, what the team voted for first.
                    cards.sort_by(|a, b| b.4.cmp(&a.4).then(b.0.cmp(&a.0)).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
                    cards
                })
                .collect::<Vec<_>>()
        })
    });
    // Every card the last workshop vote counted, most votes first (any lane).
    let voted = Memo::new(move |_| {
        ctx.sync.map.with(|m| {
            let mut v: Vec<(u32, String, String)> = m
                .cards
                .values()
                .filter_map(|c| {
                    let n = c.details.votes.filter(|n| *n > 0)?;
                    let stage = m.stages.get(&c.stage).map(|s| s.title.clone()).unwrap_or_default();
                    Some((n, c.text.clone(), stage))
                })
                .collect();
            v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            v
        })
    });
    let votes = move |n: u32| t().ws.n_votes.format(ctx.i18n.locale.get(), u64::from(n));
    view! {
        <section class="priority-view" aria-label=move || t().view_priorities>
            <h2>{move || t().view_priorities}</h2>
            {move || (!voted.with(Vec::is_empty)).then(|| view! {
                <section class="voted" aria-label=move || t().ws.votes_on_card>
                    <h3>{move || t().ws.votes_on_card}</h3>
                    <ol>
                        {voted.get().into_iter().map(|(n, text, stage)| view! {
                            <li><span>{text}</span> " " <strong>{votes(n)}</strong> " " <span class="muted small">{stage}</span></li>
                        }).collect_view()}
                    </ol>
                </section>
            })}
            {move || {
                let quads = data.get();
                if quads.iter().all(Vec::is_empty) {
                    return view! { <p class="empty">{t().no_opportunities}</p> }.into_any_sync();
                }
                view! {
                    <div class="quadrants">
                        {quads.into_iter().enumerate().map(|(i, cards)| view! {
                            <section class=format!("quadrant q{i}") aria-label=t().quadrant_names[i]>
                                <h3>{t().quadrant_names[i]}</h3>
                                <ul>
                                    {cards.into_iter().map(|(imp, eff, text, stage, n)| view! {
                                        <li>
                                            <span>{text}</span>
                                            <span class="muted small">
                                                {format!("{stage} · {} {imp} · {} {eff}", t().impact, t().effort)}
                                                {(n > 0).then(|| format!(" · {}", votes(n)))}
                                            </span>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        }).collect_view()}
                    </div>
                }.into_any_sync()
            }}
        </section>
    }
}

/// How long a client stays in each stage, drawn to scale above the board.
#[component]
pub fn Timeline() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let data = Memo::new(move |_| {
        ctx.sync.read(&[Part::Structure], |m| {
            m.ordered_stages()
                .iter()
                .map(|s| (s.title.clone(), s.duration.clone(), duration::hours(&s.duration)))
                .collect::<Vec<_>>()
        })
    });
    move || {
        let stages = data.get();
        let known: Vec<f64> = stages.iter().filter_map(|s| s.2).collect();
        if known.is_empty() {
            return None;
        }
        let total: f64 = known.iter().sum();
        // Log scale: an hour-long procedure stays visible next to a month of loyalty.
        let weight = |h: f64| (1.0 + h).ln();
        let sum: f64 = known.iter().map(|h| weight(*h)).sum();
        let (unit, n) = duration::humanise(total);
        let total_text = t().total_time.replace("{d}", &t().duration_units[unit].replace("{n}", &n.to_string()));
        Some(view! {
            <figure class="timeline" aria-label=move || t().timeline>
                <figcaption>{t().timeline}" — "{total_text}</figcaption>
                <ol class="timeline-bar">
                    {stages.into_iter().filter(|s| s.2.is_some()).map(|(title, text, h)| {
                        let share = weight(h.unwrap_or(0.0)) / sum * 100.0;
                        let tip = format!("{title}: {text}");
                        view! {
                            <li style=format!("flex-basis: {share:.2}%") title=tip>
                                <span class="timeline-stage">{title}</span>
                                <span class="timeline-duration">{text}</span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </figure>
        })
    }
}
