//! Querying, part one: how query text becomes words, spans and candidate index terms. Part two,
//! scoring and ranking, is in `search.rs`. `docs/search.md` states these rules; `js/engine.js`
//! repeats them in the browser, and the parity tests hold the two together.

use crate::thesaurus::Dictionary;
use crate::{analysis, stopwords};

/// At most this many index terms stand for one query word.
pub const MAX_EXPANSIONS: usize = 30;
/// Boost of a term equal to the query word.
pub const EXACT: f32 = 1.0;
/// Boost of a term the word being typed is the beginning of.
pub const PREFIX: f32 = 0.5;
/// Boost of a term within the typo distance of the query word.
pub const FUZZY: f32 = 0.25;
/// Boost of a synonym (a phrase of the thesaurus) found instead of the typed words.
pub const SYNONYM: f32 = 0.5;
/// With fewer results than this matching every word, partial matches are added.
pub const FEW: usize = 5;
/// Typed digits (in one run of digit groups) that make a phone number.
pub const PHONE_DIGITS: usize = 6;

/// A search: words and facet filters (vocabulary ids).
#[derive(Clone, Debug, Default)]
pub struct Query {
    /// The words as typed.
    pub text: String,
    /// Selected values per facet of [`crate::FACETS`] (OR within a facet, AND across facets).
    pub filters: [Vec<String>; 5],
}

/// How the words were matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// No words: every fiche, by name.
    Browse,
    /// Words, but none to search with (only stopwords or words no fiche has): nothing.
    None,
    /// Every result matches every word.
    All,
    /// Too few fiches matched every word: fiches matching at least half of them follow.
    Relaxed,
}

impl Mode {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Browse => "browse",
            Mode::None => "none",
            Mode::All => "all",
            Mode::Relaxed => "relaxed",
        }
    }
}

/// A query word.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    /// The word as typed (`Soudeurs`, `63 15 72 38`).
    pub typed: String,
    /// Folded (`soudeurs`), or the digits of a phone number.
    pub surface: String,
    /// The index term (`soudeur`), or the digits of a phone number.
    pub term: String,
    /// Whether words it begins count (the last word while it is typed; a phone number always).
    pub prefix: bool,
    /// Whether it is a phone number (digit groups run together).
    pub phone: bool,
    /// Where it is in the query text (bytes).
    pub at: std::ops::Range<usize>,
}

/// A query split into words.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// The words searched for, in order, each term once.
    pub words: Vec<Word>,
    /// The stopwords typed (as typed, each once): optional, left out.
    pub stopwords: Vec<String>,
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// What may separate the digit groups of a phone number.
fn is_phone_gap(s: &str) -> bool {
    s.chars()
        .all(|c| matches!(c, ' ' | '.' | '-' | '/' | '(' | ')' | '+' | '\u{a0}'))
}

/// Splits and analyses query text. The last word is a prefix when the text does not end with
/// a separator (the user is still typing it). Runs of digit groups separated only by spaces,
/// dots, hyphens, slashes, brackets or `+`, with at least [`PHONE_DIGITS`] digits in all, are
/// one phone number.
pub fn parse(lang: &str, text: &str) -> Parsed {
    let tokens = analysis::surface_tokens(text);
    let typing = text.chars().last().is_some_and(char::is_alphanumeric);
    let mut out = Parsed::default();
    let mut i = 0;
    while i < tokens.len() {
        let (surface, range) = &tokens[i];
        let last = i + 1 == tokens.len();
        if is_digits(surface) {
            let mut j = i + 1;
            let mut digits = surface.clone();
            while j < tokens.len()
                && is_digits(&tokens[j].0)
                && is_phone_gap(&text[tokens[j - 1].1.end..tokens[j].1.start])
            {
                digits.push_str(&tokens[j].0);
                j += 1;
            }
            if digits.len() >= PHONE_DIGITS {
                push(
                    &mut out.words,
                    Word {
                        typed: text[range.start..tokens[j - 1].1.end].to_string(),
                        surface: digits.clone(),
                        term: digits,
                        prefix: true,
                        phone: true,
                        at: range.start..tokens[j - 1].1.end,
                    },
                );
                i = j;
                continue;
            }
        }
        let typed = text[range.clone()].to_string();
        if stopwords::is_stopword(lang, surface) {
            if !out.stopwords.contains(&typed) {
                out.stopwords.push(typed);
            }
        } else {
            push(
                &mut out.words,
                Word {
                    typed,
                    surface: surface.clone(),
                    term: analysis::stem(lang, surface),
                    prefix: typing && last,
                    phone: false,
                    at: range.clone(),
                },
            );
        }
        i += 1;
    }
    out
}

