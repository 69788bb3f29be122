//! The words customers complain with: each negative comment cut into words, stop words
//! dropped, the rest stemmed in its language (English, Portuguese or Russian, with
//! `rust-stemmers`' Snowball stemmers), and counted once per comment, so "waiting",
//! "waited" and "wait" are one complaint. Shown as the form customers used most.

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashSet;

const STOP_EN: &[&str] = &[
    "the", "and", "for", "but", "not", "was", "were", "are", "you", "your", "with", "this", "that", "have", "has",
    "had", "very", "too", "they", "them", "there", "their", "our", "out", "all", "any", "can", "could", "would",
    "should", "did", "does", "didn", "don", "from", "about", "after", "before", "again", "just", "only", "also",
    "more", "much", "than", "then", "when", "what", "which", "who", "how", "why", "into", "been", "being", "its",
    "it's", "i'm", "get", "got",
];
const STOP_PT: &[&str] = &[
    "que", "não", "nao", "com", "uma", "um", "para", "por", "mais", "mas", "como", "foi", "era", "são", "sao", "está",
    "esta", "estava", "muito", "muita", "pouco", "dos", "das", "nos", "nas", "pelo", "pela", "isso", "isto", "ele",
    "ela", "eles", "elas", "meu", "minha", "seu", "sua", "tem", "ter", "tive", "sem", "até", "ate", "depois", "antes",
    "quando", "onde", "também", "tambem", "bem", "bom", "boa", "já", "ainda", "sobre", "entre", "aqui", "lá", "todo",
];
const STOP_RU: &[&str] = &[
    "что",
    "как",
    "это",
    "так",
    "вот",
    "было",
    "была",
    "были",
    "быть",
    "есть",
    "для",
    "при",
    "без",
    "про",
    "или",
    "но",
    "не",
    "нет",
    "мне",
    "меня",
    "мой",
    "моя",
    "мои",
    "вас",
    "вам",
    "они",
    "она",
    "оно",
    "его",
    "её",
    "еще",
    "ещё",
    "уже",
    "очень",
    "только",
    "тоже",
    "также",
    "там",
    "тут",
    "где",
    "когда",
    "потом",
    "после",
    "перед",
    "чтобы",
    "если",
    "все",
    "всё",
    "всех",
    "весь",
    "раз",
    "даже",
    "ну",
    "бы",
    "ли",
    "же",
    "от",
    "до",
    "по",
    "на",
    "за",
];

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Lang {
    En,
    Pt,
    Ru,
}

/// Short words that tell Portuguese from English (too short to be complaints themselves).
const HINT_PT: &[&str] = &["de", "do", "da", "no", "na", "em", "os", "as", "um", "é", "ao", "se"];
const HINT_EN: &[&str] = &["to", "of", "is", "in", "it", "my", "me", "we", "at", "on", "so", "an"];

/// The comment's language when it says: its tag, its script, its marks and small words.
fn language(comment: &str, tag: Option<&str>) -> Option<Lang> {
    match tag.map(|t| t.trim().to_ascii_lowercase()) {
        Some(t) if t.starts_with("ru") => return Some(Lang::Ru),
        Some(t) if t.starts_with("pt") => return Some(Lang::Pt),
        Some(t) if t.starts_with("en") => return Some(Lang::En),
        _ => {}
    }
    if comment.chars().any(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё')) {
        return Some(Lang::Ru);
    }
    let lower = comment.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    let pt = words.iter().filter(|w| STOP_PT.contains(w) || HINT_PT.contains(w)).count()
        + usize::from(lower.chars().any(|c| "ãõçáéíóúâêôà".contains(c))) * 2;
    let en = words.iter().filter(|w| STOP_EN.contains(w) || HINT_EN.contains(w)).count();
    match pt.cmp(&en) {
        std::cmp::Ordering::Greater => Some(Lang::Pt),
        std::cmp::Ordering::Less => Some(Lang::En),
        std::cmp::Ordering::Equal => None,
    }
}

