//! Lane headers (a row header per lane: title and kind) and "Add lane" with its kind.

use super::{BoardCtx, Header, HeaderDrag, Item};
use crate::domain::{Lane, LaneId, LaneKind, Map, Op};
use crate::i18n::Messages;
use crate::ui::board::Part;
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;

impl Item for LaneId {
    const HORIZONTAL: bool = false;
    const ROLE: &'static str = "rowheader";
    const TITLE_CLASS: &'static str = "lane-title";
    const SELECTOR: &'static str = ".board-row .lane-header:not(.dragging)";

    fn order(ctx: BoardCtx) -> Memo<Vec<Self>> {
        ctx.lanes
    }

    fn move_op(m: &Map, id: &Self, index: usize) -> Option<Op> {
        let current = m.ordered_lanes().iter().position(|l| l.id == *id)?;
        (current != index).then(|| Op::MoveLane { id: id.clone(), order: m.lane_key_at(index, Some(id)) })
    }

    fn rename_op(id: &Self, title: String) -> Op {
        Op::EditLane { id: id.clone(), title }
    }

    fn delete_op(id: &Self) -> Op {
        Op::DeleteLane { id: id.clone() }
    }

    fn cards(m: &Map, id: &Self) -> usize {
        m.cards_in_lane(id).len()
    }

    fn title_label(t: &'static Messages) -> &'static str {
        t.lane_title
    }

    fn delete_label(t: &'static Messages) -> &'static str {
        t.delete_lane
    }

    fn delete_confirm(t: &'static Messages) -> &'static str {
        t.delete_lane_confirm
    }
}

/// Shared drag state of lane headers (they live in different rows).
#[derive(Clone, Copy)]
pub struct LaneDrag(RwSignal<Option<HeaderDrag>>);

pub fn provide_lane_drag() {
    provide_context(LaneDrag(RwSignal::new(None)));
}

#[component]
pub fn LaneHeader(lane: LaneId) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let data = {
        let id = lane.clone();
        Memo::new(move |_| ctx.sync.read(&[Part::Structure], |m| m.lanes.get(&id).cloned()))
    };
    let title = Signal::derive(move || data.with(|l| l.as_ref().map(|l| l.title.clone()).unwrap_or_default()));
    let kind = move || data.with(|l| l.as_ref().map(|l| l.kind).unwrap_or(LaneKind::Text));
    let renaming = RwSignal::new(false);
    let header = Header {
        id: lane,
        title,
        renaming: renaming.into(),
        set_renaming: Callback::new(move |on: bool| renaming.set(on)),
        drag: expect_context::<LaneDrag>().0,
    };
    let id = header.id.clone();
    header.view(
        move || format!("lane-header kind-{}", kind().as_str()),
        // The kind, unless the title already says it; a menu that changes it for editors
        // (the cards keep every field: those the new kind does not show stay hidden).
        move || {
            let id = id.clone();
            move || {
                if ctx.can_edit && ctx.role != crate::domain::Role::Participant {
                    let id = id.clone();
                    let change = move |ev: leptos::ev::Event| {
                        if let Some(k) = LaneKind::parse(&event_target_value(&ev)) {
                            if k != kind() {
                                ctx.sync.commit(Op::SetLaneKind { id: id.clone(), kind: k });
                            }
                        }
                    };
                    Some(
                        view! {
                            <select class="lane-kind lane-kind-menu"
                                aria-label=move || t().lane_kind_of.replace("{title}", &title.get())
                                on:change=change>
                                {LaneKind::ALL
                                    .into_iter()
                                    .map(|k| view! {
                                        <option value=k.as_str() selected=kind() == k prop:selected=move || kind() == k>{move || t().lane_kind(k)}</option>
                                    })
                                    .collect_view()}
                            </select>
                        }
                        .into_any_sync(),
                    )
                } else {
                    (title.get() != t().lane_kind(kind()))
                        .then(|| view! { <span class="lane-kind">{t().lane_kind(kind())}</span> }.into_any_sync())
                }
            }
        },
        (),
    )
}

#[component]
pub fn AddLane() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let kind = RwSignal::new(LaneKind::Thoughts);
    let add = move |_| {
        let k = kind.get_untracked();
        let lane = ctx.sync.map.with_untracked(|m| Lane {
            id: LaneId::generate(),
            kind: k,
            title: t().lane_kind(k).to_owned(),
            order: m.lane_key_at(usize::MAX, None),
        });
        ctx.sync.commit(Op::AddLane { lane, cards: vec![] });
    };
    view! {
        <div class="add-lane">
            <label class="field inline">
                <span>{move || t().lane_kind}</span>
                <select on:change=move |ev| {
                    if let Some(k) = LaneKind::parse(&event_target_value(&ev)) {
                        kind.set(k);
                    }
                }>
                    {LaneKind::ALL
                        .into_iter()
                        .map(|k| view! { <option value=k.as_str() selected=move || kind.get() == k>{move || t().lane_kind(k)}</option> })
                        .collect_view()}
                </select>
            </label>
            <button class="button ghost" on:click=add>
                <span aria-hidden="true">"+ "</span>
                {move || t().add_lane}
            </button>
        </div>
    }
}
