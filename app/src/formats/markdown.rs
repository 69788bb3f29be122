//! A readable report of the map in Markdown, in the reader's language: the stages in
//! order with every lane's cards, the personas and their emotions, pain points by
//! severity and opportunities by priority; the customer feedback and the comment threads
//! when there are any.
//!
//! Every text a user wrote is escaped ([`inline`], [`block`]): it reads as the same text
//! in any Markdown renderer and cannot add markup, links, images or HTML.

use super::Draft;
use crate::domain::feedback::{Scale, StageEvidence};
use crate::domain::*;
use crate::i18n::Messages;
use std::fmt::Write as _;

/// Text on one line, with Markdown's marks escaped: inline ones (emphasis, code, links,
/// images, HTML tags and entities, table cells) anywhere, and those that start a block
/// (a list, a heading, a quote, a rule) at the start.
pub(super) fn inline(s: &str) -> String {
    let line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(line.len() + 8);
    // `1.` or `1)` at the start would begin a numbered list.
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = digits > 0 && matches!(line.as_bytes().get(digits), Some(b'.' | b')'));
    for (i, ch) in line.chars().enumerate() {
        let marks = matches!(ch, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '&' | '!' | '~');
        let starts_block = i == 0 && matches!(ch, '-' | '+' | '=');
        if marks || starts_block || (numbered && i == digits) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Text of several lines (a description): each line escaped as [`inline`] text, the line
/// breaks kept as Markdown hard breaks within one paragraph.
fn block(s: &str) -> String {
    s.trim().lines().map(inline).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("  \n")
}

/// The map's comment threads for the report, oldest first: where each is, whether it is
/// resolved, and every comment with its author and date (replies indented). The comments'
/// light markup becomes Markdown's (bold, italics, links of the safe schemes), each
/// piece's text escaped. Empty without threads.
pub fn comments(t: &Messages, map: &Map, comments: &[crate::domain::comment::Comment]) -> String {
    use crate::domain::comment::{render, threads, Inline};
    let threads = threads(comments);
    if threads.is_empty() {
        return String::new();
    }
    let body = |c: &crate::domain::comment::Comment| -> String {
        if c.deleted {
            return format!("*{}*", inline(t.cm.deleted));
        }
        render(&c.body, &[])
            .into_iter()
            .map(|piece| match piece {
                // A piece keeps the spaces that part it from its neighbours.
                Inline::Text(s) | Inline::Mention(s) => {
                    let (lead, trail) = (s.starts_with(char::is_whitespace), s.ends_with(char::is_whitespace));
                    let text = inline(&s);
                    match (text.is_empty(), lead, trail) {
                        (true, ..) => {
                            if lead || trail {
                                " ".to_owned()
                            } else {
                                String::new()
                            }
                        }
                        (false, lead, trail) => {
                            format!("{}{text}{}", if lead { " " } else { "" }, if trail { " " } else { "" })
                        }
                    }
                }
                Inline::Bold(s) => format!("**{}**", inline(&s)),
                Inline::Italic(s) => format!("*{}*", inline(&s)),
                Inline::Link { text, href } => {
                    let href: String = href
                        .chars()
                        .flat_map(|ch| match ch {
                            '(' => "%28".chars().collect::<Vec<_>>(),
                            ')' => "%29".chars().collect(),
                            ' ' => "%20".chars().collect(),
                            '<' => "%3C".chars().collect(),
                            '>' => "%3E".chars().collect(),
                            ch => vec![ch],
                        })
                        .collect();
                    format!("[{}]({href})", inline(&text))
                }
                Inline::Break => "  \n    ".to_owned(),
            })
            .collect()
    };
    let line = |c: &crate::domain::comment::Comment| {
        format!("**{}** · {}: {}", inline(&c.author_name), c.created_at.format("%Y-%m-%d %H:%M"), body(c))
    };
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n", t.cm.comments);
    for th in &threads {
        let place = inline(&t.cm.place(map, &th.root.anchor));
        let state = match (&th.root.resolved, &th.root.resolved_by) {
            (true, Some(by)) => format!(" — {}", inline(&t.cm.resolved_by.replace("{name}", by))),
            (true, None) => format!(" — {}", t.cm.filter_resolved),
            _ => String::new(),
        };
        let _ = writeln!(out, "### {place}{state}\n");
        let _ = writeln!(out, "- {}", line(&th.root));
        for r in &th.replies {
            let _ = writeln!(out, "  - {}", line(r));
        }
        out.push('\n');
    }
    out
}

fn details(t: &Messages, d: &Draft, c: &super::DraftCard) -> String {
    let mut parts = Vec::new();
    let x = &c.details;
    if let Some(s) = x.severity {
        parts.push(format!("{}: {}", t.severity, t.severity_name(s)));
    }
    if let Some(ch) = &x.channel {
        let name = match d.channels.iter().find(|c| c.id == *ch) {
            Some(c) => c.name.clone(),
            None => t.channel_name(ch).to_owned(),
        };
        parts.push(format!("{}: {}", t.channel, name));
    }
    let level = |v: u8| t.level_names.get(usize::from(v).wrapping_sub(1)).copied().unwrap_or("–");
    if let Some(i) = x.impact {
        parts.push(format!("{}: {}", t.impact, level(i)));
    }
    if let Some(e) = x.effort {
        parts.push(format!("{}: {}", t.effort, level(e)));
    }
    if let Some(m) = &x.metric {
        let v = m.value.map(|v| format!("{} {}", t.number(v), m.unit)).unwrap_or_else(|| "–".into());
        let target = m.target.map(|v| format!(" / {} {} {}", t.metric_target, t.number(v), m.unit)).unwrap_or_default();
        parts.push(format!("{}{target} ({})", v.trim(), t.metric_status(m.status())));
        if let Some(trend) = t.metric_trend(m) {
            parts.push(trend);
        }
        if let Some(tp) = c.measures.and_then(|i| d.cards.get(i)) {
            parts.push(t.ed.measures_card.replace("{card}", &crate::domain::text::cut_chars(tp.text.trim(), 60)));
        }
    }
    if x.moment_of_truth {
        parts.push(format!("★ {}", t.moment_of_truth));
    }
    for (p, score) in &c.feelings {
        if let Some(persona) = d.personas.get(*p) {
            parts.push(format!("{}: {}", persona.name, t.scored_feeling(*score)));
        }
    }
    let segments = d.segment_names(&x.segments);
    if !segments.is_empty() {
        parts.push(t.sg.for_segments.replace("{names}", &segments.join(", ")));
    }
    if let Some(v) = x.votes {
        parts.push(t.ws.n_votes.format(t.locale, u64::from(v)));
    }
    if !c.tags.is_empty() {
        parts.push(c.tags.iter().map(|g| format!("#{g}")).collect::<Vec<_>>().join(" "));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" — {}", inline(&parts.join(" · ")))
    }
}

/// The map's evidence for the report: each stage's customer feedback (answers, mean and
/// its 90 % band) and the findings, worst first. `stages` are the stage titles in board
/// order with their evidence; `findings` the findings' sentences. Empty without either.
pub fn evidence(
    t: &Messages,
    scale: Scale,
    stages: &[(String, Option<&StageEvidence>)],
    findings: &[String],
) -> String {
    let mut out = String::new();
    if stages.iter().any(|(_, e)| e.is_some_and(|e| e.count > 0)) {
        let _ = writeln!(out, "## {}\n", t.ins.customer_feedback);
        let _ = writeln!(out, "| | {} | {} | 90 % |\n|---|---|---|---|", t.ev.col_stage, t.ev.col_score);
        for (title, e) in stages {
            match e.filter(|e| e.count > 0) {
                Some(e) => {
                    let band = e
                        .interval90()
                        .map(|(lo, hi)| format!("{} – {}", t.feedback_mean(scale, lo), t.feedback_mean(scale, hi)))
                        .unwrap_or_else(|| t.ins.not_enough_data.to_owned());
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {band} |",
                        inline(title),
                        t.ins.answers.format(t.locale, u64::from(e.count)),
                        t.feedback_mean(scale, e.mean)
                    );
                }
                None => {
                    let _ = writeln!(out, "| {} | – | – | – |", inline(title));
                }
            }
        }
        out.push('\n');
    }
    if !findings.is_empty() {
        let _ = writeln!(out, "## {}\n", t.ev.insights_title);
        for (i, f) in findings.iter().enumerate() {
            let _ = writeln!(out, "{}. {}", i + 1, inline(f));
        }
        out.push('\n');
    }
    out
}

