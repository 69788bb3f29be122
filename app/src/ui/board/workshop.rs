//! Workshop mode on the board: a facilitator (owner or editor) starts a workshop, shows the
//! join link and its QR code, locks the board for guests, runs dot votes and ends it;
//! everyone sees the workshop's state (through the socket) and votes on cards.

use super::BoardCtx;
use crate::api::workshop::{
    cast_vote, end_workshop, load_my_votes, lock_workshop, remove_guest, reveal_votes, start_vote, start_workshop,
    workshop_join,
};
use crate::domain::facilitation::{JoinInfo, MyVotes, DEFAULT_VOTES, MAX_VOTES};
use crate::domain::{CardId, LaneId, LaneKind, Role};
use crate::ui::browser;
use leptos::prelude::*;

/// The viewer's part in the workshop: whether they facilitate, whether they vote, and
/// their votes in the open vote.
#[derive(Clone, Copy)]
pub struct Workshop {
    pub facilitator: bool,
    pub voter: bool,
    pub mine: RwSignal<MyVotes>,
    /// A facilitator's join dialog is open.
    pub dialog: RwSignal<bool>,
    /// This board saw a workshop (a guest whose workshop then ends is told so).
    seen: RwSignal<bool>,
    /// The lanes the current (or last) vote covers: their cards show a vote control.
    pub vote_lanes: Memo<Vec<LaneId>>,
    /// One vote more (true) or fewer on a card, shared by every card.
    cast: Action<(CardId, bool), Result<MyVotes, crate::error::AppError>>,
}

impl Workshop {
    pub fn new(role: Role, share: Option<String>, sync: super::Sync) -> Workshop {
        let by_share = share.is_some();
        let map = sync.map_id();
        Workshop {
            facilitator: role.allows(crate::domain::Capability::Edit) && !by_share,
            voter: role == Role::Participant || (!by_share && role.allows(crate::domain::Capability::Comment)),
            mine: RwSignal::new(MyVotes::default()),
            dialog: RwSignal::new(false),
            seen: RwSignal::new(false),
            vote_lanes: Memo::new(move |_| {
                sync.workshop
                    .with(|w| w.as_ref().and_then(|w| w.vote.as_ref()).map(|v| v.lanes.clone()).unwrap_or_default())
            }),
            cast: Action::new(move |(card, add): &(CardId, bool)| {
                cast_vote(map.clone(), card.clone(), *add, share.clone())
            }),
        }
    }
}

fn map_id(ctx: BoardCtx) -> crate::domain::MapId {
    ctx.sync.map.with_untracked(|m| m.id.clone())
}

/// Keeps the viewer's votes in step with the open vote (fetched when a new round opens).
pub fn wire(ctx: BoardCtx) {
    let ws = ctx.workshop;
    Effect::new(move |_| match ws.cast.value().get() {
        Some(Ok(m)) => ws.mine.set(m),
        Some(Err(e)) => ctx.sync.message.set(Some(e.message(ctx.i18n.t()))),
        None => {}
    });
    let round = Memo::new(move |_| {
        ctx.sync.workshop.with(|w| w.as_ref().and_then(|w| w.open_vote()).map(|v| (v.round.clone(), v.per_person)))
    });
    Effect::new(move |_| {
        if ctx.sync.workshop.with(Option::is_some) {
            ws.seen.set(true);
        }
    });
    Effect::new(move |_| match round.get() {
        Some((round, per_person)) if ws.voter => {
            if ws.mine.with_untracked(|m| m.round.as_deref() != Some(round.as_str())) {
                ws.mine.set(MyVotes { round: Some(round.clone()), mine: Default::default(), left: per_person });
                let (id, share) = (map_id(ctx), ctx.share.get_value());
                leptos::task::spawn_local(async move {
                    if let Ok(mine) = load_my_votes(id, share).await {
                        ws.mine.set(mine);
                    }
                });
            }
        }
        _ => ws.mine.set(MyVotes::default()),
    });
}

