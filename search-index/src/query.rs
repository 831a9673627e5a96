//! Querying: how a query string and filters become a tantivy query, and how results are
//! filtered, ranked and counted. `docs/search.md` states these rules; `js/engine.js` repeats
//! them in the browser, and the parity tests hold the two together.

use std::collections::BTreeMap;

use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, Query as TQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use crate::analysis;
use crate::index::{IndexError, LangIndex, BOOSTS, FACETS};

/// At most this many index terms stand for one query word.
pub const MAX_EXPANSIONS: usize = 30;
/// Boost of a term equal to the query word.
pub const EXACT: f32 = 1.0;
/// Boost of a term the last query word is a prefix of.
pub const PREFIX: f32 = 0.5;
/// Boost of a term within the typo distance of the query word.
pub const FUZZY: f32 = 0.25;

/// A search: words and facet filters (vocabulary ids).
#[derive(Clone, Debug, Default)]
pub struct Query {
    /// The words as typed.
    pub text: String,
    /// Selected values per facet of [`FACETS`] (OR within a facet, AND across facets).
    pub filters: [Vec<String>; 4],
}

/// How the words were combined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// No words: every fiche, by name.
    Browse,
    /// Every word matched.
    All,
    /// No fiche had every word; fiches with any word.
    Any,
}

impl Mode {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Browse => "browse",
            Mode::All => "all",
            Mode::Any => "any",
        }
    }
}

/// One result.
#[derive(Clone, Debug)]
pub struct Hit {
    /// Document ordinal.
    pub ord: usize,
    /// tantivy's BM25 score.
    pub score: f32,
    /// With a region filter: whether the fiche is present in a selected region (else it is
    /// there through national coverage).
    pub local: bool,
}

/// The answer to a [`Query`].
#[derive(Clone, Debug)]
pub struct Results {
    /// How words were combined.
    pub mode: Mode,
    /// Ranked hits.
    pub hits: Vec<Hit>,
    /// For each facet, (value index, count) of the values with a count, in vocabulary order.
    pub counts: [Vec<(u16, u32)>; 4],
    /// Query words that match no term of the index (left out).
    pub ignored: Vec<String>,
    /// The index terms that stood for the words (for highlighting).
    pub terms: Vec<String>,
}

/// A query word after analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    /// The analysed token.
    pub token: String,
    /// Whether prefixes count (the last word, while it is being typed).
    pub prefix: bool,
}

