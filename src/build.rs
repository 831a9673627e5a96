//! `sira build`: load → validate → render → publish, each phase timed. A failed build prints
//! its diagnostics and leaves the previous output untouched.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config;
use crate::diagnostics::{self, Diagnostic, Format, Severity, Sources};
use crate::publish::Staging;
use crate::render;
use crate::validate::{self, Options};

/// Timings of the phases, in milliseconds.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    /// Load and validate.
    pub validate_ms: u128,
    /// Render and write pages.
    pub render_ms: u128,
    /// Swap into place.
    pub publish_ms: u128,
}

/// The result of a build.
#[derive(Debug)]
pub struct BuildReport {
    /// Where the site was written (on success).
    pub output: PathBuf,
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Phase timings.
    pub timings: Timings,
    /// Diagnostics (warnings on success, errors on failure), rendered.
    pub report: String,
    /// Exit code: 0 built, 1 content or theme errors, 2 output could not be written.
    pub exit_code: i32,
}

/// Resolves the output folder: `--output` if given, else `output_dir` from sira.toml, relative
/// to the site root.
pub fn output_dir(root: &Path, config: &config::Config, flag: Option<&Path>) -> PathBuf {
    match flag {
        Some(p) => p.to_path_buf(),
        None => root.join(&config.output_dir),
    }
}

/// Renders the errors; warnings are only counted (`sira check` lists them).
fn finish(diags: &mut Vec<Diagnostic>, sources: &Sources, format: Format, color: bool) -> String {
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    diags.retain(|d| d.severity == Severity::Error);
    diagnostics::sort(diags, sources);
    let mut out = if diags.is_empty() && format == Format::Human {
        String::new()
    } else {
        diagnostics::render(format, diags, sources, color)
    };
    if warnings > 0 && format == Format::Human {
        out.push_str(&format!(
            "({warnings} warnings not shown: run `sira check` to see them)\n"
        ));
    }
    out
}

/// Builds the site at `root`.
pub fn run(
    root: &Path,
    output: Option<&Path>,
    format: Format,
    color: bool,
    options: Options,
) -> Result<BuildReport, validate::Fatal> {
    let t0 = Instant::now();
    let outcome = validate::run(root, options)?;
    let mut sources = outcome.sources;
    let mut diags = outcome.diagnostics;
    let fail = |diags: &mut Vec<Diagnostic>,
                sources: &Sources,
                code: i32,
                out: PathBuf,
                timings: Timings| BuildReport {
        output: out,
        files: 0,
        bytes: 0,
        timings,
        report: finish(diags, sources, format, color),
        exit_code: code,
    };
    let mut timings = Timings::default();
    let Some(site) = outcome.site else {
        return Ok(fail(&mut diags, &sources, 1, PathBuf::new(), timings));
    };
    let out = output_dir(root, &site.config, output);
    // The configuration file is always the first registered file.
    let theme = render::theme::load(root, &site.config, 0, &mut sources, &mut diags);
    timings.validate_ms = t0.elapsed().as_millis();
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Ok(fail(&mut diags, &sources, 1, out, timings));
    }
    let Some(theme) = theme else {
        return Ok(fail(&mut diags, &sources, 1, out, timings));
    };
    let t1 = Instant::now();
    let staging = match Staging::new(&out) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::error(
                "write-failed",
                0,
                0..0,
                format!("cannot prepare the output folder {}: {e}", out.display()),
            ));
            return Ok(fail(&mut diags, &sources, 2, out, timings));
        }
    };
    let rendered = match render::render(&site, &theme, options.today, staging.path()) {
        Ok(r) => r,
        Err(mut errs) => {
            diags.append(&mut errs);
            return Ok(fail(&mut diags, &sources, 1, out, timings));
        }
    };
    timings.render_ms = t1.elapsed().as_millis();
    let t2 = Instant::now();
    if let Err(e) = staging.publish() {
        diags.push(Diagnostic::error(
            "write-failed",
            0,
            0..0,
            format!("cannot move the new site into {}: {e}", out.display()),
        ));
        return Ok(fail(&mut diags, &sources, 2, out, timings));
    }
    timings.publish_ms = t2.elapsed().as_millis();
    Ok(BuildReport {
        output: out,
        files: rendered.files.len(),
        bytes: rendered.bytes,
        timings,
        report: finish(&mut diags, &sources, format, color),
        exit_code: 0,
    })
}
