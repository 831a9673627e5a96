//! The static export: the index of one language written as small JSON files the browser
//! reads, derived from the tantivy index itself (term dictionaries, postings with term
//! frequencies, field norms, facet postings), never from a second tokenisation.
//!
//! Files, under `search/<lang>/`, each with a content hash in its name, in one form: `.js`
//! (`sira$(data)`), loaded by a classic `<script>` over HTTP and from `file://`
//! alike (a `.json` twin for `fetch` doubled the bytes written for no reader the script form
//! does not serve):
//! - `meta.<hash>`: sizes, field boosts and token totals, the search constants, stopwords and
//!   negations, facet values with labels and counts, and the names of the other files;
//! - `t-<first character>.<hash>`, split into `t-<first>-<second character>.<hash>` above
//!   [`SHARD_SPLIT`]: the terms, each with its postings per field (document deltas, term
//!   frequencies, field lengths) inline when small, else the name of a `p.<hash>` file holding
//!   them; each term's surface forms; the dictionary keys (synonyms, facet names) those terms
//!   begin;
//! - `b-<n>.<hash>`: the phrase pairs, in buckets by [`pair_bucket`];
//! - `f-<facet>-<value>.<hash>`: the documents of one facet value (deltas), fetched for a
//!   filter, a value the query names, or the facet's counts;
//! - `s-<n>.<hash>`: per document, what a result shows (chunks of [`SHOW_CHUNK`]), fetched only
//!   for the results on screen, named with the hash of their block of [`SHOW_BLOCK`] chunks.
//!
//! Document ordinals follow name order, so the browser needs no rank table for ties.
//! A query thus fetches what it uses: at 100,000 fiches, a few hundred kilobytes for the
//! commonest words, a few kilobytes for rarer ones (README, "Figures").

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::index::{BOOSTS, FACETS, FIELDS, PAIR_BOOST};
use crate::model::{Model, TermPostings};
use crate::thesaurus::UNDERSTOOD;
use crate::{query, stopwords};

/// Documents per display chunk.
pub const SHOW_CHUNK: usize = 8;
/// Display chunks per naming block: chunk `c` is named with the hash of block `c / SHOW_BLOCK`,
/// so an edit renames one block's chunks, not all (and meta lists one hash per block).
pub const SHOW_BLOCK: usize = 32;
/// Phrase-pair buckets per naming block (as [`SHOW_BLOCK`]).
pub const PAIR_BLOCK: usize = 8;
/// Postings longer than this (in JSON bytes) get a file of their own.
pub const INLINE_POSTINGS: usize = 160;
/// Export format version (bump when the browser script must change with it).
pub const VERSION: u32 = 4;

/// The hash of each block of `size` texts (8 hex digits).
fn block_hashes(texts: &[String], size: usize) -> Vec<String> {
    texts
        .chunks(size)
        .map(|block| format!("{:08x}", hash(block.concat().as_bytes()) as u32))
        .collect()
}

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
    /// Path relative to the site root (`search/fr/meta.1a2b3c4d.js`).
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

struct Writer<'s> {
    dir: String,
    /// Takes each file as soon as it is made.
    sink: &'s mut dyn FnMut(File),
    names: std::collections::HashSet<String>,
}

