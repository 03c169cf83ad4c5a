//! The closed set of events. Every state change of the simulation has one of these as its cause.

use crate::ids::{InstanceId, ServiceId, TaskId};
use crate::task::TaskStatus;

/// A scheduled event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// The scenario timeline's action with this index.
    Timeline(u32),
    /// A launched EC2 instance registers with the cluster.
    InstanceRegistered(InstanceId),
    /// The service scheduler evaluates a service.
    Reconcile(ServiceId),
    /// Resources were freed: services waiting for capacity retry, in FIFO order.
    CapacityFreed,
    /// The task leaves this status (stale if it already has).
    TaskAdvance(TaskId, TaskStatus),
    /// The task passes its health checks.
    TaskHealthy(TaskId),
    /// The task fails its health checks.
    TaskUnhealthy(TaskId),
    /// Fargate Spot reclaims this task's capacity (2-minute warning).
    SpotTaskInterrupted(TaskId),
    /// An EC2 Spot interruption notice for this instance.
    SpotInstanceNotice(InstanceId),
    /// The EC2 Spot instance is terminated (2 minutes after its notice).
    SpotInstanceTerminated(InstanceId),
    /// Managed scaling evaluates a capacity provider (every minute).
    CapacityProviderEvaluation(u16),
    /// A termination lifecycle hook times out: the instance is terminated anyway.
    LifecycleHookTimeout(InstanceId),
    /// Service Auto Scaling takes a 1-minute datapoint of the service's metrics (§6).
    ScalingEvaluation(ServiceId),
    /// A scheduled action of the service's scalable target (its index) runs (§6).
    ScheduledScalingAction(ServiceId, u32),
    /// Record a time-series sample.
    Sample,
}
