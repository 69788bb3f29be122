//! The whole map as one SVG picture — stages across the top, lanes down the side, every
//! card with its text wrapped, the emotion curves of the linked personas with a legend —
//! drawn on the server, so it does not depend on what a screen shows. PNG and PDF are
//! rendered from it. With an [`Overlay`], also the map's evidence: the customer feedback
//! curve, the bottlenecks and the findings.
//!
//! Long on purpose: one drawing of the whole map, top to bottom, sharing its layout
//! constants; split, the order of drawing would be spread over files.

use super::{Draft, DraftCard};
use crate::domain::channel::icon_path;
use crate::domain::*;
use crate::i18n::Messages;
use std::fmt::Write as _;

const MARGIN: f64 = 24.0;
const HEAD_W: f64 = 170.0;
const COL_W: f64 = 230.0;
const CARD_W: f64 = COL_W - 16.0;
const LINE_H: f64 = 15.0;
const FONT: f64 = 11.5;
const TITLE_H: f64 = 56.0;
const STAGE_H: f64 = 44.0;
const CURVE_H: f64 = 120.0;
/// Characters per card line: DejaVu Sans at 11.5 px is ~6.4 px a Latin character and
/// wider in Cyrillic, for a 198 px text column.
const WRAP: usize = 29;
pub const FONTS: &str = "DejaVu Sans, Noto Sans, Arial, sans-serif";

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Words wrapped to `width` characters a line; a word longer than a line is cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let mut word: String = word.to_owned();
            while word.chars().count() > width {
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let head: String = word.chars().take(width).collect();
                word = word.chars().skip(width).collect();
                lines.push(head);
            }
            let len = line.chars().count();
            if len > 0 && len + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

fn fill(c: Colour) -> &'static str {
    match c {
        Colour::Yellow => "#fff4b8",
        Colour::Orange => "#ffe0c2",
        Colour::Red => "#ffd6d6",
        Colour::Pink => "#ffdcef",
        Colour::Purple => "#eadcff",
        Colour::Blue => "#d9e8ff",
        Colour::Green => "#d8f5dc",
        Colour::Grey => "#e7e9ee",
        Colour::White => "#ffffff",
    }
}

/// The badge line of a card (severity, channel, priority, metric, moment of truth).
fn badge(t: &Messages, d: &Draft, c: &DraftCard) -> Option<(String, Option<String>)> {
    let x = &c.details;
    let kind = d.lanes[c.lane].kind;
    let level = |v: u8| t.level_names.get(usize::from(v).wrapping_sub(1)).copied().unwrap_or("–");
    match kind {
        LaneKind::PainPoints => x.severity.map(|s| (format!("{}: {}", t.severity, t.severity_name(s)), None)),
        LaneKind::Touchpoints => x.channel.as_ref().map(|ch| {
            let (name, icon) = match d.channels.iter().find(|c| c.id == *ch) {
                Some(c) => (c.name.clone(), c.icon.clone()),
                None => (t.channel_name(ch).to_owned(), ch.clone()),
            };
            (name, Some(icon))
        }),
        LaneKind::Opportunities if x.impact.is_some() || x.effort.is_some() => Some((
            format!("{} {} · {} {}", t.impact, x.impact.map_or("–", level), t.effort, x.effort.map_or("–", level)),
            None,
        )),
        LaneKind::Metrics => x.metric.as_ref().map(|m| {
            let v = m.value.map(|v| format!("{} {}", t.number(v), m.unit)).unwrap_or_else(|| "–".into());
            (format!("{} · {}", v.trim(), t.metric_status(m.status())), None)
        }),
        LaneKind::Steps if x.moment_of_truth => Some((format!("★ {}", t.moment_of_truth), None)),
        _ => None,
    }
}

struct Laid {
    lines: Vec<String>,
    badge: Option<(Vec<String>, Option<String>)>,
    /// A metric's trend line: its points in a [`TREND_W`] × [`TREND_H`] box.
    trend: Option<String>,
    height: f64,
}

const TREND_W: f64 = 80.0;
const TREND_H: f64 = 14.0;

