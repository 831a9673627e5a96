//! Incremental rebuilds for `sira serve`: after a full build, an edit is applied to the site
//! kept in memory, and only the files it changes are written again.
//!
//! - **A fiche edit** (its default-language file or a translation): the fiche's files are read
//!   and validated again, with the checks across them; then its pages are rendered in every
//!   language, with every listing it was or is on (its regions, sectors and services, before
//!   and after), and the pages that count or list all fiches (home, regions, sectors,
//!   returnees, A–Z, verification). That is phase one, **pages**.
//! - Phase two follows. **Search**: each edited fiche is patched into each language's export
//!   model kept from the full build (`sira_search_index::Model::update`, which indexes the
//!   fiche alone), the models are exported again, only files with new (content-hashed) names
//!   are written, those no longer named are deleted, and the search pages point to the new
//!   export. Then **open data**: `data/` is built again beside the output and moved in where
//!   it differs.
//! - **A template edit** re-renders the pages whose template uses it (through `extends`,
//!   `include` or `import`), and every card when the card template uses it.
//! - Anything else (configuration, vocabularies, theme strings or assets, a file added,
//!   removed or renamed, a free page, a new day) is a full build.
//!
//! Pages whose bytes did not change are not written. Each written file replaces the old one
//! atomically; the service worker (off while serving) is written again at the end of phase
//! two when a listed file changed. The output is then byte for byte what `sira build` writes
//! from the same files (the tests check this).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::build::{self, Kept};
use crate::diagnostics::{Diagnostic, Format, Severity};
use crate::load::{self, DocKind, Document};
use crate::publish;
use crate::render::{self, Change};
use crate::validate::Options;

/// A site kept in memory between rebuilds.
pub(crate) struct Session {
    root: PathBuf,
    output: PathBuf,
    kept: Kept,
    /// Fiche files (display names) → the fiche's index.
    files: HashMap<String, usize>,
    /// Fiches whose last edit has errors, with the diagnostics (the site keeps their last good
    /// version).
    broken: BTreeMap<usize, Vec<Diagnostic>>,
    /// Fiches edited since the search export was last brought up to date.
    search_stale: BTreeSet<usize>,
    /// Whether the open data lags behind the pages.
    data_stale: bool,
    /// Whether the service worker lags behind the listed files.
    sw_stale: bool,
    /// Search files the export no longer lists: deleted after the search is marked updated
    /// (nothing refers to them any more), before the open data.
    search_gone: Vec<String>,
}

/// What an incremental rebuild did.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// The pages are up to date.
    Pages(Summary),
    /// Some edited fiche has errors (the rendered report); good edits were still applied.
    Failed(Option<Summary>, String),
    /// The change needs a full build, for this reason.
    Full(String),
}

/// Counts of an incremental step.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    /// Pages rendered again.
    pub rendered: usize,
    /// Files written (their bytes changed), including the service worker.
    pub written: usize,
    /// Files deleted.
    pub deleted: usize,
    /// What was rebuilt, in words (`centre-test`, `templates card.html`).
    pub what: Vec<String>,
}

/// A step failed in a way the session cannot recover from: the next change builds in full.
#[derive(Debug)]
pub(crate) struct Lost(pub String);

impl Session {
    /// Keeps a successful full build of the site at `root` written to `output`.
    pub fn new(root: &Path, output: &Path, kept: Kept) -> Session {
        let mut files = HashMap::new();
        for (i, f) in kept.site.fiches.iter().enumerate() {
            files.insert(kept.sources.name(f.file).to_string(), i);
            for t in f.translations.values() {
                files.insert(kept.sources.name(t.file).to_string(), i);
            }
        }
        Session {
            root: root.to_path_buf(),
            output: output.to_path_buf(),
            kept,
            files,
            broken: BTreeMap::new(),
            search_stale: BTreeSet::new(),
            search_gone: Vec::new(),
            data_stale: false,
            sw_stale: false,
        }
    }