/// "Start workshop" in the toolbar (facilitators, while none runs).
#[component]
pub fn StartWorkshop() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t().ws;
    let start = Action::new(move |_: &()| start_workshop(map_id(ctx)));
    Effect::new(move |_| match start.value().get() {
        Some(Ok(w)) => {
            ctx.sync.workshop.set(Some(w));
            ctx.workshop.dialog.set(true);
        }
        Some(Err(e)) => ctx.sync.message.set(Some(e.message(ctx.i18n.t()))),
        None => {}
    });
    view! {
        <Show when=move || ctx.workshop.facilitator && ctx.sync.workshop.with(Option::is_none)>
            <button class="button" on:click=move |_| { start.dispatch(()); } disabled=move || start.pending().get()>
                {move || t().start_workshop}
            </button>
        </Show>
    }
}

/// The workshop's row under the toolbar: its state for everyone, the facilitator's
/// controls, the vote and its results.
#[component]
pub fn WorkshopBar() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t().ws;
    let ws = ctx.workshop;
    let state = ctx.sync.workshop;
    let locked = move || state.with(|w| w.as_ref().is_some_and(|w| w.locked));
    let vote_open = move || state.with(|w| w.as_ref().and_then(|w| w.open_vote()).map(|v| v.per_person));
    let revealed = move || state.with(|w| w.as_ref().and_then(|w| w.vote.clone()).filter(|v| v.revealed));
    let error = RwSignal::new(None::<String>);
    let fail = move |e: crate::error::AppError| error.set(Some(e.message(ctx.i18n.t())));
    let lock = Action::new(move |locked: &bool| lock_workshop(map_id(ctx), *locked));
    let reveal = Action::new(move |_: &()| reveal_votes(map_id(ctx)));
    let end = Action::new(move |_: &()| end_workshop(map_id(ctx)));
    let took = move |r: Option<Result<crate::domain::facilitation::WorkshopState, crate::error::AppError>>| match r {
        Some(Ok(w)) => {
            error.set(None);
            state.set(Some(w));
        }
        Some(Err(e)) => fail(e),
        None => {}
    };
    Effect::new(move |_| took(lock.value().get()));
    Effect::new(move |_| took(reveal.value().get()));
    Effect::new(move |_| match end.value().get() {
        Some(Ok(())) => {
            state.set(None);
            ws.dialog.set(false);
        }
        Some(Err(e)) => fail(e),
        None => {}
    });
    let ended_for_guest = move || ctx.role == Role::Participant && ws.seen.get() && state.with(Option::is_none);
    view! {
        <Show when=ended_for_guest>
            <div class="banner info" role="status">{move || t().ended}</div>
        </Show>
        <Show when=move || state.with(Option::is_some)>
            <section class="workshop-bar" role="region" aria-label=move || t().workshop>
                <strong>{move || t().workshop}</strong>
                {move || vote_open().map(|n| view! {
                    <span class="workshop-vote">
                        {t().voting.replace("{n}", &n.to_string())}
                        {ws.voter.then(|| view! {
                            " "
                            <strong role="status">{move || t().left(ctx.i18n.locale.get(), ws.mine.with(|m| m.left))}</strong>
                        })}
                    </span>
                })}
                <Show when=move || ws.facilitator>
                    <button class="button" aria-expanded=move || ws.dialog.get().to_string()
                        on:click=move |_| ws.dialog.update(|o| *o = !*o)>
                        {move || t().join_title}
                    </button>
                    <button class="button" aria-pressed=move || locked().to_string()
                        on:click=move |_| { lock.dispatch(!locked()); }>
                        {move || if locked() { t().unlock } else { t().lock }}
                    </button>
                    {move || if vote_open().is_some() {
                        view! {
                            <button class="button primary" on:click=move |_| { reveal.dispatch(()); }
                                disabled=move || reveal.pending().get()>
                                {move || t().reveal_votes}
                            </button>
                        }.into_any()
                    } else {
                        view! { <VoteSetup error=error/> }.into_any()
                    }}
                    <button class="button danger" on:click=move |_| {
                        if browser::confirm(t().end_confirm) {
                            end.dispatch(());
                        }
                    }>
                        {move || t().end_workshop}
                    </button>
                </Show>
                {move || error.get().map(|e| view! { <span class="error" role="alert">{e}</span> })}
            </section>
            <Show when=move || locked() && ctx.role == Role::Participant>
                <div class="banner info" role="status">{move || t().locked_banner}</div>
            </Show>
            {move || revealed().map(|v| view! { <VoteResults totals=v.totals/> })}
            <Show when=move || ws.dialog.get() && ws.facilitator>
                <JoinDialog/>
            </Show>
        </Show>
    }
}

