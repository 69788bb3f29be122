//! A map's customer feedback as running totals: what the board's [`FeedbackSummary`] is
//! computed from without reading the answers again. An import adds its new answers to the
//! kept tally and the summary follows at once, however many answers the map already has
//! (100,000 rows are read back only when answers are deleted: an undone import, a forgotten
//! client, the retention clean-up).
//!
//! What is kept, and why each part is enough:
//! - count, sum and sum of squares of the scores (on −2..+2) for the map, each stage and
//!   each touchpoint card: means and the sample standard deviation
//!   `sd = √((Σx² − n·mean²) / (n − 1))` follow from them exactly (scores are bounded, so
//!   the subtraction loses nothing that shows);
//! - the same per stage and answer date: "the last 90 days" and "the 90 before" move with
//!   the day the summary is made, so they are summed from the days when it is made;
//! - per stage, each complaint word (stemmed, from negative comments: `server::terms`)
//!   with the number of comments that use it and its surface forms. At most
//!   [`MAX_STEMS`] words a stage are kept: past that the rarest are forgotten, so the top
//!   words stay exact unless a stage has thousands of distinct words used about equally
//!   often;
//! - the languages the comments said they were in: a comment that does not say is read
//!   in the commonest one (of the answers known when it arrives).

use super::{CardEvidence, FeedbackSummary, Scale, StageEvidence, Term};
use crate::domain::{CardId, StageId};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Days of "recent" feedback (the trend compares them with the days before).
pub const RECENT_DAYS: u64 = 90;
/// Complaint words shown per stage.
pub const TERMS: usize = 5;
/// Complaint words kept per stage (the rarest go past this).
pub const MAX_STEMS: usize = 1_000;
/// Surface forms kept per complaint word.
const MAX_FORMS: usize = 8;

/// Count, sum and sum of squares of some scores.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Moments {
    pub n: u32,
    pub sum: f64,
    pub sumsq: f64,
}

impl Moments {
    pub fn add(&mut self, x: f64) {
        self.n += 1;
        self.sum += x;
        self.sumsq += x * x;
    }

    fn merge(&mut self, o: &Moments) {
        self.n += o.n;
        self.sum += o.sum;
        self.sumsq += o.sumsq;
    }

    /// The mean (0 with no scores).
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.sum / f64::from(self.n)
        }
    }

    /// The sample standard deviation (0 below two scores).
    pub fn sd(&self) -> f64 {
        if self.n < 2 {
            return 0.0;
        }
        let n = f64::from(self.n);
        let mean = self.sum / n;
        ((self.sumsq - n * mean * mean).max(0.0) / (n - 1.0)).sqrt()
    }
}

/// A complaint word: the negative comments that use it and how often each form was used.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WordTally {
    pub comments: u32,
    pub forms: BTreeMap<String, u32>,
}

/// One stage's totals.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StageTally {
    pub all: Moments,
    pub negative: u32,
    pub days: BTreeMap<NaiveDate, Moments>,
    /// Stem (with its language) → the word's tally.
    pub words: BTreeMap<String, WordTally>,
}

/// One answer as the tally takes it. `words`: the stems of its comment's words with the
/// form used, each once per comment (the server cuts and stems them; only negative
/// answers' comments count).
#[derive(Clone, Debug)]
pub struct Tallied<'a> {
    pub stage: &'a StageId,
    pub card: Option<&'a CardId>,
    pub date: NaiveDate,
    pub scale: Scale,
    pub norm: f64,
    pub words: Vec<(String, String)>,
}

/// A map's feedback in running totals (see the module's comment).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FeedbackTally {
    pub all: Moments,
    /// Scale id → answers given on it.
    pub scales: BTreeMap<String, u32>,
    pub stages: BTreeMap<StageId, StageTally>,
    pub cards: BTreeMap<CardId, Moments>,
    pub latest: Option<NaiveDate>,
    /// Language tag → comments that said or showed it.
    pub languages: BTreeMap<String, u32>,
}

