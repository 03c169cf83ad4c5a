//! Turns a parsed scenario into a `sim::Config`, checking everything the serde shape cannot.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use pricing::Catalog;
use sim::config::{
    Account, Action, AutoScalingGroup, CapacityProviderConfig, Config, InstanceInit,
    ManagedScaling, ServiceInit, TerminationPolicy, TimedAction,
};
use sim::container_instance::{
    DEFAULT_RESERVED_PORTS, InstanceSpec, InstanceStatus, instance_name,
};
use sim::dist::Dist;
use sim::params::Params;
use sim::service::LaunchType;
use sim::service::SchedulingStrategy;
use sim::time::{SECOND, SimTime};
use sim::vpc::{Subnet, parse_cidr_prefix};
use sim::{InstanceId, ServiceId, TaskDefinitionId};

use crate::error::Problem;
use crate::format::{self, DistSpec, InstanceGroup, TimelineEntry, dist::NamedDist};
use crate::path::Loc;
use crate::resolve_pricing::{Pricing, instance_hourly_usd, pricing};
use crate::resolve_service::{deployment_configuration, service_config};
use crate::resolve_task_definition::{check_behavior_keys, task_definition};
use crate::suggest::did_you_mean;

/// Ten years, the longest duration ecsim accepts.
const MAX_SECONDS: f64 = 10.0 * 365.0 * 86_400.0;

/// Scenarios with at most this many tasks record every task state change by default.
const RECORD_TASK_EVENTS_UP_TO: u64 = 20_000;

/// A resolved scenario.
#[derive(Debug)]
pub struct Resolved {
    /// What the engine runs.
    pub config: Config,
    /// The scenario's description.
    pub description: Option<String>,
    /// Region, pricing date, overrides and the price book the run is costed at.
    pub pricing: Pricing,
}

/// Seconds (finite, non-negative, at most ten years) to milliseconds.
pub fn seconds(path: &Loc, v: f64) -> Result<SimTime, Problem> {
    if !v.is_finite() || !(0.0..=MAX_SECONDS).contains(&v) {
        return Err(Problem::new(
            path,
            format!("{v} is not a duration between 0 and 10 years (in seconds)"),
        ));
    }
    Ok((v * 1000.0).round() as SimTime)
}

/// A probability in [0, 1].
pub fn probability(path: &Loc, v: f64) -> Result<f64, Problem> {
    if !(0.0..=1.0).contains(&v) {
        return Err(Problem::new(
            path,
            format!("{v} is not a probability between 0 and 1"),
        ));
    }
    Ok(v)
}

/// A latency distribution.
pub fn dist(path: &Loc, d: &DistSpec) -> Result<Dist, Problem> {
    let ms = |p: &Loc, v: f64| seconds(p, v);
    Ok(match d {
        DistSpec::Constant(v) | DistSpec::Named(NamedDist::Constant(v)) => {
            Dist::Constant(ms(path, *v)?)
        }
        DistSpec::Named(NamedDist::Uniform([lo, hi])) => {
            let p = path.key("uniform");
            let (lo, hi) = (ms(&p, *lo)?, ms(&p, *hi)?);
            if lo > hi {
                return Err(Problem::new(&p, "uniform [low, high] needs low <= high"));
            }
            Dist::Uniform {
                low_ms: lo,
                high_ms: hi,
            }
        }
        DistSpec::Named(NamedDist::Normal(b)) => {
            let p = path.key("normal");
            ms(&p.key("mean"), b.mean)?;
            ms(&p.key("sd"), b.sd)?;
            let min = ms(&p.key("min"), b.min.unwrap_or(0.0))?;
            let max = ms(&p.key("max"), b.max.unwrap_or(b.mean + 6.0 * b.sd))?;
            if min > max {
                return Err(Problem::new(&p, "min must not exceed max"));
            }
            Dist::Normal {
                mean_ms: b.mean * 1000.0,
                sd_ms: b.sd * 1000.0,
                min_ms: min,
                max_ms: max,
            }
        }
        DistSpec::Named(NamedDist::Lognormal(b)) => {
            let p = path.key("lognormal");
            if !(b.median > 0.0 && b.median.is_finite()) {
                return Err(Problem::new(&p.key("median"), "median must be positive"));
            }
            if !(b.sigma >= 0.0 && b.sigma <= 5.0) {
                return Err(Problem::new(
                    &p.key("sigma"),
                    "sigma must be between 0 and 5",
                ));
            }
            let min = ms(&p.key("min"), b.min.unwrap_or(0.0))?;
            let max = ms(
                &p.key("max"),
                b.max
                    .unwrap_or((b.median * (6.0 * b.sigma).exp()).min(MAX_SECONDS)),
            )?;
            if min > max {
                return Err(Problem::new(&p, "min must not exceed max"));
            }
            Dist::LogNormal {
                mu: (b.median * 1000.0).ln(),
                sigma: b.sigma,
                min_ms: min,
                max_ms: max,
            }
        }
    })
}

