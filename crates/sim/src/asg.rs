//! EC2 Auto Scaling groups (§3.3) and their ECS capacity providers (§3.4): scale-out launches,
//! scale-in with termination policies and instance protection, draining before termination,
//! ECS managed scaling on CapacityProviderReservation, and tasks waiting in PROVISIONING.

use std::collections::BTreeMap;
use std::sync::Arc;

use rand::RngExt;

use crate::config::{AutoScalingGroup, TerminationPolicy};
use crate::container_instance::{ContainerInstance, InstanceSpec, InstanceStatus};
use crate::event::Event;
use crate::ids::{InstanceId, ServiceId, TaskId};
use crate::record::Record;
use crate::simulation::Simulation;
use crate::time::{HOUR, MINUTE, SimTime};

/// Live state of an Auto Scaling group.
#[derive(Clone, Debug)]
pub struct AsgState {
    /// Configuration.
    pub config: AutoScalingGroup,
    /// `DesiredCapacity`.
    pub desired: u32,
    /// `MinSize`.
    pub min_size: u32,
    /// `MaxSize`.
    pub max_size: u32,
    /// Launch template version of new instances.
    pub launch_template_version: u32,
    /// Instances launched and not terminated, excluding those being terminated.
    pub instances: Vec<InstanceId>,
    /// Managed scaling: consecutive datapoints above and below target.
    pub above: u32,
    /// See `above`.
    pub below: u32,
    /// Latest CapacityProviderReservation.
    pub reservation: u32,
    /// Instances launched by scale-out.
    pub launched: u32,
    /// Instances terminated by scale-in.
    pub terminated: u32,
    /// Instances terminated while still running tasks.
    pub terminated_with_tasks: u32,
    /// Tasks that died with a terminated instance.
    pub tasks_killed: u32,
    /// When the group last terminated an instance.
    pub last_termination_at: Option<SimTime>,
    /// The spec of the instances it launches in each of its zones (`config.availability_zones`
    /// order), shared by those instances.
    pub zone_specs: Vec<Arc<InstanceSpec>>,
}

/// A scale-in candidate.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    id: InstanceId,
    az: u16,
    version: u32,
    launched_at: SimTime,
}

/// Smaller is terminated first.
fn policy_key(p: TerminationPolicy, c: &Candidate, now: SimTime) -> i64 {
    match p {
        TerminationPolicy::OldestInstance => c.launched_at as i64,
        TerminationPolicy::NewestInstance => -(c.launched_at as i64),
        TerminationPolicy::OldestLaunchTemplate => c.version as i64,
        // Time left until the next full hour since launch (the billing hour in 2017).
        TerminationPolicy::ClosestToNextInstanceHour => {
            ((HOUR - (now - c.launched_at) % HOUR) % HOUR) as i64
        }
        TerminationPolicy::Default => 0,
    }
}

impl Simulation {
    /// Creates the groups' state; their initial instances are in `Config::instances`.
    pub(crate) fn init_auto_scaling(&mut self) {
        for (i, g) in self.config.auto_scaling_groups.iter().enumerate() {
            let instances = (0..self.instances.len())
                .filter(|&k| self.instances[k].asg == Some(i as u16))
                .map(|k| InstanceId(k as u32))
                .collect();
            let zone_specs = g
                .availability_zones
                .iter()
                .map(|zone| {
                    let mut spec = g.template.clone();
                    spec.availability_zone = zone.clone();
                    spec.attributes
                        .insert("ecs.availability-zone".into(), zone.clone());
                    Arc::new(spec)
                })
                .collect();
            self.asgs.push(AsgState {
                zone_specs,
                config: g.clone(),
                desired: g.desired_capacity,
                min_size: g.min_size,
                max_size: g.max_size,
                launch_template_version: g.launch_template_version,
                instances,
                above: 0,
                below: 0,
                reservation: 100,
                launched: 0,
                terminated: 0,
                terminated_with_tasks: 0,
                tasks_killed: 0,
                last_termination_at: None,
            });
        }
        for i in 0..self.config.capacity_providers.len() {
            if self.config.capacity_providers[i].managed_scaling.is_some() {
                self.push(MINUTE, Event::CapacityProviderEvaluation(i as u16));
            }
        }
    }

    /// `UpdateAutoScalingGroup`.
    pub(crate) fn update_asg(
        &mut self,
        g: u16,
        min: Option<u32>,
        max: Option<u32>,
        desired: Option<u32>,
        version: Option<u32>,
    ) {
        let a = &mut self.asgs[g as usize];
        a.min_size = min.unwrap_or(a.min_size);
        a.max_size = max.unwrap_or(a.max_size);
        a.launch_template_version = version.unwrap_or(a.launch_template_version);
        let d = desired.unwrap_or(a.desired);
        self.set_desired_capacity(g, d);
    }

