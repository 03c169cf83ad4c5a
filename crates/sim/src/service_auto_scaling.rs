//! Service Auto Scaling (§6): Application Auto Scaling on the scalable dimension
//! `ecs:service:DesiredCount`. A scalable target (MinCapacity, MaxCapacity) with target tracking
//! policies on ECSServiceAverageCPUUtilization / ECSServiceAverageMemoryUtilization and
//! scheduled actions that change MinCapacity / MaxCapacity.
//!
//! The utilization comes from ecsim's model of the application's load (`Load`), not from ECS:
//! the service's total demand in CPU units (or MiB) over time, shared by its RUNNING tasks.

use crate::event::Event;
use crate::ids::ServiceId;
use crate::service::SchedulingStrategy;
use crate::simulation::Simulation;
use crate::time::{MINUTE, SimTime};

/// ECS publishes service metrics at 1-minute intervals (§6, §7 "ECS metric period"); target
/// tracking evaluates one datapoint per period.
pub const METRIC_PERIOD_MS: SimTime = MINUTE;

/// Tolerance when rounding `running × metric / target` up, so that 6 × 90 / 45 is 12, not 13.
const ROUNDING_EPSILON: f64 = 1e-9;

/// Named assumptions of target tracking (§8.12), part of `Params`.
#[derive(Clone, Debug, PartialEq)]
pub struct ScalingParams {
    /// Consecutive 1-minute datapoints above the target before a scale-out. §8.12: plausibly 3.
    pub scale_out_datapoints: u32,
    /// Consecutive 1-minute datapoints below the scale-in threshold before a scale-in. §8.12: 15.
    pub scale_in_datapoints: u32,
    /// The scale-in alarm's threshold as a fraction of the target value. Application Auto
    /// Scaling documents only "usually more than 10% lower"; default 0.9.
    pub scale_in_threshold_fraction: f64,
    /// At most this fraction of the desired count (and at least one task) is removed by one
    /// scale-in. Default 1.0: the proportional count, rounded up, is not limited further.
    pub scale_in_max_step_fraction: f64,
}

impl Default for ScalingParams {
    fn default() -> Self {
        ScalingParams {
            scale_out_datapoints: 3,
            scale_in_datapoints: 15,
            scale_in_threshold_fraction: 0.9,
            scale_in_max_step_fraction: 1.0,
        }
    }
}

/// A piecewise-linear function of time: ecsim's model of a load, not an ECS concept.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadCurve {
    /// (time, value) with non-decreasing times; at equal times the later point wins.
    points: Vec<(SimTime, f64)>,
    /// Period: the curve repeats, going linearly from the last point to the first one plus
    /// the period.
    period: Option<SimTime>,
}

impl LoadCurve {
    /// A curve through `points` (non-empty, times non-decreasing and, with a period, at most the
    /// period; checked by the scenario crate).
    pub fn new(points: Vec<(SimTime, f64)>, period: Option<SimTime>) -> LoadCurve {
        assert!(!points.is_empty(), "a load curve needs a point");
        debug_assert!(points.windows(2).all(|w| w[0].0 <= w[1].0));
        debug_assert!(period.is_none_or(|p| p > 0 && points.iter().all(|x| x.0 <= p)));
        LoadCurve { points, period }
    }

    /// The value at `t`: linear between points; before the first and after the last point the
    /// nearest value, or with a period the wrap-around segment.
    pub fn at(&self, t: SimTime) -> f64 {
        let pts = &self.points;
        let (first, last) = (pts[0], pts[pts.len() - 1]);
        let u = self.period.map_or(t, |p| t % p);
        let i = pts.partition_point(|&(pt, _)| pt <= u);
        match (i, self.period) {
            (0, None) => first.1,
            (0, Some(p)) => lerp(
                (last.0 as f64 - p as f64, last.1),
                (first.0 as f64, first.1),
                u,
            ),
            (i, None) if i == pts.len() => last.1,
            (i, Some(p)) if i == pts.len() => {
                lerp((last.0 as f64, last.1), ((first.0 + p) as f64, first.1), u)
            }
            (i, _) => lerp(
                (pts[i - 1].0 as f64, pts[i - 1].1),
                (pts[i].0 as f64, pts[i].1),
                u,
            ),
        }
    }
}

fn lerp(a: (f64, f64), b: (f64, f64), u: SimTime) -> f64 {
    if b.0 <= a.0 {
        return b.1;
    }
    a.1 + (b.1 - a.1) * (u as f64 - a.0) / (b.0 - a.0)
}

