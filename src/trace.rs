//! Optional step timings on stderr, for profiling a build: set `SIRA_TRACE=1`. Off by
//! default; the cost when off is one relaxed load per step.

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Whether `SIRA_TRACE` is set (read once).
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("SIRA_TRACE").is_some_and(|v| v != "0"))
}

/// A timed step: prints `trace: <label> <ms> ms` when dropped, if tracing is on.
pub struct Span {
    label: &'static str,
    start: Option<Instant>,
}

/// Starts a timed step.
pub fn span(label: &'static str) -> Span {
    Span {
        label,
        start: enabled().then(Instant::now),
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some(t) = self.start {
            eprintln!(
                "trace: {} {} ms (rss {} MB)",
                self.label,
                t.elapsed().as_millis(),
                rss_mb()
            );
        }
    }
}

/// The process's resident memory now, in MB (0 where `/proc` is missing).
pub fn rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096 / 1_000_000)
}

static TALLY: Mutex<BTreeMap<&'static str, (Duration, usize)>> = Mutex::new(BTreeMap::new());

/// Runs `f`, adding its time to the tally of `kind` (summed over threads) when tracing is on.
pub fn tally<R>(kind: &'static str, f: impl FnOnce() -> R) -> R {
    if !enabled() {
        return f();
    }
    let t = Instant::now();
    let r = f();
    let d = t.elapsed();
    if let Ok(mut m) = TALLY.lock() {
        let e = m.entry(kind).or_default();
        e.0 += d;
        e.1 += 1;
    }
    r
}

/// Prints and clears the tallies (thread time per kind, and count).
pub fn flush_tally(label: &str) {
    if !enabled() {
        return;
    }
    if let Ok(mut m) = TALLY.lock() {
        for (kind, (d, n)) in std::mem::take(&mut *m) {
            eprintln!("trace: {label}/{kind} {} ms over {n}", d.as_millis());
        }
    }
}
