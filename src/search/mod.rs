//! `sira search`: loads and validates the site, builds the same tantivy index `sira build`
//! builds, and answers a query with ranked results and facet counts.

pub mod eval;

use std::path::Path;

use serde::Deserialize;
use serde_json::{json, Value};
use sira_search_index::{LangIndex, Query, FACETS};

use crate::index;
use crate::model::Site;
use crate::validate::{self, Options};

/// A search request: the `sira search` arguments, or one line of `--batch` input (JSON with
/// the same names: `{"q": "...", "lang": "fr", "region": ["kayes"], "returnees": true}`).
#[derive(Clone, Debug, Default, Deserialize, clap::Args)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The words (empty: every fiche matching the filters).
    #[serde(default)]
    #[arg(default_value = "", value_name = "QUERY")]
    pub q: String,
    /// Language of the query and of the fiches searched (default: the site's default).
    #[serde(default)]
    #[arg(long)]
    pub lang: Option<String>,
    /// Only fiches present in this region (national-coverage fiches follow local ones).
    #[serde(default)]
    #[arg(long, value_name = "REGION")]
    pub region: Vec<String>,
    /// Only fiches of this sector.
    #[serde(default)]
    #[arg(long, value_name = "SECTOR")]
    pub sector: Vec<String>,
    /// Only organisations of this kind.
    #[serde(default)]
    #[arg(long, value_name = "KIND")]
    pub kind: Vec<String>,
    /// Only fiches with this returnee eligibility (open, conditions, referred, …).
    #[serde(default)]
    #[arg(long, value_name = "VALUE")]
    pub eligibility: Vec<String>,
    /// Only fiches offering this kind of help (credit, shelter, vocational-training, …).
    #[serde(default)]
    #[arg(long, value_name = "SERVICE")]
    pub service: Vec<String>,
    /// Only fiches open to returnees (with or without conditions).
    #[serde(default)]
    #[arg(long)]
    pub returnees: bool,
}

/// Why a search could not run.
#[derive(Debug)]
pub enum SearchError {
    /// The content has errors (run `sira check`).
    Invalid(String),
    /// A bad request: unknown language or filter value.
    Usage(String),
    /// Index or I/O failure.
    Fatal(String),
}

/// The site's indexes, one per language.
pub struct Searcher {
    site: Site,
    indexes: Vec<LangIndex>,
}

impl Searcher {
    /// Loads, validates and indexes the site at `root`.
    pub fn open(root: &Path, options: Options) -> Result<Self, SearchError> {
        let outcome =
            validate::run(root, options).map_err(|e| SearchError::Fatal(e.to_string()))?;
        let errors = outcome
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostics::Severity::Error)
            .count();
        let Some(site) = outcome.site.filter(|_| errors == 0) else {
            return Err(SearchError::Invalid(format!(
                "the content has {errors} errors: run `sira check` and fix them first"
            )));
        };
        let indexes = index::build(&site).map_err(|e| SearchError::Fatal(e.to_string()))?;
        Ok(Searcher { site, indexes })
    }

    /// The validated site.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Turns a request into the index's language and query.
    fn resolve(&self, r: &Request) -> Result<(&LangIndex, Query), SearchError> {
        let lang = r
            .lang
            .clone()
            .unwrap_or_else(|| self.site.config.default_language.clone());
        let Some(idx) = self.indexes.iter().find(|i| i.lang == lang) else {
            return Err(SearchError::Usage(format!(
                "unknown language `{lang}`: this site has {}",
                self.site.config.languages.join(", ")
            )));
        };
        let mut q = Query {
            text: r.q.clone(),
            ..Query::default()
        };
        let lists = [&r.region, &r.sector, &r.kind, &r.eligibility, &r.service];
        for (f, list) in lists.iter().enumerate() {
            for v in list.iter() {
                match index::resolve_filter(&self.site.vocab, f, v) {
                    Some(id) => q.filters[f].push(id),
                    None => {
                        let hint = index::suggest_filter(&self.site.vocab, f, v)
                            .map(|s| format!("; did you mean `{s}`?"))
                            .unwrap_or_default();
                        return Err(SearchError::Usage(format!(
                            "unknown {} `{v}`{hint} (see content/_vocab/{}.toml for the values)",
                            FACETS[f],
                            index::FACET_VOCABS[f].file_stem()
                        )));
                    }
                }
            }
        }
        if r.returnees {
            for v in index::OPEN_TO_RETURNEES {
                if !q.filters[3].iter().any(|x| x == v) {
                    q.filters[3].push(v.to_string());
                }
            }
        }
        Ok((idx, q))
    }

    /// How the index of `lang` reads the query `text` (`sira analyze --query`).
    pub fn explain(&self, lang: &str, text: &str) -> Result<String, SearchError> {
        let idx = self
            .resolve(&Request {
                lang: Some(lang.to_string()),
                ..Request::default()
            })?
            .0;
        idx.explain(text)
            .map_err(|e| SearchError::Fatal(e.to_string()))
    }

    /// Runs a request; the answer as JSON (what `--json` prints).
    pub fn run(&self, r: &Request) -> Result<Value, SearchError> {
        let (idx, q) = self.resolve(r)?;
        let res = idx
            .search(&q)
            .map_err(|e| SearchError::Fatal(e.to_string()))?;
        let results: Vec<Value> = res
            .hits
            .iter()
            .map(|h| {
                let d = &idx.docs[h.ord];
                let facets: serde_json::Map<String, Value> = FACETS
                    .iter()
                    .enumerate()
                    .map(|(f, name)| {
                        let ids: Vec<&str> = idx.doc_facets[h.ord][f]
                            .iter()
                            .map(|v| idx.defs.values[f][*v as usize].0.as_str())
                            .collect();
                        (name.to_string(), json!(ids))
                    })
                    .collect();
                json!({
                    "name": d.name,
                    "acronym": d.acronym,
                    "url": format!("{}/{}", idx.lang, d.url),
                    "score": h.score,
                    "local": h.local,
                    "matched": h.matched,
                    "partial": h.partial,
                    "kind": d.card.kind,
                    "place": d.card.place,
                    "eligibility": d.card.eligibility,
                    "phone": (!d.card.phone.is_empty()).then_some(&d.card.phone),
                    "facets": facets,
                })
            })
            .collect();
        let understood: Vec<Value> = res
            .understood
            .iter()
            .map(|u| {
                let (id, label) = &idx.defs.values[u.facet][usize::from(u.value)];
                json!({"facet": FACETS[u.facet], "id": id, "label": label, "words": u.words})
            })
            .collect();
        let counts: serde_json::Map<String, Value> = FACETS
            .iter()
            .enumerate()
            .map(|(f, name)| {
                let c: Vec<Value> = res.counts[f]
                    .iter()
                    .map(|(v, n)| json!([idx.defs.values[f][*v as usize].0, n]))
                    .collect();
                (name.to_string(), Value::Array(c))
            })
            .collect();
        Ok(json!({
            "query": q.text,
            "lang": idx.lang,
            "filters": FACETS.iter().enumerate().map(|(f, n)| (n.to_string(), json!(q.filters[f]))).collect::<serde_json::Map<_, _>>(),
            "mode": res.mode.as_str(),
            "words": res.words,
            "total": res.hits.len(),
            "ignored": res.ignored,
            "stopwords": res.stopwords,
            "understood": understood,
            "results": results,
            "facets": counts,
        }))
    }
}

