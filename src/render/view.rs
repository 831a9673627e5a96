//! View models: what templates receive. Every label is resolved, every number and date
//! formatted for the page's language, every link relative — templates only lay things out.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::i18n::{duration_words, format_number, group_digits, Strings};
use crate::markdown;
use crate::model::{Fiche, FicheFront, Party};
use crate::values::{self, Date};
use crate::vocab::{VocabKind, Vocabularies};

/// A text with the language it is actually in, when that differs from the page's.
#[derive(Clone, Debug)]
#[allow(missing_docs)] // fields whose names say it all (see docs/fiche-format.md)
pub struct Tx {
    pub text: String,
    /// Set when the text fell back to another language (for a `lang` attribute).
    pub lang: Option<String>,
}

impl Tx {
    /// The text escaped for HTML, wrapped in `<span lang="…">` when it is a fallback.
    pub fn html(&self) -> String {
        let text = super::theme::escape_html(&self.text);
        match &self.lang {
            Some(l) => format!("<span lang=\"{l}\">{text}</span>"),
            None => text,
        }
    }
}

/// Templates get `text`, `lang` and `html` (escaped, with its `lang` span when needed).
impl Serialize for Tx {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Tx", 3)?;
        st.serialize_field("text", &self.text)?;
        st.serialize_field("lang", &self.lang)?;
        st.serialize_field("html", &self.html())?;
        st.end()
    }
}

/// A vocabulary term as shown.
#[derive(Clone, Debug, Serialize)]
#[allow(missing_docs)] // fields whose names say it all (see docs/fiche-format.md)
pub struct TermView {
    pub id: String,
    /// Label in the page's language.
    pub label: String,
    /// Link to its listing page (relative to the current page).
    pub href: Option<String>,
}

/// A phone number with its links.
#[derive(Clone, Debug, Serialize)]
#[allow(missing_docs)] // fields whose names say it all (see docs/fiche-format.md)
pub struct PhoneView {
    /// Grouped for reading (`+223 63 15 72 38`).
    pub display: String,
    pub tel: String,
    /// `https://wa.me/22363157238`.
    pub whatsapp: String,
}

impl PhoneView {
    /// From a validated phone string (falls back to the raw text if it does not parse).
    pub fn new(raw: &str) -> Self {
        match values::parse_phone(raw) {
            Ok(p) => PhoneView {
                display: p.display(),
                tel: format!("tel:{}", p.e164),
                whatsapp: format!("https://wa.me/{}", p.e164.trim_start_matches('+')),
            },
            Err(_) => PhoneView {
                display: raw.to_string(),
                tel: String::new(),
                whatsapp: String::new(),
            },
        }
    }
}

/// A funder or partner as shown: its name in the page's language, linked to its own fiche
/// when it has one.
#[derive(Clone, Debug, Serialize)]
pub struct PartyView {
    /// The name shown.
    pub name: Tx,
    /// The full name, when `name` is an acronym or a short form (for a `title` attribute).
    pub title: Option<String>,
    /// Link to the organisation's fiche (relative to the current page).
    pub href: Option<String>,
}

/// A training track or product.
#[derive(Clone, Debug, Serialize)]
#[allow(missing_docs)] // fields whose names say it all (see docs/fiche-format.md)
pub struct OfferView {
    pub name: Option<Tx>,
    /// Duration in words.
    pub duration: Option<String>,
    pub sectors: Vec<TermView>,
    pub details: Option<Tx>,
}

/// A programme.
#[derive(Clone, Debug, Serialize)]
#[allow(missing_docs)] // fields whose names say it all (see docs/fiche-format.md)
pub struct ProgrammeView {
    /// Identifier across languages (the anchor `p-<id>` on the fiche).
    pub id: String,
    pub name: Option<Tx>,
    pub acronym: Option<String>,
    /// Objectives.
    pub summary: Option<Tx>,
    /// Years as text (`2020–2023`).
    pub years: Option<String>,
    /// Status label (for a programme past its announced end, "ended" with that year).
    pub status: Option<String>,
    /// Over: completed, or its announced last year is before today's.
    pub past: bool,
    /// Running today: first year ≤ this year ≤ last year, and not completed.
    pub running: bool,
    pub regions: Vec<TermView>,
    /// Budget as text.
    pub budget: Option<String>,
    /// What the budget covers.
    pub budget_note: Option<Tx>,
    /// Which source names which places, when they disagree.
    pub regions_note: Option<Tx>,
    pub funders: Vec<PartyView>,
    /// Web page.
    pub website: Option<String>,
}

