//! Text helpers the feedback reader shares: folding for comparisons (case, accents and
//! spacing ignored) and cutting on a character boundary.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// `s` lowercased, without accents (NFD, combining marks dropped: "Avaliação" → "avaliacao",
/// "звёзд" → "звезд"), trimmed, with runs of white space as one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim().nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// The words of a folded text: runs of letters and digits ("e-mail" → "e", "mail").
pub fn words(folded: &str) -> Vec<&str> {
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect()
}

/// At most `max` bytes of `s`, cut on a character boundary.
pub fn cut_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

pub use crate::domain::text::cut_chars;

/// Whether a character is a Cyrillic letter.
pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_spacing() {
        assert_eq!(fold("  Avaliação   do  Cliente "), "avaliacao do cliente");
        assert_eq!(fold("ЗВЁЗД"), "звезд");
        assert_eq!(fold("Comentário"), fold("COMENTARIO"));
        assert_eq!(words(&fold("E-mail (cliente)")), vec!["e", "mail", "cliente"]);
    }

    #[test]
    fn cuts_fall_on_character_boundaries() {
        assert_eq!(cut_bytes("ação", 2), "a");
        assert_eq!(cut_bytes("ação", 3), "aç");
        assert_eq!(cut_bytes("abc", 10), "abc");
        assert_eq!(cut_chars("Отзыв", 10), "Отзыв");
        assert_eq!(cut_chars("Отзыв", 5), "Отзыв");
        assert_eq!(cut_chars("Отзывы", 5), "Отзы…");
        assert_eq!(cut_chars("Отзывы", 5).chars().count(), 5);
    }
}
