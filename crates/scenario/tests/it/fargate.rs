//! Fargate, awsvpc networking, Spot and daemons: the behaviour contract's rules (§1.5, §2.6,
//! §3.2, §3.4, §4) as scenario-driven tests.

use super::support::*;
use serde_json::{Value, json};
use sim::Simulation;
use sim::capacity_provider::CapacityProvider;
use sim::task::TaskStatus;

fn fargate_td(family: &str, cpu: &str, memory: &str) -> Value {
    json!({"family": family, "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
           "cpu": cpu, "memory": memory,
           "containerDefinitions": [{"name": "app", "image": "app:1", "essential": true}]})
}

/// A Fargate scenario: subnets, one task definition family `web` (revisions 1 and 2), and a
/// service built from `service` over the defaults.
fn scenario(subnets: Value, service: Value, timeline: Value) -> Value {
    let mut svc = json!({
        "serviceName": "web", "taskDefinition": "web:1", "desiredCount": 4, "launchType": "FARGATE",
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-a"]}}
    });
    for (k, v) in service.as_object().unwrap() {
        svc[k] = v.clone();
    }
    json!({
        "name": "fargate", "seed": 3, "durationSeconds": 3600,
        "cluster": {"containerInstances": []},
        "subnets": subnets,
        "taskDefinitions": [fargate_td("web", "256", "512"), fargate_td("web", "256", "512")],
        "services": [svc],
        "taskBehavior": {"default": {"provisioningSeconds": 5, "pullSeconds": 20, "deprovisioningSeconds": 5}},
        "timeline": timeline,
    })
}

fn one_subnet(cidr: &str) -> Value {
    json!([{"subnetId": "subnet-a", "availabilityZone": "us-east-1a", "cidrBlock": cidr}])
}

fn running(sim: &Simulation, s: u32) -> u32 {
    sim.live_counts(sim::ServiceId(s)).running
}

#[test]
fn gt11_fargate_stop_timeout_ceiling() {
    let mut v = scenario(one_subnet("10.0.0.0/24"), json!({}), json!([]));
    v["taskDefinitions"][0]["containerDefinitions"][0]["stopTimeout"] = json!(150);
    let e = parse(&v).unwrap_err();
    assert_eq!(
        e.path.to_string(),
        "taskDefinitions[0].containerDefinitions[0].stopTimeout"
    );
    assert!(e.message.contains("120"), "{e}");
    v["taskDefinitions"][0]["containerDefinitions"][0]["stopTimeout"] = json!(120);
    let config = parse(&v).unwrap();
    assert_eq!(config.task_definitions[0].stop_timeout_ms, 120_000);
    // Without the parameter the default is 30 s.
    assert_eq!(config.task_definitions[1].stop_timeout_ms, 30_000);
}

#[test]
fn fargate_sizes_follow_the_table() {
    for (cpu, mem, ok) in [
        ("256", "512", true),
        ("256", "2048", true),
        ("256", "4096", false),
        ("512", "1 GB", true),
        ("1 vCPU", "8 GB", true),
        ("1024", "9216", false),
        ("4096", "30720", true),
        ("8192", "16384", true),
        ("8192", "18432", false), // 8 vCPU: 4 GB steps
        ("16384", "122880", true),
        ("300", "1024", false),
    ] {
        let mut v = scenario(one_subnet("10.0.0.0/24"), json!({}), json!([]));
        v["taskDefinitions"][0]["cpu"] = json!(cpu);
        v["taskDefinitions"][0]["memory"] = json!(mem);
        let r = parse(&v);
        assert_eq!(
            r.is_ok(),
            ok,
            "cpu {cpu} memory {mem}: {:?}",
            r.err().map(|e| e.to_string())
        );
    }
    let mut v = scenario(one_subnet("10.0.0.0/24"), json!({}), json!([]));
    v["taskDefinitions"][0]["memory"] = json!("4096");
    let e = parse(&v).unwrap_err();
    assert!(
        e.message.contains("512") && e.message.contains("2048"),
        "names the allowed range: {e}"
    );
}

