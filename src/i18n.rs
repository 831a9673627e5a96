//! Languages: the UI strings of a theme, one TOML file per language
//! (`themes/<theme>/i18n/<lang>.toml`), and numbers, dates and durations written in a language.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::values::{self, Date};

/// The strings of one language. Named fields are used by Sira's formatting code; every other
/// key is passed to templates as `t.<key>`.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Strings {
    /// Name of the language in itself (`Français`).
    pub language_name: String,
    /// Thousands separator.
    pub thousands: String,
    /// Decimal separator.
    pub decimal: String,
    /// Month names, January first.
    pub months: Vec<String>,
    /// Unit names, singular and plural, by unit (`month = ["mois", "mois"]`).
    pub units: BTreeMap<String, Vec<String>>,
    /// Word between the bounds of a range (`à`, `to`).
    pub range_to: String,
    /// "since" (open-ended range start).
    pub since: String,
    /// "until" (open-ended range end).
    pub until: String,
    /// Currency label for XOF amounts (`FCFA`).
    pub currency_xof: String,
    /// Programme status labels by value.
    pub status: BTreeMap<String, String>,
    /// The language's plural rule: `one-upto-1` (0 and 1 are singular, as in French) or
    /// `one-is-1` (only 1 is, as in English; the default).
    #[serde(default)]
    pub plural_rule: Option<String>,
    /// `french`: narrow no-break spaces before `; ! ?`, no-break spaces before `:` and inside
    /// « », and between digit groups, in every page of the language.
    #[serde(default)]
    pub typography: Option<String>,
    /// A date with its day, in a sentence (`le {date}`, `on {date}`).
    #[serde(default)]
    pub on_day: Option<String>,
    /// A month, in a sentence (`en {date}`, `in {date}`).
    #[serde(default)]
    pub in_month: Option<String>,
    /// The first day of a month when it is written apart (`1er` in French).
    #[serde(default)]
    pub first_day: Option<String>,
    /// Every other string, for templates.
    #[serde(flatten)]
    pub rest: BTreeMap<String, toml::Value>,
}

impl Strings {
    /// Keys of this file (named and free), to compare languages.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.rest.keys().cloned().collect();
        keys.extend(self.status.keys().map(|k| format!("status.{k}")));
        keys.extend(self.units.keys().map(|k| format!("units.{k}")));
        keys.sort();
        keys
    }
}

impl Strings {
    /// Whether `n` takes the singular in this language.
    pub fn is_one(&self, n: f64) -> bool {
        match self.plural_rule.as_deref() {
            Some("one-upto-1") => n.abs() < 2.0,
            _ => n == 1.0,
        }
    }

    /// The form of a UI string for the count `n`: a plain string, or a table `{ one, other }`
    /// (`{count}` inside is replaced by `n`).
    pub fn count(&self, value: &toml::Value, n: i64) -> String {
        let form = match value {
            toml::Value::Table(t) => {
                let key = if self.is_one(n as f64) {
                    "one"
                } else {
                    "other"
                };
                t.get(key)
                    .or_else(|| t.get("other"))
                    .and_then(toml::Value::as_str)
            }
            v => v.as_str(),
        };
        form.unwrap_or_default()
            .replace("{count}", &group_digits(n, &self.thousands))
    }

    /// A date in a sentence: `le 8 novembre 2022`, `le 1er novembre 2022`, `en novembre 2022`,
    /// `on 8 November 2022`, `in November 2022`.
    pub fn date_in_sentence(&self, d: Date) -> String {
        let words = match (d.day, &self.first_day) {
            (Some(1), Some(first)) => {
                let month = self
                    .months
                    .get(d.month as usize - 1)
                    .cloned()
                    .unwrap_or_default();
                format!("{first} {month} {}", d.year)
            }
            _ => date_words(d, self),
        };
        let frame = if d.day.is_some() {
            &self.on_day
        } else {
            &self.in_month
        };
        frame
            .as_deref()
            .map_or_else(|| words.clone(), |f| f.replace("{date}", &words))
    }
}

