//! The ground-truth cases of the behaviour contract (GT-NN), each run as a scenario. The rules
//! are asserted as relations that must hold for the numbers given, not as recorded outputs.

use super::support::*;
use serde_json::{Value, json};
use sim::Simulation;
use sim::deployment::RolloutState;
use sim::record::Record;
use sim::task::TaskStatus;

/// A one-service scenario: `instances` container instances (given as cluster groups), one
/// task definition family with revisions 1 and 2 built from `container`, a service, and a
/// deploy of revision 2 at t = 60 s unless `timeline` says otherwise.
fn scenario(instances: Value, container: Value, service: Value, timeline: Value) -> Value {
    let mut c2 = container.clone();
    c2["image"] = json!("app:2");
    let mut svc = json!({"serviceName": "web", "taskDefinition": "web:1", "desiredCount": 4});
    for (k, v) in service.as_object().unwrap() {
        svc[k] = v.clone();
    }
    json!({
        "name": "gt", "seed": 7, "durationSeconds": 7200,
        "cluster": {"containerInstances": instances},
        "taskDefinitions": [
            {"family": "web", "containerDefinitions": [container]},
            {"family": "web", "containerDefinitions": [c2]}
        ],
        "services": [svc],
        "timeline": timeline,
    })
}

/// Runs `service` (over the defaults) on `instances` with `container`, deploying revision 2 at
/// t = 60 s.
fn deploy(instances: Value, container: Value, service: Value) -> Simulation {
    run(&scenario(instances, container, service, deploy_at_60()))
}

fn deploy_at_60() -> Value {
    json!([{"atSeconds": 60, "action": "UpdateService", "service": "web", "taskDefinition": "web:2"}])
}

fn small() -> Value {
    json!({"name": "app", "cpu": 256, "memory": 512})
}

fn rollout(sim: &Simulation) -> RolloutState {
    sim.deployments.last().unwrap().rollout_state
}

/// (time, task index, status) of every lastStatus change, in order.
fn status_changes(sim: &Simulation) -> Vec<(u64, usize, TaskStatus, bool)> {
    sim.records
        .iter()
        .filter_map(|r| match r {
            Record::TaskStateChange {
                at,
                task,
                last_status,
                desired_stopped,
            } => Some((*at, task.idx(), *last_status, *desired_stopped)),
            _ => None,
        })
        .collect()
}

/// Replays the task records and returns, after every record, (tasks counted toward the
/// maximum, healthy-ish running tasks of the new revision, old revision running).
fn peak_tasks(sim: &Simulation) -> u32 {
    sim.services[0].stats.peak_task_count
}

fn min_healthy(sim: &Simulation) -> u32 {
    sim.services[0].stats.min_healthy_count.unwrap()
}

fn instances(count: u32, cpu: u32, memory: u32) -> Value {
    json!([{"count": count, "instanceType": "custom", "cpu": cpu, "memory": memory, "availabilityZones": ["us-east-1a", "us-east-1b"]}])
}

#[test]
fn gt01_max200_starts_a_whole_new_set_first() {
    // Capacity for 8 tasks: 2 instances × 4 tasks of 256 CPU units.
    let sim = deploy(
        instances(2, 1024, 4096),
        small(),
        json!({"desiredCount": 4}),
    );
    assert_eq!(rollout(&sim), RolloutState::Completed);
    assert_eq!(peak_tasks(&sim), 8);
    assert_eq!(min_healthy(&sim), 4);
    // All 4 new tasks are launched before the first old one is told to stop.
    let changes = status_changes(&sim);
    let first_stop = changes.iter().position(|c| c.3 && c.1 < 4).unwrap();
    let launched_before = changes[..first_stop]
        .iter()
        .filter(|c| c.1 >= 4 && c.2 == TaskStatus::Provisioning)
        .count();
    assert_eq!(launched_before, 4);
}

#[test]
fn gt02_min50_stops_first_in_a_full_cluster() {
    // Capacity for exactly 4 tasks.
    let svc =
        json!({"deploymentConfiguration": {"maximumPercent": 100, "minimumHealthyPercent": 50}});
    let sim = deploy(instances(1, 1024, 4096), small(), svc);
    assert_eq!(rollout(&sim), RolloutState::Completed);
    assert!(peak_tasks(&sim) <= 4);
    assert_eq!(min_healthy(&sim), 2);
    // The first move is stopping two old tasks.
    let changes = status_changes(&sim);
    let after_deploy: Vec<_> = changes.iter().filter(|c| c.0 >= 60_000).collect();
    assert!(
        after_deploy[0].3 && after_deploy[1].3,
        "first two changes are stops: {after_deploy:?}"
    );
}

