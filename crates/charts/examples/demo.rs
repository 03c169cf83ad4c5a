//! Renders a realistic demo of every output into `target/chart-demo/` for visual review:
//! `cargo run -p charts --example demo [out_dir]`.

use std::error::Error;
use std::path::{Path, PathBuf};

use charts::palette::{BLUE, GREEN, ORANGE, VERMILLION};
use charts::{
    BarChart, BarSeries, BoxStatus, Frame, HLine, InstanceBox, Legend, LineChart, Marker, Report,
    Section, Series, Table, TaskBlock, TaskShade, ValueFormat, format_clock,
};

fn main() -> Result<(), Box<dyn Error>> {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/chart-demo"));
    std::fs::create_dir_all(&out)?;
    let out = out.canonicalize()?;

    let deploy = rolling_deploy();
    charts::write_line_chart(&deploy, &out.join("deploy.png"), &out.join("deploy.svg"), 1)?;
    let (by_revision, availability) = split_deploy(&deploy);
    charts::write_line_chart(
        &by_revision,
        &out.join("revisions.png"),
        &out.join("revisions.svg"),
        1,
    )?;
    charts::write_line_chart(
        &availability,
        &out.join("healthy.png"),
        &out.join("healthy.svg"),
        1,
    )?;
    charts::write_line_chart(
        &deploy,
        &out.join("deploy@2x.png"),
        &out.join("deploy@2x.svg"),
        2,
    )?;
    charts::write_line_chart(
        &many_series(),
        &out.join("many.png"),
        &out.join("many.svg"),
        1,
    )?;
    charts::write_line_chart(&long_run(), &out.join("long.png"), &out.join("long.svg"), 1)?;
    let bars = durations();
    charts::write_bar_chart(&bars, &out.join("bars.png"), &out.join("bars.svg"), 1)?;

    let (frames, legend) = cluster_frames();
    let title = "Rolling deploy on 4 container instances";
    charts::write_instances_gif(&frames, &legend, title, &out.join("instances.gif"), 800)?;
    for (i, frame) in frames.iter().enumerate() {
        let name = format!("instances-frame{i}.png");
        charts::write_instances_png(frame, &legend, title, &out.join(name))?;
    }
    let long = sixty_frames();
    let long_path = out.join("instances-60.gif");
    charts::write_instances_gif(&long, &legend, "24 tasks on 12 instances", &long_path, 250)?;
    println!(
        "60-frame GIF: {} bytes",
        std::fs::metadata(&long_path)?.len()
    );
    let big = big_cluster();
    charts::write_instances_png(
        &big,
        &legend,
        "Scale-out to 46 instances",
        &out.join("instances-big.png"),
    )?;
    charts::write_instances_gif(
        std::slice::from_ref(&big),
        &legend,
        "Scale-out to 46 instances",
        &out.join("instances-big.gif"),
        500,
    )?;

    let report = Report {
        title: "ecsim demo report <rolling deploy>".into(),
        subtitle: Some("Synthetic data; every chart is inline SVG".into()),
        sections: vec![
            Section {
                heading: "Tasks during the deploy".into(),
                paragraphs: vec!["maximumPercent 150% lets two new tasks start at a time; minimumHealthyPercent 100% keeps four healthy.".into()],
                svgs: vec![charts::line_chart_svg(&deploy)?],
                tables: vec![Table {
                    caption: Some("Deploy summary".into()),
                    headers: vec!["metric".into(), "value".into()],
                    rows: vec![
                        vec!["duration".into(), format_clock(340.0)],
                        vec!["peak tasks".into(), "6".into()],
                        vec!["min healthy <4?".into(), "never".into()],
                    ],
                    numeric_columns: vec![1],
                }],
            },
            Section {
                heading: "Strategies".into(),
                paragraphs: vec![],
                svgs: vec![charts::bar_chart_svg(&bars)?, charts::instances_svg(&frames[2], &legend, title)?],
                tables: vec![],
            },
        ],
    };
    charts::write_atomically(
        &out.join("report.html"),
        charts::render_html(&report).as_bytes(),
    )?;
    println!("wrote demo files to {}", out.display());
    Ok(())
}

