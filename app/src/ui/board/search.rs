//! Search on the board (Ctrl/Cmd+F or the toolbar's "Search"): matching cards stay
//! bright, the rest dim, "n of m" with next and previous, which scroll to and focus the
//! match. One generated style rule does the highlighting, so no card builds anything for
//! search: a 500-card board stays as light as without it.

use super::BoardCtx;
use crate::domain::search::matches;
use crate::domain::CardId;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Search {
    pub open: RwSignal<bool>,
    pub query: RwSignal<String>,
    /// The match shown as current (an index into `hits`).
    pub current: RwSignal<usize>,
    pub hits: Memo<Vec<CardId>>,
}

impl Search {
    pub fn new(
        map: RwSignal<crate::domain::Map>,
        channels: StoredValue<Vec<crate::domain::channel::Channel>>,
        i18n: crate::i18n::I18n,
    ) -> Self {
        let query = RwSignal::new(String::new());
        let open = RwSignal::new(false);
        let hits = Memo::new(move |_| {
            if !open.get() {
                return Vec::new();
            }
            let q = query.get();
            let t = i18n.t();
            map.with(|m| {
                channels.with_value(|custom| {
                    matches(m, &q, |c| {
                        c.details.channel.as_deref().map(|ch| t.channel_label(custom, ch)).unwrap_or_default()
                    })
                })
            })
        });
        Search { open, query, current: RwSignal::new(0), hits }
    }

    /// Opens the bar and puts the focus in its field.
    pub fn show(self) {
        self.open.set(true);
        crate::ui::browser::focus_soon("board-search".into());
    }

    fn step(self, by: isize) {
        let n = self.hits.with_untracked(Vec::len);
        if n == 0 {
            return;
        }
        let next = (self.current.get_untracked() as isize + by).rem_euclid(n as isize) as usize;
        self.current.set(next);
        if let Some(id) = self.hits.with_untracked(|h| h.get(next).cloned()) {
            crate::ui::browser::reveal_card(id.as_str());
        }
    }
}

/// The style rule that dims every card but the matches (and rings the current one).
fn highlight(hits: &[CardId], current: usize) -> String {
    let list = hits.iter().map(|id| format!("[data-card=\"{}\"]", id.as_str())).collect::<Vec<_>>().join(",");
    let mut css = String::from(".board.searching .card{opacity:.28}");
    if !list.is_empty() {
        css.push_str(&format!(".board.searching :is({list}){{opacity:1;box-shadow:0 0 0 2px var(--accent)}}"));
    }
    if let Some(id) = hits.get(current) {
        css.push_str(&format!(".board.searching [data-card=\"{}\"]{{box-shadow:0 0 0 3px var(--focus)}}", id.as_str()));
    }
    css
}

#[component]
pub fn SearchBar() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let s = ctx.search;
    // A new query starts at its first match.
    Effect::new(move |_| {
        s.query.track();
        s.current.set(0);
    });
    let count = move || {
        let n = s.hits.with(Vec::len);
        if s.query.with(|q| q.trim().is_empty()) {
            String::new()
        } else if n == 0 {
            t().no_matches.to_owned()
        } else {
            t().match_of.replace("{n}", &(s.current.get().min(n - 1) + 1).to_string()).replace("{m}", &n.to_string())
        }
    };
    let close = move || {
        s.open.set(false);
        s.query.set(String::new());
    };
    view! {
        <Show when=move || s.open.get()>
            <div class="search-bar" role="search" aria-label=move || t().search_board>
                <input
                    id="board-search"
                    type="search"
                    aria-label=move || t().search_board
                    placeholder=move || t().search_board
                    autocomplete="off"
                    prop:value=move || s.query.get()
                    on:input=move |ev| s.query.set(event_target_value(&ev))
                    on:keydown=move |ev| match ev.key().as_str() {
                        "Enter" => {
                            ev.prevent_default();
                            s.step(if ev.shift_key() { -1 } else { 1 });
                        }
                        "Escape" => close(),
                        _ => {}
                    }
                />
                <span class="search-count" role="status" aria-live="polite">{count}</span>
                <button class="icon-button" aria-label=move || t().previous_match on:click=move |_| s.step(-1)
                    disabled=move || s.hits.with(Vec::is_empty)>"↑"</button>
                <button class="icon-button" aria-label=move || t().next_match on:click=move |_| s.step(1)
                    disabled=move || s.hits.with(Vec::is_empty)>"↓"</button>
                <button class="icon-button" aria-label=move || t().close_search on:click=move |_| close()>"×"</button>
            </div>
            <style>{move || highlight(&s.hits.get(), s.current.get())}</style>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_names_only_matches_and_rings_the_current_one() {
        let hits = vec![CardId::from("a1"), CardId::from("b-2")];
        let css = highlight(&hits, 1);
        assert!(css.contains(":is([data-card=\"a1\"],[data-card=\"b-2\"])"));
        assert!(css.ends_with("[data-card=\"b-2\"]{box-shadow:0 0 0 3px var(--focus)}"));
        let none = highlight(&[], 0);
        assert_eq!(none, ".board.searching .card{opacity:.28}");
    }
}
