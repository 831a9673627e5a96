//! Integration tests of `sira check` on fixture sites: every kind of bad input is reported with
//! the right file, line and column (snapshotted), and the exit codes are the documented ones.
//!
//! Snapshots live in `tests/snapshots/`; run with `SIRA_BLESS=1` to rewrite them after an
//! intended change, and review the diff.

mod common;

use std::path::Path;
use std::process::Command;

use common::{fixture, options, repo};

use serde_json::Value;
use sira::diagnostics::Format;
use sira::validate::{values::Date, Options};

/// The broken fixture plus the inputs that cannot be committed as plain files.
fn broken() -> tempfile::TempDir {
    let dir = fixture("broken");
    let content = dir.path().join("content");
    // A file over the 1 MiB limit.
    let big = format!("+++\nname = \"x\"\n+++\n{}", "a".repeat(1_100_000));
    std::fs::write(content.join("formation/huge.md"), big).expect("write");
    // A link to nothing (unreadable) and a folder link that loops back to its parent.
    std::os::unix::fs::symlink("does-not-exist.md", content.join("formation/dangling.md"))
        .expect("symlink");
    std::os::unix::fs::symlink("..", content.join("finance/loop")).expect("symlink");
    dir
}

fn check(root: &Path, format: Format) -> sira::check::Report {
    sira::check::run(root, format, false, false, options()).expect("site readable")
}

