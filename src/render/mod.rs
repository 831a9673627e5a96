//! Stage 3, **render**: turn the validated [`Site`] into HTML pages, one tree per language,
//! with tera templates from the theme. Every internal link is relative, so the output works
//! under any sub-path and from `file://`.
//!
//! Output layout (relative to the output folder):
//! `index.html` (language choice), `404.html`, `assets/…`, `sitemap.xml`, `robots.txt`, and per
//! language `<lang>/index.html`, `<lang>/<section>/<slug>.html`, `<lang>/regions.html`,
//! `<lang>/region/<id>.html`, `<lang>/sectors.html`, `<lang>/sector/<id>.html`,
//! `<lang>/service/<id>.html`, `<lang>/returnees.html`, `<lang>/a-z.html`, `<lang>/<page>.html`.

mod deck;
pub mod i18n;
pub mod markdown;
mod members;
pub mod theme;
pub mod view;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;
use serde_json::json;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::model::{Fiche, Site};
use crate::validate::values::Date;
use crate::vocab::VocabKind;
use deck::Deck;
use theme::Theme;
use view::{CardView, Ctx};

/// UI strings the search script needs (passed to it as JSON in the search page).
const SEARCH_STRINGS: [&str; 18] = [
    "results_count",
    "results_one",
    "results_none",
    "results_nothing",
    "ignored",
    "facet_region",
    "facet_sector",
    "facet_kind",
    "facet_returnees",
    "facet_service",
    "understood",
    "filter_add",
    "filter_remove",
    "call",
    "nationwide",
    "loading",
    "error",
    "results_partial",
];

/// Where the search files are, for the templates (paths relative to the output root).
#[derive(Clone, Debug, Default)]
pub struct SearchInfo {
    /// Per language, the export's meta file without extension (`search/fr/meta.1a2b3c4d`).
    pub meta: BTreeMap<String, String>,
    /// Per language, the browser search script with that language's stemmer
    /// (`assets/search-fr.1a2b3c4d.js`).
    pub scripts: BTreeMap<String, String>,
}

/// One page to produce.
#[derive(Clone, Debug)]
pub(crate) enum Job {
    Root,
    NotFound,
    /// Editors' page: fiches from the oldest verification.
    Verification(String),
    Home(String),
    Fiche(String, usize),
    Regions(String),
    Region(String, String),
    Sectors(String),
    Sector(String, String),
    Service(String, String),
    Returnees(String),
    Az(String),
    Page(String, usize),
    Search(String),
    Offline(String),
}

impl Job {
    /// The theme template that renders this page.
    pub(crate) fn template(&self) -> &'static str {
        match self {
            Job::Root => "root.html",
            Job::NotFound => "404.html",
            Job::Home(_) => "home.html",
            Job::Fiche(..) => "fiche.html",
            Job::Regions(_) | Job::Sectors(_) => "terms.html",
            Job::Region(..)
            | Job::Sector(..)
            | Job::Service(..)
            | Job::Returnees(_)
            | Job::Az(_)
            | Job::Verification(_) => "list.html",
            Job::Search(_) => "search.html",
            Job::Offline(_) => "offline.html",
            Job::Page(..) => "page.html",
        }
    }

    /// Whether the page shows fiche cards (and must be rendered again when they change).
    fn shows_cards(&self) -> bool {
        self.template() == "list.html"
    }

    /// How long the page takes to render, roughly: listings of every fiche, other listings,
    /// fiches, the rest.
    fn weight(&self) -> u8 {
        match self {
            Job::Az(_) | Job::Returnees(_) | Job::Verification(_) => 3,
            _ if self.shows_cards() => 2,
            Job::Fiche(..) => 1,
            _ => 0,
        }
    }
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

/// A fiche's page in `lang`, relative to the output root.
pub(crate) fn fiche_path(lang: &str, f: &Fiche) -> String {
    format!("{lang}/{}/{}.html", f.section, f.slug)
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
}

/// What rendering derives from the site and theme before the pages (name order, cards, shared
/// contexts), kept by `sira serve` between incremental rebuilds.
#[derive(Default)]
pub struct Prepared {
    /// Per language, the fiches in name order with their cards.
    names: BTreeMap<String, Names>,
    /// Ids of national-coverage regions.
    national: BTreeSet<String>,
    /// Which listings each fiche is on.
    members: members::Members,
    /// Per language, the template context every page of that language shares (built once:
    /// serialising the UI strings for each page was a tenth of the build time).
    base: BTreeMap<String, Context>,
}

