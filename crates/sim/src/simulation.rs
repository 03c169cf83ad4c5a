//! The event loop. Every change to the cluster happens in `Simulation::step`, one event at a time.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use crate::config::{Action, Config};
use crate::container_instance::{ContainerInstance, InstanceStatus};
use crate::deployment::{
    Deployment, DeploymentStatus, RolloutState, TaskCounts, circuit_breaker_threshold,
};
use crate::event::Event;
use crate::ids::{DeploymentId, InstanceId, ServiceId, TaskDefinitionId};
use crate::placement::{ActiveInstances, PlacementIndex};
use crate::queue::EventQueue;
use crate::record::{ClusterSample, DeploymentSample, Record, Sample, ServiceSample};
use crate::service::{SchedulingStrategy, Service, ServiceStats};
use crate::service_auto_scaling::AutoScaling;
use crate::task::Task;
use crate::task_definition::TaskDefinition;
use crate::time::SimTime;
use crate::token_bucket::TokenBucket;
use crate::vpc::Subnet;

/// Why a run could not finish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimError {
    /// More events than `max_events`: a runaway scenario.
    EventLimit {
        /// The limit.
        limit: u64,
        /// Simulated time when it was hit.
        at: SimTime,
    },
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimError::EventLimit { limit, at } => write!(
                f,
                "event limit of {limit} reached at {:.3} s of simulated time; raise maxEvents or shorten durationSeconds",
                *at as f64 / 1000.0
            ),
        }
    }
}

impl std::error::Error for SimError {}

/// The simulation: the cluster's arenas, the queue and the one random generator.
pub struct Simulation {
    /// Current simulated time.
    pub now: SimTime,
    pub(crate) queue: EventQueue,
    pub(crate) rng: Pcg64Mcg,
    /// The input.
    pub config: Config,
    /// Container instances.
    pub instances: Vec<ContainerInstance>,
    /// Tasks (never removed).
    pub tasks: Vec<Task>,
    /// When things happened to each task, by task id.
    pub task_times: Vec<crate::task::TaskTimes>,
    /// Services.
    pub services: Vec<Service>,
    /// Deployments.
    pub deployments: Vec<Deployment>,
    /// Task definitions.
    pub task_definitions: Vec<TaskDefinition>,
    /// Availability zones, sorted.
    pub zones: Vec<String>,
    pub(crate) index: PlacementIndex,
    /// An instance out of `index` whose re-insertion is deferred (`Simulation::index_detach`).
    pub(crate) index_pending: Option<InstanceId>,
    /// The last binpack decision (`placement::LastChoice`), while it still holds.
    pub(crate) last_choice: Option<crate::placement::LastChoice>,
    /// Subnets and their address use.
    pub subnets: Vec<Subnet>,
    /// Fargate launch buckets, per provider (§1.5).
    pub(crate) fargate_buckets: [TokenBucket; 2],
    /// Whether Fargate Spot has capacity for new tasks.
    pub(crate) spot_capacity_available: bool,
    /// Auto Scaling groups.
    pub asgs: Vec<crate::asg::AsgState>,
    /// Tasks waiting in PROVISIONING for capacity, oldest first.
    pub(crate) provisioning: Vec<crate::ids::TaskId>,
    /// While set, placement only considers this Auto Scaling group's instances.
    pub(crate) placement_asg: Option<u16>,
    /// Registered instances by (CPU units, MiB), for the stranded-capacity bound.
    registered_shapes: BTreeMap<(u32, u32), u32>,
    pub(crate) active_instances: ActiveInstances,
    pub(crate) n_draining: u32,
    capacity_queue: VecDeque<ServiceId>,
    capacity_event_pending: bool,
    /// Event log.
    pub records: Vec<Record>,
    /// Time series.
    pub samples: Vec<Sample>,
    tracked: Vec<ServiceId>,
    pub(crate) totals: ClusterSample,
    real_events_pending: u64,
    /// Events processed.
    pub events_processed: u64,
    /// Times a scheduler decision broke a deployment bound (must stay 0; checked by tests).
    pub bound_violations: u64,
    /// Invariant violations found by `check_invariants` (tests).
    pub invariant_violations: Vec<String>,
    sample_interval: SimTime,
    /// The DAEMON services, which every instance that becomes ACTIVE concerns.
    daemon_services: Vec<ServiceId>,
    /// The zone order of a placement that spreads over zones first, reused between decisions.
    pub(crate) zone_order: Vec<(u32, u32, usize)>,
    /// Task lists the scheduler reuses from pass to pass instead of allocating them each time.
    pub(crate) scratch: Vec<Vec<crate::ids::TaskId>>,
    /// When the run ended.
    pub end: SimTime,
}

