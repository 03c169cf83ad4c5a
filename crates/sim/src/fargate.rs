//! Fargate and awsvpc networking (§4, §1.5, §3.4): where a task without a container instance
//! goes (a subnet in the least-used zone), the launch-rate buckets, the vCPU quotas, the ENI
//! quota and subnet addresses, and Spot interruptions of Fargate tasks and EC2 instances.

use rand::RngExt;

use crate::capacity_provider::CapacityProvider;
use crate::container_instance::InstanceStatus;
use crate::event::Event;
use crate::ids::{InstanceId, ServiceId, TaskDefinitionId, TaskId};
use crate::placement::{Placement, Unplaced};
use crate::service::LaunchType;
use crate::simulation::Simulation;
use crate::task::{StopReason, TaskStatus};
use crate::time::{HOUR, SECOND, SimTime};

/// The 2-minute warning of Fargate Spot and EC2 Spot (§3.2, §3.4).
pub const SPOT_WARNING_MS: SimTime = 120 * SECOND;

/// Why a launch cannot happen now, other than placement on a container instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LaunchBlock {
    /// The service's launch rate (500/min) is used up until `retry_at`.
    ServiceRate {
        /// Next token.
        retry_at: SimTime,
    },
    /// The account's Fargate launch bucket is empty until `retry_at`.
    AccountRate {
        /// Next token.
        retry_at: SimTime,
    },
    /// The Fargate vCPU concurrency quota is reached.
    VcpuQuota {
        /// Provider whose quota it is.
        provider: CapacityProvider,
        /// The quota in vCPUs.
        quota: u32,
    },
    /// Fargate Spot has no capacity now.
    SpotCapacity,
    /// The Region's network interface quota is reached.
    EniQuota {
        /// The quota.
        quota: u32,
    },
    /// Every subnet of the service (in the zone the task needs) is out of addresses.
    SubnetsFull {
        /// The subnets tried.
        subnets: Vec<u16>,
    },
}

/// Why a task could not be started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocked {
    /// No container instance fits.
    Placement(Unplaced),
    /// A Fargate or network limit.
    Launch(LaunchBlock),
}

impl Simulation {
    /// Where the next task of `s` goes: a container instance (EC2) or a Fargate provider, and a
    /// subnet for awsvpc tasks of a service with subnets. With `rate_limited`, the launch-rate
    /// buckets are charged (they are not for the steady tasks that exist at t = 0).
    pub(crate) fn find_placement(
        &mut self,
        s: ServiceId,
        td: TaskDefinitionId,
        rate_limited: bool,
    ) -> Result<Placement, Blocked> {
        let uses_eni = self.task_definitions[td.idx()].uses_eni();
        if uses_eni && self.totals.enis_in_use >= self.config.account.network_interface_quota as u64
        {
            return Err(Blocked::Launch(LaunchBlock::EniQuota {
                quota: self.config.account.network_interface_quota,
            }));
        }
        if self.services[s.idx()].config.launch_type == LaunchType::Ec2 {
            let instance = match self.choose_ec2_instance(s, td) {
                Ok(i) => i,
                Err(Err(u)) => return Err(Blocked::Placement(u)),
                Err(Ok(cp)) => {
                    // An Auto Scaling capacity provider with managed scaling: the task waits
                    // in PROVISIONING for an instance (§1.4, §3.4).
                    return Ok(Placement {
                        instance: None,
                        provider: None,
                        subnet: None,
                        az: 0,
                        awaiting_capacity: Some(cp),
                    });
                }
            };
            let az = self.instances[instance.idx()].az;
            let subnet = if uses_eni {
                self.subnet_in(s, Some(az))?
            } else {
                None
            };
            return Ok(Placement {
                instance: Some(instance),
                provider: None,
                subnet,
                az,
                awaiting_capacity: None,
            });
        }
        let provider = self.next_provider(s);
        if provider == CapacityProvider::FargateSpot && !self.spot_capacity_available {
            return Err(Blocked::Launch(LaunchBlock::SpotCapacity));
        }
        if let Some(quota) = self.config.account.vcpu_quota(provider) {
            let cpu = self.task_definitions[td.idx()].cpu_units as u64;
            if self.totals.fargate_cpu[provider.idx()] + cpu > quota as u64 * 1024 {
                return Err(Blocked::Launch(LaunchBlock::VcpuQuota { provider, quota }));
            }
        }
        let subnet = self
            .subnet_in(s, None)?
            .expect("a Fargate service has subnets");
        let az = self.zone_of_subnet(subnet);
        if rate_limited {
            let now = self.now;
            let svc_bucket = &mut self.services[s.idx()].launch_bucket;
            if svc_bucket.next_token_at(now) > now {
                return Err(Blocked::Launch(LaunchBlock::ServiceRate {
                    retry_at: svc_bucket.next_token_at(now),
                }));
            }
            let account = &mut self.fargate_buckets[provider.idx()];
            if !account.try_take(now) {
                return Err(Blocked::Launch(LaunchBlock::AccountRate {
                    retry_at: account.next_token_at(now),
                }));
            }
            self.services[s.idx()].launch_bucket.try_take(now);
        }
        Ok(Placement {
            instance: None,
            provider: Some(provider),
            subnet: Some(subnet),
            az,
            awaiting_capacity: None,
        })
    }

