//! Placement of chart annotations: reference-line labels inside the plot and event-marker
//! labels in a band above it.
//!
//! Reference-line labels try a few spots along their line and take the one that covers the
//! fewest data lines. Marker labels are flags: the text starts at the marker's pole and runs
//! right (or left near the right edge). When flags would collide they are stacked in rows so
//! that a pole never runs through another marker's label: a label that spans a later pole
//! sits in a higher row than that pole ends.

use plotters::prelude::*;

use crate::canvas::{Align, Canvas, P, Weight, text_width};
use crate::error::ChartError;
use crate::layout::Mapping;
use crate::line_chart::{HLine, Marker};
use crate::palette;

/// Text size of annotation labels.
pub(crate) const ANNOTATION_EM: f64 = 26.0;
/// Opacity of marker poles.
pub(crate) const MARKER_ALPHA: f64 = 0.6;
const MARKER_ROW_H: f64 = ANNOTATION_EM * 1.45;
/// Space between the lowest marker row and the plot.
const MARKER_BASE: f64 = 14.0;
/// Horizontal gap between a pole and its text, and between neighbouring labels.
const FLAG_PAD: f64 = 9.0;
const LABEL_GAP: f64 = 24.0;
/// More rows than this are not worth the height; deeper stacks share the top row.
const MAX_MARKER_ROWS: usize = 4;

/// An axis-aligned box `(x0, y0, x1, y1)` in design pixels.
type Box4 = (f64, f64, f64, f64);