/// USD to whole micro-dollars, so that sums stay exact.
fn micro_usd(usd: f64) -> u64 {
    (usd * 1e6).round() as u64
}

impl Simulation {
    /// Builds the cluster at t = 0.
    pub fn new(config: Config) -> Simulation {
        let rng = Pcg64Mcg::seed_from_u64(config.seed);
        let zones: Vec<String> = config
            .instances
            .iter()
            .map(|i| i.spec.availability_zone.clone())
            .chain(config.subnets.iter().map(|s| s.availability_zone.clone()))
            .chain(
                config
                    .auto_scaling_groups
                    .iter()
                    .flat_map(|g| g.availability_zones.iter().cloned()),
            )
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let bucket = || {
            TokenBucket::new(
                config.account.fargate_launch_burst,
                config.account.fargate_launch_refill_per_second,
                1000,
            )
        };
        let fargate_buckets = [bucket(), bucket()];
        let index = PlacementIndex::new(&config, zones.len());
        let sample_interval = config.params.sample_interval_ms.unwrap_or_else(|| {
            (config.duration_ms / 1000)
                .clamp(1000, 3_600_000)
                .div_ceil(1000)
                * 1000
        });
        let mut sim = Simulation {
            now: 0,
            queue: EventQueue::default(),
            rng,
            task_definitions: config.task_definitions.clone(),
            instances: Vec::with_capacity(config.instances.len()),
            tasks: Vec::new(),
            task_times: Vec::new(),
            services: Vec::with_capacity(config.services.len()),
            deployments: Vec::new(),
            zones,
            index,
            subnets: config.subnets.clone(),
            fargate_buckets,
            spot_capacity_available: true,
            asgs: Vec::new(),
            provisioning: Vec::new(),
            placement_asg: None,
            index_pending: None,
            last_choice: None,
            registered_shapes: BTreeMap::new(),
            active_instances: ActiveInstances::default(),
            n_draining: 0,
            capacity_queue: VecDeque::new(),
            capacity_event_pending: false,
            records: Vec::new(),
            samples: Vec::new(),
            tracked: Vec::new(),
            totals: ClusterSample::default(),
            real_events_pending: 0,
            events_processed: 0,
            bound_violations: 0,
            invariant_violations: Vec::new(),
            sample_interval,
            daemon_services: Vec::new(),
            zone_order: Vec::new(),
            scratch: Vec::new(),
            end: 0,
            config,
        };
        sim.init();
        sim
    }

