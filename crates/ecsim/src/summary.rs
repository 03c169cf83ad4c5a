//! The run summary: `summary.json` and the text printed to the terminal.

use std::fmt::Write as _;
use std::io;

use serde_json::{Value, json};
use sim::Simulation;
use sim::deployment::RolloutState;

use crate::names::secs;

/// The summary as one JSON value (tests: `write_pretty` streams the same bytes).
#[cfg(test)]
pub fn to_json(sim: &Simulation, scenario_name: &str) -> Value {
    with_services(sim, scenario_name, service_entries(sim).collect())
}

/// The summary with an empty "services" array: [`write_pretty`] streams the entries into it.
pub fn head_json(sim: &Simulation, scenario_name: &str) -> Value {
    with_services(sim, scenario_name, Vec::new())
}

/// The entries of "services", one per service, built one at a time.
fn service_entries(sim: &Simulation) -> impl Iterator<Item = Value> + '_ {
    sim.services
        .iter()
        .enumerate()
        .map(move |(i, svc)| {
            let s = sim::ServiceId(i as u32);
            let deployments: Vec<Value> = svc
                .deployments
                .iter()
                .filter(|d| !sim.deployments[d.idx()].initial || !sim.config.start_steady)
                .map(|d| {
                    let dep = &sim.deployments[d.idx()];
                    let stalled = if dep.rollout_state == RolloutState::InProgress {
                        dep.stall
                            .as_ref()
                            .map(|st| json!({"reason": st.reason, "hint": st.hint, "sinceSeconds": secs(st.since)}))
                    } else {
                        None
                    };
                    json!({
                        "id": dep.label,
                        "taskDefinition": sim.task_definitions[dep.task_definition.idx()].name(),
                        "status": dep.status.as_str(),
                        "rolloutState": dep.rollout_state.as_str(),
                        "startedAtSeconds": secs(dep.started_at),
                        "completedAtSeconds": dep.completed_at.map(secs),
                        "durationSeconds": dep.completed_at.map(|c| secs(c - dep.started_at)),
                        "tasksLaunched": dep.launched,
                        "failedTasks": dep.failed_tasks,
                        "failureReason": dep.failure_reason,
                        "stalled": stalled,
                    })
                })
                .collect();
            let c = sim.live_counts(s);
            let mut v = json!({
                "serviceName": svc.config.name,
                "desiredCount": svc.desired_count,
                "runningCount": c.running,
                "healthyCount": c.healthy,
                "deployments": deployments,
                "peakTaskCount": svc.stats.peak_task_count,
                "minHealthyCount": svc.stats.min_healthy_count,
                "unplacedAttempts": svc.stats.unplaced_attempts,
                "tasksLaunched": svc.stats.tasks_launched,
                "startFailures": svc.stats.start_failures,
                "launchType": match svc.config.launch_type {
                    sim::service::LaunchType::Ec2 => "EC2",
                    sim::service::LaunchType::Fargate => "FARGATE",
                },
                "spotInterruptions": svc.spot_interruptions,
            });
            // Service Auto Scaling (§6), only for services that have it.
            if let Some(t) = &svc.auto_scaling.target {
                let st = &svc.auto_scaling.stats;
                v["autoScaling"] = json!({
                    "minCapacity": t.min_capacity, "maxCapacity": t.max_capacity,
                    "scaleOutActions": st.scale_out_actions, "scaleInActions": st.scale_in_actions,
                    "minDesiredCount": st.min_desired, "maxDesiredCount": st.max_desired,
                });
            }
            v
        })
}

fn with_services(sim: &Simulation, scenario_name: &str, services: Vec<Value>) -> Value {
    json!({
        "scenario": scenario_name,
        "seed": sim.config.seed,
        "endSeconds": secs(sim.end),
        "eventsProcessed": sim.events_processed,
        "containerInstances": sim.instances.iter().filter(|i| i.is_registered()).count(),
        "peakEnisInUse": sim.samples.iter().map(|s| s.cluster.enis_in_use).max().unwrap_or(0),
        "strandedCapacity": stranded(sim),
        "autoScalingGroups": sim.asgs.iter().map(|a| json!({
            "autoScalingGroupName": a.config.name,
            "desiredCapacity": a.desired,
            "instancesLaunched": a.launched,
            "instancesTerminated": a.terminated,
            "instancesTerminatedWithTasks": a.terminated_with_tasks,
            "tasksKilled": a.tasks_killed,
            "capacityProviderReservation": a.reservation,
            "lastTerminationAtSeconds": a.last_termination_at.map(secs),
        })).collect::<Vec<_>>(),
        "spotInterruptions": sim.samples.last().map_or(0, |s| s.cluster.spot_interruptions),
        "subnets": sim.subnets.iter().map(|sn| json!({
            "subnetId": sn.id,
            "availabilityZone": sn.availability_zone,
            "usableAddresses": sn.usable(),
            "peakAddressesInUse": sn.peak_in_use,
        })).collect::<Vec<_>>(),
        "services": services,
    })
}

