//! Line and step charts over time with dashed reference lines and annotated event markers.
//!
//! Layout, top to bottom: title, subtitle, legend band, marker-label band, plot, x ticks,
//! x title. The legend and the marker labels live in their own bands so they never cover
//! data; reference-line labels sit inside the plot on a white backing, at the right end of
//! their line unless another spot hides less data (see `annotations.rs`).

use std::path::Path;

use plotters::prelude::*;

use crate::annotations::{draw_hline_labels, draw_marker_labels, draw_marker_poles, plan_markers};
use crate::atomic::write_atomically;
use crate::canvas::{Align, Canvas, P, Weight, text_width};
use crate::error::ChartError;
use crate::layout::{
    AXIS_EM, HEIGHT, LEGEND, LINE_W, MARGIN_B, MARGIN_L, MARGIN_R, Mapping, TICK_EM, WIDTH,
    draw_header,
};
use crate::legend::{self, Swatch};
use crate::palette;
use crate::render::{self, Scene};
use crate::ticks::{Ticks, format_number, linear_ticks};
use crate::time_axis::time_axis;

/// How points of a series are joined.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SeriesKind {
    /// Straight segments between points.
    #[default]
    Line,
    /// A step function: each value holds until the next point, and the last value holds
    /// to the end of the x axis. Right for counts (tasks, instances).
    Step,
}

/// One named series of `(x, y)` points.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// Legend label.
    pub name: String,
    /// Data points; they are sorted by x before drawing, non-finite points are skipped.
    pub points: Vec<(f64, f64)>,
    /// Line or step.
    pub kind: SeriesKind,
    /// Palette index (see [`crate::palette`]); `None` uses the series' position. Indices
    /// 8–15 reuse the eight colours with long dashes.
    pub color: Option<usize>,
    /// Draw the line dashed (e.g. a target such as "desired").
    pub dashed: bool,
    /// Shade the area between the line and zero.
    pub fill_below: bool,
}

impl Series {
    /// A solid straight-line series.
    pub fn line(name: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Self {
            name: name.into(),
            points,
            ..Self::default()
        }
    }

    /// A solid step series.
    pub fn step(name: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Self {
            kind: SeriesKind::Step,
            ..Self::line(name, points)
        }
    }

    /// Sets the palette index.
    pub fn with_color(mut self, index: usize) -> Self {
        self.color = Some(index);
        self
    }

    /// Makes the line dashed.
    pub fn with_dashes(mut self) -> Self {
        self.dashed = true;
        self
    }

    /// Shades the area below the line.
    pub fn with_fill(mut self) -> Self {
        self.fill_below = true;
        self
    }
}

/// A dashed horizontal reference line, labelled at its right end.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HLine {
    /// Data y of the line.
    pub y: f64,
    /// Label, e.g. `"minimumHealthy 4"`.
    pub label: String,
    /// Palette index; `None` is neutral grey.
    pub color: Option<usize>,
}

impl HLine {
    /// A grey reference line.
    pub fn new(y: f64, label: impl Into<String>) -> Self {
        Self {
            y,
            label: label.into(),
            color: None,
        }
    }
}

/// A vertical event marker with a label above the plot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marker {
    /// Data x of the event.
    pub x: f64,
    /// Label, e.g. `"deploy start"`.
    pub label: String,
}

impl Marker {
    /// A marker at `x`.
    pub fn new(x: f64, label: impl Into<String>) -> Self {
        Self {
            x,
            label: label.into(),
        }
    }
}

/// A line chart: series, reference lines and markers on one pair of axes.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// Title, top left.
    pub title: String,
    /// Optional second line under the title.
    pub subtitle: Option<String>,
    /// X-axis title. With `x_is_time_seconds` a format hint such as `(m:ss)` is appended.
    pub x_label: String,
    /// Y-axis title (drawn vertically).
    pub y_label: String,
    /// The data.
    pub series: Vec<Series>,
    /// Dashed reference lines.
    pub hlines: Vec<HLine>,
    /// Vertical event markers.
    pub markers: Vec<Marker>,
    /// Start the y axis at zero (or below, for negative data) and leave 10% headroom.
    pub y_min_zero: bool,
    /// X values are seconds: the axis starts at 0 and ticks read `m:ss` or `h:mm`.
    pub x_is_time_seconds: bool,
}

impl Default for LineChart {
    fn default() -> Self {
        Self {
            title: String::new(),
            subtitle: None,
            x_label: String::new(),
            y_label: String::new(),
            series: Vec::new(),
            hlines: Vec::new(),
            markers: Vec::new(),
            y_min_zero: true,
            x_is_time_seconds: false,
        }
    }
}

/// Renders the chart as SVG text (1920×1080 user units), for inline HTML or slides.
pub fn line_chart_svg(chart: &LineChart) -> Result<String, ChartError> {
    render::svg_string(chart)
}

