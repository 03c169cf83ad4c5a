//! Container instances as boxes filling and draining with tasks: an animated GIF, or one
//! frame as a PNG or SVG still.
//!
//! Each instance is drawn as two columns, CPU and memory, whose heights are the instance's
//! capacities relative to the largest instance in the animation; tasks are stacked blocks in
//! both columns. The grid and the scale are fixed for the whole animation so boxes never
//! jump between frames.

use std::path::Path;

use plotters::prelude::*;

use crate::atomic::render_atomically;
use crate::canvas::{Align, Backend, Canvas, P, Weight, text_width};
use crate::error::{ChartError, draw_err};
use crate::font;
use crate::legend::{self, LegendStyle};
use crate::palette;
use crate::render::{self, Scene};

/// Lifecycle state of a container instance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BoxStatus {
    /// Accepting tasks.
    #[default]
    Active,
    /// DRAINING: tasks are being moved off; drawn with an orange outline and label.
    Draining,
    /// Terminated; drawn as an empty dashed outline so the grid does not shift.
    Gone,
}

/// How a task block is shaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TaskShade {
    /// Placed but not yet healthy (PROVISIONING/PENDING/RUNNING before health checks): hatched.
    Starting,
    /// Running and healthy: solid.
    #[default]
    Healthy,
    /// Stopping or draining connections: faded.
    Stopping,
}

/// One task on an instance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskBlock {
    /// CPU units reserved (1024 = 1 vCPU).
    pub cpu_units: u32,
    /// Memory reserved in MiB.
    pub memory_mib: u32,
    /// Palette index (e.g. one per task-definition revision).
    pub color: usize,
    /// Lifecycle shading.
    pub shade: TaskShade,
}

/// One container instance and its tasks, bottom to top.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InstanceBox {
    /// Short name shown under the box, e.g. `"i-0001"`.
    pub name: String,
    /// CPU capacity in CPU units.
    pub cpu_units: u32,
    /// Memory capacity in MiB.
    pub memory_mib: u32,
    /// Tasks, stacked from the bottom in this order.
    pub tasks: Vec<TaskBlock>,
    /// Lifecycle state.
    pub status: BoxStatus,
}

/// The cluster at one moment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Frame {
    /// Shown large in the top-right corner, e.g. `"t = 3:20"`.
    pub time_label: String,
    /// Instances in grid order; keep terminated ones as [`BoxStatus::Gone`] so the grid is
    /// stable. Only the first 40 are drawn.
    pub instances: Vec<InstanceBox>,
    /// Optional line under the title, e.g. `"deploying rev 2: 3 of 4 new tasks healthy"`.
    pub caption: Option<String>,
}

/// Legend entries: label and palette index of each task colour.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Legend {
    /// `(label, palette index)` pairs, e.g. `("rev 1 (old)", palette::BLUE)`.
    pub entries: Vec<(String, usize)>,
}

/// At most this many instances are drawn; the rest are summarised as "+N more".
pub const MAX_VISIBLE_INSTANCES: usize = 40;

const GIF_SIZE: (u32, u32) = (1280, 720);
/// PNG stills are 1920×1080: 1.5 × the animation's design size.
const STILL_SCALE: f64 = 1.5;
/// The last frame is repeated to hold it about this long before the loop restarts.
const FINAL_HOLD_MS: u32 = 1500;

/// Writes an animated, looping GIF (1280×720) of `frames`, atomically. Each frame shows for
/// `frame_delay_ms` (clamped to 20 ms – 60 s; GIF stores hundredths of a second), and the
/// last one is held for about 1.5 s more.
pub fn write_instances_gif(
    frames: &[Frame],
    legend: &Legend,
    title: &str,
    path: &Path,
    frame_delay_ms: u32,
) -> Result<(), ChartError> {
    if frames.is_empty() {
        return Err(ChartError::InvalidInput(
            "an animation needs at least one frame".into(),
        ));
    }
    font::ensure_registered()?;
    let delay = frame_delay_ms.clamp(20, 60_000);
    let scale = Scale::of(frames);
    let extra = FINAL_HOLD_MS.div_ceil(delay).saturating_sub(1).min(10);
    render_atomically(path, |tmp| {
        let backend = BitMapBackend::gif(tmp, GIF_SIZE, delay).map_err(draw_err)?;
        let root = backend.into_drawing_area();
        let canvas = Canvas::new(&root, 1.0, Backend::Bitmap);
        for frame in frames {
            FrameScene {
                frame,
                legend,
                title,
                scale,
            }
            .draw(&canvas)?;
            canvas.present()?;
        }
        for _ in 0..extra {
            canvas.present()?;
        }
        Ok(())
    })
}

