//! The validated site: fiches, pages, vocabularies and configuration, as the later stages
//! (render, index, export) receive them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::diagnostics::FileId;
use crate::values::Date;
use crate::vocab::Vocabularies;

/// Returnee eligibility.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Returnees {
    /// `open`, `conditions`, `referred`, `not-direct` or `not-stated`.
    pub eligibility: Option<String>,
    /// The conditions in words.
    pub conditions: Option<String>,
    /// What the sources say about capacity to take in returnees.
    pub note: Option<String>,
}

/// Costs.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    /// Free for the beneficiary.
    pub free: Option<bool>,
    /// Lowest cost in XOF.
    pub min_xof: Option<i64>,
    /// Highest cost in XOF.
    pub max_xof: Option<i64>,
    /// Costs in words.
    pub details: Option<String>,
}

/// Results.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Outcomes {
    /// Job-placement rate in percent.
    pub placement_rate: Option<f64>,
    /// Year of the rate.
    pub year: Option<i64>,
    /// Origin of the figure.
    pub note: Option<String>,
}

/// A training track, product or support scheme.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // fields whose names say it all (see docs/fiche-format.md)
pub struct Offer {
    /// Identifier across languages.
    pub id: String,
    pub name: Option<String>,
    /// Duration text (`13 months`).
    pub duration: Option<String>,
    /// Sectors.
    #[serde(default)]
    pub sectors: Vec<String>,
    pub details: Option<String>,
}

/// An organisation named in a list of funders or partners: a name, or a reference to its own
/// fiche (shown with that fiche's acronym or name in the page's language, and linked).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Party {
    /// A name, in the file's language.
    Name(String),
    /// A reference to another fiche, by slug.
    Ref {
        /// Slug of the organisation's fiche.
        fiche: String,
        /// Name to show instead of the fiche's acronym or name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
}

impl Party {
    /// The referenced fiche's slug, for a reference.
    pub fn fiche(&self) -> Option<&str> {
        match self {
            Party::Name(_) => None,
            Party::Ref { fiche, .. } => Some(fiche),
        }
    }

    /// The name written in the file (a plain name, or a reference's `name`).
    pub fn written_name(&self) -> Option<&str> {
        match self {
            Party::Name(n) => Some(n),
            Party::Ref { name, .. } => name.as_deref(),
        }
    }
}

/// Where a source gives a contact as the organisation's public contact.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PublicSource {
    /// Document id (vocabulary `documents`).
    pub document: Option<String>,
    /// Where in it.
    pub locator: Option<String>,
}

/// A budget.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // fields whose names say it all (see docs/fiche-format.md)
pub struct Budget {
    pub amount: f64,
    /// ISO 4217 code.
    pub currency: String,
}

/// A programme of a donor or agency.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // fields whose names say it all (see docs/fiche-format.md)
pub struct Programme {
    /// Identifier across languages.
    pub id: String,
    /// Full name.
    pub name: Option<String>,
    pub acronym: Option<String>,
    /// Objectives and figures.
    pub summary: Option<String>,
    /// Regions.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Which source names which places, when they disagree.
    pub regions_note: Option<String>,
    /// Sectors.
    #[serde(default)]
    pub sectors: Vec<String>,
    /// First year.
    pub start: Option<i64>,
    /// Last year.
    pub end: Option<i64>,
    /// planned / ongoing / completed.
    pub status: Option<String>,
    pub budget: Option<Budget>,
    /// What the budget covers.
    pub budget_note: Option<String>,
    /// Funders.
    #[serde(default)]
    pub funders: Vec<Party>,
    /// Web page.
    pub website: Option<String>,
}

/// A person or desk to contact.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // fields whose names say it all (see docs/fiche-format.md)
pub struct Contact {
    /// Identifier across languages.
    pub id: String,
    /// Person or desk.
    pub name: Option<String>,
    /// Position.
    pub role: Option<String>,
    /// Phones.
    #[serde(default)]
    pub phones: Vec<String>,
    pub whatsapp: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Where a source gives this contact as the organisation's public contact; without it,
    /// the contact's phones and e-mail are personal data, never shown.
    pub public: Option<PublicSource>,
}

impl Contact {
    /// Whether its phones and e-mail may be shown.
    pub fn is_public(&self) -> bool {
        self.public.is_some()
    }
}

/// Where facts come from.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Document id (vocabulary `documents`).
    pub document: Option<String>,
    /// Where in it.
    pub locator: Option<String>,
    /// What was taken.
    pub note: Option<String>,
}

