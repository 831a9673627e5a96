//! `sira search --eval FILE`: runs a file of judged queries through the search and reports
//! recall@5, MRR and empty answers (docs/search.md, "Evaluation").

use serde::Deserialize;
use serde_json::{json, Value};

use super::{Request, SearchError, Searcher};

/// How many results count for recall (what a phone shows without scrolling).
pub const TOP: usize = 5;

/// One judged query.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Judged {
    /// The words as typed.
    pub q: String,
    /// Language of the query (default: the site's default).
    #[serde(default)]
    pub lang: Option<String>,
    /// A label to group queries in the report (trade, need, typo…).
    #[serde(default)]
    pub kind: Option<String>,
    /// The fiches that answer it (`section/slug`); empty when the site has no answer.
    pub relevant: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    query: Vec<Judged>,
}

/// Reads a judged-query file (TOML, `[[query]]` tables).
pub fn parse(text: &str) -> Result<Vec<Judged>, String> {
    match toml::from_str::<File>(text) {
        Ok(f) => Ok(f.query),
        Err(e) => {
            let at = e.span().map_or(String::new(), |s| {
                let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                let col = text[..s.start.min(text.len())]
                    .rsplit('\n')
                    .next()
                    .map_or(0, |l| l.chars().count())
                    + 1;
                format!("{line}:{col}: ")
            });
            Err(format!("{at}{}", e.message().trim()))
        }
    }
}

/// The outcome of one query.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The query.
    pub judged: Judged,
    /// Result paths (`section/slug`) in rank order.
    pub results: Vec<String>,
    /// Rank (1-based) of the first relevant result.
    pub first: Option<usize>,
    /// Relevant results among the first [`TOP`].
    pub found: usize,
}

impl Outcome {
    /// Recall at [`TOP`]: relevant fiches in the first five, out of at most five.
    pub fn recall(&self) -> f64 {
        let want = self.judged.relevant.len().min(TOP);
        if want == 0 {
            return 0.0;
        }
        self.found as f64 / want as f64
    }

    /// Reciprocal rank of the first relevant result (0 when none).
    pub fn reciprocal_rank(&self) -> f64 {
        self.first.map_or(0.0, |r| 1.0 / r as f64)
    }
}

/// The figures over a set of queries.
#[derive(Clone, Debug)]
pub struct Report {
    /// Every query's outcome, in file order.
    pub outcomes: Vec<Outcome>,
}

fn path_of(url: &str) -> String {
    let rest = url.split_once('/').map_or(url, |(_, r)| r);
    rest.strip_suffix(".html").unwrap_or(rest).to_string()
}

/// Runs every query.
pub fn run(searcher: &Searcher, queries: Vec<Judged>) -> Result<Report, SearchError> {
    let known: std::collections::HashSet<String> = searcher
        .site()
        .fiches
        .iter()
        .map(|f| format!("{}/{}", f.section, f.slug))
        .collect();
    for (i, j) in queries.iter().enumerate() {
        if let Some(bad) = j.relevant.iter().find(|r| !known.contains(*r)) {
            return Err(SearchError::Usage(format!(
                "query {} ({:?}): no fiche `{bad}` in this site (write section/slug)",
                i + 1,
                j.q
            )));
        }
    }
    let mut outcomes = Vec::new();
    for judged in queries {
        let answer = searcher.run(&Request {
            q: judged.q.clone(),
            lang: judged.lang.clone(),
            ..Request::default()
        })?;
        let results: Vec<String> = answer["results"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["url"].as_str().map(path_of))
            .collect();
        let first = results
            .iter()
            .position(|r| judged.relevant.contains(r))
            .map(|p| p + 1);
        let found = results
            .iter()
            .take(TOP)
            .filter(|r| judged.relevant.contains(r))
            .count();
        outcomes.push(Outcome {
            judged,
            results,
            first,
            found,
        });
    }
    Ok(Report { outcomes })
}

impl Report {
    fn answerable(&self) -> impl Iterator<Item = &Outcome> {
        self.outcomes
            .iter()
            .filter(|o| !o.judged.relevant.is_empty())
    }

    fn unanswerable(&self) -> impl Iterator<Item = &Outcome> {
        self.outcomes
            .iter()
            .filter(|o| o.judged.relevant.is_empty())
    }

    /// Mean recall@5 over the answerable queries.
    pub fn recall(&self) -> f64 {
        mean(self.answerable().map(Outcome::recall))
    }

    /// Mean reciprocal rank over the answerable queries.
    pub fn mrr(&self) -> f64 {
        mean(self.answerable().map(Outcome::reciprocal_rank))
    }