impl FeedbackTally {
    /// The language most comments are in so far (`None` before any said).
    pub fn usual_language(&self) -> Option<&str> {
        self.languages.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(l, _)| l.as_str())
    }

    /// Counts a comment's language (one that said or showed it).
    pub fn saw_language(&mut self, tag: &str) {
        *self.languages.entry(tag.to_owned()).or_default() += 1;
    }

    /// Adds one answer.
    pub fn add(&mut self, a: Tallied<'_>) {
        self.all.add(a.norm);
        *self.scales.entry(a.scale.id().to_owned()).or_default() += 1;
        self.latest = self.latest.max(Some(a.date));
        if let Some(c) = a.card {
            self.cards.entry(c.clone()).or_default().add(a.norm);
        }
        let stage = self.stages.entry(a.stage.clone()).or_default();
        stage.all.add(a.norm);
        stage.days.entry(a.date).or_default().add(a.norm);
        if a.norm < 0.0 {
            stage.negative += 1;
        }
        for (stem, form) in a.words {
            let w = stage.words.entry(stem).or_default();
            w.comments += 1;
            if w.forms.len() < MAX_FORMS || w.forms.contains_key(&form) {
                *w.forms.entry(form).or_default() += 1;
            }
        }
        if stage.words.len() > MAX_STEMS {
            forget_rare(&mut stage.words);
        }
    }

    /// Another tally's answers added to this one's.
    pub fn merge(&mut self, o: &FeedbackTally) {
        self.all.merge(&o.all);
        for (s, n) in &o.scales {
            *self.scales.entry(s.clone()).or_default() += n;
        }
        self.latest = self.latest.max(o.latest);
        for (c, m) in &o.cards {
            self.cards.entry(c.clone()).or_default().merge(m);
        }
        for (l, n) in &o.languages {
            *self.languages.entry(l.clone()).or_default() += n;
        }
        for (id, st) in &o.stages {
            let mine = self.stages.entry(id.clone()).or_default();
            mine.all.merge(&st.all);
            mine.negative += st.negative;
            for (d, m) in &st.days {
                mine.days.entry(*d).or_default().merge(m);
            }
            for (stem, w) in &st.words {
                let into = mine.words.entry(stem.clone()).or_default();
                into.comments += w.comments;
                for (f, n) in &w.forms {
                    if into.forms.len() < MAX_FORMS || into.forms.contains_key(f) {
                        *into.forms.entry(f.clone()).or_default() += n;
                    }
                }
            }
            if mine.words.len() > MAX_STEMS {
                forget_rare(&mut mine.words);
            }
        }
    }

    /// What the board shows on `today`: counts, means and spreads per stage and per
    /// touchpoint card, the last 90 days against the 90 before, the commonest scale, and
    /// the commonest words of each stage's negative comments.
    pub fn summary(&self, today: NaiveDate) -> FeedbackSummary {
        let recent_from = today.checked_sub_days(Days::new(RECENT_DAYS)).unwrap_or(today);
        let previous_from = recent_from.checked_sub_days(Days::new(RECENT_DAYS)).unwrap_or(recent_from);
        let stages = self
            .stages
            .iter()
            .filter(|(_, st)| st.all.n > 0)
            .map(|(id, st)| {
                let (mut recent, mut previous) = (Moments::default(), Moments::default());
                for (_, m) in st.days.range(previous_from..recent_from) {
                    previous.merge(m);
                }
                for (_, m) in st.days.range(recent_from..) {
                    recent.merge(m);
                }
                StageEvidence {
                    stage: id.clone(),
                    count: st.all.n,
                    mean: st.all.mean(),
                    sd: st.all.sd(),
                    negative: st.negative,
                    recent_count: recent.n,
                    recent_mean: (recent.n > 0).then(|| recent.mean()),
                    previous_count: previous.n,
                    previous_mean: (previous.n > 0).then(|| previous.mean()),
                    terms: top_words(&st.words, TERMS),
                }
            })
            .collect();
        let cards = self
            .cards
            .iter()
            .filter(|(_, m)| m.n > 0)
            .map(|(id, m)| CardEvidence { card: id.clone(), count: m.n, mean: m.mean() })
            .collect();
        let scale = self
            .scales
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .and_then(|(s, _)| Scale::from_id(s))
            .unwrap_or_default();
        FeedbackSummary {
            count: self.all.n,
            mean: self.all.mean(),
            scale,
            stages,
            cards,
            latest: self.latest,
            today: Some(today),
        }
    }
}

/// The `n` words most comments use, then alphabetically, each shown in its commonest form.
fn top_words(words: &BTreeMap<String, WordTally>, n: usize) -> Vec<Term> {
    let mut terms: Vec<Term> = words
        .values()
        .map(|w| {
            let word = w
                .forms
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(f, _)| f.clone())
                .unwrap_or_default();
            Term { word, comments: w.comments }
        })
        .collect();
    terms.sort_by(|a, b| b.comments.cmp(&a.comments).then_with(|| a.word.cmp(&b.word)));
    terms.truncate(n);
    terms
}