/// The front matter of a fiche file, as written. In a translation only translatable fields are set.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct FicheFront {
    pub name: Option<String>,
    pub acronym: Option<String>,
    pub kind: Option<String>,
    pub summary: Option<String>,
    pub founded: Option<i64>,
    pub affiliation: Option<String>,
    #[serde(default)]
    pub regions: Vec<String>,
    /// What the sources say about its places; stands in for `regions` when they name none.
    pub regions_note: Option<String>,
    #[serde(default)]
    pub cities: Vec<String>,
    pub address: Option<String>,
    #[serde(default)]
    pub sectors: Vec<String>,
    #[serde(default)]
    pub services: Vec<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub funders: Vec<Party>,
    #[serde(default)]
    pub past_funders: Vec<Party>,
    #[serde(default)]
    pub partners: Vec<Party>,
    pub entry_conditions: Option<String>,
    pub certification: Option<String>,
    pub capacity: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    #[serde(default)]
    pub phones: Vec<String>,
    pub whatsapp: Option<String>,
    pub contact_note: Option<String>,
    /// Read separately (TOML date or month string); see [`Fiche::last_verified`].
    #[serde(skip)]
    pub last_verified: Option<Date>,
    pub returnees: Option<Returnees>,
    pub cost: Option<Cost>,
    pub outcomes: Option<Outcomes>,
    #[serde(default)]
    pub offers: Vec<Offer>,
    #[serde(default)]
    pub programmes: Vec<Programme>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub sources: Vec<Source>,
    pub draft: Option<bool>,
}

impl FicheFront {
    /// Whether the fiche is listed under region `id`: in its own `regions` or in one of its
    /// programmes' (as offers' sectors count for sectors).
    pub fn in_region(&self, id: &str) -> bool {
        self.regions.iter().any(|r| r == id)
            || self
                .programmes
                .iter()
                .any(|p| p.regions.iter().any(|r| r == id))
    }

    /// The regions the fiche is listed under, its own first, each once.
    pub fn listed_regions(&self) -> Vec<&String> {
        let mut out: Vec<&String> = Vec::new();
        for r in self
            .regions
            .iter()
            .chain(self.programmes.iter().flat_map(|p| p.regions.iter()))
        {
            if !out.contains(&r) {
                out.push(r);
            }
        }
        out
    }
}

/// A Markdown body: a slice of its file's text, shared rather than copied.
#[derive(Clone, Debug)]
pub struct Body {
    text: std::sync::Arc<str>,
    range: std::ops::Range<usize>,
}

impl Body {
    /// The body of `text` at `range`.
    pub fn new(text: std::sync::Arc<str>, range: std::ops::Range<usize>) -> Self {
        Body { text, range }
    }

    /// The Markdown text.
    pub fn as_str(&self) -> &str {
        &self.text[self.range.clone()]
    }
}

/// A translation of a fiche or page.
#[derive(Clone, Debug)]
pub struct Translation<F> {
    /// The translation file.
    pub file: FileId,
    /// Its front matter (translatable fields only). Boxed: a map of translations allocates
    /// room for eleven in each node, and a fiche's front matter is large.
    pub front: Box<F>,
    /// Its Markdown body.
    pub body: Body,
}

/// A validated fiche with its translations.
#[derive(Clone, Debug)]
pub struct Fiche {
    /// Section folder.
    pub section: String,
    /// Slug, unique in the site.
    pub slug: String,
    /// The default-language file.
    pub file: FileId,
    /// Every fact, plus the default language's text (vocabulary values canonicalised to ids).
    pub front: FicheFront,
    /// The default language's Markdown body.
    pub body: Body,
    /// When the facts were last verified.
    pub last_verified: Date,
    /// Translations by language.
    pub translations: BTreeMap<String, Translation<FicheFront>>,
}

impl Fiche {
    /// Whether any list of funders or partners (its own or its programmes') references the
    /// fiche `slug`.
    pub fn references(&self, slug: &str) -> bool {
        let d = &self.front;
        d.funders
            .iter()
            .chain(&d.past_funders)
            .chain(&d.partners)
            .chain(d.programmes.iter().flat_map(|p| &p.funders))
            .any(|p| p.fiche() == Some(slug))
    }

    /// Whether `other` shows the same names and acronyms as this fiche in every language (what
    /// other fiches display when they reference it).
    pub fn same_names(&self, other: &Fiche) -> bool {
        fn names(f: &Fiche) -> Vec<(Option<&String>, Option<&String>, Option<&String>)> {
            std::iter::once((None, f.front.name.as_ref(), f.front.acronym.as_ref()))
                .chain(
                    f.translations
                        .iter()
                        .map(|(l, t)| (Some(l), t.front.name.as_ref(), t.front.acronym.as_ref())),
                )
                .collect()
        }
        self.section == other.section && names(self) == names(other)
    }
}

/// Front matter of a free page.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // fields whose names say it all (see docs/fiche-format.md)
pub struct PageFront {
    pub title: Option<String>,
    pub summary: Option<String>,
    /// Menu order.
    pub weight: Option<i64>,
    /// End the page with the site's licence.
    pub licence: Option<bool>,
}