/// A contact person or desk.
#[derive(Clone, Debug, Serialize)]
#[allow(missing_docs)] // fields whose names say it all (see docs/fiche-format.md)
pub struct ContactView {
    pub name: Option<String>,
    pub role: Option<Tx>,
    pub phones: Vec<PhoneView>,
    pub whatsapp: Option<PhoneView>,
    /// E-mail.
    pub email: Option<String>,
}

/// A source.
#[derive(Clone, Debug, Serialize)]
pub struct SourceView {
    /// Document title.
    pub document: String,
    /// Where in it.
    pub locator: Option<String>,
    /// What was taken.
    pub note: Option<Tx>,
}

/// Everything a fiche page shows.
#[derive(Clone, Debug, Serialize)]
#[allow(missing_docs)] // fields whose names say it all (see docs/fiche-format.md)
pub struct FicheView {
    pub slug: String,
    pub section: String,
    pub name: Tx,
    pub acronym: Option<String>,
    /// Kind label.
    pub kind: TermView,
    pub summary: Option<Tx>,
    /// Year of creation.
    pub founded: Option<i64>,
    pub affiliation: Option<Tx>,
    /// Regions (excluding national).
    pub regions: Vec<TermView>,
    /// Nationwide coverage.
    pub national: bool,
    /// What the sources say, or do not say, about where it works.
    pub regions_note: Option<Tx>,
    pub cities: Vec<String>,
    pub address: Option<Tx>,
    pub sectors: Vec<TermView>,
    pub services: Vec<TermView>,
    /// Languages spoken.
    pub languages: Vec<String>,
    /// Eligibility id and label.
    pub eligibility: TermView,
    /// Eligibility conditions.
    pub conditions: Option<Tx>,
    /// Note on returnees.
    pub returnees_note: Option<Tx>,
    pub free: Option<bool>,
    /// Cost range as text.
    pub cost_range: Option<String>,
    pub cost_details: Option<Tx>,
    pub entry_conditions: Option<Tx>,
    pub certification: Option<Tx>,
    pub capacity: Option<Tx>,
    /// Placement rate as text.
    pub placement: Option<String>,
    /// Note on the rate.
    pub placement_note: Option<Tx>,
    pub offers: Vec<OfferView>,
    pub programmes: Vec<ProgrammeView>,
    pub contacts: Vec<ContactView>,
    /// Main phones.
    pub phones: Vec<PhoneView>,
    pub whatsapp: Option<PhoneView>,
    /// E-mail.
    pub email: Option<String>,
    pub website: Option<String>,
    /// How to reach the organisation when the sources give no contact.
    pub contact_note: Option<Tx>,
    /// Whether the page offers a number to call (the organisation's or a public contact's).
    pub callable: bool,
    pub funders: Vec<PartyView>,
    /// Former funders.
    pub past_funders: Vec<PartyView>,
    pub partners: Vec<PartyView>,
    pub sources: Vec<SourceView>,
    /// Last verified, in words.
    pub last_verified: String,
    /// Last verified, ISO form.
    pub last_verified_iso: String,
    /// Older than the configured age.
    pub stale: bool,
    /// Body HTML (sanitised).
    pub body: String,
    /// Language of the body, when it is a fallback.
    pub body_lang: Option<String>,
    /// The whole fiche is shown in the default language because no translation exists.
    pub untranslated: bool,
}

/// A fiche in a listing.
#[derive(Clone, Debug, Serialize)]
#[allow(missing_docs)] // fields whose names say it all (see docs/fiche-format.md)
pub struct CardView {
    pub name: Tx,
    pub acronym: Option<String>,
    /// Link to the fiche.
    pub href: String,
    pub summary: Option<Tx>,
    /// Kind label.
    pub kind: String,
    /// Where (short labels).
    pub place: String,
    pub eligibility: TermView,
    /// What returnees must meet, when the fiche says.
    pub conditions: Option<Tx>,
    /// First phone.
    pub phone: Option<PhoneView>,
}

/// Context for building views of one language.
pub struct Ctx<'a> {
    /// Page language.
    pub lang: &'a str,
    /// Default language of the site.
    pub default_lang: &'a str,
    /// Vocabularies.
    pub vocab: &'a Vocabularies,
    /// UI strings of the language.
    pub strings: &'a Strings,
    /// Prefix from the current page to the language root (`../` from a fiche page).
    pub to_lang_root: &'a str,
    /// Today, for staleness.
    pub today: Date,
    /// Freshness settings (when a fiche is stale).
    pub check: &'a crate::config::CheckConfig,
    /// Every fiche of the site, for funders and partners that reference one.
    pub fiches: &'a [Fiche],
}

