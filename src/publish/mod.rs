//! Stage 5, **publish**: the new site is built in a staging folder next to the output, then
//! swapped in with renames, so readers and a failed build never see a half-written site.

pub mod guard;

use std::io;
use std::path::{Path, PathBuf};

/// Replaces one file of a published site atomically (written beside it, then renamed over it),
/// creating its folder if needed: a reader sees the old file or the new one, never a mix.
pub fn replace_file(output: &Path, rel: &str, bytes: &[u8]) -> io::Result<()> {
    let path = output.join(rel);
    let dir = path.parent().unwrap_or(output);
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{name}.sira-new-{}", std::process::id()));
    // A failed write (disk full) or rename leaves no temporary file behind.
    std::fs::write(&temp, bytes)
        .and_then(|()| std::fs::rename(&temp, &path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
}

/// Writes a file under a name no page refers to yet (a search file named by its contents'
/// hash, before the pages that name it), creating its folder if needed: written in place,
/// without [`replace_file`]'s temporary file and rename. A failed write removes it.
pub fn write_new_file(output: &Path, rel: &str, bytes: &[u8]) -> io::Result<()> {
    let path = output.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&path, bytes).inspect_err(|_| {
        let _ = std::fs::remove_file(&path);
    })
}

/// A staging folder for a build; removed on drop unless published. While it lives, it holds
/// the output's lock, so two builds never write the same output at once.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    published: bool,
    _lock: std::fs::File,
}

/// The output's name, and the folder it is in.
fn name_and_parent(output: &Path) -> (String, PathBuf) {
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    (name, parent)
}

fn sibling(output: &Path, tag: &str) -> PathBuf {
    let (name, parent) = name_and_parent(output);
    parent.join(format!(".{name}.sira-{tag}-{}", std::process::id()))
}

/// Takes the output's lock (`.<name>.sira-lock` beside it), waiting while another build holds it.
fn lock(output: &Path) -> io::Result<std::fs::File> {
    let (name, parent) = name_and_parent(output);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(parent.join(format!(".{name}.sira-lock")))?;
    file.lock()?;
    Ok(file)
}

/// Removes the staging and old folders that interrupted builds of `output` left beside it
/// (`.<name>.sira-tmp-<pid>`, `.<name>.sira-old-<pid>`). Called with the output's lock held, so
/// no other build is using them.
fn remove_stale(output: &Path) {
    let (name, parent) = name_and_parent(output);
    let prefix = format!(".{name}.sira-");
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let ours = ["tmp-", "old-"].iter().any(|tag| {
            rest.strip_prefix(tag)
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        });
        // Only real folders (a link is never followed, nor removed).
        if ours && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl Staging {
    /// Creates an empty staging folder beside `output` (same file system, so renames are
    /// atomic), holding the output's lock, after removing what interrupted builds left there.
    /// The caller has checked with [`guard::check`] that `output` may be replaced.
    pub fn new(output: &Path) -> io::Result<Staging> {
        if output.is_file() {
            return Err(io::Error::other(format!(
                "{} is a file, not a folder",
                output.display()
            )));
        }
        let (_, parent) = name_and_parent(output);
        std::fs::create_dir_all(&parent)?;
        let lock = lock(output)?;
        remove_stale(output);
        let dir = sibling(output, "tmp");
        std::fs::create_dir(&dir)?;
        let staging = Staging {
            dir,
            output: output.to_path_buf(),
            published: false,
            _lock: lock,
        };
        std::fs::write(staging.dir.join(guard::MARKER), guard::MARKER_TEXT)?;
        Ok(staging)
    }

    /// Where to write the new site.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Replaces the output folder with the staging folder. On Linux the two are exchanged in one
    /// atomic step (`renameat2(RENAME_EXCHANGE)`): a reader sees the old site or the new one,
    /// never none. Elsewhere (or on a file system without that call) the old output is renamed
    /// away and the new one renamed in, leaving a moment without a site. On failure the previous
    /// output is kept.
    pub fn publish(mut self) -> io::Result<()> {
        if std::fs::symlink_metadata(&self.output).is_err() {
            std::fs::rename(&self.dir, &self.output)?;
            self.published = true;
            return Ok(());
        }
        if exchange(&self.dir, &self.output).is_ok() {
            // The staging path now holds the previous site.
            self.published = true;
            let _ = std::fs::remove_dir_all(&self.dir);
            return Ok(());
        }
        let old = sibling(&self.output, "old");
        std::fs::rename(&self.output, &old)?;
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            std::fs::rename(&old, &self.output)?;
            return Err(e);
        }
        self.published = true;
        // A folder left here by a failure is removed by the next build.
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    }
}

