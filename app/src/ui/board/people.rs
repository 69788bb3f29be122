//! Who is on the map: the "People here" list, and this browser's display name and colour
//! (remembered in local storage until accounts exist).

use super::BoardCtx;
use crate::i18n::Messages;
use leptos::prelude::*;

/// Colours that read well behind white initials.
const COLOURS: [&str; 8] = ["#2f5bea", "#c2410c", "#15803d", "#9333ea", "#be123c", "#0e7490", "#a16207", "#4d7c0f"];

/// This browser's name and colour, made up once ("Guest 417") and remembered.
pub fn identity(t: &Messages) -> (String, String) {
    #[cfg(not(feature = "ssr"))]
    {
        let storage = window().local_storage().ok().flatten();
        let get = |k: &str| storage.as_ref().and_then(|s| s.get_item(k).ok().flatten()).filter(|v| !v.is_empty());
        let name =
            get("jornada_name").unwrap_or_else(|| format!("{} {}", t.guest, 100 + (js_sys_random() * 900.0) as u32));
        let colour = get("jornada_colour")
            .unwrap_or_else(|| COLOURS[(js_sys_random() * COLOURS.len() as f64) as usize % COLOURS.len()].to_owned());
        if let Some(s) = &storage {
            let _ = s.set_item("jornada_name", &name);
            let _ = s.set_item("jornada_colour", &colour);
        }
        (name, colour)
    }
    #[cfg(feature = "ssr")]
    {
        (t.guest.to_owned(), COLOURS[0].to_owned())
    }
}

#[cfg(not(feature = "ssr"))]
fn js_sys_random() -> f64 {
    // uuid's random bytes come from the browser's crypto source.
    let b = uuid::Uuid::new_v4().into_bytes();
    f64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])) / f64::from(u32::MAX)
}

/// Two letters for an avatar: the initials of the first two words, or the first two letters.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let s: String = match words.as_slice() {
        [a, b, ..] => a.chars().take(1).chain(b.chars().take(1)).collect(),
        [a] => a.chars().take(2).collect(),
        [] => "?".into(),
    };
    s.to_uppercase()
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

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_of_names() {
        assert_eq!(initials("Ana Souza"), "AS");
        assert_eq!(initials("гость 417"), "Г4");
        assert_eq!(initials("Bo"), "BO");
        assert_eq!(initials(""), "?");
    }
}
