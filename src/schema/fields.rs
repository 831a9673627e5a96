//! The declarations of the fiche and page front matter: what editors change when the format
//! changes. `sira check`, `sira new`, `sira schema` and the docs all read them.

use super::{Field, Ty};
use crate::vocab::VocabKind;

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