/// Writes the chart as a PNG of 1920×1080 × `scale` pixels (`scale` 1–4) and as SVG.
/// Both files are written atomically.
pub fn write_line_chart(
    chart: &LineChart,
    png_path: &Path,
    svg_path: &Path,
    scale: u32,
) -> Result<(), ChartError> {
    let scale = render::check_scale(scale)?;
    let svg = line_chart_svg(chart)?;
    render::png_file(chart, png_path, scale)?;
    write_atomically(svg_path, svg.as_bytes()).map_err(|source| ChartError::Io {
        path: svg_path.to_path_buf(),
        source,
    })
}

impl Scene for LineChart {
    fn size(&self) -> (u32, u32) {
        (WIDTH as u32, HEIGHT as u32)
    }

    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> Result<(), ChartError> {
        draw(self, canvas)
    }
}

/// A series ready to draw: sorted finite points, a resolved colour and dash pattern.
struct Prepared<'a> {
    series: &'a Series,
    points: Vec<(f64, f64)>,
    color: RGBColor,
    dash: Option<(f64, f64)>,
}

/// Dash pattern of dashed series.
const DASH: (f64, f64) = (18.0, 12.0);
/// Solid series whose palette index wrapped past the eighth colour get long dashes, so up to
/// 16 series stay distinguishable.
const WRAPPED_DASH: (f64, f64) = (40.0, 10.0);

/// The y range: zero-based with 10% headroom, or padded by 5% around the data.
pub(crate) fn y_range(values: impl Iterator<Item = f64>, min_zero: bool) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if min_zero {
        let lo = lo.min(0.0);
        let hi = if hi > 0.0 { hi * 1.1 } else { 0.0 };
        if hi - lo <= 0.0 {
            return (lo, lo + 1.0);
        }
        let lo = if lo < 0.0 { lo * 1.1 } else { 0.0 };
        return (lo, hi);
    }
    let span = hi - lo;
    if span <= 0.0 {
        return (lo - 1.0, hi + 1.0);
    }
    (lo - 0.05 * span, hi + 0.05 * span)
}

/// X ticks and labels that fit `width` pixels without overlapping.
struct XAxis {
    range: (f64, f64),
    ticks: Ticks,
    labels: Vec<String>,
    hint: Option<&'static str>,
}

fn x_axis(lo: f64, hi: f64, is_time: bool, integer: bool, width: f64) -> Result<XAxis, ChartError> {
    let mut max_ticks = 10;
    loop {
        let axis = if is_time {
            let t = time_axis(hi, max_ticks);
            let labels = t.ticks.values.iter().map(|&v| t.format.format(v)).collect();
            XAxis {
                range: (0.0, t.end),
                ticks: t.ticks,
                labels,
                hint: Some(t.format.hint()),
            }
        } else {
            let ticks = linear_ticks(lo, hi, max_ticks, integer);
            let labels = ticks
                .values
                .iter()
                .map(|&v| format_number(v, ticks.decimals))
                .collect();
            XAxis {
                range: (lo, hi),
                ticks,
                labels,
                hint: None,
            }
        };
        let widest = axis
            .labels
            .iter()
            .map(|l| text_width(l, TICK_EM, Weight::Regular))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .fold(0.0, f64::max);
        let spacing = width * axis.ticks.step / (axis.range.1 - axis.range.0).max(f64::EPSILON);
        if spacing >= widest + 36.0 || max_ticks <= 2 {
            return Ok(axis);
        }
        max_ticks -= 1;
    }
}

