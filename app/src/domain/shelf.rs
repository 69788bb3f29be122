//! The dashboard's list of maps: found by the words of their title or content (case and
//! accents ignored, as on the board), narrowed to a card tag or a linked persona, sorted
//! by last change, title or next review.

use super::search::fold;
use super::{MapId, MapSummary, PersonaId};
use std::collections::HashSet;

/// Tags a map's summary carries, most used first.
pub const MAX_SHOWN_TAGS: usize = 50;
/// Longest query the search takes (more is cut).
pub const MAX_QUERY: usize = 200;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    /// Most recently changed first.
    #[default]
    Changed,
    /// By title, as the language's readers expect (case and accents ignored).
    Title,
    /// The next review due first; maps without a cadence last.
    Review,
}

impl SortBy {
    pub const ALL: [SortBy; 3] = [SortBy::Changed, SortBy::Title, SortBy::Review];

    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::Changed => "changed",
            SortBy::Title => "title",
            SortBy::Review => "review",
        }
    }

    pub fn parse(s: &str) -> SortBy {
        SortBy::ALL.into_iter().find(|x| x.as_str() == s).unwrap_or_default()
    }
}

/// What the dashboard shows of the maps.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shelf {
    pub query: String,
    pub tag: Option<String>,
    pub persona: Option<PersonaId>,
    pub sort: SortBy,
}

/// Whether every word of `query` is in `text` (both compared folded).
pub fn has_words(query: &str, text: &str) -> bool {
    let text = fold(text);
    fold(query).split_whitespace().all(|w| text.contains(w))
}

/// The maps to show, in order. `found` is the maps whose content (not only the title)
/// has the query's words, as the server found them; until it answers, the titles alone
/// decide.
pub fn arrange(maps: &[MapSummary], shelf: &Shelf, found: Option<&HashSet<MapId>>) -> Vec<MapSummary> {
    let query = shelf.query.trim();
    let mut out: Vec<MapSummary> = maps
        .iter()
        .filter(|m| query.is_empty() || has_words(query, &m.title) || found.is_some_and(|f| f.contains(&m.id)))
        .filter(|m| shelf.tag.as_ref().is_none_or(|t| m.tags.contains(t)))
        .filter(|m| shelf.persona.as_ref().is_none_or(|p| m.personas.contains(p)))
        .cloned()
        .collect();
    match shelf.sort {
        SortBy::Changed => out.sort_by(|a, b| b.updated_at.cmp(&a.updated_at)),
        SortBy::Title => out.sort_by_cached_key(|m| (fold(m.title.trim()), m.id.clone())),
        SortBy::Review => out.sort_by(|a, b| {
            let key = |m: &MapSummary| (m.next_review.is_none(), m.next_review, fold(&m.title));
            key(a).cmp(&key(b))
        }),
    }
    out
}

/// The tags of all the maps, most maps first, then alphabetically.
pub fn all_tags(maps: &[MapSummary]) -> Vec<String> {
    let mut count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for m in maps {
        for t in &m.tags {
            *count.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut tags: Vec<(&str, usize)> = count.into_iter().collect();
    tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| fold(a.0).cmp(&fold(b.0))));
    tags.into_iter().map(|(t, _)| t.to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};

    fn map(id: &str, title: &str, day: u32, review: Option<u32>, tags: &[&str], personas: &[&str]) -> MapSummary {
        MapSummary {
            id: MapId::from(id),
            title: title.into(),
            card_count: 0,
            updated_at: Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0).unwrap(),
            review_due: false,
            next_review: review.map(|d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap()),
            no_new_evidence: false,
            personas: personas.iter().map(|p| PersonaId::from_str(p)).collect(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
        }
    }

    fn shelf() -> Vec<MapSummary> {
        vec![
            map("a", "Recepção da clínica", 3, Some(20), &["recepção"], &["marina"]),
            map("b", "Массаж: путь клиента", 9, None, &[], &["olga"]),
            map("c", "after-care", 5, Some(10), &["recepção", "follow-up"], &[]),
        ]
    }

    fn ids(v: &[MapSummary]) -> Vec<&str> {
        v.iter().map(|m| m.id.as_str()).collect()
    }

    #[test]
    fn titles_are_found_without_case_or_accents_in_three_languages() {
        let maps = shelf();
        let find = |q: &str| ids(&arrange(&maps, &Shelf { query: q.into(), ..Default::default() }, None)).join(",");
        assert_eq!(find("RECEPCAO"), "a");
        assert_eq!(find("массаж клиента"), "b");
        assert_eq!(find("AFTER"), "c");
        assert_eq!(find("nothing"), "");
        assert_eq!(find("  "), "b,c,a", "no query: every map, last changed first");
    }

    #[test]
    fn content_found_by_the_server_counts_as_found() {
        let maps = shelf();
        let found: HashSet<MapId> = [MapId::from("b")].into();
        let s = Shelf { query: "waiting room".into(), ..Default::default() };
        assert_eq!(ids(&arrange(&maps, &s, Some(&found))), ["b"]);
    }

    #[test]
    fn tags_and_personas_narrow_and_combine() {
        let maps = shelf();
        let s = Shelf { tag: Some("recepção".into()), ..Default::default() };
        assert_eq!(ids(&arrange(&maps, &s, None)), ["c", "a"]);
        let s =
            Shelf {
                tag: Some("recepção".into()), persona: Some(PersonaId::from_str("marina")), ..Default::default()
            };
        assert_eq!(ids(&arrange(&maps, &s, None)), ["a"]);
        assert_eq!(all_tags(&maps), ["recepção", "follow-up"], "most maps first");
    }

    #[test]
    fn sorts_by_title_and_by_next_review() {
        let maps = shelf();
        let by = |sort| ids(&arrange(&maps, &Shelf { sort, ..Default::default() }, None)).join(",");
        assert_eq!(by(SortBy::Title), "c,a,b", "a, r, м: case ignored");
        assert_eq!(by(SortBy::Review), "c,a,b", "10 Dec, 20 Dec, then no cadence");
        assert_eq!(SortBy::parse("title"), SortBy::Title);
        assert_eq!(SortBy::parse("bogus"), SortBy::Changed);
    }
}
