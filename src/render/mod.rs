//! Stage 3, **render**: turn the validated [`Site`] into HTML pages, one tree per language,
//! with tera templates from the theme. Every internal link is relative, so the output works
//! under any sub-path and from `file://`.
//!
//! Output layout (relative to the output folder):
//! `index.html` (language choice), `404.html`, `assets/…`, `sitemap.xml`, `robots.txt`, and per
//! language `<lang>/index.html`, `<lang>/<section>/<slug>.html`, `<lang>/regions.html`,
//! `<lang>/region/<id>.html`, `<lang>/sectors.html`, `<lang>/sector/<id>.html`,
//! `<lang>/service/<id>.html`, `<lang>/returnees.html`, `<lang>/a-z.html`, `<lang>/<page>.html`.

mod cards;
mod deck;
mod feeds;
mod jobs;
mod members;
mod pages;
mod programmes;
mod referral;
mod seo;
mod share;
pub mod theme;
pub mod view;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;
use serde_json::json;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::model::{Fiche, Site};
use crate::values::Date;
use crate::vocab::VocabKind;
use cards::{NameOrder, CARD_ROOT};
use jobs::uses_any;
pub(crate) use jobs::{Change, Job};
use seo::{content_security_policy, robots, sitemap};
use theme::Theme;
use view::Ctx;

/// Where the search files are, for the templates (paths relative to the output root).
#[derive(Clone, Debug, Default)]
pub struct SearchInfo {
    /// Per language, the export's meta file without extension (`search/fr/meta.1a2b3c4d`).
    pub meta: BTreeMap<String, String>,
    /// Per language, the browser search script with that language's stemmer
    /// (`assets/search-fr.1a2b3c4d.js`).
    pub scripts: BTreeMap<String, String>,
}

/// What a render produced.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Output paths written (relative, with `/`), sorted.
    pub files: Vec<String>,
    /// Total bytes written.
    pub bytes: u64,
    /// Each page's path, size and content hash (for the service worker).
    pub pages: Vec<(String, u64, u64)>,
}

/// Prefix from a page at `path` (relative to the output root) to the output root.
pub fn to_root(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Shared, per-render data.
struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    today: Date,
    /// Name order, cards and shared contexts (kept between incremental rebuilds).
    prep: Prepared,
    search: &'a SearchInfo,
    /// Fiches per region, sector and service, by [`members::Members`] bit (computed on first
    /// use, once per render).
    counts: std::sync::OnceLock<Vec<usize>>,
    /// The fiches of each referral-list data file (computed on first use, once per render).
    list_files: std::sync::OnceLock<Vec<Vec<usize>>>,
}

/// What rendering derives from the site and theme before the pages (name order, cards, shared
/// contexts), kept by `sira serve` between incremental rebuilds.
#[derive(Default)]
pub struct Prepared {
    /// Per language, the fiches in name order with their cards.
    orders: BTreeMap<String, NameOrder>,
    /// Ids of national-coverage regions.
    national: BTreeSet<String>,
    /// Which listings each fiche is on.
    members: members::Members,
    /// Per language, the template context every page of that language shares (built once:
    /// serialising the UI strings for each page was a tenth of the build time).
    base: BTreeMap<String, Context>,
}

