//! Runs a scene on the SVG backend (into a string) or the bitmap backend (into a PNG file,
//! atomically), so every chart type shares one output path.

use std::path::Path;

use plotters::prelude::*;

use crate::atomic::render_atomically;
use crate::canvas::{Backend, Canvas};
use crate::error::ChartError;
use crate::font;

/// Largest PNG scale factor accepted (4 × 1920×1080 is already 7680×4320).
pub(crate) const MAX_SCALE: u32 = 4;

/// Something drawable on a fixed-size design canvas.
pub(crate) trait Scene {
    /// Design canvas size in pixels.
    fn size(&self) -> (u32, u32);
    /// Draws the whole scene, background included.
    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> Result<(), ChartError>;
}

/// Renders `scene` to SVG text at its design size.
pub(crate) fn svg_string<S: Scene>(scene: &S) -> Result<String, ChartError> {
    font::ensure_registered()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, scene.size()).into_drawing_area();
        let canvas = Canvas::new(&root, 1.0, Backend::Svg);
        scene.draw(&canvas)?;
        canvas.present()?;
    }
    Ok(out)
}

/// Checks a user-supplied integer PNG scale.
pub(crate) fn check_scale(scale: u32) -> Result<f64, ChartError> {
    if (1..=MAX_SCALE).contains(&scale) {
        Ok(f64::from(scale))
    } else {
        Err(ChartError::InvalidInput(format!(
            "scale must be between 1 and {MAX_SCALE}, got {scale}"
        )))
    }
}

/// Renders `scene` to a PNG file `scale` times its design size, atomically.
pub(crate) fn png_file<S: Scene>(scene: &S, path: &Path, scale: f64) -> Result<(), ChartError> {
    font::ensure_registered()?;
    let (w, h) = scene.size();
    let device = (
        (f64::from(w) * scale).round() as u32,
        (f64::from(h) * scale).round() as u32,
    );
    render_atomically(path, |tmp| {
        let root = BitMapBackend::new(tmp, device).into_drawing_area();
        let canvas = Canvas::new(&root, scale, Backend::Bitmap);
        scene.draw(&canvas)?;
        canvas.present()
    })
}
