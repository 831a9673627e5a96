//! The static export: the index of one language written as small JSON files the browser
//! reads, derived from the tantivy index itself (term dictionaries, postings with term
//! frequencies, field norms, facet postings), never from a second tokenisation.
//!
//! Files, under `search/<lang>/`, each with a content hash in its name and in two forms —
//! `.json` for `fetch` and `.js` (`siraSearchData(name, data)`) for a classic `<script>`, which
//! also works from `file://`:
//! - `meta.<hash>`: sizes, field boosts and token totals, facet values with labels and
//!   counts, and the names of the other files;
//! - `t-<first character>.<hash>`: the terms starting with that character, each with its
//!   postings per field (document deltas, term frequencies, field lengths), inline when
//!   small, else the name of a `p.<hash>` file holding them, fetched only when a query
//!   uses that term;
//! - `f-<facet>.<hash>`: for each value of the facet, its documents (deltas), fetched only
//!   when the facet filters or its counts are shown;
//! - `s-<n>.<hash>`: per document, name, acronym, URL and summary (chunks of [`SHOW_CHUNK`]),
//!   fetched only for the results on screen; one hash over all chunks names them all.
//!
//! Document ordinals follow name order, so the browser needs no rank table for ties.
//! A query thus fetches what it uses: at 100,000 fiches, a few hundred kilobytes for the
//! commonest words, a few kilobytes for rarer ones (README, "Search figures").

use std::collections::BTreeMap;

use serde_json::{json, Value};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, TERMINATED};

use crate::index::{IndexError, LangIndex, BOOSTS, FACETS, FIELDS};

/// Documents per display chunk.
pub const SHOW_CHUNK: usize = 8;
/// Postings longer than this (in JSON bytes) get a file of their own.
pub const INLINE_POSTINGS: usize = 100;
/// Export format version (bump when the browser script must change with it).
pub const VERSION: u32 = 2;

/// A fast 64-bit content hash, for change detection and content-named files (not for
/// security): two lanes of eight-byte words mixed by multiply and rotate, then the tail, the
/// length and a final avalanche. About ten times faster than byte-wise FNV-1a, which mattered:
/// `sira serve` hashes every page it renders again (megabytes per edit).
pub fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    const L: u64 = 0xc2b2_ae3d_27d4_eb4f;
    let word = |b: &[u8]| {
        let mut w = [0u8; 8];
        w[..b.len()].copy_from_slice(b);
        u64::from_le_bytes(w)
    };
    let (mut a, mut b) = (0xcbf2_9ce4_8422_2325_u64, 0x8422_2325_cbf2_9ce4_u64);
    let mut pairs = bytes.chunks_exact(16);
    for p in &mut pairs {
        a = (a ^ word(&p[..8])).wrapping_mul(K).rotate_left(31);
        b = (b ^ word(&p[8..])).wrapping_mul(L).rotate_left(27);
    }
    let rest = pairs.remainder();
    let (first, second) = rest.split_at(rest.len().min(8));
    a = (a ^ word(first)).wrapping_mul(K).rotate_left(31);
    b = (b ^ word(second)).wrapping_mul(L).rotate_left(27);
    let mut h = a ^ b.rotate_left(32) ^ (bytes.len() as u64).wrapping_mul(K);
    // The murmur3 finaliser: every input bit reaches every output bit.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// One exported file.
#[derive(Debug, Clone)]
pub struct File {
    /// Path relative to the site root (`search/fr/meta.1a2b3c4d.json`).
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// The export of one language.
#[derive(Debug, Clone, Default)]
pub struct Export {
    /// Path of the meta file relative to the site root, without extension.
    pub meta: String,
    /// Every file.
    pub files: Vec<File>,
}

/// Postings of one term in one field: (ord, term frequency, field length).
type Postings3 = Vec<(u32, u32, u32)>;

struct Writer {
    dir: String,
    files: Vec<File>,
    names: std::collections::HashSet<String>,
}

impl Writer {
    /// Writes `value` as `<stem>.<hash>.json` and `.js` (once for equal contents); returns
    /// `<stem>.<hash>`.
    fn put(&mut self, stem: &str, value: &Value) -> String {
        self.put_text(stem, value.to_string())
    }

    /// [`Writer::put`] for already serialised JSON.
    fn put_text(&mut self, stem: &str, text: String) -> String {
        let name = format!("{stem}.{:08x}", hash(text.as_bytes()) as u32);
        self.put_named(name, text)
    }