/// A rendering worker's reusable state: per language, the context of its last fiche page.
/// A fiche page sets the same keys as every other (`render_with` and `page_context`), so the
/// next one replaces them all, and cloning the shared context (the UI strings above all) is
/// done once per worker instead of once per page.
#[derive(Default)]
struct Scratch {
    fiche: BTreeMap<String, Context>,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    name: String,
    /// What Sira is, in one line, in this language (the root page).
    tagline: String,
    /// Relative to the page.
    href: String,
    /// Absolute, when the site has a `base_url` (for `hreflang` links); else relative.
    url: String,
    current: bool,
    translated: bool,
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, theme: &'a Theme, today: Date, search: &'a SearchInfo) -> Self {
        let national = site
            .vocab
            .get(VocabKind::Regions)
            .terms
            .iter()
            .filter(|t| t.national)
            .map(|t| t.id.clone())
            .collect();
        let prep = Prepared {
            orders: site
                .config
                .languages
                .iter()
                .map(|l| (l.clone(), NameOrder::new(site, l)))
                .collect(),
            national,
            members: members::Members::new(site),
            ..Prepared::default()
        };
        Renderer::resume(site, theme, today, search, prep)
    }

    /// A renderer over what an earlier render prepared.
    fn resume(
        site: &'a Site,
        theme: &'a Theme,
        today: Date,
        search: &'a SearchInfo,
        prep: Prepared,
    ) -> Self {
        Renderer {
            site,
            theme,
            today,
            prep,
            search,
            counts: std::sync::OnceLock::new(),
            list_files: std::sync::OnceLock::new(),
        }
    }

    /// Builds the per-language shared contexts. Links in them are relative to the language
    /// root, written with [`CARD_ROOT`] and resolved per page.
    fn build_base(&mut self) {
        let config = &self.site.config;
        let mut pages: Vec<&crate::model::Page> = self.site.pages.iter().collect();
        pages.sort_by_key(|p| (p.front.weight.unwrap_or(0), p.slug.clone()));
        for lang in &config.languages {
            let mut c = Context::new();
            c.insert("lang", lang);
            c.insert("t", &self.theme.strings[lang]);
            c.insert(
                "site_title",
                config.title.get(lang).unwrap_or(&String::new()),
            );
            c.insert("base_url", &config.base_url);
            c.insert("licence", &config.licence().map(|l| l.view(lang)));
            c.insert("lang_root", &CARD_ROOT.to_string());
            let list: Vec<serde_json::Value> = pages
                .iter()
                .map(|pg| {
                    let title = pg
                        .translations
                        .get(lang)
                        .and_then(|t| t.front.title.clone())
                        .or_else(|| pg.front.title.clone())
                        .unwrap_or_else(|| pg.slug.clone());
                    json!({"slug": pg.slug, "title": title, "href": format!("{CARD_ROOT}{}.html", pg.slug)})
                })
                .collect();
            c.insert("pages", &list);
            self.prep.base.insert(lang.clone(), c);
        }
    }

    fn template_error(&self, e: &tera::Error) -> Diagnostic {
        theme::template_diagnostic(e, &self.theme.template_files, |id| {
            self.theme
                .template_texts
                .get(&id)
                .cloned()
                .unwrap_or_else(|| std::sync::Arc::from(""))
        })
    }

    fn ctx<'b>(&'b self, lang: &'b str, to_lang_root: &'b str) -> Ctx<'b> {
        Ctx {
            lang,
            default_lang: &self.site.config.default_language,
            vocab: &self.site.vocab,
            strings: &self.theme.strings[lang],
            to_lang_root,
            today: self.today,
            check: &self.site.config.check,
            fiches: &self.site.fiches,
        }
    }

    fn term_label(&self, kind: VocabKind, id: &str, lang: &str) -> String {
        self.site
            .vocab
            .get(kind)
            .get(id)
            .map_or_else(|| id.to_string(), |t| t.label(lang).to_string())
    }

    fn is_national(&self, f: &Fiche) -> bool {
        f.front
            .regions
            .iter()
            .any(|r| self.prep.national.contains(r))
    }

    fn t(&self, lang: &str, key: &str) -> String {
        self.theme.strings[lang]
            .rest
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or(key)
            .to_string()
    }

    /// Renders one job to (path, html) or a diagnostic.
    fn render(&self, job: &Job) -> Result<(String, String), Diagnostic> {
        self.render_with(job, &mut Scratch::default())
    }

    /// [`Renderer::render`], reusing `scratch`'s contexts across the fiche pages one worker
    /// renders.
    fn render_with(
        &self,
        job: &Job,
        scratch: &mut Scratch,
    ) -> Result<(String, String), Diagnostic> {
        let path = self.path(job);
        let root = to_root(&path);
        let lang = job.lang(&self.site.config.default_language).to_string();
        match job {
            Job::ListData(l, k) => return Ok((path, self.list_data(l, *k))),
            Job::Feed(l) => return Ok((path, self.fiches_feed(l))),
            Job::ProgrammesFeed(l) => return Ok((path, self.programmes_feed(l))),
            _ => {}
        }
        let to_lang_root = "../".repeat(path.matches('/').count().saturating_sub(1));
        let config = &self.site.config;
        let mut own;
        let c = match job {
            // Every fiche page sets the same keys, so what a previous one set is replaced.
            Job::Fiche(..) => scratch
                .fiche
                .entry(lang.clone())
                .or_insert_with(|| self.prep.base[&lang].clone()),
            _ => {
                own = self.prep.base[&lang].clone();
                &mut own
            }
        };
        c.insert("root", &root);
        c.insert("path", &path);
        c.insert(
            "css",
            &format!(
                "{root}{}",
                self.theme
                    .asset_paths
                    .get("style.css")
                    .map_or("assets/style.css", String::as_str)
            ),
        );
        for (key, file) in [
            ("lang_js", "lang.js"),
            ("register_js", "register.js"),
            ("icon", "icon.svg"),
            ("list_js", "list.js"),
            ("filter_js", "filter.js"),
        ] {
            let fallback = format!("assets/{file}");
            let asset = self.theme.asset_paths.get(file).unwrap_or(&fallback);
            c.insert(key, &format!("{root}{asset}"));
        }
        // The not-found page is served at any depth, where no relative link to a file
        // resolves: it carries its style and script inline, allowed by their hashes.
        let inline = |name: &str| {
            self.theme
                .asset_paths
                .get(name)
                .and_then(|p| self.theme.assets.get(p))
                .map_or_else(String::new, |b| String::from_utf8_lossy(b).into_owned())
        };
        let (style, script) = match job {
            Job::NotFound => (inline("style.css"), inline("notfound.js")),
            _ => (String::new(), String::new()),
        };
        if matches!(job, Job::NotFound) {
            c.insert(
                "csp",
                &content_security_policy(&[seo::NOSCRIPT_STYLE, &style], &[&script]),
            );
        } else {
            c.insert("csp", seo::page_policy());
        }
        c.insert("noscript_css", seo::NOSCRIPT_STYLE);
        c.insert("inline_css", &style);
        c.insert("inline_js", &script);
        c.insert(
            "counsellors_css",
            &format!(
                "{root}{}",
                self.theme
                    .asset_paths
                    .get("counsellors.css")
                    .map_or("assets/counsellors.css", String::as_str)
            ),
        );
        let languages: Vec<Alternate> = config
            .languages
            .iter()
            .map(|l| {
                let target = self
                    .path_in(job, l)
                    .unwrap_or_else(|| format!("{l}/index.html"));
                Alternate {
                    lang: l.clone(),
                    name: self.theme.strings[l].language_name.clone(),
                    tagline: self.t(l, "tagline"),
                    url: match &config.base_url {
                        Some(base) => format!("{}/{target}", base.trim_end_matches('/')),
                        None => format!("{root}{target}"),
                    },
                    href: format!("{root}{target}"),
                    current: *l == lang,
                    translated: match job {
                        Job::Fiche(_, i) => {
                            *l == config.default_language
                                || self.site.fiches[*i].translations.contains_key(l)
                        }
                        Job::Page(_, i) => {
                            *l == config.default_language
                                || self.site.pages[*i].translations.contains_key(l)
                        }
                        _ => true,
                    },
                }
            })
            .collect();
        c.insert("languages", &languages);
        c.insert(
            "search_js",
            &format!(
                "{root}{}",
                self.search.scripts.get(&lang).map_or("", String::as_str)
            ),
        );
        c.insert(
            "search_meta",
            &self
                .search
                .meta
                .get(&lang)
                .map(|m| format!("{root}{m}"))
                .unwrap_or_default(),
        );
        c.insert("manifest", &format!("{to_lang_root}manifest.webmanifest"));

        self.page_context(job, c, &path, &to_lang_root);
        let html = match self.theme.tera.render(job.template(), c) {
            // Cards are spliced only into listings: elsewhere no placeholder was inserted, and
            // a fiche's own text must never be taken for one.
            Ok(html) if job.shows_cards() => self.splice(&html, &lang, &to_lang_root),
            Ok(html) if html.contains(CARD_ROOT) => html.replace(CARD_ROOT, &to_lang_root),
            Ok(html) => html,
            Err(e) => return Err(self.template_error(&e)),
        };
        // The language's typography, on generated and fiche text alike.
        let french = self.theme.strings[&lang].typography.as_deref() == Some("french");
        let html = if french {
            crate::i18n::french_typography(&html)
        } else {
            html
        };
        Ok((path, html))
    }
}

