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

use serde::Serialize;

use super::{id, label, labels, phone, regions_in_order, Texts};
use crate::model::{Fiche, FicheFront, Site};
use crate::render::i18n::Strings;
use crate::vocab::{Term, VocabKind};

#[derive(Serialize)]
struct Organization {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    alternate_name: Option<String>,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year_incorporated: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    funding: Vec<Funding>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    contacts: Vec<Contact>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    phones: Vec<Phone>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    programs: Vec<Program>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attributes: Vec<Attribute>,
    services: Vec<Service>,
}

#[derive(Serialize)]
struct Funding {
    id: String,
    organization_id: String,
    source: String,
}

#[derive(Serialize)]
struct Contact {
    id: String,
    organization_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    phones: Vec<Phone>,
}

#[derive(Serialize)]
struct Phone {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_id: Option<String>,
    number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'static str>,
}

#[derive(Serialize)]
struct Program {
    id: String,
    organization_id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    alternate_name: Option<String>,
    description: String,
}

#[derive(Serialize)]
struct Service {
    id: String,
    organization_id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fees_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    eligibility_description: Option<String>,
    assured_date: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    service_areas: Vec<ServiceArea>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    languages: Vec<Language>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    cost_options: Vec<CostOption>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attributes: Vec<Attribute>,
}

#[derive(Serialize)]
struct ServiceArea {
    id: String,
    service_id: String,
    name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attributes: Vec<Attribute>,
}

#[derive(Serialize)]
struct Language {
    id: String,
    service_id: String,
    name: String,
    code: String,
}

#[derive(Serialize)]
struct CostOption {
    id: String,
    service_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    option: Option<&'static str>,
    currency: &'static str,
    amount: i64,
}

#[derive(Serialize)]
struct Attribute {
    id: String,
    link_id: String,
    link_entity: &'static str,
    taxonomy_term_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    taxonomy_term: TaxonomyTerm,
}

#[derive(Serialize)]
struct TaxonomyTerm {
    id: String,
    code: String,
    name: String,
    description: String,
    taxonomy: String,
    language: String,
}

/// What an attribute links to: its entity table and stable name (`service:cfp-missabougou`).
struct Link<'n> {
    entity: &'static str,
    name: &'n str,
}

impl Link<'_> {
    /// An attribute classifying the linked entity by `code` of `taxonomy`, named `name`.
    fn attribute(&self, taxonomy: &str, code: &str, name: &str, lang: &str) -> Attribute {
        let term = id(&format!("taxonomy_term:{taxonomy}:{code}"));
        Attribute {
            id: id(&format!("attribute:{}:{taxonomy}:{code}", self.name)),
            link_id: id(self.name),
            link_entity: self.entity,
            taxonomy_term_id: term.clone(),
            value: None,
            taxonomy_term: TaxonomyTerm {
                id: term,
                code: code.to_string(),
                name: name.to_string(),
                description: name.to_string(),
                taxonomy: taxonomy.to_string(),
                language: lang.to_string(),
            },
        }
    }

    /// Attributes for vocabulary terms (`sira-sectors`, `sira-services`…).
    fn terms(&self, site: &Site, kind: VocabKind, ids: &[String], lang: &str) -> Vec<Attribute> {
        let taxonomy = format!("sira-{}", kind.file_stem());
        ids.iter()
            .map(|t| self.attribute(&taxonomy, t, label(site, kind, t, lang), lang))
            .collect()
    }
}

