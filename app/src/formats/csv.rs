//! CSV, one row per card, with a header row. Columns: stage, lane, lane_kind, text, colour,
//! tags (separated by `;`), severity, channel, impact, effort, metric_value, metric_unit,
//! metric_target, moment_of_truth, votes. Stages and lanes are created in the order they first
//! appear. Only `stage`, `lane` and `text` are required; the others may be left out.
//!
//! Reading is linear: stages, lanes and channels are found by hash, the columns once from
//! the header, and every count is bounded ([`super::limits`]).
//!
//! Writing guards against formula injection: a cell that a spreadsheet would run as a
//! formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading
//! `'`, which the reader takes off again, so an export imports back unchanged.

use super::limits::{MAX_CARDS, MAX_CHANNELS, MAX_COLUMNS, MAX_LANES, MAX_LINES, MAX_STAGES, MAX_TAGS, MAX_TEXT};
use super::{bound, Draft, DraftCard, DraftStage, ImportError, Part, Problem};
use crate::domain::*;
use std::collections::HashMap;

const COLUMNS: [&str; 15] = [
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
    "votes",
];

/// Whether `text` is a CSV this reader takes: its header names `stage`, `lane` and `text`.
pub fn looks_like(text: &str) -> bool {
    let header = text.lines().next().unwrap_or_default();
    ["stage", "lane", "text"]
        .iter()
        .all(|c| header.split([',', ';']).take(MAX_COLUMNS).any(|h| h.trim().trim_matches('"').eq_ignore_ascii_case(c)))
}

