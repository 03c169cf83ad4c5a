//! `ecsim compare A.json B.json ...`: runs each scenario and sets them side by side, the way
//! hyperfine compares commands: a table with a "relative" column against the first scenario,
//! overlay charts on shared axes (healthy tasks, all tasks, reserved CPU, cumulative cost),
//! `compare.json`, `compare.md` and `compare.html`.

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

use charts::{LineChart, Report, Section, Series, Table};
use serde_json::{Value, json};
use sim::Simulation;
use sim::deployment::RolloutState;

use crate::Failure;
use crate::atomic::write_with;
use crate::cost::{self, CostReport, usd_text};
use crate::names::secs;
use crate::run_charts::steps_to_last_point;
use crate::summary::clock;

/// `ecsim compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Scenario files (JSON); the first is the baseline of the relative columns.
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<PathBuf>,
    /// Overrides every scenario's seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Output directory.
    #[arg(long)]
    pub out: PathBuf,
    /// Skips chart rendering (the tables and compare.html are still written).
    #[arg(long)]
    pub no_charts: bool,
}

/// The figures of one scenario that the comparison shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// Label: the scenario name (made unique).
    pub label: String,
    /// The file it came from.
    pub file: String,
    /// Seed used.
    pub seed: u64,
    /// End of the run in ms.
    pub end_ms: u64,
    /// Deployments the run made (not the initial ones of steady services).
    pub deployments: u32,
    /// Deployments that completed.
    pub deployments_completed: u32,
    /// Longest deployment: completed − started, or run end − started when unfinished (ms).
    pub longest_deploy_ms: Option<u64>,
    /// Whether every deployment completed.
    pub all_completed: bool,
    /// Most tasks (starting + running + stopping) at a sample instant, cluster-wide.
    pub peak_tasks: u64,
    /// CPU units and MiB the services need in steady state: Σ desiredCount × task size of the
    /// primary deployment's task definition, at the end of the run.
    pub steady_cpu: u64,
    /// See `steady_cpu`.
    pub steady_memory: u64,
    /// Peak reserved CPU units and MiB.
    pub peak_reserved_cpu: u64,
    /// See `peak_reserved_cpu`.
    pub peak_reserved_memory: u64,
    /// Peak registered CPU units and MiB.
    pub peak_registered_cpu: u64,
    /// See `peak_registered_cpu`.
    pub peak_registered_memory: u64,
    /// Fewest healthy tasks of the worst service (by share of desiredCount) and its desiredCount.
    pub min_healthy: Option<(String, u32, u32)>,
    /// Spot interruptions (EC2 Spot and Fargate Spot).
    pub interruptions: u64,
    /// Run cost in USD.
    pub run_usd: f64,
    /// The 30-day projection (see `cost`).
    pub month_usd: f64,
}

impl Figures {
    /// Whether the run had container instances (otherwise there is no capacity to spare).
    fn has_instances(&self) -> bool {
        self.peak_registered_cpu > 0 || self.steady_cpu > 0
    }

    /// Spare capacity held: peak registered − steady requirement (CPU units); `None` without
    /// container instances (Fargate only).
    pub fn spare_cpu(&self) -> Option<i64> {
        self.has_instances()
            .then(|| self.peak_registered_cpu as i64 - self.steady_cpu as i64)
    }

    /// Spare capacity held: peak registered − steady requirement (MiB).
    pub fn spare_memory(&self) -> Option<i64> {
        self.has_instances()
            .then(|| self.peak_registered_memory as i64 - self.steady_memory as i64)
    }

    /// Headroom the deploys used: peak reserved − steady requirement (CPU units).
    pub fn headroom_used_cpu(&self) -> Option<i64> {
        self.has_instances()
            .then(|| self.peak_reserved_cpu as i64 - self.steady_cpu as i64)
    }

