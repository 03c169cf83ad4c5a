//! End-to-end tests of every output: file sizes and formats, text content, escaping and
//! atomic writes. Images are checked by their headers, not pixels, so plotters upgrades do
//! not churn golden files.

use std::fs;
use std::path::{Path, PathBuf};

use charts::palette::{BLUE, ORANGE};
use charts::{
    BarChart, BarSeries, BoxStatus, ChartError, Frame, HLine, InstanceBox, Legend, LineChart,
    Marker, Report, Section, Series, Table, TaskBlock, TaskShade, ValueFormat,
};

/// A scratch directory removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("charts-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }

    fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }

    /// File names in the directory, sorted.
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.0)
            .expect("read scratch dir")
            .map(|e| {
                e.expect("dir entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn deploy_chart() -> LineChart {
    LineChart {
        title: "Rolling deploy".into(),
        subtitle: Some("desiredCount 4".into()),
        x_label: "simulated time".into(),
        y_label: "tasks".into(),
        series: vec![
            Series::step(
                "rev 1 running",
                vec![(0.0, 4.0), (180.0, 2.0), (340.0, 0.0)],
            )
            .with_color(BLUE),
            Series::step("rev 2 running", vec![(0.0, 0.0), (45.0, 2.0), (195.0, 4.0)])
                .with_color(ORANGE),
            Series::step("desired", vec![(0.0, 4.0)]).with_dashes(),
        ],
        hlines: vec![
            HLine::new(4.0, "minimumHealthy 4"),
            HLine::new(8.0, "maximumPercent ceiling 8"),
        ],
        markers: vec![
            Marker::new(30.0, "deploy start"),
            Marker::new(300.0, "circuit breaker"),
        ],
        y_min_zero: true,
        x_is_time_seconds: true,
    }
}

// plotters writes `<text …>\n{text}\n</text>`, so whole labels are matched with newlines.

fn png_size(path: &Path) -> (u32, u32) {
    let bytes = fs::read(path).expect("read png");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    (be(16), be(20))
}

#[test]
fn png_is_1080p_and_scales() -> Result<(), ChartError> {
    let dir = Scratch::new("png");
    let chart = deploy_chart();
    charts::write_line_chart(&chart, &dir.path("a.png"), &dir.path("a.svg"), 1)?;
    assert_eq!(png_size(&dir.path("a.png")), (1920, 1080));
    charts::write_line_chart(&chart, &dir.path("b.png"), &dir.path("b.svg"), 2)?;
    assert_eq!(png_size(&dir.path("b.png")), (3840, 2160));
    let svg = fs::read_to_string(dir.path("b.svg")).expect("read svg");
    assert!(svg.contains("viewBox=\"0 0 1920 1080\""), "{}", &svg[..200]);
    // Only the four outputs: no temporary files left behind.
    assert_eq!(dir.files(), ["a.png", "a.svg", "b.png", "b.svg"]);
    Ok(())
}

#[test]
fn svg_contains_all_labels() -> Result<(), ChartError> {
    let svg = charts::line_chart_svg(&deploy_chart())?;
    for text in [
        "Rolling deploy",
        "desiredCount 4",
        "rev 1 running",
        "rev 2 running",
        "desired",
        "minimumHealthy 4",
        "maximumPercent ceiling 8",
        "deploy start",
        "circuit breaker",
        "simulated time (m:ss)",
        "\n0:00\n",
        "\n5:00\n",
    ] {
        assert!(svg.contains(text), "missing {text:?}");
    }
    assert!(svg.contains("font-family=\"DejaVu Sans, Verdana, sans-serif\""));
    Ok(())
}

#[test]
fn svg_text_is_escaped() -> Result<(), ChartError> {
    let mut chart = deploy_chart();
    chart.title = "a <b> & c".into();
    let svg = charts::line_chart_svg(&chart)?;
    assert!(svg.contains("a &lt;b&gt; &amp; c"));
    Ok(())
}

#[test]
fn degenerate_charts_render() -> Result<(), ChartError> {
    charts::line_chart_svg(&LineChart::default())?;
    let odd = LineChart {
        series: vec![
            Series::line(
                "nan",
                vec![(f64::NAN, 1.0), (1.0, f64::INFINITY), (2.0, 3.0)],
            ),
            Series::step("single", vec![(5.0, -2.0)]),
            Series::line("empty", vec![]),
        ],
        markers: vec![
            Marker::new(5.0, "a"),
            Marker::new(5.0, "b"),
            Marker::new(5.0, "c"),
        ],
        hlines: vec![HLine::new(f64::NAN, "ignored")],
        ..LineChart::default()
    };
    let svg = charts::line_chart_svg(&odd)?;
    assert!(svg.contains("single") && svg.contains("\nc\n</text>"));
    charts::bar_chart_svg(&BarChart::default())?;
    Ok(())
}

#[test]
fn many_series_all_in_legend() -> Result<(), ChartError> {
    let chart = LineChart {
        series: (0..12)
            .map(|k| {
                Series::line(
                    format!("service-{k:02}"),
                    vec![(0.0, f64::from(k)), (60.0, 1.0)],
                )
            })
            .collect(),
        ..LineChart::default()
    };
    let svg = charts::line_chart_svg(&chart)?;
    for k in 0..12 {
        assert!(svg.contains(&format!("service-{k:02}")));
    }
    Ok(())
}

#[test]
fn bar_chart_outputs() -> Result<(), ChartError> {
    let dir = Scratch::new("bars");
    let chart = BarChart {
        title: "Deploy duration".into(),
        y_label: "m:ss".into(),
        groups: vec!["binpack".into(), "spread(az)".into()],
        series: vec![
            BarSeries::new("max 200%", vec![312.0, 298.0]),
            BarSeries::new("max 100%", vec![845.0, 790.0]),
        ],
        value_format: ValueFormat::Duration,
        ..BarChart::default()
    };
    let svg = charts::bar_chart_svg(&chart)?;
    for text in [
        "Deploy duration",
        "binpack",
        "spread(az)",
        "max 200%",
        "max 100%",
        "\n5:12\n",
        "\n14:05\n",
    ] {
        assert!(svg.contains(text), "missing {text:?}");
    }
    charts::write_bar_chart(&chart, &dir.path("b.png"), &dir.path("b.svg"), 1)?;
    assert_eq!(png_size(&dir.path("b.png")), (1920, 1080));
    Ok(())
}

/// Every `<text>` element of an SVG as (font size, content).
fn texts(svg: &str) -> Vec<(String, String)> {
    svg.split("<text")
        .skip(1)
        .map(|element| {
            let size = element.split("font-size=\"").nth(1).unwrap_or("");
            let size = size[..size.find('"').unwrap_or(0)].to_string();
            let body = &element[element.find('>').unwrap() + 1..];
            let content = body[..body.find("</text>").unwrap()].trim().to_string();
            (size, content)
        })
        .collect()
}

#[test]
fn bar_chart_labels_share_one_size() -> Result<(), ChartError> {
    // One long group name must shrink, and the short ones with it; one long value label too.
    let groups: Vec<String> = (0..8)
        .map(|i| match i {
            3 => "a much longer heuristic name".to_string(),
            _ => format!("h{i}"),
        })
        .collect();
    let mut values = vec![0.5; 8];
    values[5] = 123_456.5;
    let chart = BarChart {
        title: "Sizes".into(),
        groups,
        series: vec![BarSeries::new("v", values)],
        value_format: ValueFormat::Number { decimals: 1 },
        ..BarChart::default()
    };
    let texts = texts(&charts::bar_chart_svg(&chart)?);
    let sizes = |keep: &dyn Fn(&str) -> bool| -> Vec<String> {
        let mut sizes: Vec<String> = texts
            .iter()
            .filter(|(_, c)| keep(c))
            .map(|(s, _)| s.clone())
            .collect();
        assert!(sizes.len() >= 8, "{texts:?}");
        sizes.dedup();
        sizes
    };
    let groups = sizes(&|c| {
        (c.starts_with('h') && c.len() <= 2) || c.contains("much") || c.contains("heuristic")
    });
    assert_eq!(
        groups.len(),
        1,
        "category labels of several sizes: {texts:?}"
    );
    let values = sizes(&|c| c == "0.5" || c == "123,456.5");
    assert_eq!(values.len(), 1, "value labels of several sizes: {texts:?}");
    Ok(())
}

fn frames(n: usize) -> Vec<Frame> {
    (0..n)
        .map(|i| Frame {
            time_label: charts::format_clock(30.0 * i as f64),
            caption: Some(format!("frame {i}")),
            instances: (0..4)
                .map(|k| InstanceBox {
                    name: format!("i-{k:04}"),
                    cpu_units: 2048,
                    memory_mib: 4096,
                    tasks: (0..(i + k) % 5)
                        .map(|t| TaskBlock {
                            cpu_units: 512,
                            memory_mib: 1024,
                            color: t % 2,
                            shade: [TaskShade::Starting, TaskShade::Healthy, TaskShade::Stopping]
                                [t % 3],
                        })
                        .collect(),
                    status: if k == 3 && i > 5 {
                        BoxStatus::Draining
                    } else {
                        BoxStatus::Active
                    },
                })
                .collect(),
        })
        .collect()
}

/// Walks a GIF's blocks; returns (screen width, height, image count, frame delays in
/// hundredths of a second, has NETSCAPE2.0 loop extension).
fn parse_gif(bytes: &[u8]) -> (u16, u16, usize, Vec<u16>, bool) {
    assert_eq!(&bytes[..6], b"GIF89a");
    let le = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    let (w, h) = (le(6), le(8));
    let flags = bytes[10];
    let mut at = 13;
    if flags & 0x80 != 0 {
        at += 3 << ((flags & 7) + 1);
    }
    let skip_sub_blocks = |mut at: usize| {
        while bytes[at] != 0 {
            at += usize::from(bytes[at]) + 1;
        }
        at + 1
    };
    let (mut images, mut delays, mut looping) = (0, Vec::new(), false);
    loop {
        match bytes[at] {
            0x21 => {
                let label = bytes[at + 1];
                if label == 0xF9 {
                    delays.push(le(at + 4));
                }
                if label == 0xFF && &bytes[at + 3..at + 14] == b"NETSCAPE2.0" {
                    looping = true;
                }
                at = skip_sub_blocks(at + 2);
            }
            0x2C => {
                images += 1;
                let local = bytes[at + 9];
                at += 10;
                if local & 0x80 != 0 {
                    at += 3 << ((local & 7) + 1);
                }
                at = skip_sub_blocks(at + 1);
            }
            0x3B => break,
            other => panic!("unexpected GIF block 0x{other:02x} at {at}"),
        }
    }
    (w, h, images, delays, looping)
}

#[test]
fn gif_is_an_animated_loop() -> Result<(), ChartError> {
    let dir = Scratch::new("gif");
    let legend = Legend {
        entries: vec![("rev 1".into(), BLUE), ("rev 2".into(), ORANGE)],
    };
    let path = dir.path("cluster.gif");
    charts::write_instances_gif(&frames(10), &legend, "Rolling deploy", &path, 500)?;
    let bytes = fs::read(&path).expect("read gif");
    let (w, h, images, delays, looping) = parse_gif(&bytes);
    assert_eq!((w, h), (1280, 720));
    // 10 frames plus the held last frame (1.5 s at 0.5 s per frame = 2 repeats).
    assert_eq!(images, 12);
    assert!(delays.iter().all(|&d| d == 50), "{delays:?}");
    assert!(looping);
    assert_eq!(dir.files(), ["cluster.gif"]);
    Ok(())
}

#[test]
fn sixty_frame_gif_stays_small() -> Result<(), ChartError> {
    let dir = Scratch::new("gif60");
    let path = dir.path("long.gif");
    charts::write_instances_gif(&frames(60), &Legend::default(), "60 frames", &path, 200)?;
    let size = fs::metadata(&path).expect("stat gif").len();
    assert!(size < 5_000_000, "{size} bytes");
    Ok(())
}

#[test]
fn instance_still_and_overflow_note() -> Result<(), ChartError> {
    let dir = Scratch::new("still");
    let mut frame = frames(1).remove(0);
    frame.instances = (0..45)
        .map(|k| InstanceBox {
            name: format!("i-{k:04}"),
            cpu_units: 2048,
            memory_mib: 4096,
            tasks: vec![],
            status: BoxStatus::Gone,
        })
        .collect();
    charts::write_instances_png(&frame, &Legend::default(), "Big", &dir.path("big.png"))?;
    assert_eq!(png_size(&dir.path("big.png")), (1920, 1080));
    let svg = charts::instances_svg(&frame, &Legend::default(), "Big")?;
    assert!(svg.contains("+5 more instances not shown"));
    assert!(svg.contains("i-0039") && !svg.contains("i-0040"));
    let err = charts::write_instances_gif(&[], &Legend::default(), "none", &dir.path("x.gif"), 100);
    assert!(matches!(err, Err(ChartError::InvalidInput(_))));
    Ok(())
}

#[test]
fn html_is_escaped_and_self_contained() -> Result<(), ChartError> {
    let svg = charts::line_chart_svg(&deploy_chart())?;
    let report = Report {
        title: "Report <1>".into(),
        subtitle: Some("A & B".into()),
        sections: vec![Section {
            heading: "Tasks".into(),
            paragraphs: vec!["x < y".into()],
            tables: vec![Table {
                caption: Some("Summary".into()),
                headers: vec!["metric".into(), "value".into()],
                rows: vec![vec!["<script>alert(1)</script>".into(), "12".into()]],
                numeric_columns: vec![1],
            }],
            svgs: vec![svg],
        }],
    };
    let html = charts::render_html(&report);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"));
    assert!(html.contains("<td class=\"num\">12</td>"));
    assert!(html.contains("<title>Report &lt;1&gt;</title>"));
    assert!(html.contains("<p>x &lt; y</p>"));
    assert!(!html.contains("<script>"));
    // The chart is inline and scales with the page.
    assert!(html.contains("<svg") && html.contains("minimumHealthy 4"));
    assert!(!html.contains("<svg width="));
    let without_xmlns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!without_xmlns.contains("http://") && !without_xmlns.contains("https://"));
    Ok(())
}

#[test]
fn atomic_write_leaves_only_the_target() -> Result<(), std::io::Error> {
    let dir = Scratch::new("atomic");
    let target = dir.path("report.html");
    charts::write_atomically(&target, b"first")?;
    charts::write_atomically(&target, b"second")?;
    assert_eq!(fs::read(&target)?, b"second");
    assert_eq!(dir.files(), ["report.html"]);
    Ok(())
}

#[test]
fn missing_directory_is_an_error_not_a_panic() {
    let dir = Scratch::new("missing");
    let nowhere = dir.path("no/such/dir");
    assert!(charts::write_atomically(&nowhere.join("x.html"), b"x").is_err());
    let err = charts::write_line_chart(
        &deploy_chart(),
        &nowhere.join("a.png"),
        &nowhere.join("a.svg"),
        1,
    );
    assert!(matches!(err, Err(ChartError::Io { .. })), "{err:?}");
    let err = charts::write_instances_gif(
        &frames(2),
        &Legend::default(),
        "t",
        &nowhere.join("a.gif"),
        100,
    );
    assert!(matches!(err, Err(ChartError::Io { .. })), "{err:?}");
    assert_eq!(dir.files(), Vec::<String>::new());
}

#[test]
fn failed_render_leaves_nothing_behind() {
    let dir = Scratch::new("failed");
    // No image encoder for this extension: the render fails after the temp file exists.
    let err = charts::write_line_chart(&deploy_chart(), &dir.path("a.xyz"), &dir.path("a.svg"), 1);
    assert!(matches!(err, Err(ChartError::Draw(_))), "{err:?}");
    let err = charts::write_line_chart(&deploy_chart(), &dir.path("b.png"), &dir.path("b.svg"), 0);
    assert!(matches!(err, Err(ChartError::InvalidInput(_))), "{err:?}");
    assert_eq!(dir.files(), Vec::<String>::new());
}