/// A validated free page.
#[derive(Clone, Debug)]
#[allow(missing_docs)] // fields whose names say it all (see docs/fiche-format.md)
pub struct Page {
    pub slug: String,
    /// Default-language file.
    pub file: FileId,
    /// Default-language front matter.
    pub front: PageFront,
    /// Default-language body.
    pub body: Body,
    /// Translations by language.
    pub translations: BTreeMap<String, Translation<PageFront>>,
}

/// Everything the validate stage hands to rendering.
#[derive(Debug)]
pub struct Site {
    /// Configuration.
    pub config: Config,
    /// Vocabularies.
    pub vocab: Vocabularies,
    /// Fiches sorted by section then slug.
    pub fiches: Vec<Fiche>,
    /// Pages sorted by slug.
    pub pages: Vec<Page>,
}

/// A fiche's page in `lang`, relative to the output root.
pub fn fiche_path(lang: &str, f: &Fiche) -> String {
    format!("{lang}/{}/{}.html", f.section, f.slug)
}

/// Entries of a fiche's lists that translations match by `id`.
pub trait Keyed {
    /// The entry's `id`.
    fn key(&self) -> &str;
}

impl Keyed for Offer {
    fn key(&self) -> &str {
        &self.id
    }
}

impl Keyed for Programme {
    fn key(&self) -> &str {
        &self.id
    }
}

impl Keyed for Contact {
    fn key(&self) -> &str {
        &self.id
    }
}

/// A fiche's texts in one language, each field falling back to the default language's when
/// the translation lacks it — as the pages do.
pub struct Texts<'a> {
    default: &'a FicheFront,
    translation: Option<&'a FicheFront>,
}

impl<'a> Texts<'a> {
    /// The texts of `f` in `lang`.
    pub fn new(site: &Site, f: &'a Fiche, lang: &str) -> Self {
        Texts::in_lang(f, lang, &site.config.default_language)
    }

    /// The texts of `f` in `lang`, when `default_language` is the site's.
    pub fn in_lang(f: &'a Fiche, lang: &str, default_language: &str) -> Self {
        let translation = (lang != default_language)
            .then(|| f.translations.get(lang).map(|t| &*t.front))
            .flatten();
        Texts {
            default: &f.front,
            translation,
        }
    }

    /// The translation's own fields, when `lang` has a translation.
    pub fn translation(&self) -> Option<&'a FicheFront> {
        self.translation
    }

    /// A top-level (or nested-table) text field.
    pub fn get(&self, field: impl Fn(&'a FicheFront) -> Option<&'a String>) -> Option<&'a str> {
        self.translation
            .and_then(&field)
            .or_else(|| field(self.default))
            .map(String::as_str)
    }

    /// The names of a list of funders or partners in `lang` (see [`party_name`]).
    pub fn parties(
        &self,
        site: &'a Site,
        lang: &str,
        list: impl Fn(&'a FicheFront) -> &'a [Party],
    ) -> Vec<&'a str> {
        let tr = self.translation.map(&list).unwrap_or_default();
        list(self.default)
            .iter()
            .enumerate()
            .map(|(i, d)| party_name(site, lang, d, tr.get(i)))
            .collect()
    }

    /// A text field of the entry `entry` of a list matched by id (offers, programmes,
    /// contacts).
    pub fn item<T: Keyed + 'a>(
        &self,
        list: impl Fn(&'a FicheFront) -> &'a [T],
        entry: &'a T,
        field: impl Fn(&'a T) -> Option<&'a String>,
    ) -> Option<&'a str> {
        self.translation
            .and_then(|t| list(t).iter().find(|x| x.key() == entry.key()))
            .and_then(&field)
            .or_else(|| field(entry))
            .map(String::as_str)
    }
}

/// The name of a funder or partner in `lang`, as the pages show it: the name written in the
/// translation (`t`, the entry at the same position), else in the default file (`d`), else the
/// referenced fiche's acronym, else its name, in `lang` when it has them.
pub fn party_name<'a>(site: &'a Site, lang: &str, d: &'a Party, t: Option<&'a Party>) -> &'a str {
    if let Some(n) = t.and_then(Party::written_name).or_else(|| d.written_name()) {
        return n;
    }
    let slug = d.fiche().unwrap_or_default();
    let Some(f) = site.fiches.iter().find(|f| f.slug == slug) else {
        return slug;
    };
    let tr = (lang != site.config.default_language)
        .then(|| f.translations.get(lang).map(|t| &t.front))
        .flatten();
    tr.and_then(|t| t.acronym.as_deref())
        .or(f.front.acronym.as_deref())
        .or_else(|| tr.and_then(|t| t.name.as_deref()))
        .or(f.front.name.as_deref())
        .unwrap_or(slug)
}
