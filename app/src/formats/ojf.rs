//! OpenJourney (`.ojf`): stages, swimlanes and nodes. Real files put `version`, `persona`
//! and `pointOfView` at the top, or in a `metadata` object (`title`, `persona`, `pov`,
//! `version`); both are read. Node scores (−5..+5) become the persona's emotion at the
//! stage (the mean of the stage's scored nodes); severity, moment of truth and tags are
//! kept on the cards, sentiment and purpose as tags; a node's service blueprint rows
//! (evidence, onstage, backstage, support) become cards in lanes of their own.
//!
//! Reading is linear: stage and swimlane ids are found by hash, and stages, swimlanes,
//! nodes (with their blueprint rows) and tags are bounded ([`super::limits`]).

use super::limits::{MAX_CARDS, MAX_LANES, MAX_STAGES, MAX_TAGS};
use super::{
    bound, kind_from_name, scale_score, Draft, DraftCard, DraftEmotion, DraftStage, ImportError, Part, Problem,
};
use crate::domain::*;
use serde_json::{json, Value};
use std::collections::HashMap;

/// Node purposes this writer uses by lane kind, and that the reader keeps as tags.
fn purpose_of(kind: LaneKind, moment_of_truth: bool) -> &'static str {
    match kind {
        LaneKind::PainPoints => "pain-point",
        LaneKind::Touchpoints => "touchpoint",
        LaneKind::Opportunities | LaneKind::Ideas => "opportunity",
        LaneKind::Thoughts | LaneKind::Emotions => "observation",
        LaneKind::Backstage => "process",
        LaneKind::Metrics => "metric",
        LaneKind::Steps if moment_of_truth => "milestone",
        _ => "action",
    }
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().trim().to_owned()
}

fn field(f: String, problem: Problem) -> ImportError {
    ImportError::Field { field: f, problem }
}

