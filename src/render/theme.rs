//! Themes: tera templates, UI strings and static assets from `themes/<name>/`, with a site's
//! own `templates/` overriding any template. The default theme `sira` is also built into the
//! binary, so any site folder can be built without copying it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::Tera;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, FileId, Sources};
use crate::i18n::Strings;

/// Templates every theme must provide.
/// `card.html` renders one fiche in listings; it is rendered once per fiche and language.
pub const REQUIRED: [&str; 8] = [
    "root.html",
    "home.html",
    "fiche.html",
    "card.html",
    "list.html",
    "terms.html",
    "page.html",
    "404.html",
];

/// The built-in `sira` theme (the files of `themes/sira/`).
const BUILTIN: [(&str, &str); 27] = [
    (
        "templates/base.html",
        include_str!("../../themes/sira/templates/base.html"),
    ),
    (
        "templates/macros.html",
        include_str!("../../themes/sira/templates/macros.html"),
    ),
    (
        "templates/root.html",
        include_str!("../../themes/sira/templates/root.html"),
    ),
    (
        "templates/home.html",
        include_str!("../../themes/sira/templates/home.html"),
    ),
    (
        "templates/fiche.html",
        include_str!("../../themes/sira/templates/fiche.html"),
    ),
    (
        "templates/card.html",
        include_str!("../../themes/sira/templates/card.html"),
    ),
    (
        "templates/booklet-entry.html",
        include_str!("../../themes/sira/templates/booklet-entry.html"),
    ),
    (
        "templates/list.html",
        include_str!("../../themes/sira/templates/list.html"),
    ),
    (
        "templates/terms.html",
        include_str!("../../themes/sira/templates/terms.html"),
    ),
    (
        "templates/page.html",
        include_str!("../../themes/sira/templates/page.html"),
    ),
    (
        "templates/404.html",
        include_str!("../../themes/sira/templates/404.html"),
    ),
    (
        "i18n/fr.toml",
        include_str!("../../themes/sira/i18n/fr.toml"),
    ),
    (
        "i18n/en.toml",
        include_str!("../../themes/sira/i18n/en.toml"),
    ),
    (
        "static/style.css",
        include_str!("../../themes/sira/static/style.css"),
    ),
    (
        "templates/search.html",
        include_str!("../../themes/sira/templates/search.html"),
    ),
    (
        "templates/offline.html",
        include_str!("../../themes/sira/templates/offline.html"),
    ),
    (
        "static/icon.svg",
        include_str!("../../themes/sira/static/icon.svg"),
    ),
    (
        "static/lang.js",
        include_str!("../../themes/sira/static/lang.js"),
    ),
    (
        "static/register.js",
        include_str!("../../themes/sira/static/register.js"),
    ),
    (
        "static/notfound.js",
        include_str!("../../themes/sira/static/notfound.js"),
    ),
    (
        "static/list.js",
        include_str!("../../themes/sira/static/list.js"),
    ),
    (
        "static/filter.js",
        include_str!("../../themes/sira/static/filter.js"),
    ),
    (
        "templates/programmes.html",
        include_str!("../../themes/sira/templates/programmes.html"),
    ),
    (
        "templates/referral.html",
        include_str!("../../themes/sira/templates/referral.html"),
    ),
    (
        "templates/counsellors.html",
        include_str!("../../themes/sira/templates/counsellors.html"),
    ),
    (
        "templates/booklet.html",
        include_str!("../../themes/sira/templates/booklet.html"),
    ),
    (
        "static/counsellors.css",
        include_str!("../../themes/sira/static/counsellors.css"),
    ),
];

/// A loaded theme.
pub struct Theme {
    /// Compiled templates.
    pub tera: Tera,
    /// Template name → registered file (for diagnostics).
    pub template_files: BTreeMap<String, FileId>,
    /// Template file → its text (to locate errors found while rendering).
    pub template_texts: BTreeMap<FileId, Arc<str>>,
    /// UI strings per language.
    pub strings: BTreeMap<String, Strings>,
    /// Static files: output path under `assets/` (content-hashed name) → bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Original static name (`style.css`) → hashed output path (`assets/style.1a2b3c4d.css`).
    pub asset_paths: BTreeMap<String, String>,
}

