//! A thin drawing layer over a plotters drawing area, in design pixels.
//!
//! Charts are laid out on a fixed design canvas (1920×1080 for charts, 1280×720 for the
//! animation) and `scale` maps design pixels to device pixels. Text is positioned by its
//! baseline and sized by its em, with the same result on the SVG and bitmap backends: the
//! two backends interpret plotters' font size and vertical anchor differently (SVG writes
//! `size / 1.24` and `dy="0.76em"`, ab_glyph scales ascent−descent to `size` and puts the
//! baseline `size / 2` below the anchor), and this module compensates for both.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontFamily, FontTransform, RGBAColor};

use crate::error::{ChartError, draw_err};
use crate::font::{FAMILY, HEIGHT_PER_EM, glyph_bounds};

/// Which backend a canvas draws on; text placement depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Backend {
    /// `SVGBackend`: text is laid out by the viewer.
    Svg,
    /// `BitMapBackend`: text is rasterised by ab_glyph.
    Bitmap,
}

/// Horizontal text alignment relative to the given x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// Font weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

impl Weight {
    fn style(self) -> FontStyle {
        match self {
            Weight::Regular => FontStyle::Normal,
            Weight::Bold => FontStyle::Bold,
        }
    }
}

/// A point in design pixels.
pub(crate) type P = (f64, f64);

/// One glyph of a bitmap text run.
struct Glyph<'t> {
    text: &'t str,
    /// Pen position from the start of the run, design pixels.
    pen: f64,
    /// Device pixels from the pen to the left of the glyph's pixel box.
    ink_dx: f64,
    /// Device pixels from plotters' top anchor down to the baseline.
    baseline_dy: i32,
}