    fn init(&mut self) {
        let n_zones = self.zones.len();
        for init in std::mem::take(&mut self.config.instances) {
            let az = self
                .zones
                .binary_search(&init.spec.availability_zone)
                .unwrap_or(0) as u16;
            let key = self.rng.random::<u32>();
            let mut ci = ContainerInstance::new(init.name, init.spec, az, 0, key);
            ci.status = InstanceStatus::Registering;
            ci.asg = init.asg;
            if let Some(g) = init.asg {
                let group = &self.config.auto_scaling_groups[g as usize];
                ci.launch_template_version = group.launch_template_version;
                ci.protected_from_scale_in = group.new_instances_protected_from_scale_in;
            }
            self.instances.push(ci);
            if init.at_start {
                let id = InstanceId(self.instances.len() as u32 - 1);
                self.register_instance(id);
            }
        }
        self.init_auto_scaling();
        // Room for the tasks of the steady state and of one deployment of every service, taken
        // at once: growing a vector of millions of tasks by doubling copies it and touches
        // twice its memory (docs/performance.md). Pages not yet written cost nothing.
        let desired: usize = self
            .config
            .services
            .iter()
            .map(|s| s.desired_count as usize)
            .sum();
        self.tasks.reserve(2 * desired);
        self.task_times.reserve(2 * desired);
        for (i, s) in self.config.services.clone().into_iter().enumerate() {
            let sid = ServiceId(i as u32);
            if s.config.scheduling_strategy == SchedulingStrategy::Daemon {
                self.daemon_services.push(sid);
            }
            let strategies = s.config.effective_strategies();
            let counts_per_instance = s.config.reads_tasks_per_instance();
            let rate = self.config.account.service_launch_rate_per_minute;
            self.services.push(Service {
                strategies,
                launch_bucket: TokenBucket::new(rate, rate, 60_000),
                spot_interruptions: 0,
                desired_count: s.desired_count,
                config: s.config,
                deployments: Vec::new(),
                tasks: Vec::new(),
                tasks_per_instance: BTreeMap::new(),
                counts_per_instance,
                tasks_per_az: vec![0; n_zones.max(1)],
                reconcile_at: None,
                consecutive_start_failures: 0,
                throttled_until: 0,
                waiting_for_capacity: false,
                suppressed_events: BTreeMap::new(),
                reached_steady: false,
                stats: ServiceStats::default(),
                auto_scaling: AutoScaling::new(s.scaling, s.desired_count),
            });
            let d = self.create_deployment(sid, s.task_definition, true);
            if self.config.start_steady {
                self.deployments[d.idx()].rollout_state = RolloutState::Completed;
                self.deployments[d.idx()].completed_at = Some(0);
                self.place_steady_tasks(sid, d);
            }
            self.totals.desired += self.services[i].desired_count as u64;
            self.request_reconcile(sid);
        }
        let mut order: Vec<ServiceId> = (0..self.services.len() as u32).map(ServiceId).collect();
        order.sort_by(|a, b| {
            let (sa, sb) = (&self.services[a.idx()], &self.services[b.idx()]);
            sb.desired_count
                .cmp(&sa.desired_count)
                .then_with(|| sa.config.name.cmp(&sb.config.name))
        });
        order.truncate(self.config.params.tracked_services);
        order.sort();
        self.tracked = order;
        for i in 0..self.config.timeline.len() {
            let at = self.config.timeline[i].at;
            self.push(at, Event::Timeline(i as u32));
        }
        self.init_service_auto_scaling();
        self.queue.push(0, Event::Sample);
    }

    /// Runs to the end: the duration, or until nothing is left to do.
    pub fn run(mut self) -> Result<Simulation, SimError> {
        while let Some(at) = self.queue.peek_time() {
            if at > self.config.duration_ms {
                self.now = self.config.duration_ms;
                break;
            }
            if self.real_events_pending == 0 && !self.config.run_to_end {
                break;
            }
            self.step()?;
        }
        if self.config.run_to_end {
            self.now = self.config.duration_ms;
        }
        self.end = self.now;
        if self.samples.last().is_none_or(|s| s.at < self.end) {
            self.sample();
        }
        Ok(self)
    }

