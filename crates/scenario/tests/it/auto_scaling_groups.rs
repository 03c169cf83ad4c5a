//! EC2 Auto Scaling groups and capacity providers (§3.3, §3.4) as scenario-driven tests:
//! termination policies and protection, draining before termination, managed scaling.

use super::support::*;
use serde_json::{Value, json};
use sim::Simulation;
use sim::container_instance::InstanceStatus;
use sim::record::Record;

/// A cluster with one Auto Scaling group `asg` (m5.large) and a service `web` of 512-CPU tasks.
fn scenario(asg: Value, service: Value, timeline: Value) -> Value {
    let mut g = json!({
        "autoScalingGroupName": "asg", "launchTemplate": {"instanceType": "m5.large"},
        "availabilityZones": ["us-east-1a", "us-east-1b"], "minSize": 0, "maxSize": 10, "desiredCapacity": 4,
        "launchSeconds": 60
    });
    for (k, v) in asg.as_object().unwrap() {
        g[k] = v.clone();
    }
    let mut svc = json!({"serviceName": "web", "taskDefinition": "web:1", "desiredCount": 8});
    for (k, v) in service.as_object().unwrap() {
        svc[k] = v.clone();
    }
    json!({
        "name": "asg", "seed": 11, "durationSeconds": 7200,
        "cluster": {"containerInstances": []},
        "autoScalingGroups": [g],
        "taskDefinitions": [{"family": "web", "containerDefinitions": [{"name": "w", "cpu": 512, "memory": 1024}]}],
        "services": [svc],
        "timeline": timeline,
    })
}

fn terminated(sim: &Simulation) -> Vec<String> {
    let mut v: Vec<(u64, String)> = sim
        .instances
        .iter()
        .filter_map(|i| i.deregistered_at.map(|t| (t, i.name.clone())))
        .collect();
    v.sort();
    v.into_iter().map(|x| x.1).collect()
}

fn set_desired(at: u64, n: u32) -> Value {
    json!({"atSeconds": at, "action": "SetDesiredCapacity", "autoScalingGroupName": "asg", "desiredCapacity": n})
}

#[test]
fn az_balance_comes_first() {
    // 3 instances: i-0001 (a), i-0002 (b), i-0003 (a). Scaling in one takes it from zone a.
    for seed in 0..10 {
        let mut v = scenario(
            json!({"desiredCapacity": 3}),
            json!({"desiredCount": 0}),
            json!([set_desired(100, 2)]),
        );
        v["seed"] = json!(seed);
        let sim = run(&v);
        let gone = terminated(&sim);
        assert_eq!(gone.len(), 1);
        assert!(
            gone[0] == "i-0001" || gone[0] == "i-0003",
            "seed {seed}: {gone:?}"
        );
    }
}

#[test]
fn default_policy_prefers_the_oldest_launch_template() {
    // Two v1 instances, then two v2 ones; scaling back to 2 removes the v1 instances, one per zone.
    let tl = json!([
        {"atSeconds": 100, "action": "UpdateAutoScalingGroup", "autoScalingGroupName": "asg", "launchTemplateVersion": 2, "desiredCapacity": 4},
        set_desired(400, 2)
    ]);
    let sim = run(&scenario(
        json!({"desiredCapacity": 2}),
        json!({"desiredCount": 0}),
        tl,
    ));
    assert_eq!(terminated(&sim), vec!["i-0001", "i-0002"]);
}

#[test]
fn oldest_and_newest_instance_policies() {
    let tl = json!([
        set_desired(100, 4),
        set_desired(400, 6),
        set_desired(1000, 4)
    ]);
    let sim = run(&scenario(
        json!({"desiredCapacity": 2, "terminationPolicies": ["NewestInstance"]}),
        json!({"desiredCount": 0}),
        tl.clone(),
    ));
    assert_eq!(terminated(&sim), vec!["i-0005", "i-0006"]);
    let sim = run(&scenario(
        json!({"desiredCapacity": 2, "terminationPolicies": ["OldestInstance"]}),
        json!({"desiredCount": 0}),
        tl,
    ));
    assert_eq!(terminated(&sim), vec!["i-0001", "i-0002"]);
}

