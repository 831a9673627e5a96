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
    /// Where readers report an error or suggest a change (nothing shown when unset).
    #[serde(default)]
    pub corrections: Corrections,
}

/// Where readers send corrections: a GitHub repository (new-issue and edit links), an e-mail
/// address, a WhatsApp number. Each is optional; with none, fiches show no such link.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Corrections {
    /// `owner/name` of the GitHub repository holding the site.
    pub github: Option<String>,
    /// Branch the "edit this file" link opens (default `main`).
    pub branch: Option<String>,
    /// Folder of the site inside the repository (`""` for its root).
    pub folder: Option<String>,
    /// Address receiving corrections by e-mail.
    pub email: Option<String>,
    /// Number receiving corrections by WhatsApp.
    pub whatsapp: Option<String>,
}

impl Corrections {
    /// Whether any way to send a correction is configured.
    pub fn any(&self) -> bool {
        self.github.is_some() || self.email.is_some() || self.whatsapp.is_some()
    }
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
static CORRECTIONS: [Field; 5] = [
    Field {
        key: "github",
        ty: Ty::Str(Some(140)),
        required: false,
        translatable: false,
        doc_en: "GitHub repository of the site, `owner/name`: fiches get a prefilled new-issue link and an \"edit this file\" link.",
        doc_fr: "Dépôt GitHub du site, `propriétaire/nom` : les fiches ont un lien de ticket prérempli et un lien « modifier ce fichier ».",
    },
    Field {
        key: "branch",
        ty: Ty::Str(Some(100)),
        required: false,
        translatable: false,
        doc_en: "Branch the edit links open (default `main`).",
        doc_fr: "Branche qu'ouvrent les liens de modification (par défaut `main`).",
    },
    Field {
        key: "folder",
        ty: Ty::Str(Some(200)),
        required: false,
        translatable: false,
        doc_en: "Folder of the site inside the repository, when it is not at its root.",
        doc_fr: "Dossier du site dans le dépôt, s'il n'est pas à sa racine.",
    },
    Field {
        key: "email",
        ty: Ty::Email,
        required: false,
        translatable: false,
        doc_en: "Address receiving corrections (a prefilled e-mail).",
        doc_fr: "Adresse qui reçoit les corrections (un e-mail prérempli).",
    },
    Field {
        key: "whatsapp",
        ty: Ty::Phone,
        required: false,
        translatable: false,
        doc_en: "WhatsApp number receiving corrections (a prefilled message).",
        doc_fr: "Numéro WhatsApp qui reçoit les corrections (un message prérempli).",
    },
];

/// The schema of `sira.toml`.
pub static CONFIG: [Field; 9] = [
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
    Field {
        key: "corrections",
        ty: Ty::Table(&CORRECTIONS),
        required: false,
        translatable: false,
        doc_en: "Where readers report an error or suggest a change.",
        doc_fr: "Où les lecteurs signalent une erreur ou proposent une modification.",
    },
];

/// Parses and checks the configuration text. Returns `None` when it has errors (pushed to `diags`).
pub fn parse(text: &str, file: FileId, diags: &mut Vec<Diagnostic>) -> Option<Config> {
    let tree = crate::diagnostics::parse_toml(text, file, diags)?;
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
    let mut corrections = Vec::new();
    check_corrections(tree.get_ref(), file, &mut corrections);
    let failed = !walker.diags.is_empty()
        || corrections
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error);
    diags.append(&mut walker.diags);
    diags.append(&mut corrections);
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

/// The GitHub names of `[corrections]`: a repository `owner/name` (GitHub's rules: an owner of
/// letters, digits and single inner hyphens, at most 39 characters; a name of letters, digits,
/// `.`, `-` and `_`, not `.` or `..`), a branch that makes a URL path, a folder inside the
/// repository.
fn check_corrections(tree: &toml::de::DeTable<'_>, file: FileId, diags: &mut Vec<Diagnostic>) {
    let Some(table) = tree.get("corrections").and_then(|v| v.get_ref().as_table()) else {
        return;
    };
    let string = |key: &str| {
        table
            .get(key)
            .and_then(|v| v.get_ref().as_str().map(|s| (s.to_string(), v.span())))
    };
    if let Some((repo, span)) = string("github") {
        if !is_github_repo(&repo) {
            let hint = repo
                .trim_start_matches("https://")
                .trim_start_matches("github.com/")
                .trim_end_matches('/')
                .trim_end_matches(".git")
                .to_string();
            let mut d = Diagnostic::error(
                "invalid-repository",
                file,
                span,
                format!("`{repo}` is not a GitHub repository name"),
            )
            .expected("`owner/name`, as in https://github.com/owner/name");
            if hint != repo && is_github_repo(&hint) {
                d = d.hint(format!("write `{hint}`"));
            }
            diags.push(d);
        }
    }
    let path_ok = |s: &str, slash: bool| {
        !s.is_empty()
            && s.split('/').all(|part| {
                !part.is_empty()
                    && part != "."
                    && part != ".."
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
            })
            && (slash || !s.contains('/'))
    };
    for (key, what, slash) in [
        ("branch", "a branch name", true),
        ("folder", "a folder of the repository", true),
    ] {
        if let Some((v, span)) = string(key) {
            let v = v.trim_matches('/');
            if !path_ok(v, slash) {
                diags.push(
                    Diagnostic::error(
                        "invalid-value",
                        file,
                        span,
                        format!("`corrections.{key}` is not {what}"),
                    )
                    .expected("letters, digits, `.`, `-`, `_` and `/` between names"),
                );
            }
        }
    }
    if (table.contains_key("branch") || table.contains_key("folder"))
        && !table.contains_key("github")
    {
        diags.push(
            Diagnostic::warning(
                "unused-setting",
                file,
                tree.get("corrections").map_or(0..0, |v| v.span()),
                "`corrections.branch` and `corrections.folder` are used only with `corrections.github`",
            )
            .hint("add `github = \"owner/name\"`, or remove them"),
        );
    }
}

/// Whether `s` is a GitHub repository `owner/name`.
pub fn is_github_repo(s: &str) -> bool {
    let Some((owner, name)) = s.split_once('/') else {
        return false;
    };
    let owner_ok = (1..=39).contains(&owner.len())
        && owner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !owner.starts_with('-')
        && !owner.ends_with('-')
        && !owner.contains("--");
    let name_ok = (1..=100).contains(&name.len())
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    owner_ok && name_ok
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
