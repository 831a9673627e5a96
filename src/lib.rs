//! Sira turns a folder of fiches into the public, multilingual, offline-searchable directory of
//! the organisations that help returning migrants in Mali.
//!
//! The pipeline, one module per stage:
//! 1. [`load`] — find and read content files, split front matter from body;
//! 2. [`validate`] — check them against the schema and [`vocab`]ularies, across files, into a
//!    [`model::Site`];
//! 3. render, index, export and publish arrive with the later stages.
//!
//! Every problem is a [`diagnostics::Diagnostic`]; [`check`] drives a validation run for the CLI.

pub mod build;
pub mod check;
pub mod config;
pub mod corpus;
pub mod diagnostics;
pub mod index;
pub mod linkcheck;
pub mod load;
pub mod model;
pub mod offline;
pub mod opendata;
pub mod par;
pub mod publish;
pub mod render;
pub mod scaffold;
pub mod schema_json;
pub mod search;
pub mod serve;
pub mod validate;
pub mod vocab;
