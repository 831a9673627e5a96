//! What the static export is made of, read back from a tantivy index: per term its postings in
//! each field, the phrase pairs, the surface forms, each document's facets and the token
//! totals. A full build reads it from the index of the whole site; `sira serve` keeps it and,
//! after an edit, patches in what the edited fiche contributes — read from an index of that one
//! fiche, so analysis, term frequencies and field lengths stay tantivy's — instead of indexing
//! the site again. Every contribution is per document (a posting's frequency and field length,
//! a surface's uses, a field's tokens), so the patched model equals the model of a fresh index
//! of the same documents, and so does its export (`tests/incremental.rs` checks it).

use std::collections::BTreeMap;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, TERMINATED};

use crate::index::{DocFacets, FacetDefs, IndexError, LangIndex, SearchDoc, FIELDS};
use crate::thesaurus::Dictionary;

/// Postings of one term in one field: (ordinal, term frequency, field length), by ordinal.
pub(crate) type Postings3 = Vec<(u32, u32, u32)>;

/// Postings of one term, per field in field order: (field, postings).
pub(crate) type TermPostings = Vec<(usize, Postings3)>;

/// The export's input for one language (see the module documentation).
pub struct Model {
    /// Language code.
    pub lang: String,
    /// The documents, by ordinal (name order, ties by URL).
    pub docs: Vec<SearchDoc>,
    /// Facet definitions.
    pub defs: FacetDefs,
    /// Synonyms and facet names.
    pub dictionary: Dictionary,
    /// Every term of the weighted fields → its postings (fields numbered as [`FIELDS`]).
    pub(crate) terms: BTreeMap<String, TermPostings>,
    /// Every phrase pair → its postings (field number `FIELDS.len()`).
    pub(crate) pairs: BTreeMap<String, TermPostings>,
    /// Every surface form → (its term, how many times it was indexed).
    pub(crate) surfaces: BTreeMap<String, (String, u32)>,
    /// Each document's facet values.
    pub(crate) doc_facets: Vec<DocFacets>,
    /// Total tokens per field of [`FIELDS`], then of the pairs field.
    pub(crate) total_tokens: [u64; 8],
    /// The last document put in, with its one-document model: what taking it out again needs
    /// (an editor saves the same fiche again and again), without indexing it a second time.
    recent: Option<(SearchDoc, Box<Model>)>,
    /// What changed since the last incremental export ([`Model::export_changes`]).
    pub(crate) changed: Changed,
    /// What the last incremental export computed, reused where nothing changed (only
    /// `sira serve`'s kept models have one).
    pub(crate) cache: Option<Box<crate::export::Cache>>,
}

/// What changed in a model since its last incremental export: a superset, so that what is
/// outside it can be reused from the previous export.
#[derive(Debug, Default)]
pub(crate) struct Changed {
    /// Terms whose postings were touched (an edited document's, old and new).
    pub(crate) terms: std::collections::BTreeSet<String>,
    /// Phrase pairs whose postings were touched.
    pub(crate) pairs: std::collections::BTreeSet<String>,
    /// The ordinals (current numbering) whose document changed or moved: `[from, to)`.
    pub(crate) ords: Option<(u32, u32)>,
}

impl Changed {
    /// Whether any ordinal of `list` (postings sorted by ordinal) is in the changed range.
    pub(crate) fn touches(&self, list: &[(u32, u32, u32)]) -> bool {
        self.ords.is_some_and(|(from, to)| {
            let p = list.partition_point(|x| x.0 < from);
            list.get(p).is_some_and(|x| x.0 < to)
        })
    }

    /// Records the terms and pairs of `one` (a one-document model put in or taken out).
    fn note(&mut self, one: &Model) {
        self.terms.extend(one.terms.keys().cloned());
        self.pairs.extend(one.pairs.keys().cloned());
    }

    /// Records that the documents at `[from, to)` changed or moved. An update moves only
    /// ordinals it lands in its own range, so the hull of the ranges covers every change.
    fn ordinals(&mut self, from: u32, to: u32) {
        self.ords = Some(match self.ords {
            None => (from, to),
            Some((a, b)) => (a.min(from), b.max(to)),
        });
    }
}

