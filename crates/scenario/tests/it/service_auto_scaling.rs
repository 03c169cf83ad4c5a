//! Service Auto Scaling (§6) run as scenarios: target tracking from the RUNNING count,
//! datapoints, cooldowns, deployments, min/max, scheduled actions, scale from zero and a
//! day/night load curve. Each web task reserves 256 CPU units and 512 MiB, so a load of
//! `n × 256` CPU units is 100 % of `n` tasks.

use super::support::*;
use serde_json::{Value, json};
use sim::Simulation;
use sim::record::Record;

/// One service `web` (desiredCount `desired`, revisions 1 and 2) on one large EC2 instance
/// that fits `room` tasks; `service` fields are merged into the service.
fn scenario(desired: u32, room: u32, service: Value, timeline: Value, duration: u64) -> Value {
    let container = json!({"name": "app", "image": "app:1", "cpu": 256, "memory": 512});
    let mut c2 = container.clone();
    c2["image"] = json!("app:2");
    let mut svc = json!({"serviceName": "web", "taskDefinition": "web:1", "desiredCount": desired});
    for (k, v) in service.as_object().unwrap() {
        svc[k] = v.clone();
    }
    json!({
        "name": "sas", "seed": 3, "durationSeconds": duration,
        "parameters": {"sampleIntervalSeconds": 60},
        "cluster": {"containerInstances": [{"count": 1, "instanceType": "custom",
            "cpu": 256 * room, "memory": 512 * room}]},
        "taskDefinitions": [
            {"family": "web", "containerDefinitions": [container]},
            {"family": "web", "containerDefinitions": [c2]}
        ],
        "services": [svc],
        "timeline": timeline,
    })
}

/// A CPU target tracking policy on `target` %, with a constant CPU load of `units`.
fn cpu_scaling(min: u32, max: u32, target: f64, units: f64) -> Value {
    json!({
        "serviceAutoScaling": {"minCapacity": min, "maxCapacity": max,
            "targetTracking": {"predefinedMetricType": "ECSServiceAverageCPUUtilization", "targetValue": target}},
        "load": {"cpuUnits": [[0, units]]},
    })
}

/// (seconds, from, to) of every desiredCount change Service Auto Scaling made.
fn scalings(sim: &Simulation) -> Vec<(u64, u32, u32)> {
    sim.records
        .iter()
        .filter_map(|r| match r {
            Record::ServiceEvent { at, message, .. } => {
                let rest = message.split("has updated desiredCount from ").nth(1)?;
                let mut words = rest.split(' ');
                let from = words.next()?.parse().ok()?;
                let to = words.nth(1)?.parse().ok()?;
                Some((at / 1000, from, to))
            }
            _ => None,
        })
        .collect()
}

/// desiredCount in the sample at `seconds`.
fn desired_at(sim: &Simulation, seconds: u64) -> u32 {
    let s = sim
        .samples
        .iter()
        .find(|s| s.at == seconds * 1000)
        .unwrap_or_else(|| panic!("no sample at {seconds} s"));
    s.services[0].desired
}

fn error(v: &Value) -> scenario::ScenarioError {
    let text = serde_json::to_string_pretty(v).unwrap();
    *scenario::parse("test.json", &text).expect_err("the scenario is invalid")
}

#[test]
fn scale_out_is_proportional_after_three_datapoints() {
    // 4 tasks at 100 % with target 50 → 8, at the third 1-minute datapoint.
    let sim = run(&scenario(
        4,
        40,
        cpu_scaling(1, 20, 50.0, 1024.0),
        json!([]),
        1800,
    ));
    assert_eq!(scalings(&sim), vec![(180, 4, 8)]);
    assert_eq!(sim.services[0].desired_count, 8);
    assert_eq!(sim.live_counts(sim::ServiceId(0)).running, 8);
    let m = events(&sim);
    assert!(
        m.iter().any(|x| x
            == "(service web) has updated desiredCount from 4 to 8 (target tracking: CPU 100.0% > 50%)."),
        "{m:?}"
    );
    let a = &sim.services[0].auto_scaling.stats;
    assert_eq!((a.scale_out_actions, a.scale_in_actions), (1, 0));
    assert_eq!((a.min_desired, a.max_desired), (4, 8));
}