#[test]
fn fargate_needs_awsvpc_subnets_and_a_compatible_task_definition() {
    let mut v = scenario(one_subnet("10.0.0.0/24"), json!({}), json!([]));
    v["taskDefinitions"][0]["networkMode"] = json!("bridge");
    assert!(parse(&v).unwrap_err().message.contains("awsvpc"));
    let mut v = scenario(one_subnet("10.0.0.0/24"), json!({}), json!([]));
    v["services"][0]
        .as_object_mut()
        .unwrap()
        .remove("networkConfiguration");
    assert!(parse(&v).unwrap_err().message.contains("subnets"));
    let v = scenario(
        one_subnet("10.0.0.0/24"),
        json!({"networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-b"]}}}),
        json!([]),
    );
    let e = parse(&v).unwrap_err();
    assert!(e.hint.unwrap().contains("subnet-a"));
    let v = scenario(one_subnet("10.0.0.0/29"), json!({}), json!([]));
    assert!(parse(&v).unwrap_err().message.contains("/16–/28"));
}

#[test]
fn base_then_weights_split() {
    let svc = json!({"launchType": null, "desiredCount": 10, "capacityProviderStrategy": [
        {"capacityProvider": "FARGATE", "base": 2, "weight": 1},
        {"capacityProvider": "FARGATE_SPOT", "weight": 3}
    ]});
    let mut v = scenario(one_subnet("10.0.0.0/24"), svc, json!([]));
    v["services"][0]
        .as_object_mut()
        .unwrap()
        .remove("launchType");
    let sim = run(&v);
    let on = |p| {
        sim.tasks
            .iter()
            .filter(|t| t.capacity_provider == Some(p) && t.last_status != TaskStatus::Stopped)
            .count()
    };
    assert_eq!(
        (
            on(CapacityProvider::Fargate),
            on(CapacityProvider::FargateSpot)
        ),
        (4, 6)
    );
    // launchType and a strategy exclude each other; all-zero weights are rejected.
    let svc = json!({"capacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}]});
    assert!(parse(&scenario(one_subnet("10.0.0.0/24"), svc, json!([]))).is_err());
    let mut v = scenario(
        one_subnet("10.0.0.0/24"),
        json!({"capacityProviderStrategy": [{"capacityProvider": "FARGATE", "base": 1}]}),
        json!([]),
    );
    v["services"][0]
        .as_object_mut()
        .unwrap()
        .remove("launchType");
    assert!(parse(&v).unwrap_err().message.contains("weight"));
}

#[test]
fn every_task_holds_one_address_from_provisioning_to_deprovisioning() {
    // A /28 holds 11 tasks: desired 15 leaves 4 waiting, with a diagnosis.
    let v = scenario(
        one_subnet("10.0.0.0/28"),
        json!({"desiredCount": 15}),
        json!([]),
    );
    let sim = run(&v);
    assert_eq!(running(&sim, 0), 11);
    assert_eq!(sim.subnets[0].in_use, 11);
    assert!(
        events(&sim)
            .iter()
            .any(|e| e.contains("do not have enough free IP addresses"))
    );
}

#[test]
fn a_24_runs_out_during_a_deploy() {
    // 200 tasks on a /24 (251 addresses): a 200 % deploy can add only 51 new tasks at a time.
    let v = scenario(
        one_subnet("10.0.0.0/24"),
        json!({"desiredCount": 200}),
        json!([{"atSeconds": 60, "action": "UpdateService", "service": "web", "taskDefinition": "web:2"}]),
    );
    let sim = run(&v);
    assert_eq!(sim.subnets[0].peak_in_use, 251);
    let d = &sim.deployments[1];
    assert!(d.completed_at.is_some(), "the deploy completes in waves");
    assert!(events(&sim).iter().any(|e| e.contains("subnet-a")));
    // Stalled variant: min 100 / max 200 with 250 tasks: 1 new task at a time.
    let v = scenario(
        one_subnet("10.0.0.0/24"),
        json!({"desiredCount": 251}),
        json!([{"atSeconds": 60, "action": "UpdateService", "service": "web", "taskDefinition": "web:2"}]),
    );
    let sim = run(&v);
    let stall = sim.deployments[1].stall.clone().expect("stalled");
    assert!(
        stall
            .reason
            .contains("subnet-a has 0 free addresses; a /24 holds 251 tasks"),
        "{}",
        stall.reason
    );
}

#[test]
fn tasks_spread_across_the_zones_of_the_subnets() {
    let subnets = json!([
        {"subnetId": "subnet-a", "availabilityZone": "us-east-1a", "cidrBlock": "10.0.0.0/24"},
        {"subnetId": "subnet-b", "availabilityZone": "us-east-1b", "cidrBlock": "10.0.1.0/24"},
        {"subnetId": "subnet-c", "availabilityZone": "us-east-1c", "cidrBlock": "10.0.2.0/24"}
    ]);
    let svc = json!({"desiredCount": 7, "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-a", "subnet-b", "subnet-c"]}}});
    let sim = run(&scenario(subnets, svc, json!([])));
    let mut per: Vec<u32> = sim.subnets.iter().map(|s| s.in_use).collect();
    per.sort_unstable();
    assert_eq!(per, vec![2, 2, 3]);
}

