//! The serde shape of a scenario file. Our own objects deny unknown fields; objects pasted from
//! AWS (task definitions, services) accept AWS's other fields by name and reject the rest.

mod aws_object;
pub mod cluster;
pub mod dist;
pub mod service;
pub mod service_auto_scaling;
pub mod task_definition;
mod text;
pub mod timeline;

use std::collections::BTreeMap;

use serde::Deserialize;

pub use cluster::{Cluster, InstanceGroup};
pub use dist::DistSpec;
pub use service::Service;
pub use task_definition::TaskDefinition;
pub use text::Str;
pub use timeline::TimelineEntry;

/// A scenario file; its strings may borrow from the text (`Str`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Scenario<'a> {
    /// Format version; only 1 exists.
    #[serde(default = "one")]
    pub format_version: u32,
    /// Scenario name.
    pub name: String,
    /// What it shows.
    #[serde(default)]
    pub description: Option<String>,
    /// Seed of the random generator.
    #[serde(default = "one_u64")]
    pub seed: u64,
    /// Upper bound of simulated time.
    pub duration_seconds: f64,
    /// Event limit.
    #[serde(default)]
    pub max_events: Option<u64>,
    /// Run until durationSeconds even when nothing is left to do (default false).
    #[serde(default)]
    pub run_to_end: bool,
    /// Services start with desiredCount tasks RUNNING and healthy.
    #[serde(default = "yes")]
    pub start_steady: bool,
    /// AWS region, for instance-type prices.
    #[serde(default)]
    pub region: Option<String>,
    /// The date whose prices apply: "YYYY-MM", "YYYY-MM-DD" or "today" (the default).
    #[serde(default)]
    pub pricing_date: Option<String>,
    /// Prices the scenario sets, replacing the catalog's.
    #[serde(default)]
    pub price_overrides: Option<pricing::PriceOverrides>,
    /// Model parameters.
    #[serde(default)]
    pub parameters: Parameters,
    /// The cluster's container instances.
    pub cluster: Cluster,
    /// VPC subnets for awsvpc tasks.
    #[serde(default)]
    pub subnets: Vec<Subnet>,
    /// Account quotas and rates.
    #[serde(default)]
    pub account: Account,
    /// EC2 Auto Scaling groups.
    #[serde(default)]
    pub auto_scaling_groups: Vec<AutoScalingGroup>,
    /// Auto Scaling group capacity providers.
    #[serde(default)]
    pub capacity_providers: Vec<CapacityProvider>,
    /// Target groups referenced by services' loadBalancers.
    #[serde(default)]
    pub target_groups: Vec<TargetGroup>,
    /// Task definitions.
    pub task_definitions: Vec<TaskDefinition>,
    /// Services.
    #[serde(borrow)]
    pub services: Vec<Service<'a>>,
    /// Simulated behaviour of the applications, by "family:revision", "family" or "default".
    #[serde(default)]
    pub task_behavior: BTreeMap<String, Behavior>,
    /// Actions over time.
    #[serde(default, borrow)]
    pub timeline: Vec<TimelineEntry<'a>>,
}

fn one() -> u32 {
    1
}
fn one_u64() -> u64 {
    1
}
fn yes() -> bool {
    true
}

/// Named model parameters (docs/model.md lists each with its spec section).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Parameters {
    /// §8.1 retry period.
    pub scheduler_reconcile_seconds: Option<f64>,
    /// §8.1 reaction delay.
    pub scheduler_reaction_seconds: Option<f64>,
    /// §8.2 switch.
    pub count_stopping_toward_maximum: Option<bool>,
    /// §1.2 40 s rule.
    pub healthy_after_running_seconds: Option<f64>,
    /// §1.4 throttle start.
    pub throttle_base_seconds: Option<f64>,
    /// §1.4 throttle cap.
    pub throttle_max_seconds: Option<f64>,
    /// §1.4 duplicate suppression.
    pub duplicate_event_suppression_seconds: Option<f64>,
    /// §8.5.
    pub unplaced_counts_toward_circuit_breaker: Option<bool>,
    /// §8.4: use HealthyThresholdCount for new targets (the pre-2023 behaviour).
    pub legacy_new_target_health: Option<bool>,
    /// §8.9 managed scaling scale-out datapoints.
    pub cas_scale_out_datapoints: Option<u32>,
    /// §3.4 managed scaling scale-in datapoints.
    pub cas_scale_in_datapoints: Option<u32>,
    /// §8.9 share of empty instances per scale-in step, percent.
    pub cas_scale_in_max_percent_of_empty: Option<u32>,
    /// §3.4 lifecycle hook timeout.
    pub lifecycle_hook_timeout_seconds: Option<f64>,
    /// Time-series interval.
    pub sample_interval_seconds: Option<f64>,
    /// Services with their own time-series rows.
    pub tracked_services: Option<usize>,
    /// Keep every task state change (default: when the scenario has at most 20,000 tasks).
    pub record_task_events: Option<bool>,
    /// §8.12: datapoints above target before a Service Auto Scaling scale-out (3).
    pub scale_out_datapoints: Option<u32>,
    /// §8.12: datapoints below the threshold before a scale-in (15).
    pub scale_in_datapoints: Option<u32>,
    /// Scale-in threshold as a fraction of the target (0.9).
    pub scale_in_threshold_fraction: Option<f64>,
    /// Largest fraction of desiredCount one scale-in removes (1.0).
    pub scale_in_max_step_fraction: Option<f64>,
}

