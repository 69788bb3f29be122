//! Facilitating a workshop on a map: the shared timer. Its state is kept on the server and
//! read against the server's clock, so every device shows the same time left whatever its
//! own clock says (a device learns the server's time with each state and keeps the
//! difference). Pure; the store keeps the state, the hub sends it.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Longest timer, in minutes.
pub const MAX_TIMER_MINUTES: u32 = 240;
/// A new timer's length when none is given.
pub const DEFAULT_TIMER_MINUTES: u32 = 5;

/// A map's timer: how long it is set for, how much was left when it last stopped, and
/// since when it runs (`None`: paused or not started).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timer {
    pub duration_ms: i64,
    pub left_ms: i64,
    pub running_since: Option<DateTime<Utc>>,
}

/// What a facilitator does with the timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimerAction {
    /// Runs it (from where it was paused, or anew for `minutes` when it is over or unset).
    Start {
        minutes: Option<u32>,
    },
    Pause,
    /// One more minute, running or not.
    AddMinute,
    /// Back to its full length (or `minutes`), paused.
    Reset {
        minutes: Option<u32>,
    },
}

impl TimerAction {
    /// An action by its name ("start", "pause", "add_minute", "reset"), with the minutes
    /// start and reset take.
    pub fn parse(name: &str, minutes: Option<u32>) -> Option<TimerAction> {
        Some(match name {
            "start" => TimerAction::Start { minutes },
            "pause" => TimerAction::Pause,
            "add_minute" => TimerAction::AddMinute,
            "reset" => TimerAction::Reset { minutes },
            _ => return None,
        })
    }

    /// Its name and minutes, as [`TimerAction::parse`] reads them.
    pub fn parts(self) -> (&'static str, Option<u32>) {
        match self {
            TimerAction::Start { minutes } => ("start", minutes),
            TimerAction::Pause => ("pause", None),
            TimerAction::AddMinute => ("add_minute", None),
            TimerAction::Reset { minutes } => ("reset", minutes),
        }
    }
}

/// Why a timer action was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimerError {
    #[error("a timer runs from 1 to {max} minutes")]
    Minutes { max: u32 },
}

fn minutes(m: Option<u32>, or: i64) -> Result<i64, TimerError> {
    match m {
        None => Ok(or),
        Some(m) if (1..=MAX_TIMER_MINUTES).contains(&m) => Ok(i64::from(m) * 60_000),
        Some(_) => Err(TimerError::Minutes { max: MAX_TIMER_MINUTES }),
    }
}

impl Timer {
    /// Milliseconds left at server time `now` (never below zero).
    pub fn left_at(&self, now: DateTime<Utc>) -> i64 {
        let ran = self.running_since.map_or(0, |since| (now - since).num_milliseconds().max(0));
        (self.left_ms - ran).max(0)
    }

    pub fn running(&self) -> bool {
        self.running_since.is_some()
    }

    /// Whether its time is up at `now` (it ran to zero).
    pub fn over(&self, now: DateTime<Utc>) -> bool {
        self.duration_ms > 0 && self.left_at(now) == 0
    }

    /// The timer after `action` at server time `now`; `current` is the state before (none
    /// for a map whose timer was never set).
    pub fn after(current: Option<&Timer>, action: TimerAction, now: DateTime<Utc>) -> Result<Timer, TimerError> {
        let default = i64::from(DEFAULT_TIMER_MINUTES) * 60_000;
        let t = current.cloned().unwrap_or(Timer { duration_ms: default, left_ms: default, running_since: None });
        let left = t.left_at(now);
        Ok(match action {
            TimerAction::Start { minutes: m } => {
                if left == 0 || m.is_some() {
                    let d = minutes(m, t.duration_ms)?;
                    Timer { duration_ms: d, left_ms: d, running_since: Some(now) }
                } else if t.running() {
                    t
                } else {
                    Timer { left_ms: left, running_since: Some(now), ..t }
                }
            }
            TimerAction::Pause => Timer { left_ms: left, running_since: None, ..t },
            TimerAction::AddMinute => {
                let left = (left + 60_000).min(i64::from(MAX_TIMER_MINUTES) * 60_000);
                Timer {
                    duration_ms: t.duration_ms.max(left),
                    left_ms: left,
                    running_since: t.running_since.map(|_| now),
                }
            }
            TimerAction::Reset { minutes: m } => {
                let d = minutes(m, t.duration_ms)?;
                Timer { duration_ms: d, left_ms: d, running_since: None }
            }
        })
    }
}