    /// Applies the edits of `changed` (absolute paths) made on `options.today`.
    pub fn apply(&mut self, changed: &[PathBuf], options: Options) -> Result<Outcome, Lost> {
        if options.today != self.kept.options.today {
            return Ok(Outcome::Full("a new day (freshness changes)".into()));
        }
        let mut fiches = BTreeSet::new();
        let mut theme = false;
        for path in changed {
            let name = crate::site_fs::display_name(&self.root, path);
            if name.starts_with("themes/") || name.starts_with("templates/") {
                theme = true;
            } else if let Some(&i) = self.files.get(&name).filter(|_| path.is_file()) {
                fiches.insert(i);
            } else if path.is_dir() || (!path.exists() && !self.files.contains_key(&name)) {
                // A folder's own event (its files have theirs), or a file that came and went
                // (an editor's or `sed -i`'s temporary file).
            } else {
                return Ok(Outcome::Full(full_reason(&name)));
            }
        }
        if theme && !fiches.is_empty() {
            return Ok(Outcome::Full(
                "templates and fiches changed together".into(),
            ));
        }
        let mut summary = Summary::default();
        if theme {
            if let Some(reason) = self.reload_theme(&mut summary)? {
                return Ok(Outcome::Full(reason));
            }
        }
        // A fiche still in error stays reported whatever else changed.
        for i in fiches {
            self.apply_fiche(i, &mut summary)?;
        }
        if self.broken.is_empty() {
            return Ok(Outcome::Pages(summary));
        }
        let mut diags: Vec<Diagnostic> = self.broken.values().flatten().cloned().collect();
        let report = build::finish(&mut diags, &self.kept.sources, Format::Human, false);
        let done = (summary.rendered > 0).then_some(summary);
        Ok(Outcome::Failed(done, report))
    }

    /// Reads, validates and renders fiche `i` again.
    fn apply_fiche(&mut self, i: usize, summary: &mut Summary) -> Result<(), Lost> {
        let kept = &mut self.kept;
        let fiche = &kept.site.fiches[i];
        let section = fiche.section.clone();
        let slug = fiche.slug.clone();
        let default_lang = kept.site.config.default_language.clone();
        let group: Vec<(usize, String)> = std::iter::once((fiche.file, default_lang.clone()))
            .chain(fiche.translations.iter().map(|(l, t)| (t.file, l.clone())))
            .collect();
        let mut diags = Vec::new();
        let mut docs = Vec::new();
        for (file, lang) in group {
            let path = self.root.join(kept.sources.name(file));
            if !load::reregister(
                load::read_text(&self.root, &path),
                file,
                &mut kept.sources,
                &mut diags,
            ) {
                continue;
            }
            let text = kept.sources.text(file).clone();
            if let Some((front, body)) = load::split_front_matter(&text, file, &mut diags) {
                docs.push(Document {
                    file,
                    kind: DocKind::Fiche {
                        section: section.clone(),
                    },
                    slug: slug.clone(),
                    is_default: lang == default_lang,
                    lang,
                    front,
                    body,
                });
            }
        }
        let (new, mut more) = if diags.iter().any(|d| d.severity == Severity::Error)
            || docs.first().is_none_or(|d| !d.is_default)
        {
            (None, Vec::new())
        } else {
            let mut known: Vec<&str> = kept.site.fiches.iter().map(|f| f.slug.as_str()).collect();
            known.sort_unstable();
            crate::validate::revalidate_fiche(
                &kept.site.config,
                &kept.site.vocab,
                kept.options,
                &kept.sources,
                &section,
                &docs,
                &known,
            )
        };
        diags.append(&mut more);
        let Some(new) = new else {
            diags.retain(|d| d.severity == Severity::Error);
            self.broken.insert(i, diags);
            return Ok(());
        };
        self.broken.remove(&i);
        let old = std::mem::replace(&mut kept.site.fiches[i], new);
        summary.what.push(slug);
        self.render(&Change::Fiche { i, old: &old }, summary)?;
        self.search_stale.insert(i);
        self.data_stale = true;
        Ok(())
    }

    /// Loads the theme again; `Some(reason)` when only a full build can apply the change.
    fn reload_theme(&mut self, summary: &mut Summary) -> Result<Option<String>, Lost> {
        let kept = &mut self.kept;
        kept.sources.truncate(kept.theme_mark);
        let mut diags = Vec::new();
        let theme = render::theme::load(
            &self.root,
            &kept.site.config,
            0,
            &mut kept.sources,
            &mut diags,
        );
        let theme = match theme {
            Some(t) if !diags.iter().any(|d| d.severity == Severity::Error) => t,
            _ => {
                let report = build::finish(&mut diags, &kept.sources, Format::Human, false);
                return Err(Lost(report));
            }
        };
        let old = &kept.theme;
        let strings = |t: &render::theme::Theme| serde_json::to_value(&t.strings).ok();
        if theme.assets != old.assets || strings(&theme) != strings(old) {
            return Ok(Some("the theme's strings or files changed".into()));
        }
        let texts = |t: &render::theme::Theme| -> BTreeMap<String, std::sync::Arc<str>> {
            t.template_files
                .iter()
                .filter_map(|(n, id)| Some((n.clone(), t.template_texts.get(id)?.clone())))
                .collect()
        };
        let (before, after) = (texts(old), texts(&theme));
        if before.keys().ne(after.keys()) {
            return Ok(Some("a template was added or removed".into()));
        }
        let names: BTreeSet<String> = after
            .iter()
            .filter(|(n, t)| before.get(*n) != Some(*t))
            .map(|(n, _)| n.clone())
            .collect();
        kept.theme = theme;
        if !names.is_empty() {
            summary.what.push(format!(
                "templates {}",
                names.iter().cloned().collect::<Vec<_>>().join(", ")
            ));
            self.render(&Change::Templates(&names), summary)?;
        }
        Ok(None)
    }