impl Writer<'_> {
    /// Writes `value` as `<stem>.<hash>.js` (once for equal contents); returns `<stem>.<hash>`.
    fn put(&mut self, stem: &str, value: &Value) -> String {
        self.put_text(stem, value.to_string())
    }

    /// [`Writer::put`] for already serialised JSON.
    fn put_text(&mut self, stem: &str, text: String) -> String {
        let name = format!("{stem}.{:08x}", hash(text.as_bytes()) as u32);
        self.put_named(name, text)
    }

    /// Writes `text` as `<name>.js` unless already written; returns `name`.
    fn put_named(&mut self, name: String, text: String) -> String {
        if !self.names.insert(name.clone()) {
            return name;
        }
        // The script tells the engine its contents; the engine knows which file by the
        // script's own address (`document.currentScript`), so the name is not repeated.
        let js = format!("sira$({text})");
        (self.sink)(File {
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

/// The second character of a term as lowercase hex (empty for a one-character term): the
/// sub-shard key when a first character's shard is split.
pub fn sub_key(term: &str) -> String {
    term.chars()
        .nth(1)
        .map_or_else(String::new, |c| format!("{:x}", c as u32))
}

/// A first character's terms above this many bytes of JSON are split by second character.
pub const SHARD_SPLIT: usize = 4 * 1024;

/// The bucket of a phrase pair: FNV-1a over the UTF-16 code units of the pair term, modulo
/// the number of buckets (the browser computes it the same way).
pub fn pair_bucket(term: &str, buckets: usize) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for u in term.encode_utf16() {
        h ^= u32::from(u);
        h = h.wrapping_mul(0x0100_0193);
    }
    h as usize % buckets.max(1)
}

/// Approximate JSON bytes of pair postings per bucket file.
pub const PAIR_BUCKET_BYTES: usize = 8 * 1024;

/// Pair postings longer than this (in JSON bytes) get a file of their own.
pub const PAIR_INLINE: usize = 1024;

/// Per-field postings as the browser reads them: `[[field, ord deltas, tfs, lengths]...]`,
/// as JSON text (written directly: the export serialises every posting of the site).
fn postings_json(lists: &TermPostings) -> String {
    fn list(out: &mut String, values: impl Iterator<Item = u32>) {
        // itoa (serde_json's own integer writer) instead of `write!`: the export writes every
        // posting of the site, and `fmt`'s machinery was most of its time.
        let mut digits = itoa::Buffer::new();
        out.push('[');
        for (i, v) in values.enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(digits.format(v));
        }
        out.push(']');
    }
    let mut out = String::with_capacity(16 + lists.iter().map(|(_, l)| l.len() * 8).sum::<usize>());
    out.push('[');
    for (i, (f, l)) in lists.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        out.push_str(itoa::Buffer::new().format(*f));
        out.push(',');
        list(&mut out, deltas(l.iter().map(|p| p.0)).into_iter());
        out.push(',');
        list(&mut out, l.iter().map(|p| p.1));
        out.push(',');
        list(&mut out, l.iter().map(|p| p.2));
        out.push(']');
    }
    out.push(']');
    out
}

/// In how many documents a term occurs (any field).
fn doc_union(lists: &TermPostings) -> usize {
    let mut ords: Vec<u32> = lists
        .iter()
        .flat_map(|(_, l)| l.iter().map(|p| p.0))
        .collect();
    ords.sort_unstable();
    ords.dedup();
    ords.len()
}

/// One term shard's contents.
#[derive(Default)]
struct Shard<'a> {
    terms: Vec<&'a str>,
    /// Each term's postings, as JSON text.
    posts: Vec<String>,
    surfaces: Vec<String>,
    stray: Vec<String>,
    dict: serde_json::Map<String, Value>,
}

impl Shard<'_> {
    /// The shard as JSON text: an object with its keys in order (`d`, `p`, `s`, `t`, `x`).
    fn json(self) -> String {
        let mut out = String::from("{");
        if !self.dict.is_empty() {
            out.push_str("\"d\":");
            out.push_str(&Value::Object(self.dict).to_string());
            out.push(',');
        }
        out.push_str("\"p\":[");
        out.push_str(&self.posts.join(","));
        out.push_str("],\"s\":");
        out.push_str(&text(&self.surfaces));
        out.push_str(",\"t\":");
        out.push_str(&text(&self.terms));
        if !self.stray.is_empty() {
            out.push_str(",\"x\":");
            out.push_str(&text(&self.stray));
        }
        out.push('}');
        out
    }
}

/// A list of strings as JSON text.
fn text(strings: &[impl serde::Serialize]) -> String {
    // Serialising strings into a string cannot fail.
    serde_json::to_string(strings).unwrap_or_default()
}

