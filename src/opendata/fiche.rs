//! One JSON file per fiche (`data/fiches/<slug>.json`): every language-neutral fact, with
//! vocabulary values as `{id, label per language}` (regions with their codes), and the texts
//! of each language exactly as its file gives them (no fallback). Shape in
//! `docs/open-data.md`; `format` names its version.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{id, page_url, phone};
use crate::model::party_name;
use crate::model::{Budget, Fiche, FicheFront, Party, Site};
use crate::vocab::{Pcode, VocabKind};

/// The value of `format` in every fiche file; a change of shape that breaks readers bumps it.
pub const FORMAT: &str = "sira-fiche/2";

#[derive(Serialize)]
struct TermJson<'a> {
    id: &'a str,
    label: BTreeMap<&'a str, &'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    iso_3166_2: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pcode: Option<&'a Pcode>,
}

/// A funder or partner: its name in each language, as the pages show it, and the slug of its
/// own fiche when it has one.
#[derive(Serialize)]
struct PartyJson<'a> {
    name: BTreeMap<&'a str, &'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fiche: Option<&'a str>,
}

/// The entries of a list of funders or partners (`list`) of fiche `f`.
fn parties<'a>(
    site: &'a Site,
    f: &'a Fiche,
    list: impl Fn(&'a FicheFront) -> &'a [Party],
) -> Vec<PartyJson<'a>> {
    list(&f.front)
        .iter()
        .enumerate()
        .map(|(i, d)| PartyJson {
            name: site
                .config
                .languages
                .iter()
                .map(|l| {
                    let t = f
                        .translations
                        .get(l)
                        .filter(|_| *l != site.config.default_language)
                        .and_then(|t| list(&t.front).get(i));
                    (l.as_str(), party_name(site, l, d, t))
                })
                .collect(),
            fiche: d.fiche(),
        })
        .collect()
}

#[derive(Serialize)]
struct FicheJson<'a> {
    format: &'static str,
    id: String,
    slug: &'a str,
    section: &'a str,
    pages: BTreeMap<&'a str, String>,
    last_verified: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    acronym: Option<&'a str>,
    kind: Option<TermJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    founded: Option<i64>,
    regions: Vec<TermJson<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    cities: &'a [String],
    sectors: Vec<TermJson<'a>>,
    services: Vec<TermJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    languages: Vec<TermJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    funders: Vec<PartyJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    past_funders: Vec<PartyJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    partners: Vec<PartyJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    website: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    phones: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    whatsapp: Option<String>,
    returnees: Returnees<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cost: Option<Cost>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcomes: Option<Outcomes>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    offers: Vec<Offer<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    programmes: Vec<Programme<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    contacts: Vec<Contact<'a>>,
    sources: Vec<Source<'a>>,
    text: BTreeMap<&'a str, Text<'a>>,
}

#[derive(Serialize)]
struct Returnees<'a> {
    eligibility: TermJson<'a>,
}

#[derive(Serialize)]
struct Cost {
    #[serde(skip_serializing_if = "Option::is_none")]
    free: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_xof: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_xof: Option<i64>,
}

#[derive(Serialize)]
struct Outcomes {
    #[serde(skip_serializing_if = "Option::is_none")]
    placement_rate: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i64>,
}

#[derive(Serialize)]
struct Offer<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sectors: Vec<TermJson<'a>>,
}

#[derive(Serialize)]
struct Programme<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    acronym: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    regions: Vec<TermJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sectors: Vec<TermJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    budget: Option<&'a Budget>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    funders: Vec<PartyJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    website: Option<&'a str>,
}

#[derive(Serialize)]
struct Contact<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    phones: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    whatsapp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
}

#[derive(Serialize)]
struct Source<'a> {
    document: TermJson<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    locator: Option<&'a str>,
}

