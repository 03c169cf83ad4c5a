//! AWS service fields that are read from the service's other fields: `deploymentController`
//! (only ECS is modelled).

use super::support::parse;
use serde_json::{Value, json};

fn with_controller(controller: &str) -> Value {
    json!({
        "name": "controller", "durationSeconds": 60,
        "cluster": {"containerInstances": [{"count": 1, "instanceType": "m4.large"}]},
        "taskDefinitions": [{"family": "web", "containerDefinitions": [{"name": "app", "cpu": 256, "memory": 512}]}],
        "services": [{"serviceName": "web", "taskDefinition": "web:1", "desiredCount": 1,
                      "deploymentController": {"type": controller}}],
    })
}

#[test]
fn the_ecs_deployment_controller_is_accepted() {
    let config = parse(&with_controller("ECS")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.services.len(), 1);
}

#[test]
fn other_deployment_controllers_are_refused_at_their_type() {
    for controller in ["CODE_DEPLOY", "EXTERNAL"] {
        let err = parse(&with_controller(controller)).expect_err(controller);
        let text = err.to_string();
        assert!(
            text.contains("services[0].deploymentController.type"),
            "{text}"
        );
        assert!(
            text.contains("only the ECS deployment controller is modelled"),
            "{text}"
        );
    }
}

#[test]
fn a_deployment_controller_of_another_shape_is_refused() {
    for (controller, at) in [
        (json!("CODE_DEPLOY"), "services[0].deploymentController"),
        (json!({}), "services[0].deploymentController"),
        (
            json!({"type": ["CODE_DEPLOY"]}),
            "services[0].deploymentController.type",
        ),
        (
            json!({"type": "ECS", "bogus": 1}),
            "services[0].deploymentController.bogus",
        ),
    ] {
        let mut v = with_controller("ECS");
        v["services"][0]["deploymentController"] = controller.clone();
        let err = parse(&v).expect_err(&controller.to_string());
        assert_eq!(err.path.to_string(), at, "{controller}: {err}");
    }
}

fn with_deployment_configuration(dc: Value) -> Value {
    let mut v = with_controller("ECS");
    v["services"][0]["deploymentConfiguration"] = dc;
    v
}

#[test]
fn only_rolling_deployments_are_accepted() {
    for strategy in ["BLUE_GREEN", "LINEAR", "CANARY"] {
        let v =
            with_deployment_configuration(json!({"strategy": strategy, "bakeTimeInMinutes": 5}));
        let err = parse(&v).expect_err(strategy);
        assert_eq!(
            err.path.to_string(),
            "services[0].deploymentConfiguration.strategy",
            "{err}"
        );
        assert!(err.to_string().contains("are not modelled"), "{err}");
    }
    let v = with_deployment_configuration(json!({"strategy": "ROLLING", "maximumPercent": 150}));
    let config = parse(&v).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        config.services[0]
            .config
            .deployment_configuration
            .maximum_percent,
        150
    );
}

#[test]
fn alarm_rollback_is_refused_and_disabled_alarms_are_accepted() {
    let alarms = |enable: bool| {
        with_deployment_configuration(
            json!({"alarms": {"alarmNames": ["high-5xx"], "enable": enable, "rollback": true}}),
        )
    };
    let err = parse(&alarms(true)).expect_err("alarms enabled");
    assert_eq!(
        err.path.to_string(),
        "services[0].deploymentConfiguration.alarms.enable",
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("CloudWatch-alarm rollback is not modelled")
    );
    parse(&alarms(false)).unwrap_or_else(|e| panic!("{e}"));
}
