//! Search for Sira: the tantivy schema and analysis, indexing, querying, the static export
//! and the browser search script.
//!
//! `sira build` turns each language's fiches into [`SearchDoc`]s, indexes them
//! ([`LangIndex::build`]) and writes the [`LangIndex::export`] next to the pages with
//! [`RUNTIME_JS`]; `sira search` runs [`LangIndex::search`] on the same index. `docs/search.md`
//! states the semantics both sides follow.

pub mod analysis;
pub mod export;
pub mod index;
pub mod query;
pub mod text;

pub use index::{FacetDefs, IndexError, LangIndex, SearchDoc, FACETS, FIELDS};
pub use query::{Hit, Mode, Query, Results};

/// The browser search script: analysis (folding table, stemmers), the query engine and the
/// search page's interface, as one classic script.
pub const RUNTIME_JS: &str = concat!(
    include_str!("../js/fold.js"),
    include_str!("../js/stem_fr.js"),
    include_str!("../js/stem_en.js"),
    include_str!("../js/engine.js"),
    include_str!("../js/ui.js"),
);
