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

#[test]
fn random_picks_uniformly_among_the_instances_that_fit() {
    // Twenty identical instances with room for every task: a uniform pick puts a task on the
    // same instance as the task before it one time in twenty. Reusing the chosen instance's
    // random key would make that far likelier.
    let mut repeats = 0;
    let mut pairs = 0;
    for seed in 1..=30 {
        let v = json!({
            "name": "uniform", "seed": seed, "durationSeconds": 60,
            "cluster": {"containerInstances": [{"count": 20, "instanceType": "custom", "cpu": 8192, "memory": 32768}]},
            "taskDefinitions": [{"family": "t", "containerDefinitions": [{"name": "app", "cpu": 256, "memory": 256}]}],
            "services": [{"serviceName": "s", "taskDefinition": "t:1", "desiredCount": 40,
                          "placementStrategy": [{"type": "heuristic", "field": "random"}]}],
        });
        let sim = Simulation::new(parse(&v).unwrap());
        let placed: Vec<u32> = sim
            .tasks
            .iter()
            .map(|t| t.container_instance.unwrap().0)
            .collect();
        assert_eq!(placed.len(), 40);
        repeats += placed.windows(2).filter(|w| w[0] == w[1]).count();
        pairs += placed.len() - 1;
    }
    let rate = repeats as f64 / pairs as f64;
    assert!(
        rate < 0.1,
        "same instance twice in a row {rate:.3} of the time (uniform: 0.05)"
    );
}

/// Whether both deploys of a shipped scenario complete, with `seed`.
fn both_deploys_complete(file: &str, seed: u64) -> bool {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/placement/");
    let text = std::fs::read_to_string(format!("{path}{file}")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["seed"] = json!(seed);
    let sim = super::support::run(&v);
    sim.services.iter().all(|svc| {
        sim.deployments[svc.primary().idx()].rollout_state
            == sim::deployment::RolloutState::Completed
    })
}

#[test]
fn the_shipped_pair_stalls_with_binpack_and_completes_with_dot_product_for_every_seed() {
    // What scenarios/placement/*.json say of themselves.
    for seed in 1..=20 {
        assert!(
            !both_deploys_complete("binpack-memory-stalls.json", seed),
            "seed {seed}: binpack memory completed"
        );
        assert!(
            both_deploys_complete("dot-product-completes.json", seed),
            "seed {seed}: dot-product stalled"
        );
    }
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

fn strategies_error(strategies: Value) -> Option<String> {
    let mut v = cluster("first-fit");
    v["services"][0]["placementStrategy"] = strategies;
    parse(&v).err().map(|e| e.to_string())
}

#[test]
fn a_heuristic_decides_alone_or_after_a_zone_spread() {
    let zone = json!({"type": "spread", "field": "attribute:ecs.availability-zone"});
    let h = json!({"type": "heuristic", "field": "best-fit"});
    let binpack = json!({"type": "binpack", "field": "memory"});
    assert_eq!(strategies_error(json!([h])), None);
    assert_eq!(strategies_error(json!([zone, h])), None);
    let text = strategies_error(json!([binpack, h])).unwrap();
    assert!(text.contains("services[0].placementStrategy[1]"), "{text}");
    assert!(text.contains("a heuristic must come first"), "{text}");
    let text = strategies_error(json!([h, binpack])).unwrap();
    assert!(text.contains("services[0].placementStrategy[1]"), "{text}");
    assert!(
        text.contains("no strategy can follow a heuristic"),
        "{text}"
    );
    let text = strategies_error(json!([zone, h, binpack])).unwrap();
    assert!(text.contains("services[0].placementStrategy[2]"), "{text}");
}
