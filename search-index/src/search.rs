//! Querying, part two: scoring each word and synonym with tantivy, then matching, relaxing,
//! filtering, ranking and counting. `docs/search.md` states these rules; `js/engine.js`
//! repeats them in the browser over the static export, summing and comparing in `f32` in the
//! same order.

use std::collections::{BTreeMap, HashMap};

use tantivy::collector::TopDocs;
use tantivy::query::{BoostQuery, DisjunctionMaxQuery, Query as TQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use crate::index::{IndexError, LangIndex, BOOSTS, FACETS, PAIR_BOOST};
use crate::query::{self, Candidate, Mode, Query, Span, Word, FEW, SYNONYM};
use crate::thesaurus::UNDERSTOOD;

/// One result.
#[derive(Clone, Debug)]
pub struct Hit {
    /// Document ordinal.
    pub ord: usize,
    /// Score: BM25 as tantivy computes it, field and match boosts, synonyms and phrase pairs.
    pub score: f32,
    /// With a region filter: whether the fiche is present in a selected region (else it is
    /// there through national coverage).
    pub local: bool,
    /// How many of the query's words it matches.
    pub matched: usize,
    /// Whether it is a partial match (added because too few fiches match every word).
    pub partial: bool,
}

/// A facet value the query named, offered as a filter.
#[derive(Clone, Debug, PartialEq)]
pub struct Understood {
    /// Facet (index in [`FACETS`]).
    pub facet: usize,
    /// Value (index in the facet's values).
    pub value: u16,
    /// The words that named it, as typed.
    pub words: String,
}

/// The answer to a [`Query`].
#[derive(Clone, Debug)]
pub struct Results {
    /// How words were matched.
    pub mode: Mode,
    /// Ranked hits.
    pub hits: Vec<Hit>,
    /// For each facet, (value index, count) of the values with a count, in vocabulary order.
    pub counts: [Vec<(u16, u32)>; 5],
    /// Words no fiche has, as typed (left out).
    pub ignored: Vec<String>,
    /// Stopwords, as typed (left out).
    pub stopwords: Vec<String>,
    /// How many words were searched for.
    pub words: usize,
    /// Facet values the words named that some result has.
    pub understood: Vec<Understood>,
    /// The index terms that stood for the words (for highlighting).
    pub terms: Vec<String>,
}

/// Quantised score used for ranking: ties (within 1e-4) are broken by name.
pub fn rank_score(score: f32) -> i64 {
    (f64::from(score) * 1e4).round() as i64
}

/// What matching found, before filters.
struct Found {
    mode: Mode,
    /// Words searched for.
    words: usize,
    /// (ordinal, score, words matched, understanding tier) of each matching document.
    matched: Vec<(usize, f32, usize, u32)>,
    stopwords: Vec<String>,
    ignored: Vec<String>,
    terms: Vec<String>,
}

/// A word with the terms that stand for it.
struct Unit<'a> {
    word: &'a Word,
    cands: Vec<Candidate>,
}

impl LangIndex {
    /// The candidates of a word (see [`query::expand`]).
    fn candidates(&self, w: &Word) -> Result<Vec<Candidate>, IndexError> {
        let exact = self.lexicon.contains_key(&w.term);
        let rare = !exact || self.doc_count(&w.term, 1)? <= 1;
        let first = w
            .surface
            .chars()
            .next()
            .map(String::from)
            .unwrap_or_default();
        let surfaces = self
            .surfaces
            .range(first.clone()..)
            .take_while(|(s, _)| !first.is_empty() && s.starts_with(first.as_str()))
            .map(|(s, t)| (s.as_str(), t.as_str()));
        Ok(query::expand(w, exact, rare, surfaces))
    }

