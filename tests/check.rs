//! Integration tests of `sira check` on fixture sites: every kind of bad input is reported with
//! the right file, line and column (snapshotted), and the exit codes are the documented ones.
//!
//! Snapshots live in `tests/snapshots/`; run with `SIRA_BLESS=1` to rewrite them after an
//! intended change, and review the diff.

mod common;

use std::path::Path;
use std::process::Command;

use common::diag::{find, json};
use common::{fixture, options, repo};

use serde_json::Value;
use sira::diagnostics::Format;
use sira::{validate::Options, values::Date};

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

#[test]
fn valid_fixture_has_no_diagnostics() {
    let dir = fixture("valid");
    let report = check(dir.path(), Format::Human);
    assert_eq!(report.output, "0 errors, 0 warnings\n");
    assert!(report.passed);
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
    assert!(!report.passed);
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
    assert!(r.passed);
    // --deny-warnings fails on it, unless the code is allowed.
    let mut settings = sira::check::Settings {
        format: Format::Json,
        color: false,
        deny_warnings: true,
        allow: Vec::new(),
        options: late,
        output: None,
    };
    assert!(
        !sira::check::run_with(dir.path(), &settings)
            .expect("ok")
            .passed
    );
    settings.allow = vec!["stale-fiche".into()];
    let r = sira::check::run_with(dir.path(), &settings).expect("ok");
    assert_eq!((r.passed, r.summary.warnings), (true, 0));
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
fn images_from_elsewhere_are_refused_where_they_are_written() {
    let site = fixture("valid");
    let fiche = site.path().join("content/formation/centre-test.md");
    let mut text = std::fs::read_to_string(&fiche).expect("read");
    let first = text.lines().count() + 1;
    text.push_str(
        "\nUne carte : ![carte](https://tiles.example/map.png).\n\
         ![a](//cdn.example/a.png) ![b](data:image/png;base64,AAAA) ![ok](../img/ok.png)\n\
         \tx ![c][logo]\n\n[logo]: http://logo.example/l.gif\n",
    );
    std::fs::write(&fiche, &text).expect("write");
    let page = site.path().join("content/pages/about.en.md");
    let mut about = std::fs::read_to_string(&page).expect("read");
    let line = about.lines().count() + 1;
    about.push_str("![é](/logo.png)\n");
    std::fs::write(&page, &about).expect("write");
    let report = json(site.path());
    let found = find(&report, "content/formation/centre-test.md", "remote-image");
    let at: Vec<(u64, u64)> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
    let first = first as u64;
    assert_eq!(
        at,
        [
            (first + 1, 13),
            (first + 2, 1),
            (first + 2, 27),
            (first + 3, 4)
        ],
        "{found:?}"
    );
    assert!(
        found[0].2.contains("`https://tiles.example/map.png`"),
        "{found:?}"
    );
    assert!(found[0].2.contains("reveals every reader"), "{found:?}");
    assert!(found[2].2.contains("data:"), "{found:?}");
    let on_page = find(&report, "content/pages/about.en.md", "remote-image");
    assert_eq!(
        on_page.iter().map(|(l, c, _)| (*l, *c)).collect::<Vec<_>>(),
        [(line as u64, 1)]
    );
    let d = report["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["code"] == "remote-image")
        .expect("one");
    assert_eq!(d["severity"], "error");
    assert!(
        d["hint"].as_str().unwrap_or("").contains("[text](https://"),
        "{d}"
    );
    // The build refuses the site as `check` does.
    let out = tempfile::tempdir().expect("temp");
    let status = common::sira(site.path())
        .args(["build", "--output"])
        .arg(out.path().join("p"))
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(1));
}

/// The valid fixture plus one fiche `essai` (and its English file), for the checks that look
/// at one fiche's facts together.
fn with_fiche(fr: &str, en: &str) -> tempfile::TempDir {
    let dir = fixture("valid");
    let formation = dir.path().join("content/formation");
    std::fs::write(formation.join("essai.md"), fr).expect("write");
    std::fs::write(formation.join("essai.en.md"), en).expect("write");
    dir
}

/// A fiche of the `essai` kind: `top` goes with the top-level keys, `tables` after them.
fn essai(top: &str, tables: &str) -> String {
    format!(
        "+++\nname = \"Essai\"\nkind = \"ngo\"\nsummary = \"Essai.\"\nregions = [\"kayes\"]\nsectors = [\"agriculture\"]\nservices = [\"guidance\"]\n{top}last_verified = \"2022-11\"\n\n[returnees]\neligibility = \"not-stated\"\n{tables}\n[[sources]]\ndocument = \"altai-2023-annexes\"\nlocator = \"Fiche partenaire 1\"\n+++\n\nTexte.\n"
    )
}

const ESSAI_EN: &str = "+++\nname = \"Trial\"\nsummary = \"Trial.\"\n+++\n\nText.\n";

/// (line, column) of the first occurrence of `needle` in `text`, 1-based.
fn at(text: &str, needle: &str) -> (u64, u64) {
    let (i, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in the fiche"));
    let col = line.find(needle).expect("on the line") + 1;
    (i as u64 + 1, col as u64)
}

#[test]
fn a_contacts_own_phone_and_personal_addresses_are_refused_unless_public() {
    let fiche = essai(
        "phones = [\"+223 76 00 00 01\"]\nemail = \"awa.diallo@exemple.ml\"\n",
        "\n[[contacts]]\nid = \"direction\"\nname = \"Awa Diallo\"\nrole = \"Directrice\"\nphones = [\"76 00 00 01\"]\n\n[[contacts]]\nid = \"accueil\"\nrole = \"Accueil\"\nemail = \"accueil.essai@gmail.com\"\npublic = { document = \"altai-2023-annexes\", locator = \"Fiche partenaire 1, contacts\" }\n\n[[contacts]]\nid = \"secretariat\"\nrole = \"Secrétariat\"\nemail = \"secretariat.essai@yahoo.fr\"\n",
    );
    let dir = with_fiche(&fiche, ESSAI_EN);
    let r = json(dir.path());
    let file = "content/formation/essai.md";
    let found = find(&r, file, "personal-contact");
    let places: Vec<(u64, u64)> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
    assert_eq!(
        places,
        vec![
            // The organisation's number is the director's own (written differently).
            at(&fiche, "\"+223 76 00 00 01\""),
            // The organisation's address is built on the director's name.
            at(&fiche, "\"awa.diallo@"),
            // The director's number, not marked public.
            at(&fiche, "\"76 00 00 01\"]"),
            // A webmail address, not marked public.
            at(&fiche, "\"secretariat.essai@yahoo.fr\""),
        ],
        "{found:?}"
    );
    // The public desk's webmail address passes; every one of these is an error.
    assert!(found.iter().all(|(_, _, m)| !m.contains("accueil.essai")));
    let diags = r["diagnostics"].as_array().expect("array");
    assert!(diags
        .iter()
        .filter(|d| d["code"] == "personal-contact")
        .all(|d| d["severity"] == "error"
            && d["hint"].as_str().is_some_and(|h| h.contains("public"))));
    assert!(
        !sira::check::run(dir.path(), Format::Json, false, false, options())
            .expect("ok")
            .passed
    );
    // The same contacts marked public, and the organisation's own address: no error.
    let fixed = fiche
        .replace("email = \"awa.diallo@exemple.ml\"", "email = \"contact@exemple.ml\"")
        .replace(
            "phones = [\"76 00 00 01\"]\n",
            "phones = [\"76 00 00 01\"]\npublic = { document = \"altai-2023-annexes\", locator = \"Fiche partenaire 1\" }\n",
        )
        .replace(
            "email = \"secretariat.essai@yahoo.fr\"\n",
            "email = \"secretariat.essai@yahoo.fr\"\npublic = { document = \"altai-2023-annexes\", locator = \"Fiche partenaire 1\" }\n",
        );
    let dir = with_fiche(&fixed, ESSAI_EN);
    assert!(find(&json(dir.path()), file, "personal-contact").is_empty());
}

#[test]
fn a_programme_without_regions_is_reported_unless_the_organisation_is_nationwide() {
    let fiche = essai(
        "website = \"https://exemple.ml/\"\n",
        "\n[[programmes]]\nid = \"sans-lieu\"\nname = \"Sans lieu\"\n\n[[programmes]]\nid = \"place\"\nname = \"Placé\"\nregions = [\"kayes\"]\n\n[[programmes]]\nid = \"lieu-inconnu\"\nname = \"Lieu inconnu\"\nregions_note = \"Les sources ne disent pas où.\"\n",
    );
    let dir = with_fiche(&fiche, ESSAI_EN);
    let r = json(dir.path());
    let found = find(
        &r,
        "content/formation/essai.md",
        "programme-without-regions",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), at(&fiche, "\"sans-lieu\""));
    assert!(found[0].2.contains("`sans-lieu`"));
    let d = r["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["code"] == "programme-without-regions")
        .expect("one");
    assert_eq!(d["severity"], "warning");
    assert!(d["hint"].as_str().expect("hint").contains("regions_note"));
    // A nationwide organisation's programmes run where it does.
    let national = fiche.replace(
        "regions = [\"kayes\"]\nsectors",
        "regions = [\"national\"]\nsectors",
    );
    let dir = with_fiche(&national, ESSAI_EN);
    assert!(find(
        &json(dir.path()),
        "content/formation/essai.md",
        "programme-without-regions"
    )
    .is_empty());
}

#[test]
fn references_to_fiches_must_exist_and_translations_restate_them() {
    let fiche = essai(
        "website = \"https://exemple.ml/\"\nfunders = [{ fiche = \"centre-test\" }, \"Bailleur libre\", { fiche = \"centre-tset\", name = \"CFT (projet)\" }]\n",
        "\n[[programmes]]\nid = \"projet\"\nname = \"Projet\"\nregions = [\"kayes\"]\nfunders = [{ fiche = \"nulle-part\" }]\n",
    );
    let en = "+++\nname = \"Trial\"\nsummary = \"Trial.\"\nfunders = [\"Test centre\", \"Free funder\"]\n\n[[programmes]]\nid = \"projet\"\nfunders = [{ fiche = \"nulle-part\" }]\n+++\n\nText.\n";
    let dir = with_fiche(&fiche, en);
    let r = json(dir.path());
    let unknown = find(&r, "content/formation/essai.md", "unknown-fiche");
    assert_eq!(
        unknown.iter().map(|(l, c, _)| (*l, *c)).collect::<Vec<_>>(),
        vec![
            at(&fiche, "{ fiche = \"centre-tset\""),
            at(&fiche, "{ fiche = \"nulle-part\" }"),
        ],
        "{unknown:?}"
    );
    let hints: Vec<&str> = r["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["code"] == "unknown-fiche")
        .filter_map(|d| d["hint"].as_str())
        .collect();
    assert_eq!(hints[0], "did you mean `centre-test`?");
    // The translation's list has fewer entries than the default file's.
    let mismatch = find(&r, "content/formation/essai.en.md", "translation-mismatch");
    assert_eq!(mismatch.len(), 1, "{mismatch:?}");
    assert_eq!((mismatch[0].0, mismatch[0].1), at(en, "[\"Test centre\""));
    // Same length, but a name where the default file references a fiche.
    let en = en.replace(
        "[\"Test centre\", \"Free funder\"]",
        "[\"Test centre\", \"Free funder\", { fiche = \"centre-tset\" }]",
    );
    let dir = with_fiche(&fiche, &en);
    let mismatch = find(
        &json(dir.path()),
        "content/formation/essai.en.md",
        "translation-mismatch",
    );
    assert_eq!(
        mismatch
            .iter()
            .map(|(l, c, _)| (*l, *c))
            .collect::<Vec<_>>(),
        vec![at(&en, "\"Test centre\"")]
    );
    assert!(mismatch[0]
        .2
        .contains("a name here but a reference to `centre-test`"));
}

#[test]
fn a_fiche_nobody_can_reach_says_how_to() {
    let fiche = essai("", "");
    let dir = with_fiche(&fiche, ESSAI_EN);
    let found = find(
        &json(dir.path()),
        "content/formation/essai.md",
        "no-contact",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 1, "at the opening fence");
    let noted = essai(
        "contact_note = \"Par l'intermédiaire de l'ANPE de Kayes.\"\n",
        "",
    );
    let dir = with_fiche(&noted, ESSAI_EN);
    assert!(find(
        &json(dir.path()),
        "content/formation/essai.md",
        "no-contact"
    )
    .is_empty());
    // A contact's details count only when public.
    let private = essai(
        "",
        "\n[[contacts]]\nid = \"d\"\nrole = \"Directeur\"\nphones = [\"76 00 00 01\"]\n",
    );
    let dir = with_fiche(&private, ESSAI_EN);
    assert_eq!(
        find(
            &json(dir.path()),
            "content/formation/essai.md",
            "no-contact"
        )
        .len(),
        1
    );
}

#[test]
fn a_fiche_without_regions_says_the_sources_name_no_place() {
    let site = "website = \"https://exemple.ml/\"\n";
    // No `regions` and no note: an error at the opening fence.
    let fiche = essai(site, "").replace("regions = [\"kayes\"]\n", "");
    let dir = with_fiche(&fiche, ESSAI_EN);
    let r = json(dir.path());
    let found = find(&r, "content/formation/essai.md", "missing-key");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 1, "at the opening fence");
    assert!(found[0].2.contains("`regions`"), "{}", found[0].2);
    // An empty list is no better.
    let empty = essai(site, "").replace("regions = [\"kayes\"]", "regions = []");
    let dir = with_fiche(&empty, ESSAI_EN);
    let found = find(
        &json(dir.path()),
        "content/formation/essai.md",
        "empty-value",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), at(&empty, "[]"));
    // Saying that the sources name no place is the honest way to leave regions out.
    let noted = essai(site, "").replace(
        "regions = [\"kayes\"]\n",
        "regions_note = \"Les sources ne disent pas où.\"\n",
    );
    let dir = with_fiche(&noted, ESSAI_EN);
    let r = json(dir.path());
    assert_eq!(r["summary"]["errors"], 0, "{r}");
}

#[test]
fn the_licence_must_be_a_known_spdx_id() {
    let dir = fixture("valid");
    let config = dir.path().join("sira.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    let text = format!("{text}\n[licence]\nid = \"CC-BY-4\"\n");
    std::fs::write(&config, &text).expect("write");
    let r = json(dir.path());
    let found = find(&r, "sira.toml", "unknown-licence");
    assert_eq!(found.len(), 1, "{r}");
    assert_eq!((found[0].0, found[0].1), at(&text, "\"CC-BY-4\""));
    let d = r["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["code"] == "unknown-licence")
        .expect("one");
    assert_eq!(d["hint"], "did you mean `CC-BY-4.0`?");
    // A known id, in any case, is accepted.
    std::fs::write(&config, text.replace("CC-BY-4\"", "cc-by-sa-4.0\"")).expect("write");
    assert_eq!(json(dir.path())["summary"]["errors"], 0);
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