#[test]
fn gt32_all_protected_decrements_desired_but_terminates_nothing() {
    let v = scenario(
        json!({"desiredCapacity": 3, "newInstancesProtectedFromScaleIn": true}),
        json!({"desiredCount": 0}),
        json!([set_desired(100, 1)]),
    );
    let sim = run(&v);
    assert!(terminated(&sim).is_empty());
    assert_eq!(sim.asgs[0].desired, 1);
    assert!(sim.records.iter().any(|r| matches!(r, Record::ClusterEvent { message, .. }
        if message.contains("Could not scale to desired capacity because all remaining instances are protected from scale-in"))));
    // Protecting two instances by hand: only the third goes.
    let v = scenario(
        json!({"desiredCapacity": 3}),
        json!({"desiredCount": 0}),
        json!([
            {"atSeconds": 50, "action": "SetInstanceProtection", "containerInstances": ["i-0001", "i-0002"], "protectedFromScaleIn": true},
            set_desired(100, 1)
        ]),
    );
    assert_eq!(terminated(&run(&v)), vec!["i-0003"]);
}

#[test]
fn scale_in_without_draining_kills_tasks_and_availability_dips() {
    // 8 tasks of 512 CPU on 4 instances (spread); removing 2 instances kills their tasks.
    let sim = run(&scenario(
        json!({}),
        json!({}),
        json!([set_desired(100, 2)]),
    ));
    assert!(sim.asgs[0].tasks_killed > 0);
    assert!(
        sim.services[0].stats.min_healthy_count.unwrap() < 8,
        "availability dipped"
    );
    assert_eq!(
        sim.live_counts(sim::ServiceId(0)).healthy,
        8,
        "replaced on the remaining instances"
    );
}

#[test]
fn scale_in_with_a_draining_hook_keeps_every_task_healthy() {
    let sim = run(&scenario(
        json!({"terminationLifecycleHookDraining": true}),
        json!({}),
        json!([set_desired(100, 2)]),
    ));
    assert_eq!(sim.asgs[0].tasks_killed, 0);
    assert_eq!(sim.services[0].stats.min_healthy_count, Some(8));
    let gone: Vec<_> = sim
        .instances
        .iter()
        .filter(|i| i.status == InstanceStatus::Deregistered)
        .collect();
    assert_eq!(gone.len(), 2);
    // They went DRAINING first and were terminated only once empty.
    assert!(gone.iter().all(|i| i.deregistered_at.unwrap() > 100_000));
}

fn with_capacity_provider(mut v: Value, managed: Value) -> Value {
    v["capacityProviders"] = json!([{"name": "cp", "autoScalingGroupProvider": {
        "autoScalingGroupArn": "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/asg",
        "managedScaling": {"status": "ENABLED", "targetCapacity": 100, "instanceWarmupPeriod": 60},
        "managedTerminationProtection": "ENABLED", "managedDraining": "ENABLED"}}]);
    for (k, val) in managed.as_object().unwrap() {
        v["capacityProviders"][0]["autoScalingGroupProvider"]["managedScaling"][k] = val.clone();
    }
    v["services"][0]["capacityProviderStrategy"] = json!([{"capacityProvider": "cp", "weight": 1}]);
    v
}

