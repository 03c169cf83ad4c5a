//! End-to-end tests of the `ecsim` binary: golden outputs of every shipped scenario,
//! determinism, and located errors with exit code 2 for bad input.
//!
//! Re-bless the golden files with `UPDATE_GOLDEN=1 cargo test -p ecsim --test it`.

use super::support::*;
use std::fs;
use std::path::{Path, PathBuf};

/// Every `*.json` under scenarios/ except the expected outputs.
fn shipped_scenarios() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![repo().join("scenarios")];
    while let Some(d) = dirs.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() && p.file_name().unwrap() != "expected" {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn golden_name(scenario: &Path) -> String {
    let rel = scenario.strip_prefix(repo().join("scenarios")).unwrap();
    rel.with_extension("").to_string_lossy().replace('/', "--")
}

#[test]
fn every_shipped_scenario_matches_its_golden_outputs() {
    let scenarios = shipped_scenarios();
    assert!(scenarios.len() >= 4, "shipped scenarios: {scenarios:?}");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    for s in scenarios {
        let name = golden_name(&s);
        let out = tmp(&name);
        let o = ecsim(&[
            "run",
            s.to_str().unwrap(),
            "--no-charts",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        for file in ["summary.json", "events.jsonl"] {
            let actual = fs::read_to_string(out.join(file)).unwrap();
            let expected_path = repo()
                .join("scenarios/expected")
                .join(format!("{name}.{file}"));
            if update {
                fs::write(&expected_path, &actual).unwrap();
            } else {
                let expected = fs::read_to_string(&expected_path).unwrap_or_default();
                if expected != actual {
                    mismatches.push(expected_path.display().to_string());
                }
            }
        }
        let _ = fs::remove_dir_all(&out);
    }
    assert!(
        mismatches.is_empty(),
        "outputs differ from (re-bless with UPDATE_GOLDEN=1): {mismatches:#?}"
    );
}

#[test]
fn same_seed_gives_byte_identical_outputs() {
    let (a, b) = (tmp("det-a"), tmp("det-b"));
    // The second run also prints its phase times, which must change no output.
    for (d, extra) in [(&a, None), (&b, Some("--timings"))] {
        let mut args = vec![
            "run",
            "scenarios/max100-min50.json",
            "--no-charts",
            "--seed",
            "9",
            "--out",
            d.to_str().unwrap(),
        ];
        args.extend(extra);
        let o = ecsim(&args);
        assert!(o.status.success());
        let stderr = String::from_utf8_lossy(&o.stderr);
        let phases = [
            "load",
            "simulate",
            "events.jsonl",
            "cost files",
            "report.html",
            "stdout",
        ];
        for phase in phases {
            let line = format!("timings: {phase} ");
            assert_eq!(stderr.contains(&line), extra.is_some(), "{phase}: {stderr}");
        }
    }
    for f in ["summary.json", "events.jsonl", "timeseries.csv"] {
        assert_eq!(
            fs::read(a.join(f)).unwrap(),
            fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
    let summary = fs::read_to_string(a.join("summary.json")).unwrap();
    assert!(summary.contains("\"seed\": 9"));
    // A different seed changes the sampled latencies.
    let c = tmp("det-c");
    ecsim(&[
        "run",
        "scenarios/max100-min50.json",
        "--no-charts",
        "--seed",
        "10",
        "--out",
        c.to_str().unwrap(),
    ]);
    assert_ne!(
        fs::read(a.join("events.jsonl")).unwrap(),
        fs::read(c.join("events.jsonl")).unwrap()
    );
}

#[test]
fn summary_has_the_documented_fields() {
    let out = tmp("fields");
    let o = ecsim(&[
        "run",
        "scenarios/max200-no-spare.json",
        "--no-charts",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.starts_with("seed 42 "),
        "first line names the seed: {stdout}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    for k in ["scenario", "seed", "endSeconds", "services"] {
        assert!(v.get(k).is_some(), "{k}");
    }
    let svc = &v["services"][0];
    for k in [
        "serviceName",
        "deployments",
        "peakTaskCount",
        "minHealthyCount",
        "unplacedAttempts",
    ] {
        assert!(svc.get(k).is_some(), "{k}");
    }
    let d = &svc["deployments"][0];
    for k in [
        "id",
        "taskDefinition",
        "rolloutState",
        "startedAtSeconds",
        "completedAtSeconds",
        "durationSeconds",
        "stalled",
    ] {
        assert!(d.get(k).is_some(), "{k}");
    }
    assert_eq!(d["rolloutState"], "IN_PROGRESS");
    assert!(
        d["stalled"]["hint"]
            .as_str()
            .unwrap()
            .contains("add 1 more m4.large-sized container instance")
    );
    let csv = fs::read_to_string(out.join("timeseries.csv")).unwrap();
    assert!(csv.starts_with("timeSeconds,scope,deployment,desiredCount"));
}

/// Writes `text` to a scenario file and runs `ecsim run` on it; returns (exit code, stderr, out dir).
fn run_bad(name: &str, text: &str) -> (i32, String, PathBuf) {
    let dir = tmp(name);
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.json"));
    fs::write(&file, text).unwrap();
    let out = dir.join("out");
    let o = ecsim(&[
        "run",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        out,
    )
}

fn good_scenario() -> String {
    fs::read_to_string(repo().join("scenarios/max200-with-spare.json")).unwrap()
}

#[test]
fn malformed_json_is_located() {
    let text = good_scenario().replacen("\"seed\": 42,", "\"seed\": 42,,", 1);
    let line = text.lines().position(|l| l.contains("42,,")).unwrap() + 1;
    let (code, err, out) = run_bad("malformed", &text);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&format!("malformed.json:{line}:14:")), "{err}");
    assert!(!out.exists(), "no outputs after an error");
}

#[test]
fn truncated_and_empty_files() {
    let text = good_scenario();
    let (code, err, _) = run_bad("truncated", &text[..text.len() / 2]);
    assert_eq!(code, 2);
    assert!(
        err.contains("truncated.json:") && err.contains("ends early"),
        "{err}"
    );
    let (code, err, _) = run_bad("empty", "");
    assert_eq!(code, 2);
    assert!(
        err.contains("empty.json:1:1") && err.contains("empty"),
        "{err}"
    );
}

#[test]
fn out_of_range_value_names_the_path() {
    let text = good_scenario().replacen("\"maximumPercent\": 200", "\"maximumPercent\": 50", 1);
    let (code, err, _) = run_bad("range", &text);
    assert_eq!(code, 2);
    assert!(
        err.contains("services[0].deploymentConfiguration.maximumPercent"),
        "{err}"
    );
    let line = text
        .lines()
        .position(|l| l.contains("\"maximumPercent\": 50"))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("range.json:{line}:")), "{err}");
}

#[test]
fn typos_get_did_you_mean() {
    let text = good_scenario().replacen("\"desiredCount\"", "\"desiredCont\"", 1);
    let (code, err, _) = run_bad("typo", &text);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown field `desiredCont`") && err.contains("did you mean `desiredCount`"),
        "{err}"
    );
    let text = good_scenario().replacen("\"service\": \"api\"", "\"service\": \"apj\"", 1);
    let (code, err, _) = run_bad("unknown-service", &text);
    assert_eq!(code, 2);
    assert!(
        err.contains("timeline[0].service") && err.contains("did you mean `api`"),
        "{err}"
    );
    let text = good_scenario().replacen("\"m4.large\"", "\"m4.larg\"", 1);
    let (code, err, _) = run_bad("unknown-type", &text);
    assert_eq!(code, 2);
    assert!(err.contains("m4.large"), "{err}");
    let text = good_scenario().replacen("\"cpu\": 1024", "\"cpu\": \"lots\"", 1);
    let (code, err, _) = run_bad("wrong-type", &text);
    assert_eq!(code, 2);
    assert!(
        err.contains("taskDefinitions[0].containerDefinitions[0].cpu"),
        "{err}"
    );
}

#[test]
fn validate_checks_every_file() {
    let o = ecsim(&[
        "validate",
        "scenarios/max200-no-spare.json",
        "scenarios/static-host-port.json",
    ]);
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 2);
    let (_, _, _) = run_bad("v", "{");
    let o = ecsim(&[
        "validate",
        "scenarios/max200-no-spare.json",
        "does-not-exist.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does-not-exist.json"));
}
