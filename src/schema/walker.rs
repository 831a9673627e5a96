//! The walker: checks a parsed TOML tree against a schema ([`super::Field`] lists), collecting
//! every problem with its exact span.

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::{Field, Ty, PARTY_REF};
use crate::diagnostics::{Diagnostic, FileId};
use crate::values::{self, did_you_mean};
use crate::vocab::Vocabularies;

/// Checks a parsed TOML tree against a schema, collecting diagnostics.
pub struct Walker<'a> {
    /// File the tree comes from.
    pub file: FileId,
    /// Byte offset of the TOML text inside the file.
    pub base: usize,
    /// Vocabularies for `Ty::Vocab` (none while loading the vocabularies themselves).
    pub vocab: Option<&'a Vocabularies>,
    /// Configured languages, for `Ty::Lang` and `Ty::PerLang`.
    pub languages: &'a [String],
    /// Checking a translation file: only translatable keys allowed, nothing required but ids.
    pub translation: bool,
    /// Name of the default-language file, for messages about translations.
    pub default_file: Option<String>,
    /// Report missing required keys (off when the TOML had syntax errors: a key whose value
    /// could not be parsed would be reported twice).
    pub report_missing: bool,
    /// Where to point (absolute span) when the top-level table lacks a required key.
    pub root_header: Range<usize>,
    /// Spans (relative to the TOML text) of syntax errors: values there are not checked again.
    pub skip: Vec<Range<usize>>,
    /// Collected problems.
    pub diags: Vec<Diagnostic>,
}

fn span_of<T>(s: &Spanned<T>) -> Range<usize> {
    s.span()
}

impl<'a> Walker<'a> {
    /// A walker for the TOML text at byte `base` of `file`: nothing translated, every required
    /// key reported, no syntax errors to skip.
    pub fn new(
        file: FileId,
        base: usize,
        vocab: Option<&'a Vocabularies>,
        languages: &'a [String],
    ) -> Self {
        Walker {
            file,
            base,
            vocab,
            languages,
            translation: false,
            default_file: None,
            report_missing: true,
            root_header: 0..0,
            skip: Vec::new(),
            diags: Vec::new(),
        }
    }
}