    fn deploy_text(&self) -> String {
        match self.longest_deploy_ms {
            None => "no deploy".into(),
            Some(ms) if self.all_completed => clock(ms),
            Some(ms) => format!("not finished (> {})", clock(ms)),
        }
    }

    fn min_healthy_text(&self) -> String {
        match &self.min_healthy {
            None => "-".into(),
            Some((service, h, d)) => {
                let pct = if *d == 0 {
                    100.0
                } else {
                    100.0 * f64::from(*h) / f64::from(*d)
                };
                format!("{h} of {d} ({pct:.0}%) {service}")
            }
        }
    }
}

/// The figures of a finished run.
pub fn figures(sim: &Simulation, cost: &CostReport, label: &str, file: &str) -> Figures {
    let mut longest: Option<u64> = None;
    let (mut made, mut completed) = (0, 0);
    for dep in &sim.deployments {
        if !dep.is_rollout(sim.config.start_steady) {
            continue;
        }
        made += 1;
        let took = match dep.completed_at {
            Some(c) if dep.rollout_state == RolloutState::Completed => {
                completed += 1;
                c - dep.started_at
            }
            Some(c) => c - dep.started_at,
            None => sim.end - dep.started_at,
        };
        longest = Some(longest.map_or(took, |l| l.max(took)));
    }
    // Only tasks on container instances need cluster capacity: Fargate services hold none.
    let (mut steady_cpu, mut steady_memory) = (0u64, 0u64);
    for svc in &sim.services {
        if svc.config.launch_type != sim::service::LaunchType::Ec2 {
            continue;
        }
        if let Some(&d) = svc.deployments.last() {
            let def = &sim.task_definitions[sim.deployments[d.idx()].task_definition.idx()];
            steady_cpu += u64::from(svc.desired_count) * u64::from(def.cpu_units);
            steady_memory += u64::from(svc.desired_count) * u64::from(def.memory_mib);
        }
    }
    let mut f = Figures {
        label: label.to_owned(),
        file: file.to_owned(),
        seed: sim.config.seed,
        end_ms: sim.end,
        deployments: made,
        deployments_completed: completed,
        longest_deploy_ms: longest,
        all_completed: completed == made,
        peak_tasks: 0,
        steady_cpu,
        steady_memory,
        peak_reserved_cpu: 0,
        peak_reserved_memory: 0,
        peak_registered_cpu: 0,
        peak_registered_memory: 0,
        min_healthy: None,
        interruptions: interruptions(sim),
        run_usd: cost.total_usd(),
        month_usd: cost.projection_30_days_usd(),
    };
    for s in &sim.samples {
        let c = &s.cluster;
        f.peak_tasks = f.peak_tasks.max(c.starting + c.running + c.stopping);
        f.peak_reserved_cpu = f.peak_reserved_cpu.max(c.reserved_cpu);
        f.peak_reserved_memory = f.peak_reserved_memory.max(c.reserved_memory);
        f.peak_registered_cpu = f.peak_registered_cpu.max(c.registered_cpu);
        f.peak_registered_memory = f.peak_registered_memory.max(c.registered_memory);
    }
    let mut worst: Option<(f64, String, u32, u32)> = None;
    for svc in &sim.services {
        let Some(h) = svc.stats.min_healthy_count else {
            continue;
        };
        let share = if svc.desired_count == 0 {
            1.0
        } else {
            f64::from(h) / f64::from(svc.desired_count)
        };
        if worst.as_ref().is_none_or(|w| share < w.0) {
            worst = Some((share, svc.config.name.clone(), h, svc.desired_count));
        }
    }
    f.min_healthy = worst.map(|(_, s, h, d)| (s, h, d));
    f
}

/// Spot interruptions of the run: Fargate Spot tasks and EC2 Spot instances.
fn interruptions(sim: &Simulation) -> u64 {
    sim.samples
        .last()
        .map_or(0, |s| s.cluster.spot_interruptions)
}