/// Writes one frame as a 1920×1080 PNG still (for slides and docs), atomically.
pub fn write_instances_png(
    frame: &Frame,
    legend: &Legend,
    title: &str,
    path: &Path,
) -> Result<(), ChartError> {
    let scale = Scale::of(std::slice::from_ref(frame));
    render::png_file(
        &FrameScene {
            frame,
            legend,
            title,
            scale,
        },
        path,
        STILL_SCALE,
    )
}

/// Renders one frame as SVG text (1280×720 user units), e.g. for the HTML report.
pub fn instances_svg(frame: &Frame, legend: &Legend, title: &str) -> Result<String, ChartError> {
    let scale = Scale::of(std::slice::from_ref(frame));
    render::svg_string(&FrameScene {
        frame,
        legend,
        title,
        scale,
    })
}

/// Quantities fixed across the animation.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scale {
    max_cpu: f64,
    max_mem: f64,
    slots: usize,
    total: usize,
}

impl Scale {
    fn of(frames: &[Frame]) -> Self {
        let all = || frames.iter().flat_map(|f| f.instances.iter());
        let total = frames.iter().map(|f| f.instances.len()).max().unwrap_or(0);
        Self {
            max_cpu: all().map(|i| i.cpu_units).max().unwrap_or(0).max(1).into(),
            max_mem: all().map(|i| i.memory_mib).max().unwrap_or(0).max(1).into(),
            slots: total.clamp(1, MAX_VISIBLE_INSTANCES),
            total,
        }
    }
}

struct FrameScene<'a> {
    frame: &'a Frame,
    legend: &'a Legend,
    title: &'a str,
    scale: Scale,
}

impl Scene for FrameScene<'_> {
    fn size(&self) -> (u32, u32) {
        GIF_SIZE
    }

    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> Result<(), ChartError> {
        draw_frame(canvas, self)
    }
}

const W: f64 = GIF_SIZE.0 as f64;
const H: f64 = GIF_SIZE.1 as f64;
const MARGIN: f64 = 28.0;
const TITLE_EM: f64 = 30.0;
const CAPTION_EM: f64 = 21.0;
const TIME_EM: f64 = 50.0;
const NAME_EM: f64 = 16.0;
const STATUS_EM: f64 = 14.0;
const LEGEND: LegendStyle = LegendStyle {
    em: 18.0,
    swatch_w: 26.0,
    swatch_gap: 8.0,
    col_gap: 30.0,
    row_h: 30.0,
};
/// Room above a box for its status label, and in total above and below it for labels.
const STATUS_SPACE: f64 = 22.0;
const LABEL_SPACE: f64 = 64.0;
/// Horizontal space between neighbouring boxes; wider than the gap between a box's CPU and
/// MEM columns so the pairs read as one instance.
const CELL_PAD: f64 = 36.0;
/// Width / height of an instance box (two columns).
const BOX_ASPECT: f64 = 0.62;
/// Columns narrower than this get no CPU/MEM tag.
const TAG_MIN_COL_W: f64 = 40.0;
const DRAIN: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
const DRAIN_TEXT: RGBColor = RGBColor(0xB0, 0x6A, 0x00);
const OUTLINE: RGBColor = RGBColor(0x8a, 0x8a, 0x8a);
const EMPTY: RGBColor = RGBColor(0xf3, 0xf3, 0xf3);
const NEUTRAL: RGBColor = RGBColor(0x80, 0x80, 0x80);

/// What a legend swatch of the animation looks like.
#[derive(Debug, Clone, Copy)]
enum Key {
    Task(RGBColor, TaskShade),
    Draining,
}

