//! The tantivy index of one language: schema, indexing, and the lexicon and facet tables read
//! back from it (what both the command-line search and the static export use).

use std::collections::{BTreeMap, HashSet};

use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing,
    TextOptions,
};
use tantivy::{Index, IndexReader, Searcher, TantivyDocument};

use crate::analysis;
use crate::thesaurus::{Dictionary, Group};

/// The weighted text fields, in export order.
pub const FIELDS: [&str; 7] = [
    "name", "offers", "summary", "labels", "place", "body", "phone",
];

/// Field boosts: the name, acronym and phone numbers above what the organisation offers (offer
/// and programme names, the summary) and where it works, above the category labels it shares
/// with many others and the body. Powers of two, so that multiplying a score by them is exact in
/// `f32` (the browser repeats it exactly).
pub const BOOSTS: [f32; 7] = [4.0, 2.0, 2.0, 1.0, 2.0, 1.0, 4.0];

/// The field of the phrase pairs: two words that follow each other in a name, an offer or
/// programme name or the summary, as one term `"word word"`.
pub const PAIRS: &str = "pairs";

/// Boost of a phrase pair found in a fiche.
pub const PAIR_BOOST: f32 = 2.0;

/// The facet fields, in export order.
pub const FACETS: [&str; 5] = ["region", "sector", "kind", "returnees", "service"];

/// What a result shows besides its name and summary.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Card {
    /// Kind of organisation, in the language.
    pub kind: String,
    /// Where it works (short region labels), or that it works nationwide.
    pub place: String,
    /// Returnee eligibility (an id of the returnees facet).
    pub eligibility: String,
    /// A phone number to call, as a `tel:` address (`tel:+22363157238`), or empty.
    pub tel: String,
    /// The same number as people write it (`+223 63 15 72 38`).
    pub phone: String,
}

/// One fiche as search sees it, in one language.
#[derive(Clone, Debug, Default, PartialEq)]
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
    pub text: [String; 7],
    /// Short texts whose neighbouring words make the phrase pairs (one text per name, offer
    /// or programme name, and the summary).
    pub phrases: Vec<String>,
    /// Facet values (vocabulary ids) of each facet of [`FACETS`].
    pub facets: [Vec<String>; 5],
    /// What the result shows.
    pub card: Card,
}

/// The values of the facets, with their labels in the index's language.
#[derive(Clone, Debug, Default)]
pub struct FacetDefs {
    /// For each facet of [`FACETS`], its values in display order: (id, label).
    pub values: [Vec<(String, String)>; 5],
    /// For each facet, per value, the names a query may use for it (labels and short labels in
    /// every language, aliases).
    pub names: [Vec<Vec<String>>; 5],
    /// The region id meaning "the whole country".
    pub national: Option<String>,
}

/// Per-doc facet values as indexes into [`FacetDefs::values`].
pub type DocFacets = [Vec<u16>; 5];

/// A built index with what was read back from it.
pub struct LangIndex {
    /// Language code.
    pub lang: String,
    /// The documents, by ordinal: in name order (ties by URL), so that a lower ordinal is
    /// also the tie-break between equal scores.
    pub docs: Vec<SearchDoc>,
    /// Facet definitions.
    pub defs: FacetDefs,
    /// Synonyms and facet names.
    pub dictionary: Dictionary,
    pub(crate) reader: IndexReader,
    pub(crate) fields: [Field; 7],
    pub(crate) pairs: Field,
    pub(crate) facet_fields: [Field; 5],
    /// Per segment, each doc id's document ordinal (segments are fixed once built).
    pub(crate) ords: Vec<Vec<u32>>,
    /// Every indexed term → its document frequency in each field.
    pub lexicon: BTreeMap<String, [u32; 7]>,
    /// Every surface form (the folded word before stemming) → its term.
    pub surfaces: BTreeMap<String, String>,
    /// How many times each surface form was indexed.
    pub(crate) uses: analysis::SurfaceCounts,
    /// Each doc's facet values, read from the index's facet fields.
    pub doc_facets: Vec<DocFacets>,
    /// Total tokens per field of [`FIELDS`], then of the pairs field (for average lengths).
    pub total_tokens: [u64; 8],
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
    /// Indexes `docs` in language `lang`, with the thesaurus `groups` of that language.
    pub fn build(
        lang: &str,
        mut docs: Vec<SearchDoc>,
        defs: FacetDefs,
        groups: &[Group],
    ) -> Result<Self, IndexError> {
        docs.sort_by(|a, b| (&a.sort_key, &a.url).cmp(&(&b.sort_key, &b.url)));
        Self::build_ordered(lang, docs, defs, groups, true)
    }

