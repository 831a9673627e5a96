//! The vocabulary files (`content/_vocab/*.toml`): their schema, and their loading into
//! [`Vocabularies`] with every problem reported.

use std::path::Path;

use serde::Deserialize;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, FileId, Sources};
use crate::load;
use crate::schema::{self, Field, Ty, Walker, ELIGIBILITY};
use crate::vocab::{Term, VocabKind, Vocabularies, Vocabulary};

/// Loads and checks every vocabulary of the site.
pub(super) fn load(
    root: &Path,
    content: &Path,
    config: &Config,
    config_file: FileId,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Vocabularies {
    let mut vocab = Vocabularies::default();
    for kind in VocabKind::ALL {
        let path = content
            .join(load::VOCAB_DIR)
            .join(format!("{}.toml", kind.file_stem()));
        if !path.is_file() && kind.optional() {
            continue;
        }
        if !path.is_file() {
            diags.push(
                Diagnostic::error(
                    "missing-vocabulary",
                    config_file,
                    0..0,
                    format!("the vocabulary file content/_vocab/{}.toml is missing", kind.file_stem()),
                )
                .hint("every site needs regions, sectors, services, kinds, languages, documents and eligibility vocabularies; copy them from Sira's own content/_vocab/"),
            );
            continue;
        }
        let name = crate::site_fs::display_name(root, &path);
        let (file, ok) = load::read_file(root, &path, &name, sources, diags);
        if !ok {
            continue;
        }
        let text = sources.text(file).clone();
        let v = parse(kind, &text, file, &config.languages, diags);
        if kind == VocabKind::Needs {
            check_need_services(&v, &vocab, &text, file, diags);
        }
        if kind == VocabKind::Eligibility && !v.terms.is_empty() {
            check_exact_ids(&v, ELIGIBILITY, file, diags);
        }
        if kind == VocabKind::Regions {
            for t in &v.terms {
                if let Some(parent) = &t.formed_from {
                    if v.get(parent).is_none() {
                        let at = text
                            .find(&format!("formed_from = \"{parent}\""))
                            .map(|i| i..i + parent.len() + 16)
                            .unwrap_or(0..0);
                        diags.push(Diagnostic::error(
                            "unknown-region",
                            file,
                            at,
                            format!("`formed_from`: unknown region `{parent}`"),
                        ));
                    }
                }
            }
        }
        vocab.insert(kind, v);
    }
    // The search thesaurus is optional; it names vocabulary terms, so it comes last.
    let path = content.join(load::VOCAB_DIR).join(super::synonyms::FILE);
    if path.is_file() {
        let name = crate::site_fs::display_name(root, &path);
        let (file, ok) = load::read_file(root, &path, &name, sources, diags);
        if ok {
            let text = sources.text(file).clone();
            vocab.synonyms = super::synonyms::parse(&text, file, &config.languages, &vocab, diags);
        }
    }
    vocab
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
static SERVICE_ID: Ty = Ty::Slug;
static NEED_TERM: [Field; 5] = term_fields!(extra(
    "services",
    Ty::List(&SERVICE_ID),
    "The services that answer this need."
));
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
    let Some(tree) = crate::diagnostics::parse_toml(text, file, diags) else {
        return Vocabulary::default();
    };
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
            ty: Ty::TableList(term_fields(kind)),
            required: true,
            translatable: false,
            doc_en: "The terms.",
            doc_fr: "Les termes.",
        },
    ];
    let mut walker = Walker::new(file, 0, None, languages);
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
            diags.push(crate::diagnostics::toml_error(&e, file, 0, text));
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

/// Every service a need names is a service of the site (services load before needs).
fn check_need_services(
    needs: &Vocabulary,
    vocab: &Vocabularies,
    text: &str,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) {
    let services = vocab.get(VocabKind::Services);
    for need in &needs.terms {
        for id in &need.services {
            if services.get(id).is_some() {
                continue;
            }
            // After the need's own id: the same service may be named by an earlier need.
            let from = text.find(&format!("\"{}\"", need.id)).unwrap_or(0);
            let quoted = format!("\"{id}\"");
            let at = text[from..]
                .find(&quoted)
                .map_or(0..0, |i| from + i..from + i + quoted.len());
            diags.push(
                Diagnostic::error(
                    "unknown-service",
                    file,
                    at,
                    format!("need `{}`: unknown service `{id}`", need.id),
                )
                .expected("a service id from content/_vocab/services.toml")
                .maybe_hint(
                    services
                        .suggest(id)
                        .map(|t| format!("did you mean `{}`?", t.id)),
                ),
            );
        }
    }
}

/// The fields of a term of vocabulary `kind`.
fn term_fields(kind: VocabKind) -> &'static [Field] {
    match kind {
        VocabKind::Needs => &NEED_TERM,
        VocabKind::Regions => &REGION_TERM,
        VocabKind::Kinds => &KIND_TERM,
        VocabKind::Documents => &DOCUMENT_TERM,
        _ => &BASE_TERM,
    }
}
