//! The cluster: groups of container instances.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The cluster section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Cluster {
    /// `clusterName`.
    #[serde(default)]
    pub cluster_name: Option<String>,
    /// Container instances registered at t = 0.
    #[serde(default)]
    pub container_instances: Vec<InstanceGroup>,
}

/// `count` identical container instances.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct InstanceGroup {
    /// How many (default 1).
    #[serde(default)]
    pub count: Option<u32>,
    /// EC2 instance type from the catalog, or "custom" with cpu and memory.
    pub instance_type: String,
    /// Zones, assigned round-robin.
    #[serde(default)]
    pub availability_zones: Vec<String>,
    /// Registered CPU units instead of vCPU × 1024.
    #[serde(default)]
    pub cpu: Option<u32>,
    /// Registered MiB instead of the OS-visible memory.
    #[serde(default)]
    pub memory: Option<u32>,
    /// `ECS_RESERVED_MEMORY` in MiB (default 0).
    #[serde(default)]
    pub ecs_reserved_memory: Option<u32>,
    /// `ECS_RESERVED_PORTS` (default 22, 2375, 2376, 51678, 51679).
    #[serde(default)]
    pub reserved_ports: Option<Vec<u32>>,
    /// Launched after opting in to `awsvpcTrunking`.
    #[serde(default)]
    pub awsvpc_trunking: bool,
    /// ENI attachment limit override (task ENIs).
    #[serde(default)]
    pub task_eni_limit: Option<u32>,
    /// Custom attributes.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// Spot instances (2-minute interruption notice).
    #[serde(default)]
    pub spot: bool,
    /// `ECS_ENABLE_SPOT_INSTANCE_DRAINING=true` (default false).
    #[serde(default)]
    pub spot_instance_draining: bool,
    /// Mean Spot interruptions per instance-hour (default 0).
    #[serde(default)]
    pub spot_interruptions_per_hour: Option<f64>,
}
