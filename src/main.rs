//! The `sira` command line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use sira::check;
use sira::diagnostics::Format;
use sira::search;
use sira::validate;

/// mimalloc instead of the system allocator (Cargo.toml says why).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// Replace the output folder even when it holds files Sira did not write (they are
        /// deleted). Never allowed for the site folder, its parents or its inputs.
        #[arg(long)]
        force: bool,
        /// The site's public address (sitemap, canonical and hreflang links, absolute links of
        /// the not-found page), instead of `base_url` in sira.toml: e.g. the address CI
        /// deploys to.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Format of the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// When to colour the human output.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
    },
    /// Search the fiches as the site's search does (same index, same ranking).
    ///
    /// Filter values accept a vocabulary id, an ISO code, or a label or alias in any language,
    /// case and accents ignored; repeat a filter for OR. Exit codes: 0 answered (even with no
    /// result), 1 content errors, 2 usage error (unknown language or filter value).
    Search {
        #[command(flatten)]
        request: search::Request,
        /// Print the ranked results with name, URL, score and facets as JSON.
        #[arg(long)]
        json: bool,
        /// Results shown in the human output.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Read one JSON request per line on stdin (`{"q": "...", "lang": "fr", "region": [..]}`)
        /// and print one JSON answer per line (for tests and tools).
        #[arg(long)]
        batch: bool,
        /// Run the judged queries of FILE (TOML `[[query]]` tables: q, lang, relevant fiches
        /// as section/slug) and print recall@5, MRR and empty answers (with --json: per query).
        #[arg(long, value_name = "FILE", conflicts_with = "batch")]
        eval: Option<PathBuf>,
    },
    /// Build, serve the site on localhost, rebuild on every change and reload the open pages.
    ///
    /// Watches sira.toml, content/, themes/ and templates/. A failed rebuild keeps serving the
    /// last good site and shows the errors in the browser. Exit codes: 2 when the server cannot
    /// start (port taken, no site); it runs until stopped otherwise.
    Serve {
        /// Port (default 1111, or any free port when 1111 is taken).
        #[arg(long)]
        port: Option<u16>,
        /// Address to listen on. Only 127.0.0.1 (this machine) unless you ask: `--bind 0.0.0.0`
        /// lets other machines of the network read the site.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Output folder (default: output_dir of sira.toml).
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Compare the files' contents twice a second instead of waiting for file-system events
        /// (network or virtual file systems that send none).
        #[arg(long)]
        poll: bool,
        /// Replace the output folder even when it holds files Sira did not write (they are
        /// deleted), as `sira build --force`.
        #[arg(long)]
        force: bool,
    },
    /// Write a commented skeleton of a new fiche, and of its translations, ready to fill in.
    ///
    /// Writes content/SECTION/SLUG.md and content/SECTION/SLUG.LANG.md for every other language.
    /// Exit codes: 0 written, 2 invalid name, unknown section, existing slug or I/O failure.
    New {
        /// Section folder under content/ (e.g. `formation`).
        section: String,
        /// Slug of the fiche: lowercase letters, digits and single hyphens, unique in the site.
        slug: String,
    },
    /// Print the JSON Schema (Draft 4) of the fiche front matter, for editors (Taplo, Even
    /// Better TOML); generated from the same declaration `sira check` uses.
    Schema {
        /// The schema of translation files (`<slug>.<lang>.md`) instead.
        #[arg(long)]
        translation: bool,
    },
    /// Show how text is analysed for search (terms after folding, stopwords and stemming), one
    /// line per input line; with --query, how the site's search reads a query: the terms each
    /// word stands for, stopwords, synonyms and the facet values it names. A debugging aid.
    Analyze {
        /// Language whose analyzer to use.
        #[arg(long, default_value = "fr")]
        lang: String,
        /// Read the text as a query on this site's index (loads the site; uses its thesaurus,
        /// content/_vocab/synonyms.toml).
        #[arg(long)]
        query: bool,
        /// Text (default: read lines from stdin).
        text: Option<String>,
    },
}