fn params(p: &format::Parameters) -> Result<Params, Problem> {
    let root = Loc::ROOT.key("parameters");
    let mut out = Params::default();
    let set = |slot: &mut SimTime, v: Option<f64>, name: &str| -> Result<(), Problem> {
        if let Some(v) = v {
            *slot = seconds(&root.key(name), v)?;
        }
        Ok(())
    };
    set(
        &mut out.scheduler_reconcile_ms,
        p.scheduler_reconcile_seconds,
        "schedulerReconcileSeconds",
    )?;
    set(
        &mut out.scheduler_reaction_ms,
        p.scheduler_reaction_seconds,
        "schedulerReactionSeconds",
    )?;
    set(
        &mut out.healthy_after_running_ms,
        p.healthy_after_running_seconds,
        "healthyAfterRunningSeconds",
    )?;
    set(
        &mut out.throttle_base_ms,
        p.throttle_base_seconds,
        "throttleBaseSeconds",
    )?;
    set(
        &mut out.throttle_max_ms,
        p.throttle_max_seconds,
        "throttleMaxSeconds",
    )?;
    set(
        &mut out.duplicate_event_suppression_ms,
        p.duplicate_event_suppression_seconds,
        "duplicateEventSuppressionSeconds",
    )?;
    if out.scheduler_reconcile_ms == 0 {
        return Err(Problem::new(
            &root.key("schedulerReconcileSeconds"),
            "must be positive",
        ));
    }
    if let Some(v) = p.sample_interval_seconds {
        let ms = seconds(&root.key("sampleIntervalSeconds"), v)?;
        if ms < 100 {
            return Err(Problem::new(
                &root.key("sampleIntervalSeconds"),
                "must be at least 0.1 s",
            ));
        }
        out.sample_interval_ms = Some(ms);
    }
    if let Some(v) = p.count_stopping_toward_maximum {
        out.count_stopping_toward_maximum = v;
    }
    if let Some(v) = p.unplaced_counts_toward_circuit_breaker {
        out.unplaced_counts_toward_circuit_breaker = v;
    }
    if let Some(v) = p.tracked_services {
        out.tracked_services = v;
    }
    for (v, slot, name, lo, hi) in [
        (
            p.cas_scale_out_datapoints,
            &mut out.cas_scale_out_datapoints,
            "casScaleOutDatapoints",
            1,
            60,
        ),
        (
            p.cas_scale_in_datapoints,
            &mut out.cas_scale_in_datapoints,
            "casScaleInDatapoints",
            1,
            1440,
        ),
        (
            p.cas_scale_in_max_percent_of_empty,
            &mut out.cas_scale_in_max_percent_of_empty,
            "casScaleInMaxPercentOfEmpty",
            1,
            100,
        ),
    ] {
        if let Some(v) = v {
            if !(lo..=hi).contains(&v) {
                return Err(Problem::new(
                    &root.key(name),
                    format!("{v} is outside {lo}–{hi}"),
                ));
            }
            *slot = v;
        }
    }
    if let Some(v) = p.lifecycle_hook_timeout_seconds {
        out.lifecycle_hook_timeout_ms = seconds(&root.key("lifecycleHookTimeoutSeconds"), v)?;
    }
    crate::resolve_service_auto_scaling::params(p, &mut out.service_auto_scaling)?;
    Ok(out)
}

