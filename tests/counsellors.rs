//! What counsellors get (issue 19), on `tests/fixtures/counsellors` (fictional fiches whose
//! programmes start and end around the tests' "today", 2026-11-23): the programmes running
//! now, ended programmes shown as past, the `ended-programme` check, "report an error" links
//! from `[corrections]` and their checks, the static share links, the region booklets with QR
//! codes, the list data, and Atom feeds read by a real parser (Python's feedparser, with an
//! XML parser's checks of RFC 4287's rules).

mod common;

use std::path::{Path, PathBuf};

use common::{fixture, options, sira};
use sira::build::Outcome;
use sira::diagnostics::Format;

struct Built {
    site: tempfile::TempDir,
    _out: tempfile::TempDir,
    public: PathBuf,
}

fn build_fixture(edit: impl FnOnce(&Path)) -> Built {
    let site = fixture("counsellors");
    edit(site.path());
    let out = tempfile::tempdir().expect("temp");
    let public = out.path().join("public");
    let report = sira::build::run(
        site.path(),
        Some(&public),
        false,
        Format::Human,
        false,
        options(),
    )
    .expect("readable");
    assert_eq!(report.outcome, Outcome::Built, "{}", report.report);
    Built {
        site,
        _out: out,
        public,
    }
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The values of attribute `attr` in `html`, in order.
fn attrs(html: &str, attr: &str) -> Vec<String> {
    let key = format!("{attr}=\"");
    html.match_indices(&key)
        .map(|(i, _)| {
            let rest = &html[i + key.len()..];
            rest[..rest.find('"').expect("closed")].replace("&amp;", "&")
        })
        .collect()
}

/// Percent-decodes a URL component.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() + 1 {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).expect("hex"));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn the_programmes_page_lists_what_runs_today_and_fiches_show_ended_ones_as_past() {
    let b = build_fixture(|_| {});
    let page = read(&b.public, "fr/programmes.html");
    let listed: Vec<String> = attrs(&page, "href")
        .into_iter()
        .filter_map(|h| h.split_once("#p-").map(|(_, id)| id.to_string()))
        .collect();
    // 2026 is in [start, end] and the programme is not completed; end = this year and start =
    // this year count; no end year, a future start, a past end or `completed` do not.
    assert_eq!(listed, ["running-a", "starts-now", "credit-retour"]);
    assert!(page.contains("data-regions=\"kayes\" data-help=\"vocational-training\""));
    assert!(
        page.contains("data-regions=\"*\" data-help=\"credit\""),
        "nationwide"
    );
    assert!(page.contains("Bailleur fictif"), "the programme's funder");
    assert!(
        page.contains("Avoir de 18 à 35 ans."),
        "whom the organisation takes"
    );
    assert!(
        page.contains("apporter un acte de naissance"),
        "how to apply: entry conditions"
    );
    assert!(page.contains("href=\"tel:+22363157238\""));
    assert!(
        page.contains("prévu (fiche vérifiée\u{a0}: 15 janvier 2026)"),
        "the status as recorded, with its date"
    );
    // A nationwide programme runs in every region: every region is a choice.
    assert!(page.contains("<option value=\"bamako\">District de Bamako</option>"));
    assert!(
        page.contains("<option value=\"vocational-training\">Formation professionnelle</option>")
    );
    assert!(
        !page.contains("<option value=\"literacy\">"),
        "no kind of help without a programme"
    );
    let en = read(&b.public, "en/programmes.html");
    assert!(en.contains("Programme running until this year"));
    assert!(en.contains("Credit on return"));

    let fiche = read(&b.public, "fr/formation/centre-exemple.html");
    let past = |id: &str| {
        let at = fiche.find(&format!("id=\"p-{id}\"")).expect(id);
        fiche[..at].ends_with("class=\"programme past\" ")
    };
    for id in ["ended", "completed-early", "old-no-status"] {
        assert!(past(id), "{id} is past");
    }
    for id in ["running-a", "starts-now", "future", "open-ended"] {
        assert!(!past(id), "{id} is not past");
    }
    assert!(fiche.contains("<strong>terminé (fin annoncée\u{a0}: 2025)</strong>"));
    assert!(!fiche.contains("2020–2025 · en cours"));
    let en = read(&b.public, "en/formation/centre-exemple.html");
    assert!(en.contains("<strong>ended (announced end: 2019)</strong>"));
}

