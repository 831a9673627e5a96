//! Integration tests of the open data `sira build` writes under `data/`: the HSDS 3.0 export
//! validates against the official (vendored) JSON Schema in every language and uses only its
//! fields, ids are stable UUIDv5s equal across languages, the HXL CSV has the documented
//! columns and one row per organisation and region, every fiche has its JSON file, the about
//! pages link the files, and the output stays byte-identical across builds.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{fixture, options, tree};
use serde_json::Value;
use sira::diagnostics::Format;

const LANGS: [&str; 2] = ["fr", "en"];

fn build(root: &Path, out: &Path) {
    let report =
        sira::build::run(root, Some(out), Format::Human, false, options()).expect("site readable");
    assert_eq!(report.exit_code, 0, "{}", report.report);
}

/// The shipped site, built once for this test binary (under Cargo's per-target temp folder).
fn shipped() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("opendata-shipped");
        build(&common::repo(), &out);
        out
    })
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn json(out: &Path, rel: &str) -> Value {
    serde_json::from_str(&read(out, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn organizations(out: &Path, lang: &str) -> Vec<Value> {
    match json(out, &format!("data/hsds/{lang}/organizations.json")) {
        Value::Array(a) => a,
        other => panic!("not an array: {other}"),
    }
}

/// The HSDS 3.0 compiled organization schema, with format checks (uuid, uri, email…) on.
fn hsds_validator() -> (Value, jsonschema::Validator) {
    let path = common::repo().join("tests/fixtures/hsds-3.0/schema/compiled/organization.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("json");
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles offline");
    (schema, validator)
}

/// Every key of `value` is a property the schema declares at that place (the schema itself
/// allows extra properties, so this catches misspelt or invented fields).
fn only_schema_fields(value: &Value, schema: &Value, at: &str, problems: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match schema.pointer(&format!("/properties/{k}")) {
                    Some(s) => only_schema_fields(v, s, &format!("{at}/{k}"), problems),
                    None => problems.push(format!("{at}/{k} is not an HSDS field")),
                }
            }
        }
        Value::Array(items) => {
            let item = schema.get("items").unwrap_or(&Value::Null);
            for (i, v) in items.iter().enumerate() {
                only_schema_fields(v, item, &format!("{at}/{i}"), problems);
            }
        }
        _ => {}
    }
}

/// Every identifier (`id` and `*_id`) in document order.
fn ids(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "id" || k.ends_with("_id") {
                    out.push(v.as_str().expect("ids are strings").to_string());
                } else {
                    ids(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| ids(v, out)),
        _ => {}
    }
}

/// Parses RFC 4180 CSV (CRLF records, quoted fields with doubled quotes).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => {
                assert!(field.is_empty(), "quote inside an unquoted field");
                quoted = true;
            }
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "records end with CRLF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("bare LF outside quotes"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "the file ends with CRLF"
    );
    rows
}

