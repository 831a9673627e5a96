//! Integration tests of `sira build` on fixture sites: pages exist with the right content,
//! links are relative and resolve, translations fall back visibly, fiche text is sanitised,
//! output is deterministic and atomic, theme errors are located.

mod common;

use std::path::Path;

use common::{fixture, options, tree};
use sira::build::Outcome;
use sira::diagnostics::Format;

fn build(root: &Path, out: &Path) -> sira::build::BuildReport {
    sira::build::run(root, Some(out), false, Format::Human, false, options())
        .expect("site readable")
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The fixture site and its build; the folders live as long as the value.
struct Built {
    site: tempfile::TempDir,
    _out: tempfile::TempDir,
    public: std::path::PathBuf,
}

fn built_site() -> Built {
    let site = fixture("site");
    let out = tempfile::tempdir().expect("temp");
    let public = out.path().join("public");
    let report = build(site.path(), &public);
    assert_eq!(report.outcome, Outcome::Built, "{}", report.report);
    Built {
        site,
        _out: out,
        public,
    }
}

#[test]
fn builds_every_page_in_every_language() {
    let built = built_site();
    let out = &built.public;
    for lang in ["fr", "en"] {
        for page in [
            "index.html",
            "formation/centre-test.html",
            "ong/non-traduite.html",
            "regions.html",
            "region/segou.html",
            "region/kayes.html",
            "sectors.html",
            "sector/metalwork.html",
            "service/vocational-training.html",
            "returnees.html",
            "a-z.html",
            "about.html",
        ] {
            assert!(out.join(lang).join(page).is_file(), "{lang}/{page}");
        }
    }
    for f in ["index.html", "404.html", "robots.txt", "sitemap.xml"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let css: Vec<_> = std::fs::read_dir(out.join("assets"))
        .expect("assets")
        .filter_map(Result::ok)
        .collect();
    assert!(css
        .iter()
        .any(|e| e.file_name().to_string_lossy().starts_with("style.")));
}

#[test]
fn fiche_page_shows_every_fact_and_is_callable() {
    let built = built_site();
    let out = &built.public;
    let fr = read(out, "fr/formation/centre-test.html");
    assert!(fr.contains("<html lang=\"fr\">"));
    assert!(fr.contains("<h1>Centre de formation de test <abbr>CFT</abbr></h1>"));
    assert!(fr.contains("href=\"tel:+22363157238\""), "tap to call");
    assert!(
        fr.contains("href=\"https://wa.me/22376454927\""),
        "WhatsApp link"
    );
    assert!(fr.contains("mailto:contact@exemple.ml"));
    assert!(fr.contains("Ouvert aux personnes de retour, sous conditions"));
    assert!(fr.contains("Avoir plus de 15 ans."));
    assert!(
        fr.contains("200\u{202f}000 à 345\u{202f}000 FCFA"),
        "cost range formatted in French, digit groups held together"
    );
    assert!(
        fr.contains("Soudure</strong> — 3 semaines à 2 mois"),
        "duration in French"
    );
    // Ended by the tests' today (2026): shown as past, with its announced end.
    assert!(fr.contains("2020–2023 · <strong>terminé (fin annoncée\u{a0}: 2023)</strong>"));
    assert!(fr.contains("6\u{202f}500\u{202f}000 EUR"));
    assert!(
        fr.contains("Informations vérifiées <time datetime=\"2022-11\">en novembre 2022</time>"),
        "last verified: a month in a sentence"
    );
    assert!(fr.contains("Madame Touré</strong>, Directrice"));
    assert!(fr.contains("Fiche partenaire 1"), "sources listed");
    assert!(fr.contains("application/ld+json"));
    assert!(fr.contains("\"@type\":\"EducationalOrganization\""));
    assert!(
        fr.contains("\"identifier\":\"ML-4\""),
        "areaServed with ISO code"
    );
    assert!(fr.contains("hreflang=\"en\""));
    let en = read(out, "en/formation/centre-test.html");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("Test training centre"));
    assert!(en.contains("200,000 to 345,000 CFA francs"));
    assert!(en.contains("Welding</strong> — 3 weeks to 2 months"));
    assert!(en.contains("Be over 15."));
    assert!(en.contains("November 2022"));
    // A translatable field the translation left out falls back, marked with its language.
    assert!(en.contains("<span lang=\"fr\">Directrice</span>"), "{en}");
}

#[test]
fn untranslated_fiche_falls_back_with_a_notice() {
    let built = built_site();
    let out = &built.public;
    let en = read(out, "en/ong/non-traduite.html");
    assert!(en.contains("<article class=\"fiche\" lang=\"fr\">"));
    assert!(en.contains("This entry is not translated yet"));
    assert!(en.contains("Texte <strong>en français</strong> seulement."));
    // No hreflang alternate points from the French page to an English page that has no English.
    let fr = read(out, "fr/ong/non-traduite.html");
    assert!(!fr.contains("hreflang=\"en\" href"), "{fr}");
}

#[test]
fn fiche_text_is_sanitised() {
    let built = built_site();
    let out = &built.public;
    for page in [
        "fr/ong/piegee.html",
        "en/ong/piegee.html",
        "fr/a-z.html",
        "fr/region/kayes.html",
    ] {
        let html = read(out, page);
        let lower = html.to_lowercase();
        // The only <script> elements are Sira's own: JSON-LD, the service-worker registration
        // and the referral list's script.
        assert_eq!(
            lower.matches("<script").count(),
            lower
                .matches("<script type=\"application/ld+json\">")
                .count()
                + registrations(&lower),
            "{page}"
        );
        for bad in [
            "<iframe",
            "<div onclick",
            "<img src=x",
            "<b onmouseover",
            "href=\"javascript:",
        ] {
            assert!(!lower.contains(bad), "{page} contains {bad}");
        }
    }
    let html = read(out, "fr/ong/piegee.html");
    assert!(
        html.contains("&lt;script&gt;alert('corps')&lt;/script&gt;"),
        "raw HTML shown as text"
    );
    assert!(
        html.contains("href=\"https://exemple.ml/\""),
        "safe links kept"
    );
    assert!(
        html.contains("\\u003cscript>alert('nom')\\u003c/script>"),
        "JSON-LD cannot close its element"
    );
}

#[test]
fn internal_links_are_relative_and_resolve() {
    let built = built_site();
    let (site, public) = (&built.site, &built.public);
    for (path, bytes) in tree(public) {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).expect("utf8");
        for attr in [" href=\"", " src=\""] {
            for part in html.split(attr).skip(1) {
                let url = part.split('"').next().unwrap_or_default();
                assert!(
                    !url.starts_with('/'),
                    "{path}: absolute internal link {url}"
                );
            }
        }
    }
    // The link checker agrees: no broken link or anchor.
    let settings = sira::check::Settings {
        format: Format::Json,
        color: false,
        deny_warnings: false,
        allow: vec![],
        options: options(),
        output: Some(public.clone()),
    };
    let report = sira::check::run_with(site.path(), &settings).expect("ok");
    assert_eq!(report.summary.errors, 0, "{}", report.output);
    // And it catches a broken one.
    std::fs::remove_file(public.join("fr/region/kayes.html")).expect("rm");
    let report = sira::check::run_with(site.path(), &settings).expect("ok");
    assert!(report.output.contains("broken-link"), "{}", report.output);
}

