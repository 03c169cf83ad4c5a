//! Service deployments: the PRIMARY one launches tasks, older ACTIVE ones are drained (§1).

use crate::ids::{ServiceId, TaskDefinitionId};
use crate::time::SimTime;

/// `status` of a deployment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeploymentStatus {
    /// The newest deployment; it launches tasks.
    Primary,
    /// An older deployment whose tasks are being replaced.
    Active,
    /// Finished: no tasks left.
    Inactive,
}

impl DeploymentStatus {
    /// The ECS spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentStatus::Primary => "PRIMARY",
            DeploymentStatus::Active => "ACTIVE",
            DeploymentStatus::Inactive => "INACTIVE",
        }
    }
}

/// `rolloutState` of a deployment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RolloutState {
    /// Still replacing tasks.
    InProgress,
    /// Reached steady state.
    Completed,
    /// Stopped by the circuit breaker (§1.6).
    Failed,
}

impl RolloutState {
    /// The ECS spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RolloutState::InProgress => "IN_PROGRESS",
            RolloutState::Completed => "COMPLETED",
            RolloutState::Failed => "FAILED",
        }
    }
}

/// Live task counts of one deployment, kept up to date on every task transition.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TaskCounts {
    /// Wanted and not yet RUNNING (PROVISIONING, PENDING, ACTIVATING).
    pub starting: u32,
    /// Wanted and RUNNING.
    pub running: u32,
    /// Of `running`, those that count as healthy (§1.2).
    pub healthy: u32,
    /// Told to stop and not STOPPED yet (DEACTIVATING, STOPPING, DEPROVISIONING, or earlier).
    pub stopping: u32,
}

impl TaskCounts {
    /// Tasks the scheduler still wants (starting + running).
    pub fn wanted(&self) -> u32 {
        self.starting + self.running
    }
}

/// Why a deployment cannot finish, and what would unblock it.
#[derive(Clone, Debug, PartialEq)]
pub struct Stall {
    /// What blocks it.
    pub reason: String,
    /// What would unblock it.
    pub hint: String,
    /// When the stall was first seen (still blocked at the end of the run).
    pub since: SimTime,
}

/// A deployment of a service.
#[derive(Clone, Debug)]
pub struct Deployment {
    /// `ecs-svc/N`.
    pub label: String,
    /// Owning service.
    pub service: ServiceId,
    /// Revision it runs.
    pub task_definition: TaskDefinitionId,
    /// PRIMARY / ACTIVE / INACTIVE.
    pub status: DeploymentStatus,
    /// IN_PROGRESS / COMPLETED / FAILED.
    pub rollout_state: RolloutState,
    /// When it was created.
    pub started_at: SimTime,
    /// When it completed or failed.
    pub completed_at: Option<SimTime>,
    /// Live task counts.
    pub counts: TaskCounts,
    /// Tasks launched by it.
    pub launched: u32,
    /// Failures counted by the circuit breaker (§1.6).
    pub failed_tasks: u32,
    /// Circuit breaker threshold, if the breaker is enabled.
    pub circuit_breaker_threshold: Option<u32>,
    /// Whether a tripped breaker rolls back.
    pub rollback: bool,
    /// Whether any of its tasks reached RUNNING (stage 2 of the breaker).
    pub any_running: bool,
    /// Why it failed.
    pub failure_reason: Option<String>,
    /// Set when the deployment is blocked; cleared when it moves again.
    pub stall: Option<Stall>,
    /// True for the deployment that existed at t = 0 (steady start), not a real rollout.
    pub initial: bool,
}

impl Deployment {
    /// Whether outputs report it as a rollout: all but the initial deployment of a steady
    /// start, whose tasks were already running at t = 0 (docs/model.md, "Steady start").
    pub fn is_rollout(&self, start_steady: bool) -> bool {
        !(self.initial && start_steady)
    }
}

/// The deployment circuit breaker threshold (§1.6): `clamp(ceil(value% × desired), 3, 200)` for
/// BOUNDED_PERCENT (the current API's minimum of 3; the 2023 guide used 10, §8.5).
pub fn circuit_breaker_threshold(desired: u32, config: ThresholdConfiguration) -> u32 {
    match config {
        ThresholdConfiguration::BoundedPercent {
            percent,
            minimum,
            maximum,
        } => ceil_percent(desired, percent).clamp(minimum, maximum),
        ThresholdConfiguration::UnboundedPercent { percent } => {
            ceil_percent(desired, percent).max(1)
        }
        ThresholdConfiguration::Count(n) => n.max(1),
    }
}

/// How the circuit breaker threshold is computed (API `ThresholdConfiguration`, July 2026).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ThresholdConfiguration {
    /// Percent of desiredCount clamped to `[minimum, maximum]` (default 50 %, 3..200).
    BoundedPercent {
        percent: u32,
        minimum: u32,
        maximum: u32,
    },
    /// Percent of desiredCount without clamp.
    UnboundedPercent { percent: u32 },
    /// A fixed count.
    Count(u32),
}

impl Default for ThresholdConfiguration {
    fn default() -> Self {
        ThresholdConfiguration::BoundedPercent {
            percent: 50,
            minimum: 3,
            maximum: 200,
        }
    }
}

/// `ceil(desired × percent / 100)` in integers.
pub fn ceil_percent(desired: u32, percent: u32) -> u32 {
    ((desired as u64 * percent as u64).div_ceil(100)) as u32
}

/// `floor(desired × percent / 100)` in integers.
pub fn floor_percent(desired: u32, percent: u32) -> u32 {
    (desired as u64 * percent as u64 / 100) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circuit_breaker_thresholds_gt12() {
        let d = ThresholdConfiguration::default();
        assert_eq!(circuit_breaker_threshold(1, d), 3);
        assert_eq!(circuit_breaker_threshold(25, d), 13);
        assert_eq!(circuit_breaker_threshold(400, d), 200);
        assert_eq!(circuit_breaker_threshold(800, d), 200);
        let legacy = ThresholdConfiguration::BoundedPercent {
            percent: 50,
            minimum: 10,
            maximum: 200,
        };
        assert_eq!(circuit_breaker_threshold(1, legacy), 10);
        assert_eq!(
            circuit_breaker_threshold(
                800,
                ThresholdConfiguration::UnboundedPercent { percent: 50 }
            ),
            400
        );
        assert_eq!(
            circuit_breaker_threshold(800, ThresholdConfiguration::Count(5)),
            5
        );
    }

    #[test]
    fn rounding_is_exact_integer_arithmetic() {
        assert_eq!(floor_percent(3, 125), 3); // GT-05: floor(3.75)
        assert_eq!(ceil_percent(5, 50), 3); // GT-03: ceil(2.5)
        assert_eq!(ceil_percent(2, 75), 2); // GT-04: ceil(1.5)
        assert_eq!(floor_percent(4, 200), 8); // GT-01
        assert_eq!(ceil_percent(4, 50), 2); // GT-02
        assert_eq!(floor_percent(10, 150), 15); // GT-07
        assert_eq!(ceil_percent(0, 100), 0);
    }
}