fn steps(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    points.to_vec()
}

fn rolling_deploy() -> LineChart {
    let old = steps(&[(0.0, 4.0), (180.0, 2.0), (340.0, 0.0)]);
    let new = steps(&[(0.0, 0.0), (45.0, 2.0), (195.0, 4.0)]);
    let healthy = steps(&[
        (0.0, 4.0),
        (120.0, 6.0),
        (180.0, 4.0),
        (280.0, 6.0),
        (340.0, 4.0),
    ]);
    LineChart {
        title: "Rolling deploy: web service, rev 1 → rev 2".into(),
        subtitle: Some("desiredCount 4 · minimumHealthyPercent 100 · maximumPercent 150".into()),
        x_label: "simulated time".into(),
        y_label: "tasks".into(),
        series: vec![
            Series::step("rev 1 running", old).with_color(BLUE),
            Series::step("rev 2 running", new)
                .with_color(ORANGE)
                .with_fill(),
            Series::step("healthy", healthy).with_color(GREEN),
            Series::step("desired", vec![(0.0, 4.0)])
                .with_color(6)
                .with_dashes(),
        ],
        hlines: vec![
            HLine::new(4.0, "minimumHealthy 4"),
            HLine::new(6.0, "maximumPercent ceiling 6"),
        ],
        markers: vec![
            Marker::new(30.0, "deploy start"),
            Marker::new(120.0, "first rev 2 healthy"),
            Marker::new(340.0, "deployment COMPLETED"),
        ],
        y_min_zero: true,
        x_is_time_seconds: true,
    }
}

/// The recommended pattern: one chart per question instead of four overlapping lines.
fn split_deploy(all: &LineChart) -> (LineChart, LineChart) {
    let by_revision = LineChart {
        title: "Tasks by revision".into(),
        series: all.series[..2].to_vec(),
        hlines: vec![HLine::new(6.0, "maximumPercent ceiling 6")],
        ..all.clone()
    };
    let availability = LineChart {
        title: "Healthy vs desired".into(),
        series: vec![all.series[3].clone(), all.series[2].clone()],
        hlines: vec![HLine::new(4.0, "minimumHealthy 4")],
        ..all.clone()
    };
    (by_revision, availability)
}

fn many_series() -> LineChart {
    let series = (0..10)
        .map(|k| {
            let pts = (0..=60)
                .map(|i| {
                    let t = f64::from(i) * 30.0;
                    (
                        t,
                        20.0 + 6.0 * f64::from(k) + 8.0 * ((t / 300.0) + f64::from(k)).sin(),
                    )
                })
                .collect();
            Series::line(format!("service-{k:02} cpu"), pts)
        })
        .collect();
    LineChart {
        title: "Reserved CPU per service (10 services)".into(),
        subtitle: None,
        x_label: "simulated time".into(),
        y_label: "CPU reserved (%)".into(),
        series,
        hlines: vec![HLine::new(75.0, "target 75%")],
        markers: vec![
            Marker::new(300.0, "scale-out"),
            Marker::new(330.0, "capacity provider adds 2"),
            Marker::new(360.0, "placement failed"),
            Marker::new(1500.0, "scale-in"),
        ],
        y_min_zero: true,
        x_is_time_seconds: true,
    }
}

fn long_run() -> LineChart {
    let cost = (0..=100)
        .map(|i| {
            let t = f64::from(i) * 80.0;
            (t, 0.0416 * 4.0 * t / 3600.0 + 0.002 * (t / 600.0).sin())
        })
        .collect();
    let fargate = (0..=100)
        .map(|i| {
            let t = f64::from(i) * 80.0;
            (t, 0.0495 * 4.0 * t / 3600.0)
        })
        .collect();
    LineChart {
        title: "Cumulative cost".into(),
        subtitle: Some("EC2 vs Fargate, 4 tasks".into()),
        x_label: "simulated time".into(),
        y_label: "USD".into(),
        series: vec![
            Series::line("EC2 (m5.large)", cost).with_color(BLUE),
            Series::line("Fargate", fargate).with_color(VERMILLION),
        ],
        hlines: vec![],
        markers: vec![Marker::new(3600.0, "1 h")],
        y_min_zero: true,
        x_is_time_seconds: true,
    }
}