/// Grid cell geometry for `n` boxes in an area `w`×`h`: columns, rows, cell size and box
/// height, choosing the column count that gives the tallest boxes.
fn grid(n: usize, w: f64, h: f64) -> (usize, usize, f64, f64, f64) {
    let label_space = LABEL_SPACE;
    let mut best = (1, n.max(1), w, h / n.max(1) as f64, 0.0);
    for cols in 1..=n.max(1) {
        let rows = n.max(1).div_ceil(cols);
        let (cw, ch) = (w / cols as f64, h / rows as f64);
        let box_h = (ch - label_space)
            .min((cw - CELL_PAD) / BOX_ASPECT)
            .max(0.0);
        if box_h > best.4 + 0.5 {
            best = (cols, rows, cw, ch, box_h);
        }
    }
    best
}

fn draw_frame<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    scene: &FrameScene<'_>,
) -> Result<(), ChartError> {
    canvas.clear(WHITE)?;
    let frame = scene.frame;

    // Header: title and caption left, time right.
    let title_baseline = MARGIN + 0.8 * TITLE_EM;
    canvas.text(
        scene.title,
        (MARGIN, title_baseline),
        TITLE_EM,
        Weight::Bold,
        palette::TEXT.mix(1.0),
        Align::Left,
    )?;
    let mut header_bottom = title_baseline + 0.3 * TITLE_EM;
    if let Some(caption) = frame.caption.as_deref().filter(|c| !c.is_empty()) {
        let baseline = header_bottom + 8.0 + 0.8 * CAPTION_EM;
        canvas.text(
            caption,
            (MARGIN, baseline),
            CAPTION_EM,
            Weight::Regular,
            palette::MUTED.mix(1.0),
            Align::Left,
        )?;
        header_bottom = baseline + 0.3 * CAPTION_EM;
    }
    let time_baseline = MARGIN + 0.78 * TIME_EM;
    canvas.text(
        &frame.time_label,
        (W - MARGIN, time_baseline),
        TIME_EM,
        Weight::Bold,
        palette::TEXT.mix(1.0),
        Align::Right,
    )?;
    header_bottom = header_bottom.max(time_baseline + 0.3 * TIME_EM);

    // Legend: task colours, then what the shading means.
    let mut entries: Vec<(String, Key)> = scene
        .legend
        .entries
        .iter()
        .map(|(label, idx)| {
            (
                label.clone(),
                Key::Task(palette::color(*idx), TaskShade::Healthy),
            )
        })
        .collect();
    entries.push(("starting".into(), Key::Task(NEUTRAL, TaskShade::Starting)));
    entries.push(("stopping".into(), Key::Task(NEUTRAL, TaskShade::Stopping)));
    entries.push(("draining instance".into(), Key::Draining));
    let widths = entries
        .iter()
        .map(|(l, _)| Ok(LEGEND.entry_width(text_width(l, LEGEND.em, Weight::Regular)?)))
        .collect::<Result<Vec<_>, ChartError>>()?;
    let provisional = legend::layout(&widths, (MARGIN, 0.0), W - 2.0 * MARGIN, &LEGEND);
    let legend_top = H - MARGIN + 6.0 - provisional.height;
    let legend_layout = legend::layout(&widths, (MARGIN, legend_top), W - 2.0 * MARGIN, &LEGEND);
    for ((label, key), &(x, top)) in entries.iter().zip(&legend_layout.cells) {
        let mid = top + LEGEND.row_h / 2.0;
        let (a, b) = ((x, mid - 10.0), (x + LEGEND.swatch_w, mid + 10.0));
        match *key {
            Key::Task(color, shade) => task_block(canvas, a, b, color, shade)?,
            Key::Draining => {
                canvas.fill_rect(a, b, EMPTY.mix(1.0))?;
                canvas.stroke_rect(a, b, DRAIN.mix(1.0), 3.5)?;
            }
        }
        canvas.text(
            label,
            (b.0 + LEGEND.swatch_gap, mid + 0.36 * LEGEND.em),
            LEGEND.em,
            Weight::Regular,
            palette::TEXT.mix(1.0),
            Align::Left,
        )?;
    }

    // Grid of instances.
    let hidden = frame.instances.len().saturating_sub(MAX_VISIBLE_INSTANCES);
    let note_h = if scene.scale.total > MAX_VISIBLE_INSTANCES {
        26.0
    } else {
        0.0
    };
    let area_top = header_bottom + 14.0;
    let area_bottom = legend_top - 18.0 - note_h;
    let area_w = W - 2.0 * MARGIN;
    let (cols, _rows, cell_w, cell_h, box_h) =
        grid(scene.scale.slots, area_w, area_bottom - area_top);
    let box_w = (box_h * BOX_ASPECT).min(cell_w - CELL_PAD);
    for (i, inst) in frame
        .instances
        .iter()
        .take(MAX_VISIBLE_INSTANCES)
        .enumerate()
    {
        let (r, c) = (i / cols, i % cols);
        let cx = MARGIN + cell_w * (c as f64 + 0.5);
        let cell_top = area_top + cell_h * r as f64;
        // Status label above, box, tags and name below; the block is centred in its cell.
        let box_top = cell_top + (cell_h - box_h - LABEL_SPACE) / 2.0 + STATUS_SPACE;
        draw_instance(
            canvas,
            inst,
            (cx - box_w / 2.0, box_top),
            (box_w, box_h),
            &scene.scale,
        )?;
    }
    if hidden > 0 {
        canvas.text(
            &format!("+{hidden} more instances not shown"),
            (W - MARGIN, legend_top - 10.0),
            18.0,
            Weight::Regular,
            palette::MUTED.mix(1.0),
            Align::Right,
        )?;
    }
    Ok(())
}

