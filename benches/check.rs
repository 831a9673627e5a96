//! Benchmark of `sira check` over synthetic corpora.
//!
//! `cargo bench --bench check` (sizes from `SIRA_BENCH_FICHES`, default `1000,10000`).
//! Prints, per size, the best and median wall time of 5 runs and the process's peak memory.

use std::time::Instant;

use sira::diagnostics::Format;

mod common;

/// The allocator `sira` itself uses (src/main.rs), so the bench measures what users run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use common::{options, peak_rss_mb, sizes};

fn main() {
    let options = options();
    for n in sizes() {
        let dir = tempfile::tempdir().expect("temp dir");
        sira::corpus::generate(dir.path(), n, 7).expect("corpus");
        let mut times = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let report = sira::check::run(dir.path(), Format::Json, false, false, options)
                .expect("check runs");
            times.push(t.elapsed().as_secs_f64());
            assert_eq!(
                report.summary.errors, 0,
                "the synthetic corpus must be valid"
            );
        }
        times.sort_by(f64::total_cmp);
        println!(
            "check: {n} fiches x 2 languages: best {:.3} s, median {:.3} s, peak RSS {:.0} MB",
            times[0],
            times[2],
            peak_rss_mb()
        );
    }
}
