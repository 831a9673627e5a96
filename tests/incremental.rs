//! The incremental search export (`sira serve` after an edit) equals a fresh export: random
//! sequences of edits (name, summary, body, facets), additions, removals and renames, applied
//! to the export model of the shipped site's fiches and of a synthetic site, give byte for byte the files a fresh index
//! of the same documents exports. `tests/serve.rs` checks the same through the server.

mod common;

use sira_search_index::{LangIndex, Model, SearchDoc};

/// xorshift64*: a small deterministic generator (the sequences must be repeatable).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The shipped site's search documents in `lang`, with what a fresh index needs.
struct Corpus {
    lang: String,
    docs: Vec<SearchDoc>,
    defs: sira_search_index::FacetDefs,
    groups: Vec<sira_search_index::Group>,
}

fn corpora(root: &std::path::Path) -> Vec<Corpus> {
    let outcome = sira::validate::run(root, common::options()).expect("loads");
    let site = outcome.site.expect("the shipped site is valid");
    let default = &site.config.default_language;
    site.config
        .languages
        .iter()
        .map(|lang| Corpus {
            lang: lang.clone(),
            docs: site
                .fiches
                .iter()
                .filter(|f| f.front.draft != Some(true))
                .map(|f| sira::index::search_doc(f, lang, &site.vocab, default))
                .collect(),
            defs: sira::index::facet_defs(&site.vocab, lang),
            groups: site.vocab.synonyms.get(lang).cloned().unwrap_or_default(),
        })
        .collect()
}

fn fresh(c: &Corpus, docs: &[SearchDoc]) -> Model {
    LangIndex::build(&c.lang, docs.to_vec(), c.defs.clone(), &c.groups)
        .expect("indexes")
        .into_model()
        .expect("reads back")
}

/// Asserts that two exports have the same files, byte for byte.
fn same_export(patched: &Model, fresh: &Model, what: &str) {
    let (a, b) = (patched.export(), fresh.export());
    assert_eq!(a.meta, b.meta, "{what}: meta differs");
    let names = |e: &sira_search_index::export::Export| -> Vec<String> {
        e.files.iter().map(|f| f.path.clone()).collect()
    };
    assert_eq!(names(&a), names(&b), "{what}: file names differ");
    for (x, y) in a.files.iter().zip(&b.files) {
        assert!(x.bytes == y.bytes, "{what}: {} differs", x.path);
    }
}

/// The files an incremental export ([`Model::export_changes`]) leaves: those it made, and
/// those it lists as unchanged with their bytes from `before` (the previous export's files).
fn apply_changes(
    model: &mut Model,
    before: &std::collections::BTreeMap<String, Vec<u8>>,
) -> (String, std::collections::BTreeMap<String, Vec<u8>>) {
    let e = model.export_changes();
    let mut now: std::collections::BTreeMap<String, Vec<u8>> =
        e.files.into_iter().map(|f| (f.path, f.bytes)).collect();
    for path in e.unchanged {
        let bytes = before
            .get(&path)
            .unwrap_or_else(|| panic!("{path} is listed as unchanged but was not there"));
        assert!(
            now.insert(path.clone(), bytes.clone()).is_none(),
            "{path} both made and kept"
        );
    }
    (e.meta, now)
}

/// Asserts that the files an incremental export leaves are a fresh export's, byte for byte.
fn same_files(
    (meta, files): &(String, std::collections::BTreeMap<String, Vec<u8>>),
    fresh: &Model,
    what: &str,
) {
    let b = fresh.export();
    assert_eq!(meta, &b.meta, "{what}: incremental meta differs");
    let fresh: std::collections::BTreeMap<String, Vec<u8>> =
        b.files.into_iter().map(|f| (f.path, f.bytes)).collect();
    let names = |m: &std::collections::BTreeMap<String, Vec<u8>>| -> Vec<String> {
        m.keys().cloned().collect()
    };
    assert_eq!(
        names(files),
        names(&fresh),
        "{what}: incremental file names differ"
    );
    for (path, bytes) in files {
        assert!(bytes == &fresh[path], "{what}: incremental {path} differs");
    }
}

/// One random change to the documents, applied to `model` as `sira serve` applies it.
fn step(rng: &mut Rng, docs: &mut Vec<SearchDoc>, spare: &mut Vec<SearchDoc>, model: &mut Model) {
    let pool: Vec<SearchDoc> = docs.iter().chain(spare.iter()).cloned().collect();
    let other = pool[rng.below(pool.len())].clone();
    let at = rng.below(docs.len());
    match rng.below(8) {
        // A new name (moves the document in name order) and with it the name's words.
        0 | 1 => {
            let d = &mut docs[at];
            d.name = format!("{} {}", other.name, rng.below(100));
            d.sort_key = d.name.to_lowercase();
            d.text[0] = d.name.clone();
            if let Some(p) = d.phrases.first_mut() {
                *p = d.name.clone();
            }
        }
        // Another summary, body or offers.
        2 => {
            let d = &mut docs[at];
            d.summary = other.summary.clone();
            d.text[2] = other.text[2].clone();
        }
        3 => {
            let d = &mut docs[at];
            d.text[5] = other.text[5].clone();
            d.text[1] = other.text[1].clone();
            // Its offers go, and with them their phrase pairs (some found in no other fiche).
            d.phrases.truncate(usize::from(rng.below(2) == 0));
        }
        // Other regions, sectors, kind, eligibility, services (and what the result shows).
        4 => {
            let d = &mut docs[at];
            d.facets = other.facets.clone();
            d.card = other.card.clone();
            d.text[4] = other.text[4].clone();
        }
        // A fiche added, removed, or renamed (a new address).
        5 if !spare.is_empty() => {
            let d = spare.remove(rng.below(spare.len()));
            model.update(&d.url, Some(d.clone())).expect("adds");
            docs.push(d);
            return;
        }
        6 if docs.len() > 2 => {
            let d = docs.remove(at);
            model.update(&d.url, None).expect("removes");
            spare.push(d);
            return;
        }
        _ => {
            let old = docs[at].url.clone();
            docs[at].url = format!("renamed/{}-{}", rng.below(1000), old.replace('/', "-"));
            model.update(&old, None).expect("removes");
        }
    }
    let d = docs[at].clone();
    model.update(&d.url.clone(), Some(d)).expect("updates");
}

