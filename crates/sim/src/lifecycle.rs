//! Task lifecycle transitions (§1.3): launch, start, health, stop. Every change of a task's
//! status goes through `transition`, which keeps the deployment counters and cluster totals in
//! step and enforces that a task only moves forward.

use rand::RngExt;

use crate::container_instance::InstanceStatus;
use crate::deployment::{DeploymentStatus, RolloutState};
use crate::event::Event;
use crate::health::{HealthVerdict, verdict};
use crate::ids::{DeploymentId, InstanceId, ServiceId, TaskDefinitionId, TaskId};
use crate::placement::Placement;
use crate::record::Record;
use crate::service::SchedulingStrategy;
use crate::simulation::Simulation;
use crate::task::{StopReason, Task, TaskStatus, TaskTimes};

/// Which counter a task sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Starting,
    Running,
    Healthy,
    Stopping,
    Stopped,
}

fn phase(t: &Task) -> Phase {
    if t.last_status == TaskStatus::Stopped {
        Phase::Stopped
    } else if t.desired_stopped {
        Phase::Stopping
    } else if t.last_status < TaskStatus::Running {
        Phase::Starting
    } else if t.healthy {
        Phase::Healthy
    } else {
        Phase::Running
    }
}

impl Simulation {
    /// Applies `change` to a task and moves it between counters.
    fn transition(&mut self, id: TaskId, change: impl FnOnce(&mut Task)) {
        let task = &mut self.tasks[id.idx()];
        let (before, status_before, desired_before) =
            (phase(task), task.last_status, task.desired_stopped);
        change(task);
        assert!(
            task.last_status >= status_before,
            "task/{} moved backwards",
            id.0
        );
        let (after, status_after, desired_after) =
            (phase(task), task.last_status, task.desired_stopped);
        let d = task.deployment;
        if before != after {
            self.count(d, before, -1);
            self.count(d, after, 1);
        }
        if self.config.record_task_events
            && (status_before != status_after || desired_before != desired_after)
        {
            self.records.push(Record::TaskStateChange {
                at: self.now,
                task: id,
                last_status: status_after,
                desired_stopped: desired_after,
            });
        }
    }

    fn count(&mut self, d: DeploymentId, p: Phase, delta: i32) {
        let c = &mut self.deployments[d.idx()].counts;
        let t = &mut self.totals;
        let add = |x: &mut u32, y: &mut u64| {
            *x = x.checked_add_signed(delta).expect("task counter underflow");
            *y = y
                .checked_add_signed(delta as i64)
                .expect("task total underflow");
        };
        match p {
            Phase::Starting => add(&mut c.starting, &mut t.starting),
            Phase::Running => add(&mut c.running, &mut t.running),
            Phase::Healthy => {
                add(&mut c.running, &mut t.running);
                add(&mut c.healthy, &mut t.healthy);
            }
            Phase::Stopping => add(&mut c.stopping, &mut t.stopping),
            Phase::Stopped => {}
        }
    }

    /// Starts a task of `deployment` where `placement` says: reserves its resources (on the
    /// container instance, in the subnet, against the account's ENI and Fargate quotas) and
    /// starts its lifecycle in PROVISIONING.
    pub(crate) fn launch_task(
        &mut self,
        s: ServiceId,
        d: DeploymentId,
        placement: Placement,
    ) -> TaskId {
        let id = self.create_task(s, d, placement);
        if placement.awaiting_capacity.is_none() {
            self.start_provisioning(id);
        }
        id
    }

    /// PROVISIONING on an instance (or Fargate): attach the ENI, or go straight to PENDING.
    fn start_provisioning(&mut self, id: TaskId) {
        let td = &self.task_definitions[self.tasks[id.idx()].task_definition.idx()];
        if td.uses_eni() {
            let delay = td.behavior.provisioning.sample(&mut self.rng);
            self.push(
                self.now + delay,
                Event::TaskAdvance(id, TaskStatus::Provisioning),
            );
        } else {
            // No ENI to attach: PROVISIONING takes no time.
            self.transition(id, |t| t.last_status = TaskStatus::Pending);
            self.schedule_pull(id);
        }
    }

