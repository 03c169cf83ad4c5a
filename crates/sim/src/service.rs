//! Services (`CreateService` / `UpdateService`): desiredCount, deployment configuration,
//! placement, load balancer, and the live state the service scheduler keeps.

use std::collections::BTreeMap;

use crate::capacity_provider::StrategyItem;
use crate::deployment::ThresholdConfiguration;
use crate::ids::{DeploymentId, InstanceId, TaskId};
use crate::placement_constraint::PlacementConstraint;
use crate::time::SimTime;

/// The placement heuristics of `crates/packing`, which `PlacementStrategy::Heuristic` holds.
pub use packing::Heuristic;

/// `launchType`, or what the capacity provider strategy implies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaunchType {
    /// Tasks on container instances.
    Ec2,
    /// Tasks on Fargate (`launchType: FARGATE` or a FARGATE / FARGATE_SPOT strategy).
    Fargate,
}

/// `schedulingStrategy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchedulingStrategy {
    /// desiredCount tasks placed by the placement strategies.
    Replica,
    /// One task per ACTIVE container instance (§3.2).
    Daemon,
}

/// A placement strategy (§2.2, API `PlacementStrategy`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlacementStrategy {
    /// Least remaining CPU units that still fit.
    BinpackCpu,
    /// Least remaining memory that still fits.
    BinpackMemory,
    /// Fewest tasks of this service per value of an attribute (`instanceId` spreads per instance).
    Spread(SpreadField),
    /// Uniformly random among candidates.
    Random,
    /// Not an ECS strategy: an online placement heuristic of `crates/packing` (the same enum
    /// `ecsim bench placement` measures), scored on CPU units and memory; ties go to the lowest
    /// instance id except for `random` (docs/model.md, "Placement heuristics").
    Heuristic(packing::Heuristic),
}

/// What `spread` balances over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpreadField {
    /// `instanceId` / `host`.
    InstanceId,
    /// `attribute:ecs.availability-zone`.
    AvailabilityZone,
    /// Any other attribute, e.g. `attribute:ecs.instance-type`.
    Attribute(String),
}

/// `deploymentCircuitBreaker` (§1.6).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CircuitBreaker {
    /// Roll back to the last COMPLETED deployment when tripped.
    pub rollback: bool,
    /// Threshold rule.
    pub threshold: ThresholdConfiguration,
    /// `resetOnHealthyTask`: a healthy task resets the failure count (default true).
    pub reset_on_healthy_task: bool,
}

/// `deploymentConfiguration` (§1.1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DeploymentConfiguration {
    /// Upper bound in percent of desiredCount, rounded down.
    pub maximum_percent: u32,
    /// Lower bound of healthy tasks in percent of desiredCount, rounded up.
    pub minimum_healthy_percent: u32,
    /// Enabled circuit breaker, if any.
    pub circuit_breaker: Option<CircuitBreaker>,
}

/// A target group the service registers its tasks with (§1.2, §1.3).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LoadBalancer {
    /// Target group health check interval (default 30 s).
    pub health_check_interval_ms: SimTime,
    /// Passing checks a newly registered target needs (current ELB rule: 1, §8.4).
    pub new_target_healthy_checks: u32,
    /// Failing checks that make a target unhealthy (default 2).
    pub unhealthy_threshold: u32,
    /// `deregistration_delay.timeout_seconds` (default 300 s).
    pub deregistration_delay_ms: SimTime,
}

/// Static configuration of a service.
#[derive(Clone, Debug)]
pub struct ServiceConfig {
    /// `serviceName`.
    pub name: String,
    /// REPLICA or DAEMON.
    pub scheduling_strategy: SchedulingStrategy,
    /// Deployment configuration (changeable by `UpdateService`).
    pub deployment_configuration: DeploymentConfiguration,
    /// Placement strategies in order; empty means the service default (§2.1).
    pub placement_strategy: Vec<PlacementStrategy>,
    /// Placement constraints.
    pub placement_constraints: Vec<PlacementConstraint>,
    /// `healthCheckGracePeriodSeconds`.
    pub health_check_grace_ms: SimTime,
    /// Attached target group, if any.
    pub load_balancer: Option<LoadBalancer>,
    /// EC2 or Fargate.
    pub launch_type: LaunchType,
    /// `capacityProviderStrategy`; for `launchType: FARGATE` it is `[FARGATE base 0 weight 1]`.
    pub capacity_provider_strategy: Vec<StrategyItem>,
    /// `networkConfiguration.awsvpcConfiguration.subnets`, as indices into the config's subnets.
    pub subnets: Vec<u16>,
    /// `assignPublicIp: ENABLED`.
    pub assign_public_ip: bool,
    /// `capacityProviderStrategy` of Auto Scaling group providers: (provider index, base, weight).
    pub asg_capacity_provider_strategy: Vec<(u16, u32, u32)>,
}