#[test]
fn the_check_warns_only_on_a_programme_said_to_run_after_its_own_end() {
    let site = fixture("counsellors");
    let o = sira(site.path())
        .args(["check", "--format", "json"])
        .output()
        .expect("run");
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let ended: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["code"] == "ended-programme")
        .collect();
    // `ended` (end 2025, verified January 2026, `ongoing`) only: not `open-ended` (no end: the
    // check cannot know), not `old-no-status` (no status), not `completed-early`.
    assert_eq!(ended.len(), 1, "{report:#}");
    assert_eq!(ended[0]["severity"], "warning");
    assert_eq!(ended[0]["line"], 46);
    assert!(ended[0]["message"]
        .as_str()
        .expect("text")
        .contains("`ended` ended in 2025"));
}

#[test]
fn fiches_link_to_the_configured_ways_of_reporting_an_error() {
    let b = build_fixture(|_| {});
    let fr = read(&b.public, "fr/formation/centre-exemple.html");
    let hrefs = attrs(&fr, "href");
    let issue = hrefs
        .iter()
        .find(|h| h.starts_with("https://github.com/example-org/sira-site/issues/new?"))
        .expect("issue link");
    let issue = decode(issue);
    assert!(issue.contains("title=Correction : Centre de formation exemple&"));
    assert!(issue.contains("Fichiers : content/formation/centre-exemple.md\n"));
    assert!(issue.contains("Page : https://example.org/sira/fr/formation/centre-exemple.html"));
    assert!(hrefs.contains(
        &"https://github.com/example-org/sira-site/edit/main/site/content/formation/centre-exemple.md"
            .to_string()
    ));
    let mail = hrefs
        .iter()
        .find(|h| h.starts_with("mailto:corrections@example.org?subject=Correction%20%3A%20Centre"))
        .expect("mail link");
    assert!(decode(mail).contains("Votre source"));
    assert!(hrefs
        .iter()
        .any(|h| h.starts_with("https://wa.me/22376454927?text=Correction")));
    // The English page names the translation too, and edits both files.
    let en = attrs(&read(&b.public, "en/formation/centre-exemple.html"), "href");
    let issue = decode(
        en.iter()
            .find(|h| h.contains("/issues/new?"))
            .expect("issue"),
    );
    assert!(issue.contains("title=Correction: Example Training Centre&"));
    assert!(issue.contains(
        "Files: content/formation/centre-exemple.md, content/formation/centre-exemple.en.md"
    ));
    assert!(en
        .iter()
        .any(|h| h.ends_with("/edit/main/site/content/formation/centre-exemple.en.md")));

    // Nothing configured, nothing shown.
    let b = build_fixture(|root| {
        let toml = std::fs::read_to_string(root.join("sira.toml")).expect("read");
        let cut = toml.find("[corrections]").expect("section");
        std::fs::write(root.join("sira.toml"), &toml[..cut]).expect("write");
    });
    let fr = read(&b.public, "fr/formation/centre-exemple.html");
    assert!(!fr.contains("class=\"report\""));
    assert!(!fr.contains("github.com") && !fr.contains("mailto:corrections"));
}

#[test]
fn the_check_refuses_corrections_settings_that_cannot_make_a_link() {
    let site = fixture("counsellors");
    let toml = std::fs::read_to_string(site.path().join("sira.toml")).expect("read");
    let bad = toml
        .replace(
            "github = \"example-org/sira-site\"",
            "github = \"https://github.com/example-org/sira-site\"",
        )
        .replace("branch = \"main\"", "branch = \"ma in\"")
        .replace("corrections@example.org", "corrections.example.org")
        .replace("+223 76 45 49 27", "76 45");
    std::fs::write(site.path().join("sira.toml"), bad).expect("write");
    let o = sira(site.path())
        .args(["check", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let codes: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or(""),
                d["hint"].as_str().unwrap_or(""),
            )
        })
        .collect();
    for code in [
        "invalid-repository",
        "invalid-value",
        "invalid-email",
        "invalid-phone",
    ] {
        assert!(codes.iter().any(|(c, _)| *c == code), "{code}: {codes:?}");
    }
    assert!(codes.contains(&("invalid-repository", "write `example-org/sira-site`")));
}

