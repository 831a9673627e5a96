//! The index stage: the validated [`Site`] seen as search documents, one tantivy index per
//! language (built by the `sira-search-index` crate), and the resolution of filter values typed
//! on the command line.

use sira_search_index::{Card, FacetDefs, IndexError, LangIndex, SearchDoc, FACETS};

use crate::model::{Fiche, FicheFront, Site};
use crate::vocab::{VocabKind, Vocabularies};

/// The vocabulary behind each facet of [`FACETS`].
pub const FACET_VOCABS: [VocabKind; 5] = [
    VocabKind::Regions,
    VocabKind::Sectors,
    VocabKind::Kinds,
    VocabKind::Eligibility,
    VocabKind::Services,
];

/// Eligibility values meaning "takes returnees" (`sira search --returnees`).
pub const OPEN_TO_RETURNEES: [&str; 2] = ["open", "conditions"];

/// Plain text of a Markdown body (no markup, one space between blocks).
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for ev in Parser::new(markdown) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !out.ends_with(' ') => {
                out.push(' ');
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

fn push(out: &mut String, s: impl AsRef<str>) {
    let s = s.as_ref();
    if !s.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(s);
    }
}

/// A phone number's index text: its digits in international form and, for a Malian number,
/// the eight digits people dial at home (`22363157238 63157238`).
fn phone_text(raw: &str) -> Option<String> {
    let p = crate::values::parse_phone(raw).ok()?;
    let digits = p.e164.trim_start_matches('+').to_string();
    Some(match digits.strip_prefix("223") {
        Some(local) => format!("{digits} {local}"),
        None => digits,
    })
}

/// A fiche's search document's sort key (its folded name in `lang`) and URL: the name order
/// the documents are numbered in.
fn doc_key(f: &Fiche, lang: &str, default_lang: &str) -> (String, String) {
    let name = crate::model::Texts::in_lang(f, lang, default_lang)
        .get(|x| x.name.as_ref())
        .unwrap_or_default();
    (
        crate::values::sort_key(name),
        format!("{}/{}.html", f.section, f.slug),
    )
}

