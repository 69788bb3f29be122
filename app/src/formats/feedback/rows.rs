//! Rows → entries: dates, scores, the stage (by title or the user's value→stage mapping)
//! and touchpoint card of each row, its comment masked and cut; each row that cannot be
//! imported with its line and reason.

use super::mask::mask;
use super::text::{cut_chars, fold, is_cyrillic};
use super::{RawEntry, Table};
use crate::domain::feedback::{BadRow, ColumnMapping, RowProblem, MAX_COMMENT, MAX_SHORT};
use crate::domain::{CardId, LaneKind, Map, StageId};
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::{HashMap, HashSet};

/// The map's stages and touchpoint cards by folded text.
struct Matcher {
    stages: HashMap<String, StageId>,
    values: HashMap<String, StageId>,
    touchpoints: HashMap<(StageId, String), CardId>,
}

impl Matcher {
    fn new(map: &Map, mapping: &ColumnMapping) -> Matcher {
        let mut stages = HashMap::new();
        for s in map.ordered_stages() {
            stages.entry(fold(&s.title)).or_insert_with(|| s.id.clone());
        }
        let mut values = HashMap::new();
        for (value, title) in &mapping.stage_values {
            if let Some(id) = stages.get(&fold(title)) {
                values.entry(fold(value)).or_insert_with(|| id.clone());
            }
        }
        let lanes: HashSet<_> = map.lanes.values().filter(|l| l.kind == LaneKind::Touchpoints).map(|l| &l.id).collect();
        let mut touchpoints = HashMap::new();
        for card in map.cards.values().filter(|c| lanes.contains(&c.lane)) {
            touchpoints.entry((card.stage.clone(), fold(&card.text))).or_insert_with(|| card.id.clone());
        }
        Matcher { stages, values, touchpoints }
    }

    fn stage(&self, value: &str) -> Option<&StageId> {
        let f = fold(value);
        self.stages.get(&f).or_else(|| self.values.get(&f))
    }

    fn touchpoint(&self, stage: &StageId, value: &str) -> Option<&CardId> {
        self.touchpoints.get(&(stage.clone(), fold(value)))
    }
}

/// A column's index by its header text.
fn column(table: &Table, header: &Option<String>) -> Option<usize> {
    header.as_ref().and_then(|h| table.headers.iter().position(|t| t == h))
}

/// The columns of a mapping, resolved once.
struct Columns {
    date: Option<usize>,
    score: Option<usize>,
    comment: Option<usize>,
    stage: Option<usize>,
    touchpoint: Option<usize>,
    client: Option<usize>,
    segment: Option<usize>,
    external_id: Option<usize>,
}

impl Columns {
    fn new(table: &Table, m: &ColumnMapping) -> Columns {
        Columns {
            date: column(table, &m.date),
            score: column(table, &m.score),
            comment: column(table, &m.comment),
            stage: column(table, &m.stage),
            touchpoint: column(table, &m.touchpoint),
            client: column(table, &m.client),
            segment: column(table, &m.segment),
            external_id: column(table, &m.external_id),
        }
    }
}

pub fn entries(table: &Table, map: &Map, mapping: &ColumnMapping, today: NaiveDate) -> (Vec<RawEntry>, Vec<BadRow>) {
    let matcher = Matcher::new(map, mapping);
    let cols = Columns::new(table, mapping);
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (line, row) in &table.rows {
        match entry(row, &cols, &matcher, mapping, today) {
            Ok(e) => good.push(e),
            Err(problem) => bad.push(BadRow { line: *line, problem }),
        }
    }
    (good, bad)
}

