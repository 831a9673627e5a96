//! The `sira` command line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use sira::check;
use sira::diagnostics::Format;
use sira::validate;

/// Sira builds the offline-first directory of organisations helping returning migrants in Mali.
#[derive(Parser, Debug)]
#[command(name = "sira", version, about, long_about = None)]
struct Cli {
    /// Site folder (holding sira.toml and content/).
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Color {
    /// Colour when printing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check every fiche, page, vocabulary and the configuration; report every problem.
    ///
    /// Exit codes: 0 clean, 1 errors (or warnings with --deny-warnings), 2 usage or I/O failure.
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings (missing translation, stale fiche…) as failures.
        #[arg(long)]
        deny_warnings: bool,
        /// When to colour the human output.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
        /// Leave out warnings with this code (repeatable), e.g. `--allow stale-fiche`.
        #[arg(long, value_name = "CODE")]
        allow: Vec<String>,
        /// Built site whose links to check (default: output_dir of sira.toml, when it exists).
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Build the site into the output folder (atomically: a failed build changes nothing).
    ///
    /// Exit codes: 0 built, 1 content or theme errors, 2 usage error or output not writable.
    Build {
        /// Output folder (default: output_dir of sira.toml, relative to the site root).
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Format of the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// When to colour the human output.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
    },
}

fn use_color(color: Color) -> bool {
    match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { check::EXIT_FATAL } else { 0 };
            let _ = e.print();
            return ExitCode::from(code as u8);
        }
    };
    match cli.command {
        Command::Check {
            format,
            deny_warnings,
            color,
            allow,
            output,
        } => {
            let color = use_color(color);
            let options = validate::Options {
                today: validate::today(),
            };
            let settings = check::Settings {
                format,
                color,
                deny_warnings,
                allow,
                options,
                output,
            };
            match check::run_with(&cli.root, &settings) {
                Ok(report) => {
                    let mut out = std::io::stdout().lock();
                    let _ = out.write_all(report.output.as_bytes());
                    let _ = out.flush();
                    ExitCode::from(report.exit_code as u8)
                }
                Err(fatal) => {
                    eprintln!("error: {fatal}");
                    ExitCode::from(check::EXIT_FATAL as u8)
                }
            }
        }
        Command::Build {
            output,
            format,
            color,
        } => {
            let options = validate::Options {
                today: validate::today(),
            };
            match sira::build::run(
                &cli.root,
                output.as_deref(),
                format,
                use_color(color),
                options,
            ) {
                Ok(report) => {
                    let mut out = std::io::stdout().lock();
                    if report.exit_code != 0
                        || report.report.lines().count() > 1
                        || format != Format::Human
                    {
                        let _ = out.write_all(report.report.as_bytes());
                    }
                    if report.exit_code == 0 && format == Format::Human {
                        let t = report.timings;
                        let _ = writeln!(
                            out,
                            "built {} files ({:.1} MB) into {} in {} ms: load+validate {} ms, render {} ms, publish {} ms",
                            report.files,
                            report.bytes as f64 / 1e6,
                            report.output.display(),
                            t.validate_ms + t.render_ms + t.publish_ms,
                            t.validate_ms,
                            t.render_ms,
                            t.publish_ms
                        );
                    }
                    let _ = out.flush();
                    ExitCode::from(report.exit_code as u8)
                }
                Err(fatal) => {
                    eprintln!("error: {fatal}");
                    ExitCode::from(check::EXIT_FATAL as u8)
                }
            }
        }
    }
}