#[test]
fn eni_and_vcpu_quotas_block_launches() {
    let mut v = scenario(
        one_subnet("10.0.0.0/24"),
        json!({"desiredCount": 8}),
        json!([]),
    );
    v["account"] = json!({"networkInterfaceQuota": 5});
    let sim = run(&v);
    assert_eq!(running(&sim, 0), 5);
    assert!(
        events(&sim)
            .iter()
            .any(|e| e.contains("network interfaces"))
    );
    let mut v = scenario(
        one_subnet("10.0.0.0/24"),
        json!({"desiredCount": 8}),
        json!([]),
    );
    v["taskDefinitions"][0]["cpu"] = json!("1024");
    v["taskDefinitions"][0]["memory"] = json!("2048");
    v["account"] = json!({"fargateOnDemandVcpuQuota": 6});
    let sim = run(&v);
    assert_eq!(running(&sim, 0), 6);
    assert!(events(&sim).iter().any(|e| {
        e.contains("You've reached the limit on the number of vCPUs you can run concurrently")
    }));
    assert!(
        sim.deployments[0]
            .stall
            .as_ref()
            .unwrap()
            .hint
            .contains("vCPU resource count")
    );
}

#[test]
fn launch_rate_token_bucket() {
    // Account bucket: burst 100, then 20 per second (§1.5). A throttled launch waits.
    let mut v = scenario(
        json!([{"subnetId": "subnet-a", "availabilityZone": "us-east-1a", "cidrBlock": "10.0.0.0/20"}]),
        json!({"desiredCount": 300}),
        json!([]),
    );
    v["startSteady"] = json!(false);
    let sim = run(&v);
    let launches: Vec<u64> = sim.task_times.iter().map(|t| t.created_at()).collect();
    assert_eq!(launches.len(), 300, "none is lost");
    for t in [0u64, 1_000, 2_500, 5_000, 10_000] {
        let by_t = launches.iter().filter(|&&c| c <= t).count() as u64;
        assert!(by_t <= 100 + 20 * t / 1000, "{by_t} launched by {t} ms");
    }
    assert_eq!(launches.iter().filter(|&&c| c == 0).count(), 100);
    assert!(*launches.iter().max().unwrap() <= 10_000);
    // A per-service rate of 125/min binds after its burst.
    v["account"] = json!({"serviceLaunchRatePerMinute": 125});
    let sim = run(&v);
    let by_60s = sim
        .task_times
        .iter()
        .filter(|t| t.created_at() <= 60_000)
        .count();
    assert!((249..=251).contains(&by_60s), "{by_60s}");
}