#[test]
fn gt03_min_rounds_up() {
    let svc = json!({"desiredCount": 5, "deploymentConfiguration": {"maximumPercent": 100, "minimumHealthyPercent": 50}});
    let sim = deploy(instances(2, 1024 * 3, 4096 * 3), small(), svc);
    assert_eq!(rollout(&sim), RolloutState::Completed);
    // ceil(2.5) = 3 stay healthy, so at most 2 are stopped at a time.
    assert_eq!(min_healthy(&sim), 3);
    assert!(peak_tasks(&sim) <= 5);
}

#[test]
fn gt04_min75_of_two_forbids_stop_first() {
    let svc = json!({"desiredCount": 2, "deploymentConfiguration": {"maximumPercent": 200, "minimumHealthyPercent": 75}});
    let sim = deploy(instances(2, 1024, 4096), small(), svc);
    assert_eq!(rollout(&sim), RolloutState::Completed);
    assert_eq!(min_healthy(&sim), 2);
    assert_eq!(peak_tasks(&sim), 4);
}

#[test]
fn gt05_max125_of_three_forbids_start_first() {
    let svc = json!({"desiredCount": 3, "deploymentConfiguration": {"maximumPercent": 125, "minimumHealthyPercent": 0}});
    let sim = deploy(instances(2, 4096, 8192), small(), svc);
    assert_eq!(rollout(&sim), RolloutState::Completed);
    assert_eq!(peak_tasks(&sim), 3);
    let changes = status_changes(&sim);
    let first = changes.iter().find(|c| c.0 >= 60_000).unwrap();
    assert!(first.3 && first.1 < 3, "an old task stops first: {first:?}");
}

#[test]
fn gt05_variant_min100_max125_stalls() {
    let svc = json!({"desiredCount": 3, "deploymentConfiguration": {"maximumPercent": 125, "minimumHealthyPercent": 100}});
    let sim = deploy(instances(2, 4096, 8192), small(), svc);
    assert_eq!(rollout(&sim), RolloutState::InProgress);
    assert!(events(&sim).iter().any(|e| e.contains(
        "was unable to stop or start tasks during a deployment because of the service deployment configuration"
    )));
    // No task changes after the deploy.
    assert!(status_changes(&sim).iter().all(|c| c.0 < 60_000));
    let stall = sim.deployments.last().unwrap().stall.clone().unwrap();
    assert_eq!(
        stall.hint,
        "raise maximumPercent to 134 or lower minimumHealthyPercent to 66"
    );
}

#[test]
fn gt06_single_task_service() {
    // (a) 100/200: start first, no gap.
    let svc = json!({"desiredCount": 1, "deploymentConfiguration": {"maximumPercent": 200, "minimumHealthyPercent": 100}});
    let sim = deploy(instances(1, 1024, 4096), small(), svc);
    assert_eq!(
        (rollout(&sim), peak_tasks(&sim), min_healthy(&sim)),
        (RolloutState::Completed, 2, 1)
    );
    // (b) 0/100: stop first; 0 healthy for a while.
    let svc = json!({"desiredCount": 1, "deploymentConfiguration": {"maximumPercent": 100, "minimumHealthyPercent": 0}});
    let sim = deploy(instances(1, 1024, 4096), small(), svc);
    assert_eq!(
        (rollout(&sim), peak_tasks(&sim), min_healthy(&sim)),
        (RolloutState::Completed, 1, 0)
    );
    // (c) 100/100: stalls.
    let svc = json!({"desiredCount": 1, "deploymentConfiguration": {"maximumPercent": 100, "minimumHealthyPercent": 100}});
    let sim = deploy(instances(1, 1024, 4096), small(), svc);
    assert_eq!(rollout(&sim), RolloutState::InProgress);
    assert!(
        events(&sim)
            .iter()
            .any(|e| e.contains("unable to stop or start tasks"))
    );
}

