//! The service scheduler (§1): one pass launches PRIMARY tasks up to the maximumPercent ceiling
//! and stops surplus tasks (older deployments, tasks on DRAINING instances, tasks beyond
//! desiredCount) down to the minimumHealthyPercent floor.

use rand::RngExt;

use crate::container_instance::InstanceStatus;
use crate::deployment::{DeploymentStatus, RolloutState, Stall, ceil_percent, floor_percent};
use crate::diagnosis::configuration_stall;
use crate::fargate::{Blocked, LaunchBlock};
use crate::ids::{DeploymentId, ServiceId, TaskId};
use crate::key_buffers::with_key_buffers;
use crate::placement::{Placement, Unplaced};
use crate::service::{EventCause, PlacementStrategy, SchedulingStrategy, SpreadField};
use crate::simulation::Simulation;
use crate::task::StopReason;

/// What one pass did.
#[derive(Debug)]
struct Pass {
    launched: Vec<TaskId>,
    stopped: Vec<TaskId>,
    blocked: Option<Blocked>,
    waiting: u32,
    throttled: bool,
}

impl Simulation {
    /// An empty task list from the scratch pool.
    fn scratch_list(&mut self) -> Vec<TaskId> {
        self.scratch.pop().unwrap_or_default()
    }

    /// Returns a task list to the scratch pool.
    fn return_list(&mut self, mut list: Vec<TaskId>) {
        list.clear();
        self.scratch.push(list);
    }

    fn new_pass(&mut self) -> Pass {
        Pass {
            launched: self.scratch_list(),
            stopped: self.scratch_list(),
            blocked: None,
            waiting: 0,
            throttled: false,
        }
    }

    /// One scheduler pass for a service.
    pub(crate) fn reconcile(&mut self, s: ServiceId) {
        if self.services[s.idx()].config.scheduling_strategy == SchedulingStrategy::Daemon {
            self.reconcile_daemon(s);
            return;
        }
        let primary = self.services[s.idx()].primary();
        let failed = self.deployments[primary.idx()].rollout_state == RolloutState::Failed;
        let mut pass = self.new_pass();
        // Launch, stop, and launch again when stopping tasks do not count toward the ceiling.
        for round in 0..2 {
            if !failed {
                self.launch_round(s, primary, &mut pass);
            }
            let before = pass.stopped.len();
            if !failed {
                self.stop_round(s, primary, &mut pass);
            }
            if round == 1
                || pass.stopped.len() == before
                || self.config.params.count_stopping_toward_maximum
            {
                break;
            }
        }
        self.after_pass(s, primary, pass);
    }

    /// Tasks of the PRIMARY deployment that are wanted and not on a DRAINING instance.
    fn keep_count(&self, s: ServiceId, primary: DeploymentId) -> u32 {
        if self.n_draining == 0 {
            return self.deployments[primary.idx()].counts.wanted();
        }
        self.services[s.idx()]
            .tasks
            .iter()
            .filter(|t| {
                let task = &self.tasks[t.idx()];
                task.deployment == primary
                    && !task.desired_stopped
                    && !self.on_draining_instance(**t)
            })
            .count() as u32
    }

    fn on_draining_instance(&self, t: TaskId) -> bool {
        // Without DRAINING instances, no instance need be read (a cache miss per task at scale).
        self.n_draining > 0
            && self.tasks[t.idx()]
                .container_instance
                .is_some_and(|ci| self.instances[ci.idx()].status == InstanceStatus::Draining)
    }

    /// Tasks that count toward maximumPercent: RUNNING and PENDING, plus stopping ones unless
    /// the §8.2 switch says otherwise.
    fn counted(&self, s: ServiceId) -> u32 {
        let c = self.live_counts(s);
        c.wanted()
            + if self.config.params.count_stopping_toward_maximum {
                c.stopping
            } else {
                0
            }
    }

    fn bounds(&self, s: ServiceId) -> (u32, u32, u32) {
        let svc = &self.services[s.idx()];
        let dc = svc.config.deployment_configuration;
        // §1.1: maximum rounded down, minimum rounded up.
        (
            svc.desired_count,
            floor_percent(svc.desired_count, dc.maximum_percent),
            ceil_percent(svc.desired_count, dc.minimum_healthy_percent),
        )
    }

