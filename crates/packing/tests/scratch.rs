use packing::*;
use std::time::Instant;
#[test]
fn scratch() {
    for f in ["/work/shared/data/binpacking/vbp_multidim_mommessin/New/class1/class1_500_10_0.vbp", "/work/shared/data/binpacking/vbp_multidim_mommessin/Panigrahy/class1/class1_500_3_0.vbp", "/work/shared/data/binpacking/bpplib_1d/AI/1002_80000_DI_0.txt", "/work/shared/data/binpacking/bpplib_1d/Scholl_3/HARD0.txt"] {
        let t = Instant::now();
        let w = parse_file(std::path::Path::new(f), None).unwrap();
        let parse = t.elapsed();
        let t = Instant::now(); let l1 = continuous_bound(&w); let tl1 = t.elapsed();
        let t = Instant::now(); let l2 = (0..w.dimensions()).map(|d| martello_toth_l2(&w.sizes_in(d), w.capacity[d])).max(); let tl2 = t.elapsed();
        let t = Instant::now(); let c = incompatibility_clique_bound(&w); let tc = t.elapsed();
        eprintln!("{f}: parse {parse:?} l1 {l1} {tl1:?} l2 {l2:?} {tl2:?} clique {c} {tc:?}");
    }
}
