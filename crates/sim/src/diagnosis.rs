//! Stalled-deployment diagnosis: why a deployment cannot finish and what would unblock it.

use crate::container_instance::Misfit;
use crate::deployment::{ceil_percent, floor_percent};
use crate::fargate::LaunchBlock;
use crate::ids::{ServiceId, TaskDefinitionId};
use crate::placement::Unplaced;
use crate::placement_constraint::PlacementConstraint;
use crate::simulation::Simulation;

/// The smallest minimumHealthyPercent that still lets one healthy task stop:
/// `ceil(desired × p / 100) ≤ healthy − 1`.
pub fn min_percent_allowing_a_stop(desired: u32, healthy: u32) -> Option<u32> {
    if healthy == 0 || desired == 0 {
        return None;
    }
    let p = ((healthy - 1) as u64 * 100 / desired as u64) as u32;
    debug_assert!(ceil_percent(desired, p) < healthy);
    Some(p)
}

/// The smallest maximumPercent that lets one more task start: `floor(desired × p / 100) ≥ counted + 1`.
pub fn max_percent_allowing_a_start(desired: u32, counted: u32) -> Option<u32> {
    if desired == 0 {
        return None;
    }
    let p = ((counted as u64 + 1) * 100).div_ceil(desired as u64) as u32;
    debug_assert!(floor_percent(desired, p) > counted);
    Some(p)
}

/// Reason and hint for a deployment the bounds block (GT-05 / GT-06c).
pub fn configuration_stall(
    desired: u32,
    max_percent: u32,
    min_percent: u32,
    counted: u32,
    healthy: u32,
) -> (String, String) {
    let reason = format!(
        "maximumPercent {max_percent} allows at most {} tasks ({counted} exist) and minimumHealthyPercent {min_percent} \
         requires {} healthy ({healthy} are): no task can start or stop",
        floor_percent(desired, max_percent),
        ceil_percent(desired, min_percent)
    );
    let mut options = Vec::new();
    if let Some(p) = max_percent_allowing_a_start(desired, counted) {
        options.push(format!("raise maximumPercent to {p}"));
    }
    if let Some(p) = min_percent_allowing_a_stop(desired, healthy) {
        options.push(format!("lower minimumHealthyPercent to {p}"));
    }
    (reason, options.join(" or "))
}

impl Simulation {
    /// Reason and hint for tasks a Fargate or network limit keeps from starting.
    pub(crate) fn launch_stall(&self, b: &LaunchBlock, waiting: u32) -> (String, String) {
        match b {
            LaunchBlock::SubnetsFull { subnets } => {
                let detail: Vec<String> = subnets
                    .iter()
                    .map(|&i| {
                        let sn = &self.subnets[i as usize];
                        format!("{} has {} free addresses; a /{} holds {} tasks", sn.id, sn.free(), sn.prefix, sn.usable())
                    })
                    .collect();
                (
                    format!("{waiting} task(s) cannot get an IP address: {}", detail.join("; ")),
                    "add a subnet to the service's networkConfiguration or use a larger CIDR block (a /22 holds 1019 tasks)"
                        .into(),
                )
            }
            LaunchBlock::EniQuota { quota } => (
                format!("{waiting} task(s) cannot get an ENI: the Region's network interface quota of {quota} is in use"),
                "raise the VPC network interfaces per Region quota; on EC2, ENI trunking or bridge mode needs fewer ENIs".into(),
            ),
            LaunchBlock::VcpuQuota { provider, quota } => (
                format!("{waiting} task(s) wait for the {} vCPU quota ({quota} vCPUs, all in use)", provider.as_str()),
                format!(
                    "request a higher \"Fargate {} vCPU resource count\" quota",
                    if *provider == crate::capacity_provider::CapacityProvider::Fargate { "On-Demand" } else { "Spot" }
                ),
            ),
            LaunchBlock::SpotCapacity => (
                format!("{waiting} task(s) wait for Fargate Spot capacity"),
                "give FARGATE a base or weight in the capacityProviderStrategy so that tasks can run On-Demand".into(),
            ),
            LaunchBlock::ServiceRate { .. } | LaunchBlock::AccountRate { .. } => {
                ("launches are rate limited".into(), "wait: throttled launches are retried".into())
            }
        }
    }

