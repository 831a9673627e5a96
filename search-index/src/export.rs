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

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::{json, Value};

use crate::index::SearchDoc;
use crate::index::{BOOSTS, FACETS, FIELDS, PAIR_BOOST};
use crate::model::{Changed, Model, TermPostings};
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
    /// Every file (after an incremental export, [`Model::export_changes`], only those the
    /// previous export did not have).
    pub files: Vec<File>,
    /// After an incremental export, the paths of the files the previous export already had
    /// (same name, so same contents); with [`Export::files`], every file of the export.
    pub unchanged: Vec<String>,
}

/// One term's (or phrase pair's) postings as its shard (or bucket) holds them: inline JSON,
/// or the quoted name of the `p` file that holds them.
#[derive(Debug)]
struct Row {
    text: String,
    /// The `p` file's name, when the postings have a file of their own.
    file: Option<String>,
}

/// What an incremental export ([`Model::export_changes`]) keeps for the next one: the rows of
/// every term and pair, the display chunks, and the names of every file.
#[derive(Debug, Default)]
pub struct Cache {
    terms: Vec<(String, Row)>,
    pairs: Vec<(String, Row)>,
    /// The phrase-pair buckets' texts.
    buckets: Vec<String>,
    show: Vec<String>,
    names: HashSet<String>,
}

/// A shard: a term's first character, and its second when the first's shard is split (none
/// for a one-character term).
type ShardId = (Option<char>, Option<Option<char>>);

/// A previous export's rows, with the keys whose postings changed and the changed ordinals.
type Previous<'c> = (Vec<(String, Row)>, &'c BTreeSet<String>, &'c Changed);

struct Writer<'s> {
    dir: String,
    /// Takes each file as soon as it is made.
    sink: &'s mut dyn FnMut(File),
    /// Every name written (or kept) so far.
    names: HashSet<String>,
    /// The names of the previous export (incremental only): such a file is not made again.
    previous: Option<HashSet<String>>,
    /// Paths of the files kept from the previous export.
    kept: Vec<String>,
}

