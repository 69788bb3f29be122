//! Search and filters on the board. Search (Ctrl/Cmd+F or the toolbar's "Search"):
//! matching cards stay bright, the rest dim, "n of m" with next and previous, which scroll
//! to and focus the match. Filters (lane kind, tag, channel, severity, colour, author,
//! persona, client segment, with feedback) combine with it, show as removable chips and live in the URL, so a filtered
//! board can be shared. One generated style rule does the highlighting, so no card builds
//! anything for them: a 500-card board stays as light as without.

use super::BoardCtx;
use crate::domain::search::{found, Filter};
use crate::domain::{CardId, Colour, LaneKind, Severity};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Search {
    pub open: RwSignal<bool>,
    pub query: RwSignal<String>,
    pub filter: RwSignal<Filter>,
    /// The match shown as current (an index into `hits`).
    pub current: RwSignal<usize>,
    pub hits: Memo<Vec<CardId>>,
}

impl Search {
    pub fn new(
        map: RwSignal<crate::domain::Map>,
        libraries: (RwSignal<Vec<crate::domain::Persona>>, StoredValue<Vec<crate::domain::segment::Segment>>),
        channels: StoredValue<Vec<crate::domain::channel::Channel>>,
        summary: RwSignal<crate::domain::feedback::FeedbackSummary>,
        filter: Filter,
        i18n: crate::i18n::I18n,
    ) -> Self {
        let query = RwSignal::new(String::new());
        let open = RwSignal::new(false);
        let filter = RwSignal::new(filter);
        let hits = Memo::new(move |_| {
            let q = if open.get() { query.get() } else { String::new() };
            let f = filter.get();
            if q.trim().is_empty() && f.is_empty() {
                return Vec::new();
            }
            let f = libraries.0.with(|personas| libraries.1.with_value(|segments| f.resolved(personas, segments)));
            let t = i18n.t();
            summary.with(|s| {
                map.with(|m| {
                    channels.with_value(|custom| {
                        let answered = |id: &CardId| s.card(id).is_some_and(|e| e.count > 0);
                        found(m, &q, &f, answered, |c| {
                            c.details.channel.as_deref().map(|ch| t.channel_label(custom, ch)).unwrap_or_default()
                        })
                    })
                })
            })
        });
        Search { open, query, filter, current: RwSignal::new(0), hits }
    }

