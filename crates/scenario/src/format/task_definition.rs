//! Task definitions in `RegisterTaskDefinition` / `describe-task-definition` shape.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// A task definition. Fields ECS has but ecsim does not model are accepted by name (see
/// `aws_fields`) and ignored; any other field is an error.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinition {
    /// `family`.
    pub family: String,
    /// `revision` (default: 1 + the previous revision of the family in the file).
    #[serde(default)]
    pub revision: Option<u32>,
    /// Task-level `cpu`: units or a string such as "1 vCPU".
    #[serde(default)]
    pub cpu: Option<Value>,
    /// Task-level `memory`: MiB or a string such as "0.5 GB".
    #[serde(default)]
    pub memory: Option<Value>,
    /// `networkMode`: bridge (default on EC2 Linux), host, awsvpc.
    #[serde(default)]
    pub network_mode: Option<String>,
    /// `requiresCompatibilities`.
    #[serde(default)]
    pub requires_compatibilities: Vec<String>,
    /// `containerDefinitions`.
    pub container_definitions: Vec<ContainerDefinition>,
    /// Other AWS fields.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// A container definition.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerDefinition {
    /// `name`.
    pub name: String,
    /// `cpu` units.
    #[serde(default)]
    pub cpu: Option<u32>,
    /// `memory` hard limit, MiB.
    #[serde(default)]
    pub memory: Option<u32>,
    /// `memoryReservation` soft limit, MiB.
    #[serde(default)]
    pub memory_reservation: Option<u32>,
    /// `essential` (default true).
    #[serde(default)]
    pub essential: Option<bool>,
    /// `portMappings`.
    #[serde(default)]
    pub port_mappings: Vec<PortMapping>,
    /// `healthCheck`.
    #[serde(default)]
    pub health_check: Option<HealthCheck>,
    /// `stopTimeout` seconds.
    #[serde(default)]
    pub stop_timeout: Option<u32>,
    /// Other AWS fields.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// A port mapping.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortMapping {
    /// `containerPort`.
    #[serde(default)]
    pub container_port: Option<u32>,
    /// `hostPort`: 0 or absent means dynamic in bridge mode.
    #[serde(default)]
    pub host_port: Option<u32>,
    /// Other AWS fields (protocol, name, appProtocol, containerPortRange).
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// A container health check.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheck {
    /// `command` (not run; the scenario's behaviour decides the result).
    #[serde(default)]
    pub command: Vec<String>,
    /// `interval` seconds (5–300, default 30).
    #[serde(default)]
    pub interval: Option<u32>,
    /// `timeout` seconds (2–60, default 5).
    #[serde(default)]
    pub timeout: Option<u32>,
    /// `retries` (1–10, default 3).
    #[serde(default)]
    pub retries: Option<u32>,
    /// `startPeriod` seconds (0–300, default off).
    #[serde(default)]
    pub start_period: Option<u32>,
}