/// Writes `summary.json`: `head` (from [`head_json`], plus any keys the caller added) with the
/// entries of "services" in place, the bytes `serde_json::to_writer_pretty` writes for the whole
/// summary, and a line break. Each service's entry is built and written on its own: for a
/// million tasks the summary as one `Value` takes hundreds of MB.
pub fn write_pretty(sim: &Simulation, head: &Value, w: &mut dyn io::Write) -> io::Result<()> {
    // A top-level key is indented by two spaces; strings cannot hold a raw line break or quote,
    // so the marker occurs once.
    const EMPTY: &str = "\n  \"services\": []";
    let text = serde_json::to_string_pretty(head)?;
    let at = text.find(EMPTY).ok_or_else(|| {
        io::Error::other("internal error: the summary has no top-level \"services\"")
    })?;
    w.write_all(&text.as_bytes()[..at])?;
    if sim.services.is_empty() {
        w.write_all(EMPTY.as_bytes())?;
    } else {
        w.write_all(b"\n  \"services\": [")?;
        let mut entry = Vec::new();
        for (k, v) in service_entries(sim).enumerate() {
            entry.clear();
            serde_json::to_writer_pretty(&mut entry, &v)?;
            w.write_all(if k == 0 { b"\n    " } else { b",\n    " })?;
            // Two levels deeper than on its own: four more spaces on every line.
            for (j, line) in entry.split(|&b| b == b'\n').enumerate() {
                if j > 0 {
                    w.write_all(b"\n    ")?;
                }
                w.write_all(line)?;
            }
        }
        w.write_all(b"\n  ]")?;
    }
    w.write_all(&text.as_bytes()[at + EMPTY.len()..])?;
    w.write_all(b"\n")
}

/// Stranded capacity at the end and at its worst (§ "ideal vs reality"): registered instances
/// beyond the lower bound of instances the reserved resources need, and what they cost per hour.
fn stranded(sim: &Simulation) -> Value {
    let last = sim.samples.last().map(|s| s.cluster).unwrap_or_default();
    let registered = last.instances_active + last.instances_draining;
    let removable = registered.saturating_sub(last.instances_needed_lower_bound);
    let worst = sim
        .samples
        .iter()
        .map(|s| {
            (s.cluster.instances_active + s.cluster.instances_draining)
                .saturating_sub(s.cluster.instances_needed_lower_bound)
        })
        .max()
        .unwrap_or(0);
    // Price of the removable instances: the cheapest registered ones could go first.
    let mut hourly: Vec<f64> = sim
        .instances
        .iter()
        .filter(|i| i.is_registered())
        .map(|i| i.spec.hourly_usd)
        .collect();
    hourly.sort_by(f64::total_cmp);
    let removable_usd_per_hour: f64 = hourly.iter().take(removable as usize).sum();
    json!({
        "instancesRegistered": registered,
        "instancesEmpty": last.instances_empty,
        "instancesNeededLowerBound": last.instances_needed_lower_bound,
        "removableInstancesUpperBound": removable,
        "removableUsdPerHourUpperBound": (removable_usd_per_hour * 10_000.0).round() / 10_000.0,
        "peakRemovableInstancesUpperBound": worst,
    })
}