/// Builds the instances of a group, named `i-0001`, `i-0002`, … in file order.
fn instances(
    path: &Loc,
    g: &InstanceGroup,
    catalog: &Catalog,
    region: &str,
    prices: &mut Pricing,
    at_start: bool,
    out: &mut Vec<InstanceInit>,
) -> Result<Vec<InstanceId>, Problem> {
    let count = g.count.unwrap_or(1);
    if count > 1_000_000 {
        return Err(Problem::new(
            &path.key("count"),
            "at most 1,000,000 instances per group",
        ));
    }
    let (cpu, memory, eni_limit, hourly) = if g.instance_type == "custom" {
        let cpu = g.cpu.ok_or_else(|| {
            Problem::new(
                &path.key("cpu"),
                "a custom instance type needs cpu (CPU units)",
            )
        })?;
        let memory = g.memory.ok_or_else(|| {
            Problem::new(
                &path.key("memory"),
                "a custom instance type needs memory (MiB)",
            )
        })?;
        (
            cpu,
            memory.saturating_sub(g.ecs_reserved_memory.unwrap_or(0)),
            g.task_eni_limit.unwrap_or(0),
            0.0,
        )
    } else {
        let t = catalog.instance_type(&g.instance_type).map_err(|e| {
            Problem::new(&path.key("instanceType"), format!("{e}"))
                .hint("or use \"custom\" with cpu and memory")
        })?;
        if g.awsvpc_trunking && !t.trunking_supported {
            return Err(Problem::new(
                &path.key("awsvpcTrunking"),
                format!("{} does not support ENI trunking", t.name),
            )
            .hint("trunking needs a supported Nitro type such as m5.large (§2.6)"));
        }
        let reserved = g.ecs_reserved_memory.unwrap_or(0) as u64;
        // §2.4: CPU = vCPU × 1024; memory = OS-visible MiB − ECS_RESERVED_MEMORY.
        let memory = g
            .memory
            .map(|m| m as u64)
            .unwrap_or_else(|| t.registered_memory_mib(reserved));
        let hourly = instance_hourly_usd(prices, &t.name);
        (
            g.cpu.unwrap_or(t.registered_cpu_units()),
            memory as u32,
            g.task_eni_limit
                .unwrap_or(t.awsvpc_task_limit(g.awsvpc_trunking)),
            hourly,
        )
    };
    let spot_rate = match g.spot_interruptions_per_hour {
        Some(r) if !(0.0..=1000.0).contains(&r) => {
            return Err(Problem::new(
                &path.key("spotInterruptionsPerHour"),
                format!("{r} is not a rate between 0 and 1000 per hour"),
            ));
        }
        Some(_) if !g.spot => {
            return Err(Problem::new(
                &path.key("spotInterruptionsPerHour"),
                "only Spot instances are interrupted",
            )
            .hint("set \"spot\": true"));
        }
        Some(r) => r,
        None => 0.0,
    };
    let mut reserved_ports: Vec<u16> = match &g.reserved_ports {
        None => DEFAULT_RESERVED_PORTS.to_vec(),
        Some(ports) => {
            let mut v = Vec::new();
            for (i, &p) in ports.iter().enumerate() {
                if !(1..=65535).contains(&p) {
                    return Err(Problem::new(
                        &path.key("reservedPorts").index(i),
                        format!("port {p} is outside 1–65535"),
                    ));
                }
                v.push(p as u16);
            }
            v
        }
    };
    reserved_ports.sort_unstable();
    reserved_ports.dedup();
    let zones = if g.availability_zones.is_empty() {
        vec![format!("{region}a")]
    } else {
        g.availability_zones.clone()
    };
    // One spec per zone, shared by the group's instances in it (a fleet has hundreds of
    // thousands of instances and a handful of kinds).
    let zone_specs: Vec<Arc<InstanceSpec>> = zones
        .iter()
        .map(|az| {
            let mut attributes = g.attributes.clone();
            attributes.insert("ecs.availability-zone".into(), az.clone());
            attributes.insert("ecs.instance-type".into(), g.instance_type.clone());
            attributes.insert("ecs.os-type".into(), "linux".into());
            Arc::new(InstanceSpec {
                instance_type: g.instance_type.clone(),
                availability_zone: az.clone(),
                cpu_units: cpu,
                memory_mib: memory,
                reserved_ports: reserved_ports.clone(),
                task_eni_limit: eni_limit,
                attributes,
                hourly_usd: hourly,
                spot: g.spot,
                spot_draining: g.spot_instance_draining,
                spot_interruptions_per_hour: spot_rate,
            })
        })
        .collect();
    let mut ids = Vec::with_capacity(count as usize);
    out.reserve(count as usize);
    for i in 0..count {
        let zone = i as usize % zones.len();
        let id = InstanceId(out.len() as u32);
        out.push(InstanceInit {
            asg: None,
            name: instance_name(out.len() + 1),
            spec: Arc::clone(&zone_specs[zone]),
            at_start,
        });
        ids.push(id);
    }
    Ok(ids)
}

fn lookup<'a>(
    path: &Loc,
    what: &str,
    name: &str,
    names: impl Iterator<Item = &'a str> + Clone,
) -> Problem {
    let p = Problem::new(path, format!("no {what} named `{name}`"));
    match did_you_mean(name, names.clone()) {
        Some(s) => p.hint(format!("did you mean `{s}`?")),
        None => {
            let known: Vec<&str> = names.take(12).collect();
            if known.is_empty() {
                p.hint(format!("the scenario defines no {what}"))
            } else {
                p.hint(format!("known: {}", known.join(", ")))
            }
        }
    }
}

