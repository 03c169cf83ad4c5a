//! `report.html`: one self-contained page per run (summary tables, inline SVG charts, a still
//! of the container instances, the cost with its prices and assumptions).

use charts::{Report, Section, Table};
use sim::Simulation;
use sim::deployment::RolloutState;

use crate::cost::{CostReport, usd_text};
use crate::instances_gif::Animation;
use crate::run_charts::NamedChart;
use crate::summary::{clock, listed_services, listed_services_note};

/// The report of one run. `charts` are inlined as SVG (none with `--no-charts`).
pub fn run_report(
    sim: &Simulation,
    scenario_name: &str,
    description: Option<&str>,
    cost: &CostReport,
    charts: &[NamedChart],
    animation: Option<&Animation>,
) -> Result<Report, String> {
    let mut subtitle = format!(
        "seed {} · ended at {} of simulated time · {} events",
        sim.config.seed,
        clock(sim.end),
        sim.events_processed
    );
    if let Some(d) = description {
        subtitle = format!("{d} ({subtitle})");
    }
    // Large fleets: the most notable services only (summary.json has them all).
    let listed = listed_services(sim);
    let mut paragraphs: Vec<String> = listed_services_note(sim, listed.len())
        .into_iter()
        .collect();
    paragraphs.extend(stalls(sim, &listed));
    let mut sections = vec![Section {
        heading: "Services".into(),
        tables: vec![
            services_table(sim, &listed),
            deployments_table(sim, &listed),
        ],
        paragraphs,
        ..Section::default()
    }];
    let svg = |c: &NamedChart| charts::line_chart_svg(&c.chart).map_err(|e| e.to_string());
    let service_charts: Vec<String> = charts
        .iter()
        .filter(|c| c.stem.starts_with("tasks-") || c.stem.starts_with("healthy-"))
        .map(svg)
        .collect::<Result<_, _>>()?;
    if !service_charts.is_empty() {
        sections.push(Section {
            heading: "Tasks and health over time".into(),
            svgs: service_charts,
            ..Section::default()
        });
    }
    let capacity: Vec<String> = charts
        .iter()
        .filter(|c| c.stem.starts_with("capacity-"))
        .map(svg)
        .collect::<Result<_, _>>()?;
    let mut still = Vec::new();
    let mut still_note = Vec::new();
    if let Some(a) = animation
        && let Some((i, frame)) = busiest_frame(a)
    {
        still.push(charts::instances_svg(frame, &a.legend, &a.title).map_err(|e| e.to_string())?);
        still_note.push(format!(
            "The container instances at their busiest ({}; frame {} of {} of instances.gif). Solid: RUNNING; hatched: placed, not RUNNING yet; faded: stopping.",
            frame.time_label,
            i + 1,
            a.frames.len()
        ));
    }
    if !capacity.is_empty() || !still.is_empty() {
        sections.push(Section {
            heading: "Capacity".into(),
            paragraphs: still_note,
            svgs: capacity.into_iter().chain(still).collect(),
            ..Section::default()
        });
    }
    sections.push(cost_section(cost, charts)?);
    Ok(Report {
        title: format!("ecsim: {scenario_name}"),
        subtitle: Some(subtitle),
        sections,
    })
}

/// The frame with the most tasks (the first of equals).
fn busiest_frame(a: &Animation) -> Option<(usize, &charts::Frame)> {
    let count = |f: &charts::Frame| f.instances.iter().map(|i| i.tasks.len()).sum::<usize>();
    a.frames
        .iter()
        .enumerate()
        .fold(
            None,
            |best: Option<(usize, &charts::Frame)>, (i, f)| match best {
                Some((_, b)) if count(b) >= count(f) => best,
                _ => Some((i, f)),
            },
        )
}

