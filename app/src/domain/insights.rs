//! Where the journey breaks: every stage (and touchpoint card with feedback) ranked from
//! every signal the map has. Pure: the same function runs in the browser (so the Insights
//! view follows edits live) and on the server (for the exports).
//!
//! The formula is documented on [`findings`].

use super::feedback::{FeedbackSummary, StageEvidence, Term, MIN_ANSWERS};
use super::{CardId, LaneKind, Map, MetricStatus, PersonaId, Severity, StageId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    Stage(StageId),
    Touchpoint(CardId),
}

/// One reason a stage or touchpoint is ranked where it is; the UI turns each into a
/// sentence in the user's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Signal {
    /// Measured scores: the count, the raw mean, the map's mean (all on −2..+2), and the
    /// mean after shrinkage towards the map's mean.
    Measured { count: u32, mean: f64, map_mean: f64, shrunk: f64 },
    /// Fewer than `MIN_ANSWERS` answers: no rank by score.
    NotEnoughData { count: u32 },
    /// Answers with a negative score among all answers.
    Negative { negative: u32, count: u32 },
    /// The commonest words of the negative comments.
    Terms { terms: Vec<Term> },
    /// Pain point cards of the stage: how many, how many of high severity.
    PainPoints { total: u32, high: u32 },
    /// Metric cards of the stage off their target.
    MetricsOffTarget { count: u32 },
    /// A persona's assumed emotion and the measured mean differ by a point or more.
    Gap { persona: PersonaId, assumed: f64, measured: f64 },
    /// The recent 90 days against the 90 before (means on −2..+2).
    Trend { recent: f64, previous: f64 },
}

/// A ranked stage or touchpoint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub target: Target,
    /// How badly it breaks the journey; higher is worse. Findings are sorted by it.
    pub badness: f64,
    /// Whether the measured part is backed by enough answers.
    pub enough_data: bool,
    pub signals: Vec<Signal>,
}

/// Pseudo-answers of the map's mean added to every stage's answers (the shrinkage).
pub const SHRINK_K: f64 = 10.0;
/// Badness per point (on −2..+2) the shrunk mean lies below the map's mean.
pub const W_SCORE: f64 = 1.0;
/// Badness per unit of negative share above the map's (shrunk the same way).
pub const W_NEGATIVE: f64 = 1.0;
/// Badness for the share of all answers that name the commonest complaint.
pub const W_TERMS: f64 = 0.5;
/// Badness of one pain point card by severity (an unset severity counts as low).
pub const W_PAIN_HIGH: f64 = 0.4;
pub const W_PAIN_MEDIUM: f64 = 0.2;
pub const W_PAIN_LOW: f64 = 0.1;
/// The most the pain points of one stage add (three high ones).
pub const PAIN_CAP: f64 = 1.2;
/// Badness of one metric off target, and the most the metrics of one stage add.
pub const W_METRIC: f64 = 0.3;
pub const METRIC_CAP: f64 = 0.9;
/// Badness per point the team's curve is above the measured mean (from a point on).
pub const W_GAP: f64 = 0.3;
/// A gap between assumed and measured of this much or more is a signal.
pub const GAP: f64 = 1.0;
/// Badness per point the recent 90 days fell below the 90 before.
pub const W_TREND: f64 = 0.5;
/// A change between the two periods smaller than this is no trend.
pub const TREND_MIN: f64 = 0.25;

/// The mean of `count` answers pulled towards the map's mean: `(n·mean + k·map_mean)/(n+k)`
/// with k = [`SHRINK_K`]. Ten answers weigh as much as the map; a hundred answers keep
/// 91 % of their own mean.
pub fn shrink(count: u32, mean: f64, map_mean: f64) -> f64 {
    let n = f64::from(count);
    (n * clean(mean) + SHRINK_K * clean(map_mean)) / (n + SHRINK_K)
}