impl LangIndex {
    /// Reads the export's input back from the index (consumes it: the documents move over).
    pub fn into_model(self) -> Result<Model, IndexError> {
        let terms = self.read_postings(&self.fields, 0)?;
        let pairs = self.read_postings(&[self.pairs], FIELDS.len())?;
        let surfaces = self
            .surfaces
            .into_iter()
            .map(|(s, t)| {
                let uses = self.uses.get(s.as_str()).copied().unwrap_or(0);
                (s, (t, uses))
            })
            .collect();
        Ok(Model {
            lang: self.lang,
            docs: self.docs,
            defs: self.defs,
            dictionary: self.dictionary,
            terms,
            pairs,
            surfaces,
            doc_facets: self.doc_facets,
            total_tokens: self.total_tokens,
            recent: None,
            changed: Changed::default(),
            cache: None,
        })
    }

    /// Walks the index into per-term postings of the given fields (numbered from `first`),
    /// merging the segments.
    fn read_postings(
        &self,
        fields: &[tantivy::schema::Field],
        first: usize,
    ) -> Result<BTreeMap<String, TermPostings>, IndexError> {
        let searcher = self.searcher();
        let mut out: BTreeMap<String, TermPostings> = BTreeMap::new();
        for (s, seg) in searcher.segment_readers().iter().enumerate() {
            for (i, f) in fields.iter().enumerate() {
                let inv = seg.inverted_index(*f)?;
                let norms = seg.get_fieldnorms_reader(*f)?;
                let mut stream = inv.terms().stream()?;
                while stream.advance() {
                    let Ok(term) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    let mut p = inv.read_postings_from_terminfo(
                        stream.value(),
                        IndexRecordOption::WithFreqs,
                    )?;
                    let lists = out.entry(term.to_string()).or_default();
                    // A term's lists of one field from several segments go into one list.
                    let at = match lists.iter().position(|(field, _)| *field == first + i) {
                        Some(at) => at,
                        None => {
                            lists.push((first + i, Vec::new()));
                            lists.len() - 1
                        }
                    };
                    let list = &mut lists[at].1;
                    // Sized exactly: most lists hold one posting, for which growing by pushes
                    // would allocate four.
                    list.reserve_exact(stream.value().doc_freq as usize);
                    let mut doc = p.doc();
                    while doc != TERMINATED {
                        let len = FieldNormReader::id_to_fieldnorm(norms.fieldnorm_id(doc));
                        list.push((self.ords[s][doc as usize], p.term_freq(), len));
                        doc = p.advance();
                    }
                }
            }
        }
        for lists in out.values_mut() {
            lists.sort_by_key(|(f, _)| *f);
            for (_, l) in lists.iter_mut() {
                l.sort_unstable();
            }
        }
        Ok(out)
    }
}

impl Model {
    /// The model of one document alone (ordinal 0), indexed like the whole site.
    fn of_one(lang: &str, doc: SearchDoc, defs: &FacetDefs) -> Result<Model, IndexError> {
        LangIndex::build(lang, vec![doc], defs.clone(), &[])?.into_model()
    }

    /// Replaces the document at `url` (if any) with `new` (if any): an edit, an addition or a
    /// removal. Returns whether anything changed.
    pub fn update(&mut self, url: &str, new: Option<SearchDoc>) -> Result<bool, IndexError> {
        let old_at = self.docs.iter().position(|d| d.url == url);
        if let (Some(i), Some(n)) = (old_at, &new) {
            if self.docs[i] == *n {
                return Ok(false);
            }
        }
        if old_at.is_none() && new.is_none() {
            return Ok(false);
        }
        let recent = self.recent.take();
        let old = match old_at {
            Some(i) => Some((
                i,
                match recent {
                    Some((doc, one)) if doc == self.docs[i] => *one,
                    _ => Model::of_one(&self.lang, self.docs[i].clone(), &self.defs)?,
                },
            )),
            None => None,
        };
        let new = match new {
            Some(doc) => Some(Model::of_one(&self.lang, doc, &self.defs)?),
            None => None,
        };
        if let Some((i, one)) = &old {
            self.take_out(one, *i as u32);
            self.docs.remove(*i);
            self.doc_facets.remove(*i);
        }
        let removed = old.as_ref().map(|(i, _)| *i as u32);
        // Where the new version goes in name order (among the other documents).
        let inserted = new.as_ref().map(|one| {
            let d = &one.docs[0];
            self.docs
                .partition_point(|x| (&x.sort_key, &x.url) < (&d.sort_key, &d.url))
                as u32
        });
        if removed != inserted {
            self.renumber(removed, inserted);
        }
        // Which ordinals hold another document, or the same one moved: from the first to the
        // last position involved, or to the end when the count changed.
        match (removed, inserted) {
            (Some(r), Some(j)) => self.changed.ordinals(r.min(j), r.max(j) + 1),
            (Some(at), None) | (None, Some(at)) => self.changed.ordinals(at, u32::MAX),
            (None, None) => {}
        }
        if let (Some(mut one), Some(j)) = (new, inserted) {
            self.put_in(&one, j);
            let doc = one.docs.remove(0);
            self.docs.insert(j as usize, doc.clone());
            self.doc_facets.insert(j as usize, one.doc_facets.remove(0));
            self.recent = Some((doc, Box::new(one)));
        }
        Ok(true)
    }

