//! Services in `CreateService` / `describe-services` shape.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// A service. Fields ECS has but ecsim does not model are accepted by name and ignored.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    /// `serviceName`.
    pub service_name: String,
    /// `taskDefinition`: "family:revision", "family" (latest) or an ARN.
    pub task_definition: String,
    /// `desiredCount`.
    #[serde(default)]
    pub desired_count: Option<u32>,
    /// `launchType` (EC2).
    #[serde(default)]
    pub launch_type: Option<String>,
    /// `schedulingStrategy` (REPLICA or DAEMON).
    #[serde(default)]
    pub scheduling_strategy: Option<String>,
    /// `deploymentConfiguration`.
    #[serde(default)]
    pub deployment_configuration: Option<DeploymentConfiguration>,
    /// `placementStrategy`.
    #[serde(default)]
    pub placement_strategy: Vec<PlacementStrategy>,
    /// `placementConstraints`.
    #[serde(default)]
    pub placement_constraints: Vec<PlacementConstraint>,
    /// `healthCheckGracePeriodSeconds`.
    #[serde(default)]
    pub health_check_grace_period_seconds: Option<u64>,
    /// `loadBalancers`.
    #[serde(default)]
    pub load_balancers: Vec<LoadBalancer>,
    /// `capacityProviderStrategy`.
    #[serde(default)]
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    /// `networkConfiguration`.
    #[serde(default)]
    pub network_configuration: Option<NetworkConfiguration>,
    /// Service Auto Scaling (Application Auto Scaling, not part of the ECS service object).
    #[serde(default)]
    pub service_auto_scaling: Option<super::service_auto_scaling::ServiceAutoScaling>,
    /// ecsim's model of the application's load (not an AWS field).
    #[serde(default)]
    pub load: Option<super::service_auto_scaling::Load>,
    /// Other AWS fields.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// `capacityProviderStrategy[]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CapacityProviderStrategyItem {
    /// FARGATE or FARGATE_SPOT.
    pub capacity_provider: String,
    /// Minimum tasks on this provider (0–100000).
    #[serde(default)]
    pub base: u32,
    /// Relative share (0–1000; default 0 as in the API).
    #[serde(default)]
    pub weight: u32,
}

/// `networkConfiguration`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NetworkConfiguration {
    /// `awsvpcConfiguration`.
    pub awsvpc_configuration: AwsvpcConfiguration,
}

/// `awsvpcConfiguration`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AwsvpcConfiguration {
    /// Subnet ids.
    pub subnets: Vec<String>,
    /// Security groups (accepted, not modelled).
    #[serde(default)]
    pub security_groups: Vec<String>,
    /// ENABLED or DISABLED (default DISABLED).
    #[serde(default)]
    pub assign_public_ip: Option<String>,
}

/// `deploymentConfiguration`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentConfiguration {
    /// `maximumPercent`.
    #[serde(default)]
    pub maximum_percent: Option<u32>,
    /// `minimumHealthyPercent`.
    #[serde(default)]
    pub minimum_healthy_percent: Option<u32>,
    /// `deploymentCircuitBreaker`.
    #[serde(default)]
    pub deployment_circuit_breaker: Option<CircuitBreaker>,
    /// Other AWS fields (alarms, strategy, bakeTimeInMinutes, …).
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// `deploymentCircuitBreaker`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CircuitBreaker {
    /// `enable`.
    pub enable: bool,
    /// `rollback`.
    #[serde(default)]
    pub rollback: bool,
    /// `thresholdConfiguration` (July 2026 API).
    #[serde(default)]
    pub threshold_configuration: Option<ThresholdConfiguration>,
}

/// `thresholdConfiguration`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ThresholdConfiguration {
    /// BOUNDED_PERCENT, UNBOUNDED_PERCENT or COUNT.
    #[serde(rename = "type")]
    pub kind: String,
    /// Percent or count.
    pub value: u32,
    /// `resetOnHealthyTask` (default true).
    #[serde(default)]
    pub reset_on_healthy_task: Option<bool>,
}

/// `placementStrategy[]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacementStrategy {
    /// binpack, spread or random.
    #[serde(rename = "type")]
    pub kind: String,
    /// cpu/memory for binpack; instanceId/host or attribute:NAME for spread.
    #[serde(default)]
    pub field: Option<String>,
}

/// `placementConstraints[]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacementConstraint {
    /// distinctInstance or memberOf.
    #[serde(rename = "type")]
    pub kind: String,
    /// Cluster query language expression for memberOf.
    #[serde(default)]
    pub expression: Option<String>,
}

/// `loadBalancers[]`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancer {
    /// Target group ARN or name.
    #[serde(default)]
    pub target_group_arn: Option<String>,
    /// Other AWS fields (containerName, containerPort, loadBalancerName).
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}
