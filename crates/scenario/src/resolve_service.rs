//! Services: deployment configuration (§1.1, §1.6), placement (§2), load balancer (§1.2, §1.3).

use sim::deployment::ThresholdConfiguration;
use sim::placement_constraint::{Expr, PlacementConstraint};
use sim::service::{
    CircuitBreaker, DeploymentConfiguration, Heuristic, LoadBalancer, PlacementStrategy,
    SchedulingStrategy, ServiceConfig, SpreadField,
};
use sim::time::SECOND;

use crate::error::Problem;
use crate::format::{self, TargetGroup};
use crate::path::Loc;
use crate::resolve::seconds;
use crate::suggest::did_you_mean;
use sim::capacity_provider::{CapacityProvider, StrategyItem};
use sim::service::LaunchType;

/// Resolves a service's static configuration.
pub fn service_config(
    path: &Loc,
    s: &format::Service,
    target_groups: &[TargetGroup],
    subnets: &[format::Subnet],
    capacity_providers: &[&str],
    legacy_new_target_health: bool,
) -> Result<ServiceConfig, Problem> {
    s.check_fields(path)?;
    if let Some(dc) = &s.deployment_controller {
        deployment_controller(&path.key("deploymentController"), dc)?;
    }
    let asg_capacity_provider_strategy = asg_strategy(path, s, capacity_providers)?;
    let (launch_type, capacity_provider_strategy) = if asg_capacity_provider_strategy.is_empty() {
        launch(path, s)?
    } else {
        (LaunchType::Ec2, Vec::new())
    };
    let (subnet_ids, assign_public_ip) = network(path, s, subnets)?;
    if launch_type == LaunchType::Fargate && subnet_ids.is_empty() {
        return Err(Problem::new(
            path,
            "a Fargate service needs networkConfiguration.awsvpcConfiguration.subnets",
        )
        .hint("declare the subnets at the top level under \"subnets\" and list their ids here"));
    }
    let scheduling_strategy = match s.scheduling_strategy.as_deref().unwrap_or("REPLICA") {
        "REPLICA" => SchedulingStrategy::Replica,
        "DAEMON" => SchedulingStrategy::Daemon,
        other => {
            return Err(Problem::new(
                &path.key("schedulingStrategy"),
                format!("unknown schedulingStrategy `{other}`"),
            )
            .hint("REPLICA or DAEMON"));
        }
    };
    let daemon = scheduling_strategy == SchedulingStrategy::Daemon;
    // §1.1 defaults: REPLICA 200/100; DAEMON 100 (must be) / 0 (API).
    let base = if daemon {
        DeploymentConfiguration {
            maximum_percent: 100,
            minimum_healthy_percent: 0,
            circuit_breaker: None,
        }
    } else {
        DeploymentConfiguration {
            maximum_percent: 200,
            minimum_healthy_percent: 100,
            circuit_breaker: None,
        }
    };
    let deployment_configuration = match &s.deployment_configuration {
        Some(dc) => {
            deployment_configuration(&path.key("deploymentConfiguration"), dc, base, daemon)?
        }
        None => base,
    };
    let mut placement_strategy = Vec::new();
    for (i, p) in s.placement_strategy.iter().enumerate() {
        placement_strategy.push(strategy(&path.key("placementStrategy").index(i), p)?);
    }
    heuristic_position(&path.key("placementStrategy"), &placement_strategy)?;
    let mut placement_constraints = Vec::new();
    let constraints = path.key("placementConstraints");
    for (i, c) in s.placement_constraints.iter().enumerate() {
        let cp = constraints.index(i);
        placement_constraints.push(match c.kind.as_str() {
            "distinctInstance" => PlacementConstraint::DistinctInstance,
            "memberOf" => {
                let text = c
                    .expression
                    .as_deref()
                    .ok_or_else(|| Problem::new(&cp, "memberOf needs an expression"))?;
                let e = Expr::parse(text).map_err(|e| {
                    Problem::new(&cp.key("expression"), format!("invalid expression: {e}"))
                        .hint("e.g. \"attribute:ecs.instance-type =~ t2.*\"")
                })?;
                PlacementConstraint::MemberOf(e)
            }
            other => {
                return Err(Problem::new(
                    &cp.key("type"),
                    format!("unknown constraint type `{other}`"),
                )
                .hint("distinctInstance or memberOf"));
            }
        });
    }
    if s.load_balancers.len() > 1 {
        return Err(Problem::new(
            &path.key("loadBalancers").index(1),
            "ecsim models one target group per service",
        ));
    }
    let load_balancer = match s.load_balancers.first() {
        Some(lb) => Some(load_balancer(
            &path.key("loadBalancers").index(0),
            lb,
            target_groups,
            legacy_new_target_health,
        )?),
        None => None,
    };
    let grace = s.health_check_grace_period_seconds.unwrap_or(0);
    if grace > 2_147_483_647 {
        return Err(Problem::new(
            &path.key("healthCheckGracePeriodSeconds"),
            "at most 2147483647",
        ));
    }
    Ok(ServiceConfig {
        name: s.service_name.as_str().to_owned(),
        scheduling_strategy,
        deployment_configuration,
        placement_strategy,
        placement_constraints,
        health_check_grace_ms: grace * SECOND,
        load_balancer,
        launch_type,
        capacity_provider_strategy,
        subnets: subnet_ids,
        assign_public_ip,
        asg_capacity_provider_strategy,
    })
}