    /// Processes the earliest event.
    pub fn step(&mut self) -> Result<bool, SimError> {
        let Some((at, event)) = self.queue.pop() else {
            return Ok(false);
        };
        debug_assert!(at >= self.now, "time went backwards");
        self.now = at;
        self.events_processed += 1;
        if self.events_processed > self.config.max_events {
            return Err(SimError::EventLimit {
                limit: self.config.max_events,
                at,
            });
        }
        if event != Event::Sample {
            self.real_events_pending -= 1;
        }
        match event {
            Event::Timeline(i) => self.timeline_action(i as usize),
            Event::InstanceRegistered(id) => self.register_instance(id),
            Event::Reconcile(s) => {
                if self.services[s.idx()].reconcile_at == Some(at) {
                    self.services[s.idx()].reconcile_at = None;
                    self.reconcile(s);
                }
            }
            Event::CapacityFreed => self.capacity_freed(),
            Event::TaskAdvance(t, from) => self.task_advance(t, from),
            Event::TaskHealthy(t) => self.task_healthy(t),
            Event::TaskUnhealthy(t) => self.task_unhealthy(t),
            Event::SpotTaskInterrupted(t) => self.interrupt_spot_task(t),
            Event::SpotInstanceNotice(i) => self.spot_instance_notice(i),
            Event::SpotInstanceTerminated(i) => self.deregister_instance(i),
            Event::ScalingEvaluation(s) => self.evaluate_scaling(s),
            Event::ScheduledScalingAction(s, k) => self.scheduled_scaling_action(s, k as usize),
            Event::CapacityProviderEvaluation(cp) => self.evaluate_capacity_provider(cp),
            Event::LifecycleHookTimeout(i) => self.lifecycle_hook_timeout(i),
            Event::Sample => {
                self.sample();
                let next = at + self.sample_interval;
                if next <= self.config.duration_ms {
                    self.queue.push(next, Event::Sample);
                }
            }
        }
        if self.config.check_invariants {
            self.check_invariants();
        }
        Ok(true)
    }

    /// Schedules an event that keeps the run alive.
    pub(crate) fn push(&mut self, at: SimTime, event: Event) {
        self.real_events_pending += 1;
        self.queue.push(at, event);
    }

    /// Asks for a scheduler pass after the reaction delay, coalescing repeated requests.
    pub(crate) fn request_reconcile(&mut self, s: ServiceId) {
        let at = self.now + self.config.params.scheduler_reaction_ms;
        self.request_reconcile_at(s, at);
    }

    /// Asks for a scheduler pass at `at` unless one is due earlier.
    pub(crate) fn request_reconcile_at(&mut self, s: ServiceId, at: SimTime) {
        let svc = &mut self.services[s.idx()];
        if svc.reconcile_at.is_some_and(|t| t <= at) {
            return;
        }
        svc.reconcile_at = Some(at);
        self.push(at, Event::Reconcile(s));
    }

    /// Puts a service in the FIFO of services waiting for capacity.
    pub(crate) fn wait_for_capacity(&mut self, s: ServiceId) {
        if !self.services[s.idx()].waiting_for_capacity {
            self.services[s.idx()].waiting_for_capacity = true;
            self.capacity_queue.push_back(s);
        }
    }

    /// Capacity was freed somewhere: wake the waiting services.
    pub(crate) fn notify_capacity(&mut self) {
        if !self.capacity_queue.is_empty() && !self.capacity_event_pending {
            self.capacity_event_pending = true;
            self.push(self.now, Event::CapacityFreed);
        }
    }

    fn capacity_freed(&mut self) {
        self.capacity_event_pending = false;
        // Services retry in FIFO order; the first that still cannot place stops the pass, as the
        // freed capacity is then used up.
        while let Some(s) = self.capacity_queue.pop_front() {
            self.services[s.idx()].waiting_for_capacity = false;
            self.reconcile(s);
            if self.services[s.idx()].waiting_for_capacity {
                break;
            }
        }
    }

