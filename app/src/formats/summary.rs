//! A workshop's summary written out: Markdown (headings and lists, every text escaped)
//! and one SVG page (wrapped lines of text) that `render::pdf` turns into a PDF.

use super::markdown::inline;
use super::svg::{escape, wrap, FONTS};
use crate::domain::summary::WorkshopSummary;
use crate::domain::Map;
use crate::i18n::Messages;
use std::fmt::Write as _;

/// What the summary says, section by section: a heading and its lines.
fn sections(t: &Messages, map: &Map, s: &WorkshopSummary) -> Vec<(String, Vec<String>)> {
    let ws = t.ws;
    let none = || vec![ws.summary_none.to_owned()];
    let or_none = |v: Vec<String>| if v.is_empty() { none() } else { v };
    let mut out = vec![(ws.summary_participants.to_owned(), or_none(s.participants.clone()))];
    let cards: Vec<String> =
        s.stages.iter().map(|st| format!("{} ({}): {}", st.stage, st.cards.len(), st.cards.join(" · "))).collect();
    out.push((ws.summary_cards.to_owned(), or_none(cards)));
    let votes: Vec<String> =
        s.votes.iter().map(|(text, n)| format!("{text} — {}", ws.n_votes.format(t.locale, u64::from(*n)))).collect();
    out.push((ws.summary_votes.to_owned(), or_none(votes)));
    let threads: Vec<String> = s
        .open_threads
        .iter()
        .map(|th| {
            let body: String = th.body.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(300).collect();
            format!("{} — {}: {body}", t.cm.place(map, &th.anchor), th.author)
        })
        .collect();
    out.push((ws.summary_comments.to_owned(), or_none(threads)));
    out
}

fn intro(t: &Messages, s: &WorkshopSummary) -> String {
    t.ws.summary_intro
        .replace("{title}", &s.title)
        .replace("{start}", &s.started_at.format("%Y-%m-%d %H:%M UTC").to_string())
}

pub fn markdown(t: &Messages, map: &Map, s: &WorkshopSummary) -> String {
    let mut md = format!("# {}\n\n{}\n", inline(t.ws.summary), inline(&intro(t, s)));
    for (heading, lines) in sections(t, map, s) {
        let _ = write!(md, "\n## {}\n\n", inline(&heading));
        for l in lines {
            let _ = writeln!(md, "- {}", inline(&l));
        }
    }
    md
}

/// The summary as one page of SVG text, as tall as it needs.
pub fn svg(t: &Messages, map: &Map, s: &WorkshopSummary) -> String {
    const WIDTH: f64 = 800.0;
    const LINE: f64 = 20.0;
    let mut body = String::new();
    let mut y = 60.0;
    let mut text = |y: &mut f64, s: &str, size: f64, bold: bool| {
        let weight = if bold { " font-weight=\"700\"" } else { "" };
        let _ = write!(body, r#"<text x="48" y="{y}" font-size="{size}"{weight}>{}</text>"#, escape(s));
        *y += size * 1.4;
    };
    text(&mut y, t.ws.summary, 26.0, true);
    for l in wrap(&intro(t, s), 90) {
        text(&mut y, &l, 14.0, false);
    }
    for (heading, lines) in sections(t, map, s) {
        y += LINE / 2.0;
        text(&mut y, &heading, 18.0, true);
        for l in lines {
            for (i, piece) in wrap(&l, 96).into_iter().enumerate() {
                let bullet = if i == 0 { "• " } else { "  " };
                text(&mut y, &format!("{bullet}{piece}"), 13.0, false);
            }
        }
    }
    let height = y + 40.0;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="{FONTS}"><rect width="100%" height="100%" fill="#fff"/>{body}</svg>"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::summary::{OpenThread, StageCards};

    fn summary() -> WorkshopSummary {
        WorkshopSummary {
            title: "Clínica <Bela>".into(),
            started_at: chrono::Utc::now(),
            ended: true,
            participants: vec!["Ana".into(), "*Gil*".into()],
            stages: vec![StageCards { stage: "Booking".into(), cards: vec!["Waits on hold".into()] }],
            votes: vec![("Waits on hold".into(), 2)],
            open_threads: vec![OpenThread {
                anchor: crate::domain::comment::Anchor::Map,
                author: "Ana".into(),
                body: "Who calls back?".into(),
            }],
        }
    }

    #[test]
    fn the_markdown_summary_has_every_section_escaped() {
        let t = crate::i18n::Locale::En.messages();
        let map = crate::domain::op_tests::sample();
        let md = markdown(t, &map, &summary());
        assert!(md.starts_with("# Workshop summary\n"));
        assert!(md.contains("## Participants\n\n- Ana\n- \\*Gil\\*\n"), "{md}");
        assert!(md.contains("- Booking (1): Waits on hold"));
        assert!(md.contains("- Waits on hold — 2 votes"));
        assert!(md.contains("Who calls back?"));
        assert!(md.contains("Clínica \\<Bela\\>"));
        let empty = WorkshopSummary { participants: vec![], votes: vec![], ..summary() };
        assert!(markdown(t, &map, &empty).contains("## Vote results\n\n- None.\n"));
    }

    #[test]
    fn the_summary_page_is_svg_that_renders_as_pdf() {
        let t = crate::i18n::Locale::Ru.messages();
        let svg = svg(t, &crate::domain::op_tests::sample(), &summary());
        assert!(svg.contains("Итоги воркшопа") && svg.contains("Clínica &lt;Bela&gt;"));
        let pdf = super::super::render::pdf(&svg).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }
}