    fn launch_round(&mut self, s: ServiceId, primary: DeploymentId, pass: &mut Pass) {
        let (desired, max_tasks, _) = self.bounds(s);
        let keep = self.keep_count(s, primary);
        if keep >= desired {
            return;
        }
        let counted = self.counted(s);
        let n = (desired - keep).min(max_tasks.saturating_sub(counted));
        if n == 0 {
            return;
        }
        let until = self.services[s.idx()].throttled_until;
        if self.now < until {
            pass.throttled = true;
            self.request_reconcile_at(s, until);
            return;
        }
        let td = self.deployments[primary.idx()].task_definition;
        for i in 0..n {
            match self.find_placement(s, td, true) {
                Ok(placement) => {
                    if self.counted(s) >= max_tasks {
                        self.bound_violations += 1;
                    }
                    let t = self.launch_task(s, primary, placement);
                    pass.launched.push(t);
                }
                Err(b) => {
                    pass.blocked = Some(b);
                    pass.waiting = n - i;
                    break;
                }
            }
        }
    }

    fn stop_round(&mut self, s: ServiceId, primary: DeploymentId, pass: &mut Pass) {
        let (desired, _, min_healthy) = self.bounds(s);
        // Candidates: tasks of older deployments and PRIMARY tasks on DRAINING instances.
        let mut replace = self.scratch_list();
        let mut keep = self.scratch_list();
        for &t in &self.services[s.idx()].tasks {
            let task = &self.tasks[t.idx()];
            if task.desired_stopped {
                continue;
            }
            if task.deployment != primary || self.on_draining_instance(t) {
                replace.push(t);
            } else {
                keep.push(t);
            }
        }
        // Unhealthy ones first: stopping them costs no healthy task (§8.6).
        let mut i = 0;
        while i < replace.len() {
            let t = replace[i];
            if !self.tasks[t.idx()].healthy {
                let reason = if self.on_draining_instance(t) {
                    StopReason::InstanceDraining
                } else {
                    StopReason::ScalingActivity
                };
                self.stop_task(t, reason);
                pass.stopped.push(t);
                replace.swap_remove(i);
            } else {
                i += 1;
            }
        }
        // Healthy ones while the floor allows.
        while !replace.is_empty() && self.healthy_count(s) > min_healthy {
            let i = self.select_victim(s, &replace);
            let t = replace.swap_remove(i);
            let reason = if self.on_draining_instance(t) {
                StopReason::InstanceDraining
            } else {
                StopReason::ScalingActivity
            };
            self.stop_task(t, reason);
            pass.stopped.push(t);
            if self.healthy_count(s) < min_healthy {
                self.bound_violations += 1;
            }
        }
        // Scale-in: PRIMARY tasks beyond desiredCount (§3.1), not-yet-healthy ones first.
        let mut surplus = (keep.len() as u32).saturating_sub(desired);
        while surplus > 0 {
            let (unhealthy, healthy): (Vec<TaskId>, Vec<TaskId>) =
                keep.iter().partition(|t| !self.tasks[t.idx()].healthy);
            let pool = if !unhealthy.is_empty() {
                unhealthy
            } else if self.healthy_count(s) > min_healthy {
                healthy
            } else {
                break;
            };
            let victim = pool[self.select_victim(s, &pool)];
            let i = keep
                .iter()
                .position(|&t| t == victim)
                .expect("victim comes from keep");
            let t = keep.swap_remove(i);
            self.stop_task(t, StopReason::ScalingActivity);
            pass.stopped.push(t);
            surplus -= 1;
        }
        self.return_list(replace);
        self.return_list(keep);
    }