impl Ctx<'_> {
    /// The address of fiche `slug`'s page from the current page, when there is such a fiche.
    pub fn fiche_href(&self, slug: &str) -> Option<String> {
        self.fiches
            .iter()
            .find(|f| f.slug == slug)
            .map(|f| format!("{}{}/{}.html", self.to_lang_root, f.section, f.slug))
    }

    fn term(&self, kind: VocabKind, id: &str, link_dir: Option<&str>) -> TermView {
        let term = self.vocab.get(kind).get(id);
        let label = term.map_or_else(|| id.to_string(), |t| t.label(self.lang).to_string());
        // "National" has no page of its own: national organisations are on every region page.
        let linked = link_dir.filter(|_| !term.is_some_and(|t| t.national));
        TermView {
            id: id.to_string(),
            label,
            href: linked.map(|d| format!("{}{d}/{id}.html", self.to_lang_root)),
        }
    }

    fn terms(&self, kind: VocabKind, ids: &[String], link_dir: Option<&str>) -> Vec<TermView> {
        ids.iter().map(|id| self.term(kind, id, link_dir)).collect()
    }

    /// A fiche's acronym in the page's language: its translation's, else the default one.
    pub fn acronym_of(&self, f: &Fiche) -> Option<String> {
        f.translations
            .get(self.lang)
            .filter(|_| self.lang != self.default_lang)
            .and_then(|t| t.front.acronym.clone())
            .or_else(|| f.front.acronym.clone())
    }

    /// A fiche's name in the page's language, marked when it falls back.
    fn name_of(&self, f: &Fiche) -> Tx {
        let tr = f
            .translations
            .get(self.lang)
            .filter(|_| self.lang != self.default_lang)
            .and_then(|t| t.front.name.as_ref());
        match tr {
            Some(n) => Tx {
                text: n.clone(),
                lang: None,
            },
            None => Tx {
                text: f.front.name.clone().unwrap_or_else(|| f.slug.clone()),
                lang: (self.lang != self.default_lang).then(|| self.default_lang.to_string()),
            },
        }
    }

    /// The parties of a list in the default file (`default`) with the same list in the
    /// page's translation (`tr`, matched by position; checked to have the same shape).
    fn parties(&self, default: &[Party], tr: &[Party]) -> Vec<PartyView> {
        let is_default = self.lang == self.default_lang;
        default
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let t = tr.get(i).filter(|_| !is_default);
                let written = match (t.and_then(Party::written_name), d.written_name()) {
                    (Some(n), _) => Some(Tx {
                        text: n.to_string(),
                        lang: None,
                    }),
                    (None, Some(n)) => Some(Tx {
                        text: n.to_string(),
                        lang: (!is_default).then(|| self.default_lang.to_string()),
                    }),
                    (None, None) => None,
                };
                let target = d
                    .fiche()
                    .and_then(|slug| self.fiches.iter().find(|f| f.slug == slug));
                match target {
                    None => PartyView {
                        name: written.unwrap_or(Tx {
                            text: d.fiche().unwrap_or_default().to_string(),
                            lang: None,
                        }),
                        title: None,
                        href: None,
                    },
                    Some(f) => {
                        let full = self.name_of(f);
                        let (name, title) = match (written, self.acronym_of(f)) {
                            (Some(w), _) => (w, Some(full.text)),
                            (None, Some(a)) => (
                                Tx {
                                    text: a,
                                    lang: None,
                                },
                                Some(full.text),
                            ),
                            (None, None) => (full, None),
                        };
                        PartyView {
                            name,
                            title,
                            href: Some(format!(
                                "{}{}/{}.html",
                                self.to_lang_root, f.section, f.slug
                            )),
                        }
                    }
                }
            })
            .collect()
    }
}

/// Picks the translated text or falls back to the default language's, marking the fallback.
fn pick(
    tr: Option<&String>,
    default: Option<&String>,
    ctx: &Ctx<'_>,
    translated: bool,
) -> Option<Tx> {
    match (tr, default) {
        (Some(t), _) => Some(Tx {
            text: t.clone(),
            lang: None,
        }),
        (None, Some(d)) => Some(Tx {
            text: d.clone(),
            lang: (translated || ctx.lang != ctx.default_lang)
                .then(|| ctx.default_lang.to_string()),
        }),
        (None, None) => None,
    }
}

