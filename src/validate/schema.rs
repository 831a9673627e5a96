//! The front-matter schema as data, and the walker that checks a parsed TOML tree against it,
//! collecting every problem with its exact span.
//!
//! One declaration ([`FICHE`]) says, for every key: its type, whether it is required, whether it
//! is translatable, and what it means. The walker uses it to report unknown keys (with
//! did-you-mean), wrong types, bad values and translations that redefine language-neutral facts.

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::values::{self, did_you_mean};
use crate::diagnostics::{Diagnostic, FileId};
use crate::vocab::{VocabKind, Vocabularies};

/// The type of a front-matter value.
#[derive(Debug)]
pub enum Ty {
    /// A single-line or Markdown string, with an optional maximum length in characters.
    Str(Option<usize>),
    /// An integer within bounds.
    Int(i64, i64),
    /// A calendar year.
    Year,
    /// A number (integer or float) within bounds.
    Num(f64, f64),
    /// `true` or `false`.
    Bool,
    /// A TOML date (`2022-11-02`) or a month string (`"2022-11"`).
    Date,
    /// An absolute `https://` URL.
    Url,
    /// An e-mail address.
    Email,
    /// A Malian or international phone number.
    Phone,
    /// A duration (`13 months`, `2-6 months`).
    Duration,
    /// A URL-safe identifier.
    Slug,
    /// A language code configured for the site.
    Lang,
    /// An ISO 4217 currency code (three capital letters).
    Currency,
    /// A term of a vocabulary (id, label or alias).
    Vocab(VocabKind),
    /// One of a fixed list of words.
    OneOf(&'static [&'static str]),
    /// An array of values of one type.
    List(&'static Ty),
    /// A table with one string per configured language.
    PerLang,
    /// A table with known keys.
    Table(&'static [Field]),
    /// An array of tables (`[[offers]]`).
    TableList(&'static [Field]),
    /// An organisation named in a list (funders, partners): its name as a string, or a
    /// reference to its own fiche, `{ fiche = "<slug>", name = "…" }`.
    Party,
}

/// One key of a table.
#[derive(Debug)]
pub struct Field {
    /// The key.
    pub key: &'static str,
    /// Its type.
    pub ty: Ty,
    /// Must be present (in the default-language file).
    pub required: bool,
    /// May appear in translation files.
    pub translatable: bool,
    /// What it means, in English.
    pub doc_en: &'static str,
    /// What it means, in French.
    pub doc_fr: &'static str,
}

impl Field {
    /// Whether the key may appear in a translation file: translatable, or a table holding
    /// translatable keys.
    pub fn in_translation(&self) -> bool {
        self.translatable || holds_translatable(&self.ty)
    }
}

const fn f(
    key: &'static str,
    ty: Ty,
    required: bool,
    translatable: bool,
    doc_en: &'static str,
    doc_fr: &'static str,
) -> Field {
    Field {
        key,
        ty,
        required,
        translatable,
        doc_en,
        doc_fr,
    }
}

const REQ: bool = true;
const OPT: bool = false;
/// Translatable.
const T: bool = true;
/// Language-neutral.
const N: bool = false;

static STR_LIST: Ty = Ty::Str(Some(200));
static PHONE: Ty = Ty::Phone;
static REGION: Ty = Ty::Vocab(VocabKind::Regions);
static SECTOR: Ty = Ty::Vocab(VocabKind::Sectors);
static SERVICE: Ty = Ty::Vocab(VocabKind::Services);
static LANGUAGE: Ty = Ty::Vocab(VocabKind::Languages);
static PARTY: Ty = Ty::Party;

/// The keys of a reference to another fiche in a list of funders or partners.
pub static PARTY_REF: [Field; 2] = [
    f(
        "fiche",
        Ty::Slug,
        REQ,
        T,
        "Slug of the organisation's own fiche (its file name without `.md`); restated as is in a translation.",
        "Slug de la fiche de l'organisation (son nom de fichier sans `.md`) ; recopié tel quel dans une traduction.",
    ),
    f(
        "name",
        Ty::Str(Some(200)),
        OPT,
        T,
        "Name to show instead of the fiche's acronym or name (e.g. with the programme: `GIZ (PAPSE)`).",
        "Nom à afficher au lieu du sigle ou du nom de la fiche (par exemple avec le programme : `GIZ (PAPSE)`).",
    ),
];

/// Where a source gives a contact as the organisation's public contact.
pub static PUBLIC: [Field; 2] = [
    f(
        "document",
        Ty::Vocab(VocabKind::Documents),
        REQ,
        N,
        "The document that gives this contact as the organisation's public contact (vocabulary `documents`).",
        "Le document qui donne ce contact comme contact public de l'organisation (vocabulaire `documents`).",
    ),
    f(
        "locator",
        Ty::Str(Some(200)),
        REQ,
        N,
        "Where in it.",
        "Où dans le document.",
    ),
];

/// Returnee eligibility values, in the order they are shown.
pub const ELIGIBILITY: &[&str] = &["open", "conditions", "referred", "not-direct", "not-stated"];
/// Programme status values.
pub const STATUS: &[&str] = &["planned", "ongoing", "completed"];

static RETURNEES: [Field; 3] = [
    f("eligibility", Ty::OneOf(ELIGIBILITY), REQ, N, "Whether returnees can use the service: open, conditions, referred, not-direct or not-stated.", "Accueil des personnes de retour : open, conditions, referred, not-direct ou not-stated."),
    f("conditions", Ty::Str(None), OPT, T, "The conditions, in words.", "Les conditions, en toutes lettres."),
    f("note", Ty::Str(None), OPT, T, "What the sources say about its capacity to take in returnees.", "Ce que disent les sources de sa capacité à accueillir des personnes de retour."),
];

static COST: [Field; 4] = [
    f(
        "free",
        Ty::Bool,
        OPT,
        N,
        "True when the service is free for the beneficiary.",
        "Vrai si le service est gratuit pour le bénéficiaire.",
    ),
    f(
        "min_xof",
        Ty::Int(0, 1_000_000_000_000),
        OPT,
        N,
        "Lowest cost, in CFA francs (XOF).",
        "Coût le plus bas, en francs CFA (XOF).",
    ),
    f(
        "max_xof",
        Ty::Int(0, 1_000_000_000_000),
        OPT,
        N,
        "Highest cost, in CFA francs (XOF).",
        "Coût le plus haut, en francs CFA (XOF).",
    ),
    f(
        "details",
        Ty::Str(None),
        OPT,
        T,
        "The costs in words, with every figure.",
        "Les coûts en toutes lettres, avec tous les montants.",
    ),
];

static OUTCOMES: [Field; 3] = [
    f(
        "placement_rate",
        Ty::Num(0.0, 100.0),
        OPT,
        N,
        "Share of trainees in work after training, in percent.",
        "Part des apprenants en emploi après la formation, en pourcentage.",
    ),
    f(
        "year",
        Ty::Year,
        OPT,
        N,
        "Year the rate refers to.",
        "Année du taux.",
    ),
    f(
        "note",
        Ty::Str(None),
        OPT,
        T,
        "Where the figure comes from and what it covers.",
        "Origine et portée du chiffre.",
    ),
];

static OFFER: [Field; 5] = [
    f(
        "id",
        Ty::Slug,
        REQ,
        T,
        "Identifies the offer across languages.",
        "Identifie l'offre d'une langue à l'autre.",
    ),
    f(
        "name",
        Ty::Str(Some(200)),
        REQ,
        T,
        "Name of the track or product.",
        "Nom de la filière ou du produit.",
    ),
    f(
        "duration",
        Ty::Duration,
        OPT,
        N,
        "Duration: `13 months`, `2-6 months`, `3 weeks to 2 months`.",
        "Durée : `13 months`, `2-6 months`, `3 weeks to 2 months`.",
    ),
    f(
        "sectors",
        Ty::List(&SECTOR),
        OPT,
        N,
        "Sectors of this offer.",
        "Secteurs de cette offre.",
    ),
    f(
        "details",
        Ty::Str(None),
        OPT,
        T,
        "Conditions, amounts, rates.",
        "Conditions, montants, taux.",
    ),
];

static BUDGET: [Field; 2] = [
    f("amount", Ty::Num(0.0, 1e15), REQ, N, "Amount.", "Montant."),
    f(
        "currency",
        Ty::Currency,
        REQ,
        N,
        "ISO 4217 currency code (EUR, XOF, USD…).",
        "Code de devise ISO 4217 (EUR, XOF, USD…).",
    ),
];

static PROGRAMME: [Field; 14] = [
    f(
        "id",
        Ty::Slug,
        REQ,
        T,
        "Identifies the programme across languages.",
        "Identifie le programme d'une langue à l'autre.",
    ),
    f(
        "name",
        Ty::Str(Some(300)),
        REQ,
        T,
        "Full name.",
        "Nom complet.",
    ),
    f(
        "acronym",
        Ty::Str(Some(40)),
        OPT,
        T,
        "Acronym; a translation may give its own.",
        "Sigle ; une traduction peut donner le sien.",
    ),
    f(
        "summary",
        Ty::Str(None),
        OPT,
        T,
        "Objectives and main figures.",
        "Objectifs et chiffres clés.",
    ),
    f(
        "regions",
        Ty::List(&REGION),
        OPT,
        N,
        "Where it runs: every place its sources name.",
        "Où il se déroule : tous les lieux que nomment ses sources.",
    ),
    f(
        "regions_note",
        Ty::Str(None),
        OPT,
        T,
        "When sources disagree on the places: which source says what.",
        "Quand les sources ne s'accordent pas sur les lieux : laquelle dit quoi.",
    ),
    f(
        "sectors",
        Ty::List(&SECTOR),
        OPT,
        N,
        "Sectors.",
        "Secteurs.",
    ),
    f("start", Ty::Year, OPT, N, "First year.", "Première année."),
    f("end", Ty::Year, OPT, N, "Last year.", "Dernière année."),
    f(
        "status",
        Ty::OneOf(STATUS),
        OPT,
        N,
        "planned, ongoing or completed, as of last_verified.",
        "planned, ongoing ou completed, à la date de last_verified.",
    ),
    f(
        "budget",
        Ty::Table(&BUDGET),
        OPT,
        N,
        "Budget: { amount, currency }.",
        "Budget : { amount, currency }.",
    ),
    f(
        "budget_note",
        Ty::Str(None),
        OPT,
        T,
        "What the budget covers.",
        "Ce que couvre le budget.",
    ),
    f(
        "funders",
        Ty::List(&PARTY),
        OPT,
        T,
        "Funders of the programme: names, or `{ fiche = \"<slug>\" }` for one with its own fiche.",
        "Bailleurs du programme : des noms, ou `{ fiche = \"<slug>\" }` pour un bailleur qui a sa fiche.",
    ),
    f(
        "website",
        Ty::Url,
        OPT,
        N,
        "Web page of the programme.",
        "Page web du programme.",
    ),
];

static CONTACT: [Field; 7] = [
    f(
        "id",
        Ty::Slug,
        REQ,
        T,
        "Identifies the contact across languages.",
        "Identifie le contact d'une langue à l'autre.",
    ),
    f(
        "name",
        Ty::Str(Some(120)),
        OPT,
        N,
        "Person or desk.",
        "Personne ou service.",
    ),
    f(
        "role",
        Ty::Str(Some(200)),
        OPT,
        T,
        "Their position.",
        "Sa fonction.",
    ),
    f(
        "phones",
        Ty::List(&PHONE),
        OPT,
        N,
        "Phone numbers.",
        "Numéros de téléphone.",
    ),
    f(
        "whatsapp",
        Ty::Phone,
        OPT,
        N,
        "WhatsApp number.",
        "Numéro WhatsApp.",
    ),
    f(
        "email",
        Ty::Email,
        OPT,
        N,
        "E-mail address.",
        "Adresse e-mail.",
    ),
    f(
        "public",
        Ty::Table(&PUBLIC),
        OPT,
        N,
        "Where a source gives this person's or desk's phone or e-mail as the organisation's public contact: { document, locator }. Without it, a contact's phones and e-mail are personal data and are refused.",
        "Où une source donne le téléphone ou l'e-mail de cette personne ou de ce service comme contact public de l'organisation : { document, locator }. Sans cela, les numéros et l'e-mail d'un contact sont des données personnelles, refusées.",
    ),
];

static SOURCE: [Field; 3] = [
    f(
        "document",
        Ty::Vocab(VocabKind::Documents),
        REQ,
        N,
        "The source document (vocabulary `documents`).",
        "Le document source (vocabulaire `documents`).",
    ),
    f(
        "locator",
        Ty::Str(Some(200)),
        REQ,
        N,
        "Where in it: `Fiche partenaire 1`.",
        "Où dans le document : `Fiche partenaire 1`.",
    ),
    f(
        "note",
        Ty::Str(None),
        OPT,
        T,
        "What was taken from it.",
        "Ce qui en a été tiré.",
    ),
];

/// The fiche front matter.
pub static FICHE: [Field; 33] = [
    f(
        "name",
        Ty::Str(Some(200)),
        REQ,
        T,
        "Full name of the organisation.",
        "Nom complet de l'organisation.",
    ),
    f(
        "acronym",
        Ty::Str(Some(40)),
        OPT,
        T,
        "Usual acronym; a translation gives its own when it differs (IOM for OIM).",
        "Sigle usuel ; une traduction donne le sien s'il diffère (IOM pour OIM).",
    ),
    f(
        "kind",
        Ty::Vocab(VocabKind::Kinds),
        REQ,
        N,
        "What sort of organisation it is (vocabulary `kinds`).",
        "Type d'organisation (vocabulaire `kinds`).",
    ),
    f(
        "summary",
        Ty::Str(Some(400)),
        REQ,
        T,
        "One or two plain sentences: what it does, for whom.",
        "Une ou deux phrases simples : ce qu'elle fait, pour qui.",
    ),
    f(
        "founded",
        Ty::Year,
        OPT,
        N,
        "Year of creation.",
        "Année de création.",
    ),
    f(
        "affiliation",
        Ty::Str(None),
        OPT,
        T,
        "Parent body or supervision.",
        "Tutelle ou rattachement.",
    ),
    f(
        "regions",
        Ty::List(&REGION),
        OPT,
        N,
        "Where it works (vocabulary `regions`; `national` for nationwide). Required unless `regions_note` says the sources name no place.",
        "Où elle intervient (vocabulaire `regions` ; `national` pour tout le pays). Obligatoire, sauf si `regions_note` dit que les sources ne nomment aucun lieu.",
    ),
    f(
        "regions_note",
        Ty::Str(None),
        OPT,
        T,
        "What the sources say, or do not say, about where it works: when they disagree, which says what; when they name no place, say so (and leave `regions` out).",
        "Ce que les sources disent, ou ne disent pas, de ses lieux d'intervention : quand elles divergent, laquelle dit quoi ; quand elles n'en nomment aucun, le dire (et omettre `regions`).",
    ),
    f(
        "cities",
        Ty::List(&STR_LIST),
        OPT,
        N,
        "Towns where it has premises.",
        "Villes où elle a des locaux.",
    ),
    f(
        "address",
        Ty::Str(None),
        OPT,
        T,
        "Street address or directions.",
        "Adresse ou indications.",
    ),
    f(
        "sectors",
        Ty::List(&SECTOR),
        REQ,
        N,
        "Trades and sectors (vocabulary `sectors`).",
        "Métiers et secteurs (vocabulaire `sectors`).",
    ),
    f(
        "services",
        Ty::List(&SERVICE),
        REQ,
        N,
        "Kinds of help (vocabulary `services`).",
        "Types d'aide (vocabulaire `services`).",
    ),
    f(
        "languages",
        Ty::List(&LANGUAGE),
        OPT,
        N,
        "Languages spoken with the public.",
        "Langues parlées avec le public.",
    ),
    f(
        "funders",
        Ty::List(&PARTY),
        OPT,
        T,
        "Current funders: names, or `{ fiche = \"<slug>\" }` for one with its own fiche; a translation restates the list in its language.",
        "Bailleurs actuels : des noms, ou `{ fiche = \"<slug>\" }` pour une organisation qui a sa fiche ; une traduction reprend la liste dans sa langue.",
    ),
    f(
        "past_funders",
        Ty::List(&PARTY),
        OPT,
        T,
        "Former funders: names, or `{ fiche = \"<slug>\" }` for one with its own fiche; a translation restates the list in its language.",
        "Anciens bailleurs : des noms, ou `{ fiche = \"<slug>\" }` pour une organisation qui a sa fiche ; une traduction reprend la liste dans sa langue.",
    ),
    f(
        "partners",
        Ty::List(&PARTY),
        OPT,
        T,
        "Operational partners: names, or `{ fiche = \"<slug>\" }` for one with its own fiche; a translation restates the list in its language.",
        "Partenaires opérationnels : des noms, ou `{ fiche = \"<slug>\" }` pour une organisation qui a sa fiche ; une traduction reprend la liste dans sa langue.",
    ),
    f(
        "entry_conditions",
        Ty::Str(None),
        OPT,
        T,
        "Who can enrol or apply, with which papers.",
        "Qui peut s'inscrire ou postuler, avec quels papiers.",
    ),
    f(
        "certification",
        Ty::Str(None),
        OPT,
        T,
        "What a learner receives at the end.",
        "Ce que reçoit l'apprenant à la fin.",
    ),
    f(
        "capacity",
        Ty::Str(None),
        OPT,
        T,
        "How many people it takes in.",
        "Combien de personnes elle accueille.",
    ),
    f(
        "website",
        Ty::Url,
        OPT,
        N,
        "Main website.",
        "Site web principal.",
    ),
    f(
        "email",
        Ty::Email,
        OPT,
        N,
        "Main e-mail address.",
        "Adresse e-mail principale.",
    ),
    f(
        "phones",
        Ty::List(&PHONE),
        OPT,
        N,
        "Main phone numbers.",
        "Numéros de téléphone principaux.",
    ),
    f(
        "whatsapp",
        Ty::Phone,
        OPT,
        N,
        "WhatsApp number.",
        "Numéro WhatsApp.",
    ),
    f(
        "contact_note",
        Ty::Str(None),
        OPT,
        T,
        "How to reach the organisation when the sources give no phone, e-mail or website: through which office or partner, as the sources say.",
        "Comment joindre l'organisation quand les sources ne donnent ni téléphone, ni e-mail, ni site : par quel bureau ou quel partenaire, d'après les sources.",
    ),
    f(
        "last_verified",
        Ty::Date,
        REQ,
        N,
        "When the facts were last checked: `2022-11-02` or `\"2022-11\"`.",
        "Date de dernière vérification : `2022-11-02` ou `\"2022-11\"`.",
    ),
    f(
        "returnees",
        Ty::Table(&RETURNEES),
        REQ,
        N,
        "Returnee eligibility.",
        "Accueil des personnes de retour.",
    ),
    f("cost", Ty::Table(&COST), OPT, N, "Costs.", "Coûts."),
    f(
        "outcomes",
        Ty::Table(&OUTCOMES),
        OPT,
        N,
        "Results (job placement).",
        "Résultats (insertion).",
    ),
    f(
        "offers",
        Ty::TableList(&OFFER),
        OPT,
        N,
        "Training tracks, products, support schemes.",
        "Filières, produits, dispositifs d'appui.",
    ),
    f(
        "programmes",
        Ty::TableList(&PROGRAMME),
        OPT,
        N,
        "Programmes (donors, agencies).",
        "Programmes (bailleurs, agences).",
    ),
    f(
        "contacts",
        Ty::TableList(&CONTACT),
        OPT,
        N,
        "People or desks to contact.",
        "Personnes ou services à contacter.",
    ),
    f(
        "sources",
        Ty::TableList(&SOURCE),
        REQ,
        N,
        "Where the facts come from.",
        "D'où viennent les informations.",
    ),
    f(
        "draft",
        Ty::Bool,
        OPT,
        N,
        "A draft is checked but not published.",
        "Un brouillon est vérifié mais pas publié.",
    ),
];

/// The front matter of a free page.
pub static PAGE: [Field; 4] = [
    f(
        "title",
        Ty::Str(Some(200)),
        REQ,
        T,
        "Title of the page.",
        "Titre de la page.",
    ),
    f(
        "summary",
        Ty::Str(Some(400)),
        OPT,
        T,
        "One-sentence summary.",
        "Résumé en une phrase.",
    ),
    f(
        "weight",
        Ty::Int(-1000, 1000),
        OPT,
        N,
        "Order in menus (smaller first).",
        "Ordre dans les menus (les plus petits d'abord).",
    ),
    f(
        "licence",
        Ty::Bool,
        OPT,
        N,
        "`true`: end the page with the site's licence and what it covers (`[licence]` in sira.toml).",
        "`true` : terminer la page par la licence du site et ce qu'elle couvre (`[licence]` de sira.toml).",
    ),
];

/// Is this table or table-list field allowed in a translation because it holds translatable keys?
fn holds_translatable(ty: &Ty) -> bool {
    match ty {
        Ty::Table(fields) | Ty::TableList(fields) => fields.iter().any(|f| f.translatable),
        _ => false,
    }
}

/// Checks a parsed TOML tree against a schema, collecting diagnostics.
pub struct Walker<'a> {
    /// File the tree comes from.
    pub file: FileId,
    /// Byte offset of the TOML text inside the file.
    pub base: usize,
    /// Vocabularies for `Ty::Vocab` (none while loading the vocabularies themselves).
    pub vocab: Option<&'a Vocabularies>,
    /// Configured languages, for `Ty::Lang` and `Ty::PerLang`.
    pub languages: &'a [String],
    /// Checking a translation file: only translatable keys allowed, nothing required but ids.
    pub translation: bool,
    /// Name of the default-language file, for messages about translations.
    pub default_file: Option<String>,
    /// Report missing required keys (off when the TOML had syntax errors: a key whose value
    /// could not be parsed would be reported twice).
    pub report_missing: bool,
    /// Where to point (absolute span) when the top-level table lacks a required key.
    pub root_header: Range<usize>,
    /// Spans (relative to the TOML text) of syntax errors: values there are not checked again.
    pub skip: Vec<Range<usize>>,
    /// Collected problems.
    pub diags: Vec<Diagnostic>,
}

fn span_of<T>(s: &Spanned<T>) -> Range<usize> {
    s.span()
}

impl Walker<'_> {
    fn at(&self, span: Range<usize>) -> Range<usize> {
        span.start + self.base..span.end + self.base
    }

    fn error(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let span = self.at(span);
        self.diags
            .push(Diagnostic::error(code, self.file, span, message));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    /// Checks a table against `fields`. `path` names it in messages (`returnees`, `offers[2]`),
    /// `header` is where to point when a required key is missing.
    pub fn table(
        &mut self,
        table: &DeTable<'_>,
        fields: &[Field],
        path: &str,
        header: Range<usize>,
    ) {
        let in_list_item = path.ends_with(']');
        for (key, value) in table.iter() {
            let name: &str = key.get_ref();
            let full = if path.is_empty() {
                name.to_string()
            } else {
                format!("{path}.{name}")
            };
            let Some(field) = fields.iter().find(|f| f.key == name) else {
                let suggestion = did_you_mean(name, fields.iter().map(|f| f.key));
                let expected = fields
                    .iter()
                    .map(|f| format!("`{}`", f.key))
                    .collect::<Vec<_>>()
                    .join(", ");
                let hint = match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => {
                        "remove this key, or check the spelling against docs/fiche-format.md".into()
                    }
                };
                let message = if path.is_empty() {
                    format!("unknown key `{name}`")
                } else {
                    format!("unknown key `{name}` in `{path}`")
                };
                self.error("unknown-key", span_of(key), message).expected =
                    Some(format!("one of {expected}"));
                let last = self.diags.len() - 1;
                self.diags[last].hint = Some(hint);
                continue;
            };
            if self.translation && !field.in_translation() {
                let default = self
                    .default_file
                    .clone()
                    .unwrap_or_else(|| "the default-language file".into());
                self.error(
                    "translation-redefines-fact",
                    span_of(key),
                    format!("a translation cannot set `{full}`: it is a language-neutral fact"),
                )
                .hint = Some(format!("remove this line; set `{full}` once, in {default}"));
                continue;
            }
            self.value(value, field, &full);
        }
        let check_required = self.report_missing && (!self.translation || in_list_item);
        if check_required {
            let translation = self.translation;
            for field in fields
                .iter()
                .filter(|f| f.required && (!translation || f.key == "id"))
            {
                if !table.contains_key(field.key) {
                    let where_ = if path.is_empty() {
                        String::new()
                    } else {
                        format!(" in `{path}`")
                    };
                    let span = if path.is_empty() {
                        self.root_header.clone()
                    } else {
                        self.at(header.clone())
                    };
                    let hint = match field.ty {
                        Ty::Table(_) => format!("add a table `[{}]` with its keys", field.key),
                        Ty::TableList(_) => format!("add at least one `[[{}]]` entry", field.key),
                        _ => format!("add a line `{} = …`", field.key),
                    };
                    self.diags.push(
                        Diagnostic::error(
                            "missing-key",
                            self.file,
                            span,
                            format!("missing required key `{}`{where_}", field.key),
                        )
                        .expected(format!("`{}`: {}", field.key, field.doc_en))
                        .hint(hint),
                    );
                }
            }
        }
    }

    fn type_error(&mut self, span: Range<usize>, path: &str, expected: &str, found: &DeValue<'_>) {
        self.error(
            "wrong-type",
            span,
            format!("`{path}` should be {expected}, not {}", describe(found)),
        )
        .expected = Some(expected.to_string());
    }

    /// Checks one value against a field's type.
    pub fn value(&mut self, value: &Spanned<DeValue<'_>>, field: &Field, path: &str) {
        let empty = value.get_ref().as_array().is_some_and(|a| a.is_empty());
        if let (true, true, Ty::List(item)) = (field.required, empty, &field.ty) {
            let hint = match item {
                Ty::Vocab(kind) => format!(
                    "add at least one {} id from content/_vocab/{}.toml",
                    kind.singular(),
                    kind.file_stem()
                ),
                _ => "add at least one value".into(),
            };
            self.error("empty-value", span_of(value), format!("`{path}` is empty"))
                .hint = Some(hint);
            return;
        }
        self.value_of(value, &field.ty, path);
    }

    fn value_of(&mut self, value: &Spanned<DeValue<'_>>, ty: &Ty, path: &str) {
        let span = span_of(value);
        if self
            .skip
            .iter()
            .any(|s| s.start < span.end.max(span.start + 1) && span.start < s.end.max(s.start + 1))
        {
            return;
        }
        let v = value.get_ref();
        match ty {
            Ty::Str(max) => match v.as_str() {
                Some(s) => {
                    if s.trim().is_empty() {
                        self.error("empty-value", span, format!("`{path}` is empty"))
                            .hint = Some("write a value or remove the line".into());
                    } else if let Some(max) = max {
                        let n = s.chars().count();
                        if n > *max {
                            self.error("too-long", span, format!("`{path}` is {n} characters long; the limit is {max}"))
                                .hint = Some("shorten it; details belong in the body".into());
                        }
                    }
                }
                None => self.type_error(span, path, "a string in quotes", v),
            },
            Ty::Int(min, max) => match int_of(v) {
                Some(n) if (*min..=*max).contains(&n) => {}
                Some(n) => {
                    self.error("out-of-range", span, format!("`{path}` is {n}, outside {min}..={max}"));
                }
                None => self.type_error(span, path, "a whole number", v),
            },
            Ty::Year => match int_of(v) {
                Some(n) if (1800..=2100).contains(&n) => {}
                Some(n) => {
                    self.error("impossible-date", span, format!("`{path}` = {n} is not a plausible year"))
                        .expected = Some("a year between 1800 and 2100".into());
                }
                None => self.type_error(span, path, "a year (a whole number like 2006)", v),
            },
            Ty::Num(min, max) => match num_of(v) {
                Some(n) if n >= *min && n <= *max => {}
                Some(n) => {
                    self.error("out-of-range", span, format!("`{path}` is {n}, outside {min} to {max}"));
                }
                None => self.type_error(span, path, "a number", v),
            },
            Ty::Bool => {
                if v.as_bool().is_none() {
                    let hint = match v.as_str() {
                        Some("true" | "false") => Some("write it without quotes".to_string()),
                        _ => None,
                    };
                    self.type_error(span.clone(), path, "`true` or `false`", v);
                    let last = self.diags.len() - 1;
                    self.diags[last].hint = hint;
                }
            }
            Ty::Date => {
                if let Err(msg) = date_of(v) {
                    self.error("impossible-date", span, format!("`{path}`: {msg}"))
                        .expected = Some("a date `2022-11-02` or a month `\"2022-11\"`".into());
                }
            }
            Ty::Url => self.string_check(value, path, "a web address", values::check_url, "invalid-url"),
            Ty::Email => self.string_check(value, path, "an e-mail address", values::check_email, "invalid-email"),
            Ty::Phone => self.string_check(
                value,
                path,
                "a phone number",
                |s| values::parse_phone(s).map(|_| ()).map_err(|e| e.to_string()),
                "invalid-phone",
            ),
            Ty::Duration => self.string_check(
                value,
                path,
                "a duration like `13 months`",
                |s| values::parse_duration(s).map(|_| ()),
                "invalid-duration",
            ),
            Ty::Slug => self.string_check(
                value,
                path,
                "an identifier",
                |s| {
                    if values::is_slug(s) {
                        Ok(())
                    } else {
                        Err(format!(
                            "`{s}` is not URL-safe; use lowercase letters, digits and hyphens, e.g. `{}`",
                            values::slugify(s)
                        ))
                    }
                },
                "invalid-slug",
            ),
            Ty::Currency => self.string_check(
                value,
                path,
                "a currency code",
                |s| {
                    if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) {
                        Ok(())
                    } else {
                        Err(format!("`{s}` is not an ISO 4217 code such as EUR, XOF or USD"))
                    }
                },
                "invalid-currency",
            ),
            Ty::Lang => {
                let langs = self.languages;
                match v.as_str() {
                    Some(s) if langs.iter().any(|l| l == s) => {}
                    Some(s) => {
                        let list = langs.join(", ");
                        self.error("unknown-language", span, format!("`{path}`: `{s}` is not a configured language"))
                            .expected = Some(format!("one of {list}"));
                    }
                    None => self.type_error(span, path, "a language code", v),
                }
            }
            Ty::OneOf(options) => match v.as_str() {
                Some(s) if options.contains(&s) => {}
                Some(s) => {
                    let hint = did_you_mean(s, options.iter().copied()).map(|m| format!("did you mean `{m}`?"));
                    let d = self.error("unknown-value", span, format!("`{path}`: `{s}` is not allowed"));
                    d.expected = Some(format!("one of {}", quote_list(options.iter().copied())));
                    d.hint = hint;
                }
                None => self.type_error(span, path, &format!("one of {}", quote_list(options.iter().copied())), v),
            },
            Ty::Vocab(kind) => match v.as_str() {
                Some(s) => {
                    if let Some(vocab) = self.vocab {
                        let vocabulary = vocab.get(*kind);
                        // A vocabulary that failed to load was reported once; don't cascade.
                        if !vocabulary.terms.is_empty() && vocabulary.resolve(s).is_none() {
                            let hint = vocabulary
                                .suggest(s)
                                .map(|t| format!("did you mean `{}` ({})?", t.id, t.first_label()))
                                .unwrap_or_else(|| {
                                    format!("see the list in content/_vocab/{}.toml", kind.file_stem())
                                });
                            let d = self.error(
                                kind.unknown_code(),
                                span,
                                format!("`{path}`: unknown {} `{s}`", kind.singular()),
                            );
                            d.expected = Some(format!("a {} id from content/_vocab/{}.toml", kind.singular(), kind.file_stem()));
                            d.hint = Some(hint);
                        }
                    }
                }
                None => self.type_error(span, path, &format!("a {} id in quotes", kind.singular()), v),
            },
            Ty::List(item) => match v.as_array() {
                Some(items) => {
                    let mut seen: Vec<String> = Vec::new();
                    for (i, it) in items.iter().enumerate() {
                        let p = format!("{path}[{i}]");
                        self.value_of(it, item, &p);
                        if let Some(s) = it.get_ref().as_str() {
                            // Vocabulary values compare by the term they name, so `"Kayes"`
                            // after `"kayes"` (or a label after its id) is a repeat too.
                            let folded = match (*item, self.vocab) {
                                (Ty::Vocab(kind), Some(vocab)) => values::fold(&vocab.canonical(*kind, s)),
                                _ => values::fold(s),
                            };
                            if seen.contains(&folded) {
                                let span = span_of(it);
                                let at = self.at(span);
                                self.diags.push(
                                    Diagnostic::warning("duplicate-value", self.file, at, format!("`{s}` is listed twice in `{path}`"))
                                        .hint("remove the repeated value"),
                                );
                            }
                            seen.push(folded);
                        }
                    }
                }
                None => {
                    // A single value where a list is expected: say how to write it.
                    let hint = v.as_str().map(|s| format!("write `[\"{s}\"]`"));
                    self.type_error(span, path, "a list in square brackets", v);
                    let last = self.diags.len() - 1;
                    self.diags[last].hint = hint;
                }
            },
            Ty::PerLang => match v.as_table() {
                Some(t) => {
                    for (k, val) in t.iter() {
                        let lang: &str = k.get_ref();
                        if !self.languages.iter().any(|l| l == lang) {
                            let list = self.languages.join(", ");
                            self.error("unknown-language", span_of(k), format!("`{path}`: `{lang}` is not a configured language"))
                                .expected = Some(format!("one of {list}"));
                        } else {
                            self.value_of(val, &Ty::Str(None), &format!("{path}.{lang}"));
                        }
                    }
                    for lang in self.languages {
                        if !t.contains_key(lang.as_str()) {
                            self.error("missing-key", span.clone(), format!("`{path}` has no `{lang}` text"))
                                .hint = Some(format!("add `{lang} = \"…\"`"));
                        }
                    }
                }
                None => self.type_error(span, path, "a table of texts per language, like { fr = \"…\", en = \"…\" }", v),
            },
            Ty::Table(fields) => match v.as_table() {
                Some(t) => self.table(t, fields, path, span),
                None => self.type_error(span, path, "a table", v),
            },
            Ty::Party => match (v.as_str(), v.as_table()) {
                (Some(_), _) => self.value_of(value, &Ty::Str(Some(200)), path),
                (_, Some(t)) => self.table(t, &PARTY_REF, path, span),
                _ => self.type_error(
                    span,
                    path,
                    "a name in quotes, or a reference `{ fiche = \"<slug>\" }`",
                    v,
                ),
            },
            Ty::TableList(fields) => match v.as_array() {
                Some(items) => {
                    for (i, it) in items.iter().enumerate() {
                        let p = format!("{path}[{i}]");
                        match it.get_ref().as_table() {
                            Some(t) => self.table(t, fields, &p, span_of(it)),
                            None => self.type_error(span_of(it), &p, "a table (`[[…]]`)", it.get_ref()),
                        }
                    }
                }
                None => self.type_error(span, path, &format!("a list of tables, written `[[{path}]]`"), v),
            },
        }
    }

    fn string_check(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        path: &str,
        what: &str,
        check: impl Fn(&str) -> Result<(), String>,
        code: &'static str,
    ) {
        let span = span_of(value);
        match value.get_ref().as_str() {
            Some(s) => {
                if let Err(msg) = check(s) {
                    self.error(code, span, format!("`{path}`: `{s}` is not {what}"))
                        .hint = Some(msg);
                }
            }
            None => self.type_error(span, path, &format!("{what} in quotes"), value.get_ref()),
        }
    }
}