    /// Creates a deployment; the previous PRIMARY becomes ACTIVE.
    pub(crate) fn create_deployment(
        &mut self,
        s: ServiceId,
        td: TaskDefinitionId,
        initial: bool,
    ) -> DeploymentId {
        let id = DeploymentId(self.deployments.len() as u32);
        if let Some(&old) = self.services[s.idx()].deployments.last() {
            let d = &mut self.deployments[old.idx()];
            d.status = DeploymentStatus::Active;
            self.record_deployment(old);
        }
        let svc = &self.services[s.idx()];
        let cb = svc.config.deployment_configuration.circuit_breaker;
        let threshold = cb.map(|c| circuit_breaker_threshold(svc.desired_count, c.threshold));
        self.deployments.push(Deployment {
            label: format!("ecs-svc/{}", id.0 + 1),
            service: s,
            task_definition: td,
            status: DeploymentStatus::Primary,
            rollout_state: RolloutState::InProgress,
            started_at: self.now,
            completed_at: None,
            counts: TaskCounts::default(),
            launched: 0,
            failed_tasks: 0,
            circuit_breaker_threshold: threshold,
            rollback: cb.is_some_and(|c| c.rollback),
            any_running: false,
            failure_reason: None,
            stall: None,
            initial,
        });
        let svc = &mut self.services[s.idx()];
        svc.deployments.push(id);
        // A new task definition resets the failed-start throttle (§1.4).
        svc.consecutive_start_failures = 0;
        svc.throttled_until = 0;
        if !initial {
            self.record_deployment(id);
        }
        id
    }

    pub(crate) fn record_deployment(&mut self, d: DeploymentId) {
        let dep = &self.deployments[d.idx()];
        self.records.push(Record::DeploymentStateChange {
            at: self.now,
            deployment: d,
            status: dep.status,
            rollout_state: dep.rollout_state,
        });
    }

    /// Emits an ECS-style service event.
    pub(crate) fn service_event(&mut self, s: ServiceId, message: String) {
        self.records.push(Record::ServiceEvent {
            at: self.now,
            service: s,
            message,
        });
    }

    fn timeline_action(&mut self, i: usize) {
        let action = self.config.timeline[i].action.clone();
        match action {
            Action::UpdateService {
                service,
                task_definition,
                desired_count,
                deployment_configuration,
                force_new_deployment,
            } => {
                let s = service.idx();
                if let Some(dc) = deployment_configuration {
                    self.services[s].config.deployment_configuration = dc;
                }
                if let Some(n) = desired_count {
                    self.set_desired_count(service, n);
                }
                let primary_td = self.deployments[self.services[s].primary().idx()].task_definition;
                let new_td = task_definition.unwrap_or(primary_td);
                if new_td != primary_td || force_new_deployment {
                    self.create_deployment(service, new_td, false);
                }
                self.request_reconcile(service);
            }
            Action::UpdateContainerInstancesState { instances, status } => {
                for id in instances {
                    self.set_instance_status(id, status);
                }
            }
            Action::RegisterContainerInstances { instances, launch } => {
                for id in instances {
                    self.instances[id.idx()].launched_at = self.now;
                    let delay = launch.sample(&mut self.rng);
                    self.push(self.now + delay, Event::InstanceRegistered(id));
                }
            }
            Action::DeregisterContainerInstance { instance } => self.deregister_instance(instance),
            Action::InterruptFargateSpotTasks { service, count } => {
                self.interrupt_spot_tasks(service, count)
            }
            Action::SetFargateSpotCapacity { available } => {
                self.spot_capacity_available = available;
                if available {
                    self.notify_capacity();
                }
            }
            Action::InterruptSpotInstances { instances } => {
                for i in instances {
                    self.spot_instance_notice(i);
                }
            }
            Action::UpdateAutoScalingGroup {
                asg,
                min_size,
                max_size,
                desired_capacity,
                launch_template_version,
            } => {
                self.update_asg(
                    asg,
                    min_size,
                    max_size,
                    desired_capacity,
                    launch_template_version,
                );
            }
            Action::SetInstanceProtection {
                instances,
                protected,
            } => {
                self.set_instance_protection(&instances, protected);
            }
        }
    }