/// A `capacityProviderStrategy` of Auto Scaling group capacity providers (§3.4): their
/// (provider index, base, weight). Empty when the strategy names none. A strategy cannot mix
/// them with FARGATE providers.
fn asg_strategy(
    path: &Loc,
    s: &format::Service,
    names: &[&str],
) -> Result<Vec<(u16, u32, u32)>, Problem> {
    let sp = path.key("capacityProviderStrategy");
    let items = &s.capacity_provider_strategy;
    if !items
        .iter()
        .any(|it| names.contains(&it.capacity_provider.as_str()))
    {
        return Ok(Vec::new());
    }
    if s.launch_type.is_some() {
        return Err(Problem::new(
            &path.key("launchType"),
            "launchType and capacityProviderStrategy exclude each other",
        )
        .hint("remove one; a launchType bypasses capacity providers"));
    }
    let mut out: Vec<(u16, u32, u32)> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let ip = sp.index(i);
        let Some(k) = names.iter().position(|n| *n == it.capacity_provider) else {
            let p = Problem::new(
                &ip.key("capacityProvider"),
                format!(
                    "`{}` is not one of the declared capacity providers",
                    it.capacity_provider
                ),
            );
            return Err(match did_you_mean(&it.capacity_provider, names.iter().copied()) {
                Some(x) => p.hint(format!("did you mean `{x}`? (a strategy cannot mix Auto Scaling and Fargate providers)")),
                None => p.hint("a strategy cannot mix Auto Scaling group and Fargate providers"),
            });
        };
        if it.weight > 1000 || it.base > 100_000 {
            return Err(Problem::new(
                &ip,
                "base is at most 100000 and weight at most 1000",
            ));
        }
        if it.base > 0 && out.iter().any(|x| x.1 > 0) {
            return Err(Problem::new(
                &ip.key("base"),
                "only one capacity provider may set a base",
            ));
        }
        out.push((k as u16, it.base, it.weight));
    }
    if out.iter().all(|x| x.2 == 0) {
        return Err(Problem::new(
            &sp,
            "at least one capacity provider needs a weight above 0",
        ));
    }
    Ok(out)
}