#[test]
fn region_page_separates_local_and_national() {
    let built = built_site();
    let out = &built.public;
    let kayes = read(out, "fr/region/kayes.html");
    let (local, national) = kayes.split_once("id=\"national\"").expect("two groups");
    assert!(local.contains("piegee.html"));
    assert!(!local.contains("non-traduite.html"));
    assert!(
        national.contains("non-traduite.html"),
        "national organisations listed separately"
    );
    let regions = read(out, "fr/regions.html");
    assert!(regions.contains("<svg class=\"map\""), "tile map");
    assert!(
        regions.contains(
            "<li><a href=\"region/segou.html\">Ségou</a> <span class=\"n\">1</span> <span class=\"meta\">+ 2</span></li>"
        ),
        "text list with counts, and the nationwide organisations every region has too"
    );
}

#[test]
fn sitemap_and_robots_use_the_base_url() {
    let built = built_site();
    let out = &built.public;
    let sitemap = read(out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/sira/fr/formation/centre-test.html</loc>"));
    assert!(!sitemap.contains("404.html"));
    assert!(read(out, "robots.txt").contains("Sitemap: https://example.org/sira/sitemap.xml"));
}

#[test]
fn builds_are_deterministic() {
    let site = fixture("site");
    let a = tempfile::tempdir().expect("temp");
    let b = tempfile::tempdir().expect("temp");
    assert_eq!(
        build(site.path(), &a.path().join("p")).outcome,
        Outcome::Built
    );
    assert_eq!(
        build(site.path(), &b.path().join("p")).outcome,
        Outcome::Built
    );
    let (ta, tb) = (tree(&a.path().join("p")), tree(&b.path().join("p")));
    assert_eq!(ta.len(), tb.len());
    for ((pa, ba), (pb, bb)) in ta.iter().zip(&tb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between two builds");
    }
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = fixture("site");
    let out = tempfile::tempdir().expect("temp");
    let public = out.path().join("public");
    assert_eq!(build(site.path(), &public).outcome, Outcome::Built);
    let before = tree(&public);
    // Break a fiche: the build must fail and change nothing.
    std::fs::write(
        site.path().join("content/ong/piegee.md"),
        "+++\nname = \n+++\n",
    )
    .expect("write");
    let report = build(site.path(), &public);
    assert_eq!(report.outcome, Outcome::Invalid);
    assert!(
        report.report.contains("content/ong/piegee.md:2:"),
        "{}",
        report.report
    );
    assert_eq!(tree(&public), before);
    // Nothing left behind next to the output but its lock.
    let mut left: Vec<String> = std::fs::read_dir(out.path())
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, [".public.sira-lock", "public"]);
}

