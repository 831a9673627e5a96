//! `sira new <section> <slug>`: a commented fiche skeleton, written from the front-matter
//! schema ([`crate::schema::FICHE`]) so that it always lists the current fields.
//!
//! Required fields come first and empty (the check names each one until it is filled);
//! optional fields follow as comments to uncomment. Each field carries its meaning in the file's
//! language, and vocabulary fields list their ids.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::names::Use;
use crate::schema::{Field, Ty, FICHE};
use crate::values::is_slug;
use crate::vocab::{VocabKind, Vocabularies};

/// Why a skeleton could not be written (exit code 2).
#[derive(Debug)]
pub enum NewError {
    /// The section or slug is not a URL-safe identifier.
    BadName(String),
    /// The name breaks a naming rule of [`crate::names`] (too long, reserved).
    Refused(String),
    /// No such section folder.
    NoSection {
        /// The section asked for.
        section: String,
        /// The sections that exist.
        existing: Vec<String>,
    },
    /// A fiche with this slug exists.
    Exists(PathBuf),
    /// Writing failed.
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for NewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NewError::BadName(s) => write!(
                f,
                "`{s}` is not a valid name: use lowercase letters, digits and single hyphens, e.g. `{}`",
                crate::values::slugify(s)
            ),
            NewError::Refused(why) => f.write_str(why),
            NewError::NoSection { section, existing } => {
                write!(f, "there is no section `{section}` in content/")?;
                match crate::values::did_you_mean(section, existing.iter().map(String::as_str)) {
                    Some(m) => write!(f, "; did you mean `{m}`?"),
                    None => write!(f, "; sections: {}", existing.join(", ")),
                }?;
                write!(f, " (to start a new section, create the folder content/{section}/ first)")
            }
            NewError::Exists(p) => write!(
                f,
                "{} already exists: slugs are unique across the site; choose another slug or edit that fiche",
                p.display()
            ),
            NewError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
        }
    }
}

impl std::error::Error for NewError {}

/// Writes the skeleton of fiche `slug` in `section` (default language and one translation per
/// other language); returns the files written.
pub fn new_fiche(
    root: &Path,
    config: &Config,
    vocab: &Vocabularies,
    section: &str,
    slug: &str,
) -> Result<Vec<PathBuf>, NewError> {
    for name in [section, slug] {
        if !is_slug(name) {
            return Err(NewError::BadName(name.to_string()));
        }
    }
    // The same naming rule as `sira check`.
    for (usage, name) in [(Use::Section, section), (Use::Fiche, slug)] {
        if let Some((_, message, hint)) = crate::names::problem(usage, name) {
            return Err(NewError::Refused(format!("{message}: {hint}")));
        }
    }
    let content = crate::load::content_dir(root);
    let dir = content.join(section);
    if !dir.is_dir() {
        let mut existing: Vec<String> = std::fs::read_dir(&content)
            .map_err(|e| NewError::Io(content.clone(), e))?
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with(['_', '.']) && n != "pages")
            .collect();
        existing.sort();
        return Err(NewError::NoSection {
            section: section.to_string(),
            existing,
        });
    }
    // Slugs are unique across sections.
    for entry in walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy();
        let stem = name.strip_suffix(".md").unwrap_or("");
        if stem == slug || stem.split_once('.').is_some_and(|(s, _)| s == slug) {
            return Err(NewError::Exists(entry.path().to_path_buf()));
        }
    }
    let mut files = vec![(
        dir.join(format!("{slug}.md")),
        skeleton(&config.default_language, true, vocab),
    )];
    for lang in config.other_languages() {
        files.push((
            dir.join(format!("{slug}.{lang}.md")),
            skeleton(lang, false, vocab),
        ));
    }
    write_new_files(files)
}

/// Writes new files, all or none: never overwrites one, and removes those it wrote when a later
/// one fails.
fn write_new_files(files: Vec<(PathBuf, String)>) -> Result<Vec<PathBuf>, NewError> {
    let mut written: Vec<PathBuf> = Vec::new();
    for (path, text) in files {
        let opened = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        let result = match opened {
            Ok(mut f) => {
                // Created here: ours to remove if it cannot be filled.
                written.push(path.clone());
                std::io::Write::write_all(&mut f, text.as_bytes())
            }
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            for p in &written {
                let _ = std::fs::remove_file(p);
            }
            return Err(match e.kind() {
                std::io::ErrorKind::AlreadyExists => NewError::Exists(path),
                _ => NewError::Io(path, e),
            });
        }
    }
    Ok(written)
}