    /// A task that waited in PROVISIONING gets an instance (new Auto Scaling capacity).
    pub(crate) fn assign_instance(&mut self, id: TaskId, instance: InstanceId) {
        let (s, td) = {
            let t = &self.tasks[id.idx()];
            (t.service, t.task_definition)
        };
        let az = self.reserve_on(s, id, instance, td, false);
        let task = &mut self.tasks[id.idx()];
        task.container_instance = Some(instance);
        task.az = az;
        task.awaiting_capacity = None;
        self.services[s.idx()].tasks_per_az[az as usize] += 1;
        self.start_provisioning(id);
    }

    /// Reserves the task definition's resources for task `id` of service `s` on `instance`
    /// and keeps the counts that follow (empty instances, reserved totals, the service's tasks
    /// per instance); the instance waits out of the placement index (`index_detach`), keeping
    /// the last binpack decision when `keep_last_choice`. Returns the instance's zone.
    fn reserve_on(
        &mut self,
        s: ServiceId,
        id: TaskId,
        instance: InstanceId,
        td: TaskDefinitionId,
        keep_last_choice: bool,
    ) -> u16 {
        self.index_detach(instance, keep_last_choice);
        if self.instances[instance.idx()].status != InstanceStatus::Active {
            let name = self.instances[instance.idx()].name.clone();
            self.invariant_violations
                .push(format!("placement on non-ACTIVE {name} at {}", self.now));
        }
        let td = &self.task_definitions[td.idx()];
        let (cpu, mem) = (td.cpu_units, td.memory_mib);
        let ci = &mut self.instances[instance.idx()];
        if ci.tasks.is_empty() {
            self.totals.instances_empty -= 1;
        }
        ci.reserve(id, cpu, mem, &td.static_host_ports, td.uses_eni());
        ci.tie_key = self.rng.random::<u32>();
        let az = ci.az;
        self.index_pending = Some(instance);
        self.totals.reserved_cpu += cpu as u64;
        self.totals.reserved_memory += mem as u64;
        let svc = &mut self.services[s.idx()];
        if svc.counts_per_instance {
            *svc.tasks_per_instance.entry(instance).or_insert(0) += 1;
        }
        az
    }

    fn create_task(&mut self, s: ServiceId, d: DeploymentId, placement: Placement) -> TaskId {
        let id = TaskId(self.tasks.len() as u32);
        let td_id = self.deployments[d.idx()].task_definition;
        if let Some(instance) = placement.instance {
            let td = &self.task_definitions[td_id.idx()];
            let keep = self
                .last_choice
                .is_some_and(|lc| lc.kept_by(instance, td.cpu_units, td.memory_mib));
            self.reserve_on(s, id, instance, td_id, keep);
        }
        let td = &self.task_definitions[td_id.idx()];
        let (cpu, mem, eni) = (td.cpu_units, td.memory_mib, td.uses_eni());
        if let Some(p) = placement.provider {
            self.totals.fargate_cpu[p.idx()] += cpu as u64;
            self.totals.fargate_memory[p.idx()] += mem as u64;
        }
        if let Some(sn) = placement.subnet {
            let subnet = &mut self.subnets[sn as usize];
            subnet.in_use += 1;
            subnet.peak_in_use = subnet.peak_in_use.max(subnet.in_use);
        }
        if eni {
            self.totals.enis_in_use += 1;
        }
        let svc = &mut self.services[s.idx()];
        let daemon = svc.config.scheduling_strategy == SchedulingStrategy::Daemon;
        self.tasks.push(Task {
            service: s,
            deployment: d,
            task_definition: td_id,
            container_instance: placement.instance,
            capacity_provider: placement.provider,
            subnet: placement.subnet,
            holds_eni: eni,
            awaiting_capacity: placement.awaiting_capacity,
            az: placement.az,
            last_status: TaskStatus::Provisioning,
            desired_stopped: false,
            healthy: false,
            daemon,
            stop_reason: None,
            service_slot: svc.tasks.len() as u32,
        });
        self.task_times.push(TaskTimes::created(self.now));
        svc.tasks.push(id);
        if placement.awaiting_capacity.is_none() {
            svc.tasks_per_az[placement.az as usize] += 1;
        } else {
            self.provisioning.push(id);
        }
        svc.stats.tasks_launched += 1;
        svc.stats.peak_task_count = svc.stats.peak_task_count.max(svc.tasks.len() as u32);
        self.deployments[d.idx()].launched += 1;
        self.count(d, Phase::Starting, 1);
        if self.config.record_task_events {
            self.records.push(Record::TaskStateChange {
                at: self.now,
                task: id,
                last_status: TaskStatus::Provisioning,
                desired_stopped: false,
            });
        }
        id
    }