/// Exit code: success (built, checked without errors, answered).
const EXIT_OK: u8 = 0;
/// Exit code: the content has errors (or warnings with `--deny-warnings`).
const EXIT_PROBLEMS: u8 = 1;
/// Exit code: usage error, no site, an output refused or not writable, a server that cannot start.
const EXIT_FATAL: u8 = 2;

/// The exit code of a build's outcome.
fn build_exit(outcome: sira::build::Outcome) -> u8 {
    match outcome {
        sira::build::Outcome::Built => EXIT_OK,
        sira::build::Outcome::Invalid => EXIT_PROBLEMS,
        sira::build::Outcome::Failed => EXIT_FATAL,
    }
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
            let code = if e.use_stderr() { EXIT_FATAL } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
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
            let options = validate::Options::now();
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
                    ExitCode::from(if report.passed {
                        EXIT_OK
                    } else {
                        EXIT_PROBLEMS
                    })
                }
                Err(e) => fatal(e),
            }
        }
        Command::Build {
            output,
            force,
            base_url,
            format,
            color,
        } => {
            let options = validate::Options::now();
            let target = sira::build::Target {
                output: output.as_deref(),
                force,
                base_url: base_url.as_deref(),
            };
            match sira::build::run_to(&cli.root, &target, format, use_color(color), options) {
                Ok(report) => {
                    let mut out = std::io::stdout().lock();
                    if report.outcome != sira::build::Outcome::Built
                        || report.report.lines().count() > 1
                        || format != Format::Human
                    {
                        let _ = out.write_all(report.report.as_bytes());
                    }
                    if report.outcome == sira::build::Outcome::Built && format == Format::Human {
                        let t = report.timings;
                        let _ = writeln!(
                            out,
                            "built {} files ({:.1} MB) into {} in {} ms: load+validate {} ms, index+export {} ms (open data {} ms alongside), render {} ms, publish {} ms",
                            report.files,
                            report.bytes as f64 / 1e6,
                            report.output.display(),
                            t.validate_ms + t.index_ms + t.render_ms + t.publish_ms,
                            t.validate_ms,
                            t.index_ms,
                            t.data_ms,
                            t.render_ms,
                            t.publish_ms
                        );
                    }
                    let _ = out.flush();
                    ExitCode::from(build_exit(report.outcome))
                }
                Err(e) => fatal(e),
            }
        }
        Command::Search {
            request,
            json,
            limit,
            batch,
            eval,
        } => match eval {
            Some(file) => run_eval(&cli.root, &file, json),
            None => run_search(&cli.root, request, json, limit, batch),
        },
        Command::Serve {
            port,
            bind,
            output,
            poll,
            force,
        } => {
            let settings = sira::serve::Settings {
                bind,
                port,
                output,
                poll,
                force,
            };
            match sira::serve::run(&cli.root, &settings) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fatal(e),
            }
        }
        Command::New { section, slug } => {
            let site = match site_settings(&cli.root) {
                Ok(site) => site,
                Err(code) => return code,
            };
            match sira::scaffold::new_fiche(&cli.root, &site.config, &site.vocab, &section, &slug) {
                Ok(files) => {
                    for f in files {
                        println!("wrote {}", f.display());
                    }
                    println!("fill in the required fields, then run: sira check");
                    ExitCode::SUCCESS
                }
                Err(e) => fatal(e),
            }
        }
        Command::Schema { translation } => {
            let site = match site_settings(&cli.root) {
                Ok(site) => site,
                Err(code) => return code,
            };
            let schema =
                sira::schema_json::fiche_schema(&site.vocab, &site.config.languages, translation);
            println!("{schema:#}");
            ExitCode::SUCCESS
        }
        Command::Analyze {
            lang,
            query: true,
            text,
        } => {
            let searcher = match search::Searcher::open(&cli.root, validate::Options::now()) {
                Ok(s) => s,
                Err(e) => return search_error(e),
            };
            let lines: Vec<String> = match text {
                Some(t) => vec![t],
                None => std::io::stdin().lines().map_while(Result::ok).collect(),
            };
            let mut out = std::io::stdout().lock();
            for line in lines {
                match searcher.explain(&lang, &line) {
                    Ok(text) => {
                        let _ = write!(out, "{text}");
                    }
                    Err(e) => return search_error(e),
                }
            }
            ExitCode::SUCCESS
        }
        Command::Analyze { lang, text, .. } => {
            let mut out = std::io::stdout().lock();
            let lines: Vec<String> = match text {
                Some(t) => vec![t],
                None => std::io::stdin().lines().map_while(Result::ok).collect(),
            };
            for line in lines {
                let tokens = sira_search_index::analysis::analyze(&lang, &line);
                let _ = writeln!(out, "{}", tokens.join(" "));
            }
            ExitCode::SUCCESS
        }
    }
}

