//! The charts of one run, from its time-series samples and its cost: tasks by deployment and
//! state, healthy versus desired with the deployment bounds, registered versus reserved
//! capacity, and cost. Each is written as a 1920×1080 PNG and an SVG.

use std::path::{Path, PathBuf};

use charts::{HLine, LineChart, Marker, Series, palette};
use sim::Simulation;
use sim::config::Action;
use sim::deployment::{RolloutState, ceil_percent, floor_percent};
use sim::ids::{DeploymentId, ServiceId};
use sim::record::Sample;
use sim::service::DeploymentConfiguration;

use crate::cost::{CostReport, LineKind};
use crate::names::secs;

/// Services with a chart of their own; the rest are summed into one "other services" chart.
pub const TOP_SERVICES: usize = 4;

/// Fargate services with their own line in the cost charts; the rest are summed.
const TOP_COST_LINES: usize = 3;

/// A chart and the file stem it is written under (`<stem>.png`, `<stem>.svg`).
pub struct NamedChart {
    /// File stem, e.g. `tasks-api`.
    pub stem: String,
    /// The chart.
    pub chart: LineChart,
}

/// The palette index of a deployment in the animation: its position among all deployments, so
/// that every (service, deployment) pair of the cluster has its own colour.
pub fn deployment_color(d: DeploymentId) -> usize {
    d.idx() % palette::OKABE_ITO.len()
}

/// The palette index of a deployment in its service's charts: its position among the service's
/// deployments (first blue, second orange, ...), so that old and new contrast. With one service
/// this is the same colour as in the animation.
fn service_deployment_color(sim: &Simulation, d: DeploymentId) -> usize {
    let s = sim.deployments[d.idx()].service;
    let k = sim.services[s.idx()]
        .deployments
        .iter()
        .position(|&x| x == d)
        .unwrap_or(0);
    k % palette::OKABE_ITO.len()
}

