//! Grouped bar charts (one bar per series per category) with value labels on the bars.

use std::path::Path;

use plotters::prelude::*;

use crate::atomic::write_atomically;
use crate::canvas::{Align, Canvas, Weight, text_width};
use crate::error::ChartError;
use crate::layout::{
    AXIS_EM, HEIGHT, LEGEND, LINE_W, MARGIN_B, MARGIN_L, MARGIN_R, Mapping, TICK_EM, WIDTH,
    draw_header,
};
use crate::legend::{self, LegendStyle, Swatch};
use crate::palette;
use crate::render::{self, Scene};
use crate::ticks::{Ticks, decimals_for, format_number, linear_ticks, ticks_with_step};
use crate::time_axis::{format_clock, time_step};

/// How bar values and y ticks are printed.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueFormat {
    /// Plain number with digit grouping: `12,500`, `3.75`.
    Number {
        /// Decimal places of value labels.
        decimals: usize,
    },
    /// A number followed by `%` (values are already percentages: 95 → `95%`).
    Percent {
        /// Decimal places of value labels.
        decimals: usize,
    },
    /// A currency amount with a prefix symbol: `$1,234.50`.
    Currency {
        /// Symbol written before the amount, e.g. `"$"`.
        symbol: String,
        /// Decimal places of value labels.
        decimals: usize,
    },
    /// Seconds written as a clock: `4:05`, `1:02:03`; ticks fall on whole clock units.
    Duration,
}

impl Default for ValueFormat {
    fn default() -> Self {
        ValueFormat::Number { decimals: 0 }
    }
}

impl ValueFormat {
    /// Formats a value label.
    pub fn format(&self, v: f64) -> String {
        match self {
            ValueFormat::Number { decimals }
            | ValueFormat::Percent { decimals }
            | ValueFormat::Currency { decimals, .. } => self.format_with(v, *decimals),
            ValueFormat::Duration => format_clock(v),
        }
    }

    fn format_with(&self, v: f64, decimals: usize) -> String {
        match self {
            ValueFormat::Number { .. } => format_number(v, decimals),
            ValueFormat::Percent { .. } => format!("{}%", format_number(v, decimals)),
            ValueFormat::Currency { symbol, .. } => {
                let body = format_number(v.abs(), decimals);
                if v < 0.0 && body.chars().any(|c| c.is_ascii_digit() && c != '0') {
                    format!("-{symbol}{body}")
                } else {
                    format!("{symbol}{body}")
                }
            }
            ValueFormat::Duration => format_clock(v),
        }
    }
}

/// One series of a bar chart: one value per group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BarSeries {
    /// Legend label.
    pub name: String,
    /// One value per group, in group order; missing or non-finite values draw no bar.
    pub values: Vec<f64>,
    /// Palette index; `None` uses the series' position.
    pub color: Option<usize>,
}

impl BarSeries {
    /// A series with the default colour.
    pub fn new(name: impl Into<String>, values: Vec<f64>) -> Self {
        Self {
            name: name.into(),
            values,
            color: None,
        }
    }

    /// Sets the palette index.
    pub fn with_color(mut self, index: usize) -> Self {
        self.color = Some(index);
        self
    }
}

/// A grouped bar chart. The legend is shown when there is more than one series.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BarChart {
    /// Title, top left.
    pub title: String,
    /// Optional second line under the title.
    pub subtitle: Option<String>,
    /// Y-axis title.
    pub y_label: String,
    /// Category names along x.
    pub groups: Vec<String>,
    /// Bars: each series contributes one bar per group.
    pub series: Vec<BarSeries>,
    /// Value label and tick format.
    pub value_format: ValueFormat,
}

/// Renders the chart as SVG text (1920×1080 user units).
pub fn bar_chart_svg(chart: &BarChart) -> Result<String, ChartError> {
    render::svg_string(chart)
}

/// Writes the chart as a PNG of 1920×1080 × `scale` pixels (`scale` 1–4) and as SVG,
/// both atomically.
pub fn write_bar_chart(
    chart: &BarChart,
    png_path: &Path,
    svg_path: &Path,
    scale: u32,
) -> Result<(), ChartError> {
    let scale = render::check_scale(scale)?;
    let svg = bar_chart_svg(chart)?;
    render::png_file(chart, png_path, scale)?;
    write_atomically(svg_path, svg.as_bytes()).map_err(|source| ChartError::Io {
        path: svg_path.to_path_buf(),
        source,
    })
}

impl Scene for BarChart {
    fn size(&self) -> (u32, u32) {
        (WIDTH as u32, HEIGHT as u32)
    }

    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> Result<(), ChartError> {
        draw(self, canvas)
    }
}

const VALUE_EM: f64 = 26.0;
/// Bars get a square swatch, so a narrower swatch column than lines.
const BAR_LEGEND: LegendStyle = LegendStyle {
    swatch_w: 34.0,
    ..LEGEND
};