/// One scenario, run.
struct Ran {
    sim: Simulation,
    cost: CostReport,
    figures: Figures,
}

/// Runs the comparison.
pub fn compare(args: &CompareArgs) -> Result<(), Failure> {
    let mut runs: Vec<Ran> = Vec::new();
    for path in &args.scenarios {
        let resolved = scenario::load(path).map_err(Failure::Input)?;
        let mut config = resolved.config;
        if let Some(seed) = args.seed {
            config.seed = seed;
        }
        let mut label = config.name.clone();
        let mut n = 2;
        while runs.iter().any(|r| r.figures.label == label) {
            label = format!("{} #{n}", config.name);
            n += 1;
        }
        let sim = Simulation::new(config)
            .run()
            .map_err(|e| Failure::Other(format!("{}: {e}", path.display())))?;
        let cost = cost::cost_report(&sim, &resolved.pricing);
        let figures = figures(&sim, &cost, &label, &path.display().to_string());
        runs.push(Ran { sim, cost, figures });
    }
    let out = &args.out;
    fs::create_dir_all(out)
        .map_err(|e| Failure::Other(format!("cannot create {}: {e}", out.display())))?;
    let io = |e: std::io::Error, f: &str| {
        Failure::Other(format!("cannot write {}: {e}", out.join(f).display()))
    };
    let figures: Vec<&Figures> = runs.iter().map(|r| &r.figures).collect();
    let json = to_json(&figures, &runs);
    write_with(&out.join("compare.json"), |w| {
        serde_json::to_writer_pretty(&mut *w, &json)?;
        w.write_all(b"\n")
    })
    .map_err(|e| io(e, "compare.json"))?;
    let table = table(&figures);
    let verdict = verdict(&figures);
    let md = markdown(&table, &verdict, &runs);
    charts::write_atomically(&out.join("compare.md"), md.as_bytes())
        .map_err(|e| io(e, "compare.md"))?;
    let charts = if args.no_charts {
        Vec::new()
    } else {
        let charts = overlay_charts(&runs);
        for (stem, chart) in &charts {
            charts::write_line_chart(
                chart,
                &out.join(format!("{stem}.png")),
                &out.join(format!("{stem}.svg")),
                1,
            )
            .map_err(|e| Failure::Other(e.to_string()))?;
        }
        charts
    };
    let page = report(&table, &verdict, &runs, &charts).map_err(Failure::Other)?;
    let html = charts::render_html(&page);
    charts::write_atomically(&out.join("compare.html"), html.as_bytes())
        .map_err(|e| io(e, "compare.html"))?;
    say!("{}", text_table(&table));
    for line in &verdict {
        sayln!("{line}");
    }
    sayln!("\noutputs in {}", out.display());
    Ok(())
}

/// `×1.00`, or `-` when the baseline is zero.
fn relative(value: f64, base: f64) -> String {
    if base == 0.0 {
        if value == 0.0 {
            "×1.00".into()
        } else {
            "-".into()
        }
    } else {
        format!("×{:.2}", value / base)
    }
}

/// Headers and rows of the side-by-side table.
struct SideBySide {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    numeric: Vec<usize>,
}

