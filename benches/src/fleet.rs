//! Scenarios for the benchmarks, built as scenario JSON text and resolved by the `scenario`
//! crate: the format has defaults for everything a benchmark does not care about, so these keep
//! compiling as `sim::Config` grows fields.

use sim::Config;

/// The workload of `ecsim generate fleet` and of the SimPy peer: `instances` identical container
/// instances (2048 CPU units, 7680 MiB), `services` services of `tasks` tasks (256 CPU units,
/// 512 MiB) bin-packed on memory, all deployed to a new revision at t = 0 with maximumPercent
/// 200 / minimumHealthyPercent 100; a new task is healthy 30 s after launch, a stopped one frees
/// its resources 10 s later.
pub fn rolling_deploy(instances: u32, services: u32, tasks: u32) -> Config {
    let mut svc = Vec::new();
    let mut timeline = Vec::new();
    for i in 0..services {
        svc.push(format!(
            r#"{{"serviceName": "svc-{i}", "taskDefinition": "fleet:1", "desiredCount": {tasks},
                "placementStrategy": [{{"type": "binpack", "field": "memory"}}],
                "loadBalancers": [{{"targetGroupArn": "fleet", "containerName": "app", "containerPort": 8080}}]}}"#
        ));
        timeline.push(format!(
            r#"{{"atSeconds": 0, "action": "UpdateService", "service": "svc-{i}", "taskDefinition": "fleet:2"}}"#
        ));
    }
    let td = |rev: u32| {
        format!(
            r#"{{"family": "fleet", "revision": {rev}, "cpu": 256, "memory": 512,
                "containerDefinitions": [{{"name": "app", "image": "app:{rev}",
                    "portMappings": [{{"containerPort": 8080, "hostPort": 0}}]}}]}}"#
        )
    };
    let text = format!(
        r#"{{"name": "fleet-{instances}-{services}x{tasks}", "durationSeconds": 3600,
            "parameters": {{"countStoppingTowardMaximum": false, "recordTaskEvents": false}},
            "cluster": {{"clusterName": "bench", "containerInstances": [
                {{"count": {instances}, "instanceType": "custom", "cpu": 2048, "memory": 7680}}]}},
            "targetGroups": [{{"targetGroupName": "fleet", "healthCheckIntervalSeconds": 30,
                "deregistrationDelaySeconds": 10}}],
            "taskDefinitions": [{}, {}],
            "services": [{}],
            "timeline": [{}]}}"#,
        td(1),
        td(2),
        svc.join(",\n"),
        timeline.join(",\n")
    );
    resolve(&text)
}

/// A placement strategy of the measured service, as scenario JSON (`None`: the service default,
/// spread over zones then instances).
#[derive(Clone, Copy, Debug)]
pub enum Strategy {
    /// `binpack` on memory.
    BinpackMemory,
    /// `binpack` on CPU.
    BinpackCpu,
    /// The default: `spread` over `attribute:ecs.availability-zone`, then `instanceId`.
    Default,
    /// `random`.
    Random,
    /// `spread` over `instanceId`.
    SpreadInstance,
    /// ecsim's `dot-product` heuristic (not ECS): a scan of every instance, O(N).
    HeuristicDotProduct,
}

impl Strategy {
    /// All, in report order.
    pub const ALL: [Strategy; 6] = [
        Strategy::BinpackMemory,
        Strategy::BinpackCpu,
        Strategy::Default,
        Strategy::Random,
        Strategy::SpreadInstance,
        Strategy::HeuristicDotProduct,
    ];

    /// Short name for benchmark ids.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::BinpackMemory => "binpack-memory",
            Strategy::BinpackCpu => "binpack-cpu",
            Strategy::Default => "spread-az-instance",
            Strategy::Random => "random",
            Strategy::SpreadInstance => "spread-instance",
            Strategy::HeuristicDotProduct => "heuristic-dot-product",
        }
    }

    fn json(self) -> &'static str {
        match self {
            Strategy::BinpackMemory => r#"[{"type": "binpack", "field": "memory"}]"#,
            Strategy::BinpackCpu => r#"[{"type": "binpack", "field": "cpu"}]"#,
            Strategy::Default => "[]",
            Strategy::Random => r#"[{"type": "random"}]"#,
            Strategy::SpreadInstance => r#"[{"type": "spread", "field": "instanceId"}]"#,
            Strategy::HeuristicDotProduct => r#"[{"type": "heuristic", "field": "dot-product"}]"#,
        }
    }
}

/// A partly full cluster for timing one placement decision: `instances` container instances
/// (2048 CPU units, 7680 MiB) over three zones; service 0 (`probe`, task definition 0, 512 CPU
/// units / 1024 MiB, 16 tasks) uses `strategy`; background services fill about half of the CPU
/// with tasks of two shapes (256/512 and 512/2048) placed at random, so instances are left with
/// different amounts of CPU and memory and some are full.
pub fn partly_full(instances: u32, strategy: Strategy) -> Config {
    let background = (instances * 2).max(4);
    let text = format!(
        r#"{{"name": "placement-{instances}", "durationSeconds": 60,
            "parameters": {{"recordTaskEvents": false}},
            "cluster": {{"clusterName": "bench", "containerInstances": [
                {{"count": {instances}, "instanceType": "custom", "cpu": 2048, "memory": 7680,
                  "availabilityZones": ["us-east-1a", "us-east-1b", "us-east-1c"]}}]}},
            "taskDefinitions": [
                {{"family": "probe", "cpu": 512, "memory": 1024,
                  "containerDefinitions": [{{"name": "app", "image": "probe"}}]}},
                {{"family": "small", "cpu": 256, "memory": 512,
                  "containerDefinitions": [{{"name": "app", "image": "small"}}]}},
                {{"family": "large", "cpu": 512, "memory": 2048,
                  "containerDefinitions": [{{"name": "app", "image": "large"}}]}}],
            "services": [
                {{"serviceName": "probe", "taskDefinition": "probe", "desiredCount": 16,
                  "placementStrategy": {}}},
                {{"serviceName": "small", "taskDefinition": "small", "desiredCount": {background},
                  "placementStrategy": [{{"type": "random"}}]}},
                {{"serviceName": "large", "taskDefinition": "large", "desiredCount": {},
                  "placementStrategy": [{{"type": "random"}}]}}]}}"#,
        strategy.json(),
        background / 2
    );
    resolve(&text)
}

fn resolve(text: &str) -> Config {
    match scenario::parse("bench.json", text) {
        Ok(r) => r.config,
        Err(e) => panic!("benchmark scenario does not resolve: {e}"),
    }
}
