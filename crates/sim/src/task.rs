//! Tasks and their lifecycle (§1.3): PROVISIONING → PENDING → ACTIVATING → RUNNING →
//! DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED. A task only ever moves forward.

use crate::capacity_provider::CapacityProvider;
use crate::ids::{DeploymentId, InstanceId, ServiceId, TaskDefinitionId};
use crate::time::SimTime;

/// `lastStatus` of a task (DG `task-lifecycle`, §1.3). The order of the variants is the order
/// of the lifecycle, which the model relies on: a status change must increase it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TaskStatus {
    /// ENI creation and attachment for awsvpc.
    Provisioning,
    /// Image pull and container start.
    Pending,
    /// Load balancer / Cloud Map registration.
    Activating,
    /// Running.
    Running,
    /// Load balancer deregistration (connection draining).
    Deactivating,
    /// SIGTERM sent; SIGKILL after `stopTimeout`.
    Stopping,
    /// ENI detachment.
    Deprovisioning,
    /// Stopped; resources released.
    Stopped,
}

impl TaskStatus {
    /// The ECS spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Provisioning => "PROVISIONING",
            TaskStatus::Pending => "PENDING",
            TaskStatus::Activating => "ACTIVATING",
            TaskStatus::Running => "RUNNING",
            TaskStatus::Deactivating => "DEACTIVATING",
            TaskStatus::Stopping => "STOPPING",
            TaskStatus::Deprovisioning => "DEPROVISIONING",
            TaskStatus::Stopped => "STOPPED",
        }
    }
}

/// Why a task stopped, ECS `stopCode`/`stoppedReason` style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// Stopped by the service scheduler during a deployment or scale-in.
    ScalingActivity,
    /// Replaced because its container instance is DRAINING.
    InstanceDraining,
    /// Failed to start (image pull error or exit before RUNNING).
    StartFailure,
    /// Failed its health checks.
    Unhealthy,
    /// Its container instance went away.
    InstanceTerminated,
    /// Fargate Spot reclaimed the capacity.
    SpotInterruption,
}

impl StopReason {
    /// `stoppedReason` text.
    pub fn as_str(self) -> &'static str {
        match self {
            StopReason::ScalingActivity => "Scaling activity initiated by (deployment)",
            StopReason::InstanceDraining => "Container instance is DRAINING",
            StopReason::StartFailure => "Essential container in task exited",
            StopReason::Unhealthy => "Task failed container or ELB health checks",
            StopReason::InstanceTerminated => "Host EC2 instance terminated",
            StopReason::SpotInterruption => "Your Spot Task was interrupted.",
        }
    }
}

/// A task of a service.
#[derive(Clone, Debug)]
pub struct Task {
    /// Owning service.
    pub service: ServiceId,
    /// Deployment that launched it.
    pub deployment: DeploymentId,
    /// Its task definition revision.
    pub task_definition: TaskDefinitionId,
    /// Where it runs (EC2).
    pub container_instance: Option<InstanceId>,
    /// Fargate provider (None on EC2).
    pub capacity_provider: Option<CapacityProvider>,
    /// Subnet of its ENI (awsvpc with subnets configured).
    pub subnet: Option<u16>,
    /// Holds an ENI counted against the account quota.
    pub holds_eni: bool,
    /// Waits in PROVISIONING for an instance of this capacity provider (§1.4, §3.4).
    pub awaiting_capacity: Option<u16>,
    /// Index of its availability zone in the cluster's zone list.
    pub az: u16,
    /// `lastStatus`.
    pub last_status: TaskStatus,
    /// `desiredStatus` is STOPPED once the scheduler decided to stop it.
    pub desired_stopped: bool,
    /// Counts toward minimumHealthyPercent (§1.2).
    pub healthy: bool,
    /// Is a daemon task (stops last on a draining instance).
    pub daemon: bool,
    /// Why it stops.
    pub stop_reason: Option<StopReason>,
    /// Index of the task in its service's live-task list.
    pub service_slot: u32,
}

/// When things happened to a task (`Simulation::task_times`, by task id). Kept apart from
/// `Task`, which the scheduler reads on every pass: with millions of tasks, a smaller `Task`
/// means fewer cache lines per decision (docs/performance.md). A time not reached yet is held
/// as `NOT_YET` rather than as an `Option<SimTime>`, which takes 16 bytes instead of 8 (32 bytes
/// in all, not 56).
#[derive(Clone, Copy, Debug)]
pub struct TaskTimes {
    created_at: SimTime,
    pull_started_at: SimTime,
    stopping_at: SimTime,
    stopped_at: SimTime,
}

/// A time not reached yet. No run reaches it: scenarios last at most 10 years
/// (`scenario::resolve::seconds`), this is 584 million years.
const NOT_YET: SimTime = SimTime::MAX;

fn reached(t: SimTime) -> Option<SimTime> {
    (t != NOT_YET).then_some(t)
}

impl TaskTimes {
    /// A task created (placed) at `at`.
    pub fn created(at: SimTime) -> Self {
        TaskTimes {
            created_at: at,
            pull_started_at: NOT_YET,
            stopping_at: NOT_YET,
            stopped_at: NOT_YET,
        }
    }

    /// When it was created (placed).
    pub fn created_at(&self) -> SimTime {
        self.created_at
    }

    /// When its image pull started (PENDING): the start of Fargate billing (§4).
    pub fn pull_started_at(&self) -> Option<SimTime> {
        reached(self.pull_started_at)
    }

    /// When the scheduler decided to stop it.
    pub fn stopping_at(&self) -> Option<SimTime> {
        reached(self.stopping_at)
    }

    /// When it reached STOPPED.
    pub fn stopped_at(&self) -> Option<SimTime> {
        reached(self.stopped_at)
    }

    pub(crate) fn set_pull_started_at(&mut self, at: SimTime) {
        debug_assert!(at != NOT_YET);
        self.pull_started_at = at;
    }

    pub(crate) fn set_stopping_at(&mut self, at: SimTime) {
        debug_assert!(at != NOT_YET);
        self.stopping_at = at;
    }

    pub(crate) fn set_stopped_at(&mut self, at: SimTime) {
        debug_assert!(at != NOT_YET);
        self.stopped_at = at;
    }
}

impl Task {
    /// True while the scheduler wants it running and it has not reached RUNNING yet.
    pub fn is_starting(&self) -> bool {
        !self.desired_stopped && self.last_status < TaskStatus::Running
    }

    /// True while it is wanted and RUNNING.
    pub fn is_running(&self) -> bool {
        !self.desired_stopped && self.last_status == TaskStatus::Running
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_not_reached_read_as_none_and_reached_ones_as_set() {
        let mut t = TaskTimes::created(7);
        assert_eq!(t.created_at(), 7);
        assert_eq!(
            (t.pull_started_at(), t.stopping_at(), t.stopped_at()),
            (None, None, None)
        );
        t.set_pull_started_at(0);
        t.set_stopping_at(9);
        t.set_stopped_at(10);
        assert_eq!(
            (t.pull_started_at(), t.stopping_at(), t.stopped_at()),
            (Some(0), Some(9), Some(10))
        );
        assert_eq!(std::mem::size_of::<TaskTimes>(), 32);
    }
}