/// An EC2 Auto Scaling group (`CreateAutoScalingGroup` names).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AutoScalingGroup {
    /// `AutoScalingGroupName`.
    pub auto_scaling_group_name: String,
    /// What each instance is, like a cluster instance group without `count` and zones.
    pub launch_template: InstanceGroup,
    /// `LaunchTemplate.Version` of new instances (default 1).
    #[serde(default)]
    pub launch_template_version: Option<u32>,
    /// `AvailabilityZones`, balanced.
    pub availability_zones: Vec<String>,
    /// `MinSize`.
    pub min_size: u32,
    /// `MaxSize`.
    pub max_size: u32,
    /// `DesiredCapacity` (instances registered at t = 0).
    pub desired_capacity: u32,
    /// `TerminationPolicies` (default ["Default"]).
    #[serde(default)]
    pub termination_policies: Vec<String>,
    /// `NewInstancesProtectedFromScaleIn`.
    #[serde(default)]
    pub new_instances_protected_from_scale_in: bool,
    /// A termination lifecycle hook drains instances before termination (your own hook; ECS
    /// managed draining is set on the capacity provider).
    #[serde(default)]
    pub termination_lifecycle_hook_draining: bool,
    /// Launch-to-registration latency (default 150 s, §8.11).
    #[serde(default)]
    pub launch_seconds: Option<DistSpec>,
}

/// `CreateCapacityProvider`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CapacityProvider {
    /// `name`.
    pub name: String,
    /// `autoScalingGroupProvider`.
    pub auto_scaling_group_provider: AutoScalingGroupProvider,
}

/// `autoScalingGroupProvider`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AutoScalingGroupProvider {
    /// The group's name or ARN.
    pub auto_scaling_group_arn: String,
    /// `managedScaling`.
    #[serde(default)]
    pub managed_scaling: Option<ManagedScaling>,
    /// `managedTerminationProtection`: ENABLED or DISABLED (default DISABLED).
    #[serde(default)]
    pub managed_termination_protection: Option<String>,
    /// `managedDraining`: ENABLED (default for new providers) or DISABLED.
    #[serde(default)]
    pub managed_draining: Option<String>,
}

/// `managedScaling`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ManagedScaling {
    /// ENABLED or DISABLED.
    pub status: String,
    /// 1–100 (default 100).
    #[serde(default)]
    pub target_capacity: Option<u32>,
    /// 1–10000 (default 1).
    #[serde(default)]
    pub minimum_scaling_step_size: Option<u32>,
    /// 1–10000 (default 10000).
    #[serde(default)]
    pub maximum_scaling_step_size: Option<u32>,
    /// Seconds, 0–10000 (default 300).
    #[serde(default)]
    pub instance_warmup_period: Option<u32>,
}

/// A subnet (EC2 `CreateSubnet` names).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Subnet {
    /// `subnet-…` id referenced by services' networkConfiguration.
    pub subnet_id: String,
    /// Its zone.
    pub availability_zone: String,
    /// IPv4 CIDR block, e.g. 10.0.1.0/24.
    pub cidr_block: String,
}

/// Account quotas and rates (Service Quotas names in the docs).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Account {
    /// Network interfaces per Region (default 5000).
    pub network_interface_quota: Option<u32>,
    /// Fargate On-Demand vCPU resource count (default: not enforced).
    pub fargate_on_demand_vcpu_quota: Option<u32>,
    /// Fargate Spot vCPU resource count (default: not enforced).
    pub fargate_spot_vcpu_quota: Option<u32>,
    /// Fargate launch bucket burst (default 100).
    pub fargate_launch_burst: Option<u64>,
    /// Fargate launch bucket refill per second (default 20).
    pub fargate_launch_refill_per_second: Option<u64>,
    /// Tasks a service may launch per minute (default 500).
    pub service_launch_rate_per_minute: Option<u64>,
    /// Mean Fargate Spot interruptions per task-hour (default 0).
    pub fargate_spot_interruptions_per_task_hour: Option<f64>,
    /// Tasks in PROVISIONING state per cluster (default 500).
    pub provisioning_tasks_quota: Option<u32>,
}

/// A target group's health check and deregistration settings (ELB API names).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TargetGroup {
    /// Name referenced by `loadBalancers[].targetGroupArn` (an ARN ending in this name also matches).
    pub target_group_name: String,
    /// Health check interval (default 30 s).
    #[serde(default)]
    pub health_check_interval_seconds: Option<f64>,
    /// HealthyThresholdCount (default 5).
    #[serde(default)]
    pub healthy_threshold_count: Option<u32>,
    /// UnhealthyThresholdCount (default 2).
    #[serde(default)]
    pub unhealthy_threshold_count: Option<u32>,
    /// `deregistration_delay.timeout_seconds` (default 300).
    #[serde(default)]
    pub deregistration_delay_seconds: Option<f64>,
}

/// How an application behaves when run.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Behavior {
    /// PROVISIONING time (awsvpc ENI attachment).
    pub provisioning_seconds: Option<DistSpec>,
    /// PENDING time: image pull and start.
    pub pull_seconds: Option<DistSpec>,
    /// From RUNNING until the application answers health checks.
    pub ready_seconds: Option<DistSpec>,
    /// From SIGTERM to exit (SIGKILL at stopTimeout).
    pub sigterm_exit_seconds: Option<DistSpec>,
    /// DEPROVISIONING time (ENI detachment).
    pub deprovisioning_seconds: Option<DistSpec>,
    /// Probability a task fails before RUNNING.
    pub start_failure_probability: Option<f64>,
    /// Probability a started task never passes health checks.
    pub health_check_failure_probability: Option<f64>,
}
