//! The render's jobs: one per page, its template and path, and which jobs a change affects
//! (what `sira serve` renders again).

use std::collections::BTreeSet;

use super::theme::{self, Theme};
use super::Renderer;
use crate::model::Fiche;
use crate::vocab::VocabKind;

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
    /// What people come for: the organisations offering one of a need's services.
    Need(String, String),
    Returnees(String),
    Az(String),
    Page(String, usize),
    Search(String),
    Offline(String),
    /// Programmes running today.
    Programmes(String),
    /// The referral list (filled by its script from the list data).
    List(String),
    /// One file of the list's data (see `referral::data_files`).
    ListData(String, usize),
    /// For counsellors: the list, the programmes, the booklets, the feeds.
    Counsellors(String),
    /// A region's printed booklet.
    Booklet(String, String),
    /// Atom feeds: fiches, programmes.
    Feed(String),
    ProgrammesFeed(String),
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
            | Job::Need(..)
            | Job::Returnees(_)
            | Job::Az(_)
            | Job::Verification(_) => "list.html",
            Job::Search(_) => "search.html",
            Job::Offline(_) => "offline.html",
            Job::Page(..) => "page.html",
            Job::Programmes(_) => "programmes.html",
            Job::List(_) => "referral.html",
            Job::Counsellors(_) => "counsellors.html",
            Job::Booklet(..) => "booklet.html",
            // Written by Sira itself, not by a template.
            Job::ListData(..) | Job::Feed(_) | Job::ProgrammesFeed(_) => "",
        }
    }

    /// The job's kind, for timings (`SIRA_TRACE`).
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Job::ListData(..) => "list-data",
            Job::Feed(_) | Job::ProgrammesFeed(_) => "feed",
            Job::Booklet(..) => "booklet",
            Job::Az(_) | Job::Returnees(_) | Job::Verification(_) => "listing-all",
            _ => self.template(),
        }
    }

    /// The page's language (the default language's for the root and not-found pages).
    pub(super) fn lang<'j>(&'j self, default: &'j str) -> &'j str {
        match self {
            Job::Root | Job::NotFound => default,
            Job::Home(l)
            | Job::Fiche(l, _)
            | Job::Regions(l)
            | Job::Region(l, _)
            | Job::Sectors(l)
            | Job::Sector(l, _)
            | Job::Service(l, _)
            | Job::Need(l, _)
            | Job::Returnees(l)
            | Job::Az(l)
            | Job::Verification(l)
            | Job::Page(l, _)
            | Job::Search(l)
            | Job::Offline(l)
            | Job::Programmes(l)
            | Job::List(l)
            | Job::ListData(l, _)
            | Job::Counsellors(l)
            | Job::Booklet(l, _)
            | Job::Feed(l)
            | Job::ProgrammesFeed(l) => l,
        }
    }

    /// Whether the page shows fiche cards (and must be rendered again when they change).
    pub(super) fn shows_cards(&self) -> bool {
        matches!(self.template(), "list.html" | "booklet.html")
    }

    /// How long the page takes to render, roughly: listings of every fiche, other listings,
    /// fiches, the rest.
    pub(super) fn weight(&self) -> u8 {
        match self {
            Job::Az(_) | Job::Returnees(_) | Job::Verification(_) => 3,
            _ if self.shows_cards() => 2,
            Job::Fiche(..) => 1,
            _ => 0,
        }
    }
}

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