#[test]
fn template_errors_are_located_and_overrides_apply() {
    let site = fixture("site");
    let out = tempfile::tempdir().expect("temp");
    let templates = site.path().join("templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    // A site override replaces the theme's template.
    let page = "{% extends \"base.html\" %}{% block main %}<h1>OVERRIDDEN {{ title }}</h1>{{ body | safe }}{% endblock main %}";
    std::fs::write(templates.join("page.html"), page).expect("write");
    let report = build(site.path(), &out.path().join("p"));
    assert_eq!(report.outcome, Outcome::Built, "{}", report.report);
    assert!(read(&out.path().join("p"), "fr/about.html").contains("OVERRIDDEN À propos"));
    // A syntax error is reported with the template's file, line and column.
    std::fs::write(templates.join("page.html"), "<p>ok</p>\n{% if %}\n").expect("write");
    let report = build(site.path(), &out.path().join("p"));
    assert_eq!(report.outcome, Outcome::Invalid);
    assert!(
        report.report.contains("templates/page.html:2:"),
        "{}",
        report.report
    );
    // An unknown variable is reported against the template that uses it.
    std::fs::write(
        templates.join("page.html"),
        "<p>ok</p>\n<p>{{ no_such_variable }}</p>\n",
    )
    .expect("write");
    let report = build(site.path(), &out.path().join("p"));
    assert_eq!(report.outcome, Outcome::Invalid);
    assert!(
        report.report.contains("templates/page.html:2:"),
        "{}",
        report.report
    );
    assert!(
        report.report.contains("no_such_variable"),
        "{}",
        report.report
    );
}

#[test]
fn missing_template_is_a_diagnostic() {
    let site = fixture("site");
    let theme = site.path().join("themes/sira");
    common::copy_dir(&common::repo().join("themes/sira"), &theme);
    std::fs::remove_file(theme.join("templates/fiche.html")).expect("rm");
    let out = tempfile::tempdir().expect("temp");
    let report = build(site.path(), &out.path().join("p"));
    assert_eq!(report.outcome, Outcome::Invalid);
    assert!(
        report.report.contains("has no template `fiche.html`"),
        "{}",
        report.report
    );
    assert!(!out.path().join("p").exists());
}

/// Builds the repository's own site into a fresh temp dir; returns the dir and the output.
fn build_shipped() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().expect("temp");
    let public = out.path().join("public");
    let report = sira::build::run(
        &common::repo(),
        Some(&public),
        false,
        Format::Human,
        false,
        options(),
    )
    .expect("ok");
    assert_eq!(report.outcome, Outcome::Built, "{}", report.report);
    (out, public)
}

