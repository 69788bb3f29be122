//! Finding cards on a board: the query and each card's words compared with case and the
//! accents of Portuguese (and Russian "ё") ignored, so "avaliacao" finds "Avaliação".

use super::{Card, CardId, Colour, LaneKind, Map, Severity};

/// `s` in lower case without diacritics: what search and name matching compare.
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'ё' => 'е',
            c => c,
        })
        .collect()
}

/// The cards matching `query` in board order (stage, then lane, then place in the cell):
/// every word of the query must be in the card's text, tags or fields (`extra` gives
/// the words of a card's fields that need a library, such as its channel's name).
pub fn matches(map: &Map, query: &str, extra: impl Fn(&Card) -> String) -> Vec<CardId> {
    let words: Vec<String> = fold(query).split_whitespace().map(str::to_owned).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<CardId> = map
        .cards
        .values()
        .filter(|c| {
            let mut hay = fold(&c.text);
            for t in &c.tags {
                hay.push(' ');
                hay.push_str(&fold(t));
            }
            if let Some(m) = &c.details.metric {
                hay.push(' ');
                hay.push_str(&fold(&m.unit));
            }
            hay.push(' ');
            hay.push_str(&fold(&extra(c)));
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .map(|c| c.id.clone())
        .collect();
    sort_board(map, &mut found);
    found
}

/// The board's filters, combinable (a card must pass every one that is set), kept in the
/// page's URL so a filtered board can be shared: `?kind=pain_points&tag=waiting`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Filter {
    pub kind: Option<LaneKind>,
    pub tag: Option<String>,
    pub channel: Option<String>,
    pub severity: Option<Severity>,
    pub colour: Option<Colour>,
    /// A client segment's id: the cards about it (those scoped to it and those about
    /// every client).
    pub segment: Option<String>,
    /// A linked persona: its curve alone, and the cards about its segment (see
    /// [`Filter::resolved`]).
    pub persona: Option<super::PersonaId>,
    /// Who added the cards (a name, as the cards record it).
    pub author: Option<String>,
    /// The persona's segment id, filled in from the libraries by [`Filter::resolved`] (not
    /// in the URL).
    pub persona_segment: Option<String>,
    /// Only cards with customer feedback: touchpoints with answers, cards with evidence.
    pub evidence: bool,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// The filter with its persona's segment looked up: a persona of a segment keeps the
    /// cards about that segment and those about every client; one without a segment
    /// keeps every card.
    pub fn resolved(&self, personas: &[super::Persona], segments: &[super::segment::Segment]) -> Filter {
        let persona_segment = self
            .persona
            .as_ref()
            .and_then(|id| personas.iter().find(|p| &p.id == id))
            .and_then(|p| super::segment::named(segments, &p.segment))
            .map(|s| s.id.clone());
        Filter { persona_segment, ..self.clone() }
    }

    /// Whether card `c` (in a lane of `kind`; `answered`: it has feedback) passes.
    pub fn passes(&self, c: &Card, kind: Option<LaneKind>, answered: bool) -> bool {
        self.kind.is_none_or(|k| kind == Some(k))
            && self.tag.as_ref().is_none_or(|t| c.tags.iter().any(|x| fold(x) == fold(t)))
            && self.channel.as_ref().is_none_or(|ch| c.details.channel.as_ref() == Some(ch))
            && self.severity.is_none_or(|s| c.details.severity == Some(s))
            && self.colour.is_none_or(|col| c.colour == col)
            && self.segment.as_ref().is_none_or(|s| super::segment::applies(&c.details.segments, s))
            && self.persona_segment.as_ref().is_none_or(|s| super::segment::applies(&c.details.segments, s))
            && self.author.as_ref().is_none_or(|a| c.author.as_deref() == Some(a.as_str()))
            && (!self.evidence || answered || !c.details.evidence.is_empty())
    }

    /// The filter as query parameters (empty ones left out), in a stable order.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        if let Some(k) = self.kind {
            q.push(("kind", k.as_str().to_owned()));
        }
        if let Some(t) = &self.tag {
            q.push(("tag", t.clone()));
        }
        if let Some(c) = &self.channel {
            q.push(("channel", c.clone()));
        }
        if let Some(s) = self.severity {
            q.push(("severity", s.as_str().to_owned()));
        }
        if let Some(c) = self.colour {
            q.push(("colour", c.as_str().to_owned()));
        }
        if let Some(s) = &self.segment {
            q.push(("segment", s.clone()));
        }
        if let Some(p) = &self.persona {
            q.push(("persona", p.0.clone()));
        }
        if let Some(a) = &self.author {
            q.push(("author", a.clone()));
        }
        if self.evidence {
            q.push(("evidence", "1".to_owned()));
        }
        q
    }

    /// A filter from query parameters; unknown or malformed values are ignored.
    pub fn from_query<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Filter {
        let text = |k: &str| {
            get(k)
                .map(|v| v.trim().chars().take(super::model::MAX_TAG.max(64)).collect::<String>())
                .filter(|v| !v.is_empty())
        };
        Filter {
            kind: get("kind").and_then(LaneKind::parse),
            tag: text("tag"),
            channel: text("channel"),
            severity: get("severity").and_then(Severity::parse),
            colour: get("colour").and_then(|c| Colour::ALL.into_iter().find(|x| x.as_str() == c)),
            segment: get("segment").filter(|s| super::segment::Segment::is_id(s)).map(str::to_owned),
            persona: get("persona").map(super::PersonaId::from_str).filter(super::PersonaId::is_valid),
            persona_segment: None,
            author: text("author"),
            evidence: get("evidence") == Some("1"),
        }
    }
}