/// The application's load on a service (ecsim's model): total demand shared by its RUNNING tasks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Load {
    /// Total CPU demand in CPU units.
    pub cpu_units: Option<LoadCurve>,
    /// Total memory demand in MiB.
    pub memory_mib: Option<LoadCurve>,
    /// Utilization never reads above this (e.g. 100 where a task cannot exceed its size).
    pub utilization_cap_percent: Option<f64>,
}

/// `PredefinedMetricType` of a target tracking policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Metric {
    /// `ECSServiceAverageCPUUtilization`.
    Cpu,
    /// `ECSServiceAverageMemoryUtilization`.
    Memory,
}

impl Metric {
    /// The AWS name.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Cpu => "ECSServiceAverageCPUUtilization",
            Metric::Memory => "ECSServiceAverageMemoryUtilization",
        }
    }

    /// Short name for event messages.
    pub fn short(self) -> &'static str {
        match self {
            Metric::Cpu => "CPU",
            Metric::Memory => "memory",
        }
    }
}

/// A target tracking scaling policy (`TargetTrackingScalingPolicyConfiguration`).
#[derive(Clone, Debug, PartialEq)]
pub struct TargetTracking {
    /// `PolicyName`.
    pub name: String,
    /// `PredefinedMetricSpecification.PredefinedMetricType`.
    pub metric: Metric,
    /// `TargetValue`, percent.
    pub target: f64,
    /// `ScaleOutCooldown` (ECS default 300 s, §6).
    pub scale_out_cooldown_ms: SimTime,
    /// `ScaleInCooldown` (ECS default 300 s, §6).
    pub scale_in_cooldown_ms: SimTime,
    /// `DisableScaleIn`.
    pub disable_scale_in: bool,
}

/// A scheduled action (`PutScheduledAction` with a `ScalableTargetAction`).
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduledAction {
    /// `ScheduledActionName`.
    pub name: String,
    /// First run.
    pub at: SimTime,
    /// Runs again every this long (`rate()`), if set.
    pub repeat_every: Option<SimTime>,
    /// New `MinCapacity`.
    pub min_capacity: Option<u32>,
    /// New `MaxCapacity`.
    pub max_capacity: Option<u32>,
}

/// The scalable target (`RegisterScalableTarget`) and its policies.
#[derive(Clone, Debug, PartialEq)]
pub struct ScalableTarget {
    /// `MinCapacity`.
    pub min_capacity: u32,
    /// `MaxCapacity`.
    pub max_capacity: u32,
    /// Target tracking policies (each on a different metric).
    pub policies: Vec<TargetTracking>,
    /// Scheduled actions.
    pub scheduled_actions: Vec<ScheduledAction>,
}

/// What the scenario gives a service: its load and, if registered, its scalable target.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScalingInit {
    /// The application's load.
    pub load: Option<Load>,
    /// Service Auto Scaling, if configured.
    pub target: Option<ScalableTarget>,
}

/// Consecutive datapoints on either side of one policy's thresholds (its two CloudWatch alarms).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Alarms {
    high: u32,
    low: u32,
}

/// What the summary reports.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScalingStats {
    /// Actions that raised desiredCount (target tracking and scheduled).
    pub scale_out_actions: u32,
    /// Actions that lowered desiredCount (target tracking and scheduled).
    pub scale_in_actions: u32,
    /// Smallest desiredCount seen.
    pub min_desired: u32,
    /// Largest desiredCount seen.
    pub max_desired: u32,
    /// Latest utilization datapoint per metric (CPU, memory), percent.
    pub last_utilization: [Option<f64>; 2],
}

/// A service's Service Auto Scaling configuration and live state.
#[derive(Clone, Debug, Default)]
pub struct AutoScaling {
    /// The application's load.
    pub load: Option<Load>,
    /// The scalable target; MinCapacity / MaxCapacity change with scheduled actions.
    pub target: Option<ScalableTarget>,
    alarms: Vec<Alarms>,
    scale_out_cooldown_until: SimTime,
    /// desiredCount set by the last scale-out: it counts toward the next one during the
    /// cooldown (§6).
    last_scale_out_to: u32,
    scale_in_cooldown_until: SimTime,
    /// Statistics.
    pub stats: ScalingStats,
}

