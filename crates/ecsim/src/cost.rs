//! What a finished run cost, billed the way AWS documents it, as totals and as a time series.
//!
//! [`cost_report`] is a pure function of the finished [`Simulation`] and the scenario's
//! [`Pricing`] (region, date, overrides, price book). Every billed thing is a [`Run`]: an interval
//! of simulated time at an hourly price with a billing rule.
//!
//! - **EC2 container instances**, one shared line: from registration (`registered_at`) to
//!   deregistration (`deregistered_at`, or the end of the run if still registered), Linux per
//!   second with a 60-second minimum per run from 2017-10-02, every started hour before
//!   (`pricing::ec2_billed_seconds`). Spot instances at the catalog's Spot savings.
//! - **Fargate tasks**, one line per service: from the start of the image pull
//!   (`pull_started_at`) to the task's stop (`stopped_at`, or the end), per second with a
//!   1-minute minimum, per vCPU (CPU units / 1024) and per GB (MiB / 1024), x86_64 prices;
//!   Fargate Spot at the Fargate Spot discount (`pricing::fargate_billed_seconds`).
//! - **Application Load Balancers**: one per service with a load balancer, running for the
//!   whole run, billed per hour or partial hour; LCUs are not modelled (no traffic model).
//! - **Public IPv4**: per address-hour, for Fargate tasks whose service assigns a public IP,
//!   over the task's billed window, per second without a minimum.
//!
//! The cumulative cost at time `t` is what would be billed if everything stopped at `t`: finished
//! runs at their exact bill, running ones at their minimum or their elapsed time (per-second
//! rules, metered to the millisecond) or their started hours (per-hour rules). The last point
//! is the run's exact total. The rate at `t` is the sum of the hourly prices of what runs at
//! `t`. The 30-day projection: for runs shorter than a day, the rate at the end of the run ×
//! 720 h (what the resources still running at the end would cost over 30 days, unchanged); for
//! runs of a day or more, 30 × what the last 24 h cost, so that a day/night cycle is projected
//! as a cycle rather than as its last hour.

use std::collections::{BTreeMap, BTreeSet};

use crate::names::secs;
use pricing::{
    CpuArchitecture, EC2_MINIMUM_BILLED_SECONDS, Ec2BillingRule, FARGATE_MINIMUM_BILLED_SECONDS,
    PriceBook, ec2_billed_seconds, fargate_billed_seconds, spot,
};
use scenario::Pricing;
use serde_json::{Value, json};
use sim::Simulation;
use sim::capacity_provider::CapacityProvider;
use sim::container_instance::{ContainerInstance, InstanceSpec, InstanceStatus};
use sim::record::Record;
use sim::task::{Task, TaskTimes};
use sim::time::SimTime;

/// Milliseconds per hour, as a float for rates.
const MS_PER_HOUR: f64 = 3_600_000.0;

/// Above this many cost lines, `cost.csv` and `report.html` list the costliest
/// [`LISTED_LINES`] and sum the rest per kind.
pub const LISTED_LINES_MAX: usize = 32;

/// Lines `cost.csv` and `report.html` list for large fleets.
pub const LISTED_LINES: usize = 16;

/// Hours in the 30-day projection: 30 × 24.
pub const PROJECTION_HOURS: f64 = 720.0;

/// How a run is billed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Billing {
    /// An EC2 instance run under the rule in force on the pricing date.
    Ec2(Ec2BillingRule),
    /// A Fargate task: per second, rounded up, 60-second minimum.
    Fargate,
    /// A load balancer: every hour or partial hour in full.
    LoadBalancerHour,
    /// Per second, rounded up, no minimum (public IPv4 addresses; an assumption).
    PerSecond,
}

impl Billing {
    /// Seconds billed for a run of `ms` milliseconds.
    pub fn billed_seconds(self, ms: SimTime) -> u64 {
        match self {
            Billing::Ec2(rule) => ec2_billed_seconds(ms, rule),
            Billing::Fargate => fargate_billed_seconds(ms),
            Billing::LoadBalancerHour => ec2_billed_seconds(ms, Ec2BillingRule::PerHour),
            Billing::PerSecond => ms.div_ceil(1000),
        }
    }

    /// The minimum of a per-second rule in milliseconds; `None` for per-hour rules.
    fn per_second_minimum_ms(self) -> Option<SimTime> {
        match self {
            Billing::Ec2(Ec2BillingRule::PerSecond) => Some(EC2_MINIMUM_BILLED_SECONDS * 1000),
            Billing::Fargate => Some(FARGATE_MINIMUM_BILLED_SECONDS * 1000),
            Billing::PerSecond => Some(0),
            Billing::Ec2(Ec2BillingRule::PerHour) | Billing::LoadBalancerHour => None,
        }
    }
}

/// One billed interval: an instance's registration, a Fargate task, an ALB, an address.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Run {
    /// Index of its line in [`CostReport::lines`].
    pub line: usize,
    /// Start of billing.
    pub start: SimTime,
    /// End of billing (the run's end when it was still running).
    pub end: SimTime,
    /// Still running when the run ended: counts toward the rate at the end.
    pub open: bool,
    /// USD per hour while it runs.
    pub hourly_usd: f64,
    /// Rounding and minimum.
    pub billing: Billing,
}

impl Run {
    /// Seconds billed.
    pub fn billed_seconds(&self) -> u64 {
        self.billing.billed_seconds(self.end - self.start)
    }

    /// USD billed: hourly × billed seconds / 3600 (the pricing crate's formula).
    pub fn charge(&self) -> f64 {
        self.hourly_usd * self.billed_seconds() as f64 / 3600.0
    }

    /// USD owed at `t` if it stopped then (0 before it started, the exact bill after its end).
    pub fn accrued_at(&self, t: SimTime) -> f64 {
        if t < self.start {
            0.0
        } else if t >= self.end {
            self.charge()
        } else {
            let elapsed = t - self.start;
            match self.billing.per_second_minimum_ms() {
                Some(min) => self.hourly_usd * elapsed.max(min) as f64 / MS_PER_HOUR,
                None => self.hourly_usd * elapsed.div_ceil(3_600_000).max(1) as f64,
            }
        }
    }

    /// Whether it counts toward the rate at `t`.
    fn running_at(&self, t: SimTime) -> bool {
        self.start <= t && (t < self.end || self.open)
    }
}

/// What a line bills.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LineKind {
    /// EC2 container instances (shared by every service on them).
    Ec2,
    /// Fargate tasks of one service.
    Fargate,
    /// The Application Load Balancer of one service.
    LoadBalancer,
    /// Public IPv4 addresses of one service's tasks.
    PublicIpv4,
}

