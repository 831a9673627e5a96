//! Text analysis: the one definition of how text becomes index terms.
//!
//! `SimpleTokenizer` (runs of alphanumeric characters) → drop tokens of 40 UTF-8 bytes or more
//! → lowercase and fold ([`crate::text`], the one folding rule) → drop the language's
//! [stopwords](crate::stopwords) → Snowball stemmer of the language (`rust-stemmers`). The browser (`analyze` in `js/engine.js`, with `js/fold.js` and
//! the stemmers in `js/snowball.js`) repeats these steps exactly; a browser test compares them
//! on every word of the content.

use tantivy::tokenizer::{
    RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

use crate::{stopwords, text};

/// Tokens of this many UTF-8 bytes or more are dropped.
pub const MAX_TOKEN_BYTES: usize = 40;

/// The name under which a language's analyzer is registered in the index.
pub fn analyzer_name(lang: &str) -> String {
    format!("sira_{lang}")
}

/// The Snowball stemmer for a language code, if Sira knows one. Sira pins its stemmers (the
/// `rust-stemmers` crate, which the browser's ports match) instead of taking tantivy's, so a
/// tantivy upgrade cannot change the index terms under the browser's feet.
pub fn stemmer_algorithm(lang: &str) -> Option<rust_stemmers::Algorithm> {
    match lang {
        "fr" => Some(rust_stemmers::Algorithm::French),
        "en" => Some(rust_stemmers::Algorithm::English),
        _ => None,
    }
}

/// One step of the analysis on a token's text: rewrite it (into `buffer`, then swapped in) or
/// drop the token (`false`).
trait Step: Clone + Send + Sync + 'static {
    fn apply(&self, text: &mut String, buffer: &mut String) -> bool;
}

/// Rewrites the text with a function (folding, stemming).
#[derive(Clone, Copy)]
struct Map(fn(&str, &mut String));

impl Step for Map {
    fn apply(&self, text: &mut String, buffer: &mut String) -> bool {
        (self.0)(text, buffer);
        std::mem::swap(text, buffer);
        true
    }
}

/// Drops the stopwords of a language (sorted), the longest of which has `longest` bytes: most
/// words are longer, and need no search.
#[derive(Clone, Copy)]
struct Stop {
    words: &'static [&'static str],
    longest: usize,
}

impl Stop {
    fn new(words: &'static [&'static str]) -> Stop {
        let longest = words.iter().map(|w| w.len()).max().unwrap_or(0);
        Stop { words, longest }
    }
}

impl Step for Stop {
    fn apply(&self, text: &mut String, _: &mut String) -> bool {
        text.len() > self.longest || self.words.binary_search(&text.as_str()).is_err()
    }
}

/// The surface forms (folded words, before stemming) seen while indexing, with how many times
/// each was indexed (so that removing a document's uses tells whether a form is still used).
pub type Surfaces = std::sync::Arc<std::sync::Mutex<SurfaceCounts>>;

/// Words with counts and a fast hash: recording runs once per indexed token, and the words are
/// the site's own (no untrusted input can flood it with collisions that matter).
pub type SurfaceCounts =
    std::collections::HashMap<String, u32, std::hash::BuildHasherDefault<WordHasher>>;

/// FxHash's multiply-rotate over eight bytes at a time.
#[derive(Default)]
pub struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Counts each token's text in a shared map (when there is one).
#[derive(Clone)]
struct Record(Option<Surfaces>);

impl Step for Record {
    fn apply(&self, text: &mut String, _: &mut String) -> bool {
        let Some(seen) = &self.0 else {
            return true;
        };
        // A poisoned lock only means another indexing thread panicked; the set is still sound.
        let mut seen = seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match seen.get_mut(text.as_str()) {
            Some(n) => *n += 1,
            None => {
                seen.insert(text.clone(), 1);
            }
        }
        true
    }
}

/// Stems, with a cache shared by the analyzer's clones when there is one: a site uses a few
/// thousand words millions of times, and a lookup costs far less than the Snowball steps.
#[derive(Clone)]
struct Stem {
    stem: fn(&str, &mut String),
    cache: Option<std::sync::Arc<std::sync::Mutex<StemCache>>>,
}

type StemCache =
    std::collections::HashMap<String, String, std::hash::BuildHasherDefault<WordHasher>>;

impl Step for Stem {
    fn apply(&self, text: &mut String, buffer: &mut String) -> bool {
        let Some(cache) = &self.cache else {
            (self.stem)(text, buffer);
            std::mem::swap(text, buffer);
            return true;
        };
        let mut cache = cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(stem) = cache.get(text.as_str()) {
            text.clear();
            text.push_str(stem);
        } else {
            (self.stem)(text, buffer);
            cache.insert(std::mem::take(text), buffer.clone());
            std::mem::swap(text, buffer);
        }
        true
    }
}

/// A [`Step`] as a tantivy token filter.
#[derive(Clone)]
struct Filter<S>(S);

#[derive(Clone)]
struct Filtered<T, S> {
    inner: T,
    step: S,
}

struct FilteredStream<T, S> {
    tail: T,
    step: S,
    buffer: String,
}

