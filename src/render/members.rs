//! Which listings each fiche is on, as one row of bits per fiche: the region, sector and
//! service pages filter thousands of fiches each, and the home and index pages count them,
//! without comparing a string. Also each fiche's returnee group and verification date, for the
//! pages that group every fiche by them, in small arrays rather than across the fiches.

use crate::model::{Fiche, Site};
use crate::schema::ELIGIBILITY;
use crate::values::Date;
use crate::vocab::VocabKind;

/// The kinds of term a fiche is listed under, in bit order.
const KINDS: [VocabKind; 3] = [VocabKind::Regions, VocabKind::Sectors, VocabKind::Services];

/// One row of bits per fiche: a bit per region, per sector and per service (in vocabulary
/// order), then one for nationwide coverage.
#[derive(Debug, Default)]
pub(super) struct Members {
    /// Where each kind's bits start (in [`KINDS`] order).
    offsets: [usize; 3],
    /// The nationwide bit.
    national: usize,
    /// Words per row.
    stride: usize,
    bits: Vec<u64>,
    /// Each fiche's eligibility for returnees, as a position in [`ELIGIBILITY`] (`usize::MAX`
    /// for none).
    eligibility: Vec<usize>,
    /// Each fiche's last verification.
    verified: Vec<Date>,
}

impl Members {
    /// The rows of every fiche of `site`.
    pub fn new(site: &Site) -> Members {
        let mut offsets = [0; 3];
        let mut next = 0;
        for (k, kind) in KINDS.iter().enumerate() {
            offsets[k] = next;
            next += site.vocab.get(*kind).terms.len();
        }
        let stride = (next + 1).div_ceil(64);
        let mut m = Members {
            offsets,
            national: next,
            stride,
            bits: vec![0; stride * site.fiches.len()],
            eligibility: vec![0; site.fiches.len()],
            verified: site.fiches.iter().map(|f| f.last_verified).collect(),
        };
        for i in 0..site.fiches.len() {
            m.update(site, i);
        }
        m
    }

    /// Sets fiche `i`'s row again from the fiche.
    pub fn update(&mut self, site: &Site, i: usize) {
        let row = i * self.stride;
        let Some(words) = self.bits.get_mut(row..row + self.stride) else {
            return;
        };
        words.fill(0);
        let f: &Fiche = &site.fiches[i];
        let stated = f
            .front
            .returnees
            .as_ref()
            .and_then(|r| r.eligibility.as_deref());
        let at = |e: &str| ELIGIBILITY.iter().position(|x| *x == e);
        // A value outside the list (validation rejects it) is in no group.
        self.eligibility[i] = at(stated.unwrap_or("not-stated")).unwrap_or(usize::MAX);
        self.verified[i] = f.last_verified;
        let mut set = |pos: usize| words[pos / 64] |= 1 << (pos % 64);
        for (k, kind) in KINDS.iter().enumerate() {
            let terms = &site.vocab.get(*kind).terms;
            let ids: Box<dyn Iterator<Item = &String>> = match kind {
                VocabKind::Regions => Box::new(f.front.listed_regions().into_iter()),
                VocabKind::Sectors => Box::new(
                    f.front
                        .sectors
                        .iter()
                        .chain(f.front.offers.iter().flat_map(|o| o.sectors.iter())),
                ),
                _ => Box::new(f.front.services.iter()),
            };
            for id in ids {
                if let Some(t) = terms.iter().position(|t| &t.id == id) {
                    set(self.offsets[k] + t);
                    // Nationwide is the organisation's own coverage, not a programme's.
                    if *kind == VocabKind::Regions
                        && terms[t].national
                        && f.front.regions.contains(id)
                    {
                        set(self.national);
                    }
                }
            }
        }
    }

    /// The bit of term `id` of `kind`, if the vocabulary has it.
    pub fn bit(&self, site: &Site, kind: VocabKind, id: &str) -> Option<usize> {
        let k = KINDS.iter().position(|x| *x == kind)?;
        let t = site.vocab.get(kind).terms.iter().position(|t| t.id == id)?;
        Some(self.offsets[k] + t)
    }

