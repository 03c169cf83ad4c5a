//! Shared frame of the 1920×1080 charts: canvas size, margins, type sizes, the title block
//! and the data-to-pixel mapping. Line and bar charts lay out their plots inside it.

use plotters::prelude::*;

use crate::canvas::{Align, Canvas, P, Weight};
use crate::error::ChartError;
use crate::legend::LegendStyle;
use crate::palette;

/// Canvas size in design pixels.
pub(crate) const WIDTH: f64 = 1920.0;
pub(crate) const HEIGHT: f64 = 1080.0;
/// Outer margins.
pub(crate) const MARGIN_L: f64 = 48.0;
pub(crate) const MARGIN_R: f64 = 56.0;
pub(crate) const MARGIN_T: f64 = 40.0;
pub(crate) const MARGIN_B: f64 = 30.0;
/// Type sizes (em, design pixels): title, subtitle, axis titles, tick labels.
pub(crate) const TITLE_EM: f64 = 52.0;
pub(crate) const SUBTITLE_EM: f64 = 32.0;
pub(crate) const AXIS_EM: f64 = 36.0;
pub(crate) const TICK_EM: f64 = 30.0;
/// Data line width.
pub(crate) const LINE_W: f64 = 5.0;
/// Legend band of line charts.
pub(crate) const LEGEND: LegendStyle = LegendStyle {
    em: 30.0,
    swatch_w: 64.0,
    swatch_gap: 14.0,
    col_gap: 48.0,
    row_h: 46.0,
};

/// The header (title, subtitle) drawn at the top; returns the y below it.
pub(crate) fn draw_header<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    title: &str,
    subtitle: Option<&str>,
) -> Result<f64, ChartError> {
    let mut y = MARGIN_T;
    if !title.is_empty() {
        let baseline = y + 0.8 * TITLE_EM;
        canvas.text(
            title,
            (MARGIN_L, baseline),
            TITLE_EM,
            Weight::Bold,
            palette::TEXT.mix(1.0),
            Align::Left,
        )?;
        y = baseline + 0.25 * TITLE_EM;
    }
    if let Some(sub) = subtitle.filter(|s| !s.is_empty()) {
        let baseline = y + 8.0 + 0.8 * SUBTITLE_EM;
        canvas.text(
            sub,
            (MARGIN_L, baseline),
            SUBTITLE_EM,
            Weight::Regular,
            palette::MUTED.mix(1.0),
            Align::Left,
        )?;
        y = baseline + 0.25 * SUBTITLE_EM;
    }
    Ok(y + 22.0)
}

/// Linear mapping from data to design pixels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mapping {
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Mapping {
    pub(crate) fn x(&self, x: f64) -> f64 {
        self.left + (x - self.x0) / (self.x1 - self.x0) * (self.right - self.left)
    }

    pub(crate) fn y(&self, y: f64) -> f64 {
        self.bottom - (y - self.y0) / (self.y1 - self.y0) * (self.bottom - self.top)
    }

    pub(crate) fn pt(&self, (x, y): (f64, f64)) -> P {
        (self.x(x), self.y(y))
    }
}
