//! `sira build`: load → validate → index → render (pages, search files, open data) → publish,
//! each phase timed. A failed build prints its diagnostics and leaves the previous output
//! untouched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config;
use crate::diagnostics::{self, Diagnostic, Format, Severity, Sources};
use crate::publish::{guard, Staging};
use crate::render;
use crate::validate::{self, Options};
use sira_search_index::Model;

/// Timings of the phases, in milliseconds.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    /// Load and validate.
    pub validate_ms: u128,
    /// Build the search indexes and their static export.
    pub index_ms: u128,
    /// Render and write pages and search files.
    pub render_ms: u128,
    /// Producing and writing the open data (`data/`), alongside the index and export (so
    /// part of `index_ms`).
    pub data_ms: u128,
    /// Swap into place.
    pub publish_ms: u128,
}

/// How a build ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The site was published.
    Built,
    /// The content, theme or templates have errors: nothing was written.
    Invalid,
    /// The output folder was refused or could not be written: the previous output is intact.
    Failed,
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
    /// Built, or why not.
    pub outcome: Outcome,
}

/// Resolves the output folder: `--output` if given, else `output_dir` from sira.toml, relative
/// to the site root.
pub fn output_dir(root: &Path, config: &config::Config, flag: Option<&Path>) -> PathBuf {
    match flag {
        Some(p) => p.to_path_buf(),
        None => root.join(&config.output_dir),
    }
}

/// What a successful build keeps in memory so that `sira serve` can rebuild only what an edit
/// changes.
pub(crate) struct Kept {
    /// The options the site was validated and rendered with (today's date).
    pub options: Options,
    /// The validated site.
    pub site: crate::model::Site,
    /// Every file read, by id (diagnostics of later edits point into it).
    pub sources: Sources,
    /// How many sources precede the theme's files (which are registered again on reload).
    pub theme_mark: usize,
    /// The loaded theme.
    pub theme: render::theme::Theme,
    /// Where the search files are.
    pub search: render::SearchInfo,
    /// Cards, name order and shared contexts of the render.
    pub prepared: render::Prepared,
    /// Every file the service worker lists: path → (size, content hash).
    pub listed: BTreeMap<String, (u64, u64)>,
    /// The search export's files (content-named), which a new export replaces.
    pub search_files: Vec<String>,
    /// Each language's export model, in configuration order (empty unless kept for serving).
    pub models: Vec<Model>,
}

/// Renders the errors; warnings are only counted (`sira check` lists them).
pub(crate) fn finish(
    diags: &mut Vec<Diagnostic>,
    sources: &Sources,
    format: Format,
    color: bool,
) -> String {
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

/// Builds the site at `root` into `output` (default: the configured folder). The output is
/// replaced only when [`crate::publish::guard::check`] allows it (`force` allows a non-empty
/// folder that Sira did not write).
pub fn run(
    root: &Path,
    output: Option<&Path>,
    force: bool,
    format: Format,
    color: bool,
    options: Options,
) -> Result<BuildReport, validate::Fatal> {
    let target = Target {
        output,
        force,
        base_url: None,
    };
    run_to(root, &target, format, color, options)
}

/// Where and how a build publishes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Target<'a> {
    /// Output folder (default: `output_dir` of sira.toml).
    pub output: Option<&'a Path>,
    /// Replace a non-empty folder that Sira did not write.
    pub force: bool,
    /// The site's public address, instead of sira.toml's `base_url` (e.g. the address a CI
    /// deploys to).
    pub base_url: Option<&'a str>,
}

/// Builds the site at `root` to `target`.
pub fn run_to(
    root: &Path,
    target: &Target<'_>,
    format: Format,
    color: bool,
    options: Options,
) -> Result<BuildReport, validate::Fatal> {
    run_keeping(root, target, format, color, options, false).map(|(report, _)| report)
}