/// Whether a spreadsheet would read a cell starting so as a formula.
fn formula_like(s: &str) -> bool {
    s.trim_start_matches('\'').starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A cell of user text, made inert for spreadsheets: `'` before a formula-like text.
fn safe(s: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(s) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// A cell as the writer wrote it, back to the user's text.
fn unsafe_again(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if formula_like(s) => rest,
        _ => s,
    }
}

pub fn write(draft: &Draft) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(COLUMNS);
    let num = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for c in &draft.cards {
        let lane = &draft.lanes[c.lane];
        let d = &c.details;
        let metric = d.metric.as_ref();
        let tags: Vec<String> = c.tags.iter().map(|t| safe(t).into_owned()).collect();
        let _ = w.write_record([
            &*safe(&draft.stages[c.stage].title),
            &*safe(&lane.title),
            lane.kind.as_str(),
            &*safe(&c.text),
            c.colour.as_str(),
            &tags.join("; "),
            d.severity.map(|s| s.as_str()).unwrap_or_default(),
            &*safe(d.channel.as_deref().map(|ch| draft.channel_name(ch)).unwrap_or_default()),
            &d.impact.map(|v| v.to_string()).unwrap_or_default(),
            &d.effort.map(|v| v.to_string()).unwrap_or_default(),
            &num(metric.and_then(|m| m.value)),
            &*safe(metric.map(|m| m.unit.as_str()).unwrap_or_default()),
            &num(metric.and_then(|m| m.target)),
            if d.moment_of_truth { "yes" } else { "" },
            &d.votes.map(|v| v.to_string()).unwrap_or_default(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Separators one line may hold: a full row of columns whose texts are all separators.
/// The CSV reader keeps a record's fields before they can be counted (a 5 MB line of
/// commas took 140 MB), so longer lines are refused before it reads them.
const MAX_SEPARATORS: usize = MAX_COLUMNS + MAX_TEXT;

pub fn read(text: &str) -> Result<Draft, ImportError> {
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.contains(';') && !first.contains(',') { b';' } else { b',' };
    let mut separators = 0;
    for b in text.bytes() {
        if b == b'\n' {
            separators = 0;
        } else if b == delimiter {
            separators += 1;
            bound(Part::Columns, separators, MAX_SEPARATORS)
                .map_err(|_| ImportError::TooMany { what: Part::Columns, max: MAX_COLUMNS as u32 })?;
        }
    }
    let mut r = ::csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let header = r.headers().map_err(|_| ImportError::Line { line: 1, problem: Problem::Invalid })?;
    bound(Part::Columns, header.len(), MAX_COLUMNS)?;
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(stage_col), Some(lane_col), Some(text_col)) = (col("stage"), col("lane"), col("text")) else {
        return Err(ImportError::UnknownFormat);
    };
    let cols = Columns {
        lane_kind: col("lane_kind"),
        colour: col("colour"),
        tags: col("tags"),
        severity: col("severity"),
        channel: col("channel"),
        impact: col("impact"),
        effort: col("effort"),
        metric_value: col("metric_value"),
        metric_unit: col("metric_unit"),
        metric_target: col("metric_target"),
        moment_of_truth: col("moment_of_truth"),
        votes: col("votes"),
    };
    let mut draft = Draft { title: "CSV import".into(), ..Default::default() };
    let mut stages: HashMap<String, usize> = HashMap::new();
    let mut lanes: HashMap<(LaneKind, String), usize> = HashMap::new();
    let mut channels = Channels::new();
    for (i, record) in r.records().enumerate() {
        bound(Part::Lines, i + 1, MAX_LINES)?;
        let line = record.as_ref().ok().and_then(|r| r.position()).map_or(i as u32 + 2, |p| p.line() as u32);
        let record = record.map_err(|_| ImportError::Line { line, problem: Problem::Invalid })?;
        let bad = |problem| ImportError::Line { line, problem };
        bound(Part::Columns, record.len(), MAX_COLUMNS)?;
        if record.iter().any(|f| f.len() > MAX_TEXT) {
            return Err(bad(Problem::TooLong));
        }
        let get = |c: Option<usize>| unsafe_again(c.and_then(|c| record.get(c)).unwrap_or_default().trim());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let stage_name = get(Some(stage_col));
        let lane_name = get(Some(lane_col));
        let text = get(Some(text_col));
        if stage_name.is_empty() || lane_name.is_empty() || text.is_empty() {
            return Err(bad(Problem::Missing));
        }
        let kind = match get(cols.lane_kind) {
            "" => super::kind_from_name(lane_name),
            k => LaneKind::parse(k).ok_or(bad(Problem::Invalid))?,
        };
        let stage = match stages.get(stage_name) {
            Some(&s) => s,
            None => {
                draft.stages.push(DraftStage { title: stage_name.to_owned(), ..Default::default() });
                bound(Part::Stages, draft.stages.len(), MAX_STAGES)?;
                stages.insert(stage_name.to_owned(), draft.stages.len() - 1);
                draft.stages.len() - 1
            }
        };
        let lane = match lanes.get(&(kind, lane_name.to_owned())) {
            Some(&l) => l,
            None => {
                draft.lanes.push(super::DraftLane { kind, title: lane_name.to_owned() });
                bound(Part::Lanes, draft.lanes.len(), MAX_LANES)?;
                lanes.insert((kind, lane_name.to_owned()), draft.lanes.len() - 1);
                draft.lanes.len() - 1
            }
        };
        let colour = match get(cols.colour) {
            "" => kind.default_colour(),
            c => Colour::ALL.into_iter().find(|x| x.as_str() == c).ok_or(bad(Problem::Invalid))?,
        };
        let tags_cell = get(cols.tags);
        let mut tags = Vec::new();
        for t in tags_cell.split(';').map(str::trim).filter(|t| !t.is_empty()) {
            tags.push(unsafe_again(t).to_owned());
            bound(Part::Tags, tags.len(), MAX_TAGS)?;
        }
        let level = |c: Option<usize>| -> Result<Option<u8>, ImportError> {
            match get(c) {
                "" => Ok(None),
                v => v.parse::<u8>().ok().filter(|v| (1..=3).contains(v)).map(Some).ok_or(bad(Problem::Invalid)),
            }
        };
        let number = |c: Option<usize>| -> Result<Option<f64>, ImportError> {
            match get(c) {
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
            severity: match get(cols.severity) {
                "" => None,
                s => Some(Severity::ALL.into_iter().find(|x| x.as_str() == s).ok_or(bad(Problem::Invalid))?),
            },
            channel: None,
            impact: level(cols.impact)?,
            effort: level(cols.effort)?,
            metric: None,
            moment_of_truth: matches!(get(cols.moment_of_truth).to_lowercase().as_str(), "yes" | "true" | "1" | "x"),
            evidence: Vec::new(),
            feelings: Default::default(),
            segments: Vec::new(),
            votes: match get(cols.votes) {
                "" => None,
                v => Some(v.parse().ok().filter(|n| *n <= MAX_CARD_VOTES).ok_or(bad(Problem::Invalid))?),
            },
        };
        let channel = get(cols.channel);
        if !channel.is_empty() {
            details.channel = Some(channels.id(&mut draft, channel)?);
        }
        let (value, target, unit) = (number(cols.metric_value)?, number(cols.metric_target)?, get(cols.metric_unit));
        if value.is_some() || target.is_some() || !unit.is_empty() {
            details.metric =
                Some(Metric { value, unit: unit.to_owned(), target, higher_is_better: true, ..Default::default() });
        }
        draft.cards.push(DraftCard {
            measures: None,
            feelings: Vec::new(),
            stage,
            lane,
            text: text.to_owned(),
            colour,
            tags,
            details,
        });
        bound(Part::Cards, draft.cards.len(), MAX_CARDS)?;
    }
    // Cards of one cell together, in file order.
    draft.cards.sort_by_key(|c| (c.stage, c.lane));
    Ok(draft)
}

/// Where the optional columns are, found once from the header.
struct Columns {
    lane_kind: Option<usize>,
    colour: Option<usize>,
    tags: Option<usize>,
    severity: Option<usize>,
    channel: Option<usize>,
    impact: Option<usize>,
    effort: Option<usize>,
    metric_value: Option<usize>,
    metric_unit: Option<usize>,
    metric_target: Option<usize>,
    moment_of_truth: Option<usize>,
    votes: Option<usize>,
}

/// Channels named in a file, by lower-case name: the built-in ones by their id or their
/// name in any language, then the file's custom ones as they come.
struct Channels {
    known: HashMap<String, String>,
}

impl Channels {
    fn new() -> Channels {
        use crate::domain::channel::DEFAULT_CHANNELS;
        let mut known = HashMap::new();
        for id in DEFAULT_CHANNELS {
            known.insert(id.to_owned(), id.to_owned());
            for l in crate::i18n::Locale::ALL {
                known.entry(l.messages().channel_name(id).to_lowercase()).or_insert_with(|| id.to_owned());
            }
        }
        Channels { known }
    }

    /// A built-in channel's id, or a custom channel's, added to the draft when new.
    fn id(&mut self, draft: &mut Draft, name: &str) -> Result<String, ImportError> {
        use crate::domain::channel::Channel;
        let lower = name.to_lowercase();
        if let Some(id) = self.known.get(&lower) {
            return Ok(id.clone());
        }
        let c = Channel { id: Channel::new_id(), name: name.to_owned(), icon: "chat".into() };
        let id = c.id.clone();
        draft.channels.push(c);
        bound(Part::Channels, draft.channels.len(), MAX_CHANNELS)?;
        self.known.insert(lower, id.clone());
        Ok(id)
    }
}
