//! Which folders a build may replace. Publishing replaces the output folder as a whole, so
//! before anything is written Sira makes sure the folder is its own:
//!
//! - never the site root, a folder that contains it, or a folder inside one of the site's inputs
//!   (`sira.toml`, `content/`, `themes/`, `templates/`, `.git/`), even with `--force`;
//! - never a file or a symbolic link;
//! - an existing folder only when it is empty or carries [`MARKER`] (Sira writes it into every
//!   output); any other folder needs `--force`.

use std::io;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostic, FileId};

/// The file Sira writes into every output folder: a folder holding it was written by Sira and
/// may be replaced by the next build.
pub const MARKER: &str = ".sira-output";

/// The marker's text.
pub const MARKER_TEXT: &str = "This folder was written by `sira build`, which replaces it as a \
whole on every build: keep nothing else here.\n";

/// The inputs of a site, relative to its root: an output may not be inside (or be) any of them.
pub const INPUTS: [&str; 5] = ["sira.toml", "content", "themes", "templates", ".git"];

/// Why an output folder is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The output is the site root.
    SiteRoot,
    /// The output contains the site root.
    ContainsRoot,
    /// The output is, or is inside, one of the site's inputs.
    InsideInput(&'static str),
    /// The output is a file.
    NotAFolder,
    /// The output is a symbolic link.
    Link,
    /// The output is a non-empty folder that Sira did not write (no marker), without `--force`.
    NotOurs {
        /// How many entries it holds.
        entries: usize,
    },
    /// The path could not be resolved (permissions, a broken parent).
    Unresolvable(String),
}

impl Refusal {
    /// What is wrong, naming the output folder.
    pub fn message(&self, output: &Path) -> String {
        let out = output.display();
        match self {
            Refusal::SiteRoot => format!("the output folder {out} is the site folder itself: a build replaces its output as a whole and would delete the site"),
            Refusal::ContainsRoot => format!("the output folder {out} contains the site folder: a build replaces its output as a whole and would delete the site"),
            Refusal::InsideInput(input) => format!("the output folder {out} is inside the site's input `{input}`: a build would overwrite the files it reads"),
            Refusal::NotAFolder => format!("the output {out} is a file, not a folder"),
            Refusal::Link => format!("the output folder {out} is a symbolic link: Sira replaces the folder itself, not what a link points to"),
            Refusal::NotOurs { entries } => format!("the output folder {out} already holds {entries} file(s) or folder(s) that Sira did not write (it has no {MARKER} file): a build would delete them"),
            Refusal::Unresolvable(e) => format!("cannot tell where the output folder {out} is: {e}"),
        }
    }

    /// What to do next.
    pub fn hint(&self) -> String {
        match self {
            Refusal::SiteRoot | Refusal::ContainsRoot | Refusal::InsideInput(_) => {
                "choose a new folder of its own, e.g. `output_dir = \"public\"` in sira.toml or `--output public`".into()
            }
            Refusal::NotAFolder => "remove the file or choose another output folder".into(),
            Refusal::Link => "point output_dir (or --output) at the real folder".into(),
            Refusal::NotOurs { .. } => "choose an empty or new folder; or, if everything in it may be deleted, build again with --force".into(),
            Refusal::Unresolvable(_) => "check that the folder's parents exist and that you may read them".into(),
        }
    }
}

impl Refusal {
    /// The diagnostic for this refusal: located on `output_dir` in sira.toml when the output
    /// came from there (`at`), else without a location. A non-empty folder that is not Sira's is
    /// a warning for `sira check` (`as_check`), since `--force` would allow it.
    pub fn diagnostic(
        &self,
        output: &Path,
        at: Option<(FileId, Range<usize>)>,
        as_check: bool,
    ) -> Diagnostic {
        let (code, message) = ("output-refused", self.message(output));
        let d = match at {
            Some((file, span)) if as_check && matches!(self, Refusal::NotOurs { .. }) => {
                Diagnostic::warning(code, file, span, message)
            }
            Some((file, span)) => Diagnostic::error(code, file, span, message)
                .expected("a folder of its own for the built site, e.g. \"public\""),
            None => Diagnostic::global(code, message),
        };
        d.hint(self.hint())
    }
}

/// Checks that `output` may be replaced by a build of the site at `root`. `force` allows a
/// non-empty folder that Sira did not write (never the site, its parents or its inputs).
pub fn check(root: &Path, output: &Path, force: bool) -> Result<(), Refusal> {
    check_place(root, output)?;
    let Ok(meta) = std::fs::symlink_metadata(output) else {
        return Ok(());
    };
    if meta.file_type().is_symlink() {
        return Err(Refusal::Link);
    }
    if !meta.is_dir() {
        return Err(Refusal::NotAFolder);
    }
    if force || output.join(MARKER).is_file() {
        return Ok(());
    }
    let entries = std::fs::read_dir(output)
        .map_err(|e| Refusal::Unresolvable(e.to_string()))?
        .count();
    if entries == 0 {
        Ok(())
    } else {
        Err(Refusal::NotOurs { entries })
    }
}