/// `launchType` and `capacityProviderStrategy` (§3.4): they exclude each other; a strategy of
/// FARGATE / FARGATE_SPOT items makes a Fargate service.
fn launch(path: &Loc, s: &format::Service) -> Result<(LaunchType, Vec<StrategyItem>), Problem> {
    let sp = path.key("capacityProviderStrategy");
    if !s.capacity_provider_strategy.is_empty() {
        if s.launch_type.is_some() {
            return Err(Problem::new(
                &path.key("launchType"),
                "launchType and capacityProviderStrategy exclude each other",
            )
            .hint("remove one; a launchType bypasses capacity providers"));
        }
        let mut items = Vec::new();
        for (i, it) in s.capacity_provider_strategy.iter().enumerate() {
            let ip = sp.index(i);
            let provider = match it.capacity_provider.as_str() {
                "FARGATE" => CapacityProvider::Fargate,
                "FARGATE_SPOT" => CapacityProvider::FargateSpot,
                other => {
                    return Err(Problem::new(
                        &ip.key("capacityProvider"),
                        format!("unknown capacity provider `{other}`"),
                    )
                    .hint("FARGATE or FARGATE_SPOT"));
                }
            };
            if it.base > 100_000 {
                return Err(Problem::new(&ip.key("base"), "base is at most 100000"));
            }
            if it.weight > 1000 {
                return Err(Problem::new(&ip.key("weight"), "weight is at most 1000"));
            }
            if it.base > 0 && items.iter().any(|x: &StrategyItem| x.base > 0) {
                return Err(Problem::new(
                    &ip.key("base"),
                    "only one capacity provider may set a base",
                ));
            }
            if items.iter().any(|x: &StrategyItem| x.provider == provider) {
                return Err(Problem::new(
                    &ip.key("capacityProvider"),
                    "a capacity provider may appear once",
                ));
            }
            items.push(StrategyItem {
                provider,
                base: it.base,
                weight: it.weight,
            });
        }
        if items.iter().all(|x| x.weight == 0) {
            return Err(Problem::new(
                &sp,
                "at least one capacity provider needs a weight above 0",
            ));
        }
        return Ok((LaunchType::Fargate, items));
    }
    match s.launch_type.as_deref().unwrap_or("EC2") {
        "EC2" => Ok((LaunchType::Ec2, Vec::new())),
        "FARGATE" => Ok((
            LaunchType::Fargate,
            vec![StrategyItem {
                provider: CapacityProvider::Fargate,
                base: 0,
                weight: 1,
            }],
        )),
        other => Err(Problem::new(
            &path.key("launchType"),
            format!("launchType `{other}` is not modelled"),
        )
        .hint("EC2 or FARGATE")),
    }
}

/// `networkConfiguration.awsvpcConfiguration`: subnet ids to indices, and assignPublicIp.
fn network(
    path: &Loc,
    s: &format::Service,
    subnets: &[format::Subnet],
) -> Result<(Vec<u16>, bool), Problem> {
    let Some(nc) = &s.network_configuration else {
        return Ok((Vec::new(), false));
    };
    let nc_path = path.key("networkConfiguration");
    let ap = nc_path.key("awsvpcConfiguration");
    let c = &nc.awsvpc_configuration;
    let mut ids = Vec::new();
    for (i, id) in c.subnets.iter().enumerate() {
        match subnets.iter().position(|x| &x.subnet_id == id) {
            Some(k) => ids.push(k as u16),
            None => {
                let p = Problem::new(
                    &ap.key("subnets").index(i),
                    format!("no subnet `{id}` is declared"),
                );
                return Err(
                    match did_you_mean(id, subnets.iter().map(|x| x.subnet_id.as_str())) {
                        Some(s) => p.hint(format!("did you mean `{s}`?")),
                        None => p.hint("declare it under the top-level \"subnets\""),
                    },
                );
            }
        }
    }
    if ids.is_empty() {
        return Err(Problem::new(
            &ap.key("subnets"),
            "at least one subnet is needed",
        ));
    }
    let public = match c.assign_public_ip.as_deref().unwrap_or("DISABLED") {
        "ENABLED" => true,
        "DISABLED" => false,
        other => {
            return Err(Problem::new(
                &ap.key("assignPublicIp"),
                format!("`{other}` is not ENABLED or DISABLED"),
            ));
        }
    };
    Ok((ids, public))
}