/// Resolves the whole scenario.
pub fn resolve(sc: &format::Scenario, catalog: &Catalog) -> Result<Resolved, Problem> {
    let root = Loc::ROOT;
    if sc.format_version != 1 {
        return Err(Problem::new(
            &root.key("formatVersion"),
            format!("unknown formatVersion {}", sc.format_version),
        )
        .hint("this ecsim reads formatVersion 1"));
    }
    let duration_ms = seconds(&root.key("durationSeconds"), sc.duration_seconds)?;
    if duration_ms == 0 {
        return Err(Problem::new(
            &root.key("durationSeconds"),
            "must be positive",
        ));
    }
    let region = sc.region.clone().unwrap_or_else(|| "us-east-1".into());
    let params = params(&sc.parameters)?;
    let mut prices = pricing(sc, catalog)?;

    let subnets = subnets(&sc.subnets)?;
    let mut all_instances = Vec::new();
    for (i, g) in sc.cluster.container_instances.iter().enumerate() {
        instances(
            &root.key("cluster").key("containerInstances").index(i),
            g,
            catalog,
            &region,
            &mut prices,
            true,
            &mut all_instances,
        )?;
    }

    let auto_scaling_groups =
        auto_scaling_groups(sc, catalog, &region, &mut prices, &mut all_instances)?;
    let capacity_providers = capacity_providers(sc)?;
    let capacity_provider_names: Vec<&str> = sc
        .capacity_providers
        .iter()
        .map(|c| c.name.as_str())
        .collect();

    // Task definitions: revisions default to 1 + the previous one of the family.
    let mut defs = Vec::new();
    let mut next_revision: BTreeMap<&str, u32> = BTreeMap::new();
    let task_definitions = root.key("taskDefinitions");
    for (i, t) in sc.task_definitions.iter().enumerate() {
        let p = task_definitions.index(i);
        let rev = t
            .revision
            .unwrap_or_else(|| *next_revision.get(t.family.as_str()).unwrap_or(&1));
        if rev == 0 {
            return Err(Problem::new(&p.key("revision"), "revisions start at 1"));
        }
        let def = task_definition(&p, t, rev, &sc.task_behavior)?;
        if defs
            .iter()
            .any(|d: &sim::task_definition::TaskDefinition| d.name() == def.name())
        {
            return Err(Problem::new(
                &p,
                format!("task definition {} is defined twice", def.name()),
            ));
        }
        next_revision.insert(&t.family, rev + 1);
        defs.push(def);
    }
    check_behavior_keys(&sc.task_behavior, &defs)?;
    let def_names: Vec<String> = defs.iter().map(|d| d.name()).collect();
    let find_def = |path: &Loc, text: &str| -> Result<TaskDefinitionId, Problem> {
        // An ARN ends in "task-definition/family:revision"; "family" alone means its latest revision.
        let name = text.rsplit('/').next().unwrap_or(text);
        let found = if name.contains(':') {
            def_names.iter().position(|n| n == name)
        } else {
            defs.iter()
                .enumerate()
                .filter(|(_, d)| d.family == name)
                .max_by_key(|(_, d)| d.revision)
                .map(|(i, _)| i)
        };
        found.map(|i| TaskDefinitionId(i as u32)).ok_or_else(|| {
            lookup(
                path,
                "task definition",
                name,
                def_names.iter().map(String::as_str),
            )
        })
    };

    for (i, t) in sc.target_groups.iter().enumerate() {
        if sc.target_groups[..i]
            .iter()
            .any(|x| x.target_group_name == t.target_group_name)
        {
            return Err(Problem::new(
                &root.key("targetGroups").index(i),
                "duplicate targetGroupName",
            ));
        }
    }

    let mut services = Vec::with_capacity(sc.services.len());
    // Name → index, for duplicates and timeline lookups without a scan per service.
    // A hash map (only looked up, never iterated, so its order does not matter): string keys
    // make a B-tree's comparisons a large part of resolving thousands of services.
    let mut service_index: HashMap<&str, usize> = HashMap::with_capacity(sc.services.len());
    let services_path = root.key("services");
    for (i, s) in sc.services.iter().enumerate() {
        let p = services_path.index(i);
        if service_index.insert(&s.service_name, i).is_some() {
            return Err(Problem::new(
                &p.key("serviceName"),
                format!("duplicate service `{}`", s.service_name),
            ));
        }
        let config = service_config(
            &p,
            s,
            &sc.target_groups,
            &sc.subnets,
            &capacity_provider_names,
            sc.parameters.legacy_new_target_health.unwrap_or(false),
        )?;
        let td = find_def(&p.key("taskDefinition"), &s.task_definition)?;
        if config.launch_type == LaunchType::Fargate {
            if config.scheduling_strategy == SchedulingStrategy::Daemon {
                return Err(Problem::new(
                    &p.key("schedulingStrategy"),
                    "Fargate does not support DAEMON services",
                ));
            }
            if !defs[td.idx()].fargate_compatible {
                return Err(Problem::new(
                    &p.key("taskDefinition"),
                    format!(
                        "{} does not list FARGATE in requiresCompatibilities",
                        defs[td.idx()].name()
                    ),
                )
                .hint("a Fargate service needs a FARGATE-compatible task definition (§4)"));
            }
        }
        let desired_count = match (config.scheduling_strategy, s.desired_count) {
            (SchedulingStrategy::Replica, Some(n)) => n,
            (SchedulingStrategy::Replica, None) => {
                return Err(Problem::new(&p, "missing desiredCount")
                    .hint("a REPLICA service needs desiredCount"));
            }
            (SchedulingStrategy::Daemon, _) => 0,
        };
        let scaling = crate::resolve_service_auto_scaling::scaling(
            &p,
            s,
            &defs[td.idx()],
            config.scheduling_strategy,
        )?;
        services.push(ServiceInit {
            config,
            task_definition: td,
            desired_count,
            scaling,
        });
    }
    let service_names: Vec<&str> = sc
        .services
        .iter()
        .map(|s| s.service_name.as_str())
        .collect();

    let mut entries: Vec<(usize, &TimelineEntry)> = sc.timeline.iter().enumerate().collect();
    entries.sort_by(|a, b| {
        a.1.at_seconds()
            .total_cmp(&b.1.at_seconds())
            .then(a.0.cmp(&b.0))
    });
    let mut current_dc: Vec<_> = services
        .iter()
        .map(|s| s.config.deployment_configuration)
        .collect();
    let mut timeline = Vec::with_capacity(entries.len());
    let timeline_path = root.key("timeline");
    for (i, e) in entries {
        let p = timeline_path.index(i);
        let at = seconds(&p.key("atSeconds"), e.at_seconds())?;
        let action = match e {
            TimelineEntry::UpdateService(u) => {
                let s = service_index
                    .get(u.service.as_str())
                    .copied()
                    .ok_or_else(|| {
                        lookup(
                            &p.key("service"),
                            "service",
                            &u.service,
                            service_names.iter().copied(),
                        )
                    })?;
                let task_definition = match &u.task_definition {
                    Some(t) => Some(find_def(&p.key("taskDefinition"), t)?),
                    None => None,
                };
                let daemon = services[s].config.scheduling_strategy == SchedulingStrategy::Daemon;
                let dc = match &u.deployment_configuration {
                    Some(dc) => {
                        let merged = deployment_configuration(
                            &p.key("deploymentConfiguration"),
                            dc,
                            current_dc[s],
                            daemon,
                        )?;
                        current_dc[s] = merged;
                        Some(merged)
                    }
                    None => None,
                };
                Action::UpdateService {
                    service: ServiceId(s as u32),
                    task_definition,
                    desired_count: u.desired_count,
                    deployment_configuration: dc,
                    force_new_deployment: u.force_new_deployment,
                }
            }
            TimelineEntry::UpdateContainerInstancesState(u) => {
                let status = match u.status.as_str() {
                    "ACTIVE" => InstanceStatus::Active,
                    "DRAINING" => InstanceStatus::Draining,
                    other => {
                        return Err(Problem::new(
                            &p.key("status"),
                            format!("unknown status `{other}`"),
                        )
                        .hint("ACTIVE or DRAINING"));
                    }
                };
                let mut ids = Vec::new();
                for (j, name) in u.container_instances.iter().enumerate() {
                    ids.push(find_instance(
                        &p.key("containerInstances").index(j),
                        name,
                        &all_instances,
                    )?);
                }
                Action::UpdateContainerInstancesState {
                    instances: ids,
                    status,
                }
            }
            TimelineEntry::RegisterContainerInstances(r) => {
                let ids = instances(
                    &p.key("containerInstances"),
                    &r.container_instances,
                    catalog,
                    &region,
                    &mut prices,
                    false,
                    &mut all_instances,
                )?;
                let launch = match &r.launch_seconds {
                    Some(d) => dist(&p.key("launchSeconds"), d)?,
                    // §8.11: new EC2 capacity takes about 2.5 min before its first task.
                    None => Dist::Constant(150 * SECOND),
                };
                Action::RegisterContainerInstances {
                    instances: ids,
                    launch,
                }
            }
            TimelineEntry::DeregisterContainerInstance(d) => Action::DeregisterContainerInstance {
                instance: find_instance(
                    &p.key("containerInstance"),
                    &d.container_instance,
                    &all_instances,
                )?,
            },
            TimelineEntry::InterruptFargateSpotTasks(x) => {
                let service = match &x.service {
                    Some(name) => Some(ServiceId(
                        service_names
                            .iter()
                            .position(|n| n == name)
                            .ok_or_else(|| {
                                lookup(
                                    &p.key("service"),
                                    "service",
                                    name,
                                    service_names.iter().copied(),
                                )
                            })? as u32,
                    )),
                    None => None,
                };
                Action::InterruptFargateSpotTasks {
                    service,
                    count: x.count,
                }
            }
            TimelineEntry::SetFargateSpotCapacity(x) => Action::SetFargateSpotCapacity {
                available: x.available,
            },
            TimelineEntry::InterruptSpotInstances(x) => {
                let mut ids = Vec::new();
                for (j, name) in x.container_instances.iter().enumerate() {
                    let id =
                        find_instance(&p.key("containerInstances").index(j), name, &all_instances)?;
                    if !all_instances[id.idx()].spec.spot {
                        return Err(Problem::new(
                            &p.key("containerInstances").index(j),
                            format!("{name} is not a Spot instance"),
                        ));
                    }
                    ids.push(id);
                }
                Action::InterruptSpotInstances { instances: ids }
            }
            TimelineEntry::UpdateAutoScalingGroup(u) => Action::UpdateAutoScalingGroup {
                asg: find_asg(
                    &p.key("autoScalingGroupName"),
                    &u.auto_scaling_group_name,
                    sc,
                )?,
                min_size: u.min_size,
                max_size: u.max_size,
                desired_capacity: u.desired_capacity,
                launch_template_version: u.launch_template_version,
            },
            TimelineEntry::SetDesiredCapacity(u) => Action::UpdateAutoScalingGroup {
                asg: find_asg(
                    &p.key("autoScalingGroupName"),
                    &u.auto_scaling_group_name,
                    sc,
                )?,
                min_size: None,
                max_size: None,
                desired_capacity: Some(u.desired_capacity),
                launch_template_version: None,
            },
            TimelineEntry::SetInstanceProtection(u) => {
                let mut ids = Vec::new();
                for (j, name) in u.container_instances.iter().enumerate() {
                    let id =
                        find_instance(&p.key("containerInstances").index(j), name, &all_instances)?;
                    if all_instances[id.idx()].asg.is_none() {
                        return Err(Problem::new(
                            &p.key("containerInstances").index(j),
                            format!("{name} is not in an Auto Scaling group"),
                        ));
                    }
                    ids.push(id);
                }
                Action::SetInstanceProtection {
                    instances: ids,
                    protected: u.protected_from_scale_in,
                }
            }
        };
        timeline.push(TimedAction { at, action });
    }

    let total_tasks: u64 = services.iter().map(|s| s.desired_count as u64).sum();
    let record_task_events = sc
        .parameters
        .record_task_events
        .unwrap_or(total_tasks <= RECORD_TASK_EVENTS_UP_TO);
    Ok(Resolved {
        config: Config {
            name: sc.name.clone(),
            seed: sc.seed,
            duration_ms,
            max_events: sc.max_events.unwrap_or(200_000_000),
            params,
            start_steady: sc.start_steady,
            run_to_end: sc.run_to_end,
            instances: all_instances,
            subnets,
            auto_scaling_groups,
            capacity_providers,
            account: account(&sc.account)?,
            task_definitions: defs,
            services,
            timeline,
            record_task_events,
            check_invariants: false,
        },
        description: sc.description.clone(),
        pricing: prices,
    })
}

