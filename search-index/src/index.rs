//! The tantivy index of one language: schema, indexing, and the lexicon and facet tables read
//! back from it (what both the command-line search and the static export use).

use std::collections::BTreeMap;

use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing,
    TextOptions,
};
use tantivy::{Index, IndexReader, Searcher, TantivyDocument};

use crate::analysis;

/// The weighted text fields, in export order.
pub const FIELDS: [&str; 4] = ["name", "services", "place", "body"];

/// Field boosts: name and acronym above services and places above the body. Powers of two,
/// so that multiplying a score by them is exact in `f32` (the browser repeats it exactly).
pub const BOOSTS: [f32; 4] = [4.0, 2.0, 2.0, 1.0];

/// The facet fields, in export order.
pub const FACETS: [&str; 4] = ["region", "sector", "kind", "returnees"];

/// One fiche as search sees it, in one language.
#[derive(Clone, Debug, Default)]
pub struct SearchDoc {
    /// Display name.
    pub name: String,
    /// Acronym, if any.
    pub acronym: Option<String>,
    /// URL relative to the language's root (`formation/cfp-missabougou.html`).
    pub url: String,
    /// Plain-text summary, shown as the result snippet.
    pub summary: String,
    /// Key ordering equal scores by name (the site's own name order: case and accents
    /// ignored).
    pub sort_key: String,
    /// Text of each field of [`FIELDS`].
    pub text: [String; 4],
    /// Facet values (vocabulary ids) of each facet of [`FACETS`].
    pub facets: [Vec<String>; 4],
}

/// The values of the facets, with their labels in the index's language.
#[derive(Clone, Debug, Default)]
pub struct FacetDefs {
    /// For each facet of [`FACETS`], its values in display order: (id, label).
    pub values: [Vec<(String, String)>; 4],
    /// The region id meaning "the whole country".
    pub national: Option<String>,
}

/// Per-doc facet values as indexes into [`FacetDefs::values`].
pub type DocFacets = [Vec<u16>; 4];

/// A built index with what was read back from it.
pub struct LangIndex {
    /// Language code.
    pub lang: String,
    /// The documents, by ordinal: in name order (ties by URL), so that a lower ordinal is
    /// also the tie-break between equal scores.
    pub docs: Vec<SearchDoc>,
    /// Facet definitions.
    pub defs: FacetDefs,
    pub(crate) reader: IndexReader,
    pub(crate) fields: [Field; 4],
    pub(crate) facet_fields: [Field; 4],
    /// Per segment, each doc id's document ordinal (segments are fixed once built).
    pub(crate) ords: Vec<Vec<u32>>,
    /// Every indexed term → its document frequency in each field.
    pub lexicon: BTreeMap<String, [u32; 4]>,
    /// Each doc's facet values, read from the index's facet fields.
    pub doc_facets: Vec<DocFacets>,
    /// Total tokens per field (for the average field length).
    pub total_tokens: [u64; 4],
}

/// Errors from tantivy (never caused by content: a bug or an I/O failure).
#[derive(Debug)]
pub struct IndexError(pub String);

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "search index: {}", self.0)
    }
}

impl std::error::Error for IndexError {}

impl From<tantivy::TantivyError> for IndexError {
    fn from(e: tantivy::TantivyError) -> Self {
        IndexError(e.to_string())
    }
}

impl From<std::io::Error> for IndexError {
    fn from(e: std::io::Error) -> Self {
        IndexError(e.to_string())
    }
}

impl LangIndex {
    /// Indexes `docs` in language `lang`.
    pub fn build(
        lang: &str,
        mut docs: Vec<SearchDoc>,
        defs: FacetDefs,
    ) -> Result<Self, IndexError> {
        docs.sort_by(|a, b| (&a.sort_key, &a.url).cmp(&(&b.sort_key, &b.url)));
        let analyzer = analysis::analyzer_name(lang);
        let mut builder = Schema::builder();
        let text_options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&analyzer)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let fields = FIELDS.map(|f| builder.add_text_field(f, text_options.clone()));
        let facet_fields = FACETS.map(|f| builder.add_facet_field(f, FacetOptions::default()));
        let ord_field = builder.add_u64_field("ord", NumericOptions::default().set_fast());
        let index = Index::create_in_ram(builder.build());
        index
            .tokenizers()
            .register(&analyzer, analysis::analyzer(lang));
        let mut writer = index.writer_with_num_threads(1, 64 * 1024 * 1024)?;
        for (ord, d) in docs.iter().enumerate() {
            let mut doc = TantivyDocument::default();
            for (i, f) in fields.iter().enumerate() {
                doc.add_text(*f, &d.text[i]);
            }
            for (i, f) in facet_fields.iter().enumerate() {
                for v in &d.facets[i] {
                    doc.add_facet(*f, Facet::from_path([v.as_str()]));
                }
            }
            doc.add_u64(ord_field, ord as u64);
            writer.add_document(doc)?;
        }
        writer.commit()?;
        drop(writer);
        let reader = index.reader()?;
        let mut me = LangIndex {
            lang: lang.to_string(),
            doc_facets: vec![Default::default(); docs.len()],
            docs,
            defs,
            reader,
            fields,
            facet_fields,
            ords: Vec::new(),
            lexicon: BTreeMap::new(),
            total_tokens: [0; 4],
        };
        me.read_back()?;
        Ok(me)
    }

    /// The searcher over the committed index.
    pub(crate) fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Reads the lexicon, token totals and facets back from the index.
    fn read_back(&mut self) -> Result<(), IndexError> {
        let searcher = self.searcher();
        for seg in searcher.segment_readers() {
            let col = seg.fast_fields().u64("ord")?;
            self.ords.push(
                (0..seg.max_doc())
                    .map(|d| col.first(d).unwrap_or(0) as u32)
                    .collect(),
            );
        }
        for (s, seg) in searcher.segment_readers().iter().enumerate() {
            for (i, f) in self.fields.iter().enumerate() {
                let inv = seg.inverted_index(*f)?;
                self.total_tokens[i] += inv.total_num_tokens();
                let mut stream = inv.terms().stream()?;
                while stream.advance() {
                    let Ok(term) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    let entry = self.lexicon.entry(term.to_string()).or_insert([0; 4]);
                    entry[i] += stream.value().doc_freq;
                }
            }
            for (i, f) in self.facet_fields.iter().enumerate() {
                let inv = seg.inverted_index(*f)?;
                let mut stream = inv.terms().stream()?;
                while stream.advance() {
                    let facet = Facet::from_encoded(stream.key().to_vec())
                        .map_err(|e| IndexError(e.to_string()))?;
                    let id = facet.to_path().first().map(|s| s.to_string());
                    let Some(v) = id
                        .and_then(|id| self.defs.values[i].iter().position(|(vid, _)| *vid == id))
                    else {
                        continue;
                    };
                    let mut postings =
                        inv.read_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)?;
                    use tantivy::DocSet;
                    let mut doc = postings.doc();
                    while doc != tantivy::TERMINATED {
                        let ord = self.ords[s][doc as usize] as usize;
                        self.doc_facets[ord][i].push(v as u16);
                        doc = postings.advance();
                    }
                }
            }
        }
        for f in &mut self.doc_facets {
            for v in f.iter_mut() {
                v.sort_unstable();
                v.dedup();
            }
        }
        Ok(())
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when the index holds no document.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The index of the national-coverage region value, if any.
    pub fn national_value(&self) -> Option<u16> {
        let n = self.defs.national.as_ref()?;
        self.defs.values[0]
            .iter()
            .position(|(id, _)| id == n)
            .map(|p| p as u16)
    }
}
