//! `sira check`: load and validate a site, print the diagnostics, choose the exit code.

use std::path::Path;

use crate::diagnostics::{self, Format, Severity, Summary};
use crate::validate::{self, Options};

/// Exit code: no errors (and no warnings with `--deny-warnings`).
pub const EXIT_OK: i32 = 0;
/// Exit code: the content has errors (or warnings with `--deny-warnings`).
pub const EXIT_PROBLEMS: i32 = 1;
/// Exit code: usage error, or the site could not be read at all.
pub const EXIT_FATAL: i32 = 2;

/// The rendered report and the exit code of a check.
#[derive(Debug)]
pub struct Report {
    /// What to print on standard output.
    pub output: String,
    /// Counts.
    pub summary: Summary,
    /// Process exit code.
    pub exit_code: i32,
}

/// Runs the check on the site at `root`.
pub fn run(
    root: &Path,
    format: Format,
    color: bool,
    deny_warnings: bool,
    options: Options,
) -> Result<Report, validate::Fatal> {
    let outcome = validate::run(root, options)?;
    let mut diags = outcome.diagnostics;
    diagnostics::sort(&mut diags, &outcome.sources);
    let summary = Summary::of(&diags);
    let failed = summary.errors > 0
        || (deny_warnings && diags.iter().any(|d| d.severity == Severity::Warning));
    Ok(Report {
        output: diagnostics::render(format, &diags, &outcome.sources, color),
        summary,
        exit_code: if failed { EXIT_PROBLEMS } else { EXIT_OK },
    })
}