pub fn write(d: &Draft, t: &Messages) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", inline(&d.title));
    if !d.description.trim().is_empty() {
        let _ = writeln!(out, "{}\n", block(&d.description));
    }
    if !d.personas.is_empty() {
        let _ = writeln!(out, "## {}\n", t.personas_control);
        for p in &d.personas {
            let extra: Vec<&str> = [p.segment.as_str(), p.age_range.as_str(), p.gender.as_str(), p.occupation.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            let extra = if extra.is_empty() { String::new() } else { format!(" ({})", inline(&extra.join(", "))) };
            let _ = writeln!(out, "- **{}**{extra}", inline(&p.name));
            if !p.quote.is_empty() {
                let _ = writeln!(out, "  > {}", inline(&p.quote));
            }
        }
        out.push('\n');
        // The emotion curve as a table: a row per persona, a column per stage.
        let _ = writeln!(out, "### {}\n", t.emotion_curve);
        let _ = write!(out, "| |");
        for s in &d.stages {
            let _ = write!(out, " {} |", inline(&s.title));
        }
        let _ = write!(out, "\n|---|");
        for _ in &d.stages {
            out.push_str("---|");
        }
        out.push('\n');
        for (pi, p) in d.personas.iter().enumerate() {
            let _ = write!(out, "| {} |", inline(&p.name));
            for si in 0..d.stages.len() {
                match d.emotion(pi, si) {
                    Some(e) => {
                        let note = if e.note.is_empty() { String::new() } else { format!(" — {}", inline(&e.note)) };
                        let _ = write!(out, " {}{note} |", t.scored_feeling(e.score));
                    }
                    None => out.push_str(" – |"),
                }
            }
            out.push('\n');
        }
        out.push('\n');
    }
    for (si, s) in d.stages.iter().enumerate() {
        let _ = writeln!(out, "## {}. {}\n", si + 1, inline(&s.title));
        if !s.duration.is_empty() {
            let _ = writeln!(out, "*{}*\n", inline(&s.duration));
        }
        if !s.description.is_empty() {
            let _ = writeln!(out, "{}\n", block(&s.description));
        }
        for (li, l) in d.lanes.iter().enumerate() {
            let cards: Vec<_> = d.cards_in(si, li).collect();
            if cards.is_empty() {
                continue;
            }
            let _ = writeln!(out, "**{}**\n", inline(&l.title));
            for c in cards {
                let _ = writeln!(out, "- {}{}", inline(&c.text), details(t, d, c));
            }
            out.push('\n');
        }
    }
    // Pain points, most severe first; opportunities by quadrant.
    let pains: Vec<_> = d.cards.iter().filter(|c| d.lanes[c.lane].kind == LaneKind::PainPoints).collect();
    if !pains.is_empty() {
        let _ = writeln!(out, "## {}\n", t.lane_kind(LaneKind::PainPoints));
        let mut pains = pains;
        pains.sort_by_key(|c| std::cmp::Reverse(c.details.severity));
        for c in pains {
            let _ = writeln!(out, "- {} ({}){}", inline(&c.text), inline(&d.stages[c.stage].title), details(t, d, c));
        }
        out.push('\n');
    }
    let opportunities: Vec<_> = d
        .cards
        .iter()
        .filter(|c| c.details.quadrant().is_some() && d.lanes[c.lane].kind == LaneKind::Opportunities)
        .collect();
    if !opportunities.is_empty() {
        let _ = writeln!(out, "## {}\n", t.view_priorities);
        for (qi, name) in t.quadrant_names.iter().enumerate() {
            let here: Vec<_> =
                opportunities.iter().filter(|c| c.details.quadrant().map(|q| q as usize) == Some(qi)).collect();
            if here.is_empty() {
                continue;
            }
            let _ = writeln!(out, "**{name}**\n");
            for c in here {
                let _ = writeln!(out, "- {}", inline(&c.text));
            }
            out.push('\n');
        }
    }
    out
}
