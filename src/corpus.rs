//! A synthetic corpus generator for tests and benchmarks: a complete, valid site of `n` fiches
//! in every configured language, deterministic for a given seed.
//!
//! Running text follows Zipf's law, as real text does: words are drawn from a vocabulary of
//! [`VOCABULARY`] words (generated filler words, with the directory's own words spread over the
//! frequent ranks), so that some words occur in almost every fiche and most in few. Names are
//! two directory words and a number; acronyms are the name's initials.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use crate::values::Date;

/// The shipped vocabularies, so a generated site is self-contained.
const VOCABS: [(&str, &str); 7] = [
    ("regions", include_str!("../content/_vocab/regions.toml")),
    ("sectors", include_str!("../content/_vocab/sectors.toml")),
    ("services", include_str!("../content/_vocab/services.toml")),
    ("kinds", include_str!("../content/_vocab/kinds.toml")),
    (
        "languages",
        include_str!("../content/_vocab/languages.toml"),
    ),
    (
        "documents",
        include_str!("../content/_vocab/documents.toml"),
    ),
    (
        "eligibility",
        include_str!("../content/_vocab/eligibility.toml"),
    ),
];

const SECTIONS: [&str; 6] = [
    "formation",
    "entrepreneuriat",
    "emploi",
    "finance",
    "ong",
    "bailleurs",
];
const KINDS: [&str; 8] = [
    "public-training-centre",
    "private-training-centre",
    "incubator",
    "public-agency",
    "microfinance",
    "bank",
    "ngo",
    "bilateral-cooperation",
];
const REGIONS: [&str; 21] = [
    "bamako",
    "kayes",
    "koulikoro",
    "sikasso",
    "segou",
    "mopti",
    "tombouctou",
    "gao",
    "kidal",
    "menaka",
    "taoudenit",
    "nioro",
    "kita",
    "dioila",
    "nara",
    "bougouni",
    "koutiala",
    "san",
    "douentza",
    "bandiagara",
    "national",
];
const SECTORS: [&str; 14] = [
    "agriculture",
    "livestock",
    "fisheries",
    "agrifood",
    "construction",
    "electrical",
    "metalwork",
    "woodwork",
    "mechanics",
    "textile",
    "beauty",
    "digital",
    "trade",
    "energy",
];
const SERVICES: [&str; 10] = [
    "vocational-training",
    "literacy",
    "entrepreneurship-training",
    "business-support",
    "start-up-kits",
    "credit",
    "job-placement",
    "guidance",
    "reintegration",
    "psychosocial",
];
const ELIGIBILITY: [&str; 5] = ["open", "conditions", "referred", "not-direct", "not-stated"];
const WORDS_FR: [&str; 40] = [
    "formation",
    "soudure",
    "crédit",
    "agricole",
    "jeunes",
    "femmes",
    "retour",
    "migrants",
    "atelier",
    "apprentissage",
    "maraîchage",
    "élevage",
    "couture",
    "mécanique",
    "menuiserie",
    "coiffure",
    "électricité",
    "insertion",
    "emploi",
    "entreprise",
    "microfinance",
    "épargne",
    "accompagnement",
    "orientation",
    "certificat",
    "attestation",
    "région",
    "cercle",
    "commune",
    "coopérative",
    "transformation",
    "céréales",
    "poisson",
    "volaille",
    "solaire",
    "numérique",
    "commerce",
    "projet",
    "subvention",
    "stage",
];
const WORDS_EN: [&str; 40] = [
    "training",
    "welding",
    "credit",
    "farming",
    "youth",
    "women",
    "return",
    "migrants",
    "workshop",
    "apprenticeship",
    "gardening",
    "livestock",
    "tailoring",
    "mechanics",
    "carpentry",
    "hairdressing",
    "electricity",
    "placement",
    "jobs",
    "business",
    "microfinance",
    "savings",
    "coaching",
    "guidance",
    "certificate",
    "attestation",
    "region",
    "district",
    "town",
    "cooperative",
    "processing",
    "cereals",
    "fish",
    "poultry",
    "solar",
    "digital",
    "trade",
    "project",
    "grant",
    "internship",
];

/// A small deterministic pseudo-random generator (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One element of a slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `k` distinct elements of a slice, in slice order.
    pub fn some<'a, T>(&mut self, items: &'a [T], k: usize) -> Vec<&'a T> {
        let mut idx: Vec<usize> = (0..items.len()).collect();
        for i in 0..k.min(items.len()) {
            let j = i + self.below(items.len() - i);
            idx.swap(i, j);
        }
        let mut chosen: Vec<usize> = idx.into_iter().take(k.min(items.len())).collect();
        chosen.sort_unstable();
        chosen.into_iter().map(|i| &items[i]).collect()
    }
}