impl Lang {
    fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Pt => "pt",
            Lang::Ru => "ru",
        }
    }

    fn from_tag(tag: &str) -> Lang {
        match tag {
            "pt" => Lang::Pt,
            "ru" => Lang::Ru,
            _ => Lang::En,
        }
    }
}

/// The language a comment says it is in (its tag) or shows (script, marks, small words):
/// "en", "pt" or "ru".
pub fn language_of(comment: &str, tag: Option<&str>) -> Option<&'static str> {
    language(comment, tag).map(Lang::tag)
}

/// The Snowball stemmers of the three languages, made once for many comments.
pub struct Stemmers {
    en: Stemmer,
    pt: Stemmer,
    ru: Stemmer,
}

impl Default for Stemmers {
    fn default() -> Self {
        Stemmers {
            en: Stemmer::create(Algorithm::English),
            pt: Stemmer::create(Algorithm::Portuguese),
            ru: Stemmer::create(Algorithm::Russian),
        }
    }
}

/// The complaint words of one comment read in language `lang` ("en", "pt", "ru"): each
/// stem (prefixed by its language) once, with the form the comment first used it in.
pub fn words(stemmers: &Stemmers, comment: &str, lang: &str) -> Vec<(String, String)> {
    let lang = Lang::from_tag(lang);
    let (stop, stemmer) = match lang {
        Lang::En => (STOP_EN, &stemmers.en),
        Lang::Pt => (STOP_PT, &stemmers.pt),
        Lang::Ru => (STOP_RU, &stemmers.ru),
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for word in comment.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        let w = word.trim_matches('\'').to_lowercase();
        if w.chars().count() < 3 || w.chars().all(|c| c.is_ascii_digit()) || stop.contains(&w.as_str()) {
            continue;
        }
        let stem = format!("{}:{}", lang as u8, stemmer.stem(&w));
        if seen.insert(stem.clone()) {
            out.push((stem, w));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::domain::feedback::Term;

    /// The `n` commonest words of negative comments, as a stage's summary shows them.
    fn top(comments: &[(&str, Option<&str>)], n: usize) -> Vec<Term> {
        let rows: Vec<crate::server::store::feedback::SummaryRow> = comments
            .iter()
            .map(|(c, lang)| crate::server::store::feedback::SummaryRow {
                stage: "s".into(),
                card: None,
                date: chrono::NaiveDate::default(),
                scale: crate::domain::feedback::Scale::Stars,
                norm: -1.0,
                comment: Some(c.to_string()),
                lang: lang.map(str::to_owned),
            })
            .collect();
        let summary = crate::server::feedback::summarise(&rows, chrono::NaiveDate::default());
        let mut terms = summary.stages.first().map(|s| s.terms.clone()).unwrap_or_default();
        terms.truncate(n);
        terms
    }

    #[test]
    fn inflected_forms_are_one_complaint_in_each_language() {
        let en = top(
            &[
                ("Long waiting before the procedure", None),
                ("I waited 40 minutes", None),
                ("wait again!", None),
                ("Rude staff", None),
            ],
            3,
        );
        assert_eq!(en[0].comments, 3, "{en:?}");
        assert!(en[0].word.starts_with("wait"));

        let pt = top(&[("Muita espera na recepção", None), ("A espera foi longa", None), ("esperas de novo", None)], 2);
        assert_eq!(pt[0].comments, 3, "{pt:?}");
        assert!(pt[0].word.starts_with("esper"));

        let ru = top(
            &[
                ("Долгое ожидание в холле", None),
                ("Ожидания никакого, сразу приняли", Some("ru")),
                ("ожиданием недовольна", None),
            ],
            2,
        );
        assert_eq!(ru[0].comments, 3, "{ru:?}");
        assert!(ru[0].word.starts_with("ожидани"));
    }

    #[test]
    fn stop_words_and_numbers_are_not_complaints_and_a_word_counts_once_per_comment() {
        let t = top(&[("the the the 40 40 and waiting waiting waiting", None)], 5);
        assert_eq!(t, vec![Term { word: "waiting".into(), comments: 1 }]);
        assert!(top(&[], 5).is_empty());
    }
}