/// One language's fiches in name order (display name, then slug), with their cards.
#[derive(Default)]
struct Names {
    /// Fiche indexes, by position in name order.
    order: Vec<usize>,
    /// Each fiche's sort key (its folded display name), by fiche index.
    keys: Vec<String>,
    /// Each fiche's A–Z letter (`#` for others), by fiche index.
    initials: Vec<char>,
    /// Each fiche's card, rendered once, by position.
    full: Deck,
    /// The same in compact form (name and place), for long listings.
    compact: Deck,
}

impl Names {
    /// The name order of `site`'s fiches in `lang` (no cards yet).
    fn new(site: &Site, lang: &str) -> Names {
        let keys: Vec<String> = site.fiches.iter().map(|f| sort_key(f, lang)).collect();
        let mut order: Vec<usize> = (0..site.fiches.len()).collect();
        order.sort_by(|&a, &b| {
            (&keys[a], &site.fiches[a].slug).cmp(&(&keys[b], &site.fiches[b].slug))
        });
        Names {
            order,
            initials: keys.iter().map(|k| view::initial_of_key(k)).collect(),
            keys,
            ..Names::default()
        }
    }

    /// Takes fiche `i` out of the order and puts it back where its new `key` goes, with its
    /// new cards.
    fn place(&mut self, site: &Site, i: usize, key: String, full: &str, compact: &str) {
        let Some(from) = self.order.iter().position(|&j| j == i) else {
            return;
        };
        self.initials[i] = view::initial_of_key(&key);
        self.keys[i] = key;
        self.order.remove(from);
        let (keys, fiches) = (&self.keys, &site.fiches);
        let to = self
            .order
            .partition_point(|&j| (&keys[j], &fiches[j].slug) < (&keys[i], &fiches[i].slug));
        self.order.insert(to, i);
        self.full.replace(from, to, full);
        self.compact.replace(from, to, compact);
    }
}

/// Stands for the path to the language root in cards and shared contexts (replaced per page).
const CARD_ROOT: char = deck::ROOT;
/// Opens a card placeholder: `\u{2}` `c` (full) or `k` (compact), the card's position in
/// name order, `\u{3}`.
const CARD_OPEN: u8 = 2;
const CARD_CLOSE: u8 = 3;

/// A fiche's card in a listing's context. Templates see a short placeholder string (print it
/// with `{{ c | safe }}`); the card's HTML goes in after tera, so long listings do not copy
/// thousands of cards through the template engine.
#[derive(Clone, Copy, Debug)]
struct Card {
    /// Position in name order.
    pos: usize,
    compact: bool,
}

impl Serialize for Card {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let kind = if self.compact { 'k' } else { 'c' };
        s.collect_str(&format_args!(
            "{}{kind}{}{}",
            CARD_OPEN as char, self.pos, CARD_CLOSE as char
        ))
    }
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    name: String,
    href: String,
    current: bool,
    translated: bool,
}

#[derive(Serialize)]
struct Group {
    id: String,
    title: String,
    note: Option<String>,
    /// The cards (placeholders for their pre-rendered HTML).
    cards: Vec<Card>,
}

#[derive(Serialize)]
struct TermCount {
    id: String,
    label: String,
    href: String,
    count: usize,
    tile: Option<(i64, i64)>,
}