/// The templates a template's text names in `extends`, `include` and `import` tags.
pub fn references(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{%") {
        let tag = &rest[start + 2..];
        let end = tag.find("%}").unwrap_or(tag.len());
        let inner = tag[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let word = inner.split_whitespace().next().unwrap_or("");
        if matches!(word, "extends" | "include" | "import") {
            let args = &inner[word.len()..];
            if let Some(q) = args.find(['"', '\'']) {
                let quote = args[q..].chars().next().unwrap_or('"');
                if let Some(len) = args[q + 1..].find(quote) {
                    out.push(args[q + 1..q + 1 + len].to_string());
                }
            }
        }
        rest = &tag[end..];
    }
    out
}

/// Escapes text for HTML content and double- or single-quoted attribute values. Unlike tera's
/// default it leaves `/` alone, which keeps URLs readable and pages smaller.
pub fn escape_html(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len() + input.len() / 16);
    let mut last = 0;
    for (i, b) in bytes.iter().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&input[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&input[last..]);
    out
}

struct RawFile {
    /// Path relative to the theme root (`templates/fiche.html`).
    rel: String,
    /// Display name for diagnostics.
    display: String,
    bytes: Vec<u8>,
}

fn read_theme_dir(
    root: &Path,
    dir: &Path,
    display_root: &str,
    diags: &mut Vec<Diagnostic>,
    sources: &mut Sources,
) -> Vec<RawFile> {
    let mut out = Vec::new();
    let problem = |sources: &mut Sources, name: String, p: crate::site_fs::Problem| {
        let id = sources.add(name, Arc::from(""));
        Diagnostic::error(p.code, id, 0..0, p.message).hint(p.hint)
    };
    let real_root = match root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            let id = sources.add(display_root.to_string(), Arc::from(""));
            diags.push(Diagnostic::error(
                "unreadable-file",
                id,
                0..0,
                format!("cannot read the site folder: {e}"),
            ));
            return out;
        }
    };
    // Links are followed only inside the site: a theme cannot publish /etc/passwd.
    for entry in crate::site_fs::walk(&real_root, dir, &|_| false) {
        match entry {
            crate::site_fs::Entry::File { path, real, .. } => {
                let rel = crate::site_fs::display_name(dir, &path);
                let display = format!("{display_root}/{rel}");
                match crate::site_fs::read_bytes(&real, crate::site_fs::MAX_ASSET_BYTES) {
                    Ok(bytes) => out.push(RawFile {
                        display,
                        rel,
                        bytes,
                    }),
                    Err(p) => diags.push(problem(sources, display, p)),
                }
            }
            crate::site_fs::Entry::Problem { path, problem: p } => {
                let rel = crate::site_fs::display_name(dir, &path);
                let name = if rel.is_empty() || path == dir {
                    display_root.to_string()
                } else {
                    format!("{display_root}/{rel}")
                };
                diags.push(problem(sources, name, p));
            }
            crate::site_fs::Entry::Dir { .. } => {}
        }
    }
    out
}

/// The tera filter `count`: `{{ t.key | count(n=12, lang=lang) }}` picks the singular or plural
/// form of a UI string (`key = { one = "…", other = "…" }`) by the language's plural rule and
/// puts the number, grouped, for `{count}`.
struct CountFilter(BTreeMap<String, Strings>);

impl tera::Filter for CountFilter {
    fn filter(
        &self,
        value: &tera::Value,
        args: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let n = match args.get("n") {
            Some(tera::Value::Number(n)) => n.as_i64(),
            Some(tera::Value::String(s)) => s.parse().ok(),
            _ => None,
        }
        .ok_or_else(|| tera::Error::msg("`count` needs a number `n`"))?;
        let lang = args.get("lang").and_then(tera::Value::as_str).unwrap_or("");
        let strings = self.0.get(lang).ok_or_else(|| {
            tera::Error::msg(format!("`count`: no strings for language `{lang}`"))
        })?;
        let as_toml: toml::Value = serde_json::from_value::<toml::Value>(value.clone())
            .map_err(|e| tera::Error::msg(format!("`count`: {e}")))?;
        Ok(tera::Value::String(strings.count(&as_toml, n)))
    }
}

/// Finds `--> line:col` in a tera/pest error message.
fn pest_position(message: &str) -> Option<(usize, usize)> {
    let at = message.find("--> ")? + 4;
    let rest = &message[at..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let (l, c) = rest[..end].split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

/// Byte offset of a 1-based line and column in `text`.
pub fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    text[start..]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i)
}