#[test]
fn fargate_spot_interruption_warning() {
    let svc = json!({"desiredCount": 2, "capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}]});
    let mut v = scenario(
        one_subnet("10.0.0.0/24"),
        svc,
        json!([{"atSeconds": 100, "action": "InterruptFargateSpotTasks", "service": "web", "count": 1}]),
    );
    v["services"][0]
        .as_object_mut()
        .unwrap()
        .remove("launchType");
    v["taskBehavior"]["default"]["sigtermExitSeconds"] = json!(1000);
    v["taskDefinitions"][0]["containerDefinitions"][0]["stopTimeout"] = json!(90);
    let sim = run(&v);
    let victim = sim
        .tasks
        .iter()
        .position(|t| t.stop_reason == Some(sim::task::StopReason::SpotInterruption))
        .unwrap();
    assert_eq!(sim.task_times[victim].stopping_at(), Some(100_000));
    // SIGKILL at stopTimeout (90 s), then the ENI is released (5 s).
    assert_eq!(
        sim.task_times[victim].stopped_at(),
        Some(100_000 + 90_000 + 5_000)
    );
    assert_eq!(sim.tasks.len(), 3, "the scheduler replaced it");
    assert!(sim.tasks[2].capacity_provider == Some(CapacityProvider::FargateSpot));
    // Without Spot capacity the replacement waits.
    v["timeline"] = json!([
        {"atSeconds": 50, "action": "SetFargateSpotCapacity", "available": false},
        {"atSeconds": 100, "action": "InterruptFargateSpotTasks", "count": 1},
        {"atSeconds": 1000, "action": "SetFargateSpotCapacity", "available": true}
    ]);
    let sim = run(&v);
    assert!(
        events(&sim)
            .iter()
            .any(|e| e.contains("Capacity is unavailable at this time"))
    );
    assert!(sim.task_times[2].created_at() >= 1_000_000);
}

fn ec2(instances: Value, services: Value, timeline: Value) -> Value {
    json!({
        "name": "ec2", "seed": 5, "durationSeconds": 3600,
        "cluster": {"containerInstances": instances},
        "taskDefinitions": [
            {"family": "web", "containerDefinitions": [{"name": "w", "cpu": 256, "memory": 512}]},
            {"family": "agent", "containerDefinitions": [{"name": "a", "cpu": 128, "memory": 256}]}
        ],
        "services": services,
        "timeline": timeline,
    })
}

#[test]
fn ec2_spot_interruption_with_and_without_draining() {
    for draining in [true, false] {
        let insts = json!([{"count": 2, "instanceType": "m5.large", "spot": true, "spotInstanceDraining": draining}]);
        let services = json!([{"serviceName": "web", "taskDefinition": "web:1", "desiredCount": 2, "placementStrategy": [{"type": "spread", "field": "instanceId"}]}]);
        let v = ec2(
            insts,
            services,
            json!([{"atSeconds": 100, "action": "InterruptSpotInstances", "containerInstances": ["i-0001"]}]),
        );
        let sim = run(&v);
        let at = (0..sim.tasks.len())
            .find(|&i| {
                sim.tasks[i].container_instance.map(|i| i.0) == Some(0)
                    && sim.task_times[i].created_at() == 0
            })
            .unwrap();
        let (victim, stopped_at) = (&sim.tasks[at], sim.task_times[at].stopped_at());
        assert_eq!(
            sim.instances[0].deregistered_at,
            Some(220_000),
            "terminated 2 minutes after the notice"
        );
        if draining {
            // DRAINING at the notice: the task is replaced and stopped before the termination.
            assert!(stopped_at.unwrap() < 220_000);
            assert_eq!(
                victim.stop_reason,
                Some(sim::task::StopReason::InstanceDraining)
            );
        } else {
            assert_eq!(stopped_at, Some(220_000));
            assert_eq!(
                victim.stop_reason,
                Some(sim::task::StopReason::InstanceTerminated)
            );
        }
    }
}

#[test]
fn gt30_daemon_one_task_per_instance_and_last_to_stop() {
    let insts = json!([{"count": 2, "instanceType": "m5.large"}]);
    let services = json!([
        {"serviceName": "agent", "taskDefinition": "agent:1", "schedulingStrategy": "DAEMON"},
        {"serviceName": "web", "taskDefinition": "web:1", "desiredCount": 4, "deploymentConfiguration": {"minimumHealthyPercent": 50}}
    ]);
    let v = ec2(
        insts.clone(),
        services.clone(),
        json!([
            {"atSeconds": 100, "action": "RegisterContainerInstances", "containerInstances": {"instanceType": "m5.large"}, "launchSeconds": 60},
            {"atSeconds": 400, "action": "UpdateContainerInstancesState", "containerInstances": ["i-0001"], "status": "DRAINING"}
        ]),
    );
    let sim = run(&v);
    // Three instances registered: three daemon tasks were started, one per instance.
    let daemon_tasks: Vec<_> = sim
        .tasks
        .iter()
        .zip(&sim.task_times)
        .filter(|(t, _)| t.service.0 == 0)
        .collect();
    let mut hosts: Vec<u32> = daemon_tasks
        .iter()
        .map(|(t, _)| t.container_instance.unwrap().0)
        .collect();
    hosts.sort_unstable();
    assert_eq!(hosts, vec![0, 1, 2]);
    // On the DRAINING instance the daemon task stops after every web task there.
    let daemon_stop = daemon_tasks
        .iter()
        .find(|(t, _)| t.container_instance.unwrap().0 == 0)
        .unwrap()
        .1
        .stopped_at()
        .unwrap();
    let last_web_stop = sim
        .tasks
        .iter()
        .zip(&sim.task_times)
        .filter(|(t, _)| t.service.0 == 1 && t.container_instance.unwrap().0 == 0)
        .filter_map(|(_, times)| times.stopped_at())
        .max()
        .unwrap();
    assert!(daemon_stop >= last_web_stop);
    // A DAEMON's maximumPercent must be 100.
    let mut bad = services.clone();
    bad[0]["deploymentConfiguration"] = json!({"maximumPercent": 200});
    let text = serde_json::to_string(&ec2(insts, bad, json!([]))).unwrap();
    assert!(
        scenario::parse("d.json", &text)
            .unwrap_err()
            .message
            .contains("must be 100")
    );
}