/// Builds the site at `root` and, on success, keeps what an incremental rebuild needs (the
/// search export's models only with `keep`: they are large, and only `sira serve` uses them).
pub(crate) fn run_keeping(
    root: &Path,
    target: &Target<'_>,
    format: Format,
    color: bool,
    options: Options,
    keep: bool,
) -> Result<(BuildReport, Option<Kept>), validate::Fatal> {
    let (output, force) = (target.output, target.force);
    let t0 = Instant::now();
    let mut outcome = validate::run(root, options)?;
    if let (Some(url), Some(site)) = (target.base_url, outcome.site.as_mut()) {
        match crate::values::check_url(url) {
            Ok(()) => site.config.base_url = Some(url.to_string()),
            Err(e) => outcome.diagnostics.push(
                Diagnostic::global("invalid-url", format!("--base-url `{url}`: {e}"))
                    .hint("give the site's public address, e.g. https://example.org/sira/"),
            ),
        }
    }
    let mut sources = outcome.sources;
    let mut diags = outcome.diagnostics;
    let fail = |diags: &mut Vec<Diagnostic>,
                sources: &Sources,
                code: Outcome,
                out: PathBuf,
                timings: Timings| BuildReport {
        output: out,
        files: 0,
        bytes: 0,
        timings,
        report: finish(diags, sources, format, color),
        outcome: code,
    };
    let mut timings = Timings::default();
    let Some(site) = outcome.site else {
        return Ok((
            fail(
                &mut diags,
                &sources,
                Outcome::Invalid,
                PathBuf::new(),
                timings,
            ),
            None,
        ));
    };
    let out = output_dir(root, &site.config, output);
    // Before anything else, content errors included: a build replaces its output as a whole.
    if let Err(refusal) = guard::check(root, &out, force) {
        let at = output
            .is_none()
            .then(|| (0, crate::config::value_span(sources.text(0), "output_dir")));
        diags.push(refusal.diagnostic(&out, at, false));
        diags.retain(|d| d.code == "output-refused");
        return Ok((
            fail(&mut diags, &sources, Outcome::Failed, out, timings),
            None,
        ));
    }
    // The configuration file is always the first registered file.
    let theme_mark = sources.len();
    let theme = render::theme::load(root, &site.config, 0, &mut sources, &mut diags);
    timings.validate_ms = t0.elapsed().as_millis();
    if diags.iter().any(|d| d.severity == Severity::Error) {
        // An error no file caused is the command's own (a bad --base-url): exit code 2.
        let outcome = if diags
            .iter()
            .any(|d| d.severity == Severity::Error && d.file.is_none())
        {
            Outcome::Failed
        } else {
            Outcome::Invalid
        };
        return Ok((fail(&mut diags, &sources, outcome, out, timings), None));
    }
    let Some(theme) = theme else {
        return Ok((
            fail(&mut diags, &sources, Outcome::Invalid, out, timings),
            None,
        ));
    };
    let ti = Instant::now();
    let staging = match Staging::new(&out) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::global(
                "write-failed",
                format!("cannot prepare the output folder {}: {e}", out.display()),
            ));
            return Ok((
                fail(&mut diags, &sources, Outcome::Failed, out, timings),
                None,
            ));
        }
    };
    // The open data needs neither the search export nor the pages: it is written alongside
    // the export, on the core the export's one-model-at-a-time phase leaves idle.
    let (exported, data) = std::thread::scope(|scope| {
        let data = scope.spawn(|| {
            let td = Instant::now();
            let _t = crate::trace::span("open data");
            let written = crate::opendata::write(&site, &theme.strings, staging.path());
            (written, td.elapsed().as_millis())
        });
        let exported = search_export(&site, keep, staging.path());
        let data = data
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (exported, data)
    });
    timings.index_ms = ti.elapsed().as_millis();
    let (search, search_files, written, models) = match exported {
        Ok(x) => x,
        Err(d) => {
            diags.push(d);
            return Ok((
                fail(&mut diags, &sources, Outcome::Failed, out, timings),
                None,
            ));
        }
    };
    let (data, data_ms) = data;
    timings.data_ms = data_ms;
    let data = match data {
        Ok(written) => written,
        Err(d) => {
            diags.push(d);
            return Ok((
                fail(&mut diags, &sources, Outcome::Failed, out, timings),
                None,
            ));
        }
    };
    let t1 = Instant::now();
    let (mut rendered, prepared) =
        match render::render(&site, &theme, options.today, &search, staging.path()) {
            Ok(r) => r,
            Err(mut errs) => {
                // Errors without a file are the run's own (a write failed): exit code 2.
                let code = if errs.iter().any(|d| d.file.is_none()) {
                    Outcome::Failed
                } else {
                    Outcome::Invalid
                };
                diags.append(&mut errs);
                return Ok((fail(&mut diags, &sources, code, out, timings), None));
            }
        };
    let searched: Vec<String> = search_files
        .iter()
        .map(|(p, _)| p.clone())
        .chain(written.iter().map(|(p, _, _)| p.clone()))
        .collect();
    let search_span = crate::trace::span("write search+offline");
    let listed = match write_search_and_offline(
        &site,
        &theme,
        (search_files, written),
        staging.path(),
        &mut rendered,
    ) {
        Ok(listed) => listed,
        Err(d) => {
            diags.push(d);
            return Ok((
                fail(&mut diags, &sources, Outcome::Failed, out, timings),
                None,
            ));
        }
    };
    drop(search_span);
    // Listed after the service worker on purpose: data files are for reuse, not for reading
    // offline on a phone, so they are not precached.
    rendered.bytes += data.bytes;
    rendered.files.extend(data.files);
    rendered.files.sort();
    timings.render_ms = t1.elapsed().as_millis();
    let t2 = Instant::now();
    if let Err(e) = staging.publish() {
        diags.push(Diagnostic::global(
            "write-failed",
            format!("cannot move the new site into {}: {e}", out.display()),
        ));
        return Ok((
            fail(&mut diags, &sources, Outcome::Failed, out, timings),
            None,
        ));
    }
    timings.publish_ms = t2.elapsed().as_millis();
    let report = BuildReport {
        output: out,
        files: rendered.files.len(),
        bytes: rendered.bytes,
        timings,
        report: finish(&mut diags, &sources, format, color),
        outcome: Outcome::Built,
    };
    let kept = Kept {
        options,
        site,
        sources,
        theme_mark,
        theme,
        search,
        prepared,
        listed,
        search_files: searched,
        models,
    };
    Ok((report, Some(kept)))
}