/// Applies a `deploymentConfiguration` object over `base` (fields left out keep their value).
pub fn deployment_configuration(
    path: &Loc,
    dc: &format::service::DeploymentConfiguration,
    base: DeploymentConfiguration,
    daemon: bool,
) -> Result<DeploymentConfiguration, Problem> {
    dc.check_fields(path)?;
    deployment_strategy(path, dc)?;
    let mut out = base;
    if let Some(m) = dc.maximum_percent {
        if daemon && m != 100 {
            return Err(Problem::new(
                &path.key("maximumPercent"),
                format!("{m}: a DAEMON service's maximumPercent must be 100"),
            ));
        }
        if !(100..=2000).contains(&m) {
            return Err(Problem::new(
                &path.key("maximumPercent"),
                format!("{m} is outside 100–2000"),
            )
            .hint("maximumPercent is the ceiling in percent of desiredCount, e.g. 200"));
        }
        out.maximum_percent = m;
    }
    if let Some(m) = dc.minimum_healthy_percent {
        if m > 100 {
            return Err(Problem::new(
                &path.key("minimumHealthyPercent"),
                format!("{m} is outside 0–100"),
            ));
        }
        out.minimum_healthy_percent = m;
    }
    if let Some(cb) = &dc.deployment_circuit_breaker {
        let cp = path.key("deploymentCircuitBreaker");
        out.circuit_breaker = if cb.enable {
            let (threshold, reset) = match &cb.threshold_configuration {
                None => (ThresholdConfiguration::default(), true),
                Some(t) => {
                    let tp = cp.key("thresholdConfiguration");
                    let th = match t.kind.as_str() {
                        "BOUNDED_PERCENT" => ThresholdConfiguration::BoundedPercent {
                            percent: t.value,
                            minimum: 3,
                            maximum: 200,
                        },
                        "UNBOUNDED_PERCENT" => {
                            ThresholdConfiguration::UnboundedPercent { percent: t.value }
                        }
                        "COUNT" => ThresholdConfiguration::Count(t.value),
                        other => {
                            return Err(Problem::new(
                                &tp.key("type"),
                                format!("unknown threshold type `{other}`"),
                            )
                            .hint("BOUNDED_PERCENT, UNBOUNDED_PERCENT or COUNT"));
                        }
                    };
                    if t.value == 0 {
                        return Err(Problem::new(&tp.key("value"), "must be at least 1"));
                    }
                    (th, t.reset_on_healthy_task.unwrap_or(true))
                }
            };
            Some(CircuitBreaker {
                rollback: cb.rollback,
                threshold,
                reset_on_healthy_task: reset,
            })
        } else {
            None
        };
    }
    Ok(out)
}

