//! The embedded DejaVu Sans fonts and their one-time registration with plotters.
//!
//! plotters is built with `ab_glyph` and without `ttf`, so it never looks at system fonts:
//! every entry point calls [`ensure_registered`] before it creates any text style.

use std::sync::OnceLock;

use plotters::style::{FontStyle, register_font};

use crate::error::ChartError;

/// The family name text is drawn with. plotters writes it verbatim into SVG `font-family`
/// attributes, so it doubles as a CSS fallback list: viewers without DejaVu Sans fall back to
/// Verdana, whose widths are close to the metrics the layout was measured with.
pub(crate) const FAMILY: &str = "DejaVu Sans, Verdana, sans-serif";

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// ab_glyph scales glyphs so that ascent minus descent equals the requested size; for DejaVu
/// Sans that is (1901 + 483) / 2048 em (hhea table of both weights).
pub(crate) const HEIGHT_PER_EM: f64 = 2384.0 / 2048.0;

/// Registers the embedded fonts exactly once per process; later calls return the first result.
pub(crate) fn ensure_registered() -> Result<(), ChartError> {
    static STATE: OnceLock<Result<(), String>> = OnceLock::new();
    STATE
        .get_or_init(|| {
            register_font(FAMILY, FontStyle::Normal, REGULAR)
                .map_err(|_| "DejaVuSans.ttf is not a valid font".to_string())?;
            register_font(FAMILY, FontStyle::Bold, BOLD)
                .map_err(|_| "DejaVuSans-Bold.ttf is not a valid font".to_string())
        })
        .clone()
        .map_err(ChartError::Font)
}

/// Where ab_glyph puts a glyph's ink, in font units (y up): the bounding box's left edge and
/// top edge, plus the font's units per em.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct GlyphBounds {
    pub x_min: f64,
    pub y_max: f64,
    pub units_per_em: f64,
}

/// The bounding box of the glyph for `c` in the embedded regular or bold font; `None` for
/// characters without an outline (spaces) or not in the font.
///
/// plotters 0.3.7's ab_glyph renderer drops each glyph's left side bearing and truncates its
/// vertical offset, so letters with a large bearing (`i`, `l`, `h`, `n`, `m`) crowd their
/// left neighbour and some glyphs sit a pixel low. The bitmap path of [`crate::canvas`]
/// draws glyph by glyph and uses these bounds to put each one where it belongs.
pub(crate) fn glyph_bounds(c: char, bold: bool) -> Option<GlyphBounds> {
    static METRICS: OnceLock<[Option<Metrics>; 2]> = OnceLock::new();
    let fonts = METRICS.get_or_init(|| [Metrics::parse(REGULAR), Metrics::parse(BOLD)]);
    fonts[usize::from(bold)].as_ref()?.bounds(c)
}

/// The few TrueType tables needed for glyph bounds: `head`, `maxp`, `cmap` (format 4),
/// `loca` and `glyf`.
struct Metrics {
    units_per_em: f64,
    long_loca: bool,
    n_glyphs: u16,
    loca: usize,
    glyf: usize,
    /// `cmap` format 4 segments: (start, end, id_delta, id_range_offset, offset of that
    /// id_range_offset entry in the font).
    segments: Vec<(u16, u16, u16, u16, usize)>,
    data: &'static [u8],
}

fn be_u16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]))
}

fn be_i16(d: &[u8], at: usize) -> Option<i16> {
    be_u16(d, at).map(|v| v as i16)
}

fn be_u32(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *d.get(at)?,
        *d.get(at + 1)?,
        *d.get(at + 2)?,
        *d.get(at + 3)?,
    ]))
}