fn quoted(items: &[&&str]) -> String {
    items
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Size of the running-text vocabulary of each language.
pub const VOCABULARY: usize = 4000;

/// A Zipf (s = 1) distribution over a language's running-text vocabulary.
struct Zipf {
    words: Vec<String>,
    /// Cumulative weights, scaled to `u64`.
    cumulative: Vec<u64>,
}

impl Zipf {
    /// The vocabulary: filler words made of syllables, with `domain[k]` at rank `10 (k + 1)`.
    fn new(domain: &[&str], seed: u64) -> Self {
        const ONSETS: [&str; 14] = [
            "b", "d", "f", "g", "k", "l", "m", "n", "s", "t", "y", "dj", "ts", "w",
        ];
        const VOWELS: [&str; 5] = ["a", "e", "i", "o", "u"];
        let mut rng = Rng::new(seed);
        let mut seen = std::collections::HashSet::new();
        let mut filler = Vec::new();
        while filler.len() < VOCABULARY {
            let mut w = String::new();
            for _ in 0..2 + rng.below(3) {
                w.push_str(ONSETS[rng.below(ONSETS.len())]);
                w.push_str(VOWELS[rng.below(VOWELS.len())]);
            }
            if seen.insert(w.clone()) {
                filler.push(w);
            }
        }
        let mut words = Vec::with_capacity(VOCABULARY);
        let mut domain = domain.iter();
        let mut filler = filler.into_iter();
        for rank in 1..=VOCABULARY {
            let next = if rank % 10 == 0 { domain.next() } else { None };
            match next {
                Some(d) => words.push(d.to_string()),
                None => words.extend(filler.next()),
            }
        }
        let total: f64 = (1..=words.len()).map(|r| 1.0 / r as f64).sum();
        let mut acc = 0.0;
        let cumulative = (1..=words.len())
            .map(|r| {
                acc += 1.0 / r as f64 / total;
                (acc.min(1.0) * u64::MAX as f64) as u64
            })
            .collect();
        Zipf { words, cumulative }
    }

    fn sample(&self, rng: &mut Rng) -> &str {
        let x = rng.next_u64();
        let i = self.cumulative.partition_point(|c| *c < x);
        &self.words[i.min(self.words.len() - 1)]
    }

    fn text(&self, rng: &mut Rng, n: usize) -> String {
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(self.sample(rng));
        }
        s
    }
}

fn zipf(lang: usize) -> &'static Zipf {
    static ZIPF: std::sync::OnceLock<[Zipf; 2]> = std::sync::OnceLock::new();
    &ZIPF.get_or_init(|| [Zipf::new(&WORDS_FR, 1), Zipf::new(&WORDS_EN, 2)])[lang]
}

/// Upper-case initials of the words of `s`.
fn initials(s: &str) -> String {
    s.split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

fn sentence(rng: &mut Rng, words: &[&str], n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(words[rng.below(words.len())]);
    }
    s
}