    /// Answerable queries with no result at all.
    pub fn empty(&self) -> Vec<&Outcome> {
        self.answerable().filter(|o| o.results.is_empty()).collect()
    }

    /// (no-answer queries answered with nothing, no-answer queries).
    pub fn unanswered(&self) -> (usize, usize) {
        let all: Vec<&Outcome> = self.unanswerable().collect();
        (
            all.iter().filter(|o| o.results.is_empty()).count(),
            all.len(),
        )
    }

    /// The report as text: figures, then the queries that miss.
    pub fn human(&self) -> String {
        let answerable = self.answerable().count();
        let (silent, none) = self.unanswered();
        let mut out = format!(
            "{} queries: {answerable} with an answer, {none} without\n\
             recall@{TOP}  {:.3}  (relevant fiches in the first {TOP}, out of at most {TOP}; mean)\n\
             MRR       {:.3}  (1 / rank of the first relevant fiche; mean)\n\
             answerable queries with no result: {}\n\
             queries without an answer that return nothing: {silent} of {none}\n",
            self.outcomes.len(),
            self.recall(),
            self.mrr(),
            self.empty().len(),
        );
        let label = |o: &Outcome| {
            format!(
                "[{} {}] {:?}",
                o.judged.lang.as_deref().unwrap_or("-"),
                o.judged.kind.as_deref().unwrap_or("-"),
                o.judged.q
            )
        };
        let misses: Vec<&Outcome> = self
            .answerable()
            .filter(|o| o.recall() < 1.0 || o.first != Some(1))
            .collect();
        if !misses.is_empty() {
            out.push_str(
                "\nanswerable queries below the mark (first relevant rank, found in top 5):\n",
            );
            for o in misses {
                out.push_str(&format!(
                    "  {}: first relevant {}, {}/{} in the first {TOP}; top: {}\n",
                    label(o),
                    o.first.map_or("none".to_string(), |r| format!("#{r}")),
                    o.found,
                    o.judged.relevant.len().min(TOP),
                    o.results
                        .iter()
                        .take(TOP)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        let noisy: Vec<&Outcome> = self
            .unanswerable()
            .filter(|o| !o.results.is_empty())
            .collect();
        if !noisy.is_empty() {
            out.push_str("\nqueries without an answer that return fiches:\n");
            for o in noisy {
                out.push_str(&format!(
                    "  {}: {} fiches, first {}\n",
                    label(o),
                    o.results.len(),
                    o.results[0]
                ));
            }
        }
        out
    }

    /// The report as JSON: figures and every query's outcome.
    pub fn json(&self) -> Value {
        let (silent, none) = self.unanswered();
        json!({
            "queries": self.outcomes.len(),
            "recall_at_5": self.recall(),
            "mrr": self.mrr(),
            "answerable_empty": self.empty().len(),
            "unanswerable_empty": silent,
            "unanswerable": none,
            "outcomes": self.outcomes.iter().map(|o| json!({
                "q": o.judged.q,
                "lang": o.judged.lang,
                "kind": o.judged.kind,
                "relevant": o.judged.relevant,
                "results": o.results.iter().take(10).collect::<Vec<_>>(),
                "total": o.results.len(),
                "first_relevant": o.first,
                "recall_at_5": o.recall(),
            })).collect::<Vec<_>>(),
        })
    }
}

fn mean(xs: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = xs.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(relevant: &[&str], results: &[&str]) -> Outcome {
        let relevant: Vec<String> = relevant.iter().map(|s| s.to_string()).collect();
        let results: Vec<String> = results.iter().map(|s| s.to_string()).collect();
        let first = results
            .iter()
            .position(|r| relevant.contains(r))
            .map(|p| p + 1);
        let found = results
            .iter()
            .take(TOP)
            .filter(|r| relevant.contains(r))
            .count();
        Outcome {
            judged: Judged {
                q: "q".into(),
                lang: None,
                kind: None,
                relevant,
            },
            results,
            first,
            found,
        }
    }

    #[test]
    fn recall_is_capped_at_five_and_rank_is_one_based() {
        let many: Vec<String> = (0..8).map(|i| format!("r{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let o = outcome(&many, &["x", "r0", "r1", "r2", "r3", "r4"]);
        assert_eq!(o.recall(), 4.0 / 5.0);
        assert_eq!(o.reciprocal_rank(), 0.5);
        let miss = outcome(&["a"], &["b", "c"]);
        assert_eq!((miss.recall(), miss.reciprocal_rank()), (0.0, 0.0));
    }

    #[test]
    fn a_bad_file_is_located() {
        let err = parse("[[query]]\nq = \"x\"\nrelevent = []\n").expect_err("unknown key");
        assert!(err.starts_with("3:1: "), "{err}");
    }
}
