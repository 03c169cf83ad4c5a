//! Legend layout in a reserved band: one flowing row when it fits, otherwise a grid of equal
//! columns, so a legend never sits on top of data and many entries stay legible.

use plotters::prelude::*;
use plotters::style::RGBColor;

use crate::canvas::{Align, Canvas, P, Weight, text_width};
use crate::error::ChartError;
use crate::palette;

/// What is drawn in front of a legend label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Swatch {
    /// A line sample, optionally dashed and with a translucent fill below it.
    Line {
        color: RGBColor,
        dash: Option<(f64, f64)>,
        fill: bool,
    },
    /// A solid block (bars).
    Block { color: RGBColor },
}

/// A laid-out legend band.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LegendLayout {
    /// Top-left corner of each entry.
    pub cells: Vec<P>,
    /// Total band height (0 when there are no entries).
    pub height: f64,
}

/// Sizes shared by every legend of a chart.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LegendStyle {
    pub em: f64,
    pub swatch_w: f64,
    pub swatch_gap: f64,
    pub col_gap: f64,
    pub row_h: f64,
}

impl LegendStyle {
    /// Width of one entry with a label of width `label_w`.
    pub(crate) fn entry_width(&self, label_w: f64) -> f64 {
        self.swatch_w + self.swatch_gap + label_w
    }
}

/// Places entries of widths `widths` in a band starting at `(left, top)` and `avail` wide.
pub(crate) fn layout(
    widths: &[f64],
    (left, top): P,
    avail: f64,
    style: &LegendStyle,
) -> LegendLayout {
    if widths.is_empty() {
        return LegendLayout {
            cells: Vec::new(),
            height: 0.0,
        };
    }
    let flow: f64 = widths.iter().sum::<f64>() + style.col_gap * (widths.len() - 1) as f64;
    let mut cells = Vec::with_capacity(widths.len());
    if flow <= avail {
        let mut x = left;
        for w in widths {
            cells.push((x, top));
            x += w + style.col_gap;
        }
        return LegendLayout {
            cells,
            height: style.row_h,
        };
    }
    let col_w = widths.iter().copied().fold(0.0, f64::max) + style.col_gap;
    let cols = (((avail + style.col_gap) / col_w).floor() as usize).clamp(1, widths.len());
    let rows = widths.len().div_ceil(cols);
    for i in 0..widths.len() {
        let (r, c) = (i / cols, i % cols);
        cells.push((left + c as f64 * col_w, top + r as f64 * style.row_h));
    }
    LegendLayout {
        cells,
        height: rows as f64 * style.row_h,
    }
}

/// Measures, lays out and returns a legend for `(label, swatch)` entries.
pub(crate) fn plan(
    entries: &[(String, Swatch)],
    origin: P,
    avail: f64,
    style: &LegendStyle,
) -> Result<LegendLayout, ChartError> {
    let widths = entries
        .iter()
        .map(|(label, _)| Ok(style.entry_width(text_width(label, style.em, Weight::Regular)?)))
        .collect::<Result<Vec<_>, ChartError>>()?;
    Ok(layout(&widths, origin, avail, style))
}

/// Draws the entries at the cells of `layout`.
pub(crate) fn draw<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    entries: &[(String, Swatch)],
    layout: &LegendLayout,
    style: &LegendStyle,
    line_width: f64,
) -> Result<(), ChartError> {
    for ((label, swatch), &(x, top)) in entries.iter().zip(&layout.cells) {
        let mid = top + style.row_h / 2.0;
        let (x0, x1) = (x, x + style.swatch_w);
        match *swatch {
            Swatch::Line { color, dash, fill } => {
                if fill {
                    let half = style.em * 0.55;
                    canvas.fill_rect((x0, mid - half), (x1, mid + half), color.mix(0.2))?;
                }
                let pts = [(x0, mid), (x1, mid)];
                match dash {
                    // Scaled so the sample reads dash, gap, dash.
                    Some((d, g)) => {
                        let k = style.swatch_w / (2.0 * d + g);
                        canvas.dashed(&pts, color.mix(1.0), line_width, d * k, g * k)?;
                    }
                    None => canvas.line(&pts, color.mix(1.0), line_width)?,
                }
            }
            Swatch::Block { color } => {
                let half = (style.swatch_w / 2.0).min(style.em * 0.5);
                canvas.fill_rect((x0, mid - half), (x1, mid + half), color.mix(1.0))?;
            }
        }
        canvas.text(
            label,
            (x1 + style.swatch_gap, mid + style.em * 0.36),
            style.em,
            Weight::Regular,
            palette::TEXT.mix(1.0),
            Align::Left,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLE: LegendStyle = LegendStyle {
        em: 30.0,
        swatch_w: 60.0,
        swatch_gap: 10.0,
        col_gap: 40.0,
        row_h: 40.0,
    };

    #[test]
    fn short_legends_flow_in_one_row() {
        let l = layout(&[100.0, 200.0], (10.0, 5.0), 1000.0, &STYLE);
        assert_eq!(l.cells, vec![(10.0, 5.0), (150.0, 5.0)]);
        assert_eq!(l.height, 40.0);
    }

    #[test]
    fn long_legends_use_a_grid() {
        let l = layout(&[300.0; 12], (0.0, 0.0), 1800.0, &STYLE);
        // Columns are 340 wide: 5 fit in 1800 + 40.
        assert_eq!(l.cells[4], (1360.0, 0.0));
        assert_eq!(l.cells[5], (0.0, 40.0));
        assert_eq!(l.height, 120.0);
    }
}