/// A file to write: path relative to the output root, bytes.
type OutFile = (String, Vec<u8>);

/// A file already written: path relative to the output root, size, content hash.
pub(crate) type Written = (String, u64, u64);

/// What [`search_export`] gives: the search pages' information, the files to write, the files
/// written, the kept models.
type SearchExport = (render::SearchInfo, Vec<OutFile>, Vec<Written>, Vec<Model>);

/// Indexes every language and exports the indexes; the search script's hashed path. With
/// `keep`, also each language's export model (what `sira serve` patches after an edit), and
/// the export's files are returned; without, they are written into `out` as they are made
/// (a large site's export is never all in memory) and listed as [`Written`].
pub(crate) fn search_export(
    site: &crate::model::Site,
    keep: bool,
    out: &Path,
) -> Result<SearchExport, Diagnostic> {
    let hash = sira_search_index::export::hash;
    let failed =
        |e: sira_search_index::IndexError| Diagnostic::global("index-failed", e.to_string());
    // One thread per language: indexing and export are independent.
    let one_model = std::sync::Mutex::new(());
    let one_model = &one_model;
    let done = std::thread::scope(|scope| {
        let handles: Vec<_> = site
            .config
            .languages
            .iter()
            .map(|lang| {
                scope.spawn(move || {
                    let index = {
                        let _t = crate::trace::span("index/tantivy");
                        // Only patching a kept model needs the documents' texts again.
                        crate::index::build_lang_with(site, lang, keep).map_err(failed)?
                    };
                    // One language's model and export at a time (their tantivy indexing stays
                    // parallel; the guard is dropped after the model): at 100,000 fiches the
                    // peak drops from 2.5 to 2.1 GB for about 3 s. `sira serve` keeps both
                    // models anyway.
                    let _one = (!keep).then(|| {
                        one_model
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                    });
                    let model = {
                        let _t = crate::trace::span("index/model");
                        index.into_model().map_err(failed)?
                    };
                    let _t = crate::trace::span("index/export");
                    if keep {
                        // `sira serve`'s model: its first export is kept for the next ones.
                        let mut model = model;
                        return Ok((model.export_changes(), Vec::new(), Some(model)));
                    }
                    let mut written = Vec::new();
                    let mut error = None;
                    let meta = model.export_each(&mut |f| {
                        if error.is_some() {
                            return;
                        }
                        match crate::site_fs::write(out, &f.path, &f.bytes) {
                            Ok(n) => written.push((f.path, n, hash(&f.bytes))),
                            Err(d) => error = Some(d),
                        }
                    });
                    if let Some(d) = error {
                        return Err(d);
                    }
                    let export = sira_search_index::export::Export {
                        meta,
                        ..Default::default()
                    };
                    Ok::<_, Diagnostic>((export, written, None))
                })
            })
            .collect();
        crate::par::join_all(handles)
            .into_iter()
            .collect::<Result<Vec<_>, _>>()
    })?;
    let mut exports = Vec::new();
    let mut written = Vec::new();
    let mut models = Vec::new();
    for (export, w, model) in done {
        exports.push(export);
        written.extend(w);
        models.extend(model);
    }
    let (info, files) = search_files(&site.config.languages, exports);
    Ok((info, files, written, models))
}