fn strategy(
    path: &Loc,
    p: &format::service::PlacementStrategy,
) -> Result<PlacementStrategy, Problem> {
    let field = p.field.as_deref();
    Ok(match (p.kind.as_str(), field) {
        ("binpack", Some("cpu" | "CPU")) => PlacementStrategy::BinpackCpu,
        ("binpack", Some("memory" | "MEMORY")) => PlacementStrategy::BinpackMemory,
        ("binpack", _) => {
            return Err(Problem::new(
                &path.key("field"),
                "binpack needs field cpu or memory",
            ));
        }
        ("spread", Some("instanceId" | "host")) => {
            PlacementStrategy::Spread(SpreadField::InstanceId)
        }
        ("spread", Some("attribute:ecs.availability-zone")) => {
            PlacementStrategy::Spread(SpreadField::AvailabilityZone)
        }
        ("spread", Some(f)) => {
            match f.strip_prefix("attribute:") {
                Some(a) => PlacementStrategy::Spread(SpreadField::Attribute(a.to_string())),
                None => {
                    return Err(Problem::new(&path.key("field"), format!("unknown spread field `{f}`"))
                    .hint("instanceId, host, or attribute:NAME such as attribute:ecs.availability-zone"));
                }
            }
        }
        ("spread", None) => return Err(Problem::new(path, "spread needs a field")),
        ("random", _) => PlacementStrategy::Random,
        // Not ECS: a placement heuristic of `crates/packing` (docs/model.md).
        ("heuristic", Some(name)) => PlacementStrategy::Heuristic(heuristic(path, name)?),
        ("heuristic", None) => {
            return Err(
                Problem::new(path, "heuristic needs a field: the heuristic's name")
                    .hint(format!("one of {}", online_heuristics().join(", "))),
            );
        }
        (other, _) => {
            let p = Problem::new(
                &path.key("type"),
                format!("unknown placement strategy `{other}`"),
            );
            return Err(
                match did_you_mean(other, ["binpack", "spread", "random", "heuristic"]) {
                    Some(s) => p.hint(format!("did you mean `{s}`?")),
                    None => p.hint("binpack, spread or random (ECS's), or heuristic (ecsim's)"),
                },
            );
        }
    })
}

/// A heuristic decides alone: it is the only strategy, or follows a leading zone spread. After
/// another strategy it would never be consulted, and a strategy after it would act in some
/// zones and not others (docs/model.md, "Placement heuristics").
fn heuristic_position(path: &Loc, strategies: &[PlacementStrategy]) -> Result<(), Problem> {
    let is_heuristic = |st: &PlacementStrategy| matches!(st, PlacementStrategy::Heuristic(_));
    // Where a heuristic may stand: first, or second after a zone spread.
    let place = match strategies.first() {
        Some(PlacementStrategy::Spread(SpreadField::AvailabilityZone)) => 1,
        _ => 0,
    };
    let deciding = strategies.get(place).is_some_and(is_heuristic);
    for (i, st) in strategies.iter().enumerate() {
        let message = if is_heuristic(st) && i != place {
            "a heuristic must come first, or right after spread over attribute:ecs.availability-zone"
        } else if deciding && i > place {
            "no strategy can follow a heuristic: it decides alone"
        } else {
            continue;
        };
        return Err(Problem::new(&path.index(i), message).hint(
            "use the heuristic alone, or [spread attribute:ecs.availability-zone, heuristic]",
        ));
    }
    Ok(())
}

/// The names of the heuristics a service can place with: the online ones.
fn online_heuristics() -> Vec<&'static str> {
    Heuristic::ALL
        .into_iter()
        .filter(|h| !h.is_offline())
        .map(Heuristic::name)
        .collect()
}

/// A heuristic named in `placementStrategy[].field`.
fn heuristic(path: &Loc, name: &str) -> Result<Heuristic, Problem> {
    let field = path.key("field");
    match name.parse::<Heuristic>() {
        Ok(h) if h.is_offline() => Err(Problem::new(
            &field,
            format!(
                "`{name}` sorts a whole list of tasks before placing any, and a service places \
                 its tasks one at a time as they launch"
            ),
        )
        .hint(match h {
            Heuristic::FfdSize | Heuristic::FfdMax | Heuristic::FfdL2 => {
                "first-fit places one task as ffd-* would"
            }
            _ => "best-fit places one task as bfd-* would",
        })),
        Ok(h) => Ok(h),
        Err(_) => {
            let p = Problem::new(&field, format!("unknown heuristic `{name}`"));
            Err(match did_you_mean(name, online_heuristics()) {
                Some(h) => p.hint(format!("did you mean `{h}`?")),
                None => p.hint(format!("one of {}", online_heuristics().join(", "))),
            })
        }
    }
}