    /// A container instance for an EC2 task. With an Auto Scaling capacity provider strategy the
    /// task goes to the chosen provider's group; when nothing fits there and managed scaling is
    /// on, `Err(Ok(provider))` says the task should wait in PROVISIONING (while the cluster's
    /// PROVISIONING quota allows).
    fn choose_ec2_instance(
        &mut self,
        s: ServiceId,
        td: TaskDefinitionId,
    ) -> Result<InstanceId, Result<u16, Unplaced>> {
        if self.services[s.idx()]
            .config
            .asg_capacity_provider_strategy
            .is_empty()
        {
            return self.choose_instance(s, td).map_err(Err);
        }
        let cp = self.next_asg_provider(s);
        let cfg = &self.config.capacity_providers[cp as usize];
        self.placement_asg = Some(cfg.asg);
        let chosen = self.choose_instance(s, td);
        self.placement_asg = None;
        match chosen {
            Ok(i) => Ok(i),
            Err(u) => {
                let waiting = self
                    .provisioning
                    .iter()
                    .filter(|t| !self.tasks[t.idx()].desired_stopped)
                    .count() as u32;
                if self.config.capacity_providers[cp as usize]
                    .managed_scaling
                    .is_some()
                    && waiting < self.config.account.provisioning_tasks_quota
                {
                    Err(Ok(cp))
                } else {
                    Err(Err(u))
                }
            }
        }
    }

    fn zone_of_subnet(&self, subnet: u16) -> u16 {
        let zone = &self.subnets[subnet as usize].availability_zone;
        self.zones.binary_search(zone).unwrap_or(0) as u16
    }

    /// A subnet with a free address: in zone `az` if given (the instance's zone on EC2), else in
    /// the zone with the fewest tasks of the service (§2.1: Fargate spreads over the subnets'
    /// zones; equal zones in random order), the emptiest subnet of that zone first. `None` when
    /// the service has no subnets (addresses are then not tracked).
    fn subnet_in(&mut self, s: ServiceId, az: Option<u16>) -> Result<Option<u16>, Blocked> {
        let subnets = &self.services[s.idx()].config.subnets;
        if subnets.is_empty() {
            return Ok(None);
        }
        let mut candidates: Vec<(u32, u32, u32, u16)> = Vec::with_capacity(subnets.len());
        for &sn in subnets {
            let zone = self.zone_of_subnet(sn);
            if az.is_some_and(|a| a != zone) {
                continue;
            }
            let sub = &self.subnets[sn as usize];
            let zone_tasks = self.services[s.idx()].tasks_per_az[zone as usize];
            candidates.push((zone_tasks, zone as u32, u32::MAX - sub.free(), sn));
        }
        // Random order among zones with equal task counts.
        let mut zone_keys: Vec<u32> = (0..self.zones.len())
            .map(|_| self.rng.random::<u32>())
            .collect();
        if zone_keys.is_empty() {
            zone_keys.push(0);
        }
        candidates.sort_by_key(|&(n, zone, used, sn)| (n, zone_keys[zone as usize], used, sn));
        let tried: Vec<u16> = candidates.iter().map(|c| c.3).collect();
        match candidates
            .into_iter()
            .find(|c| self.subnets[c.3 as usize].free() > 0)
        {
            Some(c) => Ok(Some(c.3)),
            None => Err(Blocked::Launch(LaunchBlock::SubnetsFull { subnets: tried })),
        }
    }

    /// The provider the next task should use so that the live tasks follow the strategy's
    /// base/weight split (§3.4).
    fn next_provider(&self, s: ServiceId) -> CapacityProvider {
        let items = &self.services[s.idx()].config.capacity_provider_strategy;
        let pairs: Vec<(u32, u32)> = items.iter().map(|it| (it.base, it.weight)).collect();
        let i = self.next_split_index(s, &pairs, |task| {
            items
                .iter()
                .position(|it| Some(it.provider) == task.capacity_provider)
        });
        items
            .get(i)
            .map_or(CapacityProvider::Fargate, |it| it.provider)
    }

    /// Index of the strategy item the next PRIMARY task of `s` should use: the first whose
    /// target share of (live + 1) tasks is above its live count. `item_of` says which item a
    /// live task uses.
    pub(crate) fn next_split_index(
        &self,
        s: ServiceId,
        pairs: &[(u32, u32)],
        item_of: impl Fn(&crate::task::Task) -> Option<usize>,
    ) -> usize {
        let svc = &self.services[s.idx()];
        let primary = svc.primary();
        let mut live = vec![0u32; pairs.len()];
        let mut total = 0;
        for t in &svc.tasks {
            let task = &self.tasks[t.idx()];
            if task.desired_stopped || task.deployment != primary {
                continue;
            }
            total += 1;
            if let Some(i) = item_of(task) {
                live[i] += 1;
            }
        }
        let target = crate::capacity_provider::split_counts(pairs, total + 1);
        (0..pairs.len()).find(|&i| target[i] > live[i]).unwrap_or(0)
    }

