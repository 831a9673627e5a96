//! Stage 2, **validate**: check every loaded file against the schema and vocabularies, then
//! across files (slugs, translations, freshness), collecting every problem in one run.

pub mod schema;
pub mod values;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::de::DeTable;

use crate::config::{self, Config};
use crate::diagnostics::{Diagnostic, FileId, Sources};
use crate::load::{self, DocKind, Document};
use crate::model::{Fiche, FicheFront, Page, PageFront, Site, Translation};
use crate::vocab::{self, VocabKind, Vocabularies};
use schema::{Walker, ELIGIBILITY};
use values::Date;

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
    let vocab = load_vocabularies(
        root,
        &content,
        &config,
        config_file,
        &mut sources,
        &mut diags,
    );
    let loaded = load::load(
        root,
        &content,
        &config.default_language,
        &config.languages,
        &mut sources,
        &mut diags,
    );
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

fn load_vocabularies(
    root: &Path,
    content: &Path,
    config: &Config,
    config_file: FileId,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Vocabularies {
    let mut vocab = Vocabularies::default();
    for kind in VocabKind::ALL {
        let path = content
            .join(load::VOCAB_DIR)
            .join(format!("{}.toml", kind.file_stem()));
        if !path.is_file() {
            diags.push(
                Diagnostic::error(
                    "missing-vocabulary",
                    config_file,
                    0..0,
                    format!("the vocabulary file content/_vocab/{}.toml is missing", kind.file_stem()),
                )
                .hint("every site needs regions, sectors, services, kinds, languages, documents and eligibility vocabularies; copy them from Sira's own content/_vocab/"),
            );
            continue;
        }
        let name = load::display_name(root, &path);
        let (file, ok) = load::read_file(root, &path, &name, sources, diags);
        if !ok {
            continue;
        }
        let text = sources.text(file).clone();
        let v = vocab::parse(kind, &text, file, &config.languages, diags);
        if kind == VocabKind::Eligibility && !v.terms.is_empty() {
            vocab::check_exact_ids(&v, ELIGIBILITY, file, diags);
        }
        if kind == VocabKind::Regions {
            for t in &v.terms {
                if let Some(parent) = &t.formed_from {
                    if v.get(parent).is_none() {
                        let at = text
                            .find(&format!("formed_from = \"{parent}\""))
                            .map(|i| i..i + parent.len() + 16)
                            .unwrap_or(0..0);
                        diags.push(Diagnostic::error(
                            "unknown-region",
                            file,
                            at,
                            format!("`formed_from`: unknown region `{parent}`"),
                        ));
                    }
                }
            }
        }
        vocab.insert(kind, v);
    }
    // The search thesaurus is optional; it names vocabulary terms, so it comes last.
    let path = content.join(load::VOCAB_DIR).join(crate::synonyms::FILE);
    if path.is_file() {
        let name = load::display_name(root, &path);
        let (file, ok) = load::read_file(root, &path, &name, sources, diags);
        if ok {
            let text = sources.text(file).clone();
            vocab.synonyms = crate::synonyms::parse(&text, file, &config.languages, &vocab, diags);
        }
    }
    vocab
}

enum Parsed_ {
    Fiche(Option<Box<Parsed<FicheFront>>>),
    Page(Option<Parsed<PageFront>>),
}

/// What every document check needs besides the document.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    config: &'a Config,
    vocab: &'a Vocabularies,
    options: Options,
}