/// The summary as text for the terminal.
pub fn to_text(sim: &Simulation, scenario_name: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "seed {} · scenario {} · ended at {} ({} events)",
        sim.config.seed,
        scenario_name,
        clock(sim.end),
        sim.events_processed
    );
    for (i, svc) in sim.services.iter().enumerate() {
        let c = sim.live_counts(sim::ServiceId(i as u32));
        let _ = writeln!(
            out,
            "\nservice {}: desired {}, running {}, healthy {}",
            svc.config.name, svc.desired_count, c.running, c.healthy
        );
        for d in &svc.deployments {
            let dep = &sim.deployments[d.idx()];
            if dep.initial && sim.config.start_steady {
                continue;
            }
            let td = sim.task_definitions[dep.task_definition.idx()].name();
            let took = match dep.completed_at {
                Some(t) => format!("took {}", clock(t - dep.started_at)),
                None => "not finished".to_string(),
            };
            let _ = writeln!(
                out,
                "  deployment {} ({td}): {} · started {} · {took}",
                dep.label,
                dep.rollout_state.as_str(),
                clock(dep.started_at)
            );
            if dep.rollout_state == RolloutState::InProgress
                && let Some(st) = &dep.stall
            {
                let _ = writeln!(out, "    STALLED since {}: {}", clock(st.since), st.reason);
                if !st.hint.is_empty() {
                    let _ = writeln!(out, "    to unblock: {}", st.hint);
                }
            }
            if let Some(r) = &dep.failure_reason {
                let _ = writeln!(out, "    failed: {r}");
            }
        }
        let min = svc
            .stats
            .min_healthy_count
            .map_or("-".to_string(), |m| m.to_string());
        let _ = writeln!(
            out,
            "  peak tasks {} · minimum healthy {} · unplaced attempts {}",
            svc.stats.peak_task_count, min, svc.stats.unplaced_attempts
        );
        if svc.spot_interruptions > 0 {
            let _ = writeln!(
                out,
                "  Fargate Spot interruptions {}",
                svc.spot_interruptions
            );
        }
        if svc.auto_scaling.target.is_some() {
            let st = &svc.auto_scaling.stats;
            let _ = writeln!(
                out,
                "  auto scaling: {} scale-outs, {} scale-ins, desired count between {} and {}",
                st.scale_out_actions, st.scale_in_actions, st.min_desired, st.max_desired
            );
        }
    }
    if let Some(last) = sim.samples.last().map(|s| s.cluster)
        && last.instances_active + last.instances_draining > 0
    {
        let registered = last.instances_active + last.instances_draining;
        let _ = writeln!(
            out,
            "\ncontainer instances: {registered} registered, {} empty; the reserved resources need at least {} (so at most {} could go if tasks were repacked)",
            last.instances_empty,
            last.instances_needed_lower_bound,
            registered.saturating_sub(last.instances_needed_lower_bound)
        );
    }
    for a in &sim.asgs {
        let _ = writeln!(
            out,
            "auto scaling group {}: desired {}, launched {}, terminated {} ({} with tasks, {} tasks killed)",
            a.config.name,
            a.desired,
            a.launched,
            a.terminated,
            a.terminated_with_tasks,
            a.tasks_killed
        );
    }
    if !sim.subnets.is_empty() {
        let _ = writeln!(out);
        for sn in &sim.subnets {
            let _ = writeln!(
                out,
                "subnet {} ({}, /{}): peak {} of {} addresses in use",
                sn.id,
                sn.availability_zone,
                sn.prefix,
                sn.peak_in_use,
                sn.usable()
            );
        }
    }
    out
}

/// `h:mm:ss` or `m:ss`, with milliseconds when present.
pub fn clock(ms: u64) -> String {
    let (s, frac) = (ms / 1000, ms % 1000);
    let base = if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    };
    if frac == 0 {
        base
    } else {
        format!("{base}.{frac:03}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_pretty_streams_the_bytes_of_the_whole_value() {
        for file in ["max100-min50.json", "max200-no-spare.json"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../scenarios")
                .join(file);
            let config = scenario::load(&path).expect("shipped scenario").config;
            let sim = Simulation::new(config).run().expect("runs");
            let extra = json!({"totalUsd": 1.5, "services": [], "lines": [{"a": [1, 2]}]});
            let mut whole = to_json(&sim, "x");
            whole["cost"] = extra.clone();
            let mut expected = serde_json::to_vec_pretty(&whole).unwrap();
            expected.push(b'\n');
            let mut head = head_json(&sim, "x");
            head["cost"] = extra;
            let mut streamed = Vec::new();
            write_pretty(&sim, &head, &mut streamed).unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
    }
}
