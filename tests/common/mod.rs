//! Helpers shared by the integration tests: fixture sites in temporary folders.
#![allow(dead_code)]

pub mod diag;
pub mod opendata;

use std::path::{Path, PathBuf};

use sira::{validate::Options, values::Date};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `SOURCE_DATE_EPOCH` for the same "today" as [`options`]: 2026-11-23.
pub const EPOCH: &str = "1795392000";

/// The `sira` binary run on the site at `root`, with the tests' "today".
pub fn sira(root: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_sira"));
    c.arg("--root").arg(root).env("SOURCE_DATE_EPOCH", EPOCH);
    c
}

/// A fixed "today" so tests do not depend on the clock.
pub fn options() -> Options {
    Options {
        today: Date::new(2026, 11, Some(23)).expect("valid date"),
    }
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture readable");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// Copies a fixture site into a temporary folder with the shipped vocabularies.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    copy_dir(
        &repo().join("content/_vocab"),
        &dir.path().join("content/_vocab"),
    );
    dir
}

/// Every file under `dir` with its bytes, by relative path.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect();
    out.sort();
    out
}