impl<S: Step> TokenFilter for Filter<S> {
    type Tokenizer<T: Tokenizer> = Filtered<T, S>;

    fn transform<T: Tokenizer>(self, inner: T) -> Filtered<T, S> {
        Filtered {
            inner,
            step: self.0,
        }
    }
}

impl<T: Tokenizer, S: Step> Tokenizer for Filtered<T, S> {
    type TokenStream<'a> = FilteredStream<T::TokenStream<'a>, S>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FilteredStream {
            tail: self.inner.token_stream(text),
            step: self.step.clone(),
            buffer: String::new(),
        }
    }
}

impl<T: TokenStream, S: Step> TokenStream for FilteredStream<T, S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            if self
                .step
                .apply(&mut self.tail.token_mut().text, &mut self.buffer)
            {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

fn stem_with(algorithm: rust_stemmers::Algorithm, word: &str, out: &mut String) {
    // `Stemmer::create` only copies a few table pointers.
    out.clear();
    out.push_str(&rust_stemmers::Stemmer::create(algorithm).stem(word));
}

fn stem_fr(word: &str, out: &mut String) {
    stem_with(rust_stemmers::Algorithm::French, word, out);
}

fn stem_en(word: &str, out: &mut String) {
    stem_with(rust_stemmers::Algorithm::English, word, out);
}

/// The stemming function of a language, if it has one.
fn stem_fn(lang: &str) -> Option<fn(&str, &mut String)> {
    match stemmer_algorithm(lang)? {
        rust_stemmers::Algorithm::French => Some(stem_fr),
        rust_stemmers::Algorithm::English => Some(stem_en),
        _ => None,
    }
}

/// Stems one already folded word (the word itself for languages without a stemmer).
pub fn stem(lang: &str, word: &str) -> String {
    let mut out = String::new();
    match stem_fn(lang) {
        Some(f) => f(word, &mut out),
        None => out.push_str(word),
    }
    out
}

/// The analyzer of a language (no stemming for languages without a stemmer).
pub fn analyzer(lang: &str) -> TextAnalyzer {
    pipeline(lang, None, false)
}

/// [`analyzer`] with a stem cache, for analysing many texts (indexing).
pub fn cached_analyzer(lang: &str) -> TextAnalyzer {
    pipeline(lang, None, true)
}

/// [`cached_analyzer`], recording into `seen` every surface form (the folded word before
/// stemming): what indexing uses, so that typo tolerance can compare typed words with real
/// words.
pub fn indexing_analyzer(lang: &str, seen: Surfaces) -> TextAnalyzer {
    pipeline(lang, Some(seen), true)
}

/// The one analysis pipeline: tokenize, drop long tokens, fold, drop stopwords, record surface
/// forms (into `seen`, if any), stem (with a cache when `cached`).
fn pipeline(lang: &str, seen: Option<Surfaces>, cached: bool) -> TextAnalyzer {
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(Filter(Map(text::fold_word_into)))
        .filter(Filter(Stop::new(stopwords::of(lang))))
        .filter(Filter(Record(seen)));
    match stem_fn(lang) {
        Some(stem) => base
            .filter(Filter(Stem {
                stem,
                cache: cached.then(Default::default),
            }))
            .build(),
        None => base.build(),
    }
}

/// The folded words of `text` with their byte ranges, stopwords included and nothing stemmed:
/// how a query is first split.
pub fn surface_tokens(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut a = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(Filter(Map(text::fold_word_into)))
        .build();
    tokens_with_offsets(&mut a, text)
}

/// The terms of `text` in language `lang`, in order.
pub fn analyze(lang: &str, text: &str) -> Vec<String> {
    tokens_with_offsets(&mut analyzer(lang), text)
        .into_iter()
        .map(|(t, _)| t)
        .collect()
}

/// The tokens `a` makes of `text`, with their byte ranges.
fn tokens_with_offsets(a: &mut TextAnalyzer, text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((t.text.clone(), t.offset_from..t.offset_to));
    }
    out
}

/// Like [`analyze`], with each term's byte range in `text` (for highlighting).
pub fn analyze_with_offsets(lang: &str, text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut a = analyzer(lang);
    tokens_with_offsets(&mut a, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_is_folded_then_stemmed() {
        assert_eq!(
            analyze("fr", "Crédit AGRICOLE, soudeurs à Ségou"),
            ["cred", "agricol", "soudeur", "segou"]
        );
        assert_eq!(analyze("en", "Welders' training"), ["welder", "train"]);
    }

    #[test]
    fn every_stopword_is_dropped() {
        for lang in ["fr", "en"] {
            for w in stopwords::of(lang) {
                assert!(analyze(lang, w).is_empty(), "{lang} {w}");
                assert!(!analyze(lang, &format!("{w}zz")).is_empty(), "{lang} {w}zz");
            }
        }
    }

    #[test]
    fn long_tokens_are_dropped() {
        let long = "a".repeat(MAX_TOKEN_BYTES);
        assert_eq!(analyze("fr", &format!("ok {long} fin")), ["ok", "fin"]);
    }
}