    fn register_instance(&mut self, id: InstanceId) {
        let ci = &mut self.instances[id.idx()];
        if ci.status != InstanceStatus::Registering {
            return;
        }
        ci.status = InstanceStatus::Active;
        ci.registered_at = self.now;
        *self
            .registered_shapes
            .entry((ci.spec.cpu_units, ci.spec.memory_mib))
            .or_insert(0) += 1;
        self.totals.registered_micro_usd_per_hour += micro_usd(ci.spec.hourly_usd);
        self.totals.registered_cpu += ci.spec.cpu_units as u64;
        self.totals.registered_memory += ci.spec.memory_mib as u64;
        self.totals.instances_active += 1;
        self.totals.instances_empty += 1;
        self.active_instances.insert(id);
        self.index_insert(id);
        self.records.push(Record::ContainerInstanceStateChange {
            at: self.now,
            instance: id,
            status: InstanceStatus::Active,
        });
        self.schedule_spot_instance_interruption(id);
        self.instance_became_active();
    }

    /// New capacity: waiting services retry, and every DAEMON service gets its task there.
    fn instance_became_active(&mut self) {
        self.place_provisioning_tasks();
        self.notify_capacity();
        for i in 0..self.daemon_services.len() {
            self.request_reconcile(self.daemon_services[i]);
        }
    }

    /// `UpdateContainerInstancesState` (§3.2).
    pub(crate) fn set_instance_status(&mut self, id: InstanceId, status: InstanceStatus) {
        let old = self.instances[id.idx()].status;
        if old == status || !matches!(old, InstanceStatus::Active | InstanceStatus::Draining) {
            return;
        }
        match status {
            InstanceStatus::Draining => {
                self.index_remove(id);
                self.active_instances.remove(&id);
                self.instances[id.idx()].status = InstanceStatus::Draining;
                self.n_draining += 1;
                self.totals.instances_active -= 1;
                self.totals.instances_draining += 1;
            }
            InstanceStatus::Active => {
                self.instances[id.idx()].status = InstanceStatus::Active;
                self.n_draining -= 1;
                self.totals.instances_active += 1;
                self.totals.instances_draining -= 1;
                self.active_instances.insert(id);
                self.index_insert(id);
                self.instance_became_active();
            }
            _ => return,
        }
        self.records.push(Record::ContainerInstanceStateChange {
            at: self.now,
            instance: id,
            status,
        });
        let services: BTreeSet<ServiceId> = self.instances[id.idx()]
            .tasks
            .iter()
            .map(|t| self.tasks[t.idx()].service)
            .collect();
        for s in services {
            self.request_reconcile(s);
        }
        if status == InstanceStatus::Draining {
            self.stop_daemons_if_alone(id);
        }
    }

    /// The EC2 instance is terminated: its tasks stop at once, without draining.
    pub(crate) fn deregister_instance(&mut self, id: InstanceId) {
        let status = self.instances[id.idx()].status;
        if !matches!(status, InstanceStatus::Active | InstanceStatus::Draining) {
            return;
        }
        let tasks = self.instances[id.idx()].tasks.clone();
        for t in tasks {
            self.kill_task(t);
        }
        if status == InstanceStatus::Active {
            self.index_remove(id);
            self.active_instances.remove(&id);
            self.totals.instances_active -= 1;
        } else {
            self.n_draining -= 1;
            self.totals.instances_draining -= 1;
        }
        let ci = &mut self.instances[id.idx()];
        ci.status = InstanceStatus::Deregistered;
        ci.deregistered_at = Some(self.now);
        self.totals.registered_cpu -= ci.spec.cpu_units as u64;
        self.totals.registered_memory -= ci.spec.memory_mib as u64;
        self.totals.instances_empty -= 1;
        self.totals.registered_micro_usd_per_hour -= micro_usd(ci.spec.hourly_usd);
        let shape = (ci.spec.cpu_units, ci.spec.memory_mib);
        if let Some(n) = self.registered_shapes.get_mut(&shape) {
            *n -= 1;
            if *n == 0 {
                self.registered_shapes.remove(&shape);
            }
        }
        self.records.push(Record::ContainerInstanceStateChange {
            at: self.now,
            instance: id,
            status: InstanceStatus::Deregistered,
        });
        // An instance of a group that went away on its own (Spot, manual termination): the
        // group launches a replacement to keep its desired capacity.
        if let Some(g) = self.instances[id.idx()].asg
            && self.asgs[g as usize].instances.contains(&id)
        {
            self.asgs[g as usize].instances.retain(|&x| x != id);
            let desired = self.asgs[g as usize].desired;
            self.set_desired_capacity(g, desired);
        }
    }