fn load_balancer(
    path: &Loc,
    lb: &format::service::LoadBalancer,
    target_groups: &[TargetGroup],
    legacy: bool,
) -> Result<LoadBalancer, Problem> {
    lb.check_fields(path)?;
    // A target group ARN ends in "targetgroup/NAME/ID"; a bare name also matches.
    let tg = lb.target_group_arn.as_deref().and_then(|arn| {
        target_groups.iter().find(|t| {
            arn == t.target_group_name
                || arn.contains(&format!("targetgroup/{}/", t.target_group_name))
        })
    });
    let tp = Loc::ROOT.key("targetGroups");
    let interval = match tg.and_then(|t| t.health_check_interval_seconds) {
        Some(v) => seconds(&tp, v)?,
        None => 30 * SECOND,
    };
    let healthy = tg.and_then(|t| t.healthy_threshold_count).unwrap_or(5);
    let unhealthy = tg.and_then(|t| t.unhealthy_threshold_count).unwrap_or(2);
    let delay = match tg.and_then(|t| t.deregistration_delay_seconds) {
        Some(v) if !(0.0..=3600.0).contains(&v) => {
            return Err(Problem::new(
                &tp,
                format!("deregistrationDelaySeconds {v} is outside 0–3600"),
            ));
        }
        Some(v) => seconds(&tp, v)?,
        None => 300 * SECOND,
    };
    Ok(LoadBalancer {
        health_check_interval_ms: interval.max(1),
        // §8.4: a new target needs one passing check; the legacy switch uses HealthyThresholdCount.
        new_target_healthy_checks: if legacy { healthy } else { 1 },
        unhealthy_threshold: unhealthy.max(1),
        deregistration_delay_ms: delay,
    })
}

/// `deploymentController`: `{"type": "ECS"}`, the only controller modelled (§1 is the rolling
/// update of the ECS controller; docs/model.md lists the others as rejected).
/// `deploymentConfiguration.strategy` and `.alarms`: ecsim simulates rolling updates (§1) with
/// the circuit breaker (§1.6), not blue/green, linear or canary deployments (§1.7) nor
/// CloudWatch-alarm rollback (§1.6), so a file asking for either is refused, not run as a
/// rolling update.
fn deployment_strategy(
    path: &Loc,
    dc: &format::service::DeploymentConfiguration,
) -> Result<(), Problem> {
    if let Some(strategy) = dc.strategy.as_deref()
        && strategy != "ROLLING"
    {
        return Err(Problem::new(
            &path.key("strategy"),
            format!("`{strategy}` deployments are not modelled: ecsim simulates rolling updates"),
        )
        .hint("leave out strategy, or write ROLLING"));
    }
    if let Some(alarms) = &dc.alarms
        && alarms.get("enable").and_then(|e| e.as_bool()) == Some(true)
    {
        return Err(Problem::new(
            &path.key("alarms").key("enable"),
            "CloudWatch-alarm rollback is not modelled",
        )
        .hint("write false, or use deploymentCircuitBreaker"));
    }
    Ok(())
}

fn deployment_controller(path: &Loc, dc: &serde_json::Value) -> Result<(), Problem> {
    let Some(fields) = dc.as_object() else {
        return Err(Problem::new(path, "expected an object").hint("write {\"type\": \"ECS\"}"));
    };
    if let Some(key) = fields.keys().find(|k| *k != "type") {
        return Err(
            Problem::new(&path.key(key), format!("unknown field `{key}`"))
                .hint("a deployment controller has only `type`"),
        );
    }
    match fields.get("type").map(|t| t.as_str()) {
        Some(Some("ECS")) => Ok(()),
        Some(Some(_)) => Err(Problem::new(
            &path.key("type"),
            "only the ECS deployment controller is modelled",
        )
        .hint(
            "CODE_DEPLOY and EXTERNAL controllers are not simulated; remove deploymentController",
        )),
        Some(None) => Err(Problem::new(&path.key("type"), "expected a string")
            .hint("ECS, CODE_DEPLOY or EXTERNAL; only ECS is modelled")),
        None => Err(Problem::new(path, "missing field `type`").hint("write {\"type\": \"ECS\"}")),
    }
}
