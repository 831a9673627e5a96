//! Controlled vocabularies (regions, sectors, services, kinds, languages, documents,
//! eligibility), loaded from `content/_vocab/*.toml` and matched case- and accent-insensitively.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use toml::de::DeTable;

use crate::diagnostics::{Diagnostic, FileId};
use crate::validate::schema::{self, Field, Ty, Walker};
use crate::validate::values::{did_you_mean, fold};

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
}

impl VocabKind {
    /// Every vocabulary, in loading order.
    pub const ALL: [VocabKind; 7] = [
        VocabKind::Regions,
        VocabKind::Sectors,
        VocabKind::Services,
        VocabKind::Kinds,
        VocabKind::Languages,
        VocabKind::Documents,
        VocabKind::Eligibility,
    ];

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
        }
    }

    fn extra_fields(self) -> &'static [Field] {
        match self {
            VocabKind::Regions => &REGION_TERM,
            VocabKind::Kinds => &KIND_TERM,
            VocabKind::Documents => &DOCUMENT_TERM,
            _ => &BASE_TERM,
        }
    }
}

/// An ISO / OCHA code with the vintage it was taken from.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
pub struct Pcode {
    /// The code.
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

/// Every vocabulary of a site.
#[derive(Clone, Debug, Default)]
pub struct Vocabularies {
    map: BTreeMap<VocabKind, Vocabulary>,
    /// The search thesaurus (`synonyms.toml`, optional), per language.
    pub synonyms: crate::synonyms::Thesaurus,
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

static LABEL_TY: Ty = Ty::Str(Some(300));

macro_rules! term_fields {
    ($($extra:expr),* $(,)?) => {
        [
            Field { key: "id", ty: Ty::Slug, required: true, translatable: false, doc_en: "Identifier written in fiches.", doc_fr: "Identifiant écrit dans les fiches." },
            Field { key: "label", ty: Ty::PerLang, required: true, translatable: false, doc_en: "Label per language.", doc_fr: "Libellé par langue." },
            Field { key: "short", ty: Ty::PerLang, required: false, translatable: false, doc_en: "Short label per language.", doc_fr: "Libellé court par langue." },
            Field { key: "aliases", ty: Ty::List(&LABEL_TY), required: false, translatable: false, doc_en: "Other accepted names.", doc_fr: "Autres noms acceptés." },
            $($extra),*
        ]
    };
}

const fn extra(key: &'static str, ty: Ty, doc: &'static str) -> Field {
    Field {
        key,
        ty,
        required: false,
        translatable: false,
        doc_en: doc,
        doc_fr: doc,
    }
}

static PCODE: [Field; 2] = [
    Field {
        key: "code",
        ty: Ty::Str(Some(20)),
        required: true,
        translatable: false,
        doc_en: "P-code.",
        doc_fr: "P-code.",
    },
    Field {
        key: "vintage",
        ty: Ty::Str(Some(100)),
        required: true,
        translatable: false,
        doc_en: "Dataset edition.",
        doc_fr: "Édition du jeu de données.",
    },
];
static BASE_TERM: [Field; 4] = term_fields!();
static TILE_ITEM: Ty = Ty::Int(0, 20);
static REGION_TERM: [Field; 9] = term_fields!(
    extra(
        "tile",
        Ty::List(&TILE_ITEM),
        "Position [column, row] on the tile map."
    ),
    extra("iso_3166_2", Ty::Str(Some(10)), "ISO 3166-2 code."),
    extra("formed_from", Ty::Slug, "Region it was formed from."),
    extra("pcode", Ty::Table(&PCODE), "OCHA P-code with vintage."),
    extra("national", Ty::Bool, "The national-coverage term."),
);
static KIND_TERM: [Field; 5] =
    term_fields!(extra("schema_org", Ty::Str(Some(60)), "schema.org type."));
static DOCUMENT_TERM: [Field; 7] = term_fields!(
    extra("file", Ty::Str(Some(200)), "Seed file."),
    extra("published", Ty::Date, "Publication month."),
    extra("collected", Ty::Date, "Collection month."),
);

/// Checks one vocabulary file's TOML and builds the vocabulary. `file` and `base` locate the
/// text for diagnostics.
pub fn parse(
    kind: VocabKind,
    text: &str,
    file: FileId,
    languages: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Vocabulary {
    let (tree, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors {
            diags.push(crate::load::toml_error(&e, file, 0, text));
        }
        return Vocabulary::default();
    }
    let doc_fields: [Field; 2] = [
        Field {
            key: "vintage",
            ty: Ty::Str(Some(100)),
            required: false,
            translatable: false,
            doc_en: "Edition of the list.",
            doc_fr: "Édition de la liste.",
        },
        Field {
            key: "term",
            ty: Ty::TableList(kind.extra_fields()),
            required: true,
            translatable: false,
            doc_en: "The terms.",
            doc_fr: "Les termes.",
        },
    ];
    let mut walker = Walker {
        file,
        base: 0,
        vocab: None,
        languages,
        translation: false,
        default_file: None,
        report_missing: true,
        root_header: 0..0,
        skip: Vec::new(),
        diags: Vec::new(),
    };
    walker.table(tree.get_ref(), &doc_fields, "", 0..0);
    let failed = walker
        .diags
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error);
    diags.append(&mut walker.diags);
    if failed {
        return Vocabulary::default();
    }
    #[derive(Deserialize)]
    struct Doc {
        term: Vec<Term>,
    }
    let span = tree.span();
    match Doc::deserialize(toml::de::Deserializer::from(tree)) {
        Ok(doc) => {
            let mut seen = std::collections::HashSet::new();
            for t in &doc.term {
                if !seen.insert(t.id.clone()) {
                    let at = text
                        .find(&format!("\"{}\"", t.id))
                        .map(|i| i..i + t.id.len() + 2)
                        .unwrap_or(span.clone());
                    diags.push(Diagnostic::error(
                        "duplicate-term",
                        file,
                        at,
                        format!("the id `{}` is defined twice", t.id),
                    ));
                }
            }
            Vocabulary::new(doc.term)
        }
        Err(e) => {
            diags.push(crate::load::toml_error(&e, file, 0, text));
            Vocabulary::default()
        }
    }
}

/// Checks that a term names a vocabulary's expected ids exactly (for eligibility labels).
pub fn check_exact_ids(
    vocab: &Vocabulary,
    expected: &[&str],
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) {
    for id in expected {
        if vocab.get(id).is_none() {
            diags.push(
                Diagnostic::error(
                    "missing-term",
                    file,
                    0..0,
                    format!("the vocabulary has no term `{id}`"),
                )
                .hint(format!("add a [[term]] with id = \"{id}\" and its labels")),
            );
        }
    }
    for t in &vocab.terms {
        if !expected.contains(&t.id.as_str()) {
            diags.push(
                Diagnostic::error(
                    "unknown-value",
                    file,
                    0..0,
                    format!("`{}` is not an eligibility value", t.id),
                )
                .expected(format!(
                    "one of {}",
                    schema::quote_list(expected.iter().copied())
                )),
            );
        }
    }
}
