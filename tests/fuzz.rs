//! A deterministic fuzz test of `sira check`: mutations of the shipped fiches and pages, and
//! now and then of a vocabulary or the configuration (bit flips, deletions, duplications,
//! TOML-special and control characters, huge numbers, odd Unicode, invalid UTF-8, truncations)
//! are checked by the real binary on a copy of the site, and every run must end well: no
//! panic, exit code 0 or 1, JSON that parses and agrees with its summary, and every diagnostic
//! located inside its file (line within the file's lines, column within the line).
//!
//! `SIRA_FUZZ_CASES` sets the number of cases (default 300), `SIRA_FUZZ_SEED` the seed (a
//! fixed default, so CI runs the same cases every time). A failing case names its number and
//! seed, and leaves its mutated files under Cargo's per-target temp folder.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// SplitMix64: small, fast and good enough to pick mutations; no crate needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const TOML_SPECIAL: &[&str] = &[
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    "=",
    "#",
    "\\",
    "\n",
    "\r",
    "\r\n",
    "\"\"\"",
    "'''",
    "+++",
    "+++\n",
    "[[",
    "]]",
    ",",
    ".",
    "\\u",
    "\\U0011FFFF",
    "\\x",
    " = ",
    "[offers]\n",
    "[[contacts]]\n",
    "a.b.c = 1\n",
    "= =",
    "\"\\",
    "inf",
    "nan",
    "-0",
    "_",
    "0x",
    "0o",
    "0b",
    "1979-05-27T07:32:00Z",
    "2022-02-30",
    "2022-13",
    "9999-99",
    "T",
    "true",
    "[]",
    "{}",
];

const NUMBERS: &[&str] = &[
    "99999999999999999999999999",
    "-9223372036854775809",
    "9223372036854775807",
    "18446744073709551616",
    "1e309",
    "-1e309",
    "0.0000000000000000000000001",
    "+inf",
    "-nan",
    "0x7FFFFFFFFFFFFFFF",
    "1_000_000_000_000_000_000",
    "4294967296",
    "65536",
    "-1",
    "0",
];

const UNICODE: &[&str] = &[
    "é",
    "e\u{301}",
    "\u{202E}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{2028}",
    "😀",
    "𝕏",
    "\u{10FFFF}",
    "\u{FFFD}",
    "ß",
    "İ",
    "\u{0085}",
    "\u{009F}",
    "ﬀ",
    "\u{3000}",
    "Ω",
    "\u{1F1F2}\u{1F1F1}",
];

/// Invalid UTF-8 sequences.
const INVALID_UTF8: &[&[u8]] = &[
    b"\xff",
    b"\x80",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xe2\x82",
    b"\xc0\xaf",
];

/// One mutation of `bytes`; returns what it did, for the failure message.
fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) -> String {
    let len = bytes.len();
    let at = rng.below(len + 1);
    let insert = |bytes: &mut Vec<u8>, what: &[u8]| {
        bytes.splice(at..at, what.iter().copied());
    };
    match rng.below(11) {
        0 if len > 0 => {
            let i = rng.below(len);
            let bit = rng.below(8);
            bytes[i] ^= 1 << bit;
            format!("flip bit {bit} of byte {i}")
        }
        1 if len > 0 => {
            let n = 1 + rng.below(24.min(len - at.min(len)).max(1));
            let end = (at + n).min(len);
            bytes.drain(at.min(len)..end);
            format!("delete {at}..{end}")
        }
        2 if len > 0 => {
            let from = rng.below(len);
            let end = (from + 1 + rng.below(64)).min(len);
            let copy = bytes[from..end].to_vec();
            insert(bytes, &copy);
            format!("duplicate {from}..{end} at {at}")
        }
        3 => {
            let s = rng.pick(TOML_SPECIAL);
            insert(bytes, s.as_bytes());
            format!("insert {s:?} at {at}")
        }
        4 => {
            let c = match rng.below(3) {
                0 => char::from(rng.below(0x20) as u8).to_string(),
                1 => "\u{7F}".to_string(),
                _ => char::from_u32(0x80 + rng.below(0x20) as u32)
                    .unwrap_or('\u{80}')
                    .to_string(),
            };
            insert(bytes, c.as_bytes());
            format!("insert control {c:?} at {at}")
        }
        5 => {
            // A huge or odd number as the value of some key.
            let n = rng.pick(NUMBERS);
            let lines = value_lines(bytes);
            match lines.get(rng.below(lines.len().max(1))) {
                Some(&(start, end)) => {
                    bytes.splice(start..end, n.bytes());
                    format!("value at {start}..{end} := {n}")
                }
                None => {
                    insert(bytes, n.as_bytes());
                    format!("insert {n} at {at}")
                }
            }
        }
        6 => {
            let s = rng.pick(UNICODE);
            insert(bytes, s.as_bytes());
            format!("insert {s:?} at {at}")
        }
        7 => {
            let s = rng.pick(INVALID_UTF8);
            insert(bytes, s);
            format!("insert bytes {s:?} at {at}")
        }
        8 => {
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
            let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
            lines.swap(a, b);
            *bytes = lines.join(&b'\n');
            format!("swap lines {a} and {b}")
        }
        9 => {
            bytes.truncate(at);
            format!("truncate at {at}")
        }
        _ => {
            // A long run: a huge string, key or array.
            let unit = rng.pick(&["a", "é", "[", "\"", "1,", "x = 1\n"]);
            let n = 1 + rng.below(5000);
            insert(bytes, unit.repeat(n).as_bytes());
            format!("insert {unit:?} x {n} at {at}")
        }
    }
}