#[test]
fn shipped_site_builds_and_its_links_resolve() {
    let (_out, public) = build_shipped();
    let settings = sira::check::Settings {
        format: Format::Human,
        color: false,
        deny_warnings: true,
        allow: vec!["stale-fiche".into()],
        options: options(),
        output: Some(public),
    };
    let report = sira::check::run_with(&common::repo(), &settings).expect("ok");
    assert!(report.passed, "{}", report.output);
}

/// Budget: a fiche page with its CSS and the referral list's script is at most 20 KB gzipped;
/// it loads no other script than Sira's own (and works without them: see the browser tests).
#[test]
fn fiche_pages_are_light_and_need_no_javascript() {
    use std::io::Write as _;
    let (_out, public) = build_shipped();
    let gz = |bytes: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(bytes).expect("gzip");
        e.finish().expect("gzip").len()
    };
    let files = tree(&public);
    let css: usize = files
        .iter()
        .filter(|(p, _)| p.ends_with(".css"))
        .map(|(_, b)| gz(b))
        .sum();
    let list_js: usize = files
        .iter()
        .filter(|(p, _)| p.starts_with("assets/list.") && p.ends_with(".js"))
        .map(|(_, b)| gz(b))
        .sum();
    assert!(
        list_js > 0 && list_js <= 5 * 1024,
        "list script: {list_js} bytes gzipped"
    );
    let mut biggest = (String::new(), 0);
    for (path, bytes) in files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && p.matches('/').count() == 2)
    {
        if path.contains("/region/")
            || path.contains("/sector/")
            || path.contains("/service/")
            || path.contains("/booklet/")
        {
            continue;
        }
        let size = gz(bytes) + css + list_js;
        let html = String::from_utf8_lossy(bytes);
        assert_eq!(
            html.matches("<script src").count(),
            registrations(&html),
            "{path} loads a script other than Sira's own"
        );
        if size > biggest.1 {
            biggest = (path.clone(), size);
        }
    }
    assert!(
        biggest.1 <= 20 * 1024,
        "{} is {} bytes gzipped with its CSS",
        biggest.0,
        biggest.1
    );
}

#[test]
fn broken_ui_strings_are_reported_once_with_their_line() {
    let site = fixture("site");
    let out = tempfile::tempdir().expect("temp");
    let theme = site.path().join("themes/sira");
    common::copy_dir(&common::repo().join("themes/sira"), &theme);
    let en = theme.join("i18n/en.toml");
    let text = std::fs::read_to_string(&en).expect("read");
    // A key given twice: the second one (the file's own, one line down) is the error.
    std::fs::write(&en, format!("language_name = \"again\"\n{text}")).expect("write");
    std::fs::write(theme.join("i18n/fr.toml"), b"search_title = \"\xff\"\n").expect("write");
    let report = build(site.path(), &out.path().join("p"));
    assert_eq!(report.outcome, Outcome::Invalid);
    let line = 2 + text
        .lines()
        .position(|l| l.starts_with("language_name"))
        .expect("the file names its language");
    assert!(
        report
            .report
            .contains(&format!("themes/sira/i18n/en.toml:{line}:")),
        "{}",
        report.report
    );
    assert!(
        report
            .report
            .contains("the UI strings file is not valid UTF-8"),
        "{}",
        report.report
    );
    // The files exist: they are not also reported as missing.
    assert!(
        !report.report.contains("has no UI strings"),
        "{}",
        report.report
    );
    assert!(!out.path().join("p").exists());
}

