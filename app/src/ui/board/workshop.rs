//! Workshop mode on the board: a facilitator (owner or editor) starts a workshop, shows the
//! join link and its QR code, locks the board for guests, runs dot votes and ends it;
//! everyone sees the workshop's state (through the socket) and votes on cards.

use super::BoardCtx;
use crate::api::workshop::{
    cast_vote, end_workshop, load_my_votes, lock_workshop, remove_guest, renew_join_link, reveal_votes, start_workshop,
    workshop_join,
};
use crate::domain::facilitation::{JoinInfo, MyVotes};
use crate::domain::{CardId, LaneId, Role};
use crate::ui::browser;
use crate::ui::eager::IntoAnySync;
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
    /// Whether this board follows the leader's (when someone leads).
    pub following: RwSignal<bool>,
    /// The stage this board presents ("Present"), if it does.
    pub presenting: RwSignal<Option<crate::domain::StageId>>,
    /// The workshop's summary is shown.
    pub summary: RwSignal<bool>,
    /// Bumped when the board scrolls sideways (a leading board then tells its followers).
    pub scrolled: RwSignal<u32>,
    /// One vote more (true) or fewer on a card, shared by every card.
    pub(super) cast: Action<(CardId, bool), Result<MyVotes, crate::error::AppError>>,
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
            following: RwSignal::new(true),
            presenting: RwSignal::new(None),
            scrolled: RwSignal::new(0),
            summary: RwSignal::new(false),
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

pub(super) fn map_id(ctx: BoardCtx) -> crate::domain::MapId {
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
            ws.summary.set(true);
        }
        Some(Err(e)) => fail(e),
        None => {}
    });
    let ended_for_guest = move || ctx.role == Role::Participant && ws.seen.get() && state.with(Option::is_none);
    view! {
        {move || ws.facilitator.then(|| view! { <super::summary::SummaryPanel/> })}
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
                <super::follow::FollowControls/>
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
                        }.into_any_sync()
                    } else {
                        view! { <super::voting::VoteSetup error=error/> }.into_any_sync()
                    }}
                    <button class="button" aria-expanded=move || ws.summary.get().to_string()
                        on:click=move |_| ws.summary.update(|o| *o = !*o)>
                        {move || t().summary}
                    </button>
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
            <super::agenda::Agenda/>
            {move || revealed().map(|v| view! { <super::voting::VoteResults totals=v.totals/> })}
            <Show when=move || ws.dialog.get() && ws.facilitator>
                <JoinDialog/>
            </Show>
        </Show>
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
    let renew = Action::new(move |_: &()| renew_join_link(map_id(ctx)));
    let done = move |r: Option<Result<(), crate::error::AppError>>| {
        if let Some(r) = r {
            if let Err(e) = r {
                ctx.sync.message.set(Some(e.message(ctx.i18n.t())));
            }
            reload.update(|n| *n += 1);
        }
    };
    Effect::new(move |_| done(remove.value().get()));
    Effect::new(move |_| done(renew.value().get()));
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
                <p class="join-renew">
                    <button class="button ghost small"
                        on:click=move |_| { renew.dispatch(()); } disabled=move || renew.pending().get()>
                        {move || t().renew_link}
                    </button>
                    " "<span class="muted">{move || t().renew_hint}</span>
                </p>
                {(!info.elsewhere.is_empty()).then(|| view! {
                    <p class="muted">{move || t().join_elsewhere}</p>
                    <ul class="join-elsewhere">
                        {info.elsewhere.into_iter().map(|l| view! { <li><code>{l}</code></li> }).collect_view()}
                    </ul>
                })}
                <h3>{move || t().participants}</h3>
                {if guests.is_empty() {
                    view! { <p class="muted">{move || t().no_participants}</p> }.into_any_sync()
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
                    }.into_any_sync()
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
                            Ok(info) => shown(info).into_any_sync(),
                            Err(e) => view! { <p class="error" role="alert">{e.message(ctx.i18n.t())}</p> }.into_any_sync(),
                        }
                    })}
                </Suspense>
            </div>
        </div>
    }
}