#[test]
fn managed_scaling_scales_out_for_provisioning_tasks() {
    // 2 instances hold 8 tasks of 512 CPU (4 each); desired 16 needs 2 more instances.
    let v = with_capacity_provider(
        scenario(
            json!({"desiredCapacity": 2}),
            json!({}),
            json!([{"atSeconds": 100, "action": "UpdateService", "service": "web", "desiredCount": 16}]),
        ),
        json!({}),
    );
    let sim = run(&v);
    assert_eq!(sim.live_counts(sim::ServiceId(0)).healthy, 16);
    assert_eq!(
        sim.asgs[0].desired, 4,
        "CPR = M/N×100 with M = 4, N = 2, target 100 → 4 instances"
    );
    let waited = sim
        .samples
        .iter()
        .map(|s| s.cluster.provisioning_tasks)
        .max()
        .unwrap();
    assert_eq!(waited, 8, "tasks waited in PROVISIONING");
    // With targetCapacity 50 it keeps about as many empty instances as busy ones.
    let v = with_capacity_provider(
        scenario(
            json!({"desiredCapacity": 2}),
            json!({}),
            json!([{"atSeconds": 100, "action": "UpdateService", "service": "web", "desiredCount": 16}]),
        ),
        json!({"targetCapacity": 50}),
    );
    let sim = run(&v);
    assert_eq!(sim.asgs[0].desired, 8);
}

#[test]
fn managed_scaling_from_zero_and_the_step_limits() {
    // N = 0 and tasks waiting: CPR = 200, the first step covers the binpack estimate.
    let v = with_capacity_provider(
        scenario(
            json!({"desiredCapacity": 0}),
            json!({"desiredCount": 12}),
            json!([]),
        ),
        json!({}),
    );
    let sim = run(&v);
    assert_eq!(sim.live_counts(sim::ServiceId(0)).healthy, 12);
    assert_eq!(sim.asgs[0].desired, 3);
    // maximumScalingStepSize 1: one instance per evaluation, each after the warm-up.
    let v = with_capacity_provider(
        scenario(
            json!({"desiredCapacity": 0}),
            json!({"desiredCount": 12}),
            json!([]),
        ),
        json!({"maximumScalingStepSize": 1}),
    );
    let sim = run(&v);
    assert_eq!(sim.asgs[0].desired, 3);
    let launches: Vec<u64> = sim.instances.iter().map(|i| i.launched_at).collect();
    assert!(
        launches.windows(2).all(|w| w[1] >= w[0] + 60_000),
        "{launches:?}"
    );
}

#[test]
fn managed_scaling_scales_in_only_empty_instances_after_15_minutes() {
    // Scale the service from 16 to 4 at t = 10 min: binpack leaves empty instances; CAS waits
    // 15 datapoints, then removes only empty instances (managed termination protection).
    let mut v = with_capacity_provider(
        scenario(
            json!({"desiredCapacity": 4}),
            json!({"desiredCount": 16, "placementStrategy": [{"type": "binpack", "field": "cpu"}]}),
            json!([{"atSeconds": 600, "action": "UpdateService", "service": "web", "desiredCount": 4}]),
        ),
        json!({}),
    );
    v["durationSeconds"] = json!(3600);
    let sim = run(&v);
    let first_termination = sim
        .instances
        .iter()
        .filter_map(|i| i.deregistered_at)
        .min()
        .unwrap();
    assert!(
        first_termination >= 600_000 + 15 * 60_000,
        "{first_termination}"
    );
    assert_eq!(
        sim.asgs[0].tasks_killed, 0,
        "only empty instances are terminated"
    );
    assert_eq!(sim.asgs[0].desired, 1);
    assert_eq!(sim.live_counts(sim::ServiceId(0)).healthy, 4);
}

#[test]
fn stranded_capacity_is_measured() {
    // Spread over 4 instances, 4 tasks of 512 CPU fit on one m5.large: 3 instances are stranded.
    let v = scenario(
        json!({}),
        json!({"desiredCount": 4, "placementStrategy": [{"type": "spread", "field": "instanceId"}]}),
        json!([]),
    );
    let sim = run(&v);
    let c = sim.samples.last().unwrap().cluster;
    assert_eq!(c.instances_needed_lower_bound, 1);
    assert_eq!(c.instances_empty, 0);
    assert_eq!(c.instances_active, 4);
}
