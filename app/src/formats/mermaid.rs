//! Mermaid `journey` diagrams (they render in Markdown on code hosts):
//!
//! ```text
//! journey
//!     title A visit to the clinic
//!     section Booking
//!       Finds the clinic online: 4: New client
//!       Calls to book: 2: New client, Receptionist
//! ```
//!
//! Sections become stages, tasks step cards, actors personas, and each actor's task scores
//! (1..5) in a section the actor's emotion at that stage (their mean, on −2..+2).
//!
//! Reading is linear in the file: a task is stored once, whatever the number of its
//! actors (each actor only adds to a running sum per stage), actors are found by hash,
//! and lines, stages, cards and actors are bounded ([`super::limits`]).

use super::limits::{MAX_CARDS, MAX_LINES, MAX_PERSONAS, MAX_STAGES, MAX_TEXT};
use super::{bound, scale_score, Draft, DraftCard, DraftEmotion, DraftStage, ImportError, Part, Problem};
use crate::domain::*;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Whether `text` is a Mermaid journey: its first meaningful line is `journey`.
pub fn looks_like(text: &str) -> bool {
    let mut front_matter = false;
    for line in text.lines().map(str::trim) {
        if line == "---" {
            front_matter = !front_matter;
            continue;
        }
        if front_matter || line.is_empty() || line.starts_with("%%") || line.starts_with("```") {
            continue;
        }
        return line == "journey";
    }
    false
}

pub fn read(text: &str) -> Result<Draft, ImportError> {
    let mut draft = Draft { title: String::new(), ..Default::default() };
    let steps = draft.lane(LaneKind::Steps, "Steps");
    // Per stage, per persona: the sum and the number of the scores given.
    let mut scores: Vec<[(f64, u32); MAX_PERSONAS]> = Vec::new();
    let mut actors: HashMap<&str, usize> = HashMap::new();
    let mut seen_header = false;
    let mut in_front_matter = false;
    for (n, raw) in text.lines().enumerate() {
        bound(Part::Lines, n + 1, MAX_LINES)?;
        let line_no = n as u32 + 1;
        let bad = |problem| ImportError::Line { line: line_no, problem };
        if raw.len() > MAX_TEXT {
            return Err(bad(Problem::TooLong));
        }
        let line = raw.trim();
        if line == "---" {
            in_front_matter = !in_front_matter && !seen_header;
            continue;
        }
        if in_front_matter || line.is_empty() || line.starts_with("%%") || line.starts_with("```") {
            continue;
        }
        if !seen_header {
            if line != "journey" {
                return Err(bad(Problem::Invalid));
            }
            seen_header = true;
            continue;
        }
        if let Some(t) = line.strip_prefix("title") {
            if t.starts_with(char::is_whitespace) || t.is_empty() {
                draft.title = t.trim().to_owned();
                continue;
            }
        }
        if let Some(s) = line.strip_prefix("accTitle:").or(line.strip_prefix("accDescr:")) {
            if draft.description.is_empty() {
                draft.description = s.trim().to_owned();
            }
            continue;
        }
        if let Some(s) = line.strip_prefix("section") {
            if s.starts_with(char::is_whitespace) {
                let name = s.trim();
                if name.is_empty() {
                    return Err(bad(Problem::Missing));
                }
                draft.stages.push(DraftStage { title: name.to_owned(), ..Default::default() });
                bound(Part::Stages, draft.stages.len(), MAX_STAGES)?;
                scores.push([(0.0, 0); MAX_PERSONAS]);
                continue;
            }
        }
        // A task: "<text>: <score>[: <actor>, <actor>]".
        let mut parts = line.splitn(3, ':');
        let task = parts.next().unwrap_or_default().trim();
        let score = parts.next().ok_or(bad(Problem::Invalid))?.trim();
        let names = parts.next().unwrap_or_default();
        if task.is_empty() {
            return Err(bad(Problem::Missing));
        }
        let score: f64 = score.parse().ok().filter(|s: &f64| (1.0..=5.0).contains(s)).ok_or(bad(Problem::Invalid))?;
        if draft.stages.is_empty() {
            // Tasks before any section: Mermaid draws them in an unnamed one.
            draft.stages.push(DraftStage { title: "—".into(), ..Default::default() });
            scores.push([(0.0, 0); MAX_PERSONAS]);
        }
        let stage = draft.stages.len() - 1;
        draft.cards.push(DraftCard {
            measures: None,
            feelings: Vec::new(),
            stage,
            lane: steps,
            text: task.to_owned(),
            colour: LaneKind::Steps.default_colour(),
            tags: Vec::new(),
            details: Default::default(),
        });
        bound(Part::Cards, draft.cards.len(), MAX_CARDS)?;
        for actor in names.split(',').map(str::trim).filter(|a| !a.is_empty()) {
            let p = match actors.get(actor) {
                Some(&p) => p,
                None => {
                    bound(Part::Personas, draft.personas.len() + 1, MAX_PERSONAS)?;
                    draft.personas.push(Persona::named(PersonaId(String::new()), actor.to_owned()));
                    actors.insert(actor, draft.personas.len() - 1);
                    draft.personas.len() - 1
                }
            };
            let (sum, count) = &mut scores[stage][p];
            *sum += score;
            *count += 1;
        }
    }
    if !seen_header {
        return Err(ImportError::UnknownFormat);
    }
    if draft.title.is_empty() {
        draft.title = "Mermaid journey".into();
    }
    if !draft.personas.is_empty() {
        draft.lane(LaneKind::Emotions, "Emotions");
    }
    for (stage, per_persona) in scores.into_iter().enumerate() {
        for (persona, (sum, count)) in per_persona.into_iter().enumerate().take(draft.personas.len()) {
            if count == 0 {
                continue;
            }
            draft.emotions.push(DraftEmotion {
                persona,
                stage,
                score: scale_score(sum / f64::from(count) - 3.0, 2.0),
                note: String::new(),
            });
        }
    }
    Ok(draft)
}

