//! Stage 1, **load**: find every file under `content/`, read it safely (size limit, UTF-8,
//! byte-order mark, CRLF), and split front matter from body. Nothing here interprets fields.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, FileId, Sources};
use crate::names;
use crate::site_fs::display_name;
use crate::values::{is_slug, slugify};

/// Largest file Sira reads (1 MiB).
pub const MAX_FILE_BYTES: u64 = crate::site_fs::MAX_TEXT_BYTES;

/// Folder of the free pages inside `content/`.
pub const PAGES_DIR: &str = "pages";
/// Folder of the vocabularies inside `content/`.
pub const VOCAB_DIR: &str = "_vocab";

/// What a content file is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocKind {
    /// A fiche in `content/<section>/`.
    Fiche {
        /// The section folder.
        section: String,
    },
    /// A free page in `content/pages/`.
    Page,
}

/// A content file, read and split.
#[derive(Clone, Debug)]
pub struct Document {
    /// Registered file.
    pub file: FileId,
    /// Fiche or page.
    pub kind: DocKind,
    /// Slug from the file name.
    pub slug: String,
    /// Language of the file.
    pub lang: String,
    /// Is it the default-language file?
    pub is_default: bool,
    /// Byte range of the TOML between the fences.
    pub front: Range<usize>,
    /// Byte range of the Markdown body.
    pub body: Range<usize>,
}

/// Everything the load stage found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Content files, sorted by path.
    pub documents: Vec<Document>,
}

/// Why a file could not be read as text.
#[derive(Debug)]
pub struct ReadError {
    code: &'static str,
    message: String,
    hint: &'static str,
    /// For invalid UTF-8: the text with replacement characters and the offset of the first bad byte.
    lossy: Option<(String, usize)>,
}

impl From<crate::site_fs::Problem> for ReadError {
    fn from(p: crate::site_fs::Problem) -> Self {
        ReadError {
            code: p.code,
            message: p.message,
            hint: p.hint,
            lossy: None,
        }
    }
}

/// Reads a file of the site at `root` as UTF-8 text: only a regular file inside the site (a
/// link must lead inside it), of at most [`MAX_FILE_BYTES`].
pub fn read_text(root: &Path, path: &Path) -> Result<String, ReadError> {
    let real_root = root
        .canonicalize()
        .map_err(|e| ReadError::from(unreadable_root(&e)))?;
    let real = crate::site_fs::inside(&real_root, path)?;
    read_real_text(&real)
}

fn unreadable_root(e: &std::io::Error) -> crate::site_fs::Problem {
    crate::site_fs::Problem {
        code: "unreadable-file",
        message: format!("cannot read the site folder: {e}"),
        hint: "check that the site folder exists and that you may read it",
    }
}

/// Reads a file already known to be inside the site (from a walk) as UTF-8 text.
fn read_real_text(real: &Path) -> Result<String, ReadError> {
    let bytes = crate::site_fs::read_bytes(real, MAX_FILE_BYTES)?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        ReadError {
            code: "invalid-utf8",
            message: format!("the file is not valid UTF-8 (byte {at})"),
            hint: "save the file with the UTF-8 encoding (in most editors: \"Save with encoding\" → UTF-8)",
            // Offsets in the lossy text equal the original's up to the first bad byte.
            lossy: Some((String::from_utf8_lossy(e.as_bytes()).into_owned(), at)),
        }
    })
}