#[test]
fn scale_out_datapoints_is_a_parameter() {
    let mut v = scenario(4, 40, cpu_scaling(1, 20, 50.0, 1024.0), json!([]), 1800);
    v["parameters"]["scaleOutDatapoints"] = json!(1);
    assert_eq!(scalings(&run(&v)), vec![(60, 4, 8)]);
}

#[test]
fn scale_in_waits_fifteen_datapoints_and_the_cooldown() {
    // 10 tasks at 20 % (target 50): the 15th datapoint is at 900 s. With at most 20 % of the
    // count per step (rounded down, at least 1), the next steps wait out the 300 s cooldown.
    let mut v = scenario(10, 40, cpu_scaling(1, 20, 50.0, 512.0), json!([]), 3600);
    v["parameters"]["scaleInMaxStepFraction"] = json!(0.2);
    let sim = run(&v);
    assert_eq!(
        scalings(&sim),
        vec![
            (900, 10, 8),
            (1200, 8, 7),
            (1500, 7, 6),
            (1800, 6, 5),
            (2100, 5, 4)
        ]
    );
    assert!(
        events(&sim)
            .iter()
            .any(|m| m.ends_with("(target tracking: CPU 20.0% < 45%)."))
    );
    // With the default (proportional) step: straight to ceil(10 × 20 / 50) = 4.
    let sim = run(&scenario(
        10,
        40,
        cpu_scaling(1, 20, 50.0, 512.0),
        json!([]),
        3600,
    ));
    assert_eq!(scalings(&sim), vec![(900, 10, 4)]);
}

#[test]
fn a_longer_scale_in_cooldown_spaces_the_steps() {
    let mut svc = cpu_scaling(1, 20, 50.0, 512.0);
    svc["serviceAutoScaling"]["targetTracking"]["scaleInCooldownSeconds"] = json!(600);
    let mut v = scenario(10, 40, svc, json!([]), 3600);
    v["parameters"]["scaleInMaxStepFraction"] = json!(0.2);
    assert_eq!(
        scalings(&run(&v)),
        vec![
            (900, 10, 8),
            (1500, 8, 7),
            (2100, 7, 6),
            (2700, 6, 5),
            (3300, 5, 4)
        ]
    );
}

#[test]
fn during_the_scale_out_cooldown_the_capacity_added_counts() {
    // 4 tasks at 150 % → 12 at 180 s (cooldown to 480 s). An UpdateService at 240 s sets 5:
    // 5 tasks at 120 % ask for 12 again from the third datapoint (360 s), but during the
    // cooldown the 12 already added count, so only at 480 s does it scale out.
    let update =
        json!([{"atSeconds": 240, "action": "UpdateService", "service": "web", "desiredCount": 5}]);
    let sim = run(&scenario(
        4,
        40,
        cpu_scaling(1, 20, 50.0, 1536.0),
        update,
        900,
    ));
    assert_eq!(scalings(&sim), vec![(180, 4, 12), (480, 5, 12)]);
    let a = &sim.services[0].auto_scaling.stats;
    assert_eq!((a.min_desired, a.max_desired), (4, 12));
}

#[test]
fn a_scale_out_interrupts_the_scale_in_cooldown() {
    // 20 % until a spike from 960 s to 1100 s; scale-in cooldown one hour.
    let mut svc = cpu_scaling(1, 40, 50.0, 0.0);
    svc["load"]["cpuUnits"] = json!([[0, 512], [960, 512], [960, 5120], [1100, 5120], [1100, 512]]);
    svc["serviceAutoScaling"]["targetTracking"]["scaleInCooldownSeconds"] = json!(3600);
    let sim = run(&scenario(10, 80, svc, json!([]), 3000));
    // Scale-in at 900 s (cooldown to 4500 s), scale-out at 1080 s, which ends the cooldown: the
    // next scale-in comes 15 datapoints after the spike (1140 … 1980 s), not at 4500 s.
    assert_eq!(
        scalings(&sim),
        vec![(900, 10, 4), (1080, 4, 40), (1980, 40, 4)]
    );
}