    /// Renders what `change` affects and writes the pages whose bytes changed.
    fn render(&mut self, change: &Change<'_>, summary: &mut Summary) -> Result<(), Lost> {
        let kept = &mut self.kept;
        let prepared = std::mem::take(&mut kept.prepared);
        let (prepared, pages) = render::rerender(
            &kept.site,
            &kept.theme,
            kept.options.today,
            &kept.search,
            prepared,
            change,
        );
        kept.prepared = prepared;
        let pages = pages.map_err(|mut diags| {
            Lost(build::finish(
                &mut diags,
                &kept.sources,
                Format::Human,
                false,
            ))
        })?;
        summary.rendered += pages.len();
        let files: Vec<(String, Vec<u8>)> = pages
            .into_iter()
            .map(|(p, html)| (p, html.into_bytes()))
            .collect();
        self.write_listed(files, false, summary)
    }

    /// Whether phase two has work: the search export, the open data or the service worker.
    pub fn pending(&self) -> bool {
        !self.search_stale.is_empty()
            || self.data_stale
            || self.sw_stale
            || !self.search_gone.is_empty()
    }

    /// Phase two, part one: the search export, when fiches changed.
    pub fn finish_search(&mut self) -> Result<Option<Summary>, Lost> {
        if self.search_stale.is_empty() {
            Ok(None)
        } else {
            self.refresh_search().map(Some)
        }
    }

    /// Phase two, part two: the open data, when fiches changed.
    /// First deletes the search files the export no longer lists (counted in the summary).
    pub fn finish_open_data(&mut self) -> Result<Option<Summary>, Lost> {
        let deleted = self.search_gone.len();
        for gone in std::mem::take(&mut self.search_gone) {
            let _ = std::fs::remove_file(self.output.join(&gone));
        }
        let mut summary = if self.data_stale {
            self.refresh_open_data()?
        } else if deleted > 0 {
            Summary::default()
        } else {
            return Ok(None);
        };
        summary.deleted += deleted;
        Ok(Some(summary))
    }

    /// Phase two, part three: the service worker, when a listed file changed. Whether it was
    /// written.
    pub fn finish_service_worker(&mut self) -> Result<bool, Lost> {
        if !self.sw_stale {
            return Ok(false);
        }
        let sw = build::service_worker(&self.kept.listed);
        self.replace("sw.js", &sw)?;
        self.sw_stale = false;
        Ok(true)
    }

    /// Writes listed files whose bytes changed (the service worker follows in phase two):
    /// replaced atomically, or with `unnamed` (files no page names yet) written in place.
    fn write_listed(
        &mut self,
        files: Vec<(String, Vec<u8>)>,
        unnamed: bool,
        summary: &mut Summary,
    ) -> Result<(), Lost> {
        // Hashed, compared and written on all cores: a fiche edit rewrites megabytes of
        // listings.
        let listed = &self.kept.listed;
        let session = &*self;
        let written = crate::par::map_heavy(&files, |(path, bytes)| {
            let entry = (bytes.len() as u64, sira_search_index::export::hash(bytes));
            if listed.get(path) == Some(&entry) {
                return Ok(None);
            }
            if unnamed {
                session.write_new(path, bytes)
            } else {
                session.replace(path, bytes)
            }
            .map(|()| Some(entry))
        });
        let mut lost = None;
        for ((path, _), w) in files.into_iter().zip(written) {
            match w {
                Ok(Some(entry)) => {
                    self.kept.listed.insert(path, entry);
                    summary.written += 1;
                    self.sw_stale = true;
                }
                Ok(None) => {}
                Err(e) => lost = lost.or(Some(e)),
            }
        }
        lost.map_or(Ok(()), Err)
    }

    fn write_new(&self, rel: &str, bytes: &[u8]) -> Result<(), Lost> {
        self.written(rel, publish::write_new_file(&self.output, rel, bytes))
    }

    fn replace(&self, rel: &str, bytes: &[u8]) -> Result<(), Lost> {
        self.written(rel, publish::replace_file(&self.output, rel, bytes))
    }

    /// A write's outcome, its error naming the file.
    fn written(&self, rel: &str, outcome: std::io::Result<()>) -> Result<(), Lost> {
        outcome.map_err(|e| {
            Lost(format!(
                "cannot write {}: {e}",
                self.output.join(rel).display()
            ))
        })
    }

