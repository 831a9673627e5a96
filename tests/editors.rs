//! Tools for editors: the `sira new` skeleton and the JSON Schema of the front matter.

mod common;

use std::path::Path;

use common::{fixture, options, repo};
use serde_json::Value;
use sira::diagnostics::Severity;

fn sira(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = common::sira(root).args(args).output().expect("runs sira");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// (code, message) of every error `sira check` reports on the site.
fn errors(root: &Path) -> Vec<(String, String)> {
    let outcome = sira::validate::run(root, options()).expect("checks");
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code.to_string(), d.message.clone()))
        .collect()
}

#[test]
fn a_new_fiche_names_each_required_field_then_validates_once_filled() {
    let site = fixture("valid");
    assert!(errors(site.path()).is_empty(), "the fixture starts clean");
    let (code, stdout, stderr) = sira(site.path(), &["new", "formation", "centre-exemple"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("centre-exemple.md") && stdout.contains("centre-exemple.en.md"));
    let dir = site.path().join("content/formation");
    let fr = std::fs::read_to_string(dir.join("centre-exemple.md")).expect("written");
    let en = std::fs::read_to_string(dir.join("centre-exemple.en.md")).expect("written");
    assert!(fr.contains("# Nom complet de l'organisation. (obligatoire)\nname = \"\""));
    assert!(
        fr.contains("# acronym = \"\""),
        "optional fields are commented out"
    );
    assert!(
        fr.contains("bamako, kayes"),
        "vocabulary fields list their ids"
    );
    assert!(en.contains("# Full name of the organisation.\n# name = \"\""));
    assert!(
        !en.contains("kind ="),
        "translations hold translatable fields only"
    );

    // Unfilled, the check names every required field once.
    let mut got: Vec<String> = errors(site.path())
        .into_iter()
        .map(|(c, m)| format!("{c}: {m}"))
        .collect();
    got.sort();
    let mut want = vec![
        "empty-value: `name` is empty",
        "empty-value: `regions` is empty",
        "empty-value: `sectors` is empty",
        "empty-value: `services` is empty",
        "empty-value: `sources[0].locator` is empty",
        "empty-value: `summary` is empty",
        "impossible-date: `last_verified`: write a date as `YYYY-MM-DD` or a month as `YYYY-MM`",
        "unknown-document: `sources[0].document`: unknown source document ``",
        "unknown-kind: `kind`: unknown kind of organisation ``",
        "unknown-value: `returnees.eligibility`: `` is not allowed",
    ];
    want.sort();
    assert_eq!(got, want);

    // Filled in, it validates; and an uncommented optional field works where it stands.
    let filled = fr
        .replacen("name = \"\"", "name = \"Centre exemple\"", 1)
        .replacen("kind = \"\"", "kind = \"ngo\"", 1)
        .replacen(
            "summary = \"\"",
            "summary = \"Un centre fictif pour les tests.\"",
            1,
        )
        .replacen("regions = []", "regions = [\"kayes\"]", 1)
        .replacen("sectors = []", "sectors = [\"metalwork\"]", 1)
        .replacen("services = []", "services = [\"vocational-training\"]", 1)
        .replacen("last_verified = \"\"", "last_verified = 2026-11-01", 1)
        .replacen("eligibility = \"\"", "eligibility = \"open\"", 1)
        .replacen("document = \"\"", "document = \"altai-2023-annexes\"", 1)
        .replacen("locator = \"\"", "locator = \"Fiche partenaire 1\"", 1)
        .replacen("# acronym = \"\"", "acronym = \"CE\"", 1);
    std::fs::write(dir.join("centre-exemple.md"), filled).expect("write");
    let en = en.replacen("# name = \"\"", "name = \"Example centre\"", 1);
    std::fs::write(dir.join("centre-exemple.en.md"), en).expect("write");
    assert_eq!(errors(site.path()), vec![]);
    let built = tempfile::tempdir().expect("temp");
    let (code, _, stderr) = sira(
        site.path(),
        &[
            "build",
            "--output",
            &built.path().join("out").to_string_lossy(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let page = std::fs::read_to_string(built.path().join("out/en/formation/centre-exemple.html"))
        .expect("page");
    assert!(page.contains("Example centre"));
    // The editors' page lists fiches from the oldest verification: the new one comes last.
    let page =
        std::fs::read_to_string(built.path().join("out/en/verification.html")).expect("page");
    let last = page.rfind("<section id=\"v-").expect("groups");
    assert!(
        page[last..].starts_with("<section id=\"v-2026-11\""),
        "{}",
        &page[last..last + 40]
    );
    assert!(page[last..].contains("Example centre"));
    assert!(!page[..last].contains("Example centre"));
}

#[test]
fn sira_new_refuses_bad_names_unknown_sections_and_taken_slugs() {
    let site = fixture("valid");
    let (code, _, err) = sira(site.path(), &["new", "formation", "Centre Exemple"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`Centre Exemple` is not a valid name") && err.contains("`centre-exemple`"),
        "{err}"
    );
    let (code, _, err) = sira(site.path(), &["new", "formaton", "centre-exemple"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no section `formaton`") && err.contains("did you mean `formation`?"),
        "{err}"
    );
    let taken = walkdir::WalkDir::new(site.path().join("content/formation"))
        .into_iter()
        .filter_map(Result::ok)
        .find_map(|e| {
            e.file_name()
                .to_string_lossy()
                .strip_suffix(".md")
                .map(str::to_string)
        })
        .expect("a fiche");
    let slug = taken.split('.').next().expect("slug").to_string();
    let before = common::tree(site.path());
    let (code, _, err) = sira(site.path(), &["new", "formation", &slug]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(common::tree(site.path()), before, "nothing written");
}

fn committed(name: &str) -> Value {
    let path = repo().join("docs/schema").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn generated(translation: bool) -> Value {
    let site = sira::validate::run(&repo(), options())
        .expect("checks")
        .site
        .expect("site");
    sira::schema_json::fiche_schema(&site.vocab, &site.config.languages, translation)
}

#[test]
fn the_committed_json_schemas_are_current() {
    for (name, translation) in [
        ("fiche.schema.json", false),
        ("fiche-translation.schema.json", true),
    ] {
        let fresh = generated(translation);
        if std::env::var_os("SIRA_BLESS").is_some() {
            let dir = repo().join("docs/schema");
            std::fs::create_dir_all(&dir).expect("mkdir");
            std::fs::write(dir.join(name), format!("{fresh:#}\n")).expect("write");
        }
        assert!(
            committed(name) == fresh,
            "docs/schema/{name} is stale: run `SIRA_BLESS=1 cargo test --test editors` (or `sira schema{}`) and commit it",
            if translation { " --translation" } else { "" }
        );
    }
}

/// TOML front matter as JSON tools see it (dates as strings).
fn to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

fn front_matter(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read");
    let rest = text.strip_prefix("+++\n").expect("front matter");
    let end = rest.find("\n+++").expect("closing fence");
    to_json(&toml::from_str::<toml::Value>(&rest[..end]).expect("TOML"))
}

#[test]
fn the_schemas_accept_every_shipped_fiche_and_reject_mistakes() {
    let fiche = jsonschema::draft4::new(&generated(false)).expect("valid Draft 4 schema");
    let translation = jsonschema::draft4::new(&generated(true)).expect("valid Draft 4 schema");
    let mut seen = (0, 0);
    for entry in walkdir::WalkDir::new(repo().join("content")).sort_by_file_name() {
        let entry = entry.expect("readable");
        let rel = entry
            .path()
            .strip_prefix(repo())
            .expect("inside")
            .to_string_lossy()
            .into_owned();
        if !rel.ends_with(".md") || rel.contains("/pages/") || rel.contains("/_") {
            continue;
        }
        let value = front_matter(entry.path());
        let is_translation = entry.file_name().to_string_lossy().matches('.').count() > 1;
        let validator = if is_translation { &translation } else { &fiche };
        let problems: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(problems.is_empty(), "{rel}: {problems:?}");
        if is_translation {
            seen.1 += 1
        } else {
            seen.0 += 1
        }
    }
    assert!(
        seen.0 >= 59 && seen.1 >= 59,
        "{seen:?} fiches and translations checked"
    );

    let mut bad = front_matter(&repo().join("content/formation/cfp-missabougou.md"));
    bad["kind"] = Value::from("ngoo");
    bad["regions"] = serde_json::json!(["kayes", "atlantis"]);
    bad.as_object_mut().expect("table").remove("name");
    bad["colour"] = Value::from("blue");
    let errors: Vec<String> = fiche
        .iter_errors(&bad)
        .map(|e| e.instance_path().to_string())
        .collect();
    for path in ["/kind", "/regions/1", ""] {
        assert!(
            errors.iter().any(|e| e == path),
            "{path} not reported in {errors:?}"
        );
    }
    assert!(errors.len() >= 4, "{errors:?}");
    // Translations cannot set language-neutral facts.
    let en = serde_json::json!({"name": "Centre", "kind": "ngo"});
    assert!(!translation.is_valid(&en));
}

/// The `run` commands of a workflow's jobs, with the workflow parsed as YAML.
fn workflow(name: &str) -> (yaml_rust2::Yaml, Vec<String>) {
    let path = repo().join(".github/workflows").join(name);
    let text = std::fs::read_to_string(&path).expect("workflow");
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("valid YAML");
    let doc = docs.into_iter().next().expect("one document");
    let mut runs = Vec::new();
    if let Some(jobs) = doc["jobs"].as_hash() {
        for job in jobs.values() {
            for step in job["steps"].as_vec().expect("steps") {
                if let Some(r) = step["run"].as_str() {
                    runs.push(r.to_string());
                }
            }
        }
    }
    (doc, runs)
}

fn uses(doc: &yaml_rust2::Yaml) -> Vec<String> {
    doc["jobs"]
        .as_hash()
        .expect("jobs")
        .values()
        .flat_map(|j| j["steps"].as_vec().cloned().unwrap_or_default())
        .filter_map(|s| s["uses"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn workflows_are_valid_yaml_and_run_the_readme_commands() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README");
    // Every `cargo run --release [--locked] -- <command>` of a workflow is one the README gives.
    let check_readme = |runs: &[String]| {
        for r in runs {
            if let Some(at) = r.find("cargo run --release") {
                let sub = r[at..]
                    .split(" -- ")
                    .nth(1)
                    .and_then(|s| s.split_whitespace().next())
                    .expect("subcommand");
                assert!(
                    readme.contains(&format!("cargo run --release -- {sub}")),
                    "README lacks `{sub}`"
                );
            }
        }
    };

    let (doc, runs) = workflow("check.yml");
    assert!(
        !doc["on"]["pull_request"].is_badvalue(),
        "runs on pull requests"
    );
    assert!(
        runs.iter().any(|r| r.contains("-- check --format github")),
        "{runs:?}"
    );
    assert!(runs.iter().any(|r| r.contains("-- build")), "{runs:?}");
    check_readme(&runs);

    let (doc, runs) = workflow("pages.yml");
    assert_eq!(doc["on"]["push"]["branches"][0].as_str(), Some("main"));
    assert!(
        runs.iter().any(|r| r.contains("-- build --output public")),
        "{runs:?}"
    );
    let steps = uses(&doc);
    assert!(steps
        .iter()
        .any(|u| u.starts_with("actions/upload-pages-artifact")));
    assert!(steps.iter().any(|u| u.starts_with("actions/deploy-pages")));
    assert_eq!(doc["permissions"]["pages"].as_str(), Some("write"));
    check_readme(&runs);

    let (_, runs) = workflow("tests.yml");
    assert_eq!(runs, ["./.ci/test"]);
    assert!(
        readme.contains("| `./.ci/test` |"),
        "the README's test command"
    );
}

#[test]
fn a_number_written_with_spaces_gets_a_hint_about_numbers() {
    let site = fixture("valid");
    let fiche = site.path().join("content/formation/centre-test.md");
    let text = std::fs::read_to_string(&fiche).expect("read");
    let text = text.replacen("founded = 2006", "founded = 2 006", 1);
    std::fs::write(&fiche, text).expect("write");
    let outcome = sira::validate::run(site.path(), options()).expect("checks");
    let d = outcome
        .diagnostics
        .iter()
        .find(|d| d.code == "invalid-toml")
        .expect("a TOML error");
    let hint = d.hint.as_deref().unwrap_or("");
    assert!(hint.contains("without spaces"), "{hint}");
    assert!(!hint.contains("double quotes"), "{hint}");
}

#[test]
fn the_tests_epoch_is_their_today() {
    let secs: i64 = common::EPOCH.parse().expect("seconds");
    assert_eq!(
        sira::values::Date::from_days_since_epoch(secs / 86_400),
        options().today
    );
}