fn overlaps(a: &Box4, b: &Box4) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Whether the segment `p`–`q` passes through the box (Liang–Barsky clipping).
fn segment_hits(p: P, q: P, b: &Box4) -> bool {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (den, num) in [
        (-dx, p.0 - b.0),
        (dx, b.2 - p.0),
        (-dy, p.1 - b.1),
        (dy, b.3 - p.1),
    ] {
        if den == 0.0 {
            if num < 0.0 {
                return false;
            }
        } else {
            let t = num / den;
            if den < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

/// How much a label box would hide: covering a data segment costs far more than covering a
/// (light, thin) marker pole.
fn coverage(b: &Box4, paths: &[Vec<P>], poles: &[f64]) -> usize {
    let segs: usize = paths
        .iter()
        .map(|path| {
            path.windows(2)
                .filter(|w| segment_hits(w[0], w[1], b))
                .count()
        })
        .sum();
    10 * segs + 3 * poles.iter().filter(|&&x| b.0 <= x && x <= b.2).count()
}

/// Draws reference-line labels. Each label is tried above and below its line at the right
/// end (preferred), the left end and in between; the spot hiding the least data wins, with a
/// small penalty per step away from "right end, above the line". Labels never overlap.
pub(crate) fn draw_hline_labels<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    hlines: &[&HLine],
    map: &Mapping,
    paths: &[Vec<P>],
    poles: &[f64],
) -> Result<(), ChartError> {
    let em = ANNOTATION_EM;
    let pad = 8.0;
    let box_h = em * 1.25;
    let mut order: Vec<&HLine> = hlines
        .iter()
        .copied()
        .filter(|h| !h.label.is_empty())
        .collect();
    // Top-most first, so the highest label gets the space above its line.
    order.sort_by(|a, b| b.y.total_cmp(&a.y));
    let mut placed: Vec<Box4> = Vec::new();
    for h in order {
        let w = text_width(&h.label, em, Weight::Regular)? + 2.0 * pad;
        let y = map.y(h.y);
        let (lo, hi) = (map.left + 10.0, map.right - 10.0);
        let mut best: Option<(usize, Box4)> = None;
        let mut rank = 0;
        for f in [1.0, 0.0, 0.75, 0.5, 0.25] {
            let x0 = (lo + f * (hi - lo - w)).max(lo);
            for b in [
                (x0, y - 6.0 - box_h, x0 + w, y - 6.0),
                (x0, y + 6.0, x0 + w, y + 6.0 + box_h),
            ] {
                rank += 1;
                let inside = b.1 >= map.top - 4.0 && b.3 <= map.bottom - 4.0 && b.2 <= hi + 0.5;
                if !inside || placed.iter().any(|p| overlaps(p, &b)) {
                    continue;
                }
                let score = coverage(&b, paths, poles) + rank;
                if best.is_none_or(|(s, _)| score < s) {
                    best = Some((score, b));
                }
            }
        }
        let b = best.map_or((hi - w, y - 6.0 - box_h, hi, y - 6.0), |(_, b)| b);
        placed.push(b);
        let color = h.color.map_or(palette::ANNOTATION, palette::color);
        canvas.fill_rect((b.0, b.1), (b.2, b.3), WHITE.mix(0.85))?;
        canvas.text(
            &h.label,
            (b.2 - pad, b.3 - 0.3 * em),
            em,
            Weight::Regular,
            color.mix(1.0),
            Align::Right,
        )?;
    }
    Ok(())
}

/// Where each marker label goes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MarkerPlan {
    /// Per marker, in input order: pole x, label box left and right, row (0 = lowest).
    pub labels: Vec<(f64, f64, f64, usize)>,
    /// Number of rows used.
    pub rows: usize,
    /// Height of the band above the plot (0 without markers).
    pub height: f64,
}

/// Lays out marker labels for poles at pixel x `poles` with label widths `widths`; labels
/// must stay within `right_bound`.
pub(crate) fn plan_flags(poles: &[f64], widths: &[f64], right_bound: f64) -> MarkerPlan {
    let n = poles.len();
    if n == 0 {
        return MarkerPlan {
            labels: Vec::new(),
            rows: 0,
            height: 0.0,
        };
    }
    // Flags run right of their pole unless that would leave the canvas.
    let spans: Vec<(f64, f64)> = poles
        .iter()
        .zip(widths)
        .map(|(&x, &w)| {
            if x + FLAG_PAD + w <= right_bound {
                (x + FLAG_PAD, x + FLAG_PAD + w)
            } else {
                (x - FLAG_PAD - w, x - FLAG_PAD)
            }
        })
        .collect();
    let covers = |a: usize, b: usize| {
        spans[a].0 - LABEL_GAP / 2.0 <= poles[b] && poles[b] <= spans[a].1 + LABEL_GAP / 2.0
    };
    let collide = |a: usize, b: usize| {
        spans[a].0 < spans[b].1 + LABEL_GAP && spans[b].0 < spans[a].1 + LABEL_GAP
    };
    // above[a] lists the markers whose labels must sit below a's label.
    let mut above: Vec<Vec<usize>> = vec![Vec::new(); n];
    for a in 0..n {
        for b in (a + 1)..n {
            match (covers(a, b), covers(b, a)) {
                (true, false) => above[a].push(b),
                (false, true) => above[b].push(a),
                // Two poles under both labels (nearly the same x): a crossing is
                // unavoidable, so just keep the labels apart.
                (true, true) => above[b].push(a),
                (false, false) if collide(a, b) => {
                    if poles[a] <= poles[b] {
                        above[a].push(b);
                    } else {
                        above[b].push(a);
                    }
                }
                (false, false) => {}
            }
        }
    }
    // Row = length of the longest chain of labels that must sit below; a visiting guard
    // breaks the (rare) cycles.
    let mut rows = vec![usize::MAX; n];
    fn depth(a: usize, above: &[Vec<usize>], rows: &mut [usize], visiting: &mut [bool]) -> usize {
        if rows[a] != usize::MAX {
            return rows[a];
        }
        if visiting[a] {
            return 0;
        }
        visiting[a] = true;
        let mut r = 0;
        for &b in &above[a] {
            r = r.max(depth(b, above, rows, visiting) + 1);
        }
        visiting[a] = false;
        rows[a] = r;
        r
    }
    let mut visiting = vec![false; n];
    for a in 0..n {
        depth(a, &above, &mut rows, &mut visiting);
    }
    let rows: Vec<usize> = rows
        .into_iter()
        .map(|r| r.min(MAX_MARKER_ROWS - 1))
        .collect();
    let n_rows = rows.iter().max().map_or(0, |r| r + 1);
    MarkerPlan {
        labels: (0..n)
            .map(|i| (poles[i], spans[i].0, spans[i].1, rows[i]))
            .collect(),
        rows: n_rows,
        height: n_rows as f64 * MARKER_ROW_H + MARKER_BASE,
    }
}

/// Measures marker labels and plans them against the mapping's x axis.
pub(crate) fn plan_markers(
    markers: &[Marker],
    map: &Mapping,
    right_bound: f64,
) -> Result<MarkerPlan, ChartError> {
    let widths = markers
        .iter()
        .map(|m| text_width(&m.label, ANNOTATION_EM, Weight::Bold))
        .collect::<Result<Vec<_>, _>>()?;
    let poles: Vec<f64> = markers.iter().map(|m| map.x(m.x)).collect();
    Ok(plan_flags(&poles, &widths, right_bound))
}

/// Baseline of marker labels in `row`.
fn row_baseline(map: &Mapping, row: usize) -> f64 {
    map.top - MARKER_BASE - row as f64 * MARKER_ROW_H
}

/// Draws marker poles from the x axis up to their labels; drawn before the data so data
/// lines stay on top.
pub(crate) fn draw_marker_poles<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    plan: &MarkerPlan,
    map: &Mapping,
) -> Result<(), ChartError> {
    for &(x, _, _, row) in &plan.labels {
        let top = row_baseline(map, row) - 0.74 * ANNOTATION_EM;
        canvas.line(
            &[(x, map.bottom), (x, top)],
            palette::ANNOTATION.mix(MARKER_ALPHA),
            2.0,
        )?;
    }
    Ok(())
}

