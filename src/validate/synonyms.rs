//! The search thesaurus, `content/_vocab/synonyms.toml` (optional): per language, groups of the
//! words people type and what they find, and the vocabulary terms the words name
//! (docs/search.md, "Synonyms"). `sira check` validates it here: types and keys, expressions
//! with no searchable word, unknown vocabulary terms, expressions listed twice, and one-way
//! groups that find each other in a cycle.

use std::collections::BTreeMap;
use std::ops::Range;

use sira_search_index::thesaurus::{terms_of, Group};
use toml::de::DeValue;
use toml::Spanned;

use crate::diagnostics::{Diagnostic, FileId};
use crate::values::did_you_mean;
use crate::vocab::{Thesaurus, VocabKind, Vocabularies};

/// The file name under `content/_vocab/`.
pub const FILE: &str = "synonyms.toml";

/// The vocabularies a group's `terms` may name, as written before the `/`, with the facet of
/// the search index they belong to.
const TERM_VOCABS: [(&str, VocabKind, usize); 4] = [
    ("regions", VocabKind::Regions, 0),
    ("sectors", VocabKind::Sectors, 1),
    ("eligibility", VocabKind::Eligibility, 3),
    ("services", VocabKind::Services, 4),
];

const KEYS: [&str; 3] = ["words", "finds", "terms"];

/// A string of the file with where it is.
struct Item {
    text: String,
    span: Range<usize>,
}

/// One group as read, with spans.
struct Read {
    words: Vec<Item>,
    finds: Vec<Item>,
}

struct Checker<'a> {
    file: FileId,
    diags: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        message: String,
    ) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::error(code, self.file, span, message));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    /// The strings of a list value (`words = ["a", "b"]`), reporting anything else.
    fn strings(&mut self, value: &Spanned<DeValue<'_>>, path: &str) -> Vec<Item> {
        let Some(items) = value.get_ref().as_array() else {
            self.error(
                "wrong-type",
                value.span(),
                format!("`{path}` must be a list of strings"),
            )
            .hint = Some(format!(
                "write `{} = [\"…\", \"…\"]`",
                path.rsplit('.').next().unwrap_or(path)
            ));
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, it) in items.iter().enumerate() {
            match it.get_ref().as_str() {
                Some(s) => out.push(Item {
                    text: s.to_string(),
                    span: it.span(),
                }),
                None => {
                    self.error(
                        "wrong-type",
                        it.span(),
                        format!("`{path}[{i}]` must be a string in double quotes"),
                    );
                }
            }
        }
        out
    }

    /// `"services/credit"` → (facet, id), reporting unknown vocabularies and terms.
    fn term(&mut self, item: &Item, vocab: &Vocabularies) -> Option<(usize, String)> {
        let known = TERM_VOCABS
            .iter()
            .map(|(name, _, _)| format!("{name}/…"))
            .collect::<Vec<_>>()
            .join(", ");
        let Some((name, id)) = item.text.split_once('/') else {
            self.error(
                "unknown-term",
                item.span.clone(),
                format!("`{}` does not name a vocabulary term", item.text),
            )
            .expected = Some(format!("a vocabulary and an id: {known}"));
            return None;
        };
        let Some((_, kind, facet)) = TERM_VOCABS.iter().find(|(n, _, _)| *n == name) else {
            let d = self.error(
                "unknown-vocabulary",
                item.span.clone(),
                format!("`{name}` is not a vocabulary that search understands"),
            );
            d.expected = Some(format!("one of {known}"));
            d.hint = did_you_mean(name, TERM_VOCABS.iter().map(|(n, _, _)| *n))
                .map(|s| format!("did you mean `{s}/{id}`?"));
            return None;
        };
        let v = vocab.get(*kind);
        match v.get(id) {
            Some(t) => Some((*facet, t.id.clone())),
            None => {
                let d = self.error(
                    kind.unknown_code(),
                    item.span.clone(),
                    format!("unknown {} `{id}`", kind.singular()),
                );
                d.expected = Some(format!(
                    "a {} id from content/_vocab/{}.toml",
                    kind.singular(),
                    kind.file_stem()
                ));
                d.hint = v
                    .suggest(id)
                    .map(|t| format!("did you mean `{name}/{}`?", t.id));
                None
            }
        }
    }
}