fn draw_instance<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    inst: &InstanceBox,
    (x, top): P,
    (w, h): (f64, f64),
    scale: &Scale,
) -> Result<(), ChartError> {
    let gap = (w * 0.05).clamp(3.0, 8.0);
    let col_w = (w - gap) / 2.0;
    let bottom = top + h;
    let gone = inst.status == BoxStatus::Gone;
    let columns = [
        (x, f64::from(inst.cpu_units) / scale.max_cpu, "CPU"),
        (
            x + col_w + gap,
            f64::from(inst.memory_mib) / scale.max_mem,
            "MEM",
        ),
    ];
    for (k, &(cx, frac, tag)) in columns.iter().enumerate() {
        let col_top = bottom - h * frac.clamp(0.0, 1.0);
        let (a, b) = ((cx, col_top), (cx + col_w, bottom));
        if gone {
            canvas.dashed_rect(a, b, OUTLINE.mix(0.6), 1.5, 6.0)?;
        } else {
            canvas.fill_rect(a, b, EMPTY.mix(1.0))?;
            let capacity = if k == 0 {
                inst.cpu_units
            } else {
                inst.memory_mib
            };
            let mut y = bottom;
            for t in &inst.tasks {
                let amount = if k == 0 { t.cpu_units } else { t.memory_mib };
                if capacity == 0 || amount == 0 {
                    continue;
                }
                let block = (bottom - col_top) * f64::from(amount) / f64::from(capacity);
                let y_top = (y - block).max(col_top);
                if y_top < y - 0.5 {
                    task_block(
                        canvas,
                        (cx + 2.0, y_top + 1.0),
                        (cx + col_w - 2.0, y - 1.0),
                        palette::color(t.color),
                        t.shade,
                    )?;
                }
                y = y_top;
            }
            canvas.stroke_rect(a, b, OUTLINE.mix(1.0), 2.0)?;
        }
        if col_w >= TAG_MIN_COL_W {
            canvas.text(
                tag,
                (cx + col_w / 2.0, bottom + 14.0),
                12.0,
                Weight::Regular,
                palette::MUTED.mix(if gone { 0.5 } else { 1.0 }),
                Align::Center,
            )?;
        }
    }
    let name_color = if gone {
        palette::MUTED.mix(0.6)
    } else {
        palette::TEXT.mix(1.0)
    };
    let tags = if col_w >= TAG_MIN_COL_W { 14.0 } else { 0.0 };
    canvas.text(
        &inst.name,
        (x + w / 2.0, bottom + tags + 12.0 + 0.76 * NAME_EM),
        NAME_EM,
        Weight::Regular,
        name_color,
        Align::Center,
    )?;
    let box_top = top
        + h * (1.0
            - (f64::from(inst.cpu_units) / scale.max_cpu)
                .max(f64::from(inst.memory_mib) / scale.max_mem)
                .clamp(0.0, 1.0));
    match inst.status {
        BoxStatus::Active => {}
        BoxStatus::Draining => {
            let m = 6.0;
            // Around the columns and their tags, above the name.
            canvas.stroke_rect(
                (x - m, box_top - m),
                (x + w + m, bottom + tags + m),
                DRAIN.mix(1.0),
                4.0,
            )?;
            canvas.text(
                "DRAINING",
                (x + w / 2.0, box_top - m - 7.0),
                STATUS_EM,
                Weight::Bold,
                DRAIN_TEXT.mix(1.0),
                Align::Center,
            )?;
        }
        BoxStatus::Gone => {
            canvas.text(
                "terminated",
                (x + w / 2.0, box_top - 8.0),
                STATUS_EM,
                Weight::Regular,
                palette::MUTED.mix(0.8),
                Align::Center,
            )?;
        }
    }
    Ok(())
}