/// Every stage (and every touchpoint with feedback), worst first.
///
/// Badness is a sum of terms, each 0 for a stage that is "like the rest of the map", so a
/// stage with no feedback and a stage exactly at the map's average weigh the same and only
/// the team's own cards tell them apart. All means are on −2..+2 (one star of a five-star
/// scale is one point). With `n` answers, `m` the stage's mean, `M` the map's mean,
/// k = [`SHRINK_K`] = 10:
///
/// ```text
/// shrunk    = (n·m + k·M) / (n + k)
/// badness   = 1.0 · (M − shrunk)                            measured score
///           + 1.0 · ((neg + k·S)/(n + k) − S)               negative share; S: the map's share
///           + 0.5 · top_term_comments / n                   the commonest complaint
///           + min(1.2, 0.4·high + 0.2·medium + 0.1·low)     pain point cards
///           + min(0.9, 0.3·metrics off target)              metric cards
///           + 0.3 · max(assumed − m) if ≥ 1                 the most optimistic persona
///           + 0.5 · (previous − recent) if ≥ 0.25           falling in the last 90 days
/// ```
///
/// Why these weights: what clients say is evidence, what the team wrote is belief, so the
/// measured terms dominate: a stage a full point below the map outweighs two high-severity
/// pain points (0.8), and three high ones are the most the cards add (1.2), so a pile of
/// low-severity notes cannot bury a measured break. Shrinkage keeps one angry answer from
/// topping the list: with k = 10 a stage needs about ten answers before its own mean counts
/// as much as the map's. Negative share and terms refine the score (they say how many
/// clients and about what), so they weigh less than it. An optimistic curve (the team
/// believes the stage goes better than clients say) is a blind spot and adds; a pessimistic
/// one is shown but adds nothing. A falling trend adds half a point per point lost.
///
/// Below [`MIN_ANSWERS`] answers the stage says [`Signal::NotEnoughData`] and none of the
/// measured terms count (`enough_data` is false); a trend needs that many answers in both
/// periods. Touchpoint cards with feedback are ranked by their measured score alone. Ties
/// keep the board's order: stages left to right, a stage before its touchpoints, the
/// touchpoints in lane and cell order. Badness is rounded to 1e−6 so sums that differ only
/// in floating-point noise tie.
pub fn findings(map: &Map, summary: &FeedbackSummary) -> Vec<Finding> {
    let map_mean = clean(summary.mean);
    let stages = map.ordered_stages();
    let stage_index: BTreeMap<&StageId, usize> = stages.iter().enumerate().map(|(i, s)| (&s.id, i)).collect();
    let lane_index: BTreeMap<_, _> =
        map.ordered_lanes().into_iter().enumerate().map(|(i, l)| (&l.id, (i, l.kind))).collect();
    // The first evidence of each stage of the map (the server sends one; ignore repeats).
    let mut evidence: BTreeMap<&StageId, &StageEvidence> = BTreeMap::new();
    for e in &summary.stages {
        if stage_index.contains_key(&e.stage) {
            evidence.entry(&e.stage).or_insert(e);
        }
    }
    let (neg, all) =
        evidence.values().fold((0u64, 0u64), |(n, a), e| (n + u64::from(e.negative), a + u64::from(e.count)));
    let map_share = if all == 0 { 0.0 } else { neg as f64 / all as f64 };

    // One pass over the cards: pain points and metrics per stage.
    let mut cards: BTreeMap<&StageId, CardTally> = BTreeMap::new();
    for card in map.cards.values() {
        let Some(&(_, kind)) = lane_index.get(&card.lane) else { continue };
        let tally = cards.entry(&card.stage).or_default();
        match kind {
            LaneKind::PainPoints => {
                tally.pain += 1;
                match card.details.severity {
                    Some(Severity::High) => tally.high += 1,
                    Some(Severity::Medium) => tally.medium += 1,
                    Some(Severity::Low) | None => {}
                }
            }
            LaneKind::Metrics
                if card.details.metric.as_ref().is_some_and(|m| m.status() == MetricStatus::OffTarget) =>
            {
                tally.metrics_off += 1;
            }
            _ => {}
        }
    }

    let mut out: Vec<(Position, Finding)> = Vec::new();
    for (i, stage) in stages.iter().enumerate() {
        let ev = evidence.get(&stage.id).copied();
        let tally = cards.get(&stage.id).copied().unwrap_or_default();
        let finding = stage_finding(map, &stage.id, ev, &tally, map_mean, map_share);
        out.push(((i, 0, 0, None), finding));
    }
    let mut seen = std::collections::BTreeSet::new();
    for e in &summary.cards {
        let Some(card) = map.cards.get(&e.card) else { continue };
        let (Some(&si), Some(&(li, _))) = (stage_index.get(&card.stage), lane_index.get(&card.lane)) else { continue };
        if !seen.insert(&e.card) {
            continue;
        }
        let (signal, badness, enough) = measured(e.count, e.mean, map_mean);
        let finding =
            Finding { target: Target::Touchpoint(e.card.clone()), badness, enough_data: enough, signals: vec![signal] };
        out.push(((si, 1, li, Some((&card.order, &card.id))), finding));
    }
    for (_, f) in &mut out {
        f.badness = (f.badness * 1e6).round() / 1e6;
    }
    out.sort_by(|(pa, a), (pb, b)| b.badness.total_cmp(&a.badness).then_with(|| pa.cmp(pb)));
    out.into_iter().map(|(_, f)| f).collect()
}

/// At most this many stages carry the bottleneck badge on the board.
pub const MAX_BOTTLENECKS: usize = 3;
/// The badness from which a stage is a bottleneck: about half a point below the map, or
/// a high-severity pain point with a metric off target.
pub const BOTTLENECK_MIN: f64 = 0.5;

