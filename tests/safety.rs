//! Safety: no command or configuration deletes what Sira did not write, reads outside the
//! site, or lets a bad character or name through. One test per class of attack, run through
//! the `sira` binary as a user (or a pull request) would.

mod common;

use std::path::Path;
use std::process::Output;

use common::{fixture, sira, tree};
use serde_json::Value;

fn run(root: &Path, args: &[&str]) -> Output {
    sira(root).args(args).output().expect("sira runs")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The fixture site as a git checkout with a file of the user's own.
fn site() -> tempfile::TempDir {
    let site = fixture("site");
    std::fs::create_dir_all(site.path().join(".git/objects")).expect("mkdir");
    std::fs::write(site.path().join(".git/HEAD"), "ref: refs/heads/main\n").expect("write");
    std::fs::write(site.path().join("notes.txt"), "mine\n").expect("write");
    site
}

fn set_output_dir(root: &Path, dir: &str) {
    let path = root.join("sira.toml");
    let config = std::fs::read_to_string(&path).expect("read");
    let config: String = config
        .lines()
        .filter(|l| !l.starts_with("output_dir"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, format!("output_dir = \"{dir}\"\n{config}")).expect("write");
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(o)))
}

#[test]
fn build_never_replaces_the_site_its_parents_or_its_inputs() {
    let site = site();
    let root = site.path();
    let before = tree(root);
    let parent = root
        .parent()
        .expect("parent")
        .to_string_lossy()
        .into_owned();
    let root_s = root.to_string_lossy().into_owned();
    for (output, why) in [
        (root_s.as_str(), "site folder itself"),
        (".", "site folder itself"),
        ("content/..", "site folder itself"),
        (parent.as_str(), "contains the site folder"),
        ("/", "contains the site folder"),
        ("content", "input `content`"),
        ("content/formation", "input `content`"),
        ("themes/out", "input `themes`"),
        (".git", "input `.git`"),
        ("sira.toml", "input `sira.toml`"),
    ] {
        // Relative outputs are taken from the current folder, as a shell would: run in the site.
        for force in [false, true] {
            let mut cmd = sira(root);
            cmd.current_dir(root).args(["build", "--output", output]);
            if force {
                cmd.arg("--force");
            }
            let o = cmd.output().expect("runs");
            assert_eq!(code(&o), 2, "{output} (force {force}): {}", text(&o));
            assert!(text(&o).contains(why), "{output}: {}", text(&o));
            assert!(text(&o).contains("output-refused"), "{}", text(&o));
        }
    }
    assert!(tree(root) == before, "nothing in the site changed");
}

#[test]
fn a_bad_output_dir_is_located_in_check_and_refused_by_build() {
    for dir in [".", "content", "content/fr", "themes", "..", "templates/x"] {
        let site = site();
        let root = site.path();
        set_output_dir(root, dir);
        let before = tree(root);
        let o = run(root, &["check", "--format", "json"]);
        assert_eq!(code(&o), 1, "{dir}: {}", text(&o));
        let report = json(&o);
        let d = report["diagnostics"]
            .as_array()
            .expect("list")
            .iter()
            .find(|d| d["code"] == "output-refused")
            .unwrap_or_else(|| panic!("{dir}: {report}"));
        assert_eq!(d["severity"], "error");
        assert_eq!(
            (d["file"].as_str(), d["line"].as_u64(), d["col"].as_u64()),
            (Some("sira.toml"), Some(1), Some(14)),
            "{dir}: {d}"
        );
        let o = run(root, &["build"]);
        assert_eq!(code(&o), 2, "{dir}: {}", text(&o));
        assert!(text(&o).contains("sira.toml:1:14"), "{}", text(&o));
        assert!(tree(root) == before, "{dir}: nothing in the site changed");
    }
}