/// Whether `template` or any template it extends, includes or imports is among `names`.
pub(super) fn uses_any(theme: &Theme, template: &str, names: &BTreeSet<String>) -> bool {
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

impl Renderer<'_> {
    pub(super) fn jobs(&self) -> Vec<Job> {
        let mut jobs = vec![Job::Root, Job::NotFound];
        let v = &self.site.vocab;
        // The regions that have a page and a booklet (not the "nationwide" term).
        let regions: Vec<&String> = v
            .get(VocabKind::Regions)
            .terms
            .iter()
            .filter(|t| !t.national)
            .map(|t| &t.id)
            .collect();
        for lang in &self.site.config.languages {
            let l = || lang.clone();
            jobs.push(Job::Home(l()));
            jobs.extend((0..self.site.fiches.len()).map(|i| Job::Fiche(l(), i)));
            jobs.push(Job::Regions(l()));
            jobs.extend(regions.iter().map(|id| Job::Region(l(), (*id).clone())));
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
            jobs.extend(
                v.get(VocabKind::Needs)
                    .terms
                    .iter()
                    .map(|t| Job::Need(l(), t.id.clone())),
            );
            jobs.push(Job::Returnees(l()));
            jobs.push(Job::Az(l()));
            jobs.push(Job::Verification(l()));
            jobs.push(Job::Search(l()));
            jobs.push(Job::Offline(l()));
            jobs.extend((0..self.site.pages.len()).map(|i| Job::Page(l(), i)));
            jobs.push(Job::Programmes(l()));
            jobs.push(Job::List(l()));
            jobs.extend(
                (0..super::referral::data_files(self.site.fiches.len()))
                    .map(|k| Job::ListData(l(), k)),
            );
            jobs.push(Job::Counsellors(l()));
            jobs.extend(regions.iter().map(|id| Job::Booklet(l(), (*id).clone())));
            jobs.push(Job::Feed(l()));
            jobs.push(Job::ProgrammesFeed(l()));
        }
        jobs
    }

    pub(super) fn path(&self, job: &Job) -> String {
        match job {
            Job::Root => "index.html".into(),
            Job::NotFound => "404.html".into(),
            Job::Home(l) => format!("{l}/index.html"),
            Job::Fiche(l, i) => crate::model::fiche_path(l, &self.site.fiches[*i]),
            Job::Regions(l) => format!("{l}/regions.html"),
            Job::Region(l, id) => format!("{l}/region/{id}.html"),
            Job::Sectors(l) => format!("{l}/sectors.html"),
            Job::Sector(l, id) => format!("{l}/sector/{id}.html"),
            Job::Service(l, id) => format!("{l}/service/{id}.html"),
            Job::Need(l, id) => format!("{l}/need/{id}.html"),
            Job::Returnees(l) => format!("{l}/returnees.html"),
            Job::Az(l) => format!("{l}/a-z.html"),
            Job::Verification(l) => format!("{l}/verification.html"),
            Job::Page(l, i) => format!("{l}/{}.html", self.site.pages[*i].slug),
            Job::Search(l) => format!("{l}/search.html"),
            Job::Offline(l) => format!("{l}/offline.html"),
            Job::Programmes(l) => format!("{l}/programmes.html"),
            Job::List(l) => format!("{l}/list.html"),
            Job::ListData(l, k) => format!("{l}/list/{k}.js"),
            Job::Counsellors(l) => format!("{l}/counsellors.html"),
            Job::Booklet(l, id) => format!("{l}/booklet/{id}.html"),
            Job::Feed(l) => format!("{l}/feed.xml"),
            Job::ProgrammesFeed(l) => format!("{l}/programmes.xml"),
        }
    }

    /// The same page in another language.
    pub(super) fn path_in(&self, job: &Job, lang: &str) -> Option<String> {
        let other = match job {
            Job::Root | Job::NotFound => return None,
            Job::Home(_) => Job::Home(lang.into()),
            Job::Fiche(_, i) => Job::Fiche(lang.into(), *i),
            Job::Regions(_) => Job::Regions(lang.into()),
            Job::Region(_, id) => Job::Region(lang.into(), id.clone()),
            Job::Sectors(_) => Job::Sectors(lang.into()),
            Job::Sector(_, id) => Job::Sector(lang.into(), id.clone()),
            Job::Service(_, id) => Job::Service(lang.into(), id.clone()),
            Job::Need(_, id) => Job::Need(lang.into(), id.clone()),
            Job::Returnees(_) => Job::Returnees(lang.into()),
            Job::Az(_) => Job::Az(lang.into()),
            Job::Verification(_) => Job::Verification(lang.into()),
            Job::Page(_, i) => Job::Page(lang.into(), *i),
            Job::Search(_) => Job::Search(lang.into()),
            Job::Offline(_) => Job::Offline(lang.into()),
            Job::Programmes(_) => Job::Programmes(lang.into()),
            Job::List(_) => Job::List(lang.into()),
            Job::ListData(_, k) => Job::ListData(lang.into(), *k),
            Job::Counsellors(_) => Job::Counsellors(lang.into()),
            Job::Booklet(_, id) => Job::Booklet(lang.into(), id.clone()),
            Job::Feed(_) => Job::Feed(lang.into()),
            Job::ProgrammesFeed(_) => Job::ProgrammesFeed(lang.into()),
        };
        Some(self.path(&other))
    }

    /// Whether `job`'s page depends on what `change` changed. For a fiche: its own pages, the
    /// listings it was or is on (regions, sectors, services; every region page when it was or
    /// is nationwide, since those list national fiches), and the pages that count or list every
    /// fiche (home, regions, sectors, returnees, A–Z, verification).
    pub(super) fn affected(&self, job: &Job, change: &Change<'_>) -> bool {
        match change {
            Change::Search => matches!(job, Job::Search(_)),
            // `names` holds every template that uses an edited one (see `rerender`).
            Change::Templates(names) => {
                names.contains(job.template())
                    || (job.shows_cards()
                        && super::cards::TEMPLATES.iter().any(|t| names.contains(*t)))
            }
            Change::Fiche { i, old } => {
                let new = &self.site.fiches[*i];
                let both = [*old, new];
                let sector = |f: &Fiche, id: &String| {
                    f.front.sectors.contains(id)
                        || f.front.offers.iter().any(|o| o.sectors.contains(id))
                };
                // Fiches that reference this one show its name or acronym: they change with them.
                let shown =
                    |j: usize| !old.same_names(new) && self.site.fiches[j].references(&new.slug);
                match job {
                    Job::Fiche(_, j) => j == i || shown(*j),
                    Job::Region(_, id) | Job::Booklet(_, id) => both
                        .iter()
                        .any(|f| self.is_national(f) || f.front.in_region(id)),
                    Job::ListData(_, k) => {
                        super::referral::data_file_of(
                            &new.slug,
                            super::referral::data_files(self.site.fiches.len()),
                        ) == *k
                    }
                    Job::Sector(_, id) => both.iter().any(|f| sector(f, id)),
                    Job::Service(_, id) => both.iter().any(|f| f.front.services.contains(id)),
                    Job::Need(_, id) => {
                        let need = self.site.vocab.get(VocabKind::Needs).get(id);
                        let services = need.map_or(&[][..], |n| n.services.as_slice());
                        both.iter()
                            .any(|f| f.front.services.iter().any(|s| services.contains(s)))
                    }
                    Job::Home(_)
                    | Job::Regions(_)
                    | Job::Sectors(_)
                    | Job::Returnees(_)
                    | Job::Az(_)
                    | Job::Verification(_)
                    | Job::Programmes(_)
                    | Job::Feed(_)
                    | Job::ProgrammesFeed(_) => true,
                    Job::Root
                    | Job::NotFound
                    | Job::Page(..)
                    | Job::Search(_)
                    | Job::Offline(_)
                    | Job::List(_)
                    | Job::Counsellors(_) => false,
                }
            }
        }
    }
}