/// A translation's array-entry ids with their spans, to match against the default file.
type IdSpans = Vec<(&'static str, String, Range<usize>)>;

struct Parsed<F> {
    front: F,
    body: crate::model::Body,
    verified: Option<Date>,
    ids: IdSpans,
    sources_count: usize,
}

impl<F> Parsed<F> {
    /// The parsed file as the translation `doc` is.
    fn translation(self, doc: &Document) -> Translation<F> {
        Translation {
            file: doc.file,
            front: self.front,
            body: self.body,
        }
    }
}

fn parse_document<F: for<'de> Deserialize<'de>>(
    doc: &Document,
    fields: &[schema::Field],
    text: &Arc<str>,
    default_file: Option<String>,
    ctx: &Ctx<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Parsed<F>> {
    let Ctx {
        config,
        vocab,
        options,
    } = *ctx;
    let front_text = &text[doc.front.clone()];
    // A syntax error does not stop the check: the recovered tree is still walked, so every
    // other problem of the file is reported in the same run.
    let (mut tree, errors) = DeTable::parse_recoverable(front_text);
    let syntax_ok = errors.is_empty();
    diags.extend(
        errors
            .iter()
            .map(|e| load::toml_error(e, doc.file, doc.front.start, text)),
    );
    // The opening `+++` fence, where a missing top-level key is reported.
    let fence = text[..doc.front.start].trim_end_matches(['\n', '\r']).len();
    let header = fence.saturating_sub(3)..fence;
    let mut walker = Walker {
        file: doc.file,
        base: doc.front.start,
        vocab: Some(vocab),
        languages: &config.languages,
        translation: !doc.is_default,
        default_file,
        report_missing: syntax_ok,
        root_header: header.clone(),
        skip: errors.iter().filter_map(|e| e.span()).collect(),
        diags: Vec::new(),
    };
    walker.table(tree.get_ref(), fields, "", 0..0);
    let failed = walker
        .diags
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error);
    let at = |r: Range<usize>| r.start + doc.front.start..r.end + doc.front.start;
    let mut local = walker.diags;
    // Semantic checks that need spans.
    let verified = match tree.get_ref().get("last_verified") {
        Some(v) => match schema::date_of(v.get_ref()) {
            Ok(d) => {
                if d.days_since_epoch() > options.today.days_since_epoch() {
                    local.push(
                        Diagnostic::error(
                            "impossible-date",
                            doc.file,
                            at(v.span()),
                            format!(
                                "`last_verified` = {d} is in the future (today is {})",
                                options.today
                            ),
                        )
                        .hint("write the date the facts were actually checked"),
                    );
                } else {
                    if let Some(age) = config.check.stale_age(d, options.today) {
                        local.push(
                            Diagnostic::warning(
                                "stale-fiche",
                                doc.file,
                                at(v.span()),
                                format!("last verified {d}, {age} days ago (more than {} days)", config.check.max_age_days),
                            )
                            .hint("check the facts with the organisation, then update `last_verified`"),
                        );
                    }
                }
                Some(d)
            }
            Err(_) => None,
        },
        None => None,
    };
    let ids = collect_ids(
        tree.get_ref(),
        doc.front.start,
        doc.is_default,
        doc.file,
        &mut local,
        options,
        verified,
    );
    let sources_count = tree
        .get_ref()
        .get("sources")
        .and_then(|v| v.get_ref().as_array())
        .map_or(0, |a| a.len());
    diags.append(&mut local);
    if failed || !syntax_ok {
        return None;
    }
    tree.get_mut().remove("last_verified");
    match F::deserialize(toml::de::Deserializer::from(tree)) {
        Ok(front) => Some(Parsed {
            front,
            body: crate::model::Body::new(text.clone(), doc.body.clone()),
            verified,
            ids,
            sources_count,
        }),
        Err(e) => {
            diags.push(load::toml_error(&e, doc.file, doc.front.start, text));
            None
        }
    }
}

/// Checks ids of `[[offers]]`, `[[programmes]]`, `[[contacts]]` (unique), year ranges and costs,
/// and returns the ids with their spans.
fn collect_ids(
    tree: &DeTable<'_>,
    base: usize,
    is_default: bool,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
    options: Options,
    verified: Option<Date>,
) -> IdSpans {
    let at = |r: Range<usize>| r.start + base..r.end + base;
    let mut out = Vec::new();
    for array in ["offers", "programmes", "contacts"] {
        let Some(items) = tree.get(array).and_then(|v| v.get_ref().as_array()) else {
            continue;
        };
        let mut seen: HashMap<String, Range<usize>> = HashMap::new();
        for item in items.iter() {
            let Some(t) = item.get_ref().as_table() else {
                continue;
            };
            if let Some(id) = t.get("id") {
                if let Some(s) = id.get_ref().as_str() {
                    if seen.insert(s.to_string(), id.span()).is_some() {
                        diags.push(
                            Diagnostic::error(
                                "duplicate-id",
                                file,
                                at(id.span()),
                                format!("two `[[{array}]]` entries have the id `{s}`"),
                            )
                            .hint("give each entry its own id"),
                        );
                    }
                    out.push((array, s.to_string(), at(id.span())));
                }
            }
            if is_default && array == "programmes" {
                let start = t.get("start").and_then(|v| schema::int_of(v.get_ref()));
                if let (Some(start), Some(end)) = (start, t.get("end")) {
                    if let Some(e) = schema::int_of(end.get_ref()) {
                        if e < start {
                            diags.push(
                                Diagnostic::error(
                                    "impossible-date",
                                    file,
                                    at(end.span()),
                                    format!("the programme ends ({e}) before it starts ({start})"),
                                )
                                .hint("swap `start` and `end`, or correct the years"),
                            );
                        }
                    }
                }
                let _ = (options, verified);
            }
        }
    }
    if is_default {
        if let Some(cost) = tree.get("cost").and_then(|v| v.get_ref().as_table()) {
            let min = cost
                .get("min_xof")
                .and_then(|v| schema::int_of(v.get_ref()));
            if let (Some(min), Some(max)) = (min, cost.get("max_xof")) {
                if schema::int_of(max.get_ref()).is_some_and(|m| m < min) {
                    diags.push(
                        Diagnostic::error(
                            "out-of-range",
                            file,
                            at(max.span()),
                            format!("`cost.max_xof` is lower than `cost.min_xof` ({min})"),
                        )
                        .hint("swap the two amounts"),
                    );
                }
            }
        }
        if let Some(founded) = tree.get("founded") {
            if schema::int_of(founded.get_ref()).is_some_and(|y| y > i64::from(options.today.year))
            {
                diags.push(Diagnostic::error(
                    "impossible-date",
                    file,
                    at(founded.span()),
                    "`founded` is in the future",
                ));
            }
        }
        if let Some(r) = tree.get("returnees").and_then(|v| v.get_ref().as_table()) {
            let eligibility = r.get("eligibility").and_then(|v| v.get_ref().as_str());
            if matches!(eligibility, Some("conditions" | "referred"))
                && !r.contains_key("conditions")
            {
                let span = r.get("eligibility").map(|v| at(v.span())).unwrap_or(0..0);
                let message = if eligibility == Some("referred") {
                    "returnees are taken only when referred, but `returnees.conditions` does not say by whom or how"
                } else {
                    "returnees are accepted under conditions, but `returnees.conditions` does not say which"
                };
                diags.push(
                    Diagnostic::warning("missing-conditions", file, span, message)
                        .hint("add `conditions = \"…\"` under [returnees], in words"),
                );
            }
        }
    }
    out
}

fn canonicalise(front: &mut FicheFront, vocab: &Vocabularies) {
    // Map labels to ids, then drop repeats (already warned as `duplicate-value`),
    // so that pages and exports never list one term twice.
    let canon = |kind, list: &mut Vec<String>| {
        let mut seen = std::collections::BTreeSet::new();
        list.retain_mut(|v| {
            *v = vocab.canonical(kind, v);
            seen.insert(v.clone())
        });
    };
    canon(VocabKind::Regions, &mut front.regions);
    canon(VocabKind::Sectors, &mut front.sectors);
    canon(VocabKind::Services, &mut front.services);
    canon(VocabKind::Languages, &mut front.languages);
    if let Some(k) = &mut front.kind {
        *k = vocab.canonical(VocabKind::Kinds, k);
    }
    for o in &mut front.offers {
        canon(VocabKind::Sectors, &mut o.sectors);
    }
    for p in &mut front.programmes {
        canon(VocabKind::Regions, &mut p.regions);
        canon(VocabKind::Sectors, &mut p.sectors);
    }
    for s in &mut front.sources {
        if let Some(d) = &mut s.document {
            *d = vocab.canonical(VocabKind::Documents, d);
        }
    }
}

/// A fiche from its parsed default-language file: (fiche, entry ids, number of sources), or
/// `None` when `last_verified` is unusable (already reported).
fn fiche_of(
    doc: &Document,
    section: &str,
    p: Parsed<FicheFront>,
    vocab: &Vocabularies,
) -> Option<(Fiche, IdSpans, usize)> {
    let mut front = p.front;
    canonicalise(&mut front, vocab);
    let fiche = Fiche {
        section: section.to_string(),
        slug: doc.slug.clone(),
        file: doc.file,
        front,
        body: p.body,
        last_verified: p.verified?,
        translations: BTreeMap::new(),
    };
    Some((fiche, p.ids, p.sources_count))
}

/// Checks a fiche translation against its default file (`default`, with its entry ids and
/// number of sources when it parsed): entry ids must exist there, sources may not be added.
fn check_translation(
    doc: &Document,
    default: &str,
    p: &Parsed<FicheFront>,
    ids: Option<&IdSpans>,
    sources_count: Option<usize>,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(ids) = ids {
        for (array, id, span) in &p.ids {
            if !ids.iter().any(|(a, i, _)| a == array && i == id) {
                let known: Vec<&str> = ids
                    .iter()
                    .filter(|(a, _, _)| a == array)
                    .map(|(_, i, _)| i.as_str())
                    .collect();
                diags.push(
                    Diagnostic::error(
                        "unknown-id",
                        doc.file,
                        span.clone(),
                        format!("`[[{array}]]` id `{id}` does not exist in {default}"),
                    )
                    .expected(if known.is_empty() {
                        "no entries (the default file has none)".to_string()
                    } else {
                        format!("one of {}", schema::quote_list(known.iter().copied()))
                    })
                    .maybe_hint(
                        values::did_you_mean(id, known.iter().copied())
                            .map(|s| format!("did you mean `{s}`?")),
                    ),
                );
            }
        }
    }
    if sources_count.is_some_and(|n| p.sources_count > n) {
        diags.push(
            Diagnostic::error(
                "unknown-id",
                doc.file,
                0..0,
                "the translation has more `[[sources]]` entries than the default fiche",
            )
            .hint("sources are matched by position: translate only the notes of existing entries"),
        );
    }
}

/// The display name of the default-language file of `doc`'s fiche or page.
fn default_name(doc: &Document) -> String {
    match &doc.kind {
        DocKind::Fiche { section } => format!("content/{section}/{}.md", doc.slug),
        DocKind::Page => format!("content/{}/{}.md", load::PAGES_DIR, doc.slug),
    }
}

/// Checks one fiche again after an edit: its default-language file and its translations
/// (`docs`, default first, as loaded again), with the checks across them. Returns the fiche
/// when it has no error, and every diagnostic of its files.
pub(crate) fn revalidate_fiche(
    config: &Config,
    vocab: &Vocabularies,
    options: Options,
    sources: &Sources,
    section: &str,
    docs: &[Document],
) -> (Option<Fiche>, Vec<Diagnostic>) {
    let ctx = Ctx {
        config,
        vocab,
        options,
    };
    let mut diags = Vec::new();
    let Some((default, translations)) = docs.split_first() else {
        return (None, diags);
    };
    let parse = |doc: &Document, default_file: Option<String>, diags: &mut Vec<Diagnostic>| {
        let text = sources.text(doc.file);
        parse_document::<FicheFront>(doc, &schema::FICHE, text, default_file, &ctx, diags)
    };
    let default_name = default_name(default);
    let mut fiche =
        parse(default, None, &mut diags).and_then(|p| fiche_of(default, section, p, vocab));
    for doc in translations {
        let Some(p) = parse(doc, Some(default_name.clone()), &mut diags) else {
            continue;
        };
        check_translation(
            doc,
            &default_name,
            &p,
            fiche.as_ref().map(|(_, ids, _)| ids),
            fiche.as_ref().map(|(_, _, n)| *n),
            &mut diags,
        );
        if let Some((f, _, _)) = &mut fiche {
            f.translations.insert(doc.lang.clone(), p.translation(doc));
        }
    }
    let failed = diags
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error);
    let fiche = fiche.filter(|_| !failed).map(|(f, _, _)| f);
    (fiche, diags)
}