    /// Moves the group to `desired` (clamped to min/max): launches or terminates instances.
    pub(crate) fn set_desired_capacity(&mut self, g: u16, desired: u32) {
        let a = &mut self.asgs[g as usize];
        let desired = desired.clamp(a.min_size, a.max_size.max(a.min_size));
        a.desired = desired;
        let current = a.instances.len() as u32;
        if desired > current {
            for _ in current..desired {
                self.launch_asg_instance(g);
            }
        } else if desired < current {
            self.scale_in_asg(g, current - desired);
        }
    }

    fn launch_asg_instance(&mut self, g: u16) {
        // AZ balance: the zone with the fewest instances of the group, in listed order on ties.
        let a = &self.asgs[g as usize];
        let z = (0..a.config.availability_zones.len())
            .min_by_key(|&z| {
                let zone = &a.config.availability_zones[z];
                a.instances
                    .iter()
                    .filter(|i| &self.instances[i.idx()].spec.availability_zone == zone)
                    .count()
            })
            .expect("a group has a zone (checked by the scenario loader)");
        let spec = Arc::clone(&a.zone_specs[z]);
        let version = a.launch_template_version;
        let protected = a.config.new_instances_protected_from_scale_in;
        let delay = a.config.launch.sample(&mut self.rng);
        let id = InstanceId(self.instances.len() as u32);
        let az = self
            .zones
            .binary_search(&spec.availability_zone)
            .unwrap_or(0) as u16;
        let key = self.rng.random::<u32>();
        let mut ci = ContainerInstance::new(
            crate::container_instance::instance_name(id.idx() + 1),
            spec,
            az,
            self.now,
            key,
        );
        ci.status = InstanceStatus::Registering;
        ci.asg = Some(g);
        ci.launch_template_version = version;
        ci.protected_from_scale_in = protected;
        self.instances.push(ci);
        let a = &mut self.asgs[g as usize];
        a.instances.push(id);
        a.launched += 1;
        self.push(self.now + delay, Event::InstanceRegistered(id));
    }

    /// Is the instance protected from scale-in (its own flag, or managed termination protection
    /// while it runs non-daemon tasks, §3.4)?
    fn protected(&self, id: InstanceId) -> bool {
        let ci = &self.instances[id.idx()];
        let managed = ci
            .asg
            .and_then(|g| self.capacity_provider_of(g))
            .is_some_and(|cp| self.config.capacity_providers[cp].managed_termination_protection);
        if managed {
            ci.tasks.iter().any(|t| !self.tasks[t.idx()].daemon)
        } else {
            ci.protected_from_scale_in
        }
    }

    fn capacity_provider_of(&self, g: u16) -> Option<usize> {
        self.config
            .capacity_providers
            .iter()
            .position(|cp| cp.asg == g)
    }

    /// Terminates `n` instances chosen by the termination policies (§3.3). Protected instances
    /// are never chosen; when all are protected, desired is still decremented but nothing goes.
    fn scale_in_asg(&mut self, g: u16, n: u32) {
        for _ in 0..n {
            let candidates: Vec<Candidate> = self.asgs[g as usize]
                .instances
                .iter()
                .copied()
                .filter(|&id| !self.protected(id))
                .map(|id| {
                    let ci = &self.instances[id.idx()];
                    Candidate {
                        id,
                        az: ci.az,
                        version: ci.launch_template_version,
                        launched_at: ci.launched_at,
                    }
                })
                .collect();
            if candidates.is_empty() {
                let name = self.asgs[g as usize].config.name.clone();
                self.cluster_note(format!(
                    "(auto scaling group {name}) Could not scale to desired capacity because all remaining instances are protected from scale-in."
                ));
                return;
            }
            let victim = self.choose_termination(g, &candidates);
            self.terminate_asg_instance(g, victim);
        }
    }

    fn choose_termination(&mut self, g: u16, candidates: &[Candidate]) -> InstanceId {
        // AZ balance first, whatever the policy: the zone with the most instances of the group.
        let mut per_zone: BTreeMap<u16, u32> = BTreeMap::new();
        for id in &self.asgs[g as usize].instances {
            *per_zone.entry(self.instances[id.idx()].az).or_insert(0) += 1;
        }
        let best_zone_count = candidates
            .iter()
            .map(|c| per_zone[&c.az])
            .max()
            .unwrap_or(0);
        let mut pool: Vec<Candidate> = candidates
            .iter()
            .copied()
            .filter(|c| per_zone[&c.az] == best_zone_count)
            .collect();
        let now = self.now;
        let mut policies = self.asgs[g as usize].config.termination_policies.clone();
        policies.push(TerminationPolicy::Default);
        for p in policies {
            // Default = oldest launch template, then closest to the next instance hour.
            let steps: &[TerminationPolicy] = match p {
                TerminationPolicy::Default => &[
                    TerminationPolicy::OldestLaunchTemplate,
                    TerminationPolicy::ClosestToNextInstanceHour,
                ],
                _ => std::slice::from_ref(&p),
            };
            for &step in steps {
                let best = pool
                    .iter()
                    .map(|c| policy_key(step, c, now))
                    .min()
                    .unwrap_or(0);
                pool.retain(|c| policy_key(step, c, now) == best);
            }
            if pool.len() == 1 {
                break;
            }
        }
        pool[self.rng.random_range(0..pool.len())].id
    }