/// Renders every page and static file into `out` (an empty folder). Page rendering runs on all
/// cores; files are written as they are rendered, so memory stays flat.
pub fn render(
    site: &Site,
    theme: &Theme,
    today: Date,
    search: &SearchInfo,
    out: &Path,
) -> Result<(Rendered, Prepared), Vec<Diagnostic>> {
    let mut r = Renderer::new(site, theme, today, search);
    r.build_base();
    {
        let _t = crate::trace::span("render/cards");
        r.prerender_cards()?;
    }
    let r = r;
    let pages_span = crate::trace::span("render/pages");
    let mut jobs = r.jobs();
    let mut diags: Vec<Diagnostic> = Vec::new();
    jobs.sort_by_key(|j| r.path(j));
    let results = crate::par::map_init(&jobs, Scratch::default, |scratch, job| {
        let (path, html) = crate::trace::tally(job.kind(), || r.render_with(job, scratch))?;
        let h = sira_search_index::export::hash(html.as_bytes());
        crate::trace::tally("write", || {
            crate::site_fs::write(out, &path, html.as_bytes())
        })
        .map(|n| (path, n, h))
    });
    drop(pages_span);
    crate::trace::flush_tally("render/pages");
    let mut rendered = Rendered::default();
    for res in results {
        match res {
            Ok((path, n, h)) => {
                rendered.pages.push((path.clone(), n, h));
                rendered.files.push(path);
                rendered.bytes += n;
            }
            Err(d) => {
                if !diags
                    .iter()
                    .any(|x| x.file == d.file && x.message == d.message)
                {
                    diags.push(d);
                }
            }
        }
    }
    for (path, bytes) in &theme.assets {
        match crate::site_fs::write(out, path, bytes) {
            Ok(n) => {
                rendered.files.push(path.clone());
                rendered.bytes += n;
            }
            Err(d) => diags.push(d),
        }
    }
    let mut extra = vec![("robots.txt".to_string(), robots(site))];
    if let Some(s) = sitemap(site, &rendered.files) {
        extra.push(("sitemap.xml".to_string(), s));
    }
    for (path, text) in extra {
        match crate::site_fs::write(out, &path, text.as_bytes()) {
            Ok(n) => {
                rendered.files.push(path);
                rendered.bytes += n;
            }
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    rendered.files.sort();
    Ok((rendered, r.prep))
}

/// A rendered page: path relative to the output root, HTML.
pub(crate) type Page = (String, String);

/// Renders again the pages a change affects, in path order: (path, HTML) pairs. The
/// preparation is updated (cards of an edited fiche, or every card when `card.html` or a
/// template it uses changed) and handed back, also on error.
pub(crate) fn rerender(
    site: &Site,
    theme: &Theme,
    today: Date,
    search: &SearchInfo,
    prepared: Prepared,
    change: &Change<'_>,
) -> (Prepared, Result<Vec<Page>, Vec<Diagnostic>>) {
    // Edited templates widen, once, to every template that uses one of them.
    let users;
    let change = match change {
        Change::Templates(edited) => {
            users = theme
                .template_files
                .keys()
                .filter(|t| uses_any(theme, t, edited))
                .cloned()
                .collect();
            &Change::Templates(&users)
        }
        other => other,
    };
    let mut r = Renderer::resume(site, theme, today, search, prepared);
    let refreshed = match change {
        Change::Fiche { i, .. } => r.refresh_fiche(*i),
        Change::Templates(names) if cards::TEMPLATES.iter().any(|t| names.contains(*t)) => {
            r.prerender_cards()
        }
        _ => Ok(()),
    };
    if let Err(d) = refreshed {
        return (r.prep, Err(d));
    }
    let mut jobs: Vec<Job> = r
        .jobs()
        .into_iter()
        .filter(|job| r.affected(job, change))
        .collect();
    // The longest pages first, so the cores finish together; the pages go back in path order.
    jobs.sort_by_cached_key(|j| (std::cmp::Reverse(j.weight()), r.path(j)));
    let results = crate::par::map_heavy(&jobs, |job| r.render(job));
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut pages = Vec::with_capacity(results.len());
    for res in results {
        match res {
            Ok(page) => pages.push(page),
            Err(d)
                if !diags
                    .iter()
                    .any(|x| x.file == d.file && x.message == d.message) =>
            {
                diags.push(d);
            }
            Err(_) => {}
        }
    }
    pages.sort_unstable_by(|a: &Page, b: &Page| a.0.cmp(&b.0));
    let out = if diags.is_empty() {
        Ok(pages)
    } else {
        Err(diags)
    };
    (r.prep, out)
}