/// The declared subnets (§4: usable = 2^(32 − prefix) − 5).
fn subnets(list: &[format::Subnet]) -> Result<Vec<Subnet>, Problem> {
    let mut out: Vec<Subnet> = Vec::new();
    let subnets = Loc::ROOT.key("subnets");
    for (i, s) in list.iter().enumerate() {
        let p = subnets.index(i);
        if out.iter().any(|x| x.id == s.subnet_id) {
            return Err(Problem::new(
                &p.key("subnetId"),
                format!("duplicate subnet `{}`", s.subnet_id),
            ));
        }
        let prefix =
            parse_cidr_prefix(&s.cidr_block).map_err(|e| Problem::new(&p.key("cidrBlock"), e))?;
        out.push(Subnet {
            id: s.subnet_id.clone(),
            availability_zone: s.availability_zone.clone(),
            prefix,
            in_use: 0,
            peak_in_use: 0,
        });
    }
    Ok(out)
}

/// Account quotas and rates, defaults from §1.5 and the catalog's VPC limits.
fn account(a: &format::Account) -> Result<Account, Problem> {
    let p = Loc::ROOT.key("account");
    let d = Account::default();
    let positive = |v: Option<u64>, name: &str, default: u64| -> Result<u64, Problem> {
        match v {
            Some(0) => Err(Problem::new(&p.key(name), "must be at least 1")),
            Some(x) => Ok(x),
            None => Ok(default),
        }
    };
    let rate = a.fargate_spot_interruptions_per_task_hour.unwrap_or(0.0);
    if !(0.0..=1000.0).contains(&rate) {
        return Err(Problem::new(
            &p.key("fargateSpotInterruptionsPerTaskHour"),
            format!("{rate} is not a rate between 0 and 1000 per hour"),
        ));
    }
    Ok(Account {
        network_interface_quota: positive(
            a.network_interface_quota.map(u64::from),
            "networkInterfaceQuota",
            d.network_interface_quota as u64,
        )? as u32,
        fargate_vcpu_quota: [a.fargate_on_demand_vcpu_quota, a.fargate_spot_vcpu_quota],
        fargate_launch_burst: positive(
            a.fargate_launch_burst,
            "fargateLaunchBurst",
            d.fargate_launch_burst,
        )?,
        fargate_launch_refill_per_second: positive(
            a.fargate_launch_refill_per_second,
            "fargateLaunchRefillPerSecond",
            d.fargate_launch_refill_per_second,
        )?,
        service_launch_rate_per_minute: positive(
            a.service_launch_rate_per_minute,
            "serviceLaunchRatePerMinute",
            d.service_launch_rate_per_minute,
        )?,
        fargate_spot_interruptions_per_task_hour: rate,
        provisioning_tasks_quota: positive(
            a.provisioning_tasks_quota.map(u64::from),
            "provisioningTasksQuota",
            d.provisioning_tasks_quota as u64,
        )? as u32,
    })
}

