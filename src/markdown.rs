//! Markdown to safe HTML. Fiche text comes from pull requests, so nothing in it may become
//! markup that Sira did not generate itself: raw HTML is turned into escaped text, link and image
//! addresses are filtered (no `javascript:`, `data:` or other schemes), images must be files
//! of the site (a remote image would tell a third party who reads the page), headings start at
//! `<h2>`.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Is this a URL Sira keeps in links: http(s), mailto, tel, or a relative path/anchor?
pub fn safe_url(url: &str) -> bool {
    let u = url.trim();
    let lower: String = u
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match lower.find(':') {
        // A colon before any `/`, `?` or `#` means a scheme.
        Some(i) if !lower[..i].contains(['/', '?', '#']) => {
            let scheme = &lower[..i];
            matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

/// Why an image source is not a relative path inside the site, if it is not: images from
/// elsewhere (`https:`, `//host`, `data:`…) would reveal each reader to a third party, or be
/// refused by the pages' Content-Security-Policy.
pub fn image_source_problem(url: &str) -> Option<&'static str> {
    // As browsers parse URLs: surrounding spaces and controls go, tabs and line breaks inside
    // are dropped, and `\` is a `/`.
    let u: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    let lower = u.to_ascii_lowercase();
    if u.is_empty() {
        return Some("the image has no address");
    }
    if lower.starts_with("//") {
        return Some("an address starting with `//` names another server");
    }
    if lower.starts_with('/') {
        return Some("an address starting with `/` leaves the site when it is opened from a folder or a sub-path");
    }
    match lower.find(':') {
        Some(i) if !lower[..i].contains(['/', '?', '#']) => {
            if lower.starts_with("data:") {
                Some("a `data:` image is embedded in the text, not a file of the site")
            } else if lower.starts_with("http:") || lower.starts_with("https:") {
                Some("an image from another server reveals every reader to that server")
            } else {
                Some("an image address with a scheme is not a file of the site")
            }
        }
        _ => None,
    }
}

/// The images of `markdown` whose source is not a file of the site: the byte range of each
/// image (`![alt](src)`), its source and why it is refused.
pub fn refused_images(markdown: &str) -> Vec<(std::ops::Range<usize>, String, &'static str)> {
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                image_source_problem(&dest_url).map(|why| (range, dest_url.into_string(), why))
            }
            _ => None,
        })
        .collect()
}

/// The scheme of a link to another fiche by its slug: `[ANPE](fiche:anpe)` links to that
/// fiche's page in the reader's language; `sira check` refuses a slug no fiche has.
pub const FICHE_SCHEME: &str = "fiche:";

/// The links to fiches in `markdown`: the byte range of each link and the slug it names.
pub fn fiche_links(markdown: &str) -> Vec<(std::ops::Range<usize>, String)> {
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => dest_url
                .trim()
                .strip_prefix(FICHE_SCHEME)
                .map(|slug| (range, slug.to_string())),
            _ => None,
        })
        .collect()
}

fn options() -> Options {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options
}

