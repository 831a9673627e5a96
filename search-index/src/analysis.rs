//! Text analysis: the one definition of how text becomes index terms.
//!
//! `SimpleTokenizer` (runs of alphanumeric characters) → drop tokens of 40 UTF-8 bytes or more
//! → lowercase and fold ([`crate::text`], the one folding rule) → Snowball stemmer of the
//! language (`rust-stemmers`). The browser (`analyze` in `js/engine.js`, with `js/fold.js` and
//! the stemmers in `js/snowball.js`) repeats these steps exactly; a browser test compares them
//! on every word of the content.

use tantivy::tokenizer::{
    RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

use crate::text;

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

/// A token filter that rewrites each token's text with `f(text, buffer)`.
#[derive(Clone, Copy)]
struct MapFilter(fn(&str, &mut String));

#[derive(Clone)]
struct MapTokenizer<T> {
    inner: T,
    f: fn(&str, &mut String),
}

struct MapStream<T> {
    tail: T,
    f: fn(&str, &mut String),
    buffer: String,
}

impl TokenFilter for MapFilter {
    type Tokenizer<T: Tokenizer> = MapTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> MapTokenizer<T> {
        MapTokenizer { inner, f: self.0 }
    }
}

impl<T: Tokenizer> Tokenizer for MapTokenizer<T> {
    type TokenStream<'a> = MapStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MapStream {
            tail: self.inner.token_stream(text),
            f: self.f,
            buffer: String::new(),
        }
    }
}

impl<T: TokenStream> TokenStream for MapStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        (self.f)(&token.text, &mut self.buffer);
        std::mem::swap(&mut token.text, &mut self.buffer);
        true
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

/// The analyzer of a language without its stemmer: the surface form of words as typed, for
/// typo tolerance and highlighting.
pub fn surface_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(MapFilter(text::fold_word_into))
        .build()
}

/// The analyzer of a language (no stemming for languages without a stemmer).
pub fn analyzer(lang: &str) -> TextAnalyzer {
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(MapFilter(text::fold_word_into));
    match stem_fn(lang) {
        Some(f) => base.filter(MapFilter(f)).build(),
        None => base.build(),
    }
}

/// The terms of `text` in language `lang`, in order.
pub fn analyze(lang: &str, text: &str) -> Vec<String> {
    let mut a = analyzer(lang);
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Like [`analyze`], with each term's byte range in `text` (for highlighting).
pub fn analyze_with_offsets(lang: &str, text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut a = analyzer(lang);
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((t.text.clone(), t.offset_from..t.offset_to));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_is_folded_then_stemmed() {
        assert_eq!(
            analyze("fr", "Crédit AGRICOLE, soudeurs à Ségou"),
            ["cred", "agricol", "soudeur", "a", "segou"]
        );
        assert_eq!(analyze("en", "Welders' training"), ["welder", "train"]);
    }

    #[test]
    fn long_tokens_are_dropped() {
        let long = "a".repeat(MAX_TOKEN_BYTES);
        assert_eq!(analyze("fr", &format!("ok {long} fin")), ["ok", "fin"]);
    }
}
