//! Talk-quality charts, animations and reports for ecsim, from plain data.
//!
//! The crate knows nothing about ECS: callers pass series of numbers, boxes of task blocks
//! or tables of strings, and get SVG text, PNG and GIF files, or an HTML page back.
//!
//! - [`line_chart_svg`] / [`write_line_chart`]: step and line series over (simulated) time,
//!   with dashed reference lines ([`HLine`]) and event markers ([`Marker`]).
//! - [`bar_chart_svg`] / [`write_bar_chart`]: grouped bars with value labels.
//! - [`write_instances_gif`] / [`write_instances_png`] / [`instances_svg`]: container
//!   instances filling and draining with tasks.
//! - [`render_html`]: a single self-contained HTML report with inline SVG.
//! - [`write_atomically`]: the temp-file-and-rename write every file output goes through.
//!
//! Charts are drawn on a 1920×1080 design canvas (animations on 1280×720) with an embedded
//! DejaVu Sans font, so output does not depend on system fonts. Colours come from the
//! Okabe–Ito palette; a palette index ([`palette`]) means the same colour everywhere.
//!
//! ```
//! use charts::{HLine, LineChart, Marker, Series, palette};
//!
//! let chart = LineChart {
//!     title: "Tasks by revision".into(),
//!     y_label: "tasks".into(),
//!     series: vec![
//!         Series::step("rev 1", vec![(0.0, 4.0), (120.0, 0.0)]).with_color(palette::BLUE),
//!         Series::step("rev 2", vec![(0.0, 0.0), (60.0, 4.0)]).with_color(palette::ORANGE),
//!     ],
//!     hlines: vec![HLine::new(8.0, "maximumPercent ceiling 8")],
//!     markers: vec![Marker::new(10.0, "deploy start")],
//!     x_is_time_seconds: true,
//!     ..LineChart::default()
//! };
//! let svg = charts::line_chart_svg(&chart)?;
//! assert!(svg.contains("maximumPercent ceiling 8"));
//! # Ok::<(), charts::ChartError>(())
//! ```

mod annotations;
mod atomic;
mod bar_chart;
mod canvas;
mod error;
mod font;
mod html;
mod instances;
mod layout;
mod legend;
mod line_chart;
pub mod palette;
mod render;
mod ticks;
mod time_axis;

pub use atomic::write_atomically;
pub use bar_chart::{BarChart, BarSeries, ValueFormat, bar_chart_svg, write_bar_chart};
pub use error::ChartError;
pub use html::{Report, Section, Table, render_html};
pub use instances::{
    BoxStatus, Frame, InstanceBox, Legend, MAX_VISIBLE_INSTANCES, TaskBlock, TaskShade,
    instances_svg, write_instances_gif, write_instances_png,
};
pub use line_chart::{
    HLine, LineChart, Marker, Series, SeriesKind, line_chart_svg, write_line_chart,
};
pub use time_axis::format_clock;
