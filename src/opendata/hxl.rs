//! The directory as CSV with HXL hashtags (`data/sira-<lang>.csv`): a row of headers in the
//! file's language, a row of hashtags, then one row per organisation and region, by slug and
//! then in the order of the regions vocabulary. RFC 4180: CRLF line ends, fields quoted when
//! they hold a comma, a quote or a line break. Several values in one cell are joined with
//! ` | `. A cell a spreadsheet would take for a formula gets a leading `'` (OWASP CSV
//! injection); phones are written `00 223 63 15 72 38`, so they never need it.

use super::{id, label, labels, page_url, phone, regions_in_order};
use crate::model::Texts;
use crate::model::{Fiche, Site};
use crate::vocab::VocabKind;

/// Number of columns.
pub const COLUMNS: usize = 14;

/// The HXL hashtag of each column.
pub const HASHTAGS: [&str; COLUMNS] = [
    "#org+name",
    "#org+acronym",
    "#org+type",
    "#sector",
    "#adm1+name",
    "#adm1+code",
    "#adm1+code+pcode",
    "#contact+phone",
    "#contact+email",
    "#contact+url",
    "#meta+url",
    "#meta+source",
    "#date+verified",
    "#org+id",
];

/// Joins several values in one cell.
pub const SEPARATOR: &str = " | ";

/// Whether a spreadsheet would read a cell as a formula: it starts with `=`, `+`, `-` or `@`
/// (or their full-width forms), possibly after white space, or with a tab or carriage return.
pub fn formula_like(s: &str) -> bool {
    s.starts_with(['\t', '\r'])
        || s.trim_start().starts_with([
            '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
        ])
}

/// One CSV field: a leading `'` when it looks like a formula (OWASP's CSV-injection advice),
/// then quoted if it must be.
fn field(s: &str) -> String {
    let s = if formula_like(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    };
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

/// A phone for the CSV: the international form with `00 ` for `+` (`00 223 63 15 72 38`),
/// which spreadsheets read neither as a formula nor as a number.
fn csv_phone(raw: &str) -> String {
    let p = phone(raw);
    match p.strip_prefix('+') {
        Some(rest) => format!("00 {rest}"),
        None => p,
    }
}

/// One CSV record with its CRLF.
fn record<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells
        .iter()
        .map(|c| field(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// The two header rows of `lang`'s file: human headers, then hashtags.
pub fn header(lang: &str) -> String {
    let mut s = record(&labels(lang).headers);
    s.push_str(&record(&HASHTAGS));
    s
}

/// Adds `value` to `list` unless it is already there.
fn push_new(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// The rows of fiche `f` in `lang`: one per region.
pub fn rows(site: &Site, f: &Fiche, lang: &str) -> String {
    let d = &f.front;
    let tx = Texts::new(site, f, lang);
    let mut phones: Vec<String> = Vec::new();
    let mut emails: Vec<String> = Vec::new();
    // A contact's own phones and e-mail only when a source gives them as the organisation's
    // public contact.
    let public = || d.contacts.iter().filter(|c| c.is_public());
    for p in d
        .phones
        .iter()
        .chain(public().flat_map(|c| c.phones.iter()))
    {
        push_new(&mut phones, csv_phone(p));
    }
    for e in d
        .email
        .iter()
        .chain(public().filter_map(|c| c.email.as_ref()))
    {
        push_new(&mut emails, e.clone());
    }
    let sources: Vec<String> = d
        .sources
        .iter()
        .map(|s| {
            let doc = s.document.as_deref().unwrap_or_default();
            let title = site
                .vocab
                .get(VocabKind::Documents)
                .get(doc)
                .map_or(doc, |t| t.short_label(lang));
            match &s.locator {
                Some(at) => format!("{title}, {at}"),
                None => title.to_string(),
            }
        })
        .collect();
    let sectors: Vec<&str> = d
        .sectors
        .iter()
        .map(|s| label(site, VocabKind::Sectors, s, lang))
        .collect();
    // The region's three cells (name, ISO code, P-code) are filled per row; the rest is shared.
    let mut row: [String; COLUMNS] = [
        tx.get(|x| x.name.as_ref()).unwrap_or(&f.slug).to_string(),
        tx.get(|x| x.acronym.as_ref())
            .unwrap_or_default()
            .to_string(),
        d.kind
            .as_deref()
            .map(|k| label(site, VocabKind::Kinds, k, lang).to_string())
            .unwrap_or_default(),
        sectors.join(SEPARATOR),
        String::new(),
        String::new(),
        String::new(),
        phones.join(SEPARATOR),
        emails.join(SEPARATOR),
        d.website.clone().unwrap_or_default(),
        page_url(site, f, lang, 1),
        sources.join(SEPARATOR),
        f.last_verified.to_string(),
        id(&format!("organization:{}", f.slug)),
    ];
    let regions = regions_in_order(site, f);
    if regions.is_empty() {
        return record(&row);
    }
    let mut out = String::new();
    for (region, term) in regions {
        row[4] = term.map_or(region, |t| t.label(lang)).to_string();
        row[5] = term.and_then(|t| t.iso_3166_2.clone()).unwrap_or_default();
        row[6] = term
            .and_then(|t| t.pcode.as_ref())
            .map_or(String::new(), |p| p.code.clone());
        out.push_str(&record(&row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(record(&["a", "b,c", ""]), "a,\"b,c\",\r\n");
    }

    #[test]
    fn cells_that_would_start_a_formula_get_a_quote() {
        for (cell, written) in [
            ("=1+2", "'=1+2"),
            ("+223 70", "'+223 70"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "\"'\r=1\""),
            ("  =1", "'  =1"),
            ("\u{FF1D}1+1", "'\u{FF1D}1+1"),
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
        ] {
            assert_eq!(field(cell), written, "{cell:?}");
        }
        for kept in ["a=b", "2022-11", "x-y", "mail@x.ml", "", "'quoted"] {
            assert_eq!(field(kept), kept, "{kept:?}");
        }
    }

    #[test]
    fn phones_never_start_with_a_plus() {
        assert_eq!(csv_phone("+223 63 15 72 38"), "00 223 63 15 72 38");
        assert_eq!(csv_phone("63157238"), "00 223 63 15 72 38");
        assert_eq!(csv_phone("+33 1 23 45 67 89"), "00 33123456789");
    }

    #[test]
    fn every_column_has_a_header_in_each_language() {
        for lang in ["fr", "en", "bm"] {
            let h = header(lang);
            let lines: Vec<&str> = h.split("\r\n").collect();
            assert_eq!(lines.len(), 3, "two rows and the final line end");
            assert_eq!(lines[0].split(',').count(), 14, "{lang}: {}", lines[0]);
            assert_eq!(
                lines[1],
                "#org+name,#org+acronym,#org+type,#sector,#adm1+name,#adm1+code,\
                 #adm1+code+pcode,#contact+phone,#contact+email,#contact+url,#meta+url,\
                 #meta+source,#date+verified,#org+id"
            );
        }
    }
}