    /// Reason and hint for a deployment whose new tasks cannot be placed.
    pub(crate) fn capacity_stall(
        &self,
        s: ServiceId,
        td: TaskDefinitionId,
        unplaced: &Unplaced,
        waiting: u32,
    ) -> (String, String) {
        let svc = &self.services[s.idx()];
        let t = &self.task_definitions[td.idx()];
        let reason = match unplaced.closest {
            Some(ci) => format!(
                "{waiting} task(s) of {} cannot be placed: the closest matching container instance {} {}",
                t.name(),
                self.instances[ci.idx()].name,
                unplaced.misfit.phrase()
            ),
            None => format!(
                "{waiting} task(s) of {} cannot be placed: the cluster has no ACTIVE container instance",
                t.name()
            ),
        };
        let mut options = Vec::new();
        // The most common instance type among ACTIVE instances is the natural unit of capacity.
        let reference = self.reference_instance();
        if let Some(r) = reference {
            let spec = &self.instances[r.idx()].spec;
            let mut per_instance = u32::MAX;
            if let Some(n) = spec.cpu_units.checked_div(t.cpu_units) {
                per_instance = per_instance.min(n);
            }
            if let Some(n) = spec.memory_mib.checked_div(t.memory_mib) {
                per_instance = per_instance.min(n);
            }
            if !t.static_host_ports.is_empty() {
                per_instance = per_instance.min(1);
            }
            if t.uses_eni() {
                per_instance = per_instance.min(spec.task_eni_limit);
            }
            if svc
                .config
                .placement_constraints
                .contains(&PlacementConstraint::DistinctInstance)
            {
                per_instance = per_instance.min(1);
            }
            if per_instance == 0 {
                options.push(format!(
                    "the task needs {} CPU units and {} MiB but an empty {} registers {} CPU units and {} MiB: use a larger instance type",
                    t.cpu_units, t.memory_mib, spec.instance_type, spec.cpu_units, spec.memory_mib
                ));
            } else {
                let all = waiting.div_ceil(per_instance.min(waiting.max(1)));
                let mut text = format!(
                    "add 1 more {}-sized container instance to make progress",
                    spec.instance_type
                );
                if all > 1 {
                    text.push_str(&format!(
                        " ({all} to start all {waiting} waiting tasks at once)"
                    ));
                }
                options.push(text);
            }
        }
        if matches!(unplaced.misfit, Misfit::PortInUse | Misfit::TooManyPorts)
            && !t.static_host_ports.is_empty()
        {
            options.push(
                "use dynamic host ports (hostPort 0) so that tasks do not compete for a port"
                    .into(),
            );
        }
        let dc = svc.config.deployment_configuration;
        let healthy = self.healthy_count(s);
        if ceil_percent(svc.desired_count, dc.minimum_healthy_percent) >= healthy
            && let Some(p) = min_percent_allowing_a_stop(svc.desired_count, healthy)
        {
            options.push(format!(
                "lower minimumHealthyPercent to {p} so that old tasks stop first"
            ));
        }
        (reason, options.join("; or "))
    }

    /// The first ACTIVE instance of the most common instance type. O(instances), so cached
    /// until the set of ACTIVE instances changes.
    fn reference_instance(&self) -> Option<crate::ids::InstanceId> {
        self.active_instances
            .cached_reference(|| self.compute_reference_instance())
    }

    fn compute_reference_instance(&self) -> Option<crate::ids::InstanceId> {
        let mut counts: std::collections::BTreeMap<&str, (u32, crate::ids::InstanceId)> =
            Default::default();
        for &id in &self.active_instances {
            let e = counts
                .entry(self.instances[id.idx()].spec.instance_type.as_str())
                .or_insert((0, id));
            e.0 += 1;
        }
        counts
            .values()
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|&(_, id)| id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_are_the_smallest_change() {
        // Desired 4, all healthy, min 100: lowering to 75 lets one task stop (ceil(3) = 3).
        assert_eq!(min_percent_allowing_a_stop(4, 4), Some(75));
        // The talk's two-task service: 50.
        assert_eq!(min_percent_allowing_a_stop(2, 2), Some(50));
        // GT-05: desired 3, 3 tasks, max 125 → 134 allows floor(4.02) = 4.
        assert_eq!(max_percent_allowing_a_start(3, 3), Some(134));
        let (_, hint) = configuration_stall(1, 100, 100, 1, 1);
        assert_eq!(
            hint,
            "raise maximumPercent to 200 or lower minimumHealthyPercent to 0"
        );
    }
}