/// Registers the result of [`read_text`] in `sources`. Returns the file id and whether its
/// text is usable (a problem is pushed to `diags` otherwise).
pub fn register(
    result: Result<String, ReadError>,
    name: &str,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> (FileId, bool) {
    let id = sources.add(name, Arc::from(""));
    let ok = reregister(result, id, sources, diags);
    (id, ok)
}

/// Like [`register`], for the file `id`, registered before and read again after an edit.
pub fn reregister(
    result: Result<String, ReadError>,
    id: FileId,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    match result {
        Ok(text) => {
            crate::names::check_characters(&text, 0..text.len(), id, diags);
            sources.replace(id, Arc::from(text));
            true
        }
        Err(e) => {
            let (text, span) = match e.lossy {
                Some((text, at)) => (text, at..at + 1),
                None => (String::new(), 0..0),
            };
            sources.replace(id, Arc::from(text));
            diags.push(Diagnostic::error(e.code, id, span, e.message).hint(e.hint));
            false
        }
    }
}

/// Reads a file of the site at `root` and registers it (see [`read_text`] and [`register`]).
pub fn read_file(
    root: &Path,
    path: &Path,
    name: &str,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> (FileId, bool) {
    register(read_text(root, path), name, sources, diags)
}

/// Splits `+++`-fenced front matter. Returns the TOML range and the body range.
pub fn split_front_matter(
    text: &str,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Range<usize>, Range<usize>)> {
    let mut start = 0;
    if text.starts_with('\u{feff}') {
        diags.push(
            Diagnostic::warning(
                "byte-order-mark",
                file,
                0..3,
                "the file starts with a byte-order mark (BOM)",
            )
            .hint("save the file as UTF-8 without BOM; Sira ignores it"),
        );
        start = 3;
    }
    if text[start..].trim().is_empty() {
        diags.push(
            Diagnostic::error("empty-file", file, 0..0, "the file is empty")
                .expected("front matter between `+++` lines, then the text")
                .hint("run `sira new <section> <slug>` for a commented skeleton (see CONTRIBUTING.md), or delete the file"),
        );
        return None;
    }
    let mut lines = line_ranges(text, start);
    let first = lines.next()?;
    let first_text = text[first.clone()].trim_end();
    if first_text != "+++" {
        let hint = if first_text == "---" {
            "Sira uses TOML front matter between `+++` lines, not YAML between `---`"
        } else {
            "start the file with a line containing only `+++`, then the fields, then another `+++`"
        };
        diags.push(
            Diagnostic::error(
                "missing-front-matter",
                file,
                first.start..first.end.max(first.start),
                "the file does not start with front matter",
            )
            .expected("a first line `+++`")
            .hint(hint),
        );
        return None;
    }
    let toml_start = (first.end + 1).min(text.len());
    for line in lines {
        if text[line.clone()].trim_end() == "+++" {
            let body_start = (line.end + 1).min(text.len());
            return Some((toml_start..line.start, body_start..text.len()));
        }
    }
    diags.push(
        Diagnostic::error(
            "unclosed-front-matter",
            file,
            first.start..first.end,
            "the front matter is never closed",
        )
        .expected("a line `+++` after the last field")
        .hint("add a line containing only `+++` between the fields and the text"),
    );
    None
}

/// Byte ranges of lines (without the `\n`, but with any `\r`).
fn line_ranges(text: &str, from: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        let r = pos..end;
        pos = end + 1;
        Some(r)
    })
}

