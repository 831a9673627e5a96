//! One document: its front matter parsed and checked against the schema, its body's images,
//! the ids and references it declares.

use super::facts::*;
use super::*;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use toml::de::DeTable;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, FileId};
use crate::load::{DocKind, Document};
use crate::model::{FicheFront, PageFront, Translation};
use crate::schema::{self, Walker};
use crate::values::Date;
use crate::vocab::Vocabularies;

pub(super) enum ParsedDoc {
    Fiche(Option<Box<Parsed<FicheFront>>>),
    Page(Option<Parsed<PageFront>>),
}

/// What every document check needs besides the document.
#[derive(Clone, Copy)]
pub(super) struct Rules<'a> {
    pub(super) config: &'a Config,
    pub(super) vocab: &'a Vocabularies,
    pub(super) options: Options,
}

/// A translation's array-entry ids with their spans, to match against the default file.
pub(super) type IdSpans = Vec<(&'static str, String, Range<usize>)>;

/// One list of funders or partners of a file: its key (`funders`, `programmes.<id>.funders`),
/// the span of the list, and each entry's referenced fiche (for a reference) with its span.
pub(super) struct PartyList {
    pub(super) key: String,
    pub(super) span: Range<usize>,
    pub(super) entries: Vec<(Option<String>, Range<usize>)>,
}

pub(super) struct Parsed<F> {
    pub(super) front: F,
    pub(super) body: crate::model::Body,
    pub(super) verified: Option<Date>,
    pub(super) ids: IdSpans,
    pub(super) sources_count: usize,
    pub(super) parties: Vec<PartyList>,
}

impl<F> Parsed<F> {
    /// The parsed file as the translation `doc` is.
    pub(super) fn translation(self, doc: &Document) -> Translation<F> {
        Translation {
            file: doc.file,
            front: Box::new(self.front),
            body: self.body,
        }
    }
}

pub(super) fn parse_document<F: for<'de> Deserialize<'de>>(
    doc: &Document,
    fields: &[schema::Field],
    text: &Arc<str>,
    default_file: Option<String>,
    ctx: &Rules<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Parsed<F>> {
    let Rules {
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
            .map(|e| crate::diagnostics::toml_error(e, doc.file, doc.front.start, text)),
    );
    // The opening `+++` fence, where a missing top-level key is reported.
    let fence = text[..doc.front.start].trim_end_matches(['\n', '\r']).len();
    let header = fence.saturating_sub(3)..fence;
    let mut walker = Walker {
        translation: !doc.is_default,
        default_file,
        report_missing: syntax_ok,
        root_header: header.clone(),
        skip: errors.iter().filter_map(|e| e.span()).collect(),
        ..Walker::new(doc.file, doc.front.start, Some(vocab), &config.languages)
    };
    walker.table(tree.get_ref(), fields, "", 0..0);
    let failed = walker
        .diags
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error);
    let at = |r: Range<usize>| r.start + doc.front.start..r.end + doc.front.start;
    let mut local = walker.diags;
    check_body(doc, text, &mut local);
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
        check_ended_programmes(
            tree.get_ref(),
            doc.front.start,
            doc.file,
            verified,
            &mut local,
        );
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
            diags.push(crate::diagnostics::toml_error(
                &e,
                doc.file,
                doc.front.start,
                text,
            ));
            None
        }
    }
}

/// Checks the Markdown body: images must be files of the site, never fetched from elsewhere.
pub(super) fn check_body(doc: &Document, text: &str, diags: &mut Vec<Diagnostic>) {
    let Some(body) = text.get(doc.body.clone()) else {
        return;
    };
    let base = doc.body.start;
    for (range, src, why) in crate::markdown::refused_images(body) {
        diags.push(
            Diagnostic::error(
                "remote-image",
                doc.file,
                range.start + base..range.end + base,
                format!("the image `{src}` is not a file of the site: {why}"),
            )
            .expected("an image of the site, by a path relative to the page (`../img/map.png`)")
            .hint("write it as a link, `[text](https://…)`, which readers may choose to open; pages never show an image from elsewhere"),
        );
    }
}

/// Checks ids of `[[offers]]`, `[[programmes]]`, `[[contacts]]` (unique), year ranges and costs,
/// and returns the ids with their spans.
pub(super) fn collect_ids(
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
pub(super) fn collect_parties(tree: &DeTable<'_>, base: usize) -> Vec<PartyList> {
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
pub(super) fn tables_of<'a, 'de>(tree: &'a DeTable<'de>, key: &str) -> Vec<&'a DeTable<'de>> {
    tree.get(key)
        .and_then(|v| v.get_ref().as_array())
        .map(|a| a.iter().filter_map(|t| t.get_ref().as_table()).collect())
        .unwrap_or_default()
}
