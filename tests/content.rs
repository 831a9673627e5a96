//! The shipped directory is complete: every organisation of the 2023 mapping's annex (37
//! partner fiches, 11 actor fiches) has a fiche that cites its annex fiche, and every fiche has
//! sources and an English translation.

mod common;

use sira::values::fold;

/// (slug, a word of its name as the annex gives it, annex fiche).
const ANNEX: [(&str, &str, &str); 48] = [
    ("cfp-missabougou", "Missabougou", "partenaire 1"),
    ("cfp-senou", "Senou", "partenaire 2"),
    ("ecica", "ECICA", "partenaire 3"),
    ("centre-pere-michel", "Pere Michel", "partenaire 4"),
    ("ifpi-kayes", "IFPI", "partenaire 5"),
    ("ifpt-kayes", "IFPT", "partenaire 6"),
    ("atelier-ecole-kayes", "Atelier", "partenaire 7"),
    ("cfap-kayes", "CFAP", "partenaire 8"),
    ("cfp-markala", "Markala", "partenaire 9"),
    ("donilab", "Donilab", "partenaire 10"),
    ("impact-hub", "Impact Hub", "partenaire 11"),
    ("createam", "Createam", "partenaire 12"),
    ("jokkolabs", "Jokkolabs", "partenaire 13"),
    ("apej", "APEJ", "partenaire 14"),
    ("anpe", "ANPE", "partenaire 15"),
    ("api", "API", "partenaire 16"),
    ("swisscontact", "Swisscontact", "partenaire 17"),
    ("avsf", "AVSF", "partenaire 18"),
    ("grdr", "GRDR", "partenaire 19"),
    ("agrivision-sahel", "Agrivision", "partenaire 20"),
    ("bnda", "BNDA", "partenaire 21"),
    ("baobab", "Baobab", "partenaire 22"),
    ("zira-capital", "Zira", "partenaire 23"),
    ("mali-angel", "Mali Angel", "partenaire 24"),
    ("fadev", "FADEV", "partenaire 25"),
    ("union-des-ambassadeurs", "Ambassadeurs", "partenaire 26"),
    ("waeif", "WAEIF", "partenaire 27"),
    ("rmo", "RMO", "partenaire 28"),
    ("famib-cirtic", "CIRTIC", "partenaire 29"),
    ("saer-emploi", "SAER", "partenaire 30"),
    ("br-consulting", "BR Consulting", "partenaire 31"),
    ("croix-rouge-malienne", "Croix-Rouge", "partenaire 32"),
    ("caritas-suisse", "Caritas", "partenaire 33"),
    ("enda-mali", "ENDA", "partenaire 34"),
    ("ame", "AME", "partenaire 35"),
    ("coopi", "COOPI", "partenaire 36"),
    ("unicef", "UNICEF", "partenaire 37"),
    ("banque-mondiale", "Banque mondiale", "acteur 1"),
    ("giz", "GIZ", "acteur 2"),
    ("afd", "AFD", "acteur 3"),
    ("snv", "SNV", "acteur 4"),
    ("luxdev", "LuxDev", "acteur 5"),
    ("aecid", "AECID", "acteur 6"),
    ("danida", "DANIDA", "acteur 7"),
    ("fida", "FIDA", "acteur 8"),
    ("pnud", "PNUD", "acteur 9"),
    ("fao", "FAO", "acteur 10"),
    ("ddc", "suisse", "acteur 11"),
];

/// Does `locator` cite `fiche <kind> <n>` (and not, say, 10 when looking for 1)?
fn cites(locator: &str, wanted: &str) -> bool {
    let (kind, n) = wanted.split_once(' ').expect("kind and number");
    let l = fold(locator);
    // "fiche partenaire 21", "fiches partenaires 14 (APEJ), 15 (ANPE)", "fiche acteur 2".
    l.match_indices(&fold(kind)).any(|(i, _)| {
        l[i..]
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .take(6)
            .any(|num| num == n)
            && l[i..]
                .trim_start_matches(|c: char| c.is_alphabetic() || c == ' ')
                .starts_with(n)
    })
}

#[test]
fn every_annex_organisation_has_a_fiche_citing_its_annex_fiche() {
    let outcome = sira::validate::run(&common::repo(), common::options()).expect("readable");
    let site = outcome.site.expect("site");
    let mut missing = Vec::new();
    for (slug, name, fiche) in ANNEX {
        let Some(f) = site.fiches.iter().find(|f| f.slug == slug) else {
            missing.push(format!("{slug}: no fiche"));
            continue;
        };
        let full = format!(
            "{} {}",
            f.front.name.as_deref().unwrap_or_default(),
            f.front.acronym.as_deref().unwrap_or_default()
        );
        if !fold(&full).contains(&fold(name)) {
            missing.push(format!("{slug}: name `{full}` does not contain `{name}`"));
        }
        let cited = f.front.sources.iter().any(|s| {
            s.document.as_deref() == Some("altai-2023-annexes")
                && s.locator.as_deref().is_some_and(|l| cites(l, fiche))
        });
        if !cited {
            missing.push(format!(
                "{slug}: no source citing « fiche {fiche} » of the annexes"
            ));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_fiche_has_sources_and_both_languages() {
    let outcome = sira::validate::run(&common::repo(), common::options()).expect("readable");
    let site = outcome.site.expect("site");
    assert!(site.fiches.len() >= 48, "{} fiches", site.fiches.len());
    for f in &site.fiches {
        assert!(!f.front.sources.is_empty(), "{}: no source", f.slug);
        let en = f
            .translations
            .get("en")
            .unwrap_or_else(|| panic!("{}: no English", f.slug));
        // A proper name that does not change (GIZ's German name) may be left to the default file.
        assert!(en.front.summary.is_some(), "{}: English summary", f.slug);
        assert!(
            !en.body.as_str().trim().is_empty() || f.body.as_str().trim().is_empty(),
            "{}: English text",
            f.slug
        );
    }
    let pages: Vec<&str> = site.pages.iter().map(|p| p.slug.as_str()).collect();
    for p in ["about", "glossary", "guide"] {
        assert!(pages.contains(&p), "page {p}");
    }
    assert!(site.pages.iter().all(|p| p.translations.contains_key("en")));
}

#[test]
fn citation_matching_is_exact() {
    assert!(cites("Fiche partenaire 1", "partenaire 1"));
    assert!(!cites("Fiche partenaire 10", "partenaire 1"));
    assert!(cites(
        "Liste des acteurs rencontrés ; fiche partenaire 14 ; fiches acteurs 4 (SNV)",
        "partenaire 14"
    ));
    assert!(cites("Fiches acteurs 7 et 1", "acteur 7"));
    assert!(!cites(
        "Fiche acteur 2 ; fiche partenaire 15 (ANPE)",
        "acteur 15"
    ));
}