impl LineKind {
    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Ec2 => "EC2",
            LineKind::Fargate => "FARGATE",
            LineKind::LoadBalancer => "ALB",
            LineKind::PublicIpv4 => "PUBLIC_IPV4",
        }
    }
}

/// One line of the bill, with its time series.
#[derive(Clone, Debug, PartialEq)]
pub struct CostLine {
    /// Display name, e.g. `EC2 instances`, `Fargate api`.
    pub name: String,
    /// What it bills.
    pub kind: LineKind,
    /// The service, for per-service lines.
    pub service: Option<String>,
    /// Billed runs (instance registrations, tasks, load balancers, addresses).
    pub runs: u64,
    /// Seconds billed, summed over runs (instance-seconds, task-seconds, ...).
    pub billed_seconds: u64,
    /// USD billed.
    pub total_usd: f64,
    /// USD per hour of what still ran at the end.
    pub rate_at_end_usd_per_hour: f64,
    /// USD per hour at each of [`CostReport::times`].
    pub rate: Vec<f64>,
    /// USD accrued at each of [`CostReport::times`].
    pub cumulative: Vec<f64>,
}

/// A price the report used, with its provenance.
#[derive(Clone, Debug, PartialEq)]
pub struct PriceUsed {
    /// What it prices, e.g. `EC2 m4.large on-demand`.
    pub what: String,
    /// The value.
    pub value: f64,
    /// Its unit, e.g. `USD per hour`.
    pub unit: &'static str,
    /// `source: ..., as of ...`.
    pub citation: String,
}

/// The cost of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct CostReport {
    /// Region of the prices.
    pub region: String,
    /// The pricing date as the scenario wrote it.
    pub pricing_date: String,
    /// The day the prices are for (`YYYY-MM-DD`).
    pub prices_as_of: String,
    /// EC2 billing rule on that day.
    pub ec2_billing: Ec2BillingRule,
    /// Sample instants of the series (the run's time-series samples).
    pub times: Vec<SimTime>,
    /// The run's end.
    pub end: SimTime,
    /// Lines: EC2 first, then per service (Fargate, ALB, public IPv4) in service order.
    pub lines: Vec<CostLine>,
    /// Prices used, with sources.
    pub prices: Vec<PriceUsed>,
    /// What the model assumes.
    pub assumptions: Vec<String>,
    /// What could not be priced, and was costed at 0.
    pub warnings: Vec<String>,
}

impl CostReport {
    /// USD billed for the whole run.
    pub fn total_usd(&self) -> f64 {
        self.lines.iter().map(|l| l.total_usd).sum()
    }

    /// USD per hour of what still ran at the end.
    pub fn rate_at_end_usd_per_hour(&self) -> f64 {
        self.lines.iter().map(|l| l.rate_at_end_usd_per_hour).sum()
    }

    /// The 30-day projection (module docs): 30 × the last day's cost when the run lasted a day
    /// or more, else the rate at the end × 720 h.
    pub fn projection_30_days_usd(&self) -> f64 {
        const DAY_MS: SimTime = 86_400_000;
        if self.end >= DAY_MS
            && let Some(i) = self.times.iter().position(|&t| t >= self.end - DAY_MS)
        {
            let window_h = (self.end - self.times[i]) as f64 / MS_PER_HOUR;
            let spent: f64 = self
                .lines
                .iter()
                .map(|l| l.total_usd - l.cumulative[i])
                .sum();
            if window_h > 0.0 {
                return spent / window_h * PROJECTION_HOURS;
            }
        }
        self.rate_at_end_usd_per_hour() * PROJECTION_HOURS
    }

    /// USD billed per kind (EC2, FARGATE, ALB, PUBLIC_IPV4), kinds that occur only.
    pub fn total_by_kind(&self) -> Vec<(LineKind, f64)> {
        let kinds: BTreeSet<LineKind> = self.lines.iter().map(|l| l.kind).collect();
        kinds
            .into_iter()
            .map(|k| {
                let usd = self
                    .lines
                    .iter()
                    .filter(|l| l.kind == k)
                    .map(|l| l.total_usd)
                    .sum();
                (k, usd)
            })
            .collect()
    }

    /// The rate summed over lines at each sample instant.
    pub fn total_rate(&self) -> Vec<f64> {
        self.sum_of(self.lines.iter(), false)
    }

    /// The cumulative cost summed over lines at each sample instant.
    pub fn total_cumulative(&self) -> Vec<f64> {
        self.sum_of(self.lines.iter(), true)
    }

    /// A series summed over the lines of one kind.
    pub fn kind_series(&self, kind: LineKind, cumulative: bool) -> Vec<f64> {
        self.sum_of(self.lines.iter().filter(|l| l.kind == kind), cumulative)
    }

