//! Reads every public benchmark file under the shared data folder and checks bounds and heuristics against published numbers.
//!
//! The data is not part of the repository (BPPLIB and the Caprara–Toth set may not be copied).
//! The folder is `$PACKING_SHARED_DATA`, or `shared/data/binpacking` next to the repository
//! (`../shared` from the repository root, as on CI); when it is absent, the tests print a note
//! and pass without checking anything.
//! The parsing test runs with `cargo test`; the slower heuristic test is `#[ignore]`d: run it
//! with `cargo test -p packing --release --test shared_data -- --ignored`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use packing::{
    Heuristic, KnownBound, ParseError, lower_bound, martello_toth_l2, pack, parse_bounds_table,
    parse_file,
};

/// The largest node in `openb_node_list_all_node.csv`: 128,000 millicores (131,072 CPU units)
/// and 1 TiB of memory; every pod of the trace fits it.
const ALIBABA_NODE_CAPACITY: [u64; 2] = [131_072, 1_048_576];

fn shared_data() -> Option<PathBuf> {
    let candidate = match std::env::var_os("PACKING_SHARED_DATA") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/binpacking"),
    };
    if candidate.is_dir() {
        Some(candidate)
    } else {
        eprintln!(
            "skipped: no shared bin-packing data at {}",
            candidate.display()
        );
        None
    }
}