    /// Which task to stop (§3.1, §8.6): the placement strategy's scale-in rule; without one,
    /// the zone with the most tasks of the service, then the instance with the most; random
    /// among equals.
    fn select_victim(&mut self, s: ServiceId, candidates: &[TaskId]) -> usize {
        let strategies = std::mem::take(&mut self.services[s.idx()].strategies);
        // Keys compare as slices, exactly like the vectors they replace.
        let chosen = with_key_buffers(strategies.len().max(1), |best_key, key| {
            let mut best: Option<(usize, usize)> = None; // (key length, candidate)
            let mut ties = 0u32;
            for (i, &t) in candidates.iter().enumerate() {
                let n = self.victim_key(s, t, &strategies, key);
                // One lexicographic comparison (slice equality of u64s would call memcmp).
                let order = best.map(|(m, _)| key[..n].cmp(&best_key[..m]));
                match (best, order) {
                    (_, Some(std::cmp::Ordering::Less)) => {}
                    (Some((m, _)), Some(std::cmp::Ordering::Equal)) => {
                        ties += 1;
                        if self.rng.random_range(0..ties + 1) == 0 {
                            best = Some((m, i));
                        }
                    }
                    _ => {
                        best_key[..n].copy_from_slice(&key[..n]);
                        best = Some((n, i));
                        ties = 0;
                    }
                }
            }
            best.map_or(0, |(_, i)| i)
        });
        self.services[s.idx()].strategies = strategies;
        chosen
    }

    /// Writes the key of `t` into `key` (one value per strategy) and returns its length.
    /// Larger is stopped first.
    fn victim_key(
        &self,
        s: ServiceId,
        t: TaskId,
        strategies: &[PlacementStrategy],
        key: &mut [u64],
    ) -> usize {
        let task = &self.tasks[t.idx()];
        let Some(ci) = task.container_instance else {
            key[0] = 0;
            return 1;
        };
        let inst = &self.instances[ci.idx()];
        let td = &self.task_definitions[task.task_definition.idx()];
        let svc = &self.services[s.idx()];
        for (k, st) in key.iter_mut().zip(strategies) {
            *k = match st {
                // Binpack scale-in: the instance left with the most of the resource (§2.2, GT-15),
                // counting what the tasks already told to stop will free.
                PlacementStrategy::BinpackMemory => {
                    (inst.remaining_memory + inst.stopping.1 + td.memory_mib) as u64
                }
                PlacementStrategy::BinpackCpu => {
                    (inst.remaining_cpu + inst.stopping.0 + td.cpu_units) as u64
                }
                PlacementStrategy::Spread(SpreadField::AvailabilityZone) => {
                    svc.tasks_per_az[inst.az as usize] as u64
                }
                PlacementStrategy::Spread(SpreadField::InstanceId) => {
                    *svc.tasks_per_instance.get(&ci).unwrap_or(&0) as u64
                }
                PlacementStrategy::Spread(SpreadField::Attribute(a)) => {
                    self.tasks_with_attribute(s, a, inst)
                }
                // A heuristic has no scale-in rule of its own: its tasks stop in random order
                // unless another strategy orders them (docs/model.md, "Placement heuristics").
                PlacementStrategy::Random | PlacementStrategy::Heuristic(_) => 0,
            };
        }
        strategies.len()
    }

    fn after_pass(&mut self, s: ServiceId, primary: DeploymentId, pass: Pass) {
        let moved = !pass.launched.is_empty() || !pass.stopped.is_empty();
        if moved {
            self.deployments[primary.idx()].stall = None;
            if pass.blocked.is_none() {
                // Progress and nothing left blocked: the cause of any suppressed duplicate is
                // resolved (§1.4). A pass that still cannot place everything keeps it suppressed.
                self.services[s.idx()].suppressed_events.clear();
            }
        }
        if !pass.launched.is_empty() {
            let msg = tasks_message(
                &self.services[s.idx()].config.name,
                "has started",
                "tasks",
                &pass.launched,
            );
            self.service_event(s, msg);
        }
        if !pass.stopped.is_empty() {
            let msg = tasks_message(
                &self.services[s.idx()].config.name,
                "has stopped",
                "running tasks",
                &pass.stopped,
            );
            self.service_event(s, msg);
        }
        if let Some(Blocked::Launch(b)) = &pass.blocked {
            self.launch_blocked(s, primary, b, pass.waiting);
        } else if let Some(Blocked::Placement(u)) = &pass.blocked {
            self.dedup_event(s, EventCause::Unplaced(u.misfit), |sim| {
                let reason = match u.closest {
                    Some(ci) => format!(
                        " The closest matching (container-instance {}) {}.",
                        sim.instances[ci.idx()].name,
                        u.misfit.phrase()
                    ),
                    None => String::new(),
                };
                let name = &sim.services[s.idx()].config.name;
                format!("(service {name}) was unable to place a task because no container instance met all of its requirements.{reason}")
            });
            let td = self.deployments[primary.idx()].task_definition;
            self.retry_blocked(s, primary, |sim| sim.capacity_stall(s, td, u, pass.waiting));
        } else if !moved && !pass.throttled {
            self.detect_configuration_stall(s, primary);
        }
        self.check_completion(s, primary);
        self.return_list(pass.launched);
        self.return_list(pass.stopped);
    }

