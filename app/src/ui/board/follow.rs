//! "Follow me": a facilitator's board leads, and the others' boards go where it is (its
//! scroll, as fractions so any screen lines up, and the stage it presents). Anyone can stop
//! following and follow again.

use super::BoardCtx;
use crate::api::workshop::lead_workshop;
use crate::domain::facilitation::ViewAt;
use leptos::prelude::*;

/// Where this board is now: its scroll as fractions and the stage it presents.
fn here(stage: Option<crate::domain::StageId>) -> ViewAt {
    #[cfg(not(feature = "ssr"))]
    {
        use wasm_bindgen::JsCast;
        let window = leptos::prelude::window();
        let frac = |pos: f64, range: f64| if range > 1.0 { (pos / range) as f32 } else { 0.0 };
        let scroller = document()
            .query_selector("[data-board-scroll]")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        let x =
            scroller.map_or(0.0, |s| frac(f64::from(s.scroll_left()), f64::from(s.scroll_width() - s.client_width())));
        let page = document().document_element().map_or(0.0, |d| f64::from(d.scroll_height()));
        let inner = window.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let y = frac(window.scroll_y().unwrap_or(0.0), page - inner);
        ViewAt { x, y, stage }.clean()
    }
    #[cfg(feature = "ssr")]
    ViewAt { x: 0.0, y: 0.0, stage }
}

/// Scrolls this board to where the leader's is.
fn go_to(at: &ViewAt) {
    #[cfg(not(feature = "ssr"))]
    {
        use wasm_bindgen::JsCast;
        let window = leptos::prelude::window();
        if let Some(s) = document()
            .query_selector("[data-board-scroll]")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let range = f64::from(s.scroll_width() - s.client_width());
            s.set_scroll_left((f64::from(at.x) * range).round() as i32);
        }
        let page = document().document_element().map_or(0.0, |d| f64::from(d.scroll_height()));
        let inner = window.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        window.scroll_to_with_x_and_y(window.scroll_x().unwrap_or(0.0), f64::from(at.y) * (page - inner).max(0.0));
    }
    #[cfg(feature = "ssr")]
    let _ = at;
}

/// Wires following: a leading board sends where it is as it scrolls or presents (at most
/// five times a second; the server paces it too), a following one goes there.
pub fn wire(ctx: BoardCtx) {
    let sync = ctx.sync;
    let ws = ctx.workshop;
    let leading = Memo::new(move |_| {
        let me = sync.me.get();
        sync.workshop.with(|w| w.as_ref().and_then(|w| w.lead.as_ref()).is_some_and(|l| !me.is_empty() && l.conn == me))
    });
    let send = move || {
        if leading.get_untracked() {
            sync.view(here(ws.presenting.get_untracked()));
        }
    };
    // The stage presented, and the first view once leading.
    Effect::new(move |_| {
        ws.presenting.track();
        if leading.get() {
            send();
        }
    });
    #[cfg(not(feature = "ssr"))]
    {
        let last = StoredValue::new(0.0f64);
        let pending = StoredValue::new(false);
        let on_scroll = move || {
            if !leading.get_untracked() {
                return;
            }
            let now = js_sys_now();
            if now - last.get_value() >= 200.0 {
                last.set_value(now);
                send();
            } else if !pending.get_value() {
                // The last position of a burst goes too, once it is due.
                pending.set_value(true);
                set_timeout(
                    move || {
                        pending.set_value(false);
                        last.set_value(js_sys_now());
                        send();
                    },
                    std::time::Duration::from_millis(200),
                );
            }
        };
        let page = window_event_listener(leptos::ev::scroll, move |_| on_scroll());
        on_cleanup(move || page.remove());
        // The board scrolls sideways in its own box (its scroll events do not reach the
        // window): the board bumps `scrolled`.
        Effect::new(move |_| {
            ws.scrolled.track();
            on_scroll();
        });
    }
    // Following: go where the leader is, present what they present.
    Effect::new(move |_| {
        let Some(at) = sync.lead_view.get() else { return };
        if !ws.following.get_untracked() {
            return;
        }
        if at.stage != ws.presenting.get_untracked() {
            ws.presenting.set(at.stage.clone());
        }
        go_to(&at);
    });
    // A new leader is followed (unless this person stopped following before).
    Effect::new(move |prev: Option<Option<String>>| {
        let lead = sync.workshop.with(|w| w.as_ref().and_then(|w| w.lead.as_ref().map(|l| l.conn.clone())));
        if lead.is_some() && prev.as_ref().is_some_and(|p| *p != lead) {
            ws.following.set(true);
        }
        lead
    });
}

#[cfg(not(feature = "ssr"))]
fn js_sys_now() -> f64 {
    leptos::prelude::window().performance().map_or(0.0, |p| p.now())
}

/// The facilitator's "Follow me" (pressed while they lead), and a follower's "Stop
/// following" / "Follow <name>".
#[component]
pub fn FollowControls() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t().ws;
    let (sync, ws) = (ctx.sync, ctx.workshop);
    let lead = move || sync.workshop.with(|w| w.as_ref().and_then(|w| w.lead.clone()));
    let leading = move || {
        let me = sync.me.get();
        lead().is_some_and(|l| !me.is_empty() && l.conn == me)
    };
    let toggle = Action::new(move |on: &bool| {
        let conn = on.then(|| sync.me.get_untracked());
        lead_workshop(sync.map_id(), conn)
    });
    Effect::new(move |_| match toggle.value().get() {
        Some(Ok(w)) => sync.workshop.set(Some(w)),
        Some(Err(e)) => sync.message.set(Some(e.message(ctx.i18n.t()))),
        None => {}
    });
    let other = move || lead().filter(|l| l.conn != sync.me.get());
    view! {
        {move || ws.facilitator.then(|| view! {
            <button class="button" aria-pressed=move || leading().to_string()
                on:click=move |_| { toggle.dispatch(!leading()); }>
                {move || t().follow_me}
            </button>
        })}
        {move || other().map(|l| {
            let name = l.name.clone();
            view! {
                <span class="following" role="status">
                    {move || ws.following.get().then(|| t().following.replace("{name}", &name))}
                </span>
                <button class="button" on:click=move |_| {
                    let now = !ws.following.get_untracked();
                    ws.following.set(now);
                    if now {
                        if let Some(at) = sync.lead_view.get_untracked() {
                            ws.presenting.set(at.stage.clone());
                            go_to(&at);
                        }
                    }
                }>
                    {move || if ws.following.get() { t().stop_following.to_owned() } else { t().follow_again.replace("{name}", &l.name) }}
                </button>
            }
        })}
    }
}