fn snapshot(name: &str, actual: &str) {
    let path = repo().join("tests/snapshots").join(name);
    if std::env::var_os("SIRA_BLESS").is_some() {
        std::fs::write(&path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing snapshot {}: run with SIRA_BLESS=1", path.display()));
    if expected != actual {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .filter(|(_, (e, a))| e != a)
            .take(5)
            .map(|(i, (e, a))| format!("line {}:\n  expected: {e}\n  actual:   {a}", i + 1))
            .collect();
        panic!(
            "snapshot {name} differs ({} vs {} lines); first differences:\n{}\nrun with SIRA_BLESS=1 to accept",
            expected.lines().count(),
            actual.lines().count(),
            diff.join("\n")
        );
    }
}

fn json(root: &Path) -> Value {
    serde_json::from_str(&check(root, Format::Json).output).expect("valid JSON")
}

/// Finds the diagnostic with `code` in `file` and returns (line, col, message).
fn find(report: &Value, file: &str, code: &str) -> Vec<(u64, u64, String)> {
    report["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["file"] == file && d["code"] == code)
        .map(|d| {
            (
                d["line"].as_u64().expect("line"),
                d["col"].as_u64().expect("col"),
                d["message"].as_str().expect("message").to_string(),
            )
        })
        .collect()
}

#[test]
fn valid_fixture_has_no_diagnostics() {
    let dir = fixture("valid");
    let report = check(dir.path(), Format::Human);
    assert_eq!(report.output, "0 errors, 0 warnings\n");
    assert_eq!(report.exit_code, 0);
}

#[test]
fn valid_fixture_model_is_resolved() {
    let dir = fixture("valid");
    let outcome = sira::validate::run(dir.path(), options()).expect("readable");
    let site = outcome.site.expect("site");
    assert_eq!(site.fiches.len(), 1);
    let f = &site.fiches[0];
    // Labels and aliases are resolved to vocabulary ids.
    assert_eq!(f.front.regions, vec!["segou", "national"]);
    assert_eq!(f.last_verified.to_string(), "2022-11");
    assert_eq!(
        f.translations["en"].front.name.as_deref(),
        Some("Test training centre")
    );
    assert!(f.translations["en"].body.as_str().contains("Some text."));
    assert_eq!(site.pages.len(), 1);
    assert_eq!(
        site.pages[0].translations["en"].front.title.as_deref(),
        Some("About")
    );
}

#[test]
fn broken_fixture_human_snapshot() {
    let dir = broken();
    let report = check(dir.path(), Format::Human);
    assert_eq!(report.exit_code, 1);
    snapshot("broken.human.txt", &report.output);
}

#[test]
fn broken_fixture_json_snapshot() {
    let dir = broken();
    snapshot("broken.json", &check(dir.path(), Format::Json).output);
}

#[test]
fn broken_fixture_github_snapshot() {
    let dir = broken();
    snapshot(
        "broken.github.txt",
        &check(dir.path(), Format::Github).output,
    );
}

#[test]
fn every_kind_of_bad_input_is_located() {
    let dir = broken();
    let r = json(dir.path());
    let typos = "content/formation/typos.md";
    // Misspelt key with did-you-mean, at the key itself.
    let d = &r["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["file"] == typos && d["code"] == "unknown-key")
        .expect("unknown key")
        .clone();
    assert_eq!((d["line"].as_u64(), d["col"].as_u64()), (Some(4), Some(1)));
    assert_eq!(d["hint"], "did you mean `summary`?");
    // Unknown kind with suggestion; unaccented region alias accepted, misspelt one suggested.
    assert_eq!(find(&r, typos, "unknown-kind").len(), 1);
    let regions = find(&r, typos, "unknown-region");
    assert_eq!(
        regions.iter().map(|(l, c, _)| (*l, *c)).collect::<Vec<_>>(),
        vec![(5, 21), (5, 29)]
    );
    // Wrong types: a string for a list, a string for a year, a string for a boolean.
    let types: Vec<u64> = find(&r, typos, "wrong-type")
        .iter()
        .map(|(l, _, _)| *l)
        .collect();
    assert_eq!(types, vec![6, 8, 18]);
    // Phones: too short, bad character, impossible prefix.
    assert_eq!(find(&r, typos, "invalid-phone").len(), 3);
    assert_eq!(
        find(&r, typos, "impossible-date")
            .iter()
            .map(|(l, _, _)| *l)
            .collect::<Vec<_>>(),
        vec![31]
    );
    // An impossible calendar date is a TOML error, reported once, and the rest of the file is still checked.
    assert_eq!(
        find(&r, typos, "invalid-toml")
            .iter()
            .map(|(l, c, _)| (*l, *c))
            .collect::<Vec<_>>(),
        vec![(12, 17)]
    );
    assert_eq!(find(&r, typos, "invalid-email").len(), 1);
    assert_eq!(find(&r, typos, "invalid-url").len(), 1);
    assert_eq!(find(&r, typos, "invalid-slug").len(), 1);
    assert_eq!(find(&r, typos, "invalid-duration").len(), 1);
    assert_eq!(find(&r, typos, "invalid-currency").len(), 1);
    assert_eq!(find(&r, typos, "unknown-document").len(), 1);
    assert_eq!(find(&r, typos, "duplicate-value").len(), 1);
    // Syntax, missing/unclosed front matter, empty file, BOM, size, encoding, links.
    assert_eq!(
        find(&r, "content/formation/syntax.md", "invalid-toml")[0].0,
        2
    );
    assert_eq!(
        find(&r, "content/formation/no-front.md", "missing-front-matter").len(),
        1
    );
    assert_eq!(
        find(&r, "content/formation/unclosed.md", "unclosed-front-matter").len(),
        1
    );
    assert_eq!(
        find(&r, "content/formation/empty.md", "empty-file").len(),
        1
    );
    assert_eq!(
        find(&r, "content/formation/windows.md", "byte-order-mark").len(),
        1
    );
    // CRLF is accepted: the only error in the Windows file is the misspelt key, on line 16.
    assert_eq!(
        find(&r, "content/formation/windows.md", "unknown-key")[0].0,
        16
    );
    assert_eq!(
        find(&r, "content/formation/huge.md", "file-too-large").len(),
        1
    );
    assert_eq!(
        find(&r, "content/finance/latin1.md", "invalid-utf8")[0].0,
        2
    );
    assert_eq!(
        find(&r, "content/formation/dangling.md", "broken-symlink").len(),
        1
    );
    assert_eq!(find(&r, "content/finance/loop", "symlink-loop").len(), 1);
    // Required keys, duplicate slugs, translations.
    let missing = find(&r, "content/formation/incomplete.md", "missing-key");
    assert_eq!(missing.len(), 8, "{missing:?}");
    assert!(missing.iter().all(|(l, c, _)| (*l, *c) == (1, 1)));
    let dup = find(&r, "content/formation/future.md", "duplicate-slug");
    assert!(dup[0].2.contains("content/finance/future.md"));
    assert_eq!(
        find(
            &r,
            "content/finance/missing.en.md",
            "translation-redefines-fact"
        )
        .len(),
        2
    );
    assert_eq!(
        find(&r, "content/finance/ghost.en.md", "orphan-translation").len(),
        1
    );
    assert_eq!(
        find(&r, "content/finance/future.de.md", "unknown-language").len(),
        1
    );
    assert_eq!(
        find(&r, "content/finance/Mauvais Nom.md", "invalid-slug").len(),
        1
    );
    assert_eq!(find(&r, "content/Bad_Section", "invalid-section").len(), 1);
    assert_eq!(
        find(&r, "content/finance/future.md", "impossible-date").len(),
        1
    );
    assert_eq!(
        find(&r, "content/finance/future.md", "missing-conditions").len(),
        1
    );
    assert_eq!(
        find(&r, "content/finance/notes.txt", "ignored-file").len(),
        1
    );
}

#[test]
fn exit_codes() {
    let sira = env!("CARGO_BIN_EXE_sira");
    let run = |args: &[&str]| Command::new(sira).args(args).output().expect("runs");
    let valid = fixture("valid");
    let broken = broken();
    let valid_root = valid.path().to_str().expect("utf8 path");
    let broken_root = broken.path().to_str().expect("utf8 path");
    assert_eq!(run(&["check", "--root", valid_root]).status.code(), Some(0));
    assert_eq!(
        run(&["check", "--root", broken_root]).status.code(),
        Some(1)
    );
    // No configuration at all: exit 2 with a message on stderr.
    let empty = tempfile::tempdir().expect("temp");
    let out = run(&["check", "--root", empty.path().to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no site configuration"));
    // Usage error.
    assert_eq!(run(&["check", "--format", "xml"]).status.code(), Some(2));
    // Warnings fail only with --deny-warnings.
    std::fs::remove_file(valid.path().join("content/pages/about.en.md")).expect("rm");
    assert_eq!(run(&["check", "--root", valid_root]).status.code(), Some(0));
    assert_eq!(
        run(&["check", "--root", valid_root, "--deny-warnings"])
            .status
            .code(),
        Some(1)
    );
    // --help works for the command and the subcommand.
    assert!(run(&["check", "--help"]).status.success());
    assert!(run(&["--help"]).status.success());
}

#[test]
fn color_only_when_asked() {
    let dir = broken();
    let plain = sira::check::run(dir.path(), Format::Human, false, false, options()).expect("ok");
    let color = sira::check::run(dir.path(), Format::Human, true, false, options()).expect("ok");
    assert!(!plain.output.contains('\u{1b}'));
    assert!(color.output.contains('\u{1b}'));
}

#[test]
fn stale_fiches_warn_after_the_configured_age() {
    let dir = fixture("valid");
    let late = Options {
        today: Date::new(2027, 6, Some(1)).expect("date"),
    };
    let r = sira::check::run(dir.path(), Format::Json, false, false, late).expect("ok");
    let v: Value = serde_json::from_str(&r.output).expect("json");
    assert_eq!(v["summary"]["warnings"], 1);
    assert_eq!(v["diagnostics"][0]["code"], "stale-fiche");
    assert_eq!(r.exit_code, 0);
    // --deny-warnings fails on it, unless the code is allowed.
    let mut settings = sira::check::Settings {
        format: Format::Json,
        color: false,
        deny_warnings: true,
        allow: Vec::new(),
        options: late,
        output: None,
    };
    assert_eq!(
        sira::check::run_with(dir.path(), &settings)
            .expect("ok")
            .exit_code,
        1
    );
    settings.allow = vec!["stale-fiche".into()];
    let r = sira::check::run_with(dir.path(), &settings).expect("ok");
    assert_eq!((r.exit_code, r.summary.warnings), (0, 0));
    let recent = Options {
        today: Date::new(2023, 1, Some(1)).expect("date"),
    };
    let r = sira::check::run(dir.path(), Format::Json, false, false, recent).expect("ok");
    assert_eq!(r.summary.warnings, 0);
}

#[test]
fn shipped_content_passes() {
    let report =
        sira::check::run(&repo(), Format::Human, false, false, options()).expect("readable");
    assert_eq!(report.summary.errors, 0, "{}", report.output);
}

#[test]
fn synthetic_corpus_is_valid_and_deterministic() {
    let a = tempfile::tempdir().expect("temp");
    let b = tempfile::tempdir().expect("temp");
    sira::corpus::generate(a.path(), 60, 42).expect("gen");
    sira::corpus::generate(b.path(), 60, 42).expect("gen");
    let report = check(a.path(), Format::Human);
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
    sira::corpus::generate(c.path(), 60, 43).expect("gen");
    let name = "content/formation/fiche-000000.md";
    assert_ne!(
        std::fs::read(a.path().join(name)).ok(),
        std::fs::read(c.path().join(name)).ok()
    );
}

#[test]
fn a_bad_thesaurus_is_located_line_and_column() {
    let dir = fixture("valid");
    let path = dir.path().join("content/_vocab/synonyms.toml");
    std::fs::write(
        &path,
        "[[fr]]\nwords = [\"boulot\", \"de la\"]\nterms = [\"services/credits\", \"sector/agriculture\"]\n\n\
         [[fr]]\nwords = [\"Boulots\"]\nfind = [\"emploi\"]\n\n\
         [[fr]]\nwords = [\"papiers\"]\nfinds = [\"pièces\"]\n\n\
         [[fr]]\nwords = [\"pièces\"]\nfinds = [\"papiers\"]\n\n\
         [[bm]]\nwords = [\"baara\"]\n",
    )
    .expect("write");
    let report = json(dir.path());
    let file = "content/_vocab/synonyms.toml";
    let empty = find(&report, file, "empty-synonym");
    assert_eq!((empty[0].0, empty[0].1), (2, 20), "{empty:?}");
    let unknown = find(&report, file, "unknown-service");
    assert_eq!((unknown[0].0, unknown[0].1), (3, 10), "{unknown:?}");
    assert!(unknown[0].2.contains("unknown service `credits`"));
    assert_eq!(find(&report, file, "unknown-vocabulary")[0].0, 3);
    let dup = find(&report, file, "duplicate-synonym");
    assert_eq!((dup[0].0, dup[0].1), (6, 10), "{dup:?}");
    assert_eq!(find(&report, file, "unknown-key")[0].0, 7);
    let cycle = find(&report, file, "synonym-cycle");
    assert_eq!(cycle.len(), 1, "{cycle:?}");
    assert!(cycle[0].2.contains("a cycle"), "{cycle:?}");
    assert_eq!(find(&report, file, "unknown-language")[0].0, 17);
    // The hints: did-you-mean for the term and the key.
    let text = check(dir.path(), Format::Human).output;
    assert!(text.contains("did you mean `services/credit`?"), "{text}");
    assert!(text.contains("did you mean `finds`?"), "{text}");
}