/// Walks `content/` and loads every fiche and page.
pub fn load(
    root: &Path,
    content: &Path,
    default_language: &str,
    languages: &[String],
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Loaded {
    let mut loaded = Loaded::default();
    let mut candidates = Vec::new();
    let real_root = match root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            let p = unreadable_root(&e);
            let id = sources.add(display_name(root, content), Arc::from(""));
            diags.push(Diagnostic::error(p.code, id, 0..0, p.message).hint(p.hint));
            return loaded;
        }
    };
    // `_vocab` and names starting with `_` or `.` are not content.
    let skip = |name: &str| name.starts_with(['_', '.']);
    for entry in crate::site_fs::walk(&real_root, content, &skip) {
        let (path, real) = match entry {
            crate::site_fs::Entry::Problem { path, problem } => {
                let id = sources.add(display_name(root, &path), Arc::from(""));
                diags.push(
                    Diagnostic::error(problem.code, id, 0..0, problem.message).hint(problem.hint),
                );
                continue;
            }
            crate::site_fs::Entry::Dir { path, depth } => {
                let folder = path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                if depth == 1 && !is_slug(&folder) {
                    let id = sources.add(display_name(root, &path), Arc::from(""));
                    diags.push(
                        Diagnostic::error(
                            "invalid-section",
                            id,
                            0..0,
                            format!("the section folder `{folder}` is not URL-safe"),
                        )
                        .hint(format!("rename the folder to `{}`", slugify(&folder))),
                    );
                } else if depth == 1 && folder != PAGES_DIR {
                    if let Some((code, message, hint)) =
                        names::problem(names::Use::Section, &folder)
                    {
                        let id = sources.add(display_name(root, &path), Arc::from(""));
                        diags.push(Diagnostic::error(code, id, 0..0, message).hint(hint));
                    }
                }
                continue;
            }
            crate::site_fs::Entry::File { path, real, .. } => (path, real),
        };
        let path = path.as_path();
        let name = display_name(root, path);
        let file_name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let Some(stem) = file_name.strip_suffix(".md") else {
            let id = sources.add(name, Arc::from(""));
            diags.push(
                Diagnostic::warning("ignored-file", id, 0..0, "not a Markdown (.md) file: ignored")
                    .hint("fiches are `.md` files; move other files out of content/ or prefix their name with `_`"),
            );
            continue;
        };
        let rel: Vec<String> = path
            .strip_prefix(content)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let kind = match rel.len() {
            2 if rel[0] == PAGES_DIR => DocKind::Page,
            2 => DocKind::Fiche {
                section: rel[0].clone(),
            },
            1 => {
                let id = sources.add(name, Arc::from(""));
                diags.push(
                    Diagnostic::error(
                        "misplaced-file",
                        id,
                        0..0,
                        "fiches live in a section folder, not directly in content/",
                    )
                    .hint(format!("move it to content/<section>/{file_name}")),
                );
                continue;
            }
            _ => {
                let id = sources.add(name, Arc::from(""));
                diags.push(
                    Diagnostic::error(
                        "misplaced-file",
                        id,
                        0..0,
                        "sections cannot contain sub-folders",
                    )
                    .hint(format!("move it to content/{}/{file_name}", rel[0])),
                );
                continue;
            }
        };
        candidates.push((real, name, kind, stem.to_string()));
    }
    let texts = crate::par::map(&candidates, |(real, ..)| read_real_text(real));
    for ((_, name, kind, stem), text) in candidates.into_iter().zip(texts) {
        let (file, ok) = register(text, &name, sources, diags);
        // Language suffix and slug.
        let (slug, lang) = match stem.rsplit_once('.') {
            Some((slug, suffix)) => (slug.to_string(), suffix.to_string()),
            None => (stem.to_string(), default_language.to_string()),
        };
        let is_default = lang == default_language;
        if stem.contains('.') {
            if is_default {
                diags.push(
                    Diagnostic::error(
                        "invalid-file-name",
                        file,
                        0..0,
                        format!("`.{lang}` is the default language: the file needs no suffix"),
                    )
                    .hint(format!("rename it to `{slug}.md`")),
                );
                continue;
            }
            if !languages.contains(&lang) {
                let configured = languages.join(", ");
                diags.push(
                    Diagnostic::error(
                        "unknown-language",
                        file,
                        0..0,
                        format!(
                            "the file name says language `{lang}`, which the site does not have"
                        ),
                    )
                    .expected(format!(
                        "one of {configured}, or no suffix for {default_language}"
                    ))
                    .hint(format!(
                        "add `{lang}` to `languages` in sira.toml, or rename the file"
                    )),
                );
                continue;
            }
        }
        if !is_slug(&slug) {
            let suffix = if is_default {
                String::new()
            } else {
                format!(".{lang}")
            };
            diags.push(
                Diagnostic::error(
                    "invalid-slug",
                    file,
                    0..0,
                    format!("the file name `{slug}` is not a URL-safe slug"),
                )
                .expected("lowercase letters, digits and single hyphens")
                .hint(format!(
                    "rename the file to `{}{suffix}.md`",
                    slugify(&slug)
                )),
            );
        } else {
            let usage = match kind {
                DocKind::Page => names::Use::Page,
                DocKind::Fiche { .. } => names::Use::Fiche,
            };
            if let Some((code, message, hint)) = names::problem(usage, &slug) {
                diags.push(Diagnostic::error(code, file, 0..0, message).hint(hint));
            }
        }
        if !ok {
            continue;
        }
        let text = sources.text(file).clone();
        let Some((front, body)) = split_front_matter(&text, file, diags) else {
            continue;
        };
        loaded.documents.push(Document {
            file,
            kind,
            slug,
            lang,
            is_default,
            front,
            body,
        });
    }
    loaded
}

/// Finds the site root's content folder.
pub fn content_dir(root: &Path) -> PathBuf {
    root.join("content")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> (Option<(String, String)>, Vec<&'static str>) {
        let mut s = Sources::default();
        let id = s.add("x.md", Arc::from(text));
        let mut d = Vec::new();
        let r = split_front_matter(text, id, &mut d)
            .map(|(f, b)| (text[f].to_string(), text[b].to_string()));
        (r, d.iter().map(|d| d.code).collect())
    }

    #[test]
    fn splits_lf_crlf_and_bom() {
        assert_eq!(
            split("+++\na = 1\n+++\nbody\n").0,
            Some(("a = 1\n".into(), "body\n".into()))
        );
        assert_eq!(
            split("+++\r\na = 1\r\n+++\r\nbody").0,
            Some(("a = 1\r\n".into(), "body".into()))
        );
        let (r, codes) = split("\u{feff}+++\na = 1\n+++\n");
        assert_eq!(r, Some(("a = 1\n".into(), String::new())));
        assert_eq!(codes, vec!["byte-order-mark"]);
    }

    #[test]
    fn reports_missing_unclosed_and_empty() {
        assert_eq!(split("").1, vec!["empty-file"]);
        assert_eq!(split("---\na: 1\n---\n").1, vec!["missing-front-matter"]);
        assert_eq!(split("+++\na = 1\n").1, vec!["unclosed-front-matter"]);
    }
}
