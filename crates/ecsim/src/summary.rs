//! The run summary: `summary.json`, the text printed to the terminal, and which services large
//! fleets list there and in `report.html`. `summary.json` is written as `serde_json` pretty-prints
//! it but without a `Value` per service (`json_out`).

use std::cmp::Reverse;
use std::fmt::Write as _;
use std::io;

use serde_json::{Value, json};
use sim::Simulation;
use sim::deployment::RolloutState;

use crate::json_out::{Name, Secs, pretty_fields, write_pretty_with_items};
use crate::names::secs;

/// The summary with an empty "services" array: [`write_pretty`] streams the entries into it.
pub fn head_json(sim: &Simulation, scenario_name: &str) -> Value {
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
        "services": [],
    })
}

/// Writes `summary.json`: `head` (from [`head_json`], plus any keys the caller added) with the
/// entries of "services" in place, the bytes `serde_json::to_writer_pretty` writes for the whole
/// summary, and a line break. The entries are written straight into the output: for a million
/// tasks the summary as one `Value` takes hundreds of MB, and building a `Value` per service
/// takes longer than writing it.
pub fn write_pretty(sim: &Simulation, head: &Value, w: &mut dyn io::Write) -> io::Result<()> {
    let task_definitions: Vec<String> = sim.task_definitions.iter().map(|d| d.name()).collect();
    write_pretty_with_items(head, "services", sim.services.len(), w, |i, out| {
        service_entry(sim, &task_definitions, i, out)
    })
}

