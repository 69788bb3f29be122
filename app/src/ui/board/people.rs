//! Who is on the map: the "People here" list, and this browser's display name and colour
//! (remembered in local storage until accounts exist).

use super::BoardCtx;
use crate::i18n::Messages;
use crate::protocol::Status;
use crate::ui::browser;
use crate::ui::widgets::initials;
use leptos::prelude::*;

/// "I'm done" and "Raise hand": toggles of what this browser signals to the room (one at a
/// time; pressing the pressed one takes it back).
#[component]
pub fn StatusButtons() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let sync = ctx.sync;
    let mine = move || {
        sync.people.with(|people| sync.me.with(|me| people.iter().find(|p| &p.id == me).and_then(|p| p.status)))
    };
    let toggle = move |s: Status| {
        let next = if mine() == Some(s) { None } else { Some(s) };
        sync.status(next);
    };
    view! {
        <button class="button ghost small" aria-pressed=move || (mine() == Some(Status::Done)).to_string()
            on:click=move |_| toggle(Status::Done)>{move || t().im_done}</button>
        <button class="button ghost small" aria-pressed=move || (mine() == Some(Status::Hand)).to_string()
            on:click=move |_| toggle(Status::Hand)>{move || t().raise_hand}</button>
    }
}

/// Colours that read well behind white initials.
const COLOURS: [&str; 8] = ["#2f5bea", "#c2410c", "#15803d", "#9333ea", "#be123c", "#0e7490", "#a16207", "#4d7c0f"];

/// This browser's name and colour, made up once ("Guest 417") and remembered.
pub fn identity(t: &Messages) -> (String, String) {
    let name =
        browser::stored("jornada_name").unwrap_or_else(|| format!("{} {}", t.guest, 100 + (random() * 900.0) as u32));
    let colour = browser::stored("jornada_colour")
        .unwrap_or_else(|| COLOURS[(random() * COLOURS.len() as f64) as usize % COLOURS.len()].to_owned());
    browser::store("jornada_name", &name);
    browser::store("jornada_colour", &colour);
    (name, colour)
}

/// A number in [0, 1] from uuid's random bytes (in the browser, its crypto source).
fn random() -> f64 {
    let b = uuid::Uuid::new_v4().into_bytes();
    f64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])) / f64::from(u32::MAX)
}

#[component]
pub fn People() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let sync = ctx.sync;
    view! {
        <ul class="people" aria-label=move || t().people_here>
            <For
                each=move || sync.people.get()
                key=|p| (p.id.clone(), p.name.clone(), p.colour.clone(), p.status)
                let:person
            >
                {
                    let me = {
                        let id = person.id.clone();
                        move || sync.me.with(|m| *m == id)
                    };
                    let name = person.name.clone();
                    view! {
                        <li class="person" title=name.clone()>
                            <span class="avatar" style=format!("background:{}", person.colour) aria-hidden="true">
                                {initials(&person.name)}
                            </span>
                            <span class="person-name">
                                {name.clone()}
                                {move || me().then(|| format!(" ({})", t().you))}
                            </span>
                            {person.status.map(|s| {
                                // Drawn, not an emoji: a hand needs a font many machines lack.
                                let (mark, class) = match s {
                                    Status::Done => ("M3 8.5 L6.5 12 L13 4.5", "status done"),
                                    Status::Hand => ("M5 14 L4 8 M5 14 L11 14 L13 9 L12 8 L11 10 L11 3 M9 9 L9 2 M7 9 L7 2.5 M5 9 L5 3.5", "status hand"),
                                };
                                view! {
                                    <span class=class>
                                        <svg class="status-mark" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                                            <path d=mark fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/>
                                        </svg>
                                        <span class="visually-hidden">{move || match s {
                                            Status::Done => t().is_done,
                                            Status::Hand => t().hand_raised,
                                        }}</span>
                                    </span>
                                }
                            })}
                        </li>
                    }
                }
            </For>
        </ul>
    }
}
