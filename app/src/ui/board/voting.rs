//! Dot voting on the board: the facilitator's "Start vote" with its settings, the revealed
//! results, and each voted card's control ("Vote for <text>", the viewer's votes, the total
//! once revealed). The rules are `domain::facilitation`'s; the server counts.

use super::workshop::map_id;
use super::BoardCtx;
use crate::api::workshop::start_vote;
use crate::domain::facilitation::{DEFAULT_VOTES, MAX_VOTES};
use crate::domain::{CardId, LaneId, LaneKind};
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;

/// "Start vote" with its settings: the lanes (pain points and opportunities unless
/// changed), votes per person, and whether several may go on one card.
#[component]
pub fn VoteSetup(error: RwSignal<Option<String>>) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t().ws;
    let default_lanes = move || -> Vec<LaneId> {
        ctx.sync.map.with_untracked(|m| {
            let wanted: Vec<LaneId> = m
                .ordered_lanes()
                .into_iter()
                .filter(|l| matches!(l.kind, LaneKind::PainPoints | LaneKind::Opportunities | LaneKind::Ideas))
                .map(|l| l.id.clone())
                .collect();
            if wanted.is_empty() {
                m.ordered_lanes().into_iter().filter(|l| l.kind != LaneKind::Emotions).map(|l| l.id.clone()).collect()
            } else {
                wanted
            }
        })
    };
    let lanes = RwSignal::new(default_lanes());
    let per_person = RwSignal::new(DEFAULT_VOTES.to_string());
    let several = RwSignal::new(true);
    let start = Action::new(move |_: &()| {
        let per = per_person.with_untracked(|p| p.trim().parse::<u32>().ok());
        start_vote(map_id(ctx), lanes.get_untracked(), per, several.get_untracked())
    });
    Effect::new(move |_| match start.value().get() {
        Some(Ok(w)) => {
            error.set(None);
            ctx.sync.workshop.set(Some(w));
        }
        Some(Err(e)) => error.set(Some(e.message(ctx.i18n.t()))),
        None => {}
    });
    let all_lanes = move || {
        ctx.sync.map.with(|m| {
            m.ordered_lanes()
                .into_iter()
                .filter(|l| l.kind != LaneKind::Emotions)
                .map(|l| (l.id.clone(), l.title.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <button class="button primary" on:click=move |_| { start.dispatch(()); } disabled=move || start.pending().get()>
            {move || t().start_vote}
        </button>
        <details class="vote-setup">
            <summary>{move || t().vote_lanes}</summary>
            <fieldset>
                <legend>{move || t().vote_lanes}</legend>
                <For each=all_lanes key=|(id, title)| (id.clone(), title.clone()) let:lane>
                    {
                        let (id, title) = lane;
                        let checked = { let id = id.clone(); move || lanes.with(|l| l.contains(&id)) };
                        view! {
                            <label class="check">
                                <input type="checkbox" prop:checked=checked on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    lanes.update(|l| {
                                        l.retain(|x| *x != id);
                                        if on {
                                            l.push(id.clone());
                                        }
                                    });
                                }/>
                                <span>{title}</span>
                            </label>
                        }
                    }
                </For>
            </fieldset>
            <label class="field inline">
                <span>{move || t().votes_each}</span>
                <input type="number" min="1" max=MAX_VOTES.to_string() prop:value=move || per_person.get()
                    on:input=move |ev| per_person.set(event_target_value(&ev))/>
            </label>
            <label class="check">
                <input type="checkbox" prop:checked=move || several.get()
                    on:change=move |ev| several.set(event_target_checked(&ev))/>
                <span>{move || t().several}</span>
            </label>
            <p class="hint">{move || t().vote_start_hint}</p>
        </details>
    }
}

/// The revealed vote: cards by their votes, highest first.
#[component]
pub fn VoteResults(totals: Vec<(CardId, u32)>) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t().ws;
    let locale = ctx.i18n.locale;
    let rows = move || {
        ctx.sync.map.with(|m| {
            totals
                .iter()
                .filter_map(|(id, n)| m.cards.get(id).map(|c| (c.text.clone(), *n)))
                .take(10)
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="vote-results" role="region" aria-label=move || t().results>
            <h2>{move || t().results}</h2>
            {move || {
                let rows = rows();
                if rows.is_empty() {
                    view! { <p class="muted">{move || t().no_votes}</p> }.into_any_sync()
                } else {
                    view! {
                        <ol>
                            {rows.into_iter().map(|(text, n)| view! {
                                <li><span>{text}</span> " " <strong>{move || t().n_votes.format(locale.get(), u64::from(n))}</strong></li>
                            }).collect_view()}
                        </ol>
                    }.into_any_sync()
                }
            }}
        </section>
    }
}

/// A card's vote control while a vote covers its lane (the card view shows it only then):
/// "Vote for <text>" (with the viewer's votes on it), a way to take one back; after the
/// reveal, the card's total.
#[component]
pub fn VoteControl(id: CardId, text: Signal<String>) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t().ws;
    let ws = ctx.workshop;
    let total = {
        let id = id.clone();
        Memo::new(move |_| {
            ctx.sync.workshop.with(|w| {
                let v = w.as_ref()?.vote.as_ref().filter(|v| v.revealed)?;
                Some(v.totals.iter().find(|(c, _)| *c == id).map_or(0, |(_, n)| *n))
            })
        })
    };
    let mine = {
        let id = id.clone();
        Memo::new(move |_| ws.mine.with(|m| m.mine.get(&id).copied().unwrap_or(0)))
    };
    let cast = ws.cast;
    let (up, down) = (id.clone(), id);
    view! {
            <span class="vote-control">
                <button
                    class="vote-button"
                    aria-label=move || t().vote_for.replace("{text}", &text.get())
                    title=move || t().vote_for.replace("{text}", &text.get())
                    disabled=move || !ws.voter || total.get().is_some()
                    on:click={
                        let up = up.clone();
                        move |_| { cast.dispatch((up.clone(), true)); }
                    }
                >
                    <span aria-hidden="true">"● "</span>
                    {move || match total.get() {
                        Some(n) => n.to_string(),
                        None => mine.get().to_string(),
                    }}
                </button>
                {move || (total.get().is_none() && mine.get() > 0).then(|| {
                    let down = down.clone();
                    view! {
                        <button class="vote-button minus"
                            aria-label=move || t().unvote.replace("{text}", &text.get())
                            title=move || t().unvote.replace("{text}", &text.get())
                            on:click=move |_| { cast.dispatch((down.clone(), false)); }>
                            "−"
                        </button>
                    }
                })}
            </span>
    }
}
