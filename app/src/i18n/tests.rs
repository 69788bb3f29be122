//! Every locale is complete (the compiler checks the keys; these check the values).

use super::*;

/// Every string of a locale with its key ("cards.one", "stage_names[2]", "acc.email"),
/// derived from the messages themselves, so a new key is checked without being listed.
fn strings(m: &Messages) -> Vec<(String, String)> {
    fn walk(path: String, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
        match value {
            serde_json::Value::String(s) => out.push((path, s.clone())),
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(format!("{path}[{i}]"), v, out);
                }
            }
            serde_json::Value::Object(fields) => {
                for (k, v) in fields {
                    walk(if path.is_empty() { k.clone() } else { format!("{path}.{k}") }, v, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(String::new(), &serde_json::to_value(m).expect("messages serialise"), &mut out);
    out.retain(|(key, _)| key != "locale");
    out
}

#[test]
fn every_string_is_checked() {
    let en = strings(Locale::En.messages());
    // 211 plain strings, the lists, the plural forms and the account texts.
    assert!(en.len() > 400, "{}", en.len());
    for key in ["app_name", "cards.few", "stage_names[6]", "acc.email", "lane_kind_names[9]"] {
        assert!(en.iter().any(|(k, _)| k == key), "{key} is checked");
    }
    for l in [Locale::PtBr, Locale::Ru] {
        let keys: Vec<_> = strings(l.messages()).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, en.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(), "{} has the same keys", l.tag());
    }
}

fn placeholders(s: &str) -> Vec<&str> {
    let mut out: Vec<&str> =
        s.match_indices('{').filter_map(|(i, _)| s[i..].find('}').map(|j| &s[i..i + j + 1])).collect();
    out.sort();
    out
}

#[test]
fn no_locale_has_an_empty_string() {
    for l in Locale::ALL {
        for (key, s) in strings(l.messages()) {
            assert!(!s.trim().is_empty(), "{} has an empty {key}", l.tag());
        }
    }
}

#[test]
fn translations_keep_the_placeholders_of_english() {
    let en = strings(Locale::En.messages());
    for l in [Locale::PtBr, Locale::Ru] {
        for ((key, e), (_, s)) in en.iter().zip(strings(l.messages())) {
            // Plural forms may leave {n} out ("one card" in words); the rest must match.
            if key.starts_with("cards.") {
                continue;
            }
            assert_eq!(placeholders(e), placeholders(&s), "{} {key}: {s:?}", l.tag());
        }
    }
}

#[test]
fn translated_locales_are_not_copies_of_english() {
    let en = strings(Locale::En.messages());
    for l in [Locale::PtBr, Locale::Ru] {
        // Words that are the same in Portuguese by right: "persona(s)", "e-mail", "editor"
        // and the unit abbreviations "min" and "h".
        const SAME_IN_PT: [&str; 7] = ["persona", "Persona", "Personas", "personas", "E-mail", "{n} min", "Editor"];
        let same: Vec<_> = en
            .iter()
            .zip(strings(l.messages()))
            .filter(|((key, e), (_, s))| e == s && key != "app_name" && e.chars().any(char::is_alphabetic))
            // The keys on a keyboard (Ctrl, Alt, Escape) are named alike in every language.
            .filter(|((key, _), _)| !(key.starts_with("keys.") && key.ends_with("][0]")))
            .filter(|((_, e), _)| !(l == Locale::PtBr && (SAME_IN_PT.contains(&e.as_str()) || e.len() <= 5)))
            .map(|((key, _), _)| key.clone())
            .collect();
        assert!(same.is_empty(), "{} leaves these in English: {same:?}", l.tag());
    }
}

#[test]
fn each_locale_names_itself() {
    for l in Locale::ALL {
        assert_eq!(l.messages().locale, l);
    }
}

#[test]
fn accept_language_honours_quality() {
    assert_eq!(Locale::from_accept_language("ru-RU,ru;q=0.9,en;q=0.8"), Some(Locale::Ru));
    assert_eq!(Locale::from_accept_language("de-DE,pt;q=0.7,en;q=0.5"), Some(Locale::PtBr));
    assert_eq!(Locale::from_accept_language("en;q=0.2, pt-BR"), Some(Locale::PtBr));
    assert_eq!(Locale::from_accept_language("de, fr"), None);
    assert_eq!(Locale::from_accept_language(""), None);
}

#[test]
fn cookie_wins_and_is_read_among_others() {
    assert_eq!(Locale::from_cookie_header("a=1; jornada_lang=ru; b=2"), Some(Locale::Ru));
    assert_eq!(Locale::from_cookie_header("jornada_lang=xx"), None);
}

#[test]
fn russian_plurals() {
    let p = &Locale::Ru.messages().cards;
    assert_eq!(p.format(Locale::Ru, 1), "1 карточка");
    assert_eq!(p.format(Locale::Ru, 3), "3 карточки");
    assert_eq!(p.format(Locale::Ru, 5), "5 карточек");
    assert_eq!(p.format(Locale::Ru, 11), "11 карточек");
    assert_eq!(p.format(Locale::Ru, 21), "21 карточка");
    let en = &Locale::En.messages().cards;
    assert_eq!(en.format(Locale::En, 1), "1 card");
    assert_eq!(en.format(Locale::En, 0), "0 cards");
    let pt = &Locale::PtBr.messages().cards;
    assert_eq!(pt.format(Locale::PtBr, 0), "0 cartão");
    assert_eq!(pt.format(Locale::PtBr, 2), "2 cartões");
}

#[test]
fn a_persona_field_is_named_by_its_label_in_errors() {
    use crate::domain::PersonaError;
    let long = PersonaError::TooLong { field: "age_range".into(), max: 40 };
    assert!(Locale::PtBr.messages().persona_error(&long).contains("Faixa etária"));
    assert!(!Locale::En.messages().persona_error(&long).contains("age_range"));
    let gender = PersonaError::ChangedMeanwhile { field: "gender".into() };
    assert!(Locale::Ru.messages().persona_error(&gender).contains("Пол"));
}
