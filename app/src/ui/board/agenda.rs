//! A workshop's agenda: the facilitator lists its steps ("Brainstorm pain points, 8 min")
//! and moves the room through them; everyone sees the current one. A step with minutes
//! starts the timer when the room gets there.

use super::BoardCtx;
use crate::api::workshop::{go_to_step, set_agenda};
use crate::domain::facilitation::{AgendaStep, WorkshopState};
use crate::domain::workshop::MAX_TIMER_MINUTES;
use crate::error::AppError;
use crate::ui::eager::IntoAnySync;
use leptos::prelude::*;

#[component]
pub fn Agenda() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t().ws;
    let state = ctx.sync.workshop;
    let facilitator = ctx.workshop.facilitator;
    let steps = Memo::new(move |_| state.with(|w| w.as_ref().map(|w| (w.agenda.clone(), w.step)).unwrap_or_default()));
    let error = RwSignal::new(None::<String>);
    let took = move |r: Option<Result<WorkshopState, AppError>>| match r {
        Some(Ok(w)) => {
            error.set(None);
            state.set(Some(w));
        }
        Some(Err(e)) => error.set(Some(e.message(ctx.i18n.t()))),
        None => {}
    };
    let save = Action::new(move |steps: &Vec<AgendaStep>| set_agenda(ctx.sync.map_id(), steps.clone()));
    let go = Action::new(move |step: &Option<usize>| go_to_step(ctx.sync.map_id(), *step));
    Effect::new(move |_| took(save.value().get()));
    Effect::new(move |_| took(go.value().get()));
    let title = RwSignal::new(String::new());
    let minutes = RwSignal::new(String::new());
    let add = move || {
        let name = title.get_untracked();
        if name.trim().is_empty() {
            return;
        }
        let mut all = steps.get_untracked().0;
        all.push(AgendaStep { title: name, minutes: minutes.with_untracked(|m| m.trim().parse().ok()) });
        save.dispatch(all);
        title.set(String::new());
        minutes.set(String::new());
    };
    let current = move || steps.with(|(s, at)| at.and_then(|i| s.get(i).map(|x| x.title.clone())));
    view! {
        <Show when=move || facilitator || steps.with(|(s, _)| !s.is_empty())>
            <section class="agenda" role="region" aria-label=move || t().agenda>
                <h2>{move || t().agenda}</h2>
                {move || current().map(|c| view! { <p class="agenda-now" role="status">{t().now_step.replace("{title}", &c)}</p> })}
                {move || {
                    let (all, at) = steps.get();
                    if all.is_empty() {
                        return view! { <p class="muted">{move || t().no_agenda}</p> }.into_any_sync();
                    }
                    view! {
                        <ol class="agenda-steps">
                            {all.iter().enumerate().map(|(i, s)| {
                                let label = t().remove_step.replace("{title}", &s.title);
                                let minutes = s.minutes.map(|m| format!(" · {m} min")).unwrap_or_default();
                                let here = at == Some(i);
                                view! {
                                    <li class:current=here aria-current=here.then_some("step")>
                                        <span>{s.title.clone()}{minutes}</span>
                                        {facilitator.then(|| view! {
                                            <button class="button ghost small" aria-label=label.clone() title=label
                                                on:click=move |_| {
                                                    let mut rest = steps.get_untracked().0;
                                                    if i < rest.len() {
                                                        rest.remove(i);
                                                    }
                                                    save.dispatch(rest);
                                                }>"×"</button>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any_sync()
                }}
                <Show when=move || facilitator>
                    <div class="agenda-controls">
                        <button class="button small" disabled=move || steps.with(|(_, at)| at.is_none()) || go.pending().get()
                            on:click=move |_| {
                                let at = steps.get_untracked().1;
                                go.dispatch(at.and_then(|i| i.checked_sub(1)));
                            }>{move || t().previous_step}</button>
                        <button class="button small primary"
                            disabled=move || steps.with(|(s, at)| at.map_or(s.is_empty(), |i| i + 1 >= s.len())) || go.pending().get()
                            on:click=move |_| {
                                let at = steps.get_untracked().1;
                                go.dispatch(Some(at.map_or(0, |i| i + 1)));
                            }>{move || t().next_step}</button>
                    </div>
                    <form class="agenda-add" on:submit=move |ev| {
                        ev.prevent_default();
                        add();
                    }>
                        <label class="field inline">
                            <span>{move || t().step_title}</span>
                            <input type="text" maxlength="80" prop:value=move || title.get()
                                on:input=move |ev| title.set(event_target_value(&ev))/>
                        </label>
                        <label class="field inline">
                            <span>{move || t().step_minutes}</span>
                            <input type="number" min="1" max=MAX_TIMER_MINUTES.to_string() prop:value=move || minutes.get()
                                on:input=move |ev| minutes.set(event_target_value(&ev))/>
                        </label>
                        <button type="submit" class="button small">{move || t().add_step}</button>
                    </form>
                </Show>
                {crate::ui::widgets::error_line(error)}
            </section>
        </Show>
    }
}