fn value_range(chart: &BarChart) -> (f64, f64) {
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for v in chart.series.iter().flat_map(|s| s.values.iter().copied()) {
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    // Headroom for value labels above (and below) the bars.
    let (lo, hi) = (lo * 1.15, hi * 1.15);
    if hi - lo <= 0.0 { (0.0, 1.0) } else { (lo, hi) }
}

fn y_ticks(format: &ValueFormat, lo: f64, hi: f64, integer: bool) -> Ticks {
    match format {
        ValueFormat::Duration => ticks_with_step(lo, hi, time_step(hi - lo, 8)),
        _ => linear_ticks(lo, hi, 8, integer),
    }
}

/// Shrinks `text` from `em` down to `min_em` until it fits `max_w`; returns the em, or
/// `None` if it does not fit even at `min_em`.
fn fitting_em(
    text: &str,
    em: f64,
    min_em: f64,
    max_w: f64,
    weight: Weight,
) -> Result<Option<f64>, ChartError> {
    let w = text_width(text, em, weight)?;
    if w <= max_w {
        return Ok(Some(em));
    }
    let shrunk = em * max_w / w.max(f64::EPSILON);
    Ok((shrunk >= min_em).then_some(shrunk))
}

/// A category label that fits `max_w`: one line, else two lines broken at a space, else
/// smaller, else cut with an ellipsis. Returns the em size and the lines.
fn fit_category(name: &str, max_w: f64) -> Result<(f64, Vec<String>), ChartError> {
    const MIN_EM: f64 = 22.0;
    if text_width(name, TICK_EM, Weight::Regular)? <= max_w {
        return Ok((TICK_EM, vec![name.to_string()]));
    }
    // The most balanced break at a space.
    let mut best: Option<(f64, usize)> = None;
    for (i, _) in name.match_indices(' ') {
        let a = text_width(name[..i].trim_end(), TICK_EM, Weight::Regular)?;
        let b = text_width(name[i..].trim_start(), TICK_EM, Weight::Regular)?;
        if best.is_none_or(|(w, _)| a.max(b) < w) {
            best = Some((a.max(b), i));
        }
    }
    if let Some((widest, i)) = best {
        let lines = vec![
            name[..i].trim_end().to_string(),
            name[i..].trim_start().to_string(),
        ];
        if widest <= max_w {
            return Ok((TICK_EM, lines));
        }
        let em = TICK_EM * max_w / widest;
        if em >= MIN_EM {
            return Ok((em, lines));
        }
    }
    match fitting_em(name, TICK_EM, MIN_EM, max_w, Weight::Regular)? {
        Some(em) => Ok((em, vec![name.to_string()])),
        None => Ok((MIN_EM, vec![ellipsize(name, MIN_EM, max_w)?])),
    }
}

/// `text` cut with an ellipsis to fit `max_w` at `em`.
fn ellipsize(text: &str, em: f64, max_w: f64) -> Result<String, ChartError> {
    let chars: Vec<char> = text.chars().collect();
    for keep in (0..chars.len()).rev() {
        let candidate: String = chars[..keep].iter().collect::<String>() + "…";
        if text_width(&candidate, em, Weight::Regular)? <= max_w {
            return Ok(candidate);
        }
    }
    Ok("…".to_string())
}

fn draw<DB: DrawingBackend>(chart: &BarChart, canvas: &Canvas<'_, DB>) -> Result<(), ChartError> {
    canvas.clear(WHITE)?;
    let (lo, hi) = value_range(chart);
    let integer = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter())
        .all(|v| v.fract() == 0.0);
    let step = y_ticks(&chart.value_format, lo, hi, integer).step;
    // End the axis on a gridline above the tallest bar (and its label).
    let (lo, hi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    let ticks = ticks_with_step(lo, hi, step);
    let tick_decimals = decimals_for(ticks.step);
    let tick_labels: Vec<String> = ticks
        .values
        .iter()
        .map(|&v| chart.value_format.format_with(v, tick_decimals))
        .collect();

    let y_title_w = if chart.y_label.is_empty() {
        0.0
    } else {
        AXIS_EM * 1.05 + 22.0
    };
    let mut widest = 0.0f64;
    for l in &tick_labels {
        widest = widest.max(text_width(l, TICK_EM, Weight::Regular)?);
    }
    let left = MARGIN_L + y_title_w + widest + 16.0;
    let right = WIDTH - MARGIN_R;

    let header_bottom = draw_header(canvas, &chart.title, chart.subtitle.as_deref())?;
    let colors: Vec<RGBColor> = chart
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| palette::color(s.color.unwrap_or(i)))
        .collect();
    let entries: Vec<(String, Swatch)> = if chart.series.len() > 1 {
        chart
            .series
            .iter()
            .zip(&colors)
            .map(|(s, &color)| (s.name.clone(), Swatch::Block { color }))
            .collect()
    } else {
        Vec::new()
    };
    let legend_layout = legend::plan(
        &entries,
        (MARGIN_L, header_bottom),
        WIDTH - MARGIN_L - MARGIN_R,
        &BAR_LEGEND,
    )?;
    // Room for the top tick label, which is centred on the top gridline.
    let top = header_bottom + legend_layout.height + 0.6 * TICK_EM + 12.0;
    let slot = (right - left) / chart.groups.len().max(1) as f64;
    let group_labels = chart
        .groups
        .iter()
        .map(|g| fit_category(g, slot - 16.0))
        .collect::<Result<Vec<_>, _>>()?;
    // One size for every category label, the smallest any needs: labels of mixed sizes look
    // like a mistake on a slide. Each label's lines fit at its own size, so also at a smaller one.
    let label_em = group_labels
        .iter()
        .map(|(em, _)| *em)
        .fold(TICK_EM, f64::min);
    let n_lines = group_labels
        .iter()
        .map(|(_, lines)| lines.len())
        .max()
        .unwrap_or(1);
    let bottom = HEIGHT - MARGIN_B - TICK_EM * 1.25 * n_lines as f64 - 14.0;
    let map = Mapping {
        x0: 0.0,
        x1: 1.0,
        y0: lo,
        y1: hi,
        left,
        right,
        top,
        bottom,
    };

    for &v in &ticks.values {
        let y = map.y(v);
        canvas.line(&[(left, y), (right, y)], palette::GRID.mix(1.0), 2.0)?;
    }
    for (&v, label) in ticks.values.iter().zip(&tick_labels) {
        canvas.text(
            label,
            (left - 16.0, map.y(v) + 0.36 * TICK_EM),
            TICK_EM,
            Weight::Regular,
            palette::MUTED.mix(1.0),
            Align::Right,
        )?;
    }

    let n_series = chart.series.len().max(1);
    let group_w = slot * if n_series == 1 { 0.6 } else { 0.78 };
    let gap = (group_w / n_series as f64 * 0.12).min(10.0);
    let bar_w = (group_w - gap * (n_series - 1) as f64) / n_series as f64;
    let zero = map.y(0.0);
    // One size for every value label too: the smallest that fits any bar, labels that fit at no
    // size being left out.
    let value_max_w = bar_w + gap * 0.8;
    let mut value_em = VALUE_EM;
    for s in &chart.series {
        for &v in s
            .values
            .iter()
            .take(chart.groups.len())
            .filter(|v| v.is_finite())
        {
            let label = chart.value_format.format(v);
            if let Some(em) = fitting_em(&label, VALUE_EM, 16.0, value_max_w, Weight::Bold)? {
                value_em = value_em.min(em);
            }
        }
    }

    for (g, (_, lines)) in group_labels.iter().enumerate() {
        let group_left = left + slot * g as f64 + (slot - group_w) / 2.0;
        for (k, s) in chart.series.iter().enumerate() {
            let Some(&v) = s.values.get(g) else { continue };
            if !v.is_finite() {
                continue;
            }
            let x0 = group_left + k as f64 * (bar_w + gap);
            let y = map.y(v);
            canvas.fill_rect(
                (x0, y.min(zero)),
                (x0 + bar_w, y.max(zero)),
                colors[k].mix(1.0),
            )?;
            let label = chart.value_format.format(v);
            if text_width(&label, value_em, Weight::Bold)? <= value_max_w + 0.5 {
                let em = value_em;
                let baseline = if v >= 0.0 {
                    y - 10.0
                } else {
                    y + 10.0 + 0.75 * em
                };
                canvas.text(
                    &label,
                    (x0 + bar_w / 2.0, baseline),
                    em,
                    Weight::Bold,
                    palette::TEXT.mix(1.0),
                    Align::Center,
                )?;
            }
        }
        for (k, line) in lines.iter().enumerate() {
            canvas.text(
                line,
                (
                    left + slot * (g as f64 + 0.5),
                    bottom + 14.0 + 0.8 * TICK_EM + k as f64 * 1.2 * label_em,
                ),
                label_em,
                Weight::Regular,
                palette::TEXT.mix(1.0),
                Align::Center,
            )?;
        }
    }

    canvas.line(&[(left, zero), (right, zero)], palette::AXIS.mix(1.0), 2.5)?;
    if !chart.y_label.is_empty() {
        canvas.text_up(
            &chart.y_label,
            (MARGIN_L + 0.78 * AXIS_EM, (top + bottom) / 2.0),
            AXIS_EM,
            Weight::Regular,
            palette::TEXT.mix(1.0),
            Align::Center,
        )?;
    }
    legend::draw(canvas, &entries, &legend_layout, &BAR_LEGEND, LINE_W)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_formats() {
        assert_eq!(
            ValueFormat::Number { decimals: 1 }.format(1234.56),
            "1,234.6"
        );
        assert_eq!(ValueFormat::Percent { decimals: 0 }.format(95.2), "95%");
        let usd = ValueFormat::Currency {
            symbol: "$".into(),
            decimals: 2,
        };
        assert_eq!(usd.format(-3.5), "-$3.50");
        assert_eq!(ValueFormat::Duration.format(245.0), "4:05");
    }

    #[test]
    fn duration_ticks_are_clock_units() {
        let t = y_ticks(&ValueFormat::Duration, 0.0, 1380.0, true);
        assert_eq!(t.step, 300.0);
    }
}
