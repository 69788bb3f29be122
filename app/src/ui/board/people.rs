//! Who is on the map: the "People here" list, and this browser's display name and colour
//! (remembered in local storage until accounts exist).

use super::BoardCtx;
use crate::i18n::Messages;
use crate::ui::browser;
use crate::ui::widgets::initials;
use leptos::prelude::*;

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
                key=|p| (p.id.clone(), p.name.clone(), p.colour.clone())
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
                        </li>
                    }
                }
            </For>
        </ul>
    }
}
