//! End-to-end tests of the run outputs beyond the golden files: cost (billing rounding and
//! minimums, prices by region and date), charts (PNG size, SVG labels), the instances GIF, the
//! HTML report, determinism of every file, and `ecsim compare`.

use super::support::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn run(scenario: &str, out: &Path, extra: &[&str]) -> String {
    let mut args = vec!["run", scenario, "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    ok(&ecsim(&args))
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn files_with(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

/// Width and height from a PNG's IHDR chunk (bytes 16..24, big-endian).
fn png_size(path: &Path) -> (u32, u32) {
    let b = fs::read(path).unwrap();
    assert_eq!(&b[..8], b"\x89PNG\r\n\x1a\n", "{}", path.display());
    assert_eq!(&b[12..16], b"IHDR", "{}", path.display());
    let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (be(16), be(20))
}

/// Logical screen size and number of image frames of a GIF, by walking its blocks.
fn gif_frames(path: &Path) -> ((u16, u16), usize) {
    let b = fs::read(path).unwrap();
    assert!(b.starts_with(b"GIF89a") || b.starts_with(b"GIF87a"));
    let size = (
        u16::from_le_bytes([b[6], b[7]]),
        u16::from_le_bytes([b[8], b[9]]),
    );
    let color_table = |flags: u8| {
        if flags & 0x80 != 0 {
            3 << ((flags & 0x07) + 1)
        } else {
            0
        }
    };
    let skip_sub_blocks = |mut i: usize| {
        while b[i] != 0 {
            i += b[i] as usize + 1;
        }
        i + 1
    };
    let mut i = 13 + color_table(b[10]);
    let mut frames = 0;
    loop {
        match b[i] {
            0x21 => i = skip_sub_blocks(i + 2),
            0x2C => {
                frames += 1;
                let flags = b[i + 9];
                i += 10 + color_table(flags) + 1; // descriptor, local table, LZW code size
                i = skip_sub_blocks(i);
            }
            0x3B => break,
            other => panic!("unexpected GIF block 0x{other:02x} at {i}"),
        }
    }
    (size, frames)
}

#[test]
fn run_writes_charts_animation_report_and_cost() {
    let out = tmp("full");
    let stdout = run("scenarios/max200-with-spare.json", &out, &[]);
    assert!(
        stdout.contains("cost (us-east-1 prices of 2026-11-29)"),
        "{stdout}"
    );
    assert!(stdout.contains("30 days at that rate $160.20"), "{stdout}");

    // Every chart is a 1920×1080 PNG with its SVG.
    let pngs = files_with(&out, "png");
    let stems: Vec<String> = pngs
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        stems,
        [
            "capacity-cpu",
            "capacity-memory",
            "cost-rate",
            "cost",
            "healthy-api",
            "instances",
            "tasks-api"
        ]
    );
    for p in &pngs {
        assert_eq!(png_size(p), (1920, 1080), "{}", p.display());
        // Every chart has its SVG; `instances.png` is the animation's still.
        let still = p.file_stem().unwrap() == "instances";
        assert_eq!(p.with_extension("svg").exists(), !still, "{}", p.display());
    }
    // The SVGs carry the series labels and reference lines as text.
    let svg = |stem: &str| fs::read_to_string(out.join(format!("{stem}.svg"))).unwrap();
    let tasks = svg("tasks-api");
    for label in [
        "api:1 (ecs-svc/1) running",
        "api:2 (ecs-svc/2) running",
        "api:2 (ecs-svc/2) starting",
        "api:1 (ecs-svc/1) stopping",
        "ecs-svc/2 start",
        "ecs-svc/2 completed",
    ] {
        assert!(tasks.contains(label), "tasks-api.svg lacks {label}");
    }
    let healthy = svg("healthy-api");
    for label in [
        "healthy tasks",
        "maximumPercent 200 of desiredCount 2 → at most 4 tasks",
        "minimumHealthyPercent 100 of desiredCount 2 → at least 2 healthy",
    ] {
        assert!(healthy.contains(label), "healthy-api.svg lacks {label}");
    }
    assert!(svg("capacity-cpu").contains("reserved vCPU"));
    assert!(svg("capacity-memory").contains("reserved GiB"));
    let cost_svg = svg("cost");
    for label in ["EC2 instances", "1 Application Load Balancer", "total"] {
        assert!(cost_svg.contains(label), "cost.svg lacks {label}");
    }

    // The animation: 1280×720, several frames (one per simulated second of the deploy).
    let ((w, h), frames) = gif_frames(&out.join("instances.gif"));
    assert_eq!((w, h), (1280, 720));
    assert!(frames > 1 && frames <= 120 + 15, "{frames} frames");

    // The report is one self-contained page.
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for needle in [
        "<svg",
        "Services at the end of the run",
        "Prices used",
        "Assumed:",
    ] {
        assert!(html.contains(needle), "report.html lacks {needle}");
    }
    assert!(!html.contains("<script") && !html.contains("src=\"http"));

    // Cost files and the summary's cost block agree.
    let summary = json(&out.join("summary.json"));
    let cost = json(&out.join("cost.json"));
    assert_eq!(summary["cost"]["totalUsd"], cost["totalUsd"]);
    assert_eq!(summary["cost"]["projection30DaysUsd"], 160.2);
    assert_eq!(cost["lines"][0]["billedSeconds"], 2 * 127);
    let csv = fs::read_to_string(out.join("cost.csv")).unwrap();
    assert!(csv.starts_with("timeSeconds,line,kind,rateUsdPerHour,cumulativeUsd\n"));
    let last_total = csv
        .lines()
        .rfind(|l| l.contains(",total,"))
        .unwrap()
        .rsplit(',')
        .next()
        .unwrap()
        .parse::<f64>()
        .unwrap();
    assert!((last_total - cost["totalUsd"].as_f64().unwrap()).abs() < 1e-9);
    let _ = fs::remove_dir_all(&out);
}

#[test]
fn every_output_is_byte_identical_for_the_same_seed() {
    let (a, b) = (tmp("same-a"), tmp("same-b"));
    run("scenarios/max100-min50.json", &a, &["--seed", "3"]);
    run("scenarios/max100-min50.json", &b, &["--seed", "3"]);
    let names: Vec<_> = fs::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 20, "{names:?}");
    for name in names {
        assert_eq!(
            fs::read(a.join(&name)).unwrap(),
            fs::read(b.join(&name)).unwrap(),
            "{name:?} differs between two runs"
        );
    }
    let _ = fs::remove_dir_all(&a);
    let _ = fs::remove_dir_all(&b);
}

#[test]
fn no_charts_still_writes_cost_and_report() {
    let out = tmp("nocharts");
    run("scenarios/max200-no-spare.json", &out, &["--no-charts"]);
    assert!(files_with(&out, "png").is_empty());
    assert!(files_with(&out, "svg").is_empty());
    assert!(!out.join("instances.gif").exists());
    for f in ["cost.json", "cost.csv", "report.html", "summary.json"] {
        assert!(out.join(f).exists(), "{f}");
    }
    let _ = fs::remove_dir_all(&out);
}

/// Writes a scenario into a temporary directory and returns its path.
fn scenario_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

/// One instance deregistered at `seconds`.
fn one_instance(instance_type: &str, seconds: f64, top: &str) -> String {
    format!(
        r#"{{"name": "bill", "durationSeconds": 86400, {top}
  "cluster": {{"clusterName": "c", "containerInstances": [{{"instanceType": "{instance_type}"}}]}},
  "taskDefinitions": [], "services": [],
  "timeline": [{{"atSeconds": {seconds}, "action": "DeregisterContainerInstance", "containerInstance": "i-0001"}}]}}"#
    )
}