#[test]
fn gt07_batch_size() {
    let svc = json!({"desiredCount": 10, "deploymentConfiguration": {"maximumPercent": 150, "minimumHealthyPercent": 100}});
    // Capacity for 15 tasks exactly: 3 instances × 5.
    let sim = deploy(instances(3, 1280, 8192), small(), svc);
    assert_eq!(rollout(&sim), RolloutState::Completed);
    assert_eq!(peak_tasks(&sim), 15);
    // At least two waves: launches of the new revision happen at two or more distinct times.
    let launches: std::collections::BTreeSet<u64> = status_changes(&sim)
        .iter()
        .filter(|c| c.1 >= 10 && c.2 == TaskStatus::Provisioning)
        .map(|c| c.0)
        .collect();
    assert!(launches.len() >= 2, "{launches:?}");
    // Variant max 200: one wave of 10.
    let svc = json!({"desiredCount": 10, "deploymentConfiguration": {"maximumPercent": 200, "minimumHealthyPercent": 100}});
    let sim = deploy(instances(4, 1280, 8192), small(), svc);
    let launches: Vec<u64> = status_changes(&sim)
        .iter()
        .filter(|c| c.1 >= 10 && c.2 == TaskStatus::Provisioning)
        .map(|c| c.0)
        .collect();
    assert_eq!(launches.len(), 10);
    assert!(launches.iter().all(|&t| t == launches[0]));
}

#[test]
fn gt08_healthy_forty_seconds_after_running() {
    // No LB, no health check, instant pull and exit: RUNNING at 60 s, healthy at 100 s, then
    // the old task stops at once: the deploy takes exactly 40 s.
    let svc = json!({"desiredCount": 1});
    let sim = deploy(instances(1, 1024, 4096), small(), svc);
    let d = sim.deployments.last().unwrap();
    assert_eq!(d.completed_at.unwrap() - d.started_at, 40_000);
}

#[test]
fn gt08_variant_container_health_check() {
    let mut c = small();
    c["healthCheck"] = json!({"command": ["CMD", "true"], "interval": 30, "retries": 3});
    let mut v = scenario(
        instances(1, 1024, 4096),
        c,
        json!({"desiredCount": 1}),
        deploy_at_60(),
    );
    v["taskBehavior"] = json!({"default": {"readySeconds": 45}});
    let sim = run(&v);
    // Ready at 45 s: the checks at 30 s fail, the one at 60 s passes.
    let d = sim.deployments.last().unwrap();
    assert_eq!(d.completed_at.unwrap() - d.started_at, 60_000);
}

fn with_lb(mut v: Value, delay: f64, interval: f64) -> Value {
    v["services"][0]["loadBalancers"] =
        json!([{"targetGroupArn": "tg", "containerName": "app", "containerPort": 80}]);
    v["targetGroups"] = json!([{"targetGroupName": "tg", "deregistrationDelaySeconds": delay, "healthCheckIntervalSeconds": interval}]);
    v
}

/// From the decision to stop the old task of a one-task deploy to its STOPPED, in ms.
fn stop_latency(deregistration_delay_s: f64, sigterm_exit_s: u64) -> u64 {
    let scenario = scenario(
        instances(2, 1024, 4096),
        small(),
        json!({"desiredCount": 1}),
        deploy_at_60(),
    );
    let mut v = with_lb(scenario, deregistration_delay_s, 30.0);
    v["taskBehavior"] = json!({"default": {"sigtermExitSeconds": sigterm_exit_s}});
    let changes = status_changes(&run(&v));
    let stop_decided = changes.iter().find(|c| c.1 == 0 && c.3).unwrap().0;
    let stopped = changes
        .iter()
        .find(|c| c.1 == 0 && c.2 == TaskStatus::Stopped)
        .unwrap()
        .0;
    stopped - stop_decided
}

#[test]
fn gt09_old_task_stop_latency_behind_an_alb() {
    // Default deregistration delay 300 s; the container ignores SIGTERM; stopTimeout 30 s.
    assert_eq!(stop_latency(300.0, 1000), 330_000);
    // Variant: 5 s delay and an app that exits on SIGTERM after 1 s.
    assert_eq!(stop_latency(5.0, 1), 6_000);
}