/// Drawing helpers over one plotters drawing area.
pub(crate) struct Canvas<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    scale: f64,
    backend: Backend,
}

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    /// Wraps `area`; `scale` is device pixels per design pixel.
    pub(crate) fn new(area: &'a DrawingArea<DB, Shift>, scale: f64, backend: Backend) -> Self {
        Self {
            area,
            scale,
            backend,
        }
    }

    fn px(&self, v: f64) -> i32 {
        (v * self.scale).round() as i32
    }

    fn pt(&self, (x, y): P) -> (i32, i32) {
        (self.px(x), self.px(y))
    }

    fn stroke(&self, width: f64) -> u32 {
        (width * self.scale).round().max(1.0) as u32
    }

    /// Fills the whole canvas.
    pub(crate) fn clear(&self, color: RGBColor) -> Result<(), ChartError> {
        self.area.fill(&color).map_err(draw_err)
    }

    /// Flushes the frame to the backend (writes the file or GIF frame).
    pub(crate) fn present(&self) -> Result<(), ChartError> {
        self.area.present().map_err(draw_err)
    }

    /// Draws `text` with its baseline at `baseline` and aligned to `x`.
    pub(crate) fn text(
        &self,
        text: &str,
        (x, baseline): P,
        em: f64,
        weight: Weight,
        color: RGBAColor,
        align: Align,
    ) -> Result<(), ChartError> {
        match self.backend {
            Backend::Svg => {
                let y = baseline - 0.76 * em;
                self.draw_run(text, self.pt((x, y)), em, weight, color, align, false)
            }
            Backend::Bitmap => {
                let start = x - align_shift(align) * text_width(text, em, weight)?;
                for g in self.glyphs(text, em, weight)? {
                    let pos = (
                        ((start + g.pen) * self.scale + g.ink_dx).round() as i32,
                        (baseline * self.scale).round() as i32 - g.baseline_dy,
                    );
                    self.draw_run(g.text, pos, em, weight, color, Align::Left, false)?;
                }
                Ok(())
            }
        }
    }

    /// Draws `text` rotated to read bottom-to-top, its baseline on the vertical line
    /// `baseline_x`, aligned at `y` (Center = centred on `y`, Left = starting at `y`).
    pub(crate) fn text_up(
        &self,
        text: &str,
        (baseline_x, y): P,
        em: f64,
        weight: Weight,
        color: RGBAColor,
        align: Align,
    ) -> Result<(), ChartError> {
        match self.backend {
            Backend::Svg => {
                let x = baseline_x - 0.76 * em;
                self.draw_run(text, self.pt((x, y)), em, weight, color, align, true)
            }
            Backend::Bitmap => {
                let start = y + align_shift(align) * text_width(text, em, weight)?;
                for g in self.glyphs(text, em, weight)? {
                    let pos = (
                        (baseline_x * self.scale).round() as i32 - g.baseline_dy,
                        ((start - g.pen) * self.scale - g.ink_dx).round() as i32,
                    );
                    self.draw_run(g.text, pos, em, weight, color, Align::Left, true)?;
                }
                Ok(())
            }
        }
    }

    /// Splits `text` into single glyphs with the offsets plotters' ab_glyph renderer needs to
    /// put each one where a correct renderer would (see [`crate::font::glyph_bounds`]).
    fn glyphs<'t>(
        &self,
        text: &'t str,
        em: f64,
        weight: Weight,
    ) -> Result<Vec<Glyph<'t>>, ChartError> {
        // Mirror ab_glyph's f32 arithmetic: the font is scaled so ascent - descent = size.
        let size = (em * HEIGHT_PER_EM * self.scale) as f32;
        let mut out = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            let Some(bounds) = glyph_bounds(c, weight == Weight::Bold) else {
                continue;
            };
            let end = i + c.len_utf8();
            let glyph = &text[i..end];
            // The pen position before `c`, kerning with the previous glyph included, exactly
            // as plotters advances it.
            let pen = text_width(&text[..end], em, weight)? - text_width(glyph, em, weight)?;
            let per_unit = size / (bounds.units_per_em as f32 * HEIGHT_PER_EM as f32);
            // ab_glyph rasterises from the pixel-aligned box (floor of the ink's left/top);
            // plotters puts that box's left at the anchor and its top at
            // trunc(size / 2 + top), which places the baseline at this offset.
            let left = (bounds.x_min as f32 * per_unit).floor();
            let top = (-(bounds.y_max as f32) * per_unit).floor();
            let y_shift = (size / 2.0 + top) as i32;
            out.push(Glyph {
                text: glyph,
                pen,
                ink_dx: f64::from(left),
                baseline_dy: y_shift - top as i32,
            });
        }
        Ok(out)
    }

    /// One plotters text call, anchored at its top, at device pixel `pos`.
    #[allow(clippy::too_many_arguments)]
    fn draw_run(
        &self,
        text: &str,
        pos: (i32, i32),
        em: f64,
        weight: Weight,
        color: RGBAColor,
        align: Align,
        rotated: bool,
    ) -> Result<(), ChartError> {
        let mut font = self.font(em, weight);
        if rotated {
            font = font.transform(FontTransform::Rotate270);
        }
        let style = TextStyle::from(font)
            .color(&color)
            .pos(Pos::new(h_pos(align), VPos::Top));
        self.area.draw_text(text, &style, pos).map_err(draw_err)
    }

    fn font(&self, em: f64, weight: Weight) -> FontDesc<'static> {
        let size = match self.backend {
            Backend::Svg => em * 1.24,
            Backend::Bitmap => em * HEIGHT_PER_EM,
        };
        FontDesc::new(FontFamily::Name(FAMILY), size * self.scale, weight.style())
    }

    /// A solid polyline.
    pub(crate) fn line(
        &self,
        points: &[P],
        color: RGBAColor,
        width: f64,
    ) -> Result<(), ChartError> {
        if points.len() < 2 {
            return Ok(());
        }
        let pts: Vec<_> = points.iter().map(|&p| self.pt(p)).collect();
        let style = ShapeStyle::from(color).stroke_width(self.stroke(width));
        self.area
            .draw(&PathElement::new(pts, style))
            .map_err(draw_err)
    }

    /// A dashed polyline; dashes continue around corners.
    pub(crate) fn dashed(
        &self,
        points: &[P],
        color: RGBAColor,
        width: f64,
        dash: f64,
        gap: f64,
    ) -> Result<(), ChartError> {
        for piece in dash_pieces(points, dash, gap) {
            self.line(&piece, color, width)?;
        }
        Ok(())
    }

    /// A filled rectangle between two corners.
    pub(crate) fn fill_rect(&self, a: P, b: P, color: RGBAColor) -> Result<(), ChartError> {
        let style = ShapeStyle::from(color).filled();
        self.area
            .draw(&Rectangle::new([self.pt(a), self.pt(b)], style))
            .map_err(draw_err)
    }

    /// A rectangle outline centred on the rectangle's edges, drawn as four bands so corners
    /// are square on every backend.
    pub(crate) fn stroke_rect(
        &self,
        (x0, y0): P,
        (x1, y1): P,
        color: RGBAColor,
        width: f64,
    ) -> Result<(), ChartError> {
        let h = width / 2.0;
        self.fill_rect((x0 - h, y0 - h), (x1 + h, y0 + h), color)?;
        self.fill_rect((x0 - h, y1 - h), (x1 + h, y1 + h), color)?;
        self.fill_rect((x0 - h, y0 + h), (x0 + h, y1 - h), color)?;
        self.fill_rect((x1 - h, y0 + h), (x1 + h, y1 - h), color)
    }

    /// A dashed rectangle outline.
    pub(crate) fn dashed_rect(
        &self,
        (x0, y0): P,
        (x1, y1): P,
        color: RGBAColor,
        width: f64,
        dash: f64,
    ) -> Result<(), ChartError> {
        self.dashed(
            &[(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)],
            color,
            width,
            dash,
            dash * 0.7,
        )
    }

    /// A filled polygon.
    pub(crate) fn polygon(&self, points: &[P], color: RGBAColor) -> Result<(), ChartError> {
        if points.len() < 3 {
            return Ok(());
        }
        let pts: Vec<_> = points.iter().map(|&p| self.pt(p)).collect();
        self.area
            .draw(&Polygon::new(pts, ShapeStyle::from(color).filled()))
            .map_err(draw_err)
    }
}