    /// The group terminates an instance: with a draining hook it goes DRAINING and is
    /// terminated when its tasks are gone (or the hook times out); otherwise its tasks die now.
    fn terminate_asg_instance(&mut self, g: u16, id: InstanceId) {
        let a = &mut self.asgs[g as usize];
        a.instances.retain(|&x| x != id);
        a.terminated += 1;
        let drain = self.asgs[g as usize].config.drain_on_termination
            || self
                .capacity_provider_of(g)
                .is_some_and(|cp| self.config.capacity_providers[cp].managed_draining);
        let status = self.instances[id.idx()].status;
        if status == InstanceStatus::Registering {
            // Still booting: it never registers.
            self.instances[id.idx()].status = InstanceStatus::Deregistered;
            self.instances[id.idx()].deregistered_at = Some(self.now);
            return;
        }
        if drain {
            self.instances[id.idx()].terminating = true;
            if status == InstanceStatus::Active {
                self.set_instance_status(id, InstanceStatus::Draining);
            }
            self.push(
                self.now + self.config.params.lifecycle_hook_timeout_ms,
                Event::LifecycleHookTimeout(id),
            );
            self.terminate_if_drained(id);
        } else {
            self.terminate_now(id);
        }
    }

    fn terminate_now(&mut self, id: InstanceId) {
        let live = self.instances[id.idx()].tasks.len() as u32;
        if let Some(g) = self.instances[id.idx()].asg {
            let a = &mut self.asgs[g as usize];
            a.last_termination_at = Some(self.now);
            a.tasks_killed += live;
            a.terminated_with_tasks += (live > 0) as u32;
        }
        self.deregister_instance(id);
    }

    /// A terminating instance whose tasks are all gone is terminated now.
    pub(crate) fn terminate_if_drained(&mut self, id: InstanceId) {
        let ci = &self.instances[id.idx()];
        if ci.terminating && ci.is_registered() && ci.tasks.is_empty() {
            self.terminate_now(id);
        }
    }

    /// The lifecycle hook ran out (48 h): terminate whatever is left.
    pub(crate) fn lifecycle_hook_timeout(&mut self, id: InstanceId) {
        if self.instances[id.idx()].terminating && self.instances[id.idx()].is_registered() {
            self.terminate_now(id);
        }
    }

    /// `SetInstanceProtection`.
    pub(crate) fn set_instance_protection(&mut self, ids: &[InstanceId], protected: bool) {
        for id in ids {
            self.instances[id.idx()].protected_from_scale_in = protected;
        }
    }

    /// A cluster-level note in the event log (attributed to no service).
    fn cluster_note(&mut self, message: String) {
        self.records.push(Record::ClusterEvent {
            at: self.now,
            message,
        });
    }

