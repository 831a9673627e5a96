//! What the pages say to machines: schema.org JSON-LD, `robots.txt`, `sitemap.xml`, and the
//! Content-Security-Policy every page carries.

use serde_json::json;

use super::view;
use super::Renderer;
use crate::model::{Fiche, Site};
use crate::vocab::VocabKind;

pub(super) fn robots(site: &Site) -> String {
    let mut s = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &site.config.base_url {
        s.push_str(&format!(
            "Sitemap: {}/sitemap.xml\n",
            base.trim_end_matches('/')
        ));
    }
    s
}

pub(super) fn sitemap(site: &Site, files: &[String]) -> Option<String> {
    let base = site.config.base_url.as_ref()?.trim_end_matches('/');
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut pages: Vec<&String> = files
        .iter()
        .filter(|f| f.ends_with(".html") && f.as_str() != "404.html")
        .collect();
    pages.sort();
    for f in pages {
        let url = format!("{base}/{f}")
            .replace('&', "&amp;")
            .replace('<', "&lt;");
        s.push_str(&format!("  <url><loc>{url}</loc></url>\n"));
    }
    s.push_str("</urlset>\n");
    Some(s)
}

/// The one inline style of every page, inside `<noscript>`: what needs JavaScript is not shown
/// without it (and shown from the first paint with it, so nothing moves when scripts run).
pub const NOSCRIPT_STYLE: &str = ".needs-js{display:none!important}";

/// The policy of every page but the not-found one (its only inline text is [`NOSCRIPT_STYLE`]),
/// computed once.
pub fn page_policy() -> &'static str {
    static POLICY: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| content_security_policy(&[NOSCRIPT_STYLE], &[]));
    &POLICY
}

/// The Content-Security-Policy of every page: the site's own scripts, styles, images, data and
/// service worker, nothing from elsewhere, and no inline script or style but the texts given,
/// allowed by their SHA-256 (JSON-LD and the search strings are data, not scripts).
pub fn content_security_policy(styles: &[&str], scripts: &[&str]) -> String {
    let hashes = |texts: &[&str]| {
        use base64::Engine as _;
        use sha2::Digest as _;
        texts
            .iter()
            .map(|text| {
                let digest = sha2::Sha256::digest(text.as_bytes());
                format!(
                    " 'sha256-{}'",
                    base64::engine::general_purpose::STANDARD.encode(digest)
                )
            })
            .collect::<String>()
    };
    format!(
        "default-src 'none'; script-src 'self'{}; style-src 'self'{}; img-src 'self'; \
         connect-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'self'; \
         base-uri 'none'",
        hashes(scripts),
        hashes(styles)
    )
}

impl Renderer<'_> {
    /// schema.org JSON-LD for a fiche page, safe to embed in a `<script>` element.
    pub(super) fn json_ld(&self, f: &Fiche, v: &view::FicheView, lang: &str, path: &str) -> String {
        let kind = self
            .site
            .vocab
            .get(VocabKind::Kinds)
            .get(f.front.kind.as_deref().unwrap_or_default());
        let regions = self.site.vocab.get(VocabKind::Regions);
        let area: Vec<serde_json::Value> = f
            .front
            .regions
            .iter()
            .filter_map(|r| regions.get(r))
            .map(|t| {
                if t.national {
                    json!({"@type": "Country", "name": "Mali", "identifier": "ML"})
                } else {
                    let mut o = json!({"@type": "AdministrativeArea", "name": t.label(lang)});
                    if let Some(iso) = &t.iso_3166_2 {
                        o["identifier"] = json!(iso);
                    }
                    o
                }
            })
            .collect();
        let mut o = json!({
            "@context": "https://schema.org",
            "@type": kind.and_then(|k| k.schema_org.clone()).unwrap_or_else(|| "Organization".into()),
            "name": v.name.text,
            "areaServed": area,
            "inLanguage": lang,
        });
        if let Some(a) = &v.acronym {
            o["alternateName"] = json!(a);
        }
        if let Some(s) = &v.summary {
            o["description"] = json!(s.text);
        }
        if let Some(y) = v.founded {
            o["foundingDate"] = json!(y.to_string());
        }
        if !v.phones.is_empty() {
            o["telephone"] = json!(v
                .phones
                .iter()
                .map(|p| p.tel.trim_start_matches("tel:").to_string())
                .collect::<Vec<_>>());
        }
        if let Some(e) = &v.email {
            o["email"] = json!(e);
        }
        if let Some(w) = &v.website {
            o["sameAs"] = json!(w);
        }
        if let Some(city) = f.front.cities.first() {
            o["address"] =
                json!({"@type": "PostalAddress", "addressLocality": city, "addressCountry": "ML"});
        }
        if let Some(base) = &self.site.config.base_url {
            o["url"] = json!(format!("{}/{path}", base.trim_end_matches('/')));
        }
        // `</script>` inside a string must not close the element.
        serde_json::to_string(&o)
            .unwrap_or_default()
            .replace('<', "\\u003c")
    }
}

#[cfg(test)]
mod tests {
    use super::content_security_policy;

    #[test]
    fn the_policy_allows_only_the_inline_texts_it_is_given() {
        let plain = content_security_policy(&[], &[]);
        assert!(
            plain.starts_with("default-src 'none'; script-src 'self'; style-src 'self'; img-src")
        );
        assert!(!plain.contains("unsafe") && !plain.contains("sha256"));
        let inline = content_security_policy(&["body{}"], &[""]);
        // echo -n 'body{}' | openssl dgst -sha256 -binary | base64; and of the empty string.
        assert!(
            inline.contains(
                "style-src 'self' 'sha256-fJgEClQWV1hGkK4qHMO0KotTsVnMYMXTq7/suurGyUo=';"
            ),
            "{inline}"
        );
        assert!(
            inline.contains(
                "script-src 'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';"
            ),
            "{inline}"
        );
    }
}
