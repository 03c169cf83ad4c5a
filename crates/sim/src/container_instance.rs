//! Container instances: EC2 hosts registered to the cluster, with their registered and remaining
//! resources (§2.4).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::ids::TaskId;
use crate::time::SimTime;

/// Maximum reserved host ports per container instance, defaults and static task ports included
/// (§2.4, DG `task_definition_parameters` `hostPort`).
pub const MAX_RESERVED_PORTS: usize = 100;

/// Default `ECS_RESERVED_PORTS` of the Linux agent (§2.4, agent README).
pub const DEFAULT_RESERVED_PORTS: [u16; 5] = [22, 2375, 2376, 51678, 51679];

/// Container instance status (`UpdateContainerInstancesState`, §3.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum InstanceStatus {
    /// Launched but not registered yet.
    Registering,
    /// Accepts tasks.
    Active,
    /// Accepts no new tasks; its service tasks are being replaced (§3.2).
    Draining,
    /// Gone from the cluster.
    Deregistered,
}

impl InstanceStatus {
    /// The ECS spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            InstanceStatus::Registering => "REGISTERING",
            InstanceStatus::Active => "ACTIVE",
            InstanceStatus::Draining => "DRAINING",
            InstanceStatus::Deregistered => "INACTIVE",
        }
    }
}

/// What a container instance registers, before any task runs on it.
#[derive(Clone, Debug, PartialEq)]
pub struct InstanceSpec {
    /// EC2 instance type, e.g. `m4.large` (may be `custom`).
    pub instance_type: String,
    /// Availability zone.
    pub availability_zone: String,
    /// Registered CPU units (vCPU × 1024, §2.4).
    pub cpu_units: u32,
    /// Registered memory in MiB (OS-visible memory − `ECS_RESERVED_MEMORY`, §2.4).
    pub memory_mib: u32,
    /// Agent-reserved host ports (`ECS_RESERVED_PORTS`).
    pub reserved_ports: Vec<u16>,
    /// How many awsvpc task ENIs the instance can attach (ENI limit − 1, or the trunking table).
    pub task_eni_limit: u32,
    /// Custom attributes (`ecs.*` attributes are added by the model).
    pub attributes: BTreeMap<String, String>,
    /// EC2 on-demand price per hour in USD, used for cost.
    pub hourly_usd: f64,
    /// A Spot instance (2-minute interruption notice, §3.2).
    pub spot: bool,
    /// `ECS_ENABLE_SPOT_INSTANCE_DRAINING`: DRAINING at the notice (default off).
    pub spot_draining: bool,
    /// Mean Spot interruptions per instance-hour (0 = only the timeline's).
    pub spot_interruptions_per_hour: f64,
}

/// A container instance in the cluster.
#[derive(Clone, Debug)]
pub struct ContainerInstance {
    /// Display name, `i-0001` style.
    pub name: String,
    /// Registered resources and attributes, shared by the instances of one group and zone (a
    /// fleet has hundreds of thousands of instances and a handful of kinds).
    pub spec: Arc<InstanceSpec>,
    /// Index of its availability zone in the cluster's sorted zone list.
    pub az: u16,
    /// Status.
    pub status: InstanceStatus,
    /// CPU units not reserved by tasks.
    pub remaining_cpu: u32,
    /// MiB not reserved by tasks.
    pub remaining_memory: u32,
    /// Static host ports in use by tasks, sorted.
    pub used_ports: Vec<u16>,
    /// Task ENIs attached.
    pub enis_used: u32,
    /// Tasks placed here that are not STOPPED yet.
    pub tasks: Vec<TaskId>,
    /// CPU units and MiB of the tasks here that are told to stop but not STOPPED yet: what
    /// binpack scale-in counts as about to be freed (§2.2). Kept up to date by the task
    /// lifecycle so that choosing a victim does not walk the instance's tasks.
    pub stopping: (u32, u32),
    /// When it registered.
    pub registered_at: SimTime,
    /// When it left the cluster.
    pub deregistered_at: Option<SimTime>,
    /// Random tie-break key, redrawn whenever the instance's resources change (§8.7).
    pub tie_key: u32,
    /// Its Auto Scaling group.
    pub asg: Option<u16>,
    /// Launch template version it was launched from.
    pub launch_template_version: u32,
    /// When EC2 launched it (billing hours count from here).
    pub launched_at: SimTime,
    /// ASG instance scale-in protection.
    pub protected_from_scale_in: bool,
    /// The group is terminating it once its tasks are gone (lifecycle hook / managed draining).
    pub terminating: bool,
}

/// Why a task does not fit on an instance; the reasons of DG `service-event-messages` (§1.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Misfit {
    /// Not ACTIVE (DRAINING or gone).
    NotActive,
    /// A placement constraint excludes it.
    Constraint,
    /// Not enough CPU units.
    Cpu,
    /// Not enough memory.
    Memory,
    /// A static host port is taken or reserved.
    PortInUse,
    /// More than 100 reserved ports would be registered.
    TooManyPorts,
    /// No free ENI attachment point.
    Eni,
}

