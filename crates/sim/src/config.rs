//! The resolved input of a simulation run: what the scenario crate builds and `Simulation` runs.

use crate::capacity_provider::CapacityProvider;
use crate::container_instance::{InstanceSpec, InstanceStatus};
use crate::dist::Dist;
use crate::ids::{InstanceId, ServiceId, TaskDefinitionId};
use crate::params::Params;
use crate::service::{DeploymentConfiguration, ServiceConfig};
use crate::task_definition::TaskDefinition;
use crate::time::SimTime;

/// A container instance known to the scenario.
#[derive(Clone, Debug)]
pub struct InstanceInit {
    /// Display name (`i-0001`).
    pub name: String,
    /// What it registers.
    pub spec: InstanceSpec,
    /// Registered at t = 0 (otherwise a `RegisterContainerInstances` action registers it).
    pub at_start: bool,
}

/// A service known to the scenario.
#[derive(Clone, Debug)]
pub struct ServiceInit {
    /// Configuration.
    pub config: ServiceConfig,
    /// Initial revision.
    pub task_definition: TaskDefinitionId,
    /// Initial desiredCount (ignored for DAEMON).
    pub desired_count: u32,
}

/// An action of the timeline, named after the ECS API call it mirrors.
#[derive(Clone, Debug)]
pub enum Action {
    /// `UpdateService`.
    UpdateService {
        /// Service.
        service: ServiceId,
        /// New revision: starts a deployment.
        task_definition: Option<TaskDefinitionId>,
        /// New desiredCount.
        desired_count: Option<u32>,
        /// New deployment configuration.
        deployment_configuration: Option<DeploymentConfiguration>,
        /// `forceNewDeployment`: a new deployment of the same revision.
        force_new_deployment: bool,
    },
    /// `UpdateContainerInstancesState` (ACTIVE or DRAINING).
    UpdateContainerInstancesState {
        /// Instances.
        instances: Vec<InstanceId>,
        /// New status.
        status: InstanceStatus,
    },
    /// Launch EC2 instances that register after `launch` latency.
    RegisterContainerInstances {
        /// Instances (declared in `Config::instances` with `at_start = false`).
        instances: Vec<InstanceId>,
        /// Launch-to-registration latency.
        launch: Dist,
    },
    /// `DeregisterContainerInstance` with `force`: its tasks stop at once (the EC2 instance is
    /// terminated without draining).
    DeregisterContainerInstance {
        /// Instance.
        instance: InstanceId,
    },
    /// Fargate Spot reclaims capacity: `count` running Spot tasks (of one service, or of any)
    /// get the 2-minute warning (§3.4).
    InterruptFargateSpotTasks {
        /// Only this service's tasks, if set.
        service: Option<ServiceId>,
        /// How many tasks.
        count: u32,
    },
    /// Fargate Spot capacity becomes unavailable or available again.
    SetFargateSpotCapacity {
        /// Whether new Spot tasks can start.
        available: bool,
    },
    /// EC2 Spot interruption notices for these instances: terminated 2 minutes later (§3.2).
    InterruptSpotInstances {
        /// Instances.
        instances: Vec<InstanceId>,
    },
}

/// Account-level quotas and rates that differ between accounts and Regions (§1.5, §4, §8.10).
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    /// VPC/Region network interface quota (default 5000).
    pub network_interface_quota: u32,
    /// Fargate vCPU concurrency quota per provider, in vCPUs; `None` = not enforced.
    pub fargate_vcpu_quota: [Option<u32>; 2],
    /// Fargate launch token bucket burst, per provider (100).
    pub fargate_launch_burst: u64,
    /// Fargate launch token refill per second, per provider (20).
    pub fargate_launch_refill_per_second: u64,
    /// Tasks a service may launch per minute (500; 125 in some Regions).
    pub service_launch_rate_per_minute: u64,
    /// Mean Fargate Spot interruptions per task-hour (0 = only the timeline's).
    pub fargate_spot_interruptions_per_task_hour: f64,
}

impl Default for Account {
    fn default() -> Self {
        Account {
            network_interface_quota: 5000,
            fargate_vcpu_quota: [None, None],
            fargate_launch_burst: 100,
            fargate_launch_refill_per_second: 20,
            service_launch_rate_per_minute: 500,
            fargate_spot_interruptions_per_task_hour: 0.0,
        }
    }
}

impl Account {
    /// The vCPU quota of a provider.
    pub fn vcpu_quota(&self, p: CapacityProvider) -> Option<u32> {
        self.fargate_vcpu_quota[p.idx()]
    }
}

/// An action at a time.
#[derive(Clone, Debug)]
pub struct TimedAction {
    /// When.
    pub at: SimTime,
    /// What.
    pub action: Action,
}

/// Everything a run needs.
#[derive(Clone, Debug)]
pub struct Config {
    /// Scenario name.
    pub name: String,
    /// Seed of the one random generator.
    pub seed: u64,
    /// The run stops at this time at the latest.
    pub duration_ms: SimTime,
    /// The run stops with an error after this many events.
    pub max_events: u64,
    /// Model parameters.
    pub params: Params,
    /// Services start with desiredCount tasks RUNNING and healthy (a steady cluster at t = 0).
    pub start_steady: bool,
    /// All container instances.
    pub instances: Vec<InstanceInit>,
    /// VPC subnets for awsvpc tasks.
    pub subnets: Vec<crate::vpc::Subnet>,
    /// Account quotas and rates.
    pub account: Account,
    /// All task definition revisions.
    pub task_definitions: Vec<TaskDefinition>,
    /// All services.
    pub services: Vec<ServiceInit>,
    /// The timeline, in time order.
    pub timeline: Vec<TimedAction>,
    /// Keep every task state change in the outcome (off for very large fleets).
    pub record_task_events: bool,
    /// Check the cluster's invariants after every event (tests).
    pub check_invariants: bool,
}
