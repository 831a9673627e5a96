//! Text analysis: the one definition of how text becomes index terms.
//!
//! `SimpleTokenizer` (runs of alphanumeric characters) → drop tokens of 40 UTF-8 bytes or more
//! → lowercase → ASCII folding → Snowball stemmer of the language. The browser script
//! (`js/analysis.js`) repeats these steps exactly; a test compares them word by word.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer, TokenStream,
};

/// Tokens of this many UTF-8 bytes or more are dropped.
pub const MAX_TOKEN_BYTES: usize = 40;

/// The name under which a language's analyzer is registered in the index.
pub fn analyzer_name(lang: &str) -> String {
    format!("sira_{lang}")
}

/// The Snowball stemmer for a language code, if Sira knows one.
pub fn stemmer_language(lang: &str) -> Option<Language> {
    match lang {
        "fr" => Some(Language::French),
        "en" => Some(Language::English),
        _ => None,
    }
}

/// The analyzer of a language (no stemming for languages without a stemmer).
pub fn analyzer(lang: &str) -> TextAnalyzer {
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    match stemmer_language(lang) {
        Some(l) => base.filter(Stemmer::new(l)).build(),
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

fn folder() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(AsciiFoldingFilter)
        .build()
}

fn fold_with(a: &mut TextAnalyzer, c: char) -> Option<String> {
    let s = c.to_string();
    let mut stream = a.token_stream(&s);
    if stream.advance() && stream.token().text != s {
        Some(stream.token().text.clone())
    } else {
        None
    }
}

/// What tantivy's ASCII folding does to one character, when it changes it.
pub fn fold_char(c: char) -> Option<String> {
    fold_with(&mut folder(), c)
}

/// The folding table of the browser script, generated from tantivy's filter: a JS object
/// literal mapping each changed character (after lowercasing) to its folded text.
pub fn fold_table_js() -> String {
    let mut out = String::from(
        "// Generated from tantivy's AsciiFoldingFilter by `SIRA_BLESS=1 cargo test -p sira-search-index`.\n// Do not edit: a test fails when it differs from tantivy.\nvar siraFoldTable = {",
    );
    let mut first = true;
    let mut a = folder();
    for cp in 0x80u32..=0xFFFF {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        if let Some(f) = fold_with(&mut a, c) {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&format!("\"\\u{cp:04x}\":{}", serde_json::Value::String(f)));
        }
    }
    out.push_str("};\n");
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

    #[test]
    fn fold_table_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/js/fold.js");
        let table = fold_table_js();
        if std::env::var_os("SIRA_BLESS").is_some() {
            std::fs::write(path, &table).expect("write fold.js");
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == table,
            "search-index/js/fold.js is stale: run `SIRA_BLESS=1 cargo test -p sira-search-index`"
        );
    }
}