/// The full message of a tera error with its causes.
pub fn error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// Loads the theme named in the configuration, with the site's template overrides.
pub fn load(
    root: &Path,
    config: &Config,
    config_file: FileId,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Option<Theme> {
    let theme_dir = root.join("themes").join(&config.theme);
    let display_root = format!("themes/{}", config.theme);
    let mut files: Vec<RawFile> = if theme_dir.is_dir() {
        read_theme_dir(root, &theme_dir, &display_root, diags, sources)
    } else if config.theme == "sira" {
        BUILTIN
            .iter()
            .map(|(rel, text)| RawFile {
                rel: (*rel).to_string(),
                display: format!("{display_root}/{rel} (built in)"),
                bytes: text.as_bytes().to_vec(),
            })
            .collect()
    } else {
        diags.push(
            Diagnostic::error("missing-theme", config_file, 0..0, format!("the theme `{}` does not exist", config.theme))
                .expected(format!("a folder {}", PathBuf::from("themes").join(&config.theme).display()))
                .hint("create the theme folder, or remove `theme` from sira.toml to use the built-in theme `sira`"),
        );
        return None;
    };
    // Site overrides: templates/<name>.html at the site root replaces the theme's.
    let overrides = root.join("templates");
    if overrides.is_dir() {
        for f in read_theme_dir(root, &overrides, "templates", diags, sources) {
            let rel = format!("templates/{}", f.rel);
            files.retain(|x| x.rel != rel);
            files.push(RawFile {
                rel,
                display: f.display,
                bytes: f.bytes,
            });
        }
    }

    let mut template_files = BTreeMap::new();
    let mut raw_templates = Vec::new();
    let mut strings = BTreeMap::new();
    let mut broken_strings = std::collections::BTreeSet::new();
    let mut assets = BTreeMap::new();
    let mut asset_paths = BTreeMap::new();
    let mut ok = true;
    for f in files {
        if let Some(name) = f.rel.strip_prefix("templates/") {
            match String::from_utf8(f.bytes) {
                Ok(text) => {
                    let id = sources.add(f.display.clone(), Arc::from(text.as_str()));
                    template_files.insert(name.to_string(), id);
                    raw_templates.push((name.to_string(), text));
                }
                Err(_) => {
                    let id = sources.add(f.display, Arc::from(""));
                    diags.push(Diagnostic::error(
                        "invalid-utf8",
                        id,
                        0..0,
                        "the template is not valid UTF-8",
                    ));
                    ok = false;
                }
            }
        } else if let Some(name) = f.rel.strip_prefix("i18n/") {
            let Some(lang) = name.strip_suffix(".toml") else {
                continue;
            };
            let Ok(text) = String::from_utf8(f.bytes) else {
                let id = sources.add(f.display, Arc::from(""));
                diags.push(
                    Diagnostic::error(
                        "invalid-utf8",
                        id,
                        0..0,
                        "the UI strings file is not valid UTF-8",
                    )
                    .hint("save the file as UTF-8"),
                );
                // Reported here, so not also as missing below.
                broken_strings.insert(lang.to_string());
                ok = false;
                continue;
            };
            let id = sources.add(f.display, Arc::from(text.as_str()));
            match toml::from_str::<Strings>(&text) {
                Ok(s) => {
                    strings.insert(lang.to_string(), (s, id));
                }
                Err(e) => {
                    diags.push(
                        crate::diagnostics::toml_error(&e, id, 0, &text)
                            .hint("UI strings: key = \"text\"; see themes/sira/i18n/fr.toml"),
                    );
                    broken_strings.insert(lang.to_string());
                    ok = false;
                }
            }
        } else if let Some(name) = f.rel.strip_prefix("static/") {
            let hashed = match name.rsplit_once('.') {
                Some((stem, ext)) => {
                    format!(
                        "assets/{stem}.{:08x}.{ext}",
                        sira_search_index::export::hash(&f.bytes) as u32
                    )
                }
                None => format!("assets/{name}"),
            };
            asset_paths.insert(name.to_string(), hashed.clone());
            assets.insert(hashed, f.bytes);
        }
    }
    for name in REQUIRED {
        if !template_files.contains_key(name) {
            let id = sources.add(format!("{display_root}/templates/{name}"), Arc::from(""));
            diags.push(
                Diagnostic::error(
                    "missing-template",
                    id,
                    0..0,
                    format!("the theme `{}` has no template `{name}`", config.theme),
                )
                .hint(format!(
                    "add {display_root}/templates/{name} or templates/{name} at the site root"
                )),
            );
            ok = false;
        }
    }
    // UI strings for every language, with the same keys as the default language's.
    let default_keys = strings.get(&config.default_language).map(|(s, _)| s.keys());
    for lang in &config.languages {
        match strings.get(lang) {
            None if broken_strings.contains(lang) => {}
            None => {
                diags.push(
                    Diagnostic::error("missing-strings", config_file, 0..0, format!("the theme `{}` has no UI strings for `{lang}`", config.theme))
                        .hint(format!("add {display_root}/i18n/{lang}.toml, translated from the default language's file")),
                );
                ok = false;
            }
            Some((s, id)) => {
                if let Some(keys) = &default_keys {
                    let mine = s.keys();
                    for k in keys.iter().filter(|k| !mine.contains(k)) {
                        diags.push(
                            Diagnostic::error(
                                "missing-string",
                                *id,
                                0..0,
                                format!("no `{k}` string for `{lang}`"),
                            )
                            .hint(format!(
                                "add `{k} = \"…\"`, as in the default language's file"
                            )),
                        );
                        ok = false;
                    }
                }
            }
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.register_filter(
        "count",
        CountFilter(
            strings
                .iter()
                .map(|(l, (s, _))| (l.clone(), s.clone()))
                .collect(),
        ),
    );
    if let Err(e) =
        tera.add_raw_templates(raw_templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        diags.push(template_diagnostic(&e, &template_files, |id| {
            sources.text(id).clone()
        }));
        return None;
    }
    if !ok {
        return None;
    }
    let template_texts = template_files
        .values()
        .map(|&id| (id, sources.text(id).clone()))
        .collect();
    Some(Theme {
        tera,
        template_files,
        template_texts,
        strings: strings.into_iter().map(|(k, (s, _))| (k, s)).collect(),
        assets,
        asset_paths,
    })
}

/// Turns a tera error into a diagnostic pointing into the template (line and column when tera
/// gives them, else the first line mentioning the missing variable, else line 1).
pub fn template_diagnostic(
    e: &tera::Error,
    files: &BTreeMap<String, FileId>,
    text_of: impl Fn(FileId) -> Arc<str>,
) -> Diagnostic {
    let message = error_chain(e);
    // Which template: the first quoted name that is one of ours.
    let file = files
        .iter()
        .filter(|(name, _)| message.contains(&format!("'{name}'")))
        .min_by_key(|(name, _)| message.find(&format!("'{name}'")).unwrap_or(usize::MAX))
        .map(|(_, id)| *id);
    let Some(file) = file else {
        let id = files.values().next().copied().unwrap_or(0);
        return Diagnostic::error(
            "template-error",
            id,
            0..0,
            format!("template error: {message}"),
        );
    };
    let text = text_of(file);
    let span = if let Some((line, col)) = pest_position(&message) {
        let o = offset_of(&text, line, col);
        o..o
    } else if let Some(var) = message.split('`').nth(1).filter(|v| !v.is_empty()) {
        text.find(var).map_or(0..0, |o| o..o + var.len())
    } else {
        0..0
    };
    let short = message.lines().next().unwrap_or_default().to_string();
    let detail = message
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('|'))
        .collect::<Vec<_>>()
        .join(" ");
    Diagnostic::error(
        "template-error",
        file,
        span,
        format!("template error: {short}"),
    )
    .maybe_hint((!detail.is_empty()).then_some(detail))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in copy is the files of `themes/sira/`, all of them and unchanged: adding a
    /// theme file without listing it in `BUILTIN` fails here.
    #[test]
    fn the_built_in_theme_is_themes_sira() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/sira");
        let mut on_disk: Vec<(String, String)> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = crate::site_fs::display_name(&dir, e.path());
                (rel, std::fs::read_to_string(e.path()).expect("text"))
            })
            .collect();
        on_disk.sort();
        let mut built: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(rel, text)| ((*rel).to_string(), (*text).to_string()))
            .collect();
        built.sort();
        let names = |v: &[(String, String)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&built), names(&on_disk), "BUILTIN lists every file");
        assert!(built == on_disk, "BUILTIN holds the files' current text");
    }

    #[test]
    fn finds_the_templates_a_template_uses() {
        let text = r#"{% extends "base.html" %}{% import 'macros.html' as m %}
{%- include "card.html" -%} {% block x %}{{ "include" }}{% endblock %}{% if a %}{% endif %}"#;
        assert_eq!(references(text), ["base.html", "macros.html", "card.html"]);
        assert!(references("no tags {{ x }}").is_empty());
        assert!(references("{% include").is_empty(), "an unclosed tag");
    }

    #[test]
    fn finds_positions() {
        assert_eq!(
            pest_position("Failed to parse 'a.html'\n --> 3:12\n  |"),
            Some((3, 12))
        );
        assert_eq!(offset_of("ab\ncdé\nx", 2, 3), 5);
        assert_eq!(offset_of("ab\ncd", 9, 1), 5);
    }
}