impl Model {
    /// Builds the static export under `search/<lang>/`.
    pub fn export(&self) -> Export {
        let mut files = Vec::new();
        let meta = self.export_each(&mut |f| files.push(f));
        Export { meta, files }
    }

    /// [`Model::export`], handing each file to `sink` as soon as it is made (a large site's
    /// export is then never all in memory); returns the meta file's path without extension.
    pub fn export_each(&self, sink: &mut dyn FnMut(File)) -> String {
        let mut w = Writer {
            dir: format!("search/{}", self.lang),
            sink,
            names: Default::default(),
        };
        // Term shards by first character (split by second character when large), with the
        // surface forms of each term and the dictionary keys they begin; long postings in files
        // of their own (never those of a term in one fiche only).
        let mut rows: BTreeMap<&str, (String, Vec<String>)> = BTreeMap::new();
        for (term, lists) in &self.terms {
            let mut post = postings_json(lists);
            if post.len() > INLINE_POSTINGS && doc_union(lists) > 1 {
                post = Value::String(w.put_text("p", post)).to_string();
            }
            rows.insert(term.as_str(), (post, Vec::new()));
        }
        // Which first characters are split: measured with every surface beside its term.
        let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
        for (term, (post, _)) in &rows {
            *sizes.entry(shard_key(term)).or_default() += term.len() + post.len() + 8;
        }
        for (surface, (term, _)) in &self.surfaces {
            *sizes.entry(shard_key(term)).or_default() += surface.len() + 2;
        }
        let split: std::collections::BTreeSet<String> = sizes
            .into_iter()
            .filter(|(_, n)| *n > SHARD_SPLIT)
            .map(|(k, _)| k)
            .collect();
        let shard_of = |t: &str| -> String {
            let k = shard_key(t);
            if split.contains(&k) {
                format!("{k}-{}", sub_key(t))
            } else {
                k
            }
        };
        let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
        for (surface, (term, _)) in &self.surfaces {
            let here = shard_of(surface);
            match rows.get_mut(term.as_str()) {
                Some((_, forms)) if here == shard_of(term) => {
                    forms.push(match surface.strip_prefix(term.as_str()) {
                        Some(rest) => rest.to_string(),
                        None => format!("={surface}"),
                    })
                }
                _ => shards.entry(here).or_default().stray.push(surface.clone()),
            }
        }
        for (term, (post, mut forms)) in rows {
            forms.sort();
            let shard = shards.entry(shard_of(term)).or_default();
            shard.terms.push(term);
            shard.posts.push(post);
            shard.surfaces.push(forms.join(" "));
        }
        let dict = &self.dictionary;
        for (key, e) in &dict.keys {
            let first = key.split(' ').next().unwrap_or_default();
            let alts: Vec<String> = e
                .alts
                .iter()
                .map(|a| dict.phrases[*a as usize].join(" "))
                .collect();
            let facets: Vec<u16> = e
                .facets
                .iter()
                .flat_map(|(f, v)| [u16::from(*f), *v])
                .collect();
            shards
                .entry(shard_of(first))
                .or_default()
                .dict
                .insert(key.clone(), json!([alts, facets]));
        }
        // Named `t-<first>.<hash>`, or when split `t-<first>-<second>.<hash>`, each with its
        // own contents' hash (an edit renames only the shards it changes); meta maps a split
        // first character to its `[second, hash]` pairs.
        let mut shard_names = serde_json::Map::new();
        for (key, shard) in shards {
            let text = shard.json();
            match key.split_once('-') {
                Some((first, second)) => {
                    let name = w.put_text(&format!("t-{key}"), text);
                    let h = name.rsplit('.').next().unwrap_or_default().to_string();
                    let entry = shard_names
                        .entry(first.to_string())
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(parts) = entry {
                        parts.push(json!([second, h]));
                    }
                }
                None => {
                    let name = w.put_text(&format!("t-{key}"), text);
                    shard_names.insert(key, Value::String(name));
                }
            }
        }
        // Phrase pairs in buckets by hash.
        // Pair postings stay in their bucket up to PAIR_INLINE bytes.
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut bytes = 0;
        for (term, lists) in &self.pairs {
            let mut text = postings_json(lists);
            if text.len() > PAIR_INLINE && doc_union(lists) > 1 {
                text = Value::String(w.put_text("p", text)).to_string();
            }
            bytes += term.len() + text.len() + 4;
            pairs.push((term.clone(), text));
        }
        let buckets = bytes.div_ceil(PAIR_BUCKET_BYTES).clamp(1, 4096);
        let mut bucket_rows: Vec<(Vec<String>, Vec<String>)> = vec![Default::default(); buckets];
        for (term, text) in pairs {
            let b = &mut bucket_rows[pair_bucket(&term, buckets)];
            b.0.push(Value::String(term).to_string());
            b.1.push(text);
        }
        let bucket_texts: Vec<String> = bucket_rows
            .into_iter()
            .map(|(t, p)| format!("{{\"t\":[{}],\"p\":[{}]}}", t.join(","), p.join(",")))
            .collect();
        // Named `b-<n>.<hash of its block of PAIR_BLOCK buckets>`: meta lists one hash per block.
        let pair_hashes = block_hashes(&bucket_texts, PAIR_BLOCK);
        for (b, text) in bucket_texts.into_iter().enumerate() {
            w.put_named(format!("b-{b}.{}", pair_hashes[b / PAIR_BLOCK]), text);
        }
        // Facets: per value, its documents (deltas), one file each, named
        // `f-<facet>-<value>.<hash of the facet's files>`.
        let mut facets = serde_json::Map::new();
        let mut facet_hashes = Vec::new();
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
            let texts: Vec<String> = docs
                .into_iter()
                .map(|d| json!(deltas(d.into_iter())).to_string())
                .collect();
            let h = format!("{:08x}", hash(texts.concat().as_bytes()) as u32);
            for (v, text) in texts.into_iter().enumerate() {
                w.put_named(format!("f-{i}-{v}.{h}"), text);
            }
            facet_hashes.push(Value::String(h));
        }
        // Display chunks, named `s-<n>.<hash of its block>`.
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
                            d.summary,
                            d.card.kind,
                            d.card.place,
                            d.card.eligibility,
                            d.card.tel,
                            d.card.phone
                        ])
                    })
                    .collect();
                Value::Array(rows).to_string()
            })
            .collect();
        let show_hashes = block_hashes(&show, SHOW_BLOCK);
        let show_chunks = show.len();
        for (c, text) in show.into_iter().enumerate() {
            w.put_named(format!("s-{c}.{}", show_hashes[c / SHOW_BLOCK]), text);
        }
        let meta = json!({
            "v": VERSION,
            "lang": self.lang,
            "n": self.docs.len(),
            "fields": FIELDS,
            "boosts": BOOSTS,
            "pairBoost": PAIR_BOOST,
            "tokens": self.total_tokens,
            "k": {
                "exact": query::EXACT,
                "prefix": query::PREFIX,
                "fuzzy": query::FUZZY,
                "synonym": query::SYNONYM,
                "few": query::FEW,
                "phone": query::PHONE_DIGITS,
                "expansions": query::MAX_EXPANSIONS,
            },
            "stop": stopwords::of(&self.lang),
            "neg": query::negations(&self.lang),
            "longest": self.dictionary.longest,
            "facetNames": FACETS,
            "facets": facets,
            "understood": UNDERSTOOD,
            "facetHashes": facet_hashes,
            "national": self.national_value().map_or(-1, i64::from),
            "shards": shard_names,
            "pairBuckets": buckets,
            "pairHashes": pair_hashes,
            "pairBlock": PAIR_BLOCK,
            "showHashes": show_hashes,
            "showBlock": SHOW_BLOCK,
            "showChunks": show_chunks,
            "showChunk": SHOW_CHUNK,
        });
        let name = w.put("meta", &meta);
        format!("{}/{name}", w.dir)
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
