//! Reading the site's own files, and nothing else; writing the output's. Fiche text, themes and `sira.toml` come from
//! pull requests, so a symbolic link in them is an input too:
//!
//! - a link is followed only when where it leads is inside the site folder; a link that leads
//!   outside it, nowhere, or round in circles is a problem named at the link;
//! - only regular files are opened (never a FIFO or a device), and the size limit is enforced
//!   while reading, not trusted from metadata (`/proc` files report a size of 0);
//! - a walk reads each real folder once, so links between folders cannot multiply the work.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// Largest text file Sira reads (1 MiB): fiches, pages, vocabularies, templates, `sira.toml`.
pub const MAX_TEXT_BYTES: u64 = 1024 * 1024;
/// Largest theme static file Sira reads (16 MiB).
pub const MAX_ASSET_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Stable code of the problem (`symlink-outside`, `file-too-large`…).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: &'static str,
}

impl Problem {
    fn new(code: &'static str, message: impl Into<String>, hint: &'static str) -> Self {
        Problem {
            code,
            message: message.into(),
            hint,
        }
    }
}

/// The real place of `path`, which must be inside the site folder `root` (itself real:
/// canonicalised). Links are resolved, with the system's bound on chains.
pub fn inside(root: &Path, path: &Path) -> Result<PathBuf, Problem> {
    let real = path.canonicalize().map_err(|e| {
        let looped = e.raw_os_error() == Some(40) || e.to_string().contains("symbolic links");
        if looped {
            Problem::new(
                "symlink-loop",
                "this symbolic link loops (or its chain of links is too long)",
                "remove the symbolic link, or point it straight at a file inside the site",
            )
        } else if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            Problem::new(
                "broken-symlink",
                format!("this symbolic link leads nowhere: {e}"),
                "remove the link, or point it at a file inside the site",
            )
        } else {
            Problem::new(
                "unreadable-file",
                format!("cannot read: {e}"),
                "check that the path exists and that you may read it",
            )
        }
    })?;
    if !real.starts_with(root) {
        return Err(Problem::new(
            "symlink-outside",
            format!(
                "this symbolic link leads outside the site folder, to {}: Sira reads only the site's own files",
                real.display()
            ),
            "copy the file into the site instead of linking to it, or remove the link",
        ));
    }
    Ok(real)
}

/// Reads a regular file of at most `limit` bytes. `path` is a real path (from [`inside`] or a
/// [`walk`]): a link at the last step is not followed.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, Problem> {
    let unreadable = |e: std::io::Error| {
        Problem::new(
            "unreadable-file",
            format!("cannot read the file: {e}"),
            "check that the file exists and that you may read it (permissions)",
        )
    };
    // Look before opening: opening a FIFO would wait forever.
    let meta = std::fs::symlink_metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Problem::new(
            "unreadable-file",
            "this is not a regular file (a folder, link, device or pipe)",
            "Sira reads only regular files: remove it",
        ));
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(Problem::new(
            "file-too-large",
            format!(
                "the file is over {limit} bytes ({} MiB), the most Sira reads",
                limit / (1024 * 1024)
            ),
            "a fiche is a few kilobytes: check that this is the right file, or split it",
        ));
    }
    Ok(bytes)
}

/// What a [`walk`] found.
#[derive(Debug)]
pub enum Entry {
    /// A folder (before what it holds).
    Dir {
        /// The path as named under the walked folder.
        path: PathBuf,
        /// 1 for the walked folder's children, 2 for theirs…
        depth: usize,
    },
    /// A file to read.
    File {
        /// The path as named under the walked folder.
        path: PathBuf,
        /// Where it really is (the target of a link), inside the site.
        real: PathBuf,
        /// 1 for the walked folder's children…
        depth: usize,
    },
    /// A link that may not be followed, or a folder that cannot be read.
    Problem {
        /// The path as named.
        path: PathBuf,
        /// What is wrong.
        problem: Problem,
    },
}

/// Walks `dir` (inside the site folder `root`, which is real), in file-name order, depth first,
/// without the names `skip` refuses. Links are followed only inside the site; each real folder is
/// walked once (a second link to it is a problem), so no arrangement of links can loop or
/// multiply the work.
pub fn walk(root: &Path, dir: &Path, skip: &dyn Fn(&str) -> bool) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    match inside(root, dir) {
        Ok(real) => {
            seen.insert(real.clone());
            walk_into(root, dir, &real, 1, skip, &mut seen, &mut out);
        }
        Err(problem) => out.push(Entry::Problem {
            path: dir.to_path_buf(),
            problem,
        }),
    }
    out
}