/// Human-readable rendering of a [`Searcher::run`] answer, at most `limit` results.
pub fn human(answer: &Value, limit: usize) -> String {
    let mut out = String::new();
    let total = answer["total"].as_u64().unwrap_or(0);
    let ignored: Vec<&str> = answer["ignored"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let list = |key: &str| -> Vec<String> {
        answer[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    };
    let stopwords = list("stopwords");
    if answer["mode"] == "none" {
        let typed: Vec<String> = ignored
            .iter()
            .map(|s| s.to_string())
            .chain(stopwords.iter().cloned())
            .collect();
        out.push_str(&format!(
            "no fiche matches: {} (only common or unknown words)\n",
            typed.join(" ")
        ));
    } else if !ignored.is_empty() {
        out.push_str(&format!(
            "no fiche contains: {} (left out)\n",
            ignored.join(", ")
        ));
    }
    let understood: Vec<String> = answer["understood"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| {
            format!(
                "{} {} ({})",
                u["facet"].as_str().unwrap_or(""),
                u["id"].as_str().unwrap_or(""),
                u["label"].as_str().unwrap_or("")
            )
        })
        .collect();
    if !understood.is_empty() {
        out.push_str(&format!(
            "understood: {} (ranked first; filter with --region, --sector, --service, --eligibility)\n",
            understood.join(", ")
        ));
    }
    out.push_str(&match total {
        1 => "1 fiche\n".to_string(),
        n => format!("{n} fiches\n"),
    });
    let mut partial_said = false;
    for (i, r) in answer["results"]
        .as_array()
        .into_iter()
        .flatten()
        .take(limit)
        .enumerate()
    {
        let acr = r["acronym"]
            .as_str()
            .map(|a| format!(" ({a})"))
            .unwrap_or_default();
        let national = if r["local"] == false {
            "  [national]"
        } else {
            ""
        };
        if r["partial"] == true && !partial_said {
            partial_said = true;
            out.push_str("  — fiches with some of the words —\n");
        }
        out.push_str(&format!(
            "{:>3}. {}{acr}  {}  {:.3}{national}\n",
            i + 1,
            r["name"].as_str().unwrap_or(""),
            r["url"].as_str().unwrap_or(""),
            r["score"].as_f64().unwrap_or(0.0)
        ));
    }
    if total as usize > limit {
        out.push_str(&format!(
            "… and {} more (use --limit)\n",
            total as usize - limit
        ));
    }
    for f in FACETS {
        let c: Vec<String> = answer["facets"][f]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| format!("{} {}", p[0].as_str().unwrap_or(""), p[1]))
            .collect();
        if !c.is_empty() {
            out.push_str(&format!("{f}: {}\n", c.join(", ")));
        }
    }
    out
}