fn validate_documents(
    documents: &[Document],
    config: &Config,
    vocab: &Vocabularies,
    sources: &Sources,
    options: Options,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Fiche>, Vec<Page>) {
    // Pass 1: default-language files.
    let mut fiches: BTreeMap<String, Fiche> = BTreeMap::new();
    let mut fiche_ids: HashMap<String, IdSpans> = HashMap::new();
    let mut fiche_sources: HashMap<String, usize> = HashMap::new();
    let mut pages: BTreeMap<String, Page> = BTreeMap::new();
    let mut first_seen: HashMap<String, FileId> = HashMap::new();
    let mut unique: Vec<&Document> = Vec::new();
    for doc in documents.iter().filter(|d| d.is_default) {
        if let Some(prev) = first_seen.get(&doc.slug) {
            diags.push(
                Diagnostic::error(
                    "duplicate-slug",
                    doc.file,
                    0..0,
                    format!(
                        "the slug `{}` is already used by {}",
                        doc.slug,
                        sources.name(*prev)
                    ),
                )
                .hint("slugs are unique across all sections: rename one of the files"),
            );
            continue;
        }
        first_seen.insert(doc.slug.clone(), doc.file);
        unique.push(doc);
    }
    let ctx = Ctx {
        config,
        vocab,
        options,
    };
    let parse = |doc: &Document, default_file: Option<String>| {
        let mut d = Vec::new();
        let text = sources.text(doc.file);
        let parsed = match doc.kind {
            DocKind::Fiche { .. } => Parsed_::Fiche(
                parse_document::<FicheFront>(doc, &schema::FICHE, text, default_file, &ctx, &mut d)
                    .map(Box::new),
            ),
            DocKind::Page => Parsed_::Page(parse_document::<PageFront>(
                doc,
                &schema::PAGE,
                text,
                default_file,
                &ctx,
                &mut d,
            )),
        };
        (parsed, d)
    };
    let results = crate::par::map(&unique, |doc| parse(doc, None));
    for (doc, (parsed, mut d)) in unique.iter().zip(results) {
        diags.append(&mut d);
        match (parsed, &doc.kind) {
            (Parsed_::Fiche(Some(p)), DocKind::Fiche { section }) => {
                let Some((fiche, ids, count)) = fiche_of(doc, section, *p, vocab) else {
                    continue;
                };
                fiche_ids.insert(doc.slug.clone(), ids);
                fiche_sources.insert(doc.slug.clone(), count);
                fiches.insert(doc.slug.clone(), fiche);
            }
            (Parsed_::Page(Some(p)), _) => {
                pages.insert(
                    doc.slug.clone(),
                    Page {
                        slug: doc.slug.clone(),
                        file: doc.file,
                        front: p.front,
                        body: p.body,
                        translations: BTreeMap::new(),
                    },
                );
            }
            _ => {}
        }
    }
    // Pass 2: translations.
    let translations: Vec<&Document> = documents.iter().filter(|d| !d.is_default).collect();
    let results = crate::par::map(&translations, |doc| parse(doc, Some(default_name(doc))));
    for (doc, (parsed, mut d)) in translations.iter().zip(results) {
        diags.append(&mut d);
        let default = default_name(doc);
        let default_exists = first_seen
            .get(&doc.slug)
            .is_some_and(|f| sources.name(*f) == default);
        if !default_exists {
            let what = if doc.kind == DocKind::Page {
                "page"
            } else {
                "fiche"
            };
            diags.push(
                Diagnostic::error("orphan-translation", doc.file, 0..0, format!("this translation has no default-language {what} {default}"))
                    .hint(format!("create {default} with every fact, or rename this file to match an existing {what}")),
            );
            continue;
        }
        match parsed {
            Parsed_::Fiche(Some(p)) => {
                check_translation(
                    doc,
                    &default,
                    &p,
                    fiche_ids.get(&doc.slug),
                    fiche_sources.get(&doc.slug).copied(),
                    diags,
                );
                if let Some(f) = fiches.get_mut(&doc.slug) {
                    f.translations.insert(doc.lang.clone(), p.translation(doc));
                }
            }
            Parsed_::Page(Some(p)) => {
                if let Some(page) = pages.get_mut(&doc.slug) {
                    page.translations
                        .insert(doc.lang.clone(), p.translation(doc));
                }
            }
            _ => {}
        }
    }
    // Missing translations (a translation file that failed validation is not "missing").
    let present: std::collections::HashSet<(&str, &str)> = translations
        .iter()
        .map(|d| (d.slug.as_str(), d.lang.as_str()))
        .collect();
    for f in fiches.values() {
        for lang in config.other_languages() {
            if !present.contains(&(f.slug.as_str(), lang)) {
                diags.push(
                    Diagnostic::warning(
                        "missing-translation",
                        f.file,
                        0..0,
                        format!("no `{lang}` translation: readers will see the default language"),
                    )
                    .hint(format!(
                        "add content/{}/{}.{lang}.md with the translated fields and text",
                        f.section, f.slug
                    )),
                );
            }
        }
    }
    for p in pages.values() {
        for lang in config.other_languages() {
            if !present.contains(&(p.slug.as_str(), lang)) {
                diags.push(
                    Diagnostic::warning(
                        "missing-translation",
                        p.file,
                        0..0,
                        format!("no `{lang}` translation of this page"),
                    )
                    .hint(format!("add content/pages/{}.{lang}.md", p.slug)),
                );
            }
        }
    }
    let mut fiches: Vec<Fiche> = fiches.into_values().collect();
    fiches.sort_by(|a, b| (&a.section, &a.slug).cmp(&(&b.section, &b.slug)));
    (fiches, pages.into_values().collect())
}

/// "Today" for checks: `SOURCE_DATE_EPOCH` when set (reproducible runs), else the system clock.
pub fn today() -> Date {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    Date::from_days_since_epoch(secs.div_euclid(86_400))
}