    /// Like [`LangIndex::build`], for documents already in name order (ties by URL), taken
    /// one at a time: without `keep_texts`, each document's texts and facet values are
    /// dropped once indexed, so a large site's texts are never all in memory (they are only
    /// needed again to patch an export model; the facets are read back into `doc_facets`).
    pub fn build_ordered(
        lang: &str,
        docs: impl IntoIterator<Item = SearchDoc>,
        defs: FacetDefs,
        groups: &[Group],
        keep_texts: bool,
    ) -> Result<Self, IndexError> {
        let analyzer = analysis::analyzer_name(lang);
        let mut builder = Schema::builder();
        let text_options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&analyzer)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let fields = FIELDS.map(|f| builder.add_text_field(f, text_options.clone()));
        let pair_options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let pairs = builder.add_text_field(PAIRS, pair_options);
        let facet_fields = FACETS.map(|f| builder.add_facet_field(f, FacetOptions::default()));
        let ord_field = builder.add_u64_field("ord", NumericOptions::default().set_fast());
        let index = Index::create_in_ram(builder.build());
        let seen = analysis::Surfaces::default();
        index
            .tokenizers()
            .register(&analyzer, analysis::indexing_analyzer(lang, seen.clone()));
        let mut writer = index.writer_with_num_threads(1, 64 * 1024 * 1024)?;
        // Segments are merged when read back (`into_model`): merging them here too is waste.
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        let mut plain = analysis::cached_analyzer(lang);
        let mut kept = Vec::new();
        for (ord, mut d) in docs.into_iter().enumerate() {
            let mut doc = TantivyDocument::default();
            for (i, f) in fields.iter().enumerate() {
                doc.add_text(*f, &d.text[i]);
            }
            for pair in phrase_pairs(&mut plain, &d.phrases) {
                doc.add_text(pairs, &pair);
            }
            for (i, f) in facet_fields.iter().enumerate() {
                for v in &d.facets[i] {
                    doc.add_facet(*f, Facet::from_path([v.as_str()]));
                }
            }
            doc.add_u64(ord_field, ord as u64);
            writer.add_document(doc)?;
            if !keep_texts {
                d.text = Default::default();
                d.phrases = Vec::new();
                // Read back from the index into `doc_facets`.
                d.facets = Default::default();
            }
            kept.push(d);
        }
        let docs = kept;
        writer.commit()?;
        drop(writer);
        let reader = index.reader()?;
        let seen = std::mem::take(
            &mut *seen
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let surfaces = seen
            .keys()
            .map(|s| (s.clone(), analysis::stem(lang, s)))
            .collect();
        let dictionary = Dictionary::compile(lang, groups, &defs);
        let mut me = LangIndex {
            lang: lang.to_string(),
            doc_facets: vec![Default::default(); docs.len()],
            docs,
            defs,
            dictionary,
            reader,
            fields,
            pairs,
            facet_fields,
            ords: Vec::new(),
            lexicon: BTreeMap::new(),
            surfaces,
            uses: seen,
            total_tokens: [0; 8],
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
            self.total_tokens[FIELDS.len()] += seg.inverted_index(self.pairs)?.total_num_tokens();
            for (i, f) in self.fields.iter().enumerate() {
                let inv = seg.inverted_index(*f)?;
                self.total_tokens[i] += inv.total_num_tokens();
                let mut stream = inv.terms().stream()?;
                while stream.advance() {
                    let Ok(term) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    let entry = self.lexicon.entry(term.to_string()).or_insert([0; 7]);
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

    /// In how many documents `term` occurs, in any field, counting up to `limit`.
    pub fn doc_count(&self, term: &str, limit: usize) -> Result<usize, IndexError> {
        let Some(df) = self.lexicon.get(term) else {
            return Ok(0);
        };
        let searcher = self.searcher();
        let mut docs = HashSet::new();
        for (s, seg) in searcher.segment_readers().iter().enumerate() {
            for (i, f) in self.fields.iter().enumerate() {
                if df[i] == 0 {
                    continue;
                }
                let inv = seg.inverted_index(*f)?;
                let t = tantivy::Term::from_field_text(*f, term);
                if let Some(mut p) = inv.read_postings(&t, IndexRecordOption::Basic)? {
                    use tantivy::DocSet;
                    let mut doc = p.doc();
                    while doc != tantivy::TERMINATED {
                        docs.insert(self.ords[s][doc as usize]);
                        if docs.len() > limit {
                            return Ok(docs.len());
                        }
                        doc = p.advance();
                    }
                }
            }
        }
        Ok(docs.len())
    }

    /// The index of the national-coverage region value, if any.
    pub fn national_value(&self) -> Option<u16> {
        crate::model::national_value(&self.defs)
    }
}

/// The phrase pairs of a document's short texts: each two neighbouring terms (stopwords left
/// out), as `"term term"`.
pub fn phrase_pairs(
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    phrases: &[String],
) -> Vec<String> {
    use tantivy::tokenizer::TokenStream;
    let mut out = Vec::new();
    let mut terms = Vec::new();
    for p in phrases {
        terms.clear();
        let mut stream = analyzer.token_stream(p);
        while stream.advance() {
            terms.push(stream.token().text.clone());
        }
        for w in terms.windows(2) {
            if w[0] != w[1] {
                out.push(format!("{} {}", w[0], w[1]));
            }
        }
    }
    out
}
