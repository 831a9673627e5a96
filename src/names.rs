//! The names a site may give its files, and the characters its text may hold: one rule for
//! `sira check`, `sira build` and `sira new`.
//!
//! - A slug or section becomes a file or folder name of the output, so it is short enough for
//!   every file system ([`MAX_NAME_LEN`]), never a name Windows reserves (`con`, `nul`…), and
//!   never the name of a generated page or listing folder.
//! - Text holds no control character but tab and line breaks, and no bidirectional override
//!   (an error: they reorder what readers see and Sira uses U+0001–U+0003 internally); other
//!   invisible characters (zero-width spaces, direction marks) are warned about.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, FileId};

/// Longest slug or section name, in characters (they are ASCII). With `.en.html` and the
/// publishing step's temporary names, a file name stays well under the usual 255-byte limit.
pub const MAX_NAME_LEN: usize = 100;

/// Page names a free page may not take: the generated pages of each language folder.
pub const RESERVED_PAGES: [&str; 12] = [
    "index",
    "verification",
    "regions",
    "sectors",
    "returnees",
    "a-z",
    "404",
    "search",
    "offline",
    "programmes",
    "list",
    "counsellors",
];

/// Folder names a section may not take: the generated listing folders of each language.
pub const RESERVED_SECTIONS: [&str; 6] = ["region", "sector", "service", "need", "booklet", "list"];

/// Names Windows reserves for devices (with any extension): a site copied to a Windows machine
/// or a USB key formatted for it could not hold them.
const WINDOWS_RESERVED: [&str; 4] = ["con", "prn", "aux", "nul"];

/// What a name is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    /// A section folder under `content/`.
    Section,
    /// A fiche's slug.
    Fiche,
    /// A free page's slug.
    Page,
}

/// Why `name` (already a URL-safe slug) cannot be used as `usage`: (code, message, hint).
pub fn problem(usage: Use, name: &str) -> Option<(&'static str, String, String)> {
    let what = match usage {
        Use::Section => "section folder",
        Use::Fiche => "fiche file",
        Use::Page => "page file",
    };
    if name.len() > MAX_NAME_LEN {
        return Some((
            "name-too-long",
            format!(
                "the {what} name is {} characters long; the most is {MAX_NAME_LEN}",
                name.len()
            ),
            "shorten the name: a slug names the organisation, its acronym is often enough".into(),
        ));
    }
    let device = name.split('.').next().unwrap_or(name);
    let numbered = device.len() == 4
        && (device.starts_with("com") || device.starts_with("lpt"))
        && device.as_bytes()[3].is_ascii_digit();
    if WINDOWS_RESERVED.contains(&device) || numbered {
        return Some((
            "reserved-name",
            format!("`{name}` is a device name on Windows: the site could not be copied there"),
            format!("rename the {what}, e.g. `{name}-mali`"),
        ));
    }
    let generated = match usage {
        Use::Page => RESERVED_PAGES.contains(&name),
        Use::Section => RESERVED_SECTIONS.contains(&name),
        Use::Fiche => false,
    };
    generated.then(|| {
        let kind = if usage == Use::Page { "page" } else { "folder" };
        (
            "reserved-name",
            format!("`{name}` is the name of a generated {kind}: this {what} would replace it or be lost"),
            format!("rename the {what}"),
        )
    })
}

/// How serious an unusual character is, and what it is called.
fn classify(c: char) -> Option<(bool, &'static str)> {
    let error = true;
    match c {
        '\t' | '\n' | '\r' => None,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => Some((error, "a control character")),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            Some((error, "a bidirectional override"))
        }
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => {
            Some((!error, "an invisible zero-width character"))
        }
        '\u{200e}' | '\u{200f}' | '\u{61c}' => Some((!error, "an invisible direction mark")),
        _ => None,
    }
}

