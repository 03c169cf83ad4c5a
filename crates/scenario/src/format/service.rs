//! Services in `CreateService` / `describe-services` shape.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::Str;
use super::aws_object::aws_object;
use crate::aws_fields;

aws_object! {
    /// A service. Fields ECS has but ecsim does not model are accepted by name and ignored.
    pub struct Service<'a> {
        /// Fields neither modelled nor in `aws_fields::SERVICE` (unknown fields).
        pub other: BTreeMap<String, Value> except aws_fields::SERVICE,
        /// `serviceName`.
        ["serviceName", required] pub service_name: Str<'a>,
        /// `taskDefinition`: "family:revision", "family" (latest) or an ARN.
        ["taskDefinition", required] pub task_definition: Str<'a>,
        /// `desiredCount`.
        ["desiredCount", default] pub desired_count: Option<u32>,
        /// `launchType` (EC2).
        ["launchType", default] pub launch_type: Option<String>,
        /// `schedulingStrategy` (REPLICA or DAEMON).
        ["schedulingStrategy", default] pub scheduling_strategy: Option<String>,
        /// `deploymentConfiguration`.
        ["deploymentConfiguration", default]
        pub deployment_configuration: Option<DeploymentConfiguration>,
        /// `placementStrategy`.
        ["placementStrategy", list] pub placement_strategy: Vec<PlacementStrategy<'a>>,
        /// `placementConstraints`.
        ["placementConstraints", list] pub placement_constraints: Vec<PlacementConstraint>,
        /// `healthCheckGracePeriodSeconds`.
        ["healthCheckGracePeriodSeconds", default]
        pub health_check_grace_period_seconds: Option<u64>,
        /// `loadBalancers`.
        ["loadBalancers", list] pub load_balancers: Vec<LoadBalancer<'a>>,
        /// `capacityProviderStrategy`.
        ["capacityProviderStrategy", list]
        pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
        // The next three are boxed: most services have none, and a smaller `Service` makes a
        // large fleet's list of services smaller to build.
        /// `networkConfiguration`.
        ["networkConfiguration", default]
        pub network_configuration: Option<Box<NetworkConfiguration>>,
        /// Service Auto Scaling (Application Auto Scaling, not part of the ECS service object).
        ["serviceAutoScaling", default]
        pub service_auto_scaling: Option<Box<super::service_auto_scaling::ServiceAutoScaling>>,
        /// ecsim's model of the application's load (not an AWS field).
        ["load", default] pub load: Option<Box<super::service_auto_scaling::Load>>,
        /// `deploymentController`: only `{"type": "ECS"}` is modelled (checked when resolving).
        ["deploymentController", default] pub deployment_controller: Option<Box<Value>>,
    }
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

aws_object! {
    /// `deploymentConfiguration`.
    pub struct DeploymentConfiguration {
        /// Fields neither modelled nor in `aws_fields::DEPLOYMENT_CONFIGURATION` (unknown fields).
        pub other: BTreeMap<String, Value> except aws_fields::DEPLOYMENT_CONFIGURATION,
        /// `maximumPercent`.
        ["maximumPercent", default] pub maximum_percent: Option<u32>,
        /// `minimumHealthyPercent`.
        ["minimumHealthyPercent", default] pub minimum_healthy_percent: Option<u32>,
        /// `deploymentCircuitBreaker`.
        ["deploymentCircuitBreaker", default]
        pub deployment_circuit_breaker: Option<CircuitBreaker>,
        /// `strategy`: only ROLLING is modelled (checked when resolving).
        ["strategy", default] pub strategy: Option<String>,
        /// `alarms`: CloudWatch-alarm rollback is not modelled (checked when resolving).
        ["alarms", default] pub alarms: Option<Value>,
    }
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
pub struct PlacementStrategy<'a> {
    /// binpack, spread or random.
    #[serde(rename = "type", borrow)]
    pub kind: Str<'a>,
    /// cpu/memory for binpack; instanceId/host or attribute:NAME for spread.
    #[serde(default, borrow)]
    pub field: Option<Str<'a>>,
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

aws_object! {
    /// `loadBalancers[]`.
    pub struct LoadBalancer<'a> {
        /// Fields neither modelled nor in `aws_fields::LOAD_BALANCER` (unknown fields).
        pub other: BTreeMap<String, Value> except aws_fields::LOAD_BALANCER,
        /// Target group ARN or name.
        ["targetGroupArn", default] pub target_group_arn: Option<Str<'a>>,
    }
}
