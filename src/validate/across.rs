//! Checks across files: references between fiches, translations against their default file,
//! and the whole run over every document (also again for one edited fiche in `sira serve`).

use super::document::*;
use super::*;
use std::collections::{BTreeMap, HashMap};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, FileId, Sources};
use crate::load::{self, DocKind, Document};
use crate::model::{Fiche, FicheFront, Page, PageFront};
use crate::schema::{self};
use crate::values::{self};
use crate::vocab::{VocabKind, Vocabularies};

/// References to other fiches in the lists of funders and partners must name an existing fiche
/// (`known`: every slug, sorted).
pub(super) fn check_references(
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
            if known.binary_search(&slug).is_ok() {
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
pub(super) fn check_translated_parties(
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

pub(super) fn canonicalise(front: &mut FicheFront, vocab: &Vocabularies) {
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
pub(super) struct Shape {
    pub(super) ids: IdSpans,
    pub(super) sources: usize,
    pub(super) parties: Vec<PartyList>,
}

/// A fiche from its parsed default-language file, with its [`Shape`], or `None` when
/// `last_verified` is unusable (already reported).
pub(super) fn fiche_of(
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
pub(super) fn check_translation(
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
pub(super) fn default_name(doc: &Document) -> String {
    match &doc.kind {
        DocKind::Fiche { section } => format!("content/{section}/{}.md", doc.slug),
        DocKind::Page => format!("content/{}/{}.md", load::PAGES_DIR, doc.slug),
    }
}

/// Checks one fiche again after an edit: its default-language file and its translations
/// (`docs`, default first, as loaded again), with the checks across them. Returns the fiche
/// when it has no error, and every diagnostic of its files. `known` is every slug, sorted.
pub(crate) fn revalidate_fiche(
    config: &Config,
    vocab: &Vocabularies,
    options: Options,
    sources: &Sources,
    section: &str,
    docs: &[Document],
    known: &[&str],
) -> (Option<Fiche>, Vec<Diagnostic>) {
    let ctx = Rules {
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

pub(super) fn validate_documents(
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
    let ctx = Rules {
        config,
        vocab,
        options,
    };
    let parse = |doc: &Document, default_file: Option<String>| {
        let mut d = Vec::new();
        let text = sources.text(doc.file);
        let parsed = match doc.kind {
            DocKind::Fiche { .. } => ParsedDoc::Fiche(
                parse_document::<FicheFront>(doc, &schema::FICHE, text, default_file, &ctx, &mut d)
                    .map(Box::new),
            ),
            DocKind::Page => ParsedDoc::Page(parse_document::<PageFront>(
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
            (ParsedDoc::Fiche(Some(p)), DocKind::Fiche { section }) => {
                let Some((fiche, shape)) = fiche_of(doc, section, *p, vocab) else {
                    continue;
                };
                shapes.insert(doc.slug.clone(), shape);
                fiches.insert(doc.slug.clone(), fiche);
            }
            (ParsedDoc::Page(Some(p)), _) => {
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
    let mut known: Vec<&str> = unique
        .iter()
        .filter(|d| matches!(d.kind, DocKind::Fiche { .. }))
        .map(|d| d.slug.as_str())
        .collect();
    known.sort_unstable();
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
            ParsedDoc::Fiche(Some(p)) => {
                check_translation(doc, &default, &p, shapes.get(&doc.slug), diags);
                if let Some(f) = fiches.get_mut(&doc.slug) {
                    f.translations.insert(doc.lang.clone(), p.translation(doc));
                }
            }
            ParsedDoc::Page(Some(p)) => {
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
    check_fiche_links(documents, sources, &fiches, diags);
    let mut fiches: Vec<Fiche> = fiches.into_values().collect();
    fiches.sort_by(|a, b| (&a.section, &a.slug).cmp(&(&b.section, &b.slug)));
    (fiches, pages.into_values().collect())
}

/// Every `fiche:<slug>` link in a body names a fiche of the site.
fn check_fiche_links(
    documents: &[Document],
    sources: &Sources,
    fiches: &BTreeMap<String, Fiche>,
    diags: &mut Vec<Diagnostic>,
) {
    for doc in documents {
        let text = sources.text(doc.file);
        let Some(body) = text.get(doc.body.clone()) else {
            continue;
        };
        for (range, slug) in crate::markdown::fiche_links(body) {
            if fiches.contains_key(&slug) {
                continue;
            }
            let at = range.start + doc.body.start..range.end + doc.body.start;
            diags.push(
                Diagnostic::error(
                    "unknown-fiche",
                    doc.file,
                    at,
                    format!("this link names the fiche `{slug}`, which does not exist"),
                )
                .expected("`fiche:<slug>`, the file name of a fiche without `.md`")
                .hint(
                    match values::did_you_mean(&slug, fiches.keys().map(String::as_str)) {
                        Some(s) => format!("did you mean `fiche:{s}`?"),
                        None => "check the slug in content/<section>/".into(),
                    },
                ),
            );
        }
    }
}