fn lay(t: &Messages, d: &Draft, c: &DraftCard) -> Laid {
    let lines = wrap(&c.text, WRAP);
    // Badges are bold and smaller: about as many characters a line, less the icon.
    let badge = badge(t, d, c).map(|(text, icon)| (wrap(&text, if icon.is_some() { WRAP - 3 } else { WRAP }), icon));
    let badge_h = badge.as_ref().map_or(0.0, |(lines, _)| lines.len() as f64 * (LINE_H - 1.0) + 4.0);
    let trend = match d.lanes[c.lane].kind {
        LaneKind::Metrics => c.details.metric.as_ref().and_then(|m| m.sparkline(TREND_W, TREND_H)),
        _ => None,
    };
    let trend_h = if trend.is_some() { TREND_H + 6.0 } else { 0.0 };
    let height = 12.0 + lines.len() as f64 * LINE_H + badge_h + trend_h;
    Laid { lines, badge, trend, height }
}

/// What the picture shows of a map's evidence (customer feedback), when it has some.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlay {
    /// Per stage (in the draft's order): the measured mean and its 90 % band, on −2..+2.
    pub curve: Vec<Option<(f64, f64, f64)>>,
    /// Stages (by index) badged as bottlenecks.
    pub bottlenecks: Vec<usize>,
    /// The findings' sentences, worst first (the picture shows the first few).
    pub findings: Vec<String>,
}

/// Findings a picture lists under the map.
const PICTURE_FINDINGS: usize = 5;

/// The SVG of the whole map, with its size in CSS pixels.
pub fn write(d: &Draft, t: &Messages) -> (String, f64, f64) {
    write_with(d, t, &Overlay::default())
}

/// Where the parts of a picture are, in its pixels: what a paginated PDF cuts it by.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// Where the stage columns start (the lane titles are left of it).
    pub grid_x: f64,
    pub col_w: f64,
    pub stages: usize,
    /// The bottom of the stage headers (the title and the headers are above it).
    pub head_bottom: f64,
    /// Each lane's top and bottom, top to bottom; the legend and findings follow the last.
    pub lanes: Vec<(f64, f64)>,
}

/// The SVG of the whole map with its evidence: the customer feedback curve in the emotion
/// lane, "Bottleneck" on the worst stages and the first findings under the map.
pub fn write_with(d: &Draft, t: &Messages, o: &Overlay) -> (String, f64, f64) {
    let (svg, l) = write_laid(d, t, o);
    (svg, l.width, l.height)
}