#[test]
fn a_folder_sira_did_not_write_needs_force() {
    let site = site();
    let root = site.path();
    let out = tempfile::tempdir().expect("temp");
    let mine = out.path().join("mine");
    std::fs::create_dir(&mine).expect("mkdir");
    std::fs::write(mine.join("thesis.odt"), "years of work").expect("write");
    let mine_s = mine.to_string_lossy().into_owned();
    let o = run(root, &["build", "--output", &mine_s]);
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(
        text(&o).contains("--force"),
        "the hint names --force: {}",
        text(&o)
    );
    assert!(mine.join("thesis.odt").is_file());
    // `sira check` warns about the configured folder too.
    set_output_dir(root, &mine_s);
    let o = run(root, &["check", "--format", "json"]);
    let report = json(&o);
    assert!(
        report["diagnostics"]
            .as_array()
            .expect("list")
            .iter()
            .any(|d| {
                d["code"] == "output-refused" && d["severity"] == "warning" && d["line"] == 1
            }),
        "{report}"
    );
    // An empty folder, and then Sira's own output, are replaced without asking.
    let empty = out.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    let empty_s = empty.to_string_lossy().into_owned();
    for _ in 0..2 {
        let o = run(root, &["build", "--output", &empty_s]);
        assert_eq!(code(&o), 0, "{}", text(&o));
        assert!(empty.join(".sira-output").is_file());
    }
    // --force replaces a foreign folder.
    let o = run(root, &["build", "--output", &mine_s, "--force"]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(!mine.join("thesis.odt").exists());
    assert!(mine.join("fr/index.html").is_file());
}

#[test]
fn an_interrupted_build_is_cleaned_up_by_the_next() {
    let site = site();
    let root = site.path();
    let o = run(root, &["build"]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    // What `kill -9` in the middle of builds leaves behind.
    for left in [".public.sira-tmp-4242", ".public.sira-old-4243"] {
        std::fs::create_dir_all(root.join(left).join("fr")).expect("mkdir");
        std::fs::write(root.join(left).join("fr/index.html"), "half").expect("write");
    }
    let o = run(root, &["build"]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    let mut left: Vec<String> = std::fs::read_dir(root)
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".sira-"))
        .collect();
    left.sort();
    assert_eq!(left, [".public.sira-lock"]);
    // And git ignores what is left.
    let ignore = std::fs::read_to_string(common::repo().join(".gitignore")).expect("read");
    for pattern in [".*.sira-lock", ".*.sira-tmp-*", ".*.sira-old-*"] {
        assert!(ignore.lines().any(|l| l == pattern), "{pattern}");
    }
}

#[test]
fn a_failed_write_is_one_diagnostic_without_a_location_and_keeps_the_site() {
    let site = site();
    let root = site.path();
    let o = run(root, &["build"]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    let before = tree(&root.join("public"));
    // A theme file whose hashed name is too long for the file system: the write fails halfway.
    let theme = root.join("themes/sira");
    common::copy_dir(&common::repo().join("themes/sira"), &theme);
    std::fs::write(theme.join("static").join("a".repeat(250) + ".css"), "a{}").expect("write");
    for (format, check) in [("human", "write-failed"), ("json", "\"file\": null")] {
        let o = run(root, &["build", "--format", format]);
        assert_eq!(code(&o), 2, "{}", text(&o));
        let out = text(&o);
        assert!(out.contains(check), "{out}");
        assert!(!out.contains("sira.toml"), "not pinned to sira.toml: {out}");
        assert!(
            tree(&root.join("public")) == before,
            "the previous site is intact"
        );
    }
    let o = run(root, &["build", "--format", "github"]);
    assert!(
        text(&o).starts_with("::error title=sira write-failed::cannot write"),
        "{}",
        text(&o)
    );
}

/// The diagnostics of `sira check --format json` as (code, file, line).
fn diagnostics(root: &Path) -> (i32, Vec<(String, String, u64)>) {
    let o = run(root, &["check", "--format", "json"]);
    let report = json(&o);
    let list = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    (code(&o), list)
}

#[test]
fn links_leading_outside_the_site_are_never_read() {
    use std::os::unix::fs::symlink;
    let site = site();
    let root = site.path();
    let content = root.join("content");
    // The environment, a file of another user, a folder outside, a file larger than its size.
    symlink("/proc/self/environ", content.join("ong/environ.md")).expect("link");
    symlink("/etc/passwd", content.join("ong/passwd.md")).expect("link");
    symlink("/etc", content.join("etc")).expect("link");
    symlink("/proc/self/pagemap", content.join("ong/pagemap.md")).expect("link");
    // The configuration and a vocabulary are inputs too.
    std::fs::rename(root.join("sira.toml"), root.join("real.toml")).expect("mv");
    symlink(root.join("real.toml"), root.join("sira.toml")).expect("link");
    std::fs::remove_file(content.join("_vocab/kinds.toml")).expect("rm");
    symlink("/etc/hostname", content.join("_vocab/kinds.toml")).expect("link");
    let marker = "SIRA_SECRET_FOR_THE_TEST";
    let o = sira(root)
        .args(["check", "--format", "human"])
        .env(marker, "leaked")
        .output()
        .expect("runs");
    assert!(!text(&o).contains(marker), "the environment is not shown");
    assert!(!text(&o).contains("root:x:0"), "/etc/passwd is not shown");
    let (exit, list) = diagnostics(root);
    assert_eq!(exit, 1);
    for file in [
        "content/ong/environ.md",
        "content/ong/passwd.md",
        "content/etc",
        "content/ong/pagemap.md",
        "content/_vocab/kinds.toml",
    ] {
        assert!(
            list.contains(&("symlink-outside".into(), file.into(), 1)),
            "{file}: {list:?}"
        );
    }
    // A link inside the site is fine: sira.toml was read through one.
    assert!(!list.iter().any(|(_, f, _)| f == "sira.toml"), "{list:?}");
}

#[test]
fn theme_files_linking_outside_are_an_error_not_published() {
    use std::os::unix::fs::symlink;
    let site = site();
    let root = site.path();
    let theme = root.join("themes/sira");
    common::copy_dir(&common::repo().join("themes/sira"), &theme);
    symlink("/etc/passwd", theme.join("static/passwd.txt")).expect("link");
    symlink("/etc", root.join("templates")).expect("link");
    let o = run(root, &["build", "--format", "json"]);
    assert_eq!(code(&o), 1, "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("themes/sira/static/passwd.txt"), "{out}");
    assert!(out.contains("symlink-outside"), "{out}");
    assert!(!root.join("public").exists(), "nothing published");
    // `sira check` says the same.
    let (exit, list) = diagnostics(root);
    assert_eq!(exit, 1);
    assert!(
        list.contains(&(
            "symlink-outside".into(),
            "themes/sira/static/passwd.txt".into(),
            1
        )),
        "{list:?}"
    );
}

#[test]
fn links_between_folders_neither_loop_nor_multiply() {
    use std::os::unix::fs::symlink;
    let site = site();
    let root = site.path();
    let content = root.join("content");
    // 30 folders each linking twice to the next, and a folder linking to its parent.
    for i in 0..30 {
        std::fs::create_dir(content.join(format!("d{i}"))).expect("mkdir");
    }
    for i in 0..29 {
        for l in ["a", "b"] {
            symlink(
                content.join(format!("d{}", i + 1)),
                content.join(format!("d{i}/{l}")),
            )
            .expect("link");
        }
    }
    symlink(&content, content.join("d0/up")).expect("link");
    // A chain of links longer than the system follows.
    for i in 0..50 {
        symlink(
            content.join(format!("ong/chain{}.md", i + 1)),
            content.join(format!("ong/chain{i}.md")),
        )
        .expect("link");
    }
    let started = std::time::Instant::now();
    let (exit, list) = diagnostics(root);
    // A bound generous for a debug build on a loaded machine; unbounded, this never ends.
    assert!(started.elapsed().as_secs() < 20, "check ends");
    assert_eq!(exit, 1);
    assert!(
        list.iter()
            .any(|(c, f, _)| c == "symlink-loop" && f == "content/d0/up"),
        "{list:?}"
    );
    assert!(
        list.iter()
            .any(|(c, f, _)| c == "symlink-loop" && f == "content/ong/chain0.md"),
        "{list:?}"
    );
}

#[test]
fn only_regular_files_are_read() {
    let site = site();
    let root = site.path();
    // A named pipe would block a reader forever.
    let fifo = root.join("content/ong/pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let (exit, list) = diagnostics(root);
    assert_eq!(exit, 1);
    assert!(
        list.contains(&("unreadable-file".into(), "content/ong/pipe.md".into(), 1)),
        "{list:?}"
    );
}

/// Error codes of `sira check` and of `sira build` on the same site, and their exit codes.
fn check_and_build(root: &Path) -> ((i32, Vec<String>), (i32, Vec<String>)) {
    let codes = |o: &Output| -> Vec<String> {
        let mut v: Vec<String> = json(o)["diagnostics"]
            .as_array()
            .expect("list")
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| d["code"].as_str().unwrap_or("").to_string())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let c = run(root, &["check", "--format", "json"]);
    let b = run(root, &["build", "--format", "json"]);
    ((code(&c), codes(&c)), (code(&b), codes(&b)))
}

#[test]
fn check_refuses_every_name_and_character_build_refuses() {
    let fiche = std::fs::read_to_string(
        common::repo().join("tests/fixtures/site/content/formation/centre-test.md"),
    )
    .expect("read");
    let page =
        std::fs::read_to_string(common::repo().join("tests/fixtures/site/content/pages/about.md"))
            .expect("read");
    let long = "a".repeat(101);
    // (file to add, its text, the error expected)
    let cases: Vec<(String, String, &str)> = vec![
        // A card-splice marker inside a name would put another card into <title>.
        (
            "content/ong/splice.md".into(),
            fiche.replace("Centre de formation de test", "Kayes\u{2}c3\u{3}"),
            "invalid-character",
        ),
        (
            "content/ong/bidi.md".into(),
            fiche.replace("Centre de formation de test", "Centre \u{202e}tset"),
            "invalid-character",
        ),
        (
            "content/ong/c1.md".into(),
            fiche.replace("Avoir plus", "Avoir\u{85} plus"),
            "invalid-character",
        ),
        (
            "content/pages/search.md".into(),
            page.clone(),
            "reserved-name",
        ),
        ("content/pages/a-z.md".into(), page.clone(), "reserved-name"),
        (
            "content/region/kayes.md".into(),
            fiche.clone(),
            "reserved-name",
        ),
        ("content/ong/con.md".into(), fiche.clone(), "reserved-name"),
        ("content/ong/lpt1.md".into(), fiche.clone(), "reserved-name"),
        (
            format!("content/ong/{long}.md"),
            fiche.clone(),
            "name-too-long",
        ),
    ];
    for (file, text, expected) in cases {
        let site = site();
        let root = site.path();
        // Each added fiche needs a slug of its own: the fixture already has `centre-test`.
        let path = root.join(&file);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
        let ((check_exit, check_codes), (build_exit, build_codes)) = check_and_build(root);
        assert_eq!(check_exit, 1, "{file}: {check_codes:?}");
        assert!(
            check_codes.iter().any(|c| c == expected),
            "{file}: check says {check_codes:?}"
        );
        assert_eq!(build_exit, 1, "{file}");
        assert_eq!(check_codes, build_codes, "{file}: one rule for both");
        assert!(!root.join("public").exists(), "{file}: nothing built");
    }
    // An unknown theme, too.
    let site = site();
    let root = site.path();
    let config = std::fs::read_to_string(root.join("sira.toml")).expect("read");
    std::fs::write(
        root.join("sira.toml"),
        format!("theme = \"nope\"\n{config}"),
    )
    .expect("write");
    let ((check_exit, check_codes), (build_exit, build_codes)) = check_and_build(root);
    assert_eq!((check_exit, build_exit), (1, 1));
    assert_eq!(check_codes, ["missing-theme"]);
    assert_eq!(check_codes, build_codes);
}

#[test]
fn reserved_names_cover_every_generated_page_and_folder() {
    let site = site();
    let root = site.path();
    let o = run(root, &["build"]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    let sections: Vec<String> = std::fs::read_dir(root.join("content"))
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let pages: Vec<String> = std::fs::read_dir(root.join("content/pages"))
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.split('.').next().map(str::to_string))
        .collect();
    for entry in std::fs::read_dir(root.join("public/fr")).expect("read") {
        let entry = entry.expect("entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().expect("type").is_dir() {
            assert!(
                sections.contains(&name) || sira::names::RESERVED_SECTIONS.contains(&name.as_str()),
                "generated folder fr/{name} is not reserved for sections"
            );
        } else if let Some(stem) = name.strip_suffix(".html") {
            assert!(
                pages.iter().any(|p| p == stem) || sira::names::RESERVED_PAGES.contains(&stem),
                "generated page fr/{name} is not reserved for pages"
            );
        }
    }
}
