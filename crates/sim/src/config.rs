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
    /// The Auto Scaling group that launched it, if any.
    pub asg: Option<u16>,
    /// Display name (`i-0001`).
    pub name: String,
    /// What it registers (shared by the instances of one group and zone).
    pub spec: std::sync::Arc<InstanceSpec>,
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
    /// Load and Service Auto Scaling (§6).
    pub scaling: crate::service_auto_scaling::ScalingInit,
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
    /// `UpdateAutoScalingGroup` / `SetDesiredCapacity`.
    UpdateAutoScalingGroup {
        /// Group index.
        asg: u16,
        /// New `MinSize`.
        min_size: Option<u32>,
        /// New `MaxSize`.
        max_size: Option<u32>,
        /// New `DesiredCapacity`.
        desired_capacity: Option<u32>,
        /// New launch template version for new instances.
        launch_template_version: Option<u32>,
    },
    /// `SetInstanceProtection`.
    SetInstanceProtection {
        /// Instances.
        instances: Vec<InstanceId>,
        /// `ProtectedFromScaleIn`.
        protected: bool,
    },
}

/// An EC2 Auto Scaling termination policy (§3.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TerminationPolicy {
    /// Oldest launch template, then closest to the next instance hour, then random.
    Default,
    /// Earliest launched.
    OldestInstance,
    /// Latest launched.
    NewestInstance,
    /// Lowest launch template version.
    OldestLaunchTemplate,
    /// Closest to the next full hour since launch.
    ClosestToNextInstanceHour,
}

/// An EC2 Auto Scaling group (§3.3).
#[derive(Clone, Debug)]
pub struct AutoScalingGroup {
    /// `AutoScalingGroupName`.
    pub name: String,
    /// What each instance registers (its zone is set at launch).
    pub template: InstanceSpec,
    /// Zones, balanced.
    pub availability_zones: Vec<String>,
    /// `MinSize`.
    pub min_size: u32,
    /// `MaxSize`.
    pub max_size: u32,
    /// `DesiredCapacity` at t = 0 (these instances are registered at start).
    pub desired_capacity: u32,
    /// Launch template version of new instances.
    pub launch_template_version: u32,
    /// `TerminationPolicies`, in order (Default last, implied).
    pub termination_policies: Vec<TerminationPolicy>,
    /// `NewInstancesProtectedFromScaleIn`.
    pub new_instances_protected_from_scale_in: bool,
    /// A termination lifecycle hook that drains the instance first (managed draining or your own).
    pub drain_on_termination: bool,
    /// Launch-to-registration latency.
    pub launch: Dist,
}

/// ECS managed scaling of an Auto Scaling group capacity provider (§3.4).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ManagedScaling {
    /// `targetCapacity` percent (1–100).
    pub target_capacity: u32,
    /// `minimumScalingStepSize`.
    pub minimum_scaling_step_size: u32,
    /// `maximumScalingStepSize`.
    pub maximum_scaling_step_size: u32,
    /// `instanceWarmupPeriod`.
    pub instance_warmup_ms: SimTime,
}

/// An Auto Scaling group capacity provider.
#[derive(Clone, Debug)]
pub struct CapacityProviderConfig {
    /// Its name, referenced by services' `capacityProviderStrategy`.
    pub name: String,
    /// The group (index into `Config::auto_scaling_groups`).
    pub asg: u16,
    /// Managed scaling, if enabled.
    pub managed_scaling: Option<ManagedScaling>,
    /// `managedTerminationProtection`: only instances without (non-daemon) tasks may be terminated.
    pub managed_termination_protection: bool,
    /// `managedDraining`: instances are drained before the group terminates them.
    pub managed_draining: bool,
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
    /// "Tasks in PROVISIONING state per cluster" (500, §1.4).
    pub provisioning_tasks_quota: u32,
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
            provisioning_tasks_quota: 500,
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
    /// All container instances. `Simulation::new` moves them into `Simulation::instances`
    /// (large fleets would otherwise hold two copies), so this is empty in a built simulation.
    pub instances: Vec<InstanceInit>,
    /// VPC subnets for awsvpc tasks.
    pub subnets: Vec<crate::vpc::Subnet>,
    /// Account quotas and rates.
    pub account: Account,
    /// EC2 Auto Scaling groups.
    pub auto_scaling_groups: Vec<AutoScalingGroup>,
    /// Auto Scaling group capacity providers.
    pub capacity_providers: Vec<CapacityProviderConfig>,
    /// All task definition revisions.
    pub task_definitions: Vec<TaskDefinition>,
    /// All services.
    pub services: Vec<ServiceInit>,
    /// The timeline, in time order.
    pub timeline: Vec<TimedAction>,
    /// Run until `duration_ms` even when nothing is left to do (for cost over a fixed period).
    pub run_to_end: bool,
    /// Keep every task state change in the outcome (off for very large fleets).
    pub record_task_events: bool,
    /// Check the cluster's invariants after every event (tests).
    pub check_invariants: bool,
}
