//! Atom feeds (RFC 4287), one pair per language: the fiches by the date their facts were last
//! verified (what an editor changes when adding, updating or re-verifying a fiche), and the
//! programmes. Dates come from the fiches only, so a build gives the same feeds every time.

use super::view::{self, FicheView};
use super::Renderer;
use crate::i18n::date_words;
use crate::model::Fiche;
use crate::values::Date;

/// Entries in a feed at most (the most recent).
const ENTRIES: usize = 100;

/// Escapes text for XML content and attribute values.
fn xml(s: &str) -> String {
    super::theme::escape_html(s)
}

/// A date as an RFC 3339 timestamp (a month-only date is its first day), midnight UTC.
fn timestamp(d: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        d.year,
        d.month,
        d.day.unwrap_or(1)
    )
}

/// One entry, before it is written.
struct Entry {
    id: String,
    title: String,
    updated: Date,
    href: String,
    summary: Option<String>,
    /// XHTML-free HTML body (escaped once more when written).
    content: String,
}

impl Renderer<'_> {
    /// A link from the feed of `lang` (at `<lang>/…`): absolute with a `base_url`, else
    /// relative to the feed.
    fn feed_href(&self, lang: &str, rel: &str) -> String {
        match &self.site.config.base_url {
            Some(_) => self.address(&format!("{lang}/{rel}")),
            None => rel.to_string(),
        }
    }

    /// The fiches in `lang`, the most recently verified first (then in name order).
    fn recent(&self, lang: &str) -> Vec<&Fiche> {
        let mut order: Vec<&Fiche> = self
            .sorted_fiches(lang, |_| true)
            .map(|(_, i)| &self.site.fiches[i])
            .collect();
        order.sort_by_key(|f| std::cmp::Reverse(f.last_verified.days_since_epoch()));
        order
    }

    fn facts_html(&self, v: &FicheView, lang: &str, f: &Fiche) -> String {
        let strings = &self.theme.strings[lang];
        let colon = self.t(lang, "colon");
        let mut html = String::new();
        if let Some(s) = &v.summary {
            html.push_str(&format!("<p>{}</p>", xml(&s.text)));
        }
        let place: Vec<String> = v
            .national
            .then(|| self.t(lang, "nationwide"))
            .into_iter()
            .chain(v.regions.iter().map(|r| r.label.clone()))
            .collect();
        html.push_str(&format!(
            "<p>{}{colon} {}</p>",
            xml(&self.t(lang, "where")),
            xml(&place.join(", "))
        ));
        let mut elig = v.eligibility.label.clone();
        if let Some(c) = &v.conditions {
            elig = format!("{elig} — {}", c.text);
        }
        html.push_str(&format!(
            "<p>{}{colon} {}</p>",
            xml(&self.t(lang, "returnees_box")),
            xml(&elig)
        ));
        let phones: Vec<&str> = v.phones.iter().map(|p| p.display.as_str()).collect();
        if !phones.is_empty() {
            html.push_str(&format!(
                "<p>{} {}</p>",
                xml(&self.t(lang, "phone_short")),
                xml(&phones.join(", "))
            ));
        }
        html.push_str(&format!(
            "<p>{} {}</p>",
            xml(&self.t(lang, "last_verified")),
            xml(&date_words(f.last_verified, strings))
        ));
        html
    }

    /// The Atom feed of fiches in `lang`.
    pub(super) fn fiches_feed(&self, lang: &str) -> String {
        let ctx = self.ctx(lang, "");
        let entries = self
            .recent(lang)
            .into_iter()
            .take(ENTRIES)
            .map(|f| {
                let v = view::fiche_with(f, &ctx, false);
                Entry {
                    id: format!(
                        "urn:uuid:{}",
                        crate::values::uuid(&format!("feed:{lang}:organization:{}", f.slug))
                    ),
                    title: match &v.acronym {
                        Some(a) if *a != v.name.text => format!("{} ({a})", v.name.text),
                        _ => v.name.text.clone(),
                    },
                    updated: f.last_verified,
                    href: self.feed_href(lang, &format!("{}/{}.html", f.section, f.slug)),
                    summary: v.summary.as_ref().map(|s| s.text.clone()),
                    content: self.facts_html(&v, lang, f),
                }
            })
            .collect();
        self.feed(
            lang,
            "feed.xml",
            "feed_fiches",
            "feed_fiches_subtitle",
            entries,
        )
    }

    /// The Atom feed of programmes in `lang`, those of the most recently verified fiches first.
    pub(super) fn programmes_feed(&self, lang: &str) -> String {
        let ctx = self.ctx(lang, "");
        let mut entries = Vec::new();
        for f in self.recent(lang) {
            if f.front.programmes.is_empty() {
                continue;
            }
            let v = view::fiche_with(f, &ctx, false);
            let org = v.acronym.clone().unwrap_or_else(|| v.name.text.clone());
            for (pr, pv) in f.front.programmes.iter().zip(&v.programmes) {
                let name = pv.name.as_ref().map_or(pr.id.as_str(), |n| n.text.as_str());
                let title = match &pv.acronym {
                    Some(a) if a != name => format!("{name} ({a}) — {org}"),
                    _ => format!("{name} — {org}"),
                };
                let mut content = String::new();
                let meta: Vec<String> = pv
                    .years
                    .iter()
                    .chain(&pv.status)
                    .cloned()
                    .chain((!pv.regions.is_empty()).then(|| {
                        pv.regions
                            .iter()
                            .map(|r| r.label.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    }))
                    .collect();
                if !meta.is_empty() {
                    content.push_str(&format!("<p>{}</p>", xml(&meta.join(" · "))));
                }
                if let Some(s) = &pv.summary {
                    content.push_str(&format!("<p>{}</p>", xml(&s.text)));
                }
                let funders: Vec<&str> = pv.funders.iter().map(|p| p.name.text.as_str()).collect();
                if !funders.is_empty() {
                    content.push_str(&format!(
                        "<p>{}{} {}</p>",
                        xml(&self.t(lang, "funders")),
                        self.t(lang, "colon"),
                        xml(&funders.join(", "))
                    ));
                }
                content.push_str(&format!(
                    "<p>{} {}</p>",
                    xml(&self.t(lang, "last_verified")),
                    xml(&date_words(f.last_verified, &self.theme.strings[lang]))
                ));
                entries.push(Entry {
                    id: format!(
                        "urn:uuid:{}",
                        crate::values::uuid(&format!("feed:{lang}:program:{}:{}", f.slug, pr.id))
                    ),
                    title,
                    updated: f.last_verified,
                    href: self
                        .feed_href(lang, &format!("{}/{}.html#p-{}", f.section, f.slug, pr.id)),
                    summary: pv.summary.as_ref().map(|s| s.text.clone()),
                    content,
                });
                if entries.len() == ENTRIES {
                    break;
                }
            }
            if entries.len() == ENTRIES {
                break;
            }
        }
        self.feed(
            lang,
            "programmes.xml",
            "feed_programmes",
            "feed_programmes_subtitle",
            entries,
        )
    }

    /// Writes a feed at `<lang>/<file>`.
    fn feed(
        &self,
        lang: &str,
        file: &str,
        title_key: &str,
        subtitle_key: &str,
        entries: Vec<Entry>,
    ) -> String {
        let site_title = self
            .site
            .config
            .title
            .get(lang)
            .cloned()
            .unwrap_or_else(|| "Sira".into());
        let id = match &self.site.config.base_url {
            Some(_) => self.address(&format!("{lang}/{file}")),
            None => format!(
                "urn:uuid:{}",
                crate::values::uuid(&format!("feed:{lang}:{file}:{site_title}"))
            ),
        };
        // The newest entry's date (the feed changes when one does); the epoch for none.
        let updated = entries
            .iter()
            .map(|e| e.updated)
            .max_by_key(|d| d.days_since_epoch())
            .unwrap_or(Date {
                year: 1970,
                month: 1,
                day: Some(1),
            });
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
<id>{}</id>\n<title>{}</title>\n<subtitle>{}</subtitle>\n<updated>{}</updated>\n\
<author><name>{}</name></author>\n\
<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
<generator>Sira</generator>\n",
            xml(&id),
            xml(&format!("{site_title} — {}", self.t(lang, title_key))),
            xml(&self.t(lang, subtitle_key)),
            timestamp(updated),
            xml(&site_title),
            xml(&self.feed_href(lang, file)),
            xml(&self.feed_href(lang, "index.html")),
        ));
        for e in entries {
            out.push_str(&format!(
                "<entry>\n<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n\
<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                xml(&e.id),
                xml(&e.title),
                timestamp(e.updated),
                xml(&e.href)
            ));
            if let Some(s) = &e.summary {
                out.push_str(&format!("<summary>{}</summary>\n", xml(s)));
            }
            out.push_str(&format!(
                "<content type=\"html\">{}</content>\n</entry>\n",
                xml(&e.content)
            ));
        }
        out.push_str("</feed>\n");
        out
    }
}
