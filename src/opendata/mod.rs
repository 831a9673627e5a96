//! Stage **open data**: the directory as machine-readable files under `data/` in the output,
//! written with the pages and published with them:
//!
//! - `data/hsds/<lang>/organizations.json` — Open Referral HSDS 3.0 organisations ([`hsds`]);
//! - `data/sira-<lang>.csv` — one row per organisation and region, with HXL hashtags ([`hxl`]);
//! - `data/fiches/<slug>.json` — every fact of one fiche and its texts per language ([`fiche`]).
//!
//! Every identifier is a UUIDv5 of a stable name ([`id`]), so it is the same in every language
//! and every build. The rules are in `docs/open-data.md`.

pub mod fiche;
pub mod hsds;
pub mod hxl;

use std::collections::BTreeMap;
use std::io::{BufWriter, Write as _};
use std::path::Path;

#[cfg(test)]
use uuid::Uuid;

use crate::diagnostics::Diagnostic;
use crate::i18n::Strings;
use crate::model::{Fiche, Site};
use crate::vocab::{Term, VocabKind};

/// Sira's UUID namespace: every open-data id is `UUIDv5(NAMESPACE, name)`.
pub use crate::values::UUID_NAMESPACE as NAMESPACE;

/// The UUIDv5 of a stable name such as `organization:anpe` (lowercase, hyphenated).
pub fn id(name: &str) -> String {
    uuid(name).to_string()
}

pub(crate) use crate::values::uuid;

/// What [`write`] wrote.
#[derive(Debug, Default)]
pub struct Written {
    /// Paths relative to the output root, sorted.
    pub files: Vec<String>,
    /// Bytes written.
    pub bytes: u64,
}

/// Fiches handled at once: the HSDS and CSV files are written chunk by chunk, so memory does
/// not grow with the site.
const CHUNK: usize = 512;

/// A file written piece by piece.
struct Appender {
    rel: String,
    path: std::path::PathBuf,
    file: BufWriter<std::fs::File>,
    bytes: u64,
}

impl Appender {
    fn create(out: &Path, rel: String) -> Result<Self, Diagnostic> {
        let path = out.join(&rel);
        let file = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::File::create(&path))
            .map_err(|e| crate::site_fs::write_failed(&path, &e))?;
        Ok(Appender {
            rel,
            path,
            file: BufWriter::new(file),
            bytes: 0,
        })
    }

    fn push(&mut self, s: &str) -> Result<(), Diagnostic> {
        self.bytes += s.len() as u64;
        self.file
            .write_all(s.as_bytes())
            .map_err(|e| crate::site_fs::write_failed(&self.path, &e))
    }

    fn finish(mut self, written: &mut Written) -> Result<(), Diagnostic> {
        self.file
            .flush()
            .map_err(|e| crate::site_fs::write_failed(&self.path, &e))?;
        written.files.push(self.rel);
        written.bytes += self.bytes;
        Ok(())
    }
}

/// Writes every open-data file of the site into `out`. `strings` are the theme's UI strings
/// per language (for durations in words, as the pages show them).
pub fn write(
    site: &Site,
    strings: &BTreeMap<String, Strings>,
    out: &Path,
) -> Result<Written, Diagnostic> {
    let mut order: Vec<&Fiche> = site.fiches.iter().collect();
    order.sort_by(|a, b| a.slug.cmp(&b.slug));
    let langs = &site.config.languages;
    let empty = Strings::default();
    let terms = hsds::TermIds::new(site);
    let mut hsds_files = Vec::new();
    let mut csv_files = Vec::new();
    for lang in langs {
        let mut h = Appender::create(out, format!("data/hsds/{lang}/organizations.json"))?;
        h.push("[")?;
        hsds_files.push(h);
        let mut c = Appender::create(out, format!("data/sira-{lang}.csv"))?;
        c.push(&hxl::header(lang))?;
        csv_files.push(c);
    }
    let mut written = Written::default();
    let mut first = true;
    for chunk in order.chunks(CHUNK) {
        // Per fiche: its JSON file, written at once, then its HSDS organisation and CSV rows
        // in each language.
        let parts = crate::par::map(chunk, |f| {
            let rel = format!("data/fiches/{}.json", f.slug);
            let n = crate::site_fs::write(out, &rel, fiche::json(site, f).as_bytes())?;
            let per_lang: Vec<(String, String)> = langs
                .iter()
                .map(|lang| {
                    let s = strings.get(lang).unwrap_or(&empty);
                    (
                        hsds::organization(site, &terms, f, lang, s),
                        hxl::rows(site, f, lang),
                    )
                })
                .collect();
            Ok::<_, Diagnostic>((rel, n, per_lang))
        });
        for part in parts {
            let (rel, n, per_lang) = part?;
            written.files.push(rel);
            written.bytes += n;
            for ((h, c), (org, rows)) in hsds_files.iter_mut().zip(&mut csv_files).zip(per_lang) {
                h.push(if first { "\n" } else { ",\n" })?;
                h.push(&org)?;
                c.push(&rows)?;
            }
            first = false;
        }
    }
    for mut h in hsds_files {
        h.push(if first { "]\n" } else { "\n]\n" })?;
        h.finish(&mut written)?;
    }
    for c in csv_files {
        c.finish(&mut written)?;
    }
    Ok(written)
}