/// Percent-encodes what RFC 3986 does not allow in a URI (as browsers do), so a web address
/// the fiche format accepts is a valid `uri`.
fn uri(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        let allowed = b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b);
        if allowed {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The service areas of the main service of `f` (`service:<slug>`).
fn areas(site: &Site, f: &Fiche, lang: &str) -> Vec<ServiceArea> {
    let slug = &f.slug;
    regions_in_order(site, f)
        .into_iter()
        .map(|(region, term)| {
            let name = format!("service_area:{slug}:{region}");
            let link = Link {
                entity: "service_area",
                name: &name,
            };
            let area_name = term.map_or(region, |t| t.label(lang)).to_string();
            ServiceArea {
                id: id(&name),
                service_id: id(&format!("service:{slug}")),
                attributes: term
                    .map(|t| codes(&link, t, &area_name, lang))
                    .unwrap_or_default(),
                name: area_name,
            }
        })
        .collect()
}

/// A region's ISO 3166-2 code and OCHA P-code, where the vocabulary records them.
fn codes(link: &Link<'_>, t: &Term, name: &str, lang: &str) -> Vec<Attribute> {
    let mut out = Vec::new();
    if let Some(iso) = &t.iso_3166_2 {
        out.push(link.attribute("ISO 3166-2", iso, name, lang));
    }
    if let Some(p) = &t.pcode {
        let taxonomy = format!("OCHA P-code {}", p.vintage);
        out.push(link.attribute(&taxonomy, &p.code, name, lang));
    }
    out
}

fn phones(
    raw: &[String],
    whatsapp: Option<&String>,
    prefix: &str,
    owner: (Option<String>, Option<String>),
) -> Vec<Phone> {
    let numbered = raw
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("{prefix}:{}", i + 1), p, None));
    let wa = whatsapp.map(|p| (format!("{prefix}:whatsapp"), p, Some("WhatsApp")));
    numbered
        .chain(wa)
        .map(|(name, p, description)| Phone {
            id: id(&name),
            organization_id: owner.0.clone(),
            contact_id: owner.1.clone(),
            number: phone(p),
            description,
        })
        .collect()
}

/// The cost options of the fiche's main service.
fn cost_options(d: &FicheFront, slug: &str, lang: &str) -> Vec<CostOption> {
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
            id: id(&format!("cost_option:{slug}:{key}")),
            service_id: id(&format!("service:{slug}")),
            option,
            currency: "XOF",
            amount,
        })
        .collect()
}