/// The texts one language's file gives.
#[derive(Serialize)]
struct Text<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    acronym: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    affiliation: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entry_conditions: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    certification: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    capacity: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    returnees_conditions: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    returnees_note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cost_details: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcomes_note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    regions_note: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    offers: BTreeMap<&'a str, Named<'a>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    programmes: BTreeMap<&'a str, Named<'a>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    contacts: BTreeMap<&'a str, Named<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<Option<&'a str>>,
    body: &'a str,
}

/// The texts of an offer, programme or contact, keyed by its `id`.
#[derive(Serialize)]
struct Named<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    acronym: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    regions_note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    budget_note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
}

impl Named<'_> {
    fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.acronym.is_none()
            && self.regions_note.is_none()
            && self.details.is_none()
            && self.summary.is_none()
            && self.budget_note.is_none()
            && self.role.is_none()
    }
}

fn term<'a>(site: &'a Site, kind: VocabKind, id: &'a str) -> TermJson<'a> {
    let t = site.vocab.get(kind).get(id);
    TermJson {
        id,
        label: t
            .map(|t| {
                t.label
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect()
            })
            .unwrap_or_default(),
        iso_3166_2: t.and_then(|t| t.iso_3166_2.as_deref()),
        pcode: t.and_then(|t| t.pcode.as_ref()),
    }
}

fn terms<'a>(site: &'a Site, kind: VocabKind, ids: &'a [String]) -> Vec<TermJson<'a>> {
    ids.iter().map(|i| term(site, kind, i)).collect()
}

fn text<'a>(t: &'a FicheFront, body: &'a str) -> Text<'a> {
    let s = |x: &'a Option<String>| x.as_deref();
    let keep = |map: BTreeMap<&'a str, Named<'a>>| -> BTreeMap<&'a str, Named<'a>> {
        map.into_iter().filter(|(_, n)| !n.is_empty()).collect()
    };
    let none = Named {
        name: None,
        acronym: None,
        regions_note: None,
        details: None,
        summary: None,
        budget_note: None,
        role: None,
    };
    Text {
        name: s(&t.name),
        acronym: s(&t.acronym),
        summary: s(&t.summary),
        affiliation: s(&t.affiliation),
        address: s(&t.address),
        entry_conditions: s(&t.entry_conditions),
        certification: s(&t.certification),
        capacity: s(&t.capacity),
        returnees_conditions: t.returnees.as_ref().and_then(|r| r.conditions.as_deref()),
        returnees_note: t.returnees.as_ref().and_then(|r| r.note.as_deref()),
        cost_details: t.cost.as_ref().and_then(|c| c.details.as_deref()),
        outcomes_note: t.outcomes.as_ref().and_then(|o| o.note.as_deref()),
        contact_note: s(&t.contact_note),
        regions_note: s(&t.regions_note),
        offers: keep(
            t.offers
                .iter()
                .map(|o| {
                    let n = Named {
                        name: s(&o.name),
                        details: s(&o.details),
                        ..none
                    };
                    (o.id.as_str(), n)
                })
                .collect(),
        ),
        programmes: keep(
            t.programmes
                .iter()
                .map(|p| {
                    let n = Named {
                        name: s(&p.name),
                        acronym: s(&p.acronym),
                        regions_note: s(&p.regions_note),
                        summary: s(&p.summary),
                        budget_note: s(&p.budget_note),
                        ..none
                    };
                    (p.id.as_str(), n)
                })
                .collect(),
        ),
        contacts: keep(
            t.contacts
                .iter()
                .map(|c| {
                    let n = Named {
                        role: s(&c.role),
                        ..none
                    };
                    (c.id.as_str(), n)
                })
                .collect(),
        ),
        sources: if t.sources.iter().any(|x| x.note.is_some()) {
            t.sources.iter().map(|x| x.note.as_deref()).collect()
        } else {
            Vec::new()
        },
        // Without the blank lines around it in the file.
        body: body.trim_start_matches(['\r', '\n']).trim_end(),
    }
}