/// Exchanges two paths atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// Exchanges two paths atomically (not available: the caller falls back to two renames).
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_written_in_its_folder_and_a_failed_one_leaves_nothing() {
        let tmp = tempfile::tempdir().expect("temp");
        let out = tmp.path().join("public");
        super::write_new_file(&out, "search/fr/p.0a1b2c3d.js", b"sira$([])").expect("writes");
        assert_eq!(
            std::fs::read(out.join("search/fr/p.0a1b2c3d.js")).expect("reads"),
            b"sira$([])"
        );
        // A folder where the file should go: the write fails, and nothing is left behind.
        std::fs::create_dir_all(out.join("search/fr/busy.js")).expect("dir");
        assert!(super::write_new_file(&out, "search/fr/busy.js", b"x").is_err());
        assert!(out.join("search/fr/busy.js").is_dir());
        assert_eq!(
            std::fs::read_dir(out.join("search/fr"))
                .expect("lists")
                .count(),
            2
        );
    }

    #[test]
    fn swaps_and_cleans_up() {
        let tmp = tempfile::tempdir().expect("temp");
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).expect("mkdir");
        std::fs::write(out.join("old.html"), "old").expect("write");
        let s = Staging::new(&out).expect("staging");
        std::fs::write(s.path().join("new.html"), "new").expect("write");
        s.publish().expect("publish");
        assert!(out.join("new.html").exists());
        assert!(!out.join("old.html").exists());
        assert!(out.join(guard::MARKER).is_file(), "the output is marked");
        assert_eq!(
            names(tmp.path()),
            [".public.sira-lock", "public"],
            "no staging or old folder left behind"
        );
    }

    #[test]
    fn dropped_staging_leaves_output_alone() {
        let tmp = tempfile::tempdir().expect("temp");
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).expect("mkdir");
        std::fs::write(out.join("old.html"), "old").expect("write");
        {
            let s = Staging::new(&out).expect("staging");
            std::fs::write(s.path().join("half.html"), "x").expect("write");
        }
        assert!(out.join("old.html").exists());
        assert_eq!(names(tmp.path()), [".public.sira-lock", "public"]);
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .expect("read")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn removes_what_interrupted_builds_left_and_nothing_else() {
        let tmp = tempfile::tempdir().expect("temp");
        let out = tmp.path().join("public");
        for left in [".public.sira-tmp-99999", ".public.sira-old-12"] {
            std::fs::create_dir(tmp.path().join(left)).expect("mkdir");
            std::fs::write(tmp.path().join(left).join("a.html"), "x").expect("write");
        }
        // Not Sira's: another output's, a name that only looks alike, a file, a link.
        for keep in [
            ".site.sira-tmp-1",
            ".public.sira-tmp-x",
            "public.sira-old-1",
        ] {
            std::fs::create_dir(tmp.path().join(keep)).expect("mkdir");
        }
        std::fs::write(tmp.path().join(".public.sira-old-7"), "file").expect("write");
        let target = tempfile::tempdir().expect("temp");
        std::fs::write(target.path().join("precious"), "x").expect("write");
        std::os::unix::fs::symlink(target.path(), tmp.path().join(".public.sira-tmp-8"))
            .expect("link");
        let s = Staging::new(&out).expect("staging");
        s.publish().expect("publish");
        assert_eq!(
            names(tmp.path()),
            [
                ".public.sira-lock",
                ".public.sira-old-7",
                ".public.sira-tmp-8",
                ".public.sira-tmp-x",
                ".site.sira-tmp-1",
                "public",
                "public.sira-old-1"
            ]
        );
        assert!(target.path().join("precious").exists());
    }

    #[test]
    fn a_second_build_waits_for_the_first() {
        let tmp = tempfile::tempdir().expect("temp");
        let out = tmp.path().join("public");
        let first = Staging::new(&out).expect("staging");
        let (tx, rx) = std::sync::mpsc::channel();
        let out2 = out.clone();
        let second = std::thread::spawn(move || {
            let s = Staging::new(&out2).expect("staging");
            tx.send(()).expect("send");
            s.publish().expect("publish");
        });
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(
            rx.try_recv().is_err(),
            "the second build waits for the lock"
        );
        // The first build's staging folder survives the second's clean-up of stale folders.
        std::fs::write(first.path().join("a.html"), "first").expect("write");
        first.publish().expect("publish");
        rx.recv().expect("second went on");
        second.join().expect("join");
        assert!(
            !out.join("a.html").exists(),
            "the second build replaced the first"
        );
        assert!(out.join(guard::MARKER).is_file());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn publishing_never_leaves_a_moment_without_a_site() {
        let tmp = tempfile::tempdir().expect("temp");
        let out = tmp.path().join("public");
        let s = Staging::new(&out).expect("staging");
        std::fs::write(s.path().join("index.html"), "0").expect("write");
        s.publish().expect("publish");
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let reader = {
            let (stop, index) = (stop.clone(), out.join("index.html"));
            std::thread::spawn(move || {
                let mut misses = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    if std::fs::read(&index).is_err() {
                        misses += 1;
                    }
                }
                misses
            })
        };
        for i in 1..200 {
            let s = Staging::new(&out).expect("staging");
            std::fs::write(s.path().join("index.html"), i.to_string()).expect("write");
            s.publish().expect("publish");
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(
            reader.join().expect("join"),
            0,
            "index.html was always there"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).expect("read"),
            "199"
        );
    }
}