/// How many `<script src>` elements of `html` load the theme's service-worker registration.
/// Sira's own scripts a page loads: the service worker's registration, and the referral
/// list's (optional: the pages work without it).
fn registrations(html: &str) -> usize {
    html.match_indices("<script src=\"")
        .filter(|(i, m)| {
            let src = html[i + m.len()..].split('"').next().unwrap_or("");
            let name = src.rsplit('/').next().unwrap_or("");
            src.contains("assets/")
                && (name.starts_with("register.") || name.starts_with("list."))
                && name.ends_with(".js")
        })
        .count()
}

#[test]
fn every_page_carries_the_content_security_policy_and_nothing_inline() {
    // The built-in theme (the fixture has no themes/) and the shipped one on disk.
    let (_shipped, shipped_out) = build_shipped();
    let built = built_site();
    for out in [&built.public, &shipped_out] {
        let pages: Vec<(String, Vec<u8>)> = tree(out)
            .into_iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .collect();
        assert!(pages.len() > 40, "{}", pages.len());
        for (path, bytes) in pages {
            let html = String::from_utf8(bytes).expect("UTF-8");
            let head = &html[..html.find("</head>").expect("a head")];
            let at = head
                .find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'")
                .unwrap_or_else(|| panic!("{path} has no policy"));
            assert!(head[at..].contains("; style-src 'self'"), "{path}");
            // Before anything the policy governs.
            for later in ["<script", "<link", "<style"] {
                assert!(
                    head.find(later).is_none_or(|i| i > at),
                    "{path}: {later} before the policy"
                );
            }
            assert!(!html.contains("unsafe-inline"), "{path}");
            // Every inline style and script is allowed by its hash, and only those.
            let texts = |open: &str, close: &str| -> Vec<String> {
                html.match_indices(open)
                    .map(|(i, _)| {
                        let from = i + open.len();
                        html[from..from + html[from..].find(close).expect("closed")].to_string()
                    })
                    .collect()
            };
            let hashed = |text: &str| {
                use base64::Engine as _;
                use sha2::Digest as _;
                let hash = base64::engine::general_purpose::STANDARD
                    .encode(sha2::Sha256::digest(text.as_bytes()));
                head.contains(&format!(" 'sha256-{hash}'"))
            };
            let styles = texts("<style>", "</style>");
            assert!(styles.iter().all(|t| hashed(t)), "{path}");
            // The one style of every page hides what needs JavaScript when it does not run.
            assert!(
                head.contains(
                    "<noscript><style>.needs-js{display:none!important}</style></noscript>"
                ),
                "{path}"
            );
            if path == "404.html" {
                // Served at any depth: its one inline style and script are allowed by hash.
                let scripts = texts("<script>", "</script>");
                assert_eq!(scripts.len(), 1, "{path}");
                assert!(hashed(&scripts[0]), "{path}");
                assert_eq!(styles.len(), 2, "{path}");
                assert!(
                    styles[1].len() > 100,
                    "{path}: the inline text is the theme's"
                );
                assert_eq!(html.matches("<script").count(), 1, "{path}");
                assert!(
                    !html.contains("<link"),
                    "{path}: no file to resolve at depth"
                );
                continue;
            }
            assert_eq!(styles.len(), 1, "{path}");
            assert_eq!(html.matches("<style").count(), 1, "{path}");
            // No inline script (only data: JSON-LD, the search strings) and no inline style.
            for (i, _) in html.match_indices("<script") {
                let tag = &html[i..i + html[i..].find('>').expect("tag end")];
                assert!(
                    tag.contains(" src=\"")
                        || tag.contains("type=\"application/ld+json\"")
                        || tag.contains("type=\"application/json\""),
                    "{path}: inline script {tag}"
                );
            }
            assert!(!html.contains(" style=\""), "{path}");
        }
    }
    // With a base_url, the not-found page's links are absolute.
    let not_found = read(&built.public, "404.html");
    assert!(
        not_found.contains("href=\"https://example.org/sira/fr/index.html\""),
        "{not_found}"
    );
}