    /// Puts a task straight into RUNNING and healthy at t = 0 (a steady cluster before the
    /// scenario starts). Launch-rate limits do not apply: these tasks were launched before.
    pub(crate) fn place_steady_tasks(&mut self, s: ServiceId, d: DeploymentId) {
        let td = self.deployments[d.idx()].task_definition;
        for _ in 0..self.services[s.idx()].desired_count {
            let Ok(placement) = self.find_placement(s, td, false) else {
                break;
            };
            if placement.awaiting_capacity.is_some() {
                // No room at t = 0: the scheduler launches it normally and it waits for capacity.
                break;
            }
            let id = self.create_task(s, d, placement);
            self.transition(id, |t| {
                t.last_status = TaskStatus::Running;
                t.healthy = true;
            });
            self.task_times[id.idx()].set_pull_started_at(0);
            self.deployments[d.idx()].any_running = true;
            self.schedule_spot_task_interruption(id);
        }
        let svc = &mut self.services[s.idx()];
        if svc.tasks.len() as u32 >= svc.desired_count {
            svc.reached_steady = true;
            svc.stats.min_healthy_count = Some(svc.desired_count);
        }
    }

    fn schedule_pull(&mut self, id: TaskId) {
        self.task_times[id.idx()].set_pull_started_at(self.now);
        let td = &self.task_definitions[self.tasks[id.idx()].task_definition.idx()];
        let delay = td.behavior.pull.sample(&mut self.rng);
        self.push(
            self.now + delay,
            Event::TaskAdvance(id, TaskStatus::Pending),
        );
    }

    /// The task leaves `from`; stale when it already has.
    pub(crate) fn task_advance(&mut self, id: TaskId, from: TaskStatus) {
        if self.tasks[id.idx()].last_status != from {
            return;
        }
        let td_id = self.tasks[id.idx()].task_definition;
        match from {
            TaskStatus::Provisioning => {
                self.transition(id, |t| t.last_status = TaskStatus::Pending);
                self.schedule_pull(id);
            }
            TaskStatus::Pending => {
                let p = self.task_definitions[td_id.idx()]
                    .behavior
                    .start_failure_probability;
                if p > 0.0 && self.rng.random::<f64>() < p {
                    self.start_failed(id);
                } else {
                    self.task_started(id);
                }
            }
            TaskStatus::Deactivating => {
                self.transition(id, |t| t.last_status = TaskStatus::Stopping);
                self.schedule_exit(id);
            }
            TaskStatus::Stopping => {
                let td = &self.task_definitions[td_id.idx()];
                if td.uses_eni() {
                    let delay = td.behavior.deprovisioning.sample(&mut self.rng);
                    self.transition(id, |t| t.last_status = TaskStatus::Deprovisioning);
                    self.push(
                        self.now + delay,
                        Event::TaskAdvance(id, TaskStatus::Deprovisioning),
                    );
                } else {
                    self.finish_stop(id);
                }
            }
            TaskStatus::Deprovisioning => self.finish_stop(id),
            TaskStatus::Activating | TaskStatus::Running | TaskStatus::Stopped => {}
        }
    }