/// Draws marker labels in their rows above the plot.
pub(crate) fn draw_marker_labels<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    markers: &[Marker],
    plan: &MarkerPlan,
    map: &Mapping,
) -> Result<(), ChartError> {
    let em = ANNOTATION_EM;
    for (m, &(_, x0, x1, row)) in markers.iter().zip(&plan.labels) {
        let b = row_baseline(map, row);
        canvas.fill_rect(
            (x0 - 2.0, b - 0.95 * em),
            (x1 + 2.0, b + 0.28 * em),
            WHITE.mix(1.0),
        )?;
        canvas.text(
            &m.label,
            (x0, b),
            em,
            Weight::Bold,
            palette::ANNOTATION.mix(1.0),
            Align::Left,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No pole may pass through a label in a lower row.
    fn assert_no_pole_crosses(plan: &MarkerPlan) {
        for &(x, _, _, row) in &plan.labels {
            for &(_, x0, x1, other_row) in &plan.labels {
                if other_row < row {
                    assert!(
                        !(x0 <= x && x <= x1),
                        "pole {x} crosses label {x0}..{x1}: {plan:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn spaced_markers_share_one_row() {
        let plan = plan_flags(&[100.0, 600.0, 1100.0], &[200.0; 3], 1800.0);
        assert_eq!(plan.rows, 1);
        assert_no_pole_crosses(&plan);
    }

    #[test]
    fn close_markers_stack_without_crossings() {
        let plan = plan_flags(&[100.0, 130.0, 160.0, 900.0], &[250.0; 4], 1800.0);
        assert_eq!(
            plan.labels.iter().map(|l| l.3).collect::<Vec<_>>(),
            vec![2, 1, 0, 0]
        );
        assert_no_pole_crosses(&plan);
    }

    #[test]
    fn flags_flip_at_the_right_edge() {
        let plan = plan_flags(&[1700.0], &[300.0], 1800.0);
        assert!(plan.labels[0].2 <= 1700.0);
    }

    #[test]
    fn data_weighs_more_than_poles() {
        let b = (10.0, 10.0, 20.0, 20.0);
        let data = vec![vec![(15.0, 0.0), (15.0, 30.0)]];
        assert_eq!(coverage(&b, &data, &[]), 10);
        assert_eq!(coverage(&b, &[], &[12.0, 50.0]), 3);
    }

    #[test]
    fn segment_box_hits() {
        let b = (10.0, 10.0, 20.0, 20.0);
        assert!(segment_hits((0.0, 15.0), (30.0, 15.0), &b));
        assert!(segment_hits((15.0, 0.0), (15.0, 12.0), &b));
        assert!(!segment_hits((0.0, 0.0), (30.0, 5.0), &b));
        assert!(!segment_hits((0.0, 25.0), (30.0, 25.0), &b));
    }
}
