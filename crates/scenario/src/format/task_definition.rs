//! Task definitions in `RegisterTaskDefinition` / `describe-task-definition` shape.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::aws_object::aws_object;
use crate::aws_fields;

aws_object! {
    /// A task definition. Fields ECS has but ecsim does not model are accepted by name (see
    /// `aws_fields`) and ignored; any other field is an error.
    pub struct TaskDefinition {
        /// Fields neither modelled nor in `aws_fields::TASK_DEFINITION` (unknown fields).
        pub other: BTreeMap<String, Value> except aws_fields::TASK_DEFINITION,
        /// `family`.
        ["family", required] pub family: String,
        /// `revision` (default: 1 + the previous revision of the family in the file).
        ["revision", default] pub revision: Option<u32>,
        /// Task-level `cpu`: units or a string such as "1 vCPU".
        ["cpu", default] pub cpu: Option<Value>,
        /// Task-level `memory`: MiB or a string such as "0.5 GB".
        ["memory", default] pub memory: Option<Value>,
        /// `networkMode`: bridge (default on EC2 Linux), host, awsvpc.
        ["networkMode", default] pub network_mode: Option<String>,
        /// `requiresCompatibilities`.
        ["requiresCompatibilities", default] pub requires_compatibilities: Vec<String>,
        /// `containerDefinitions`.
        ["containerDefinitions", required] pub container_definitions: Vec<ContainerDefinition>,
    }
}

aws_object! {
    /// A container definition.
    pub struct ContainerDefinition {
        /// Fields neither modelled nor in `aws_fields::CONTAINER_DEFINITION` (unknown fields).
        pub other: BTreeMap<String, Value> except aws_fields::CONTAINER_DEFINITION,
        /// `name`.
        ["name", required] pub name: String,
        /// `cpu` units.
        ["cpu", default] pub cpu: Option<u32>,
        /// `memory` hard limit, MiB.
        ["memory", default] pub memory: Option<u32>,
        /// `memoryReservation` soft limit, MiB.
        ["memoryReservation", default] pub memory_reservation: Option<u32>,
        /// `essential` (default true).
        ["essential", default] pub essential: Option<bool>,
        /// `portMappings`.
        ["portMappings", default] pub port_mappings: Vec<PortMapping>,
        /// `healthCheck`.
        ["healthCheck", default] pub health_check: Option<HealthCheck>,
        /// `stopTimeout` seconds.
        ["stopTimeout", default] pub stop_timeout: Option<u32>,
    }
}

aws_object! {
    /// A port mapping.
    pub struct PortMapping {
        /// Fields neither modelled nor in `aws_fields::PORT_MAPPING` (unknown fields).
        pub other: BTreeMap<String, Value> except aws_fields::PORT_MAPPING,
        /// `containerPort`.
        ["containerPort", default] pub container_port: Option<u32>,
        /// `hostPort`: 0 or absent means dynamic in bridge mode.
        ["hostPort", default] pub host_port: Option<u32>,
    }
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
