//! Placement heuristics as a service's `placementStrategy` (`{"type": "heuristic", "field":
//! NAME}`, an ecsim extension): every task lands where `packing::Heuristic::online_score` puts
//! it, replayed over the same cluster by a brute-force oracle (ties to the lowest instance id),
//! so the simulator and `ecsim bench placement` use one definition of each heuristic.

use serde_json::{Value, json};
use sim::Simulation;
use sim::service::Heuristic;
use sim::service::PlacementStrategy;

use super::support::parse;

/// Instances of six shapes over two zones, and two services of different task shapes that are
/// placed at t = 0 with `heuristic`, enough tasks to fill part of the cluster.
fn cluster(heuristic: &str) -> Value {
    let strategy = json!([{"type": "heuristic", "field": heuristic}]);
    let zones = json!(["us-east-1a", "us-east-1b"]);
    json!({
        "name": "heuristics", "seed": 5, "durationSeconds": 60,
        "cluster": {"containerInstances": [
            {"count": 2, "instanceType": "custom", "cpu": 2048, "memory": 4096, "availabilityZones": zones},
            {"count": 2, "instanceType": "custom", "cpu": 4096, "memory": 8192, "availabilityZones": zones},
            {"count": 2, "instanceType": "custom", "cpu": 1024, "memory": 7680, "availabilityZones": zones},
            {"count": 2, "instanceType": "custom", "cpu": 2048, "memory": 16384, "availabilityZones": zones},
            {"count": 2, "instanceType": "custom", "cpu": 4096, "memory": 4096, "availabilityZones": zones},
            {"count": 2, "instanceType": "custom", "cpu": 1024, "memory": 2048, "availabilityZones": zones}
        ]},
        "taskDefinitions": [
            {"family": "cpu-heavy", "containerDefinitions": [{"name": "app", "cpu": 768, "memory": 512}]},
            {"family": "memory-heavy", "containerDefinitions": [{"name": "app", "cpu": 256, "memory": 1536}]}
        ],
        "services": [
            {"serviceName": "cpu-heavy", "taskDefinition": "cpu-heavy:1", "desiredCount": 14, "placementStrategy": strategy},
            {"serviceName": "memory-heavy", "taskDefinition": "memory-heavy:1", "desiredCount": 18, "placementStrategy": strategy}
        ],
    })
}

/// Replays the placements of `sim` in task order: for each task, the instance the heuristic
/// scores best (lowest score, then lowest id) given the tasks placed before it.
fn replay(sim: &Simulation, heuristic: Heuristic) -> Vec<Option<u32>> {
    let n = sim.instances.len();
    let capacity: Vec<[u64; 2]> = sim
        .instances
        .iter()
        .map(|ci| [ci.spec.cpu_units as u64, ci.spec.memory_mib as u64])
        .collect();
    let mut remaining = capacity.clone();
    let mut per_service = vec![vec![0u32; n]; sim.services.len()];
    let mut chosen = Vec::new();
    for task in &sim.tasks {
        let td = &sim.task_definitions[task.task_definition.idx()];
        let item = [td.cpu_units as u64, td.memory_mib as u64];
        let counts = &per_service[task.service.idx()];
        let best = (0..n)
            .filter_map(|i| {
                heuristic
                    .online_score(&capacity[i], &remaining[i], &item, counts[i])
                    .map(|score| (score, i))
            })
            .min()
            .map(|(_, i)| i);
        if let Some(i) = best {
            remaining[i][0] -= item[0];
            remaining[i][1] -= item[1];
            per_service[task.service.idx()][i] += 1;
        }
        chosen.push(best.map(|i| i as u32));
    }
    chosen
}