impl Writer<'_> {
    /// Writes `value` as `<stem>.<hash>.js` (once for equal contents); returns `<stem>.<hash>`.
    fn put(&mut self, stem: &str, value: &Value) -> String {
        self.put_text(stem, &value.to_string())
    }

    /// [`Writer::put`] for already serialised JSON.
    fn put_text(&mut self, stem: &str, text: &str) -> String {
        let name = format!("{stem}.{:08x}", hash(text.as_bytes()) as u32);
        self.put_named(name, text)
    }

    /// Writes `text` as `<name>.js` unless already written; returns `name`.
    fn put_named(&mut self, name: String, text: &str) -> String {
        if self.names.contains(&name) {
            return name;
        }
        if self.previous.as_ref().is_some_and(|p| p.contains(&name)) {
            return self.keep(name);
        }
        self.names.insert(name.clone());
        // The script tells the engine its contents; the engine knows which file by the
        // script's own address (`document.currentScript`), so the name is not repeated.
        let mut js = String::with_capacity(text.len() + 7);
        js.push_str("sira$(");
        js.push_str(text);
        js.push(')');
        (self.sink)(File {
            path: format!("{}/{name}.js", self.dir),
            bytes: js.into_bytes(),
        });
        name
    }

    /// Lists `name`, a file of the previous export, without making it again; returns `name`.
    fn keep(&mut self, name: String) -> String {
        if self.names.insert(name.clone()) {
            self.kept.push(format!("{}/{name}.js", self.dir));
        }
        name
    }

    /// The row of postings `lists`: inline up to `inline` bytes of JSON, else in a `p` file
    /// (never those of a term in one document only).
    fn row(&mut self, lists: &TermPostings, inline: usize) -> Row {
        let text = postings_json(lists);
        if text.len() > inline && doc_union(lists) > 1 {
            let name = self.put_text("p", &text);
            Row {
                text: Value::String(name.clone()).to_string(),
                file: Some(name),
            }
        } else {
            Row { text, file: None }
        }
    }

    /// The rows of every entry of `map`, in order; with a previous export's rows, those of
    /// entries `changed` cannot have touched are reused (their `p` files kept), and the keys
    /// of the rows made again or gone are returned too.
    fn rows<'m>(
        &mut self,
        map: &'m BTreeMap<String, TermPostings>,
        inline: usize,
        previous: Option<Previous<'_>>,
    ) -> (Vec<(&'m str, Row)>, Vec<String>) {
        let Some((old, touched, changed)) = previous else {
            let rows = map
                .iter()
                .map(|(term, lists)| (term.as_str(), self.row(lists, inline)))
                .collect();
            return (rows, Vec::new());
        };
        let mut old = old.into_iter().peekable();
        // Walked beside the entries (all in order), not looked up.
        let mut touched = touched.iter().peekable();
        let mut out = Vec::with_capacity(map.len());
        let mut redone = Vec::new();
        for (term, lists) in map {
            while let Some((gone, _)) = old.next_if(|(t, _)| t < term) {
                redone.push(gone);
            }
            while touched.next_if(|t| *t < term).is_some() {}
            let reusable = touched.next_if(|t| *t == term).is_none()
                && !lists.iter().any(|(_, l)| changed.touches(l));
            let row = match old.next_if(|(t, _)| t == term) {
                Some((_, row)) if reusable => {
                    if let Some(name) = &row.file {
                        self.keep(name.clone());
                    }
                    row
                }
                _ => {
                    redone.push(term.clone());
                    self.row(lists, inline)
                }
            };
            out.push((term.as_str(), row));
        }
        redone.extend(old.map(|(gone, _)| gone));
        (out, redone)
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

/// A character as lowercase hex (the empty string for none): shard names are made of a
/// term's first character and, in a split shard, its second.
fn char_hex(c: Option<char>) -> String {
    c.map_or_else(String::new, |c| format!("{:x}", c as u32))
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
    posts: Vec<&'a str>,
    surfaces: Vec<String>,
    stray: Vec<String>,
    dict: serde_json::Map<String, Value>,
}

impl<'a> Shard<'a> {
    /// Adds `other`'s terms after this shard's (strays and dictionary keys are added apart).
    fn append(&mut self, mut other: Shard<'a>) {
        self.terms.append(&mut other.terms);
        self.posts.append(&mut other.posts);
        self.surfaces.append(&mut other.surfaces);
    }

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
        Export {
            meta,
            files,
            unchanged: Vec::new(),
        }
    }

    /// [`Model::export`], handing each file to `sink` as soon as it is made (a large site's
    /// export is then never all in memory); returns the meta file's path without extension.
    pub fn export_each(&self, sink: &mut dyn FnMut(File)) -> String {
        self.export_with(None, false, sink).0
    }

    /// The export again after [`Model::update`]s, made only where they changed it: the rows of
    /// terms and pairs the updates did not touch, and the display chunks of documents that did
    /// not change or move, are reused from the previous call, and only the files the previous
    /// call did not have are made ([`Export::files`]; the others are listed in
    /// [`Export::unchanged`]). Equal, file for file, to [`Model::export`] (tests/incremental.rs).
    /// The first call makes every file.
    pub fn export_changes(&mut self) -> Export {
        let changed = std::mem::take(&mut self.changed);
        let previous = self.cache.take().map(|c| (*c, &changed));
        let mut files = Vec::new();
        let (meta, unchanged, cache) = self.export_with(previous, true, &mut |f| files.push(f));
        self.cache = Some(Box::new(cache));
        Export {
            meta,
            files,
            unchanged,
        }
    }

    /// The export, reusing a previous export's cache where `Changed` allows; returns the meta
    /// file's path, the paths kept from the previous export, and (with `keep`) the cache for
    /// the next one.
    fn export_with(
        &self,
        previous: Option<(Cache, &Changed)>,
        keep: bool,
        sink: &mut dyn FnMut(File),
    ) -> (String, Vec<String>, Cache) {
        let (mut old, changed) = match previous {
            Some((cache, changed)) => (cache, Some(changed)),
            None => (Cache::default(), None),
        };
        let mut w = Writer {
            dir: format!("search/{}", self.lang),
            sink,
            names: Default::default(),
            previous: changed.map(|_| std::mem::take(&mut old.names)),
            kept: Vec::new(),
        };
        // Term shards by first character (split by second character when large), with the
        // surface forms of each term and the dictionary keys they begin; long postings in files
        // of their own (never those of a term in one fiche only).
        let (rows, _) = w.rows(
            &self.terms,
            INLINE_POSTINGS,
            changed.map(|c| (std::mem::take(&mut old.terms), &c.terms, c)),
        );
        // Which first characters are split: measured with every surface beside its term.
        let first = |t: &str| t.chars().next();
        let mut sizes: BTreeMap<Option<char>, usize> = BTreeMap::new();
        for (term, row) in &rows {
            *sizes.entry(first(term)).or_default() += term.len() + row.text.len() + 8;
        }
        for (surface, (term, _)) in &self.surfaces {
            *sizes.entry(first(term)).or_default() += surface.len() + 2;
        }
        let split: BTreeSet<Option<char>> = sizes
            .into_iter()
            .filter(|(_, n)| *n > SHARD_SPLIT)
            .map(|(k, _)| k)
            .collect();
        // A shard: a first character, and the second when the first's shard is split.
        let shard_of = |t: &str| -> ShardId {
            let c = first(t);
            (c, split.contains(&c).then(|| t.chars().nth(1)))
        };
        // The surface forms of each term (by its row), and the strays, by shard.
        let mut forms: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        let mut shards: BTreeMap<ShardId, Shard> = BTreeMap::new();
        for (surface, (term, _)) in &self.surfaces {
            let here = shard_of(surface);
            match rows.binary_search_by(|(t, _)| (*t).cmp(term.as_str())) {
                Ok(at) if here == shard_of(term) => {
                    forms
                        .entry(at)
                        .or_default()
                        .push(match surface.strip_prefix(term.as_str()) {
                            Some(rest) => rest.to_string(),
                            None => format!("={surface}"),
                        })
                }
                _ => shards.entry(here).or_default().stray.push(surface.clone()),
            }
        }
        // Terms in order, so a shard's come one after another.
        let mut current: Option<(ShardId, Shard)> = None;
        for (at, (term, row)) in rows.iter().enumerate() {
            let key = shard_of(term);
            if current.as_ref().is_none_or(|(k, _)| *k != key) {
                if let Some((k, s)) = current.take() {
                    shards.entry(k).or_default().append(s);
                }
                current = Some((key, Shard::default()));
            }
            if let Some((_, shard)) = &mut current {
                shard.terms.push(term);
                shard.posts.push(&row.text);
                shard.surfaces.push(match forms.remove(&at) {
                    Some(mut forms) => {
                        forms.sort();
                        forms.join(" ")
                    }
                    None => String::new(),
                });
            }
        }
        if let Some((k, s)) = current {
            shards.entry(k).or_default().append(s);
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
        let mut shards: Vec<(String, Shard)> = shards
            .into_iter()
            .map(|((first, second), shard)| match second {
                Some(second) => (format!("{}-{}", char_hex(first), char_hex(second)), shard),
                None => (char_hex(first), shard),
            })
            .collect();
        shards.sort_by(|a, b| a.0.cmp(&b.0));
        let mut shard_names = serde_json::Map::new();
        for (key, shard) in shards {
            let text = shard.json();
            match key.split_once('-') {
                Some((first, second)) => {
                    let name = w.put_text(&format!("t-{key}"), &text);
                    let h = name.rsplit('.').next().unwrap_or_default().to_string();
                    let entry = shard_names
                        .entry(first.to_string())
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(parts) = entry {
                        parts.push(json!([second, h]));
                    }
                }
                None => {
                    let name = w.put_text(&format!("t-{key}"), &text);
                    shard_names.insert(key, Value::String(name));
                }
            }
        }
        // Phrase pairs in buckets by hash.
        // Pair postings stay in their bucket up to PAIR_INLINE bytes.
        let (pairs, redone) = w.rows(
            &self.pairs,
            PAIR_INLINE,
            changed.map(|c| (std::mem::take(&mut old.pairs), &c.pairs, c)),
        );
        let bytes: usize = pairs.iter().map(|(t, r)| t.len() + r.text.len() + 4).sum();
        let buckets = bytes.div_ceil(PAIR_BUCKET_BYTES).clamp(1, 4096);
        // Only the buckets of pairs made again or gone change (unless their number did).
        let old_buckets = std::mem::take(&mut old.buckets);
        let redo: Option<BTreeSet<usize>> = (changed.is_some() && old_buckets.len() == buckets)
            .then(|| redone.iter().map(|t| pair_bucket(t, buckets)).collect());
        let mut bucket_rows: Vec<Option<(Vec<String>, Vec<&str>)>> = (0..buckets)
            .map(|b| {
                redo.as_ref()
                    .is_none_or(|r| r.contains(&b))
                    .then(Default::default)
            })
            .collect();
        for (term, row) in &pairs {
            if let Some(b) = &mut bucket_rows[pair_bucket(term, buckets)] {
                b.0.push(Value::String(term.to_string()).to_string());
                b.1.push(&row.text);
            }
        }
        let bucket_text = |(t, p): (Vec<String>, Vec<&str>)| {
            format!("{{\"t\":[{}],\"p\":[{}]}}", t.join(","), p.join(","))
        };
        let bucket_texts: Vec<String> = if redo.is_some() {
            old_buckets
                .into_iter()
                .zip(bucket_rows)
                .map(|(text, rows)| rows.map_or(text, bucket_text))
                .collect()
        } else {
            bucket_rows
                .into_iter()
                .map(|rows| bucket_text(rows.unwrap_or_default()))
                .collect()
        };
        // Named `b-<n>.<hash of its block of PAIR_BLOCK buckets>`: meta lists one hash per block.
        let pair_hashes = block_hashes(&bucket_texts, PAIR_BLOCK);
        for (b, text) in bucket_texts.iter().enumerate() {
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
            for (v, text) in texts.iter().enumerate() {
                w.put_named(format!("f-{i}-{v}.{h}"), text);
            }
            facet_hashes.push(Value::String(h));
        }
        // Display chunks, named `s-<n>.<hash of its block>`; a chunk none of whose documents
        // changed or moved is reused.
        let mut old_show = std::mem::take(&mut old.show);
        let show: Vec<String> = self
            .docs
            .chunks(SHOW_CHUNK)
            .enumerate()
            .map(|(c, chunk)| {
                let from = (c * SHOW_CHUNK) as u32;
                let to = from + chunk.len() as u32;
                let same = changed.is_some_and(|ch| {
                    c < old_show.len() && ch.ords.is_none_or(|(a, b)| b <= from || to <= a)
                });
                if same {
                    std::mem::take(&mut old_show[c])
                } else {
                    show_chunk(chunk)
                }
            })
            .collect();
        let show_hashes = block_hashes(&show, SHOW_BLOCK);
        let show_chunks = show.len();
        for (c, text) in show.iter().enumerate() {
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
        let meta = format!("{}/{name}", w.dir);
        // Only an incremental export keeps what it made (a build's export is never all in
        // memory at once).
        let cache = if keep {
            let own = |rows: Vec<(&str, Row)>| -> Vec<(String, Row)> {
                rows.into_iter().map(|(t, r)| (t.to_string(), r)).collect()
            };
            Cache {
                terms: own(rows),
                pairs: own(pairs),
                buckets: bucket_texts,
                show,
                names: w.names,
            }
        } else {
            Cache::default()
        };
        (meta, w.kept, cache)
    }
}

/// One display chunk: per document, what a result shows.
fn show_chunk(chunk: &[SearchDoc]) -> String {
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