#[test]
fn funders_with_a_fiche_link_to_it_in_each_language_with_their_own_names() {
    let built = built_site();
    let out = &built.public;
    let fr = read(out, "fr/formation/centre-test.html");
    // A reference shows the fiche's name (no acronym) and links to its page.
    assert!(
        fr.contains("<a href=\"../ong/non-traduite.html\">Association sans traduction</a>, Bailleur libre, "),
        "{fr}"
    );
    // A reference with its own name keeps the fiche's full name as a title, escaped.
    assert!(fr.contains(
        "<a href=\"../ong/piegee.html\" title=\"Fiche piégée &lt;script&gt;alert(&#39;nom&#39;)&lt;/script&gt;\">Projet piégé</a>"
    ), "{fr}");
    assert!(fr.contains("<h1>Centre de formation de test <abbr>CFT</abbr></h1>"));
    let en = read(out, "en/formation/centre-test.html");
    // The translation's own acronym, in the heading and the JSON-LD.
    assert!(
        en.contains("<h1>Test training centre <abbr>TTC</abbr></h1>"),
        "{en}"
    );
    assert!(en.contains("\"alternateName\":\"TTC\""));
    // The translation's names; an untranslated fiche's name is marked as French.
    assert!(en.contains(
        "<a href=\"../ong/non-traduite.html\"><span lang=\"fr\">Association sans traduction</span></a>, Free funder, "
    ), "{en}");
    assert!(en.contains(">Trapped project</a>"));
    // Every reference resolves.
    assert!(out.join("en/ong/non-traduite.html").is_file());
}

#[test]
fn a_programmes_regions_list_its_organisation_on_their_pages() {
    let built = built_site();
    let out = &built.public;
    // The test centre works nationwide and has a programme in Kayes: it is listed among the
    // organisations present in Kayes, not only among the nationwide ones.
    let kayes = read(out, "fr/region/kayes.html");
    let (local, _national) = kayes.split_once("id=\"national\"").expect("two groups");
    assert!(local.contains("formation/centre-test.html"), "{local}");
    // Its programme shows the note on where the sources place it.
    let fr = read(out, "fr/formation/centre-test.html");
    assert!(fr.contains("(Kayes selon une source, Bamako selon une autre.)"));
    let en = read(out, "en/formation/centre-test.html");
    assert!(en.contains("(Kayes according to one source, Bamako according to another.)"));
}

/// Builds a copy of the test site with one edit (`from` replaced by `to` in `file`), into
/// `<dir>/public`; the build must succeed.
fn built_with(file: &str, from: &str, to: &str) -> (tempfile::TempDir, tempfile::TempDir) {
    let site = fixture("site");
    let path = site.path().join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{from} not in {file}");
    std::fs::write(&path, text.replace(from, to)).expect("write");
    let dir = tempfile::tempdir().expect("temp");
    let report = build(site.path(), &dir.path().join("public"));
    assert_eq!(report.outcome, Outcome::Built, "{}", report.report);
    (site, dir)
}

#[test]
fn contacts_show_public_details_and_fiches_without_a_number_say_how_to_reach_them() {
    // Both fiches are old for a two-year limit, so both pages carry the freshness notice.
    let (_site, dir) = built_with("sira.toml", "max_age_days = 1500", "max_age_days = 730");
    let out = &dir.path().join("public");
    let fr = read(out, "fr/formation/centre-test.html");
    let (_, people) = fr.split_once("id=\"h-people\"").expect("contacts section");
    assert!(people.contains(
        "Madame Touré</strong>, Directrice<br><a class=\"call\" href=\"tel:+22363157238\">"
    ));
    // A fiche with a number keeps the call-before-you-travel notice.
    assert!(fr.contains("appelez avant de vous déplacer"));
    let other = read(out, "fr/ong/non-traduite.html");
    assert!(other.contains("<p class=\"reach\">Par l&#39;intermédiaire du bureau de la commune, selon la source.</p>"), "{other}");
    assert!(!other.contains("appelez avant de vous déplacer"));
    assert!(other.contains("les sources ne donnent pas de numéro"));
    let en = read(out, "en/ong/non-traduite.html");
    assert!(en.contains("the sources give no number"));
}

