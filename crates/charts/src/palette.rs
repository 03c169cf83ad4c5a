//! The Okabe–Ito colour-blind-safe palette with a fixed index → colour mapping.
//!
//! An index means the same colour in every chart, the animation and the report, so a caller
//! can give "old revision" and "new revision" one index each and keep them everywhere.
//! Indices wrap modulo 8.

use plotters::style::RGBColor;

/// Blue `#0072B2`.
pub const BLUE: usize = 0;
/// Orange `#E69F00`.
pub const ORANGE: usize = 1;
/// Bluish green `#009E73`.
pub const GREEN: usize = 2;
/// Vermillion `#D55E00`.
pub const VERMILLION: usize = 3;
/// Sky blue `#56B4E9`.
pub const SKY_BLUE: usize = 4;
/// Reddish purple `#CC79A7`.
pub const PURPLE: usize = 5;
/// Black `#000000`.
pub const BLACK: usize = 6;
/// Yellow `#F0E442`; weak on white, so it comes last.
pub const YELLOW: usize = 7;

/// The eight Okabe–Ito colours as RGB, in index order.
pub const OKABE_ITO: [(u8, u8, u8); 8] = [
    (0x00, 0x72, 0xB2),
    (0xE6, 0x9F, 0x00),
    (0x00, 0x9E, 0x73),
    (0xD5, 0x5E, 0x00),
    (0x56, 0xB4, 0xE9),
    (0xCC, 0x79, 0xA7),
    (0x00, 0x00, 0x00),
    (0xF0, 0xE4, 0x42),
];

/// The RGB triple for a palette index (wrapping).
pub fn rgb(index: usize) -> (u8, u8, u8) {
    OKABE_ITO[index % OKABE_ITO.len()]
}

/// The CSS hex string (`#rrggbb`) for a palette index (wrapping).
pub fn hex(index: usize) -> String {
    let (r, g, b) = rgb(index);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The plotters colour for a palette index.
pub(crate) fn color(index: usize) -> RGBColor {
    let (r, g, b) = rgb(index);
    RGBColor(r, g, b)
}

/// Blends a colour towards white; `amount` 0 keeps it, 1 gives white.
pub(crate) fn tint(c: RGBColor, amount: f64) -> RGBColor {
    let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * amount).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// Neutral grey for reference lines.
pub(crate) const REFERENCE: RGBColor = RGBColor(0x70, 0x70, 0x70);
/// Dark grey for reference-line and marker text.
pub(crate) const ANNOTATION: RGBColor = RGBColor(0x33, 0x33, 0x33);
/// Main text colour (titles, labels).
pub(crate) const TEXT: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
/// Secondary text colour (subtitles, tick labels).
pub(crate) const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// Grid lines.
pub(crate) const GRID: RGBColor = RGBColor(0xe3, 0xe3, 0xe3);
/// Axis lines.
pub(crate) const AXIS: RGBColor = RGBColor(0x44, 0x44, 0x44);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_wrap_and_are_stable() {
        assert_eq!(hex(BLUE), "#0072b2");
        assert_eq!(hex(ORANGE + 8), "#e69f00");
        assert_eq!(rgb(YELLOW), (0xF0, 0xE4, 0x42));
    }

    #[test]
    fn tint_moves_towards_white() {
        assert_eq!(tint(RGBColor(0, 100, 255), 0.5), RGBColor(128, 178, 255));
    }
}