/// The default-language and translated texts of fiche number `i`, verified within the 300
/// days before `today`.
pub fn fiche(i: usize, seed: u64, today: Date) -> (String, String, String) {
    let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let section = SECTIONS[i % SECTIONS.len()];
    let kind = rng.pick(&KINDS);
    let k = 1 + rng.below(3);
    let regions = rng.some(&REGIONS, k);
    let k = 1 + rng.below(4);
    let sectors = rng.some(&SECTORS, k);
    let k = 1 + rng.below(3);
    let services = rng.some(&SERVICES, k);
    let eligibility = rng.pick(&ELIGIBILITY);
    let phone = format!(
        "+223 {} {:02} {:02} {:02}",
        60 + rng.below(40),
        rng.below(100),
        rng.below(100),
        rng.below(100)
    );
    let mut fr = String::with_capacity(2048);
    let mut en = String::with_capacity(1024);
    let (zfr, zen) = (zipf(0), zipf(1));
    let words_fr = format!("Centre {}", sentence(&mut rng, &WORDS_FR, 2));
    let name_fr = format!("{words_fr} {i}");
    let name_en = format!("{} centre {}", sentence(&mut rng, &WORDS_EN, 2), i);
    let acronym = initials(&words_fr);
    let _ = writeln!(
        fr,
        "+++\nname = \"{name_fr}\"\nacronym = \"{acronym}\"\nkind = \"{kind}\""
    );
    let _ = writeln!(fr, "summary = \"{}.\"", zfr.text(&mut rng, 14));
    let _ = writeln!(fr, "founded = {}", 1960 + rng.below(60));
    let _ = writeln!(
        fr,
        "regions = [{}]\ncities = [\"Ville {}\"]",
        quoted(&regions),
        i % 97
    );
    let _ = writeln!(
        fr,
        "sectors = [{}]\nservices = [{}]",
        quoted(&sectors),
        quoted(&services)
    );
    let _ = writeln!(fr, "funders = [\"AFD\", \"GIZ\"]\nphones = [\"{phone}\"]");
    let _ = writeln!(fr, "entry_conditions = \"{}.\"", zfr.text(&mut rng, 10));
    // Verified within the 300 days before "today" (`SOURCE_DATE_EPOCH` aware, as the check's):
    // the corpus passes its check, none stale or in the future, on any day.
    let verified =
        Date::from_days_since_epoch(today.days_since_epoch() - 1 - rng.below(300) as i64);
    let _ = writeln!(fr, "last_verified = {verified}");
    let _ = writeln!(fr, "\n[returnees]\neligibility = \"{eligibility}\"");
    if matches!(*eligibility, "conditions" | "referred") {
        let _ = writeln!(fr, "conditions = \"{}.\"", zfr.text(&mut rng, 8));
    }
    let _ = writeln!(
        fr,
        "\n[cost]\nfree = {}\ndetails = \"{}.\"",
        rng.below(2) == 0,
        zfr.text(&mut rng, 8)
    );
    let offers = rng.below(4);
    let _ = writeln!(
        en,
        "+++\nname = \"{name_en}\"\nsummary = \"{}.\"",
        zen.text(&mut rng, 14)
    );
    if matches!(*eligibility, "conditions" | "referred") {
        let _ = writeln!(
            en,
            "\n[returnees]\nconditions = \"{}.\"",
            zen.text(&mut rng, 8)
        );
    }
    for o in 0..offers {
        let _ = writeln!(
            fr,
            "\n[[offers]]\nid = \"offre-{o}\"\nname = \"{}\"\nduration = \"{} months\"\nsectors = [\"{}\"]",
            sentence(&mut rng, &WORDS_FR, 2),
            1 + rng.below(18),
            rng.pick(&SECTORS)
        );
        let _ = writeln!(
            en,
            "\n[[offers]]\nid = \"offre-{o}\"\nname = \"{}\"",
            sentence(&mut rng, &WORDS_EN, 2)
        );
    }
    let _ = writeln!(
        fr,
        "\n[[contacts]]\nid = \"direction\"\nname = \"Direction\"\nrole = \"Directeur\"\nphones = [\"{phone}\"]\npublic = {{ document = \"altai-2023-annexes\", locator = \"Fiche synthétique {i}\" }}"
    );
    let _ = writeln!(fr, "\n[[sources]]\ndocument = \"altai-2023-annexes\"\nlocator = \"Fiche synthétique {i}\"\n+++\n");
    let _ = writeln!(en, "+++\n");
    for _ in 0..3 {
        let _ = writeln!(fr, "{}.\n", zfr.text(&mut rng, 40));
        let _ = writeln!(en, "{}.\n", zen.text(&mut rng, 40));
    }
    (section.to_string(), fr, en)
}

/// Writes a complete site with `n` fiches (French and English) under `dir`, verified recently
/// as of [`today`](crate::values::today) (`SOURCE_DATE_EPOCH` aware, as `sira check` is), so
/// the corpus passes its check on any day.
pub fn generate(dir: &Path, n: usize, seed: u64) -> io::Result<()> {
    generate_on(dir, n, seed, crate::values::today())
}

/// [`generate`] as of a given day.
pub fn generate_on(dir: &Path, n: usize, seed: u64, today: Date) -> io::Result<()> {
    std::fs::create_dir_all(dir.join("content/_vocab"))?;
    std::fs::write(
        dir.join("sira.toml"),
        "default_language = \"fr\"\nlanguages = [\"fr\", \"en\"]\n\n[title]\nfr = \"Corpus synthétique\"\nen = \"Synthetic corpus\"\n",
    )?;
    for (name, text) in VOCABS {
        std::fs::write(dir.join(format!("content/_vocab/{name}.toml")), text)?;
    }
    for section in SECTIONS {
        std::fs::create_dir_all(dir.join("content").join(section))?;
    }
    for i in 0..n {
        let (section, fr, en) = fiche(i, seed, today);
        let base = dir.join("content").join(section);
        std::fs::write(base.join(format!("fiche-{i:06}.md")), fr)?;
        std::fs::write(base.join(format!("fiche-{i:06}.en.md")), en)?;
    }
    Ok(())
}