fn walk_into(
    root: &Path,
    named: &Path,
    real: &Path,
    depth: usize,
    skip: &dyn Fn(&str) -> bool,
    seen: &mut BTreeSet<PathBuf>,
    out: &mut Vec<Entry>,
) {
    let entries = match std::fs::read_dir(real) {
        Ok(entries) => entries,
        Err(e) => {
            out.push(Entry::Problem {
                path: named.to_path_buf(),
                problem: Problem::new(
                    "unreadable-file",
                    format!("cannot read the folder: {e}"),
                    "check that you may read it (permissions)",
                ),
            });
            return;
        }
    };
    let mut children: Vec<_> = entries
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| !skip(&n.to_string_lossy()))
        .collect();
    children.sort();
    for name in children {
        let path = named.join(&name);
        let here = real.join(&name);
        let Ok(meta) = std::fs::symlink_metadata(&here) else {
            continue;
        };
        // A link is replaced by where it leads, once checked.
        let (target, is_dir) = if meta.file_type().is_symlink() {
            match inside(root, &here) {
                Ok(t) => {
                    let is_dir = t.is_dir();
                    (t, is_dir)
                }
                Err(problem) => {
                    out.push(Entry::Problem { path, problem });
                    continue;
                }
            }
        } else {
            (here, meta.is_dir())
        };
        if is_dir {
            if !seen.insert(target.clone()) {
                let message = if real.starts_with(&target) {
                    format!(
                        "this symbolic link loops back to {}, a folder that holds it",
                        target.strip_prefix(root).unwrap_or(&target).display()
                    )
                } else {
                    format!(
                        "this symbolic link leads to {}, a folder that is read already",
                        target.strip_prefix(root).unwrap_or(&target).display()
                    )
                };
                out.push(Entry::Problem {
                    path,
                    problem: Problem::new(
                        "symlink-loop",
                        message,
                        "remove the symbolic link: each folder belongs in one place",
                    ),
                });
                continue;
            }
            out.push(Entry::Dir {
                path: path.clone(),
                depth,
            });
            walk_into(root, &path, &target, depth + 1, skip, seen, out);
        } else {
            out.push(Entry::File {
                path,
                real: target,
                depth,
            });
        }
    }
}

/// Writes `bytes` to `out/rel`, creating folders; the bytes written, or a diagnostic.
pub fn write(out: &Path, rel: &str, bytes: &[u8]) -> Result<u64, Diagnostic> {
    let path = out.join(rel);
    let res = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&path, bytes));
    res.map(|()| bytes.len() as u64)
        .map_err(|e| write_failed(&path, &e))
}

/// The diagnostic for a file of the output that could not be written.
pub fn write_failed(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::global(
        "write-failed",
        format!("cannot write {}: {e}", path.display()),
    )
    .hint("check the free disk space and the permissions of the output folder")
}

/// The name of a path relative to the site root, with `/` separators, for messages.
pub fn display_name(root: &Path, path: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn codes(entries: &[Entry]) -> Vec<String> {
        entries
            .iter()
            .map(|e| match e {
                Entry::Dir { path, .. } => format!("dir {}", path.display()),
                Entry::File { path, .. } => format!("file {}", path.display()),
                Entry::Problem { path, problem } => {
                    format!("{} {}", problem.code, path.display())
                }
            })
            .collect()
    }

    #[test]
    fn links_are_followed_only_inside_the_site() {
        let tmp = tempfile::tempdir().expect("temp");
        let root = tmp.path().canonicalize().expect("real");
        let content = root.join("content");
        std::fs::create_dir_all(content.join("a")).expect("mkdir");
        std::fs::write(content.join("a/x.md"), "x").expect("write");
        symlink(content.join("a/x.md"), content.join("a/y.md")).expect("link");
        symlink("/etc/passwd", content.join("a/z.md")).expect("link");
        symlink(content.join("a/nowhere"), content.join("a/w.md")).expect("link");
        symlink(content.join("a/v.md"), content.join("a/v.md")).expect("link");
        let walked = walk(&root, &content, &|_| false);
        assert_eq!(
            codes(&walked),
            [
                format!("dir {}/a", content.display()),
                format!("symlink-loop {}/a/v.md", content.display()),
                format!("broken-symlink {}/a/w.md", content.display()),
                format!("file {}/a/x.md", content.display()),
                format!("file {}/a/y.md", content.display()),
                format!("symlink-outside {}/a/z.md", content.display()),
            ]
        );
    }

    #[test]
    fn links_between_folders_cannot_multiply_the_work() {
        let tmp = tempfile::tempdir().expect("temp");
        let root = tmp.path().canonicalize().expect("real");
        // 30 folders, each linking twice to the next: 2^30 paths if links were followed blindly.
        for i in 0..30 {
            std::fs::create_dir(root.join(format!("d{i}"))).expect("mkdir");
        }
        for i in 0..29 {
            for l in ["l1", "l2"] {
                symlink(
                    root.join(format!("d{}", i + 1)),
                    root.join(format!("d{i}/{l}")),
                )
                .expect("link");
            }
        }
        let walked = walk(&root, &root, &|_| false);
        assert!(walked.len() < 200, "{} entries", walked.len());
        // And a folder linking to its parent.
        symlink(&root, root.join("d0/up")).expect("link");
        let walked = walk(&root, &root.join("d0"), &|_| false);
        assert!(codes(&walked).iter().any(|c| c.starts_with("symlink-loop")));
    }

    #[test]
    fn reads_only_regular_files_within_the_limit() {
        let tmp = tempfile::tempdir().expect("temp");
        let f = tmp.path().join("f");
        std::fs::write(&f, "12345").expect("write");
        assert_eq!(read_bytes(&f, 5).expect("read"), b"12345");
        assert_eq!(
            read_bytes(&f, 4).expect_err("too large").code,
            "file-too-large"
        );
        assert_eq!(
            read_bytes(tmp.path(), 4).expect_err("dir").code,
            "unreadable-file"
        );
        // /proc files claim a size of 0: the limit holds while reading.
        let e = read_bytes(Path::new("/proc/self/pagemap"), 1024).expect_err("limit");
        assert!(
            ["file-too-large", "unreadable-file"].contains(&e.code),
            "{e:?}"
        );
        assert_eq!(
            read_bytes(Path::new("/proc/self/status"), 16)
                .expect_err("limit")
                .code,
            "file-too-large"
        );
    }
}
