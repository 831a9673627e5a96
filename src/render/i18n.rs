//! UI strings of a theme, one TOML file per language (`themes/<theme>/i18n/<lang>.toml`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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
