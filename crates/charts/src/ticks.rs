//! "Nice" numeric axis ticks (1–2–2.5–5 steps) and number formatting with digit grouping.

/// Tick positions for one axis.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ticks {
    /// Tick values, ascending, all inside the axis range.
    pub values: Vec<f64>,
    /// Distance between ticks.
    pub step: f64,
    /// Decimal places needed to print every tick exactly.
    pub decimals: usize,
}

/// The smallest nice step that gives at most `max_ticks` intervals over `span`.
/// With `integer`, steps are whole numbers (never 0.5 or 2.5).
pub(crate) fn nice_step(span: f64, max_ticks: usize, integer: bool) -> f64 {
    let span = if span.is_finite() && span > 0.0 {
        span
    } else {
        1.0
    };
    let raw = span / max_ticks.max(1) as f64;
    let mut magnitude = 10f64.powf(raw.log10().floor());
    if integer && magnitude < 1.0 {
        magnitude = 1.0;
    }
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        let step = m * magnitude;
        if integer && step.fract() != 0.0 {
            continue;
        }
        if step >= raw * (1.0 - 1e-9) {
            return step;
        }
    }
    10.0 * magnitude
}

/// Ticks at multiples of a nice step inside `[lo, hi]`.
pub(crate) fn linear_ticks(lo: f64, hi: f64, max_ticks: usize, integer: bool) -> Ticks {
    let step = nice_step(hi - lo, max_ticks, integer);
    ticks_with_step(lo, hi, step)
}

/// Ticks at multiples of `step` inside `[lo, hi]` (with a little tolerance at both ends).
pub(crate) fn ticks_with_step(lo: f64, hi: f64, step: f64) -> Ticks {
    let eps = step * 1e-6;
    let first = (lo / step - 1e-9).ceil() as i64;
    let mut values = Vec::new();
    let mut k = first;
    // Bounded: at most a few hundred ticks even for silly inputs.
    while values.len() < 1000 {
        let v = k as f64 * step;
        if v > hi + eps {
            break;
        }
        // Avoid printing "-0".
        values.push(if v == 0.0 { 0.0 } else { v });
        k += 1;
    }
    Ticks {
        values,
        step,
        decimals: decimals_for(step),
    }
}

/// Decimal places needed to print multiples of `step` exactly (at most 6).
pub(crate) fn decimals_for(step: f64) -> usize {
    (0..=6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.abs().max(1.0)
        })
        .unwrap_or(6)
}

/// Formats `v` with `decimals` places and thousands separators: `12,500`, `-3.25`.
pub(crate) fn format_number(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let text = format!("{:.*}", decimals, v.abs());
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut grouped = String::new();
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let negative = v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if let Some(frac) = frac_part {
        out.push('.');
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_ticks_never_fractional() {
        let t = linear_ticks(0.0, 4.4, 8, true);
        assert_eq!(t.values, vec![0.0, 1.0, 2.0, 3.0, 4.0]);
        assert_eq!(t.decimals, 0);
        let t = linear_ticks(0.0, 2.2, 8, true);
        assert_eq!(t.step, 1.0);
    }

    #[test]
    fn fractional_ticks_use_nice_steps() {
        let t = linear_ticks(0.0, 1.1, 6, false);
        assert_eq!(t.step, 0.2);
        assert_eq!(t.decimals, 1);
        let t = linear_ticks(0.0, 110.0, 5, false);
        assert_eq!(t.step, 25.0);
        assert_eq!(t.values.last(), Some(&100.0));
    }

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(format_number(12500.0, 0), "12,500");
        assert_eq!(format_number(-1234567.891, 2), "-1,234,567.89");
        assert_eq!(format_number(999.0, 0), "999");
        assert_eq!(format_number(-0.0001, 1), "0.0");
        assert_eq!(format_number(0.25, 2), "0.25");
    }
}
