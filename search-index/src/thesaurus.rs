//! The dictionary of one language that turns typed words into more: synonyms (the site's
//! thesaurus, `content/_vocab/synonyms.toml`) and the names of facet values (labels and
//! aliases of regions, sectors, services and eligibility in every language), which a query
//! "understands" (docs/search.md, "Synonyms" and "Query understanding").
//!
//! Keys and phrases are analysed like the index (folded, stopwords left out, stemmed), so
//! `Refoulés`, `refoulé` and `refoules` are one key, and `migrants de retour` is the key
//! `migr retour`.

use std::collections::BTreeMap;

use crate::analysis;
use crate::index::{FacetDefs, FACETS};

/// Facets whose values a query can name (region, sector, returnee eligibility, service); kinds
/// of organisation are left out: their names (`entreprise`, `association`, `fonds`) are too
/// common in what people type to mean a kind.
pub const UNDERSTOOD: [bool; 5] = [true, true, false, true, true];

/// One group of the thesaurus, as written by editors.
#[derive(Clone, Debug, Default)]
pub struct Group {
    /// Words and expressions people type.
    pub words: Vec<String>,
    /// What they find besides themselves. Empty: each of `words` finds the others.
    pub finds: Vec<String>,
    /// Facet values the words name: (index in [`FACETS`], value id).
    pub terms: Vec<(usize, String)>,
}

/// What a key stands for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    /// Alternatives (indexes into [`Dictionary::phrases`]), in order.
    pub alts: Vec<u32>,
    /// Facet values named: (facet, value index in [`FacetDefs::values`]), sorted.
    pub facets: Vec<(u8, u16)>,
}

/// The compiled dictionary of one language.
#[derive(Clone, Debug, Default)]
pub struct Dictionary {
    /// Every alternative, as its terms.
    pub phrases: Vec<Vec<String>>,
    /// Key (terms joined by a space) → entry.
    pub keys: BTreeMap<String, Entry>,
    /// The most terms in a key.
    pub longest: usize,
}

/// The terms of a name or expression, as the index has them.
pub fn terms_of(lang: &str, text: &str) -> Vec<String> {
    analysis::analyze(lang, text)
}

impl Dictionary {
    /// Compiles the thesaurus groups and the facet names of `defs` for language `lang`.
    pub fn compile(lang: &str, groups: &[Group], defs: &FacetDefs) -> Dictionary {
        let mut d = Dictionary::default();
        let mut phrase_ids: BTreeMap<Vec<String>, u32> = BTreeMap::new();
        let mut phrase = |d: &mut Dictionary, terms: Vec<String>| -> u32 {
            *phrase_ids.entry(terms.clone()).or_insert_with(|| {
                d.phrases.push(terms);
                (d.phrases.len() - 1) as u32
            })
        };
        for (f, values) in defs.names.iter().enumerate() {
            if !UNDERSTOOD[f] {
                continue;
            }
            for (v, names) in values.iter().enumerate() {
                for name in names {
                    let key = terms_of(lang, name);
                    if !key.is_empty() {
                        d.entry(&key).facets.push((f as u8, v as u16));
                    }
                }
            }
        }
        for g in groups {
            let words: Vec<Vec<String>> = g
                .words
                .iter()
                .map(|w| terms_of(lang, w))
                .filter(|t| !t.is_empty())
                .collect();
            let finds: Vec<Vec<String>> = g
                .finds
                .iter()
                .map(|w| terms_of(lang, w))
                .filter(|t| !t.is_empty())
                .collect();
            let facets: Vec<(u8, u16)> = g
                .terms
                .iter()
                .filter_map(|(f, id)| {
                    let v = defs.values.get(*f)?.iter().position(|(vid, _)| vid == id)?;
                    Some((*f as u8, v as u16))
                })
                .collect();
            for key in &words {
                let targets: Vec<&Vec<String>> = if finds.is_empty() {
                    words.iter().filter(|w| *w != key).collect()
                } else {
                    finds.iter().filter(|w| *w != key).collect()
                };
                let ids: Vec<u32> = targets
                    .into_iter()
                    .map(|t| phrase(&mut d, t.clone()))
                    .collect();
                let entry = d.entry(key);
                entry.alts.extend(ids);
                entry.facets.extend(facets.iter().copied());
            }
        }
        for e in d.keys.values_mut() {
            let mut seen = std::collections::HashSet::new();
            e.alts.retain(|a| seen.insert(*a));
            e.facets.sort_unstable();
            e.facets.dedup();
        }
        d.longest = d
            .keys
            .keys()
            .map(|k| k.split(' ').count())
            .max()
            .unwrap_or(0);
        d
    }

    fn entry(&mut self, key: &[String]) -> &mut Entry {
        self.keys.entry(key.join(" ")).or_default()
    }

    /// The entry of the terms `key`, if any.
    pub fn get(&self, key: &[&str]) -> Option<&Entry> {
        self.keys.get(&key.join(" "))
    }
}

/// The facet names in messages.
pub fn facet_name(f: usize) -> &'static str {
    FACETS[f]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs() -> FacetDefs {
        let mut d = FacetDefs::default();
        d.values[0] = vec![("kayes".into(), "Kayes".into())];
        d.names[0] = vec![vec!["Kayes".into()]];
        d.values[4] = vec![("job-placement".into(), "Placement".into())];
        d.names[4] = vec![vec!["Placement et emploi".into()]];
        d
    }

    #[test]
    fn groups_and_names_compile_to_analysed_keys() {
        let groups = [
            Group {
                words: vec!["boulot".into(), "travail".into(), "emploi".into()],
                terms: vec![(4, "job-placement".into())],
                ..Group::default()
            },
            Group {
                words: vec!["papiers".into()],
                finds: vec!["aide juridique".into(), "documents d'identité".into()],
                ..Group::default()
            },
        ];
        let d = Dictionary::compile("fr", &groups, &defs());
        let boulot = d.get(&["boulot"]).expect("boulot");
        let alts: Vec<String> = boulot
            .alts
            .iter()
            .map(|a| d.phrases[*a as usize].join(" "))
            .collect();
        assert_eq!(alts, ["travail", "emploi"]);
        assert_eq!(boulot.facets, [(4, 0)]);
        let papier = d.get(&["papi"]).expect("papiers, stemmed");
        let alts: Vec<String> = papier
            .alts
            .iter()
            .map(|a| d.phrases[*a as usize].join(" "))
            .collect();
        assert_eq!(alts, ["aid jurid", "docu identit"]);
        // One-way: what papiers finds does not find papiers.
        assert!(d.get(&["aid", "juridiqu"]).is_none());
        assert_eq!(
            d.get(&["kay"]).map(|e| e.facets.clone()),
            Some(vec![(0, 0)])
        );
        assert_eq!(d.longest, 2);
    }
}
