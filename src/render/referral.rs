//! For counsellors: the referral list's data (what the list page shows of each organisation,
//! in the page's language, in a few script files loaded by the list page), and the printed
//! booklet of a region (the organisations there and the nationwide ones, compactly, with a QR
//! code to each fiche when the site has a `base_url`).

use serde::Serialize;
use tera::Context;

use super::cards::Face;
use super::view::{self, FicheView};
use super::Renderer;
use crate::model::Fiche;
use crate::vocab::VocabKind;

/// Fiches per list-data file, about: the list page loads only the files of the organisations
/// on the list.
const PER_FILE: usize = 64;

/// How many list-data files a site of `n` fiches has (a power of two).
pub(super) fn data_files(n: usize) -> usize {
    n.div_ceil(PER_FILE).max(1).next_power_of_two()
}

/// Which list-data file holds the fiche `slug` (FNV-1a, as the list script computes it).
pub(super) fn data_file_of(slug: &str, files: usize) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for b in slug.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    (h as usize) % files.max(1)
}

/// What the list page shows of one organisation (plain text: the script writes it with
/// `textContent`).
#[derive(Serialize)]
struct Entry {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    acronym: Option<String>,
    /// The fiche, relative to the language root.
    href: String,
    /// The fiche's language, when it has no translation in the page's.
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<String>,
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    services: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    offers: Vec<String>,
    eligibility: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    conditions: Option<String>,
    /// Entry conditions: who can apply and with which papers.
    #[serde(skip_serializing_if = "Option::is_none")]
    entry: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cost: Option<String>,
    place: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<String>,
    /// Phones: [display, `tel:` link].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    phones: Vec<[String; 2]>,
    /// WhatsApp: [display, `https://wa.me/` link].
    #[serde(skip_serializing_if = "Option::is_none")]
    whatsapp: Option<[String; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    website: Option<String>,
    /// How to reach it when the sources give no contact of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    reach: Option<String>,
    /// Public contacts: "name, role: phones, e-mail".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    contacts: Vec<String>,
}

impl Renderer<'_> {
    /// Where a fiche is, in words: nationwide, its regions, its towns.
    fn place_words(&self, v: &FicheView, lang: &str) -> String {
        let mut parts: Vec<String> = Vec::new();
        if v.national {
            parts.push(self.t(lang, "nationwide"));
        }
        parts.extend(v.regions.iter().map(|r| r.label.clone()));
        let mut place = parts.join(", ");
        if !v.cities.is_empty() {
            place.push_str(&format!(" ({})", v.cities.join(", ")));
        }
        place
    }