    /// The search export and the search pages: the edited fiches are patched into each
    /// language's export model (indexed alone, as the full build indexes them), the model is
    /// exported again, and only the files that are new (names carry a content hash) are
    /// written; those the export no longer has are deleted.
    fn refresh_search(&mut self) -> Result<Summary, Lost> {
        let mut summary = Summary::default();
        let edited = std::mem::take(&mut self.search_stale);
        let kept = &mut self.kept;
        let site = &kept.site;
        let default = &site.config.default_language;
        let languages = &site.config.languages;
        if kept.models.len() != languages.len() {
            return Err(Lost(
                "the search export's models were not kept: building in full".into(),
            ));
        }
        // One thread per language, as in a full build.
        let export_span = crate::trace::span("serve/search/export");
        let mut exports = std::thread::scope(|scope| {
            let handles: Vec<_> = kept
                .models
                .iter_mut()
                .zip(languages)
                .map(|(model, lang)| {
                    let edited = &edited;
                    scope.spawn(move || {
                        for &i in edited {
                            let f = &site.fiches[i];
                            let doc = crate::index::search_doc(f, lang, &site.vocab, default);
                            let url = doc.url.clone();
                            let doc = (f.front.draft != Some(true)).then_some(doc);
                            let _t = crate::trace::span("serve/search/update");
                            model.update(&url, doc)?;
                        }
                        let _t = crate::trace::span("serve/search/serialise");
                        Ok::<_, sira_search_index::IndexError>(model.export_changes())
                    })
                })
                .collect();
            crate::par::join_all(handles)
                .into_iter()
                .collect::<Result<Vec<_>, _>>()
        })
        .map_err(|e| Lost(format!("cannot index the site: {e}")))?;
        drop(export_span);
        let _write_span = crate::trace::span("serve/search/write");
        // Only the files the previous export did not have were made; the others are listed.
        let unchanged: Vec<String> = exports
            .iter_mut()
            .flat_map(|e| std::mem::take(&mut e.unchanged))
            .collect();
        let (search, files) = build::search_files(languages, exports);
        // Names carry a content hash: a name already written holds the same bytes.
        let names: Vec<String> = files
            .iter()
            .map(|(p, _)| p.clone())
            .chain(unchanged)
            .collect();
        let old = std::mem::replace(&mut kept.search_files, names);
        let (before, now): (BTreeSet<&String>, BTreeSet<&String>) =
            (old.iter().collect(), kept.search_files.iter().collect());
        let gone: Vec<String> = old.iter().filter(|p| !now.contains(p)).cloned().collect();
        let new: Vec<(String, Vec<u8>)> = files
            .into_iter()
            .filter(|(p, _)| !before.contains(p))
            .collect();
        {
            let _t = crate::trace::span("serve/search/write-new");
            // New names (a content hash): only the search pages rendered next refer to them.
            self.write_listed(new, true, &mut summary)?;
        }
        for gone in gone {
            self.kept.listed.remove(&gone);
            self.search_gone.push(gone);
            self.sw_stale = true;
        }
        if search.meta != self.kept.search.meta || search.scripts != self.kept.search.scripts {
            let _t = crate::trace::span("serve/search/pages");
            self.kept.search = search;
            self.render(&Change::Search, &mut summary)?;
        }
        Ok(summary)
    }

    /// The open data, built beside the output and moved in where it differs.
    fn refresh_open_data(&mut self) -> Result<Summary, Lost> {
        let mut summary = Summary::default();
        let staging = publish::Staging::new(&self.output)
            .map_err(|e| Lost(format!("cannot prepare the open data: {e}")))?;
        let written =
            crate::opendata::write(&self.kept.site, &self.kept.theme.strings, staging.path())
                .map_err(|d| Lost(d.message))?;
        for rel in &written.files {
            let fresh = staging.path().join(rel);
            let now = self.output.join(rel);
            let same = match (std::fs::read(&fresh), std::fs::read(&now)) {
                (Ok(a), Ok(b)) => a == b,
                _ => false,
            };
            if !same {
                std::fs::rename(&fresh, &now)
                    .map_err(|e| Lost(format!("cannot write {}: {e}", now.display())))?;
                summary.written += 1;
            }
        }
        self.data_stale = false;
        Ok(summary)
    }
}

/// Why a changed content path needs a full build.
fn full_reason(name: &str) -> String {
    if name == crate::config::FILE_NAME {
        "the configuration changed".into()
    } else if name.starts_with("content/_") {
        "a vocabulary changed".into()
    } else if name.starts_with(&format!("content/{}/", load::PAGES_DIR)) {
        "a page changed".into()
    } else {
        format!("{name} was added, removed or renamed")
    }
}

/// Times a step, for the terminal.
pub(crate) fn timed<T>(f: impl FnOnce() -> T) -> (T, u128) {
    let t = Instant::now();
    let r = f();
    (r, t.elapsed().as_millis())
}