    /// At least this many instances hold the reserved resources: per dimension, the total over
    /// the largest registered instance, rounded up.
    fn instances_needed_lower_bound(&self) -> u32 {
        let max_cpu = self
            .registered_shapes
            .keys()
            .map(|s| s.0)
            .max()
            .unwrap_or(0) as u64;
        let max_mem = self
            .registered_shapes
            .keys()
            .map(|s| s.1)
            .max()
            .unwrap_or(0) as u64;
        let cpu = self.totals.reserved_cpu.div_ceil(max_cpu.max(1));
        let mem = self.totals.reserved_memory.div_ceil(max_mem.max(1));
        cpu.max(mem) as u32
    }

    fn sample(&mut self) {
        let mut services = Vec::with_capacity(self.tracked.len());
        for &s in &self.tracked {
            let svc = &self.services[s.idx()];
            let deployments = svc
                .deployments
                .iter()
                .filter(|d| {
                    let dep = &self.deployments[d.idx()];
                    dep.status != DeploymentStatus::Inactive
                        || dep.counts.wanted() + dep.counts.stopping > 0
                })
                .map(|&d| {
                    let c = self.deployments[d.idx()].counts;
                    DeploymentSample {
                        deployment: d,
                        starting: c.starting,
                        running: c.running,
                        healthy: c.healthy,
                        stopping: c.stopping,
                    }
                })
                .collect();
            services.push(ServiceSample {
                service: s,
                desired: svc.desired_count,
                deployments,
            });
        }
        let subnets_in_use = self.subnets.iter().map(|s| s.in_use).collect();
        self.totals.instances_needed_lower_bound = self.instances_needed_lower_bound();
        self.totals.provisioning_tasks = self
            .provisioning
            .iter()
            .filter(|t| {
                !self.tasks[t.idx()].desired_stopped
                    && self.tasks[t.idx()].awaiting_capacity.is_some()
            })
            .count() as u64;
        self.samples.push(Sample {
            at: self.now,
            cluster: self.totals,
            services,
            subnets_in_use,
        });
    }

    /// Healthy tasks of a service across its deployments.
    pub fn healthy_count(&self, s: ServiceId) -> u32 {
        self.live_counts(s).healthy
    }

    /// Summed live counts of a service's deployments.
    pub fn live_counts(&self, s: ServiceId) -> TaskCounts {
        let mut c = TaskCounts::default();
        for d in &self.services[s.idx()].deployments {
            let x = self.deployments[d.idx()].counts;
            c.starting += x.starting;
            c.running += x.running;
            c.healthy += x.healthy;
            c.stopping += x.stopping;
        }
        c
    }