    /// PENDING → (ACTIVATING) → RUNNING; schedules the health verdict (§1.2).
    fn task_started(&mut self, id: TaskId) {
        let s = self.tasks[id.idx()].service;
        let lb = self.services[s.idx()].config.load_balancer;
        if lb.is_some() {
            // Target registration happens in ACTIVATING; the model gives it no duration.
            self.transition(id, |t| t.last_status = TaskStatus::Activating);
        }
        self.transition(id, |t| t.last_status = TaskStatus::Running);
        let now = self.now;
        let d = self.tasks[id.idx()].deployment;
        self.deployments[d.idx()].any_running = true;
        self.schedule_spot_task_interruption(id);
        // Only tasks that never reach RUNNING feed the throttle (§1.4).
        self.services[s.idx()].consecutive_start_failures = 0;
        let td = &self.task_definitions[self.tasks[id.idx()].task_definition.idx()];
        let ready = td.behavior.ready.sample(&mut self.rng);
        let p = td.behavior.health_check_failure_probability;
        let fails = p > 0.0 && self.rng.random::<f64>() < p;
        let svc = &self.services[s.idx()].config;
        let v = verdict(
            ready,
            fails,
            td.health_check.as_ref(),
            svc.load_balancer.as_ref(),
            svc.health_check_grace_ms,
            self.config.params.healthy_after_running_ms,
        );
        match v {
            HealthVerdict::HealthyAfter(t) => self.push(now + t, Event::TaskHealthy(id)),
            HealthVerdict::UnhealthyAfter(t) => self.push(now + t, Event::TaskUnhealthy(id)),
            HealthVerdict::Never => {}
        }
    }

    pub(crate) fn task_healthy(&mut self, id: TaskId) {
        let t = &self.tasks[id.idx()];
        if !t.is_running() || t.healthy {
            return;
        }
        self.transition(id, |t| t.healthy = true);
        let s = self.tasks[id.idx()].service;
        let d = self.tasks[id.idx()].deployment;
        if let Some(cb) = self.services[s.idx()]
            .config
            .deployment_configuration
            .circuit_breaker
            && cb.reset_on_healthy_task
        {
            self.deployments[d.idx()].failed_tasks = 0;
        }
        let svc = &mut self.services[s.idx()];
        if !svc.reached_steady && self.deployments[d.idx()].counts.healthy >= svc.desired_count {
            svc.reached_steady = true;
        }
        self.request_reconcile(s);
    }

    pub(crate) fn task_unhealthy(&mut self, id: TaskId) {
        let t = &self.tasks[id.idx()];
        if !t.is_running() || t.healthy {
            return;
        }
        let (s, d) = (t.service, t.deployment);
        let name = self.services[s.idx()].config.name.clone();
        self.service_event(
            s,
            format!(
                "(service {name}) (task {}) failed container health checks or ELB health checks.",
                id.0 + 1
            ),
        );
        self.stop_task(id, StopReason::Unhealthy);
        if self.deployments[d.idx()].any_running {
            self.count_circuit_breaker_failure(d);
        }
        self.request_reconcile(s);
    }

    /// The task stopped in PENDING: counts for the circuit breaker and the throttle (§1.4, §1.6).
    fn start_failed(&mut self, id: TaskId) {
        let (s, d) = (
            self.tasks[id.idx()].service,
            self.tasks[id.idx()].deployment,
        );
        self.mark_desired_stopped(id, StopReason::StartFailure);
        self.finish_stop(id);
        let params = &self.config.params;
        let svc = &mut self.services[s.idx()];
        svc.stats.start_failures += 1;
        svc.consecutive_start_failures += 1;
        let n = svc.consecutive_start_failures.min(32);
        let delay = (params.throttle_base_ms << (n - 1)).min(params.throttle_max_ms);
        svc.throttled_until = self.now + delay;
        if n >= 2 {
            self.dedup_event(s, crate::service::EventCause::Throttled, |sim| {
                let name = &sim.services[s.idx()].config.name;
                format!("(service {name}) is unable to consistently start tasks successfully.")
            });
        }
        self.count_circuit_breaker_failure(d);
    }

