//! Service Auto Scaling (§6) and the load model: checks and resolution to
//! `sim::service_auto_scaling`.

use sim::service::SchedulingStrategy;
use sim::service_auto_scaling::{
    Load, LoadCurve, Metric, ScalableTarget, ScalingInit, ScalingParams, ScheduledAction,
    TargetTracking,
};
use sim::task_definition::TaskDefinition;
use sim::time::{SECOND, SimTime};

use crate::error::Problem;
use crate::format::{self, service_auto_scaling as f};
use crate::path::Loc;
use crate::resolve::seconds;
use crate::suggest::did_you_mean;

/// Default ScaleOutCooldown and ScaleInCooldown of an ECS service (§6, §7).
const DEFAULT_COOLDOWN_MS: SimTime = 300 * SECOND;

/// Application Auto Scaling's `rate()` expressions have a 1-minute minimum.
const MIN_REPEAT_MS: SimTime = 60 * SECOND;

const METRICS: [&str; 2] = [
    "ECSServiceAverageCPUUtilization",
    "ECSServiceAverageMemoryUtilization",
];

/// The target tracking parameters of `parameters` (§8.12).
pub fn params(p: &format::Parameters, out: &mut ScalingParams) -> Result<(), Problem> {
    let root = Loc::ROOT.key("parameters");
    for (v, name, slot) in [
        (
            p.scale_out_datapoints,
            "scaleOutDatapoints",
            &mut out.scale_out_datapoints,
        ),
        (
            p.scale_in_datapoints,
            "scaleInDatapoints",
            &mut out.scale_in_datapoints,
        ),
    ] {
        match v {
            Some(0) => return Err(Problem::new(&root.key(name), "must be at least 1")),
            Some(n) => *slot = n,
            None => {}
        }
    }
    for (v, name, slot) in [
        (
            p.scale_in_threshold_fraction,
            "scaleInThresholdFraction",
            &mut out.scale_in_threshold_fraction,
        ),
        (
            p.scale_in_max_step_fraction,
            "scaleInMaxStepFraction",
            &mut out.scale_in_max_step_fraction,
        ),
    ] {
        if let Some(x) = v {
            if !(x > 0.0 && x <= 1.0) {
                return Err(Problem::new(
                    &root.key(name),
                    format!("{x} is not a fraction in (0, 1]"),
                ));
            }
            *slot = x;
        }
    }
    Ok(())
}

/// A service's `load` and `serviceAutoScaling`.
pub fn scaling(
    path: &Loc,
    s: &format::Service,
    td: &TaskDefinition,
    strategy: SchedulingStrategy,
) -> Result<ScalingInit, Problem> {
    let load = match &s.load {
        Some(l) => Some(load(&path.key("load"), l)?),
        None => None,
    };
    let Some(sas) = &s.service_auto_scaling else {
        return Ok(ScalingInit { load, target: None });
    };
    let p = path.key("serviceAutoScaling");
    if strategy == SchedulingStrategy::Daemon {
        return Err(Problem::new(
            &p,
            "Service Auto Scaling changes desiredCount, which a DAEMON service does not have",
        )
        .hint("remove serviceAutoScaling or make the service REPLICA"));
    }
    if sas.min_capacity > sas.max_capacity {
        return Err(Problem::new(
            &p.key("minCapacity"),
            format!(
                "minCapacity {} exceeds maxCapacity {}",
                sas.min_capacity, sas.max_capacity
            ),
        )
        .hint("MinCapacity must be less than or equal to MaxCapacity"));
    }
    let mut policies: Vec<TargetTracking> = Vec::new();
    let tracking = p.key("targetTracking");
    for (i, t) in sas.target_tracking.items.iter().enumerate() {
        let tp = if sas.target_tracking.array {
            tracking.index(i)
        } else {
            tracking
        };
        let policy = target_tracking(&tp, t, load.as_ref(), td)?;
        if policies.iter().any(|x| x.metric == policy.metric) {
            return Err(Problem::new(
                &tp.key("predefinedMetricType"),
                format!("a second policy on {}", policy.metric.as_str()),
            )
            .hint("each target tracking policy of a service must use a different metric"));
        }
        if policies.iter().any(|x| x.name == policy.name) {
            return Err(Problem::new(
                &tp.key("policyName"),
                format!("duplicate policyName `{}`", policy.name),
            ));
        }
        policies.push(policy);
    }
    let mut scheduled_actions: Vec<ScheduledAction> = Vec::new();
    let actions = p.key("scheduledActions");
    for (i, a) in sas.scheduled_actions.iter().enumerate() {
        let ap = actions.index(i);
        let action = scheduled_action(&ap, a)?;
        if scheduled_actions.iter().any(|x| x.name == action.name) {
            return Err(Problem::new(
                &ap.key("scheduledActionName"),
                format!("duplicate scheduledActionName `{}`", action.name),
            ));
        }
        scheduled_actions.push(action);
    }
    Ok(ScalingInit {
        load,
        target: Some(ScalableTarget {
            min_capacity: sas.min_capacity,
            max_capacity: sas.max_capacity,
            policies,
            scheduled_actions,
        }),
    })
}