    /// Draws the time to this Spot task's next interruption, if Spot interrupts at a rate.
    pub(crate) fn schedule_spot_task_interruption(&mut self, t: TaskId) {
        let rate = self.config.account.fargate_spot_interruptions_per_task_hour;
        if self.tasks[t.idx()].capacity_provider != Some(CapacityProvider::FargateSpot)
            || rate <= 0.0
        {
            return;
        }
        let after = exponential_ms(&mut self.rng, rate);
        self.push(
            self.now.saturating_add(after),
            Event::SpotTaskInterrupted(t),
        );
    }

    /// Draws the time to this Spot instance's interruption notice, if it has a rate.
    pub(crate) fn schedule_spot_instance_interruption(&mut self, i: InstanceId) {
        let spec = &self.instances[i.idx()].spec;
        if !spec.spot || spec.spot_interruptions_per_hour <= 0.0 {
            return;
        }
        let after = exponential_ms(&mut self.rng, spec.spot_interruptions_per_hour);
        self.push(self.now.saturating_add(after), Event::SpotInstanceNotice(i));
    }

    /// `count` random RUNNING Fargate Spot tasks (of `service`, or of all services) get the warning.
    pub(crate) fn interrupt_spot_tasks(&mut self, service: Option<ServiceId>, count: u32) {
        let mut running: Vec<TaskId> = Vec::new();
        for (i, svc) in self.services.iter().enumerate() {
            if service.is_some_and(|s| s.idx() != i) {
                continue;
            }
            for &t in &svc.tasks {
                let task = &self.tasks[t.idx()];
                if task.capacity_provider == Some(CapacityProvider::FargateSpot)
                    && task.is_running()
                {
                    running.push(t);
                }
            }
        }
        running.sort_unstable();
        for k in 0..(count as usize).min(running.len()) {
            let j = self.rng.random_range(k..running.len());
            running.swap(k, j);
            self.interrupt_spot_task(running[k]);
        }
    }

    /// Fargate Spot reclaims a task (§3.4): SIGTERM with the 2-minute warning, SIGKILL after
    /// stopTimeout (at most 120 s on Fargate); the scheduler then replaces it.
    pub(crate) fn interrupt_spot_task(&mut self, t: TaskId) {
        let task = &self.tasks[t.idx()];
        if !task.is_running() {
            return;
        }
        let s = task.service;
        let name = self.services[s.idx()].config.name.clone();
        self.service_event(
            s,
            format!("(service {name}) (task {}) received a Fargate Spot interruption warning; it stops within 2 minutes.", t.0 + 1),
        );
        self.services[s.idx()].spot_interruptions += 1;
        self.totals.spot_interruptions += 1;
        self.interrupt(t, StopReason::SpotInterruption);
        self.request_reconcile(s);
    }

    /// EC2 Spot interruption notice (§3.2): with `ECS_ENABLE_SPOT_INSTANCE_DRAINING` the instance
    /// goes DRAINING now; either way it is terminated 2 minutes later and its tasks die with it.
    pub(crate) fn spot_instance_notice(&mut self, i: InstanceId) {
        if !self.instances[i.idx()].is_registered() {
            return;
        }
        self.totals.spot_interruptions += 1;
        if self.instances[i.idx()].spec.spot_draining
            && self.instances[i.idx()].status == InstanceStatus::Active
        {
            self.set_instance_status(i, InstanceStatus::Draining);
        }
        self.push(self.now + SPOT_WARNING_MS, Event::SpotInstanceTerminated(i));
    }

    /// SIGTERM now; the task exits on its own or at stopTimeout, never later than the warning.
    fn interrupt(&mut self, t: TaskId, reason: StopReason) {
        self.mark_desired_stopped(t, reason);
        self.transition_to_stopping(t);
        let td = &self.task_definitions[self.tasks[t.idx()].task_definition.idx()];
        let exit = td
            .behavior
            .sigterm_exit
            .sample(&mut self.rng)
            .min(td.stop_timeout_ms)
            .min(SPOT_WARNING_MS);
        self.push(self.now + exit, Event::TaskAdvance(t, TaskStatus::Stopping));
    }
}

/// An exponential waiting time for a Poisson process of `per_hour` events per hour.
fn exponential_ms(rng: &mut rand_pcg::Pcg64Mcg, per_hour: f64) -> SimTime {
    let u: f64 = rng.random_range(f64::MIN_POSITIVE..1.0);
    let hours = -u.ln() / per_hour;
    (hours * HOUR as f64).min(1e15) as SimTime
}