#[test]
fn every_online_heuristic_places_where_the_packing_crate_scores_best() {
    for heuristic in Heuristic::ALL {
        if heuristic.is_offline() || heuristic.breaks_ties_randomly() {
            continue;
        }
        let config = parse(&cluster(heuristic.name())).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            config.services[0].config.placement_strategy,
            vec![PlacementStrategy::Heuristic(heuristic)]
        );
        let sim = Simulation::new(config);
        assert_eq!(
            sim.tasks.len(),
            32,
            "{heuristic}: every task placed at t = 0"
        );
        let placed: Vec<Option<u32>> = sim
            .tasks
            .iter()
            .map(|t| t.container_instance.map(|i| i.0))
            .collect();
        assert_eq!(placed, replay(&sim, heuristic), "{heuristic}");
    }
}

#[test]
fn the_heuristics_do_not_all_place_alike() {
    // The cluster separates them: otherwise the test above could not tell them apart.
    let mut placements: Vec<Vec<Option<u32>>> = Vec::new();
    for name in [
        "first-fit",
        "best-fit",
        "worst-fit",
        "dot-product",
        "spread",
    ] {
        let config = parse(&cluster(name)).unwrap();
        let sim = Simulation::new(config);
        let placed = sim
            .tasks
            .iter()
            .map(|t| t.container_instance.map(|i| i.0))
            .collect();
        assert!(!placements.contains(&placed), "{name} places like another");
        placements.push(placed);
    }
}

#[test]
fn random_places_every_task_and_depends_on_the_seed() {
    let run = |seed: u64| {
        let mut v = cluster("random");
        v["seed"] = json!(seed);
        let sim = Simulation::new(parse(&v).unwrap());
        assert_eq!(sim.tasks.len(), 32);
        sim.tasks
            .iter()
            .map(|t| t.container_instance.unwrap().0)
            .collect::<Vec<_>>()
    };
    assert_eq!(run(1), run(1));
    assert_ne!(run(1), run(2));
}

#[test]
fn a_deploy_with_a_heuristic_completes_with_the_invariants_held() {
    let mut v = cluster("dot-product");
    v["taskDefinitions"]
        .as_array_mut()
        .unwrap()
        .push(json!({"family": "cpu-heavy", "containerDefinitions": [{"name": "app", "cpu": 512, "memory": 512}]}));
    v["timeline"] = json!([{"atSeconds": 10, "action": "UpdateService", "service": "cpu-heavy", "taskDefinition": "cpu-heavy:2"}]);
    let sim = super::support::run(&v);
    let svc = &sim.services[0];
    let primary = &sim.deployments[svc.primary().idx()];
    assert_eq!(
        primary.rollout_state,
        sim::deployment::RolloutState::Completed
    );
}

fn error_of(strategy: Value) -> String {
    let mut v = cluster("first-fit");
    v["services"][0]["placementStrategy"] = json!([strategy]);
    parse(&v).expect_err("refused").to_string()
}

#[test]
fn unknown_offline_and_missing_heuristics_are_refused_at_the_field() {
    let text = error_of(json!({"type": "heuristic", "field": "best-fti"}));
    assert!(
        text.contains("services[0].placementStrategy[0].field"),
        "{text}"
    );
    assert!(text.contains("unknown heuristic `best-fti`"), "{text}");
    assert!(text.contains("did you mean `best-fit`?"), "{text}");

    let text = error_of(json!({"type": "heuristic", "field": "ffd-size"}));
    assert!(
        text.contains("services[0].placementStrategy[0].field"),
        "{text}"
    );
    assert!(text.contains("sorts a whole list of tasks"), "{text}");
    assert!(
        text.contains("first-fit places one task as ffd-* would"),
        "{text}"
    );

    let text = error_of(json!({"type": "heuristic"}));
    assert!(text.contains("heuristic needs a field"), "{text}");
    assert!(text.contains("dot-product"), "{text}");
    assert!(
        !text.contains("ffd-size"),
        "offline ones are not offered: {text}"
    );

    let text = error_of(json!({"type": "heuristc", "field": "first-fit"}));
    assert!(text.contains("did you mean `heuristic`?"), "{text}");
}