/// Groups the digits of an integer (`200 000` in French, `200,000` in English).
pub fn group_digits(n: i64, sep: &str) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A number in the language (thousands grouped, decimal separator).
pub fn format_number(x: f64, strings: &Strings) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        group_digits(x as i64, &strings.thousands)
    } else {
        let s = format!("{x:.2}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.replace('.', &strings.decimal)
    }
}

/// A date in words (`novembre 2022`, `2 November 2022`).
pub fn date_words(d: Date, strings: &Strings) -> String {
    let month = strings
        .months
        .get(d.month as usize - 1)
        .cloned()
        .unwrap_or_default();
    match d.day {
        Some(day) => format!("{day} {month} {}", d.year),
        None => format!("{month} {}", d.year),
    }
}

/// A duration in words (`13 mois`, `3 weeks to 2 months`); the raw text if it does not parse.
pub fn duration_words(raw: &str, strings: &Strings) -> String {
    let Ok(d) = values::parse_duration(raw) else {
        return raw.to_string();
    };
    let unit = |u: values::Unit, n: f64| -> String {
        let key = match u {
            values::Unit::Hour => "hour",
            values::Unit::Day => "day",
            values::Unit::Week => "week",
            values::Unit::Month => "month",
            values::Unit::Year => "year",
        };
        let forms = strings.units.get(key);
        let i = usize::from(n > 1.0);
        forms
            .and_then(|f| f.get(i))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    };
    let num = |n: f64| format_number(n, strings);
    match d.max {
        Some(max) if d.min_unit == d.max_unit => {
            format!(
                "{} {} {} {}",
                num(d.min),
                strings.range_to,
                num(max),
                unit(d.max_unit, max)
            )
        }
        Some(max) => format!(
            "{} {} {} {} {}",
            num(d.min),
            unit(d.min_unit, d.min),
            strings.range_to,
            num(max),
            unit(d.max_unit, max)
        ),
        None => format!("{} {}", num(d.min), unit(d.min_unit, d.min)),
    }
}

/// French typography on an HTML page: in text (not in tags, attributes, scripts or styles), a
/// narrow no-break space before `;`, `!`, `?` and `»`… where a space was, a no-break space
/// before `:` and after `«`, and a narrow no-break space between groups of three digits
/// (`200 000`). So no line starts with a colon and no number is cut. Idempotent.
pub fn french_typography(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 64);
    let mut rest = html;
    while !rest.is_empty() {
        // Copy tags as they are; skip the insides of <script> and <style>.
        if rest.starts_with('<') {
            let raw = ["<script", "<style"].iter().find(|t| {
                rest.as_bytes()
                    .get(..t.len())
                    .is_some_and(|b| b.eq_ignore_ascii_case(t.as_bytes()))
            });
            let end = match raw {
                Some(t) => {
                    let close = format!("</{}", &t[1..]);
                    rest.find(&close)
                        .and_then(|i| rest[i..].find('>').map(|j| i + j + 1))
                        .unwrap_or(rest.len())
                }
                None => rest.find('>').map_or(rest.len(), |i| i + 1),
            };
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        typeset(&rest[..end], &mut out);
        rest = &rest[end..];
    }
    out
}

