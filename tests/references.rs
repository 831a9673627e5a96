//! References checked across files: links to fiches by slug in Markdown bodies, and the
//! services a need names.

mod common;

use common::diag::{find, json};
use common::fixture;

#[test]
fn a_need_names_only_services_of_the_site() {
    let site = fixture("valid");
    let needs = site.path().join("content/_vocab/needs.toml");
    let text = "[[term]]\nid = \"work\"\nlabel = { fr = \"Travail\", en = \"Work\" }\nservices = [\"job-placement\", \"job-placment\"]\n";
    std::fs::write(&needs, text).expect("write");
    let r = json(site.path());
    let found = find(&r, "content/_vocab/needs.toml", "unknown-service");
    assert_eq!(found.len(), 1, "{r}");
    assert_eq!((found[0].0, found[0].1), (4, 30), "{found:?}");
    assert!(
        r.to_string().contains("did you mean `job-placement`?"),
        "{r}"
    );
    // Without the file, a site has no needs and no error.
    std::fs::remove_file(&needs).expect("rm");
    assert!(!json(site.path()).to_string().contains("needs.toml"));
}

#[test]
fn links_to_fiches_are_checked_and_resolved() {
    let site = fixture("site");
    let page = site.path().join("content/pages/about.md");
    let mut text = std::fs::read_to_string(&page).expect("read");
    let line = text.lines().count() + 1;
    text.push_str("Voir [le centre](fiche:centre-test) et [l'autre](fiche:centre-tset).\n");
    std::fs::write(&page, &text).expect("write");
    let r = json(site.path());
    let found = find(&r, "content/pages/about.md", "unknown-fiche");
    assert_eq!(found.len(), 1, "{r}");
    assert_eq!((found[0].0, found[0].1), (line as u64, 40), "{found:?}");
    assert!(
        r.to_string().contains("did you mean `fiche:centre-test`?"),
        "{r}"
    );
    // Fixed, the link leads to the fiche's page in each language.
    std::fs::write(&page, text.replace("centre-tset", "centre-test")).expect("write");
    let out = tempfile::tempdir().expect("temp");
    let o = common::sira(site.path())
        .args(["build", "--output"])
        .arg(out.path().join("p"))
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let about = std::fs::read_to_string(out.path().join("p/fr/about.html")).expect("read");
    assert!(
        about.contains("<a href=\"formation/centre-test.html\">le centre</a>"),
        "{about}"
    );
}