/// The fiche `f` as a search document in `lang` (translated text where it exists, else the
/// default language's).
pub fn search_doc(f: &Fiche, lang: &str, vocab: &Vocabularies, default_lang: &str) -> SearchDoc {
    let d: &FicheFront = &f.front;
    let texts = crate::model::Texts::in_lang(f, lang, default_lang);
    let tr = (lang != default_lang)
        .then(|| f.translations.get(lang))
        .flatten();
    let t = texts.translation();
    let pick = |get: fn(&FicheFront) -> Option<&String>| -> String {
        texts.get(get).unwrap_or_default().to_string()
    };
    let term = |kind: VocabKind, id: &str| vocab.get(kind).get(id);
    let label = |kind: VocabKind, id: &str| -> String {
        term(kind, id).map_or_else(|| id.to_string(), |t| t.label(lang).to_string())
    };
    // A vocabulary term's label in the language, and its aliases (people type them too).
    let names = |kind: VocabKind, id: &str| -> Vec<String> {
        match term(kind, id) {
            Some(t) => {
                let mut out = vec![t.label(lang).to_string()];
                if t.short_label(lang) != t.label(lang) {
                    out.push(t.short_label(lang).to_string());
                }
                out.extend(t.aliases.iter().cloned());
                out
            }
            None => vec![id.to_string()],
        }
    };
    let name = pick(|x| x.name.as_ref());
    let acronym = pick(|x| x.acronym.as_ref());
    let summary = pick(|x| x.summary.as_ref());
    let mut phrases = vec![name.clone(), summary.clone()];

    let mut name_text = name.clone();
    push(&mut name_text, &acronym);
    // The name in the default language too, for a translated page.
    if let Some(n) = d.name.as_ref().filter(|n| **n != name) {
        push(&mut name_text, n);
    }

    let mut offers = String::new();
    for o in &d.offers {
        let to = t.and_then(|t| t.offers.iter().find(|x| x.id == o.id));
        let n = to.and_then(|x| x.name.as_ref()).or(o.name.as_ref());
        if let Some(n) = n {
            push(&mut offers, n);
            phrases.push(n.clone());
        }
    }
    for p in &d.programmes {
        let tp = t.and_then(|t| t.programmes.iter().find(|x| x.id == p.id));
        if let Some(n) = tp.and_then(|x| x.name.as_ref()).or(p.name.as_ref()) {
            push(&mut offers, n);
            phrases.push(n.clone());
        }
        push(&mut offers, p.acronym.as_deref().unwrap_or(""));
    }

    let mut labels = String::new();
    let mut label_names: Vec<String> = Vec::new();
    if let Some(k) = &d.kind {
        label_names.extend(names(VocabKind::Kinds, k));
    }
    for s in &d.services {
        label_names.extend(names(VocabKind::Services, s));
    }
    for s in &d.sectors {
        label_names.extend(names(VocabKind::Sectors, s));
    }
    // Labels are shared by many fiches: their neighbouring words would rank nothing apart.
    for n in label_names {
        push(&mut labels, &n);
    }

    let mut place = String::new();
    for r in &d.regions {
        for n in names(VocabKind::Regions, r) {
            push(&mut place, n);
        }
    }
    for c in &d.cities {
        push(&mut place, c);
    }
    push(&mut place, pick(|x| x.address.as_ref()));

    let mut body = String::new();
    push(&mut body, pick(|x| x.entry_conditions.as_ref()));
    push(&mut body, pick(|x| x.certification.as_ref()));
    for get in [
        (|r: &crate::model::Returnees| r.note.clone())
            as fn(&crate::model::Returnees) -> Option<String>,
        |r| r.conditions.clone(),
    ] {
        let ret = |x: &FicheFront| x.returnees.as_ref().and_then(get);
        push(
            &mut body,
            t.and_then(ret).or_else(|| ret(d)).unwrap_or_default(),
        );
    }
    for o in &d.offers {
        let to = t.and_then(|t| t.offers.iter().find(|x| x.id == o.id));
        push(
            &mut body,
            to.and_then(|x| x.details.as_ref())
                .or(o.details.as_ref())
                .map_or("", String::as_str),
        );
    }
    for p in &d.programmes {
        let tp = t.and_then(|t| t.programmes.iter().find(|x| x.id == p.id));
        push(
            &mut body,
            tp.and_then(|x| x.summary.as_ref())
                .or(p.summary.as_ref())
                .map_or("", String::as_str),
        );
    }
    let md = tr.map_or_else(|| f.body.as_str(), |t| t.body.as_str());
    push(&mut body, plain_text(md));

    let all_phones: Vec<&String> = d
        .phones
        .iter()
        .chain(d.contacts.iter().flat_map(|c| c.phones.iter()))
        .collect();
    let mut phone = String::new();
    for p in &all_phones {
        if let Some(text) = phone_text(p) {
            push(&mut phone, text);
        }
    }

    let eligibility = d
        .returnees
        .as_ref()
        .and_then(|r| r.eligibility.clone())
        .unwrap_or_else(|| "not-stated".to_string());
    let call = all_phones
        .first()
        .and_then(|p| crate::values::parse_phone(p).ok());
    let card = Card {
        kind: d
            .kind
            .as_deref()
            .map(|k| label(VocabKind::Kinds, k))
            .unwrap_or_default(),
        place: d
            .regions
            .iter()
            .filter_map(|r| term(VocabKind::Regions, r).map(|t| t.short_label(lang).to_string()))
            .collect::<Vec<_>>()
            .join(", "),
        eligibility: eligibility.clone(),
        tel: call
            .as_ref()
            .map_or_else(String::new, |p| format!("tel:{}", p.e164)),
        phone: call.as_ref().map_or_else(String::new, |p| p.display()),
    };
    let (sort_key, url) = doc_key(f, lang, default_lang);
    SearchDoc {
        name,
        acronym: (!acronym.is_empty()).then_some(acronym),
        url,
        sort_key,
        summary: summary.clone(),
        text: [name_text, offers, summary, labels, place, body, phone],
        phrases: phrases.into_iter().filter(|p| !p.is_empty()).collect(),
        facets: [
            // A programme's regions list the fiche there too; nationwide stays the
            // organisation's own coverage.
            d.listed_regions()
                .into_iter()
                .filter(|r| {
                    d.regions.contains(r)
                        || !vocab
                            .get(VocabKind::Regions)
                            .get(r)
                            .is_some_and(|t| t.national)
                })
                .cloned()
                .collect(),
            d.sectors.clone(),
            d.kind.iter().cloned().collect(),
            vec![eligibility],
            d.services.clone(),
        ],
        card,
    }
}

