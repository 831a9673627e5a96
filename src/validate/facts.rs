//! Checks on one fiche's facts taken together: personal data, programmes placed, a way to
//! reach the organisation.

use super::document::*;
use std::ops::Range;

use toml::de::DeTable;

use crate::diagnostics::{Diagnostic, FileId};
use crate::values::{self};
use crate::vocab::{VocabKind, Vocabularies};

/// The first and last names of a person, folded, that could make up a personal e-mail address
/// (`coudy.dia@…`, `dickohi@…`): words of at least four letters.
pub(super) fn name_words(name: &str) -> Vec<String> {
    values::fold(name)
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 4)
        .map(str::to_string)
        .collect()
}

/// Personal data: a contact's own phones, WhatsApp and e-mail are published only when the
/// fiche marks it as the organisation's public contact (`public = { document, locator }`);
/// the organisation's own fields may not carry a person's number or a personal address.
pub(super) fn check_personal_data(
    tree: &DeTable<'_>,
    base: usize,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) {
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
pub(super) fn check_programmes_placed(
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

/// A programme whose announced last year (`end`) came before the year the fiche was verified,
/// yet whose `status` still says `ongoing` or `planned`: the fiche speaks of it in the present
/// (or the future) although, by its own dates, it had ended when it was checked. Only the
/// fiche's own facts are compared: the check cannot read the sources, nor tell a verb's tense,
/// so it says nothing of a programme without `end` or `status`.
pub(super) fn check_ended_programmes(
    tree: &DeTable<'_>,
    base: usize,
    file: FileId,
    verified: Option<values::Date>,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(verified) = verified else {
        return;
    };
    let at = |r: Range<usize>| r.start + base..r.end + base;
    for t in tables_of(tree, "programmes") {
        let (Some(end), Some(status)) = (t.get("end"), t.get("status")) else {
            continue;
        };
        let (Some(year), Some(word)) = (
            crate::schema::int_of(end.get_ref()),
            status.get_ref().as_str(),
        ) else {
            continue;
        };
        if year >= i64::from(verified.year) || !matches!(word, "ongoing" | "planned") {
            continue;
        }
        let name = t
            .get("id")
            .and_then(|v| v.get_ref().as_str())
            .unwrap_or("?");
        diags.push(
            Diagnostic::warning(
                "ended-programme",
                file,
                at(status.span()),
                format!("programme `{name}` ended in {year} (its `end`), before this fiche was verified ({verified}), but its `status` is `{word}`"),
            )
            .expected("`status = \"completed\"`, or the later `end` a source gives")
            .hint("if a source says it was extended, write the new `end` and cite it; otherwise set `status = \"completed\"` and tell the programme in the past tense in its `summary`"),
        );
    }
}

/// A fiche whose sources give no phone, e-mail or website must say how to reach the
/// organisation (`contact_note`).
pub(super) fn check_reachable(
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

/// A fiche says where the organisation works: `regions`, or, when no source names a place,
/// `regions_note` saying so (an empty or missing `regions` is never a silent guess).
pub(super) fn check_placed(
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