    /// Per document, the best score of any (term, boost) in any field: tantivy's
    /// `DisjunctionMaxQuery` of boosted `TermQuery`s. 0 where nothing matches.
    fn dismax(&self, terms: &[(&str, f32)]) -> Result<Vec<f32>, IndexError> {
        let mut disjuncts: Vec<Box<dyn TQuery>> = Vec::new();
        for (term, boost) in terms {
            let df = self.lexicon.get(*term).copied().unwrap_or_default();
            for (i, field) in self.fields.iter().enumerate() {
                if df[i] == 0 {
                    continue;
                }
                let tq = TermQuery::new(
                    Term::from_field_text(*field, term),
                    IndexRecordOption::WithFreqs,
                );
                disjuncts.push(Box::new(BoostQuery::new(Box::new(tq), BOOSTS[i] * boost)));
            }
        }
        self.scores(DisjunctionMaxQuery::new(disjuncts))
    }

    /// Scores of a query by document ordinal (0 where it does not match).
    fn scores(&self, query: impl TQuery) -> Result<Vec<f32>, IndexError> {
        let mut out = vec![0f32; self.docs.len()];
        if self.docs.is_empty() {
            return Ok(out);
        }
        let searcher = self.searcher();
        let top = searcher.search(
            &query,
            &TopDocs::with_limit(self.docs.len()).order_by_score(),
        )?;
        for (score, addr) in top {
            out[self.ords[addr.segment_ord as usize][addr.doc_id as usize] as usize] = score;
        }
        Ok(out)
    }

    /// Whether document `ord` has one of `facets` (2), only national coverage where a region is
    /// named (1), or neither (0).
    fn facet_match(&self, ord: usize, facets: &[(u8, u16)], national: Option<u16>) -> u32 {
        let own = &self.doc_facets[ord];
        if facets.iter().any(|(f, v)| own[usize::from(*f)].contains(v)) {
            2
        } else if facets.iter().any(|(f, _)| *f == 0)
            && national.is_some_and(|n| own[0].contains(&n))
        {
            1
        } else {
            0
        }
    }