#[test]
fn no_scale_in_during_a_deployment_but_scale_out_continues() {
    // Load 20 % of 10 tasks until 1200 s, then 200 %. Revision 2 takes 1800 s to pull, so the
    // deployment from 300 s is in progress until after 2100 s.
    let mut svc = cpu_scaling(1, 40, 50.0, 0.0);
    svc["load"]["cpuUnits"] = json!([[0, 512], [1200, 512], [1200, 5120]]);
    let deploy = json!([{"atSeconds": 300, "action": "UpdateService", "service": "web", "taskDefinition": "web:2"}]);
    let mut v = scenario(10, 200, svc, deploy, 2000);
    v["taskBehavior"] = json!({"web:2": {"pullSeconds": 1800}});
    let sim = run(&v);
    let dep = sim.deployments.last().unwrap();
    assert_eq!(dep.rollout_state, sim::deployment::RolloutState::InProgress);
    // No scale-in at 900 s; the scale-out at the third datapoint above target (1200, 1260,
    // 1320 s), from the 10 RUNNING old tasks: ceil(10 × 200 / 50) = 40.
    assert_eq!(scalings(&sim), vec![(1320, 10, 40)]);
    // Without the deployment the same load scales in at 900 s.
    let mut v = v.clone();
    v["timeline"] = json!([]);
    let s = scalings(&run(&v));
    assert_eq!(s[0], (900, 10, 4), "{s:?}");
}

#[test]
fn scaling_computes_from_the_running_count_not_desired() {
    // GT-44: desired 10 but room for 6; 6 RUNNING at 90 % with target 45 → 12, not 20.
    let sim = run(&scenario(
        10,
        6,
        cpu_scaling(1, 30, 45.0, 0.9 * 6.0 * 256.0),
        json!([]),
        600,
    ));
    assert_eq!(sim.live_counts(sim::ServiceId(0)).running, 6);
    assert_eq!(scalings(&sim), vec![(180, 10, 12)]);
}

#[test]
fn min_and_max_clamp_and_desired_below_min_jumps_to_min() {
    // 500 % of 4 tasks, target 50: 40 wanted, max 10.
    let sim = run(&scenario(
        4,
        40,
        cpu_scaling(1, 10, 50.0, 5120.0),
        json!([]),
        1200,
    ));
    assert_eq!(scalings(&sim), vec![(180, 4, 10)]);
    // 5 % of 10 tasks: 1 wanted, min 3.
    let sim = run(&scenario(
        10,
        40,
        cpu_scaling(3, 20, 50.0, 128.0),
        json!([]),
        1800,
    ));
    assert_eq!(scalings(&sim), vec![(900, 10, 3)]);
    // desiredCount 1 below min 5: nothing until a scale-out fires, then min (§6), although
    // 1 task at 60 % alone would ask for 2.
    let sim = run(&scenario(
        1,
        40,
        cpu_scaling(5, 20, 50.0, 153.6),
        json!([]),
        1200,
    ));
    assert_eq!(scalings(&sim), vec![(180, 1, 5)]);
    // desiredCount 30 above max 20 with a load below target: the scale-in drops it to max.
    let sim = run(&scenario(
        30,
        40,
        cpu_scaling(1, 20, 50.0, 30.0 * 256.0 * 0.44),
        json!([]),
        1200,
    ));
    assert_eq!(scalings(&sim), vec![(900, 30, 20)]);
}

#[test]
fn scheduled_night_and_day_scale_in_and_out_at_once() {
    // §6 example: "night" min 1 / max 2; "day" min 5 (here with max 20 back).
    let mut svc = cpu_scaling(5, 20, 50.0, 0.48 * 8.0 * 256.0);
    svc["serviceAutoScaling"]["scheduledActions"] = json!([
        {"scheduledActionName": "night", "atSeconds": 3600, "minCapacity": 1, "maxCapacity": 2},
        {"scheduledActionName": "day", "atSeconds": 7200, "minCapacity": 5, "maxCapacity": 20},
    ]);
    let sim = run(&scenario(8, 40, svc, json!([]), 9000));
    let s = scalings(&sim);
    // Night: 8 → 2 at once; 2 tasks at 192 % want more but max is 2 (the scale-out alarm stays
    // in ALARM). Day: 2 → 5 at once, and the policy's datapoint of the same minute, still on 2
    // RUNNING tasks, asks for ceil(2 × 192 / 50) = 8.
    assert_eq!(s, vec![(3600, 8, 2), (7200, 2, 5), (7200, 5, 8)]);
    assert!(events(&sim).iter().any(|m| m
        == "(service web) has updated desiredCount from 8 to 2 (scheduled action night: minCapacity 1, maxCapacity 2)."));
    let t = sim.services[0].auto_scaling.target.as_ref().unwrap();
    assert_eq!((t.min_capacity, t.max_capacity), (5, 20));
}