/// The text of a skeleton in `lang`: the default-language file (`full`) or a translation.
pub fn skeleton(lang: &str, full: bool, vocab: &Vocabularies) -> String {
    let fr = lang == "fr";
    let mut out = String::from("+++\n");
    let intro = match (fr, full) {
        (true, true) => "# Nouvelle fiche. Remplissez les champs obligatoires (ceux qui ne sont pas en\n# commentaire), puis décommentez les champs utiles (retirez le « # ») et supprimez\n# les autres. Chaque fait doit venir d'une source citée dans [[sources]].\n# Vérifiez avec : sira check\n",
        (true, false) => "# Traduction : seuls les champs traduisibles, tous facultatifs. Un champ absent\n# reprend le texte de la fiche dans la langue par défaut.\n",
        (false, true) => "# New fiche. Fill in the required fields (those not commented out), then\n# uncomment the useful fields (remove the \"#\") and delete the others. Every fact\n# must come from a source cited in [[sources]]. Check with: sira check\n",
        (false, false) => "# Translation: translatable fields only, all optional. A missing field falls\n# back to the fiche's text in the default language.\n",
    };
    out.push_str(intro);
    let fields: Vec<&Field> = FICHE
        .iter()
        .filter(|f| full || f.in_translation())
        .collect();
    // Plain keys first: in TOML, keys after a table header belong to that table.
    for f in fields.iter().filter(|f| !is_table(&f.ty)) {
        out.push('\n');
        // `regions` is required unless `regions_note` says the sources name no place: a new
        // fiche starts with it, like the required fields.
        let live = f.required || f.key == "regions";
        field(&mut out, f, fr, full && live, "", vocab);
    }
    for f in fields.iter().filter(|f| is_table(&f.ty)) {
        let (Ty::Table(sub) | Ty::TableList(sub)) = &f.ty else {
            continue;
        };
        let header = if matches!(f.ty, Ty::Table(_)) {
            format!("[{}]", f.key)
        } else {
            format!("[[{}]]", f.key)
        };
        let live = full && f.required;
        let _ = writeln!(out, "\n# {}", doc(f, fr));
        let _ = writeln!(out, "{}{header}", if live { "" } else { "# " });
        for s in sub.iter().filter(|s| full || s.in_translation()) {
            let prefix = if live { "" } else { "# " };
            field(&mut out, s, fr, live && s.required, prefix, vocab);
        }
    }
    out.push_str("+++\n\n");
    out
}

fn is_table(ty: &Ty) -> bool {
    matches!(ty, Ty::Table(_) | Ty::TableList(_))
}

fn doc(f: &Field, fr: bool) -> &'static str {
    if fr {
        f.doc_fr
    } else {
        f.doc_en
    }
}

/// One key: its meaning, its allowed values, then the key itself (commented out unless `live`).
fn field(out: &mut String, f: &Field, fr: bool, live: bool, prefix: &str, vocab: &Vocabularies) {
    let required = match (live, fr) {
        (true, true) => " (obligatoire)",
        (true, false) => " (required)",
        _ => "",
    };
    let _ = writeln!(out, "{prefix}# {}{required}", doc(f, fr));
    if let Some(ids) = allowed(&f.ty, vocab) {
        let label = if fr { "Valeurs" } else { "Values" };
        let _ = writeln!(out, "{prefix}# {label} : {}", wrap(&ids.join(", "), prefix));
    }
    let _ = writeln!(
        out,
        "{prefix}{}{} = {}",
        if live { "" } else { "# " },
        f.key,
        placeholder(&f.ty)
    );
}

fn wrap(list: &str, prefix: &str) -> String {
    let mut out = String::new();
    let mut width = 12;
    for (i, word) in list.split(' ').enumerate() {
        if i > 0 {
            if width + word.len() > 90 {
                let _ = write!(out, "\n{prefix}#   ");
                width = 4;
            } else {
                out.push(' ');
                width += 1;
            }
        }
        out.push_str(word);
        width += word.len();
    }
    out
}

/// The ids a field accepts, when they form a closed list.
fn allowed(ty: &Ty, vocab: &Vocabularies) -> Option<Vec<String>> {
    match ty {
        Ty::Vocab(kind) => Some(vocab_ids(vocab, *kind)),
        Ty::List(item) => allowed(item, vocab),
        Ty::OneOf(options) => Some(options.iter().map(|s| s.to_string()).collect()),
        _ => None,
    }
}

fn vocab_ids(vocab: &Vocabularies, kind: VocabKind) -> Vec<String> {
    vocab.get(kind).terms.iter().map(|t| t.id.clone()).collect()
}

/// What to write after `key = ` in the skeleton.
fn placeholder(ty: &Ty) -> &'static str {
    match ty {
        Ty::List(_) => "[]",
        Ty::Int(..) | Ty::Year => "2000",
        Ty::Num(..) => "0",
        Ty::Bool => "false",
        Ty::Url => "\"https://\"",
        Ty::Phone => "\"+223 \"",
        Ty::PerLang | Ty::Table(_) => "{ }",
        _ => "\"\"",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_all_files_or_none() {
        let tmp = tempfile::tempdir().expect("temp");
        let a = tmp.path().join("a.md");
        // The second file cannot be written (its folder does not exist): the first is removed.
        let err = write_new_files(vec![
            (a.clone(), "a".into()),
            (tmp.path().join("missing/b.md"), "b".into()),
        ]);
        assert!(matches!(err, Err(NewError::Io(..))));
        assert!(!a.exists(), "no file left behind");
        // An existing file is never overwritten, and what was written before it is removed.
        std::fs::write(tmp.path().join("c.md"), "mine").expect("write");
        let err = write_new_files(vec![
            (a.clone(), "a".into()),
            (tmp.path().join("c.md"), "c".into()),
        ]);
        assert!(matches!(err, Err(NewError::Exists(_))));
        assert!(!a.exists());
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("c.md")).expect("read"),
            "mine"
        );
        let ok = write_new_files(vec![(a.clone(), "a".into())]).expect("written");
        assert_eq!(ok, [a]);
    }
}