/// One task block: solid when healthy, light and hatched when starting, faded when stopping.
fn task_block<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    a: P,
    b: P,
    color: RGBColor,
    shade: TaskShade,
) -> Result<(), ChartError> {
    match shade {
        TaskShade::Healthy => canvas.fill_rect(a, b, color.mix(1.0)),
        TaskShade::Stopping => {
            canvas.fill_rect(a, b, palette::tint(color, 0.72).mix(1.0))?;
            canvas.stroke_rect(a, b, palette::tint(color, 0.45).mix(1.0), 1.0)
        }
        TaskShade::Starting => {
            canvas.fill_rect(a, b, palette::tint(color, 0.6).mix(1.0))?;
            for seg in hatch(a, b, 9.0) {
                canvas.line(&seg, color.mix(1.0), 2.5)?;
            }
            canvas.stroke_rect(a, b, color.mix(1.0), 1.5)
        }
    }
}

/// Diagonal hatch segments (bottom-left to top-right) clipped to the rectangle `a`–`b`.
fn hatch((x0, y0): P, (x1, y1): P, spacing: f64) -> Vec<Vec<P>> {
    let mut out = Vec::new();
    let (x0, x1) = (x0.min(x1), x0.max(x1));
    let (y0, y1) = (y0.min(y1), y0.max(y1));
    let mut c = x0 + y0 + spacing / 2.0;
    while c < x1 + y1 && out.len() < 10_000 {
        let xa = x0.max(c - y1);
        let xb = x1.min(c - y0);
        if xb > xa {
            out.push(vec![(xa, c - xa), (xb, c - xb)]);
        }
        c += spacing;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hatch_stays_inside() {
        let segs = hatch((0.0, 0.0), (20.0, 10.0), 5.0);
        assert!(!segs.is_empty());
        for s in segs.iter().flatten() {
            assert!(
                (0.0..=20.0).contains(&s.0) && (0.0..=10.0).contains(&s.1),
                "{s:?}"
            );
        }
    }

    #[test]
    fn grid_prefers_tall_boxes() {
        let (cols, rows, ..) = grid(4, 1200.0, 560.0);
        assert_eq!((cols, rows), (4, 1));
        let (cols, rows, ..) = grid(40, 1200.0, 560.0);
        assert!(cols * rows >= 40 && rows >= 3, "{cols}x{rows}");
    }

    #[test]
    fn scale_is_shared_by_all_frames() {
        let small = InstanceBox {
            cpu_units: 2048,
            memory_mib: 4096,
            ..InstanceBox::default()
        };
        let big = InstanceBox {
            cpu_units: 4096,
            memory_mib: 8192,
            ..InstanceBox::default()
        };
        let frames = [
            Frame {
                instances: vec![small.clone()],
                ..Frame::default()
            },
            Frame {
                instances: vec![small, big],
                ..Frame::default()
            },
        ];
        let s = Scale::of(&frames);
        assert_eq!((s.max_cpu, s.max_mem, s.slots), (4096.0, 8192.0, 2));
    }
}