    /// Runs `q`.
    pub fn search(&self, q: &Query) -> Result<Results, IndexError> {
        let parsed = query::parse(&self.lang, &q.text);
        let national = self.national_value();
        let n = self.docs.len();
        let units: Vec<Unit> = parsed
            .words
            .iter()
            .map(|w| {
                Ok(Unit {
                    word: w,
                    cands: self.candidates(w)?,
                })
            })
            .collect::<Result<_, IndexError>>()?;
        let all_spans = query::spans(&self.lang, &parsed.words, &self.dictionary);
        // A span nothing can match (one unknown word) is left out and reported.
        let mut ignored = Vec::new();
        let spans: Vec<&Span> = all_spans
            .iter()
            .filter(|s| {
                let known = !s.alts.is_empty()
                    || !s.facets.is_empty()
                    || units[s.start..s.start + s.len]
                        .iter()
                        .any(|u| !u.cands.is_empty());
                if !known {
                    ignored.push(units[s.start].word.typed.clone());
                }
                known
            })
            .collect();
        let words: usize = spans.iter().map(|s| s.len).sum();
        let mut terms: Vec<String> = Vec::new();
        // Per unit, per document: the best score of its candidates.
        let mut unit_scores: Vec<Vec<f32>> = Vec::with_capacity(units.len());
        for u in &units {
            let t: Vec<(&str, f32)> = u.cands.iter().map(|c| (c.term.as_str(), c.boost)).collect();
            terms.extend(u.cands.iter().map(|c| c.term.clone()));
            unit_scores.push(if t.is_empty() {
                vec![0.0; n]
            } else {
                self.dismax(&t)?
            });
        }
        // Per phrase of the dictionary used: its score where all its terms occur.
        let mut term_cache: HashMap<String, Vec<f32>> = HashMap::new();
        let mut phrase_scores: BTreeMap<u32, Vec<f32>> = BTreeMap::new();
        for s in &spans {
            for a in &s.alts {
                if phrase_scores.contains_key(a) {
                    continue;
                }
                let phrase = &self.dictionary.phrases[*a as usize];
                // A one-word synonym is marked in the results; a phrase's words alone are not.
                if let [one] = phrase.as_slice() {
                    terms.push(one.clone());
                }
                for t in phrase {
                    if !term_cache.contains_key(t) {
                        let v = self.dismax(&[(t.as_str(), 1.0)])?;
                        term_cache.insert(t.clone(), v);
                    }
                }
                let per_term: Vec<&Vec<f32>> = phrase.iter().map(|t| &term_cache[t]).collect();
                let scores: Vec<f32> = (0..n)
                    .map(|d| {
                        let mut sum = 0f32;
                        for v in &per_term {
                            if v[d] == 0.0 {
                                return 0.0;
                            }
                            sum += v[d];
                        }
                        sum * SYNONYM
                    })
                    .collect();
                phrase_scores.insert(*a, scores);
            }
        }
        // Phrase pairs: each two neighbouring words (not phone numbers), as typed.
        let mut pair_scores = Vec::new();
        for w in parsed.words.windows(2) {
            if w[0].phone || w[1].phone || w[0].term == w[1].term {
                continue;
            }
            let t = Term::from_field_text(self.pairs, &format!("{} {}", w[0].term, w[1].term));
            let tq = TermQuery::new(t, IndexRecordOption::WithFreqs);
            pair_scores.push(self.scores(BoostQuery::new(Box::new(tq), PAIR_BOOST))?);
        }
        terms.sort();
        terms.dedup();

        let (mode, matched): (Mode, Vec<(usize, f32, usize, u32)>) = if parsed.words.is_empty() {
            let mode = if parsed.stopwords.is_empty() {
                Mode::Browse
            } else {
                Mode::None
            };
            let all = if mode == Mode::Browse {
                (0..n).map(|d| (d, 0.0, 0, 0)).collect()
            } else {
                Vec::new()
            };
            (mode, all)
        } else if words == 0 {
            (Mode::None, Vec::new())
        } else {
            let mut out = Vec::new();
            for d in 0..n {
                let mut m = 0usize;
                let mut tier = 0u32;
                let mut score = 0f32;
                for s in &spans {
                    let mut typed_count = 0;
                    let mut typed_score = 0f32;
                    for scores in &unit_scores[s.start..s.start + s.len] {
                        if scores[d] > 0.0 {
                            typed_count += 1;
                            typed_score += scores[d];
                        }
                    }
                    let syn = s
                        .alts
                        .iter()
                        .map(|a| phrase_scores[a][d])
                        .fold(0f32, f32::max);
                    let facet = if s.facets.is_empty() {
                        0
                    } else {
                        self.facet_match(d, &s.facets, national)
                    };
                    tier += facet;
                    if typed_count == s.len || syn > 0.0 || facet > 0 {
                        m += s.len;
                    } else {
                        m += typed_count;
                    }
                    score += typed_score.max(syn);
                }
                if m == 0 {
                    continue;
                }
                for p in &pair_scores {
                    score += p[d];
                }
                out.push((d, score, m, tier));
            }
            (Mode::All, out)
        };
        let found = Found {
            mode,
            words,
            matched,
            stopwords: parsed.stopwords,
            ignored,
            terms,
        };
        Ok(self.filter_rank_count(q, found, &spans, &parsed.words, &q.text))
    }

