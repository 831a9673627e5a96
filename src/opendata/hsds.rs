//! Open Referral HSDS 3.0 in its compiled form: one `organization` per fiche with its
//! services nested. Mapping (details in `docs/open-data.md`):
//!
//! - the fiche → `organization` (`alternate_name` = acronym, `description` = summary,
//!   `year_incorporated` = founded, `website`, `email`, `phones`, `contacts`, `funding` =
//!   funders, `programs` = programmes, kind as an attribute);
//! - one service `service:<slug>` for the organisation's help as a whole: regions as
//!   `service_areas` (with ISO 3166-2 and P-code attributes where the vocabulary has them),
//!   `cost_options` in XOF, `fees_description`, `eligibility_description`, languages, kinds of
//!   help, sectors and returnee eligibility as attributes, `assured_date` = last verified;
//! - one service `service:<slug>:<offer-id>` per offer (name, duration and details, sectors).

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;
use uuid::Uuid;

use super::{label, labels, phone, regions_in_order, uuid};
use crate::i18n::Strings;
use crate::model::Texts;
use crate::model::{Fiche, FicheFront, Site};
use crate::vocab::{Term, VocabKind};

#[derive(Serialize)]
struct Organization<'a> {
    id: Uuid,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    alternate_name: Option<&'a str>,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    website: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year_incorporated: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    funding: Vec<Funding<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    contacts: Vec<Contact<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    phones: Vec<Phone>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    programs: Vec<Program<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attributes: Vec<Attribute<'a>>,
    services: Vec<Service<'a>>,
}

#[derive(Serialize)]
struct Funding<'a> {
    id: Uuid,
    organization_id: Uuid,
    source: &'a str,
}

#[derive(Serialize)]
struct Contact<'a> {
    id: Uuid,
    organization_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    phones: Vec<Phone>,
}

#[derive(Serialize)]
struct Phone {
    id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_id: Option<Uuid>,
    number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'static str>,
}

#[derive(Serialize)]
struct Program<'a> {
    id: Uuid,
    organization_id: Uuid,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    alternate_name: Option<&'a str>,
    description: &'a str,
}

#[derive(Serialize)]
struct Service<'a> {
    id: Uuid,
    organization_id: Uuid,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Cow<'a, str>>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fees_description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    eligibility_description: Option<&'a str>,
    assured_date: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    service_areas: Vec<ServiceArea<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    languages: Vec<Language<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    cost_options: Vec<CostOption>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attributes: Vec<Attribute<'a>>,
}

#[derive(Serialize)]
struct ServiceArea<'a> {
    id: Uuid,
    service_id: Uuid,
    name: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attributes: Vec<Attribute<'a>>,
}

#[derive(Serialize)]
struct Language<'a> {
    id: Uuid,
    service_id: Uuid,
    name: &'a str,
    code: &'a str,
}

#[derive(Serialize)]
struct CostOption {
    id: Uuid,
    service_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    option: Option<&'static str>,
    currency: &'static str,
    amount: i64,
}

#[derive(Serialize)]
struct Attribute<'a> {
    id: Uuid,
    link_id: Uuid,
    link_entity: &'static str,
    taxonomy_term_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    taxonomy_term: TaxonomyTerm<'a>,
}

#[derive(Serialize)]
struct TaxonomyTerm<'a> {
    id: Uuid,
    code: &'a str,
    name: &'a str,
    description: &'a str,
    taxonomy: &'a str,
    language: &'a str,
}

/// The HSDS `taxonomy` of a Sira vocabulary.
fn taxonomy(kind: VocabKind) -> &'static str {
    match kind {
        VocabKind::Regions => "sira-regions",
        VocabKind::Sectors => "sira-sectors",
        VocabKind::Services => "sira-services",
        VocabKind::Kinds => "sira-kinds",
        VocabKind::Languages => "sira-languages",
        VocabKind::Documents => "sira-documents",
        VocabKind::Eligibility => "sira-eligibility",
        VocabKind::Needs => "sira-needs",
    }
}

/// The taxonomy of ISO 3166-2 region codes.
const ISO_3166_2: &str = "ISO 3166-2";

