//! The workshop timer: the same time left on every device (read against the server's
//! clock), "Time is up" when it runs out; facilitators (owners and editors) start, pause,
//! lengthen and reset it.

use super::BoardCtx;
use crate::api::workshop::set_timer;
use crate::domain::workshop::{clock, TimerAction, DEFAULT_TIMER_MINUTES, MAX_TIMER_MINUTES};
use leptos::prelude::*;

/// The "Timer" region: shown once a timer is set, and to facilitators always.
#[component]
pub fn TimerPanel() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let sync = ctx.sync;
    let facilitator = ctx.can_edit && ctx.share.with_value(Option::is_none);
    // Ticks four times a second so the clock reads the time left now.
    let tick = RwSignal::new(0u32);
    // (Only a browser ticks: on the server the interval would reach for `window`.)
    #[cfg(not(feature = "ssr"))]
    if let Ok(handle) = set_interval_with_handle(
        move || {
            // Only a running timer changes what it shows.
            if sync.timer.with_untracked(|tm| tm.as_ref().is_some_and(|tm| tm.running())) {
                tick.update(|n| *n = n.wrapping_add(1));
            }
        },
        std::time::Duration::from_millis(250),
    ) {
        on_cleanup(move || handle.clear());
    }
    let left = Memo::new(move |_| {
        tick.track();
        let now = chrono::Utc::now() + chrono::Duration::milliseconds(sync.skew_ms.get_value());
        sync.timer.with(|tm| tm.as_ref().map(|tm| (tm.left_at(now), tm.running(), tm.over(now))))
    });
    let minutes = RwSignal::new(DEFAULT_TIMER_MINUTES.to_string());
    let error = RwSignal::new(None::<String>);
    let act = Action::new(move |action: &TimerAction| {
        let (id, (name, minutes)) = (sync.map.with_untracked(|m| m.id.clone()), action.parts());
        async move { set_timer(id, name.to_owned(), minutes).await }
    });
    Effect::new(move |_| match act.value().get() {
        Some(Ok(timer)) => {
            error.set(None);
            // Shown at once; the socket brings everyone the same.
            sync.timer.set(Some(timer));
        }
        Some(Err(e)) => error.set(Some(e.message(t()))),
        None => {}
    });
    // "Sound at the end": a short chime when a timer this board watched run reaches zero
    // (off unless switched on here; the switch is also the gesture browsers ask before
    // they play sound).
    let sound = RwSignal::new(crate::ui::browser::stored("jornada_timer_sound").is_some_and(|v| v == "on"));
    Effect::new(move |was_over: Option<bool>| {
        let over = left.get().is_some_and(|(_, _, over)| over);
        if over && was_over == Some(false) && sound.get_untracked() {
            chime();
        }
        over
    });
    let chosen = move || minutes.with(|m| m.trim().parse::<u32>().ok()).filter(|m| (1..=MAX_TIMER_MINUTES).contains(m));
    let shown = move || facilitator || sync.timer.with(Option::is_some);
    view! {
        <Show when=shown>
            <section class="timer" role="region" aria-label=move || t().timer>
                <span class="timer-clock" class:over=move || left.get().is_some_and(|(_, _, over)| over)
                    aria-live="off">
                    {move || left.get().map_or_else(|| clock(i64::from(DEFAULT_TIMER_MINUTES) * 60_000), |(ms, ..)| clock(ms))}
                </span>
                <span role="status" class="timer-up">
                    {move || left.get().is_some_and(|(_, _, over)| over).then(|| t().time_up)}
                </span>
                <Show when=move || facilitator>
                    <label class="field inline timer-minutes">
                        <span>{move || t().timer_minutes}</span>
                        <input type="number" min="1" max=MAX_TIMER_MINUTES.to_string() inputmode="numeric"
                            prop:value=move || minutes.get() on:input=move |ev| minutes.set(event_target_value(&ev))/>
                    </label>
                    <Show when=move || !left.get().is_some_and(|(_, running, over)| running && !over)
                        fallback=move || view! {
                            <button class="button small" disabled=move || act.pending().get()
                                on:click=move |_| { act.dispatch(TimerAction::Pause); }>{move || t().pause_timer}</button>
                        }>
                        <button class="button small primary" disabled=move || act.pending().get()
                            on:click=move |_| {
                                // A length typed anew starts the timer anew; otherwise it resumes.
                                let typed = chosen();
                                let same = sync.timer.with_untracked(|tm| tm.as_ref().map(|tm| tm.duration_ms))
                                    == typed.map(|m| i64::from(m) * 60_000);
                                let paused = left.get_untracked().is_some_and(|(ms, running, _)| !running && ms > 0);
                                let minutes = if same && paused { None } else { typed };
                                act.dispatch(TimerAction::Start { minutes });
                            }>{move || t().start_timer}</button>
                    </Show>
                    <button class="button ghost small" disabled=move || act.pending().get() || sync.timer.with(Option::is_none)
                        on:click=move |_| { act.dispatch(TimerAction::AddMinute); }>{move || t().add_minute}</button>
                    <button class="button ghost small" disabled=move || act.pending().get() || sync.timer.with(Option::is_none)
                        on:click=move |_| { act.dispatch(TimerAction::Reset { minutes: chosen() }); }>{move || t().reset_timer}</button>
                </Show>
                <button class="button ghost small" aria-pressed=move || sound.get().to_string()
                    on:click=move |_| {
                        let on = !sound.get_untracked();
                        sound.set(on);
                        crate::ui::browser::store("jornada_timer_sound", if on { "on" } else { "off" });
                        if on {
                            chime();
                        }
                    }>
                    {move || t().ws.sound}
                </button>
                {crate::ui::widgets::error_line(error)}
            </section>
        </Show>
    }
}

/// Two short tones (the timer is up). Nothing on the server or without audio.
fn chime() {
    #[cfg(not(feature = "ssr"))]
    {
        let Ok(ctx) = web_sys::AudioContext::new() else { return };
        let now = ctx.current_time();
        for (i, freq) in [880.0f32, 660.0].into_iter().enumerate() {
            let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else { return };
            osc.set_type(web_sys::OscillatorType::Sine);
            osc.frequency().set_value(freq);
            let start = now + i as f64 * 0.35;
            let _ = gain.gain().set_value_at_time(0.0, start);
            let _ = gain.gain().linear_ramp_to_value_at_time(0.3, start + 0.02);
            let _ = gain.gain().linear_ramp_to_value_at_time(0.0, start + 0.3);
            let _ = osc.connect_with_audio_node(&gain).and_then(|_| gain.connect_with_audio_node(&ctx.destination()));
            let _ = osc.start_with_when(start);
            let _ = osc.stop_with_when(start + 0.32);
        }
    }
}