    /// How a query is read, for `sira analyze --query`: each word with the terms that stand
    /// for it, the stopwords left out, the synonyms and facet values each span names, and the
    /// phrase pairs looked for.
    pub fn explain(&self, text: &str) -> Result<String, IndexError> {
        use std::fmt::Write as _;
        let parsed = query::parse(&self.lang, text);
        let mut out = String::new();
        for w in &parsed.words {
            let cands = self.candidates(w)?;
            let what = if w.phone { "phone number" } else { "word" };
            let terms: Vec<String> = cands
                .iter()
                .map(|c| {
                    let how = if c.boost == query::EXACT {
                        "exact"
                    } else if c.boost == query::PREFIX {
                        "begins"
                    } else {
                        "typo"
                    };
                    format!("{} ({how})", c.term)
                })
                .collect();
            let found = if terms.is_empty() {
                "in no fiche".to_string()
            } else {
                terms.join(", ")
            };
            let _ = writeln!(out, "{what} {:?} → {found}", w.typed);
        }
        for s in &parsed.stopwords {
            let _ = writeln!(out, "stopword {s:?}: optional, left out");
        }
        for s in query::spans(&self.lang, &parsed.words, &self.dictionary) {
            if s.alts.is_empty() && s.facets.is_empty() {
                continue;
            }
            let from = parsed.words[s.start].at.start;
            let to = parsed.words[s.start + s.len - 1].at.end;
            let typed = text.get(from..to).unwrap_or_default();
            if !s.alts.is_empty() {
                let alts: Vec<String> = s
                    .alts
                    .iter()
                    .map(|a| self.dictionary.phrases[*a as usize].join(" "))
                    .collect();
                let _ = writeln!(out, "{typed:?} also finds: {}", alts.join(" | "));
            }
            for (f, v) in &s.facets {
                let (id, label) = &self.defs.values[usize::from(*f)][usize::from(*v)];
                let _ = writeln!(
                    out,
                    "{typed:?} names {} {id} ({label}): those fiches first, offered as a filter",
                    FACETS[usize::from(*f)]
                );
            }
        }
        for w in parsed.words.windows(2) {
            if !w[0].phone && !w[1].phone && w[0].term != w[1].term {
                let _ = writeln!(out, "phrase pair \"{} {}\": a bonus where a name, offer, programme or summary has them side by side", w[0].term, w[1].term);
            }
        }
        Ok(out)
    }