fn entry(
    row: &[String],
    cols: &Columns,
    matcher: &Matcher,
    mapping: &ColumnMapping,
    today: NaiveDate,
) -> Result<RawEntry, RowProblem> {
    if [cols.date, cols.score, cols.stage].into_iter().flatten().any(|i| i >= row.len()) {
        return Err(RowProblem::Short);
    }
    let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).map_or("", |c| c.trim());
    let shown = |v: &str| cut_chars(v, MAX_SHORT);

    let date = cell(cols.date);
    if date.is_empty() {
        return Err(RowProblem::NoDate);
    }
    let date = parse_date(date, today).ok_or_else(|| RowProblem::BadDate { value: shown(date) })?;

    let raw = cell(cols.score);
    if raw.is_empty() {
        return Err(RowProblem::NoScore);
    }
    let score = parse_score(raw).map_err(|()| RowProblem::BadScore { value: shown(raw) })?;
    let norm = mapping.scale.normalise(score).ok_or_else(|| RowProblem::OutOfScale { value: shown(raw) })?;

    let stage = cell(cols.stage);
    if stage.is_empty() {
        return Err(RowProblem::NoStage);
    }
    let stage = matcher.stage(stage).ok_or_else(|| RowProblem::UnknownStage { value: shown(stage) })?.clone();

    let touchpoint = cell(cols.touchpoint);
    let card = if touchpoint.is_empty() {
        None
    } else {
        let card = matcher
            .touchpoint(&stage, touchpoint)
            .ok_or_else(|| RowProblem::UnknownTouchpoint { value: shown(touchpoint) })?;
        Some(card.clone())
    };

    let comment = cell(cols.comment);
    let comment = if mapping.mask { mask(comment) } else { comment.to_owned() };
    let comment = cut_chars(&comment, MAX_COMMENT);
    let short = |i: Option<usize>| Some(cell(i)).filter(|v| !v.is_empty()).map(shown);
    Ok(RawEntry {
        stage,
        card,
        persona: None,
        segment: short(cols.segment),
        date,
        scale: mapping.scale,
        score,
        norm,
        lang: lang(&comment),
        comment,
        source: String::new(),
        external_id: short(cols.external_id),
        client: short(cols.client),
    })
}

/// "ru" for a comment mostly in Cyrillic letters; the server may refine the rest.
fn lang(comment: &str) -> Option<String> {
    let (mut cyrillic, mut other) = (0usize, 0usize);
    for c in comment.chars().filter(|c| c.is_alphabetic()) {
        if is_cyrillic(c) {
            cyrillic += 1;
        } else {
            other += 1;
        }
    }
    (cyrillic > other).then(|| "ru".to_owned())
}

/// A date as exports write it: ISO (`2024-03-01`, with or without a time), or day first
/// (`01/03/2024`, `1.3.2024`, `01-03-24`); month first only when day first cannot be.
/// Two-digit years are this century unless that is after next year. Not after
/// `today` + 1 day (time zones), not before 1900.
pub fn parse_date(value: &str, today: NaiveDate) -> Option<NaiveDate> {
    let token = value.trim().split([' ', 'T', 't']).next().unwrap_or("");
    let sep = token.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = token.split(sep).collect();
    let [a, b, c] = parts.as_slice() else { return None };
    if ![a, b, c].iter().all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|d| d.is_ascii_digit())) {
        return None;
    }
    let num = |p: &str| p.parse::<u32>().ok();
    let (year, month, day) = if a.len() == 4 {
        (num(a)? as i32, num(b)?, num(c)?)
    } else {
        if a.len() > 2 || b.len() > 2 || !(c.len() == 2 || c.len() == 4) {
            return None;
        }
        let (mut d, mut m) = (num(a)?, num(b)?);
        if m > 12 && d <= 12 {
            std::mem::swap(&mut d, &mut m);
        }
        let mut y = num(c)? as i32;
        if c.len() == 2 {
            y += 2000;
            if y > today.year() + 1 {
                y -= 100;
            }
        }
        (y, m, d)
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    (year >= 1900 && date <= today + Duration::days(1)).then_some(date)
}

