//! Benchmark of `sira check` over synthetic corpora.
//!
//! `cargo bench --bench check` (sizes from `SIRA_BENCH_FICHES`, default `1000,10000`).
//! Prints, per size, the best and median wall time of 5 runs and the process's peak memory.

use std::time::Instant;

use sira::diagnostics::Format;
use sira::validate::{values::Date, Options};

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    // `cargo bench` passes `--bench`; under `cargo test --all-targets` run a small smoke size.
    let benching = std::env::args().any(|a| a == "--bench");
    let default = if benching { "1000,10000" } else { "20" };
    let sizes = std::env::var("SIRA_BENCH_FICHES").unwrap_or_else(|_| default.into());
    let options = Options {
        today: Date::new(2026, 11, Some(23)).expect("valid date"),
    };
    for n in sizes
        .split(',')
        .filter_map(|s| s.trim().parse::<usize>().ok())
    {
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