/// Reports the characters text may not hold in `text[range]` of `file` (a lone `\r` is a
/// control character; `\r\n` is a line break). At most a few per file, then a count.
pub fn check_characters(
    text: &str,
    range: Range<usize>,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) {
    const SHOWN: usize = 5;
    let bytes = text.as_bytes();
    // Every character `classify` reports (and a lone `\r`) starts with one of these bytes,
    // and each of them starts a character: only they need decoding, not the whole text.
    let suspicious = |b: u8| {
        (b < 0x20 && b != b'\n' && b != b'\t')
            || b == 0x7f
            || b == 0xc2
            || b == 0xd8
            || b == 0xe2
            || b == 0xef
    };
    let mut found = 0;
    let starts = bytes[range.clone()]
        .iter()
        .enumerate()
        .filter(|&(_, &b)| suspicious(b));
    for (i, _) in starts {
        let at = range.start + i;
        let Some(c) = text[at..].chars().next() else {
            continue;
        };
        let lone_cr = c == '\r' && bytes.get(at + 1) != Some(&b'\n');
        let class = if lone_cr {
            Some((true, "a control character"))
        } else if c == '\u{feff}' && at == 0 {
            None // a byte-order mark, reported when the front matter is split
        } else {
            classify(c)
        };
        let Some((error, what)) = class else {
            continue;
        };
        found += 1;
        if found > SHOWN {
            continue;
        }
        let message = format!(
            "U+{:04X}, {what}, is not allowed in text{}",
            c as u32,
            if error { "" } else { " (it is invisible)" }
        );
        let span = at..at + c.len_utf8();
        let hint = "delete it (most editors do not show it: retype the word around it)";
        diags.push(if error {
            Diagnostic::error("invalid-character", file, span, message).hint(hint)
        } else {
            Diagnostic::warning("invisible-character", file, span, message).hint(hint)
        });
    }
    if found > SHOWN {
        let d = &diags[diags.len() - 1];
        let last = Diagnostic {
            message: format!(
                "{} ({} more such characters in this file are not listed)",
                d.message,
                found - SHOWN
            ),
            ..d.clone()
        };
        let n = diags.len();
        diags[n - 1] = last;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_cannot_be_files() {
        assert_eq!(problem(Use::Fiche, "cfp-senou"), None);
        assert_eq!(
            problem(Use::Fiche, &"a".repeat(101)).map(|p| p.0),
            Some("name-too-long")
        );
        assert_eq!(problem(Use::Fiche, &"a".repeat(100)), None);
        for name in ["con", "nul", "aux", "prn", "com1", "lpt9"] {
            assert_eq!(
                problem(Use::Fiche, name).map(|p| p.0),
                Some("reserved-name"),
                "{name}"
            );
        }
        assert_eq!(problem(Use::Fiche, "console"), None);
        assert_eq!(problem(Use::Fiche, "com"), None);
        assert_eq!(
            problem(Use::Page, "search").map(|p| p.0),
            Some("reserved-name")
        );
        assert_eq!(
            problem(Use::Fiche, "search"),
            None,
            "fiches live in sections"
        );
        assert_eq!(
            problem(Use::Section, "region").map(|p| p.0),
            Some("reserved-name")
        );
    }

    fn codes(text: &str) -> Vec<(&'static str, Range<usize>)> {
        let mut d = Vec::new();
        check_characters(text, 0..text.len(), 0, &mut d);
        d.into_iter().map(|d| (d.code, d.span)).collect()
    }

    #[test]
    fn control_and_invisible_characters() {
        assert!(codes("Kayes, Ségou — «\u{a0}ok\u{a0}»\r\n\tfin\n").is_empty());
        assert_eq!(
            codes("Kayes\u{2}c3\u{3}"),
            [("invalid-character", 5..6), ("invalid-character", 8..9)]
        );
        assert_eq!(codes("a\rb"), [("invalid-character", 1..2)]);
        assert_eq!(codes("x\u{85}"), [("invalid-character", 1..3)]);
        assert_eq!(codes("\u{202e}abc"), [("invalid-character", 0..3)]);
        assert_eq!(codes("ab\u{200b}c"), [("invisible-character", 2..5)]);
        assert!(
            codes("\u{feff}+++").is_empty(),
            "a BOM is reported elsewhere"
        );
        assert_eq!(codes("a\u{feff}"), [("invisible-character", 1..4)]);
        let many = codes(&"\u{1}".repeat(9));
        assert_eq!(many.len(), 5);
    }

    /// The byte scan finds exactly what decoding every character would: each character up to
    /// U+FFFF (and a few beyond), alone and between others, is reported where `classify` says.
    #[test]
    fn byte_scan_misses_no_character() {
        let chars = (0..=0xffffu32)
            .chain([0x1_0000, 0x1_f600, 0xe_0001, 0x10_ffff])
            .filter_map(char::from_u32);
        for c in chars {
            let text = format!("é{c}’x");
            let expected = match c {
                '\r' => Some("invalid-character"),
                _ => classify(c).map(|(error, _)| {
                    if error {
                        "invalid-character"
                    } else {
                        "invisible-character"
                    }
                }),
            };
            let found = codes(&text);
            let want: Vec<_> = expected
                .map(|code| (code, 2..2 + c.len_utf8()))
                .into_iter()
                .collect();
            assert_eq!(found, want, "U+{:04X}", c as u32);
        }
    }
}
