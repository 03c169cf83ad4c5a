//! The animation of container instances filling and draining, rebuilt by replaying the run's
//! records: `TaskStateChange` gives each task's status over time, the task arena gives its
//! instance and size, `ContainerInstanceStateChange` gives ACTIVE, DRAINING and INACTIVE.

use std::path::Path;

use charts::{BoxStatus, Frame, InstanceBox, Legend, TaskBlock, TaskShade, format_clock};
use sim::Simulation;
use sim::container_instance::InstanceStatus;
use sim::ids::DeploymentId;
use sim::record::Record;
use sim::task::TaskStatus;
use sim::time::SimTime;

use crate::run_charts::deployment_color;

/// At most this many frames.
pub const MAX_FRAMES: usize = 60;

/// Milliseconds each frame shows.
pub const FRAME_DELAY_MS: u32 = 100;

/// Shown before the first change.
const LEAD_IN_MS: SimTime = 3_000;

/// A quiet stretch longer than this (no task or instance change) is fast-forwarded.
pub const MAX_QUIET_MS: SimTime = 60_000;

/// Animation time → simulated time: the identity, except that quiet stretches longer than
/// [`MAX_QUIET_MS`] are squeezed into [`MAX_QUIET_MS`].
struct Timeline {
    /// `(animation ms, simulated ms, fast-forwarded until the next point)` at each change.
    points: Vec<(SimTime, SimTime, bool)>,
    /// Animation length in ms.
    length: SimTime,
}

impl Timeline {
    /// `instants` ascending; the first is the start.
    fn new(instants: &[SimTime]) -> Timeline {
        let mut points = Vec::with_capacity(instants.len());
        let mut a = 0;
        for (i, &t) in instants.iter().enumerate() {
            let gap = instants.get(i + 1).map_or(0, |&next| next - t);
            points.push((a, t, gap > MAX_QUIET_MS));
            a += gap.min(MAX_QUIET_MS);
        }
        Timeline { points, length: a }
    }

    /// The simulated time at animation time `a`, and whether it is fast-forwarded.
    fn at(&self, a: SimTime) -> (SimTime, bool) {
        let i = self.points.partition_point(|p| p.0 <= a).saturating_sub(1);
        let (a0, t0, fast) = self.points[i];
        match self.points.get(i + 1) {
            Some(&(a1, t1, _)) if a1 > a0 => {
                // Linear within the segment: 1:1, or faster when it was squeezed.
                (t0 + (t1 - t0) * (a - a0) / (a1 - a0), fast && a > a0)
            }
            _ => (t0, false),
        }
    }
}

/// Why no animation was made.
pub enum Skipped {
    /// Task state changes were not recorded (`parameters.recordTaskEvents`).
    NoTaskEvents,
    /// The cluster has no container instances.
    NoInstances,
}

impl Skipped {
    /// The line printed instead.
    pub fn message(&self) -> &'static str {
        match self {
            Skipped::NoTaskEvents => {
                "instances.gif skipped: task state changes were not recorded (set parameters.recordTaskEvents to true)"
            }
            Skipped::NoInstances => "instances.gif skipped: the cluster has no container instances",
        }
    }
}

/// The frames, the legend and the title of the animation.
pub struct Animation {
    /// Frames, evenly spaced in simulated time.
    pub frames: Vec<Frame>,
    /// Colour of each deployment.
    pub legend: Legend,
    /// Title.
    pub title: String,
}

#[derive(Clone, Copy)]
struct TaskState {
    status: TaskStatus,
    desired_stopped: bool,
    seen: bool,
}

/// Builds the animation: at most [`MAX_FRAMES`] frames, one per simulated second or sparser,
/// from shortly before the first change after t = 0 to the last task or instance change.
/// Simulated time runs at one speed, except that a stretch of more than [`MAX_QUIET_MS`]
/// without any change is fast-forwarded (it takes the frames of [`MAX_QUIET_MS`], and the
/// frames in it say so), so that the frames go to what moves.
pub fn animation(sim: &Simulation, scenario_name: &str) -> Result<Animation, Skipped> {
    if !sim.config.record_task_events {
        return Err(Skipped::NoTaskEvents);
    }
    if sim.instances.is_empty() {
        return Err(Skipped::NoInstances);
    }
    let change_at = |r: &Record| match r {
        Record::TaskStateChange { at, .. } | Record::ContainerInstanceStateChange { at, .. } => {
            Some(*at)
        }
        _ => None,
    };
    let mut changes: Vec<SimTime> = sim.records.iter().filter_map(change_at).collect();
    changes.sort_unstable();
    changes.dedup();
    let first = changes.iter().copied().find(|&t| t > 0).unwrap_or(0);
    // A short lead-in shows the cluster before the first change.
    let start = first.saturating_sub(LEAD_IN_MS);
    let mut instants = vec![start];
    instants.extend(changes.into_iter().filter(|&t| t > start));
    let timeline = Timeline::new(&instants);
    let n = (timeline.length / 1_000 + 1).clamp(2, MAX_FRAMES as u64);
    let times: Vec<(SimTime, bool)> = (0..n)
        .map(|i| timeline.at(timeline.length * i / (n - 1)))
        .collect();

    let mut tasks = vec![
        TaskState {
            status: TaskStatus::Provisioning,
            desired_stopped: false,
            seen: false,
        };
        sim.tasks.len()
    ];
    let mut instances: Vec<InstanceStatus> = vec![InstanceStatus::Registering; sim.instances.len()];
    let mut next = 0;
    let mut frames = Vec::with_capacity(times.len());
    for &(t, fast) in &times {
        while next < sim.records.len() {
            let r = &sim.records[next];
            match r {
                Record::TaskStateChange {
                    at,
                    task,
                    last_status,
                    desired_stopped,
                } => {
                    if *at > t {
                        break;
                    }
                    tasks[task.idx()] = TaskState {
                        status: *last_status,
                        desired_stopped: *desired_stopped,
                        seen: true,
                    };
                }
                Record::ContainerInstanceStateChange {
                    at,
                    instance,
                    status,
                } => {
                    if *at > t {
                        break;
                    }
                    instances[instance.idx()] = *status;
                }
                // Other records change nothing drawn; records are in time order, so skipping
                // one never applies a later change early.
                _ => {}
            }
            next += 1;
        }
        frames.push(frame(sim, &tasks, &instances, t, fast));
    }
    let mut deployments: Vec<DeploymentId> = sim
        .tasks
        .iter()
        .filter(|t| t.container_instance.is_some())
        .map(|t| t.deployment)
        .collect();
    deployments.sort();
    deployments.dedup();
    let many_services = sim.services.len() > 1;
    let legend = Legend {
        entries: deployments
            .iter()
            .map(|&d| {
                let dep = &sim.deployments[d.idx()];
                let td = &sim.task_definitions[dep.task_definition.idx()];
                let def = td.name();
                let service = &sim.services[dep.service.idx()].config.name;
                let label = if many_services && td.family != *service {
                    format!("{service} {def}")
                } else if many_services {
                    def
                } else {
                    format!("{def} ({})", dep.label)
                };
                (label, deployment_color(d))
            })
            .collect(),
    };
    Ok(Animation {
        frames,
        legend,
        title: format!("{scenario_name}: container instances"),
    })
}