/// Every file under `folder` (recursively) whose extension is `extension`, sorted.
fn files_with_extension(folder: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(directory) = pending.pop() {
        for entry in std::fs::read_dir(&directory).expect("readable directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|found| found == extension) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn read_bounds(path: &Path) -> BTreeMap<String, KnownBound> {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let bounds = parse_bounds_table(&text)
        .unwrap_or_else(|error| panic!("{}", error.in_file(path.display().to_string())));
    bounds
        .into_iter()
        .map(|bound| (bound.instance.clone(), bound))
        .collect()
}

/// One benchmark set: its instance files and, where published, the bounds for them.
struct InstanceSet {
    label: &'static str,
    files: Vec<PathBuf>,
    bounds: Option<BTreeMap<String, KnownBound>>,
}

fn instance_sets(root: &Path) -> Vec<InstanceSet> {
    let bpplib = root.join("bpplib_1d");
    let mommessin = root.join("vbp_multidim_mommessin");
    let results = mommessin.join("results");
    let mut bpplib_files = files_with_extension(&bpplib, "txt");
    bpplib_files.retain(|path| !path.ends_with("Bounds_BPPLib.jl.txt"));
    vec![
        InstanceSet {
            label: "BPPLIB",
            files: bpplib_files,
            bounds: Some(read_bounds(&bpplib.join("Bounds_BPPLib.jl.txt"))),
        },
        InstanceSet {
            label: "Caprara-Toth",
            files: files_with_extension(&root.join("vbp_2d_caprara_toth"), "vbp"),
            bounds: None,
        },
        InstanceSet {
            label: "Mommessin New",
            files: files_with_extension(&mommessin.join("New"), "vbp"),
            bounds: Some(read_bounds(&results.join("New_summary_known.csv"))),
        },
        InstanceSet {
            label: "Mommessin Panigrahy",
            files: files_with_extension(&mommessin.join("Panigrahy"), "vbp"),
            bounds: Some(read_bounds(&results.join("Panigrahy_summary_known.csv"))),
        },
        InstanceSet {
            label: "Mommessin Triplet",
            files: files_with_extension(&mommessin.join("Triplet"), "vbp"),
            bounds: Some(read_bounds(&results.join("Triplet_summary_known.csv"))),
        },
    ]
}

/// Some Triplet/Caprara files contain sizes of −1 or −2 (their generator completes a triplet with
/// `C − a − b`, which can be negative); the parser must reject exactly those, pointing at the size.
fn is_expected_negative_size_error(path: &Path, error: &ParseError) -> bool {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let offending_line = text
        .lines()
        .nth(error.line.saturating_sub(1))
        .unwrap_or_default();
    let offending = offending_line
        .chars()
        .skip(error.column.saturating_sub(1))
        .collect::<String>();
    path.to_string_lossy().contains("Triplet")
        && error.message.contains("must not be negative")
        && offending.starts_with('-')
}

#[test]
fn every_shared_instance_file_parses_and_l2_does_not_exceed_optima() {
    let Some(root) = shared_data() else { return };
    let mut summary = Vec::new();
    for set in instance_sets(&root) {
        let (mut parsed, mut rejected, mut with_optimum) = (0, 0, 0);
        for path in &set.files {
            let workload = match parse_file(path, None) {
                Ok(workload) => workload,
                Err(error) if is_expected_negative_size_error(path, &error) => {
                    rejected += 1;
                    continue;
                }
                Err(error) => panic!("{error}"),
            };
            parsed += 1;
            let Some(bounds) = &set.bounds else { continue };
            let bound = bounds
                .get(&workload.name)
                .unwrap_or_else(|| panic!("{}: no published bound", path.display()));
            if let Some(optimum) = bound.optimum {
                with_optimum += 1;
                // The clique bound is slow without optimisation: it is checked in the ignored
                // test below; L2 is cheap.
                let ours = (0..workload.dimensions())
                    .map(|dimension| {
                        martello_toth_l2(
                            &workload.sizes_in(dimension),
                            workload.capacity[dimension],
                        )
                    })
                    .max()
                    .unwrap_or(0);
                assert!(
                    ours <= optimum,
                    "{}: L2 bound {ours} > optimum {optimum}",
                    path.display()
                );
            }
        }
        summary.push(format!(
            "{}: {parsed} parsed, {rejected} rejected, {with_optimum} with optimum",
            set.label
        ));
        let expected_files = match set.label {
            "BPPLIB" => 2115,
            "Caprara-Toth" => 400,
            "Mommessin New" => 1080,
            "Mommessin Panigrahy" => 1620,
            _ => 240,
        };
        assert_eq!(set.files.len(), expected_files, "{}", set.label);
        assert_eq!(
            rejected,
            if set.label == "Mommessin Triplet" {
                77
            } else {
                0
            },
            "{}",
            set.label
        );
    }
    for path in files_with_extension(&root.join("cluster_traces/alibaba_gpu_v2023"), "csv") {
        let workload = parse_file(&path, Some(ALIBABA_NODE_CAPACITY))
            .unwrap_or_else(|error| panic!("{error}"));
        summary.push(format!("{}: {} tasks", workload.name, workload.items.len()));
        assert!(workload.items.len() > 1000);
    }
    eprintln!("{}", summary.join("\n"));
}

/// FFD and BFD use at most `11/9 OPT + 6/9` bins in one dimension (Dósa 2007), so a result above
/// that on a BPPLIB instance with a known optimum reveals a bug.
fn within_ffd_worst_case(bins: u64, optimum: u64) -> bool {
    9 * bins <= 11 * optimum + 6
}

#[test]
#[ignore = "packs about 5,000 public instances; run with --release -- --ignored"]
fn heuristics_respect_published_bounds() {
    let Some(root) = shared_data() else { return };
    let mut totals: BTreeMap<(String, Heuristic), (u64, u64)> = BTreeMap::new();
    for set in instance_sets(&root) {
        let heuristics: &[Heuristic] = if set.label == "BPPLIB" {
            &[Heuristic::FirstFit, Heuristic::FfdSize, Heuristic::BfdSize]
        } else {
            &Heuristic::ALL
        };
        for path in &set.files {
            let Ok(workload) = parse_file(path, None) else {
                continue;
            };
            let bound = set
                .bounds
                .as_ref()
                .and_then(|bounds| bounds.get(&workload.name));
            let ours = lower_bound(&workload);
            let optimum = bound.and_then(|bound| bound.optimum);
            assert!(
                optimum.is_none_or(|optimum| ours <= optimum),
                "{}: lower bound {ours} > optimum {optimum:?}",
                path.display()
            );
            let reference = optimum.unwrap_or(ours);
            for &heuristic in heuristics {
                let packing = pack(heuristic, &workload, 7).expect("packable");
                assert!(packing.is_feasible(&workload));
                let bins = packing.bins_used;
                assert!(
                    bins >= reference,
                    "{}: {heuristic} uses {bins} < {reference}",
                    path.display()
                );
                if let Some(bound) = bound {
                    assert!(bins >= bound.lower_bound);
                }
                if set.label == "BPPLIB"
                    && heuristic != Heuristic::FirstFit
                    && let Some(optimum) = bound.and_then(|bound| bound.optimum)
                {
                    assert!(
                        within_ffd_worst_case(bins, optimum),
                        "{}: {heuristic} {bins} vs {optimum}",
                        path.display()
                    );
                }
                let total = totals.entry((set.label.to_owned(), heuristic)).or_default();
                total.0 += bins;
                total.1 += reference;
            }
        }
    }
    for ((label, heuristic), (bins, reference)) in &totals {
        let gap = (*bins as f64 / *reference as f64 - 1.0) * 100.0;
        eprintln!("{label:20} {heuristic:20} {gap:6.2} % above optimum or lower bound");
    }
}

/// The bounds tables read as published: `-1` is an unknown optimum, BPPLIB's `LB = UB` an optimum.
#[test]
fn bound_tables_read_as_published() {
    let Some(root) = shared_data() else { return };
    let results = root.join("vbp_multidim_mommessin/results");
    let triplets = read_bounds(&results.join("Triplet_summary_known.csv"));
    assert_eq!(triplets.len(), 240);
    assert!(triplets.values().all(|bound| bound.optimum.is_some()));
    let new = read_bounds(&results.join("New_summary_known.csv"));
    assert_eq!(
        new.values().filter(|bound| bound.optimum.is_none()).count(),
        354,
        "OPT = -1 means unknown"
    );
    let bpplib = read_bounds(&root.join("bpplib_1d/Bounds_BPPLib.jl.txt"));
    assert_eq!(
        bpplib
            .get("Falkenauer_t120_00")
            .and_then(|bound| bound.optimum),
        Some(40)
    );
}
