//! `timeseries.csv`: long format, one row per sample instant and scope. The `cluster` row sums
//! every service; each tracked service has a row with an empty `deployment` (its totals) and one
//! row per live deployment.

use std::io::{self, Write};

use sim::Simulation;

use crate::names::{deployment, secs, service};

/// The header.
pub const HEADER: &str = "timeSeconds,scope,deployment,desiredCount,startingCount,runningCount,healthyCount,stoppingCount,\
instancesActive,instancesDraining,instancesEmpty,registeredCpu,reservedCpu,registeredMemory,reservedMemory";

/// Writes the samples.
pub fn write(sim: &Simulation, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "{HEADER}")?;
    for s in &sim.samples {
        let c = &s.cluster;
        let t = secs(s.at);
        writeln!(
            w,
            "{t},cluster,,{},{},{},{},{},{},{},{},{},{},{},{}",
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
            c.reserved_memory
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
            writeln!(w, "{t},{name},,{},{a},{b},{h},{st},,,,,,,", svc.desired)?;
            for d in &svc.deployments {
                writeln!(
                    w,
                    "{t},{name},{},{},{},{},{},{},,,,,,,",
                    deployment(sim, d.deployment),
                    svc.desired,
                    d.starting,
                    d.running,
                    d.healthy,
                    d.stopping
                )?;
            }
        }
    }
    Ok(())
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