/// The URL of a fiche's page in `lang`: absolute with `base_url`, else relative to a file
/// `depth` folders below the output root.
pub(crate) fn page_url(site: &Site, f: &Fiche, lang: &str, depth: usize) -> String {
    let path = crate::model::fiche_path(lang, f);
    match &site.config.base_url {
        Some(base) => format!("{}/{path}", base.trim_end_matches('/')),
        None => format!("{}{path}", "../".repeat(depth)),
    }
}

/// The fiche's regions in the vocabulary's order (ids the vocabulary lacks last, as written).
pub(crate) fn regions_in_order<'a>(
    site: &'a Site,
    f: &'a Fiche,
) -> Vec<(&'a str, Option<&'a Term>)> {
    let vocab = site.vocab.get(VocabKind::Regions);
    let mut out: Vec<(usize, &str, Option<&Term>)> = f
        .front
        .regions
        .iter()
        .map(|r| {
            let pos = vocab.terms.iter().position(|t| t.id == *r);
            (
                pos.unwrap_or(usize::MAX),
                r.as_str(),
                pos.map(|p| &vocab.terms[p]),
            )
        })
        .collect();
    out.sort_by_key(|(pos, _, _)| *pos);
    out.dedup_by_key(|(_, id, _)| *id);
    out.into_iter().map(|(_, id, t)| (id, t)).collect()
}

/// A vocabulary term's label in `lang` (the id when the term is unknown).
pub(crate) fn label<'a>(site: &'a Site, kind: VocabKind, id: &'a str, lang: &str) -> &'a str {
    site.vocab.get(kind).get(id).map_or(id, |t| t.label(lang))
}

/// A phone number in its grouped display form (`+223 63 15 72 38`); as written if it does
/// not parse.
pub(crate) fn phone(raw: &str) -> String {
    crate::values::parse_phone(raw).map_or_else(|_| raw.to_string(), |p| p.display())
}

/// Fixed words of the open-data files in one language (English for languages without their
/// own).
pub(crate) struct Labels {
    /// CSV column headers, in [`hxl::HASHTAGS`] order.
    pub headers: [&'static str; hxl::COLUMNS],
    /// Cost option of a free service.
    pub free: &'static str,
    /// Cost option of the lowest figure.
    pub cost_min: &'static str,
    /// Cost option of the highest figure.
    pub cost_max: &'static str,
    /// Before an offer's duration in its description (`Durée : `).
    pub duration: &'static str,
}

const FR: Labels = Labels {
    headers: [
        "Nom",
        "Sigle",
        "Type d'organisation",
        "Secteurs",
        "Région",
        "Code ISO 3166-2 de la région",
        "P-code OCHA de la région",
        "Téléphones",
        "Courriels",
        "Site web",
        "Fiche Sira",
        "Sources",
        "Vérifiée le",
        "Identifiant HSDS",
    ],
    free: "Gratuit",
    cost_min: "Coût le plus bas",
    cost_max: "Coût le plus élevé",
    duration: "Durée : ",
};

const EN: Labels = Labels {
    headers: [
        "Name",
        "Acronym",
        "Kind of organisation",
        "Sectors",
        "Region",
        "Region ISO 3166-2 code",
        "Region OCHA P-code",
        "Phones",
        "E-mails",
        "Website",
        "Sira fiche",
        "Sources",
        "Verified on",
        "HSDS identifier",
    ],
    free: "Free",
    cost_min: "Lowest cost",
    cost_max: "Highest cost",
    duration: "Duration: ",
};

/// The fixed words of `lang`.
pub(crate) fn labels(lang: &str) -> &'static Labels {
    match lang {
        "fr" => &FR,
        _ => &EN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuid_v5_of_the_name() {
        let a = id("organization:anpe");
        assert_eq!(a, id("organization:anpe"));
        assert_ne!(a, id("organization:apej"));
        let u = Uuid::parse_str(&a).expect("uuid");
        assert_eq!(u.get_version_num(), 5);
        assert_eq!(a, a.to_lowercase());
        // The namespace is fixed for good: changing it would change every published id.
        assert_eq!(
            NAMESPACE.to_string(),
            "49b34ba5-94e1-433b-a676-e9cf26a4c62d"
        );
    }
}