impl AutoScaling {
    /// The state at t = 0.
    pub fn new(init: ScalingInit, desired: u32) -> AutoScaling {
        let n = init.target.as_ref().map_or(0, |t| t.policies.len());
        AutoScaling {
            load: init.load,
            target: init.target,
            alarms: vec![Alarms::default(); n],
            stats: ScalingStats {
                min_desired: desired,
                max_desired: desired,
                ..ScalingStats::default()
            },
            ..AutoScaling::default()
        }
    }

    fn observe_desired(&mut self, n: u32) {
        self.stats.min_desired = self.stats.min_desired.min(n);
        self.stats.max_desired = self.stats.max_desired.max(n);
    }
}

/// `ceil(running × metric / target)`: the count that brings the metric to the target,
/// computed from the RUNNING count (§3.1, GT-44), rounded up (conservative both ways, §6).
pub fn proportional(running: u32, metric: f64, target: f64) -> u32 {
    let x = running as f64 * metric / target;
    (x - ROUNDING_EPSILON).ceil().max(0.0) as u32
}

/// The desiredCount a scale-out moves to, if it moves: the proportional count clamped to
/// [min, max] (below min it jumps to min, §6), when that exceeds `baseline` (desiredCount, or
/// during the scale-out cooldown the count the last scale-out set, §6).
pub fn scale_out_to(
    baseline: u32,
    running: u32,
    metric: f64,
    target: f64,
    min: u32,
    max: u32,
) -> Option<u32> {
    let to = proportional(running, metric, target).clamp(min, max.max(min));
    (to > baseline).then_some(to)
}

/// The desiredCount a scale-in moves to, if it moves: the proportional count, removing at most
/// `max_step_fraction` of `desired` (at least one task), clamped to [min, max] (above max it
/// drops to max, §6).
pub fn scale_in_to(
    desired: u32,
    running: u32,
    metric: f64,
    target: f64,
    min: u32,
    max: u32,
    max_step_fraction: f64,
) -> Option<u32> {
    let step = ((desired as f64 * max_step_fraction).floor() as u32).max(1);
    let to = proportional(running, metric, target)
        .max(desired.saturating_sub(step))
        .clamp(min, max.max(min));
    (to < desired).then_some(to)
}

/// The new (min, max) after a scheduled action; a bound the action leaves out moves if the
/// other one would cross it.
pub fn scheduled_range(
    min: u32,
    max: u32,
    new_min: Option<u32>,
    new_max: Option<u32>,
) -> (u32, u32) {
    match (new_min, new_max) {
        (Some(lo), Some(hi)) => (lo, hi.max(lo)),
        (Some(lo), None) => (lo, max.max(lo)),
        (None, Some(hi)) => (min.min(hi), hi),
        (None, None) => (min, max),
    }
}

/// One policy's wish at a datapoint.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Wish {
    Out(u32),
    In(u32),
    Nothing,
}

impl Simulation {
    /// Sets a REPLICA service's desiredCount and wakes the scheduler: `UpdateService` and Service
    /// Auto Scaling take this one path.
    pub(crate) fn set_desired_count(&mut self, s: ServiceId, n: u32) {
        let svc = &mut self.services[s.idx()];
        if svc.config.scheduling_strategy != SchedulingStrategy::Replica {
            return;
        }
        self.totals.desired = self.totals.desired - svc.desired_count as u64 + n as u64;
        svc.desired_count = n;
        svc.auto_scaling.observe_desired(n);
        self.request_reconcile(s);
    }

    /// Schedules the first metric evaluation and scheduled actions of every scalable target.
    pub(crate) fn init_service_auto_scaling(&mut self) {
        for i in 0..self.services.len() {
            let s = ServiceId(i as u32);
            let Some(target) = &self.services[i].auto_scaling.target else {
                continue;
            };
            let times: Vec<SimTime> = target.scheduled_actions.iter().map(|a| a.at).collect();
            if !target.policies.is_empty() {
                self.push(METRIC_PERIOD_MS, Event::ScalingEvaluation(s));
            }
            for (k, at) in times.into_iter().enumerate() {
                self.push(at, Event::ScheduledScalingAction(s, k as u32));
            }
        }
    }