#[test]
fn a_scheduled_min_above_max_raises_max() {
    let svc = json!({"serviceAutoScaling": {"minCapacity": 1, "maxCapacity": 2,
        "scheduledActions": [{"scheduledActionName": "up", "atSeconds": 60, "minCapacity": 6,
            "repeatEverySeconds": 600}]}});
    let sim = run(&scenario(2, 40, svc, json!([]), 1000));
    assert_eq!(scalings(&sim), vec![(60, 2, 6)]);
    let t = sim.services[0].auto_scaling.target.as_ref().unwrap();
    assert_eq!((t.min_capacity, t.max_capacity), (6, 6));
    // It repeats every 600 s; in range, it only reports the new range.
    let m = events(&sim);
    let repeats = m
        .iter()
        .filter(|m| *m == "(service web) scheduled action up: minCapacity 6, maxCapacity 6.")
        .count();
    assert_eq!(repeats, 1, "{m:?}");
}

#[test]
fn scale_from_zero_waits_for_one_datapoint_then_adds_one() {
    let mut svc = cpu_scaling(0, 10, 50.0, 0.0);
    svc["load"]["cpuUnits"] = json!([[0, 0], [600, 0], [600, 1024]]);
    let sim = run(&scenario(0, 40, svc, json!([]), 1200));
    // 1 task at 400 % then asks for ceil(1 × 400 / 50) = 8.
    assert_eq!(scalings(&sim), vec![(600, 0, 1), (780, 1, 8)]);
}

#[test]
fn scale_out_if_any_policy_wants_scale_in_only_if_all() {
    // CPU at 20 % (wants scale-in), memory at 47 % of target 50 (between the thresholds).
    let policies = json!({"minCapacity": 1, "maxCapacity": 20, "targetTracking": [
        {"predefinedMetricType": "ECSServiceAverageCPUUtilization", "targetValue": 50},
        {"predefinedMetricType": "ECSServiceAverageMemoryUtilization", "targetValue": 50}]});
    let svc = json!({"serviceAutoScaling": policies,
        "load": {"cpuUnits": [[0, 512]], "memoryMiB": [[0, 0.47 * 10.0 * 512.0]]}});
    assert_eq!(
        scalings(&run(&scenario(10, 40, svc.clone(), json!([]), 3600))),
        vec![]
    );
    // With scale-in disabled on the memory policy, CPU alone decides the scale-in (after
    // which memory, at 117 % of 4 tasks, scales out again).
    let mut v = svc.clone();
    v["serviceAutoScaling"]["targetTracking"][1]["disableScaleIn"] = json!(true);
    let s = scalings(&run(&scenario(10, 40, v, json!([]), 3600)));
    assert_eq!(s[..2], [(900, 10, 4), (1080, 4, 10)]);
    // Both low: scale-in.
    let mut v = svc.clone();
    v["load"]["memoryMiB"] = json!([[0, 0.2 * 10.0 * 512.0]]);
    assert_eq!(
        scalings(&run(&scenario(10, 40, v, json!([]), 1800))),
        vec![(900, 10, 4)]
    );
    // Memory above target scales out although CPU is low.
    let mut v = svc;
    v["load"]["memoryMiB"] = json!([[0, 0.75 * 10.0 * 512.0]]);
    assert_eq!(
        scalings(&run(&scenario(10, 40, v, json!([]), 600))),
        vec![(180, 10, 15)]
    );
}