/// Reads an integer value.
pub fn int_of(v: &DeValue<'_>) -> Option<i64> {
    let i = v.as_integer()?;
    i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok()
}

/// Reads a number value (integer or float).
pub fn num_of(v: &DeValue<'_>) -> Option<f64> {
    if let Some(i) = int_of(v) {
        return Some(i as f64);
    }
    let f = v.as_float()?;
    f.as_str()
        .replace('_', "")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
}

/// Reads a date value: a TOML local date or a `YYYY-MM(-DD)` string.
pub fn date_of(v: &DeValue<'_>) -> Result<values::Date, String> {
    match v {
        DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => values::Date::new(
                i32::from(d.year),
                u32::from(d.month),
                Some(u32::from(d.day)),
            ),
            _ => Err("write only a date, without a time".into()),
        },
        DeValue::String(s) => values::Date::parse(s),
        other => Err(format!("expected a date, found {}", describe(other))),
    }
}

/// Names the type of a value for messages.
pub fn describe(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("the string \"{}\"", truncate(s, 40)),
        DeValue::Integer(i) => format!("the number {}", i.as_str()),
        DeValue::Float(x) => format!("the number {}", x.as_str()),
        DeValue::Boolean(b) => format!("`{b}`"),
        DeValue::Datetime(d) => format!("the date {d}"),
        DeValue::Array(_) => "a list".into(),
        DeValue::Table(_) => "a table".into(),
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// Formats `a`, `b`, `c` for messages.
pub fn quote_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
