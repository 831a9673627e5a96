//! The open data's CSV with HXL hashtags: its columns and rows, and cells that could start a
//! spreadsheet formula.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;

use common::fixture;
use common::opendata::{build, parse_csv, read, shipped, LANGS};

#[test]
fn hxl_csv_has_the_documented_columns_and_a_row_per_organisation_and_region() {
    let out = shipped();
    let hashtags = [
        "#org+name",
        "#org+acronym",
        "#org+type",
        "#sector",
        "#adm1+name",
        "#adm1+code",
        "#adm1+code+pcode",
        "#contact+phone",
        "#contact+email",
        "#contact+url",
        "#meta+url",
        "#meta+source",
        "#date+verified",
        "#org+id",
    ];
    let headers = BTreeMap::from([
        (
            "fr",
            "Nom,Sigle,Type d'organisation,Secteurs,Région,Code ISO 3166-2 de la région,\
             P-code OCHA de la région,Téléphones,Courriels,Site web,Fiche Sira,Sources,\
             Vérifiée le,Identifiant HSDS",
        ),
        (
            "en",
            "Name,Acronym,Kind of organisation,Sectors,Region,Region ISO 3166-2 code,\
             Region OCHA P-code,Phones,E-mails,Website,Sira fiche,Sources,Verified on,\
             HSDS identifier",
        ),
    ]);
    let fiche_files: Vec<PathBuf> = std::fs::read_dir(out.join("data/fiches"))
        .expect("fiches")
        .map(|e| e.expect("entry").path())
        .collect();
    let expected_rows: usize = fiche_files
        .iter()
        .map(|p| {
            let v: Value =
                serde_json::from_str(&std::fs::read_to_string(p).expect("read")).expect("json");
            // A fiche whose sources name no place still has its row, with no region.
            v["regions"].as_array().expect("regions").len().max(1)
        })
        .sum();
    for lang in LANGS {
        let text = read(out, &format!("data/sira-{lang}.csv"));
        let mut lines = text.split("\r\n");
        assert_eq!(lines.next(), Some(headers[lang]));
        assert_eq!(lines.next(), Some(hashtags.join(",").as_str()));
        let rows = parse_csv(&text);
        assert!(rows.iter().all(|r| r.len() == hashtags.len()));
        let data = &rows[2..];
        assert_eq!(
            data.len(),
            expected_rows,
            "one row per organisation × region"
        );
        // Ordered by slug (the fiche URL ends with it), then by the vocabulary's region order.
        let slugs: Vec<&str> = data
            .iter()
            .map(|r| {
                let file = r[10].rsplit('/').next().unwrap_or_default();
                file.strip_suffix(".html").unwrap_or(file)
            })
            .collect();
        let mut sorted = slugs.clone();
        sorted.sort();
        assert_eq!(slugs, sorted);
        // A fiche in Bamako and Kayes: two rows with their ISO 3166-2 codes.
        let ame: Vec<&Vec<String>> = data.iter().filter(|r| r[1] == "AME").collect();
        assert_eq!(ame.len(), 2);
        let regions: Vec<(&str, &str)> =
            ame.iter().map(|r| (r[4].as_str(), r[5].as_str())).collect();
        let bamako = if lang == "fr" {
            "District de Bamako"
        } else {
            "Bamako District"
        };
        assert_eq!(regions, [(bamako, "ML-BKO"), ("Kayes", "ML-1")]);
        let row = ame[0];
        assert_eq!(row[6], "", "no P-code recorded in the vocabulary");
        assert_eq!(row[7], "", "the president's own number is not published");
        assert_eq!(row[10], format!("../{lang}/ong/ame.html"));
        assert!(row[11].contains("Fiche partenaire 35"), "{}", row[11]);
        assert_eq!(row[12], "2022-11-10");
        assert_eq!(row[13], sira::opendata::id("organization:ame"));
        assert!(row[3].contains(" | "), "sectors joined: {}", row[3]);
        // The fiche page the row links to exists.
        assert!(out.join("data").join(&row[10]).is_file());
        // A fiche whose sources name no place: one row, region left blank.
        let fam: Vec<&Vec<String>> = data.iter().filter(|r| r[1] == "FAM").collect();
        assert_eq!(fam.len(), 1);
        assert_eq!((fam[0][4].as_str(), fam[0][5].as_str()), ("", ""));
    }
}

#[test]
fn csv_cells_that_would_start_a_formula_are_neutralised() {
    let site = fixture("valid");
    let fiche = site.path().join("content/formation/centre-test.md");
    let text = std::fs::read_to_string(&fiche).expect("fiche");
    // Each dangerous first character, in each kind of cell a fiche or vocabulary fills (a
    // carriage return, which values may not hold, is covered by the unit test).
    let text = text
        .replacen(
            "name = \"Centre de formation de test\"",
            "name = \"=HYPERLINK(\\\"https://evil.example/\\\",\\\"x\\\")\"",
            1,
        )
        .replacen("acronym = \"CFT\"", "acronym = \"@SUM(1)\"", 1);
    std::fs::write(&fiche, text).expect("write");
    let en = site.path().join("content/formation/centre-test.en.md");
    let text = std::fs::read_to_string(&en).expect("translation");
    let name = text
        .lines()
        .find(|l| l.starts_with("name = "))
        .expect("a translated name")
        .to_string();
    std::fs::write(&en, text.replacen(&name, "name = \"+1+1\"", 1)).expect("write");
    let vocab = |file: &str, from: &str, to: &str| {
        let path = site.path().join("content/_vocab").join(file);
        let text = std::fs::read_to_string(&path).expect("vocab");
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    };
    vocab(
        "kinds.toml",
        "fr = \"Centre de formation public\"",
        "fr = \"-2+3\"",
    );
    vocab(
        "sectors.toml",
        "fr = \"Construction métallique et soudure\"",
        "fr = \"\\t=1+1\"",
    );
    vocab(
        "documents.toml",
        "fr = \"Réintégration des migrants de retour : cartographie des acteurs, programmes et partenaires potentiels — Mali. Annexes",
        "fr = \"\u{FF20}1+1 Annexes",
    );
    let out = tempfile::tempdir().expect("temp");
    let public = out.path().join("p");
    build(site.path(), &public);
    let mut seen = BTreeSet::new();
    for lang in LANGS {
        let rows = parse_csv(&read(&public, &format!("data/sira-{lang}.csv")));
        for row in &rows[2..] {
            for cell in row {
                assert!(
                    !sira::opendata::hxl::formula_like(cell),
                    "{lang}: a cell starts a formula: {cell:?}"
                );
                if let Some(kept) = cell.strip_prefix('\'') {
                    seen.insert(kept.chars().next().expect("a character after the quote"));
                }
            }
            assert!(
                row[7].split(" | ").all(|p| p.starts_with("00 ")),
                "{}",
                row[7]
            );
        }
    }
    // Every dangerous character was met, and kept after its quote.
    assert_eq!(
        seen,
        BTreeSet::from(['=', '@', '+', '-', '\t', '\u{FF20}']),
        "the neutralised cells"
    );
}