fn vcpu(units: i64) -> String {
    let v = units as f64 / 1024.0;
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

fn table(figures: &[&Figures]) -> SideBySide {
    let base = figures[0];
    let deploy_ms = |f: &Figures| f.longest_deploy_ms.unwrap_or(0) as f64;
    let rows = figures
        .iter()
        .map(|f| {
            vec![
                f.label.clone(),
                f.deploy_text(),
                if f.all_completed && base.all_completed {
                    relative(deploy_ms(f), deploy_ms(base))
                } else {
                    "-".into()
                },
                f.peak_tasks.to_string(),
                f.spare_cpu().map_or("- (no instances)".into(), vcpu),
                f.min_healthy_text(),
                f.interruptions.to_string(),
                usd_text(f.run_usd),
                usd_text(f.month_usd),
                relative(f.month_usd, base.month_usd),
            ]
        })
        .collect();
    SideBySide {
        headers: [
            "scenario",
            "deploy time (longest)",
            "deploy ×",
            "peak tasks",
            "spare vCPU",
            "fewest healthy",
            "interruptions",
            "run cost",
            "30-day cost",
            "30-day ×",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        numeric: vec![2, 3, 4, 6, 7, 8, 9],
    }
}

/// hyperfine-style sentences: how each scenario compares with the first.
fn verdict(figures: &[&Figures]) -> Vec<String> {
    let base = figures[0];
    let finished = |f: &Figures| f.all_completed && f.longest_deploy_ms.is_some();
    let mut out = Vec::new();
    for f in &figures[1..] {
        let mut clauses = Vec::new();
        match (finished(base), finished(f)) {
            (true, true) => {
                let a = base.longest_deploy_ms.unwrap_or(0) as f64;
                let b = f.longest_deploy_ms.unwrap_or(0) as f64;
                if a > 0.0 && b > 0.0 {
                    let (factor, word) = if b <= a {
                        (a / b, "faster")
                    } else {
                        (b / a, "slower")
                    };
                    clauses.push(format!("deploys {factor:.2}× {word} than {}", base.label));
                }
            }
            (true, false) if f.longest_deploy_ms.is_some() => {
                clauses.push(format!("does not finish its deploy ({} does)", base.label));
            }
            (false, true) if base.longest_deploy_ms.is_some() => {
                clauses.push(format!("finishes its deploy ({} does not)", base.label));
            }
            _ => {}
        }
        if base.month_usd > 0.0 {
            clauses.push(format!(
                "costs {:.2}× as much as {} over 30 days ({} vs {})",
                f.month_usd / base.month_usd,
                base.label,
                usd_text(f.month_usd),
                usd_text(base.month_usd)
            ));
        }
        if !clauses.is_empty() {
            out.push(format!("{} {}", f.label, clauses.join(" and ")));
        }
    }
    out
}

fn text_table(t: &SideBySide) -> String {
    let mut widths: Vec<usize> = t.headers.iter().map(|h| h.chars().count()).collect();
    for r in &t.rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let line = |cells: &[String], out: &mut String| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = widths[i] - c.chars().count();
                if t.numeric.contains(&i) {
                    format!("{}{c}", " ".repeat(pad))
                } else {
                    format!("{c}{}", " ".repeat(pad))
                }
            })
            .collect();
        let _ = writeln!(out, "{}", parts.join("  ").trim_end());
    };
    line(&t.headers, &mut out);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    let _ = writeln!(out, "{}", rule.join("  "));
    for r in &t.rows {
        line(r, &mut out);
    }
    out
}

const DEFINITIONS: [&str; 6] = [
    "deploy time: the longest deployment of the run, from UpdateService to COMPLETED (simulated m:ss); \"not finished\" gives the time until the end of the run",
    "peak tasks: most tasks (starting + running + stopping) at a sample instant, all services",
    "spare vCPU: peak registered vCPU − the steady requirement (Σ over EC2 services of desiredCount × task vCPU of the service's primary task definition at the end): the capacity held beyond what the services need when no deploy runs; \"-\" without container instances",
    "fewest healthy: the service with the lowest share of desiredCount healthy after it first reached steady state",
    "interruptions: Fargate Spot task interruptions and EC2 Spot instance interruption notices",
    "30-day cost: the cost rate at the end of the run × 720 h, or 30 × the cost of the last 24 h when the run lasted a day or more; the × columns divide by the first scenario",
];

