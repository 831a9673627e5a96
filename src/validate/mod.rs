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
    let (config_file, ok) =
        load::read_file(&config_path, config::FILE_NAME, &mut sources, &mut diags);
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
        let (file, ok) = load::read_file(&path, &name, sources, diags);
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

/// One list of funders or partners of a file: its key (`funders`, `programmes.<id>.funders`),
/// the span of the list, and each entry's referenced fiche (for a reference) with its span.
struct PartyList {
    key: String,
    span: Range<usize>,
    entries: Vec<(Option<String>, Range<usize>)>,
}

struct Parsed<F> {
    front: F,
    body: crate::model::Body,
    verified: Option<Date>,
    ids: IdSpans,
    sources_count: usize,
    parties: Vec<PartyList>,
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
    let parties = collect_parties(tree.get_ref(), doc.front.start);
    if let (DocKind::Page, None, Some(v)) = (
        &doc.kind,
        config.licence.as_ref(),
        tree.get_ref().get("licence"),
    ) {
        if v.get_ref().as_bool() == Some(true) {
            local.push(
                Diagnostic::error(
                    "no-licence",
                    doc.file,
                    at(v.span()),
                    "`licence = true`, but sira.toml sets no licence to show",
                )
                .expected("a `[licence]` table with `id = \"…\"` in sira.toml")
                .hint("add `[licence]` and `id = \"CC-BY-4.0\"` (or another SPDX id from README) to sira.toml, or remove this line"),
            );
        }
    }
    if doc.is_default && matches!(doc.kind, DocKind::Fiche { .. }) {
        check_personal_data(tree.get_ref(), doc.front.start, doc.file, &mut local);
        check_programmes_placed(tree.get_ref(), doc.front.start, doc.file, vocab, &mut local);
        // What is missing is unknowable when the TOML could not all be read.
        if syntax_ok {
            check_reachable(tree.get_ref(), header.clone(), doc.file, &mut local);
            check_placed(
                tree.get_ref(),
                doc.front.start,
                header.clone(),
                doc.file,
                &mut local,
            );
        }
    }
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
            parties,
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

/// The lists of funders and partners of a file, with the spans of their entries.
fn collect_parties(tree: &DeTable<'_>, base: usize) -> Vec<PartyList> {
    let at = |r: Range<usize>| r.start + base..r.end + base;
    let list = |key: String, v: &toml::Spanned<toml::de::DeValue<'_>>| {
        let entries = v
            .get_ref()
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| {
                        let fiche = e
                            .get_ref()
                            .as_table()
                            .and_then(|t| t.get("fiche"))
                            .and_then(|f| f.get_ref().as_str())
                            .map(str::to_string);
                        // A reference without `fiche` (already reported) is still a reference.
                        let fiche = fiche.or_else(|| e.get_ref().as_table().map(|_| String::new()));
                        (fiche, at(e.span()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        PartyList {
            key,
            span: at(v.span()),
            entries,
        }
    };
    let mut out = Vec::new();
    for key in ["funders", "past_funders", "partners"] {
        if let Some(v) = tree.get(key) {
            out.push(list(key.to_string(), v));
        }
    }
    for p in tables_of(tree, "programmes") {
        let id = p.get("id").and_then(|v| v.get_ref().as_str());
        if let (Some(id), Some(v)) = (id, p.get("funders")) {
            out.push(list(format!("programmes.{id}.funders"), v));
        }
    }
    out
}

/// The tables of an array of tables (`[[contacts]]`, `[[programmes]]`), skipping anything else.
fn tables_of<'a, 'de>(tree: &'a DeTable<'de>, key: &str) -> Vec<&'a DeTable<'de>> {
    tree.get(key)
        .and_then(|v| v.get_ref().as_array())
        .map(|a| a.iter().filter_map(|t| t.get_ref().as_table()).collect())
        .unwrap_or_default()
}

/// The first and last names of a person, folded, that could make up a personal e-mail address
/// (`coudy.dia@…`, `dickohi@…`): words of at least four letters.
fn name_words(name: &str) -> Vec<String> {
    values::fold(name)
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 4)
        .map(str::to_string)
        .collect()
}

/// Personal data: a contact's own phones, WhatsApp and e-mail are published only when the
/// fiche marks it as the organisation's public contact (`public = { document, locator }`);
/// the organisation's own fields may not carry a person's number or a personal address.
fn check_personal_data(tree: &DeTable<'_>, base: usize, file: FileId, diags: &mut Vec<Diagnostic>) {
    let at = |r: Range<usize>| r.start + base..r.end + base;
    let phone_key = |s: &str| values::parse_phone(s).map_or_else(|_| s.to_string(), |p| p.e164);
    // The private details of contacts: (phone or lowercased e-mail, which contact).
    let mut private: Vec<(String, String)> = Vec::new();
    let mut private_names: Vec<(String, String)> = Vec::new();
    let mut public_emails: Vec<String> = Vec::new();
    let contacts = tables_of(tree, "contacts");
    for (i, c) in contacts.iter().enumerate() {
        let who = c
            .get("name")
            .or_else(|| c.get("role"))
            .and_then(|v| v.get_ref().as_str())
            .map_or_else(
                || format!("contacts[{i}]"),
                |n| format!("contacts[{i}] ({n})"),
            );
        let strings = |key: &str| -> Vec<(String, Range<usize>)> {
            match c.get(key) {
                Some(v) => match (v.get_ref().as_str(), v.get_ref().as_array()) {
                    (Some(s), _) => vec![(s.to_string(), v.span())],
                    (_, Some(a)) => a
                        .iter()
                        .filter_map(|x| x.get_ref().as_str().map(|s| (s.to_string(), x.span())))
                        .collect(),
                    _ => Vec::new(),
                },
                None => Vec::new(),
            }
        };
        if c.contains_key("public") {
            public_emails.extend(strings("email").into_iter().map(|(e, _)| e.to_lowercase()));
            continue;
        }
        if let Some(n) = c.get("name").and_then(|v| v.get_ref().as_str()) {
            for w in name_words(n) {
                private_names.push((w, who.clone()));
            }
        }
        for key in ["phones", "whatsapp", "email"] {
            let values = strings(key);
            for (v, _) in &values {
                let k = if key == "email" {
                    v.to_lowercase()
                } else {
                    phone_key(v)
                };
                private.push((k, who.clone()));
            }
            if let Some((_, span)) = values.first() {
                let what = if key == "email" {
                    "e-mail address"
                } else {
                    "phone number"
                };
                diags.push(
                    Diagnostic::error(
                        "personal-contact",
                        file,
                        at(span.clone()),
                        format!("`contacts[{i}].{key}`: a contact's own {what} is personal data, published only when a source gives it as the organisation's public contact"),
                    )
                    .expected("the role only, with the organisation's own phone and e-mail in the top-level `phones` and `email`")
                    .hint("remove it and keep the role; if a source gives it as the organisation's public contact, add `public = { document = \"…\", locator = \"…\" }` to this contact"),
                );
            }
        }
    }
    // The organisation's own fields.
    if let Some(v) = tree.get("email") {
        if let Some(e) = v.get_ref().as_str() {
            let low = e.to_lowercase();
            let local = values::fold(low.split('@').next().unwrap_or_default());
            let problem = if public_emails.contains(&low) {
                None
            } else if let Some((_, who)) = private.iter().find(|(k, _)| *k == low) {
                Some(format!("`email`: `{e}` is the personal address of {who}"))
            } else if let Some((_, who)) = private_names
                .iter()
                .find(|(w, _)| local.contains(w.as_str()))
            {
                Some(format!(
                    "`email`: `{e}` looks like the personal address of {who}"
                ))
            } else if values::is_webmail(e) {
                Some(format!(
                    "`email`: `{e}` is a personal webmail address, not the organisation's own"
                ))
            } else {
                None
            };
            if let Some(message) = problem {
                diags.push(
                    Diagnostic::error("personal-contact", file, at(v.span()), message)
                        .expected("the organisation's own address (a desk's, on its own domain)")
                        .hint("remove it; a person's address is shown only in a `[[contacts]]` entry marked `public = { document, locator }` when a source gives it as the organisation's public contact"),
                );
            }
        }
    }
    let mut numbers: Vec<(String, Range<usize>, &str)> = Vec::new();
    if let Some(v) = tree.get("phones") {
        for x in v.get_ref().as_array().into_iter().flatten() {
            if let Some(s) = x.get_ref().as_str() {
                numbers.push((s.to_string(), x.span(), "phones"));
            }
        }
    }
    if let Some(v) = tree.get("whatsapp") {
        if let Some(s) = v.get_ref().as_str() {
            numbers.push((s.to_string(), v.span(), "whatsapp"));
        }
    }
    for (n, span, key) in numbers {
        if let Some((_, who)) = private.iter().find(|(k, _)| *k == phone_key(&n)) {
            diags.push(
                Diagnostic::error(
                    "personal-contact",
                    file,
                    at(span),
                    format!("`{key}`: `{n}` is the direct number of {who}, not the organisation's own"),
                )
                .expected("the organisation's own number")
                .hint("remove it; a person's number is shown only in a `[[contacts]]` entry marked `public = { document, locator }` when a source gives it as the organisation's public contact"),
            );
        }
    }
}

/// A programme without `regions` is on no region page: warn, unless the organisation itself
/// works nationwide.
fn check_programmes_placed(
    tree: &DeTable<'_>,
    base: usize,
    file: FileId,
    vocab: &Vocabularies,
    diags: &mut Vec<Diagnostic>,
) {
    let at = |r: Range<usize>| r.start + base..r.end + base;
    let regions = vocab.get(VocabKind::Regions);
    let nationwide = tree
        .get("regions")
        .and_then(|v| v.get_ref().as_array())
        .into_iter()
        .flatten()
        .filter_map(|r| r.get_ref().as_str())
        .any(|r| regions.resolve(r).is_some_and(|t| t.national));
    if nationwide {
        return;
    }
    let Some(items) = tree.get("programmes").and_then(|v| v.get_ref().as_array()) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let Some(t) = item.get_ref().as_table() else {
            continue;
        };
        let placed = t
            .get("regions")
            .and_then(|v| v.get_ref().as_array())
            .is_some_and(|a| !a.is_empty());
        // `regions_note` without regions says the sources name no place.
        if placed || t.contains_key("regions_note") {
            continue;
        }
        let (span, name) = match t.get("id") {
            Some(id) => (
                id.span(),
                id.get_ref().as_str().unwrap_or_default().to_string(),
            ),
            None => (item.span(), format!("programmes[{i}]")),
        };
        diags.push(
            Diagnostic::warning(
                "programme-without-regions",
                file,
                at(span),
                format!("programme `{name}` has no `regions`, and the organisation is not nationwide: it is on no region page and in no region filter"),
            )
            .expected("`regions = […]` in this `[[programmes]]` entry")
            .hint("add every region its sources name (all of them when sources disagree, with `regions_note` saying which says what); `national` if it runs nationwide; if no source names a place, say so in `regions_note`"),
        );
    }
}

/// A fiche says where the organisation works: `regions`, or, when no source names a place,
/// `regions_note` saying so (an empty or missing `regions` is never a silent guess).
fn check_placed(
    tree: &DeTable<'_>,
    base: usize,
    header: Range<usize>,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) {
    if tree.contains_key("regions_note") {
        return;
    }
    let hint = "add `regions = [\"…\"]` with every region its sources name (`national` for nationwide); if no source names a place, leave `regions` out and say so in `regions_note`";
    match tree.get("regions") {
        None => diags.push(
            Diagnostic::error(
                "missing-key",
                file,
                header,
                "missing required key `regions`",
            )
            .expected("`regions`, or `regions_note` when the sources name no place")
            .hint(hint),
        ),
        Some(v) if v.get_ref().as_array().is_some_and(|a| a.is_empty()) => diags.push(
            Diagnostic::error(
                "empty-value",
                file,
                v.span().start + base..v.span().end + base,
                "`regions` is empty",
            )
            .hint(hint),
        ),
        Some(_) => {}
    }
}

/// A fiche whose sources give no phone, e-mail or website must say how to reach the
/// organisation (`contact_note`).
fn check_reachable(
    tree: &DeTable<'_>,
    header: Range<usize>,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) {
    let has = |key: &str| tree.contains_key(key);
    let public_contact = tables_of(tree, "contacts").into_iter().any(|c| {
        c.contains_key("public")
            && ["phones", "whatsapp", "email"]
                .iter()
                .any(|k| c.contains_key(*k))
    });
    let phones = tree
        .get("phones")
        .and_then(|v| v.get_ref().as_array())
        .is_some_and(|a| !a.is_empty());
    if phones
        || has("whatsapp")
        || has("email")
        || has("website")
        || public_contact
        || has("contact_note")
    {
        return;
    }
    diags.push(
        Diagnostic::warning(
            "no-contact",
            file,
            header,
            "no phone, e-mail or website: readers cannot tell how to reach this organisation",
        )
        .expected("`contact_note = \"…\"`, or the organisation's own `phones`, `email` or `website`")
        .hint("say, from the sources, through which office or partner the organisation can be reached (`contact_note`); never guess a number"),
    );
}

/// References to other fiches in the lists of funders and partners must name an existing fiche.
fn check_references(
    lists: &[PartyList],
    known: &[&str],
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) {
    for list in lists {
        for (i, (fiche, span)) in list.entries.iter().enumerate() {
            let Some(slug) = fiche.as_deref().filter(|s| !s.is_empty()) else {
                continue;
            };
            if known.contains(&slug) {
                continue;
            }
            let path =
                list.key
                    .replace(".funders", "].funders")
                    .replacen("programmes.", "programmes[", 1);
            diags.push(
                Diagnostic::error(
                    "unknown-fiche",
                    file,
                    span.clone(),
                    format!("`{path}[{i}]`: there is no fiche `{slug}`"),
                )
                .expected("the slug of a fiche of the site (its file name without `.md`)")
                .hint(match values::did_you_mean(slug, known.iter().copied()) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => {
                        "write the name as a string instead, or create that organisation's fiche"
                            .into()
                    }
                }),
            );
        }
    }
}