    /// Managed scaling (§3.4): CapacityProviderReservation = M / N × 100, evaluated every
    /// minute; target tracking on `targetCapacity` with the step limits and the warm-up.
    pub(crate) fn evaluate_capacity_provider(&mut self, cp: u16) {
        let cfg = self.config.capacity_providers[cp as usize].clone();
        let Some(ms) = cfg.managed_scaling else {
            return;
        };
        let g = cfg.asg;
        let n = self.asgs[g as usize].instances.len() as u32;
        let waiting: Vec<TaskId> = self.provisioning_tasks(cp);
        let empty = self.asgs[g as usize]
            .instances
            .iter()
            .filter(|id| {
                let ci = &self.instances[id.idx()];
                ci.is_registered() && ci.tasks.iter().all(|t| self.tasks[t.idx()].daemon)
            })
            .count() as u32;
        // M: the instances needed. With tasks waiting: all current instances plus what binpacking
        // the waiting tasks onto the group's instance type needs; without: the non-empty ones.
        let m = if waiting.is_empty() {
            n - empty
        } else {
            n + self.instances_for(g, &waiting)
        };
        let reservation = match (m, n) {
            (0, 0) => 100,
            (_, 0) => 200,
            _ => (m as u64 * 100).div_ceil(n as u64) as u32,
        };
        self.asgs[g as usize].reservation = reservation;
        let params = self.config.params.clone();
        let a = &mut self.asgs[g as usize];
        if reservation > ms.target_capacity {
            a.above += 1;
            a.below = 0;
        } else if reservation < ms.target_capacity {
            a.below += 1;
            a.above = 0;
        } else {
            a.above = 0;
            a.below = 0;
        }
        let warming = a.instances.iter().any(|id| {
            let ci = &self.instances[id.idx()];
            ci.status == InstanceStatus::Registering
                || self.now < ci.launched_at + ms.instance_warmup_ms
        });
        if a.above >= params.cas_scale_out_datapoints && !warming {
            // Target tracking: desired = ceil(M × 100 / target) [derived, §8.9], within the steps.
            let wanted = ((m as u64 * 100).div_ceil(ms.target_capacity as u64) as u32).max(n + 1);
            let step = (wanted - n)
                .max(ms.minimum_scaling_step_size)
                .min(ms.maximum_scaling_step_size);
            self.asgs[g as usize].above = 0;
            self.set_desired_capacity(g, n + step);
        } else if a.below >= params.cas_scale_in_datapoints {
            let wanted = (m as u64 * 100).div_ceil(ms.target_capacity as u64) as u32;
            let max_step = (empty * params.cas_scale_in_max_percent_of_empty / 100).max(1);
            let step = n
                .saturating_sub(wanted)
                .min(max_step)
                .min(ms.maximum_scaling_step_size);
            if step > 0 {
                self.set_desired_capacity(g, n - step);
            }
        }
        self.push(self.now + MINUTE, Event::CapacityProviderEvaluation(cp));
    }

    /// Instances of the group's type that binpacking `tasks` needs; tasks larger than an empty
    /// instance are left out (they stay PROVISIONING, §3.4).
    fn instances_for(&self, g: u16, tasks: &[TaskId]) -> u32 {
        let spec = &self.asgs[g as usize].config.template;
        let mut by_size: BTreeMap<(u32, u32), u32> = BTreeMap::new();
        for t in tasks {
            let td = &self.task_definitions[self.tasks[t.idx()].task_definition.idx()];
            *by_size.entry((td.cpu_units, td.memory_mib)).or_insert(0) += 1;
        }
        let mut total = 0;
        for ((cpu, mem), count) in by_size {
            let per = spec
                .cpu_units
                .checked_div(cpu)
                .unwrap_or(u32::MAX)
                .min(spec.memory_mib.checked_div(mem).unwrap_or(u32::MAX));
            if per > 0 {
                total += count.div_ceil(per);
            }
        }
        total
    }

    /// Tasks waiting in PROVISIONING for this capacity provider.
    fn provisioning_tasks(&self, cp: u16) -> Vec<TaskId> {
        self.provisioning
            .iter()
            .copied()
            .filter(|t| {
                self.tasks[t.idx()].awaiting_capacity == Some(cp)
                    && !self.tasks[t.idx()].desired_stopped
            })
            .collect()
    }

    /// New capacity: place waiting PROVISIONING tasks, oldest first.
    pub(crate) fn place_provisioning_tasks(&mut self) {
        let queue = std::mem::take(&mut self.provisioning);
        let mut still = Vec::new();
        for t in queue {
            let task = &self.tasks[t.idx()];
            if task.desired_stopped || task.awaiting_capacity.is_none() {
                continue;
            }
            let (s, cp, td) = (
                task.service,
                task.awaiting_capacity.unwrap_or(0),
                task.task_definition,
            );
            self.placement_asg = Some(self.config.capacity_providers[cp as usize].asg);
            let chosen = self.choose_instance(s, td);
            self.placement_asg = None;
            match chosen {
                Ok(instance) => self.assign_instance(t, instance),
                Err(_) => still.push(t),
            }
        }
        still.append(&mut self.provisioning);
        self.provisioning = still;
    }

    /// Which Auto Scaling capacity provider the next task of `s` uses, following base/weight.
    pub(crate) fn next_asg_provider(&self, s: ServiceId) -> u16 {
        let items = &self.services[s.idx()].config.asg_capacity_provider_strategy;
        let pairs: Vec<(u32, u32)> = items.iter().map(|it| (it.1, it.2)).collect();
        let i = self.next_split_index(s, &pairs, |task| {
            let cp = task.awaiting_capacity.or_else(|| {
                let g = task
                    .container_instance
                    .and_then(|i| self.instances[i.idx()].asg)?;
                self.capacity_provider_of(g).map(|x| x as u16)
            });
            items.iter().position(|it| Some(it.0) == cp)
        });
        items.get(i).map_or(0, |it| it.0)
    }
}