/// Builds the view of a fiche in `ctx.lang`.
pub fn fiche(f: &Fiche, ctx: &Ctx<'_>) -> FicheView {
    fiche_with(f, ctx, true)
}

/// The view of a fiche in `ctx.lang`, with its body rendered only when `with_body`.
pub fn fiche_with(f: &Fiche, ctx: &Ctx<'_>, with_body: bool) -> FicheView {
    let d: &FicheFront = &f.front;
    let translation = f.translations.get(ctx.lang);
    let is_default = ctx.lang == ctx.default_lang;
    let translated = translation.is_some();
    let untranslated = !is_default && !translated;
    let empty = FicheFront::default();
    let t: &FicheFront = if is_default {
        d
    } else {
        translation.map_or(&empty, |t| &t.front)
    };
    let p = |tr: Option<&String>, def: Option<&String>| {
        if is_default {
            def.map(|x| Tx {
                text: x.clone(),
                lang: None,
            })
        } else {
            pick(tr, def, ctx, translated)
        }
    };
    let returnees = d.returnees.clone().unwrap_or_default();
    let treturnees = t.returnees.clone().unwrap_or_default();
    let cost = d.cost.clone().unwrap_or_default();
    let tcost = t.cost.clone().unwrap_or_default();
    let outcomes = d.outcomes.clone().unwrap_or_default();
    let toutcomes = t.outcomes.clone().unwrap_or_default();
    let s = ctx.strings;
    let national_ids: Vec<String> = d
        .regions
        .iter()
        .filter(|r| {
            ctx.vocab
                .get(VocabKind::Regions)
                .get(r)
                .is_some_and(|t| t.national)
        })
        .cloned()
        .collect();
    let local: Vec<String> = d
        .regions
        .iter()
        .filter(|r| !national_ids.contains(r))
        .cloned()
        .collect();
    let cost_range = match (cost.min_xof, cost.max_xof) {
        (Some(a), Some(b)) if a != b => Some(format!(
            "{} {} {} {}",
            group_digits(a, &s.thousands),
            s.range_to,
            group_digits(b, &s.thousands),
            s.currency_xof
        )),
        (Some(a), _) | (None, Some(a)) => Some(format!(
            "{} {}",
            group_digits(a, &s.thousands),
            s.currency_xof
        )),
        (None, None) => None,
    };
    let offers = d
        .offers
        .iter()
        .map(|o| {
            let to = t.offers.iter().find(|x| x.id == o.id);
            OfferView {
                name: p(to.and_then(|x| x.name.as_ref()), o.name.as_ref()),
                duration: o.duration.as_deref().map(|x| duration_words(x, s)),
                sectors: ctx.terms(VocabKind::Sectors, &o.sectors, Some("sector")),
                details: p(to.and_then(|x| x.details.as_ref()), o.details.as_ref()),
            }
        })
        .collect();
    let programmes = d
        .programmes
        .iter()
        .map(|pr| {
            let tp = t.programmes.iter().find(|x| x.id == pr.id);
            let years = match (pr.start, pr.end) {
                (Some(a), Some(b)) if a == b => Some(a.to_string()),
                (Some(a), Some(b)) => Some(format!("{a}–{b}")),
                (Some(a), None) => Some(format!("{} {a}", s.since)),
                (None, Some(b)) => Some(format!("{} {b}", s.until)),
                (None, None) => None,
            };
            let (past, running) = programme_time(pr, ctx.today);
            let status = match (pr.status.as_deref(), pr.end) {
                (Some("completed"), _) | (_, None) => {
                    pr.status.as_ref().and_then(|st| s.status.get(st).cloned())
                }
                (_, Some(end)) if past => s
                    .status
                    .get("ended")
                    .map(|l| l.replace("{year}", &end.to_string())),
                _ => pr.status.as_ref().and_then(|st| s.status.get(st).cloned()),
            };
            ProgrammeView {
                id: pr.id.clone(),
                name: p(tp.and_then(|x| x.name.as_ref()), pr.name.as_ref()),
                acronym: tp
                    .filter(|_| !is_default)
                    .and_then(|x| x.acronym.clone())
                    .or_else(|| pr.acronym.clone()),
                summary: p(tp.and_then(|x| x.summary.as_ref()), pr.summary.as_ref()),
                years,
                status,
                past,
                running,
                regions: ctx.terms(VocabKind::Regions, &pr.regions, Some("region")),
                budget: pr
                    .budget
                    .as_ref()
                    .map(|b| format!("{} {}", format_number(b.amount, s), b.currency)),
                budget_note: p(
                    tp.and_then(|x| x.budget_note.as_ref()),
                    pr.budget_note.as_ref(),
                ),
                regions_note: p(
                    tp.and_then(|x| x.regions_note.as_ref()),
                    pr.regions_note.as_ref(),
                ),
                funders: ctx.parties(&pr.funders, tp.map_or(&[][..], |x| &x.funders)),
                website: pr.website.clone(),
            }
        })
        .collect();
    let contacts = d
        .contacts
        .iter()
        .map(|c| {
            let tc = t.contacts.iter().find(|x| x.id == c.id);
            // A contact's own phones and e-mail are personal data: shown only when a source
            // gives them as the organisation's public contact (`sira check` refuses the rest).
            let public = c.is_public();
            ContactView {
                name: c.name.clone(),
                role: p(tc.and_then(|x| x.role.as_ref()), c.role.as_ref()),
                phones: if public {
                    c.phones.iter().map(|x| PhoneView::new(x)).collect()
                } else {
                    Vec::new()
                },
                whatsapp: c.whatsapp.as_deref().filter(|_| public).map(PhoneView::new),
                email: c.email.clone().filter(|_| public),
            }
        })
        .collect();
    let sources = d
        .sources
        .iter()
        .enumerate()
        .map(|(i, src)| {
            let ts = t.sources.get(i);
            let doc = src.document.as_deref().unwrap_or_default();
            SourceView {
                document: ctx
                    .vocab
                    .get(VocabKind::Documents)
                    .get(doc)
                    .map_or_else(|| doc.to_string(), |t| t.label(ctx.lang).to_string()),
                locator: src.locator.clone(),
                note: p(ts.and_then(|x| x.note.as_ref()), src.note.as_ref()),
            }
        })
        .collect();
    let callable = !d.phones.is_empty()
        || d.whatsapp.is_some()
        || d.contacts
            .iter()
            .any(|c| c.is_public() && (!c.phones.is_empty() || c.whatsapp.is_some()));
    let (body_md, body_lang) = match translation {
        Some(tr) if !is_default && !tr.body.as_str().trim().is_empty() => (tr.body.as_str(), None),
        _ if is_default => (f.body.as_str(), None),
        _ => (f.body.as_str(), Some(ctx.default_lang.to_string())),
    };
    FicheView {
        slug: f.slug.clone(),
        section: f.section.clone(),
        name: p(t.name.as_ref(), d.name.as_ref()).unwrap_or(Tx {
            text: f.slug.clone(),
            lang: None,
        }),
        acronym: ctx.acronym_of(f),
        kind: ctx.term(
            VocabKind::Kinds,
            d.kind.as_deref().unwrap_or_default(),
            None,
        ),
        summary: p(t.summary.as_ref(), d.summary.as_ref()),
        founded: d.founded,
        affiliation: p(t.affiliation.as_ref(), d.affiliation.as_ref()),
        regions: ctx.terms(VocabKind::Regions, &local, Some("region")),
        national: !national_ids.is_empty(),
        regions_note: p(t.regions_note.as_ref(), d.regions_note.as_ref()),
        cities: d.cities.clone(),
        address: p(t.address.as_ref(), d.address.as_ref()),
        sectors: ctx.terms(VocabKind::Sectors, &d.sectors, Some("sector")),
        services: ctx.terms(VocabKind::Services, &d.services, Some("service")),
        languages: d
            .languages
            .iter()
            .map(|l| ctx.term(VocabKind::Languages, l, None).label)
            .collect(),
        eligibility: ctx.term(
            VocabKind::Eligibility,
            returnees.eligibility.as_deref().unwrap_or("not-stated"),
            None,
        ),
        conditions: p(
            treturnees.conditions.as_ref(),
            returnees.conditions.as_ref(),
        ),
        returnees_note: p(treturnees.note.as_ref(), returnees.note.as_ref()),
        free: cost.free,
        cost_range,
        cost_details: p(tcost.details.as_ref(), cost.details.as_ref()),
        entry_conditions: p(t.entry_conditions.as_ref(), d.entry_conditions.as_ref()),
        certification: p(t.certification.as_ref(), d.certification.as_ref()),
        capacity: p(t.capacity.as_ref(), d.capacity.as_ref()),
        placement: outcomes.placement_rate.map(|r| match outcomes.year {
            Some(y) => format!("{} % ({y})", format_number(r, s)),
            None => format!("{} %", format_number(r, s)),
        }),
        placement_note: p(toutcomes.note.as_ref(), outcomes.note.as_ref()),
        offers,
        programmes,
        contacts,
        phones: d.phones.iter().map(|x| PhoneView::new(x)).collect(),
        whatsapp: d.whatsapp.as_deref().map(PhoneView::new),
        email: d.email.clone(),
        website: d.website.clone(),
        contact_note: p(t.contact_note.as_ref(), d.contact_note.as_ref()),
        callable,
        funders: ctx.parties(&d.funders, &t.funders),
        past_funders: ctx.parties(&d.past_funders, &t.past_funders),
        partners: ctx.parties(&d.partners, &t.partners),
        sources,
        last_verified: s.date_in_sentence(f.last_verified),
        last_verified_iso: f.last_verified.to_string(),
        stale: ctx.check.stale_age(f.last_verified, ctx.today).is_some(),
        body: if with_body {
            markdown::to_html_with(body_md, &|slug| ctx.fiche_href(slug)).0
        } else {
            String::new()
        },
        body_lang,
        untranslated,
    }
}

