//! Sira turns a folder of fiches into the public, multilingual, offline-searchable directory of
//! the organisations that help returning migrants in Mali.
//!
//! The pipeline, one module per stage:
//! 1. [`load`] — find and read content files, split front matter from body;
//! 2. [`validate`] — check them against the schema and [`vocab`]ularies, across files, into a
//!    [`model::Site`];
//! 3. [`index`] — one tantivy index per language (crate `sira-search-index`), exported as the
//!    static search files;
//! 4. [`render`] — pages per language with the tera theme; [`offline`] — service worker and
//!    manifests; [`opendata`] — HSDS, HXL CSV and per-fiche JSON;
//! 5. [`publish`] — the staged output swapped into place atomically.
//!
//! [`build`] runs them in order, each timed; [`check`] drives a validation run for the CLI;
//! [`serve`] serves the output on localhost and, through `rebuild`, renders again only what an
//! edit changes; [`scaffold`] and
//! [`schema_json`] derive the `sira new` skeleton and the JSON Schema from the front-matter
//! declaration. Every problem is a [`diagnostics::Diagnostic`].

pub mod build;
pub mod check;
pub mod config;
pub mod corpus;
pub mod diagnostics;
pub mod i18n;
pub mod index;
pub mod licence;
pub mod linkcheck;
pub mod load;
pub mod markdown;
pub mod model;
pub mod names;
pub mod offline;
pub mod opendata;
pub mod par;
pub mod publish;
pub(crate) mod rebuild;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod schema_json;
pub mod search;
pub mod serve;
pub mod site_fs;
pub mod trace;
pub mod validate;
pub mod values;
pub mod vocab;