fn push(words: &mut Vec<Word>, w: Word) {
    match words
        .iter_mut()
        .find(|x| x.term == w.term && x.phone == w.phone)
    {
        Some(x) => x.prefix |= w.prefix,
        None => words.push(w),
    }
}

/// Consecutive words that the dictionary knows as one key (`migrants de retour`, `Kayes`,
/// `boulot`), or one word it does not know.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Span {
    /// Index of its first word.
    pub start: usize,
    /// Number of words.
    pub len: usize,
    /// Synonyms: phrases of the dictionary that match in place of the typed words.
    pub alts: Vec<u32>,
    /// Facet values the words name: (facet, value).
    pub facets: Vec<(u8, u16)>,
}

/// Words that negate what follows (`prêt sans garantie`): the span after one names no facet.
pub fn negations(lang: &str) -> &'static [&'static str] {
    match lang {
        "fr" => &["aucun", "aucune", "hors", "non", "pas", "sans"],
        "en" => &["except", "no", "non", "not", "without"],
        _ => &[],
    }
}

/// Cuts the words into spans, longest dictionary keys first, left to right. Phone numbers are
/// spans of their own. A negation (see [`negations`]) and the span right after it name no
/// facet.
pub fn spans(lang: &str, words: &[Word], dict: &Dictionary) -> Vec<Span> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut span = Span {
            start: i,
            len: 1,
            ..Span::default()
        };
        if !words[i].phone {
            let run = words[i..].iter().take_while(|w| !w.phone).count();
            for len in (1..=run.min(dict.longest)).rev() {
                let key: Vec<&str> = words[i..i + len].iter().map(|w| w.term.as_str()).collect();
                if let Some(e) = dict.get(&key) {
                    span.len = len;
                    span.alts = e.alts.clone();
                    span.facets = e.facets.clone();
                    break;
                }
            }
        }
        // After a negation, and for the negation itself (`sans` is not the region San).
        let negated = |w: &Word| negations(lang).contains(&w.surface.as_str());
        if (i > 0 && negated(&words[i - 1])) || (span.len == 1 && negated(&words[i])) {
            span.facets.clear();
        }
        i += span.len;
        out.push(span);
    }
    out
}

/// The typo distance allowed for a word of `len` characters.
pub fn max_typos(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Optimal-string-alignment distance (a transposition counts as one edit), or `None` when it
/// exceeds `max`.
pub fn distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
    }
    let v = d[a.len() * w + b.len()];
    (v <= max).then_some(v)
}

/// The word in the other grammatical number, as far as a final `s` or `x` tells: `emploi` and
/// `emplois`, `crédit` and `crédits` do not always stem alike, and each stands for the other
/// as an exact match.
pub fn other_number(surface: &str) -> String {
    match surface.strip_suffix(['s', 'x']) {
        Some(one) if one.chars().count() >= 3 => one.to_string(),
        _ => format!("{surface}s"),
    }
}

/// A term standing for a query word.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The index term.
    pub term: String,
    /// [`EXACT`], [`PREFIX`] or [`FUZZY`].
    pub boost: f32,
    /// Edit distance between the typed word and the word found (0 for exact and prefix).
    pub distance: usize,
}