/// `api` → `api`; anything outside `[A-Za-z0-9_-]` becomes `_`.
pub fn file_stem_part(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Every chart of the run, in the order the report shows them.
pub fn run_charts(sim: &Simulation, cost: &CostReport) -> Vec<NamedChart> {
    let mut out = Vec::new();
    let top = top_services(sim);
    for &s in &top {
        let name = file_stem_part(&sim.services[s.idx()].config.name);
        out.push(NamedChart {
            stem: format!("tasks-{name}"),
            chart: tasks_chart(sim, s),
        });
        out.push(NamedChart {
            stem: format!("healthy-{name}"),
            chart: healthy_chart(sim, s),
        });
    }
    if let Some(chart) = other_services_chart(sim, &top) {
        out.push(NamedChart {
            stem: "tasks-other-services".into(),
            chart,
        });
    }
    if !sim.instances.is_empty() {
        out.push(NamedChart {
            stem: "capacity-cpu".into(),
            chart: capacity_chart(sim, Resource::Cpu),
        });
        out.push(NamedChart {
            stem: "capacity-memory".into(),
            chart: capacity_chart(sim, Resource::Memory),
        });
    }
    out.push(NamedChart {
        stem: "cost".into(),
        chart: cost_chart(cost, true),
    });
    out.push(NamedChart {
        stem: "cost-rate".into(),
        chart: cost_chart(cost, false),
    });
    out
}

/// Writes every chart as PNG and SVG into `dir`; returns the files written.
pub fn write_charts(charts: &[NamedChart], dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for c in charts {
        let png = dir.join(format!("{}.png", c.stem));
        let svg = dir.join(format!("{}.svg", c.stem));
        charts::write_line_chart(&c.chart, &png, &svg, 1).map_err(|e| e.to_string())?;
        files.push(png);
        files.push(svg);
    }
    Ok(files)
}

/// Tracked services ordered by peak task count (then by id), the first [`TOP_SERVICES`].
fn top_services(sim: &Simulation) -> Vec<ServiceId> {
    let mut peaks: Vec<(u64, ServiceId)> = Vec::new();
    for s in sim.samples.iter().flat_map(|s| s.services.iter()) {
        let total: u64 = s
            .deployments
            .iter()
            .map(|d| u64::from(d.starting + d.running + d.stopping))
            .sum();
        match peaks.iter_mut().find(|(_, id)| *id == s.service) {
            Some(p) => p.0 = p.0.max(total),
            None => peaks.push((total, s.service)),
        }
    }
    peaks.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut top: Vec<ServiceId> = peaks.into_iter().take(TOP_SERVICES).map(|p| p.1).collect();
    top.sort();
    top
}

/// A step function sampled at `points`, drawn as explicit steps only from where it first
/// leaves zero to where it last returns to zero, so that a state that occurs only during a
/// deployment does not draw a line along the axis for the rest of the run.
fn steps_while_nonzero(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let Some(first) = points.iter().position(|p| p.1 != 0.0) else {
        return Vec::new();
    };
    let last = points.iter().rposition(|p| p.1 != 0.0).unwrap_or(first);
    let mut out = Vec::new();
    if first > 0 {
        out.push((points[first].0, 0.0));
    }
    out.push(points[first]);
    let stop = (last + 1).min(points.len() - 1);
    for i in first + 1..=stop {
        let (x, y) = points[i];
        let before = points[i - 1].1;
        if y != before || i == stop {
            out.push((x, before));
            out.push((x, y));
        }
    }
    out.dedup();
    out
}

/// A step function sampled at `points`, drawn as explicit steps that end at the last point
/// (a step series would hold its last value to the end of the axis, past the run's end).
pub fn steps_to_last_point(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(points.len() * 2);
    for (i, &(x, y)) in points.iter().enumerate() {
        if i > 0 && points[i - 1].1 != y {
            out.push((x, points[i - 1].1));
        }
        if i == 0 || i + 1 == points.len() || points[i - 1].1 != y {
            out.push((x, y));
        }
    }
    out
}

fn at(s: &Sample) -> f64 {
    secs(s.at)
}

/// The short name of a deployment for legends: `api:2 (ecs-svc/2)`.
fn deployment_name(sim: &Simulation, d: DeploymentId) -> String {
    let dep = &sim.deployments[d.idx()];
    format!(
        "{} ({})",
        sim.task_definitions[dep.task_definition.idx()].name(),
        dep.label
    )
}

fn tasks_chart(sim: &Simulation, s: ServiceId) -> LineChart {
    let svc = &sim.services[s.idx()];
    let mut deployments: Vec<DeploymentId> = sim
        .samples
        .iter()
        .flat_map(|x| x.services.iter().filter(|v| v.service == s))
        .flat_map(|v| v.deployments.iter().map(|d| d.deployment))
        .collect();
    deployments.sort();
    deployments.dedup();
    // Running lines first, so that the dashed transitional lines draw on top of them.
    let (mut series, mut transitional) = (Vec::new(), Vec::new());
    for &d in &deployments {
        let color = service_deployment_color(sim, d);
        let name = deployment_name(sim, d);
        let pick = |f: fn(&sim::record::DeploymentSample) -> u32| -> Vec<(f64, f64)> {
            sim.samples
                .iter()
                .map(|x| {
                    let v = x
                        .services
                        .iter()
                        .filter(|v| v.service == s)
                        .flat_map(|v| v.deployments.iter())
                        .find(|ds| ds.deployment == d)
                        .map_or(0, f);
                    (at(x), f64::from(v))
                })
                .collect()
        };
        let running = pick(|d| d.running);
        let starting = pick(|d| d.starting);
        let stopping = pick(|d| d.stopping);
        if [&running, &starting, &stopping]
            .iter()
            .all(|p| p.iter().all(|q| q.1 == 0.0))
        {
            // A deployment that never placed a task still gets its legend entry.
            series.push(
                Series::line(format!("{name}: no task placed"), Vec::new()).with_color(color),
            );
            continue;
        }
        for (points, state) in [
            (running, "running"),
            (starting, "starting"),
            (stopping, "stopping"),
        ] {
            if points.iter().all(|p| p.1 == 0.0) {
                continue;
            }
            let line = Series::line(format!("{name} {state}"), steps_while_nonzero(&points));
            match state {
                "running" => series.push(line.with_color(color)),
                "starting" => transitional.push(line.with_color(color).with_dashes()),
                _ => transitional.push(line.with_color(color + palette::OKABE_ITO.len())),
            }
        }
    }
    series.append(&mut transitional);
    LineChart {
        title: format!("Tasks of service {} by deployment", svc.config.name),
        subtitle: Some(
            "solid: RUNNING · short dashes: placed, not RUNNING yet · long dashes: stopping".into(),
        ),
        x_label: "simulated time".into(),
        y_label: "tasks".into(),
        series,
        markers: deployment_markers(sim, s),
        x_is_time_seconds: true,
        ..LineChart::default()
    }
}

/// Start and end of every deployment the run made (the initial one too when the services did
/// not start steady), and where one stalled.
fn deployment_markers(sim: &Simulation, s: ServiceId) -> Vec<Marker> {
    let mut markers = Vec::new();
    for &d in &sim.services[s.idx()].deployments {
        let dep = &sim.deployments[d.idx()];
        if !dep.is_rollout(sim.config.start_steady) {
            continue;
        }
        markers.push(Marker::new(
            secs(dep.started_at),
            format!("{} start", dep.label),
        ));
        if let Some(done) = dep.completed_at {
            let what = match dep.rollout_state {
                RolloutState::Failed => "failed",
                _ => "completed",
            };
            markers.push(Marker::new(secs(done), format!("{} {what}", dep.label)));
        } else if let Some(stall) = &dep.stall
            && dep.rollout_state == RolloutState::InProgress
        {
            markers.push(Marker::new(
                secs(stall.since),
                format!("{} stalled", dep.label),
            ));
        }
    }
    markers
}

/// The deployment configuration in force over time: the initial one, then every
/// `UpdateService` of the timeline that changed it, as `(ms, configuration)`.
fn configuration_changes(sim: &Simulation, s: ServiceId) -> Vec<(u64, DeploymentConfiguration)> {
    let mut out = vec![(
        0,
        sim.config.services[s.idx()].config.deployment_configuration,
    )];
    for a in &sim.config.timeline {
        if let Action::UpdateService {
            service,
            deployment_configuration: Some(dc),
            ..
        } = &a.action
            && *service == s
            && a.at <= sim.end
        {
            out.push((a.at, *dc));
        }
    }
    out
}

fn healthy_chart(sim: &Simulation, s: ServiceId) -> LineChart {
    let svc = &sim.services[s.idx()];
    let changes = configuration_changes(sim, s);
    let config_at = |t: u64| {
        changes
            .iter()
            .rev()
            .find(|c| c.0 <= t)
            .map_or(changes[0].1, |c| c.1)
    };
    let (mut healthy, mut desired, mut all, mut floor, mut ceiling) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for x in &sim.samples {
        let Some(v) = x.services.iter().find(|v| v.service == s) else {
            continue;
        };
        let (h, n) = v.deployments.iter().fold((0, 0), |(h, n), d| {
            (h + d.healthy, n + d.starting + d.running + d.stopping)
        });
        let dc = config_at(x.at);
        let t = at(x);
        healthy.push((t, f64::from(h)));
        all.push((t, f64::from(n)));
        desired.push((t, f64::from(v.desired)));
        floor.push((
            t,
            f64::from(ceil_percent(v.desired, dc.minimum_healthy_percent)),
        ));
        ceiling.push((t, f64::from(floor_percent(v.desired, dc.maximum_percent))));
    }
    let constant = |p: &[(f64, f64)]| p.windows(2).all(|w| w[0].1 == w[1].1);
    let first = changes[0].1;
    let steady = constant(&desired) && changes.len() == 1;
    let desired_count = desired.first().map_or(0.0, |p| p.1);
    let mut series = vec![
        Series::step("healthy tasks", healthy)
            .with_color(palette::GREEN)
            .with_fill(),
        Series::step("all tasks (starting + running + stopping)", all).with_color(palette::PURPLE),
    ];
    if !steady {
        series.push(
            Series::step("desiredCount", desired)
                .with_color(palette::BLACK)
                .with_dashes(),
        );
    }
    let mut hlines = Vec::new();
    if steady {
        let (f, c) = (
            floor.first().map_or(0.0, |p| p.1),
            ceiling.first().map_or(0.0, |p| p.1),
        );
        hlines.push(HLine {
            color: Some(palette::VERMILLION),
            ..HLine::new(
                f,
                format!(
                    "minimumHealthyPercent {} of desiredCount {desired_count} → at least {f} healthy",
                    first.minimum_healthy_percent
                ),
            )
        });
        hlines.push(HLine::new(
            c,
            format!(
                "maximumPercent {} of desiredCount {desired_count} → at most {c} tasks",
                first.maximum_percent
            ),
        ));
    } else {
        series.push(
            Series::step("minimumHealthyPercent floor", floor)
                .with_color(palette::VERMILLION)
                .with_dashes(),
        );
        series.push(
            Series::step("maximumPercent ceiling", ceiling)
                .with_color(palette::SKY_BLUE)
                .with_dashes(),
        );
    }
    let min = svc
        .stats
        .min_healthy_count
        .map_or("-".into(), |m| m.to_string());
    LineChart {
        title: format!("Service {}: healthy tasks vs desiredCount", svc.config.name),
        subtitle: Some(format!(
            "fewest healthy {min} · peak tasks {} · dashed lines: the deployment bounds",
            svc.stats.peak_task_count
        )),
        x_label: "simulated time".into(),
        y_label: "tasks".into(),
        series,
        hlines,
        markers: deployment_markers(sim, s),
        x_is_time_seconds: true,
        ..LineChart::default()
    }
}

/// Tasks of every service outside `top`, by state: the cluster totals minus the top services.
fn other_services_chart(sim: &Simulation, top: &[ServiceId]) -> Option<LineChart> {
    if sim.services.len() <= top.len() {
        return None;
    }
    let (mut starting, mut running, mut stopping) = (Vec::new(), Vec::new(), Vec::new());
    for x in &sim.samples {
        let (mut a, mut b, mut c) = (x.cluster.starting, x.cluster.running, x.cluster.stopping);
        for v in x.services.iter().filter(|v| top.contains(&v.service)) {
            for d in &v.deployments {
                a = a.saturating_sub(u64::from(d.starting));
                b = b.saturating_sub(u64::from(d.running));
                c = c.saturating_sub(u64::from(d.stopping));
            }
        }
        let t = at(x);
        starting.push((t, a as f64));
        running.push((t, b as f64));
        stopping.push((t, c as f64));
    }
    let n = sim.services.len() - top.len();
    Some(LineChart {
        title: format!("Tasks of the other {n} services"),
        subtitle: Some("summed over services without a chart of their own".into()),
        x_label: "simulated time".into(),
        y_label: "tasks".into(),
        series: [
            Series::step("running", running).with_color(palette::BLUE),
            Series::line("starting", steps_while_nonzero(&starting))
                .with_color(palette::ORANGE)
                .with_dashes(),
            Series::line("stopping", steps_while_nonzero(&stopping))
                .with_color(palette::VERMILLION + 8),
        ]
        .into_iter()
        .filter(|s| !s.points.is_empty())
        .collect(),
        x_is_time_seconds: true,
        ..LineChart::default()
    })
}

#[derive(Clone, Copy)]
enum Resource {
    Cpu,
    Memory,
}

/// Registered and reserved amounts of one resource in a sample.
type Amounts = fn(&Sample) -> (u64, u64);

fn capacity_chart(sim: &Simulation, r: Resource) -> LineChart {
    let (unit, name, pick): (&str, &str, Amounts) = match r {
        Resource::Cpu => ("vCPU", "CPU", |x| {
            (x.cluster.registered_cpu, x.cluster.reserved_cpu)
        }),
        Resource::Memory => ("GiB", "Memory", |x| {
            (x.cluster.registered_memory, x.cluster.reserved_memory)
        }),
    };
    let (mut registered, mut reserved) = (Vec::new(), Vec::new());
    let (mut peak, mut least_spare, mut registered_at_peak) = (0u64, u64::MAX, 0u64);
    for x in &sim.samples {
        let (g, v) = pick(x);
        registered.push((at(x), g as f64 / 1024.0));
        reserved.push((at(x), v as f64 / 1024.0));
        if v > peak {
            peak = v;
            registered_at_peak = g;
        }
        least_spare = least_spare.min(g.saturating_sub(v));
    }
    let fmt = |v: u64| {
        let x = v as f64 / 1024.0;
        if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            format!("{x:.1}")
        }
    };
    LineChart {
        title: format!("{name}: registered vs reserved by tasks"),
        subtitle: Some(format!(
            "peak reserved {} of {} {unit} registered · least spare {} {unit} · the gap is the spare capacity",
            fmt(peak),
            fmt(registered_at_peak),
            fmt(if least_spare == u64::MAX {
                0
            } else {
                least_spare
            })
        )),
        x_label: "simulated time".into(),
        y_label: unit.into(),
        series: vec![
            Series::step(
                format!("registered {unit} (ACTIVE and DRAINING container instances)"),
                registered,
            )
            .with_color(palette::BLACK)
            .with_dashes(),
            Series::step(format!("reserved {unit}"), reserved)
                .with_color(palette::BLUE)
                .with_fill(),
        ],
        x_is_time_seconds: true,
        ..LineChart::default()
    }
}