    /// Checks the cluster's invariants: no over-commit, counters match the tasks, nothing
    /// placed on a non-ACTIVE instance while starting. O(tasks + instances): tests only.
    pub fn check_invariants(&mut self) {
        let mut draining = 0;
        for ci in &self.instances {
            draining += u32::from(ci.status == InstanceStatus::Draining);
            let (mut cpu, mut mem) = (0u64, 0u64);
            let mut stopping = (0u32, 0u32);
            for t in &ci.tasks {
                let td = &self.task_definitions[self.tasks[t.idx()].task_definition.idx()];
                cpu += td.cpu_units as u64;
                mem += td.memory_mib as u64;
                if self.tasks[t.idx()].desired_stopped {
                    stopping.0 += td.cpu_units;
                    stopping.1 += td.memory_mib;
                }
            }
            if stopping != ci.stopping {
                self.invariant_violations.push(format!(
                    "{}: stopping totals {:?}, tasks told to stop hold {:?} at {}",
                    ci.name, ci.stopping, stopping, self.now
                ));
            }
            if cpu > ci.spec.cpu_units as u64 || mem > ci.spec.memory_mib as u64 {
                self.invariant_violations
                    .push(format!("{}: over-committed at {}", ci.name, self.now));
            }
            if cpu != ci.reserved_cpu() as u64 || mem != ci.reserved_memory() as u64 {
                self.invariant_violations.push(format!(
                    "{}: reservation bookkeeping off at {}",
                    ci.name, self.now
                ));
            }
        }
        // The scheduler reads no instance status while this count is 0 (`on_draining_instance`).
        if draining != self.n_draining {
            self.invariant_violations.push(format!(
                "{} DRAINING instances counted as {} at {}",
                draining, self.n_draining, self.now
            ));
        }
        let mut subnet_use = vec![0u32; self.subnets.len()];
        let (mut enis, mut fargate_cpu) = (0u64, [0u64; 2]);
        for t in &self.tasks {
            if t.last_status == crate::task::TaskStatus::Stopped {
                continue;
            }
            if let Some(sn) = t.subnet {
                subnet_use[sn as usize] += 1;
            }
            enis += t.holds_eni as u64;
            if let Some(p) = t.capacity_provider {
                fargate_cpu[p.idx()] +=
                    self.task_definitions[t.task_definition.idx()].cpu_units as u64;
            }
        }
        for (i, sn) in self.subnets.iter().enumerate() {
            if sn.in_use != subnet_use[i] || sn.in_use > sn.usable() {
                let msg = format!(
                    "{}: {} addresses counted, {} held at {}",
                    sn.id, sn.in_use, subnet_use[i], self.now
                );
                self.invariant_violations.push(msg);
            }
        }
        if enis != self.totals.enis_in_use
            || enis > self.config.account.network_interface_quota as u64
        {
            let msg = format!(
                "ENIs: {} counted, {enis} held at {}",
                self.totals.enis_in_use, self.now
            );
            self.invariant_violations.push(msg);
        }
        if fargate_cpu != self.totals.fargate_cpu {
            self.invariant_violations
                .push(format!("Fargate CPU bookkeeping off at {}", self.now));
        }
        for (p, quota) in self.config.account.fargate_vcpu_quota.iter().enumerate() {
            if quota.is_some_and(|q| fargate_cpu[p] > q as u64 * 1024) {
                self.invariant_violations
                    .push(format!("Fargate vCPU quota exceeded at {}", self.now));
            }
        }
        for (i, d) in self.deployments.iter().enumerate() {
            let mut c = TaskCounts::default();
            for t in &self.services[d.service.idx()].tasks {
                let task = &self.tasks[t.idx()];
                if task.deployment.idx() != i {
                    continue;
                }
                if task.desired_stopped {
                    c.stopping += 1;
                } else if task.is_running() {
                    c.running += 1;
                    c.healthy += task.healthy as u32;
                } else {
                    c.starting += 1;
                }
            }
            if c != d.counts {
                self.invariant_violations.push(format!(
                    "{}: counts {:?} != {:?} at {}",
                    d.label, d.counts, c, self.now
                ));
            }
        }
        for svc in &self.services {
            let mut per_instance = BTreeMap::new();
            if svc.counts_per_instance {
                for t in &svc.tasks {
                    let task = &self.tasks[t.idx()];
                    if let (false, Some(ci)) = (task.desired_stopped, task.container_instance) {
                        *per_instance.entry(ci).or_insert(0u32) += 1;
                    }
                }
            }
            if per_instance != svc.tasks_per_instance {
                self.invariant_violations.push(format!(
                    "{}: tasks per instance off at {}",
                    svc.config.name, self.now
                ));
            }
        }
        if let Some(problem) = self.check_last_choice() {
            self.invariant_violations.push(problem);
        }
    }
}
