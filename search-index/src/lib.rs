//! Search for Sira: the tantivy schema and analysis, indexing, querying, the static export
//! and the browser search script.
//!
//! `sira build` turns each language's fiches into [`SearchDoc`]s, indexes them
//! ([`LangIndex::build`]), reads the [`Model`] back and writes its [`Model::export`] next to the pages with
//! [`runtime_js`]; `sira search` runs [`LangIndex::search`] on the same index. `docs/search.md`
//! states the semantics both sides follow.

pub mod analysis;
pub mod export;
pub mod index;
pub mod model;
pub mod query;
pub mod search;
pub mod stopwords;
pub mod text;
pub mod thesaurus;

pub use index::{Card, FacetDefs, IndexError, LangIndex, SearchDoc, FACETS, FIELDS};
pub use model::Model;
pub use query::{Mode, Query};
pub use search::{Hit, Results, Understood};
pub use thesaurus::Group;

/// The browser search script of the search page in `lang`, as one classic script: the
/// folding table, the Snowball runtime and that language's stemmer (none for a language
/// without one), the query engine and the page's interface.
pub fn runtime_js(lang: &str) -> String {
    let stemmer = match lang {
        "fr" => include_str!("../js/stem_fr.js"),
        "en" => include_str!("../js/stem_en.js"),
        _ => "",
    };
    let snowball = if stemmer.is_empty() {
        ""
    } else {
        include_str!("../js/snowball.js")
    };
    let parts = [
        include_str!("../js/fold.js"),
        snowball,
        stemmer,
        include_str!("../js/engine.js"),
        include_str!("../js/ui.js"),
    ];
    parts.iter().map(|p| compact(p)).collect()
}

/// The script without what only its readers need: lines that are comments (`//…`, or a
/// `/* … */` block starting a line), indentation and blank lines. Sira's scripts keep no string
/// or regular expression across lines, so this changes no code.
pub fn compact(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut in_block = false;
    for line in js.lines() {
        let t = line.trim();
        if in_block {
            in_block = !t.ends_with("*/");
            continue;
        }
        if t.starts_with("/*") {
            in_block = !t.ends_with("*/");
            continue;
        }
        if t.is_empty() || t.starts_with("//") {
            continue;
        }
        out.push_str(t);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn compact_drops_comments_indentation_and_blank_lines_only() {
        let js = "/* A\n * block. */\nvar a = 1; // kept\n\n  // gone\n  if (a) {\n    f('//x', /*y*/ 2);\n  }\n";
        assert_eq!(
            super::compact(js),
            "var a = 1; // kept\nif (a) {\nf('//x', /*y*/ 2);\n}\n"
        );
    }
}