fn draw<DB: DrawingBackend>(chart: &LineChart, canvas: &Canvas<'_, DB>) -> Result<(), ChartError> {
    canvas.clear(WHITE)?;

    // Data, sorted and cleaned.
    let prepared: Vec<Prepared<'_>> = chart
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            // Time axes start at 0; earlier points are pinned to 0 so a step's value at 0 is
            // still right.
            let mut points: Vec<_> = s
                .points
                .iter()
                .copied()
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .map(|(x, y)| {
                    (
                        if chart.x_is_time_seconds {
                            x.max(0.0)
                        } else {
                            x
                        },
                        y,
                    )
                })
                .collect();
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            let index = s.color.unwrap_or(i);
            let dash = if s.dashed {
                Some(DASH)
            } else if index % 16 >= palette::OKABE_ITO.len() {
                Some(WRAPPED_DASH)
            } else {
                None
            };
            Prepared {
                series: s,
                points,
                color: palette::color(index),
                dash,
            }
        })
        .collect();
    let hlines: Vec<&HLine> = chart.hlines.iter().filter(|h| h.y.is_finite()).collect();
    let markers: Vec<Marker> = chart
        .markers
        .iter()
        .filter(|m| m.x.is_finite() && (m.x >= 0.0 || !chart.x_is_time_seconds))
        .cloned()
        .collect();

    let xs = prepared
        .iter()
        .flat_map(|p| p.points.iter().map(|q| q.0))
        .chain(markers.iter().map(|m| m.x));
    let (mut x_lo, mut x_hi) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut x_integer = true;
    for x in xs {
        x_lo = x_lo.min(x);
        x_hi = x_hi.max(x);
        x_integer &= x.fract() == 0.0;
    }
    if !x_lo.is_finite() {
        (x_lo, x_hi) = (0.0, 1.0);
    }
    if chart.x_is_time_seconds {
        x_lo = 0.0;
    }
    if x_hi <= x_lo {
        x_hi = x_lo + 1.0;
    }

    let ys = || {
        prepared
            .iter()
            .flat_map(|p| p.points.iter().map(|q| q.1))
            .chain(hlines.iter().map(|h| h.y))
    };
    let (y_lo, y_hi) = y_range(ys(), chart.y_min_zero);
    let y_integer = ys().all(|y| y.fract() == 0.0);
    let y_ticks = linear_ticks(y_lo, y_hi, 8, y_integer);
    let y_labels: Vec<String> = y_ticks
        .values
        .iter()
        .map(|&v| format_number(v, y_ticks.decimals))
        .collect();

    // Horizontal layout.
    let y_title_w = if chart.y_label.is_empty() {
        0.0
    } else {
        AXIS_EM * 1.05 + 22.0
    };
    let mut widest_y = 0.0f64;
    for l in &y_labels {
        widest_y = widest_y.max(text_width(l, TICK_EM, Weight::Regular)?);
    }
    let left = MARGIN_L + y_title_w + widest_y + 16.0;
    let mut right = WIDTH - MARGIN_R;
    let mut axis = x_axis(x_lo, x_hi, chart.x_is_time_seconds, x_integer, right - left)?;
    if let Some(last) = axis.labels.last() {
        let half = text_width(last, TICK_EM, Weight::Regular)? / 2.0;
        let last_x = axis.ticks.values.last().copied().unwrap_or(axis.range.1);
        let at_edge = (axis.range.1 - last_x) / (axis.range.1 - axis.range.0) < 0.02;
        if at_edge && half + 16.0 > MARGIN_R {
            right = WIDTH - half - 16.0;
            axis = x_axis(x_lo, x_hi, chart.x_is_time_seconds, x_integer, right - left)?;
        }
    }

    // Vertical layout.
    let header_bottom = draw_header(canvas, &chart.title, chart.subtitle.as_deref())?;
    let entries: Vec<(String, Swatch)> = prepared
        .iter()
        .map(|p| {
            (
                p.series.name.clone(),
                Swatch::Line {
                    color: p.color,
                    dash: p.dash,
                    fill: p.series.fill_below,
                },
            )
        })
        .collect();
    let legend_layout = legend::plan(
        &entries,
        (MARGIN_L, header_bottom),
        WIDTH - MARGIN_L - MARGIN_R,
        &LEGEND,
    )?;
    let mut top = header_bottom + legend_layout.height;
    if legend_layout.height > 0.0 {
        top += 10.0;
    }
    let bottom = HEIGHT - MARGIN_B - AXIS_EM * 1.25 - 14.0 - TICK_EM * 1.2 - 14.0;
    let x_tick_baseline = bottom + 14.0 + 0.8 * TICK_EM;
    let x_title_baseline = HEIGHT - MARGIN_B - 0.22 * AXIS_EM;

    let mut map = Mapping {
        x0: axis.range.0,
        x1: axis.range.1,
        y0: y_lo,
        y1: y_hi,
        left,
        right,
        top: 0.0,
        bottom,
    };
    let marker_plan = plan_markers(&markers, &map, WIDTH - MARGIN_R)?;
    map.top = top + marker_plan.height.max(16.0);

    // Grid.
    for &v in &y_ticks.values {
        let y = map.y(v);
        canvas.line(&[(left, y), (right, y)], palette::GRID.mix(1.0), 2.0)?;
    }
    for &v in &axis.ticks.values {
        let x = map.x(v);
        canvas.line(&[(x, map.top), (x, bottom)], palette::GRID.mix(0.6), 1.5)?;
    }

    // Fills under lines, then marker poles, reference lines and the data on top.
    let paths: Vec<Vec<P>> = prepared
        .iter()
        .map(|p| {
            series_path(p, axis.range.1)
                .into_iter()
                .map(|q| map.pt(q))
                .collect()
        })
        .collect();
    let base = map.y(0.0f64.clamp(y_lo, y_hi));
    for (p, path) in prepared.iter().zip(&paths) {
        if p.series.fill_below && path.len() >= 2 {
            let mut poly = path.clone();
            poly.push((path[path.len() - 1].0, base));
            poly.push((path[0].0, base));
            canvas.polygon(&poly, p.color.mix(0.18))?;
        }
    }
    draw_marker_poles(canvas, &marker_plan, &map)?;
    for h in &hlines {
        let y = map.y(h.y);
        let color = h.color.map_or(palette::REFERENCE, palette::color);
        canvas.dashed(&[(left, y), (right, y)], color.mix(1.0), 3.0, 16.0, 10.0)?;
    }
    for (p, path) in prepared.iter().zip(&paths) {
        match p.dash {
            Some((dash, gap)) => canvas.dashed(path, p.color.mix(1.0), LINE_W, dash, gap)?,
            None => canvas.line(path, p.color.mix(1.0), LINE_W)?,
        }
    }

    // Axes.
    canvas.line(
        &[(left, bottom), (right, bottom)],
        palette::AXIS.mix(1.0),
        2.5,
    )?;
    canvas.line(
        &[(left, map.top), (left, bottom)],
        palette::AXIS.mix(1.0),
        2.5,
    )?;
    for (v, label) in y_ticks.values.iter().zip(&y_labels) {
        canvas.text(
            label,
            (left - 16.0, map.y(*v) + 0.36 * TICK_EM),
            TICK_EM,
            Weight::Regular,
            palette::MUTED.mix(1.0),
            Align::Right,
        )?;
    }
    for (v, label) in axis.ticks.values.iter().zip(&axis.labels) {
        let x = map.x(*v);
        canvas.line(
            &[(x, bottom), (x, bottom + 10.0)],
            palette::AXIS.mix(1.0),
            2.5,
        )?;
        canvas.text(
            label,
            (x, x_tick_baseline),
            TICK_EM,
            Weight::Regular,
            palette::MUTED.mix(1.0),
            Align::Center,
        )?;
    }
    let x_title = match axis.hint {
        Some(hint) if !chart.x_label.is_empty() => format!("{} ({hint})", chart.x_label),
        Some(hint) => format!("({hint})"),
        None => chart.x_label.clone(),
    };
    canvas.text(
        &x_title,
        ((left + right) / 2.0, x_title_baseline),
        AXIS_EM,
        Weight::Regular,
        palette::TEXT.mix(1.0),
        Align::Center,
    )?;
    if !chart.y_label.is_empty() {
        canvas.text_up(
            &chart.y_label,
            (MARGIN_L + 0.78 * AXIS_EM, (map.top + bottom) / 2.0),
            AXIS_EM,
            Weight::Regular,
            palette::TEXT.mix(1.0),
            Align::Center,
        )?;
    }

    let poles: Vec<f64> = markers.iter().map(|m| map.x(m.x)).collect();
    draw_hline_labels(canvas, &hlines, &map, &paths, &poles)?;
    draw_marker_labels(canvas, &markers, &marker_plan, &map)?;
    legend::draw(canvas, &entries, &legend_layout, &LEGEND, LINE_W)?;
    Ok(())
}

