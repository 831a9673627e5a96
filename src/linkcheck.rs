//! Checks a built site: every internal link and anchor in every HTML page resolves to a file
//! (and an `id`) inside the output folder.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Sources};

/// Values of `attr="…"` in an HTML text, with their byte offsets.
fn attributes<'a>(html: &'a str, attr: &'a str) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    let needle = format!(" {attr}=\"");
    let mut pos = 0;
    std::iter::from_fn(move || {
        let i = html[pos..].find(&needle)? + pos + needle.len();
        let end = html[i..].find('"').map_or(html.len(), |e| i + e);
        pos = end;
        Some((i, &html[i..end]))
    })
}

/// Decodes the few entities tera's escaping produces in URLs.
fn unescape(s: &str) -> String {
    s.replace("&#x2F;", "/")
        .replace("&amp;", "&")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
}

fn is_external(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("//")
        || lower
            .find(':')
            .is_some_and(|i| !lower[..i].contains(['/', '?', '#']))
}

/// Normalises `a/b/../c` into `a/c`; `None` when the path climbs out of the root.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

/// Checks every HTML file under `out`; problems are reported against the HTML file, whose text
/// is registered in `sources` under `display_prefix/<path>`.
pub fn check(out: &Path, display_prefix: &str, sources: &mut Sources) -> Vec<Diagnostic> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(out).ok().map(Path::to_path_buf))
        .collect();
    files.sort();
    let all: HashSet<PathBuf> = files.iter().cloned().collect();
    let html: Vec<&PathBuf> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
        .collect();
    let texts: Vec<String> = crate::par::map(&html, |f| {
        std::fs::read_to_string(out.join(f)).unwrap_or_default()
    });
    let ids: HashMap<&PathBuf, HashSet<&str>> = html
        .iter()
        .zip(&texts)
        .map(|(f, t)| (*f, attributes(t, "id").map(|(_, v)| v).collect()))
        .collect();
    let mut diags = Vec::new();
    for (f, text) in html.iter().zip(&texts) {
        // The 404 page is served at any path: its links are written for the site root.
        let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut problems: Vec<(usize, usize, String)> = Vec::new();
        for attr in ["href", "src"] {
            for (at, raw) in attributes(text, attr) {
                let url = unescape(raw);
                if url.is_empty() || is_external(&url) {
                    continue;
                }
                let (path_part, fragment) = match url.split_once('#') {
                    Some((p, frag)) => (p, Some(frag)),
                    None => (url.as_str(), None),
                };
                let path_part = path_part.split('?').next().unwrap_or_default();
                let target = if path_part.is_empty() {
                    Some((*f).clone())
                } else {
                    normalise(&dir.join(path_part))
                };
                let problem = match &target {
                    None => Some(format!("`{url}` points outside the site")),
                    Some(t) if t.as_os_str().is_empty() || path_part.ends_with('/') => {
                        Some(format!("`{url}` points to a folder: links must name a file (…/index.html) to work from file://"))
                    }
                    Some(t) if !all.contains(t) => Some(format!("`{url}` points to {}, which does not exist", t.display())),
                    Some(t) => match fragment.filter(|fr| !fr.is_empty()) {
                        Some(fr) if ids.get(t).is_some_and(|set| !set.contains(fr)) => {
                            Some(format!("`{url}`: {} has no element with id `{fr}`", t.display()))
                        }
                        _ => None,
                    },
                };
                if let Some(p) = problem {
                    problems.push((at, at + raw.len(), p));
                }
            }
        }
        if !problems.is_empty() {
            let name = format!("{display_prefix}/{}", f.display());
            let id = sources.add(name, Arc::from(text.as_str()));
            for (a, b, msg) in problems {
                diags.push(
                    Diagnostic::error("broken-link", id, a..b, msg)
                        .hint("a template or a fiche's text links to a page or anchor that the build did not produce"),
                );
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_broken_links_and_anchors() {
        let tmp = tempfile::tempdir().expect("temp");
        let out = tmp.path();
        std::fs::create_dir_all(out.join("fr")).expect("mkdir");
        std::fs::write(
            out.join("fr/index.html"),
            "<a href=\"a.html#x\">ok</a> <a href=\"a.html#y\">no anchor</a> <a href=\"b.html\">missing</a> \
             <a href=\"../../up.html\">outside</a> <a href=\"https://x.ml/\">ext</a> <a href=\"tel:+22370000000\">t</a> \
             <a href=\"#top\">self</a> <a href=\"./\">dir</a><h1 id=\"top\">t</h1>",
        )
        .expect("write");
        std::fs::write(out.join("fr/a.html"), "<p id=\"x\">x</p>").expect("write");
        let mut sources = Sources::default();
        let d = check(out, "public", &mut sources);
        let msgs: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(msgs[0].contains("no element with id `y`"));
        assert!(msgs[1].contains("does not exist"));
        assert!(msgs[2].contains("outside the site"));
        assert!(msgs[3].contains("folder"));
    }
}