    pub(crate) fn count_circuit_breaker_failure(&mut self, d: DeploymentId) {
        let dep = &mut self.deployments[d.idx()];
        dep.failed_tasks += 1;
        if let Some(threshold) = dep.circuit_breaker_threshold
            && dep.failed_tasks >= threshold
            && dep.rollout_state == RolloutState::InProgress
            && dep.status == DeploymentStatus::Primary
        {
            self.fail_deployment(d);
        }
    }

    /// Stops a task: desiredStatus STOPPED, then DEACTIVATING (with a load balancer, for the
    /// deregistration delay, §1.3 / §8.3), STOPPING (SIGTERM; SIGKILL at stopTimeout),
    /// DEPROVISIONING (awsvpc) and STOPPED.
    pub(crate) fn stop_task(&mut self, id: TaskId, reason: StopReason) {
        let status = self.tasks[id.idx()].last_status;
        self.mark_desired_stopped(id, reason);
        let s = self.tasks[id.idx()].service;
        if status < TaskStatus::Running {
            // Not started yet: its containers are simply not started.
            self.transition(id, |t| t.last_status = TaskStatus::Stopping);
            self.push(self.now, Event::TaskAdvance(id, TaskStatus::Stopping));
        } else if let Some(lb) = self.services[s.idx()].config.load_balancer {
            self.transition(id, |t| t.last_status = TaskStatus::Deactivating);
            self.push(
                self.now + lb.deregistration_delay_ms,
                Event::TaskAdvance(id, TaskStatus::Deactivating),
            );
        } else {
            self.transition(id, |t| t.last_status = TaskStatus::Stopping);
            self.schedule_exit(id);
        }
    }

    /// SIGTERM sent: the container exits on its own or is killed at stopTimeout.
    fn schedule_exit(&mut self, id: TaskId) {
        let td = &self.task_definitions[self.tasks[id.idx()].task_definition.idx()];
        let exit = td
            .behavior
            .sigterm_exit
            .sample(&mut self.rng)
            .min(td.stop_timeout_ms);
        self.push(
            self.now + exit,
            Event::TaskAdvance(id, TaskStatus::Stopping),
        );
    }

    pub(crate) fn transition_to_stopping(&mut self, id: TaskId) {
        self.transition(id, |t| t.last_status = TaskStatus::Stopping);
    }

    pub(crate) fn mark_desired_stopped(&mut self, id: TaskId, reason: StopReason) {
        let now = self.now;
        let t = &self.tasks[id.idx()];
        if !t.desired_stopped
            && t.last_status < TaskStatus::Stopped
            && let Some(ci) = t.container_instance
        {
            let td = &self.task_definitions[t.task_definition.idx()];
            let stopping = &mut self.instances[ci.idx()].stopping;
            stopping.0 += td.cpu_units;
            stopping.1 += td.memory_mib;
        }
        self.transition(id, |t| {
            t.desired_stopped = true;
            t.healthy = false;
            t.stop_reason = Some(reason);
        });
        self.task_times[id.idx()].set_stopping_at(now);
        let t = &self.tasks[id.idx()];
        let (s, instance, az) = (t.service, t.container_instance, t.az as usize);
        if t.awaiting_capacity.is_none() {
            self.services[s.idx()].tasks_per_az[az] -= 1;
        }
        if let Some(ci) = instance {
            let svc = &mut self.services[s.idx()];
            if let Some(n) = svc.tasks_per_instance.get_mut(&ci) {
                *n -= 1;
                if *n == 0 {
                    svc.tasks_per_instance.remove(&ci);
                    // `distinctInstance` (§2.3) may now let this instance take a task.
                    self.last_choice = None;
                }
            }
        }
        self.note_healthy_floor(s);
    }