fn shift(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => HeadingLevel::H2,
        HeadingLevel::H3 => HeadingLevel::H3,
        HeadingLevel::H4 => HeadingLevel::H4,
        HeadingLevel::H5 => HeadingLevel::H5,
        HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// Renders Markdown to HTML that contains only markup pulldown-cmark generates from Markdown
/// syntax. Returns the HTML and whether raw HTML had to be neutralised.
pub fn to_html(markdown: &str) -> (String, bool) {
    to_html_with(markdown, &|_| None)
}

/// Like [`to_html`], with `fiche` giving the address of a fiche from its slug, for
/// `fiche:<slug>` links (a link to no fiche becomes `#`).
pub fn to_html_with(markdown: &str, fiche: &dyn Fn(&str) -> Option<String>) -> (String, bool) {
    let mut raw_html = false;
    // Depth of refused images being dropped (their alt text stays, as text).
    let mut dropped = 0usize;
    let events = Parser::new_ext(markdown, options()).filter_map(|event| {
        Some(match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                raw_html = true;
                Event::Text(h)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match dest_url.trim().strip_prefix(FICHE_SCHEME) {
                    Some(slug) => fiche(slug).map_or(CowStr::Borrowed("#"), CowStr::from),
                    None if safe_url(&dest_url) => dest_url,
                    None => CowStr::Borrowed("#"),
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            // Only images of the site; another's is dropped and its alt text shown instead, so
            // no page ever makes a reader's browser fetch from elsewhere.
            Event::Start(Tag::Image { dest_url, .. })
                if dropped > 0 || image_source_problem(&dest_url).is_some() =>
            {
                dropped += 1;
                return None;
            }
            Event::End(TagEnd::Image) if dropped > 0 => {
                dropped -= 1;
                return None;
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: shift(level),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level))),
            other => other,
        })
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    (html, raw_html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_fiches_by_slug() {
        let md = "Voir [l'ANPE](fiche:anpe) et [rien](fiche:nope), [web](https://a.ml).";
        assert_eq!(
            fiche_links(md)
                .into_iter()
                .map(|(r, s)| (md[r].to_string(), s))
                .collect::<Vec<_>>(),
            [
                ("[l'ANPE](fiche:anpe)".to_string(), "anpe".to_string()),
                ("[rien](fiche:nope)".to_string(), "nope".to_string())
            ]
        );
        let html = to_html_with(md, &|s| {
            (s == "anpe").then(|| "../emploi/anpe.html".to_string())
        })
        .0;
        assert!(
            html.contains("<a href=\"../emploi/anpe.html\">l'ANPE</a>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"#\">rien</a>"), "{html}");
        assert!(to_html(md).0.contains("<a href=\"#\">l'ANPE</a>"));
    }

    #[test]
    fn raw_html_becomes_text() {
        let (html, raw) = to_html("Hi <script>alert(1)</script> <iframe src=x></iframe>\n\n<div onclick=\"x()\">d</div>\n");
        assert!(raw);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn dangerous_links_are_neutralised() {
        let (html, _) = to_html("[a](javascript:alert(1)) [b]( JaVaScRiPt:x) [c](data:text/html,x) [d](https://ok.ml/) [e](../x.html) [f](tel:+22370000000)");
        assert!(!html.to_lowercase().contains("javascript"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains("href=\"https://ok.ml/\""));
        assert!(html.contains("href=\"../x.html\""));
        assert!(html.contains("href=\"tel:+22370000000\""));
    }

    #[test]
    fn only_images_of_the_site_are_kept() {
        let md =
            "![map](../img/map.png) ![a](https://tracker.example/p.gif) ![b](//cdn.example/x.png) \
                  ![c](HTTP://x.example/y) ![d](data:image/png;base64,AAAA) ![e](/abs.png) \
                  ![f](\\\\evil.example/x) ![g]( \thttps://x.example/) ![h](javascript:x) \
                  ![i][r] ![*j* ![k](https://x.example/k)](https://x.example/j)\n\n\
                  [r]: https://ref.example/r.png\n";
        let (html, _) = to_html(md);
        assert_eq!(html.matches("<img").count(), 1, "{html}");
        assert!(
            html.contains("<img src=\"../img/map.png\" alt=\"map\""),
            "{html}"
        );
        for gone in [
            "tracker",
            "cdn",
            "x.example",
            "data:",
            "abs.png",
            "evil",
            "javascript",
            "ref.example",
        ] {
            assert!(!html.contains(gone), "{gone}: {html}");
        }
        // The alt text stays, as text.
        assert!(
            html.contains(" a ") && html.contains("<em>j</em>"),
            "{html}"
        );
        let refused: Vec<String> = refused_images(md)
            .into_iter()
            .map(|(r, _, _)| md[r].to_string())
            .collect();
        assert_eq!(refused.len(), 11, "{refused:?}");
        assert!(
            refused[0].starts_with("![a](https://tracker"),
            "{refused:?}"
        );
        assert_eq!(refused[8], "![i][r]");
        for fine in [
            "img/a.png",
            "../../assets/x.svg",
            "./x.png?v=1#y",
            "x.png#a:b",
        ] {
            assert_eq!(image_source_problem(fine), None, "{fine}");
        }
    }

    #[test]
    fn headings_start_at_h2() {
        let (html, _) = to_html("# Title\n\n## Sub\n\n### Deeper\n");
        assert_eq!(html, "<h2>Title</h2>\n<h2>Sub</h2>\n<h3>Deeper</h3>\n");
    }
}