/// The facet values, their labels in `lang` (in vocabulary order) and every name a query may
/// use for them (labels and short labels in every language, aliases).
pub fn facet_defs(vocab: &Vocabularies, lang: &str) -> FacetDefs {
    FacetDefs {
        values: FACET_VOCABS.map(|k| {
            vocab
                .get(k)
                .terms
                .iter()
                .map(|t| (t.id.clone(), t.label(lang).to_string()))
                .collect()
        }),
        names: FACET_VOCABS.map(|k| {
            vocab
                .get(k)
                .terms
                .iter()
                .map(|t| {
                    let mut names: Vec<String> = t
                        .label
                        .values()
                        .chain(t.short.values())
                        .chain(t.aliases.iter())
                        .cloned()
                        .collect();
                    names.sort();
                    names.dedup();
                    names
                })
                .collect()
        }),
        national: vocab
            .get(VocabKind::Regions)
            .terms
            .iter()
            .find(|t| t.national)
            .map(|t| t.id.clone()),
    }
}

/// Builds the index of one language.
pub fn build_lang(site: &Site, lang: &str) -> Result<LangIndex, IndexError> {
    build_lang_with(site, lang, true)
}

/// [`build_lang`]; without `keep_texts`, the documents are made one at a time in name order
/// and keep no texts once indexed (a build's export needs none; `sira serve`'s kept models
/// do).
pub fn build_lang_with(site: &Site, lang: &str, keep_texts: bool) -> Result<LangIndex, IndexError> {
    let default = &site.config.default_language;
    let order_span = crate::trace::span("index/order");
    let mut order: Vec<(String, String, usize)> = site
        .fiches
        .iter()
        .enumerate()
        .filter(|(_, f)| f.front.draft != Some(true))
        .map(|(i, f)| {
            let (key, url) = doc_key(f, lang, default);
            (key, url, i)
        })
        .collect();
    order.sort_unstable();
    drop(order_span);
    let docs = order
        .into_iter()
        .map(|(_, _, i)| search_doc(&site.fiches[i], lang, &site.vocab, default));
    let groups = site.vocab.synonyms.get(lang).map_or(&[][..], Vec::as_slice);
    LangIndex::build_ordered(
        lang,
        docs,
        facet_defs(&site.vocab, lang),
        groups,
        keep_texts,
    )
}

/// Builds the index of every configured language, in configuration order.
pub fn build(site: &Site) -> Result<Vec<LangIndex>, IndexError> {
    site.config
        .languages
        .iter()
        .map(|lang| build_lang(site, lang))
        .collect()
}

/// Resolves a filter value typed by a user (an id, a code, a label or alias in any language;
/// case and accents ignored) to a vocabulary id of facet `facet`.
pub fn resolve_filter(vocab: &Vocabularies, facet: usize, value: &str) -> Option<String> {
    let v = vocab.get(FACET_VOCABS[facet]);
    v.get(value)
        .or_else(|| v.resolve(value))
        .map(|t| t.id.clone())
}

/// A "did you mean" for an unknown filter value.
pub fn suggest_filter(vocab: &Vocabularies, facet: usize, value: &str) -> Option<String> {
    vocab
        .get(FACET_VOCABS[facet])
        .suggest(value)
        .map(|t| t.id.clone())
}

/// Facet names, for messages.
pub fn facet_name(facet: usize) -> &'static str {
    FACETS[facet]
}