    /// The service's utilization of `metric` in percent: demand over what its RUNNING tasks
    /// reserve. `None` without data (no RUNNING task, nothing reserved, no load curve).
    pub fn service_utilization(&self, s: ServiceId, metric: Metric) -> Option<f64> {
        let svc = &self.services[s.idx()];
        let load = svc.auto_scaling.load.as_ref()?;
        let curve = match metric {
            Metric::Cpu => load.cpu_units.as_ref()?,
            Metric::Memory => load.memory_mib.as_ref()?,
        };
        let reserved: u64 = svc
            .tasks
            .iter()
            .map(|t| &self.tasks[t.idx()])
            .filter(|t| !t.desired_stopped && t.is_running())
            .map(|t| {
                let td = &self.task_definitions[t.task_definition.idx()];
                match metric {
                    Metric::Cpu => td.cpu_units as u64,
                    Metric::Memory => td.memory_mib as u64,
                }
            })
            .sum();
        if reserved == 0 {
            return None;
        }
        let u = curve.at(self.now) / reserved as f64 * 100.0;
        Some(load.utilization_cap_percent.map_or(u, |cap| u.min(cap)))
    }

    fn service_demand(&self, s: ServiceId, metric: Metric) -> f64 {
        let load = self.services[s.idx()].auto_scaling.load.as_ref();
        let curve = load.and_then(|l| match metric {
            Metric::Cpu => l.cpu_units.as_ref(),
            Metric::Memory => l.memory_mib.as_ref(),
        });
        curve.map_or(0.0, |c| c.at(self.now))
    }

    /// Whether a deployment of the service is in progress: Application Auto Scaling suspends
    /// scale-in then (§3.1, §6).
    fn deployment_in_progress(&self, s: ServiceId) -> bool {
        self.services[s.idx()].deployments.iter().any(|d| {
            self.deployments[d.idx()].rollout_state == crate::deployment::RolloutState::InProgress
        })
    }

    /// One 1-minute datapoint of every target tracking policy of the service (§6).
    pub(crate) fn evaluate_scaling(&mut self, s: ServiceId) {
        let next = self.now + METRIC_PERIOD_MS;
        if next <= self.config.duration_ms {
            self.push(next, Event::ScalingEvaluation(s));
        }
        let Some(target) = self.services[s.idx()].auto_scaling.target.clone() else {
            return;
        };
        let params = self.config.params.service_auto_scaling.clone();
        let running = self.live_counts(s).running;
        let desired = self.services[s.idx()].desired_count;
        let metrics: Vec<Option<f64>> = target
            .policies
            .iter()
            .map(|p| self.service_utilization(s, p.metric))
            .collect();
        let (min, max) = (target.min_capacity, target.max_capacity);
        let now = self.now;
        let demand = target
            .policies
            .iter()
            .map(|p| self.service_demand(s, p.metric))
            .fold(0.0, f64::max);
        let a = &mut self.services[s.idx()].auto_scaling;
        for (p, m) in target.policies.iter().zip(&metrics) {
            a.stats.last_utilization[p.metric as usize] = *m;
        }
        if running == 0 {
            // Insufficient data: no action (§6). Scale from 0: once a datapoint shows demand,
            // add the smallest step.
            a.alarms.iter_mut().for_each(|x| *x = Alarms::default());
            if desired == 0 && demand > 0.0 && max > 0 {
                let to = 1u32.clamp(min, max.max(min));
                let why = format!("target tracking: scale from zero, demand {demand:.0}");
                self.apply_scaling(s, to, &why);
                let p = &target.policies[0];
                let a = &mut self.services[s.idx()].auto_scaling;
                a.scale_out_cooldown_until = now + p.scale_out_cooldown_ms;
                a.last_scale_out_to = to;
                a.scale_in_cooldown_until = 0;
            }
            return;
        }
        let in_out_cooldown = now < a.scale_out_cooldown_until;
        let baseline = if in_out_cooldown {
            desired.max(a.last_scale_out_to)
        } else {
            desired
        };
        let mut wishes = Vec::with_capacity(target.policies.len());
        for (k, (p, m)) in target.policies.iter().zip(&metrics).enumerate() {
            let Some(m) = *m else {
                a.alarms[k] = Alarms::default();
                wishes.push(Wish::Nothing);
                continue;
            };
            let al = &mut a.alarms[k];
            if m > p.target {
                *al = Alarms {
                    high: al.high + 1,
                    low: 0,
                };
            } else if m < p.target * params.scale_in_threshold_fraction {
                *al = Alarms {
                    high: 0,
                    low: al.low + 1,
                };
            } else {
                *al = Alarms::default();
            }
            let wish = if al.high >= params.scale_out_datapoints {
                scale_out_to(baseline, running, m, p.target, min, max)
                    .map_or(Wish::Nothing, Wish::Out)
            } else if al.low >= params.scale_in_datapoints && !p.disable_scale_in {
                scale_in_to(
                    desired,
                    running,
                    m,
                    p.target,
                    min,
                    max,
                    params.scale_in_max_step_fraction,
                )
                .map_or(Wish::Nothing, Wish::In)
            } else {
                Wish::Nothing
            };
            wishes.push(wish);
        }
        // §6: scale out if any policy wants to (the largest wish); scale in only if every
        // policy with scale-in enabled wants to (the smallest reduction).
        let out = (0..wishes.len())
            .filter_map(|k| match wishes[k] {
                Wish::Out(n) => Some((n, k)),
                _ => None,
            })
            .max_by_key(|&(n, k)| (n, std::cmp::Reverse(k)));
        if let Some((to, k)) = out {
            let p = &target.policies[k];
            let why = format!(
                "target tracking: {} {:.1}% > {}%",
                p.metric.short(),
                metrics[k].unwrap_or(0.0),
                fmt_num(p.target)
            );
            self.apply_scaling(s, to, &why);
            let a = &mut self.services[s.idx()].auto_scaling;
            a.scale_out_cooldown_until = now + p.scale_out_cooldown_ms;
            a.last_scale_out_to = to;
            // A scale-out interrupts the scale-in cooldown (§6).
            a.scale_in_cooldown_until = 0;
            return;
        }
        let voters: Vec<usize> = (0..wishes.len())
            .filter(|&k| !target.policies[k].disable_scale_in)
            .collect();
        let all_in = !voters.is_empty() && voters.iter().all(|&k| matches!(wishes[k], Wish::In(_)));
        // Scale-in waits out its cooldown and any deployment (§3.1, §6).
        if !all_in
            || now < self.services[s.idx()].auto_scaling.scale_in_cooldown_until
            || self.deployment_in_progress(s)
        {
            return;
        }
        let (to, k) = voters
            .iter()
            .filter_map(|&k| match wishes[k] {
                Wish::In(n) => Some((n, k)),
                _ => None,
            })
            .max_by_key(|&(n, k)| (n, std::cmp::Reverse(k)))
            .expect("every voter wants to scale in");
        let p = &target.policies[k];
        let why = format!(
            "target tracking: {} {:.1}% < {}%",
            p.metric.short(),
            metrics[k].unwrap_or(0.0),
            fmt_num(p.target * params.scale_in_threshold_fraction)
        );
        self.apply_scaling(s, to, &why);
        let cooldown = voters
            .iter()
            .map(|&k| target.policies[k].scale_in_cooldown_ms)
            .max()
            .unwrap_or(0);
        self.services[s.idx()].auto_scaling.scale_in_cooldown_until = now + cooldown;
    }