impl ServiceConfig {
    /// Whether placement or scale-in of this service reads its task count per instance.
    pub fn reads_tasks_per_instance(&self) -> bool {
        self.effective_strategies().iter().any(|st| {
            matches!(
                st,
                PlacementStrategy::Spread(SpreadField::InstanceId | SpreadField::Attribute(_))
                    | PlacementStrategy::Heuristic(packing::Heuristic::Spread)
            )
        }) || self
            .placement_constraints
            .iter()
            .any(|c| matches!(c, PlacementConstraint::DistinctInstance))
    }

    /// The strategies in force: the configured ones, or the service default
    /// `spread(attribute:ecs.availability-zone)` then fewest tasks per instance (§2.1).
    pub fn effective_strategies(&self) -> Vec<PlacementStrategy> {
        if self.placement_strategy.is_empty() {
            vec![
                PlacementStrategy::Spread(SpreadField::AvailabilityZone),
                PlacementStrategy::Spread(SpreadField::InstanceId),
            ]
        } else {
            self.placement_strategy.clone()
        }
    }
}

/// Statistics the summary reports.
#[derive(Clone, Debug, Default)]
pub struct ServiceStats {
    /// Most tasks (starting + running + stopping) at any instant.
    pub peak_task_count: u32,
    /// Fewest healthy tasks at any instant after the service first reached desiredCount healthy.
    pub min_healthy_count: Option<u32>,
    /// Placement attempts that found no container instance.
    pub unplaced_attempts: u64,
    /// Tasks launched.
    pub tasks_launched: u64,
    /// Tasks that failed to start.
    pub start_failures: u64,
}

/// A service and its live scheduler state.
#[derive(Clone, Debug)]
pub struct Service {
    /// Configuration.
    pub config: ServiceConfig,
    /// `desiredCount` (for DAEMON: the number of eligible ACTIVE instances).
    pub desired_count: u32,
    /// Deployments, oldest first; the last is PRIMARY. INACTIVE ones are kept for the summary.
    pub deployments: Vec<DeploymentId>,
    /// Tasks not STOPPED yet.
    pub tasks: Vec<TaskId>,
    /// Live tasks per container instance.
    pub tasks_per_instance: BTreeMap<InstanceId, u32>,
    /// Whether `tasks_per_instance` is kept: only a spread over instances or an attribute, the
    /// spread heuristic, or a distinctInstance constraint reads it
    /// (`ServiceConfig::reads_tasks_per_instance`; others skip the bookkeeping).
    pub counts_per_instance: bool,
    /// Live tasks per availability zone (index into the cluster's zone list).
    pub tasks_per_az: Vec<u32>,
    /// A scheduler pass is already queued for this time.
    pub reconcile_at: Option<SimTime>,
    /// Consecutive tasks that stopped before RUNNING (service throttle logic, §1.4).
    pub consecutive_start_failures: u32,
    /// No launch before this time (throttle backoff).
    pub throttled_until: SimTime,
    /// Waiting in the cluster's capacity queue.
    pub waiting_for_capacity: bool,
    /// Causes of recent service event messages and when they were sent: a duplicate is suppressed until
    /// its cause is resolved (the scheduler makes progress) or 6 h pass (§1.4).
    pub suppressed_events: BTreeMap<EventCause, SimTime>,
    /// Healthy-count bookkeeping reached desiredCount at least once.
    pub reached_steady: bool,
    /// Per-service launch rate (§1.5).
    pub launch_bucket: crate::token_bucket::TokenBucket,
    /// Fargate Spot interruptions its tasks received.
    pub spot_interruptions: u32,
    /// The placement strategies in force (`ServiceConfig::effective_strategies`), computed once.
    pub strategies: Vec<PlacementStrategy>,
    /// Statistics.
    pub stats: ServiceStats,
    /// Service Auto Scaling: the load, the scalable target and its state (§6).
    pub auto_scaling: crate::service_auto_scaling::AutoScaling,
}

impl Service {
    /// The PRIMARY deployment.
    pub fn primary(&self) -> DeploymentId {
        *self
            .deployments
            .last()
            .expect("a service always has a deployment")
    }
}

/// The cause of a service event that is not repeated within the suppression period (§1.4).
/// It leaves out details such as the closest instance, which can change between attempts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventCause {
    /// No container instance met the task's requirements, for this reason.
    Unplaced(crate::container_instance::Misfit),
    /// A Fargate or network limit (the name of the limit).
    LaunchBlocked(&'static str),
    /// The deployment bounds allow neither a start nor a stop.
    ConfigurationStall,
    /// Tasks keep failing to start.
    Throttled,
}
