//! The one text-folding rule of Sira, used by search (every index and query term) and by the
//! site (vocabulary matching, did-you-mean, slugs, sort keys):
//!
//! each character is lowercased (per character, as tantivy's `LowerCaser` does: no final-sigma
//! rule), then each letter or digit is replaced by its ASCII folding — tantivy's
//! `AsciiFoldingFilter` table (`é` → `e`, `œ` → `oe`, `ß` → `ss`, `ɛ` → `e`, `②` → `2`), itself
//! lowercased. The table is read from tantivy once per process, so the two cannot drift; the
//! browser's copy (`js/fold.js`) is generated from it and a test fails when it is stale.

use std::collections::HashMap;
use std::sync::OnceLock;

use tantivy::tokenizer::{AsciiFoldingFilter, RawTokenizer, TextAnalyzer, TokenStream};

/// The folding of every lowercase letter or digit that folding changes (none below U+0080).
fn table() -> &'static HashMap<char, Box<str>> {
    static TABLE: OnceLock<HashMap<char, Box<str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut folder = TextAnalyzer::builder(RawTokenizer::default())
            .filter(AsciiFoldingFilter)
            .build();
        let mut map = HashMap::new();
        let mut buf = String::new();
        for c in (0x80u32..=0xFFFF).filter_map(char::from_u32) {
            if !c.is_alphanumeric() || !c.to_lowercase().eq(std::iter::once(c)) {
                continue;
            }
            buf.clear();
            buf.push(c);
            let mut stream = folder.token_stream(&buf);
            if !stream.advance() {
                continue;
            }
            let folded: String = stream
                .token()
                .text
                .chars()
                .flat_map(char::to_lowercase)
                .collect();
            if folded != buf {
                map.insert(c, folded.into_boxed_str());
            }
        }
        map
    })
}

/// What folding turns a lowercase character into, when it changes it.
pub fn fold_char(c: char) -> Option<&'static str> {
    if c.is_ascii() {
        return None;
    }
    table().get(&c).map(|s| &**s)
}

/// Lowercases and folds `word` into `out` (cleared first): what analysis does to a token.
pub fn fold_word_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.chars().flat_map(char::to_lowercase) {
        match fold_char(c) {
            Some(f) => out.push_str(f),
            None => out.push(c),
        }
    }
}

/// [`fold_word_into`] into a new string.
pub fn fold_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_word_into(word, &mut out);
    out
}

/// The matching key of any text: lowercased and folded, every run of characters that are not
/// letters or digits (spaces, hyphens, underscores, apostrophes…) turned into one space, no
/// space at either end. `Crédit-Agricole_ ` → `credit agricole`, `Œuvre` → `oeuvre`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if !c.is_alphanumeric() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        match fold_char(c) {
            Some(f) => out.push_str(f),
            None => out.push(c),
        }
    }
    out
}

/// The browser's copy of the table (`js/fold.js`): a classic script defining
/// `siraFoldTable`, an object from each folded character to its folding, written as the
/// characters that share a folding (smaller than one entry per character).
pub fn fold_table_js() -> String {
    let mut groups: std::collections::BTreeMap<&str, Vec<char>> = Default::default();
    for (c, f) in table() {
        groups.entry(f).or_default().push(*c);
    }
    let mut body = String::new();
    for (f, mut chars) in groups {
        chars.sort_unstable();
        let from: String = chars.into_iter().collect();
        if !body.is_empty() {
            body.push(',');
        }
        let key = serde_json::Value::String(f.to_string()).to_string();
        let value = serde_json::Value::String(from).to_string();
        body.push_str(&format!("{key}:{}", ascii_json(&value)));
    }
    format!(
        "// Generated from search-index/src/text.rs (tantivy's AsciiFoldingFilter, lowercased) by\n\
         // `SIRA_BLESS=1 cargo test -p sira-search-index`. Do not edit: a test fails when it is stale.\n\
         var siraFoldTable = (function (groups) {{\n  var t = {{}};\n  for (var k in groups) for (var ch of groups[k]) t[ch] = k;\n  return t;\n}})({{{body}}});\n"
    )
}

/// JSON text with every non-ASCII character escaped (`\u00e9`), so the script's bytes do not
/// depend on how the page declares its encoding.
fn ascii_json(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_ligatures_and_separators() {
        assert_eq!(fold("Ségou"), "segou");
        assert_eq!(fold("  Crédit-Agricole_ "), "credit agricole");
        assert_eq!(fold("Dioïla"), "dioila");
        assert_eq!(fold("Œuvre cœur Straße"), "oeuvre coeur strasse");
        assert_eq!(fold("l’ANPE"), "l anpe");
        assert_eq!(fold_word("SÉGOU"), "segou");
        assert_eq!(fold_word("Ɛ"), "e");
    }

    #[test]
    fn the_table_is_tantivys_for_every_letter_and_digit() {
        let mut tantivy = TextAnalyzer::builder(RawTokenizer::default())
            .filter(tantivy::tokenizer::LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        let mut checked = 0;
        for c in (0x80u32..=0xFFFF).filter_map(char::from_u32) {
            if !c.is_alphanumeric() {
                continue;
            }
            let s = c.to_string();
            let mut stream = tantivy.token_stream(&s);
            assert!(stream.advance());
            let theirs: String = stream
                .token()
                .text
                .chars()
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(fold_word(&s), theirs, "U+{:04X}", c as u32);
            checked += 1;
        }
        assert!(checked > 40_000, "{checked}");
    }

    #[test]
    fn fold_js_is_current() {
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
