//! Reading `sira check --format json` reports in tests.

use std::path::Path;

use serde_json::Value;
use sira::diagnostics::Format;

/// The JSON report of `sira check` on the site at `root` (the tests' "today").
pub fn json(root: &Path) -> Value {
    let report = sira::check::run(root, Format::Json, false, false, super::options()).expect("ok");
    serde_json::from_str(&report.output).expect("valid JSON")
}

/// The (line, col, message) of each diagnostic with `code` in `file`.
pub fn find(report: &Value, file: &str, code: &str) -> Vec<(u64, u64, String)> {
    report["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["file"] == file && d["code"] == code)
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or(0),
                d["col"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}