impl Metrics {
    fn parse(d: &'static [u8]) -> Option<Self> {
        let n_tables = usize::from(be_u16(d, 4)?);
        let table = |tag: &[u8; 4]| {
            (0..n_tables).find_map(|i| {
                let rec = 12 + 16 * i;
                (d.get(rec..rec + 4)? == tag).then(|| be_u32(d, rec + 8).map(|o| o as usize))?
            })
        };
        let head = table(b"head")?;
        let units_per_em = f64::from(be_u16(d, head + 18)?);
        let long_loca = be_i16(d, head + 50)? == 1;
        let n_glyphs = be_u16(d, table(b"maxp")? + 4)?;

        // The Windows Unicode BMP subtable (platform 3, encoding 1), format 4.
        let cmap = table(b"cmap")?;
        let sub = (0..usize::from(be_u16(d, cmap + 2)?)).find_map(|i| {
            let rec = cmap + 4 + 8 * i;
            let ids = (be_u16(d, rec)?, be_u16(d, rec + 2)?);
            (ids == (3, 1)).then(|| be_u32(d, rec + 4).map(|o| cmap + o as usize))?
        })?;
        if be_u16(d, sub)? != 4 {
            return None;
        }
        let seg_count = usize::from(be_u16(d, sub + 6)? / 2);
        let ends = sub + 14;
        let starts = ends + 2 * seg_count + 2;
        let deltas = starts + 2 * seg_count;
        let ranges = deltas + 2 * seg_count;
        let segments = (0..seg_count)
            .map(|i| {
                Some((
                    be_u16(d, starts + 2 * i)?,
                    be_u16(d, ends + 2 * i)?,
                    be_u16(d, deltas + 2 * i)?,
                    be_u16(d, ranges + 2 * i)?,
                    ranges + 2 * i,
                ))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self {
            units_per_em,
            long_loca,
            n_glyphs,
            loca: table(b"loca")?,
            glyf: table(b"glyf")?,
            segments,
            data: d,
        })
    }

    fn glyph_id(&self, c: char) -> Option<u16> {
        let c = u16::try_from(u32::from(c)).ok()?;
        let &(start, _, delta, range, range_at) =
            self.segments.iter().find(|s| s.0 <= c && c <= s.1)?;
        let g = if range == 0 {
            c.wrapping_add(delta)
        } else {
            let at = range_at + usize::from(range) + 2 * usize::from(c - start);
            let g = be_u16(self.data, at)?;
            if g == 0 {
                return None;
            }
            g.wrapping_add(delta)
        };
        (g != 0 && g < self.n_glyphs).then_some(g)
    }

    fn bounds(&self, c: char) -> Option<GlyphBounds> {
        let g = usize::from(self.glyph_id(c)?);
        let (start, end) = if self.long_loca {
            (
                be_u32(self.data, self.loca + 4 * g)? as usize,
                be_u32(self.data, self.loca + 4 * g + 4)? as usize,
            )
        } else {
            (
                2 * usize::from(be_u16(self.data, self.loca + 2 * g)?),
                2 * usize::from(be_u16(self.data, self.loca + 2 * g + 2)?),
            )
        };
        if end <= start {
            return None; // No outline.
        }
        let at = self.glyf + start;
        Some(GlyphBounds {
            x_min: f64::from(be_i16(self.data, at + 2)?),
            y_max: f64::from(be_i16(self.data, at + 8)?),
            units_per_em: self.units_per_em,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_bounds_come_from_the_font() {
        // DejaVu Sans: 'h' starts 186 units right of the pen, 'A' 16; bold 'h' 172.
        let h = glyph_bounds('h', false);
        assert_eq!(h.map(|b| (b.x_min, b.units_per_em)), Some((186.0, 2048.0)));
        assert_eq!(glyph_bounds('A', false).map(|b| b.x_min), Some(16.0));
        assert_eq!(glyph_bounds('h', true).map(|b| b.x_min), Some(172.0));
        // 'i' (with its dot) is taller than 'x'.
        let (i, x) = (glyph_bounds('i', false), glyph_bounds('x', false));
        assert!(i.zip(x).is_some_and(|(i, x)| i.y_max > x.y_max));
        assert_eq!(glyph_bounds(' ', false), None);
        assert_eq!(glyph_bounds('\u{1F600}', false), None);
    }

    #[test]
    fn registration_is_idempotent() {
        assert!(ensure_registered().is_ok());
        assert!(ensure_registered().is_ok());
    }
}