#[test]
fn hsds_export_validates_against_the_hsds_3_schema_in_every_language() {
    let out = shipped();
    let (schema, validator) = hsds_validator();
    let fiches = std::fs::read_dir(out.join("data/fiches"))
        .expect("fiches")
        .count();
    for lang in LANGS {
        let orgs = organizations(out, lang);
        assert_eq!(orgs.len(), fiches, "one organisation per fiche");
        let mut problems = Vec::new();
        for org in &orgs {
            let name = org["name"].as_str().unwrap_or_default().to_string();
            for e in validator.iter_errors(org) {
                problems.push(format!("{lang} {name}: {} at {}", e, e.instance_path()));
            }
            only_schema_fields(org, &schema, &format!("{lang} {name}"), &mut problems);
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
    // The validator does check: a service without its required status fails.
    let mut bad = organizations(out, "fr").remove(0);
    bad["services"][0]
        .as_object_mut()
        .expect("service")
        .remove("status");
    bad["id"] = Value::from("not-a-uuid");
    assert_eq!(validator.iter_errors(&bad).count(), 2);
}

#[test]
fn hsds_maps_the_facts_of_a_known_fiche() {
    let out = shipped();
    let orgs = organizations(out, "fr");
    let cfpm = orgs
        .iter()
        .find(|o| o["alternate_name"] == "CFPM")
        .expect("CFPM");
    assert_eq!(
        cfpm["name"],
        "Centre de formation professionnelle de Missabougou"
    );
    assert_eq!(cfpm["year_incorporated"], 2006);
    // The sources give only the director's own number: neither it nor any phone is exported.
    assert!(cfpm.get("phones").is_none());
    assert_eq!(cfpm["contacts"][0]["name"], "Madame Touré");
    assert_eq!(cfpm["contacts"][0]["title"], "Directrice");
    assert!(cfpm["contacts"][0].get("phones").is_none());
    let main = &cfpm["services"][0];
    assert_eq!(main["status"], "active");
    assert_eq!(main["assured_date"], "2022-11-01");
    let costs: Vec<(&str, i64)> = main["cost_options"]
        .as_array()
        .expect("costs")
        .iter()
        .map(|c| {
            assert_eq!(c["currency"], "XOF");
            (
                c["option"].as_str().unwrap_or_default(),
                c["amount"].as_i64().expect("amount"),
            )
        })
        .collect();
    assert_eq!(
        costs,
        [("Coût le plus bas", 200000), ("Coût le plus élevé", 345000)]
    );
    let area = &main["service_areas"][0];
    assert_eq!(area["name"], "District de Bamako");
    assert_eq!(area["attributes"][0]["taxonomy_term"]["code"], "ML-BKO");
    assert_eq!(
        area["attributes"][0]["taxonomy_term"]["taxonomy"],
        "ISO 3166-2"
    );
    // One service per offer after the main one.
    let services = cfpm["services"].as_array().expect("services");
    assert_eq!(services.len(), 1 + 18);
    assert_eq!(services[1]["name"], "Mécanique auto");
    assert_eq!(services[1]["description"], "Durée : 13 mois.");
    // English text, same ids.
    let en = organizations(out, "en");
    let cfpm_en = en
        .iter()
        .find(|o| o["alternate_name"] == "CFPM")
        .expect("CFPM");
    assert_eq!(cfpm_en["id"], cfpm["id"]);
    assert_eq!(cfpm_en["name"], "Missabougou Vocational Training Centre");
    assert_eq!(
        cfpm_en["services"][1]["description"],
        "Duration: 13 months."
    );
    // Nationwide coverage has its label and no code (the vocabulary gives none).
    let anpe = orgs
        .iter()
        .find(|o| o["alternate_name"] == "ANPE")
        .expect("ANPE");
    let national = anpe["services"][0]["service_areas"]
        .as_array()
        .expect("areas")
        .iter()
        .find(|a| a["name"] == "Couverture nationale")
        .expect("national area");
    assert!(national.get("attributes").is_none());
}

#[test]
fn ids_are_uuid_v5_unique_stable_and_equal_across_languages() {
    let out = shipped();
    let mut per_lang = Vec::new();
    for lang in LANGS {
        let mut all = Vec::new();
        for org in organizations(out, lang) {
            ids(&org, &mut all);
        }
        for id in &all {
            let u = uuid::Uuid::parse_str(id).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(u.get_version_num(), 5, "{id}");
            assert_eq!(id, &u.hyphenated().to_string(), "lowercase hyphenated form");
        }
        per_lang.push(all);
    }
    assert_eq!(per_lang[0], per_lang[1], "the same ids in every language");
    // Derived from stable names: a fiche's organisation id is UUIDv5(namespace, organization:<slug>).
    let anpe = json(out, "data/fiches/anpe.json");
    assert_eq!(anpe["id"], sira::opendata::id("organization:anpe"));
    assert_eq!(
        sira::opendata::id("organization:anpe"),
        uuid::Uuid::new_v5(&sira::opendata::NAMESPACE, b"organization:anpe").to_string()
    );
    // Unique where HSDS says so: organisations, services, areas, phones, contacts.
    let orgs = organizations(out, "fr");
    let mut seen = BTreeSet::new();
    for org in &orgs {
        assert!(seen.insert(org["id"].to_string()));
        for s in org["services"].as_array().expect("services") {
            assert!(seen.insert(s["id"].to_string()), "{}", s["name"]);
            for a in s["service_areas"].as_array().into_iter().flatten() {
                assert!(seen.insert(a["id"].to_string()));
            }
        }
        for p in org["phones"].as_array().into_iter().flatten() {
            assert!(seen.insert(p["id"].to_string()));
        }
        for c in org["contacts"].as_array().into_iter().flatten() {
            assert!(seen.insert(c["id"].to_string()));
        }
    }
}

#[test]
fn builds_stay_byte_identical_with_the_open_data() {
    let a = tempfile::tempdir().expect("temp");
    let b = tempfile::tempdir().expect("temp");
    build(&common::repo(), &a.path().join("p"));
    build(&common::repo(), &b.path().join("p"));
    let (ta, tb) = (tree(&a.path().join("p")), tree(&b.path().join("p")));
    assert_eq!(ta.len(), tb.len());
    assert!(ta
        .iter()
        .any(|(p, _)| p == "data/hsds/fr/organizations.json"));
    for ((pa, ba), (pb, bb)) in ta.iter().zip(&tb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between two builds");
    }
}

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
fn every_fiche_has_its_json_file() {
    let out = shipped();
    let fiches: Vec<String> = organizations(out, "fr")
        .iter()
        .map(|o| o["id"].as_str().expect("id").to_string())
        .collect();
    let files: Vec<PathBuf> = std::fs::read_dir(out.join("data/fiches"))
        .expect("fiches")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(files.len(), fiches.len());
    assert!(files.len() >= 48, "every organisation of the annex");
    for path in &files {
        let v: Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
        let slug = path.file_stem().expect("stem").to_string_lossy();
        assert_eq!(v["format"], sira::opendata::fiche::FORMAT);
        assert_eq!(v["slug"], *slug);
        assert!(fiches.contains(&v["id"].as_str().expect("id").to_string()));
        assert!(v["text"]["fr"]["name"].is_string(), "{slug}");
        for lang in LANGS {
            // Every shipped fiche is translated; a translation gives at least its body.
            assert!(v["text"][lang]["body"].is_string(), "{slug} {lang}");
            let page = v["pages"][lang].as_str().expect("page");
            assert!(out.join("data/fiches").join(page).is_file(), "{page}");
        }
        assert!(!v["sources"].as_array().expect("sources").is_empty());
    }
    let cfpm = json(out, "data/fiches/cfp-missabougou.json");
    assert_eq!(cfpm["regions"][0]["id"], "bamako");
    assert_eq!(cfpm["regions"][0]["iso_3166_2"], "ML-BKO");
    assert_eq!(cfpm["cost"]["min_xof"], 200000);
    assert_eq!(cfpm["offers"][0]["duration"], "13 months");
    assert_eq!(
        cfpm["text"]["en"]["offers"]["mecanique-auto"]["name"],
        "Motor mechanics"
    );
    assert!(cfpm["text"]["fr"]["body"]
        .as_str()
        .expect("body")
        .starts_with("## Le centre"));
}

#[test]
fn about_pages_link_the_open_data_and_the_links_resolve() {
    let out = shipped();
    for lang in LANGS {
        let about = read(out, &format!("{lang}/about.html"));
        for target in [
            format!("../data/hsds/{lang}/organizations.json"),
            format!("../data/sira-{lang}.csv"),
        ] {
            assert!(
                about.contains(&format!("href=\"{target}\"")),
                "{lang}/about.html links {target}"
            );
            // Relative to the page's folder; tests/build.rs checks every link of the site too.
            assert!(out.join(lang).join(&target).is_file(), "{target}");
        }
        assert!(about.contains("CC BY 4.0"));
    }
}

#[test]
fn fixture_site_uses_base_url_fallbacks_and_vocabulary_codes() {
    let site = fixture("site");
    // A P-code in the vocabulary shows in the CSV and in HSDS (this one is made up for the test).
    let vocab = site.path().join("content/_vocab/regions.toml");
    let text = std::fs::read_to_string(&vocab).expect("vocab");
    let text = text.replacen(
        "iso_3166_2 = \"ML-4\"",
        "iso_3166_2 = \"ML-4\"\npcode = { code = \"ML04\", vintage = \"test\" }",
        1,
    );
    std::fs::write(&vocab, text).expect("write");
    let out = tempfile::tempdir().expect("temp");
    let public = out.path().join("p");
    build(site.path(), &public);
    let (_, validator) = hsds_validator();
    for lang in LANGS {
        for org in organizations(&public, lang) {
            let errors: Vec<String> = validator.iter_errors(&org).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{lang}: {errors:?}");
        }
    }
    let csv = parse_csv(&read(&public, "data/sira-fr.csv"));
    let centre: Vec<&Vec<String>> = csv.iter().filter(|r| r[1] == "CFT").collect();
    assert_eq!(centre.len(), 2, "Ségou and nationwide");
    assert_eq!(
        (
            centre[0][4].as_str(),
            centre[0][5].as_str(),
            centre[0][6].as_str()
        ),
        ("Ségou", "ML-4", "ML04")
    );
    assert_eq!(
        (
            centre[1][4].as_str(),
            centre[1][5].as_str(),
            centre[1][6].as_str()
        ),
        ("Couverture nationale", "", "")
    );
    assert_eq!(
        centre[0][10], "https://example.org/sira/fr/formation/centre-test.html",
        "absolute with base_url"
    );
    let en = organizations(&public, "en");
    // The English file carries the translation's own acronym.
    let centre = en
        .iter()
        .find(|o| o["alternate_name"] == "TTC")
        .expect("TTC");
    let codes: Vec<(&str, &str)> = centre["services"][0]["service_areas"][0]["attributes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|a| {
            (
                a["taxonomy_term"]["taxonomy"].as_str().unwrap_or_default(),
                a["taxonomy_term"]["code"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [("ISO 3166-2", "ML-4"), ("OCHA P-code test", "ML04")]
    );
    assert_eq!(centre["services"][0]["cost_options"][0]["amount"], 200000);
    assert_eq!(centre["phones"][1]["description"], "WhatsApp");
    // The untranslated fiche falls back to French in the English file.
    let untranslated = en
        .iter()
        .find(|o| o["name"] == "Association sans traduction")
        .expect("fallback name");
    assert_eq!(
        untranslated["description"],
        "Une association dont la fiche n'est qu'en français."
    );
    // A web address with characters a URI may not hold is percent-encoded.
    let trapped = en
        .iter()
        .find(|o| o["website"].as_str().is_some_and(|w| w.contains("%22x%22")))
        .expect("encoded website");
    assert!(!trapped["website"]
        .as_str()
        .unwrap_or_default()
        .contains('"'));
    let json = read(&public, "data/fiches/non-traduite.json");
    let v: Value = serde_json::from_str(&json).expect("json");
    assert!(
        v["text"].get("en").is_none(),
        "no English file, no English text"
    );
}

#[test]
fn a_term_listed_by_id_and_by_label_is_exported_once() {
    let site = fixture("site");
    let fiche = site.path().join("content/ong/piegee.md");
    let text = std::fs::read_to_string(&fiche).expect("fiche");
    let text = text
        .replacen(
            "regions = [\"kayes\"]",
            "regions = [\"kayes\", \"Kayes\"]",
            1,
        )
        .replacen(
            "sectors = [\"trade\"]",
            "sectors = [\"trade\", \"Commerce\"]",
            1,
        );
    std::fs::write(&fiche, text).expect("write");
    // `sira check` warns at each repeat, whether it repeats the id or names it by its label.
    let check = sira::check::run(site.path(), Format::Json, false, false, options())
        .expect("site readable");
    let report: Value = serde_json::from_str(&check.output).expect("json");
    let repeats: Vec<(u64, u64)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "duplicate-value")
        .map(|d| {
            (
                d["line"].as_u64().expect("line"),
                d["col"].as_u64().expect("col"),
            )
        })
        .collect();
    assert_eq!(repeats, [(5, 21), (6, 21)], "{}", check.output);
    // The build lists each term once: in the fiche's JSON, the CSV and HSDS.
    let out = tempfile::tempdir().expect("temp");
    let public = out.path().join("p");
    build(site.path(), &public);
    let v = json(&public, "data/fiches/piegee.json");
    let ids = |key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .expect("list")
            .iter()
            .map(|r| r["id"].as_str().expect("id").to_string())
            .collect()
    };
    assert_eq!(ids("regions"), ["kayes"]);
    assert_eq!(ids("sectors"), ["trade"]);
    let csv = parse_csv(&read(&public, "data/sira-fr.csv"));
    assert_eq!(csv.iter().filter(|r| r[4] == "Kayes").count(), 1);
    let org = organizations(&public, "fr")
        .into_iter()
        .find(|o| {
            o["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("Fiche piégée"))
        })
        .expect("piegee");
    let areas = org["services"][0]["service_areas"]
        .as_array()
        .expect("areas");
    assert_eq!(areas.len(), 1, "{areas:?}");
}

#[test]
fn funders_are_exported_with_their_names_in_each_language_and_their_fiche() {
    let site = fixture("site");
    let out = tempfile::tempdir().expect("temp");
    let public = out.path().join("p");
    build(site.path(), &public);
    let sources = |lang: &str| -> Vec<String> {
        let orgs = organizations(&public, lang);
        let centre = orgs
            .iter()
            .find(|o| o["website"] == "https://exemple.ml/")
            .expect("the test centre");
        centre["funding"]
            .as_array()
            .expect("funding")
            .iter()
            .map(|f| f["source"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(
        sources("fr"),
        [
            "Association sans traduction",
            "Bailleur libre",
            "Projet piégé"
        ]
    );
    assert_eq!(
        sources("en"),
        [
            "Association sans traduction",
            "Free funder",
            "Trapped project"
        ]
    );
    let v = json(&public, "data/fiches/centre-test.json");
    assert_eq!(v["format"], "sira-fiche/2");
    assert_eq!(v["funders"][0]["fiche"], "non-traduite");
    assert_eq!(v["funders"][1]["name"]["en"], "Free funder");
    assert!(v["funders"][1].get("fiche").is_none());
    assert_eq!(v["funders"][2]["name"]["fr"], "Projet piégé");
    assert_eq!(v["text"]["en"]["acronym"], "TTC");
    assert_eq!(v["acronym"], "CFT");
}

#[test]
fn a_contacts_own_details_stay_out_of_the_open_data_unless_public() {
    // `sira check` refuses a contact's own phone or personal address that no source gives as
    // the organisation's public contact, so such a site does not build; the exports leave the
    // details out anyway, and keep those of a public contact.
    let site = fixture("site");
    let path = site.path().join("content/formation/centre-test.md");
    let text = std::fs::read_to_string(&path).expect("fiche");
    let public = "public = { document = \"altai-2023-annexes\", locator = \"Fiche partenaire 1, contacts\" }\n";
    let with_details = text.replacen(
        "phones = [\"+223 63 15 72 38\"]\npublic",
        "phones = [\"+223 76 11 22 33\"]\nemail = \"madame.toure@gmail.com\"\npublic",
        1,
    );
    assert_ne!(with_details, text);
    for (private, expected) in [(true, false), (false, true)] {
        let fiche = if private {
            with_details.replacen(public, "", 1)
        } else {
            with_details.clone()
        };
        std::fs::write(&path, &fiche).expect("write");
        let outcome = sira::validate::run(site.path(), options()).expect("readable");
        let refused = outcome
            .diagnostics
            .iter()
            .filter(|d| d.code == "personal-contact")
            .count();
        assert_eq!(refused, if private { 2 } else { 0 });
        let site_model = outcome.site.expect("site");
        let f = site_model
            .fiches
            .iter()
            .find(|f| f.slug == "centre-test")
            .expect("the fiche is still loaded");
        let json = sira::opendata::fiche::json(&site_model, f);
        let csv = sira::opendata::hxl::rows(&site_model, f, "fr");
        for export in [&json, &csv] {
            assert_eq!(export.contains("76 11 22 33"), expected, "{export}");
            assert_eq!(
                export.contains("madame.toure@gmail.com"),
                expected,
                "{export}"
            );
        }
        // The name and role stay either way.
        assert!(json.contains("Madame Touré"));
    }
}