/// Keeps the [`MAX_STEMS`] / 2 words most comments use (ties kept by stem order), so a
/// stage's table stays bounded and is pruned only now and then.
fn forget_rare(words: &mut BTreeMap<String, WordTally>) {
    let mut counts: Vec<u32> = words.values().map(|w| w.comments).collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let floor = counts.get(MAX_STEMS / 2).copied().unwrap_or(0);
    let mut kept = 0usize;
    words.retain(|_, w| {
        let keep = w.comments > floor || (w.comments == floor && kept < MAX_STEMS / 2);
        kept += usize::from(keep);
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn add(t: &mut FeedbackTally, stage: &StageId, date: &str, norm: f64, words: &[(&str, &str)]) {
        t.add(Tallied {
            stage,
            card: None,
            date: d(date),
            scale: Scale::Stars,
            norm,
            words: words.iter().map(|(s, f)| (s.to_string(), f.to_string())).collect(),
        });
    }

    #[test]
    fn means_spreads_and_windows_come_from_the_totals() {
        let (a, b) = (StageId::from("a"), StageId::from("b"));
        let mut t = FeedbackTally::default();
        for (date, x) in [("2026-11-30", 1.0), ("2026-11-01", -1.0), ("2026-07-01", 2.0), ("2025-01-01", 0.0)] {
            add(&mut t, &a, date, x, &[]);
        }
        add(&mut t, &b, "2026-12-01", -2.0, &[("0:wait", "waiting")]);
        let s = t.summary(d("2026-12-07"));
        assert_eq!(s.count, 5);
        assert!((s.mean - 0.0).abs() < 1e-12);
        let sa = s.stage(&a).unwrap();
        assert_eq!((sa.count, sa.negative), (4, 1));
        assert!((sa.mean - 0.5).abs() < 1e-12);
        // Sample sd of 1, −1, 2, 0.
        assert!((sa.sd - (5.0f64 / 3.0).sqrt()).abs() < 1e-12, "{}", sa.sd);
        assert_eq!((sa.recent_count, sa.recent_mean), (2, Some(0.0)), "the last 90 days");
        assert_eq!((sa.previous_count, sa.previous_mean), (1, Some(2.0)), "the 90 before");
        // The same tally a month later: the windows moved.
        let later = t.summary(d("2027-01-07"));
        assert_eq!(later.stage(&a).unwrap().recent_count, 2);
        assert_eq!(later.stage(&b).unwrap().terms, vec![Term { word: "waiting".into(), comments: 1 }]);
        assert_eq!((s.latest, s.today), (Some(d("2026-12-01")), Some(d("2026-12-07"))));
    }

    #[test]
    fn two_tallies_merged_equal_one_tally_of_everything() {
        let (a, b) = (StageId::from("a"), StageId::from("b"));
        let card = CardId::from("c");
        let answers: Vec<(&StageId, Option<&CardId>, &str, f64, Vec<(&str, &str)>)> = vec![
            (&a, Some(&card), "2026-10-01", -1.5, vec![("0:wait", "waited"), ("0:rude", "rude")]),
            (&a, None, "2026-10-02", 0.5, vec![]),
            (&b, Some(&card), "2026-09-01", -0.5, vec![("0:wait", "waiting")]),
            (&a, None, "2026-12-01", -2.0, vec![("0:wait", "waiting")]),
        ];
        let tally = |xs: &[(&StageId, Option<&CardId>, &str, f64, Vec<(&str, &str)>)]| {
            let mut t = FeedbackTally::default();
            for (s, c, date, x, w) in xs {
                t.add(Tallied {
                    stage: s,
                    card: *c,
                    date: d(date),
                    scale: Scale::Nps,
                    norm: *x,
                    words: w.iter().map(|(s, f)| (s.to_string(), f.to_string())).collect(),
                });
            }
            t
        };
        let whole = tally(&answers);
        let mut parts = tally(&answers[..2]);
        parts.merge(&tally(&answers[2..]));
        assert_eq!(parts, whole);
        let s = whole.summary(d("2026-12-07"));
        assert_eq!(s.scale, Scale::Nps);
        assert_eq!(s.card(&card).map(|c| c.count), Some(2));
        let terms = &s.stage(&a).unwrap().terms;
        assert_eq!(terms[0], Term { word: "waited".into(), comments: 2 }, "{terms:?}");
        assert_eq!(terms[1].word, "rude");
    }

    #[test]
    fn a_tally_survives_json_and_stays_bounded() {
        let a = StageId::from("a");
        let mut t = FeedbackTally::default();
        // Two words used by many, and thousands used once.
        for i in 0..(MAX_STEMS * 3) {
            let rare = format!("0:w{i}");
            add(&mut t, &a, "2026-11-01", -1.0, &[("0:wait", "wait"), ("0:price", "price"), (&rare, "x")]);
        }
        let words = &t.stages[&a].words;
        assert!(words.len() <= MAX_STEMS, "{}", words.len());
        assert_eq!(words["0:wait"].comments, (MAX_STEMS * 3) as u32, "the common words stay exact");
        let back: FeedbackTally = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back, t);
        let terms = t.summary(d("2026-12-07")).stages[0].terms.clone();
        assert_eq!((terms[0].word.as_str(), terms[1].word.as_str()), ("price", "wait"));
    }

    #[test]
    fn the_usual_language_is_the_commonest_said() {
        let mut t = FeedbackTally::default();
        assert_eq!(t.usual_language(), None);
        for l in ["pt", "ru", "pt"] {
            t.saw_language(l);
        }
        assert_eq!(t.usual_language(), Some("pt"));
    }
}