#[test]
fn every_fiche_has_static_share_links_with_its_name_and_contacts() {
    let b = build_fixture(|_| {});
    let fiche = read(&b.public, "fr/formation/centre-exemple.html");
    let hrefs = attrs(&fiche, "href");
    let wa = hrefs
        .iter()
        .find_map(|h| h.strip_prefix("https://wa.me/?text="))
        .expect("WhatsApp share link");
    assert_eq!(
        decode(wa),
        "Centre de formation exemple (CFE)\nTél. +223 63 15 72 38, +223 20 21 22 23\nWhatsApp +223 76 45 49 27\ncontact@exemple.ml\nhttps://example.org/sira/fr/formation/centre-exemple.html"
    );
    let sms = hrefs
        .iter()
        .find_map(|h| h.strip_prefix("sms:?&body="))
        .expect("SMS share link");
    assert_eq!(decode(sms), decode(wa));
    // A fiche without a phone gives how to reach it instead.
    let en = read(&b.public, "en/finance/fonds-exemple.html");
    let wa = attrs(&en, "href")
        .into_iter()
        .find_map(|h| h.strip_prefix("https://wa.me/?text=").map(decode))
        .expect("link");
    assert_eq!(
        wa,
        "Example Fund\nThrough the local savings banks, according to the source.\nhttps://example.org/sira/en/finance/fonds-exemple.html"
    );
}

#[test]
fn region_booklets_list_local_then_nationwide_organisations_with_qr_codes() {
    let b = build_fixture(|_| {});
    let kayes = read(&b.public, "fr/booklet/kayes.html");
    let local = kayes.find("id=\"h-local\"").expect("local");
    let national = kayes.find("id=\"h-national\"").expect("national");
    let cfe = kayes
        .find("Centre de formation exemple")
        .expect("local fiche");
    let fund = kayes.find("Fonds exemple").expect("national fiche");
    assert!(local < cfe && cfe < national && national < fund);
    assert_eq!(kayes.matches("<svg class=\"qr\"").count(), 2);
    assert!(kayes.contains("https://example.org/sira/fr/formation/centre-exemple.html"));
    assert!(kayes.contains("Tél. +223 63 15 72 38, +223 20 21 22 23"));
    // Without an address, no QR code (it could only point to the reader's own disk).
    let b = build_fixture(|root| {
        let toml = std::fs::read_to_string(root.join("sira.toml")).expect("read");
        std::fs::write(
            root.join("sira.toml"),
            toml.replace("base_url = \"https://example.org/sira/\"\n", ""),
        )
        .expect("write");
    });
    let kayes = read(&b.public, "fr/booklet/kayes.html");
    assert!(!kayes.contains("<svg class=\"qr\""));
    assert!(kayes.contains("Centre de formation exemple"));
}

#[test]
fn the_list_data_holds_what_the_list_page_shows() {
    let b = build_fixture(|_| {});
    let js = read(&b.public, "fr/list/0.js");
    let json = js
        .strip_prefix("siraListData(")
        .and_then(|s| s.strip_suffix(");\n"))
        .expect("a call");
    let data: serde_json::Value = serde_json::from_str(json).expect("json");
    let cfe = &data["centre-exemple"];
    assert_eq!(cfe["href"], "formation/centre-exemple.html");
    assert_eq!(cfe["phones"][0][1], "tel:+22363157238");
    assert_eq!(cfe["whatsapp"][1], "https://wa.me/22376454927");
    assert_eq!(
        cfe["entry"],
        "Avoir plus de 15 ans ; apporter un acte de naissance et deux photos d'identité."
    );
    assert_eq!(cfe["conditions"], "Avoir de 18 à 35 ans.");
    assert_eq!(cfe["place"], "Kayes (Kayes)");
    assert_eq!(cfe["address"], "Quartier Plateau, près du marché");
    assert_eq!(data["fonds-exemple"]["place"], "Tout le Mali");
    let en = read(&b.public, "en/list/0.js");
    assert!(en.contains("\"name\":\"Example Training Centre\""));
}