impl Walker<'_> {
    fn at(&self, span: Range<usize>) -> Range<usize> {
        span.start + self.base..span.end + self.base
    }

    fn error(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let span = self.at(span);
        self.diags
            .push(Diagnostic::error(code, self.file, span, message));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    /// Checks a table against `fields`. `path` names it in messages (`returnees`, `offers[2]`),
    /// `header` is where to point when a required key is missing.
    pub fn table(
        &mut self,
        table: &DeTable<'_>,
        fields: &[Field],
        path: &str,
        header: Range<usize>,
    ) {
        let in_list_item = path.ends_with(']');
        for (key, value) in table.iter() {
            let name: &str = key.get_ref();
            let full = if path.is_empty() {
                name.to_string()
            } else {
                format!("{path}.{name}")
            };
            let Some(field) = fields.iter().find(|f| f.key == name) else {
                let suggestion = did_you_mean(name, fields.iter().map(|f| f.key));
                let expected = fields
                    .iter()
                    .map(|f| format!("`{}`", f.key))
                    .collect::<Vec<_>>()
                    .join(", ");
                let hint = match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => {
                        "remove this key, or check the spelling against docs/fiche-format.md".into()
                    }
                };
                let message = if path.is_empty() {
                    format!("unknown key `{name}`")
                } else {
                    format!("unknown key `{name}` in `{path}`")
                };
                self.error("unknown-key", span_of(key), message).expected =
                    Some(format!("one of {expected}"));
                let last = self.diags.len() - 1;
                self.diags[last].hint = Some(hint);
                continue;
            };
            if self.translation && !field.in_translation() {
                let default = self
                    .default_file
                    .clone()
                    .unwrap_or_else(|| "the default-language file".into());
                self.error(
                    "translation-redefines-fact",
                    span_of(key),
                    format!("a translation cannot set `{full}`: it is a language-neutral fact"),
                )
                .hint = Some(format!("remove this line; set `{full}` once, in {default}"));
                continue;
            }
            self.value(value, field, &full);
        }
        let check_required = self.report_missing && (!self.translation || in_list_item);
        if check_required {
            let translation = self.translation;
            for field in fields
                .iter()
                .filter(|f| f.required && (!translation || f.key == "id"))
            {
                if !table.contains_key(field.key) {
                    let where_ = if path.is_empty() {
                        String::new()
                    } else {
                        format!(" in `{path}`")
                    };
                    let span = if path.is_empty() {
                        self.root_header.clone()
                    } else {
                        self.at(header.clone())
                    };
                    let hint = match field.ty {
                        Ty::Table(_) => format!("add a table `[{}]` with its keys", field.key),
                        Ty::TableList(_) => format!("add at least one `[[{}]]` entry", field.key),
                        _ => format!("add a line `{} = …`", field.key),
                    };
                    self.diags.push(
                        Diagnostic::error(
                            "missing-key",
                            self.file,
                            span,
                            format!("missing required key `{}`{where_}", field.key),
                        )
                        .expected(format!("`{}`: {}", field.key, field.doc_en))
                        .hint(hint),
                    );
                }
            }
        }
    }

    fn type_error(&mut self, span: Range<usize>, path: &str, expected: &str, found: &DeValue<'_>) {
        self.error(
            "wrong-type",
            span,
            format!("`{path}` should be {expected}, not {}", describe(found)),
        )
        .expected = Some(expected.to_string());
    }

    /// Checks one value against a field's type.
    pub fn value(&mut self, value: &Spanned<DeValue<'_>>, field: &Field, path: &str) {
        let empty = value.get_ref().as_array().is_some_and(|a| a.is_empty());
        if let (true, true, Ty::List(item)) = (field.required, empty, &field.ty) {
            let hint = match item {
                Ty::Vocab(kind) => format!(
                    "add at least one {} id from content/_vocab/{}.toml",
                    kind.singular(),
                    kind.file_stem()
                ),
                _ => "add at least one value".into(),
            };
            self.error("empty-value", span_of(value), format!("`{path}` is empty"))
                .hint = Some(hint);
            return;
        }
        self.value_of(value, &field.ty, path);
    }

    fn value_of(&mut self, value: &Spanned<DeValue<'_>>, ty: &Ty, path: &str) {
        let span = span_of(value);
        if self
            .skip
            .iter()
            .any(|s| s.start < span.end.max(span.start + 1) && span.start < s.end.max(s.start + 1))
        {
            return;
        }
        let v = value.get_ref();
        match ty {
            Ty::Str(max) => match v.as_str() {
                Some(s) => {
                    if s.trim().is_empty() {
                        self.error("empty-value", span, format!("`{path}` is empty"))
                            .hint = Some("write a value or remove the line".into());
                    } else if let Some(max) = max {
                        let n = s.chars().count();
                        if n > *max {
                            self.error("too-long", span, format!("`{path}` is {n} characters long; the limit is {max}"))
                                .hint = Some("shorten it; details belong in the body".into());
                        }
                    }
                }
                None => self.type_error(span, path, "a string in quotes", v),
            },
            Ty::Int(min, max) => match int_of(v) {
                Some(n) if (*min..=*max).contains(&n) => {}
                Some(n) => {
                    self.error("out-of-range", span, format!("`{path}` is {n}, outside {min}..={max}"));
                }
                None => self.type_error(span, path, "a whole number", v),
            },
            Ty::Year => match int_of(v) {
                Some(n) if (1800..=2100).contains(&n) => {}
                Some(n) => {
                    self.error("impossible-date", span, format!("`{path}` = {n} is not a plausible year"))
                        .expected = Some("a year between 1800 and 2100".into());
                }
                None => self.type_error(span, path, "a year (a whole number like 2006)", v),
            },
            Ty::Num(min, max) => match num_of(v) {
                Some(n) if n >= *min && n <= *max => {}
                Some(n) => {
                    self.error("out-of-range", span, format!("`{path}` is {n}, outside {min} to {max}"));
                }
                None => self.type_error(span, path, "a number", v),
            },
            Ty::Bool => {
                if v.as_bool().is_none() {
                    let hint = match v.as_str() {
                        Some("true" | "false") => Some("write it without quotes".to_string()),
                        _ => None,
                    };
                    self.type_error(span.clone(), path, "`true` or `false`", v);
                    let last = self.diags.len() - 1;
                    self.diags[last].hint = hint;
                }
            }
            Ty::Date => {
                if let Err(msg) = date_of(v) {
                    self.error("impossible-date", span, format!("`{path}`: {msg}"))
                        .expected = Some("a date `2022-11-02` or a month `\"2022-11\"`".into());
                }
            }
            Ty::Url => self.string_check(value, path, "a web address", values::check_url, "invalid-url"),
            Ty::Email => self.string_check(value, path, "an e-mail address", values::check_email, "invalid-email"),
            Ty::Phone => self.string_check(
                value,
                path,
                "a phone number",
                |s| values::parse_phone(s).map(|_| ()).map_err(|e| e.to_string()),
                "invalid-phone",
            ),
            Ty::Duration => self.string_check(
                value,
                path,
                "a duration like `13 months`",
                |s| values::parse_duration(s).map(|_| ()),
                "invalid-duration",
            ),
            Ty::Slug => self.string_check(
                value,
                path,
                "an identifier",
                |s| {
                    if values::is_slug(s) {
                        Ok(())
                    } else {
                        Err(format!(
                            "`{s}` is not URL-safe; use lowercase letters, digits and hyphens, e.g. `{}`",
                            values::slugify(s)
                        ))
                    }
                },
                "invalid-slug",
            ),
            Ty::Currency => self.string_check(
                value,
                path,
                "a currency code",
                |s| {
                    if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) {
                        Ok(())
                    } else {
                        Err(format!("`{s}` is not an ISO 4217 code such as EUR, XOF or USD"))
                    }
                },
                "invalid-currency",
            ),
            Ty::Lang => {
                let langs = self.languages;
                match v.as_str() {
                    Some(s) if langs.iter().any(|l| l == s) => {}
                    Some(s) => {
                        let list = langs.join(", ");
                        self.error("unknown-language", span, format!("`{path}`: `{s}` is not a configured language"))
                            .expected = Some(format!("one of {list}"));
                    }
                    None => self.type_error(span, path, "a language code", v),
                }
            }
            Ty::OneOf(options) => match v.as_str() {
                Some(s) if options.contains(&s) => {}
                Some(s) => {
                    let hint = did_you_mean(s, options.iter().copied()).map(|m| format!("did you mean `{m}`?"));
                    let d = self.error("unknown-value", span, format!("`{path}`: `{s}` is not allowed"));
                    d.expected = Some(format!("one of {}", quote_list(options.iter().copied())));
                    d.hint = hint;
                }
                None => self.type_error(span, path, &format!("one of {}", quote_list(options.iter().copied())), v),
            },
            Ty::Vocab(kind) => match v.as_str() {
                Some(s) => {
                    if let Some(vocab) = self.vocab {
                        let vocabulary = vocab.get(*kind);
                        // A vocabulary that failed to load was reported once; don't cascade.
                        if !vocabulary.terms.is_empty() && vocabulary.resolve(s).is_none() {
                            let hint = vocabulary
                                .suggest(s)
                                .map(|t| format!("did you mean `{}` ({})?", t.id, t.first_label()))
                                .unwrap_or_else(|| {
                                    format!("see the list in content/_vocab/{}.toml", kind.file_stem())
                                });
                            let d = self.error(
                                kind.unknown_code(),
                                span,
                                format!("`{path}`: unknown {} `{s}`", kind.singular()),
                            );
                            d.expected = Some(format!("a {} id from content/_vocab/{}.toml", kind.singular(), kind.file_stem()));
                            d.hint = Some(hint);
                        }
                    }
                }
                None => self.type_error(span, path, &format!("a {} id in quotes", kind.singular()), v),
            },
            Ty::List(item) => match v.as_array() {
                Some(items) => {
                    let mut seen: Vec<String> = Vec::new();
                    for (i, it) in items.iter().enumerate() {
                        let p = format!("{path}[{i}]");
                        self.value_of(it, item, &p);
                        if let Some(s) = it.get_ref().as_str() {
                            // Vocabulary values compare by the term they name, so `"Kayes"`
                            // after `"kayes"` (or a label after its id) is a repeat too.
                            let folded = match (*item, self.vocab) {
                                (Ty::Vocab(kind), Some(vocab)) => values::fold(&vocab.canonical(*kind, s)),
                                _ => values::fold(s),
                            };
                            if seen.contains(&folded) {
                                let span = span_of(it);
                                let at = self.at(span);
                                self.diags.push(
                                    Diagnostic::warning("duplicate-value", self.file, at, format!("`{s}` is listed twice in `{path}`"))
                                        .hint("remove the repeated value"),
                                );
                            }
                            seen.push(folded);
                        }
                    }
                }
                None => {
                    // A single value where a list is expected: say how to write it.
                    let hint = v.as_str().map(|s| format!("write `[\"{s}\"]`"));
                    self.type_error(span, path, "a list in square brackets", v);
                    let last = self.diags.len() - 1;
                    self.diags[last].hint = hint;
                }
            },
            Ty::PerLang => match v.as_table() {
                Some(t) => {
                    for (k, val) in t.iter() {
                        let lang: &str = k.get_ref();
                        if !self.languages.iter().any(|l| l == lang) {
                            let list = self.languages.join(", ");
                            self.error("unknown-language", span_of(k), format!("`{path}`: `{lang}` is not a configured language"))
                                .expected = Some(format!("one of {list}"));
                        } else {
                            self.value_of(val, &Ty::Str(None), &format!("{path}.{lang}"));
                        }
                    }
                    for lang in self.languages {
                        if !t.contains_key(lang.as_str()) {
                            self.error("missing-key", span.clone(), format!("`{path}` has no `{lang}` text"))
                                .hint = Some(format!("add `{lang} = \"…\"`"));
                        }
                    }
                }
                None => self.type_error(span, path, "a table of texts per language, like { fr = \"…\", en = \"…\" }", v),
            },
            Ty::Table(fields) => match v.as_table() {
                Some(t) => self.table(t, fields, path, span),
                None => self.type_error(span, path, "a table", v),
            },
            Ty::Party => match (v.as_str(), v.as_table()) {
                (Some(_), _) => self.value_of(value, &Ty::Str(Some(200)), path),
                (_, Some(t)) => self.table(t, &PARTY_REF, path, span),
                _ => self.type_error(
                    span,
                    path,
                    "a name in quotes, or a reference `{ fiche = \"<slug>\" }`",
                    v,
                ),
            },
            Ty::TableList(fields) => match v.as_array() {
                Some(items) => {
                    for (i, it) in items.iter().enumerate() {
                        let p = format!("{path}[{i}]");
                        match it.get_ref().as_table() {
                            Some(t) => self.table(t, fields, &p, span_of(it)),
                            None => self.type_error(span_of(it), &p, "a table (`[[…]]`)", it.get_ref()),
                        }
                    }
                }
                None => self.type_error(span, path, &format!("a list of tables, written `[[{path}]]`"), v),
            },
        }
    }

    fn string_check(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        path: &str,
        what: &str,
        check: impl Fn(&str) -> Result<(), String>,
        code: &'static str,
    ) {
        let span = span_of(value);
        match value.get_ref().as_str() {
            Some(s) => {
                if let Err(msg) = check(s) {
                    self.error(code, span, format!("`{path}`: `{s}` is not {what}"))
                        .hint = Some(msg);
                }
            }
            None => self.type_error(span, path, &format!("{what} in quotes"), value.get_ref()),
        }
    }
}