/// Width in design pixels of `text` at em size `em` (the same on every backend).
pub(crate) fn text_width(text: &str, em: f64, weight: Weight) -> Result<f64, ChartError> {
    // Measure at a large size: plotters truncates the width to whole pixels.
    const REF: f64 = 1000.0;
    let font = FontDesc::new(
        FontFamily::Name(FAMILY),
        REF * HEIGHT_PER_EM,
        weight.style(),
    );
    let ((x0, _), (x1, _)) = font
        .layout_box(text)
        .map_err(|e| ChartError::Font(e.to_string()))?;
    Ok(f64::from(x1 - x0) * em / REF)
}

/// Fraction of the text width that lies before the anchor.
fn align_shift(align: Align) -> f64 {
    match align {
        Align::Left => 0.0,
        Align::Center => 0.5,
        Align::Right => 1.0,
    }
}

fn h_pos(align: Align) -> HPos {
    match align {
        Align::Left => HPos::Left,
        Align::Center => HPos::Center,
        Align::Right => HPos::Right,
    }
}

/// Splits a polyline into dash pieces of length `dash` separated by `gap`.
pub(crate) fn dash_pieces(points: &[P], dash: f64, gap: f64) -> Vec<Vec<P>> {
    let mut pieces = Vec::new();
    if points.len() < 2 || dash <= 0.0 || gap < 0.0 {
        return pieces;
    }
    let mut on = true;
    let mut left = dash;
    let mut current: Vec<P> = vec![points[0]];
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let mut pos = 0.0;
        while len - pos > left {
            pos += left;
            let t = pos / len;
            let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            if on {
                current.push(p);
                pieces.push(std::mem::take(&mut current));
            } else {
                current = vec![p];
            }
            on = !on;
            left = if on { dash } else { gap };
        }
        left -= len - pos;
        if on {
            current.push(b);
        }
    }
    if on && current.len() >= 2 {
        pieces.push(current);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_follow_corners() {
        let corner = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)];
        let pieces = dash_pieces(&corner, 6.0, 4.0);
        assert_eq!(
            pieces,
            vec![vec![(0.0, 0.0), (6.0, 0.0)], vec![(10.0, 0.0), (10.0, 6.0)]]
        );
        // A dash longer than the first segment turns the corner.
        let pieces = dash_pieces(&corner, 12.0, 4.0);
        assert_eq!(
            pieces,
            vec![
                vec![(0.0, 0.0), (10.0, 0.0), (10.0, 2.0)],
                vec![(10.0, 6.0), (10.0, 10.0)]
            ]
        );
    }

    #[test]
    fn text_width_scales_with_em() -> Result<(), ChartError> {
        crate::font::ensure_registered()?;
        let w20 = text_width("deploy start", 20.0, Weight::Regular)?;
        let w40 = text_width("deploy start", 40.0, Weight::Regular)?;
        assert!(w20 > 80.0 && w20 < 160.0, "{w20}");
        assert!((w40 - 2.0 * w20).abs() < 1.0);
        Ok(())
    }
}
