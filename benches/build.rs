//! Benchmark of `sira build` over synthetic corpora.
//!
//! `cargo bench --bench build` (sizes from `SIRA_BENCH_FICHES`, default `1000,10000`; output
//! folder's parent from `SIRA_BENCH_OUT`, default the system temp dir — point it at a tmpfs to
//! measure CPU without the disk; fresh builds per size from `SIRA_BENCH_RUNS`, default 3).
//! Prints, per size, best and median wall time of the builds, the phases of the best one, files
//! and bytes written, and the process's peak memory.

use std::time::Instant;

use sira::diagnostics::Format;

mod common;

/// The allocator `sira` itself uses (src/main.rs), so the bench measures what users run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use common::{options, peak_rss_mb, sizes};

fn main() {
    let out_parent = std::env::var("SIRA_BENCH_OUT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir());
    let options = options();
    let runs_per_size: usize = std::env::var("SIRA_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|r| *r > 0)
        .unwrap_or(3);
    for n in sizes() {
        let site = tempfile::tempdir().expect("temp dir");
        sira::corpus::generate(site.path(), n, 7).expect("corpus");
        let mut runs = Vec::new();
        for _ in 0..runs_per_size {
            let out = tempfile::tempdir_in(&out_parent).expect("output dir");
            let target = out.path().join("public");
            let t = Instant::now();
            let report = sira::build::run(
                site.path(),
                Some(&target),
                false,
                Format::Human,
                false,
                options,
            )
            .expect("builds");
            let secs = t.elapsed().as_secs_f64();
            assert_eq!(
                report.outcome,
                sira::build::Outcome::Built,
                "{}",
                report.report
            );
            runs.push((secs, report.timings, report.files, report.bytes));
        }
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (best, t, files, bytes) = runs[0];
        println!(
            "build: {n} fiches x 2 languages: best {best:.2} s (validate {} ms, index {} ms, render {} ms, publish {} ms), median {:.2} s, {files} files, {:.0} MB, peak RSS {:.0} MB",
            t.validate_ms,
            t.index_ms,
            t.render_ms,
            t.publish_ms,
            runs[runs.len() / 2].0,
            bytes as f64 / 1e6,
            peak_rss_mb()
        );
    }
}