/// The index terms that stand for `word`, given whether its own term is indexed (`exact`),
/// whether that term is rare (in at most one fiche, or none: only then are typos tried) and
/// the indexed surface forms sharing its first character, each with its term:
/// - its own term, and the term of the word in the other number (`emplois` for `emploi`,
///   see [`other_number`]) ([`EXACT`]);
/// - while it is typed (two characters or more), the terms of the words it begins
///   ([`PREFIX`]); a phone number, the numbers it begins ([`EXACT`]);
/// - when rare, the terms of the words within the typo distance of the typed word
///   ([`FUZZY`]).
///
/// One candidate per term (the best), best first (boost, distance, shorter, alphabetical), at
/// most [`MAX_EXPANSIONS`].
pub fn expand<'a, I>(word: &Word, exact: bool, rare: bool, surfaces: I) -> Vec<Candidate>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let typed: Vec<char> = word.surface.chars().collect();
    let typos = if rare && !word.phone {
        max_typos(typed.len())
    } else {
        0
    };
    let plural = (!word.phone && typed.len() >= 3).then(|| other_number(&word.surface));
    let mut out: Vec<Candidate> = Vec::new();
    if exact {
        out.push(Candidate {
            term: word.term.clone(),
            boost: EXACT,
            distance: 0,
        });
    }
    for (surface, term) in surfaces {
        if surface.chars().next() != typed.first().copied() || surface == word.surface {
            continue;
        }
        let found = if word.phone {
            surface
                .starts_with(word.surface.as_str())
                .then_some((EXACT, 0))
        } else if Some(surface) == plural.as_deref() {
            Some((EXACT, 0))
        } else if word.prefix && typed.len() >= 2 && surface.starts_with(word.surface.as_str()) {
            Some((PREFIX, 0))
        } else if typos > 0 {
            let s: Vec<char> = surface.chars().collect();
            let whole = distance(&typed, &s, typos);
            // While typed, the word may also be a misspelt beginning (`jokolab`).
            let begins = if word.prefix && s.len() > typed.len() {
                (typed.len().saturating_sub(1).max(1)..=typed.len() + 1)
                    .filter(|k| *k < s.len())
                    .filter_map(|k| distance(&typed, &s[..k], typos))
                    .min()
            } else {
                None
            };
            match (whole, begins) {
                (Some(a), Some(b)) => Some((FUZZY, a.min(b))),
                (a, b) => a.or(b).map(|d| (FUZZY, d)),
            }
        } else {
            None
        };
        let Some((boost, distance)) = found else {
            continue;
        };
        match out.iter_mut().find(|c| c.term == term) {
            Some(c) => {
                if boost > c.boost || (boost == c.boost && distance < c.distance) {
                    c.boost = boost;
                    c.distance = distance;
                }
            }
            None => out.push(Candidate {
                term: term.to_string(),
                boost,
                distance,
            }),
        }
    }
    out.sort_by(|a, b| {
        b.boost
            .total_cmp(&a.boost)
            .then(a.distance.cmp(&b.distance))
            .then(a.term.len().cmp(&b.term.len()))
            .then(a.term.cmp(&b.term))
    });
    out.truncate(MAX_EXPANSIONS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn distance_counts_transpositions_once() {
        assert_eq!(
            distance(&chars("missabugu"), &chars("missabougou"), 2),
            Some(2)
        );
        assert_eq!(distance(&chars("soduure"), &chars("soudure"), 1), Some(1));
        assert_eq!(distance(&chars("kayes"), &chars("segou"), 2), None);
    }

    #[test]
    fn words_stopwords_prefixes_and_phone_numbers() {
        let p = parse("fr", "Soudeurs à Kay");
        let terms: Vec<&str> = p.words.iter().map(|w| w.term.as_str()).collect();
        assert_eq!(terms, ["soudeur", "kay"]);
        assert_eq!(p.words[0].typed, "Soudeurs");
        assert!(!p.words[0].prefix && p.words[1].prefix);
        assert_eq!(p.stopwords, ["à"]);
        assert!(!parse("fr", "soudure kay ").words[1].prefix);
        let phone = parse("fr", "appeler le +223 63 15-72 38");
        assert_eq!(phone.words.len(), 2);
        assert!(phone.words[1].phone && phone.words[1].prefix);
        assert_eq!(phone.words[1].term, "22363157238");
        assert_eq!(phone.words[1].typed, "223 63 15-72 38");
        // A few digits are words, not a number.
        let short = parse("fr", "15 35 ans");
        assert_eq!(short.words.len(), 3);
        assert!(short.words.iter().all(|w| !w.phone));
    }

    #[test]
    fn expansion_prefers_exact_then_prefix_and_types_only_rare_words() {
        let surfaces = [
            ("soudure", "soudur"),
            ("soudures", "soudur"),
            ("soudeur", "soudeur"),
            ("sous", "sous"),
        ];
        let typing = Word {
            typed: "soud".into(),
            surface: "soud".into(),
            term: "soud".into(),
            prefix: true,
            phone: false,
            at: 0..4,
        };
        let got = expand(&typing, false, true, surfaces);
        let terms: Vec<&str> = got.iter().map(|c| c.term.as_str()).collect();
        assert_eq!(terms, ["soudur", "soudeur", "sous"]);
        assert_eq!(got[2].boost, FUZZY);
        let typo = Word {
            typed: "soudrue".into(),
            surface: "soudrue".into(),
            term: "soudru".into(),
            prefix: false,
            phone: false,
            at: 0..7,
        };
        assert_eq!(expand(&typo, false, true, surfaces)[0].term, "soudur");
        // A common exact word gets no typo expansion.
        assert!(expand(&typo, true, false, surfaces).len() == 1);
    }
}