fn markdown(t: &SideBySide, verdict: &[String], runs: &[Ran]) -> String {
    let mut out = String::from("# ecsim compare\n\n");
    let _ = writeln!(out, "| {} |", t.headers.join(" | "));
    let aligns: Vec<&str> = (0..t.headers.len())
        .map(|i| {
            if t.numeric.contains(&i) {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    let _ = writeln!(out, "|{}|", aligns.join("|"));
    for r in &t.rows {
        let cells: Vec<String> = r.iter().map(|c| c.replace('|', "\\|")).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
    for v in verdict {
        let _ = writeln!(out, "{v}.");
    }
    out.push_str("\nScenarios:\n\n");
    for r in runs {
        let _ = writeln!(
            out,
            "- {}: `{}`, seed {}, ended at {}, {} prices of {}",
            r.figures.label,
            r.figures.file,
            r.figures.seed,
            clock(r.figures.end_ms),
            r.cost.region,
            r.cost.prices_as_of
        );
    }
    out.push_str("\nDefinitions:\n\n");
    for d in DEFINITIONS {
        let _ = writeln!(out, "- {d}");
    }
    out
}

fn to_json(figures: &[&Figures], runs: &[Ran]) -> Value {
    let base = figures[0];
    let items: Vec<Value> = figures
        .iter()
        .zip(runs)
        .map(|(f, r)| {
            json!({
                "scenario": f.label,
                "file": f.file,
                "seed": f.seed,
                "endSeconds": secs(f.end_ms),
                "deployments": f.deployments,
                "deploymentsCompleted": f.deployments_completed,
                "longestDeploySeconds": f.longest_deploy_ms.map(secs),
                "allDeploymentsCompleted": f.all_completed,
                "peakTasks": f.peak_tasks,
                "steadyCpu": f.steady_cpu,
                "steadyMemory": f.steady_memory,
                "peakReservedCpu": f.peak_reserved_cpu,
                "peakReservedMemory": f.peak_reserved_memory,
                "peakRegisteredCpu": f.peak_registered_cpu,
                "peakRegisteredMemory": f.peak_registered_memory,
                "spareCpu": f.spare_cpu(),
                "spareMemory": f.spare_memory(),
                "headroomUsedCpu": f.headroom_used_cpu(),
                "minHealthy": f.min_healthy.as_ref().map(|(s, h, d)| json!({"service": s, "healthy": h, "desiredCount": d})),
                "interruptions": f.interruptions,
                "cost": r.cost.summary_json(),
                "relative": {
                    "runCost": ratio(f.run_usd, base.run_usd),
                    "cost30Days": ratio(f.month_usd, base.month_usd),
                    "longestDeploy": match (f.longest_deploy_ms, base.longest_deploy_ms) {
                        (Some(a), Some(b)) if f.all_completed && base.all_completed => ratio(a as f64, b as f64),
                        _ => None,
                    },
                },
            })
        })
        .collect();
    json!({
        "baseline": base.label,
        "scenarios": items,
        "definitions": DEFINITIONS,
    })
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b != 0.0).then(|| a / b)
}

/// The overlay charts: one line per scenario, its colour and dash style given by its position
/// on the command line (solid, short dashes, long dashes, then the next colours), so that
/// scenarios with equal values stay visible; each line ends where its run ended.
fn overlay_charts(runs: &[Ran]) -> Vec<(String, LineChart)> {
    let styled = |i: usize, series: Series| {
        let color = i % 8;
        match i % 3 {
            0 => series.with_color(color),
            1 => series.with_color(color).with_dashes(),
            _ => series.with_color(color + 8),
        }
    };
    let over = |pick: &dyn Fn(&sim::record::ClusterSample) -> f64,
                label: &dyn Fn(&Ran) -> String|
     -> Vec<Series> {
        runs.iter()
            .enumerate()
            .map(|(i, r)| {
                let points: Vec<(f64, f64)> = r
                    .sim
                    .samples
                    .iter()
                    .map(|s| (secs(s.at), pick(&s.cluster)))
                    .collect();
                styled(i, Series::line(label(r), steps_to_last_point(&points)))
            })
            .collect()
    };
    let name = |r: &Ran| r.figures.label.clone();
    let chart = |title: &str, subtitle: &str, y: &str, series: Vec<Series>| LineChart {
        title: title.into(),
        subtitle: Some(subtitle.into()),
        x_label: "simulated time".into(),
        y_label: y.into(),
        series,
        x_is_time_seconds: true,
        ..LineChart::default()
    };
    let cost: Vec<Series> = runs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let points = r
                .cost
                .times
                .iter()
                .map(|&t| secs(t))
                .zip(r.cost.total_cumulative())
                .collect();
            let label = format!(
                "{}: {} for the run, {} for 30 days",
                r.figures.label,
                usd_text(r.cost.total_usd()),
                usd_text(r.cost.projection_30_days_usd())
            );
            styled(i, Series::line(label, points))
        })
        .collect();
    vec![
        (
            "compare-healthy".into(),
            chart(
                "Healthy tasks",
                "one line per scenario; each ends where its run ended",
                "healthy tasks (all services)",
                over(&|c| c.healthy as f64, &name),
            ),
        ),
        (
            "compare-tasks".into(),
            chart(
                "All tasks (starting + running + stopping)",
                "one line per scenario; each ends where its run ended",
                "tasks (all services)",
                over(&|c| (c.starting + c.running + c.stopping) as f64, &name),
            ),
        ),
        (
            "compare-reserved-cpu".into(),
            chart(
                "CPU reserved by tasks",
                "one line per scenario; the legend gives the vCPU the container instances registered at peak",
                "vCPU",
                over(&|c| c.reserved_cpu as f64 / 1024.0, &|r: &Ran| {
                    format!(
                        "{} ({} vCPU registered)",
                        r.figures.label,
                        vcpu(r.figures.peak_registered_cpu as i64)
                    )
                }),
            ),
        ),
        (
            "compare-cost".into(),
            chart(
                "Cumulative cost",
                "billed so far during each run; 30 days = the end rate × 720 h, or 30 × the last day for runs of a day or more",
                "USD billed so far",
                cost,
            ),
        ),
    ]
}

fn report(
    t: &SideBySide,
    verdict: &[String],
    runs: &[Ran],
    charts: &[(String, LineChart)],
) -> Result<Report, String> {
    let svgs = charts
        .iter()
        .map(|(_, c)| charts::line_chart_svg(c).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let mut paragraphs: Vec<String> = verdict.iter().map(|v| format!("{v}.")).collect();
    paragraphs.extend(DEFINITIONS.iter().map(|d| format!("Definition: {d}.")));
    let scenarios = Table {
        caption: Some("Scenarios".into()),
        headers: ["scenario", "file", "seed", "ended at", "prices"]
            .map(String::from)
            .to_vec(),
        rows: runs
            .iter()
            .map(|r| {
                vec![
                    r.figures.label.clone(),
                    r.figures.file.clone(),
                    r.figures.seed.to_string(),
                    clock(r.figures.end_ms),
                    format!("{} of {}", r.cost.region, r.cost.prices_as_of),
                ]
            })
            .collect(),
        numeric_columns: vec![2, 3],
    };
    Ok(Report {
        title: format!(
            "ecsim compare: {}",
            runs.iter()
                .map(|r| r.figures.label.as_str())
                .collect::<Vec<_>>()
                .join(" vs ")
        ),
        subtitle: Some(format!("baseline: {}", runs[0].figures.label)),
        sections: vec![
            Section {
                heading: "Side by side".into(),
                paragraphs,
                tables: vec![
                    Table {
                        caption: None,
                        headers: t.headers.clone(),
                        rows: t.rows.clone(),
                        numeric_columns: t.numeric.clone(),
                    },
                    scenarios,
                ],
                svgs: Vec::new(),
            },
            Section {
                heading: "Over time".into(),
                svgs,
                ..Section::default()
            },
        ],
    })
}