#[test]
fn a_fiche_whose_sources_name_no_place_says_so_and_is_on_no_region_page() {
    let (_site, dir) = built_with(
        "content/ong/non-traduite.md",
        "regions = [\"national\"]\n",
        "regions_note = \"Les sources ne disent pas où elle travaille.\"\n",
    );
    let out = &dir.path().join("public");
    let fr = read(out, "fr/ong/non-traduite.html");
    let (_, facts) = fr.split_once("<dl class=\"facts\">").expect("facts");
    let (where_, _) = facts.split_once("</dd>").expect("where");
    assert!(
        where_
            .trim_end()
            .ends_with("<dd>Les sources ne disent pas où elle travaille."),
        "{where_}"
    );
    // Neither nationwide nor in a region: on no region page.
    let kayes = read(out, "fr/region/kayes.html");
    assert!(!kayes.contains("ong/non-traduite.html"), "{kayes}");
    let before = read(&built_site().public, "fr/region/kayes.html");
    assert!(
        before.contains("ong/non-traduite.html"),
        "nationwide before"
    );
}

#[test]
fn the_licence_set_in_sira_toml_is_in_every_footer_and_on_the_page_that_asks_for_it() {
    let built = built_site();
    let out = &built.public;
    // The fixture's sira.toml says CC0, not the shipped site's CC BY: the pages follow it.
    let about = read(out, "fr/about.html");
    let (_, section) = about
        .split_once("<section id=\"licence\"")
        .expect("the about page asks for the licence");
    assert!(section.contains(
        "<a rel=\"license\" href=\"https://creativecommons.org/publicdomain/zero/1.0/deed.fr\">Creative Commons Zero 1.0 Universal (CC0 1.0)</a>"
    ), "{section}");
    // What it covers and what not.
    assert!(section.contains("compilation"));
    assert!(section.contains("documents sources"));
    let en = read(out, "en/about.html");
    assert!(en.contains("href=\"https://creativecommons.org/publicdomain/zero/1.0/\">Creative Commons Zero 1.0 Universal (CC0 1.0)</a>"));
    // Every page's footer names it; only the about page has the section.
    let fiche = read(out, "fr/formation/centre-test.html");
    let (_, foot) = fiche.split_once("<footer").expect("footer");
    assert!(
        foot.contains(">CC0 1.0</a>. Les documents sources cités n’en font pas partie."),
        "{foot}"
    );
    assert!(!fiche.contains("id=\"licence\""));
    // No licence set: a page asking for one is an error; without that page, none is shown.
    let site = fixture("site");
    let config = site.path().join("sira.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    std::fs::write(&config, text.replace("[licence]\nid = \"CC0-1.0\"\n", "")).expect("write");
    let dir = tempfile::tempdir().expect("temp");
    let report = build(site.path(), &dir.path().join("public"));
    assert_ne!(report.outcome, Outcome::Built);
    assert!(report.report.contains("no-licence"), "{}", report.report);
    let page = site.path().join("content/pages/about.md");
    let text = std::fs::read_to_string(&page).expect("page");
    std::fs::write(&page, text.replace("licence = true\n", "")).expect("write");
    let report = build(site.path(), &dir.path().join("public"));
    assert_eq!(report.outcome, Outcome::Built, "{}", report.report);
    let fiche = read(&dir.path().join("public"), "fr/formation/centre-test.html");
    assert!(!fiche.contains("rel=\"license\""));
}