#[test]
fn gt10_new_target_needs_one_check() {
    let mut v = with_lb(
        scenario(
            instances(2, 1024, 4096),
            small(),
            json!({"desiredCount": 1}),
            deploy_at_60(),
        ),
        0.0,
        30.0,
    );
    v["taskBehavior"] = json!({"default": {"readySeconds": 10}});
    let sim = run(&v);
    let d = sim.deployments.last().unwrap();
    // Healthy at the first check, 30 s after RUNNING (≤ 40 s), not 150 s.
    assert_eq!(d.completed_at.unwrap() - d.started_at, 30_000);
    // The legacy switch: HealthyThresholdCount 5 × 30 s.
    v["parameters"] = json!({"legacyNewTargetHealth": true});
    let sim = run(&v);
    let d = sim.deployments.last().unwrap();
    assert_eq!(d.completed_at.unwrap() - d.started_at, 150_000);
}

#[test]
fn gt13_failing_new_tasks_trip_the_circuit_breaker() {
    let svc = json!({"desiredCount": 4, "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": true}}});
    let mut v = scenario(instances(2, 1024, 4096), small(), svc, deploy_at_60());
    v["taskBehavior"] = json!({"web:2": {"startFailureProbability": 1.0, "pullSeconds": 10}});
    let sim = run(&v);
    let failed = &sim.deployments[1];
    assert_eq!(failed.rollout_state, RolloutState::Failed);
    // It failed at the third failure; the fourth task was already in flight. No more launches.
    assert!(failed.failed_tasks >= 3);
    assert_eq!(failed.launched, 4);
    // Rolled back: a third deployment of web:1 completes; old tasks never dropped below 4 healthy.
    let rollback = &sim.deployments[2];
    assert_eq!(
        sim.task_definitions[rollback.task_definition.idx()].name(),
        "web:1"
    );
    assert_eq!(rollback.rollout_state, RolloutState::Completed);
    assert_eq!(min_healthy(&sim), 4);
}

#[test]
fn gt13_without_breaker_retries_with_growing_gaps_capped_at_15_minutes() {
    let svc = json!({"desiredCount": 1});
    let mut v = scenario(instances(2, 1024, 4096), small(), svc, deploy_at_60());
    v["taskBehavior"] = json!({"web:2": {"startFailureProbability": 1.0}});
    v["durationSeconds"] = json!(4 * 3600);
    let sim = run(&v);
    assert_eq!(rollout(&sim), RolloutState::InProgress);
    let launches: Vec<u64> = status_changes(&sim)
        .iter()
        .filter(|c| c.1 >= 1 && c.2 == TaskStatus::Provisioning)
        .map(|c| c.0)
        .collect();
    let gaps: Vec<u64> = launches.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(gaps.len() > 8, "{gaps:?}");
    assert!(gaps.windows(2).all(|w| w[1] >= w[0]), "gaps grow: {gaps:?}");
    assert_eq!(*gaps.last().unwrap(), 15 * 60_000);
    assert!(gaps.iter().all(|&g| g <= 15 * 60_000));
    assert!(
        events(&sim)
            .iter()
            .any(|e| e.contains("is unable to consistently start tasks successfully"))
    );
}

fn binpack() -> Value {
    json!([{"type": "binpack", "field": "memory"}])
}

#[test]
fn gt14_binpack_memory_picks_the_tightest_fit() {
    let insts = json!([
        {"instanceType": "custom", "cpu": 4096, "memory": 1000},
        {"instanceType": "custom", "cpu": 4096, "memory": 2000}
    ]);
    for (mem, expected) in [(512, Some("i-0001")), (1500, Some("i-0002")), (2500, None)] {
        let c = json!({"name": "app", "cpu": 10, "memory": mem});
        let svc = json!({"desiredCount": 1, "placementStrategy": binpack()});
        let v = scenario(insts.clone(), c, svc, json!([]));
        let sim = run(&v);
        let placed = sim
            .tasks
            .first()
            .and_then(|t| t.container_instance)
            .map(|i| sim.instances[i.idx()].name.as_str());
        assert_eq!(placed, expected, "task of {mem} MiB");
        if expected.is_none() {
            assert!(events(&sim).iter().any(|e| {
                e.contains("no container instance met all of its requirements")
                    && e.contains("insufficient memory")
            }));
        }
    }
}

