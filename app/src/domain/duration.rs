//! Reading a stage's expected duration as people write it ("2 days", "1–2 weeks",
//! "30 min", "2 дня", "3 semanas"), to draw a timeline. Text that is not understood is
//! kept as written and simply not drawn to scale.

/// Hours in each unit we read.
const MINUTE: f64 = 1.0 / 60.0;
const HOUR: f64 = 1.0;
const DAY: f64 = 24.0;
const WEEK: f64 = 7.0 * 24.0;
const MONTH: f64 = 30.0 * 24.0;

/// The unit a word stands for, in English, Portuguese and Russian.
fn unit(word: &str) -> Option<f64> {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let is = |words: &[&str]| words.contains(&w.as_str());
    if is(&["min", "mins", "minute", "minutes", "minuto", "minutos", "мин", "минута", "минуты", "минут"])
    {
        Some(MINUTE)
    } else if is(&["h", "hr", "hrs", "hour", "hours", "hora", "horas", "ч", "час", "часа", "часов"]) {
        Some(HOUR)
    } else if is(&["d", "day", "days", "dia", "dias", "д", "дн", "день", "дня", "дней", "сутки", "суток"])
    {
        Some(DAY)
    } else if is(&["w", "wk", "wks", "week", "weeks", "semana", "semanas", "нед", "неделя", "недели", "недель"])
    {
        Some(WEEK)
    } else if is(&["mo", "mos", "month", "months", "mês", "mes", "meses", "мес", "месяц", "месяца", "месяцев"])
    {
        Some(MONTH)
    } else {
        None
    }
}

/// Hours a duration text stands for; a range ("1–2 weeks") counts its middle.
pub fn hours(text: &str) -> Option<f64> {
    let normal = text.replace(['–', '—'], "-").replace(',', ".");
    let mut numbers: Vec<f64> = Vec::new();
    let mut unit_hours = None;
    for token in normal.split(|c: char| c.is_whitespace() || c == '-') {
        if token.is_empty() {
            continue;
        }
        let digits: String = token.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        if let Ok(n) = digits.parse::<f64>() {
            numbers.push(n);
            let rest = &token[digits.len()..];
            if !rest.is_empty() && unit_hours.is_none() {
                unit_hours = unit(rest);
            }
        } else if unit_hours.is_none() {
            unit_hours = unit(token);
        }
    }
    let n = match numbers.as_slice() {
        [] => 1.0,
        [a] => *a,
        [a, b, ..] => (a + b) / 2.0,
    };
    let h = n * unit_hours?;
    (h > 0.0 && h.is_finite()).then_some(h)
}

/// Index into a 5-unit list (min, h, d, wk, mo) and the count, for showing a total.
pub fn humanise(hours: f64) -> (usize, u64) {
    if hours < 1.0 {
        (0, (hours * 60.0).round().max(1.0) as u64)
    } else if hours < DAY {
        (1, hours.round() as u64)
    } else if hours < 2.0 * WEEK {
        (2, (hours / DAY).round() as u64)
    } else if hours < 2.0 * MONTH {
        (3, (hours / WEEK).round() as u64)
    } else {
        (4, (hours / MONTH).round() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_durations_in_three_languages() {
        assert_eq!(hours("2 days"), Some(48.0));
        assert_eq!(hours("1–2 weeks"), Some(1.5 * WEEK));
        assert_eq!(hours("30 min"), Some(0.5));
        assert_eq!(hours("1 hour"), Some(1.0));
        assert_eq!(hours("3 semanas"), Some(3.0 * WEEK));
        assert_eq!(hours("2 dias"), Some(48.0));
        assert_eq!(hours("1 mês"), Some(MONTH));
        assert_eq!(hours("2 дня"), Some(48.0));
        assert_eq!(hours("3 недели"), Some(3.0 * WEEK));
        assert_eq!(hours("45 минут"), Some(0.75));
        assert_eq!(hours("2h"), Some(2.0));
        assert_eq!(hours("a week"), Some(WEEK));
        assert_eq!(hours("until she decides"), None);
        assert_eq!(hours(""), None);
    }

    #[test]
    fn humanises_totals() {
        assert_eq!(humanise(0.5), (0, 30));
        assert_eq!(humanise(5.0), (1, 5));
        assert_eq!(humanise(72.0), (2, 3));
        assert_eq!(humanise(3.0 * WEEK), (3, 3));
        assert_eq!(humanise(3.0 * MONTH), (4, 3));
    }
}
