//! Stage 5, **publish**: the new site is built in a staging folder next to the output, then
//! swapped in with renames, so readers and a failed build never see a half-written site.

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

/// A staging folder for a build; removed on drop unless published.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    published: bool,
}

fn sibling(output: &Path, tag: &str) -> PathBuf {
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = output
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    parent.join(format!(".{name}.sira-{tag}-{}", std::process::id()))
}

impl Staging {
    /// Creates an empty staging folder beside `output` (same file system, so renames are atomic).
    pub fn new(output: &Path) -> io::Result<Staging> {
        if output.is_file() {
            return Err(io::Error::other(format!(
                "{} is a file, not a folder",
                output.display()
            )));
        }
        if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let dir = sibling(output, "tmp");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            published: false,
        })
    }

    /// Where to write the new site.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Replaces the output folder with the staging folder. On failure the previous output is
    /// put back.
    pub fn publish(mut self) -> io::Result<()> {
        let old = sibling(&self.output, "old");
        let had_output = self.output.exists();
        if had_output {
            if old.exists() {
                std::fs::remove_dir_all(&old)?;
            }
            std::fs::rename(&self.output, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            if had_output {
                std::fs::rename(&old, &self.output)?;
            }
            return Err(e);
        }
        self.published = true;
        if had_output {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }
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
        let left: Vec<_> = std::fs::read_dir(tmp.path()).expect("read").collect();
        assert_eq!(left.len(), 1, "no staging or old folder left behind");
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
        assert_eq!(std::fs::read_dir(tmp.path()).expect("read").count(), 1);
    }
}
