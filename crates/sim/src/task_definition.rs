//! Task definitions (`RegisterTaskDefinition`), resolved to what placement and the lifecycle need.

use crate::dist::Dist;
use crate::time::SimTime;

/// The task's network mode (DG `task_definition_parameters`, §2.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetworkMode {
    /// Docker bridge with port mappings; static host ports bind one task per port per instance.
    Bridge,
    /// Host networking: container ports are host ports.
    Host,
    /// One ENI per task (§2.6).
    Awsvpc,
}

/// Container health check (§1.2, DG `task_definition_parameters`).
#[derive(Clone, Debug, PartialEq)]
pub struct HealthCheck {
    /// Time between checks (default 30 s).
    pub interval_ms: SimTime,
    /// Consecutive failures that make the container UNHEALTHY (default 3).
    pub retries: u32,
    /// Grace period during which failures do not count (default 0, "off").
    pub start_period_ms: SimTime,
}

/// How tasks of a revision behave when run: what the simulation draws for them. These are not
/// ECS API fields; they are the scenario's description of the application and the environment.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskBehavior {
    /// PROVISIONING time (ENI attachment for awsvpc, §8.11).
    pub provisioning: Dist,
    /// PENDING time: image pull and container start (§8.11).
    pub pull: Dist,
    /// Time from RUNNING until the application answers health checks.
    pub ready: Dist,
    /// Time from SIGTERM until the application exits; SIGKILL comes at `stopTimeout` (§1.3).
    pub sigterm_exit: Dist,
    /// DEPROVISIONING time (ENI detachment for awsvpc).
    pub deprovisioning: Dist,
    /// Probability that a task stops in PENDING without reaching RUNNING (image pull error, crash).
    pub start_failure_probability: f64,
    /// Probability that a started task never passes its health checks.
    pub health_check_failure_probability: f64,
}

impl Default for TaskBehavior {
    fn default() -> Self {
        TaskBehavior {
            provisioning: Dist::ZERO,
            pull: Dist::ZERO,
            ready: Dist::ZERO,
            sigterm_exit: Dist::ZERO,
            deprovisioning: Dist::ZERO,
            start_failure_probability: 0.0,
            health_check_failure_probability: 0.0,
        }
    }
}

/// A task definition revision, resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskDefinition {
    /// The family name.
    pub family: String,
    /// The revision number.
    pub revision: u32,
    /// CPU units reserved on a container instance: task-level `cpu` if set, else the sum of
    /// container `cpu` (§2.5; a null container cpu reserves 0, §8.8).
    pub cpu_units: u32,
    /// MiB reserved: task-level `memory` if set, else per container `memoryReservation` if set,
    /// else `memory` (§2.5).
    pub memory_mib: u32,
    /// Network mode.
    pub network_mode: NetworkMode,
    /// Static host ports, sorted and distinct (dynamic ports are not listed: they do not count
    /// toward the 100-port cap, §2.4).
    pub static_host_ports: Vec<u16>,
    /// The health check of the essential containers, if any defines one.
    pub health_check: Option<HealthCheck>,
    /// Time from SIGTERM to SIGKILL (`stopTimeout`; 30 s default, §1.3).
    pub stop_timeout_ms: SimTime,
    /// Simulated behaviour of the application.
    pub behavior: TaskBehavior,
    /// `requiresCompatibilities` includes FARGATE.
    pub fargate_compatible: bool,
}

impl TaskDefinition {
    /// `family:revision`, the way ECS names a revision.
    pub fn name(&self) -> String {
        format!("{}:{}", self.family, self.revision)
    }

    /// True when the task needs its own ENI.
    pub fn uses_eni(&self) -> bool {
        self.network_mode == NetworkMode::Awsvpc
    }
}
