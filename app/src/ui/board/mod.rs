//! The board: stages as columns, lanes as rows, cards in the cells. One `Sync` holds the
//! map; each cell and card reads a memo of its own slice, so an edit re-renders only what
//! it changed.

mod agenda;
mod card;
mod cell;
mod comments;
mod cursors;
mod details;
mod drag;
mod emotions;
mod evidence;
mod export;
mod follow;
mod grid;
mod gridnav;
mod headers;
mod history;
mod metric_history;
mod past;
mod people;
mod personas_control;
mod present;
mod search;
mod selection;
mod share;
mod shortcuts;
mod socket;
mod summary;
mod sync;
mod tags;
mod timer;
mod toolbar;
mod undo_toast;
mod views;
mod voting;
mod workshop;
mod zoom;

use super::layout::ErrorPage;
use super::widgets::Loading;
use crate::api::maps::{load_board, load_shared_board};
use crate::domain::channel::Channel;
use crate::domain::BoardData;
use crate::domain::{Capability, CardId, LaneId, Map, MapId, Persona, PersonaId, Role, StageId};
use crate::i18n::{use_i18n, I18n};
use crate::ui::eager::IntoAnySync;
use crate::ui::later::later;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::collections::{HashMap, HashSet};
pub use sync::{Part, SaveStatus, Sync};

/// Storage for values that hold browser objects: thread-local in the browser. On the
/// server they hold nothing that is not `Send`, and a rendered board may be dropped on
/// another thread than the one that rendered it, so plain shared storage.
#[cfg(feature = "ssr")]
pub type BrowserStorage = SyncStorage;
#[cfg(not(feature = "ssr"))]
pub type BrowserStorage = LocalStorage;