fn cost_of(dir: &Path, text: &str) -> Value {
    let file = scenario_file(dir, "s.json", text);
    let out = dir.join("out");
    run(file.to_str().unwrap(), &out, &["--no-charts"]);
    json(&out.join("cost.json"))
}

fn near(v: &Value, expected: f64) -> bool {
    (v.as_f64().unwrap() - expected).abs() < 1e-12
}

#[test]
fn ec2_billing_minimum_rounding_and_hours() {
    let dir = tmp("ec2-billing");
    // 30 s → 60 s; 61.2 s → 62 s (m4.large 0.10 USD/h today in us-east-1).
    let c = cost_of(&dir, &one_instance("m4.large", 30.0, ""));
    assert_eq!(c["lines"][0]["billedSeconds"], 60);
    assert!(
        near(&c["totalUsd"], 0.10 * 60.0 / 3600.0),
        "{}",
        c["totalUsd"]
    );
    let c = cost_of(&dir, &one_instance("m4.large", 61.2, ""));
    assert_eq!(c["lines"][0]["billedSeconds"], 62);
    assert!(near(&c["totalUsd"], 0.10 * 62.0 / 3600.0));
    // 2017-09: every started hour.
    let c = cost_of(
        &dir,
        &one_instance("m4.large", 61.2, r#""pricingDate": "2017-09","#),
    );
    assert_eq!(c["ec2Billing"], "PER_HOUR");
    assert_eq!(c["lines"][0]["billedSeconds"], 3600);
    assert!(near(&c["totalUsd"], 0.100));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn prices_follow_region_and_date() {
    let dir = tmp("prices");
    let price = |c: &Value| c["prices"][0]["value"].as_f64().unwrap();
    // t2.medium in us-east-1: 0.047 until August 2017, 0.0464 today.
    let early = cost_of(
        &dir,
        &one_instance("t2.medium", 60.0, r#""pricingDate": "2017-05","#),
    );
    let today = cost_of(&dir, &one_instance("t2.medium", 60.0, ""));
    assert_eq!(price(&early), 0.047);
    assert_ne!(price(&early), price(&today));
    assert_eq!(early["pricesAsOf"], "2017-05-01");
    // Tokyo is priced from its own book, and says so.
    let tokyo = cost_of(
        &dir,
        &one_instance("m4.large", 60.0, r#""region": "ap-northeast-1","#),
    );
    assert_eq!(tokyo["region"], "ap-northeast-1");
    assert!(price(&tokyo) > 0.10, "{}", price(&tokyo));
    // An unknown region is invalid input (exit 2), located at `region`.
    let file = scenario_file(
        &dir,
        "bad.json",
        &one_instance("m4.large", 60.0, r#""region": "eu-west-1","#),
    );
    let o = ecsim(&["validate", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("unknown region `eu-west-1`") && err.contains("at: region"),
        "{err}"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn fargate_billing_minimum() {
    let dir = tmp("fargate-billing");
    let text = |pricing: &str| {
        format!(
            r#"{{"name": "fargate", "durationSeconds": 3600, "startSteady": false, {pricing}
  "cluster": {{"clusterName": "c", "containerInstances": []}},
  "subnets": [{{"subnetId": "subnet-a", "availabilityZone": "us-east-1a", "cidrBlock": "10.0.0.0/24"}}],
  "taskDefinitions": [{{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
      "cpu": "256", "memory": "512", "containerDefinitions": [{{"name": "app", "image": "app:1"}}]}}],
  "services": [{{"serviceName": "app", "taskDefinition": "app:1", "desiredCount": 1, "launchType": "FARGATE",
      "networkConfiguration": {{"awsvpcConfiguration": {{"subnets": ["subnet-a"]}}}}}}],
  "taskBehavior": {{"default": {{"pullSeconds": 1}}}},
  "timeline": [{{"atSeconds": 10, "action": "UpdateService", "service": "app", "desiredCount": 0}}]}}"#
        )
    };
    // 0.25 vCPU / 0.5 GB for about 10 s → billed 60 s.
    let c = cost_of(&dir, &text(""));
    let line = &c["lines"][0];
    assert_eq!(
        (line["kind"].as_str(), line["billedSeconds"].as_u64()),
        (Some("FARGATE"), Some(60))
    );
    assert!(near(&c["totalUsd"], 0.0123425 / 60.0), "{}", c["totalUsd"]);
    // At the 2017 launch prices (0.0506 per vCPU-h, 0.0127 per GB-h): 0.019 USD/h.
    let c = cost_of(&dir, &text(r#""pricingDate": "2017-12","#));
    assert!(near(&c["totalUsd"], 0.019 / 60.0), "{}", c["totalUsd"]);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn compare_two_shipped_scenarios() {
    let out = tmp("compare");
    let o = ecsim(&[
        "compare",
        "scenarios/max200-with-spare.json",
        "scenarios/max100-min50.json",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stdout = ok(&o);
    for needle in [
        "scenario",
        "deploy time (longest)",
        "spare vCPU",
        "30-day ×",
        "max200-with-spare",
        "max100-min50",
        "×1.00",
        "×0.55",
        "max100-min50 deploys 2.20× slower than max200-with-spare",
    ] {
        assert!(stdout.contains(needle), "stdout lacks {needle}:\n{stdout}");
    }
    for f in ["compare.json", "compare.md", "compare.html"] {
        assert!(out.join(f).exists(), "{f}");
    }
    for stem in [
        "compare-healthy",
        "compare-tasks",
        "compare-reserved-cpu",
        "compare-cost",
    ] {
        assert_eq!(png_size(&out.join(format!("{stem}.png"))), (1920, 1080));
        let svg = fs::read_to_string(out.join(format!("{stem}.svg"))).unwrap();
        assert!(svg.contains("max100-min50"), "{stem}.svg");
    }
    let c = json(&out.join("compare.json"));
    assert_eq!(c["baseline"], "max200-with-spare");
    let b = &c["scenarios"][1];
    assert_eq!(b["scenario"], "max100-min50");
    assert_eq!(b["peakTasks"], 2);
    assert_eq!(b["spareCpu"], 0);
    assert_eq!(c["scenarios"][0]["spareCpu"], 2048);
    assert!(near(&b["relative"]["cost30Days"], 88.2 / 160.2));
    let md = fs::read_to_string(out.join("compare.md")).unwrap();
    assert!(md.contains("| scenario | deploy time (longest) |"), "{md}");
    let html = fs::read_to_string(out.join("compare.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("Side by side"));
    let _ = fs::remove_dir_all(&out);
}