/// The cards passing `filter` and matching `query` (when not blank), in board order;
/// `answered` tells which cards have customer feedback.
pub fn found(
    map: &Map,
    query: &str,
    filter: &Filter,
    answered: impl Fn(&CardId) -> bool,
    extra: impl Fn(&Card) -> String,
) -> Vec<CardId> {
    let passes = |c: &Card| filter.passes(c, map.lanes.get(&c.lane).map(|l| l.kind), answered(&c.id));
    if query.trim().is_empty() {
        let mut all: Vec<CardId> = map.cards.values().filter(|c| passes(c)).map(|c| c.id.clone()).collect();
        let _ = &extra;
        sort_board(map, &mut all);
        return all;
    }
    matches(map, query, extra).into_iter().filter(|id| map.cards.get(id).is_some_and(|c| passes(c))).collect()
}

/// Sorts card ids in board order (stage, lane, place in the cell).
fn sort_board(map: &Map, ids: &mut [CardId]) {
    let stage_pos: std::collections::HashMap<_, _> =
        map.ordered_stages().iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
    let lane_pos: std::collections::HashMap<_, _> =
        map.ordered_lanes().iter().enumerate().map(|(i, l)| (l.id.clone(), i)).collect();
    ids.sort_by_cached_key(|id| {
        map.cards
            .get(id)
            .map(|c| (stage_pos.get(&c.stage).copied(), lane_pos.get(&c.lane).copied(), c.order.clone(), c.id.clone()))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::templates;

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Avaliação Pós-Procedimento"), "avaliacao pos-procedimento");
        assert_eq!(fold("Ёлка ЗАПИСЬ"), "елка запись");
        assert_eq!(fold("Café"), fold("CAFE"));
    }

    #[test]
    fn every_word_must_match_and_results_follow_the_board() {
        let (map, _, _) = templates::built(&templates::CLINIC, 0, "Clinic");
        let all = matches(&map, "a", |_| String::new());
        assert!(all.len() > 5);
        // Board order: stage positions never go backwards.
        let pos = |id: &CardId| {
            let c = &map.cards[id];
            map.ordered_stages().iter().position(|s| s.id == c.stage)
        };
        assert!(all.windows(2).all(|w| pos(&w[0]) <= pos(&w[1])));
        let some = &map.cards[&all[0]];
        let word = some.text.split_whitespace().next().unwrap_or_default().to_uppercase();
        assert!(matches(&map, &word, |_| String::new()).contains(&some.id));
        assert!(matches(&map, &format!("{word} zzzqqq"), |_| String::new()).is_empty());
        assert!(matches(&map, "   ", |_| String::new()).is_empty());
        // Fields named through the library count too.
        let id = all[1].clone();
        let hit = matches(&map, "whatsapp-ish", |c| if c.id == id { "WhatsApp-ish".into() } else { String::new() });
        assert_eq!(hit, vec![id]);
    }

    #[test]
    fn filters_combine_and_survive_the_url() {
        let (map, _, _) = templates::built(&templates::CLINIC, 0, "Clinic");
        let pains = Filter { kind: Some(LaneKind::PainPoints), ..Filter::default() };
        let found_pains = found(&map, "", &pains, |_| false, |_| String::new());
        assert!(!found_pains.is_empty());
        assert!(found_pains.iter().all(|id| map.lanes[&map.cards[id].lane].kind == LaneKind::PainPoints));
        let high = Filter { severity: Some(Severity::High), ..pains.clone() };
        let found_high = found(&map, "", &high, |_| false, |_| String::new());
        assert!(
            found_high.len() < found_pains.len()
                && found_high.iter().all(|id| map.cards[id].details.severity == Some(Severity::High))
        );
        let with_answers = Filter { evidence: true, ..Filter::default() };
        let one = found_pains[0].clone();
        assert_eq!(found(&map, "", &with_answers, |id| *id == one, |_| String::new()), vec![one]);
        // Text and filters together.
        let word = map.cards[&found_pains[0]].text.split_whitespace().next().unwrap_or_default().to_owned();
        assert!(found(&map, &word, &pains, |_| false, |_| String::new()).contains(&found_pains[0]));

        let f = Filter {
            kind: Some(LaneKind::Touchpoints),
            tag: Some("Waiting".into()),
            colour: Some(Colour::Red),
            segment: Some("g-0123456789ab".into()),
            evidence: true,
            ..Filter::default()
        };
        let q = f.to_query();
        assert_eq!(q[0], ("kind", "touchpoints".to_owned()));
        let back = Filter::from_query(|k| q.iter().find(|(n, _)| *n == k).map(|(_, v)| v.as_str()));
        assert_eq!(back, f);
        let junk = Filter::from_query(|k| match k {
            "kind" => Some("nope"),
            "severity" => Some("x"),
            "tag" => Some("  "),
            "segment" => Some("<script>"),
            _ => None,
        });
        assert!(junk.is_empty());
    }

    #[test]
    fn an_author_keeps_the_cards_they_added() {
        let (mut map, _, _) = templates::built(&templates::CLINIC, 0, "Clinic");
        let id = map.cards.keys().next().unwrap().clone();
        map.cards.get_mut(&id).unwrap().author = Some("Bia Souza".into());
        let f = Filter { author: Some("Bia Souza".into()), ..Filter::default() };
        assert_eq!(found(&map, "", &f, |_| false, |_| String::new()), vec![id]);
        let q = f.to_query();
        assert_eq!(Filter::from_query(|k| q.iter().find(|(n, _)| *n == k).map(|(_, v)| v.as_str())), f);
    }

    #[test]
    fn a_persona_keeps_the_cards_about_its_segment() {
        let (mut map, _, personas) = templates::built(&templates::CLINIC, 0, "Clinic");
        let segments = [
            crate::domain::segment::Segment { id: "g-000000000new".into(), name: "New client".into() },
            crate::domain::segment::Segment { id: "g-000000000reg".into(), name: "Regular client".into() },
        ];
        let marina = personas.iter().find(|p| p.segment == "New client").unwrap();
        let ids: Vec<CardId> = map.cards.keys().take(1).cloned().collect();
        map.cards.get_mut(&ids[0]).unwrap().details.segments = vec!["g-000000000reg".into()];
        let f = Filter { persona: Some(marina.id.clone()), ..Filter::default() };
        assert_eq!(f.to_query(), vec![("persona", marina.id.0.clone())]);
        let f = f.resolved(&personas, &segments);
        assert_eq!(f.persona_segment.as_deref(), Some("g-000000000new"));
        let kept = found(&map, "", &f, |_| false, |_| String::new());
        assert!(!kept.contains(&ids[0]) && kept.len() == map.cards.len() - 1);
        let back = Filter::from_query(|k| (k == "persona").then_some(marina.id.0.as_str()));
        assert_eq!(back.persona.as_ref(), Some(&marina.id));
    }

    #[test]
    fn a_segment_keeps_its_own_cards_and_those_about_every_client() {
        let (mut map, _, _) = templates::built(&templates::CLINIC, 0, "Clinic");
        let (new, regular) = ("g-000000000new".to_owned(), "g-000000000reg".to_owned());
        let ids: Vec<CardId> = map.cards.keys().take(2).cloned().collect();
        map.cards.get_mut(&ids[0]).unwrap().details.segments = vec![new.clone()];
        map.cards.get_mut(&ids[1]).unwrap().details.segments = vec![regular.clone()];
        let for_new =
            found(&map, "", &Filter { segment: Some(new), ..Filter::default() }, |_| false, |_| String::new());
        assert!(for_new.contains(&ids[0]) && !for_new.contains(&ids[1]));
        assert_eq!(for_new.len(), map.cards.len() - 1, "unscoped cards are about every client");
    }
}