/// Splits and analyses query text. The last word is a prefix when the text does not end
/// with a separator (the user is still typing it).
pub fn words(lang: &str, text: &str) -> Vec<Word> {
    let tokens = analysis::analyze(lang, text);
    let typing = text.chars().last().is_some_and(char::is_alphanumeric);
    let n = tokens.len();
    let mut out: Vec<Word> = Vec::new();
    for (i, t) in tokens.into_iter().enumerate() {
        let prefix = typing && i + 1 == n;
        if let Some(w) = out.iter_mut().find(|w| w.token == t) {
            w.prefix |= prefix;
        } else {
            out.push(Word { token: t, prefix });
        }
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

/// A term standing for a query word.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The index term.
    pub term: String,
    /// [`EXACT`], [`PREFIX`] or [`FUZZY`].
    pub boost: f32,
    /// Edit distance (0 for exact and prefix matches).
    pub distance: usize,
}

/// The index terms that stand for `word`: the same term, terms it is a prefix of (last word
/// only, two characters or more) and terms within the typo distance; all share the word's
/// first character. Best first, at most [`MAX_EXPANSIONS`].
pub fn expand<'a, I>(word: &Word, terms: I) -> Vec<Candidate>
where
    I: IntoIterator<Item = &'a str>,
{
    let w: Vec<char> = word.token.chars().collect();
    let typos = max_typos(w.len());
    let mut out = Vec::new();
    for term in terms {
        if term.chars().next() != w.first().copied() {
            continue;
        }
        if term == word.token {
            out.push(Candidate {
                term: term.to_string(),
                boost: EXACT,
                distance: 0,
            });
            continue;
        }
        if word.prefix && w.len() >= 2 && term.starts_with(word.token.as_str()) {
            out.push(Candidate {
                term: term.to_string(),
                boost: PREFIX,
                distance: 0,
            });
            continue;
        }
        if typos > 0 {
            let t: Vec<char> = term.chars().collect();
            if let Some(d) = distance(&w, &t, typos) {
                out.push(Candidate {
                    term: term.to_string(),
                    boost: FUZZY,
                    distance: d,
                });
            }
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

/// The range of lexicon keys sharing `token`'s first character.
pub fn first_char_range<'a>(
    lexicon: &'a BTreeMap<String, [u32; 4]>,
    token: &str,
) -> impl Iterator<Item = (&'a String, &'a [u32; 4])> + 'a {
    let first = token.chars().next().map(String::from).unwrap_or_default();
    let lo = first.clone();
    lexicon
        .range(lo..)
        .take_while(move |(k, _)| !first.is_empty() && k.starts_with(first.as_str()))
}

/// Quantised score used for ranking: ties (within 1e-4) are broken by name.
pub fn rank_score(score: f32) -> i64 {
    (f64::from(score) * 1e4).round() as i64
}

impl LangIndex {
    /// Runs `q`.
    pub fn search(&self, q: &Query) -> Result<Results, IndexError> {
        let words = words(&self.lang, &q.text);
        let mut ignored = Vec::new();
        let mut all_terms: Vec<String> = Vec::new();
        let mut word_queries: Vec<Box<dyn TQuery>> = Vec::new();
        for w in &words {
            let keys = first_char_range(&self.lexicon, &w.token);
            let cands = expand(w, keys.map(|(k, _)| k.as_str()));
            if cands.is_empty() {
                ignored.push(w.token.clone());
                continue;
            }
            let mut disjuncts: Vec<Box<dyn TQuery>> = Vec::new();
            for c in &cands {
                all_terms.push(c.term.clone());
                let df = self.lexicon.get(&c.term).copied().unwrap_or_default();
                for (i, field) in self.fields.iter().enumerate() {
                    if df[i] == 0 {
                        continue;
                    }
                    let tq = TermQuery::new(
                        Term::from_field_text(*field, &c.term),
                        IndexRecordOption::WithFreqs,
                    );
                    disjuncts.push(Box::new(BoostQuery::new(Box::new(tq), BOOSTS[i] * c.boost)));
                }
            }
            word_queries.push(Box::new(DisjunctionMaxQuery::new(disjuncts)));
        }
        all_terms.sort();
        all_terms.dedup();
        // Matching documents with their scores.
        let (mode, matched): (Mode, Vec<(usize, f32)>) = if words.is_empty() {
            (
                Mode::Browse,
                (0..self.docs.len()).map(|d| (d, 0.0)).collect(),
            )
        } else if word_queries.is_empty() {
            (Mode::All, Vec::new())
        } else {
            let n = word_queries.len();
            let all = self.run(BooleanQuery::new(
                word_queries
                    .iter()
                    .map(|q| (Occur::Must, q.box_clone()))
                    .collect(),
            ))?;
            if all.is_empty() && n > 1 {
                let any = self.run(BooleanQuery::new(
                    word_queries
                        .into_iter()
                        .map(|q| (Occur::Should, q))
                        .collect(),
                ))?;
                (Mode::Any, any)
            } else {
                (Mode::All, all)
            }
        };
        Ok(self.filter_rank_count(q, mode, matched, ignored, all_terms))
    }

    fn run(&self, query: BooleanQuery) -> Result<Vec<(usize, f32)>, IndexError> {
        if self.docs.is_empty() {
            return Ok(Vec::new());
        }
        let searcher = self.searcher();
        let top = searcher.search(
            &query,
            &TopDocs::with_limit(self.docs.len()).order_by_score(),
        )?;
        Ok(top
            .into_iter()
            .map(|(score, addr)| {
                (
                    self.ords[addr.segment_ord as usize][addr.doc_id as usize] as usize,
                    score,
                )
            })
            .collect())
    }

    /// Resolves filter ids to value indexes (unknown ids select nothing).
    fn selected(&self, q: &Query) -> [Vec<u16>; 4] {
        std::array::from_fn(|i| {
            q.filters[i]
                .iter()
                .filter_map(|id| {
                    self.defs.values[i]
                        .iter()
                        .position(|(v, _)| v == id)
                        .map(|p| p as u16)
                })
                .collect()
        })
    }

    fn filter_rank_count(
        &self,
        q: &Query,
        mode: Mode,
        matched: Vec<(usize, f32)>,
        ignored: Vec<String>,
        terms: Vec<String>,
    ) -> Results {
        let sel = self.selected(q);
        let active: [bool; 4] = std::array::from_fn(|i| !q.filters[i].is_empty());
        let national = self.national_value();
        // passes[f]: does the doc pass facet f's filter?
        let passes = |ord: usize, f: usize| -> bool {
            if !active[f] {
                return true;
            }
            let vals = &self.doc_facets[ord][f];
            vals.iter().any(|v| sel[f].contains(v))
                || (f == 0 && national.is_some_and(|n| vals.contains(&n)))
        };
        let mut counts: [BTreeMap<u16, u32>; 4] = Default::default();
        let mut hits = Vec::new();
        for &(ord, score) in &matched {
            let pass: [bool; 4] = std::array::from_fn(|f| passes(ord, f));
            for (f, count) in counts.iter_mut().enumerate() {
                if (0..FACETS.len()).all(|g| g == f || pass[g]) {
                    for v in &self.doc_facets[ord][f] {
                        *count.entry(*v).or_default() += 1;
                    }
                }
            }
            if pass.iter().all(|p| *p) {
                let local =
                    !active[0] || self.doc_facets[ord][0].iter().any(|v| sel[0].contains(v));
                hits.push(Hit { ord, score, local });
            }
        }
        hits.sort_by(|a, b| {
            b.local
                .cmp(&a.local)
                .then(rank_score(b.score).cmp(&rank_score(a.score)))
                .then(a.ord.cmp(&b.ord))
        });
        Results {
            mode,
            hits,
            counts: counts.map(|m| m.into_iter().collect()),
            ignored,
            terms,
        }
    }
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
    fn last_word_is_a_prefix_only_while_typed() {
        let w = words("fr", "soudure kay");
        assert!(!w[0].prefix && w[1].prefix);
        assert!(!words("fr", "soudure kay ")[1].prefix);
    }

    #[test]
    fn expansion_prefers_exact_then_prefix_then_close() {
        let w = Word {
            token: "soud".into(),
            prefix: true,
        };
        let got = expand(&w, ["soud", "soudur", "sous", "boud"]);
        let terms: Vec<&str> = got.iter().map(|c| c.term.as_str()).collect();
        assert_eq!(terms, ["soud", "soudur", "sous"]);
        assert_eq!(got[2].boost, FUZZY);
    }
}
