//! Stage 2, **validate**: check every loaded file against the schema and vocabularies, then
//! across files (slugs, translations, freshness), collecting every problem in one run.

mod across;
mod document;
mod facts;
pub mod synonyms;
mod vocab_files;

pub(crate) use across::revalidate_fiche;
use across::validate_documents;

use std::path::Path;

use crate::config::{self};
use crate::diagnostics::{Diagnostic, Sources};
use crate::load::{self};
use crate::model::Site;
pub use crate::values::today;
use crate::values::Date;

/// Options of a validation run.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// "Today", for freshness and future dates (from `SOURCE_DATE_EPOCH` or the clock).
    pub today: Date,
}

impl Options {
    /// Options for a run now: today from `SOURCE_DATE_EPOCH` or the clock.
    pub fn now() -> Self {
        Options { today: today() }
    }
}

/// The result of loading and validating a site.
#[derive(Debug)]
pub struct Outcome {
    /// The site, when the configuration could be read (even with errors elsewhere).
    pub site: Option<Site>,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of every file named by a diagnostic.
    pub sources: Sources,
}

/// Why a site could not be checked at all (exit code 2).
#[derive(Debug)]
pub enum Fatal {
    /// The site root has no `sira.toml`.
    NoConfig(std::path::PathBuf),
    /// The site root has no `content/` folder.
    NoContent(std::path::PathBuf),
}

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fatal::NoConfig(p) => write!(
                f,
                "no site configuration at {}: run sira in a site folder, or pass --root DIR",
                p.display()
            ),
            Fatal::NoContent(p) => write!(
                f,
                "no content folder at {}: a site keeps its fiches in content/",
                p.display()
            ),
        }
    }
}

impl std::error::Error for Fatal {}

/// Loads and validates the site at `root`.
pub fn run(root: &Path, options: Options) -> Result<Outcome, Fatal> {
    let mut sources = Sources::default();
    let mut diags = Vec::new();
    let config_path = root.join(config::FILE_NAME);
    if !config_path.is_file() {
        return Err(Fatal::NoConfig(config_path));
    }
    let content = load::content_dir(root);
    if !content.is_dir() {
        return Err(Fatal::NoContent(content));
    }
    let (config_file, ok) = load::read_file(
        root,
        &config_path,
        config::FILE_NAME,
        &mut sources,
        &mut diags,
    );
    let config = if ok {
        config::parse(&sources.text(config_file).clone(), config_file, &mut diags)
    } else {
        None
    };
    let Some(config) = config else {
        return Ok(Outcome {
            site: None,
            diagnostics: diags,
            sources,
        });
    };
    let vocab = vocab_files::load(
        root,
        &content,
        &config,
        config_file,
        &mut sources,
        &mut diags,
    );
    let load_span = crate::trace::span("load");
    let loaded = load::load(
        root,
        &content,
        &config.default_language,
        &config.languages,
        &mut sources,
        &mut diags,
    );
    drop(load_span);
    let _validate_span = crate::trace::span("validate");
    let (fiches, pages) = validate_documents(
        &loaded.documents,
        &config,
        &vocab,
        &sources,
        options,
        &mut diags,
    );
    Ok(Outcome {
        site: Some(Site {
            config,
            vocab,
            fiches,
            pages,
        }),
        diagnostics: diags,
        sources,
    })
}
