//! CSV, one row per card, with a header row. Columns: stage, lane, lane_kind, text, colour,
//! tags (separated by `;`), severity, channel, impact, effort, metric_value, metric_unit,
//! metric_target, moment_of_truth. Stages and lanes are created in the order they first
//! appear. Only `stage`, `lane` and `text` are required; the others may be left out.

use super::{Draft, DraftCard, DraftStage, ImportError, Problem};
use crate::domain::*;

const COLUMNS: [&str; 14] = [
    "stage",
    "lane",
    "lane_kind",
    "text",
    "colour",
    "tags",
    "severity",
    "channel",
    "impact",
    "effort",
    "metric_value",
    "metric_unit",
    "metric_target",
    "moment_of_truth",
];

/// Whether `text` is a CSV this reader takes: its header names `stage`, `lane` and `text`.
pub fn looks_like(text: &str) -> bool {
    let header = text.lines().next().unwrap_or_default().to_lowercase();
    let cols: Vec<&str> = header.split([',', ';']).map(|c| c.trim().trim_matches('"')).collect();
    ["stage", "lane", "text"].iter().all(|c| cols.contains(c))
}

pub fn write(draft: &Draft) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(COLUMNS);
    let num = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for c in &draft.cards {
        let lane = &draft.lanes[c.lane];
        let d = &c.details;
        let metric = d.metric.as_ref();
        let _ = w.write_record([
            draft.stages[c.stage].title.as_str(),
            lane.title.as_str(),
            lane.kind.as_str(),
            c.text.as_str(),
            c.colour.as_str(),
            &c.tags.join("; "),
            d.severity.map(|s| s.as_str()).unwrap_or_default(),
            d.channel.as_deref().map(|ch| draft.channel_name(ch)).unwrap_or_default(),
            &d.impact.map(|v| v.to_string()).unwrap_or_default(),
            &d.effort.map(|v| v.to_string()).unwrap_or_default(),
            &num(metric.and_then(|m| m.value)),
            metric.map(|m| m.unit.as_str()).unwrap_or_default(),
            &num(metric.and_then(|m| m.target)),
            if d.moment_of_truth { "yes" } else { "" },
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

pub fn read(text: &str) -> Result<Draft, ImportError> {
    let delimiter = if text.lines().next().unwrap_or_default().contains(';')
        && !text.lines().next().unwrap_or_default().contains(',')
    {
        b';'
    } else {
        b','
    };
    let mut r = ::csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .map_err(|_| ImportError::Line { line: 1, problem: Problem::Invalid })?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(stage_col), Some(lane_col), Some(text_col)) = (col("stage"), col("lane"), col("text")) else {
        return Err(ImportError::UnknownFormat);
    };
    let mut draft = Draft { title: "CSV import".into(), ..Default::default() };
    for (i, record) in r.records().enumerate() {
        let line = record.as_ref().ok().and_then(|r| r.position()).map_or(i as u32 + 2, |p| p.line() as u32);
        let record = record.map_err(|_| ImportError::Line { line, problem: Problem::Invalid })?;
        let get = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or_default().trim();
        let bad = |problem| ImportError::Line { line, problem };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let stage_name = get(Some(stage_col));
        let lane_name = get(Some(lane_col));
        let text = get(Some(text_col));
        if stage_name.is_empty() || lane_name.is_empty() || text.is_empty() {
            return Err(bad(Problem::Missing));
        }
        let kind = match get(col("lane_kind")) {
            "" => super::kind_from_name(lane_name),
            k => LaneKind::parse(k).ok_or(bad(Problem::Invalid))?,
        };
        let stage = match draft.stages.iter().position(|s| s.title == stage_name) {
            Some(s) => s,
            None => {
                draft.stages.push(DraftStage { title: stage_name.to_owned(), ..Default::default() });
                draft.stages.len() - 1
            }
        };
        let lane = draft.lane(kind, lane_name);
        let colour = match get(col("colour")) {
            "" => kind.default_colour(),
            c => Colour::ALL.into_iter().find(|x| x.as_str() == c).ok_or(bad(Problem::Invalid))?,
        };
        let tags = get(col("tags")).split(';').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect();
        let level = |c: &str| -> Result<Option<u8>, ImportError> {
            match get(col(c)) {
                "" => Ok(None),
                v => v.parse::<u8>().ok().filter(|v| (1..=3).contains(v)).map(Some).ok_or(bad(Problem::Invalid)),
            }
        };
        let number = |c: &str| -> Result<Option<f64>, ImportError> {
            match get(col(c)) {
                "" => Ok(None),
                v => v
                    .replace(',', ".")
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .map(Some)
                    .ok_or(bad(Problem::Invalid)),
            }
        };
        let mut details = CardDetails {
            severity: match get(col("severity")) {
                "" => None,
                s => Some(Severity::ALL.into_iter().find(|x| x.as_str() == s).ok_or(bad(Problem::Invalid))?),
            },
            channel: None,
            impact: level("impact")?,
            effort: level("effort")?,
            metric: None,
            moment_of_truth: matches!(get(col("moment_of_truth")).to_lowercase().as_str(), "yes" | "true" | "1" | "x"),
        };
        let channel = get(col("channel"));
        if !channel.is_empty() {
            details.channel = Some(channel_id(&mut draft, channel));
        }
        let (value, target, unit) = (number("metric_value")?, number("metric_target")?, get(col("metric_unit")));
        if value.is_some() || target.is_some() || !unit.is_empty() {
            details.metric = Some(Metric { value, unit: unit.to_owned(), target, higher_is_better: true });
        }
        draft.cards.push(DraftCard { stage, lane, text: text.to_owned(), colour, tags, details });
    }
    // Cards of one cell together, in file order.
    draft.cards.sort_by_key(|c| (c.stage, c.lane));
    Ok(draft)
}

/// A channel named in a file: a built-in one by its id or its name in any language, else
/// a custom channel of that name.
fn channel_id(draft: &mut Draft, name: &str) -> String {
    use crate::domain::channel::{Channel, DEFAULT_CHANNELS};
    let lower = name.to_lowercase();
    for id in DEFAULT_CHANNELS {
        let named = crate::i18n::Locale::ALL.iter().any(|l| l.messages().channel_name(id).to_lowercase() == lower);
        if id == lower || named {
            return id.to_owned();
        }
    }
    if let Some(c) = draft.channels.iter().find(|c| c.name.to_lowercase() == lower) {
        return c.id.clone();
    }
    let c = Channel { id: Channel::new_id(), name: name.to_owned(), icon: "chat".into() };
    let id = c.id.clone();
    draft.channels.push(c);
    id
}