/// Auto Scaling groups: their template instance and the instances registered at t = 0.
fn auto_scaling_groups(
    sc: &format::Scenario,
    catalog: &Catalog,
    region: &str,
    prices: &mut Pricing,
    all: &mut Vec<InstanceInit>,
) -> Result<Vec<AutoScalingGroup>, Problem> {
    let mut out = Vec::new();
    let groups = Loc::ROOT.key("autoScalingGroups");
    for (i, g) in sc.auto_scaling_groups.iter().enumerate() {
        let p = groups.index(i);
        if sc.auto_scaling_groups[..i]
            .iter()
            .any(|x| x.auto_scaling_group_name == g.auto_scaling_group_name)
        {
            return Err(Problem::new(
                &p.key("autoScalingGroupName"),
                "duplicate Auto Scaling group name",
            ));
        }
        let lt = &g.launch_template;
        if lt.count.is_some() || !lt.availability_zones.is_empty() {
            return Err(Problem::new(
                &p.key("launchTemplate"),
                "count and zones belong to the group, not its launch template",
            )
            .hint("use desiredCapacity and availabilityZones"));
        }
        if g.availability_zones.is_empty() {
            return Err(Problem::new(
                &p.key("availabilityZones"),
                "a group needs at least one zone",
            ));
        }
        if g.min_size > g.max_size || !(g.min_size..=g.max_size).contains(&g.desired_capacity) {
            return Err(Problem::new(
                &p,
                format!(
                    "needs minSize <= desiredCapacity <= maxSize (got {} / {} / {})",
                    g.min_size, g.desired_capacity, g.max_size
                ),
            ));
        }
        let mut policies = Vec::new();
        for (j, name) in g.termination_policies.iter().enumerate() {
            policies.push(match name.as_str() {
                "Default" => TerminationPolicy::Default,
                "OldestInstance" => TerminationPolicy::OldestInstance,
                "NewestInstance" => TerminationPolicy::NewestInstance,
                "OldestLaunchTemplate" | "OldestLaunchConfiguration" => {
                    TerminationPolicy::OldestLaunchTemplate
                }
                "ClosestToNextInstanceHour" => TerminationPolicy::ClosestToNextInstanceHour,
                other => {
                    let known = [
                        "Default",
                        "OldestInstance",
                        "NewestInstance",
                        "OldestLaunchTemplate",
                        "ClosestToNextInstanceHour",
                    ];
                    let pr = Problem::new(
                        &p.key("terminationPolicies").index(j),
                        format!("unknown termination policy `{other}`"),
                    );
                    return Err(match did_you_mean(other, known) {
                        Some(s) => pr.hint(format!("did you mean `{s}`?")),
                        None => pr.hint(known.join(", ")),
                    });
                }
            });
        }
        // The template: one instance of the launch template, built like a cluster instance.
        let mut group = InstanceGroup {
            count: Some(1),
            availability_zones: g.availability_zones.clone(),
            ..lt.clone()
        };
        let mut scratch = Vec::new();
        instances(
            &p.key("launchTemplate"),
            &group,
            catalog,
            region,
            prices,
            true,
            &mut scratch,
        )?;
        // The one spec of the scratch group: taken, not copied.
        let template = std::sync::Arc::unwrap_or_clone(scratch.swap_remove(0).spec);
        group.count = Some(g.desired_capacity);
        let ids = instances(
            &p.key("launchTemplate"),
            &group,
            catalog,
            region,
            prices,
            true,
            all,
        )?;
        for id in ids {
            all[id.idx()].asg = Some(i as u16);
        }
        let launch = match &g.launch_seconds {
            Some(d) => dist(&p.key("launchSeconds"), d)?,
            None => Dist::Constant(150 * SECOND),
        };
        out.push(AutoScalingGroup {
            name: g.auto_scaling_group_name.clone(),
            template,
            availability_zones: g.availability_zones.clone(),
            min_size: g.min_size,
            max_size: g.max_size,
            desired_capacity: g.desired_capacity,
            launch_template_version: g.launch_template_version.unwrap_or(1),
            termination_policies: policies,
            new_instances_protected_from_scale_in: g.new_instances_protected_from_scale_in,
            drain_on_termination: g.termination_lifecycle_hook_draining,
            launch,
        });
    }
    Ok(out)
}