/// A value only the browser tracks (editing, dragging, a keyboard hold, presence): a memo
/// there. On the server none of these can be active yet, so it is the default value,
/// without the reactive node that each of 500 cards would otherwise build and drop.
pub fn client_memo<T>(f: impl Fn() -> T + Send + std::marker::Sync + 'static) -> Signal<T>
where
    T: Clone + Default + PartialEq + Send + std::marker::Sync + 'static,
{
    #[cfg(feature = "ssr")]
    {
        let _ = f;
        Signal::stored(T::default())
    }
    #[cfg(not(feature = "ssr"))]
    {
        Memo::new(move |_| f()).into()
    }
}

/// Card ids of every cell, in display order.
pub type CellIndex = HashMap<(StageId, LaneId), Vec<CardId>>;

fn cell_index(map: &Map) -> CellIndex {
    let mut cards: Vec<_> = map.cards.values().collect();
    cards.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
    let mut index = CellIndex::new();
    for c in cards {
        index.entry((c.stage.clone(), c.lane.clone())).or_default().push(c.id.clone());
    }
    index
}

/// Stage and lane titles by id, for the cells' accessible names.
pub type Titles = (HashMap<StageId, String>, HashMap<LaneId, String>);

fn titles(map: &Map) -> Titles {
    (
        map.stages.iter().map(|(id, s)| (id.clone(), s.title.clone())).collect(),
        map.lanes.iter().map(|(id, l)| (id.clone(), l.title.clone())).collect(),
    )
}

/// Everything the parts of the board share.
#[derive(Clone, Copy)]
pub struct BoardCtx {
    pub sync: Sync,
    pub index: Memo<CellIndex>,
    pub titles: Memo<Titles>,
    pub stages: Memo<Vec<StageId>>,
    pub lanes: Memo<Vec<LaneId>>,
    pub drag: drag::CardDrag,
    pub held: RwSignal<Option<card::Held>>,
    pub editing: RwSignal<Option<CardId>>,
    /// Which cards show their actions (hovered or focused).
    pub actives: card::events::Actives,
    pub adding: RwSignal<Option<(StageId, LaneId)>>,
    /// Text for the `aria-live` region: what just happened, for screen readers.
    pub announce: RwSignal<String>,
    /// The workspace's persona library (names and colours of linked personas).
    pub library: RwSignal<Vec<Persona>>,
    /// The map's linked personas in map order, from the library (missing ones skipped).
    pub linked: Memo<Vec<Persona>>,
    /// (persona, stage) where step cards have feelings, so the curve follows the steps
    /// there and not the stage's own point (which then shows as set aside).
    pub stepped: Memo<HashSet<(PersonaId, StageId)>>,
    /// The custom channels of the library (names and icons of touchpoint channels).
    pub channels: StoredValue<Vec<Channel>>,
    /// Personas whose emotion curves the legend hides.
    /// The workspace's client segments (cards are scoped to them, personas belong to them).
    pub segments: StoredValue<Vec<crate::domain::segment::Segment>>,
    pub hidden_personas: RwSignal<HashSet<PersonaId>>,
    /// Live cursors: shown or hidden, and this browser's pointer waiting to be sent.
    pub cursors: cursors::CursorState,
    /// Board, channel matrix or priorities.
    pub view: RwSignal<views::View>,
    /// What the viewer may do here (the server checks every request regardless).
    pub role: Role,
    /// Changes the map: stages, lanes, every card (an editor or owner).
    pub can_edit: bool,
    /// Adds cards (an editor, an owner, or a workshop guest, who changes only their own).
    pub adds: bool,
    /// The share link the board was opened through, if any.
    pub share: StoredValue<Option<String>>,
    /// The map's customer feedback and what it says.
    pub evidence: evidence::Evidence,
    /// Search on the board.
    pub search: search::Search,
    /// The keyboard shortcuts list is open.
    pub help: RwSignal<bool>,
    /// The map's comments.
    pub talk: comments::Talk,
    pub zoom: zoom::Zoom,
    /// The last card deleted here ("Card … deleted", with this browser's edit count then).
    pub deleted: RwSignal<Option<(String, u64)>>,
    /// Cards selected to be changed together (see `selection`).
    pub selected: RwSignal<HashSet<CardId>>,
    pub boxing: selection::BoxSelect,
    /// The viewer's part in the map's workshop.
    pub workshop: workshop::Workshop,
    pub i18n: I18n,
}

impl BoardCtx {
    fn new(data: BoardData, filter: crate::domain::search::Filter, i18n: I18n) -> Self {
        let BoardData { map, personas, channels, segments, role, share, feedback, comments, me, own } = data;
        let talk = comments::Talk::new(comments, me.clone(), role, share.is_some());
        let can_edit = role.allows(Capability::Edit);
        let adds = role.adds_cards();
        let person = me.clone().or_else(|| share.clone()).unwrap_or_default();
        let zoom = zoom::Zoom::new(&map.id);
        let sync = Sync::new(map, i18n, !adds, share.clone(), own.filter(|_| role == Role::Participant), person);
        let share_for_workshop = share.clone();
        let channels = StoredValue::new(channels);
        let evidence = evidence::Evidence::new(feedback, sync);
        let library = RwSignal::new(personas);
        let segments = StoredValue::new(segments);
        let linked = Memo::new(move |_| {
            let ids = sync.read(&[Part::Meta], |m| m.personas.clone());
            library.with(|lib| ids.iter().filter_map(|id| lib.iter().find(|p| &p.id == id).cloned()).collect())
        });
        let stepped = Memo::new(move |_| {
            sync.read(&[Part::Facts], |m| {
                m.cards
                    .values()
                    .filter(|c| !c.details.feelings.is_empty())
                    .filter(|c| m.lanes.get(&c.lane).is_some_and(|l| l.kind == crate::domain::LaneKind::Steps))
                    .flat_map(|c| c.details.feelings.keys().map(|p| (p.clone(), c.stage.clone())))
                    .collect()
            })
        });
        BoardCtx {
            sync,
            stepped,
            index: Memo::new(move |_| sync.read(&[Part::Layout], cell_index)),
            titles: Memo::new(move |_| sync.read(&[Part::Structure], titles)),
            stages: Memo::new(move |_| {
                sync.read(&[Part::Structure], |m| m.ordered_stages().into_iter().map(|s| s.id.clone()).collect())
            }),
            lanes: Memo::new(move |_| {
                sync.read(&[Part::Structure], |m| m.ordered_lanes().into_iter().map(|l| l.id.clone()).collect())
            }),
            drag: drag::CardDrag::new(),
            held: RwSignal::new(None),
            editing: RwSignal::new(None),
            actives: card::events::Actives::new(),
            adding: RwSignal::new(None),
            announce: RwSignal::new(String::new()),
            library,
            linked,
            channels,
            segments,
            hidden_personas: RwSignal::new(HashSet::new()),
            cursors: cursors::CursorState::new(),
            view: RwSignal::new(views::View::Board),
            role,
            can_edit,
            adds,
            share: StoredValue::new(share),
            evidence,
            search: search::Search::new(sync.map, (library, segments), channels, evidence.summary, filter, i18n),
            help: RwSignal::new(false),
            talk,
            zoom,
            deleted: RwSignal::new(None),
            selected: RwSignal::new(HashSet::new()),
            boxing: selection::BoxSelect::new(),
            workshop: workshop::Workshop::new(role, share_for_workshop, sync),
            i18n,
        }
    }

    /// Whether this viewer may change card `id` (see [`Sync::may_change`]).
    pub fn may_change(&self, id: &CardId) -> bool {
        self.sync.may_change(id)
    }

    /// "<stage> — <lane>", the accessible name of a cell.
    pub fn cell_name(&self, stage: &StageId, lane: &LaneId) -> String {
        self.sync.map.with_untracked(|m| {
            let s = m.stages.get(stage).map(|s| s.title.as_str()).unwrap_or_default();
            let l = m.lanes.get(lane).map(|l| l.title.as_str()).unwrap_or_default();
            format!("{s} — {l}")
        })
    }
}

#[component]
pub fn BoardPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || MapId(params.read().get("id").unwrap_or_default());
    loaded_board(Resource::new(id, load_board), url_filter(), url_thread())
}