/// The ids of every taxonomy term the export can use (`taxonomy_term:<taxonomy>:<code>`),
/// computed once per build: terms recur in every organisation.
pub struct TermIds<'a> {
    ids: BTreeMap<Cow<'a, str>, BTreeMap<&'a str, Uuid>>,
    /// The P-code taxonomy of each region that has a P-code (`OCHA P-code <vintage>`).
    pcode_taxonomies: BTreeMap<&'a str, String>,
}

impl<'a> TermIds<'a> {
    /// Every term of the vocabularies the export classifies with, and the regions' codes.
    pub fn new(site: &'a Site) -> Self {
        let mut ids: BTreeMap<Cow<'a, str>, BTreeMap<&'a str, Uuid>> = BTreeMap::new();
        let mut add = |tax: Cow<'a, str>, code: &'a str| {
            let id = uuid(&format!("taxonomy_term:{tax}:{code}"));
            ids.entry(tax).or_default().insert(code, id);
        };
        for kind in [
            VocabKind::Kinds,
            VocabKind::Services,
            VocabKind::Sectors,
            VocabKind::Eligibility,
        ] {
            for t in &site.vocab.get(kind).terms {
                add(Cow::Borrowed(taxonomy(kind)), &t.id);
            }
        }
        let mut pcode_taxonomies = BTreeMap::new();
        for t in &site.vocab.get(VocabKind::Regions).terms {
            if let Some(iso) = &t.iso_3166_2 {
                add(Cow::Borrowed(ISO_3166_2), iso);
            }
            if let Some(p) = &t.pcode {
                let tax = format!("OCHA P-code {}", p.vintage);
                add(Cow::Owned(tax.clone()), &p.code);
                pcode_taxonomies.insert(t.id.as_str(), tax);
            }
        }
        TermIds {
            ids,
            pcode_taxonomies,
        }
    }

    fn get(&self, taxonomy: &str, code: &str) -> Uuid {
        self.ids
            .get(taxonomy)
            .and_then(|m| m.get(code))
            .copied()
            .unwrap_or_else(|| uuid(&format!("taxonomy_term:{taxonomy}:{code}")))
    }
}

/// Builds one organisation in one language.
struct Builder<'a> {
    site: &'a Site,
    terms: &'a TermIds<'a>,
    lang: &'a str,
}

/// What an attribute links to: its entity table, stable name (`service:cfp-missabougou`) and
/// id.
struct Link {
    entity: &'static str,
    name: String,
    id: Uuid,
}

impl Link {
    fn new(entity: &'static str, name: String) -> Self {
        Link {
            entity,
            id: uuid(&name),
            name,
        }
    }
}

impl<'a> Builder<'a> {
    /// An attribute classifying `link` by `code` of `taxonomy`, labelled `name`.
    fn attribute(
        &self,
        link: &Link,
        taxonomy: &'a str,
        code: &'a str,
        name: &'a str,
    ) -> Attribute<'a> {
        let term = self.terms.get(taxonomy, code);
        Attribute {
            id: uuid(&format!("attribute:{}:{taxonomy}:{code}", link.name)),
            link_id: link.id,
            link_entity: link.entity,
            taxonomy_term_id: term,
            value: None,
            taxonomy_term: TaxonomyTerm {
                id: term,
                code,
                name,
                description: name,
                taxonomy,
                language: self.lang,
            },
        }
    }

    /// Attributes for vocabulary terms (`sira-sectors`, `sira-services`…).
    fn terms(&self, link: &Link, kind: VocabKind, ids: &'a [String]) -> Vec<Attribute<'a>> {
        ids.iter()
            .map(|t| {
                self.attribute(
                    link,
                    taxonomy(kind),
                    t,
                    label(self.site, kind, t, self.lang),
                )
            })
            .collect()
    }

    /// The service areas of the main service of `f` (`service:<slug>`).
    fn areas(&self, f: &'a Fiche, service: Uuid) -> Vec<ServiceArea<'a>> {
        regions_in_order(self.site, f)
            .into_iter()
            .map(|(region, term)| {
                let link = Link::new("service_area", format!("service_area:{}:{region}", f.slug));
                let name = term.map_or(region, |t| t.label(self.lang));
                ServiceArea {
                    id: link.id,
                    service_id: service,
                    attributes: term.map(|t| self.codes(&link, t, name)).unwrap_or_default(),
                    name,
                }
            })
            .collect()
    }

    /// A region's ISO 3166-2 code and OCHA P-code, where the vocabulary records them.
    fn codes(&self, link: &Link, t: &'a Term, name: &'a str) -> Vec<Attribute<'a>> {
        let mut out = Vec::new();
        if let Some(iso) = &t.iso_3166_2 {
            out.push(self.attribute(link, ISO_3166_2, iso, name));
        }
        if let (Some(p), Some(tax)) = (&t.pcode, self.terms.pcode_taxonomies.get(t.id.as_str())) {
            out.push(self.attribute(link, tax, &p.code, name));
        }
        out
    }
}