    /// A scheduled action: new MinCapacity / MaxCapacity, and desiredCount moved into the new
    /// range at once (§6). Scheduled scaling is not suspended by deployments (only dynamic
    /// scale-in is, §3.1).
    pub(crate) fn scheduled_scaling_action(&mut self, s: ServiceId, k: usize) {
        let Some(target) = &mut self.services[s.idx()].auto_scaling.target else {
            return;
        };
        let action = target.scheduled_actions[k].clone();
        if let Some(p) = action.repeat_every {
            let next = self.now + p;
            if next <= self.config.duration_ms {
                self.push(next, Event::ScheduledScalingAction(s, k as u32));
            }
        }
        let target = self.services[s.idx()]
            .auto_scaling
            .target
            .as_mut()
            .expect("checked above");
        let (min, max) = scheduled_range(
            target.min_capacity,
            target.max_capacity,
            action.min_capacity,
            action.max_capacity,
        );
        target.min_capacity = min;
        target.max_capacity = max;
        let desired = self.services[s.idx()].desired_count;
        let to = desired.clamp(min, max);
        let why = format!(
            "scheduled action {}: minCapacity {min}, maxCapacity {max}",
            action.name
        );
        if to != desired {
            self.apply_scaling(s, to, &why);
        } else {
            let name = self.services[s.idx()].config.name.clone();
            self.service_event(s, format!("(service {name}) {why}."));
        }
    }

    /// Sets desiredCount for Service Auto Scaling, with a service event (the wording is ecsim's).
    fn apply_scaling(&mut self, s: ServiceId, to: u32, why: &str) {
        let from = self.services[s.idx()].desired_count;
        if to == from {
            return;
        }
        self.set_desired_count(s, to);
        let stats = &mut self.services[s.idx()].auto_scaling.stats;
        if to > from {
            stats.scale_out_actions += 1;
        } else {
            stats.scale_in_actions += 1;
        }
        let name = self.services[s.idx()].config.name.clone();
        self.service_event(
            s,
            format!("(service {name}) has updated desiredCount from {from} to {to} ({why})."),
        );
    }
}