    /// The rate (or cumulative cost) summed over `lines`, added in the order given.
    fn sum_of<'a>(&self, lines: impl Iterator<Item = &'a CostLine>, cumulative: bool) -> Vec<f64> {
        let mut out = vec![0.0; self.times.len()];
        for l in lines {
            add(&mut out, if cumulative { &l.cumulative } else { &l.rate });
        }
        out
    }

    /// The compact block of `summary.json`.
    pub fn summary_json(&self) -> Value {
        let by_kind: serde_json::Map<String, Value> = self
            .total_by_kind()
            .into_iter()
            .map(|(k, usd)| (k.as_str().to_owned(), json!(usd)))
            .collect();
        json!({
            "currency": "USD",
            "region": self.region,
            "pricingDate": self.pricing_date,
            "pricesAsOf": self.prices_as_of,
            "ec2Billing": ec2_rule_name(self.ec2_billing),
            "totalUsd": self.total_usd(),
            "byKindUsd": by_kind,
            "rateAtEndUsdPerHour": self.rate_at_end_usd_per_hour(),
            "projection30DaysUsd": self.projection_30_days_usd(),
        })
    }

    /// `cost.json`: the summary block plus lines, prices with sources, assumptions and warnings,
    /// pretty-printed, and a line break. The lines (one per service with a load balancer or
    /// Fargate tasks) are written straight into the output, without a `Value` each.
    pub fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        crate::json_out::write_pretty_with_items(
            &self.json_head(),
            "lines",
            self.lines.len(),
            w,
            |i, out| {
                let l = &self.lines[i];
                out.push(b'{');
                crate::json_out::pretty_fields!(out, "      ", {
                    "name": l.name,
                    "kind": crate::json_out::Name(l.kind.as_str()),
                    "service": l.service,
                    "runs": l.runs,
                    "billedSeconds": l.billed_seconds,
                    "totalUsd": l.total_usd,
                    "rateAtEndUsdPerHour": l.rate_at_end_usd_per_hour,
                });
                out.extend_from_slice(b"\n    }");
            },
        )
    }

    /// `cost.json` with an empty "lines" array.
    fn json_head(&self) -> Value {
        let mut v = self.summary_json();
        let prices: Vec<Value> = self
            .prices
            .iter()
            .map(|p| json!({"what": p.what, "value": p.value, "unit": p.unit, "citation": p.citation}))
            .collect();
        if let Value::Object(map) = &mut v {
            map.insert("endSeconds".into(), json!(secs(self.end)));
            map.insert("projectionHours".into(), json!(PROJECTION_HOURS));
            map.insert("lines".into(), Value::Array(Vec::new()));
            map.insert("prices".into(), Value::Array(prices));
            map.insert("assumptions".into(), json!(self.assumptions));
            map.insert("warnings".into(), json!(self.warnings));
        }
        v
    }

    /// The lines `cost.csv` and `report.html` list one by one, in line order, and the kinds of
    /// the lines they sum instead, one `other` row per kind: every line, or with more than
    /// [`LISTED_LINES_MAX`] lines (large fleets) the [`LISTED_LINES`] costliest (by
    /// `totalUsd`, ties in line order) and the only line left of a kind, so that both stay
    /// proportionate.
    pub fn listed_lines(&self) -> (Vec<usize>, Vec<LineKind>) {
        let mut order: Vec<usize> = (0..self.lines.len()).collect();
        if self.lines.len() <= LISTED_LINES_MAX {
            return (order, Vec::new());
        }
        order.sort_by(|&a, &b| {
            self.lines[b]
                .total_usd
                .total_cmp(&self.lines[a].total_usd)
                .then(a.cmp(&b))
        });
        let mut listed = order[..LISTED_LINES].to_vec();
        // A kind with a single line left over lists it by name rather than as `other (1 line)`.
        let mut left: BTreeMap<LineKind, Vec<usize>> = BTreeMap::new();
        for &i in &order[LISTED_LINES..] {
            left.entry(self.lines[i].kind).or_default().push(i);
        }
        let mut others = Vec::new();
        for (kind, lines) in left {
            match lines[..] {
                [only] => listed.push(only),
                _ => others.push(kind),
            }
        }
        listed.sort_unstable();
        (listed, others)
    }

    /// `cost.csv`: per sample instant a `total` row, then one row per line of
    /// [`CostReport::listed_lines`] and one `other` row per kind summing the lines not listed.
    pub fn write_csv(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        use std::io::Write as _;
        let (shown, others) = self.listed_lines();
        // Rate and cumulative cost summed over all lines, and over the lines not listed per
        // kind, adding the lines in order.
        let (rate, cumulative) = (self.total_rate(), self.total_cumulative());
        let other: Vec<(LineKind, Vec<f64>, Vec<f64>)> = others
            .iter()
            .map(|&kind| {
                let shown = &shown;
                let left = || {
                    self.lines
                        .iter()
                        .enumerate()
                        .filter(move |&(k, l)| l.kind == kind && shown.binary_search(&k).is_err())
                        .map(|(_, l)| l)
                };
                (kind, self.sum_of(left(), false), self.sum_of(left(), true))
            })
            .collect();
        let names: Vec<String> = shown
            .iter()
            .map(|&k| csv_field(&self.lines[k].name))
            .collect();
        // The file is small (a few rows per sample): formatted in memory, written at once.
        let mut out = Vec::new();
        writeln!(out, "{CSV_HEADER}")?;
        for (i, &t) in self.times.iter().enumerate() {
            let t = secs(t);
            writeln!(out, "{t},total,,{},{}", rate[i], cumulative[i])?;
            for (&k, name) in shown.iter().zip(&names) {
                let l = &self.lines[k];
                writeln!(
                    out,
                    "{t},{name},{},{},{}",
                    l.kind.as_str(),
                    l.rate[i],
                    l.cumulative[i]
                )?;
            }
            for (kind, r, c) in &other {
                writeln!(out, "{t},other,{},{},{}", kind.as_str(), r[i], c[i])?;
            }
        }
        w.write_all(&out)
    }

    /// One line for the terminal.
    pub fn to_text(&self) -> String {
        let parts: Vec<String> = self
            .total_by_kind()
            .into_iter()
            .map(|(k, usd)| format!("{} {}", k.as_str(), usd_text(usd)))
            .collect();
        let mut out = format!(
            "cost ({} prices of {}): {} for the run",
            self.region,
            self.prices_as_of,
            usd_text(self.total_usd())
        );
        if !parts.is_empty() {
            out.push_str(&format!(" ({})", parts.join(", ")));
        }
        out.push_str(&format!(
            " · {}/h at the end · 30 days at that rate {}\n",
            usd_text(self.rate_at_end_usd_per_hour()),
            usd_text(self.projection_30_days_usd())
        ));
        for w in &self.warnings {
            out.push_str(&format!("  warning: {w}\n"));
        }
        out
    }
}

/// The header of `cost.csv`.
pub const CSV_HEADER: &str = "timeSeconds,line,kind,rateUsdPerHour,cumulativeUsd";

/// `$1,234.57`; four decimals below a dollar (`$0.0225`) so that short runs do not read `$0.00`.
pub fn usd_text(usd: f64) -> String {
    let decimals = if usd.abs() >= 1.0 || usd == 0.0 { 2 } else { 4 };
    let mut s = format!("{:.*}", decimals, usd.abs());
    while decimals == 4 && s.ends_with('0') && s.len() > s.find('.').map_or(0, |d| d + 3) {
        s.pop();
    }
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if usd < 0.0 { "-" } else { "" };
    format!("{sign}${grouped}.{frac}")
}

fn ec2_rule_name(rule: Ec2BillingRule) -> &'static str {
    match rule {
        Ec2BillingRule::PerSecond => "PER_SECOND",
        Ec2BillingRule::PerHour => "PER_HOUR",
    }
}