    /// A Fargate or network limit stopped the launches: an ECS-style event, a stall diagnosis
    /// unless it is only a rate limit, and a retry when it can succeed.
    fn launch_blocked(
        &mut self,
        s: ServiceId,
        primary: DeploymentId,
        b: &LaunchBlock,
        waiting: u32,
    ) {
        let key = match b {
            LaunchBlock::ServiceRate { .. } | LaunchBlock::AccountRate { .. } => "api throttle",
            LaunchBlock::VcpuQuota { .. } => "vcpu quota",
            LaunchBlock::SpotCapacity => "spot capacity",
            LaunchBlock::EniQuota { .. } => "eni quota",
            LaunchBlock::SubnetsFull { .. } => "subnets full",
        };
        // The message is built only when it is sent (§1.4: repeats are suppressed).
        self.dedup_event(s, EventCause::LaunchBlocked(key), |sim| {
            let name = &sim.services[s.idx()].config.name;
            match b {
                LaunchBlock::ServiceRate { .. } | LaunchBlock::AccountRate { .. } => format!(
                    "(service {name}) operations are being throttled. Will try again later."
                ),
                LaunchBlock::VcpuQuota { .. } => format!(
                    "(service {name}) was unable to place a task. Reason: You've reached the limit on the number of vCPUs you can run concurrently."
                ),
                LaunchBlock::SpotCapacity => format!(
                    "(service {name}) was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone."
                ),
                LaunchBlock::EniQuota { .. } => format!(
                    "(service {name}) was unable to place a task. Reason: You've reached the limit on the number of network interfaces in this Region."
                ),
                LaunchBlock::SubnetsFull { subnets } => format!(
                    "(service {name}) was unable to place a task. Reason: The subnets {} do not have enough free IP addresses.",
                    subnets
                        .iter()
                        .map(|&i| sim.subnets[i as usize].id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        });
        match b {
            LaunchBlock::ServiceRate { retry_at } | LaunchBlock::AccountRate { retry_at } => {
                self.request_reconcile_at(s, *retry_at);
            }
            _ => self.retry_blocked(s, primary, |sim| sim.launch_stall(b, waiting)),
        }
    }

    /// The pass could not launch what it needed: count the attempt, keep the first diagnosis,
    /// and retry when capacity frees or after the reconcile period (§1.4, §8.1).
    fn retry_blocked(
        &mut self,
        s: ServiceId,
        primary: DeploymentId,
        diagnose: impl FnOnce(&Self) -> (String, String),
    ) {
        self.services[s.idx()].stats.unplaced_attempts += 1;
        // §8.5: whether a task that could not be placed at all counts as a failure is
        // undocumented; the parameter says (default: it does not).
        if self.config.params.unplaced_counts_toward_circuit_breaker {
            self.count_circuit_breaker_failure(primary);
        }
        if self.deployments[primary.idx()].stall.is_none() {
            let (reason, hint) = diagnose(self);
            self.deployments[primary.idx()].stall = Some(Stall {
                reason,
                hint,
                since: self.now,
            });
        }
        self.wait_for_capacity(s);
        let at = self.now + self.config.params.scheduler_reconcile_ms;
        self.request_reconcile_at(s, at);
    }

    /// GT-05: the bounds allow neither a start nor a stop and nothing is in flight.
    fn detect_configuration_stall(&mut self, s: ServiceId, primary: DeploymentId) {
        if self.deployments[primary.idx()].rollout_state == RolloutState::Failed {
            return;
        }
        let (desired, _, _) = self.bounds(s);
        let keep = self.keep_count(s, primary);
        let c = self.live_counts(s);
        let others_live = self.services[s.idx()]
            .deployments
            .iter()
            .any(|&d| d != primary && self.deployments[d.idx()].counts.wanted() > 0);
        let in_flight = c.starting > 0 || c.stopping > 0 || c.running > c.healthy;
        if in_flight
            || (keep >= desired && !others_live && self.n_draining == 0)
            || (keep == desired && !others_live)
        {
            return;
        }
        self.dedup_event(s, EventCause::ConfigurationStall, |sim| {
            let name = &sim.services[s.idx()].config.name;
            format!(
                "(service {name}) was unable to stop or start tasks during a deployment because of the service deployment \
                 configuration. Update the minimumHealthyPercent or maximumPercent value and try again."
            )
        });
        if self.deployments[primary.idx()].stall.is_none() {
            let dc = self.services[s.idx()].config.deployment_configuration;
            let (reason, hint) = configuration_stall(
                desired,
                dc.maximum_percent,
                dc.minimum_healthy_percent,
                self.counted(s),
                c.healthy,
            );
            self.deployments[primary.idx()].stall = Some(Stall {
                reason,
                hint,
                since: self.now,
            });
        }
    }

    /// COMPLETED once the PRIMARY deployment runs desiredCount healthy tasks and nothing else
    /// is left.
    fn check_completion(&mut self, s: ServiceId, primary: DeploymentId) {
        let dep = &self.deployments[primary.idx()];
        if dep.rollout_state != RolloutState::InProgress {
            return;
        }
        let desired = self.services[s.idx()].desired_count;
        let c = dep.counts;
        if c.healthy < desired
            || c.wanted() != desired
            || c.stopping > 0
            || self.keep_count(s, primary) != desired
        {
            return;
        }
        let others_busy = self.services[s.idx()].deployments.iter().any(|&d| {
            d != primary && {
                let x = self.deployments[d.idx()].counts;
                x.wanted() + x.stopping > 0
            }
        });
        if others_busy {
            return;
        }
        let dep = &mut self.deployments[primary.idx()];
        dep.rollout_state = RolloutState::Completed;
        dep.completed_at = Some(self.now);
        dep.stall = None;
        let label = dep.label.clone();
        self.record_deployment(primary);
        for d in self.services[s.idx()].deployments.clone() {
            if d != primary && self.deployments[d.idx()].status == DeploymentStatus::Active {
                self.deployments[d.idx()].status = DeploymentStatus::Inactive;
                self.record_deployment(d);
            }
        }
        let name = self.services[s.idx()].config.name.clone();
        self.service_event(
            s,
            format!("(service {name}) (deployment {label}) deployment completed."),
        );
        self.service_event(s, format!("(service {name}) has reached a steady state."));
    }

    /// Circuit breaker tripped (§1.6): FAILED, no more launches, optional rollback to the last
    /// COMPLETED deployment.
    pub(crate) fn fail_deployment(&mut self, d: DeploymentId) {
        let dep = &mut self.deployments[d.idx()];
        dep.rollout_state = RolloutState::Failed;
        dep.completed_at = Some(self.now);
        dep.failure_reason = Some(format!(
            "circuit breaker: {} tasks failed",
            dep.failed_tasks
        ));
        let (s, label, rollback) = (dep.service, dep.label.clone(), dep.rollback);
        self.record_deployment(d);
        let name = self.services[s.idx()].config.name.clone();
        self.service_event(
            s,
            format!(
                "(service {name}) (deployment {label}) deployment failed: tasks failed to start."
            ),
        );
        if rollback {
            let last_good = self.services[s.idx()]
                .deployments
                .iter()
                .rev()
                .find(|&&x| self.deployments[x.idx()].rollout_state == RolloutState::Completed)
                .copied();
            if let Some(good) = last_good {
                let td = self.deployments[good.idx()].task_definition;
                let new = self.create_deployment(s, td, false);
                let new_label = self.deployments[new.idx()].label.clone();
                let good_label = self.deployments[good.idx()].label.clone();
                self.service_event(
                    s,
                    format!("(service {name}) (deployment {label}) deployment failed: rolling back to {good_label} as {new_label}."),
                );
            }
        }
        self.request_reconcile(s);
    }

    /// Emits a service event unless one with the same cause (`key`) was sent within the
    /// suppression period and the cause has not been resolved since (§1.4). The key leaves out
    /// details such as the closest instance, which can change from one attempt to the next.
    /// The message is only built when it is sent.
    pub(crate) fn dedup_event(
        &mut self,
        s: ServiceId,
        key: EventCause,
        message: impl FnOnce(&Self) -> String,
    ) {
        let window = self.config.params.duplicate_event_suppression_ms;
        let now = self.now;
        let svc = &self.services[s.idx()];
        if let Some(&at) = svc.suppressed_events.get(&key)
            && now < at + window
        {
            return;
        }
        let message = message(self);
        self.services[s.idx()].suppressed_events.insert(key, now);
        self.service_event(s, message);
    }

    /// DAEMON services: one task per ACTIVE container instance that meets the constraints
    /// (§3.2); maximumPercent is 100, so an old-revision task stops before its replacement starts.
    fn reconcile_daemon(&mut self, s: ServiceId) {
        let primary = self.services[s.idx()].primary();
        let td = self.deployments[primary.idx()].task_definition;
        let mut pass = self.new_pass();
        let eligible: Vec<_> = self
            .active_instances
            .iter()
            .copied()
            .filter(|&ci| {
                let svc = &self.services[s.idx()];
                svc.config.placement_constraints.iter().all(|c| match c {
                    crate::placement_constraint::PlacementConstraint::MemberOf(e) => {
                        e.eval(&self.instances[ci.idx()].spec.attributes)
                    }
                    crate::placement_constraint::PlacementConstraint::DistinctInstance => true,
                })
            })
            .collect();
        let desired = eligible.len() as u32;
        self.totals.desired =
            self.totals.desired + desired as u64 - self.services[s.idx()].desired_count as u64;
        self.services[s.idx()].desired_count = desired;
        let min_healthy = ceil_percent(
            desired,
            self.services[s.idx()]
                .config
                .deployment_configuration
                .minimum_healthy_percent,
        );
        for ci in eligible {
            let tasks: Vec<TaskId> = self.instances[ci.idx()]
                .tasks
                .iter()
                .copied()
                .filter(|t| {
                    self.tasks[t.idx()].service == s && !self.tasks[t.idx()].desired_stopped
                })
                .collect();
            if tasks
                .iter()
                .any(|t| self.tasks[t.idx()].deployment == primary)
            {
                continue;
            }
            if let Some(&old) = tasks.first() {
                if !self.tasks[old.idx()].healthy || self.healthy_count(s) > min_healthy {
                    self.stop_task(old, StopReason::ScalingActivity);
                    pass.stopped.push(old);
                }
                continue;
            }
            let busy = self.instances[ci.idx()]
                .tasks
                .iter()
                .any(|t| self.tasks[t.idx()].service == s);
            if busy {
                continue; // the old task is still stopping
            }
            match self.misfit(s, td, ci) {
                None => {
                    let az = self.instances[ci.idx()].az;
                    let placement = Placement {
                        instance: Some(ci),
                        provider: None,
                        subnet: None,
                        az,
                        awaiting_capacity: None,
                    };
                    let t = self.launch_task(s, primary, placement);
                    pass.launched.push(t);
                }
                Some(m) => {
                    pass.blocked = Some(Blocked::Placement(Unplaced {
                        misfit: m,
                        closest: Some(ci),
                    }));
                    pass.waiting += 1;
                }
            }
        }
        self.after_pass(s, primary, pass);
    }
}

/// `(service NAME) VERB N NOUN: (task a) (task b) ….`, the first ten tasks listed. Built
/// with plain pushes: one allocation and no formatting machinery per task, since every pass
/// that moves tasks writes one (docs/performance.md).
fn tasks_message(name: &str, verb: &str, noun: &str, tasks: &[TaskId]) -> String {
    let mut out = String::with_capacity(40 + name.len() + 16 * tasks.len().min(11));
    out.push_str("(service ");
    out.push_str(name);
    out.push_str(") ");
    out.push_str(verb);
    out.push(' ');
    crate::decimal::push(&mut out, tasks.len() as u64, 0);
    out.push(' ');
    out.push_str(noun);
    out.push_str(": ");
    for (i, t) in tasks.iter().take(10).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str("(task ");
        crate::decimal::push(&mut out, t.0 as u64 + 1, 0);
        out.push(')');
    }
    if tasks.len() > 10 {
        out.push_str(" and ");
        crate::decimal::push(&mut out, tasks.len() as u64 - 10, 0);
        out.push_str(" more");
    }
    out.push('.');
    out
}