/// A number without a trailing `.0`.
fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proportional_rounds_up_from_the_running_count() {
        // 4 tasks at 100 % with target 50 → 8.
        assert_eq!(proportional(4, 100.0, 50.0), 8);
        // GT-44: running 6 at 90 % target 45 → 12 (not 20 from desired 10).
        assert_eq!(proportional(6, 90.0, 45.0), 12);
        assert_eq!(proportional(10, 90.0, 45.0), 20);
        // Rounded up: 3 × 60 / 50 = 3.6 → 4.
        assert_eq!(proportional(3, 60.0, 50.0), 4);
        assert_eq!(proportional(0, 300.0, 50.0), 0);
    }

    #[test]
    fn scale_out_is_clamped_and_only_upward() {
        assert_eq!(scale_out_to(4, 4, 100.0, 50.0, 1, 20), Some(8));
        assert_eq!(scale_out_to(4, 4, 400.0, 50.0, 1, 20), Some(20));
        // Already there: nothing.
        assert_eq!(scale_out_to(8, 4, 100.0, 50.0, 1, 20), None);
        // Below min: jumps to min (§6).
        assert_eq!(scale_out_to(1, 1, 60.0, 50.0, 5, 20), Some(5));
        // Above max: a scale-out does nothing.
        assert_eq!(scale_out_to(25, 25, 60.0, 50.0, 1, 20), None);
    }

    #[test]
    fn scale_in_is_proportional_limited_and_clamped() {
        // 10 tasks at 20 % with target 50 → 4.
        assert_eq!(scale_in_to(10, 10, 20.0, 50.0, 1, 20, 1.0), Some(4));
        // At most a quarter of 10 (2 tasks) per step.
        assert_eq!(scale_in_to(10, 10, 20.0, 50.0, 1, 20, 0.25), Some(8));
        // At least one task per step.
        assert_eq!(scale_in_to(3, 3, 10.0, 50.0, 1, 20, 0.1), Some(2));
        // Not below min.
        assert_eq!(scale_in_to(10, 10, 5.0, 50.0, 3, 20, 1.0), Some(3));
        assert_eq!(scale_in_to(3, 3, 5.0, 50.0, 3, 20, 1.0), None);
        // Above max: drops to max even when the metric alone would keep more (§6).
        assert_eq!(scale_in_to(30, 30, 44.0, 50.0, 1, 20, 1.0), Some(20));
        // Rounding up keeps the count when the reduction is less than a task.
        assert_eq!(scale_in_to(2, 2, 44.0, 50.0, 1, 20, 1.0), None);
    }

    #[test]
    fn scheduled_range_moves_the_bound_left_out() {
        assert_eq!(scheduled_range(5, 20, Some(1), Some(2)), (1, 2));
        assert_eq!(scheduled_range(1, 2, Some(5), None), (5, 5));
        assert_eq!(scheduled_range(1, 20, Some(5), None), (5, 20));
        assert_eq!(scheduled_range(5, 20, None, Some(3)), (3, 3));
    }

    #[test]
    fn load_curve_interpolates_and_repeats() {
        let c = LoadCurve::new(vec![(0, 100.0), (10_000, 200.0), (20_000, 0.0)], None);
        assert_eq!(c.at(0), 100.0);
        assert_eq!(c.at(5_000), 150.0);
        assert_eq!(c.at(15_000), 100.0);
        assert_eq!(c.at(99_000), 0.0);
        let p = LoadCurve::new(vec![(10_000, 100.0), (20_000, 300.0)], Some(40_000));
        assert_eq!(p.at(15_000), 200.0);
        // Wrap-around: 300 at 20 s, back to 100 at 50 s (= 10 s + 40 s).
        assert_eq!(p.at(35_000), 200.0);
        // Before the first point of a period: from 300 at −20 s to 100 at 10 s.
        assert!((p.at(40_000) - (300.0 - 200.0 * 20.0 / 30.0)).abs() < 1e-9);
        assert_eq!(p.at(55_000), 200.0);
        // A step: two points at the same time, the later wins from that time on.
        let s = LoadCurve::new(vec![(0, 0.0), (60_000, 0.0), (60_000, 1000.0)], None);
        assert_eq!(s.at(59_999), 0.0);
        assert_eq!(s.at(60_000), 1000.0);
    }
}