impl Misfit {
    /// The phrase ECS uses in its service event for this reason.
    pub fn phrase(self) -> &'static str {
        match self {
            Misfit::NotActive => "is not ACTIVE",
            Misfit::Constraint => {
                "encountered error \"MemberOf constraint\" or \"DistinctInstance constraint\""
            }
            Misfit::Cpu => "has insufficient CPU units available",
            Misfit::Memory => "has insufficient memory available",
            Misfit::PortInUse => "is already using a port required by your task",
            Misfit::TooManyPorts => "has too many ports registered",
            Misfit::Eni => "does not have enough available ENI attachment points",
        }
    }
}

/// The display name of the `n`-th container instance of the cluster, from 1: `i-0001`.
pub fn instance_name(n: usize) -> String {
    let mut name = String::with_capacity(8);
    name.push_str("i-");
    crate::decimal::push(&mut name, n as u64, 4);
    name
}

impl ContainerInstance {
    /// A freshly registered instance.
    pub fn new(name: String, spec: Arc<InstanceSpec>, az: u16, now: SimTime, tie_key: u32) -> Self {
        ContainerInstance {
            name,
            remaining_cpu: spec.cpu_units,
            remaining_memory: spec.memory_mib,
            spec,
            az,
            status: InstanceStatus::Active,
            used_ports: Vec::new(),
            enis_used: 0,
            tasks: Vec::with_capacity(8),
            stopping: (0, 0),
            registered_at: now,
            deregistered_at: None,
            tie_key,
            asg: None,
            launch_template_version: 1,
            launched_at: now,
            protected_from_scale_in: false,
            terminating: false,
        }
    }

    /// Checks the resource filter of §2.1 step 1 for a task: CPU, memory, static host ports
    /// (including agent-reserved ones and the 100-port cap), and ENIs for awsvpc. Returns the
    /// first reason it fails, in the order ECS's event messages list them.
    pub fn resource_misfit(
        &self,
        cpu: u32,
        memory: u32,
        ports: &[u16],
        uses_eni: bool,
    ) -> Option<Misfit> {
        if self.status != InstanceStatus::Active {
            return Some(Misfit::NotActive);
        }
        if self.remaining_cpu < cpu {
            return Some(Misfit::Cpu);
        }
        if self.remaining_memory < memory {
            return Some(Misfit::Memory);
        }
        if !ports.is_empty() {
            for p in ports {
                if self.spec.reserved_ports.binary_search(p).is_ok()
                    || self.used_ports.binary_search(p).is_ok()
                {
                    return Some(Misfit::PortInUse);
                }
            }
            if self.spec.reserved_ports.len() + self.used_ports.len() + ports.len()
                > MAX_RESERVED_PORTS
            {
                return Some(Misfit::TooManyPorts);
            }
        }
        if uses_eni && self.enis_used >= self.spec.task_eni_limit {
            return Some(Misfit::Eni);
        }
        None
    }

    /// Reserves a task's resources. The caller has checked `resource_misfit`.
    pub fn reserve(&mut self, task: TaskId, cpu: u32, memory: u32, ports: &[u16], uses_eni: bool) {
        assert!(
            self.remaining_cpu >= cpu && self.remaining_memory >= memory,
            "over-commit on {}",
            self.name
        );
        self.remaining_cpu -= cpu;
        self.remaining_memory -= memory;
        for &p in ports {
            let at = self
                .used_ports
                .binary_search(&p)
                .expect_err("port already in use");
            self.used_ports.insert(at, p);
        }
        if uses_eni {
            self.enis_used += 1;
        }
        self.tasks.push(task);
    }

    /// Releases what `reserve` took.
    pub fn release(&mut self, task: TaskId, cpu: u32, memory: u32, ports: &[u16], uses_eni: bool) {
        self.remaining_cpu += cpu;
        self.remaining_memory += memory;
        debug_assert!(
            self.remaining_cpu <= self.spec.cpu_units
                && self.remaining_memory <= self.spec.memory_mib
        );
        for p in ports {
            if let Ok(at) = self.used_ports.binary_search(p) {
                self.used_ports.remove(at);
            }
        }
        if uses_eni {
            self.enis_used -= 1;
        }
        if let Some(at) = self.tasks.iter().position(|&t| t == task) {
            self.tasks.swap_remove(at);
        }
    }

    /// Reserved CPU units.
    pub fn reserved_cpu(&self) -> u32 {
        self.spec.cpu_units - self.remaining_cpu
    }

    /// Reserved MiB.
    pub fn reserved_memory(&self) -> u32 {
        self.spec.memory_mib - self.remaining_memory
    }

    /// True while it counts as cluster capacity (ACTIVE or DRAINING).
    pub fn is_registered(&self) -> bool {
        matches!(
            self.status,
            InstanceStatus::Active | InstanceStatus::Draining
        )
    }
}
