//! Stopwords: the words of a language that say nothing about what a fiche offers (articles,
//! prepositions, pronouns, auxiliaries). They are left out of the index and of queries: a
//! query word that is a stopword is optional — it never makes a result on its own and adds
//! nothing to a score — and a query made only of stopwords and unknown words finds nothing
//! (docs/search.md, "Stopwords").
//!
//! Written in folded form (lowercase, no accents), as the analysis compares them after folding
//! and before stemming. Deliberately short: a word that can carry meaning in this directory
//! is kept even when it is common (`or`, gold, is kept in French; `it`, `us`, `who`, `un` are
//! kept in English, where they are also acronyms).

/// French stopwords (folded).
pub const FR: &[&str] = &[
    "a", "afin", "ai", "au", "aux", "avec", "c", "ce", "ces", "cet", "cette", "d", "dans", "de",
    "des", "du", "elle", "elles", "en", "est", "et", "etre", "eu", "il", "ils", "j", "je", "l",
    "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais", "me", "mes", "moi", "mon", "n",
    "ne", "nos", "notre", "nous", "on", "ont", "ou", "par", "pas", "pour", "qu", "que", "qui", "s",
    "sa", "se", "ses", "son", "sont", "sur", "t", "ta", "te", "tes", "toi", "ton", "tu", "un",
    "une", "vos", "votre", "vous", "y",
];

/// English stopwords (folded).
pub const EN: &[&str] = &[
    "a", "about", "am", "an", "and", "are", "as", "at", "be", "been", "being", "but", "by", "can",
    "could", "d", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "him",
    "his", "i", "if", "in", "into", "is", "its", "ll", "m", "me", "my", "of", "on", "or", "our",
    "re", "s", "she", "should", "so", "t", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "to", "ve", "was", "we", "were", "what", "when", "where",
    "which", "will", "with", "would", "you", "your",
];

/// The stopwords of a language (none for a language Sira has no list for).
pub fn of(lang: &str) -> &'static [&'static str] {
    match lang {
        "fr" => FR,
        "en" => EN,
        _ => &[],
    }
}

/// Whether the folded word `w` is a stopword of `lang`.
pub fn is_stopword(lang: &str, w: &str) -> bool {
    of(lang).binary_search(&w).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_folded_and_unique() {
        for list in [FR, EN] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
            for w in list {
                assert_eq!(crate::text::fold_word(w), *w);
            }
        }
        assert!(is_stopword("fr", "de") && !is_stopword("fr", "or"));
        assert!(is_stopword("en", "the") && !is_stopword("en", "who"));
    }
}
