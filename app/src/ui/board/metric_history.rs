//! A metric's dated readings and the touchpoint it measures: the trend line on the card
//! and the part of the card's field editor that records readings, forgets them, and ties
//! the metric to a touchpoint card of the map.

use super::BoardCtx;
use crate::domain::text::cut_chars;
use crate::domain::{CardDetails, CardId, LaneKind, Metric, Trend};
use crate::i18n::Messages;
use crate::ui::eager::IntoAnySync;
use chrono::NaiveDate;
use leptos::prelude::*;

/// Width and height of the trend line on a card, in CSS pixels.
const SPARK_W: f64 = 56.0;
const SPARK_H: f64 = 16.0;

/// The trend line of a metric with two readings or more, named for screen readers
/// ("Trend: 3 readings from 1 Nov 2026 to 1 Dec 2026, getting better").
pub fn trend_line(t: &'static Messages, m: &Metric) -> Option<AnyView> {
    let points = m.sparkline(SPARK_W, SPARK_H)?;
    let label = t.metric_trend(m)?;
    let class = match m.trend() {
        Some(Trend::Better) => "better",
        Some(Trend::Worse) => "worse",
        _ => "steady",
    };
    let name = label.clone();
    let view_box = format!("-2 -2 {} {}", SPARK_W + 4.0, SPARK_H + 4.0);
    Some(
        view! {
            <svg class=format!("sparkline trend-{class}") role="img" aria-label=name
                viewBox=view_box width=SPARK_W + 4.0 height=SPARK_H + 4.0>
                <title>{label}</title>
                <polyline points=points fill="none"/>
            </svg>
        }
        .into_any_sync(),
    )
}

/// The touchpoint cards of the map, in board order: (id, "stage · text").
fn touchpoints(ctx: &BoardCtx) -> Vec<(CardId, String)> {
    ctx.sync.map.with(|map| {
        let mut found: Vec<_> = map
            .cards
            .values()
            .filter_map(|c| {
                let lane = map.lanes.get(&c.lane).filter(|l| l.kind == LaneKind::Touchpoints)?;
                let stage = map.stages.get(&c.stage)?;
                Some(((&stage.order, &lane.order, &c.order), stage, c))
            })
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
            .into_iter()
            .map(|(_, stage, c)| {
                (c.id.clone(), format!("{} · {}", cut_chars(stage.title.trim(), 24), cut_chars(c.text.trim(), 48)))
            })
            .collect()
    })
}

/// Today in the browser's time zone (the day a reading is usually taken).
fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The editor of a metric's readings and its touchpoint. `set` changes the card's fields
/// and saves them as one edit.
pub fn history_editor(
    details: Memo<CardDetails>,
    set: impl Fn(Box<dyn Fn(&mut CardDetails)>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let options = Memo::new(move |_| touchpoints(&ctx));
    let date = RwSignal::new(today().format("%Y-%m-%d").to_string());
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let add = move || {
        let Ok(on) = NaiveDate::parse_from_str(date.get_untracked().trim(), "%Y-%m-%d") else {
            error.set(Some(t().ed.date_needed));
            return;
        };
        let Some(v) = value.get_untracked().trim().replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite())
        else {
            error.set(Some(t().ed.value_not_a_number));
            return;
        };
        error.set(None);
        value.set(String::new());
        set(Box::new(move |d| d.metric.get_or_insert_with(Metric::default).record(on, v)));
    };
    let readings = move || details.with(|d| d.metric.as_ref().map(|m| m.history.clone()).unwrap_or_default());
    view! {
        <label class="field inline">
            <span>{move || t().ed.measures}</span>
            <select on:change=move |ev| {
                let v = event_target_value(&ev);
                set(Box::new(move |d| {
                    d.metric.get_or_insert_with(Metric::default).touchpoint = (!v.is_empty()).then(|| CardId(v.clone()));
                }));
            }>
                <option value="" selected=move || details.with(|d| d.metric.as_ref().is_none_or(|m| m.touchpoint.is_none()))>
                    {move || t().ed.measures_none}
                </option>
                {move || options.get().into_iter().map(|(id, label)| {
                    let selected = {
                        let id = id.clone();
                        move || details.with(|d| d.metric.as_ref().and_then(|m| m.touchpoint.as_ref()) == Some(&id))
                    };
                    view! { <option value=id.0 selected=selected>{label}</option> }
                }).collect_view()}
            </select>
        </label>
        <fieldset class="metric-history">
            <legend>{move || t().ed.metric_history}</legend>
            {move || details.with(|d| d.metric.as_ref().and_then(|m| trend_line(t(), m)))}
            <ul class="readings">
                {move || {
                    let unit = details.with(|d| d.metric.as_ref().map(|m| m.unit.clone()).unwrap_or_default());
                    let rows = readings();
                    if rows.is_empty() {
                        return view! { <li class="hint">{t().ed.no_readings}</li> }.into_any_sync();
                    }
                    rows.into_iter().rev().map(|r| {
                        let t = t();
                        let day = t.date(r.on);
                        let on = r.on;
                        view! {
                            <li>
                                <span class="on">{day.clone()}</span>
                                <span class="value">{format!("{} {unit}", t.number(r.value)).trim().to_owned()}</span>
                                <button class="icon-button" aria-label=t.ed.remove_reading.replace("{date}", &day)
                                    title=t.ed.remove_reading.replace("{date}", &day)
                                    on:click=move |_| set(Box::new(move |d| {
                                        if let Some(m) = d.metric.as_mut() {
                                            m.forget(on);
                                        }
                                    }))>"×"</button>
                            </li>
                        }
                    }).collect_view().into_any_sync()
                }}
            </ul>
            <div class="add-reading">
                <label class="field inline">
                    <span>{move || t().ed.reading_date}</span>
                    <input type="date" prop:value=move || date.get()
                        on:input=move |ev| date.set(event_target_value(&ev))/>
                </label>
                <label class="field inline">
                    <span>{move || t().ed.reading_value}</span>
                    <input type="text" inputmode="decimal" size="8" prop:value=move || value.get()
                        aria-invalid=move || error.get().is_some().then_some("true")
                        on:input=move |ev| value.set(event_target_value(&ev))
                        on:keydown=move |ev| {
                            if ev.key() == "Enter" {
                                ev.prevent_default();
                                add();
                            }
                        }/>
                </label>
                <button class="button small" on:click=move |_| add()>{move || t().ed.add_reading}</button>
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </fieldset>
    }
}