/// Checks `synonyms.toml` and returns the thesaurus (what is valid of it).
pub fn parse(
    text: &str,
    file: FileId,
    languages: &[String],
    vocab: &Vocabularies,
    diags: &mut Vec<Diagnostic>,
) -> Thesaurus {
    let Some(tree) = crate::diagnostics::parse_toml(text, file, diags) else {
        return Thesaurus::new();
    };
    let mut c = Checker { file, diags };
    let mut out = Thesaurus::new();
    for (key, value) in tree.get_ref().iter() {
        let lang: &str = key.get_ref();
        if !languages.iter().any(|l| l == lang) {
            let d = c.error(
                "unknown-language",
                key.span(),
                format!("`{lang}` is not a language of this site"),
            );
            d.expected = Some(format!("one of {}", languages.join(", ")));
            d.hint = did_you_mean(lang, languages.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"));
            continue;
        }
        let Some(groups) = value.get_ref().as_array() else {
            c.error(
                "wrong-type",
                value.span(),
                format!("`{lang}` must be a list of groups"),
            )
            .hint = Some(format!("write each group as a `[[{lang}]]` table"));
            continue;
        };
        let mut read = Vec::new();
        let mut compiled = Vec::new();
        for (g, item) in groups.iter().enumerate() {
            let path = format!("{lang}[{g}]");
            let Some(table) = item.get_ref().as_table() else {
                c.error(
                    "wrong-type",
                    item.span(),
                    format!("`{path}` must be a table"),
                )
                .hint = Some(format!("write each group as a `[[{lang}]]` table"));
                continue;
            };
            let mut words = Vec::new();
            let mut finds = Vec::new();
            let mut terms = Vec::new();
            for (k, v) in table.iter() {
                let name: &str = k.get_ref();
                match name {
                    "words" => words = c.strings(v, &format!("{path}.words")),
                    "finds" => finds = c.strings(v, &format!("{path}.finds")),
                    "terms" => {
                        for t in c.strings(v, &format!("{path}.terms")) {
                            if let Some(term) = c.term(&t, vocab) {
                                terms.push(term);
                            }
                        }
                    }
                    _ => {
                        let d = c.error(
                            "unknown-key",
                            k.span(),
                            format!("unknown key `{name}` in `{path}`"),
                        );
                        d.expected = Some("one of `words`, `finds`, `terms`".into());
                        d.hint = did_you_mean(name, KEYS).map(|s| format!("did you mean `{s}`?"));
                    }
                }
            }
            if words.is_empty() {
                c.error(
                    "missing-key",
                    item.span(),
                    format!("`{path}` has no `words`"),
                )
                .hint = Some("add `words = [\"…\"]`: the words people type".into());
            }
            for it in words.iter().chain(&finds) {
                if terms_of(lang, &it.text).is_empty() {
                    c.error(
                        "empty-synonym",
                        it.span.clone(),
                        format!("`{}` has no word search can use", it.text),
                    )
                    .hint = Some(
                        "it is empty, punctuation or only stopwords (de, la, the…): remove it"
                            .into(),
                    );
                }
            }
            compiled.push(Group {
                words: words.iter().map(|i| i.text.clone()).collect(),
                finds: finds.iter().map(|i| i.text.clone()).collect(),
                terms,
            });
            read.push(Read { words, finds });
        }
        check_repeats(&mut c, lang, &read);
        check_cycles(&mut c, lang, &read);
        out.insert(lang.to_string(), compiled);
    }
    out
}

/// The analysed key of an expression.
fn key(lang: &str, text: &str) -> String {
    terms_of(lang, text).join(" ")
}

/// An expression twice in one group is a warning; a typed word in two groups is an error (which
/// group would it take?).
fn check_repeats(c: &mut Checker<'_>, lang: &str, groups: &[Read]) {
    let mut owner: BTreeMap<String, (usize, &Item)> = BTreeMap::new();
    for (g, group) in groups.iter().enumerate() {
        // Within `words`, and within `finds` (a one-way group may well find one of its words).
        for list in [&group.words, &group.finds] {
            let mut seen: Vec<String> = Vec::new();
            for it in list {
                let k = key(lang, &it.text);
                if k.is_empty() {
                    continue;
                }
                if seen.contains(&k) {
                    c.diags.push(
                        Diagnostic::warning(
                            "duplicate-synonym",
                            c.file,
                            it.span.clone(),
                            format!(
                                "`{}` is listed twice in this group (as search reads it)",
                                it.text
                            ),
                        )
                        .hint(
                            "remove the repeat: case, accents, plurals and stopwords do not count",
                        ),
                    );
                }
                seen.push(k);
            }
        }
        for it in &group.words {
            let k = key(lang, &it.text);
            if k.is_empty() {
                continue;
            }
            match owner.get(&k) {
                Some((first, other)) if *first != g => {
                    let d = c.error(
                        "duplicate-synonym",
                        it.span.clone(),
                        format!(
                            "`{}` is already in the `words` of another {lang} group (`{}`)",
                            it.text, other.text
                        ),
                    );
                    d.hint = Some(
                        "a typed word can belong to one group only: merge the two groups, or keep it in one"
                            .into(),
                    );
                }
                Some(_) => {}
                None => {
                    owner.insert(k, (g, it));
                }
            }
        }
    }
}

/// One-way groups (`finds`) that find each other round in a circle are really one group.
fn check_cycles(c: &mut Checker<'_>, lang: &str, groups: &[Read]) {
    let mut owner: BTreeMap<String, usize> = BTreeMap::new();
    for (g, group) in groups.iter().enumerate() {
        for it in &group.words {
            owner.entry(key(lang, &it.text)).or_insert(g);
        }
    }
    // Edges between one-way groups: g finds a word that h's `words` has.
    // (A group finding one of its own words is only a repeat, reported as such.)
    let edges: Vec<Vec<(usize, &Item)>> = groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            group
                .finds
                .iter()
                .filter_map(|it| {
                    let h = *owner.get(&key(lang, &it.text))?;
                    (h != g && !groups[h].finds.is_empty()).then_some((h, it))
                })
                .collect()
        })
        .collect();
    let mut reported = vec![false; groups.len()];
    for start in 0..groups.len() {
        if reported[start] {
            continue;
        }
        // Depth-first search for a path back to `start`.
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        let mut path: Vec<&Item> = Vec::new();
        let mut visited = vec![false; groups.len()];
        visited[start] = true;
        while let Some((g, next)) = stack.pop() {
            if next >= edges[g].len() {
                path.pop();
                continue;
            }
            stack.push((g, next + 1));
            let (h, it) = edges[g][next];
            if h == start {
                path.push(it);
                let chain = path
                    .iter()
                    .map(|i| format!("`{}`", i.text))
                    .collect::<Vec<_>>()
                    .join(" → ");
                let first = groups[start]
                    .words
                    .first()
                    .map_or_else(String::new, |w| format!("`{}` finds ", w.text));
                let d = c.error(
                    "synonym-cycle",
                    path[0].span.clone(),
                    format!("{first}{chain}, which is back in this group's `words`: a cycle"),
                );
                d.hint = Some(
                    "words that all find each other are one group: list them together in `words`, without `finds`"
                        .into(),
                );
                // Every group of the cycle is reported with this one.
                for (g, _) in &stack {
                    reported[*g] = true;
                }
                break;
            } else if !visited[h] {
                visited[h] = true;
                path.push(it);
                stack.push((h, 0));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> (Thesaurus, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let langs = vec!["fr".to_string(), "en".to_string()];
        let t = parse(text, 0, &langs, &Vocabularies::default(), &mut diags);
        (t, diags)
    }

    fn codes(d: &[Diagnostic]) -> Vec<&str> {
        d.iter().map(|d| d.code).collect()
    }

    #[test]
    fn a_good_file_compiles_per_language() {
        let (t, d) = check(
            "[[fr]]\nwords = [\"boulot\", \"travail\"]\n\n[[fr]]\nwords = [\"papiers\"]\nfinds = [\"aide juridique\"]\n\n[[en]]\nwords = [\"job\", \"work\"]\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t["fr"].len(), 2);
        assert_eq!(t["fr"][1].finds, ["aide juridique"]);
        assert_eq!(t["en"][0].words, ["job", "work"]);
    }

    #[test]
    fn bad_keys_languages_types_and_empty_expressions_are_located() {
        let text =
            "[[fr]]\nwords = [\"de la\", 3]\nfind = [\"x\"]\n\n[[de]]\nwords = [\"Arbeit\"]\n";
        let (_, d) = check(text);
        let mut got = codes(&d);
        got.sort_unstable();
        assert_eq!(
            got,
            [
                "empty-synonym",
                "unknown-key",
                "unknown-language",
                "wrong-type"
            ]
        );
        let unknown = d
            .iter()
            .find(|d| d.code == "unknown-key")
            .expect("unknown key");
        assert_eq!(&text[unknown.span.clone()], "find");
        assert_eq!(unknown.hint.as_deref(), Some("did you mean `finds`?"));
        let empty = d.iter().find(|d| d.code == "empty-synonym").expect("empty");
        assert_eq!(&text[empty.span.clone()], "\"de la\"");
    }

    #[test]
    fn repeats_and_cycles_are_reported() {
        let (_, d) = check(
            "[[fr]]\nwords = [\"boulot\", \"Boulots\"]\n\n[[fr]]\nwords = [\"boulot\"]\nfinds = [\"emploi\"]\n",
        );
        assert_eq!(codes(&d), ["duplicate-synonym", "duplicate-synonym"]);
        assert_eq!(d[0].severity, crate::diagnostics::Severity::Warning);
        assert_eq!(d[1].severity, crate::diagnostics::Severity::Error);
        let text = "[[fr]]\nwords = [\"papiers\"]\nfinds = [\"documents\"]\n\n[[fr]]\nwords = [\"documents\"]\nfinds = [\"pièces\"]\n\n[[fr]]\nwords = [\"pièces\"]\nfinds = [\"papiers\"]\n";
        let (_, d) = check(text);
        assert_eq!(codes(&d), ["synonym-cycle"], "{d:?}");
        assert!(
            d[0].message.contains("`documents` → `pièces` → `papiers`"),
            "{}",
            d[0].message
        );
        // A chain that does not come back is fine.
        let (_, d) = check("[[fr]]\nwords = [\"a1\"]\nfinds = [\"b1\"]\n\n[[fr]]\nwords = [\"b1\"]\nfinds = [\"c1\"]\n");
        assert!(d.is_empty(), "{d:?}");
    }
}