/// Text safe inside a task or section: no line breaks, no `:` (the field separator), no
/// `#` or `;` (Mermaid reads them as entity and statement marks). Actor names lose their
/// commas too (they separate actors).
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").replace([':', ';', '#'], " ").trim().to_owned()
}

/// The map as a Mermaid journey: a section per stage, a task per step card (or, in a
/// stage without steps, the stage itself), scored by each persona's emotion there.
pub fn write(draft: &Draft) -> String {
    let mut out = String::from("journey\n");
    let _ = writeln!(out, "    title {}", clean(&draft.title));
    let step_lanes: Vec<usize> = (0..draft.lanes.len()).filter(|l| draft.lanes[*l].kind == LaneKind::Steps).collect();
    for (s, stage) in draft.stages.iter().enumerate() {
        let _ = writeln!(out, "    section {}", clean(&stage.title));
        let actors: Vec<(String, i8)> = draft
            .personas
            .iter()
            .enumerate()
            .filter_map(|(p, persona)| draft.emotion(p, s).map(|e| (clean(&persona.name.replace(',', " ")), e.score)))
            .collect();
        // Mermaid gives one score per task: the mean of the personas' emotions.
        let score = if actors.is_empty() {
            3
        } else {
            (actors.iter().map(|(_, e)| f64::from(*e)).sum::<f64>() / actors.len() as f64 + 3.0).round() as i64
        };
        let names = actors.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ");
        let mut tasks: Vec<String> = draft
            .cards
            .iter()
            .filter(|c| c.stage == s && step_lanes.contains(&c.lane))
            .map(|c| clean(c.text.lines().next().unwrap_or_default()))
            .filter(|t| !t.is_empty())
            .collect();
        if tasks.is_empty() {
            tasks.push(clean(&stage.title));
        }
        for t in tasks {
            if names.is_empty() {
                let _ = writeln!(out, "      {t}: {score}");
            } else {
                let _ = writeln!(out, "      {t}: {score}: {names}");
            }
        }
    }
    out
}