fn services_table(sim: &Simulation, listed: &[usize]) -> Table {
    let mut rows: Vec<Vec<String>> = listed
        .iter()
        .map(|&i| {
            let svc = &sim.services[i];
            let c = sim.live_counts(sim::ServiceId(i as u32));
            let dc = svc.config.deployment_configuration;
            vec![
                svc.config.name.clone(),
                format!("{} / {}", dc.maximum_percent, dc.minimum_healthy_percent),
                svc.desired_count.to_string(),
                c.running.to_string(),
                c.healthy.to_string(),
                svc.stats.peak_task_count.to_string(),
                svc.stats
                    .min_healthy_count
                    .map_or("-".into(), |m| m.to_string()),
                svc.stats.unplaced_attempts.to_string(),
            ]
        })
        .collect();
    if let Some(row) = more_row(sim.services.len() - listed.len(), "services", 8) {
        rows.push(row);
    }
    Table {
        caption: Some("Services at the end of the run".into()),
        headers: [
            "service",
            "max % / min healthy %",
            "desired",
            "running",
            "healthy",
            "peak tasks",
            "fewest healthy",
            "unplaced attempts",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        numeric_columns: vec![2, 3, 4, 5, 6, 7],
    }
}

fn deployments_table(sim: &Simulation, listed: &[usize]) -> Table {
    let mut rows = Vec::new();
    let deployments_of = |svc: &'_ sim::service::Service| {
        svc.deployments
            .iter()
            .filter(|d| sim.deployments[d.idx()].is_rollout(sim.config.start_steady))
            .count()
    };
    for &i in listed {
        let svc = &sim.services[i];
        for &d in &svc.deployments {
            let dep = &sim.deployments[d.idx()];
            if !dep.is_rollout(sim.config.start_steady) {
                continue;
            }
            rows.push(vec![
                svc.config.name.clone(),
                dep.label.clone(),
                sim.task_definitions[dep.task_definition.idx()].name(),
                dep.rollout_state.as_str().to_string(),
                clock(dep.started_at),
                dep.completed_at.map_or("-".into(), clock),
                dep.completed_at
                    .map_or("not finished".into(), |c| clock(c - dep.started_at)),
                dep.launched.to_string(),
            ]);
        }
    }
    let all: usize = sim.services.iter().map(deployments_of).sum();
    if let Some(row) = more_row(all - rows.len(), "deployments", 8) {
        rows.push(row);
    }
    Table {
        caption: Some("Deployments (times in simulated m:ss)".into()),
        headers: [
            "service",
            "deployment",
            "task definition",
            "rollout state",
            "started",
            "finished",
            "took",
            "tasks launched",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        numeric_columns: vec![4, 5, 6, 7],
    }
}

/// The row that closes a table of a large fleet: `… and 4984 more services (all in
/// summary.json)`, then empty cells; `None` when nothing was left out.
fn more_row(left_out: usize, what: &str, columns: usize) -> Option<Vec<String>> {
    if left_out == 0 {
        return None;
    }
    let mut row = vec![format!(
        "… and {left_out} more {what} (all in summary.json)"
    )];
    row.resize(columns, String::new());
    Some(row)
}

fn stalls(sim: &Simulation, listed: &[usize]) -> Vec<String> {
    let mut out = Vec::new();
    for &i in listed {
        let svc = &sim.services[i];
        for &d in &svc.deployments {
            let dep = &sim.deployments[d.idx()];
            if dep.rollout_state != RolloutState::InProgress {
                continue;
            }
            if let Some(st) = &dep.stall {
                out.push(format!(
                    "{} {} STALLED since {}: {}",
                    svc.config.name,
                    dep.label,
                    clock(st.since),
                    st.reason
                ));
                if !st.hint.is_empty() {
                    out.push(format!("To unblock: {}", st.hint));
                }
            }
            if let Some(r) = &dep.failure_reason {
                out.push(format!("{} {} failed: {r}", svc.config.name, dep.label));
            }
        }
    }
    out
}

fn cost_section(cost: &CostReport, charts: &[NamedChart]) -> Result<Section, String> {
    let svgs = charts
        .iter()
        .filter(|c| c.stem.starts_with("cost"))
        .map(|c| charts::line_chart_svg(&c.chart).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let row = |name: String, runs: u64, billed_seconds: u64, total: f64, rate: f64| {
        vec![
            name,
            runs.to_string(),
            format!("{:.3}", billed_seconds as f64 / 3600.0),
            usd_text(total),
            usd_text(rate),
            usd_text(rate * crate::cost::PROJECTION_HOURS),
        ]
    };
    // Large fleets: the costliest lines, and the others summed per kind (as in cost.csv).
    let (listed, others) = cost.listed_lines();
    let mut rows: Vec<Vec<String>> = listed
        .iter()
        .map(|&i| &cost.lines[i])
        .map(|l| {
            row(
                l.name.clone(),
                l.runs,
                l.billed_seconds,
                l.total_usd,
                l.rate_at_end_usd_per_hour,
            )
        })
        .collect();
    for kind in others {
        let rest: Vec<&crate::cost::CostLine> = (0..cost.lines.len())
            .filter(|i| listed.binary_search(i).is_err())
            .map(|i| &cost.lines[i])
            .filter(|l| l.kind == kind)
            .collect();
        rows.push(row(
            format!(
                "other {} ({} line{})",
                kind.as_str(),
                rest.len(),
                if rest.len() == 1 { "" } else { "s" }
            ),
            rest.iter().map(|l| l.runs).sum(),
            rest.iter().map(|l| l.billed_seconds).sum(),
            rest.iter().map(|l| l.total_usd).sum(),
            rest.iter().map(|l| l.rate_at_end_usd_per_hour).sum(),
        ));
    }
    rows.push(vec![
        "total".into(),
        String::new(),
        String::new(),
        usd_text(cost.total_usd()),
        usd_text(cost.rate_at_end_usd_per_hour()),
        usd_text(cost.projection_30_days_usd()),
    ]);
    let lines = Table {
        caption: Some(format!(
            "Cost at {} prices of {} (pricingDate {}), EC2 billed {}",
            cost.region,
            cost.prices_as_of,
            cost.pricing_date,
            match cost.ec2_billing {
                pricing::Ec2BillingRule::PerSecond => "per second (60 s minimum)",
                pricing::Ec2BillingRule::PerHour => "per started hour",
            }
        )),
        headers: [
            "line",
            "billed runs",
            "billed hours",
            "run total",
            "rate at the end (per hour)",
            "30 days at that rate",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        numeric_columns: vec![1, 2, 3, 4, 5],
    };
    let prices = Table {
        caption: Some("Prices used".into()),
        headers: ["price", "value", "unit", "source"]
            .map(String::from)
            .to_vec(),
        rows: cost
            .prices
            .iter()
            .map(|p| {
                vec![
                    p.what.clone(),
                    p.value.to_string(),
                    p.unit.to_string(),
                    p.citation.clone(),
                ]
            })
            .collect(),
        numeric_columns: vec![1],
    };
    let mut paragraphs: Vec<String> = cost
        .warnings
        .iter()
        .map(|w| format!("Warning: {w}"))
        .collect();
    paragraphs.extend(cost.assumptions.iter().map(|a| format!("Assumed: {a}.")));
    Ok(Section {
        heading: "Cost".into(),
        paragraphs,
        tables: vec![lines, prices],
        svgs,
    })
}