    /// Whether the board is narrowed: a search with words, or a filter.
    pub fn active(self) -> bool {
        (self.open.get() && !self.query.with(|q| q.trim().is_empty())) || !self.filter.with(Filter::is_empty)
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
        if !s.active() {
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
                    type="text"
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
        </Show>
        <Show when=move || s.active()>
            <style>{move || highlight(&s.hits.get(), s.current.get())}</style>
        </Show>
    }
}

/// "Filter": the board's filters in a popover, and the active ones as removable chips.
#[component]
pub fn FilterBar() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let f = ctx.search.filter;
    let open = RwSignal::new(false);
    // The URL follows the filters, so the address bar can be shared.
    Effect::new(move |prev: Option<()>| {
        let q = f.with(Filter::to_query);
        if prev.is_some() {
            crate::ui::browser::replace_query(&q);
        }
    });
    let tags =
        Memo::new(move |_| ctx.sync.map.with(|m| super::tags::map_tags(m.cards.values().map(|c| c.tags.clone()))));
    let channels = Memo::new(move |_| {
        ctx.sync.map.with(|m| {
            let mut used: Vec<String> = m.cards.values().filter_map(|c| c.details.channel.clone()).collect();
            used.sort();
            used.dedup();
            used
        })
    });
    let set = move |change: &dyn Fn(&mut Filter)| f.update(|x| change(x));
    let select = move |label: fn(&'static crate::i18n::Messages) -> &'static str,
                       options: Signal<Vec<(String, String)>>,
                       current: Signal<Option<String>>,
                       put: fn(&mut Filter, &str)| {
        view! {
            <label class="field">
                <span>{move || label(t())}</span>
                <select on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(&|x: &mut Filter| put(x, &v));
                }>
                    <option value="" selected=move || current.get().is_none()>{move || t().filter_any}</option>
                    {move || options.get().into_iter().map(|(v, name)| {
                        let v2 = v.clone();
                        view! { <option value=v selected=move || current.get().as_deref() == Some(v2.as_str())>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
        }
    };
    let kinds = Signal::derive(move || {
        LaneKind::ALL.into_iter().map(|k| (k.as_str().to_owned(), t().lane_kind(k).to_owned())).collect()
    });
    let tag_options = Signal::derive(move || tags.get().into_iter().map(|x| (x.clone(), format!("#{x}"))).collect());
    let channel_options = Signal::derive(move || {
        channels
            .get()
            .into_iter()
            .map(|c| {
                let name = ctx.channels.with_value(|custom| t().channel_label(custom, &c));
                (c, name)
            })
            .collect()
    });
    let severities = Signal::derive(move || {
        Severity::ALL.into_iter().map(|s| (s.as_str().to_owned(), t().severity_name(s).to_owned())).collect()
    });
    let colours = Signal::derive(move || {
        Colour::ALL.into_iter().map(|c| (c.as_str().to_owned(), t().colour(c).to_owned())).collect()
    });
    let segments = Signal::derive(move || {
        ctx.segments.with_value(|l| l.iter().map(|s| (s.id.clone(), s.name.clone())).collect::<Vec<_>>())
    });
    let personas = Signal::derive(move || {
        ctx.linked.get().into_iter().map(|p| (p.id.0.clone(), p.name.clone())).collect::<Vec<_>>()
    });
    // Read only while the filters are open: no work per op otherwise.
    let authors = Signal::derive(move || {
        ctx.sync.map.with(|m| {
            let mut names: Vec<String> = m.cards.values().filter_map(|c| c.author.clone()).collect();
            names.sort_by_cached_key(|n| crate::domain::search::fold(n));
            names.dedup();
            names
        })
    });
    let author_options = Signal::derive(move || authors.get().into_iter().map(|a| (a.clone(), a)).collect::<Vec<_>>());
    view! {
        <div class="filter-control" on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
            <button class="button" aria-haspopup="dialog" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || t().filter}
                {move || { let n = f.with(|x| x.to_query().len()); (n > 0).then(|| format!(" ({n})")) }}
            </button>
            <Show when=move || open.get()>
                <div class="popover filter-popover" role="dialog" aria-label=move || t().filter_board>
                    {select(|t| t.filter_kind, kinds, Signal::derive(move || f.with(|x| x.kind.map(|k| k.as_str().to_owned()))), |x, v| x.kind = LaneKind::parse(v))}
                    {select(|t| t.tags, tag_options, Signal::derive(move || f.with(|x| x.tag.clone())), |x, v| x.tag = (!v.is_empty()).then(|| v.to_owned()))}
                    {select(|t| t.channel, channel_options, Signal::derive(move || f.with(|x| x.channel.clone())), |x, v| x.channel = (!v.is_empty()).then(|| v.to_owned()))}
                    {select(|t| t.severity, severities, Signal::derive(move || f.with(|x| x.severity.map(|s| s.as_str().to_owned()))), |x, v| x.severity = Severity::parse(v))}
                    {select(|t| t.filter_colour, colours, Signal::derive(move || f.with(|x| x.colour.map(|c| c.as_str().to_owned()))), |x, v| x.colour = Colour::ALL.into_iter().find(|c| c.as_str() == v))}
                    {move || (!authors.with(Vec::is_empty)).then(|| select(|t| t.ed.author, author_options, Signal::derive(move || f.with(|x| x.author.clone())), |x, v| x.author = (!v.is_empty()).then(|| v.to_owned())))}
                    {move || (!personas.with(Vec::is_empty)).then(|| select(|t| t.ed.persona, personas, Signal::derive(move || f.with(|x| x.persona.as_ref().map(|p| p.0.clone()))), |x, v| x.persona = (!v.is_empty()).then(|| crate::domain::PersonaId::from_str(v))))}
                    {move || (!segments.with(Vec::is_empty)).then(|| select(|t| t.segment, segments, Signal::derive(move || f.with(|x| x.segment.clone())), |x, v| x.segment = (!v.is_empty()).then(|| v.to_owned())))}
                    <label class="check">
                        <input type="checkbox" prop:checked=move || f.with(|x| x.evidence)
                            on:change=move |ev| { let on = event_target_checked(&ev); set(&|x: &mut Filter| x.evidence = on); }/>
                        <span>{move || t().filter_evidence}</span>
                    </label>
                    <button class="button ghost" on:click=move |_| f.set(Filter::default())>{move || t().clear_filters}</button>
                </div>
            </Show>
        </div>
    }
}

/// The active filters as chips, each removable.
#[component]
pub fn FilterChips() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let f = ctx.search.filter;
    let chips = move || {
        let x = f.get();
        let t = t();
        let mut out: Vec<(String, fn(&mut Filter))> = Vec::new();
        if let Some(k) = x.kind {
            out.push((format!("{}: {}", t.filter_kind, t.lane_kind(k)), |f| f.kind = None));
        }
        if let Some(tag) = &x.tag {
            out.push((format!("{}: #{tag}", t.tags), |f| f.tag = None));
        }
        if let Some(c) = &x.channel {
            out.push((
                format!("{}: {}", t.channel, ctx.channels.with_value(|custom| t.channel_label(custom, c))),
                |f| f.channel = None,
            ));
        }
        if let Some(s) = x.severity {
            out.push((format!("{}: {}", t.severity, t.severity_name(s)), |f| f.severity = None));
        }
        if let Some(c) = x.colour {
            out.push((format!("{}: {}", t.filter_colour, t.colour(c)), |f| f.colour = None));
        }
        if let Some(a) = &x.author {
            out.push((format!("{}: {a}", t.ed.author), |f| f.author = None));
        }
        if let Some(p) = &x.persona {
            let name = ctx.library.with(|l| l.iter().find(|q| &q.id == p).map(|q| q.name.clone()));
            out.push((format!("{}: {}", t.ed.persona, name.unwrap_or_default()), |f| f.persona = None));
        }
        if let Some(s) = &x.segment {
            let name = ctx.segments.with_value(|l| crate::domain::segment::name_of(l, s).map(str::to_owned));
            out.push((format!("{}: {}", t.segment, name.unwrap_or_default()), |f| f.segment = None));
        }
        if x.evidence {
            out.push((t.filter_evidence.to_owned(), |f| f.evidence = false));
        }
        out
    };
    view! {
            <ul class="filter-chips" role="list" aria-label=move || t().active_filters>
                {move || chips().into_iter().map(|(label, clear)| {
                    let name = t().remove_filter.replace("{filter}", &label);
                    view! {
                        <li class="chip">
                            <span>{label}</span>
                            <button class="icon-button" aria-label=name on:click=move |_| f.update(|x| clear(x))>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
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