/// Whether programme `pr` is over (completed, or its announced last year is before today's)
/// and whether it runs today (first year ≤ this year ≤ last year, not completed). Years only:
/// the fiches give no finer dates.
pub fn programme_time(pr: &crate::model::Programme, today: Date) -> (bool, bool) {
    let year = i64::from(today.year);
    let past = pr.status.as_deref() == Some("completed") || pr.end.is_some_and(|e| e < year);
    let running = !past && pr.start.is_some_and(|a| a <= year) && pr.end.is_some_and(|e| e >= year);
    (past, running)
}

/// Builds the card of a fiche for listings; `href` is relative to the listing page.
pub fn card(f: &Fiche, ctx: &Ctx<'_>, href: String) -> CardView {
    let d = &f.front;
    let t = f
        .translations
        .get(ctx.lang)
        .filter(|_| ctx.lang != ctx.default_lang);
    let translated = t.is_some();
    let tr = |x: Option<&String>, def: Option<&String>| {
        if ctx.lang == ctx.default_lang {
            def.map(|v| Tx {
                text: v.clone(),
                lang: None,
            })
        } else {
            pick(x, def, ctx, translated)
        }
    };
    let regions = ctx.vocab.get(VocabKind::Regions);
    let place: Vec<&str> = d
        .regions
        .iter()
        .filter_map(|r| regions.get(r).map(|t| t.short_label(ctx.lang)))
        .collect();
    CardView {
        name: tr(t.and_then(|t| t.front.name.as_ref()), d.name.as_ref()).unwrap_or(Tx {
            text: f.slug.clone(),
            lang: None,
        }),
        acronym: ctx.acronym_of(f),
        href,
        summary: tr(t.and_then(|t| t.front.summary.as_ref()), d.summary.as_ref()),
        kind: ctx
            .term(
                VocabKind::Kinds,
                d.kind.as_deref().unwrap_or_default(),
                None,
            )
            .label,
        place: place.join(", "),
        eligibility: ctx.term(
            VocabKind::Eligibility,
            d.returnees
                .as_ref()
                .and_then(|r| r.eligibility.as_deref())
                .unwrap_or("not-stated"),
            None,
        ),
        conditions: tr(
            t.and_then(|t| t.front.returnees.as_ref())
                .and_then(|r| r.conditions.as_ref()),
            d.returnees.as_ref().and_then(|r| r.conditions.as_ref()),
        ),
        phone: d.phones.first().map(|x| PhoneView::new(x)),
    }
}

/// The first letter for the A–Z index (`#` for digits and others), from a name's [`crate::values::sort_key`].
pub fn initial_of_key(key: &str) -> char {
    key.chars()
        .next()
        .filter(char::is_ascii_alphabetic)
        .map_or('#', |c| c.to_ascii_uppercase())
}

/// Counts per term id.
pub type Counts = BTreeMap<String, usize>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits() {
        assert_eq!(group_digits(200000, " "), "200 000");
        assert_eq!(group_digits(1234567, ","), "1,234,567");
        assert_eq!(group_digits(999, ","), "999");
    }
}