/// "Start vote" with its settings: the lanes (pain points and opportunities unless
/// changed), votes per person, and whether several may go on one card.
#[component]
fn VoteSetup(error: RwSignal<Option<String>>) -> impl IntoView {
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
fn VoteResults(totals: Vec<(CardId, u32)>) -> impl IntoView {
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
                    view! { <p class="muted">{move || t().no_votes}</p> }.into_any()
                } else {
                    view! {
                        <ol>
                            {rows.into_iter().map(|(text, n)| view! {
                                <li><span>{text}</span> " " <strong>{move || t().n_votes.format(locale.get(), u64::from(n))}</strong></li>
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// The facilitator's join dialog: the QR code, the link, the server's other addresses,
/// and the guests (each can be removed).
#[component]
fn JoinDialog() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t().ws;
    let reload = RwSignal::new(0u32);
    let info = LocalResource::new(move || {
        reload.track();
        workshop_join(map_id(ctx), browser::absolute(""))
    });
    let remove = Action::new(move |guest: &String| remove_guest(map_id(ctx), guest.clone()));
    Effect::new(move |_| {
        if let Some(r) = remove.value().get() {
            if let Err(e) = r {
                ctx.sync.message.set(Some(e.message(ctx.i18n.t())));
            }
            reload.update(|n| *n += 1);
        }
    });
    let shown = move |info: JoinInfo| {
        let link = browser::absolute(&info.path);
        let guests = info.guests;
        view! {
            <div class="join-qr" role="img" aria-label=move || t().join_qr inner_html=info.qr></div>
            <div class="join-text">
                <p>{move || t().join_hint}</p>
                <label class="field">
                    <span>{move || t().join_link}</span>
                    <input type="text" readonly prop:value=link.clone() on:focus=browser::select_on_focus/>
                </label>
                <p><a href=link.clone() target="_blank" rel="noopener">{link.clone()}</a></p>
                {(!info.elsewhere.is_empty()).then(|| view! {
                    <p class="muted">{move || t().join_elsewhere}</p>
                    <ul class="join-elsewhere">
                        {info.elsewhere.into_iter().map(|l| view! { <li><code>{l}</code></li> }).collect_view()}
                    </ul>
                })}
                <h3>{move || t().participants}</h3>
                {if guests.is_empty() {
                    view! { <p class="muted">{move || t().no_participants}</p> }.into_any()
                } else {
                    view! {
                        <ul class="guest-list">
                            {guests.into_iter().map(|(id, name)| {
                                let label = t().remove.replace("{name}", &name);
                                view! {
                                    <li>
                                        <span>{name}</span>
                                        <button class="button ghost" aria-label=label.clone() title=label
                                            on:click=move |_| { remove.dispatch(id.clone()); }>
                                            "×"
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </div>
        }
    };
    view! {
        <div class="join-dialog" role="dialog" aria-label=move || t().join_title>
            <div class="join-head">
                <h2>{move || t().join_title}</h2>
                <button class="button ghost" on:click=move |_| ctx.workshop.dialog.set(false)>{move || t().close}</button>
            </div>
            <div class="join-body">
                <Suspense fallback=crate::ui::widgets::Loading>
                    {move || Suspend::new(async move {
                        match info.await {
                            Ok(info) => shown(info).into_any(),
                            Err(e) => view! { <p class="error" role="alert">{e.message(ctx.i18n.t())}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </div>
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