#[test]
fn gt15_binpack_scale_in_empties_the_emptiest_instance() {
    // A filler task pins 1024 MiB on A, so binpack puts three web tasks on A and the fourth on B.
    let v = json!({
        "name": "gt15", "durationSeconds": 600,
        "cluster": {"containerInstances": [
            {"instanceType": "custom", "cpu": 4096, "memory": 4096, "attributes": {"slot": "a"}},
            {"instanceType": "custom", "cpu": 4096, "memory": 4096, "attributes": {"slot": "b"}}
        ]},
        "taskDefinitions": [
            {"family": "filler", "containerDefinitions": [{"name": "f", "memory": 1024}]},
            {"family": "web", "containerDefinitions": [{"name": "w", "memory": 1024}]}
        ],
        "services": [
            {"serviceName": "filler", "taskDefinition": "filler:1", "desiredCount": 1,
             "placementConstraints": [{"type": "memberOf", "expression": "attribute:slot == a"}]},
            {"serviceName": "web", "taskDefinition": "web:1", "desiredCount": 4, "placementStrategy": binpack()}
        ],
        "timeline": [{"atSeconds": 10, "action": "UpdateService", "service": "web", "desiredCount": 3}]
    });
    let sim = run(&v);
    let on = |name: &str| {
        sim.tasks
            .iter()
            .filter(|t| {
                t.service.0 == 1
                    && t.last_status != TaskStatus::Stopped
                    && sim.instances[t.container_instance.unwrap().idx()].name == name
            })
            .count()
    };
    assert_eq!((on("i-0001"), on("i-0002")), (3, 0));
    let stopped: Vec<_> = sim
        .tasks
        .iter()
        .filter(|t| t.last_status == TaskStatus::Stopped)
        .collect();
    assert_eq!(stopped.len(), 1);
    assert_eq!(
        sim.instances[stopped[0].container_instance.unwrap().idx()].name,
        "i-0002"
    );
}

fn three_zones() -> Value {
    json!([{"count": 3, "instanceType": "custom", "cpu": 8192, "memory": 16384,
            "availabilityZones": ["us-east-1a", "us-east-1b", "us-east-1c"]}])
}

fn tasks_per_zone(sim: &Simulation) -> Vec<u32> {
    let mut v = sim.services[0].tasks_per_az.clone();
    v.sort_unstable_by(|a, b| b.cmp(a));
    v
}

#[test]
fn gt16_default_spread_across_zones() {
    for seed in 1..20 {
        let mut v = scenario(
            three_zones(),
            small(),
            json!({"desiredCount": 6}),
            json!([]),
        );
        v["seed"] = json!(seed);
        assert_eq!(tasks_per_zone(&run(&v)), vec![2, 2, 2]);
        let mut v = scenario(
            three_zones(),
            small(),
            json!({"desiredCount": 7}),
            json!([{"atSeconds": 10, "action": "UpdateService", "service": "web", "desiredCount": 6}]),
        );
        v["seed"] = json!(seed);
        v["startSteady"] = json!(false);
        let sim = run(&v);
        // 3/2/2, then scale-in from 7 to 6 removes from the zone with 3.
        assert_eq!(tasks_per_zone(&sim), vec![2, 2, 2]);
    }
}

#[test]
fn gt17_scale_in_never_takes_from_the_smallest_zone() {
    for seed in 1..30 {
        let mut v = scenario(
            three_zones(),
            small(),
            json!({"desiredCount": 5}),
            json!([{"atSeconds": 10, "action": "UpdateService", "service": "web", "desiredCount": 4}]),
        );
        v["seed"] = json!(seed);
        let sim = run(&v);
        // 2/2/1 → 2/1/1: the zone that had one task keeps it.
        assert_eq!(tasks_per_zone(&sim), vec![2, 1, 1], "seed {seed}");
    }
}

fn port80() -> Value {
    json!({"name": "app", "cpu": 256, "memory": 512, "portMappings": [{"containerPort": 80, "hostPort": 80}]})
}

#[test]
fn gt18_static_host_port_one_task_per_instance() {
    let v = scenario(
        instances(2, 4096, 8192),
        port80(),
        json!({"desiredCount": 3}),
        json!([]),
    );
    let sim = run(&v);
    let c = sim.live_counts(sim::ServiceId(0));
    assert_eq!(c.running, 2);
    let unplaced: Vec<_> = events(&sim)
        .into_iter()
        .filter(|e| e.contains("unable to place a task"))
        .collect();
    assert_eq!(unplaced.len(), 1, "deduplicated within 6 h: {unplaced:?}");
    assert!(unplaced[0].contains("is already using a port required by your task"));
    assert!(sim.services[0].stats.unplaced_attempts > 100);
}

