//! `timeseries.csv`: long format, one row per sample instant and scope. The `cluster` row sums
//! every service and carries the cluster-wide columns; each tracked service has a row with an
//! empty `deployment` (its totals) and one row per live deployment; each subnet has a row with
//! its addresses. Columns a row does not use are empty.

use std::io::{self, Write};

use sim::Simulation;

use crate::names::{deployment, secs, service};

/// The header.
pub const HEADER: &str = "timeSeconds,scope,deployment,desiredCount,startingCount,runningCount,healthyCount,stoppingCount,\
instancesActive,instancesDraining,instancesEmpty,registeredCpu,reservedCpu,registeredMemory,reservedMemory,\
enisInUse,fargateVcpu,fargateMemoryGiB,fargateSpotVcpu,fargateSpotMemoryGiB,spotInterruptions,addressesInUse,addressesFree,\
provisioningTasks,instancesNeededLowerBound,strandedUsdPerHour";

/// Empty columns after the task counts of a service row.
const SERVICE_TAIL: &str = ",,,,,,,,,,,,,,,,,,";

/// Writes the samples.
pub fn write(sim: &Simulation, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "{HEADER}")?;
    for s in &sim.samples {
        let c = &s.cluster;
        let t = secs(s.at);
        let gib = |mib: u64| mib as f64 / 1024.0;
        let vcpu = |units: u64| units as f64 / 1024.0;
        writeln!(
            w,
            "{t},cluster,,{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},,,{},{},{}",
            c.desired,
            c.starting,
            c.running,
            c.healthy,
            c.stopping,
            c.instances_active,
            c.instances_draining,
            c.instances_empty,
            c.registered_cpu,
            c.reserved_cpu,
            c.registered_memory,
            c.reserved_memory,
            c.enis_in_use,
            vcpu(c.fargate_cpu[0]),
            gib(c.fargate_memory[0]),
            vcpu(c.fargate_cpu[1]),
            gib(c.fargate_memory[1]),
            c.spot_interruptions,
            c.provisioning_tasks,
            c.instances_needed_lower_bound,
            stranded_usd_per_hour(c),
        )?;
        for svc in &s.services {
            let name = csv_field(service(sim, svc.service));
            let (mut a, mut b, mut h, mut st) = (0, 0, 0, 0);
            for d in &svc.deployments {
                a += d.starting;
                b += d.running;
                h += d.healthy;
                st += d.stopping;
            }
            writeln!(
                w,
                "{t},{name},,{},{a},{b},{h},{st}{SERVICE_TAIL}",
                svc.desired
            )?;
            for d in &svc.deployments {
                writeln!(
                    w,
                    "{t},{name},{},{},{},{},{},{}{SERVICE_TAIL}",
                    deployment(sim, d.deployment),
                    svc.desired,
                    d.starting,
                    d.running,
                    d.healthy,
                    d.stopping
                )?;
            }
        }
        for (i, &in_use) in s.subnets_in_use.iter().enumerate() {
            let sn = &sim.subnets[i];
            let free = sn.usable().saturating_sub(in_use);
            writeln!(
                w,
                "{t},subnet/{},,,,,,,,,,,,,,,,,,,,{in_use},{free},,,",
                csv_field(&sn.id)
            )?;
        }
    }
    Ok(())
}

/// What the registered instances beyond the lower bound of instances needed cost per hour, at
/// the registered instances' mean price (4 decimals).
fn stranded_usd_per_hour(c: &sim::record::ClusterSample) -> f64 {
    let registered = (c.instances_active + c.instances_draining) as u64;
    let stranded = registered.saturating_sub(c.instances_needed_lower_bound as u64);
    if registered == 0 {
        return 0.0;
    }
    let usd = c.registered_micro_usd_per_hour as f64 / 1e6 * stranded as f64 / registered as f64;
    (usd * 10_000.0).round() / 10_000.0
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_as_many_columns_as_the_header() {
        let n = HEADER.split(',').count();
        let service_row = format!("1,web,,4,0,4,4,0{SERVICE_TAIL}");
        assert_eq!(service_row.split(',').count(), n);
        let subnet_row = "1,subnet/a,,,,,,,,,,,,,,,,,,,,3,8,,,";
        assert_eq!(subnet_row.split(',').count(), n);
        let cluster = format!("1,cluster,{}", ",x".repeat(n - 8)) + ",,,x,x,x";
        assert_eq!(cluster.split(',').count(), n);
    }
}
