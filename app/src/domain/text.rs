//! Text helpers the domain and the views share.

/// At most `max` characters of `s`; a longer text keeps `max - 1` and ends with "…".
pub fn cut_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_owned(),
        Some(_) => {
            let keep = max.saturating_sub(1);
            let end = s.char_indices().nth(keep).map_or(s.len(), |(at, _)| at);
            let mut out = s[..end].to_owned();
            if max > 0 {
                out.push('…');
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_text_ends_with_an_ellipsis_within_the_limit() {
        assert_eq!(cut_chars("Recepção", 20), "Recepção");
        assert_eq!(cut_chars("Recepção", 5), "Rece…");
        assert_eq!(cut_chars("Recepção", 0), "");
    }
}
