//! The site configuration file, `sira.toml` at the site root.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use toml::de::DeTable;

use crate::diagnostics::{Diagnostic, FileId};
use crate::schema::{Field, Ty, Walker};
use crate::values::Date;

/// Name of the configuration file at the site root.
pub const FILE_NAME: &str = "sira.toml";

/// Site configuration.
#[derive(Clone, Debug, Deserialize)]
pub struct Config {
    /// Site title per language.
    pub title: BTreeMap<String, String>,
    /// Default language: fiches without a language suffix are in it.
    pub default_language: String,
    /// Every language of the site, default first or not.
    pub languages: Vec<String>,
    /// Output folder, relative to the site root.
    #[serde(default = "default_output")]
    pub output_dir: PathBuf,
    /// Theme folder name under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Public address of the site, for sitemap.xml and canonical links.
    pub base_url: Option<String>,
    /// Check settings.
    #[serde(default)]
    pub check: CheckConfig,
    /// The licence of the directory's own wording, compilation and open data.
    pub licence: Option<LicenceConfig>,
}

/// The `[licence]` table.
#[derive(Clone, Debug, Deserialize)]
pub struct LicenceConfig {
    /// SPDX id of a licence in [`crate::licence::KNOWN`].
    pub id: String,
}

/// Settings of `sira check`.
#[derive(Clone, Debug, Deserialize)]
pub struct CheckConfig {
    /// A fiche last verified longer ago than this many days gets a warning.
    #[serde(default = "default_max_age")]
    pub max_age_days: i64,
}

impl CheckConfig {
    /// The age in days of a fiche verified on `verified`, when it is past `max_age_days`.
    pub fn stale_age(&self, verified: Date, today: Date) -> Option<i64> {
        let age = today.days_since_epoch() - verified.days_since_epoch();
        (age > self.max_age_days).then_some(age)
    }
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            max_age_days: default_max_age(),
        }
    }
}

fn default_output() -> PathBuf {
    PathBuf::from("public")
}
fn default_theme() -> String {
    "sira".into()
}
fn default_max_age() -> i64 {
    730
}

static LANG_ITEM: Ty = Ty::Str(Some(8));
static CHECK: [Field; 1] = [Field {
    key: "max_age_days",
    ty: Ty::Int(1, 36500),
    required: false,
    translatable: false,
    doc_en: "Warn about fiches verified longer ago than this (days).",
    doc_fr: "Avertir pour les fiches vérifiées il y a plus longtemps (jours).",
}];

static LICENCE: [Field; 1] = [Field {
    key: "id",
    ty: Ty::Str(Some(40)),
    required: true,
    translatable: false,
    doc_en: "SPDX id of the licence of the directory's own wording, compilation and open data (not of the source documents it cites).",
    doc_fr: "Identifiant SPDX de la licence des textes, de la compilation et des données ouvertes de l'annuaire (pas des documents sources cités).",
}];

/// The schema of `sira.toml`.
pub static CONFIG: [Field; 8] = [
    Field {
        key: "title",
        ty: Ty::PerLang,
        required: true,
        translatable: false,
        doc_en: "Site title per language.",
        doc_fr: "Titre du site par langue.",
    },
    Field {
        key: "default_language",
        ty: Ty::Lang,
        required: true,
        translatable: false,
        doc_en: "Default language.",
        doc_fr: "Langue par défaut.",
    },
    Field {
        key: "languages",
        ty: Ty::List(&LANG_ITEM),
        required: true,
        translatable: false,
        doc_en: "Languages of the site.",
        doc_fr: "Langues du site.",
    },
    Field {
        key: "output_dir",
        ty: Ty::Str(Some(200)),
        required: false,
        translatable: false,
        doc_en: "Output folder.",
        doc_fr: "Dossier de sortie.",
    },
    Field {
        key: "theme",
        ty: Ty::Slug,
        required: false,
        translatable: false,
        doc_en: "Theme under themes/.",
        doc_fr: "Thème sous themes/.",
    },
    Field {
        key: "base_url",
        ty: Ty::Url,
        required: false,
        translatable: false,
        doc_en: "Public address of the site.",
        doc_fr: "Adresse publique du site.",
    },
    Field {
        key: "check",
        ty: Ty::Table(&CHECK),
        required: false,
        translatable: false,
        doc_en: "Check settings.",
        doc_fr: "Réglages de la vérification.",
    },
    Field {
        key: "licence",
        ty: Ty::Table(&LICENCE),
        required: false,
        translatable: false,
        doc_en: "Licence of the directory's own work.",
        doc_fr: "Licence du travail propre de l'annuaire.",
    },
];

