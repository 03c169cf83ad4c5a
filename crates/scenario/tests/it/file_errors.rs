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

/// A timeline entry whose keys do not start with `atSeconds` and `action` is read by the second
/// (serde-derived) parse: the same scenario either way.
#[test]
fn timeline_entries_read_the_same_in_any_key_order() {
    let with = |entry: &str| {
        format!(
            r#"{{"name": "t", "durationSeconds": 600,
 "cluster": {{"containerInstances": [{{"count": 2, "instanceType": "m4.large"}}]}},
 "taskDefinitions": [{{"family": "web", "containerDefinitions": [{{"name": "app", "cpu": 256, "memory": 512}}]}},
                     {{"family": "web", "containerDefinitions": [{{"name": "app", "cpu": 512, "memory": 512}}]}}],
 "services": [{{"serviceName": "web", "taskDefinition": "web:1", "desiredCount": 2}}],
 "timeline": [{entry}]}}"#
        )
    };
    let usual = with(
        r#"{"atSeconds": 60, "action": "UpdateService", "service": "web", "taskDefinition": "web:2"}"#,
    );
    let other = with(
        r#"{"service": "web", "taskDefinition": "web:2", "action": "UpdateService", "atSeconds": 60}"#,
    );
    let a = scenario::parse("usual.json", &usual).unwrap_or_else(|e| panic!("{e}"));
    let b = scenario::parse("other.json", &other).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.config.timeline.len(), 1);
    assert_eq!(format!("{:?}", a.config), format!("{:?}", b.config));
}