/// The entry of service `i` in "services" (two levels deep); `task_definitions` are the names
/// of the task definitions.
fn service_entry(sim: &Simulation, task_definitions: &[String], i: usize, out: &mut Vec<u8>) {
    let svc = &sim.services[i];
    let c = sim.live_counts(sim::ServiceId(i as u32));
    out.push(b'{');
    pretty_fields!(out, "      ", {
        "serviceName": svc.config.name,
        "desiredCount": svc.desired_count,
        "runningCount": c.running,
        "healthyCount": c.healthy,
    });
    out.extend_from_slice(b",\n      \"deployments\": [");
    let mut first = true;
    for d in &svc.deployments {
        let dep = &sim.deployments[d.idx()];
        if !dep.is_rollout(sim.config.start_steady) {
            continue;
        }
        out.extend_from_slice(if first {
            b"\n        {"
        } else {
            b",\n        {"
        });
        first = false;
        pretty_fields!(out, "          ", {
            "id": dep.label,
            "taskDefinition": task_definitions[dep.task_definition.idx()],
            "status": Name(dep.status.as_str()),
            "rolloutState": Name(dep.rollout_state.as_str()),
            "startedAtSeconds": Secs(dep.started_at),
            "completedAtSeconds": dep.completed_at.map(Secs),
            "durationSeconds": dep.completed_at.map(|c| Secs(c - dep.started_at)),
            "tasksLaunched": dep.launched,
            "failedTasks": dep.failed_tasks,
            "failureReason": dep.failure_reason,
        });
        out.extend_from_slice(b",\n          \"stalled\": ");
        match dep.stall.as_ref() {
            Some(st) if dep.rollout_state == RolloutState::InProgress => {
                out.push(b'{');
                pretty_fields!(out, "            ", {
                    "reason": st.reason, "hint": st.hint, "sinceSeconds": Secs(st.since),
                });
                out.extend_from_slice(b"\n          }");
            }
            _ => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b"\n        }");
    }
    out.extend_from_slice(if first { b"]" } else { b"\n      ]" });
    out.push(b',');
    pretty_fields!(out, "      ", {
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
        out.extend_from_slice(b",\n      \"autoScaling\": {");
        pretty_fields!(out, "        ", {
            "minCapacity": t.min_capacity, "maxCapacity": t.max_capacity,
            "scaleOutActions": st.scale_out_actions, "scaleInActions": st.scale_in_actions,
            "minDesiredCount": st.min_desired, "maxDesiredCount": st.max_desired,
        });
        out.extend_from_slice(b"\n      }");
    }
    out.extend_from_slice(b"\n    }");
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

/// With more than this many services (large fleets), the terminal text and `report.html` list
/// only [`LISTED_SERVICES`] of them, so that they stay readable and proportionate;
/// `summary.json` always has every service.
pub const LISTED_SERVICES_MAX: usize = 32;

/// How many services large fleets list (see [`listed_services`]).
pub const LISTED_SERVICES: usize = 16;

/// The services the terminal text and `report.html` list: all of them in service order, or, with
/// more than [`LISTED_SERVICES_MAX`], the [`LISTED_SERVICES`] most notable, most notable first:
/// services with a deployment not COMPLETED, then the lowest fewest-healthy share of
/// desiredCount (never steady first), the longest deployment (unfinished ones counted to the
/// end of the run), the most unplaced attempts; ties in service order.
pub fn listed_services(sim: &Simulation) -> Vec<usize> {
    let all = sim.services.len();
    if all <= LISTED_SERVICES_MAX {
        return (0..all).collect();
    }
    let key = |i: usize| {
        let svc = &sim.services[i];
        let deployments = || {
            svc.deployments
                .iter()
                .map(|d| &sim.deployments[d.idx()])
                .filter(|dep| dep.is_rollout(sim.config.start_steady))
        };
        let finished = deployments().all(|dep| dep.rollout_state == RolloutState::Completed);
        let healthy_share = svc.stats.min_healthy_count.map_or(-1, |m| {
            (i64::from(m) * 1000)
                .checked_div(i64::from(svc.desired_count))
                .unwrap_or(1000)
        });
        let longest = deployments()
            .map(|dep| dep.completed_at.unwrap_or(sim.end) - dep.started_at)
            .max()
            .unwrap_or(0);
        (
            finished,
            healthy_share,
            Reverse(longest),
            Reverse(svc.stats.unplaced_attempts),
            i,
        )
    };
    let mut keyed: Vec<_> = (0..all).map(key).collect();
    keyed.select_nth_unstable(LISTED_SERVICES - 1);
    keyed.truncate(LISTED_SERVICES);
    keyed.sort_unstable();
    keyed.into_iter().map(|k| k.4).collect()
}

/// The line that says which services a large fleet lists, and how its deployments ended; `None`
/// when every service is listed.
pub fn listed_services_note(sim: &Simulation, listed: usize) -> Option<String> {
    if listed == sim.services.len() {
        return None;
    }
    let mut by_state = [0usize; 3];
    for dep in &sim.deployments {
        if dep.is_rollout(sim.config.start_steady) {
            by_state[match dep.rollout_state {
                RolloutState::Completed => 0,
                RolloutState::InProgress => 1,
                RolloutState::Failed => 2,
            }] += 1;
        }
    }
    Some(format!(
        "{listed} of {} services listed (deployments not COMPLETED first, then fewest healthy, \
         longest deployment, most unplaced attempts; summary.json has all). \
         Deployments: {} COMPLETED, {} IN_PROGRESS, {} FAILED.",
        sim.services.len(),
        by_state[0],
        by_state[1],
        by_state[2]
    ))
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
    let listed = listed_services(sim);
    if let Some(note) = listed_services_note(sim, listed.len()) {
        let _ = writeln!(out, "\n{note}");
    }
    for i in listed {
        let svc = &sim.services[i];
        let c = sim.live_counts(sim::ServiceId(i as u32));
        let _ = writeln!(
            out,
            "\nservice {}: desired {}, running {}, healthy {}",
            svc.config.name, svc.desired_count, c.running, c.healthy
        );
        for d in &svc.deployments {
            let dep = &sim.deployments[d.idx()];
            if !dep.is_rollout(sim.config.start_steady) {
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

    /// The whole summary as one `Value`: the reference `write_pretty` must match byte for byte.
    fn to_json(sim: &Simulation, scenario_name: &str) -> Value {
        let mut v = head_json(sim, scenario_name);
        v["services"] = Value::Array(service_entries(sim).collect());
        v
    }

    /// The entries of "services" as `Value`s, the way they were built before they were streamed.
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

    #[test]
    fn write_pretty_streams_the_bytes_of_the_whole_value() {
        for file in [
            "max100-min50.json",
            "max200-no-spare.json",
            "scaling/night-scale-in-ec2.json",
            "fargate/agent-sidecar.json",
        ] {
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
