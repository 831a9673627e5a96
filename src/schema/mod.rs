//! The front-matter schema as data, and the walker that checks a parsed TOML tree against it,
//! collecting every problem with its exact span.
//!
//! - [`fields`]: the declarations editors change — for every key of a fiche or page, its type,
//!   whether it is required, whether it is translatable, and what it means;
//! - [`walker`]: the tree walker that uses them to report unknown keys (with did-you-mean),
//!   wrong types, bad values and translations that redefine language-neutral facts.

pub mod fields;
pub mod walker;

pub use fields::{ELIGIBILITY, FICHE, PAGE, PARTY_REF, PUBLIC, STATUS};
pub use walker::{date_of, describe, int_of, num_of, quote_list, Walker};

use crate::vocab::VocabKind;

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
#[allow(missing_docs)] // fields whose names say it all (see docs/fiche-format.md)
pub struct Field {
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

/// Is this table or table-list field allowed in a translation because it holds translatable keys?
fn holds_translatable(ty: &Ty) -> bool {
    match ty {
        Ty::Table(fields) | Ty::TableList(fields) => fields.iter().any(|f| f.translatable),
        _ => false,
    }
}
