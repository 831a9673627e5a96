//! Markdown to safe HTML. Fiche text comes from pull requests, so nothing in it may become
//! markup that Sira did not generate itself: raw HTML is turned into escaped text, link and image
//! addresses are filtered (no `javascript:`, `data:` or other schemes), headings start at `<h2>`.

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
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut raw_html = false;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
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
            let dest_url = if safe_url(&dest_url) {
                dest_url
            } else {
                CowStr::Borrowed("#")
            };
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = if safe_url(&dest_url)
                && !dest_url.trim().to_ascii_lowercase().starts_with("mailto")
            {
                dest_url
            } else {
                CowStr::Borrowed("")
            };
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })
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
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    (html, raw_html)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn headings_start_at_h2() {
        let (html, _) = to_html("# Title\n\n## Sub\n\n### Deeper\n");
        assert_eq!(html, "<h2>Title</h2>\n<h2>Sub</h2>\n<h3>Deeper</h3>\n");
    }
}