/// `/s/<token>`: the board of a share link, for anyone who has it, view only.
#[component]
pub fn SharedBoardPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    loaded_board(Resource::new(token, load_shared_board), url_filter(), url_thread())
}

/// The filters in the page's address (read on the server and in the browser alike, so the
/// hydrated board matches the rendered one).
fn url_filter() -> crate::domain::search::Filter {
    let params = leptos_router::hooks::use_query_map().get_untracked();
    crate::domain::search::Filter::from_query(|k| params.get_str(k))
}

/// `?thread=<id>` in the page's address (a link from the inbox), as it changes.
fn url_thread() -> Signal<Option<String>> {
    let query = leptos_router::hooks::use_query_map();
    Signal::derive(move || query.with(|q| q.get("thread")))
}

/// The board once its data has loaded, or the page that says why it did not.
fn loaded_board(
    data: Resource<Result<BoardData, crate::error::AppError>>,
    filter: crate::domain::search::Filter,
    thread: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <Suspense fallback=Loading>
            {move || {
                let filter = filter.clone();
                Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <Board data=data filter=filter thread=thread/> }.into_any_sync(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any_sync(),
                }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Board(
    data: BoardData,
    #[prop(optional)] filter: crate::domain::search::Filter,
    #[prop(optional)] thread: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let ctx = BoardCtx::new(data, filter, i18n);
    provide_context(ctx);
    headers::provide_lane_drag();
    let sync = ctx.sync;
    let title = Memo::new(move |_| sync.read(&[Part::Meta], |m| m.title.clone()));

    comments::wire(ctx, thread);
    evidence::wire(ctx);
    workshop::wire(ctx);
    follow::wire(ctx);
    // Live collaboration: connect once hydrated, leave when the board goes away.
    Effect::new(move |_| {
        // A member's undo and redo of an earlier visit, rebuilt from the log up to where
        // this board opened (what this visit does comes on top).
        if ctx.can_edit && ctx.share.with_value(Option::is_none) {
            let (id, upto) = sync.map.with_untracked(|m| (m.id.clone(), m.rev));
            leptos::task::spawn_local(async move {
                if let Ok(steps) = crate::api::history::my_steps(id, upto).await {
                    sync.restore_steps(steps.undo, steps.redo);
                }
            });
        }
        let (name, colour) = people::identity(i18n.locale.get_untracked().messages());
        if ctx.adds {
            sync.keep_offline();
        }
        sync.connect(name, colour);
    });
    // Only a browser has a connection to close; on the server the board's owner may be
    // dropped on another thread than the one that rendered it, where the connection's
    // thread-local storage must not be touched.
    #[cfg(not(feature = "ssr"))]
    on_cleanup(move || sync.close());
    // Tell the others which card this browser edits or holds.
    let holding =
        Memo::new(move |_| ctx.drag.card.get().or_else(|| ctx.held.with(|h| h.as_ref().map(|h| h.card.clone()))));
    Effect::new(move |prev: Option<()>| {
        let (editing, holding) = (ctx.editing.get(), holding.get());
        if prev.is_some() || editing.is_some() || holding.is_some() {
            sync.presence(editing, holding);
        }
    });

    shortcuts::wire(ctx);
    sync.warn_on_leave();
    let scroller = NodeRef::<leptos::html::Div>::new();
    zoom::wire(ctx, scroller);

    let board = NodeRef::<leptos::html::Div>::new();
    view! {
        <Title text=move || title.try_get().unwrap_or_default()/>
        <div class="board-page" class:read-only=!ctx.adds class:guest=ctx.role == Role::Participant
            class:locked=move || ctx.sync.workshop.with(|w| w.as_ref().is_none_or(|w| w.locked))>
            <toolbar::Toolbar/>
            <workshop::WorkshopBar/>
            {(!ctx.adds).then(|| view! {
                <div class="banner info" role="status">
                    <strong>{move || t().acc.read_only}</strong>
                    <span>{move || if ctx.share.with_value(Option::is_none) { t().acc.read_only_hint }
                        else if ctx.role.allows(Capability::Comment) { t().acc.shared_comment_banner } else { t().acc.shared_banner }}</span>
                </div>
            })}
            <Show when=move || sync.reload.get() || sync.moved.get()>
                <div class="banner error" role="alert">
                    <span>{move || if sync.moved.get() { t().ed.map_moved } else { t().reload_needed }}</span>
                    <button class="button" on:click=move |_| crate::ui::browser::reload()>{move || t().reload}</button>
                </div>
            </Show>
            {move || sync.message.get().map(|m| view! {
                <div class="banner error" role="alert">
                    <span>{m}</span>
                    <button class="button ghost" on:click=move |_| sync.message.set(None)>{move || t().dismiss}</button>
                </div>
            })}
            <undo_toast::UndoToast/>
            <present::Presentation/>
            <search::FilterChips/>
            <selection::SelectionBar/>
            <emotions::Legend/>
            <views::Timeline/>
            // The other views are never shown by the server: their code comes when opened.
            <Show when=move || ctx.view.get() == views::View::Channels>
                {later(views::matrix_view())}
            </Show>
            <Show when=move || ctx.view.get() == views::View::Priorities>
                {later(views::priorities_view())}
            </Show>
            <Show when=move || ctx.view.get() == views::View::Insights>
                {later(evidence::insights_view())}
            </Show>
            <Show when=move || ctx.view.get() == views::View::History>
                {later(history::history_view())}
            </Show>
            <evidence::FeedbackPanel/>
            <comments::CommentsPanel/>
            <div class="board-view" class:hidden=move || ctx.view.get() != views::View::Board>
            <search::SearchBar/>
            <p class="hint" id="drag-hint">{move || t().drag_hint}</p>
            <div class="visually-hidden" aria-live="assertive" aria-atomic="true">{move || ctx.announce.get()}</div>
            <div class="board-scroll" data-board-scroll="" node_ref=scroller on:scroll=move |_| ctx.workshop.scrolled.update(|n| *n = n.wrapping_add(1))>
                <cursors::CursorLayer/>
                <selection::SelectBox/>
                <grid::Grid board=board/>
                <headers::AddLane/>
                <Show when=move || ctx.stages.with(Vec::is_empty) && ctx.lanes.with(Vec::is_empty)>
                    <p class="empty">{move || t().empty_board}</p>
                </Show>
            </div>
            </div>
        </div>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod ssr_tests;