/// Reads an integer value.
pub fn int_of(v: &DeValue<'_>) -> Option<i64> {
    let i = v.as_integer()?;
    i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok()
}

/// Reads a number value (integer or float).
pub fn num_of(v: &DeValue<'_>) -> Option<f64> {
    if let Some(i) = int_of(v) {
        return Some(i as f64);
    }
    let f = v.as_float()?;
    f.as_str()
        .replace('_', "")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
}

/// Reads a date value: a TOML local date or a `YYYY-MM(-DD)` string.
pub fn date_of(v: &DeValue<'_>) -> Result<values::Date, String> {
    match v {
        DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => values::Date::new(
                i32::from(d.year),
                u32::from(d.month),
                Some(u32::from(d.day)),
            ),
            _ => Err("write only a date, without a time".into()),
        },
        DeValue::String(s) => values::Date::parse(s),
        other => Err(format!("expected a date, found {}", describe(other))),
    }
}

/// Names the type of a value for messages.
pub fn describe(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("the string \"{}\"", truncate(s, 40)),
        DeValue::Integer(i) => format!("the number {}", i.as_str()),
        DeValue::Float(x) => format!("the number {}", x.as_str()),
        DeValue::Boolean(b) => format!("`{b}`"),
        DeValue::Datetime(d) => format!("the date {d}"),
        DeValue::Array(_) => "a list".into(),
        DeValue::Table(_) => "a table".into(),
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// Formats `a`, `b`, `c` for messages.
pub fn quote_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    static ITEM: Ty = Ty::Int(1, 5);
    static INNER: [Field; 1] = [Field {
        key: "id",
        ty: Ty::Slug,
        required: true,
        translatable: false,
        doc_en: "",
        doc_fr: "",
    }];
    static FIELDS: [Field; 7] = [
        Field {
            key: "name",
            ty: Ty::Str(Some(10)),
            required: true,
            translatable: true,
            doc_en: "",
            doc_fr: "",
        },
        Field {
            key: "count",
            ty: Ty::Int(0, 9),
            required: false,
            translatable: false,
            doc_en: "",
            doc_fr: "",
        },
        Field {
            key: "status",
            ty: Ty::OneOf(&["open", "closed"]),
            required: false,
            translatable: false,
            doc_en: "",
            doc_fr: "",
        },
        Field {
            key: "scores",
            ty: Ty::List(&ITEM),
            required: false,
            translatable: false,
            doc_en: "",
            doc_fr: "",
        },
        Field {
            key: "phone",
            ty: Ty::Phone,
            required: false,
            translatable: false,
            doc_en: "",
            doc_fr: "",
        },
        Field {
            key: "title",
            ty: Ty::PerLang,
            required: false,
            translatable: false,
            doc_en: "",
            doc_fr: "",
        },
        Field {
            key: "items",
            ty: Ty::TableList(&INNER),
            required: false,
            translatable: false,
            doc_en: "",
            doc_fr: "",
        },
    ];

    /// (code, the text the diagnostic points at) for `toml` walked against [`FIELDS`].
    fn walk(toml: &str, translation: bool) -> Vec<(&'static str, String)> {
        let tree = DeTable::parse(toml).expect("valid TOML");
        let languages = ["fr".to_string(), "en".to_string()];
        let mut w = Walker {
            translation,
            default_file: translation.then(|| "x.md".to_string()),
            ..Walker::new(0, 0, None, &languages)
        };
        w.table(tree.get_ref(), &FIELDS, "", 0..0);
        w.diags
            .into_iter()
            .map(|d| (d.code, toml[d.span.clone()].to_string()))
            .collect()
    }

    #[test]
    fn a_valid_table_has_no_problem() {
        let toml = "name = \"Centre\"\ncount = 3\nstatus = \"open\"\nscores = [1, 5]\nphone = \"+223 63 15 72 38\"\ntitle = { fr = \"a\", en = \"b\" }\n[[items]]\nid = \"un\"\n";
        assert_eq!(walk(toml, false), []);
    }

    #[test]
    fn every_problem_points_at_its_value() {
        let toml = "nmae = \"x\"\ncount = 12\nstatus = \"opened\"\nscores = [1, 9, \"a\"]\nphone = \"12\"\ntitle = { fr = \"a\", de = \"b\" }\n[[items]]\nid = \"Not A Slug\"\n";
        let found = walk(toml, false);
        let has = |code: &str, at: &str| found.iter().any(|(c, t)| *c == code && t == at);
        assert!(has("unknown-key", "nmae"), "{found:?}");
        assert!(has("out-of-range", "12"), "{found:?}");
        assert!(has("unknown-value", "\"opened\""), "{found:?}");
        assert!(has("out-of-range", "9"), "{found:?}");
        assert!(has("wrong-type", "\"a\""), "{found:?}");
        assert!(has("invalid-phone", "\"12\""), "{found:?}");
        assert!(has("unknown-language", "de"), "{found:?}");
        assert!(has("invalid-slug", "\"Not A Slug\""), "{found:?}");
        // The required `name` is missing (reported at the table's header, here empty).
        assert!(found.iter().any(|(c, _)| *c == "missing-key"), "{found:?}");
        // Did-you-mean on the misspelt key.
        let tree = DeTable::parse("nam = \"x\"\n").expect("toml");
        let languages = ["fr".to_string()];
        let mut w = Walker::new(0, 0, None, &languages);
        w.table(tree.get_ref(), &FIELDS, "", 0..0);
        assert!(w
            .diags
            .iter()
            .any(|d| d.hint.as_deref().is_some_and(|h| h.contains("`name`"))));
    }

    #[test]
    fn too_long_text_and_an_offset_base() {
        let tree = DeTable::parse("name = \"far too long a name\"\n").expect("toml");
        let languages = ["fr".to_string()];
        // The TOML sits at byte 4 of its file: spans are shifted.
        let mut w = Walker::new(0, 4, None, &languages);
        w.table(tree.get_ref(), &FIELDS, "", 0..0);
        assert_eq!(w.diags.len(), 1);
        assert_eq!(w.diags[0].code, "too-long");
        assert_eq!(w.diags[0].span, 11..32);
    }

    #[test]
    fn a_translation_may_not_redefine_a_fact() {
        let found = walk("name = \"Centre\"\ncount = 3\n", true);
        assert_eq!(found, [("translation-redefines-fact", "count".to_string())]);
        // Nothing is required in a translation.
        assert_eq!(walk("", true), []);
    }
}