/// A score as people write it: "4", "4,5", "4.5", "4/5", "4 de 5", "5 estrelas", "★★★★☆".
pub fn parse_score(value: &str) -> Result<f64, ()> {
    let t = value.trim();
    if !t.is_empty() && t.chars().all(|c| matches!(c, '★' | '☆' | '⭐' | ' ')) {
        return Ok(t.chars().filter(|c| matches!(c, '★' | '⭐')).count() as f64);
    }
    let end = t
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && matches!(c, '-' | '+')) || matches!(c, '.' | ',')))
        .map_or(t.len(), |(i, _)| i);
    let (number, rest) = t.split_at(end);
    let number = number.trim_end_matches(['.', ',']);
    if !number.bytes().any(|b| b.is_ascii_digit()) || number.matches(['.', ',']).count() > 1 {
        return Err(());
    }
    let score: f64 = number.replace(',', ".").parse().map_err(|_| ())?;
    let rest = fold(rest);
    let tail = ["/", "de ", "of ", "out of ", "из "].iter().find_map(|p| rest.strip_prefix(p)).map(str::trim);
    let fine = match tail {
        Some(n) => !n.is_empty() && n.parse::<f64>().is_ok(),
        None => !rest.bytes().any(|b| b.is_ascii_digit()),
    };
    if !fine || !score.is_finite() {
        return Err(());
    }
    Ok(score)
}

/// The distinct values of the mapped stage column that match no stage, first seen first.
pub fn unmatched_stages(table: &Table, map: &Map, mapping: &ColumnMapping, max: usize) -> Vec<String> {
    let Some(col) = column(table, &mapping.stage) else { return Vec::new() };
    let matcher = Matcher::new(map, mapping);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (_, row) in &table.rows {
        if out.len() >= max {
            break;
        }
        let Some(value) = row.get(col).map(|v| v.trim()).filter(|v| !v.is_empty()) else { continue };
        if matcher.stage(value).is_none() && seen.insert(fold(value)) {
            out.push(cut_chars(value, MAX_SHORT));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn dates_in_the_forms_exports_use() {
        let today = NaiveDate::from_ymd_opt(2025, 6, 15).unwrap_or_default();
        assert_eq!(parse_date("2025-03-01", today), d(2025, 3, 1));
        assert_eq!(parse_date("2025-03-01T14:30:00Z", today), d(2025, 3, 1));
        assert_eq!(parse_date("2025-03-01 14:30", today), d(2025, 3, 1));
        assert_eq!(parse_date("01/03/2025", today), d(2025, 3, 1));
        assert_eq!(parse_date("1.3.2025", today), d(2025, 3, 1));
        assert_eq!(parse_date("01-03-2025", today), d(2025, 3, 1));
        assert_eq!(parse_date("01.03.25", today), d(2025, 3, 1));
        assert_eq!(parse_date("01.03.99", today), d(1999, 3, 1));
        assert_eq!(parse_date("03/25/2025", today), d(2025, 3, 25), "month first only when day first cannot be");
        assert_eq!(parse_date("16.06.2025", today), d(2025, 6, 16), "tomorrow is allowed (time zones)");
        assert_eq!(parse_date("17.06.2025", today), None, "the day after is not");
        assert_eq!(parse_date("31/02/2025", today), None);
        assert_eq!(parse_date("ontem", today), None);
        assert_eq!(parse_date("2025-03", today), None);
        assert_eq!(parse_date("1/2/3/4", today), None);
        assert_eq!(parse_date("123/4/2025", today), None);
    }

    #[test]
    fn scores_in_the_forms_people_write() {
        assert_eq!(parse_score("4"), Ok(4.0));
        assert_eq!(parse_score(" 4,5 "), Ok(4.5));
        assert_eq!(parse_score("4.5"), Ok(4.5));
        assert_eq!(parse_score("4/5"), Ok(4.0));
        assert_eq!(parse_score("4 de 5"), Ok(4.0));
        assert_eq!(parse_score("4 из 5"), Ok(4.0));
        assert_eq!(parse_score("5 estrelas"), Ok(5.0));
        assert_eq!(parse_score("★★★★☆"), Ok(4.0));
        assert_eq!(parse_score("⭐⭐⭐"), Ok(3.0));
        assert_eq!(parse_score("-1"), Ok(-1.0));
        assert_eq!(parse_score("boa"), Err(()));
        assert_eq!(parse_score("4 5"), Err(()));
        assert_eq!(parse_score("1.234,5"), Err(()));
        assert_eq!(parse_score("4/"), Err(()));
    }
}