    fn entry(&self, f: &Fiche, v: &FicheView, lang: &str) -> Entry {
        let cost = {
            let mut parts: Vec<String> = Vec::new();
            match v.free {
                Some(true) => parts.push(self.t(lang, "free")),
                Some(false) => parts.push(self.t(lang, "paid")),
                None => {}
            }
            parts.extend(v.cost_range.clone());
            parts.extend(v.cost_details.as_ref().map(|d| d.text.clone()));
            (!parts.is_empty()).then(|| parts.join(" · "))
        };
        let contacts = v
            .contacts
            .iter()
            .filter(|c| !c.phones.is_empty() || c.email.is_some() || c.whatsapp.is_some())
            .map(|c| {
                let who: Vec<String> = c
                    .name
                    .iter()
                    .cloned()
                    .chain(c.role.as_ref().map(|r| r.text.clone()))
                    .collect();
                let how: Vec<String> = c
                    .phones
                    .iter()
                    .map(|p| p.display.clone())
                    .chain(
                        c.whatsapp
                            .as_ref()
                            .map(|w| format!("WhatsApp {}", w.display)),
                    )
                    .chain(c.email.clone())
                    .collect();
                format!(
                    "{}{} {}",
                    who.join(", "),
                    self.t(lang, "colon"),
                    how.join(", ")
                )
            })
            .collect();
        Entry {
            name: v.name.text.clone(),
            acronym: v.acronym.clone(),
            href: format!("{}/{}.html", f.section, f.slug),
            lang: v.untranslated.then(|| v.name.lang.clone()).flatten(),
            kind: v.kind.label.clone(),
            summary: v.summary.as_ref().map(|s| s.text.clone()),
            services: v
                .services
                .iter()
                .map(|s| s.label.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            offers: v
                .offers
                .iter()
                .filter_map(|o| o.name.as_ref().map(|n| n.text.clone()))
                .collect(),
            eligibility: v.eligibility.label.clone(),
            conditions: v.conditions.as_ref().map(|c| c.text.clone()),
            entry: v.entry_conditions.as_ref().map(|c| c.text.clone()),
            cost,
            place: self.place_words(v, lang),
            address: v.address.as_ref().map(|a| a.text.clone()),
            phones: v
                .phones
                .iter()
                .filter(|p| !p.tel.is_empty())
                .map(|p| [p.display.clone(), p.tel.clone()])
                .collect(),
            whatsapp: v
                .whatsapp
                .as_ref()
                .filter(|w| !w.whatsapp.is_empty())
                .map(|w| [w.display.clone(), w.whatsapp.clone()]),
            email: v.email.clone(),
            website: v.website.clone(),
            reach: v.contact_note.as_ref().map(|n| n.text.clone()),
            contacts,
        }
    }

    /// List-data file `k` of `lang`: a script handing the list page its organisations,
    /// `siraListData({slug: entry, …})`.
    pub(super) fn list_data(&self, lang: &str, k: usize) -> String {
        let ctx = self.ctx(lang, "");
        let mut map = serde_json::Map::new();
        let members = self.list_files.get_or_init(|| {
            let files = data_files(self.site.fiches.len());
            let mut of = vec![Vec::new(); files];
            for (i, f) in self.site.fiches.iter().enumerate() {
                of[data_file_of(&f.slug, files)].push(i);
            }
            of
        });
        for f in members
            .get(k)
            .into_iter()
            .flatten()
            .map(|&i| &self.site.fiches[i])
        {
            let v = view::fiche_with(f, &ctx, false);
            let entry = self.entry(f, &v, lang);
            map.insert(
                f.slug.clone(),
                serde_json::to_value(entry).unwrap_or_default(),
            );
        }
        format!(
            "siraListData({});\n",
            serde_json::Value::Object(map)
                .to_string()
                .replace('<', "\\u003c")
        )
    }

    /// The list page: its settings and strings for the list script, as JSON data.
    pub(super) fn list_page(&self, c: &mut Context, lang: &str) {
        let files = data_files(self.site.fiches.len());
        let strings: serde_json::Map<String, serde_json::Value> = LIST_STRINGS
            .iter()
            .map(|k| ((*k).to_string(), self.t(lang, k).into()))
            .collect();
        let config = serde_json::json!({
            "files": (0..files).map(|k| format!("list/{k}.js")).collect::<Vec<_>>(),
            "base": self.site.config.base_url.as_ref().map(|b| format!("{}/{lang}/", b.trim_end_matches('/'))),
            "title": self.site.config.title.get(lang),
            "strings": strings,
        });
        c.insert("title", &self.t(lang, "list_title"));
        c.insert("list_config", &config.to_string().replace('<', "\\u003c"));
    }

    /// Fiche `f`'s entry in the region booklets (rendered once per language by
    /// `booklet-entry.html`, with links from the language root's [`CARD_ROOT`](super::cards::CARD_ROOT)).
    pub(super) fn booklet_entry(
        &self,
        f: &Fiche,
        lang: &str,
        ctx: &view::Ctx<'_>,
    ) -> serde_json::Value {
        let strings = &self.theme.strings[lang];
        let v = view::fiche_with(f, ctx, false);
        let path = crate::model::fiche_path(lang, f);
        let url = self
            .site
            .config
            .base_url
            .as_ref()
            .map(|_| self.address(&path));
        serde_json::json!({
            "place": self.place_words(&v, lang),
            "href": format!("{}{}/{}.html", super::cards::CARD_ROOT, f.section, f.slug),
            "qr": url.as_deref().and_then(qr_svg),
            "url": url,
            "verified": crate::i18n::date_words(f.last_verified, strings),
            "fiche": v,
        })
    }

    /// A region's booklet: the organisations present there, then the nationwide ones, each
    /// with a QR code to its fiche when the site has an address.
    pub(super) fn booklet(&self, c: &mut Context, lang: &str, id: &str, to_lang_root: &str) {
        let m = &self.prep.members;
        let bit = m.bit(self.site, VocabKind::Regions, id);
        let local = self.cards(lang, Face::Entry, |i| m.has(i, bit));
        let national = self.cards(lang, Face::Entry, |i| m.national(i) && !m.has(i, bit));
        let region = self.term_label(VocabKind::Regions, id, lang);
        c.insert(
            "title",
            &self.t(lang, "booklet_title").replace("{region}", &region),
        );
        c.insert("region", &region);
        c.insert("region_href", &format!("{to_lang_root}region/{id}.html"));
        c.insert(
            "groups",
            &serde_json::json!([
                {"id": "local", "title": self.t(lang, "present_here"), "entries": local},
                {"id": "national", "title": self.t(lang, "national_coverage"), "entries": national},
            ]),
        );
    }

    /// The counsellors' page: the list, the programmes, a booklet per region, the feeds.
    pub(super) fn counsellors(&self, c: &mut Context, lang: &str) {
        let booklets: Vec<serde_json::Value> = self
            .site
            .vocab
            .get(VocabKind::Regions)
            .terms
            .iter()
            .filter(|t| !t.national)
            .map(|t| serde_json::json!({"label": t.label(lang), "href": format!("booklet/{}.html", t.id)}))
            .collect();
        c.insert("title", &self.t(lang, "counsellors_title"));
        c.insert("booklets", &booklets);
        c.insert("corrections", &self.site.config.corrections.any());
    }
}

/// UI strings the list script needs (passed to it as JSON in the list page).
const LIST_STRINGS: [&str; 26] = [
    "list_empty",
    "list_count",
    "list_count_one",
    "list_shared",
    "list_keep",
    "list_kept",
    "list_remove",
    "list_note",
    "list_clear",
    "list_missing",
    "call",
    "services",
    "offers",
    "returnees_box",
    "entry_conditions",
    "cost",
    "where",
    "contact",
    "phone_short",
    "slip_title",
    "slip_for",
    "slip_by",
    "slip_date",
    "slip_bring",
    "list_link_title",
    "list_link_none",
];

/// A QR code of `text` as an inline SVG (dark modules as one path of horizontal runs, a quiet
/// zone of four modules), or `None` when the text is too long for a QR code.
pub(super) fn qr_svg(text: &str) -> Option<String> {
    use qrcodegen::{QrCode, QrCodeEcc};
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = qr.size();
    let quiet = 4;
    let mut d = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !qr.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && qr.get_module(x, y) {
                x += 1;
            }
            d.push_str(&format!(
                "M{} {}h{}v1h-{}z",
                start + quiet,
                y + quiet,
                x - start,
                x - start
            ));
        }
    }
    let full = size + 2 * quiet;
    Some(format!(
        "<svg class=\"qr\" viewBox=\"0 0 {full} {full}\" aria-hidden=\"true\" focusable=\"false\"><rect width=\"{full}\" height=\"{full}\" fill=\"#fff\"/><path d=\"{d}\" fill=\"#000\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_data_files_grow_with_the_site_by_powers_of_two() {
        assert_eq!(data_files(0), 1);
        assert_eq!(data_files(64), 1);
        assert_eq!(data_files(65), 2);
        assert_eq!(data_files(10_000), 256);
        // The list script computes the same (FNV-1a of the slug's bytes).
        assert_eq!(data_file_of("cfp-missabougou", 1), 0);
        assert_eq!(data_file_of("a", 256), 0xe40c292c_usize % 256);
    }

    #[test]
    fn qr_codes_are_square_svgs_with_a_quiet_zone() {
        let svg = qr_svg("https://example.org/fr/formation/cfp-missabougou.html").expect("qr");
        assert!(
            svg.starts_with("<svg class=\"qr\" viewBox=\"0 0 41 41\""),
            "{svg}"
        );
        assert!(svg.contains("<path d=\"M"));
        assert!(qr_svg(&"x".repeat(5000)).is_none());
    }
}
