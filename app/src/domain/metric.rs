//! A metric card's figure: its value against a target, its dated readings (the trend
//! line) and the touchpoint card it measures.

use super::CardId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Readings one metric keeps: a daily figure for a year and a half, a weekly one for ten
/// years. Past that, recording a new one forgets the oldest.
pub const MAX_READINGS: usize = 520;

/// A measured value and what it should be.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default)]
    pub unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// Whether a value above the target is good (satisfaction) or bad (waiting time).
    #[serde(default = "yes")]
    pub higher_is_better: bool,
    /// Dated readings, oldest first, one per date: the trend line on the card.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Reading>,
    /// The touchpoint card this metric measures (e.g. "Satisfaction after the visit" ties
    /// to the post-visit survey). A card that is gone is simply not shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub touchpoint: Option<CardId>,
}

/// One measured value of a metric on a day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub on: NaiveDate,
    pub value: f64,
}

/// Where a metric is heading, from its last two readings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    Better,
    Worse,
    Steady,
}

fn yes() -> bool {
    true
}

/// A new metric counts higher as better, as a stored one without the field does (a
/// derived default said the opposite, so the first field set on a new metric unticked
/// "Higher is better").
impl Default for Metric {
    fn default() -> Self {
        Metric {
            value: None,
            unit: String::new(),
            target: None,
            higher_is_better: true,
            history: Vec::new(),
            touchpoint: None,
        }
    }
}

/// How a metric stands against its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricStatus {
    /// No value or no target yet.
    Unknown,
    OnTarget,
    /// Within 10 % of the target on the wrong side.
    Near,
    OffTarget,
}

impl Metric {
    /// Records `value` as measured on `on`: a reading of the same date is replaced, the
    /// readings stay in date order, and past [`MAX_READINGS`] the oldest is forgotten. The
    /// current value follows the newest reading.
    pub fn record(&mut self, on: NaiveDate, value: f64) {
        match self.history.binary_search_by(|r| r.on.cmp(&on)) {
            Ok(i) => self.history[i].value = value,
            Err(i) => self.history.insert(i, Reading { on, value }),
        }
        if self.history.len() > MAX_READINGS {
            let extra = self.history.len() - MAX_READINGS;
            self.history.drain(..extra);
        }
        self.value = self.history.last().map(|r| r.value);
    }

    /// Forgets the reading of `on`. The current value follows the newest reading left; with
    /// none left, it stays as it was.
    pub fn forget(&mut self, on: NaiveDate) {
        let before = self.history.len();
        self.history.retain(|r| r.on != on);
        if self.history.len() != before {
            if let Some(last) = self.history.last() {
                self.value = Some(last.value);
            }
        }
    }

    /// Better, worse or steady since the reading before the newest; `None` with fewer than
    /// two readings.
    pub fn trend(&self) -> Option<Trend> {
        let [.., a, b] = self.history.as_slice() else { return None };
        let up = b.value > a.value;
        Some(if b.value == a.value {
            Trend::Steady
        } else if up == self.higher_is_better {
            Trend::Better
        } else {
            Trend::Worse
        })
    }