/// A fiche's sort key in `lang`: its folded display name.
fn sort_key(f: &Fiche, lang: &str) -> String {
    let name = f
        .translations
        .get(lang)
        .and_then(|t| t.front.name.as_ref())
        .or(f.front.name.as_ref())
        .map_or(f.slug.as_str(), String::as_str);
    view::sort_key(name)
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
            names: site
                .config
                .languages
                .iter()
                .map(|l| (l.clone(), Names::new(site, l)))
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

    /// Renders every fiche's card once per language (listings reuse them).
    fn prerender_cards(&mut self) -> Result<(), Vec<Diagnostic>> {
        let pairs: Vec<(&str, usize)> = self
            .site
            .config
            .languages
            .iter()
            .flat_map(|l| (0..self.site.fiches.len()).map(move |i| (l.as_str(), i)))
            .collect();
        let rendered = self.render_cards(&pairs)?;
        for (lang, cards) in pairs
            .chunks(self.site.fiches.len().max(1))
            .zip(rendered.chunks(self.site.fiches.len().max(1)))
        {
            let Some(names) = lang.first().and_then(|(l, _)| self.prep.names.get_mut(*l)) else {
                continue;
            };
            names.full = Deck::new(names.order.iter().map(|&i| cards[i].0.as_str()));
            names.compact = Deck::new(names.order.iter().map(|&i| cards[i].1.as_str()));
        }
        Ok(())
    }

    /// Renders fiche `i`'s cards again (it changed) and puts it at its place in the name order.
    fn refresh_fiche(&mut self, i: usize) -> Result<(), Vec<Diagnostic>> {
        let langs = self.site.config.languages.clone();
        let pairs: Vec<(&str, usize)> = langs.iter().map(|l| (l.as_str(), i)).collect();
        let rendered = self.render_cards(&pairs)?;
        self.prep.members.update(self.site, i);
        for (lang, (full, compact)) in langs.iter().zip(rendered) {
            let key = sort_key(&self.site.fiches[i], lang);
            if let Some(names) = self.prep.names.get_mut(lang) {
                names.place(self.site, i, key, &full, &compact);
            }
        }
        Ok(())
    }

    /// The full and compact card of each (language, fiche) pair, on all cores.
    fn render_cards(
        &self,
        pairs: &[(&str, usize)],
    ) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
        let root = CARD_ROOT.to_string();
        let base = &self.prep.base;
        crate::par::map(pairs, |&(lang, i)| {
            let f = &self.site.fiches[i];
            let ctx = self.ctx(lang, &root);
            let card: CardView =
                view::card(f, &ctx, format!("{root}{}/{}.html", f.section, f.slug));
            let mut c = base[lang].clone();
            c.insert("c", &card);
            c.insert("compact", &false);
            let full = self
                .theme
                .tera
                .render("card.html", &c)
                .map_err(|e| self.template_error(&e))?;
            c.insert("compact", &true);
            let compact = self
                .theme
                .tera
                .render("card.html", &c)
                .map_err(|e| self.template_error(&e))?;
            Ok::<_, Diagnostic>((full, compact))
        })
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|d| vec![d])
    }

    /// Whether `job`'s page depends on what `change` changed. For a fiche: its own pages, the
    /// listings it was or is on (regions, sectors, services; every region page when it was or
    /// is nationwide, since those list national fiches), and the pages that count or list every
    /// fiche (home, regions, sectors, returnees, A–Z, verification).
    fn affected(&self, job: &Job, change: &Change<'_>) -> bool {
        match change {
            Change::Search => matches!(job, Job::Search(_)),
            // `names` holds every template that uses an edited one (see `rerender`).
            Change::Templates(names) => {
                names.contains(job.template()) || (job.shows_cards() && names.contains("card.html"))
            }
            Change::Fiche { i, old } => {
                let new = &self.site.fiches[*i];
                let both = [*old, new];
                let sector = |f: &Fiche, id: &String| {
                    f.front.sectors.contains(id)
                        || f.front.offers.iter().any(|o| o.sectors.contains(id))
                };
                match job {
                    Job::Fiche(_, j) => j == i,
                    Job::Region(_, id) => both
                        .iter()
                        .any(|f| self.is_national(f) || f.front.regions.contains(id)),
                    Job::Sector(_, id) => both.iter().any(|f| sector(f, id)),
                    Job::Service(_, id) => both.iter().any(|f| f.front.services.contains(id)),
                    Job::Home(_)
                    | Job::Regions(_)
                    | Job::Sectors(_)
                    | Job::Returnees(_)
                    | Job::Az(_)
                    | Job::Verification(_) => true,
                    Job::Root
                    | Job::NotFound
                    | Job::Page(..)
                    | Job::Search(_)
                    | Job::Offline(_) => false,
                }
            }
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

    fn jobs(&self) -> Vec<Job> {
        let mut jobs = vec![Job::Root, Job::NotFound];
        let v = &self.site.vocab;
        for lang in &self.site.config.languages {
            let l = || lang.clone();
            jobs.push(Job::Home(l()));
            jobs.extend((0..self.site.fiches.len()).map(|i| Job::Fiche(l(), i)));
            jobs.push(Job::Regions(l()));
            jobs.extend(
                v.get(VocabKind::Regions)
                    .terms
                    .iter()
                    .filter(|t| !t.national)
                    .map(|t| Job::Region(l(), t.id.clone())),
            );
            jobs.push(Job::Sectors(l()));
            jobs.extend(
                v.get(VocabKind::Sectors)
                    .terms
                    .iter()
                    .map(|t| Job::Sector(l(), t.id.clone())),
            );
            jobs.extend(
                v.get(VocabKind::Services)
                    .terms
                    .iter()
                    .map(|t| Job::Service(l(), t.id.clone())),
            );
            jobs.push(Job::Returnees(l()));
            jobs.push(Job::Az(l()));
            jobs.push(Job::Verification(l()));
            jobs.push(Job::Search(l()));
            jobs.push(Job::Offline(l()));
            jobs.extend((0..self.site.pages.len()).map(|i| Job::Page(l(), i)));
        }
        jobs
    }

    fn path(&self, job: &Job) -> String {
        match job {
            Job::Root => "index.html".into(),
            Job::NotFound => "404.html".into(),
            Job::Home(l) => format!("{l}/index.html"),
            Job::Fiche(l, i) => fiche_path(l, &self.site.fiches[*i]),
            Job::Regions(l) => format!("{l}/regions.html"),
            Job::Region(l, id) => format!("{l}/region/{id}.html"),
            Job::Sectors(l) => format!("{l}/sectors.html"),
            Job::Sector(l, id) => format!("{l}/sector/{id}.html"),
            Job::Service(l, id) => format!("{l}/service/{id}.html"),
            Job::Returnees(l) => format!("{l}/returnees.html"),
            Job::Az(l) => format!("{l}/a-z.html"),
            Job::Verification(l) => format!("{l}/verification.html"),
            Job::Page(l, i) => format!("{l}/{}.html", self.site.pages[*i].slug),
            Job::Search(l) => format!("{l}/search.html"),
            Job::Offline(l) => format!("{l}/offline.html"),
        }
    }

    /// The same page in another language.
    fn path_in(&self, job: &Job, lang: &str) -> Option<String> {
        let other = match job {
            Job::Root | Job::NotFound => return None,
            Job::Home(_) => Job::Home(lang.into()),
            Job::Fiche(_, i) => Job::Fiche(lang.into(), *i),
            Job::Regions(_) => Job::Regions(lang.into()),
            Job::Region(_, id) => Job::Region(lang.into(), id.clone()),
            Job::Sectors(_) => Job::Sectors(lang.into()),
            Job::Sector(_, id) => Job::Sector(lang.into(), id.clone()),
            Job::Service(_, id) => Job::Service(lang.into(), id.clone()),
            Job::Returnees(_) => Job::Returnees(lang.into()),
            Job::Az(_) => Job::Az(lang.into()),
            Job::Verification(_) => Job::Verification(lang.into()),
            Job::Page(_, i) => Job::Page(lang.into(), *i),
            Job::Search(_) => Job::Search(lang.into()),
            Job::Offline(_) => Job::Offline(lang.into()),
        };
        Some(self.path(&other))
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
        }
    }

    /// Cards of the fiches (indexes) that pass `filter`, sorted by name.
    fn cards(&self, lang: &str, filter: impl Fn(usize) -> bool) -> Vec<Card> {
        self.sorted_fiches(lang, filter)
            .map(|(pos, _)| Card {
                pos,
                compact: false,
            })
            .collect()
    }

    /// Compact cards of the fiches (indexes) that pass `filter`, sorted by name.
    fn compact_cards(&self, lang: &str, filter: impl Fn(usize) -> bool) -> Vec<Card> {
        self.sorted_fiches(lang, filter)
            .map(|(pos, _)| Card { pos, compact: true })
            .collect()
    }

    /// The page's final HTML: card placeholders replaced by the cards, and [`CARD_ROOT`] by
    /// the path to the language root, in one pass.
    fn splice(&self, html: &str, lang: &str, to_lang_root: &str) -> String {
        let Some(names) = self.prep.names.get(lang) else {
            return html.to_string();
        };
        let bytes = html.as_bytes();
        let placeholders = bytes.iter().filter(|b| **b == CARD_OPEN).count();
        let mean = names.full.mean_len().max(names.compact.mean_len());
        let mut out = String::with_capacity(html.len() + placeholders * mean);
        let mut from = 0;
        let mut at = 0;
        while at < bytes.len() {
            match bytes[at] {
                b if b == CARD_ROOT as u8 => {
                    out.push_str(&html[from..at]);
                    out.push_str(to_lang_root);
                    at += 1;
                    from = at;
                }
                CARD_OPEN => {
                    let card = html[at + 1..].find(CARD_CLOSE as char).and_then(|len| {
                        let token = &html[at + 1..at + 1 + len];
                        let deck = match token.as_bytes().first() {
                            Some(b'c') => &names.full,
                            Some(b'k') => &names.compact,
                            _ => return None,
                        };
                        let pos: usize = token[1..].parse().ok()?;
                        Some((deck, pos, len))
                    });
                    out.push_str(&html[from..at]);
                    from = at;
                    match card {
                        Some((deck, pos, len)) if deck.push_to(pos, &mut out, to_lang_root) => {
                            at += len + 2;
                            from = at;
                        }
                        _ => at += 1,
                    }
                }
                _ => at += 1,
            }
        }
        out.push_str(&html[from..]);
        out
    }

    /// The fiches that pass `filter` (given a fiche's index), in name order: (position in
    /// that order, fiche index).
    fn sorted_fiches<'s>(
        &'s self,
        lang: &str,
        filter: impl Fn(usize) -> bool + 's,
    ) -> impl Iterator<Item = (usize, usize)> + 's {
        self.prep.names[lang]
            .order
            .iter()
            .copied()
            .enumerate()
            .filter(move |&(_, i)| filter(i))
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
        let path = self.path(job);
        let root = to_root(&path);
        let lang = match job {
            Job::Root | Job::NotFound => self.site.config.default_language.clone(),
            Job::Home(l)
            | Job::Fiche(l, _)
            | Job::Regions(l)
            | Job::Region(l, _)
            | Job::Sectors(l) => l.clone(),
            Job::Sector(l, _)
            | Job::Service(l, _)
            | Job::Returnees(l)
            | Job::Az(l)
            | Job::Verification(l)
            | Job::Page(l, _)
            | Job::Search(l)
            | Job::Offline(l) => l.clone(),
        };
        let to_lang_root = "../".repeat(path.matches('/').count().saturating_sub(1));
        let config = &self.site.config;
        let mut c = self.prep.base[&lang].clone();
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
        c.insert(
            "lang_js",
            &format!(
                "{root}{}",
                self.theme
                    .asset_paths
                    .get("lang.js")
                    .map_or("assets/lang.js", String::as_str)
            ),
        );
        let languages: Vec<Alternate> = config
            .languages
            .iter()
            .map(|l| Alternate {
                lang: l.clone(),
                name: self.theme.strings[l].language_name.clone(),
                href: format!(
                    "{root}{}",
                    self.path_in(job, l)
                        .unwrap_or_else(|| format!("{l}/index.html"))
                ),
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

        match job {
            Job::Root | Job::NotFound => {}
            Job::Home(l) => {
                c.insert("regions", &self.region_counts(l, &to_lang_root));
                c.insert(
                    "sectors",
                    &self.term_counts(VocabKind::Sectors, "sector", l, &to_lang_root),
                );
                c.insert("fiche_count", &self.site.fiches.len().to_string());
            }
            Job::Fiche(l, i) => {
                let f = &self.site.fiches[*i];
                let ctx = self.ctx(l, &to_lang_root);
                let v = view::fiche(f, &ctx);
                c.insert("json_ld", &self.json_ld(f, &v, l, &path));
                c.insert("title", &v.name.text);
                c.insert("description", &v.summary.as_ref().map(|s| s.text.clone()));
                c.insert("fiche", &v);
            }
            Job::Regions(l) => {
                c.insert("title", &self.t(l, "regions"));
                c.insert("intro", &self.t(l, "regions_intro"));
                c.insert("terms", &self.region_counts(l, &to_lang_root));
                c.insert("map", &true);
            }
            Job::Region(l, id) => {
                let m = &self.prep.members;
                let bit = m.bit(self.site, VocabKind::Regions, id);
                let local = self.cards(l, |i| m.has(i, bit));
                let national = self.compact_cards(l, |i| m.national(i) && !m.has(i, bit));
                c.insert("title", &self.term_label(VocabKind::Regions, id, l));
                c.insert(
                    "groups",
                    &vec![
                        Group {
                            id: "local".into(),
                            title: self.t(l, "present_here"),
                            note: None,
                            cards: local,
                        },
                        Group {
                            id: "national".into(),
                            title: self.t(l, "national_coverage"),
                            note: Some(self.t(l, "national_note")),
                            cards: national,
                        },
                    ],
                );
            }
            Job::Sectors(l) => {
                c.insert("title", &self.t(l, "sectors"));
                c.insert("intro", &self.t(l, "sectors_intro"));
                c.insert(
                    "terms",
                    &self.term_counts(VocabKind::Sectors, "sector", l, &to_lang_root),
                );
                c.insert("terms2_title", &self.t(l, "services"));
                c.insert(
                    "terms2",
                    &self.term_counts(VocabKind::Services, "service", l, &to_lang_root),
                );
            }
            Job::Sector(l, id) | Job::Service(l, id) => {
                let kind = if matches!(job, Job::Sector(..)) {
                    VocabKind::Sectors
                } else {
                    VocabKind::Services
                };
                let m = &self.prep.members;
                let bit = m.bit(self.site, kind, id);
                let cards = self.cards(l, |i| m.has(i, bit));
                c.insert("title", &self.term_label(kind, id, l));
                c.insert(
                    "groups",
                    &vec![Group {
                        id: "all".into(),
                        title: String::new(),
                        note: None,
                        cards,
                    }],
                );
            }
            Job::Returnees(l) => {
                let mut groups: Vec<Group> = crate::validate::schema::ELIGIBILITY
                    .iter()
                    .map(|e| Group {
                        id: (*e).to_string(),
                        title: self.term_label(VocabKind::Eligibility, e, l),
                        note: None,
                        cards: Vec::new(),
                    })
                    .collect();
                for (pos, i) in self.sorted_fiches(l, |_| true) {
                    let e = self.prep.members.eligibility(i);
                    if let Some(g) = groups.get_mut(e) {
                        g.cards.push(Card { pos, compact: true });
                    }
                }
                c.insert("title", &self.t(l, "returnees"));
                c.insert("intro", &self.t(l, "returnees_intro"));
                c.insert("groups", &groups);
                c.insert("toc", &true);
            }
            Job::Az(l) => {
                let mut groups: Vec<Group> = Vec::new();
                let mut last = None;
                let initials = &self.prep.names[l.as_str()].initials;
                for (pos, i) in self.sorted_fiches(l, |_| true) {
                    let letter = initials[i];
                    let card = Card { pos, compact: true };
                    match groups.last_mut() {
                        Some(g) if last == Some(letter) => g.cards.push(card),
                        _ => groups.push(Group {
                            id: letter.to_string(),
                            title: letter.to_string(),
                            note: None,
                            cards: vec![card],
                        }),
                    }
                    last = Some(letter);
                }
                c.insert("title", &self.t(l, "az"));
                c.insert("groups", &groups);
                c.insert("toc", &true);
            }
            Job::Verification(l) => {
                // Oldest verification first; equal dates keep name order.
                let m = &self.prep.members;
                let mut order: Vec<(usize, usize)> = self.sorted_fiches(l, |_| true).collect();
                order.sort_by_cached_key(|&(_, i)| m.verified(i).days_since_epoch());
                let strings = &self.theme.strings[l.as_str()];
                let check = &self.site.config.check;
                let mut stale = 0;
                let mut groups: Vec<Group> = Vec::new();
                let mut month = None;
                for (pos, i) in order {
                    let d = m.verified(i);
                    if check.stale_age(d, self.today).is_some() {
                        stale += 1;
                    }
                    let card = Card { pos, compact: true };
                    match groups.last_mut() {
                        Some(g) if month == Some((d.year, d.month)) => g.cards.push(card),
                        _ => groups.push(Group {
                            id: format!("v-{}-{:02}", d.year, d.month),
                            title: view::date_words(Date { day: None, ..d }, strings),
                            note: None,
                            cards: vec![card],
                        }),
                    }
                    month = Some((d.year, d.month));
                }
                c.insert("title", &self.t(l, "verification_title"));
                c.insert(
                    "intro",
                    &self
                        .t(l, "verification_intro")
                        .replace("{days}", &check.max_age_days.to_string())
                        .replace("{stale}", &stale.to_string())
                        .replace("{total}", &self.site.fiches.len().to_string()),
                );
                c.insert("groups", &groups);
                c.insert("toc", &true);
            }
            Job::Search(l) => {
                let strings: serde_json::Map<String, serde_json::Value> = SEARCH_STRINGS
                    .iter()
                    .map(|k| ((*k).to_string(), self.t(l, k).into()))
                    .collect();
                c.insert("title", &self.t(l, "search_title"));
                c.insert(
                    "search_strings",
                    &serde_json::Value::Object(strings)
                        .to_string()
                        .replace('<', "\\u003c"),
                );
            }
            Job::Offline(l) => {
                c.insert("title", &self.t(l, "offline_title"));
            }
            Job::Page(l, i) => {
                let p = &self.site.pages[*i];
                let tr = p
                    .translations
                    .get(l)
                    .filter(|_| *l != config.default_language);
                let (body, body_lang) = match tr {
                    Some(t) => (t.body.as_str(), None),
                    None if *l == config.default_language => (p.body.as_str(), None),
                    None => (p.body.as_str(), Some(config.default_language.clone())),
                };
                let title = tr
                    .and_then(|t| t.front.title.clone())
                    .or_else(|| p.front.title.clone());
                c.insert("title", &title);
                c.insert(
                    "description",
                    &tr.and_then(|t| t.front.summary.clone())
                        .or_else(|| p.front.summary.clone()),
                );
                c.insert("body", &markdown::to_html(body).0);
                c.insert("body_lang", &body_lang);
                c.insert("slug", &p.slug);
            }
        };
        match self.theme.tera.render(job.template(), &c) {
            // Cards are spliced only into listings: elsewhere no placeholder was inserted, and
            // a fiche's own text must never be taken for one.
            Ok(html) if job.shows_cards() => Ok((path, self.splice(&html, &lang, &to_lang_root))),
            Ok(html) if html.contains(CARD_ROOT) => {
                Ok((path, html.replace(CARD_ROOT, &to_lang_root)))
            }
            Ok(html) => Ok((path, html)),
            Err(e) => Err(self.template_error(&e)),
        }
    }

    /// How many fiches are listed under each term of `kind` (for sectors, in `sectors` or an
    /// offer's), in vocabulary order.
    fn fiche_counts(&self, kind: VocabKind) -> &[usize] {
        let all = self.counts.get_or_init(|| self.prep.members.counts());
        let from = self.prep.members.first_bit(kind);
        let len = self.site.vocab.get(kind).terms.len();
        all.get(from..from + len).unwrap_or_default()
    }

    fn region_counts(&self, lang: &str, to_lang_root: &str) -> Vec<TermCount> {
        let counts = self.fiche_counts(VocabKind::Regions);
        self.site
            .vocab
            .get(VocabKind::Regions)
            .terms
            .iter()
            .zip(counts.iter().chain(std::iter::repeat(&0)))
            .filter(|(t, _)| !t.national)
            .map(|(t, &count)| TermCount {
                id: t.id.clone(),
                label: t.label(lang).to_string(),
                href: format!("{to_lang_root}region/{}.html", t.id),
                count,
                tile: t.tile.map(|[c, r]| (c, r)),
            })
            .collect()
    }

    fn term_counts(
        &self,
        kind: VocabKind,
        dir: &str,
        lang: &str,
        to_lang_root: &str,
    ) -> Vec<TermCount> {
        let counts = self.fiche_counts(kind);
        self.site
            .vocab
            .get(kind)
            .terms
            .iter()
            .zip(counts.iter().chain(std::iter::repeat(&0)))
            .map(|(t, &count)| TermCount {
                id: t.id.clone(),
                label: t.label(lang).to_string(),
                href: format!("{to_lang_root}{dir}/{}.html", t.id),
                count,
                tile: None,
            })
            .collect()
    }

    /// schema.org JSON-LD for a fiche page, safe to embed in a `<script>` element.
    fn json_ld(&self, f: &Fiche, v: &view::FicheView, lang: &str, path: &str) -> String {
        let kind = self
            .site
            .vocab
            .get(VocabKind::Kinds)
            .get(f.front.kind.as_deref().unwrap_or_default());
        let regions = self.site.vocab.get(VocabKind::Regions);
        let area: Vec<serde_json::Value> = f
            .front
            .regions
            .iter()
            .filter_map(|r| regions.get(r))
            .map(|t| {
                if t.national {
                    json!({"@type": "Country", "name": "Mali", "identifier": "ML"})
                } else {
                    let mut o = json!({"@type": "AdministrativeArea", "name": t.label(lang)});
                    if let Some(iso) = &t.iso_3166_2 {
                        o["identifier"] = json!(iso);
                    }
                    o
                }
            })
            .collect();
        let mut o = json!({
            "@context": "https://schema.org",
            "@type": kind.and_then(|k| k.schema_org.clone()).unwrap_or_else(|| "Organization".into()),
            "name": v.name.text,
            "areaServed": area,
            "inLanguage": lang,
        });
        if let Some(a) = &v.acronym {
            o["alternateName"] = json!(a);
        }
        if let Some(s) = &v.summary {
            o["description"] = json!(s.text);
        }
        if let Some(y) = v.founded {
            o["foundingDate"] = json!(y.to_string());
        }
        if !v.phones.is_empty() {
            o["telephone"] = json!(v
                .phones
                .iter()
                .map(|p| p.tel.trim_start_matches("tel:").to_string())
                .collect::<Vec<_>>());
        }
        if let Some(e) = &v.email {
            o["email"] = json!(e);
        }
        if let Some(w) = &v.website {
            o["sameAs"] = json!(w);
        }
        if let Some(city) = f.front.cities.first() {
            o["address"] =
                json!({"@type": "PostalAddress", "addressLocality": city, "addressCountry": "ML"});
        }
        if let Some(base) = &self.site.config.base_url {
            o["url"] = json!(format!("{}/{path}", base.trim_end_matches('/')));
        }
        // `</script>` inside a string must not close the element.
        serde_json::to_string(&o)
            .unwrap_or_default()
            .replace('<', "\\u003c")
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
    r.prerender_cards()?;
    let r = r;
    let mut jobs = r.jobs();
    let mut diags: Vec<Diagnostic> = Vec::new();
    jobs.sort_by_key(|j| r.path(j));
    let results = crate::par::map(&jobs, |job| {
        let (path, html) = r.render(job)?;
        let h = sira_search_index::export::hash(html.as_bytes());
        write(out, &path, html.as_bytes()).map(|n| (path, n, h))
    });
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
        match write(out, path, bytes) {
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
        match write(out, &path, text.as_bytes()) {
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

/// What changed since the render that prepared a [`Prepared`].
#[derive(Debug)]
pub(crate) enum Change<'c> {
    /// Fiche `i` was edited (same slug and section); `old` is how it was.
    Fiche { i: usize, old: &'c Fiche },
    /// These templates were edited (names such as `base.html`); the theme is the new one.
    Templates(&'c BTreeSet<String>),
    /// The search export has new file names.
    Search,
}

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
        Change::Templates(names) if names.contains("card.html") => r.prerender_cards(),
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

/// Whether `template` or any template it extends, includes or imports is among `names`.
fn uses_any(theme: &Theme, template: &str, names: &BTreeSet<String>) -> bool {
    let mut seen = BTreeSet::new();
    let mut todo = vec![template.to_string()];
    while let Some(t) = todo.pop() {
        if names.contains(&t) {
            return true;
        }
        let Some(text) = theme
            .template_files
            .get(&t)
            .and_then(|id| theme.template_texts.get(id))
        else {
            continue;
        };
        for used in theme::references(text) {
            if seen.insert(used.clone()) {
                todo.push(used);
            }
        }
    }
    false
}

/// Writes `bytes` to `out/rel`, creating folders; the bytes written, or a diagnostic.
pub(crate) fn write(out: &Path, rel: &str, bytes: &[u8]) -> Result<u64, Diagnostic> {
    let path = out.join(rel);
    let res = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&path, bytes));
    res.map(|()| bytes.len() as u64)
        .map_err(|e| write_failed(&path, &e))
}

/// The diagnostic for a file of the output that could not be written.
pub(crate) fn write_failed(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::global(
        "write-failed",
        format!("cannot write {}: {e}", path.display()),
    )
    .hint("check the free disk space and the permissions of the output folder")
}

fn robots(site: &Site) -> String {
    let mut s = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &site.config.base_url {
        s.push_str(&format!(
            "Sitemap: {}/sitemap.xml\n",
            base.trim_end_matches('/')
        ));
    }
    s
}

fn sitemap(site: &Site, files: &[String]) -> Option<String> {
    let base = site.config.base_url.as_ref()?.trim_end_matches('/');
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut pages: Vec<&String> = files
        .iter()
        .filter(|f| f.ends_with(".html") && f.as_str() != "404.html")
        .collect();
    pages.sort();
    for f in pages {
        let url = format!("{base}/{f}")
            .replace('&', "&amp;")
            .replace('<', "&lt;");
        s.push_str(&format!("  <url><loc>{url}</loc></url>\n"));
    }
    s.push_str("</urlset>\n");
    Some(s)
}