#[test]
fn gt18_duplicate_event_repeats_after_six_hours() {
    let mut v = scenario(
        instances(2, 4096, 8192),
        port80(),
        json!({"desiredCount": 3}),
        json!([]),
    );
    v["durationSeconds"] = json!(13 * 3600);
    let sim = run(&v);
    let n = events(&sim)
        .iter()
        .filter(|e| e.contains("unable to place a task"))
        .count();
    assert_eq!(n, 3); // at 0 h, 6 h and 12 h
}

#[test]
fn gt19_static_port_blocks_a_start_first_deploy() {
    let svc = json!({"desiredCount": 2, "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": true}}});
    let sim = deploy(instances(2, 4096, 8192), port80(), svc);
    assert_eq!(rollout(&sim), RolloutState::InProgress);
    assert_eq!(
        sim.deployments[1].failed_tasks, 0,
        "unplaced tasks do not trip the breaker (§8.5)"
    );
    let stall = sim.deployments[1].stall.clone().unwrap();
    assert!(stall.reason.contains("already using a port"));
    assert!(
        stall.hint.contains("lower minimumHealthyPercent to 50"),
        "{}",
        stall.hint
    );
    // The §8.5 switch: with unplaced attempts counted, the same deploy trips the breaker and
    // rolls back.
    let svc = json!({"desiredCount": 2, "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": true}}});
    let mut v = scenario(instances(2, 4096, 8192), port80(), svc, deploy_at_60());
    v["parameters"] = json!({"unplacedCountsTowardCircuitBreaker": true});
    let counted = run(&v);
    assert_eq!(counted.deployments[1].rollout_state, RolloutState::Failed);
    assert_eq!(counted.deployments[1].failed_tasks, 3);
    // Variant min 50: one old task stops, its replacement takes the freed port, then the second.
    let svc = json!({"desiredCount": 2, "deploymentConfiguration": {"minimumHealthyPercent": 50}});
    let sim = deploy(instances(2, 4096, 8192), port80(), svc);
    assert_eq!(rollout(&sim), RolloutState::Completed);
    assert_eq!(min_healthy(&sim), 1);
    assert_eq!(peak_tasks(&sim), 2);
}

#[test]
fn gt20_dynamic_host_ports_do_not_limit_density() {
    let c = json!({"name": "app", "cpu": 128, "memory": 256, "portMappings": [{"containerPort": 80, "hostPort": 0}]});
    let v = scenario(
        json!([{"instanceType": "custom", "cpu": 2048, "memory": 7985}]),
        c,
        json!({"desiredCount": 20}),
        json!([]),
    );
    let sim = run(&v);
    assert_eq!(sim.live_counts(sim::ServiceId(0)).running, 16);
    assert!(
        events(&sim)
            .iter()
            .any(|e| e.contains("insufficient CPU units"))
    );
    assert!(sim.instances[0].used_ports.is_empty());
}

fn many_ports(n: u32, first: u32) -> Value {
    let maps: Vec<Value> = (0..n)
        .map(|i| json!({"containerPort": first + i, "hostPort": first + i}))
        .collect();
    json!({"name": "app", "cpu": 10, "memory": 10, "portMappings": maps})
}

#[test]
fn gt21_reserved_port_ceiling() {
    let one = json!([{"instanceType": "custom", "cpu": 4096, "memory": 8192}]);
    let placed = |c: Value| {
        run(&scenario(
            one.clone(),
            c,
            json!({"desiredCount": 1}),
            json!([]),
        ))
        .live_counts(sim::ServiceId(0))
        .running
    };
    assert_eq!(placed(many_ports(94, 10_000)), 1);
    assert_eq!(placed(many_ports(95, 10_000)), 1);
    assert_eq!(placed(many_ports(96, 10_000)), 0);
    let sim = run(&scenario(
        one.clone(),
        many_ports(96, 10_000),
        json!({"desiredCount": 1}),
        json!([]),
    ));
    assert!(
        events(&sim)
            .iter()
            .any(|e| e.contains("has too many ports registered"))
    );
    assert_eq!(placed(many_ports(1, 22)), 0);
}

