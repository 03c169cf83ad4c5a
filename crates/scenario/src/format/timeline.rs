//! Timeline entries, named after the ECS API calls they mirror.

use serde::Deserialize;

use crate::format::cluster::InstanceGroup;
use crate::format::dist::DistSpec;
use crate::format::service::DeploymentConfiguration;

/// One timeline entry: `{"atSeconds": 60, "action": "UpdateService", ...}`.
#[derive(Debug, Deserialize)]
#[serde(tag = "action")]
pub enum TimelineEntry {
    /// `UpdateService`.
    UpdateService(UpdateService),
    /// `UpdateContainerInstancesState`.
    UpdateContainerInstancesState(UpdateContainerInstancesState),
    /// EC2 instances launched now register after `launchSeconds`.
    RegisterContainerInstances(RegisterContainerInstances),
    /// `DeregisterContainerInstance --force`: the EC2 instance is terminated.
    DeregisterContainerInstance(DeregisterContainerInstance),
    /// Fargate Spot reclaims `count` running Spot tasks.
    InterruptFargateSpotTasks(InterruptFargateSpotTasks),
    /// Fargate Spot capacity disappears or comes back.
    SetFargateSpotCapacity(SetFargateSpotCapacity),
    /// EC2 Spot interruption notices.
    InterruptSpotInstances(InterruptSpotInstances),
    /// `UpdateAutoScalingGroup`.
    UpdateAutoScalingGroup(UpdateAutoScalingGroup),
    /// `SetDesiredCapacity`.
    SetDesiredCapacity(SetDesiredCapacity),
    /// `SetInstanceProtection`.
    SetInstanceProtection(SetInstanceProtection),
}

/// `UpdateAutoScalingGroup`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateAutoScalingGroup {
    /// When.
    pub at_seconds: f64,
    /// Group.
    pub auto_scaling_group_name: String,
    /// `MinSize`.
    #[serde(default)]
    pub min_size: Option<u32>,
    /// `MaxSize`.
    #[serde(default)]
    pub max_size: Option<u32>,
    /// `DesiredCapacity`.
    #[serde(default)]
    pub desired_capacity: Option<u32>,
    /// Launch template version for new instances.
    #[serde(default)]
    pub launch_template_version: Option<u32>,
}

/// `SetDesiredCapacity`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SetDesiredCapacity {
    /// When.
    pub at_seconds: f64,
    /// Group.
    pub auto_scaling_group_name: String,
    /// `DesiredCapacity`.
    pub desired_capacity: u32,
}

/// `SetInstanceProtection`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SetInstanceProtection {
    /// When.
    pub at_seconds: f64,
    /// Instance names.
    pub container_instances: Vec<String>,
    /// `ProtectedFromScaleIn`.
    pub protected_from_scale_in: bool,
}

/// Fargate Spot interruption.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct InterruptFargateSpotTasks {
    /// When.
    pub at_seconds: f64,
    /// Only this service's tasks.
    #[serde(default)]
    pub service: Option<String>,
    /// How many tasks.
    pub count: u32,
}

/// Fargate Spot capacity.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SetFargateSpotCapacity {
    /// When.
    pub at_seconds: f64,
    /// Whether new Spot tasks can start.
    pub available: bool,
}

/// EC2 Spot interruption notices.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct InterruptSpotInstances {
    /// When.
    pub at_seconds: f64,
    /// Instance names.
    pub container_instances: Vec<String>,
}

impl TimelineEntry {
    /// When the action happens.
    pub fn at_seconds(&self) -> f64 {
        match self {
            TimelineEntry::UpdateService(a) => a.at_seconds,
            TimelineEntry::UpdateContainerInstancesState(a) => a.at_seconds,
            TimelineEntry::RegisterContainerInstances(a) => a.at_seconds,
            TimelineEntry::DeregisterContainerInstance(a) => a.at_seconds,
            TimelineEntry::InterruptFargateSpotTasks(a) => a.at_seconds,
            TimelineEntry::SetFargateSpotCapacity(a) => a.at_seconds,
            TimelineEntry::InterruptSpotInstances(a) => a.at_seconds,
            TimelineEntry::UpdateAutoScalingGroup(a) => a.at_seconds,
            TimelineEntry::SetDesiredCapacity(a) => a.at_seconds,
            TimelineEntry::SetInstanceProtection(a) => a.at_seconds,
        }
    }
}

/// `UpdateService` parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateService {
    /// When.
    pub at_seconds: f64,
    /// `service`.
    pub service: String,
    /// `taskDefinition`.
    #[serde(default)]
    pub task_definition: Option<String>,
    /// `desiredCount`.
    #[serde(default)]
    pub desired_count: Option<u32>,
    /// `deploymentConfiguration`.
    #[serde(default)]
    pub deployment_configuration: Option<DeploymentConfiguration>,
    /// `forceNewDeployment`.
    #[serde(default)]
    pub force_new_deployment: bool,
}

/// `UpdateContainerInstancesState` parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateContainerInstancesState {
    /// When.
    pub at_seconds: f64,
    /// Instance names (`i-0001`).
    pub container_instances: Vec<String>,
    /// `ACTIVE` or `DRAINING`.
    pub status: String,
}

/// New instances.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RegisterContainerInstances {
    /// When they are launched.
    pub at_seconds: f64,
    /// The instances, like a cluster group.
    pub container_instances: InstanceGroup,
    /// Launch-to-registration latency (default 150 s, §8.11).
    #[serde(default)]
    pub launch_seconds: Option<DistSpec>,
}

/// `DeregisterContainerInstance`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DeregisterContainerInstance {
    /// When.
    pub at_seconds: f64,
    /// Instance name.
    pub container_instance: String,
}