/// "mm:ss" (or "h:mm:ss") of a number of milliseconds, rounded up to the second so a timer
/// shows 0:00 only when it is over.
pub fn clock(ms: i64) -> String {
    let s = (ms.max(0) + 999) / 1000;
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// How far a device's clock is behind the server's, from a time the server sent and the
/// device's time when it arrived (the message's travel is taken as nothing: on a LAN it is
/// milliseconds).
pub fn skew(server: DateTime<Utc>, device: DateTime<Utc>) -> Duration {
    server - device
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_780_000_000 + s, 0).single().unwrap()
    }

    #[test]
    fn a_timer_runs_pauses_and_resumes_on_server_time() {
        let t = Timer::after(None, TimerAction::Start { minutes: Some(8) }, at(0)).unwrap();
        assert_eq!(t.left_at(at(0)), 8 * 60_000);
        assert_eq!(t.left_at(at(90)), 8 * 60_000 - 90_000);
        let paused = Timer::after(Some(&t), TimerAction::Pause, at(90)).unwrap();
        assert!(!paused.running());
        assert_eq!(paused.left_at(at(1000)), 8 * 60_000 - 90_000, "a paused timer does not run");
        let again = Timer::after(Some(&paused), TimerAction::Start { minutes: None }, at(2000)).unwrap();
        assert_eq!(again.left_at(at(2010)), 8 * 60_000 - 100_000, "resumed where it was");
        // Starting a running timer without a length changes nothing.
        assert_eq!(Timer::after(Some(&again), TimerAction::Start { minutes: None }, at(2020)).unwrap(), again);
    }

    #[test]
    fn add_a_minute_reset_and_run_out() {
        let t = Timer::after(None, TimerAction::Start { minutes: Some(1) }, at(0)).unwrap();
        assert!(t.over(at(61)) && t.left_at(at(61)) == 0);
        let more = Timer::after(Some(&t), TimerAction::AddMinute, at(30)).unwrap();
        assert_eq!(more.left_at(at(30)), 90_000);
        assert_eq!(more.left_at(at(40)), 80_000, "still running");
        // Started again when over, it runs its whole length anew.
        let anew = Timer::after(Some(&t), TimerAction::Start { minutes: None }, at(100)).unwrap();
        assert_eq!(anew.left_at(at(100)), 60_000);
        let reset = Timer::after(Some(&more), TimerAction::Reset { minutes: Some(3) }, at(50)).unwrap();
        assert_eq!((reset.left_at(at(500)), reset.running()), (180_000, false));
        assert_eq!(
            Timer::after(None, TimerAction::Reset { minutes: Some(0) }, at(0)),
            Err(TimerError::Minutes { max: MAX_TIMER_MINUTES })
        );
        assert!(Timer::after(None, TimerAction::Start { minutes: Some(MAX_TIMER_MINUTES + 1) }, at(0)).is_err());
        // The default timer is five minutes.
        assert_eq!(Timer::after(None, TimerAction::Start { minutes: None }, at(0)).unwrap().left_ms, 300_000);
    }

    #[test]
    fn actions_read_by_name() {
        for a in [
            TimerAction::Start { minutes: Some(3) },
            TimerAction::Pause,
            TimerAction::AddMinute,
            TimerAction::Reset { minutes: None },
        ] {
            let (name, minutes) = a.parts();
            assert_eq!(TimerAction::parse(name, minutes), Some(a));
        }
        assert_eq!(TimerAction::parse("explode", None), None);
    }

    #[test]
    fn the_clock_reads_up_to_the_second() {
        assert_eq!(clock(300_000), "5:00");
        assert_eq!(clock(299_001), "5:00");
        assert_eq!(clock(1), "0:01");
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(3_725_000), "1:02:05");
        assert_eq!(skew(at(10), at(7)), Duration::seconds(3));
    }
}