pub fn read(v: Value) -> Result<Draft, ImportError> {
    let meta = v.get("metadata").cloned().unwrap_or(Value::Null);
    let from = |top: &str, inner: &str| {
        let t = text(&v, top);
        if t.is_empty() {
            text(&meta, inner)
        } else {
            t
        }
    };
    let persona = from("persona", "persona");
    let pov = from("pointOfView", "pov");
    let mut title = from("title", "title");
    if title.is_empty() {
        title = if pov.is_empty() {
            "OpenJourney map".into()
        } else {
            pov.chars().take(crate::domain::model::MAX_TITLE).collect()
        };
    }
    let mut draft = Draft { title, description: pov, ..Default::default() };

    let stages = v.get("stages").and_then(Value::as_array).ok_or(field("stages".into(), Problem::Missing))?;
    bound(Part::Stages, stages.len(), MAX_STAGES)?;
    // The first stage or swimlane with an id wins, as a search from the start would find.
    let mut stage_ids: HashMap<String, usize> = HashMap::new();
    for (i, s) in stages.iter().enumerate() {
        let name = text(s, "name");
        if name.is_empty() {
            return Err(field(format!("stages[{i}].name"), Problem::Missing));
        }
        stage_ids.entry(id_of(s)).or_insert(i);
        draft.stages.push(DraftStage { title: name, description: text(s, "description"), duration: String::new() });
    }
    let empty = Vec::new();
    let lanes = v.get("swimlanes").and_then(Value::as_array).unwrap_or(&empty);
    bound(Part::Lanes, lanes.len(), MAX_LANES)?;
    let mut lane_ids: HashMap<String, usize> = HashMap::new();
    for (i, l) in lanes.iter().enumerate() {
        let name = text(l, "name");
        if name.is_empty() {
            return Err(field(format!("swimlanes[{i}].name"), Problem::Missing));
        }
        let lane = draft.lane(kind_from_name(&name), &name);
        lane_ids.entry(id_of(l)).or_insert(lane);
    }
    let who = if persona.is_empty() { None } else { Some(draft.persona(&persona)) };
    let mut scores: Vec<Vec<(f64, String)>> = vec![Vec::new(); draft.stages.len()];

    let nodes = v.get("nodes").and_then(Value::as_array).unwrap_or(&empty);
    bound(Part::Cards, nodes.len(), MAX_CARDS)?;
    for (i, n) in nodes.iter().enumerate() {
        let at = |key: &str| format!("nodes[{i}].{key}");
        let stage_ref = n.get("stageId").map(value_id).ok_or_else(|| field(at("stageId"), Problem::Missing))?;
        let stage = *stage_ids.get(&stage_ref).ok_or_else(|| field(at("stageId"), Problem::UnknownReference))?;
        let lane = match n.get("swimlaneId").map(value_id) {
            Some(r) => *lane_ids.get(&r).ok_or_else(|| field(at("swimlaneId"), Problem::UnknownReference))?,
            None => {
                let lane = draft.lane(LaneKind::Steps, "Steps");
                bound(Part::Lanes, draft.lanes.len(), MAX_LANES)?;
                lane
            }
        };
        let title = text(n, "title");
        let description = text(n, "description");
        let body = match (title.is_empty(), description.is_empty()) {
            (false, false) => format!("{title}\n{description}"),
            (false, true) => title,
            (true, false) => description,
            (true, true) => return Err(field(at("title"), Problem::Missing)),
        };
        let mut details = CardDetails::default();
        if let Some(s) = n.get("severity") {
            details.severity = Some(match s.as_str() {
                Some("low") => Severity::Low,
                Some("medium") => Severity::Medium,
                Some("high") | Some("critical") => Severity::High,
                _ => return Err(field(at("severity"), Problem::Invalid)),
            });
        }
        details.moment_of_truth = n.get("isMomentOfTruth").and_then(Value::as_bool).unwrap_or(false);
        let mut tags: Vec<String> = match n.get("tags") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(t)) if t.len() <= MAX_TAGS => {
                t.iter().filter_map(|t| t.as_str()).map(|t| t.trim().to_owned()).collect()
            }
            Some(Value::Array(_)) => return Err(ImportError::TooMany { what: Part::Tags, max: MAX_TAGS as u32 }),
            Some(_) => return Err(field(at("tags"), Problem::Invalid)),
        };
        let lane_kind = draft.lanes[lane].kind;
        for key in ["sentiment", "purpose"] {
            let t = text(n, key);
            // The purpose the lane implies (what this writer puts there) adds nothing.
            let implied = key == "purpose" && t == purpose_of(lane_kind, details.moment_of_truth);
            if !t.is_empty() && !implied && !tags.contains(&t) {
                tags.push(t);
            }
        }
        if let Some(score) = n.get("score") {
            let s = score.as_f64().filter(|s| (-5.0..=5.0).contains(s)).ok_or(field(at("score"), Problem::Invalid))?;
            scores[stage].push((s, text(n, "title")));
        }
        let kind = draft.lanes[lane].kind;
        draft.cards.push(DraftCard {
            measures: None,
            feelings: Vec::new(),
            stage,
            lane,
            text: body,
            colour: kind.default_colour(),
            tags,
            details,
        });
        if let Some(bp) = n.get("blueprint") {
            blueprint(&mut draft, stage, bp)?;
        }
        bound(Part::Cards, draft.cards.len(), MAX_CARDS)?;
    }
    // Cards of one cell together, in file order.
    let lanes_order: Vec<usize> = (0..draft.lanes.len()).collect();
    draft.cards.sort_by_key(|c| (c.stage, lanes_order[c.lane]));
    if let Some(p) = who {
        for (stage, list) in scores.into_iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            let mean = list.iter().map(|(s, _)| s).sum::<f64>() / list.len() as f64;
            // The titles of the scored nodes, as many as the note holds.
            let mut note = String::new();
            for t in list.iter().map(|(_, t)| t.as_str()).filter(|t| !t.is_empty()) {
                if note.chars().count() >= crate::domain::persona::MAX_NOTE {
                    break;
                }
                if !note.is_empty() {
                    note.push_str("; ");
                }
                note.push_str(t);
            }
            draft.emotions.push(DraftEmotion {
                persona: p,
                stage,
                score: scale_score(mean, 5.0),
                note: note.chars().take(crate::domain::persona::MAX_NOTE).collect(),
            });
        }
    }
    Ok(draft)
}