fn frame(
    sim: &Simulation,
    tasks: &[TaskState],
    instances: &[InstanceStatus],
    t: SimTime,
    fast: bool,
) -> Frame {
    let mut boxes: Vec<InstanceBox> = sim
        .instances
        .iter()
        .zip(instances)
        .map(|(ci, status)| InstanceBox {
            name: ci.name.clone(),
            cpu_units: ci.spec.cpu_units,
            memory_mib: ci.spec.memory_mib,
            tasks: Vec::new(),
            status: match status {
                InstanceStatus::Active => BoxStatus::Active,
                InstanceStatus::Draining => BoxStatus::Draining,
                InstanceStatus::Registering | InstanceStatus::Deregistered => BoxStatus::Gone,
            },
        })
        .collect();
    let (mut starting, mut running, mut stopping) = (0, 0, 0);
    for (i, state) in tasks.iter().enumerate() {
        if !state.seen || state.status == TaskStatus::Stopped {
            continue;
        }
        let task = &sim.tasks[i];
        let Some(ci) = task.container_instance else {
            continue;
        };
        let shade = if state.desired_stopped || state.status > TaskStatus::Running {
            stopping += 1;
            TaskShade::Stopping
        } else if state.status < TaskStatus::Running {
            starting += 1;
            TaskShade::Starting
        } else {
            running += 1;
            TaskShade::Healthy
        };
        let def = &sim.task_definitions[task.task_definition.idx()];
        boxes[ci.idx()].tasks.push(TaskBlock {
            cpu_units: def.cpu_units,
            memory_mib: def.memory_mib,
            color: deployment_color(task.deployment),
            shade,
        });
    }
    let mut caption = format!("{running} running");
    if starting > 0 {
        caption.push_str(&format!(" · {starting} starting"));
    }
    if stopping > 0 {
        caption.push_str(&format!(" · {stopping} stopping"));
    }
    if fast {
        caption.push_str(" · fast-forward: nothing changes for a while");
    }
    Frame {
        time_label: format!("t = {}", format_clock(t as f64 / 1000.0)),
        instances: boxes,
        caption: Some(caption),
    }
}

/// Writes the animation as a looping GIF, and its busiest frame (most tasks) as a PNG still
/// next to it (same name, `.png`) for slides and documents.
pub fn write(animation: &Animation, path: &Path) -> Result<(), String> {
    charts::write_instances_gif(
        &animation.frames,
        &animation.legend,
        &animation.title,
        path,
        FRAME_DELAY_MS,
    )
    .map_err(|e| e.to_string())?;
    let tasks = |f: &Frame| f.instances.iter().map(|i| i.tasks.len()).sum::<usize>();
    let busiest = animation
        .frames
        .iter()
        .enumerate()
        .max_by_key(|(i, f)| (tasks(f), std::cmp::Reverse(*i)))
        .map(|(_, f)| f);
    if let Some(frame) = busiest {
        charts::write_instances_png(
            frame,
            &animation.legend,
            &animation.title,
            &path.with_extension("png"),
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_quiet_stretches_keep_simulated_time() {
        let t = Timeline::new(&[57_000, 60_000, 90_000, 126_000]);
        assert_eq!(t.length, 69_000);
        assert_eq!(t.at(0), (57_000, false));
        assert_eq!(t.at(33_000), (90_000, false));
        assert_eq!(t.at(69_000), (126_000, false));
    }

    #[test]
    fn long_quiet_stretches_are_fast_forwarded() {
        // 3:00 → 5:00 (2 min quiet) and 7:00 → 30:00 (23 min quiet) take 60 s each; the deploy
        // between them (changes every 30 s) keeps its 2 min.
        let t = Timeline::new(&[
            180_000, 300_000, 330_000, 360_000, 390_000, 420_000, 1_800_000,
        ]);
        assert_eq!(t.length, 60_000 + 120_000 + 60_000);
        assert_eq!(t.at(30_000), (240_000, true));
        assert_eq!(t.at(60_000), (300_000, false));
        assert_eq!(t.at(120_000), (360_000, false));
        assert_eq!(t.at(210_000), (1_110_000, true));
        assert_eq!(t.at(240_000), (1_800_000, false));
    }
}