    /// Removes the postings, surface uses and tokens of `one` (a one-document model), which is
    /// the document at ordinal `ord`.
    fn take_out(&mut self, one: &Model, ord: u32) {
        self.changed.note(one);
        for (own, theirs) in [(&mut self.terms, &one.terms), (&mut self.pairs, &one.pairs)] {
            for (term, lists) in theirs {
                let Some(mine) = own.get_mut(term) else {
                    continue;
                };
                for (field, _) in lists {
                    if let Some(at) = mine.iter().position(|(f, _)| f == field) {
                        let list = &mut mine[at].1;
                        if let Ok(p) = list.binary_search_by_key(&ord, |x| x.0) {
                            list.remove(p);
                        }
                        if list.is_empty() {
                            mine.remove(at);
                        }
                    }
                }
                if mine.is_empty() {
                    own.remove(term);
                }
            }
        }
        for (surface, (_, uses)) in &one.surfaces {
            if let Some((_, n)) = self.surfaces.get_mut(surface) {
                *n = n.saturating_sub(*uses);
                if *n == 0 {
                    self.surfaces.remove(surface);
                }
            }
        }
        for (total, theirs) in self.total_tokens.iter_mut().zip(one.total_tokens) {
            *total -= theirs;
        }
    }

    /// Adds the postings, surface uses and tokens of `one` as the document at ordinal `ord`.
    fn put_in(&mut self, one: &Model, ord: u32) {
        self.changed.note(one);
        for (own, theirs) in [(&mut self.terms, &one.terms), (&mut self.pairs, &one.pairs)] {
            for (term, lists) in theirs {
                let mine = own.entry(term.clone()).or_default();
                for (field, list) in lists {
                    let Some(&(_, tf, len)) = list.first() else {
                        continue;
                    };
                    let at = match mine.binary_search_by_key(field, |(f, _)| *f) {
                        Ok(at) => at,
                        Err(at) => {
                            mine.insert(at, (*field, Vec::new()));
                            at
                        }
                    };
                    let list = &mut mine[at].1;
                    let p = list.partition_point(|x| x.0 < ord);
                    list.insert(p, (ord, tf, len));
                }
            }
        }
        for (surface, (term, uses)) in &one.surfaces {
            self.surfaces
                .entry(surface.clone())
                .or_insert_with(|| (term.clone(), 0))
                .1 += uses;
        }
        for (total, theirs) in self.total_tokens.iter_mut().zip(one.total_tokens) {
            *total += theirs;
        }
    }

    /// Renumbers every posting after a document left ordinal `removed` (if any) and before
    /// one is inserted at `inserted` (if any; counted among the remaining documents).
    fn renumber(&mut self, removed: Option<u32>, inserted: Option<u32>) {
        let map = |o: u32| {
            let o = match removed {
                Some(r) if o > r => o - 1,
                _ => o,
            };
            match inserted {
                Some(j) if o >= j => o + 1,
                _ => o,
            }
        };
        for lists in self.terms.values_mut().chain(self.pairs.values_mut()) {
            for (_, list) in lists.iter_mut() {
                for p in list.iter_mut() {
                    p.0 = map(p.0);
                }
            }
        }
    }

    /// The index of the national-coverage region value, if any.
    pub(crate) fn national_value(&self) -> Option<u16> {
        national_value(&self.defs)
    }
}

/// The index of the national-coverage region value of `defs`, if any.
pub(crate) fn national_value(defs: &FacetDefs) -> Option<u16> {
    let n = defs.national.as_ref()?;
    defs.values[0]
        .iter()
        .position(|(id, _)| id == n)
        .map(|p| p as u16)
}