    /// The trend line of the readings as SVG polyline points in a `width` × `height` box
    /// (y grows downwards; the lowest value at the bottom, a flat line in the middle).
    /// Readings are placed by date, so a gap in the measuring shows as a longer segment.
    /// `None` with fewer than two readings.
    pub fn sparkline(&self, width: f64, height: f64) -> Option<String> {
        let h = &self.history;
        if h.len() < 2 {
            return None;
        }
        let (first, last) = (h[0].on, h[h.len() - 1].on);
        let days = (last - first).num_days().max(1) as f64;
        let (lo, hi) =
            h.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), r| (lo.min(r.value), hi.max(r.value)));
        let points: Vec<String> = h
            .iter()
            .map(|r| {
                let x = (r.on - first).num_days() as f64 / days * width;
                let y = if hi > lo { height - (r.value - lo) / (hi - lo) * height } else { height / 2.0 };
                format!("{x:.1},{y:.1}")
            })
            .collect();
        Some(points.join(" "))
    }

    pub fn status(&self) -> MetricStatus {
        let (Some(v), Some(t)) = (self.value, self.target) else {
            return MetricStatus::Unknown;
        };
        let good = if self.higher_is_better { v >= t } else { v <= t };
        if good {
            return MetricStatus::OnTarget;
        }
        let gap = (v - t).abs();
        if gap <= t.abs() * 0.1 {
            MetricStatus::Near
        } else {
            MetricStatus::OffTarget
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CardDetails;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }
    #[test]
    fn metric_status_against_target() {
        let m = |v, t, hib| Metric {
            value: Some(v),
            unit: "%".into(),
            target: Some(t),
            higher_is_better: hib,
            ..Default::default()
        };
        assert_eq!(m(92.0, 90.0, true).status(), MetricStatus::OnTarget);
        assert_eq!(m(85.0, 90.0, true).status(), MetricStatus::Near);
        assert_eq!(m(50.0, 90.0, true).status(), MetricStatus::OffTarget);
        assert_eq!(m(12.0, 10.0, false).status(), MetricStatus::OffTarget);
        assert_eq!(m(8.0, 10.0, false).status(), MetricStatus::OnTarget);
        assert_eq!(Metric::default().status(), MetricStatus::Unknown);
        let stored: Metric = serde_json::from_str("{}").unwrap();
        assert_eq!(stored, Metric::default(), "a new metric is what a stored one without fields reads as");
    }
    #[test]
    fn readings_stay_in_date_order_one_per_day_and_the_value_follows_the_newest() {
        let mut m = Metric { value: Some(50.0), ..Default::default() };
        m.record(day(10), 70.0);
        m.record(day(3), 60.0);
        assert_eq!(m.value, Some(70.0), "an older reading does not replace the newest");
        m.record(day(10), 72.0);
        assert_eq!(m.history.iter().map(|r| (r.on, r.value)).collect::<Vec<_>>(), [(day(3), 60.0), (day(10), 72.0)]);
        assert_eq!(m.value, Some(72.0));
        m.forget(day(10));
        assert_eq!(m.value, Some(60.0));
        m.forget(day(3));
        assert_eq!(m.value, Some(60.0), "with no reading left the value stays");
        m.forget(day(3));
        assert!(m.history.is_empty());
    }
    #[test]
    fn the_oldest_reading_goes_past_the_limit() {
        let mut m = Metric::default();
        let start = day(1);
        for i in 0..(MAX_READINGS + 3) {
            m.record(start + chrono::Days::new(i as u64), i as f64);
        }
        assert_eq!(m.history.len(), MAX_READINGS);
        assert_eq!(m.history[0].value, 3.0);
        assert!(CardDetails { metric: Some(m), ..Default::default() }.validate().is_ok());
    }
    #[test]
    fn trend_reads_the_last_two_readings_by_what_is_better() {
        let mut m = Metric::default();
        assert_eq!(m.trend(), None);
        m.record(day(1), 80.0);
        assert_eq!(m.trend(), None);
        m.record(day(2), 85.0);
        assert_eq!(m.trend(), Some(Trend::Better));
        m.higher_is_better = false;
        assert_eq!(m.trend(), Some(Trend::Worse), "a longer wait is worse");
        m.record(day(3), 85.0);
        assert_eq!(m.trend(), Some(Trend::Steady));
    }
    #[test]
    fn sparkline_places_readings_by_date_and_value() {
        let mut m = Metric::default();
        m.record(day(1), 10.0);
        assert_eq!(m.sparkline(60.0, 20.0), None);
        m.record(day(3), 30.0);
        m.record(day(5), 20.0);
        assert_eq!(m.sparkline(60.0, 20.0).unwrap(), "0.0,20.0 30.0,0.0 60.0,10.0");
        let flat = Metric {
            history: vec![Reading { on: day(1), value: 5.0 }, Reading { on: day(1), value: 5.0 }],
            ..Default::default()
        };
        assert_eq!(
            flat.sparkline(10.0, 20.0).unwrap(),
            "0.0,10.0 0.0,10.0",
            "one day and one value: no division by zero"
        );
    }
    #[test]
    fn validation_refuses_bad_history() {
        let bad = |history: Vec<Reading>| {
            CardDetails { metric: Some(Metric { history, ..Default::default() }), ..Default::default() }
                .validate()
                .is_err()
        };
        assert!(bad(vec![Reading { on: day(2), value: 1.0 }, Reading { on: day(1), value: 2.0 }]), "out of order");
        assert!(bad(vec![Reading { on: day(1), value: 1.0 }, Reading { on: day(1), value: 2.0 }]), "a date twice");
        assert!(bad(vec![Reading { on: day(1), value: f64::INFINITY }]), "not finite");
        let tied = |id: &str| Metric { touchpoint: Some(CardId(id.into())), ..Default::default() };
        assert!(CardDetails { metric: Some(tied("c1")), ..Default::default() }.validate().is_ok());
        assert!(CardDetails { metric: Some(tied("<script>")), ..Default::default() }.validate().is_err());
    }
}