/// Byte ranges of the values of `key = value` lines.
fn value_lines(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in bytes.split(|b| *b == b'\n') {
        if let Some(eq) = line.windows(3).position(|w| w == b" = ") {
            out.push((start + eq + 3, start + line.len()));
        }
        start += line.len() + 1;
    }
    out
}

/// The shipped site's configuration and content in a temporary folder.
fn site_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    common::copy_dir(&common::repo().join("content"), &dir.path().join("content"));
    std::fs::copy(
        common::repo().join("sira.toml"),
        dir.path().join("sira.toml"),
    )
    .expect("copy");
    dir
}

/// Every file of the content (fiches, pages, vocabularies), relative to the site root.
fn documents(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(root).expect("inside").to_path_buf())
        .collect();
    out.sort();
    out
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Problems with one run's result (empty when all is well).
fn problems(root: &Path, out: &std::process::Output, json: bool) -> Vec<String> {
    let mut bad = Vec::new();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !matches!(out.status.code(), Some(0 | 1)) {
        bad.push(format!(
            "exit code {:?}; stderr: {stderr}",
            out.status.code()
        ));
    }
    if stderr.contains("panicked") {
        bad.push(format!("a panic: {stderr}"));
    }
    if !json {
        return bad;
    }
    let report: Value = match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(e) => {
            bad.push(format!(
                "output is not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            ));
            return bad;
        }
    };
    let diags = report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let count = |severity: &str| diags.iter().filter(|d| d["severity"] == severity).count();
    let summary = &report["summary"];
    if summary["errors"].as_u64() != Some(count("error") as u64)
        || summary["warnings"].as_u64() != Some(count("warning") as u64)
    {
        bad.push(format!("summary {summary} disagrees with the diagnostics"));
    }
    if (count("error") > 0) != (out.status.code() == Some(1)) {
        bad.push(format!(
            "exit code {:?} with {} errors",
            out.status.code(),
            count("error")
        ));
    }
    for d in &diags {
        let Some(file) = d["file"].as_str() else {
            // A problem of the site as a whole has no location at all.
            if !d["line"].is_null() {
                bad.push(format!("a line without a file: {d}"));
            }
            continue;
        };
        let Ok(bytes) = std::fs::read(root.join(file)) else {
            bad.push(format!("no such file: {d}"));
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let lines: Vec<&str> = text.split('\n').collect();
        for (l, c) in [("line", "col"), ("end_line", "end_col")] {
            let (Some(line), Some(col)) = (d[l].as_u64(), d[c].as_u64()) else {
                bad.push(format!("no {l}/{c}: {d}"));
                continue;
            };
            let Some(text) = (line as usize).checked_sub(1).and_then(|i| lines.get(i)) else {
                bad.push(format!(
                    "{l} {line} outside {file} ({} lines): {d}",
                    lines.len()
                ));
                continue;
            };
            // A column may point just past the line's last character (its end).
            let width = text.chars().count() as u64 + 1;
            if col == 0 || col > width {
                bad.push(format!(
                    "{c} {col} outside line {line} of {file} ({width} columns with its end): {d}"
                ));
            }
        }
        if (d["end_line"].as_u64(), d["end_col"].as_u64()) < (d["line"].as_u64(), d["col"].as_u64())
        {
            bad.push(format!("ends before it starts: {d}"));
        }
        for key in ["code", "message"] {
            if d[key].as_str().is_none_or(str::is_empty) {
                bad.push(format!("no {key}: {d}"));
            }
        }
    }
    bad
}

/// Runs cases `first, first + step, …` below `cases` on a site copy of its own; returns the
/// failures and how many runs found errors.
fn run_cases(seed: u64, cases: u64, first: u64, step: u64) -> (Vec<String>, u64) {
    let site = site_copy();
    let root = site.path();
    let mut docs = documents(root);
    // Fiches and pages first, then the vocabularies and the configuration.
    docs.sort_by_key(|d| (d.extension().is_none_or(|x| x != "md"), d.clone()));
    let fiches = docs
        .iter()
        .filter(|d| d.extension().is_some_and(|x| x == "md"))
        .count();
    docs.push(PathBuf::from("sira.toml"));
    let others = docs.len() - fiches;
    let originals: Vec<Vec<u8>> = docs
        .iter()
        .map(|d| std::fs::read(root.join(d)).expect("read"))
        .collect();
    let mut failures = Vec::new();
    let mut with_errors = 0;
    let mut case = first;
    while case < cases {
        let mut rng = Rng(seed ^ case.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        // One or two files, one to four mutations each; one case in ten mutates a vocabulary
        // or the configuration.
        let mut touched = Vec::new();
        let mut what = Vec::new();
        for _ in 0..1 + rng.below(2) {
            let i = if rng.below(10) == 0 {
                rng.below(others) + fiches
            } else {
                rng.below(fiches)
            };
            let mut bytes = originals[i].clone();
            for _ in 0..1 + rng.below(4) {
                let m = mutate(&mut rng, &mut bytes);
                what.push(format!("{}: {m}", docs[i].display()));
            }
            std::fs::write(root.join(&docs[i]), &bytes).expect("write");
            touched.push(i);
        }
        let json = case % 3 != 2;
        let format = if json { "json" } else { "human" };
        let out = Command::new(env!("CARGO_BIN_EXE_sira"))
            .arg("--root")
            .arg(root)
            .args(["check", "--format", format])
            .env("SOURCE_DATE_EPOCH", common::EPOCH)
            .env("NO_COLOR", "1")
            .output()
            .expect("sira runs");
        let bad = problems(root, &out, json);
        with_errors += u64::from(out.status.code() == Some(1));
        if !bad.is_empty() {
            let keep = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-{seed}-{case}"));
            for &i in &touched {
                let dest = keep.join(&docs[i]);
                if let Some(parent) = dest.parent() {
                    let _ = std::fs::create_dir_all(parent);
                }
                let _ = std::fs::copy(root.join(&docs[i]), dest);
            }
            failures.push(format!(
                "case {case} (SIRA_FUZZ_SEED={seed}, --format {format}; files kept in {}):\n  {}\n  mutations: {what:?}",
                keep.display(),
                bad.join("\n  ")
            ));
        }
        for &i in &touched {
            std::fs::write(root.join(&docs[i]), &originals[i]).expect("restore");
        }
        case += step;
    }
    (failures, with_errors)
}

#[test]
fn mutated_fiches_never_crash_check_and_every_location_is_inside_its_file() {
    let cases = env_number("SIRA_FUZZ_CASES", 300);
    let seed = env_number("SIRA_FUZZ_SEED", 0x5152_4131_2026);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
    let results: Vec<(Vec<String>, u64)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| s.spawn(move || run_cases(seed, cases, t, threads)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a fuzz thread"))
            .collect()
    });
    let failures: Vec<&String> = results.iter().flat_map(|(f, _)| f).collect();
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The mutations do break fiches: most runs find errors.
    let with_errors: u64 = results.iter().map(|(_, n)| n).sum();
    assert!(
        with_errors * 2 > cases,
        "only {with_errors} of {cases} runs found an error"
    );
}

#[test]
fn the_mutations_are_deterministic_and_do_change_files() {
    let text = b"+++\nname = \"x\"\nfounded = 2006\n+++\nbody\n".to_vec();
    let run = || {
        let mut rng = Rng(42);
        (0..200)
            .map(|_| {
                let mut b = text.clone();
                let what = mutate(&mut rng, &mut b);
                (b, what)
            })
            .collect::<Vec<_>>()
    };
    let (a, b) = (run(), run());
    assert_eq!(a, b);
    let changed = a.iter().filter(|(bytes, _)| *bytes != text).count();
    assert!(changed > 180, "{changed} of 200 mutations changed the file");
}

#[test]
fn the_checks_catch_a_bad_run() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(dir.path().join("a.md"), "ab\ncdé\n").expect("write");
    let run = |code: i32, stdout: &str| std::process::Output {
        status: std::process::ExitStatus::from_raw(code << 8),
        stdout: stdout.as_bytes().to_vec(),
        stderr: Vec::new(),
    };
    let report = |line: u64, col: u64| {
        format!(
            r#"{{"summary":{{"errors":1,"warnings":0}},"diagnostics":[{{"severity":"error","code":"x","file":"a.md","line":{line},"col":{col},"end_line":{line},"end_col":{col},"message":"m"}}]}}"#
        )
    };
    assert_eq!(
        problems(dir.path(), &run(1, &report(2, 4)), true),
        Vec::<String>::new()
    );
    assert_eq!(
        problems(dir.path(), &run(1, &report(3, 1)), true),
        Vec::<String>::new()
    );
    for (code, out) in [
        (1, report(4, 1)),
        (1, report(2, 5)),
        (1, report(1, 0)),
        (0, report(1, 1)),
        (101, report(1, 1)),
        (2, report(1, 1)),
        (1, "not json".to_string()),
        (1, report(1, 1).replace("\"errors\":1", "\"errors\":2")),
    ] {
        assert!(
            !problems(dir.path(), &run(code, &out), true).is_empty(),
            "{code} {out}"
        );
    }
}