/// A translation's lists of funders and partners restate the default file's, entry for entry:
/// same length, a name for a name, a reference to the same fiche for a reference.
fn check_translated_parties(
    doc: &Document,
    default: &str,
    lists: &[PartyList],
    default_lists: &[PartyList],
    diags: &mut Vec<Diagnostic>,
) {
    let mismatch = |list: &PartyList, message: String, hint: &str| {
        Diagnostic::error("translation-mismatch", doc.file, list.span.clone(), message)
            .hint(hint.to_string())
    };
    for list in lists {
        let Some(d) = default_lists.iter().find(|d| d.key == list.key) else {
            diags.push(mismatch(
                list,
                format!(
                    "`{}` is not in {default}: a translation only restates its lists",
                    list.key
                ),
                &format!("remove this list, or add it to {default} first"),
            ));
            continue;
        };
        if d.entries.len() != list.entries.len() {
            diags.push(mismatch(
                list,
                format!(
                    "`{}` has {} entries here and {} in {default}",
                    list.key,
                    list.entries.len(),
                    d.entries.len()
                ),
                "entries are matched by position: translate each entry of the default file's list, in the same order",
            ));
            continue;
        }
        for (i, ((theirs, _), (ours, span))) in d.entries.iter().zip(&list.entries).enumerate() {
            if theirs != ours {
                let describe = |f: &Option<String>| match f {
                    None => "a name".to_string(),
                    Some(s) => format!("a reference to `{s}`"),
                };
                diags.push(
                    Diagnostic::error(
                        "translation-mismatch",
                        doc.file,
                        span.clone(),
                        format!(
                            "`{}[{i}]` is {} here but {} in {default}",
                            list.key,
                            describe(ours),
                            describe(theirs)
                        ),
                    )
                    .expected(describe(theirs))
                    .hint("entries are matched by position: a translation gives a name for a name and restates `{ fiche = \"…\" }` for a reference"),
                );
            }
        }
    }
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

/// What a fiche's translations are checked against: its entry ids, its number of sources and
/// its lists of funders and partners.
struct Shape {
    ids: IdSpans,
    sources: usize,
    parties: Vec<PartyList>,
}

/// A fiche from its parsed default-language file, with its [`Shape`], or `None` when
/// `last_verified` is unusable (already reported).
fn fiche_of(
    doc: &Document,
    section: &str,
    p: Parsed<FicheFront>,
    vocab: &Vocabularies,
) -> Option<(Fiche, Shape)> {
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
    let shape = Shape {
        ids: p.ids,
        sources: p.sources_count,
        parties: p.parties,
    };
    Some((fiche, shape))
}

/// Checks a fiche translation against its default file (`default`, with its [`Shape`] when it
/// parsed): entry ids must exist there, sources may not be added, lists of funders and
/// partners restate the default file's.
fn check_translation(
    doc: &Document,
    default: &str,
    p: &Parsed<FicheFront>,
    shape: Option<&Shape>,
    diags: &mut Vec<Diagnostic>,
) {
    let ids = shape.map(|s| &s.ids);
    let sources_count = shape.map(|s| s.sources);
    if let Some(shape) = shape {
        check_translated_parties(doc, default, &p.parties, &shape.parties, diags);
    }
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
    known: &[&str],
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
    if let Some((_, shape)) = &fiche {
        check_references(&shape.parties, known, default.file, &mut diags);
    }
    for doc in translations {
        let Some(p) = parse(doc, Some(default_name.clone()), &mut diags) else {
            continue;
        };
        check_translation(
            doc,
            &default_name,
            &p,
            fiche.as_ref().map(|(_, shape)| shape),
            &mut diags,
        );
        if let Some((f, _)) = &mut fiche {
            f.translations.insert(doc.lang.clone(), p.translation(doc));
        }
    }
    let failed = diags
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error);
    let fiche = fiche.filter(|_| !failed).map(|(f, _)| f);
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
    let mut shapes: HashMap<String, Shape> = HashMap::new();
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
                let Some((fiche, shape)) = fiche_of(doc, section, *p, vocab) else {
                    continue;
                };
                shapes.insert(doc.slug.clone(), shape);
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
    // References to other fiches, now that every slug is known (a fiche with errors exists).
    let known: Vec<&str> = unique
        .iter()
        .filter(|d| matches!(d.kind, DocKind::Fiche { .. }))
        .map(|d| d.slug.as_str())
        .collect();
    for (slug, shape) in &shapes {
        if let Some(f) = fiches.get(slug) {
            check_references(&shape.parties, &known, f.file, diags);
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
                check_translation(doc, &default, &p, shapes.get(&doc.slug), diags);
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