fn target_tracking(
    path: &Loc,
    t: &f::TargetTracking,
    load: Option<&Load>,
    td: &TaskDefinition,
) -> Result<TargetTracking, Problem> {
    let mp = path.key("predefinedMetricType");
    let metric = match t.predefined_metric_type.as_str() {
        "ECSServiceAverageCPUUtilization" => Metric::Cpu,
        "ECSServiceAverageMemoryUtilization" => Metric::Memory,
        "ALBRequestCountPerTarget" => {
            return Err(
                Problem::new(&mp, "ALBRequestCountPerTarget is not modelled").hint(
                    "use ECSServiceAverageCPUUtilization or ECSServiceAverageMemoryUtilization",
                ),
            );
        }
        other => {
            let p = Problem::new(&mp, format!("unknown predefinedMetricType `{other}`"));
            return Err(match did_you_mean(other, METRICS) {
                Some(s) => p.hint(format!("did you mean `{s}`?")),
                None => p.hint(METRICS.join(" or ")),
            });
        }
    };
    let (curve, field, example) = match metric {
        Metric::Cpu => (
            load.and_then(|l| l.cpu_units.as_ref()),
            "cpuUnits",
            "\"load\": {\"cpuUnits\": [[0, 1024]]}",
        ),
        Metric::Memory => (
            load.and_then(|l| l.memory_mib.as_ref()),
            "memoryMiB",
            "\"load\": {\"memoryMiB\": [[0, 2048]]}",
        ),
    };
    if curve.is_none() {
        return Err(Problem::new(
            &mp,
            format!(
                "{} needs the service's load in {field}",
                t.predefined_metric_type
            ),
        )
        .hint(format!(
            "add {example} to the service: the total demand over time"
        )));
    }
    let reserved = match metric {
        Metric::Cpu => td.cpu_units,
        Metric::Memory => td.memory_mib,
    };
    if reserved == 0 {
        return Err(Problem::new(
            &mp,
            format!(
                "{} reserves no {}, so its utilization is undefined",
                td.name(),
                metric.short()
            ),
        )
        .hint("set task-level cpu (or container cpu) in the task definition"));
    }
    let v = t.target_value;
    if !(v > 0.0 && v <= 100.0) {
        return Err(Problem::new(
            &path.key("targetValue"),
            format!("{v} is not a utilization target in (0, 100]"),
        )
        .hint("the target is a percentage of the reserved CPU or memory, e.g. 50"));
    }
    let cooldown = |v: Option<f64>, name: &str| match v {
        Some(x) => seconds(&path.key(name), x),
        None => Ok(DEFAULT_COOLDOWN_MS),
    };
    Ok(TargetTracking {
        name: t
            .policy_name
            .clone()
            .unwrap_or_else(|| t.predefined_metric_type.clone()),
        metric,
        target: v,
        scale_out_cooldown_ms: cooldown(t.scale_out_cooldown_seconds, "scaleOutCooldownSeconds")?,
        scale_in_cooldown_ms: cooldown(t.scale_in_cooldown_seconds, "scaleInCooldownSeconds")?,
        disable_scale_in: t.disable_scale_in,
    })
}