#[test]
fn a_day_night_load_curve_runs_fewer_tasks_at_night() {
    // Peak 16 tasks' worth at 14:00, 2 at 02:00, linear in between, every day.
    let svc = json!({
        "serviceAutoScaling": {"minCapacity": 1, "maxCapacity": 40,
            "targetTracking": {"predefinedMetricType": "ECSServiceAverageCPUUtilization", "targetValue": 50}},
        "load": {"cpuUnits": [[7200, 512], [50400, 4096]], "repeatEverySeconds": 86400},
    });
    let sim = run(&scenario(8, 80, svc, json!([]), 2 * 86400));
    // Day 2: 14:00 versus 03:00.
    let day = desired_at(&sim, 86400 + 14 * 3600);
    let night = desired_at(&sim, 86400 + 3 * 3600);
    assert!(night * 3 <= day, "night {night}, day {day}");
    // At the peak, 4096 units at 50 % of 256-unit tasks is 32 tasks; the alarms keep the
    // utilization between 45 % and 50 %, so 33 to 36 tasks while the load still rises.
    assert!((32..=36).contains(&day), "day {day}");
    let a = &sim.services[0].auto_scaling.stats;
    assert!(a.scale_out_actions >= 2 && a.scale_in_actions >= 2, "{a:?}");
}

#[test]
fn invalid_configurations_are_located_errors() {
    let with = |f: &dyn Fn(&mut Value)| {
        let mut svc = cpu_scaling(1, 10, 50.0, 1024.0);
        f(&mut svc);
        error(&scenario(4, 40, svc, json!([]), 600))
    };
    let e = with(&|v| v["serviceAutoScaling"]["minCapacity"] = json!(12));
    assert_eq!(
        e.path.to_string(),
        "services[0].serviceAutoScaling.minCapacity"
    );
    assert!(e.message.contains("exceeds maxCapacity 10"), "{e}");
    assert!(e.line > 1);
    for bad in [0.0, 150.0, -5.0] {
        let e = with(&|v| v["serviceAutoScaling"]["targetTracking"]["targetValue"] = json!(bad));
        assert_eq!(
            e.path.to_string(),
            "services[0].serviceAutoScaling.targetTracking.targetValue"
        );
        assert!(e.message.contains("(0, 100]"), "{e}");
    }
    let e =
        with(&|v| v["serviceAutoScaling"]["targetTracking"]["scaleInCooldownSeconds"] = json!(-1));
    assert_eq!(
        e.path.to_string(),
        "services[0].serviceAutoScaling.targetTracking.scaleInCooldownSeconds"
    );
    let e = with(&|v| {
        v["serviceAutoScaling"]["targetTracking"]["predefinedMetricType"] =
            json!("ECSServiceAverageCPUUtilisation")
    });
    assert_eq!(
        e.hint.as_deref(),
        Some("did you mean `ECSServiceAverageCPUUtilization`?")
    );
    let e = with(&|v| {
        v.as_object_mut().unwrap().remove("load");
    });
    assert!(
        e.message.contains("needs the service's load in cpuUnits"),
        "{e}"
    );
    let e = with(&|v| v["load"]["cpuUnits"] = json!([[60, 1], [30, 2]]));
    assert_eq!(e.path.to_string(), "services[0].load.cpuUnits[1][0]");
    let e = with(&|v| {
        v["serviceAutoScaling"]["scheduledActions"] =
            json!([{"scheduledActionName": "x", "atSeconds": 10}])
    });
    assert_eq!(
        e.path.to_string(),
        "services[0].serviceAutoScaling.scheduledActions[0]"
    );
    let e = with(&|v| v["serviceAutoScaling"]["targetTracking"]["targetValu"] = json!(5));
    assert!(e.message.contains("unknown field `targetValu`"), "{e}");
    assert_eq!(e.hint.as_deref(), Some("did you mean `targetValue`?"));
    let mut v = scenario(4, 40, cpu_scaling(1, 10, 50.0, 1024.0), json!([]), 600);
    v["parameters"]["scaleInThresholdFraction"] = json!(1.5);
    assert_eq!(
        error(&v).path.to_string(),
        "parameters.scaleInThresholdFraction"
    );
}