    /// Whether fiche `i` has `bit` (`None`, a term not in the vocabulary: never).
    pub fn has(&self, i: usize, bit: Option<usize>) -> bool {
        let Some(b) = bit else { return false };
        self.bits
            .get(i * self.stride + b / 64)
            .is_some_and(|w| (w >> (b % 64)) & 1 == 1)
    }

    /// Fiche `i`'s eligibility for returnees, as a position in [`ELIGIBILITY`] (`usize::MAX`
    /// for none).
    pub fn eligibility(&self, i: usize) -> usize {
        self.eligibility[i]
    }

    /// Fiche `i`'s last verification.
    pub fn verified(&self, i: usize) -> Date {
        self.verified[i]
    }

    /// Whether fiche `i` covers the whole country.
    pub fn national(&self, i: usize) -> bool {
        self.has(i, Some(self.national))
    }

    /// The bit of the first term of `kind` (the others follow in vocabulary order).
    pub fn first_bit(&self, kind: VocabKind) -> usize {
        KINDS
            .iter()
            .position(|x| *x == kind)
            .map_or(self.national, |k| self.offsets[k])
    }

    /// How many fiches have each bit, in bit order.
    pub fn counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.national + 1];
        for row in self.bits.chunks_exact(self.stride) {
            for (w, word) in row.iter().enumerate() {
                let mut word = *word;
                while word != 0 {
                    let b = w * 64 + word.trailing_zeros() as usize;
                    if let Some(n) = counts.get_mut(b) {
                        *n += 1;
                    }
                    word &= word - 1;
                }
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped site, loaded and validated.
    fn shipped() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let options = crate::validate::Options::now();
        crate::validate::run(root, options)
            .ok()
            .and_then(|o| o.site)
            .expect("the shipped site loads")
    }

    #[test]
    fn rows_and_counts_agree_with_the_fiches_own_lists() {
        let site = shipped();
        let m = Members::new(&site);
        let listed = |f: &Fiche, kind: VocabKind, id: &String| match kind {
            VocabKind::Regions => f.front.in_region(id),
            VocabKind::Sectors => {
                f.front.sectors.contains(id)
                    || f.front.offers.iter().any(|o| o.sectors.contains(id))
            }
            _ => f.front.services.contains(id),
        };
        let mut some = 0;
        for kind in KINDS {
            let counts = m.counts();
            for (t, term) in site.vocab.get(kind).terms.iter().enumerate() {
                let bit = m.bit(&site, kind, &term.id);
                assert_eq!(bit, Some(m.first_bit(kind) + t));
                let expected: Vec<bool> = site
                    .fiches
                    .iter()
                    .map(|f| listed(f, kind, &term.id))
                    .collect();
                let got: Vec<bool> = (0..site.fiches.len()).map(|i| m.has(i, bit)).collect();
                assert_eq!(got, expected, "{kind:?} {}", term.id);
                let n = expected.iter().filter(|x| **x).count();
                assert_eq!(counts[m.first_bit(kind) + t], n, "{kind:?} {}", term.id);
                some += n;
            }
        }
        assert!(some > site.fiches.len(), "the shipped fiches are listed");
        let regions = site.vocab.get(VocabKind::Regions);
        for (i, f) in site.fiches.iter().enumerate() {
            let national = f
                .front
                .regions
                .iter()
                .any(|r| regions.get(r).is_some_and(|t| t.national));
            assert_eq!(m.national(i), national, "{}", f.slug);
        }
        assert!(!m.has(0, m.bit(&site, VocabKind::Regions, "atlantis")));
        assert!(!m.has(site.fiches.len(), Some(0)), "past the last fiche");
    }

    #[test]
    fn an_updated_row_follows_the_edited_fiche() {
        let mut site = shipped();
        let mut m = Members::new(&site);
        let bamako = m.bit(&site, VocabKind::Regions, "bamako");
        let i = (0..site.fiches.len())
            .find(|&i| m.has(i, bamako))
            .expect("a fiche in Bamako");
        site.fiches[i].front.regions.retain(|r| r != "bamako");
        for p in &mut site.fiches[i].front.programmes {
            p.regions.retain(|r| r != "bamako");
        }
        m.update(&site, i);
        assert!(!m.has(i, bamako));
        assert_eq!(Members::new(&site).bits, m.bits);
    }
}