fn awsvpc(trunking: bool, count: u32, instance_type: &str) -> Value {
    let insts =
        json!([{"count": count, "instanceType": instance_type, "awsvpcTrunking": trunking}]);
    let mut v = scenario(insts, small(), json!({"desiredCount": 8}), json!([]));
    for td in v["taskDefinitions"].as_array_mut().unwrap() {
        td["networkMode"] = json!("awsvpc");
    }
    v
}

#[test]
fn gt22_awsvpc_eni_limit_without_trunking() {
    for t in ["m5.large", "c5.large"] {
        let sim = run(&awsvpc(false, 3, t));
        assert_eq!(sim.live_counts(sim::ServiceId(0)).running, 6, "{t}");
        assert!(
            events(&sim)
                .iter()
                .any(|e| e.contains("does not have enough available ENI attachment points"))
        );
    }
}

#[test]
fn gt23_awsvpc_with_trunking() {
    let sim = run(&awsvpc(true, 3, "m5.large"));
    assert_eq!(sim.live_counts(sim::ServiceId(0)).running, 8);
    for (t, limit) in [
        ("m5.large", 10),
        ("m5.xlarge", 20),
        ("m5.2xlarge", 40),
        ("m5.4xlarge", 60),
    ] {
        let text = serde_json::to_string(&awsvpc(true, 1, t)).unwrap();
        let config = scenario::parse("t.json", &text).unwrap().config;
        assert_eq!(config.instances[0].spec.task_eni_limit, limit, "{t}");
    }
}

#[test]
fn gt24_cpu_units() {
    let per_instance = |cpu: u32, instance_type: &str| {
        let c = json!({"name": "app", "cpu": cpu, "memory": 256});
        let v = scenario(
            json!([{"instanceType": instance_type}]),
            c,
            json!({"desiredCount": 5}),
            json!([]),
        );
        run(&v).live_counts(sim::ServiceId(0)).running
    };
    assert_eq!(per_instance(1024, "m5.large"), 2);
    assert_eq!(per_instance(1025, "m5.large"), 1);
    // A 1-vCPU instance: a custom one with 1024 units.
    let c = json!({"name": "app", "cpu": 1024, "memory": 256});
    let v = scenario(
        json!([{"instanceType": "custom", "cpu": 1024, "memory": 2048}]),
        c,
        json!({"desiredCount": 5}),
        json!([]),
    );
    assert_eq!(run(&v).live_counts(sim::ServiceId(0)).running, 1);
}

#[test]
fn m4_large_registers_7985_mib() {
    let v = scenario(
        json!([{"instanceType": "m4.large"}]),
        small(),
        json!({"desiredCount": 1}),
        json!([]),
    );
    let config = scenario::parse("t.json", &serde_json::to_string(&v).unwrap())
        .unwrap()
        .config;
    assert_eq!(
        (
            config.instances[0].spec.cpu_units,
            config.instances[0].spec.memory_mib
        ),
        (2048, 7985)
    );
}

#[test]
fn draining_replaces_tasks_within_the_bounds() {
    // §3.2: with max 200 the replacements start first; min 100 keeps every task healthy.
    // Binpack puts both tasks on the smaller i-0001.
    let two = json!([{"instanceType": "custom", "cpu": 1024, "memory": 4096}, {"instanceType": "custom", "cpu": 1024, "memory": 8192}]);
    let v = scenario(
        two.clone(),
        small(),
        json!({"desiredCount": 2, "placementStrategy": binpack()}),
        json!([{"atSeconds": 30, "action": "UpdateContainerInstancesState", "containerInstances": ["i-0001"], "status": "DRAINING"}]),
    );
    let sim = run(&v);
    assert_eq!(min_healthy(&sim), 2);
    assert!(
        sim.instances[0].tasks.is_empty(),
        "nothing left on the DRAINING instance"
    );
    assert!(
        sim.tasks
            .iter()
            .filter(|t| t.last_status != TaskStatus::Stopped)
            .all(|t| t.container_instance.unwrap().idx() == 1)
    );
    // Min 100 and max 100 together block draining.
    let v = scenario(
        two,
        small(),
        json!({"desiredCount": 2, "placementStrategy": binpack(), "deploymentConfiguration": {"maximumPercent": 100, "minimumHealthyPercent": 100}}),
        json!([{"atSeconds": 30, "action": "UpdateContainerInstancesState", "containerInstances": ["i-0001"], "status": "DRAINING"}]),
    );
    let sim = run(&v);
    assert_eq!(sim.instances[0].tasks.len(), 2);
}