/// [`french_typography`] on one text node, appended to `out`. Only a space or a no-break space
/// can change, so the text between them is copied as it is.
fn typeset(text: &str, out: &mut String) {
    const NNBSP: char = '\u{202f}';
    const NBSP: char = '\u{a0}';
    let bytes = text.as_bytes();
    let (mut copied, mut i) = (0, 0);
    while i < bytes.len() {
        // 0xC2 is a lead byte (never inside a character): with 0xA0 it is U+00A0.
        let len = match bytes[i] {
            b' ' => 1,
            0xC2 if bytes.get(i + 1) == Some(&0xA0) => 2,
            _ => {
                i += 1;
                continue;
            }
        };
        // Neighbours as they were written (an earlier space's change does not count).
        let prev = text[..i].chars().next_back();
        let after = &text[i + len..];
        let wanted = match (prev, after.chars().next()) {
            (_, Some(';' | '!' | '?' | '»')) => Some(NNBSP),
            (_, Some(':')) => Some(NBSP),
            (Some('«'), _) => Some(NBSP),
            (Some(p), Some(n))
                if p.is_ascii_digit()
                    && n.is_ascii_digit()
                    && after.bytes().take_while(u8::is_ascii_digit).count() == 3 =>
            {
                Some(NNBSP)
            }
            _ => None,
        };
        if let Some(c) = wanted {
            out.push_str(&text[copied..i]);
            out.push(c);
            copied = i + len;
        }
        i += len;
    }
    out.push_str(&text[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule char by char, as first written: the oracle of [`typeset`].
    fn typeset_by_chars(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let next = chars.get(i + 1).copied();
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let digits = chars[i + 1..]
                .iter()
                .take_while(|x| x.is_ascii_digit())
                .count();
            out.push(match (c, prev, next) {
                (' ' | '\u{a0}', _, Some(';' | '!' | '?' | '»')) => '\u{202f}',
                (' ' | '\u{a0}', _, Some(':')) => '\u{a0}',
                (' ' | '\u{a0}', Some('«'), _) => '\u{a0}',
                (' ' | '\u{a0}', Some(p), Some(n))
                    if p.is_ascii_digit() && n.is_ascii_digit() && digits == 3 =>
                {
                    '\u{202f}'
                }
                _ => c,
            });
        }
        out
    }

    #[test]
    fn typeset_equals_the_rule_char_by_char() {
        let alphabet: Vec<char> = " \u{a0}1234;:!?«»aé\u{202f}".chars().collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(state % 12) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut fast = String::new();
            typeset(&text, &mut fast);
            assert_eq!(fast, typeset_by_chars(&text), "{text:?}");
        }
    }

    #[test]
    fn french_spaces_in_text_only() {
        let t = french_typography(
            "<p title=\"a : b\">Note : ok ; vrai ! quoi ? « oui » 200 000 FCFA, 1 000 000</p>\
             <script>if (a ? b : c) {}</script><p>+223 63 15 72 38 ; 12 345</p>",
        );
        assert_eq!(
            t,
            "<p title=\"a : b\">Note\u{a0}: ok\u{202f}; vrai\u{202f}! quoi\u{202f}? «\u{a0}oui\u{202f}» 200\u{202f}000 FCFA, 1\u{202f}000\u{202f}000</p>\
             <script>if (a ? b : c) {}</script><p>+223 63 15 72 38\u{202f}; 12\u{202f}345</p>"
        );
        assert_eq!(french_typography(&t), t, "idempotent");
        assert_eq!(
            french_typography("https://a.b/?q=1:2"),
            "https://a.b/?q=1:2"
        );
        // Multi-byte letters next to a tag.
        assert_eq!(
            french_typography("<dt>Où</dt><p>Pêche ?</p>"),
            "<dt>Où</dt><p>Pêche\u{202f}?</p>"
        );
    }

    #[test]
    fn counts_and_dates_in_a_sentence() {
        let mut fr = Strings {
            plural_rule: Some("one-upto-1".into()),
            thousands: "\u{202f}".into(),
            months: vec![
                "janvier".into(),
                "février".into(),
                "mars".into(),
                "avril".into(),
                "mai".into(),
                "juin".into(),
                "juillet".into(),
                "août".into(),
                "septembre".into(),
                "octobre".into(),
                "novembre".into(),
            ],
            on_day: Some("le {date}".into()),
            in_month: Some("en {date}".into()),
            first_day: Some("1er".into()),
            ..Strings::default()
        };
        let v: toml::Value = toml::from_str::<toml::Table>(
            "x = { one = \"{count} fiche trouvée\", other = \"{count} fiches trouvées\" }",
        )
        .expect("toml")["x"]
            .clone();
        assert_eq!(fr.count(&v, 1), "1 fiche trouvée");
        assert_eq!(fr.count(&v, 0), "0 fiche trouvée");
        assert_eq!(fr.count(&v, 2000), "2\u{202f}000 fiches trouvées");
        let d = |day| Date::new(2022, 11, day).expect("date");
        assert_eq!(fr.date_in_sentence(d(Some(8))), "le 8 novembre 2022");
        assert_eq!(fr.date_in_sentence(d(Some(1))), "le 1er novembre 2022");
        assert_eq!(fr.date_in_sentence(d(None)), "en novembre 2022");
        fr.plural_rule = None;
        assert_eq!(fr.count(&v, 0), "0 fiches trouvées");
    }
}