/// Reads both feeds of both languages with Python's feedparser, and checks RFC 4287's rules
/// with a strict XML parser (well-formed, in the Atom namespace; one id, title and updated per
/// feed and entry, absolute ids, RFC 3339 dates, an author, a self link, an alternate link per
/// entry).
#[test]
fn the_atom_feeds_are_valid_and_read_by_a_real_parser() {
    let b = build_fixture(|_| {});
    let script = r#"
import json, re, sys, xml.etree.ElementTree as ET
import feedparser
A = '{http://www.w3.org/2005/Atom}'
RFC3339 = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$')
out = {}
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    assert root.tag == A + 'feed', root.tag
    def one(el, name):
        found = el.findall(A + name)
        assert len(found) == 1, (path, name, len(found))
        return found[0]
    def absolute(iri):
        assert re.match(r'^[a-zA-Z][a-zA-Z0-9+.-]*:', iri), iri
    absolute(one(root, 'id').text)
    one(root, 'title'); assert RFC3339.match(one(root, 'updated').text)
    assert root.findall(A + 'author/' + A + 'name'), 'feed author'
    assert [l for l in root.findall(A + 'link') if l.get('rel') == 'self'], 'self link'
    ids = []
    for e in root.findall(A + 'entry'):
        ids.append(one(e, 'id').text); absolute(ids[-1])
        one(e, 'title'); assert RFC3339.match(one(e, 'updated').text)
        assert [l for l in e.findall(A + 'link') if l.get('rel', 'alternate') == 'alternate']
    assert len(ids) == len(set(ids)), 'ids unique'
    d = feedparser.parse(path)
    assert not d.bozo, (path, d.get('bozo_exception'))
    out[path] = {'version': d.version, 'title': d.feed.title, 'lang': d.feed.get('language'),
                 'entries': [{'id': x.id, 'title': x.title, 'link': x.link, 'updated': x.updated,
                              'summary': x.get('summary', '')} for x in d.entries]}
print(json.dumps(out))
"#;
    let feeds: Vec<PathBuf> = [
        "fr/feed.xml",
        "en/feed.xml",
        "fr/programmes.xml",
        "en/programmes.xml",
    ]
    .iter()
    .map(|f| b.public.join(f))
    .collect();
    let o = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(&feeds)
        .output()
        .expect("python3 (with `pip install feedparser`, as .ci/test does)");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let parsed: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let feed = |f: &str| &parsed[b.public.join(f).to_string_lossy().as_ref()];
    let fr = feed("fr/feed.xml");
    assert_eq!(fr["version"], "atom10");
    assert_eq!(fr["lang"], "fr");
    let entries = fr["entries"].as_array().expect("entries");
    // The most recently verified first: January 2026, then June 2025.
    assert_eq!(entries[0]["title"], "Centre de formation exemple (CFE)");
    assert_eq!(entries[0]["updated"], "2026-01-15T00:00:00Z");
    assert_eq!(
        entries[0]["link"],
        "https://example.org/sira/fr/formation/centre-exemple.html"
    );
    assert_eq!(entries[1]["title"], "Fonds exemple");
    assert_eq!(entries[1]["updated"], "2025-06-01T00:00:00Z");
    assert_eq!(
        feed("en/feed.xml")["entries"][0]["title"],
        "Example Training Centre (CFE)"
    );
    let programmes = feed("en/programmes.xml")["entries"]
        .as_array()
        .expect("entries");
    assert_eq!(programmes.len(), 8);
    assert_eq!(
        programmes[0]["title"],
        "Programme running until this year — CFE"
    );
    assert_eq!(
        programmes[0]["link"],
        "https://example.org/sira/en/formation/centre-exemple.html#p-running-a"
    );
    // The same build gives the same feeds.
    let again = build_fixture(|_| {});
    for f in ["fr/feed.xml", "en/programmes.xml"] {
        assert_eq!(read(&b.public, f), read(&again.public, f));
    }
    // Pages point to the feeds.
    let home = read(&b.public, "fr/index.html");
    assert!(
        home.contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"feed.xml\"")
    );
    assert!(home.contains("href=\"programmes.xml\""));
    drop(b.site);
}