fn scheduled_action(path: &Loc, a: &f::ScheduledAction) -> Result<ScheduledAction, Problem> {
    if a.scheduled_action_name.is_empty() {
        return Err(Problem::new(
            &path.key("scheduledActionName"),
            "must not be empty",
        ));
    }
    let at = seconds(&path.key("atSeconds"), a.at_seconds)?;
    let repeat_every = match a.repeat_every_seconds {
        Some(v) => {
            let ms = seconds(&path.key("repeatEverySeconds"), v)?;
            if ms < MIN_REPEAT_MS {
                return Err(Problem::new(
                    &path.key("repeatEverySeconds"),
                    format!("{v} s is shorter than a minute"),
                )
                .hint("rate() schedules have a 1-minute minimum"));
            }
            Some(ms)
        }
        None => None,
    };
    match (a.min_capacity, a.max_capacity) {
        (None, None) => {
            return Err(Problem::new(
                path,
                "a scheduled action needs minCapacity, maxCapacity or both",
            ));
        }
        (Some(lo), Some(hi)) if lo > hi => {
            return Err(Problem::new(
                &path.key("minCapacity"),
                format!("minCapacity {lo} exceeds maxCapacity {hi}"),
            ));
        }
        _ => {}
    }
    Ok(ScheduledAction {
        name: a.scheduled_action_name.clone(),
        at,
        repeat_every,
        min_capacity: a.min_capacity,
        max_capacity: a.max_capacity,
    })
}

fn load(path: &Loc, l: &f::Load) -> Result<Load, Problem> {
    let period = match l.repeat_every_seconds {
        Some(v) => {
            let ms = seconds(&path.key("repeatEverySeconds"), v)?;
            if ms == 0 {
                return Err(Problem::new(
                    &path.key("repeatEverySeconds"),
                    "must be positive",
                ));
            }
            Some(ms)
        }
        None => None,
    };
    let curve = |points: &Option<Vec<[f64; 2]>>,
                 name: &str|
     -> Result<Option<LoadCurve>, Problem> {
        let Some(points) = points else {
            return Ok(None);
        };
        let cp = path.key(name);
        if points.is_empty() {
            return Err(Problem::new(
                &cp,
                "needs at least one [seconds, value] point",
            ));
        }
        let mut out: Vec<(SimTime, f64)> = Vec::with_capacity(points.len());
        for (i, &[t, v]) in points.iter().enumerate() {
            let pp = cp.index(i);
            let t = seconds(&pp.index(0), t)?;
            if out.last().is_some_and(|&(prev, _)| t < prev) {
                return Err(Problem::new(&pp.index(0), "times must not decrease")
                    .hint("list the points in time order; equal times make a step"));
            }
            if let Some(p) = period
                && t > p
            {
                return Err(
                    Problem::new(&pp.index(0), "a point lies after repeatEverySeconds")
                        .hint("a repeating curve is defined over one period"),
                );
            }
            if !(v.is_finite() && v >= 0.0) {
                return Err(Problem::new(
                    &pp.index(1),
                    format!("{v} is not a demand (a non-negative number)"),
                ));
            }
            out.push((t, v));
        }
        Ok(Some(LoadCurve::new(out, period)))
    };
    let cpu_units = curve(&l.cpu_units, "cpuUnits")?;
    let memory_mib = curve(&l.memory_mib, "memoryMiB")?;
    if cpu_units.is_none() && memory_mib.is_none() {
        return Err(Problem::new(path, "a load needs cpuUnits or memoryMiB"));
    }
    if let Some(c) = l.utilization_cap_percent
        && !(c.is_finite() && c > 0.0)
    {
        return Err(Problem::new(
            &path.key("utilizationCapPercent"),
            format!("{c} is not a positive percentage"),
        ));
    }
    Ok(Load {
        cpu_units,
        memory_mib,
        utilization_cap_percent: l.utilization_cap_percent,
    })
}