/// Phones numbered from 1 (`<prefix>:<n>`), then the WhatsApp number (`<prefix>:whatsapp`).
fn phones(
    raw: &[String],
    whatsapp: Option<&String>,
    prefix: &str,
    owner: (Option<Uuid>, Option<Uuid>),
) -> Vec<Phone> {
    let numbered = raw
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("{prefix}:{}", i + 1), p, None));
    let wa = whatsapp.map(|p| (format!("{prefix}:whatsapp"), p, Some("WhatsApp")));
    numbered
        .chain(wa)
        .map(|(name, p, description)| Phone {
            id: uuid(&name),
            organization_id: owner.0,
            contact_id: owner.1,
            number: phone(p),
            description,
        })
        .collect()
}

/// The cost options of the fiche's main service.
fn cost_options(d: &FicheFront, slug: &str, service: Uuid, lang: &str) -> Vec<CostOption> {
    let Some(cost) = &d.cost else {
        return Vec::new();
    };
    let l = labels(lang);
    let mut figures: Vec<(&str, Option<&'static str>, i64)> = Vec::new();
    if cost.free == Some(true) {
        figures.push(("free", Some(l.free), 0));
    }
    match (cost.min_xof, cost.max_xof) {
        (Some(a), Some(b)) if a == b => figures.push(("amount", None, a)),
        (a, b) => {
            figures.extend(a.map(|a| ("min", Some(l.cost_min), a)));
            figures.extend(b.map(|b| ("max", Some(l.cost_max), b)));
        }
    }
    figures
        .into_iter()
        .map(|(key, option, amount)| CostOption {
            id: uuid(&format!("cost_option:{slug}:{key}")),
            service_id: service,
            option,
            currency: "XOF",
            amount,
        })
        .collect()
}

/// Percent-encodes what RFC 3986 does not allow in a URI (as browsers do), so a web address
/// the fiche format accepts is a valid `uri`.
fn uri(s: &str) -> Cow<'_, str> {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b);
    if s.bytes().all(allowed) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for b in s.bytes() {
        if allowed(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Cow::Owned(out)
}

/// The organisation of fiche `f` in `lang`, as one line of compact JSON.
pub fn organization(
    site: &Site,
    terms: &TermIds<'_>,
    f: &Fiche,
    lang: &str,
    strings: &Strings,
) -> String {
    let b = Builder { site, terms, lang };
    let d = &f.front;
    let slug = &f.slug;
    let tx = Texts::new(site, f, lang);
    let org = Link::new("organization", format!("organization:{slug}"));
    let name = tx.get(|x| x.name.as_ref()).unwrap_or(slug);
    let assured = f.last_verified.to_string();
    let main = Link::new("service", format!("service:{slug}"));
    let mut main_attrs = b.terms(&main, VocabKind::Services, &d.services);
    main_attrs.extend(b.terms(&main, VocabKind::Sectors, &d.sectors));
    if let Some(e) = d.returnees.as_ref().and_then(|r| r.eligibility.as_ref()) {
        let kind = VocabKind::Eligibility;
        let mut a = b.attribute(&main, taxonomy(kind), e, label(site, kind, e, lang));
        a.value = tx.get(|x| x.returnees.as_ref().and_then(|r| r.conditions.as_ref()));
        main_attrs.push(a);
    }
    let mut services = vec![Service {
        id: main.id,
        organization_id: org.id,
        name,
        description: tx.get(|x| x.summary.as_ref()).map(Cow::Borrowed),
        status: "active",
        fees_description: tx.get(|x| x.cost.as_ref().and_then(|c| c.details.as_ref())),
        eligibility_description: tx.get(|x| x.entry_conditions.as_ref()),
        assured_date: &assured,
        service_areas: b.areas(f, main.id),
        languages: d
            .languages
            .iter()
            .map(|code| Language {
                id: uuid(&format!("language:{slug}:{code}")),
                service_id: main.id,
                name: label(site, VocabKind::Languages, code, lang),
                code,
            })
            .collect(),
        cost_options: cost_options(d, slug, main.id, lang),
        attributes: main_attrs,
    }];
    let l = labels(lang);
    for o in &d.offers {
        let link = Link::new("service", format!("service:{slug}:{}", o.id));
        let duration = o
            .duration
            .as_deref()
            .map(|x| format!("{}{}.", l.duration, crate::i18n::duration_words(x, strings)));
        let details = tx.item(|x| &x.offers, o, |x| x.details.as_ref());
        let description = match (duration, details) {
            (Some(a), Some(d)) => Some(Cow::Owned(format!("{a} {d}"))),
            (Some(a), None) => Some(Cow::Owned(a)),
            (None, d) => d.map(Cow::Borrowed),
        };
        services.push(Service {
            id: link.id,
            organization_id: org.id,
            name: tx
                .item(|x| &x.offers, o, |x| x.name.as_ref())
                .unwrap_or(&o.id),
            description,
            status: "active",
            fees_description: None,
            eligibility_description: None,
            assured_date: &assured,
            // The fiche gives regions for the organisation, not per offer: areas are on the
            // main service only.
            service_areas: Vec::new(),
            languages: Vec::new(),
            cost_options: Vec::new(),
            attributes: b.terms(&link, VocabKind::Sectors, &o.sectors),
        });
    }
    let kind = d.kind.as_ref().map(std::slice::from_ref);
    let value = Organization {
        id: org.id,
        name,
        alternate_name: tx.get(|x| x.acronym.as_ref()),
        description: tx.get(|x| x.summary.as_ref()).unwrap_or(name),
        email: d.email.as_deref(),
        website: d.website.as_deref().map(uri),
        year_incorporated: d.founded,
        funding: tx
            .parties(site, lang, |x| &x.funders)
            .into_iter()
            .enumerate()
            .map(|(i, source)| Funding {
                id: uuid(&format!("funding:{slug}:{}", i + 1)),
                organization_id: org.id,
                source,
            })
            .collect(),
        contacts: d
            .contacts
            .iter()
            .map(|c| {
                let id = uuid(&format!("contact:{slug}:{}", c.id));
                Contact {
                    id,
                    organization_id: org.id,
                    name: c.name.as_deref(),
                    title: tx.item(|x| &x.contacts, c, |x| x.role.as_ref()),
                    // A person's own phones and e-mail only when a source gives them as the
                    // organisation's public contact.
                    email: c.email.as_deref().filter(|_| c.is_public()),
                    phones: phones(
                        if c.is_public() { &c.phones } else { &[] },
                        c.whatsapp.as_ref().filter(|_| c.is_public()),
                        &format!("phone:{slug}:contact:{}", c.id),
                        (None, Some(id)),
                    ),
                }
            })
            .collect(),
        phones: phones(
            &d.phones,
            d.whatsapp.as_ref(),
            &format!("phone:{slug}"),
            (Some(org.id), None),
        ),
        programs: d
            .programmes
            .iter()
            .map(|p| {
                let name = tx
                    .item(|x| &x.programmes, p, |x| x.name.as_ref())
                    .unwrap_or(&p.id);
                Program {
                    id: uuid(&format!("program:{slug}:{}", p.id)),
                    organization_id: org.id,
                    name,
                    alternate_name: tx.item(|x| &x.programmes, p, |x| x.acronym.as_ref()),
                    description: tx
                        .item(|x| &x.programmes, p, |x| x.summary.as_ref())
                        .unwrap_or(name),
                }
            })
            .collect(),
        attributes: kind
            .map(|k| b.terms(&org, VocabKind::Kinds, k))
            .unwrap_or_default(),
        services,
    };
    serde_json::to_string(&value).expect("plain structs with string keys always serialise")
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_percent_encoded_where_rfc_3986_requires() {
        assert_eq!(
            uri("https://exemple.ml/a?b=1&c=2"),
            "https://exemple.ml/a?b=1&c=2"
        );
        assert_eq!(
            uri("https://exemple.ml/?b=\"x\" é"),
            "https://exemple.ml/?b=%22x%22%20%C3%A9"
        );
    }
}