    /// Resolves filter ids to value indexes (unknown ids select nothing).
    fn selected(&self, q: &Query) -> [Vec<u16>; 5] {
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
        found: Found,
        spans: &[&Span],
        typed: &[Word],
        text: &str,
    ) -> Results {
        let Found {
            mode,
            words,
            matched,
            stopwords,
            ignored,
            terms,
        } = found;
        let sel = self.selected(q);
        let active: [bool; 5] = std::array::from_fn(|i| !q.filters[i].is_empty());
        let national = self.national_value();
        let passes = |ord: usize, f: usize| -> bool {
            if !active[f] {
                return true;
            }
            let vals = &self.doc_facets[ord][f];
            vals.iter().any(|v| sel[f].contains(v))
                || (f == 0 && national.is_some_and(|n| vals.contains(&n)))
        };
        let pass_all = |ord: usize| (0..FACETS.len()).all(|f| passes(ord, f));
        // Relaxing: with too few fiches matching every word (after the filters), fiches
        // matching at least half the words join them.
        let full = matched
            .iter()
            .filter(|(d, _, m, _)| *m == words && pass_all(*d))
            .count();
        let relax = mode == Mode::All && words >= 2 && full < FEW;
        let least = if relax { words.div_ceil(2) } else { words };
        let kept: Vec<&(usize, f32, usize, u32)> = matched
            .iter()
            .filter(|(_, _, m, _)| mode == Mode::Browse || *m >= least)
            .collect();
        let mode = if relax && kept.iter().any(|k| k.2 < words) {
            Mode::Relaxed
        } else {
            mode
        };
        let mut counts: [BTreeMap<u16, u32>; 5] = Default::default();
        let mut hits = Vec::new();
        let mut tiers = Vec::new();
        for &&(ord, score, m, tier) in &kept {
            let pass: [bool; 5] = std::array::from_fn(|f| passes(ord, f));
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
                hits.push(Hit {
                    ord,
                    score,
                    local,
                    matched: m,
                    partial: mode != Mode::Browse && m < words,
                });
                tiers.push((ord, tier));
            }
        }
        let tier_of: HashMap<usize, u32> = tiers.into_iter().collect();
        hits.sort_by(|a, b| {
            b.local
                .cmp(&a.local)
                .then(b.matched.cmp(&a.matched))
                .then(tier_of[&b.ord].cmp(&tier_of[&a.ord]))
                .then(rank_score(b.score).cmp(&rank_score(a.score)))
                .then(a.ord.cmp(&b.ord))
        });
        let mut understood = Vec::new();
        for s in spans {
            let from = typed[s.start].at.start;
            let to = typed[s.start + s.len - 1].at.end;
            let words_typed = text.get(from..to).unwrap_or_default().to_string();
            for &(f, v) in &s.facets {
                let (f, v) = (usize::from(f), v);
                if UNDERSTOOD[f]
                    && hits.iter().any(|h| self.doc_facets[h.ord][f].contains(&v))
                    && !understood
                        .iter()
                        .any(|u: &Understood| u.facet == f && u.value == v)
                {
                    understood.push(Understood {
                        facet: f,
                        value: v,
                        words: words_typed.clone(),
                    });
                }
            }
        }
        Results {
            mode,
            hits,
            counts: counts.map(|m| m.into_iter().collect()),
            ignored,
            stopwords,
            words,
            understood,
            terms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{FacetDefs, SearchDoc};
    use crate::thesaurus::Group;

    /// A document with text in the offers field (1: name, 4: place).
    fn doc(name: &str, offers: &str, regions: &[&str]) -> SearchDoc {
        let mut d = SearchDoc {
            name: name.into(),
            url: format!("{name}.html"),
            sort_key: name.into(),
            ..SearchDoc::default()
        };
        d.text[1] = offers.into();
        d.text[4] = regions.join(" ");
        d.phrases = vec![offers.into()];
        d.facets[0] = regions.iter().map(|r| r.to_lowercase()).collect();
        d
    }

    fn defs() -> FacetDefs {
        let mut d = FacetDefs::default();
        d.values[0] = vec![
            ("kayes".into(), "Kayes".into()),
            ("bamako".into(), "Bamako".into()),
            ("national".into(), "Nationwide".into()),
        ];
        d.names[0] = vec![vec!["Kayes".into()], vec!["Bamako".into()], vec![]];
        d.national = Some("national".into());
        d
    }

    fn index(docs: Vec<SearchDoc>, groups: &[Group]) -> LangIndex {
        LangIndex::build("fr", docs, defs(), groups).expect("index")
    }

    fn names(idx: &LangIndex, q: &str) -> (Mode, Vec<String>) {
        let res = idx
            .search(&Query {
                text: q.into(),
                ..Query::default()
            })
            .expect("search");
        let names = res
            .hits
            .iter()
            .map(|h| idx.docs[h.ord].name.clone())
            .collect();
        (res.mode, names)
    }

    #[test]
    fn synonyms_find_what_fiches_call_it_below_the_word_itself_and_one_way() {
        let groups = [Group {
            words: vec!["logement".into()],
            finds: vec!["hébergement".into()],
            ..Group::default()
        }];
        let idx = index(
            vec![
                doc("a", "hébergement d'urgence", &[]),
                doc("b", "logement social", &[]),
                doc("c", "formation", &[]),
            ],
            &groups,
        );
        assert_eq!(names(&idx, "logement ").1, ["b", "a"]);
        // One way: hébergement does not find logement.
        assert_eq!(names(&idx, "hébergement ").1, ["a"]);
    }

    #[test]
    fn stopwords_are_optional_and_never_match_alone() {
        let idx = index(
            vec![doc("a", "soudure", &[]), doc("b", "couture", &[])],
            &[],
        );
        let res = idx
            .search(&Query {
                text: "de la".into(),
                ..Query::default()
            })
            .expect("search");
        assert_eq!(res.mode, Mode::None);
        assert!(res.hits.is_empty());
        assert_eq!(res.stopwords, ["de", "la"]);
        assert_eq!(names(&idx, "de la soudure").1, names(&idx, "soudure").1);
    }

    #[test]
    fn with_few_full_matches_the_best_partial_ones_follow() {
        let idx = index(
            vec![
                doc("all", "pain lait miel", &[]),
                doc("two", "pain lait", &[]),
                doc("one", "miel", &[]),
            ],
            &[],
        );
        let res = idx
            .search(&Query {
                text: "pain lait miel ".into(),
                ..Query::default()
            })
            .expect("search");
        assert_eq!(res.mode, Mode::Relaxed);
        let got: Vec<(&str, usize, bool)> = res
            .hits
            .iter()
            .map(|h| (idx.docs[h.ord].name.as_str(), h.matched, h.partial))
            .collect();
        // Partial matches need half the words: "one" (1 of 3) is left out.
        assert_eq!(got, [("all", 3, false), ("two", 2, true)]);
    }

    #[test]
    fn typos_compare_typed_words_with_real_words_and_only_when_the_word_is_rare() {
        let idx = index(
            vec![
                doc("weld", "welding", &[]),
                doc("local", "local", &[]),
                doc("sale1", "sale", &[]),
                doc("sale2", "sale", &[]),
                doc("salle", "salle", &[]),
            ],
            &[],
        );
        assert_eq!(names(&idx, "weldng ").1, ["weld"]);
        // `location` and `local` stem close (locat, local) but are far apart as typed.
        assert_eq!(names(&idx, "location ").0, Mode::None);
        // `sale` is in two fiches: no typo expansion to `salle`.
        assert_eq!(names(&idx, "sale ").1, ["sale1", "sale2"]);
        // `salle` is in one fiche only: typos are tried, below the exact match.
        assert_eq!(names(&idx, "salle ").1, ["salle", "sale1", "sale2"]);
        // A misspelt beginning of a word being typed.
        assert_eq!(names(&idx, "weldn").1, ["weld"]);
    }

    #[test]
    fn a_word_finds_its_other_number_when_the_stemmer_parts_them() {
        // The French stemmer makes `emploi` emploi but `emplois` emplois.
        let idx = index(
            vec![
                doc("plural", "emplois verts", &[]),
                doc("other", "formation", &[]),
            ],
            &[],
        );
        assert_eq!(names(&idx, "emploi ").1, ["plural"]);
        assert_eq!(crate::query::other_number("emplois"), "emploi");
        assert_eq!(crate::query::other_number("credit"), "credits");
    }

    #[test]
    fn named_regions_rank_their_fiches_first_and_national_ones_next() {
        let mut national = doc("national", "credit", &["national"]);
        national.text[4] = "Nationwide".into();
        let idx = index(
            vec![
                doc("bamako", "credit Kayes", &["Bamako"]),
                doc("kayes", "credit", &["Kayes"]),
                national,
            ],
            &[],
        );
        let res = idx
            .search(&Query {
                text: "credit kayes ".into(),
                ..Query::default()
            })
            .expect("search");
        let got: Vec<&str> = res
            .hits
            .iter()
            .map(|h| idx.docs[h.ord].name.as_str())
            .collect();
        assert_eq!(got, ["kayes", "national", "bamako"]);
        assert_eq!(
            res.understood,
            [Understood {
                facet: 0,
                value: 0,
                words: "kayes".into()
            }]
        );
    }

    #[test]
    fn words_next_to_each_other_in_a_name_or_offer_rank_higher() {
        let mut apart = doc("apart", "formation", &[]);
        apart.text[0] = "soudure".into();
        apart.phrases = vec!["formation".into(), "soudure".into()];
        let mut together = doc("together", "formation", &[]);
        together.text[0] = "soudure".into();
        together.phrases = vec!["formation soudure".into()];
        let idx = index(vec![apart, together], &[]);
        assert_eq!(names(&idx, "formation soudure ").1, ["together", "apart"]);
    }

    #[test]
    fn phone_numbers_are_found_from_their_first_digits_and_negation_names_no_facet() {
        let mut d = doc("phone", "soudure", &[]);
        d.text[6] = "22363157238 63157238".into();
        let idx = index(vec![d, doc("other", "couture", &["Kayes"])], &[]);
        assert_eq!(names(&idx, "63 15 72").1, ["phone"]);
        assert_eq!(names(&idx, "+223 63 15 72 38 ").1, ["phone"]);
        let res = idx
            .search(&Query {
                text: "couture sans Kayes".into(),
                ..Query::default()
            })
            .expect("search");
        assert!(res.understood.is_empty());
    }
}
