//! The synthetic corpus behind the benchmarks: valid on any day, and deterministic.

mod common;

use common::options;
use sira::diagnostics::Format;

#[test]
fn synthetic_corpus_passes_its_check_on_any_day() {
    // `sira-corpus` and `sira check` share "today" (SOURCE_DATE_EPOCH): no fiche is in the
    // future or stale, in 2026 as in 2031.
    for epoch in ["1767225600", "1930000000"] {
        let dir = tempfile::tempdir().expect("temp");
        let made = std::process::Command::new(env!("CARGO_BIN_EXE_sira-corpus"))
            .arg(dir.path())
            .arg("40")
            .env("SOURCE_DATE_EPOCH", epoch)
            .status()
            .expect("runs");
        assert!(made.success());
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sira"))
            .args(["check", "--deny-warnings", "--root"])
            .arg(dir.path())
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .expect("runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{epoch}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn synthetic_corpus_is_valid_and_deterministic() {
    let a = tempfile::tempdir().expect("temp");
    let b = tempfile::tempdir().expect("temp");
    let today = options().today;
    sira::corpus::generate_on(a.path(), 60, 42, today).expect("gen");
    sira::corpus::generate_on(b.path(), 60, 42, today).expect("gen");
    let report =
        sira::check::run(a.path(), Format::Human, false, false, options()).expect("readable");
    assert_eq!(report.summary.errors, 0, "{}", report.output);
    assert_eq!(report.summary.warnings, 0, "{}", report.output);
    let outcome = sira::validate::run(a.path(), options()).expect("ok");
    let site = outcome.site.expect("site");
    assert_eq!(site.fiches.len(), 60);
    assert!(site
        .fiches
        .iter()
        .all(|f| f.translations.contains_key("en")));
    for f in walkdir::WalkDir::new(a.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = f.path().strip_prefix(a.path()).expect("inside");
        assert_eq!(
            std::fs::read(f.path()).ok(),
            std::fs::read(b.path().join(rel)).ok(),
            "{}",
            rel.display()
        );
    }
    let c = tempfile::tempdir().expect("temp");
    sira::corpus::generate_on(c.path(), 60, 43, today).expect("gen");
    let name = "content/formation/fiche-000000.md";
    assert_ne!(
        std::fs::read(a.path().join(name)).ok(),
        std::fs::read(c.path().join(name)).ok()
    );
}
