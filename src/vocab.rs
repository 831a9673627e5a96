//! Controlled vocabularies (regions, sectors, services, kinds, languages, documents,
//! eligibility), loaded from `content/_vocab/*.toml` and matched case- and accent-insensitively.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use crate::values::{did_you_mean, fold};

/// The vocabularies a site has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VocabKind {
    /// Regions of Mali, Bamako district and `national`.
    Regions,
    /// Economic sectors and trades.
    Sectors,
    /// Kinds of help.
    Services,
    /// Kinds of organisation.
    Kinds,
    /// Languages spoken with the public.
    Languages,
    /// Source documents.
    Documents,
    /// Labels of returnee-eligibility values.
    Eligibility,
    /// What people come for (training, work, credit…), each a group of services: the home
    /// page's entry points. Optional.
    Needs,
}

impl VocabKind {
    /// Every vocabulary, in loading order.
    pub const ALL: [VocabKind; 8] = [
        VocabKind::Regions,
        VocabKind::Sectors,
        VocabKind::Services,
        VocabKind::Kinds,
        VocabKind::Languages,
        VocabKind::Documents,
        VocabKind::Eligibility,
        VocabKind::Needs,
    ];

    /// Whether a site may leave this vocabulary out.
    pub fn optional(self) -> bool {
        self == VocabKind::Needs
    }

    /// File name without `.toml` under `content/_vocab/`.
    pub fn file_stem(self) -> &'static str {
        match self {
            VocabKind::Regions => "regions",
            VocabKind::Sectors => "sectors",
            VocabKind::Services => "services",
            VocabKind::Kinds => "kinds",
            VocabKind::Languages => "languages",
            VocabKind::Documents => "documents",
            VocabKind::Eligibility => "eligibility",
            VocabKind::Needs => "needs",
        }
    }

    /// What one term is called in messages.
    pub fn singular(self) -> &'static str {
        match self {
            VocabKind::Regions => "region",
            VocabKind::Sectors => "sector",
            VocabKind::Services => "service",
            VocabKind::Kinds => "kind of organisation",
            VocabKind::Languages => "language",
            VocabKind::Documents => "source document",
            VocabKind::Eligibility => "eligibility value",
            VocabKind::Needs => "need",
        }
    }

    /// Diagnostic code for an unknown term.
    pub fn unknown_code(self) -> &'static str {
        match self {
            VocabKind::Regions => "unknown-region",
            VocabKind::Sectors => "unknown-sector",
            VocabKind::Services => "unknown-service",
            VocabKind::Kinds => "unknown-kind",
            VocabKind::Languages => "unknown-language",
            VocabKind::Documents => "unknown-document",
            VocabKind::Eligibility => "unknown-value",
            VocabKind::Needs => "unknown-need",
        }
    }
}

/// An ISO / OCHA code with the vintage it was taken from.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[allow(missing_docs)] // fields whose names say it all (see docs/fiche-format.md)
pub struct Pcode {
    pub code: String,
    /// Which edition of the dataset it comes from.
    pub vintage: String,
}

/// One term of a vocabulary.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
pub struct Term {
    /// Identifier written in fiches.
    pub id: String,
    /// Label per language.
    pub label: BTreeMap<String, String>,
    /// Short label per language, for tight spaces.
    #[serde(default)]
    pub short: BTreeMap<String, String>,
    /// Other accepted names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// ISO 3166-2 code (regions).
    pub iso_3166_2: Option<String>,
    /// Region this one was formed from (regions of 2023).
    pub formed_from: Option<String>,
    /// OCHA P-code with its vintage (regions), only where confirmed.
    pub pcode: Option<Pcode>,
    /// The "national coverage" term (regions).
    #[serde(default)]
    pub national: bool,
    /// Position `[column, row]` on the schematic tile map of regions.
    pub tile: Option<[i64; 2]>,
    /// schema.org type (kinds).
    pub schema_org: Option<String>,
    /// Seed file name (documents).
    pub file: Option<String>,
    /// Publication month (documents).
    pub published: Option<String>,
    /// Month the information was collected (documents).
    pub collected: Option<String>,
    /// The services that answer this need (needs).
    #[serde(default)]
    pub services: Vec<String>,
}

impl Term {
    /// The label in `lang`, or the first one.
    pub fn label(&self, lang: &str) -> &str {
        self.label
            .get(lang)
            .map(String::as_str)
            .unwrap_or_else(|| self.first_label())
    }

    /// The short label in `lang`, falling back to the label.
    pub fn short_label(&self, lang: &str) -> &str {
        self.short
            .get(lang)
            .map(String::as_str)
            .unwrap_or_else(|| self.label(lang))
    }

    /// Some label, for messages.
    pub fn first_label(&self) -> &str {
        self.label
            .values()
            .next()
            .map(String::as_str)
            .unwrap_or(&self.id)
    }
}

/// The terms of one vocabulary with a folded-name index.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    /// Terms in file order.
    pub terms: Vec<Term>,
    index: HashMap<String, usize>,
}

impl Vocabulary {
    /// Builds the vocabulary and its index (ids, labels and aliases, folded).
    pub fn new(terms: Vec<Term>) -> Self {
        let mut index = HashMap::new();
        // Ids first, so an alias never shadows another term's id.
        for (i, t) in terms.iter().enumerate() {
            index.entry(fold(&t.id)).or_insert(i);
        }
        for (i, t) in terms.iter().enumerate() {
            for name in t
                .label
                .values()
                .chain(t.short.values())
                .chain(t.aliases.iter())
            {
                index.entry(fold(name)).or_insert(i);
            }
        }
        Vocabulary { terms, index }
    }

    /// The term an id, label or alias names (case- and accent-insensitive).
    pub fn resolve(&self, name: &str) -> Option<&Term> {
        self.index.get(&fold(name)).map(|&i| &self.terms[i])
    }

    /// The term by exact id.
    pub fn get(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.id == id)
    }

    /// The closest term to a misspelt name.
    pub fn suggest(&self, name: &str) -> Option<&Term> {
        let key = did_you_mean(name, self.index.keys().map(String::as_str))?;
        self.index.get(key).map(|&i| &self.terms[i])
    }
}

/// The search thesaurus: per language, its groups in file order.
pub type Thesaurus = BTreeMap<String, Vec<sira_search_index::thesaurus::Group>>;

/// Every vocabulary of a site.
#[derive(Clone, Debug, Default)]
pub struct Vocabularies {
    map: BTreeMap<VocabKind, Vocabulary>,
    /// The search thesaurus (`synonyms.toml`, optional), per language.
    pub synonyms: Thesaurus,
}

impl Vocabularies {
    /// One vocabulary (empty when it failed to load).
    pub fn get(&self, kind: VocabKind) -> &Vocabulary {
        static EMPTY: std::sync::OnceLock<Vocabulary> = std::sync::OnceLock::new();
        self.map
            .get(&kind)
            .unwrap_or_else(|| EMPTY.get_or_init(Vocabulary::default))
    }

    /// Sets one vocabulary.
    pub fn insert(&mut self, kind: VocabKind, vocabulary: Vocabulary) {
        self.map.insert(kind, vocabulary);
    }

    /// The canonical id of a term named by id, label or alias.
    pub fn canonical(&self, kind: VocabKind, name: &str) -> String {
        self.get(kind)
            .resolve(name)
            .map(|t| t.id.clone())
            .unwrap_or_else(|| name.to_string())
    }
}
