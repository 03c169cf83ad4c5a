//! What a run produces: event records, time-series samples and the outcome.

use crate::container_instance::InstanceStatus;
use crate::deployment::{DeploymentStatus, RolloutState};
use crate::ids::{DeploymentId, InstanceId, ServiceId, TaskId};
use crate::task::TaskStatus;
use crate::time::SimTime;

/// One line of the event log.
#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    /// An ECS-style service event message.
    ServiceEvent {
        /// When.
        at: SimTime,
        /// Service.
        service: ServiceId,
        /// Message text.
        message: String,
    },
    /// A task changed `lastStatus` or `desiredStatus`.
    TaskStateChange {
        /// When.
        at: SimTime,
        /// Task.
        task: TaskId,
        /// New lastStatus.
        last_status: TaskStatus,
        /// desiredStatus is STOPPED.
        desired_stopped: bool,
    },
    /// A deployment changed status or rolloutState.
    DeploymentStateChange {
        /// When.
        at: SimTime,
        /// Deployment.
        deployment: DeploymentId,
        /// Status.
        status: DeploymentStatus,
        /// Rollout state.
        rollout_state: RolloutState,
    },
    /// A cluster-level event (Auto Scaling activity), attributed to no service.
    ClusterEvent {
        /// When.
        at: SimTime,
        /// Message text.
        message: String,
    },
    /// A container instance changed status.
    ContainerInstanceStateChange {
        /// When.
        at: SimTime,
        /// Instance.
        instance: InstanceId,
        /// New status.
        status: InstanceStatus,
    },
}

/// Counts of one deployment at a sample instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeploymentSample {
    /// Deployment.
    pub deployment: DeploymentId,
    /// Starting tasks (PROVISIONING, PENDING, ACTIVATING).
    pub starting: u32,
    /// RUNNING tasks.
    pub running: u32,
    /// Healthy tasks.
    pub healthy: u32,
    /// Stopping tasks.
    pub stopping: u32,
}

/// A tracked service at a sample instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSample {
    /// Service.
    pub service: ServiceId,
    /// desiredCount.
    pub desired: u32,
    /// Non-INACTIVE deployments.
    pub deployments: Vec<DeploymentSample>,
}

/// Cluster-wide state at a sample instant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClusterSample {
    /// Sum of desiredCount.
    pub desired: u64,
    /// Starting tasks.
    pub starting: u64,
    /// RUNNING tasks.
    pub running: u64,
    /// Healthy tasks.
    pub healthy: u64,
    /// Stopping tasks.
    pub stopping: u64,
    /// ACTIVE container instances.
    pub instances_active: u32,
    /// DRAINING container instances.
    pub instances_draining: u32,
    /// Registered (ACTIVE or DRAINING) instances with no task.
    pub instances_empty: u32,
    /// Registered CPU units (ACTIVE and DRAINING instances).
    pub registered_cpu: u64,
    /// Reserved CPU units.
    pub reserved_cpu: u64,
    /// Registered MiB.
    pub registered_memory: u64,
    /// Reserved MiB.
    pub reserved_memory: u64,
    /// Task ENIs in use (awsvpc on EC2 and Fargate).
    pub enis_in_use: u64,
    /// Fargate CPU units in use, On-Demand and Spot.
    pub fargate_cpu: [u64; 2],
    /// Fargate MiB in use, On-Demand and Spot.
    pub fargate_memory: [u64; 2],
    /// Fargate Spot interruptions so far.
    pub spot_interruptions: u64,
    /// Tasks waiting in PROVISIONING for Auto Scaling capacity.
    pub provisioning_tasks: u64,
    /// At least this many instances are needed for the reserved resources (each dimension's
    /// total over the largest instance's registered amount, rounded up): stranded capacity is
    /// the registered instances beyond it.
    pub instances_needed_lower_bound: u32,
    /// Sum of the registered instances' hourly prices, in micro-USD per hour.
    pub registered_micro_usd_per_hour: u64,
}

/// One time-series sample.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sample {
    /// When.
    pub at: SimTime,
    /// Cluster totals.
    pub cluster: ClusterSample,
    /// The tracked services.
    pub services: Vec<ServiceSample>,
    /// Addresses in use per subnet (same order as the config's subnets).
    pub subnets_in_use: Vec<u32>,
}