/// [`write_with`], and where its parts are.
pub fn write_laid(d: &Draft, t: &Messages, o: &Overlay) -> (String, Layout) {
    let n_stages = d.stages.len().max(1);
    let measured = o.curve.iter().any(Option::is_some);
    let findings: Vec<Vec<String>> = o.findings.iter().take(PICTURE_FINDINGS).map(|f| wrap(f, 150)).collect();
    let width = MARGIN * 2.0 + HEAD_W + COL_W * n_stages as f64;
    // Lay out every card, then each lane's height from its fullest cell.
    let laid: Vec<Laid> = d.cards.iter().map(|c| lay(t, d, c)).collect();
    let mut lane_h = Vec::with_capacity(d.lanes.len());
    for (li, lane) in d.lanes.iter().enumerate() {
        let fullest = (0..d.stages.len())
            .map(|si| {
                d.cards
                    .iter()
                    .zip(&laid)
                    .filter(|(c, _)| c.stage == si && c.lane == li)
                    .map(|(_, l)| l.height + 8.0)
                    .sum::<f64>()
            })
            .fold(0.0, f64::max);
        let curve = if lane.kind == LaneKind::Emotions && (!d.personas.is_empty() || measured) { CURVE_H } else { 0.0 };
        lane_h.push((fullest + curve + 16.0).max(64.0));
    }
    let legend_h = if d.personas.is_empty() && !measured { 0.0 } else { 40.0 };
    let findings_h = if findings.is_empty() {
        0.0
    } else {
        34.0 + findings.iter().map(|f| f.len() as f64 * LINE_H + 6.0).sum::<f64>()
    };
    let height = MARGIN * 2.0 + TITLE_H + STAGE_H + lane_h.iter().sum::<f64>() + legend_h + findings_h;

    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONTS}" font-size="{FONT}">"#
    );
    let _ = write!(s, r##"<rect width="100%" height="100%" fill="#f5f6f8"/>"##);
    let _ = write!(
        s,
        r##"<text x="{MARGIN}" y="{}" font-size="22" font-weight="bold" fill="#1c2230">{}</text>"##,
        MARGIN + 22.0,
        escape(&d.title)
    );
    if !d.description.is_empty() {
        let first = wrap(&d.description, 140).into_iter().next().unwrap_or_default();
        let _ = write!(s, r##"<text x="{MARGIN}" y="{}" fill="#5b6475">{}</text>"##, MARGIN + 42.0, escape(&first));
    }
    let top = MARGIN + TITLE_H;
    let grid_x = MARGIN + HEAD_W;
    // Stage headers.
    for (si, stage) in d.stages.iter().enumerate() {
        let x = grid_x + COL_W * si as f64;
        let _ = write!(
            s,
            r##"<rect x="{}" y="{top}" width="{}" height="{}" rx="6" fill="#1f45c4"/>"##,
            x + 4.0,
            COL_W - 8.0,
            STAGE_H - 8.0
        );
        let title: String = wrap(&stage.title, 30).into_iter().next().unwrap_or_default();
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" fill="#ffffff" font-weight="bold" font-size="13">{}</text>"##,
            x + 14.0,
            top + 16.0,
            escape(&title)
        );
        if !stage.duration.is_empty() {
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" fill="#dfe6ff" font-size="10.5">{}</text>"##,
                x + 14.0,
                top + 30.0,
                escape(&stage.duration)
            );
        }
        if o.bottlenecks.contains(&si) {
            let label = t.ins.bottleneck;
            let w = 14.0 + label.chars().count() as f64 * 6.2;
            let bx = x + COL_W - 10.0 - w;
            let _ = write!(
                s,
                r##"<rect x="{bx}" y="{}" width="{w}" height="16" rx="8" fill="#c62b2b"/><text x="{}" y="{}" fill="#ffffff" font-size="10" font-weight="bold">{}</text>"##,
                top + 22.0,
                bx + 7.0,
                top + 33.5,
                escape(label)
            );
        }
    }
    // Lanes.
    let mut y = top + STAGE_H;
    let mut lane_spans = Vec::with_capacity(d.lanes.len());
    for (li, lane) in d.lanes.iter().enumerate() {
        let h = lane_h[li];
        lane_spans.push((y, y + h));
        let band = if li % 2 == 0 { "#ffffff" } else { "#eef0f4" };
        let _ = write!(
            s,
            r##"<rect x="{MARGIN}" y="{y}" width="{}" height="{h}" fill="{band}" stroke="#d8dce5"/>"##,
            width - MARGIN * 2.0
        );
        for (i, line) in wrap(&lane.title, 22).iter().take(3).enumerate() {
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" font-weight="bold" fill="#1c2230" font-size="12.5">{}</text>"##,
                MARGIN + 10.0,
                y + 20.0 + i as f64 * 16.0,
                escape(line)
            );
        }
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" fill="#5b6475" font-size="10">{}</text>"##,
            MARGIN + 10.0,
            y + h - 10.0,
            escape(t.lane_kind(lane.kind))
        );
        let mut cards_top = y + 8.0;
        if lane.kind == LaneKind::Emotions && (!d.personas.is_empty() || measured) {
            curves(&mut s, d, t, y + 6.0);
            measured_curve(&mut s, &o.curve, y + 6.0);
            cards_top += CURVE_H;
        }
        for si in 0..d.stages.len() {
            let x = grid_x + COL_W * si as f64 + 8.0;
            let mut cy = cards_top;
            for (c, l) in d.cards.iter().zip(&laid).filter(|(c, _)| c.stage == si && c.lane == li) {
                card(&mut s, x, cy, c, l);
                cy += l.height + 8.0;
            }
        }
        y += h;
    }
    // Column rules.
    for si in 0..=d.stages.len() {
        let x = grid_x + COL_W * si as f64;
        let _ = write!(s, r##"<line x1="{x}" y1="{}" x2="{x}" y2="{y}" stroke="#d8dce5"/>"##, top + STAGE_H);
    }
    // Legend.
    if !d.personas.is_empty() || measured {
        let mut x = MARGIN;
        let ly = y + 26.0;
        let _ = write!(s, r##"<text x="{x}" y="{ly}" fill="#5b6475">{}:</text>"##, escape(t.emotion_curve));
        x += 12.0 + t.emotion_curve.chars().count() as f64 * 6.8;
        if measured {
            let _ = write!(
                s,
                r##"<line x1="{x}" y1="{0}" x2="{1}" y2="{0}" stroke="#1c2230" stroke-width="2.5" stroke-dasharray="6 4"/>"##,
                ly - 4.0,
                x + 18.0
            );
            let name = t.ins.customer_feedback;
            let _ = write!(s, r##"<text x="{}" y="{ly}" fill="#1c2230">{}</text>"##, x + 24.0, escape(name));
            x += 40.0 + name.chars().count() as f64 * 6.8;
        }
        for p in &d.personas {
            let _ = write!(
                s,
                r##"<rect x="{x}" y="{}" width="18" height="4" rx="2" fill="{}"/>"##,
                ly - 6.0,
                escape(&p.colour)
            );
            let _ = write!(s, r##"<text x="{}" y="{ly}" fill="#1c2230">{}</text>"##, x + 24.0, escape(&p.name));
            x += 40.0 + p.name.chars().count() as f64 * 6.8;
        }
    }
    // Where the journey breaks.
    if !findings.is_empty() {
        let mut fy = y + legend_h + 24.0;
        let _ = write!(
            s,
            r##"<text x="{MARGIN}" y="{fy}" font-size="14" font-weight="bold" fill="#1c2230">{}</text>"##,
            escape(t.ev.insights_title)
        );
        fy += 20.0;
        for (i, lines) in findings.iter().enumerate() {
            for (j, line) in lines.iter().enumerate() {
                let text = if j == 0 { format!("{}. {line}", i + 1) } else { line.clone() };
                let _ = write!(s, r##"<text x="{MARGIN}" y="{fy}" fill="#1c2230">{}</text>"##, escape(&text));
                fy += LINE_H;
            }
            fy += 6.0;
        }
    }
    s.push_str("</svg>");
    let layout = Layout {
        width,
        height,
        grid_x,
        col_w: COL_W,
        stages: d.stages.len(),
        head_bottom: top + STAGE_H,
        lanes: lane_spans,
    };
    (s, layout)
}

/// The measured curve: the mean per stage, dashed, with its 90 % band behind it.
fn measured_curve(s: &mut String, curve: &[Option<(f64, f64, f64)>], top: f64) {
    let grid_x = MARGIN + HEAD_W;
    let y_of = |v: f64| top + 10.0 + (2.0 - v.clamp(-2.0, 2.0)) / 4.0 * (CURVE_H - 30.0);
    let x_of = |si: usize| grid_x + COL_W * si as f64 + COL_W / 2.0;
    let points: Vec<(usize, (f64, f64, f64))> =
        curve.iter().enumerate().filter_map(|(i, p)| p.map(|p| (i, p))).collect();
    if points.is_empty() {
        return;
    }
    if points.len() > 1 {
        let upper: Vec<String> =
            points.iter().map(|(i, (_, _, hi))| format!("{:.1},{:.1}", x_of(*i), y_of(*hi))).collect();
        let lower: Vec<String> =
            points.iter().rev().map(|(i, (_, lo, _))| format!("{:.1},{:.1}", x_of(*i), y_of(*lo))).collect();
        let _ = write!(
            s,
            r##"<polygon points="{} {}" fill="#1c2230" fill-opacity="0.09"/>"##,
            upper.join(" "),
            lower.join(" ")
        );
    }
    let line: Vec<String> = points.iter().map(|(i, (m, ..))| format!("{:.1},{:.1}", x_of(*i), y_of(*m))).collect();
    let _ = write!(
        s,
        r##"<polyline points="{}" fill="none" stroke="#1c2230" stroke-width="2.5" stroke-dasharray="6 4"/>"##,
        line.join(" ")
    );
    for (i, (m, ..)) in &points {
        let _ = write!(s, r##"<circle cx="{:.1}" cy="{:.1}" r="4" fill="#1c2230"/>"##, x_of(*i), y_of(*m));
    }
}

fn card(s: &mut String, x: f64, y: f64, c: &DraftCard, l: &Laid) {
    let _ = write!(
        s,
        r##"<rect x="{x}" y="{y}" width="{CARD_W}" height="{}" rx="5" fill="{}" stroke="#c9ced8"/>"##,
        l.height,
        fill(c.colour)
    );
    let mut ty = y + 6.0 + LINE_H - 3.0;
    for line in &l.lines {
        let _ = write!(s, r##"<text x="{}" y="{ty}" fill="#1c2230">{}</text>"##, x + 8.0, escape(line));
        ty += LINE_H;
    }
    if let Some((lines, icon)) = &l.badge {
        let mut tx = x + 8.0;
        if let Some(icon) = icon {
            let _ = write!(
                s,
                r##"<path transform="translate({tx} {}) scale(0.75)" d="{}" fill="none" stroke="#3b4356" stroke-width="1.6" stroke-linejoin="round" stroke-linecap="round"/>"##,
                ty - 7.0,
                icon_path(icon)
            );
            tx += 16.0;
        }
        for (i, line) in lines.iter().enumerate() {
            let _ = write!(
                s,
                r##"<text x="{tx}" y="{}" fill="#3b4356" font-size="10.5" font-weight="bold">{}</text>"##,
                ty + 2.0 + i as f64 * (LINE_H - 1.0),
                escape(line)
            );
        }
        ty += lines.len() as f64 * (LINE_H - 1.0) + 4.0;
    }
    if let Some(points) = &l.trend {
        // Points are numbers only (`Metric::sparkline`): nothing to escape.
        let _ = write!(
            s,
            r##"<polyline transform="translate({} {})" points="{points}" fill="none" stroke="#3b4356" stroke-width="1.5" stroke-linejoin="round"/>"##,
            x + 8.0,
            ty - LINE_H + 6.0
        );
    }
}

/// One polyline per persona through its emotion at each stage (−2 at the bottom, +2 at
/// the top), with a dot per point; missing points break nothing, the line joins the rest.
fn curves(s: &mut String, d: &Draft, t: &Messages, top: f64) {
    let grid_x = MARGIN + HEAD_W;
    let y_of = |score: i8| top + 10.0 + (2.0 - f64::from(score)) / 4.0 * (CURVE_H - 30.0);
    let _ = write!(
        s,
        r##"<line x1="{grid_x}" y1="{0}" x2="{1}" y2="{0}" stroke="#c9ced8" stroke-dasharray="4 4"/>"##,
        y_of(0),
        grid_x + COL_W * d.stages.len() as f64
    );
    for score in [2i8, -2] {
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" fill="#5b6475" font-size="9.5">{}</text>"##,
            grid_x + 6.0,
            y_of(score) + 3.0,
            escape(t.feeling(score))
        );
    }
    for (pi, p) in d.personas.iter().enumerate() {
        let points: Vec<(f64, f64)> = d
            .curve_points(pi)
            .into_iter()
            .map(|c| (grid_x + COL_W * (c.stage as f64 + c.across.unwrap_or(0.5)), y_of(c.score)))
            .collect();
        if points.is_empty() {
            continue;
        }
        let colour = escape(&p.colour);
        let path: Vec<String> = points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = write!(
            s,
            r##"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2.5" stroke-linejoin="round"/>"##,
            path.join(" ")
        );
        for (x, y) in points {
            let _ = write!(
                s,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="4.5" fill="{colour}" stroke="#ffffff" stroke-width="1.5"/>"##
            );
        }
    }
}