fn cost_chart(cost: &CostReport, cumulative: bool) -> LineChart {
    let times: Vec<f64> = cost.times.iter().map(|&t| secs(t)).collect();
    let points =
        |v: &[f64]| -> Vec<(f64, f64)> { times.iter().copied().zip(v.iter().copied()).collect() };
    let pick = |l: &crate::cost::CostLine| {
        if cumulative {
            l.cumulative.clone()
        } else {
            l.rate.clone()
        }
    };
    let mut series = Vec::new();
    let color = |k: LineKind| match k {
        LineKind::Ec2 => palette::BLUE,
        LineKind::Fargate => palette::ORANGE,
        LineKind::LoadBalancer => palette::GREEN,
        LineKind::PublicIpv4 => palette::PURPLE,
    };
    // EC2 (one shared line), then Fargate per service (the first few, the rest summed),
    // then load balancers and addresses summed over services.
    // Cumulative cost accrues between samples: straight lines; rates are steps.
    let make = |name: String, p: Vec<(f64, f64)>| {
        if cumulative {
            Series::line(name, p)
        } else {
            Series::step(name, p)
        }
    };
    for l in cost.lines.iter().filter(|l| l.kind == LineKind::Ec2) {
        series.push(make(l.name.clone(), points(&pick(l))).with_color(color(l.kind)));
    }
    // The most expensive Fargate services get their own line (ties keep service order).
    let mut fargate: Vec<_> = cost
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Fargate)
        .collect();
    fargate.sort_by(|a, b| b.total_usd.total_cmp(&a.total_usd));
    for (i, l) in fargate.iter().take(TOP_COST_LINES).enumerate() {
        let c = [palette::ORANGE, palette::VERMILLION, palette::SKY_BLUE][i % 3];
        series.push(make(l.name.clone(), points(&pick(l))).with_color(c));
    }
    if fargate.len() > TOP_COST_LINES {
        let mut sum = vec![0.0; times.len()];
        for l in &fargate[TOP_COST_LINES..] {
            for (s, v) in sum.iter_mut().zip(pick(l)) {
                *s += v;
            }
        }
        series.push(
            make(
                format!("Fargate, {} other services", fargate.len() - TOP_COST_LINES),
                points(&sum),
            )
            .with_color(palette::PURPLE + 8),
        );
    }
    for (kind, name) in [
        (LineKind::LoadBalancer, "load balancers"),
        (LineKind::PublicIpv4, "public IPv4"),
    ] {
        if cost.lines.iter().any(|l| l.kind == kind) {
            let v = cost.kind_series(kind, cumulative);
            let n = cost.lines.iter().filter(|l| l.kind == kind).count();
            let label = if kind == LineKind::LoadBalancer {
                format!(
                    "{n} Application Load Balancer{}",
                    if n == 1 { "" } else { "s" }
                )
            } else {
                name.to_string()
            };
            series.push(make(label, points(&v)).with_color(color(kind)));
        }
    }
    if series.len() != 1 {
        let total = if cumulative {
            cost.total_cumulative()
        } else {
            cost.total_rate()
        };
        series.push(
            make("total".into(), points(&total))
                .with_color(palette::BLACK)
                .with_dashes(),
        );
    }
    let subtitle = format!(
        "{} prices of {} · run total {} · {}/h at the end → {} for 30 days at that rate",
        cost.region,
        cost.prices_as_of,
        crate::cost::usd_text(cost.total_usd()),
        crate::cost::usd_text(cost.rate_at_end_usd_per_hour()),
        crate::cost::usd_text(cost.projection_30_days_usd()),
    );
    LineChart {
        title: if cumulative {
            "Cumulative cost".into()
        } else {
            "Cost rate".into()
        },
        subtitle: Some(subtitle),
        x_label: "simulated time".into(),
        y_label: if cumulative {
            "USD billed so far".into()
        } else {
            "USD per hour".into()
        },
        series,
        x_is_time_seconds: true,
        ..LineChart::default()
    }
}