/// The stages that carry the bottleneck badge: the worst [`MAX_BOTTLENECKS`] stages of
/// `found` (as [`findings`] sorts them) whose badness reaches [`BOTTLENECK_MIN`], worst first.
pub fn bottlenecks(found: &[Finding]) -> Vec<StageId> {
    found
        .iter()
        .filter(|f| f.badness >= BOTTLENECK_MIN)
        .filter_map(|f| match &f.target {
            Target::Stage(id) => Some(id.clone()),
            Target::Touchpoint(_) => None,
        })
        .take(MAX_BOTTLENECKS)
        .collect()
}

/// Where a finding sits on the board: stage index, stage (0) or touchpoint (1), lane index,
/// and the card's order in its cell.
type Position<'a> = (usize, u8, usize, Option<(&'a super::OrderKey, &'a CardId)>);

/// Pain point and metric cards of one stage.
#[derive(Clone, Copy, Default)]
struct CardTally {
    pain: u32,
    high: u32,
    medium: u32,
    metrics_off: u32,
}

/// A mean from the server, kept on −2..+2 (0 for one that is not a number).
fn clean(x: f64) -> f64 {
    if x.is_finite() {
        x.clamp(-2.0, 2.0)
    } else {
        0.0
    }
}

/// The score signal of `count` answers with mean `mean`, its badness, and whether there
/// are enough answers to count it.
fn measured(count: u32, mean: f64, map_mean: f64) -> (Signal, f64, bool) {
    if count < MIN_ANSWERS {
        return (Signal::NotEnoughData { count }, 0.0, false);
    }
    let shrunk = shrink(count, mean, map_mean);
    let signal = Signal::Measured { count, mean: clean(mean), map_mean, shrunk };
    (signal, W_SCORE * (map_mean - shrunk), true)
}

fn stage_finding(
    map: &Map,
    stage: &StageId,
    ev: Option<&StageEvidence>,
    tally: &CardTally,
    map_mean: f64,
    map_share: f64,
) -> Finding {
    let count = ev.map_or(0, |e| e.count);
    let (signal, mut badness, enough) = measured(count, ev.map_or(0.0, |e| e.mean), map_mean);
    let mut signals = vec![signal];
    let mut gaps = Vec::new();
    let mut trend = None;
    if let (Some(e), true) = (ev, enough) {
        let n = f64::from(e.count);
        let negative = e.negative.min(e.count);
        if negative > 0 {
            signals.push(Signal::Negative { negative, count: e.count });
        }
        let shrunk_share = (f64::from(negative) + SHRINK_K * map_share) / (n + SHRINK_K);
        badness += W_NEGATIVE * (shrunk_share - map_share);
        if let Some(top) = e.terms.first() {
            badness += W_TERMS * (f64::from(top.comments) / n).min(1.0);
            signals.push(Signal::Terms { terms: e.terms.clone() });
        }
        let measured = clean(e.mean);
        let mut worst_optimism: f64 = 0.0;
        for persona in &map.personas {
            let Some(point) = map.emotion(persona, stage) else { continue };
            let assumed = f64::from(point.score).clamp(-2.0, 2.0);
            if e.gap(point.score).is_some() {
                worst_optimism = worst_optimism.max(assumed - measured);
                gaps.push(Signal::Gap { persona: persona.clone(), assumed, measured });
            }
        }
        badness += W_GAP * worst_optimism;
        if let (Some(recent), Some(previous)) = (e.recent_mean, e.previous_mean) {
            let (recent, previous) = (clean(recent), clean(previous));
            let both = e.recent_count >= MIN_ANSWERS && e.previous_count >= MIN_ANSWERS;
            if both && (recent - previous).abs() >= TREND_MIN {
                badness += W_TREND * (previous - recent).max(0.0);
                trend = Some(Signal::Trend { recent, previous });
            }
        }
    }
    if tally.pain > 0 {
        let low = tally.pain - tally.high - tally.medium;
        let pain =
            W_PAIN_HIGH * f64::from(tally.high) + W_PAIN_MEDIUM * f64::from(tally.medium) + W_PAIN_LOW * f64::from(low);
        badness += pain.min(PAIN_CAP);
        signals.push(Signal::PainPoints { total: tally.pain, high: tally.high });
    }
    if tally.metrics_off > 0 {
        badness += (W_METRIC * f64::from(tally.metrics_off)).min(METRIC_CAP);
        signals.push(Signal::MetricsOffTarget { count: tally.metrics_off });
    }
    signals.extend(gaps);
    signals.extend(trend);
    Finding { target: Target::Stage(stage.clone()), badness, enough_data: enough, signals }
}
