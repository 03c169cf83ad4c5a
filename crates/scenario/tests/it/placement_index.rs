//! Binpack placement through the index (§2.2) against a brute-force oracle: the instance that
//! fits with the least remaining memory (CPU), ties to the random key. The clusters make most
//! instances have the memory but not the CPU for the measured task (and the other way round), so
//! the search goes past its first steps into the per-resource classes of the index.

use serde_json::{Value, json};
use sim::{ServiceId, Simulation, TaskDefinitionId};

/// 60 instances of 2048 CPU / 8192 MiB. Service `filler` (desired `fillers`, 1536 CPU / 1024 MiB,
/// or 512 CPU / 6144 MiB when `by_cpu`) is placed at t = 0 with the measured strategy and leaves
/// one task per instance: 512 CPU and 7168 MiB free (or 1536 CPU and 2048 MiB). Service `probe`
/// (desired 0) has tasks of 1024 CPU / 4096 MiB, which fit only on the instances without a filler.
/// A third task definition of 256 CPU / 256 MiB keeps every instance in the index.
fn cluster(fillers: u32, by_cpu: bool) -> Value {
    let field = if by_cpu { "cpu" } else { "memory" };
    let (fc, fm) = if by_cpu { (512, 6144) } else { (1536, 1024) };
    let strategy = json!([{"type": "binpack", "field": field}]);
    json!({
        "name": "placement", "seed": 11, "durationSeconds": 60,
        "cluster": {"containerInstances": [
            {"count": 60, "instanceType": "custom", "cpu": 2048, "memory": 8192,
             "availabilityZones": ["us-east-1a", "us-east-1b"]}
        ]},
        "taskDefinitions": [
            {"family": "probe", "containerDefinitions": [{"name": "app", "cpu": 1024, "memory": 4096}]},
            {"family": "filler", "containerDefinitions": [{"name": "app", "cpu": fc, "memory": fm}]},
            {"family": "tiny", "containerDefinitions": [{"name": "app", "cpu": 256, "memory": 256}]}
        ],
        "services": [
            {"serviceName": "probe", "taskDefinition": "probe:1", "desiredCount": 0, "placementStrategy": strategy},
            {"serviceName": "filler", "taskDefinition": "filler:1", "desiredCount": fillers, "placementStrategy": strategy}
        ],
    })
}

/// The oracle: among ACTIVE instances with room for `cpu` and `memory`, the least remaining
/// `memory` (or CPU), then the smallest tie key.
fn oracle(sim: &Simulation, cpu: u32, memory: u32, by_cpu: bool) -> Option<u32> {
    sim.instances
        .iter()
        .enumerate()
        .filter(|(_, ci)| ci.remaining_cpu >= cpu && ci.remaining_memory >= memory)
        .min_by_key(|(_, ci)| {
            let left = if by_cpu {
                ci.remaining_cpu
            } else {
                ci.remaining_memory
            };
            (left, ci.tie_key)
        })
        .map(|(i, _)| i as u32)
}

fn check(fillers: u32, by_cpu: bool) {
    let v = cluster(fillers, by_cpu);
    let config = scenario::parse("placement.json", &v.to_string())
        .unwrap_or_else(|e| panic!("{e}"))
        .config;
    let mut sim = Simulation::new(config);
    let with_filler = sim
        .instances
        .iter()
        .filter(|ci| !ci.tasks.is_empty())
        .count();
    assert_eq!(
        with_filler as u32,
        fillers.min(60),
        "one filler per instance"
    );
    let chosen = sim.choose_instance(ServiceId(0), TaskDefinitionId(0));
    match oracle(&sim, 1024, 4096, by_cpu) {
        Some(want) => assert_eq!(chosen.map(|i| i.0), Ok(want), "fillers {fillers}"),
        None => assert!(chosen.is_err(), "fillers {fillers}: nothing fits"),
    }
}

#[test]
fn binpack_memory_skips_instances_without_the_cpu() {
    for fillers in [0, 5, 40, 59, 60] {
        check(fillers, false);
    }
}

#[test]
fn binpack_cpu_skips_instances_without_the_memory() {
    for fillers in [0, 5, 40, 59, 60] {
        check(fillers, true);
    }
}

/// Runs a scenario file of `placement_reuse/` with the invariant checks after every event, which
/// compare every binpack decision the next placement would reuse with a full search
/// (`placement::LastChoice`). Each file is a case where reusing it would be wrong.
fn reuse_case(file: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/placement_reuse")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    super::support::run(&serde_json::from_str(&text).unwrap());
}

/// Tasks without a CPU reservation leave a binpack-on-CPU instance only tied with the others,
/// and ties go to the random key (§8.7).
#[test]
fn a_reservation_of_none_of_the_resource_does_not_keep_the_decision() {
    reuse_case("zero-cpu.json");
}

/// DAEMON tasks placed on another instance make it the better binpack choice.
#[test]
fn a_reservation_on_another_instance_does_not_keep_the_decision() {
    reuse_case("daemons.json");
}

/// Under distinctInstance, a task told to stop frees its instance for the next one.
#[test]
fn a_task_told_to_stop_does_not_keep_the_decision() {
    reuse_case("distinct-instance.json");
}

/// The scan path (`spread` over a custom attribute, then `binpack`) compares instances by their
/// whole key wherever they are: the same choice with the instances in one zone or in two.
#[test]
fn the_scan_compares_whole_keys_across_zones() {
    let chosen = |zones: Value| {
        let v = json!({
            "name": "scan", "seed": 3, "durationSeconds": 60,
            "cluster": {"containerInstances": [
                {"count": 1, "instanceType": "custom", "cpu": 4096, "memory": 16384,
                 "attributes": {"rack": "a"}, "availabilityZones": zones[0]},
                {"count": 1, "instanceType": "custom", "cpu": 4096, "memory": 4096,
                 "attributes": {"rack": "a"}, "availabilityZones": zones[1]}
            ]},
            "taskDefinitions": [{"family": "t", "containerDefinitions": [{"name": "app", "cpu": 256, "memory": 1024}]}],
            "services": [{"serviceName": "s", "taskDefinition": "t:1", "desiredCount": 0,
                          "placementStrategy": [
                              {"type": "spread", "field": "attribute:rack"},
                              {"type": "binpack", "field": "memory"}]}],
        });
        let config = scenario::parse("scan.json", &v.to_string())
            .unwrap_or_else(|e| panic!("{e}"))
            .config;
        let mut sim = Simulation::new(config);
        sim.choose_instance(ServiceId(0), TaskDefinitionId(0))
            .map(|i| i.0)
    };
    // Both racks hold no task of the service: binpack decides, the 4 GiB instance (id 1).
    assert_eq!(chosen(json!([["us-east-1a"], ["us-east-1a"]])), Ok(1));
    assert_eq!(chosen(json!([["us-east-1a"], ["us-east-1b"]])), Ok(1));
}