/// The shipped site's fiches, and a synthetic site of 300 fiches (`sira-corpus`).
fn every_corpus() -> Vec<Corpus> {
    let synthetic = tempfile::tempdir().expect("temp");
    sira::corpus::generate_on(synthetic.path(), 300, 11, common::options().today).expect("corpus");
    let mut all = corpora(&common::repo());
    all.extend(corpora(synthetic.path()));
    all
}

#[test]
fn incremental_export_equals_a_fresh_export_after_random_edits() {
    for c in every_corpus() {
        for seed in [1u64, 7, 42] {
            let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
            let mut docs = c.docs.clone();
            // A few documents start outside the site, to be added.
            let mut spare: Vec<SearchDoc> =
                (0..5).map(|_| docs.remove(rng.below(docs.len()))).collect();
            let mut model = fresh(&c, &docs);
            // What `sira serve` keeps on disk: the first export, then each incremental one.
            let mut on_disk = apply_changes(&mut model, &Default::default());
            for round in 0..6 {
                // One to five changes between exports (an editor's saves come one by one, a
                // checkout's several at once).
                for _ in 0..1 + rng.below(5) {
                    step(&mut rng, &mut docs, &mut spare, &mut model);
                }
                let what = format!("{} seed {seed} round {round}", c.lang);
                let fresh = fresh(&c, &docs);
                same_export(&model, &fresh, &what);
                on_disk = apply_changes(&mut model, &on_disk.1);
                same_files(&on_disk, &fresh, &what);
            }
        }
    }
}

#[test]
fn an_unchanged_document_changes_nothing_and_an_edit_changes_few_files() {
    let c = corpora(&common::repo()).remove(0);
    let mut model = fresh(&c, &c.docs);
    let before = model.export();
    let d = c.docs[c.docs.len() / 2].clone();
    assert!(!model.update(&d.url, Some(d.clone())).expect("updates"));
    assert!(!model.update("no/such-page.html", None).expect("updates"));
    // One word of the body replaced by another: the name order and the body's length stay,
    // so only the files holding the two words, and the meta file that names them, change.
    let mut edited = d.clone();
    let word = edited.text[5]
        .split_whitespace()
        .find(|w| w.len() > 5 && w.chars().all(char::is_alphabetic))
        .expect("a word")
        .to_string();
    edited.text[5] = edited.text[5].replacen(&word, "menuiserie", 1);
    assert!(model.update(&d.url, Some(edited)).expect("updates"));
    let after = model.export();
    let old: std::collections::BTreeSet<&str> =
        before.files.iter().map(|f| f.path.as_str()).collect();
    let changed = after
        .files
        .iter()
        .filter(|f| !old.contains(f.path.as_str()))
        .count();
    assert!(changed > 0, "the export must change");
    // At most: the shards and postings files of the two words, and meta.
    assert!(
        changed <= 5,
        "{changed} of {} files changed for one word of a body",
        after.files.len()
    );
}

#[test]
fn an_edit_in_place_on_a_larger_site_remakes_only_its_files() {
    // 1,000 synthetic fiches: enough phrase-pair buckets that an edit's pairs fall in few.
    let dir = tempfile::tempdir().expect("temp");
    sira::corpus::generate_on(dir.path(), 1000, 5, common::options().today).expect("corpus");
    let c = corpora(dir.path()).remove(0);
    let mut docs = c.docs.clone();
    let mut model = fresh(&c, &docs);
    let mut on_disk = apply_changes(&mut model, &Default::default());
    let total = on_disk.1.len();
    for at in [0, docs.len() / 3, docs.len() - 1] {
        // A letter added to the name's last word, the sort key kept (the fiche stays in place):
        // the phrase pair ending with that word (found in this fiche only) is gone.
        let d = &mut docs[at];
        d.name.push('x');
        d.text[0] = d.name.clone();
        d.phrases[0] = d.name.clone();
        let d = d.clone();
        assert!(model.update(&d.url, Some(d.clone())).expect("updates"));
        let before = on_disk.1.clone();
        on_disk = apply_changes(&mut model, &before);
        same_files(&on_disk, &fresh(&c, &docs), &format!("name of {at} edited"));
        let made = on_disk
            .1
            .keys()
            .filter(|p| !before.contains_key(*p))
            .count();
        assert!(
            made > 0 && made * 20 < total,
            "{made} of {total} files made again"
        );
    }
}
