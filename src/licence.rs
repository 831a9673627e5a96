//! The licence of the directory's own work, set in `sira.toml` (`[licence] id = "CC-BY-4.0"`):
//! the wording of its fiches and pages, its compilation (the selection and arrangement of the
//! facts) and its open data. The source documents the fiches cite are not covered: they keep
//! their own rights. Only licences meant for text and data are known, by SPDX id.

use serde::Serialize;

/// A licence the site can be published under.
#[derive(Debug, PartialEq, Eq)]
pub struct Licence {
    /// SPDX identifier (`CC-BY-4.0`).
    pub id: &'static str,
    /// Usual short name (`CC BY 4.0`).
    pub short: &'static str,
    /// Full name.
    pub name: &'static str,
    /// The licence's page.
    pub url: &'static str,
    /// Its page in French, when there is one.
    pub url_fr: Option<&'static str>,
}

/// The licences `sira check` accepts, by SPDX id.
pub static KNOWN: [Licence; 7] = [
    Licence {
        id: "CC-BY-4.0",
        short: "CC BY 4.0",
        name: "Creative Commons Attribution 4.0 International",
        url: "https://creativecommons.org/licenses/by/4.0/",
        url_fr: Some("https://creativecommons.org/licenses/by/4.0/deed.fr"),
    },
    Licence {
        id: "CC-BY-SA-4.0",
        short: "CC BY-SA 4.0",
        name: "Creative Commons Attribution-ShareAlike 4.0 International",
        url: "https://creativecommons.org/licenses/by-sa/4.0/",
        url_fr: Some("https://creativecommons.org/licenses/by-sa/4.0/deed.fr"),
    },
    Licence {
        id: "CC0-1.0",
        short: "CC0 1.0",
        name: "Creative Commons Zero 1.0 Universal",
        url: "https://creativecommons.org/publicdomain/zero/1.0/",
        url_fr: Some("https://creativecommons.org/publicdomain/zero/1.0/deed.fr"),
    },
    Licence {
        id: "ODbL-1.0",
        short: "ODbL 1.0",
        name: "Open Data Commons Open Database License 1.0",
        url: "https://opendatacommons.org/licenses/odbl/1-0/",
        url_fr: None,
    },
    Licence {
        id: "ODC-By-1.0",
        short: "ODC-By 1.0",
        name: "Open Data Commons Attribution License 1.0",
        url: "https://opendatacommons.org/licenses/by/1-0/",
        url_fr: None,
    },
    Licence {
        id: "PDDL-1.0",
        short: "PDDL 1.0",
        name: "Open Data Commons Public Domain Dedication and License 1.0",
        url: "https://opendatacommons.org/licenses/pddl/1-0/",
        url_fr: None,
    },
    Licence {
        id: "etalab-2.0",
        short: "Licence Ouverte 2.0",
        name: "Licence Ouverte / Open Licence 2.0 (Etalab)",
        url: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        url_fr: None,
    },
];

/// The known licence with SPDX id `id` (SPDX ids match whatever their case).
pub fn find(id: &str) -> Option<&'static Licence> {
    KNOWN.iter().find(|l| l.id.eq_ignore_ascii_case(id))
}

/// What templates get as `licence`: the licence's names and its page in the page's language.
#[derive(Debug, Serialize)]
pub struct LicenceView {
    /// SPDX id.
    pub id: &'static str,
    /// Short name.
    pub short: &'static str,
    /// Full name.
    pub name: &'static str,
    /// Its page, in `lang` when there is one.
    pub url: &'static str,
}

impl Licence {
    /// The licence as templates see it in `lang`.
    pub fn view(&'static self, lang: &str) -> LicenceView {
        LicenceView {
            id: self.id,
            short: self.short,
            name: self.name,
            url: match (lang, self.url_fr) {
                ("fr", Some(u)) => u,
                _ => self.url,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_whatever_their_case_and_pages_follow_the_language() {
        assert_eq!(find("cc-by-4.0").map(|l| l.id), Some("CC-BY-4.0"));
        assert_eq!(find("CC-BY-4"), None);
        let l = find("CC-BY-4.0").expect("known");
        assert!(l.view("fr").url.ends_with("deed.fr"));
        assert!(!l.view("en").url.ends_with("deed.fr"));
        assert_eq!(
            find("ODbL-1.0").expect("known").view("fr").url,
            find("ODbL-1.0").expect("known").url
        );
    }
}