    /// Tracks the fewest healthy tasks seen since the service was first steady.
    fn note_healthy_floor(&mut self, s: ServiceId) {
        if !self.services[s.idx()].reached_steady {
            return;
        }
        let h = self.healthy_count(s);
        let stats = &mut self.services[s.idx()].stats;
        stats.min_healthy_count = Some(stats.min_healthy_count.map_or(h, |m| m.min(h)));
    }

    /// STOPPED: releases the task's resources and tells whoever waits for them.
    fn finish_stop(&mut self, id: TaskId) {
        let now = self.now;
        self.transition(id, |t| t.last_status = TaskStatus::Stopped);
        self.task_times[id.idx()].set_stopped_at(now);
        let t = &self.tasks[id.idx()];
        let (s, d, slot, instance) = (
            t.service,
            t.deployment,
            t.service_slot as usize,
            t.container_instance,
        );
        let (provider, subnet, holds_eni) = (t.capacity_provider, t.subnet, t.holds_eni);
        let desired_stopped = t.desired_stopped;
        let td_id = t.task_definition;
        let td = &self.task_definitions[td_id.idx()];
        if let Some(p) = provider {
            self.totals.fargate_cpu[p.idx()] -= td.cpu_units as u64;
            self.totals.fargate_memory[p.idx()] -= td.memory_mib as u64;
        }
        if let Some(sn) = subnet {
            self.subnets[sn as usize].in_use -= 1;
        }
        if holds_eni {
            self.totals.enis_in_use -= 1;
        }
        let svc = &mut self.services[s.idx()];
        svc.tasks.swap_remove(slot);
        if let Some(&moved) = svc.tasks.get(slot) {
            self.tasks[moved.idx()].service_slot = slot as u32;
        }
        if let Some(ci) = instance {
            self.index_detach(ci, false);
            let td = &self.task_definitions[td_id.idx()];
            let inst = &mut self.instances[ci.idx()];
            if desired_stopped {
                inst.stopping.0 -= td.cpu_units;
                inst.stopping.1 -= td.memory_mib;
            }
            inst.release(
                id,
                td.cpu_units,
                td.memory_mib,
                &td.static_host_ports,
                td.uses_eni(),
            );
            inst.tie_key = self.rng.random::<u32>();
            if inst.tasks.is_empty() {
                self.totals.instances_empty += 1;
            }
            self.totals.reserved_cpu -= td.cpu_units as u64;
            self.totals.reserved_memory -= td.memory_mib as u64;
            self.index_pending = Some(ci);
            if self.instances[ci.idx()].status == InstanceStatus::Draining {
                self.stop_daemons_if_alone(ci);
                self.terminate_if_drained(ci);
            }
        }
        let dep = &self.deployments[d.idx()];
        if dep.status == DeploymentStatus::Active && dep.counts.wanted() + dep.counts.stopping == 0
        {
            self.deployments[d.idx()].status = DeploymentStatus::Inactive;
            self.record_deployment(d);
        }
        self.request_reconcile(s);
        self.notify_capacity();
    }

    /// The task dies with its instance: STOPPED at once.
    pub(crate) fn kill_task(&mut self, id: TaskId) {
        if self.tasks[id.idx()].last_status == TaskStatus::Stopped {
            return;
        }
        if !self.tasks[id.idx()].desired_stopped {
            self.mark_desired_stopped(id, StopReason::InstanceTerminated);
        }
        self.finish_stop(id);
    }

    /// Daemon tasks on a DRAINING instance stop last: once no other task is left (§3.2).
    pub(crate) fn stop_daemons_if_alone(&mut self, ci: InstanceId) {
        let tasks = &self.instances[ci.idx()].tasks;
        if tasks.iter().any(|t| !self.tasks[t.idx()].daemon) {
            return;
        }
        let daemons: Vec<TaskId> = tasks
            .iter()
            .copied()
            .filter(|t| !self.tasks[t.idx()].desired_stopped)
            .collect();
        for t in daemons {
            self.stop_task(t, StopReason::InstanceDraining);
        }
    }
}