/// Capacity providers over Auto Scaling groups (CreateCapacityProvider, §3.4 defaults).
fn capacity_providers(sc: &format::Scenario) -> Result<Vec<CapacityProviderConfig>, Problem> {
    let mut out = Vec::new();
    let providers = Loc::ROOT.key("capacityProviders");
    for (i, c) in sc.capacity_providers.iter().enumerate() {
        let p = providers.index(i);
        if ["FARGATE", "FARGATE_SPOT"].contains(&c.name.as_str())
            || sc.capacity_providers[..i].iter().any(|x| x.name == c.name)
        {
            return Err(Problem::new(
                &p.key("name"),
                format!("capacity provider name `{}` is taken", c.name),
            ));
        }
        let ap = p.key("autoScalingGroupProvider");
        let g = &c.auto_scaling_group_provider;
        let asg = find_asg(
            &ap.key("autoScalingGroupArn"),
            g.auto_scaling_group_arn.rsplit('/').next().unwrap_or(""),
            sc,
        )?;
        let flag = |v: &Option<String>, name: &str, default: bool| -> Result<bool, Problem> {
            match v.as_deref() {
                None => Ok(default),
                Some("ENABLED") => Ok(true),
                Some("DISABLED") => Ok(false),
                Some(other) => Err(Problem::new(
                    &ap.key(name),
                    format!("`{other}` is not ENABLED or DISABLED"),
                )),
            }
        };
        let managed_scaling = match &g.managed_scaling {
            None => None,
            Some(m) => {
                let mp = ap.key("managedScaling");
                let on = flag(&Some(m.status.clone()), "managedScaling", false)?;
                let target = m.target_capacity.unwrap_or(100);
                let min = m.minimum_scaling_step_size.unwrap_or(1);
                let max = m.maximum_scaling_step_size.unwrap_or(10_000);
                let warmup = m.instance_warmup_period.unwrap_or(300);
                if !(1..=100).contains(&target) {
                    return Err(Problem::new(
                        &mp.key("targetCapacity"),
                        format!("{target} is outside 1–100"),
                    ));
                }
                if !(1..=10_000).contains(&min) || !(1..=10_000).contains(&max) || min > max {
                    return Err(Problem::new(
                        &mp,
                        "scaling steps must be 1–10000 with minimum <= maximum",
                    ));
                }
                if warmup > 10_000 {
                    return Err(Problem::new(
                        &mp.key("instanceWarmupPeriod"),
                        "at most 10000 s",
                    ));
                }
                on.then_some(ManagedScaling {
                    target_capacity: target,
                    minimum_scaling_step_size: min,
                    maximum_scaling_step_size: max,
                    instance_warmup_ms: warmup as u64 * SECOND,
                })
            }
        };
        let mtp = flag(
            &g.managed_termination_protection,
            "managedTerminationProtection",
            false,
        )?;
        if mtp && managed_scaling.is_none() {
            return Err(Problem::new(
                &ap.key("managedTerminationProtection"),
                "managed termination protection needs managed scaling (§3.4)",
            ));
        }
        out.push(CapacityProviderConfig {
            name: c.name.clone(),
            asg,
            managed_scaling,
            managed_termination_protection: mtp,
            // §3.4: managed draining is on by default for new capacity providers (Nov 2023).
            managed_draining: flag(&g.managed_draining, "managedDraining", true)?,
        });
    }
    Ok(out)
}

fn find_asg(path: &Loc, name: &str, sc: &format::Scenario) -> Result<u16, Problem> {
    sc.auto_scaling_groups
        .iter()
        .position(|g| g.auto_scaling_group_name == name)
        .map(|i| i as u16)
        .ok_or_else(|| {
            lookup(
                path,
                "Auto Scaling group",
                name,
                sc.auto_scaling_groups
                    .iter()
                    .map(|g| g.auto_scaling_group_name.as_str()),
            )
        })
}

fn find_instance(path: &Loc, name: &str, all: &[InstanceInit]) -> Result<InstanceId, Problem> {
    all.iter()
        .position(|i| i.name == name)
        .map(|i| InstanceId(i as u32))
        .ok_or_else(|| {
            lookup(
                path,
                "container instance",
                name,
                all.iter().map(|i| i.name.as_str()),
            )
        })
}
