//! Finding cards on a board: the query and each card's words compared with case and the
//! accents of Portuguese (and Russian "ё") ignored, so "avaliacao" finds "Avaliação".

use super::{CardId, Map};

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
pub fn matches(map: &Map, query: &str, extra: impl Fn(&super::Card) -> String) -> Vec<CardId> {
    let words: Vec<String> = fold(query).split_whitespace().map(str::to_owned).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let stage_pos: std::collections::HashMap<_, _> =
        map.ordered_stages().iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
    let lane_pos: std::collections::HashMap<_, _> =
        map.ordered_lanes().iter().enumerate().map(|(i, l)| (l.id.clone(), i)).collect();
    let mut found: Vec<_> = map
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
        .map(|c| {
            (
                (stage_pos.get(&c.stage).copied(), lane_pos.get(&c.lane).copied(), c.order.clone(), c.id.clone()),
                c.id.clone(),
            )
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found.into_iter().map(|(_, id)| id).collect()
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
}