    /// Writes `text` as `<name>.json` and `.js` unless already written; returns `name`.
    fn put_named(&mut self, name: String, text: String) -> String {
        if !self.names.insert(name.clone()) {
            return name;
        }
        let js = format!(
            "siraSearchData({},{});\n",
            Value::String(name.clone()),
            text
        );
        self.files.push(File {
            path: format!("{}/{name}.json", self.dir),
            bytes: text.into_bytes(),
        });
        self.files.push(File {
            path: format!("{}/{name}.js", self.dir),
            bytes: js.into_bytes(),
        });
        name
    }
}

fn deltas(ords: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut prev = 0;
    let mut first = true;
    ords.map(|o| {
        let d = if first { o } else { o - prev };
        first = false;
        prev = o;
        d
    })
    .collect()
}

/// The shard key of a term: its first character as lowercase hex.
pub fn shard_key(term: &str) -> String {
    term.chars()
        .next()
        .map_or_else(String::new, |c| format!("{:x}", c as u32))
}

impl LangIndex {
    /// Walks the index into per-term postings.
    fn postings(&self) -> Result<BTreeMap<String, [Postings3; 4]>, IndexError> {
        let searcher = self.searcher();
        let mut out: BTreeMap<String, [Postings3; 4]> = BTreeMap::new();
        for (s, seg) in searcher.segment_readers().iter().enumerate() {
            for (i, f) in self.fields.iter().enumerate() {
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
                    let list = &mut out.entry(term.to_string()).or_default()[i];
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
            for l in lists.iter_mut() {
                l.sort_unstable();
            }
        }
        Ok(out)
    }

    /// Builds the static export under `search/<lang>/`.
    pub fn export(&self) -> Result<Export, IndexError> {
        let mut w = Writer {
            dir: format!("search/{}", self.lang),
            files: Vec::new(),
            names: Default::default(),
        };
        // Term shards by first character; long postings in files of their own.
        let postings = self.postings()?;
        let mut shards: BTreeMap<String, (Vec<Value>, Vec<Value>)> = BTreeMap::new();
        for (term, lists) in &postings {
            let per_field: Vec<Value> = lists
                .iter()
                .enumerate()
                .filter(|(_, l)| !l.is_empty())
                .map(|(f, l)| {
                    json!([
                        f,
                        deltas(l.iter().map(|p| p.0)),
                        l.iter().map(|p| p.1).collect::<Vec<_>>(),
                        l.iter().map(|p| p.2).collect::<Vec<_>>()
                    ])
                })
                .collect();
            let mut post = Value::Array(per_field);
            let text = post.to_string();
            if text.len() > INLINE_POSTINGS {
                post = Value::String(w.put_text("p", text));
            }
            let entry = shards.entry(shard_key(term)).or_default();
            entry.0.push(Value::String(term.clone()));
            entry.1.push(post);
        }
        let mut shard_names = serde_json::Map::new();
        for (key, (terms, posts)) in shards {
            let name = w.put(&format!("t-{key}"), &json!({"t": terms, "p": posts}));
            shard_names.insert(key, Value::String(name));
        }
        // Facets: per value, its documents; per facet, one file.
        let mut facets = serde_json::Map::new();
        let mut facet_files = Vec::new();
        for (i, name) in FACETS.iter().enumerate() {
            let mut docs: Vec<Vec<u32>> = vec![Vec::new(); self.defs.values[i].len()];
            for (ord, f) in self.doc_facets.iter().enumerate() {
                for v in &f[i] {
                    docs[usize::from(*v)].push(ord as u32);
                }
            }
            let vals: Vec<Value> = self.defs.values[i]
                .iter()
                .zip(&docs)
                .map(|((id, label), d)| json!([id, label, d.len()]))
                .collect();
            facets.insert(name.to_string(), Value::Array(vals));
            let lists: Vec<Vec<u32>> = docs.into_iter().map(|d| deltas(d.into_iter())).collect();
            facet_files.push(Value::String(w.put(&format!("f-{name}"), &json!(lists))));
        }
        // Display chunks, named `s-<n>.<hash of them all>` so that meta needs one name only.
        let show: Vec<String> = self
            .docs
            .chunks(SHOW_CHUNK)
            .map(|chunk| {
                let rows: Vec<Value> = chunk
                    .iter()
                    .map(|d| {
                        json!([
                            d.name,
                            d.acronym.clone().unwrap_or_default(),
                            d.url,
                            d.summary
                        ])
                    })
                    .collect();
                Value::Array(rows).to_string()
            })
            .collect();
        let show_hash = format!("{:08x}", hash(show.concat().as_bytes()) as u32);
        let show_chunks = show.len();
        for (c, text) in show.into_iter().enumerate() {
            w.put_named(format!("s-{c}.{show_hash}"), text);
        }
        let meta = json!({
            "v": VERSION,
            "lang": self.lang,
            "n": self.docs.len(),
            "fields": FIELDS,
            "boosts": BOOSTS,
            "tokens": self.total_tokens,
            "facetNames": FACETS,
            "facets": facets,
            "facetFiles": facet_files,
            "national": self.national_value().map_or(-1, i64::from),
            "shards": shard_names,
            "showHash": show_hash,
            "showChunks": show_chunks,
            "showChunk": SHOW_CHUNK,
        });
        let name = w.put("meta", &meta);
        Ok(Export {
            meta: format!("{}/{name}", w.dir),
            files: w.files,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::hash;
    use std::collections::BTreeSet;

    #[test]
    fn hash_tells_apart_every_one_byte_change_length_and_lane() {
        let mut seen = BTreeSet::new();
        let mut count = 0;
        for len in 0..40 {
            let base = vec![b'a'; len];
            seen.insert(hash(&base));
            count += 1;
            for at in 0..len {
                for byte in [b'b', 0, 0xff] {
                    let mut v = base.clone();
                    v[at] = byte;
                    seen.insert(hash(&v));
                    count += 1;
                }
            }
        }
        // Swapping the two eight-byte halves of a pair must not collide either.
        let ab = [[1u8; 8], [2u8; 8]].concat();
        let ba = [[2u8; 8], [1u8; 8]].concat();
        assert_ne!(hash(&ab), hash(&ba));
        assert_eq!(seen.len(), count, "some inputs collided");
        assert_eq!(hash(b"sira"), hash(b"sira"));
    }
}
