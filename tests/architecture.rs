//! The shape of the code: modules form layers (no two modules use each other, directly or
//! through others), and no source file grows past a size a newcomer can read.
//!
//! The module graph is read from the sources: a module `a` (a file or folder under `src/`) uses
//! module `b` when its text names `crate::b` or `super::b` reaching another top-level module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod common;

/// Top-level module of a source path (`src/render/view.rs` → `render`).
fn module_of(rel: &str) -> Option<String> {
    let rest = rel.strip_prefix("src/")?;
    let first = rest.split('/').next()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    match name {
        "lib" | "main" | "bin" => None,
        _ => Some(name.to_string()),
    }
}

/// Every `.rs` file under `dir`, relative to the repository, with its text.
fn sources(dir: &Path) -> Vec<(String, String)> {
    let repo = common::repo();
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&repo)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).expect("read"))
        })
        .collect()
}

/// Text outside `#[cfg(test)] mod tests { … }` (tests may use anything).
fn non_test(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests")
        .map_or(text, |i| &text[..i])
}

/// module → the modules it uses.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let files = sources(&common::repo().join("src"));
    let modules: BTreeSet<String> = files.iter().filter_map(|(r, _)| module_of(r)).collect();
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, text) in &files {
        let Some(from) = module_of(rel) else {
            continue;
        };
        let uses = g.entry(from.clone()).or_default();
        let text = non_test(text);
        for (at, _) in text.match_indices("crate::") {
            let name: String = text[at + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if modules.contains(&name) && name != from {
                uses.insert(name);
            }
        }
        // `use crate::{a, b::c}` groups.
        for (at, _) in text.match_indices("crate::{") {
            let end = text[at..].find('}').map_or(text.len(), |e| at + e);
            for part in text[at + 8..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if modules.contains(&name) && name != from {
                    uses.insert(name);
                }
            }
        }
    }
    g
}

/// A cycle through `start`, if there is one.
fn cycle(g: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    fn visit(
        g: &BTreeMap<String, BTreeSet<String>>,
        node: &str,
        start: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in g.get(node).into_iter().flatten() {
            if next == start {
                path.push(next.clone());
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if visit(g, next, start, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_string()];
    let mut seen = BTreeSet::new();
    visit(g, start, start, &mut path, &mut seen).then_some(path)
}

#[test]
fn modules_form_layers_without_cycles() {
    let g = graph();
    let cycles: Vec<String> = g
        .keys()
        .filter_map(|m| cycle(&g, m))
        .map(|c| c.join(" → "))
        .collect();
    assert!(
        cycles.is_empty(),
        "module cycles (move the shared helper down a layer):\n{}",
        cycles.join("\n")
    );
}

#[test]
fn no_source_file_is_too_long_to_read() {
    const MAX_LINES: usize = 750;
    let mut long: Vec<String> = ["src", "search-index/src", "tests", "benches"]
        .iter()
        .flat_map(|d| sources(&common::repo().join(d)))
        .map(|(rel, text)| (rel, non_test(&text).lines().count()))
        .filter(|(_, n)| *n > MAX_LINES)
        .map(|(rel, n)| format!("{rel}: {n} lines"))
        .collect();
    long.sort();
    assert!(
        long.is_empty(),
        "split these by job (at most {MAX_LINES} lines besides unit tests):\n{}",
        long.join("\n")
    );
}

/// The layers, bottom first: a module may use only modules of lower layers, so the arrows point
/// down the pipeline (load → validate → index → render → publish) and helpers live below
/// every stage that needs them.
const LAYERS: &[&[&str]] = &[
    // Foundations: diagnostics, value types and text rules, file access, parallel maps.
    &["diagnostics", "values", "markdown", "par", "trace"],
    &["names", "site_fs", "i18n", "vocab", "licence", "corpus"],
    &["schema"],
    &["config"],
    &["model"],
    // The pipeline's stages.
    &["load"],
    &["validate"],
    &["index"],
    &["render", "offline", "opendata", "linkcheck", "schema_json"],
    &["publish"],
    // Drivers: the commands.
    &["build", "search", "scaffold"],
    &["check", "rebuild"],
    &["serve"],
];

#[test]
fn modules_use_only_lower_layers() {
    let layer = |m: &str| LAYERS.iter().position(|l| l.contains(&m));
    let mut wrong = Vec::new();
    for (m, uses) in graph() {
        let Some(at) = layer(&m) else {
            wrong.push(format!("{m} is in no layer: add it to LAYERS"));
            continue;
        };
        for u in uses {
            if layer(&u).is_none_or(|l| l >= at) {
                wrong.push(format!("{m} (layer {at}) uses {u} (layer {:?})", layer(&u)));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