/// The polyline for a series in data coordinates; steps become horizontal-then-vertical
/// pairs and hold their last value to `x_end`.
fn series_path(p: &Prepared<'_>, x_end: f64) -> Vec<(f64, f64)> {
    match p.series.kind {
        SeriesKind::Line => p.points.clone(),
        SeriesKind::Step => {
            let mut out = Vec::with_capacity(p.points.len() * 2 + 1);
            for (i, &(x, y)) in p.points.iter().enumerate() {
                if i > 0 {
                    let prev_y = p.points[i - 1].1;
                    out.push((x, prev_y));
                }
                out.push((x, y));
            }
            if let Some(&(x, y)) = p.points.last()
                && x < x_end
            {
                out.push((x_end, y));
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_series_hold_values() {
        let s = Series::step("old", vec![(0.0, 4.0), (60.0, 3.0), (120.0, 0.0)]);
        let p = Prepared {
            series: &s,
            points: s.points.clone(),
            color: palette::color(0),
            dash: None,
        };
        assert_eq!(
            series_path(&p, 300.0),
            vec![
                (0.0, 4.0),
                (60.0, 4.0),
                (60.0, 3.0),
                (120.0, 3.0),
                (120.0, 0.0),
                (300.0, 0.0)
            ]
        );
    }

    #[test]
    fn y_range_starts_at_zero_with_headroom() {
        assert_eq!(y_range([4.0, 8.0].into_iter(), true), (0.0, 8.8));
        assert_eq!(y_range(std::iter::empty(), true), (0.0, 1.0));
        assert_eq!(y_range([0.0, 0.0].into_iter(), true), (0.0, 1.0));
        assert_eq!(y_range([10.0, 20.0].into_iter(), false), (9.5, 20.5));
    }
}
