//! Errors about the file as a whole.

#[test]
fn text_after_the_scenario_object_is_an_error_at_its_position() {
    let text = r#"{"name": "t", "durationSeconds": 60,
 "cluster": {"containerInstances": [{"count": 1, "instanceType": "m4.large"}]},
 "taskDefinitions": [{"family": "web", "containerDefinitions": [{"name": "app", "cpu": 256, "memory": 512}]}],
 "services": [{"serviceName": "web", "taskDefinition": "web:1", "desiredCount": 1}]}
}
"#;
    let err = scenario::parse("trailing.json", text).expect_err("trailing brace");
    assert_eq!((err.line, err.column), (5, 1));
    assert!(err.message.contains("unexpected text after"), "{err}");
    // Without the stray brace the same text is a valid scenario.
    let valid = text.trim_end().trim_end_matches('}');
    scenario::parse("valid.json", valid).unwrap_or_else(|e| panic!("{e}"));
}