/// The organisation of fiche `f` in `lang`, as one line of compact JSON.
pub fn organization(site: &Site, f: &Fiche, lang: &str, strings: &Strings) -> String {
    let d = &f.front;
    let slug = &f.slug;
    let tx = Texts::new(site, f, lang);
    let org_name = format!("organization:{slug}");
    let org = id(&org_name);
    let name = tx.get(|x| x.name.as_ref()).unwrap_or(slug).to_string();
    let assured = f.last_verified.to_string();
    let main_name = format!("service:{slug}");
    let main = Link {
        entity: "service",
        name: &main_name,
    };
    let mut main_attrs = main.terms(site, VocabKind::Services, &d.services, lang);
    main_attrs.extend(main.terms(site, VocabKind::Sectors, &d.sectors, lang));
    if let Some(e) = d.returnees.as_ref().and_then(|r| r.eligibility.as_ref()) {
        let mut a = main.attribute(
            "sira-eligibility",
            e,
            label(site, VocabKind::Eligibility, e, lang),
            lang,
        );
        a.value = tx
            .get(|x| x.returnees.as_ref().and_then(|r| r.conditions.as_ref()))
            .map(str::to_string);
        main_attrs.push(a);
    }
    let mut services = vec![Service {
        id: id(&main_name),
        organization_id: org.clone(),
        name: name.clone(),
        description: tx.get(|x| x.summary.as_ref()).map(str::to_string),
        status: "active",
        fees_description: tx
            .get(|x| x.cost.as_ref().and_then(|c| c.details.as_ref()))
            .map(str::to_string),
        eligibility_description: tx.get(|x| x.entry_conditions.as_ref()).map(str::to_string),
        assured_date: assured.clone(),
        service_areas: areas(site, f, lang),
        languages: d
            .languages
            .iter()
            .map(|code| Language {
                id: id(&format!("language:{slug}:{code}")),
                service_id: id(&main_name),
                name: label(site, VocabKind::Languages, code, lang).to_string(),
                code: code.clone(),
            })
            .collect(),
        cost_options: cost_options(d, slug, lang),
        attributes: main_attrs,
    }];
    let l = labels(lang);
    for o in &d.offers {
        let svc_name = format!("service:{slug}:{}", o.id);
        let link = Link {
            entity: "service",
            name: &svc_name,
        };
        let duration = o.duration.as_deref().map(|x| {
            format!(
                "{}{}.",
                l.duration,
                crate::render::view::duration_words(x, strings)
            )
        });
        let details = tx.item(|x| &x.offers, o, |x| x.details.as_ref());
        let description = match (duration, details) {
            (Some(a), Some(b)) => Some(format!("{a} {b}")),
            (a, b) => a.or_else(|| b.map(str::to_string)),
        };
        services.push(Service {
            id: id(&svc_name),
            organization_id: org.clone(),
            name: tx
                .item(|x| &x.offers, o, |x| x.name.as_ref())
                .unwrap_or(&o.id)
                .to_string(),
            description,
            status: "active",
            fees_description: None,
            eligibility_description: None,
            assured_date: assured.clone(),
            // The fiche gives regions for the organisation, not per offer: areas are on the
            // main service only.
            service_areas: Vec::new(),
            languages: Vec::new(),
            cost_options: Vec::new(),
            attributes: link.terms(site, VocabKind::Sectors, &o.sectors, lang),
        });
    }
    let org_link = Link {
        entity: "organization",
        name: &org_name,
    };
    let kind = d.kind.as_deref().unwrap_or_default();
    let value = Organization {
        id: org.clone(),
        description: tx
            .get(|x| x.summary.as_ref())
            .map_or_else(|| name.clone(), str::to_string),
        name,
        alternate_name: d.acronym.clone(),
        email: d.email.clone(),
        website: d.website.as_deref().map(uri),
        year_incorporated: d.founded,
        funding: d
            .funders
            .iter()
            .enumerate()
            .map(|(i, source)| Funding {
                id: id(&format!("funding:{slug}:{}", i + 1)),
                organization_id: org.clone(),
                source: source.clone(),
            })
            .collect(),
        contacts: d
            .contacts
            .iter()
            .map(|c| {
                let cid = id(&format!("contact:{slug}:{}", c.id));
                Contact {
                    organization_id: org.clone(),
                    name: c.name.clone(),
                    title: tx
                        .item(|x| &x.contacts, c, |x| x.role.as_ref())
                        .map(str::to_string),
                    email: c.email.clone(),
                    phones: phones(
                        &c.phones,
                        c.whatsapp.as_ref(),
                        &format!("phone:{slug}:contact:{}", c.id),
                        (None, Some(cid.clone())),
                    ),
                    id: cid,
                }
            })
            .collect(),
        phones: phones(
            &d.phones,
            d.whatsapp.as_ref(),
            &format!("phone:{slug}"),
            (Some(org.clone()), None),
        ),
        programs: d
            .programmes
            .iter()
            .map(|p| {
                let pname = tx
                    .item(|x| &x.programmes, p, |x| x.name.as_ref())
                    .unwrap_or(&p.id)
                    .to_string();
                Program {
                    id: id(&format!("program:{slug}:{}", p.id)),
                    organization_id: org.clone(),
                    description: tx
                        .item(|x| &x.programmes, p, |x| x.summary.as_ref())
                        .map_or_else(|| pname.clone(), str::to_string),
                    name: pname,
                    alternate_name: p.acronym.clone(),
                }
            })
            .collect(),
        attributes: if kind.is_empty() {
            Vec::new()
        } else {
            org_link.terms(site, VocabKind::Kinds, &[kind.to_string()], lang)
        },
        services,
    };
    serde_json::to_string(&value).unwrap_or_default()
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