/// Adds `v` to `sum`, element by element.
fn add(sum: &mut [f64], v: &[f64]) {
    for (s, x) in sum.iter_mut().zip(v) {
        *s += x;
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Fargate prices in force, x86_64.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FargatePrices {
    /// USD per vCPU-hour.
    pub vcpu_hour: f64,
    /// USD per GB-hour.
    pub gb_hour: f64,
    /// Fargate Spot discount as a fraction (0.7 = 70 % off); 0 when Spot did not exist yet.
    pub spot_discount: f64,
}

impl FargatePrices {
    /// USD per hour of a task of `cpu_units` and `memory_mib` (GB = GiB = 1024 MiB).
    pub fn hourly(&self, cpu_units: u32, memory_mib: u32, spot_task: bool) -> f64 {
        let vcpu = f64::from(cpu_units) / 1024.0;
        let gib = f64::from(memory_mib) / 1024.0;
        if spot_task {
            vcpu * spot(self.vcpu_hour, self.spot_discount)
                + gib * spot(self.gb_hour, self.spot_discount)
        } else {
            vcpu * self.vcpu_hour + gib * self.gb_hour
        }
    }
}

/// The billed run of one Fargate task: from the start of its image pull to its stop (or `end`),
/// per second with a 1-minute minimum. `None` when the pull never started (nothing billed).
#[allow(clippy::too_many_arguments)]
pub fn fargate_task_run(
    line: usize,
    pull_started_at: Option<SimTime>,
    stopped_at: Option<SimTime>,
    end: SimTime,
    cpu_units: u32,
    memory_mib: u32,
    spot_task: bool,
    prices: &FargatePrices,
) -> Option<Run> {
    task_run(
        line,
        pull_started_at,
        stopped_at,
        end,
        prices.hourly(cpu_units, memory_mib, spot_task),
        Billing::Fargate,
    )
}

/// A Fargate task's window, from the start of its image pull to its stop (or `end`), billed at
/// `hourly_usd`: the task itself (§4) and its public IPv4 address. `None` when the pull never
/// started.
fn task_run(
    line: usize,
    pull_started_at: Option<SimTime>,
    stopped_at: Option<SimTime>,
    end: SimTime,
    hourly_usd: f64,
    billing: Billing,
) -> Option<Run> {
    let start = pull_started_at?;
    Some(Run {
        line,
        start,
        end: stopped_at.unwrap_or(end).max(start),
        open: stopped_at.is_none(),
        hourly_usd,
        billing,
    })
}

/// The billed run of one container instance: registration to deregistration (or `end`).
/// `None` for an instance that never registered (still booting at the end, or terminated while
/// booting): `registered` says whether it ever became ACTIVE.
pub fn instance_run(
    line: usize,
    ci: &ContainerInstance,
    registered: bool,
    end: SimTime,
    rule: Ec2BillingRule,
    hourly_usd: f64,
) -> Option<Run> {
    if !registered {
        return None;
    }
    Some(Run {
        line,
        start: ci.registered_at,
        end: ci.deregistered_at.unwrap_or(end).max(ci.registered_at),
        open: ci.deregistered_at.is_none(),
        hourly_usd,
        billing: Billing::Ec2(rule),
    })
}

/// Whether an instance is an EC2 Spot instance.
fn instance_is_spot(spec: &InstanceSpec) -> bool {
    spec.spot
}

/// `None` for a task on EC2; for a Fargate task, whether it runs on Fargate Spot.
fn fargate_provider(task: &Task) -> Option<bool> {
    task.capacity_provider
        .map(|p| p == CapacityProvider::FargateSpot)
}

/// Whether a service's tasks get a public IPv4 address (`assignPublicIp: ENABLED`).
fn assigns_public_ip(sim: &Simulation, service: usize) -> bool {
    sim.services[service].config.assign_public_ip
}

/// The assumptions every report states.
fn assumptions(book: &PriceBook) -> Vec<String> {
    let ec2 = match book.billing().ec2.value {
        Ec2BillingRule::PerSecond => {
            "EC2 Linux on-demand per second, rounded up, 60-second minimum per instance run (from 2017-10-02)"
        }
        Ec2BillingRule::PerHour => {
            "EC2 Linux on-demand per started instance-hour (the rule before 2017-10-02)"
        }
    };
    vec![
        format!("{ec2}, from registration to deregistration or the end of the run; launch-to-registration time is not billed; EBS volumes are not included"),
        "Fargate per second, rounded up, 1-minute minimum, from the start of the image pull to the task's stop, per vCPU (CPU units / 1024) and per GB (MiB / 1024), Linux x86_64 prices; ephemeral storage above 20 GB is not modelled".into(),
        "one Application Load Balancer per service with a load balancer, running for the whole run, billed per hour or partial hour; LCUs are not modelled (no traffic model)".into(),
        "public IPv4 addresses are billed only where the scenario assigns one (Fargate tasks with assignPublicIp); EC2 instance addresses are not modelled".into(),
        "the cumulative cost at a time is what would be billed if everything stopped then; the last point is the run's exact bill".into(),
        format!("the 30-day projection is the rate at the end of the run × {PROJECTION_HOURS} h (30 × 24 h): what the instances, tasks and load balancers still running at the end would cost if nothing changed"),
        "NAT gateways, data transfer, CloudWatch, Savings Plans and reserved instances are not modelled".into(),
    ]
}

/// The cost of a finished run at the scenario's prices.
pub fn cost_report(sim: &Simulation, pricing: &Pricing) -> CostReport {
    let book = &pricing.book;
    let rule = book.billing().ec2.value;
    let end = sim.end;
    let mut warnings = pricing.warnings.clone();
    let mut prices = Vec::new();
    // At least the EC2 line and one line per service (typically its load balancer); at least a
    // run per instance and per such line.
    let mut lines: Vec<CostLine> = Vec::with_capacity(1 + sim.services.len());
    let mut runs: Vec<Run> = Vec::with_capacity(sim.instances.len() + sim.services.len());
    let new_line = |lines: &mut Vec<CostLine>, name: String, kind, service| {
        lines.push(CostLine {
            name,
            kind,
            service,
            runs: 0,
            billed_seconds: 0,
            total_usd: 0.0,
            rate_at_end_usd_per_hour: 0.0,
            rate: Vec::new(),
            cumulative: Vec::new(),
        });
        lines.len() - 1
    };

    // EC2: one shared line, whenever the cluster has instances.
    if !sim.instances.is_empty() {
        let line = new_line(&mut lines, "EC2 instances".into(), LineKind::Ec2, None);
        let mut types: BTreeSet<(&str, bool)> = BTreeSet::new();
        let mut unpriced_custom = 0;
        // Registration is recorded for every instance (not only with task events).
        let mut registered = vec![false; sim.instances.len()];
        for r in &sim.records {
            if let Record::ContainerInstanceStateChange {
                instance,
                status: InstanceStatus::Active,
                ..
            } = r
            {
                registered[instance.idx()] = true;
            }
        }
        for (ci, &registered) in sim.instances.iter().zip(&registered) {
            let is_spot = instance_is_spot(&ci.spec);
            let mut hourly = ci.spec.hourly_usd;
            if is_spot {
                let savings = book
                    .ec2_spot_savings_percent(&ci.spec.instance_type)
                    .map_or(0.0, |p| p.value);
                hourly = spot(hourly, savings / 100.0);
            }
            if let Some(run) = instance_run(line, ci, registered, end, rule, hourly) {
                runs.push(run);
                if ci.spec.instance_type == "custom" {
                    unpriced_custom += 1;
                } else {
                    types.insert((&ci.spec.instance_type, is_spot));
                }
            }
        }
        for (name, is_spot) in types {
            if let Ok(p) = book.ec2_on_demand_hour(name) {
                prices.push(PriceUsed {
                    what: format!("EC2 {name} on-demand (Linux)"),
                    value: p.value,
                    unit: "USD per hour",
                    citation: p.citation(),
                });
            }
            if is_spot && let Ok(p) = book.ec2_spot_savings_percent(name) {
                prices.push(PriceUsed {
                    what: format!("EC2 {name} Spot savings"),
                    value: p.value,
                    unit: "percent off on-demand",
                    citation: p.citation(),
                });
            }
        }
        if unpriced_custom > 0 {
            warnings.push(format!(
                "{unpriced_custom} container instance(s) of type `custom` have no price and are costed at 0 USD"
            ));
        }
        prices.push(PriceUsed {
            what: format!("EC2 billing rule: {}", ec2_rule_name(rule)),
            value: match rule {
                Ec2BillingRule::PerSecond => EC2_MINIMUM_BILLED_SECONDS as f64,
                Ec2BillingRule::PerHour => 3600.0,
            },
            unit: "seconds billed at least per run",
            citation: book.billing().ec2.citation(),
        });
    }

    // Per service: Fargate tasks, the ALB, public IPv4 addresses.
    let fargate_prices = fargate_prices(book);
    let mut fargate_used = false;
    let mut alb_used = false;
    let mut ipv4_used = false;
    let mut tasks_by_service: Vec<Vec<(&Task, &TaskTimes)>> = vec![Vec::new(); sim.services.len()];
    for (t, times) in sim.tasks.iter().zip(&sim.task_times) {
        if fargate_provider(t).is_some() {
            tasks_by_service[t.service.idx()].push((t, times));
        }
    }
    for (s, svc) in sim.services.iter().enumerate() {
        let name = &svc.config.name;
        if !tasks_by_service[s].is_empty() {
            fargate_used = true;
            let line = new_line(
                &mut lines,
                ["Fargate ", name].concat(),
                LineKind::Fargate,
                Some(name.clone()),
            );
            let prices = fargate_prices
                .as_ref()
                .ok()
                .copied()
                .unwrap_or(FargatePrices {
                    vcpu_hour: 0.0,
                    gb_hour: 0.0,
                    spot_discount: 0.0,
                });
            for (t, times) in &tasks_by_service[s] {
                let def = &sim.task_definitions[t.task_definition.idx()];
                let spot_task = fargate_provider(t) == Some(true);
                runs.extend(fargate_task_run(
                    line,
                    times.pull_started_at(),
                    times.stopped_at(),
                    end,
                    def.cpu_units,
                    def.memory_mib,
                    spot_task,
                    &prices,
                ));
            }
            if assigns_public_ip(sim, s) {
                ipv4_used = true;
                let line = new_line(
                    &mut lines,
                    ["Public IPv4 ", name].concat(),
                    LineKind::PublicIpv4,
                    Some(name.clone()),
                );
                let hourly = book.public_ipv4_hour().value;
                runs.extend(tasks_by_service[s].iter().filter_map(|(_, times)| {
                    task_run(
                        line,
                        times.pull_started_at(),
                        times.stopped_at(),
                        end,
                        hourly,
                        Billing::PerSecond,
                    )
                }));
            }
        }
        if svc.config.load_balancer.is_some() {
            alb_used = true;
            let line = new_line(
                &mut lines,
                ["ALB ", name].concat(),
                LineKind::LoadBalancer,
                Some(name.clone()),
            );
            let hourly = match book.alb_hour() {
                Ok(p) => p.value,
                Err(e) => {
                    warnings.push(format!("the load balancers are costed at 0 USD: {e}"));
                    0.0
                }
            };
            runs.push(Run {
                line,
                start: 0,
                end,
                open: true,
                hourly_usd: hourly,
                billing: Billing::LoadBalancerHour,
            });
        }
    }
    if fargate_used {
        match &fargate_prices {
            Ok(_) => {
                let arch = CpuArchitecture::X86_64;
                for (what, p) in [
                    (
                        "Fargate per vCPU-hour (x86_64)",
                        book.fargate_vcpu_hour(arch),
                    ),
                    ("Fargate per GB-hour (x86_64)", book.fargate_gb_hour(arch)),
                ] {
                    if let Ok(p) = p {
                        prices.push(PriceUsed {
                            what: what.into(),
                            value: p.value,
                            unit: "USD per hour",
                            citation: p.citation(),
                        });
                    }
                }
                if let Ok(p) = book.fargate_spot_discount() {
                    prices.push(PriceUsed {
                        what: "Fargate Spot discount".into(),
                        value: p.value,
                        unit: "fraction off on-demand",
                        citation: p.citation(),
                    });
                }
            }
            Err(e) => warnings.push(format!("Fargate tasks are costed at 0 USD: {e}")),
        }
    }
    if alb_used && let Ok(p) = book.alb_hour() {
        prices.push(PriceUsed {
            what: "Application Load Balancer hour".into(),
            value: p.value,
            unit: "USD per hour",
            citation: p.citation(),
        });
    }
    if ipv4_used {
        let p = book.public_ipv4_hour();
        prices.push(PriceUsed {
            what: "Public IPv4 address-hour".into(),
            value: p.value,
            unit: "USD per hour",
            citation: p.citation(),
        });
    }

    let mut times: Vec<SimTime> = sim.samples.iter().map(|s| s.at).collect();
    if times.last() != Some(&end) {
        times.push(end);
    }
    for run in &runs {
        let l = &mut lines[run.line];
        l.runs += 1;
        l.billed_seconds += run.billed_seconds();
        l.total_usd += run.charge();
        if run.open {
            l.rate_at_end_usd_per_hour += run.hourly_usd;
        }
    }
    let (rate, cumulative) = series(&runs, lines.len(), &times);
    for (l, (r, c)) in lines.iter_mut().zip(rate.into_iter().zip(cumulative)) {
        l.rate = r;
        l.cumulative = c;
    }
    CostReport {
        region: pricing.region.clone(),
        pricing_date: pricing.date.clone(),
        prices_as_of: book.date().full(),
        ec2_billing: rule,
        times,
        end,
        lines,
        prices,
        assumptions: assumptions(book),
        warnings,
    }
}

/// Fargate x86_64 prices from the book; the Spot discount is 0 before Fargate Spot existed.
fn fargate_prices(book: &PriceBook) -> Result<FargatePrices, pricing::PricingError> {
    let arch = CpuArchitecture::X86_64;
    Ok(FargatePrices {
        vcpu_hour: book.fargate_vcpu_hour(arch)?.value,
        gb_hour: book.fargate_gb_hour(arch)?.value,
        spot_discount: book.fargate_spot_discount().map_or(0.0, |p| p.value),
    })
}

/// Rate and cumulative cost per line at each of `times` (ascending).
///
/// Per-second runs are swept: each contributes its minimum while young and
/// `hourly × (t − start)` once past the minimum, so the sums are linear in `t` and a sample costs
/// O(1) per line whatever the number of tasks. Per-hour runs (few per line: instances before
/// 2017-10, one load balancer) are evaluated one by one. Line by line, so that each line's series
/// is written in one go.
fn series(runs: &[Run], n_lines: usize, times: &[SimTime]) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Step {
        Start,
        Mature,
        End,
    }
    #[derive(Clone, Copy, Default)]
    struct Sums {
        completed: f64,
        rate: f64,
        young_rate: f64,
        young_min_ms: f64,
        old_rate: f64,
        old_rate_start: f64,
    }
    // Runs by line, in run order (`cost_report` creates them line by line: already sorted).
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by_key(|&i| runs[i].line);
    let mut by_line = order
        .chunk_by(|&a, &b| runs[a].line == runs[b].line)
        .peekable();
    let mut rate: Vec<Vec<f64>> = Vec::with_capacity(n_lines);
    let mut cumulative: Vec<Vec<f64>> = Vec::with_capacity(n_lines);
    let mut hourly_line: Option<(usize, Vec<&Run>)> = None;
    for line in 0..n_lines {
        let line_runs = by_line.next_if(|g| runs[g[0]].line == line).unwrap_or(&[]);
        // Starts, then maturities, then ends, each in run order: runs are mostly created in
        // time order, so these are three nearly sorted stretches, which the stable sort merges
        // in about linear time (the keys are distinct: the order is that of any sort). Freed
        // line by line, so that the series reuse their memory.
        let (mut steps, mut matures, mut ends) = (Vec::new(), Vec::new(), Vec::new());
        let mut hourly_runs: Vec<&Run> = Vec::new();
        for &i in line_runs {
            let r = &runs[i];
            match r.billing.per_second_minimum_ms() {
                Some(min) => {
                    steps.push((r.start, Step::Start, i));
                    if r.start + min < r.end {
                        matures.push((r.start + min, Step::Mature, i));
                    }
                    ends.push((r.end, Step::End, i));
                }
                None => hourly_runs.push(r),
            }
        }
        steps.append(&mut matures);
        steps.append(&mut ends);
        steps.sort();
        // A line billed only by the same per-hour runs as the previous such line (every
        // service's load balancer) has the same series.
        let bill = |r: &&Run| (r.start, r.end, r.open, r.hourly_usd.to_bits(), r.billing);
        if steps.is_empty() {
            if let Some((before, before_runs)) = &hourly_line
                && hourly_runs
                    .iter()
                    .map(bill)
                    .eq(before_runs.iter().map(bill))
            {
                rate.push(rate[*before].clone());
                cumulative.push(cumulative[*before].clone());
                continue;
            }
            hourly_line = Some((line, hourly_runs.clone()));
        }
        let mut s = Sums::default();
        let (mut line_rate, mut line_cumulative) = (
            Vec::with_capacity(times.len()),
            Vec::with_capacity(times.len()),
        );
        let mut next = 0;
        for &t in times {
            while next < steps.len() && steps[next].0 <= t {
                let (_, step, i) = steps[next];
                let r = &runs[i];
                let min = r.billing.per_second_minimum_ms().unwrap_or(0) as f64;
                match step {
                    Step::Start => {
                        s.rate += r.hourly_usd;
                        s.young_rate += r.hourly_usd;
                        s.young_min_ms += r.hourly_usd * min;
                    }
                    Step::Mature => {
                        s.young_rate -= r.hourly_usd;
                        s.young_min_ms -= r.hourly_usd * min;
                        s.old_rate += r.hourly_usd;
                        s.old_rate_start += r.hourly_usd * r.start as f64;
                    }
                    Step::End => {
                        if r.start + (min as SimTime) < r.end {
                            s.old_rate -= r.hourly_usd;
                            s.old_rate_start -= r.hourly_usd * r.start as f64;
                        } else {
                            s.young_rate -= r.hourly_usd;
                            s.young_min_ms -= r.hourly_usd * min;
                        }
                        if !r.open {
                            s.rate -= r.hourly_usd;
                        }
                        s.completed += r.charge();
                    }
                }
                next += 1;
            }
            let active = s.young_min_ms + (s.old_rate * t as f64 - s.old_rate_start);
            let mut r = s.rate;
            let mut c = s.completed + active.max(0.0) / MS_PER_HOUR;
            for h in &hourly_runs {
                c += h.accrued_at(t);
                if h.running_at(t) {
                    r += h.hourly_usd;
                }
            }
            line_rate.push(r);
            line_cumulative.push(c);
        }
        rate.push(line_rate);
        cumulative.push(line_cumulative);
    }
    (rate, cumulative)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cost.json` as one `Value`: the reference `write_json` must match byte for byte.
    fn to_json(cost: &CostReport) -> Value {
        let mut v = cost.json_head();
        v["lines"] = cost
            .lines
            .iter()
            .map(|l| {
                json!({
                    "name": l.name,
                    "kind": l.kind.as_str(),
                    "service": l.service,
                    "runs": l.runs,
                    "billedSeconds": l.billed_seconds,
                    "totalUsd": l.total_usd,
                    "rateAtEndUsdPerHour": l.rate_at_end_usd_per_hour,
                })
            })
            .collect();
        v
    }

    #[test]
    fn write_json_streams_the_bytes_of_the_whole_value() {
        for file in [
            "talk/06-cost-fargate-today.json",
            "fargate/parallel-deploys.json",
        ] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../scenarios")
                .join(file);
            let resolved = scenario::load(&path).expect("shipped scenario");
            let sim = Simulation::new(resolved.config).run().expect("runs");
            let cost = cost_report(&sim, &resolved.pricing);
            let mut expected = serde_json::to_vec_pretty(&to_json(&cost)).unwrap();
            expected.push(b'\n');
            let mut streamed = Vec::new();
            cost.write_json(&mut streamed).unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
    }

    fn assert_usd(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 1e-12,
            "got {actual}, expected {expected}"
        );
    }

    /// USD billed for one Fargate task that pulled from `pull_started_at` and stopped at
    /// `stopped_at` (milliseconds): `pricing::fargate_task_charge` with the Spot discount applied.
    fn fargate_task_usd(
        pull_started_at: SimTime,
        stopped_at: SimTime,
        cpu_units: u32,
        memory_mib: u32,
        spot_task: bool,
        prices: &FargatePrices,
    ) -> f64 {
        fargate_task_run(
            0,
            Some(pull_started_at),
            Some(stopped_at),
            stopped_at,
            cpu_units,
            memory_mib,
            spot_task,
            prices,
        )
        .map_or(0.0, |r| r.charge())
    }

    fn ec2_run(start: SimTime, end: SimTime, hourly: f64, rule: Ec2BillingRule) -> Run {
        Run {
            line: 0,
            start,
            end,
            open: false,
            hourly_usd: hourly,
            billing: Billing::Ec2(rule),
        }
    }

    #[test]
    fn the_sweep_matches_run_by_run_accrual() {
        let runs = vec![
            ec2_run(0, 30_000, 0.1, Ec2BillingRule::PerSecond),
            ec2_run(5_000, 66_200, 0.1, Ec2BillingRule::PerSecond),
            ec2_run(10_000, 500_000, 0.2, Ec2BillingRule::PerSecond),
            Run {
                open: true,
                ..ec2_run(0, 900_000, 0.3, Ec2BillingRule::PerHour)
            },
            Run {
                line: 1,
                ..ec2_run(100_000, 160_000, 0.05, Ec2BillingRule::PerSecond)
            },
        ];
        let times: Vec<SimTime> = (0..=90).map(|i| i * 10_000).collect();
        let (rate, cumulative) = series(&runs, 2, &times);
        for (i, &t) in times.iter().enumerate() {
            for line in 0..2 {
                let expected: f64 = runs
                    .iter()
                    .filter(|r| r.line == line)
                    .map(|r| r.accrued_at(t))
                    .sum();
                assert!(
                    (cumulative[line][i] - expected).abs() < 1e-9,
                    "t {t} line {line}: {} vs {expected}",
                    cumulative[line][i]
                );
                let expected_rate: f64 = runs
                    .iter()
                    .filter(|r| r.line == line && r.running_at(t))
                    .map(|r| r.hourly_usd)
                    .sum();
                assert!((rate[line][i] - expected_rate).abs() < 1e-12);
            }
        }
        // The last point is the exact bill.
        let total: f64 = runs.iter().map(Run::charge).sum();
        assert_usd(cumulative[0][90] + cumulative[1][90], total);
    }

    #[test]
    fn usd_text_keeps_small_amounts_readable() {
        assert_eq!(usd_text(1234.567), "$1,234.57");
        assert_eq!(usd_text(0.0), "$0.00");
        assert_eq!(usd_text(0.0456), "$0.0456");
        assert_eq!(usd_text(0.1225), "$0.1225");
        assert_eq!(usd_text(0.1), "$0.10");
        assert_eq!(usd_text(0.0296), "$0.0296");
        assert_eq!(usd_text(0.00123), "$0.0012");
        assert_eq!(usd_text(158.4), "$158.40");
    }

    // Billing ground truth (GT-40 style): whole scenarios, run, then costed.

    /// Runs a scenario given as JSON text and costs it.
    fn cost_of(json: &str) -> (Simulation, CostReport) {
        let resolved = scenario::parse("test.json", json).unwrap_or_else(|e| panic!("{e}"));
        let sim = Simulation::new(resolved.config).run().unwrap();
        let cost = cost_report(&sim, &resolved.pricing);
        (sim, cost)
    }

    /// One m4.large registered at 0 and deregistered at `seconds`.
    fn one_instance(seconds: f64, pricing: &str) -> String {
        format!(
            r#"{{"name": "bill", "durationSeconds": 86400, {pricing}
               "cluster": {{"clusterName": "c", "containerInstances": [{{"instanceType": "m4.large"}}]}},
               "taskDefinitions": [], "services": [],
               "timeline": [{{"atSeconds": {seconds}, "action": "DeregisterContainerInstance", "containerInstance": "i-0001"}}]}}"#
        )
    }

    fn ec2_line(cost: &CostReport) -> &CostLine {
        cost.lines.iter().find(|l| l.kind == LineKind::Ec2).unwrap()
    }

    #[test]
    fn an_instance_that_runs_30_s_is_billed_60_s() {
        let (sim, cost) = cost_of(&one_instance(30.0, ""));
        assert_eq!(sim.end, 30_000);
        let line = ec2_line(&cost);
        assert_eq!((line.runs, line.billed_seconds), (1, 60));
        // m4.large today (us-east-1, 2026-11-29): 0.10 USD/h × 60 s / 3600 s.
        assert_usd(line.total_usd, 0.10 * 60.0 / 3600.0);
        assert_usd(
            line.total_usd,
            pricing::ec2_instance_charge(30_000, 0.10, Ec2BillingRule::PerSecond),
        );
        // Nothing runs at the end: no rate, no projection.
        assert_usd(cost.projection_30_days_usd(), 0.0);
    }

    #[test]
    fn an_instance_that_runs_61_2_s_is_billed_62_s() {
        let (_, cost) = cost_of(&one_instance(61.2, ""));
        let line = ec2_line(&cost);
        assert_eq!(line.billed_seconds, 62);
        assert_usd(line.total_usd, 0.10 * 62.0 / 3600.0);
        // The last point of the series is the exact bill.
        assert_usd(*line.cumulative.last().unwrap(), line.total_usd);
    }

    #[test]
    fn september_2017_bills_every_started_hour() {
        // Before 2017-10-02 EC2 billed per instance-hour: 61.2 s is one hour, 61 min two.
        let (_, cost) = cost_of(&one_instance(61.2, r#""pricingDate": "2017-09","#));
        assert_eq!(cost.ec2_billing, Ec2BillingRule::PerHour);
        let line = ec2_line(&cost);
        assert_eq!(line.billed_seconds, 3600);
        // m4.large us-east-1 in 2017-09: 0.100 USD/h (ec2instances.info snapshot 2017-05-19).
        assert_usd(line.total_usd, 0.100);
        let (_, cost) = cost_of(&one_instance(61.0 * 60.0, r#""pricingDate": "2017-09","#));
        assert_eq!(ec2_line(&cost).billed_seconds, 7200);
        assert_usd(ec2_line(&cost).total_usd, 0.200);
        // The day per-second billing started, the same 61 min cost 61 × 60 s.
        let (_, cost) = cost_of(&one_instance(
            61.0 * 60.0,
            r#""pricingDate": "2017-10-02","#,
        ));
        assert_eq!(ec2_line(&cost).billed_seconds, 3660);
        assert_usd(ec2_line(&cost).total_usd, 0.100 * 3660.0 / 3600.0);
    }

    #[test]
    fn instance_prices_follow_the_region_the_date_and_the_overrides() {
        // m5.large: 0.096 USD/h in us-east-1 today; 62 s of it.
        let m5 = |pricing: &str| one_instance(61.2, pricing).replace("m4.large", "m5.large");
        let (_, cost) = cost_of(&m5(""));
        assert_usd(ec2_line(&cost).total_usd, 0.096 * 62.0 / 3600.0);
        // Tokyo has its own price book.
        let resolved = scenario::parse(
            "t.json",
            &m5(r#""region": "ap-northeast-1", "pricingDate": "2017-12","#),
        )
        .unwrap();
        let book = pricing::Catalog::embedded()
            .price_book("ap-northeast-1", "2017-12")
            .unwrap();
        let expected = book.ec2_on_demand_hour("m5.large").unwrap().value;
        assert_eq!(resolved.config.instances[0].spec.hourly_usd, expected);
        assert_eq!(resolved.pricing.book.region(), "ap-northeast-1");
        // An override replaces the catalog price, and says so.
        let (_, cost) = cost_of(&m5(
            r#""priceOverrides": {"ec2OnDemandHour": {"m5.large": 0.36}},"#,
        ));
        assert_usd(ec2_line(&cost).total_usd, 0.36 * 62.0 / 3600.0);
        assert!(
            cost.prices[0].citation.contains("scenario-override"),
            "{:?}",
            cost.prices
        );
    }

    /// One Fargate service of `desired` tasks of 256 CPU units / 512 MiB whose tasks pull for
    /// 1 s and are stopped at `stop_at` s by desiredCount 0.
    fn fargate(stop_at: f64, pricing: &str, strategy: &str) -> String {
        format!(
            r#"{{"name": "fargate", "durationSeconds": 3600, "startSteady": false, {pricing}
               "cluster": {{"clusterName": "c", "containerInstances": []}},
               "subnets": [{{"subnetId": "subnet-a", "availabilityZone": "us-east-1a", "cidrBlock": "10.0.0.0/24"}}],
               "taskDefinitions": [{{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
                   "cpu": "256", "memory": "512",
                   "containerDefinitions": [{{"name": "app", "image": "app:1"}}]}}],
               "services": [{{"serviceName": "app", "taskDefinition": "app:1", "desiredCount": 1, {strategy}
                   "networkConfiguration": {{"awsvpcConfiguration": {{"subnets": ["subnet-a"]}}}}}}],
               "taskBehavior": {{"default": {{"pullSeconds": 1}}}},
               "timeline": [{{"atSeconds": {stop_at}, "action": "UpdateService", "service": "app", "desiredCount": 0}}]}}"#
        )
    }

    fn fargate_line(cost: &CostReport) -> &CostLine {
        cost.lines
            .iter()
            .find(|l| l.kind == LineKind::Fargate)
            .unwrap()
    }

    /// The billed window of the one task: image pull start to stop.
    fn window_ms(sim: &Simulation) -> u64 {
        let t = &sim.task_times[0];
        t.stopped_at().unwrap() - t.pull_started_at().unwrap()
    }

    #[test]
    fn a_fargate_task_of_10_s_is_billed_60_s() {
        let launch = r#""launchType": "FARGATE","#;
        let (sim, cost) = cost_of(&fargate(10.0, "", launch));
        assert!(window_ms(&sim) < 60_000, "{}", window_ms(&sim));
        let line = fargate_line(&cost);
        assert_eq!((line.runs, line.billed_seconds), (1, 60));
        // 0.25 vCPU × 0.04048 + 0.5 GB × 0.004445 = 0.0123425 USD/h, for 60 s.
        assert_usd(line.total_usd, 0.0123425 / 60.0);
        // At the 2017 launch prices: 0.25 × 0.0506 + 0.5 × 0.0127 = 0.019 USD/h.
        let (_, cost) = cost_of(&fargate(10.0, r#""pricingDate": "2017-12","#, launch));
        assert_usd(fargate_line(&cost).total_usd, 0.019 / 60.0);
    }

    #[test]
    fn a_longer_fargate_task_is_billed_per_second_rounded_up() {
        let launch = r#""launchType": "FARGATE","#;
        let (sim, cost) = cost_of(&fargate(300.0, "", launch));
        let billed = window_ms(&sim).div_ceil(1000);
        assert!(billed > 60);
        assert_eq!(fargate_line(&cost).billed_seconds, billed);
        assert_usd(
            fargate_line(&cost).total_usd,
            pricing::fargate_task_charge(window_ms(&sim), 0.25, 0.5, 0.04048, 0.004445),
        );
    }

    #[test]
    fn fargate_spot_is_billed_at_its_discount() {
        let spot_strategy =
            r#""capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}],"#;
        let (sim, cost) = cost_of(&fargate(300.0, "", spot_strategy));
        let hourly = 0.25 * spot(0.04048, 0.7) + 0.5 * spot(0.004445, 0.7);
        let billed = window_ms(&sim).div_ceil(1000).max(60);
        assert_usd(
            fargate_line(&cost).total_usd,
            hourly * billed as f64 / 3600.0,
        );
    }

    #[test]
    fn fargate_task_run_takes_the_task_fields() {
        let prices = FargatePrices {
            vcpu_hour: 0.0506,
            gb_hour: 0.0127,
            spot_discount: 0.0,
        };
        assert_usd(
            fargate_task_usd(1_000, 11_000, 256, 512, false, &prices),
            0.019 / 60.0,
        );
        // 90.4 s → 91 s.
        assert_usd(
            fargate_task_usd(0, 90_400, 256, 512, false, &prices),
            0.019 * 91.0 / 3600.0,
        );
        // A task whose pull never started is not billed.
        assert!(fargate_task_run(0, None, None, 5_000, 256, 512, false, &prices).is_none());
        // A task still running at the end is billed to the end and counts toward the rate.
        let run = fargate_task_run(0, Some(0), None, 120_000, 256, 512, false, &prices).unwrap();
        assert!(run.open);
        assert_usd(run.charge(), 0.019 * 120.0 / 3600.0);
    }
}
