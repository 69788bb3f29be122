//! "Mark reviewed": a living map is revisited against new evidence every few weeks. The
//! popover sets the cadence, records a review with a note, and shows the review log.

use super::super::BoardCtx;
use crate::api::reviews::{map_reviews, mark_reviewed, set_review_cadence};
use crate::domain::review::{Cadence, Reviews};
use crate::ui::eager::IntoAnySync;
use crate::ui::widgets::{error_line, on_result};
use leptos::prelude::*;

/// The cadences offered, in weeks.
const CADENCES: [u8; 7] = [1, 2, 4, 8, 12, 26, 52];

#[component]
pub fn ReviewControl() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let map = ctx.sync.map.with_untracked(|m| m.id.clone());
    let open = RwSignal::new(false);
    let reviews = RwSignal::new(Reviews::default());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let load = {
        let map = map.clone();
        Action::new(move |_: &()| {
            let map = map.clone();
            async move { map_reviews(map).await }
        })
    };
    on_result(load, ctx.i18n, error, move |r| reviews.set(r));
    let record = {
        let map = map.clone();
        Action::new(move |text: &String| {
            let (map, text) = (map.clone(), text.clone());
            async move { mark_reviewed(map, text).await }
        })
    };
    on_result(record, ctx.i18n, error, move |r| {
        reviews.set(r);
        note.set(String::new());
        saved.set(true);
    });
    let cadence = Action::new(move |weeks: &Option<u8>| {
        let (map, weeks) = (map.clone(), *weeks);
        async move { set_review_cadence(map, weeks).await }
    });
    on_result(cadence, ctx.i18n, error, move |r| reviews.set(r));
    // Counted from the last review (the map's creation date is the dashboard's business).
    let next = move || {
        reviews.with(|r| {
            r.last()
                .and_then(|e| crate::domain::review::next_review(r.cadence, Some(e.at.date_naive()), e.at.date_naive()))
        })
    };
    view! {
        <div class="review-control" on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
            <button class="button" aria-haspopup="dialog" aria-expanded=move || open.get().to_string()
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    if open.get_untracked() {
                        saved.set(false);
                        load.dispatch(());
                    }
                }>
                {move || t().ins.mark_reviewed}
            </button>
            <Show when=move || open.get()>
                <div class="popover review-popover" role="dialog" aria-label=move || t().ins.mark_reviewed>
                    <p class="popover-title">{move || t().ins.mark_reviewed}</p>
                    <form class="review-form" on:submit=move |ev| {
                        ev.prevent_default();
                        saved.set(false);
                        record.dispatch(note.get_untracked());
                    }>
                        <label class="field">
                            <span>{move || t().ins.review_note}</span>
                            <textarea rows="2" maxlength=crate::domain::review::MAX_NOTE.to_string()
                                aria-label=move || t().ins.review_note
                                prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        </label>
                        <button type="submit" class="button primary" disabled=move || record.pending().get()>
                            {move || t().ev.save_review}
                        </button>
                    </form>
                    {move || saved.get().then(|| view! { <p class="notice" role="status">{t().ev.review_saved}</p> })}
                    {error_line(error)}
                    <label class="field">
                        <span>{move || t().ins.review_cadence}</span>
                        <select on:change=move |ev| {
                            let weeks = event_target_value(&ev).parse::<u8>().ok();
                            cadence.dispatch(weeks);
                        }>
                            <option value="" selected=move || reviews.with(|r| r.cadence.is_none())>
                                {move || t().review_cadence(None)}
                            </option>
                            {CADENCES.into_iter().filter_map(|w| Cadence::new(w).ok()).map(|c| view! {
                                <option value=c.weeks().to_string() selected=move || reviews.with(|r| r.cadence == Some(c))>
                                    {move || t().review_cadence(Some(c))}
                                </option>
                            }).collect_view()}
                        </select>
                    </label>
                    {move || next().map(|d| view! {
                        <p class="muted small">{t().ins.next_review.replace("{date}", &t().date(d))}</p>
                    })}
                    {move || reviews.with(|r| r.last().cloned()).map(|last| {
                        let summary = ctx.evidence.summary.get();
                        let now = ctx.evidence.bottlenecks.get();
                        let since = crate::domain::review::since(&last, &summary, &now);
                        let lines = ctx.sync.map.with(|m| t().since_review(&since, m, summary.scale));
                        view! {
                            <p class="popover-title">{t().ins.since_last_review}</p>
                            <ul class="since-review" role="list" aria-label=t().ins.since_last_review>
                                {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                            </ul>
                        }
                    })}
                    <p class="popover-title">{move || t().ins.review_log}</p>
                    {move || {
                        let log = reviews.get().log;
                        if log.is_empty() {
                            return view! { <p class="muted small">{t().ev.no_reviews}</p> }.into_any_sync();
                        }
                        view! {
                            <ul class="review-log" role="list" aria-label=t().ins.review_log>
                                {log.into_iter().rev().take(10).map(|e| {
                                    let who = t().ins.reviewed_by.replace("{date}", &t().date(e.at.date_naive())).replace("{name}", &e.name);
                                    view! {
                                        <li>
                                            <strong>{who}</strong>
                                            {(!e.note.is_empty()).then(|| view! { <p class="small">{e.note.clone()}</p> })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any_sync()
                    }}
                </div>
            </Show>
        </div>
    }
}
