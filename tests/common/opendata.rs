//! Helpers of the open-data tests: builds, files read as text or JSON, and CSV parsing.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;
use sira::diagnostics::Format;

use super::options;

pub const LANGS: [&str; 2] = ["fr", "en"];

pub fn build(root: &Path, out: &Path) {
    let report = sira::build::run(root, Some(out), false, Format::Human, false, options())
        .expect("site readable");
    assert_eq!(
        report.outcome,
        sira::build::Outcome::Built,
        "{}",
        report.report
    );
}

/// The shipped site, built once for this test binary (under Cargo's per-target temp folder).
pub fn shipped() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("opendata-shipped");
        build(&super::repo(), &out);
        out
    })
}

pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn json(out: &Path, rel: &str) -> Value {
    serde_json::from_str(&read(out, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Parses RFC 4180 CSV (CRLF records, quoted fields with doubled quotes).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => {
                assert!(field.is_empty(), "quote inside an unquoted field");
                quoted = true;
            }
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "records end with CRLF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("bare LF outside quotes"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "the file ends with CRLF"
    );
    rows
}
