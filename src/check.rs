//! `sira check`: load and validate a site, print the diagnostics, choose the exit code.

use std::path::Path;

use crate::diagnostics::{self, Format, Severity, Summary};
use crate::validate::{self, Options};

/// The rendered report and the verdict of a check.
#[derive(Debug)]
pub struct Report {
    /// What to print on standard output.
    pub output: String,
    /// Counts.
    pub summary: Summary,
    /// No errors (and no warnings with `--deny-warnings`).
    pub passed: bool,
}

/// How to run and report a check.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Output format.
    pub format: Format,
    /// Colour the human format.
    pub color: bool,
    /// Fail on warnings too.
    pub deny_warnings: bool,
    /// Warning codes to leave out entirely (e.g. `stale-fiche`).
    pub allow: Vec<String>,
    /// Validation options ("today").
    pub options: Options,
    /// Built site to check links in (default: the configured output folder, when it exists).
    pub output: Option<std::path::PathBuf>,
}

/// Runs the check on the site at `root`.
pub fn run(
    root: &Path,
    format: Format,
    color: bool,
    deny_warnings: bool,
    options: Options,
) -> Result<Report, validate::Fatal> {
    let settings = Settings {
        format,
        color,
        deny_warnings,
        allow: Vec::new(),
        options,
        output: None,
    };
    run_with(root, &settings)
}

/// Runs the check with every setting.
pub fn run_with(root: &Path, settings: &Settings) -> Result<Report, validate::Fatal> {
    let (format, color, deny_warnings) = (settings.format, settings.color, settings.deny_warnings);
    let outcome = validate::run(root, settings.options)?;
    let mut diags = outcome.diagnostics;
    let mut sources = outcome.sources;
    if let Some(site) = &outcome.site {
        // The theme as a build loads it: a missing theme, a template error or a link leading
        // outside the site fails the check as it fails the build.
        crate::render::theme::load(root, &site.config, 0, &mut sources, &mut diags);
        // After a build, every internal link and anchor of the output must resolve.
        // `output_dir` must name a folder a build may replace.
        let configured = root.join(&site.config.output_dir);
        if let Err(refusal) = crate::publish::guard::check(root, &configured, false) {
            let at = crate::config::value_span(sources.text(0), "output_dir");
            diags.push(refusal.diagnostic(&configured, Some((0, at)), true));
        }
        let out = crate::build::output_dir(root, &site.config, settings.output.as_deref());
        // Only a folder a build may write (never the site itself, which could be huge).
        if out.is_dir() && crate::publish::guard::check_place(root, &out).is_ok() {
            let prefix = crate::site_fs::display_name(root, &out);
            diags.extend(crate::linkcheck::check(&out, &prefix, &mut sources));
        }
    }
    diags.retain(|d| d.severity == Severity::Error || !settings.allow.iter().any(|a| a == d.code));
    diagnostics::sort(&mut diags, &sources);
    let summary = Summary::of(&diags);
    let failed = summary.errors > 0
        || (deny_warnings && diags.iter().any(|d| d.severity == Severity::Warning));
    Ok(Report {
        output: diagnostics::render(format, &diags, &sources, color),
        summary,
        passed: !failed,
    })
}