fn durations() -> BarChart {
    BarChart {
        title: "Deploy duration by strategy".into(),
        subtitle: Some("median of 200 seeds".into()),
        y_label: "duration (m:ss)".into(),
        groups: vec![
            "binpack".into(),
            "spread(az)".into(),
            "random".into(),
            "spread(instanceId) + binpack(memory)".into(),
        ],
        series: vec![
            BarSeries::new("max 200%", vec![312.0, 298.0, 355.0, 301.0]).with_color(BLUE),
            BarSeries::new("max 150%", vec![522.0, 498.0, 610.0, 505.0]).with_color(ORANGE),
            BarSeries::new("max 100%", vec![845.0, 790.0, 1012.0, 812.0]).with_color(GREEN),
        ],
        value_format: ValueFormat::Duration,
    }
}

fn task(color: usize, shade: TaskShade) -> TaskBlock {
    TaskBlock {
        cpu_units: 512,
        memory_mib: 1024,
        color,
        shade,
    }
}

fn instance(n: usize, tasks: Vec<TaskBlock>, status: BoxStatus) -> InstanceBox {
    InstanceBox {
        name: format!("i-{n:04}"),
        cpu_units: 2048,
        memory_mib: 4096,
        tasks,
        status,
    }
}

/// Time, caption, tasks per instance and status per instance of one demo frame.
type Moment = (f64, &'static str, [Vec<TaskBlock>; 4], [BoxStatus; 4]);

fn cluster_frames() -> (Vec<Frame>, Legend) {
    use TaskShade::{Healthy, Starting, Stopping};
    let (o, n) = (BLUE, ORANGE);
    let per_instance: [Moment; 10] = {
        let a = BoxStatus::Active;
        let all = |v: Vec<TaskBlock>| [v.clone(), v.clone(), v.clone(), v];
        [
            (
                0.0,
                "steady state: 8 × rev 1",
                all(vec![task(o, Healthy), task(o, Healthy)]),
                [a; 4],
            ),
            (
                30.0,
                "deploy starts: 4 rev 2 tasks placed",
                all(vec![task(o, Healthy), task(o, Healthy), task(n, Starting)]),
                [a; 4],
            ),
            (
                90.0,
                "rev 2 healthy; 4 rev 1 stopping",
                all(vec![task(o, Stopping), task(o, Healthy), task(n, Healthy)]),
                [a; 4],
            ),
            (
                150.0,
                "next 4 rev 2 tasks starting",
                all(vec![task(o, Healthy), task(n, Healthy), task(n, Starting)]),
                [a; 4],
            ),
            (
                210.0,
                "last rev 1 tasks stopping",
                all(vec![task(o, Stopping), task(n, Healthy), task(n, Healthy)]),
                [a; 4],
            ),
            (
                270.0,
                "deployment completed",
                all(vec![task(n, Healthy), task(n, Healthy)]),
                [a; 4],
            ),
            (
                300.0,
                "scale-in: i-0004 DRAINING, tasks replaced",
                [
                    vec![task(n, Healthy), task(n, Healthy), task(n, Starting)],
                    vec![task(n, Healthy), task(n, Healthy), task(n, Starting)],
                    vec![task(n, Healthy), task(n, Healthy)],
                    vec![task(n, Stopping), task(n, Stopping)],
                ],
                [a, a, a, BoxStatus::Draining],
            ),
            (
                330.0,
                "replacements healthy",
                [
                    vec![task(n, Healthy), task(n, Healthy), task(n, Healthy)],
                    vec![task(n, Healthy), task(n, Healthy), task(n, Healthy)],
                    vec![task(n, Healthy), task(n, Healthy)],
                    vec![],
                ],
                [a, a, a, BoxStatus::Draining],
            ),
            (
                390.0,
                "i-0004 terminated",
                [
                    vec![task(n, Healthy), task(n, Healthy), task(n, Healthy)],
                    vec![task(n, Healthy), task(n, Healthy), task(n, Healthy)],
                    vec![task(n, Healthy), task(n, Healthy)],
                    vec![],
                ],
                [a, a, a, BoxStatus::Gone],
            ),
            (
                450.0,
                "steady state: 8 × rev 2 on 3 instances",
                [
                    vec![task(n, Healthy), task(n, Healthy), task(n, Healthy)],
                    vec![task(n, Healthy), task(n, Healthy), task(n, Healthy)],
                    vec![task(n, Healthy), task(n, Healthy)],
                    vec![],
                ],
                [a, a, a, BoxStatus::Gone],
            ),
        ]
    };
    let frames = per_instance
        .into_iter()
        .map(|(t, caption, tasks, status)| Frame {
            time_label: format!("t = {}", format_clock(t)),
            caption: Some(caption.into()),
            instances: tasks
                .into_iter()
                .zip(status)
                .enumerate()
                .map(|(i, (tasks, status))| instance(i + 1, tasks, status))
                .collect(),
        })
        .collect();
    let legend = Legend {
        entries: vec![("rev 1 (old)".into(), o), ("rev 2 (new)".into(), n)],
    };
    (frames, legend)
}

/// A 60-frame rollout of 24 tasks (2 per instance) from rev 1 to rev 2, two at a time.
fn sixty_frames() -> Vec<Frame> {
    (0..60)
        .map(|f: usize| {
            let instances = (0..12)
                .map(|i| {
                    let tasks = (0..2)
                        .map(|k| {
                            // Slot s is replaced starting at frame 2s; it stops for 2 frames,
                            // then its replacement starts for 3 frames.
                            let s = k * 12 + i;
                            let (color, shade) = match f.checked_sub(2 * s) {
                                None => (BLUE, TaskShade::Healthy),
                                Some(0 | 1) => (BLUE, TaskShade::Stopping),
                                Some(2..=4) => (ORANGE, TaskShade::Starting),
                                Some(_) => (ORANGE, TaskShade::Healthy),
                            };
                            task(color, shade)
                        })
                        .collect();
                    instance(i + 1, tasks, BoxStatus::Active)
                })
                .collect();
            Frame {
                time_label: format!("t = {}", format_clock(f as f64 * 15.0)),
                instances,
                caption: Some("maximumPercent 100 · one task at a time".into()),
            }
        })
        .collect()
}

fn big_cluster() -> Frame {
    let instances = (0..46)
        .map(|i| {
            let large = i % 5 == 0;
            let k = (i * 7) % 5;
            let tasks = (0..k)
                .map(|j| {
                    let shade = match (i + j) % 7 {
                        0 => TaskShade::Starting,
                        1 => TaskShade::Stopping,
                        _ => TaskShade::Healthy,
                    };
                    TaskBlock {
                        cpu_units: 256 + 256 * (j as u32 % 2),
                        memory_mib: 512 + 512 * (j as u32 % 3),
                        color: if j % 2 == 0 { BLUE } else { ORANGE },
                        shade,
                    }
                })
                .collect();
            let status = match i {
                7 | 13 => BoxStatus::Draining,
                22 => BoxStatus::Gone,
                _ => BoxStatus::Active,
            };
            InstanceBox {
                name: format!("i-{:04}", i + 1),
                cpu_units: if large { 4096 } else { 2048 },
                memory_mib: if large { 8192 } else { 4096 },
                tasks,
                status,
            }
        })
        .collect();
    Frame {
        time_label: "t = 1:02:03".into(),
        instances,
        caption: Some("mixed m5.large / m5.xlarge".into()),
    }
}