/// Parses and checks the configuration text. Returns `None` when it has errors (pushed to `diags`).
pub fn parse(text: &str, file: FileId, diags: &mut Vec<Diagnostic>) -> Option<Config> {
    let (tree, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        diags.extend(
            errors
                .iter()
                .map(|e| crate::diagnostics::toml_error(e, file, 0, text)),
        );
        return None;
    }
    let languages: Vec<String> = tree
        .get_ref()
        .get("languages")
        .and_then(|v| v.get_ref().as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.get_ref().as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let mut walker = Walker::new(file, 0, None, &languages);
    walker.table(tree.get_ref(), &CONFIG, "", 0..0);
    for (i, l) in languages.iter().enumerate() {
        if !(2..=3).contains(&l.len()) || !l.bytes().all(|b| b.is_ascii_lowercase()) {
            if let Some(v) = tree
                .get_ref()
                .get("languages")
                .and_then(|v| v.get_ref().as_array())
                .and_then(|a| a.get(i))
            {
                walker.diags.push(
                    Diagnostic::error(
                        "invalid-language",
                        file,
                        v.span(),
                        format!("`{l}` is not a language code"),
                    )
                    .expected("an ISO 639-1 code such as `fr`, `en` or `bm`"),
                );
            }
        }
    }
    if let Some(v) = tree
        .get_ref()
        .get("licence")
        .and_then(|l| l.get_ref().as_table())
        .and_then(|t| t.get("id"))
    {
        if let Some(id) = v.get_ref().as_str() {
            if crate::licence::find(id).is_none() {
                let known = crate::licence::KNOWN.iter().map(|l| l.id);
                walker.diags.push(
                    Diagnostic::error(
                        "unknown-licence",
                        file,
                        v.span(),
                        format!("`licence.id`: unknown licence `{id}`"),
                    )
                    .expected(format!(
                        "the SPDX id of a licence for text and data: {}",
                        known
                            .clone()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                    .hint(match crate::values::did_you_mean(id, known) {
                        Some(m) => format!("did you mean `{m}`?"),
                        None => "write one of the ids above (see README, `[licence]`)".into(),
                    }),
                );
            }
        }
    }
    let failed = !walker.diags.is_empty();
    diags.append(&mut walker.diags);
    if failed {
        return None;
    }
    match Config::deserialize(toml::de::Deserializer::from(tree)) {
        Ok(c) => Some(c),
        Err(e) => {
            diags.push(crate::diagnostics::toml_error(&e, file, 0, text));
            None
        }
    }
}

/// The byte range of a top-level key's value in the configuration text (`0..0` when absent).
pub fn value_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let (tree, _) = DeTable::parse_recoverable(text);
    tree.get_ref().get(key).map_or(0..0, |v| v.span())
}

impl Config {
    /// The licence of the directory's own work, when set (and known: `parse` checked it).
    pub fn licence(&self) -> Option<&'static crate::licence::Licence> {
        self.licence
            .as_ref()
            .and_then(|l| crate::licence::find(&l.id))
    }

    /// The languages other than the default one, in configured order.
    pub fn other_languages(&self) -> impl Iterator<Item = &str> {
        self.languages
            .iter()
            .map(String::as_str)
            .filter(move |l| *l != self.default_language)
    }
}
