//! The row of stage headers: a column header per stage (title, expected duration,
//! description) and "Add stage", which opens the new stage's title for editing.

use super::{BoardCtx, DescriptionField, Header, HeaderDrag, Item};
use crate::domain::{Map, Op, Stage, StageId};
use crate::i18n::Messages;
use crate::ui::board::Part;
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;

impl Item for StageId {
    const HORIZONTAL: bool = true;
    const ROLE: &'static str = "columnheader";
    const TITLE_CLASS: &'static str = "stage-title";
    const SELECTOR: &'static str = ".board-head .stage-header:not(.dragging)";

    fn order(ctx: BoardCtx) -> Memo<Vec<Self>> {
        ctx.stages
    }

    fn move_op(m: &Map, id: &Self, index: usize) -> Option<Op> {
        let current = m.ordered_stages().iter().position(|s| s.id == *id)?;
        (current != index).then(|| Op::MoveStage { id: id.clone(), order: m.stage_key_at(index, Some(id)) })
    }

    fn rename_op(id: &Self, title: String) -> Op {
        Op::EditStage { id: id.clone(), title: Some(title), description: None, duration: None }
    }

    fn delete_op(id: &Self) -> Op {
        Op::DeleteStage { id: id.clone() }
    }

    fn cards(m: &Map, id: &Self) -> usize {
        m.cards_in_stage(id).len()
    }

    fn title_label(t: &'static Messages) -> &'static str {
        t.stage_title
    }

    fn delete_label(t: &'static Messages) -> &'static str {
        t.delete_stage
    }

    fn delete_confirm(t: &'static Messages) -> &'static str {
        t.delete_stage_confirm
    }
}

#[component]
pub fn StageHeaderRow() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let renaming = RwSignal::new(None::<StageId>);
    let drag = RwSignal::new(None::<HeaderDrag>);
    let add_stage = move |_| {
        let stage = ctx.sync.map.with_untracked(|m| Stage {
            id: StageId::generate(),
            title: t().new_stage.to_owned(),
            description: String::new(),
            duration: String::new(),
            order: m.stage_key_at(usize::MAX, None),
        });
        let id = stage.id.clone();
        if ctx.sync.commit(Op::AddStage { stage, cards: vec![], emotions: Vec::new() }) {
            renaming.set(Some(id));
        }
    };
    view! {
        <div class="board-row board-head" role="row">
            <div class="corner" role="columnheader">
                <span class="visually-hidden">{move || t().lane_title}</span>
            </div>
            <For each=move || ctx.stages.get() key=|id| id.clone() let:id>
                <StageHeader id=id renaming=renaming drag=drag/>
            </For>
            <div class="add-column">
                <button class="button ghost" on:click=add_stage>
                    <span aria-hidden="true">"+ "</span>
                    {move || t().add_stage}
                </button>
            </div>
        </div>
    }
}

/// One stage's header; `renaming` is the row's, so "Add stage" can open the new one.
#[component]
fn StageHeader(id: StageId, renaming: RwSignal<Option<StageId>>, drag: RwSignal<Option<HeaderDrag>>) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let stage = {
        let id = id.clone();
        Memo::new(move |_| ctx.sync.read(&[Part::Structure], |m| m.stages.get(&id).cloned()))
    };
    let title = Signal::derive(move || stage.with(|s| s.as_ref().map(|s| s.title.clone()).unwrap_or_default()));
    let duration = Signal::derive(move || stage.with(|s| s.as_ref().map(|s| s.duration.clone()).unwrap_or_default()));
    let description =
        Signal::derive(move || stage.with(|s| s.as_ref().map(|s| s.description.clone()).unwrap_or_default()));
    let header = Header {
        id: id.clone(),
        title,
        renaming: Signal::derive({
            let id = id.clone();
            move || renaming.with(|r| r.as_ref() == Some(&id))
        }),
        set_renaming: Callback::new({
            let id = id.clone();
            move |on: bool| renaming.set(on.then(|| id.clone()))
        }),
        drag,
    };
    let description_id = id.clone();
    let description_field = DescriptionField {
        label: |t| t.stage_description,
        hint: |t| t.stage_description_hint,
        class: "stage-description",
        value: description,
        save: Callback::new(move |v: String| {
            ctx.sync.commit(Op::EditStage {
                id: description_id.clone(),
                title: None,
                description: Some(v),
                duration: None,
            });
        }),
    };
    header.view(
        || "stage-header".to_owned(),
        || (),
        view! {
            <DurationField id=id.clone() value=duration/>
            <super::super::evidence::StageEvidenceLine stage=id.clone()/>
            <super::super::evidence::Bottlenecks stage=id.clone()/>
            <div class="stage-talk"><super::super::comments::PlaceTalk anchor=crate::domain::comment::Anchor::Stage(id)/></div>
            {description_field.view(ctx)}
        },
    )
}

/// The expected duration of a stage, edited in place (shown as text to those who may not edit).
#[component]
fn DurationField(id: StageId, value: Signal<String>) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    if !ctx.can_edit {
        return view! { <span class="duration">{move || value.get()}</span> }.into_any_sync();
    }
    view! {
        <input
            class="duration"
            type="text"
            maxlength="60"
            placeholder=move || t().duration
            aria-label=move || t().duration
            prop:value=move || value.get()
            on:change=move |ev| {
                let v = event_target_value(&ev);
                if v != value.get_untracked() {
                    ctx.sync.commit(Op::EditStage { id: id.clone(), title: None, description: None, duration: Some(v) });
                }
            }
        />
    }
    .into_any_sync()
}