/// The part of [`check`] that depends only on where the output is, not on what it holds (what
/// `sira check` reports about `output_dir`).
pub fn check_place(root: &Path, output: &Path) -> Result<(), Refusal> {
    let unresolvable = |e: io::Error| Refusal::Unresolvable(e.to_string());
    let root = root.canonicalize().map_err(unresolvable)?;
    let out = resolve(output).map_err(unresolvable)?;
    if out == root {
        return Err(Refusal::SiteRoot);
    }
    if root.starts_with(&out) {
        return Err(Refusal::ContainsRoot);
    }
    for input in INPUTS {
        let path = root.join(input);
        // An input may itself be a link elsewhere: compare with where it really is too.
        let real = path.canonicalize().ok();
        if out.starts_with(&path) || real.is_some_and(|r| out.starts_with(r)) {
            return Err(Refusal::InsideInput(input));
        }
    }
    Ok(())
}

/// The absolute path `path` names, with links resolved in the part that exists and `.`/`..`
/// applied to the part that does not yet exist (which cannot hold links).
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut out = PathBuf::new();
    for part in std::path::absolute(path)?.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => out.push(part),
            Component::CurDir => {}
            // `out` is real (links resolved) so far: its parent is the real parent.
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if std::fs::symlink_metadata(&out).is_ok() {
                    out = out.canonicalize()?;
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().expect("temp");
        for d in ["content", "themes", ".git"] {
            std::fs::create_dir(tmp.path().join(d)).expect("mkdir");
        }
        std::fs::write(tmp.path().join("sira.toml"), "").expect("write");
        tmp
    }

    #[test]
    fn refuses_the_site_its_parents_and_its_inputs() {
        let tmp = site();
        let root = tmp.path();
        let refused = |out: &Path| check(root, out, true).err();
        assert_eq!(refused(root), Some(Refusal::SiteRoot));
        assert_eq!(refused(&root.join(".")), Some(Refusal::SiteRoot));
        assert_eq!(
            refused(&root.join("content/..")),
            Some(Refusal::SiteRoot),
            "`..` resolved"
        );
        assert_eq!(refused(&root.join("public/..")), Some(Refusal::SiteRoot));
        let parent = root.parent().expect("parent");
        assert_eq!(refused(parent), Some(Refusal::ContainsRoot));
        assert_eq!(refused(Path::new("/")), Some(Refusal::ContainsRoot));
        assert_eq!(
            refused(&root.join("content")),
            Some(Refusal::InsideInput("content"))
        );
        assert_eq!(
            refused(&root.join("content/new/deeper")),
            Some(Refusal::InsideInput("content"))
        );
        assert_eq!(
            refused(&root.join("themes/sira")),
            Some(Refusal::InsideInput("themes"))
        );
        assert_eq!(
            refused(&root.join("templates")),
            Some(Refusal::InsideInput("templates"))
        );
        assert_eq!(
            refused(&root.join(".git/x")),
            Some(Refusal::InsideInput(".git"))
        );
        assert_eq!(
            refused(&root.join("sira.toml")),
            Some(Refusal::InsideInput("sira.toml"))
        );
        assert_eq!(refused(&root.join("public")), None);
        assert_eq!(refused(&root.join("public/../site")), None);
    }

    #[test]
    fn follows_links_to_where_things_really_are() {
        let tmp = site();
        let root = tmp.path();
        // A link to the content folder is the content folder.
        std::os::unix::fs::symlink(root.join("content"), root.join("alias")).expect("link");
        assert_eq!(
            check(root, &root.join("alias/x"), true),
            Err(Refusal::InsideInput("content"))
        );
        // An output that is a link is refused.
        std::fs::create_dir(root.join("real")).expect("mkdir");
        std::os::unix::fs::symlink(root.join("real"), root.join("public")).expect("link");
        assert_eq!(check(root, &root.join("public"), true), Err(Refusal::Link));
        // A content folder that is a link elsewhere protects its target too.
        let elsewhere = tempfile::tempdir().expect("temp");
        std::fs::remove_dir(root.join("content")).expect("rmdir");
        std::os::unix::fs::symlink(elsewhere.path(), root.join("content")).expect("link");
        assert_eq!(
            check(root, &elsewhere.path().join("out"), true),
            Err(Refusal::InsideInput("content"))
        );
    }

    #[test]
    fn a_folder_must_be_empty_ours_or_forced() {
        let tmp = site();
        let root = tmp.path();
        let out = root.join("public");
        assert_eq!(check(root, &out, false), Ok(()), "missing");
        std::fs::create_dir(&out).expect("mkdir");
        assert_eq!(check(root, &out, false), Ok(()), "empty");
        std::fs::write(out.join("notes.txt"), "mine").expect("write");
        assert_eq!(
            check(root, &out, false),
            Err(Refusal::NotOurs { entries: 1 })
        );
        assert_eq!(check(root, &out, true), Ok(()), "forced");
        std::fs::write(out.join(MARKER), MARKER_TEXT).expect("write");
        assert_eq!(check(root, &out, false), Ok(()), "ours");
        std::fs::write(root.join("file"), "x").expect("write");
        assert_eq!(
            check(root, &root.join("file"), true),
            Err(Refusal::NotAFolder)
        );
    }
}