/// The JSON file of fiche `f`, pretty-printed.
pub fn json(site: &Site, f: &Fiche) -> String {
    let d = &f.front;
    let default = site.config.default_language.as_str();
    let mut texts = BTreeMap::new();
    texts.insert(default, text(d, f.body.as_str()));
    for (lang, t) in &f.translations {
        if site.config.languages.contains(lang) && lang != default {
            texts.insert(lang.as_str(), text(&t.front, t.body.as_str()));
        }
    }
    let value = FicheJson {
        format: FORMAT,
        id: id(&format!("organization:{}", f.slug)),
        slug: &f.slug,
        section: &f.section,
        pages: site
            .config
            .languages
            .iter()
            .map(|l| (l.as_str(), page_url(site, f, l, 2)))
            .collect(),
        last_verified: f.last_verified.to_string(),
        acronym: d.acronym.as_deref(),
        kind: d.kind.as_deref().map(|k| term(site, VocabKind::Kinds, k)),
        founded: d.founded,
        regions: terms(site, VocabKind::Regions, &d.regions),
        cities: &d.cities,
        sectors: terms(site, VocabKind::Sectors, &d.sectors),
        services: terms(site, VocabKind::Services, &d.services),
        languages: terms(site, VocabKind::Languages, &d.languages),
        funders: parties(site, f, |x| &x.funders),
        past_funders: parties(site, f, |x| &x.past_funders),
        partners: parties(site, f, |x| &x.partners),
        website: d.website.as_deref(),
        email: d.email.as_deref(),
        phones: d.phones.iter().map(|p| phone(p)).collect(),
        whatsapp: d.whatsapp.as_deref().map(phone),
        returnees: Returnees {
            eligibility: term(
                site,
                VocabKind::Eligibility,
                d.returnees
                    .as_ref()
                    .and_then(|r| r.eligibility.as_deref())
                    .unwrap_or("not-stated"),
            ),
        },
        cost: d.cost.as_ref().map(|c| Cost {
            free: c.free,
            min_xof: c.min_xof,
            max_xof: c.max_xof,
        }),
        outcomes: d.outcomes.as_ref().map(|o| Outcomes {
            placement_rate: o.placement_rate,
            year: o.year,
        }),
        offers: d
            .offers
            .iter()
            .map(|o| Offer {
                id: &o.id,
                duration: o.duration.as_deref(),
                sectors: terms(site, VocabKind::Sectors, &o.sectors),
            })
            .collect(),
        programmes: d
            .programmes
            .iter()
            .enumerate()
            .map(|(pi, p)| Programme {
                id: &p.id,
                acronym: p.acronym.as_deref(),
                regions: terms(site, VocabKind::Regions, &p.regions),
                sectors: terms(site, VocabKind::Sectors, &p.sectors),
                start: p.start,
                end: p.end,
                status: p.status.as_deref(),
                budget: p.budget.as_ref(),
                funders: parties(site, f, move |x| {
                    x.programmes
                        .iter()
                        .find(|q| q.id == d.programmes[pi].id)
                        .map_or(&[][..], |q| &q.funders)
                }),
                website: p.website.as_deref(),
            })
            .collect(),
        contacts: d
            .contacts
            .iter()
            .map(|c| Contact {
                id: &c.id,
                name: c.name.as_deref(),
                // A person's own phones and e-mail only when a source gives them as the
                // organisation's public contact.
                phones: c
                    .phones
                    .iter()
                    .filter(|_| c.is_public())
                    .map(|p| phone(p))
                    .collect(),
                whatsapp: c.whatsapp.as_deref().filter(|_| c.is_public()).map(phone),
                email: c.email.as_deref().filter(|_| c.is_public()),
            })
            .collect(),
        sources: d
            .sources
            .iter()
            .map(|s| Source {
                document: term(
                    site,
                    VocabKind::Documents,
                    s.document.as_deref().unwrap_or_default(),
                ),
                locator: s.locator.as_deref(),
            })
            .collect(),
        text: texts,
    };
    let mut s = serde_json::to_string_pretty(&value)
        .expect("plain structs with string keys always serialise");
    s.push('\n');
    s
}
