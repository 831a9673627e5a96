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
