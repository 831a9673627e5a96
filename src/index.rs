//! The index stage: the validated [`Site`] seen as search documents, one tantivy index per
//! language (built by the `sira-search-index` crate), and the resolution of filter values typed
//! on the command line.

use sira_search_index::{FacetDefs, IndexError, LangIndex, SearchDoc, FACETS};

use crate::model::{Fiche, FicheFront, Site};
use crate::vocab::{VocabKind, Vocabularies};

/// The vocabulary behind each facet of [`FACETS`].
pub const FACET_VOCABS: [VocabKind; 4] = [
    VocabKind::Regions,
    VocabKind::Sectors,
    VocabKind::Kinds,
    VocabKind::Eligibility,
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
    let label = |kind: VocabKind, id: &str| -> String {
        vocab
            .get(kind)
            .get(id)
            .map_or_else(|| id.to_string(), |t| t.label(lang).to_string())
    };
    let name = pick(|x| x.name.as_ref());
    let acronym = pick(|x| x.acronym.as_ref());
    let summary = pick(|x| x.summary.as_ref());

    let mut name_text = name.clone();
    push(&mut name_text, &acronym);

    let mut services = String::new();
    if let Some(k) = &d.kind {
        push(&mut services, label(VocabKind::Kinds, k));
    }
    for s in &d.services {
        push(&mut services, label(VocabKind::Services, s));
    }
    for s in &d.sectors {
        push(&mut services, label(VocabKind::Sectors, s));
    }
    for o in &d.offers {
        let to = t.and_then(|t| t.offers.iter().find(|x| x.id == o.id));
        push(
            &mut services,
            to.and_then(|x| x.name.as_ref())
                .or(o.name.as_ref())
                .map_or("", String::as_str),
        );
    }
    for p in &d.programmes {
        let tp = t.and_then(|t| t.programmes.iter().find(|x| x.id == p.id));
        push(
            &mut services,
            tp.and_then(|x| x.name.as_ref())
                .or(p.name.as_ref())
                .map_or("", String::as_str),
        );
        push(&mut services, p.acronym.as_deref().unwrap_or(""));
    }

    let mut place = String::new();
    for r in &d.regions {
        push(&mut place, label(VocabKind::Regions, r));
    }
    for c in &d.cities {
        push(&mut place, c);
    }
    push(&mut place, pick(|x| x.address.as_ref()));

    let mut body = summary.clone();
    push(&mut body, pick(|x| x.entry_conditions.as_ref()));
    push(&mut body, pick(|x| x.certification.as_ref()));
    let ret = |x: &FicheFront| x.returnees.as_ref().and_then(|r| r.conditions.clone());
    push(
        &mut body,
        t.and_then(ret).or_else(|| ret(d)).unwrap_or_default(),
    );
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

    let eligibility = d
        .returnees
        .as_ref()
        .and_then(|r| r.eligibility.clone())
        .unwrap_or_else(|| "not-stated".to_string());
    let sort_key = crate::values::sort_key(&name);
    SearchDoc {
        name,
        acronym: (!acronym.is_empty()).then_some(acronym),
        url: format!("{}/{}.html", f.section, f.slug),
        sort_key,
        summary,
        text: [name_text, services, place, body],
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
        ],
    }
}

/// The facet values and their labels in `lang`, in vocabulary order.
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
    let default = &site.config.default_language;
    let docs = site
        .fiches
        .iter()
        .filter(|f| f.front.draft != Some(true))
        .map(|f| search_doc(f, lang, &site.vocab, default))
        .collect();
    LangIndex::build(lang, docs, facet_defs(&site.vocab, lang))
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
