//! Time axes in simulated seconds: tick steps that are whole clock units and `m:ss` / `h:mm`
//! labels.

use crate::ticks::{Ticks, ticks_with_step};

/// Steps a time axis may use, in seconds.
const STEPS: [f64; 22] = [
    1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1200.0, 1800.0, 3600.0,
    7200.0, 10800.0, 14400.0, 21600.0, 43200.0, 86400.0, 172800.0, 604800.0,
];

/// How tick labels on a time axis are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClockFormat {
    /// `12:30` = 12 minutes 30 seconds; used when the axis ends before one hour.
    MinSec,
    /// `1:30` = 1 hour 30 minutes; used for long axes whose ticks are whole minutes.
    HourMin,
    /// `1:30:15`; long axes with second-level ticks.
    HourMinSec,
}

impl ClockFormat {
    /// A hint for the axis title, e.g. `"m:ss"`.
    pub(crate) fn hint(self) -> &'static str {
        match self {
            ClockFormat::MinSec => "m:ss",
            ClockFormat::HourMin => "h:mm",
            ClockFormat::HourMinSec => "h:mm:ss",
        }
    }

    /// Formats whole seconds in this format.
    pub(crate) fn format(self, seconds: f64) -> String {
        let negative = seconds < 0.0;
        let total = seconds.abs().round() as u64;
        let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
        let body = match self {
            ClockFormat::MinSec => format!("{}:{s:02}", total / 60),
            ClockFormat::HourMin => format!("{h}:{m:02}"),
            ClockFormat::HourMinSec => format!("{h}:{m:02}:{s:02}"),
        };
        if negative && total > 0 {
            format!("-{body}")
        } else {
            body
        }
    }
}

/// A time axis: where the ticks go and how to print them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TimeAxis {
    /// Tick positions in seconds.
    pub ticks: Ticks,
    /// Label format for every tick.
    pub format: ClockFormat,
    /// The axis end, rounded up to the next tick.
    pub end: f64,
}

/// The smallest clock step (seconds) giving at most `max_ticks` intervals over `span`.
pub(crate) fn time_step(span: f64, max_ticks: usize) -> f64 {
    let limit = max_ticks.max(1) as f64;
    STEPS
        .iter()
        .copied()
        .find(|&s| (span / s).ceil() <= limit)
        .unwrap_or_else(|| (span / limit / 604800.0).ceil() * 604800.0)
}

/// A time axis from 0 to at least `max_s` with at most `max_ticks` intervals. The end is
/// rounded up to a whole tick when that adds at most 10% blank space, so the axis usually
/// finishes on a label.
pub(crate) fn time_axis(max_s: f64, max_ticks: usize) -> TimeAxis {
    let span = if max_s.is_finite() && max_s > 0.0 {
        max_s
    } else {
        60.0
    };
    let step = time_step(span, max_ticks);
    let rounded = (span / step - 1e-9).ceil() * step;
    let end = if rounded <= span * 1.1 { rounded } else { span };
    let format = if end < 3600.0 {
        ClockFormat::MinSec
    } else if step % 60.0 == 0.0 {
        ClockFormat::HourMin
    } else {
        ClockFormat::HourMinSec
    };
    TimeAxis {
        ticks: ticks_with_step(0.0, end, step),
        format,
        end,
    }
}

/// Formats simulated seconds as a clock: `0:05`, `12:30`, `1:02:03` (hours appear only when
/// needed). Handy for frame time labels.
pub fn format_clock(seconds: f64) -> String {
    if seconds.abs() < 3599.5 {
        ClockFormat::MinSec.format(seconds)
    } else {
        ClockFormat::HourMinSec.format(seconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(axis: &TimeAxis) -> Vec<String> {
        axis.ticks
            .values
            .iter()
            .map(|&v| axis.format.format(v))
            .collect()
    }

    #[test]
    fn short_deploy_uses_minutes_and_seconds() {
        let axis = time_axis(1500.0, 10);
        assert_eq!(axis.format, ClockFormat::MinSec);
        assert_eq!(axis.ticks.step, 300.0);
        assert_eq!(axis.end, 1500.0);
        assert_eq!(
            labels(&axis),
            ["0:00", "5:00", "10:00", "15:00", "20:00", "25:00"]
        );
    }

    #[test]
    fn end_rounds_up_to_a_nearby_tick_only() {
        let axis = time_axis(580.0, 10);
        assert_eq!(axis.ticks.step, 60.0);
        assert_eq!(axis.end, 600.0);
        assert_eq!(labels(&axis).last().map(String::as_str), Some("10:00"));
        let axis = time_axis(610.0, 10);
        assert_eq!(axis.ticks.step, 120.0);
        assert_eq!(axis.end, 610.0);
        assert_eq!(labels(&axis).last().map(String::as_str), Some("10:00"));
    }

    #[test]
    fn long_runs_use_hours() {
        let axis = time_axis(5.5 * 3600.0, 10);
        assert_eq!(axis.format, ClockFormat::HourMin);
        assert_eq!(labels(&axis)[..3], ["0:00", "1:00", "2:00"]);
    }

    #[test]
    fn clock_labels() {
        assert_eq!(format_clock(0.0), "0:00");
        assert_eq!(format_clock(65.4), "1:05");
        assert_eq!(format_clock(3723.0), "1:02:03");
        assert_eq!(format_clock(-30.0), "-0:30");
    }
}
