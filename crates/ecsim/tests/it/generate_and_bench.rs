//! `ecsim generate fleet` and `ecsim bench placement` end to end: a generated fleet runs and
//! every deployment completes; the placement benchmark writes its CSV and charts; bad input
//! exits 2 with a location.

use super::support::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn tmp_dir(name: &str) -> PathBuf {
    let d = tmp(name);
    fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `ecsim generate fleet` with the sizes that matter and defaults for the rest.
fn generate_fleet(instances: u32, services: u32, tasks_per_service: u32, out: &Path) -> Output {
    let (i, sv, t) = (
        instances.to_string(),
        services.to_string(),
        tasks_per_service.to_string(),
    );
    ecsim(&[
        "generate",
        "fleet",
        "--container-instances",
        &i,
        "--services",
        &sv,
        "--tasks-per-service",
        &t,
        "--out",
        s(out),
    ])
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_generated_fleet_deploys_every_service() {
    let dir = tmp_dir("fleet");
    let file = dir.join("fleet.json");
    // 8 packed instances + 2 spare, 4 services × 16 tasks: the peer's (8, 2, 4, 16) case.
    let o = generate_fleet(10, 4, 16, &file);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(&file).unwrap();
    let scenario: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(scenario["services"].as_array().unwrap().len(), 4);
    assert_eq!(scenario["timeline"].as_array().unwrap().len(), 4);
    assert_eq!(
        scenario["services"][0]["placementStrategy"][0]["field"],
        "memory"
    );
    // No temporary file is left next to the output.
    let leftovers: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "fleet.json")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let out = dir.join("out");
    let o = ecsim(&["run", s(&file), "--no-charts", "--out", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let services = summary["services"].as_array().unwrap();
    assert_eq!(services.len(), 4);
    for svc in services {
        let deployments = svc["deployments"].as_array().unwrap();
        let last = deployments.last().expect("the deployment of revision 2");
        assert_eq!(last["taskDefinition"], "fleet:2", "{svc}");
        assert_eq!(last["rolloutState"], "COMPLETED", "{svc}");
        assert_eq!(svc["healthyCount"], 16, "{svc}");
        // minimumHealthyPercent 100: never below desiredCount healthy.
        assert_eq!(svc["minHealthyCount"], 16, "{svc}");
    }
    // New tasks are healthy 30 s after launch and the old ones free their resources 10 s
    // after they stop: the first deployments take exactly 40 s, as in the SimPy peer.
    let fastest = services
        .iter()
        .map(|svc| svc["deployments"][0]["durationSeconds"].as_f64().unwrap())
        .fold(f64::INFINITY, f64::min);
    assert_eq!(fastest, 40.0);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn generate_rejects_a_fleet_that_does_not_fit() {
    let dir = tmp_dir("nofit");
    let file = dir.join("fleet.json");
    // 8 tasks of 256 CPU units per instance: 2 instances cannot hold 17.
    let o = generate_fleet(2, 1, 17, &file);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("do not fit"), "{}", stderr(&o));
    assert!(!file.exists());
    let o = generate_fleet(2, 1, 0, &file);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn bench_placement_writes_the_csv_and_charts() {
    let dir = tmp_dir("bench");
    // BPPLIB: 4 items on bins of 10, optimum 2 (6+4, 6+4).
    let bpp = dir.join("cut.txt");
    fs::write(&bpp, "4\n10\n6\n6\n4\n4\n").unwrap();
    // VPSolver: 2 dimensions, 2 item types (3,4) ×2 and (6,5) ×1.
    let vbp = dir.join("two.vbp");
    fs::write(&vbp, "2\n10 10\n2\n3 4 2\n6 5 1\n").unwrap();
    let out = dir.join("out");
    let o = ecsim(&[
        "bench",
        "placement",
        s(&bpp),
        s(&vbp),
        "--synthetic",
        "talk-mix",
        "--items",
        "40",
        "--heuristics",
        "ecs-binpack-memory,first-fit,ffd-size",
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = fs::read_to_string(out.join("bench.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("instance,heuristic,items,bins,lower_bound,optimum,gap_percent,micros_per_decision")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 3 * 3, "{csv}");
    for row in &rows {
        let bins: u64 = row[3].parse().unwrap();
        let lower_bound: u64 = row[4].parse().unwrap();
        assert!(bins >= lower_bound, "{row:?}");
    }
    let cut: Vec<_> = rows.iter().filter(|r| r[0] == "cut").collect();
    assert_eq!(cut.len(), 3);
    assert!(cut.iter().all(|r| r[2] == "4" && r[4] == "2"), "{cut:?}");
    assert!(rows.iter().any(|r| r[0] == "two" && r[2] == "3"), "{csv}");
    for f in [
        "bench-gap.png",
        "bench-gap.svg",
        "bench-time.png",
        "bench-time.svg",
    ] {
        assert!(
            fs::metadata(out.join(f)).is_ok_and(|m| m.len() > 0),
            "{f} missing"
        );
    }
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn bench_placement_bad_input_exits_2_with_a_location() {
    let dir = tmp_dir("bad");
    let bad = dir.join("broken.txt");
    fs::write(&bad, "3\n10\n4\nfour\n2\n").unwrap();
    let out = dir.join("out");
    let o = ecsim(&["bench", "placement", s(&bad), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(&format!("{}:4:1:", bad.display())), "{err}");
    assert!(!out.join("bench.csv").exists());

    // A CSV of task requests needs the instance size.
    let csv = dir.join("tasks.csv");
    fs::write(&csv, "cpu,memory\n256,512\n").unwrap();
    let o = ecsim(&["bench", "placement", s(&csv), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = ecsim(&[
        "bench",
        "placement",
        s(&csv),
        "--instance-cpu",
        "2048",
        "--instance-memory",
        "7680",
        "--no-charts",
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));

    // Unknown heuristic: clap's usage error, also exit 2.
    let o = ecsim(&[
        "bench",
        "placement",
        s(&csv),
        "--heuristics",
        "worst-possible",
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn cost_csv_report_and_terminal_stay_proportionate_for_many_services() {
    // 40 services behind load balancers: 41 cost lines, more than cost.csv lists one by one,
    // and more services than report.html and the terminal list.
    let dir = tmp_dir("many");
    let file = dir.join("fleet.json");
    let o = generate_fleet(12, 40, 2, &file);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.join("out");
    let o = ecsim(&["run", s(&file), "--no-charts", "--out", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = fs::read_to_string(out.join("cost.csv")).unwrap();
    let cost: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("cost.json")).unwrap()).unwrap();
    assert!(cost["lines"].as_array().unwrap().len() > 32);
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let last_t = rows.last().unwrap()[0];
    let last: Vec<&Vec<&str>> = rows.iter().filter(|r| r[0] == last_t).collect();
    // One total, the 16 costliest lines, and one `other` row per kind left.
    assert!(last.len() <= 1 + 16 + 4, "{}", last.len());
    assert!(last.iter().any(|r| r[1] == "other"));
    let total: f64 = last.iter().find(|r| r[1] == "total").unwrap()[4]
        .parse()
        .unwrap();
    let parts: f64 = last
        .iter()
        .filter(|r| r[1] != "total")
        .map(|r| r[4].parse::<f64>().unwrap())
        .sum();
    assert!((total - parts).abs() < 1e-6, "{total} vs {parts}");
    // report.html and the terminal list 16 of the 40 services and say so; summary.json has all.
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["services"].as_array().unwrap().len(), 40);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    let note = "16 of 40 services listed";
    assert!(html.contains(note), "{html}");
    assert!(html.contains("… and 24 more services (all in summary.json)"));
    assert!(html.contains("… and 24 more deployments (all in summary.json)"));
    assert_eq!(html.matches("<td>ALB svc-").count(), 16);
    assert!(html.contains("<td>other ALB (24 lines)</td>"), "{html}");
    // The one EC2 line (priced 0, so never among the costliest) is listed by name, not as
    // `other EC2 (1 line)`.
    assert!(!html.contains("(1 line)"), "{html}");
    assert!(
        last.iter().any(|r| r[2] == "EC2" && r[1] != "other"),
        "{csv}"
    );
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains(note), "{text}");
    assert_eq!(text.matches("\nservice svc-").count(), 16, "{text}");
}