/// The files of the languages' exports (in configuration order) and of the search scripts.
pub(crate) fn search_files(
    languages: &[String],
    exports: Vec<sira_search_index::export::Export>,
) -> (render::SearchInfo, Vec<OutFile>) {
    let mut info = render::SearchInfo::default();
    let mut files = Vec::new();
    for (lang, export) in languages.iter().zip(exports) {
        info.meta.insert(lang.clone(), export.meta);
        files.extend(export.files.into_iter().map(|f| (f.path, f.bytes)));
    }
    for lang in languages {
        let js = sira_search_index::runtime_js(lang).into_bytes();
        let path = format!(
            "assets/search-{lang}.{:08x}.js",
            sira_search_index::export::hash(&js) as u32
        );
        info.scripts.insert(lang.clone(), path.clone());
        files.push((path, js));
    }
    (info, files)
}

/// Writes the search export, the manifests and the service worker (whose precache list and
/// version cover every file of the build).
fn write_search_and_offline(
    site: &crate::model::Site,
    theme: &render::theme::Theme,
    (mut files, written): (Vec<OutFile>, Vec<Written>),
    out: &Path,
    rendered: &mut render::Rendered,
) -> Result<BTreeMap<String, (u64, u64)>, Diagnostic> {
    let icon = theme
        .asset_paths
        .get("icon.svg")
        .cloned()
        .unwrap_or_else(|| "assets/icon.svg".into());
    for lang in &site.config.languages {
        files.push((
            format!("{lang}/manifest.webmanifest"),
            crate::offline::manifest(site, lang, &icon).into_bytes(),
        ));
    }
    let hash = sira_search_index::export::hash;
    let listed: BTreeMap<String, (u64, u64)> = rendered
        .pages
        .iter()
        .map(|(p, size, h)| (p.clone(), (*size, *h)))
        .chain(
            theme
                .assets
                .iter()
                .chain(files.iter().map(|(p, b)| (p, b)))
                .map(|(p, b)| (p.clone(), (b.len() as u64, hash(b)))),
        )
        .chain(written.iter().map(|(p, n, h)| (p.clone(), (*n, *h))))
        .collect();
    for (path, n, _) in written {
        rendered.bytes += n;
        rendered.files.push(path);
    }
    let sw = service_worker(&listed);
    files.push(("sw.js".to_string(), sw));
    for (path, bytes) in files {
        rendered.bytes += crate::site_fs::write(out, &path, &bytes)?;
        rendered.files.push(path);
    }
    rendered.files.sort();
    Ok(listed)
}

/// The service worker, whose precache list and version cover every listed file.
pub(crate) fn service_worker(listed: &BTreeMap<String, (u64, u64)>) -> Vec<u8> {
    let list: Vec<crate::offline::SiteFile<'_>> = listed
        .iter()
        .map(|(path, &(size, hash))| crate::offline::SiteFile { path, size, hash })
        .collect();
    crate::offline::service_worker(&list).into_bytes()
}
