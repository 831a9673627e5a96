//! What a reader can do with a fiche besides reading it: send it by WhatsApp or SMS (plain
//! links that need no script), and report an error or suggest a change, by the ways
//! `sira.toml`'s `[corrections]` names (nothing when it names none).

use serde::Serialize;

use super::view::FicheView;
use super::Renderer;
use crate::model::Fiche;

/// Percent-encodes `s` for a URL query value or path segment (RFC 3986: every byte but the
/// unreserved characters).
pub(super) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `https://wa.me/` link that opens WhatsApp with `text` written (and, with `to`, the
/// conversation with that number, in E.164 digits).
pub(super) fn whatsapp_link(to: Option<&str>, text: &str) -> String {
    format!("https://wa.me/{}?text={}", to.unwrap_or(""), encode(text))
}

/// An `sms:` link with `text` as the message (`?&body=` is read by Android and iOS alike).
pub(super) fn sms_link(text: &str) -> String {
    format!("sms:?&body={}", encode(text))
}

/// The "send this fiche" links.
#[derive(Serialize)]
pub(super) struct Share {
    pub(super) whatsapp: String,
    pub(super) sms: String,
}

/// A link with its label.
#[derive(Serialize)]
pub(super) struct Link {
    pub(super) label: String,
    pub(super) href: String,
}

/// The "report an error / suggest a change" links of a fiche.
#[derive(Serialize)]
pub(super) struct Report {
    /// A prefilled new GitHub issue.
    pub(super) issue: Option<String>,
    /// GitHub's web editor, per file of the fiche (label: the file's path).
    pub(super) edit: Vec<Link>,
    /// A prefilled e-mail.
    pub(super) email: Option<String>,
    /// A prefilled WhatsApp message.
    pub(super) whatsapp: Option<String>,
}

impl Renderer<'_> {
    /// The page's public address, or its path when the site has no `base_url`.
    pub(super) fn address(&self, path: &str) -> String {
        match &self.site.config.base_url {
            Some(base) => format!("{}/{path}", base.trim_end_matches('/')),
            None => path.to_string(),
        }
    }

    /// The fiche's name, contacts and address as a message, one fact a line.
    pub(super) fn share_text(&self, v: &FicheView, lang: &str, path: &str) -> String {
        let mut lines = vec![match &v.acronym {
            Some(a) if *a != v.name.text => format!("{} ({a})", v.name.text),
            _ => v.name.text.clone(),
        }];
        let phones: Vec<&str> = v
            .phones
            .iter()
            .filter(|p| !p.tel.is_empty())
            .map(|p| p.display.as_str())
            .collect();
        if !phones.is_empty() {
            lines.push(format!(
                "{} {}",
                self.t(lang, "phone_short"),
                phones.join(", ")
            ));
        }
        if let Some(w) = &v.whatsapp {
            lines.push(format!("WhatsApp {}", w.display));
        }
        if let Some(e) = &v.email {
            lines.push(e.clone());
        }
        if let Some(w) = &v.website {
            lines.push(w.clone());
        }
        if phones.is_empty() && v.whatsapp.is_none() && v.email.is_none() {
            if let Some(n) = &v.contact_note {
                lines.push(n.text.clone());
            }
        }
        if self.site.config.base_url.is_some() {
            lines.push(self.address(path));
        }
        lines.join("\n")
    }

    /// The static "send by WhatsApp / SMS" links of a fiche page.
    pub(super) fn share(&self, v: &FicheView, lang: &str, path: &str) -> Share {
        let text = self.share_text(v, lang, path);
        Share {
            whatsapp: whatsapp_link(None, &text),
            sms: sms_link(&text),
        }
    }

    /// The files of fiche `f` that hold what its page in `lang` shows: the default-language
    /// file (every fact), and the translation when the page shows one.
    fn fiche_files(&self, f: &Fiche, lang: &str) -> Vec<String> {
        let mut files = vec![format!("content/{}/{}.md", f.section, f.slug)];
        if lang != self.site.config.default_language && f.translations.contains_key(lang) {
            files.push(format!("content/{}/{}.{lang}.md", f.section, f.slug));
        }
        files
    }

    /// The "report an error" links of fiche `f`'s page in `lang` at `path`, when
    /// `[corrections]` names a way; `None` otherwise.
    pub(super) fn report(
        &self,
        f: &Fiche,
        v: &FicheView,
        lang: &str,
        path: &str,
    ) -> Option<Report> {
        let c = &self.site.config.corrections;
        if !c.any() {
            return None;
        }
        let files = self.fiche_files(f, lang);
        let subject = self
            .t(lang, "report_subject")
            .replace("{name}", &v.name.text);
        let body = self
            .t(lang, "report_body")
            .replace("{name}", &v.name.text)
            .replace("{files}", &files.join(", "))
            .replace("{page}", &self.address(path));
        let issue = c.github.as_ref().map(|repo| {
            format!(
                "https://github.com/{repo}/issues/new?title={}&body={}",
                encode(&subject),
                encode(&body)
            )
        });
        let edit = match &c.github {
            Some(repo) => {
                let branch = c.branch.as_deref().unwrap_or("main").trim_matches('/');
                let folder = c
                    .folder
                    .as_deref()
                    .map(|d| d.trim_matches('/'))
                    .filter(|d| !d.is_empty())
                    .map(|d| format!("{d}/"))
                    .unwrap_or_default();
                files
                    .iter()
                    .map(|file| Link {
                        label: file.clone(),
                        href: format!("https://github.com/{repo}/edit/{branch}/{folder}{file}"),
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        let email = c.email.as_ref().map(|to| {
            format!(
                "mailto:{to}?subject={}&body={}",
                encode(&subject),
                encode(&body)
            )
        });
        let whatsapp = c.whatsapp.as_deref().map(|n| {
            let to = crate::values::parse_phone(n)
                .map(|p| p.e164.trim_start_matches('+').to_string())
                .unwrap_or_default();
            whatsapp_link(Some(&to), &format!("{subject}\n\n{body}"))
        });
        Some(Report {
            issue,
            edit,
            email,
            whatsapp,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_all_but_unreserved_characters() {
        assert_eq!(encode("a b&c=d/é\n"), "a%20b%26c%3Dd%2F%C3%A9%0A");
        assert_eq!(encode("A-z_0.9~"), "A-z_0.9~");
        assert_eq!(sms_link("x y"), "sms:?&body=x%20y");
        assert_eq!(
            whatsapp_link(Some("22363157238"), "?"),
            "https://wa.me/22363157238?text=%3F"
        );
    }
}