/// The site's configuration and vocabularies (fiches may have errors; these may not).
fn site_settings(root: &std::path::Path) -> Result<sira::model::Site, ExitCode> {
    let outcome = validate::run(root, validate::Options::now()).map_err(fatal)?;
    match outcome.site {
        Some(site) if !site.vocab.get(sira::vocab::VocabKind::Regions).terms.is_empty() => Ok(site),
        _ => Err(fatal(
            "the site configuration or vocabularies have errors: run `sira check` and fix them first",
        )),
    }
}

/// Prints an I/O or usage failure; exit code 2.
fn fatal(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_FATAL)
}

fn search_error(e: search::SearchError) -> ExitCode {
    match e {
        search::SearchError::Invalid(m) => {
            eprintln!("error: {m}");
            ExitCode::from(EXIT_PROBLEMS)
        }
        search::SearchError::Usage(m) | search::SearchError::Fatal(m) => fatal(m),
    }
}

fn run_eval(root: &std::path::Path, file: &std::path::Path, json: bool) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => return fatal(format!("{}: {e}", file.display())),
    };
    let queries = match sira::search::eval::parse(&text) {
        Ok(q) => q,
        Err(e) if e.starts_with(|c: char| c.is_ascii_digit()) => {
            return fatal(format!("{}:{e}", file.display()))
        }
        Err(e) => return fatal(format!("{}: {e}", file.display())),
    };
    let searcher = match search::Searcher::open(root, validate::Options::now()) {
        Ok(s) => s,
        Err(e) => return search_error(e),
    };
    match sira::search::eval::run(&searcher, queries) {
        Ok(report) => {
            let text = if json {
                format!("{:#}\n", report.json())
            } else {
                report.human()
            };
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => search_error(e),
    }
}

fn run_search(
    root: &std::path::Path,
    request: search::Request,
    json: bool,
    limit: usize,
    batch: bool,
) -> ExitCode {
    let options = validate::Options::now();
    let searcher = match search::Searcher::open(root, options) {
        Ok(s) => s,
        Err(e) => return search_error(e),
    };
    let mut out = std::io::stdout().lock();
    if batch {
        for (n, line) in std::io::stdin().lines().map_while(Result::ok).enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let request: search::Request = match serde_json::from_str(&line) {
                Ok(r) => r,
                Err(e) => return fatal(format!("stdin line {}: {e}", n + 1)),
            };
            match searcher.run(&request) {
                Ok(answer) => {
                    let _ = writeln!(out, "{answer}");
                }
                Err(e) => return search_error(e),
            }
        }
        return ExitCode::SUCCESS;
    }
    match searcher.run(&request) {
        Ok(answer) => {
            let text = if json {
                format!("{answer:#}\n")
            } else {
                search::human(&answer, limit)
            };
            let _ = out.write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => search_error(e),
    }
}
