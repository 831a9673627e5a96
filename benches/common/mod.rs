//! Helpers shared by the benchmarks.

use sira::validate::Options;

/// The process's peak resident memory in MB (`VmHWM`), NaN where `/proc` is absent.
pub fn peak_rss_mb() -> f64 {
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

/// Corpus sizes: `SIRA_BENCH_FICHES` (comma-separated), else `1000,10000` under
/// `cargo bench` and a small smoke size under `cargo test --all-targets`.
pub fn sizes() -> Vec<usize> {
    let benching = std::env::args().any(|a| a == "--bench");
    let default = if benching { "1000,10000" } else { "20" };
    std::env::var("SIRA_BENCH_FICHES")
        .unwrap_or_else(|_| default.into())
        .split(',')
        .filter_map(|s| s.trim().parse::<usize>().ok())
        .collect()
}

/// "Today" as the synthetic corpus sees it (`SOURCE_DATE_EPOCH`, else the clock): the corpus
/// dates its fiches from the same day, so every run validates the same way.
pub fn options() -> Options {
    Options::now()
}