/// Blueprint rows: evidence (what the client sees), onstage and backstage actions, and
/// support systems, each in its own lane.
fn blueprint(draft: &mut Draft, stage: usize, bp: &Value) -> Result<(), ImportError> {
    let rows: [(&str, LaneKind, &str, fn(&Value) -> String); 4] = [
        ("evidence", LaneKind::Touchpoints, "Evidence", |e| joined(&text(e, "item"), &text(e, "type"))),
        ("onstage", LaneKind::Steps, "Onstage actions", |e| joined(&text(e, "actor"), &text(e, "action"))),
        ("backstage", LaneKind::Backstage, "Backstage actions", |e| joined(&text(e, "actor"), &text(e, "action"))),
        ("support", LaneKind::Backstage, "Support processes", |e| joined(&text(e, "system"), &text(e, "description"))),
    ];
    for (key, kind, title, line) in rows {
        let Some(items) = bp.get(key).and_then(Value::as_array) else { continue };
        if items.is_empty() {
            continue;
        }
        bound(Part::Cards, draft.cards.len() + items.len(), MAX_CARDS)?;
        let lane = draft.lane(kind, title);
        bound(Part::Lanes, draft.lanes.len(), MAX_LANES)?;
        for item in items {
            let t = line(item);
            if !t.is_empty() {
                draft.cards.push(DraftCard {
                    measures: None,
                    feelings: Vec::new(),
                    stage,
                    lane,
                    text: t,
                    colour: kind.default_colour(),
                    tags: vec![key.to_owned()],
                    details: Default::default(),
                });
            }
        }
    }
    Ok(())
}

fn joined(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (false, false) => format!("{a}: {b}"),
        (false, true) => a.to_owned(),
        _ => b.to_owned(),
    }
}

fn id_of(v: &Value) -> String {
    v.get("id").map(value_id).unwrap_or_default()
}

fn value_id(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The map as OpenJourney, with a `metadata` object. A node's score is its persona's
/// emotion at the stage on the −5..+5 scale (the first linked persona's).
pub fn write(draft: &Draft) -> String {
    let stages: Vec<Value> =
        draft.stages.iter().enumerate().map(|(i, s)| json!({ "id": format!("s{}", i + 1), "name": s.title })).collect();
    let lanes: Vec<Value> =
        draft.lanes.iter().enumerate().map(|(i, l)| json!({ "id": format!("l{}", i + 1), "name": l.title })).collect();
    let nodes: Vec<Value> = draft
        .cards
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (title, description) = c.text.split_once('\n').unwrap_or((c.text.as_str(), ""));
            let kind = draft.lanes[c.lane].kind;
            let mut node = json!({
                "id": format!("n{}", i + 1),
                "stageId": format!("s{}", c.stage + 1),
                "swimlaneId": format!("l{}", c.lane + 1),
                "title": title,
                "description": description.trim(),
                "purpose": purpose_of(kind, c.details.moment_of_truth),
            });
            if let Some(s) = c.details.severity {
                node["severity"] = json!(s.as_str());
            }
            if c.details.moment_of_truth {
                node["isMomentOfTruth"] = json!(true);
            }
            if kind == LaneKind::Steps || kind == LaneKind::Emotions {
                if let Some(e) = draft.emotion(0, c.stage) {
                    node["score"] = json!((f64::from(e.score) * 2.5).round() as i64);
                }
            }
            if !c.tags.is_empty() {
                node["tags"] = json!(c.tags);
            }
            node
        })
        .collect();
    let persona = draft.personas.first().map(|p| p.name.clone()).unwrap_or_default();
    serde_json::to_string_pretty(&json!({
        "metadata": { "title": draft.title, "persona": persona, "pov": draft.description, "version": "1.1.0" },
        "stages": stages,
        "swimlanes": lanes,
        "nodes": nodes,
    }))
    .unwrap_or_default()
}
