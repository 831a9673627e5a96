//! The context of each kind of page: home, fiche, the listings (regions, sectors, services,
//! returnees, A–Z, verification), search, offline and the free pages.

use serde::Serialize;
use tera::Context;

use super::cards::{Card, Face};
use super::jobs::Job;
use super::{view, Renderer};
use crate::values::Date;
use crate::vocab::VocabKind;

#[derive(Serialize)]
pub(super) struct Group {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) note: Option<String>,
    /// The cards (placeholders for their pre-rendered HTML).
    pub(super) cards: Vec<Card>,
}

#[derive(Serialize)]
pub(super) struct TermCount {
    pub(super) id: String,
    pub(super) label: String,
    pub(super) href: String,
    pub(super) count: usize,
    pub(super) tile: Option<(i64, i64)>,
    /// A short label, for the map's tiles.
    pub(super) short: String,
}

/// UI strings the search script needs (passed to it as JSON in the search page).
pub(super) const SEARCH_STRINGS: [&str; 20] = [
    "filters",
    "filters_done",
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

impl Renderer<'_> {
    /// How many fiches are listed under each term of `kind` (for sectors, in `sectors` or an
    /// offer's), in vocabulary order.
    pub(super) fn fiche_counts(&self, kind: VocabKind) -> &[usize] {
        let all = self.counts.get_or_init(|| self.prep.members.counts());
        let from = self.prep.members.first_bit(kind);
        let len = self.site.vocab.get(kind).terms.len();
        all.get(from..from + len).unwrap_or_default()
    }

    pub(super) fn region_counts(&self, lang: &str, to_lang_root: &str) -> Vec<TermCount> {
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
                short: t.short_label(lang).to_string(),
            })
            .collect()
    }

    pub(super) fn term_counts(
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
                short: String::new(),
            })
            .collect()
    }
}

impl Renderer<'_> {
    /// Adds to `c` what the page of `job` shows (at `path`, `to_lang_root` from its folder to
    /// its language's root).
    pub(super) fn page_context(&self, job: &Job, c: &mut Context, path: &str, to_lang_root: &str) {
        let config = &self.site.config;
        match job {
            Job::Root | Job::NotFound => {}
            Job::Home(l) => {
                c.insert("regions", &self.region_counts(l, to_lang_root));
                c.insert(
                    "sectors",
                    &self.term_counts(VocabKind::Sectors, "sector", l, to_lang_root),
                );
                c.insert("fiche_count", &self.site.fiches.len().to_string());
                c.insert("needs", &self.need_counts(l, to_lang_root));
            }
            Job::Fiche(l, i) => {
                let f = &self.site.fiches[*i];
                let ctx = self.ctx(l, to_lang_root);
                let v = view::fiche(f, &ctx);
                c.insert("json_ld", &self.json_ld(f, &v, l, path));
                c.insert("share", &self.share(&v, l, path));
                c.insert("report", &self.report(f, &v, l, path));
                c.insert("title", &v.name.text);
                c.insert("description", &v.summary.as_ref().map(|s| s.text.clone()));
                c.insert("fiche", &v);
            }
            Job::Regions(l) => {
                c.insert("title", &self.t(l, "regions"));
                c.insert("intro", &self.t(l, "regions_intro"));
                c.insert("terms", &self.region_counts(l, to_lang_root));
                c.insert("map", &true);
                let m = &self.prep.members;
                let national = (0..self.site.fiches.len())
                    .filter(|&i| m.national(i))
                    .count();
                c.insert("national", &national);
            }
            Job::Region(l, id) => {
                self.region(c, l, id);
            }
            Job::Sectors(l) => {
                c.insert("title", &self.t(l, "sectors"));
                c.insert("intro", &self.t(l, "sectors_intro"));
                c.insert(
                    "terms",
                    &self.term_counts(VocabKind::Sectors, "sector", l, to_lang_root),
                );
                c.insert("terms2_title", &self.t(l, "services"));
                c.insert(
                    "terms2",
                    &self.term_counts(VocabKind::Services, "service", l, to_lang_root),
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
                self.listing(c, l, self.term_label(kind, id, l), |i| m.has(i, bit));
            }
            Job::Need(l, id) => {
                let needs = self.site.vocab.get(VocabKind::Needs);
                if let Some(need) = needs.get(id) {
                    let title = need.label(l).to_string();
                    self.listing(c, l, title, |i| self.answers(i, need));
                }
            }
            Job::Returnees(l) => {
                self.returnees(c, l);
            }
            Job::Az(l) => {
                self.a_to_z(c, l);
            }
            Job::Verification(l) => {
                self.verification(c, l);
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
            Job::Programmes(l) => self.programmes_page(c, l, to_lang_root),
            Job::List(l) => self.list_page(c, l),
            Job::Counsellors(l) => self.counsellors(c, l),
            Job::Booklet(l, id) => self.booklet(c, l, id, to_lang_root),
            // Written without a template (see `Renderer::render`).
            Job::ListData(..) | Job::Feed(_) | Job::ProgrammesFeed(_) => {}
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
                let ctx = self.ctx(l, to_lang_root);
                let html = crate::markdown::to_html_with(body, &|slug| ctx.fiche_href(slug)).0;
                c.insert("body", &html);
                c.insert("body_lang", &body_lang);
                c.insert("slug", &p.slug);
                c.insert("show_licence", &(p.front.licence == Some(true)));
            }
        }
    }

    /// Returnees: one group per eligibility value, in the vocabulary's order.
    fn returnees(&self, c: &mut Context, l: &str) {
        let mut groups: Vec<Group> = crate::schema::ELIGIBILITY
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
                g.cards.push(Card {
                    pos,
                    face: Face::Compact,
                });
            }
        }
        c.insert("title", &self.t(l, "returnees"));
        c.insert("intro", &self.t(l, "returnees_intro"));
        c.insert("groups", &groups);
        c.insert("toc", &true);
    }

    /// A–Z: one group per initial letter.
    fn a_to_z(&self, c: &mut Context, l: &str) {
        let mut groups: Vec<Group> = Vec::new();
        let mut last = None;
        let initials = &self.prep.orders[l].initials;
        for (pos, i) in self.sorted_fiches(l, |_| true) {
            let letter = initials[i];
            let card = Card {
                pos,
                face: Face::Compact,
            };
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

    /// Verification dates: fiches by month verified, oldest first, with the count past the limit.
    fn verification(&self, c: &mut Context, l: &str) {
        // Oldest verification first; equal dates keep name order.
        let m = &self.prep.members;
        let mut order: Vec<(usize, usize)> = self.sorted_fiches(l, |_| true).collect();
        order.sort_by_cached_key(|&(_, i)| m.verified(i).days_since_epoch());
        let strings = &self.theme.strings[l];
        let check = &self.site.config.check;
        let mut stale = 0;
        let mut groups: Vec<Group> = Vec::new();
        let mut month = None;
        for (pos, i) in order {
            let d = m.verified(i);
            if check.stale_age(d, self.today).is_some() {
                stale += 1;
            }
            let card = Card {
                pos,
                face: Face::Compact,
            };
            match groups.last_mut() {
                Some(g) if month == Some((d.year, d.month)) => g.cards.push(card),
                _ => groups.push(Group {
                    id: format!("v-{}-{:02}", d.year, d.month),
                    title: crate::i18n::date_words(Date { day: None, ..d }, strings),
                    note: None,
                    cards: vec![card],
                }),
            }
            month = Some((d.year, d.month));
        }
        c.insert("title", &self.t(l, "verification_title"));
        let strings = &self.theme.strings[l];
        let intro = strings
            .rest
            .get("verification_intro")
            .map(|v| strings.count(v, stale as i64))
            .unwrap_or_default()
            .replace("{days}", &check.max_age_days.to_string())
            .replace("{total}", &self.site.fiches.len().to_string());
        c.insert("intro", &intro);
        c.insert("groups", &groups);
        c.insert("toc", &true);
    }

    /// A region: the organisations present there that serve people, by need (each under the
    /// first need it answers); then those working nationwide; then, at the end, those that do
    /// not serve the public (funders, support programmes).
    fn region(&self, c: &mut Context, l: &str, id: &str) {
        let m = &self.prep.members;
        let bit = m.bit(self.site, VocabKind::Regions, id);
        let direct = |i: usize| !self.not_direct(i);
        let mut groups = self.by_need(l, |i| m.has(i, bit) && direct(i));
        groups.push(Group {
            id: "national".into(),
            title: self.t(l, "national_coverage"),
            note: Some(self.t(l, "national_note")),
            cards: self.cards(l, Face::Compact, |i| {
                m.national(i) && !m.has(i, bit) && direct(i)
            }),
        });
        groups.push(self.not_direct_group(l, |i| m.has(i, bit) || m.national(i)));
        c.insert("title", &self.term_label(VocabKind::Regions, id, l));
        c.insert("toc", &true);
        c.insert("groups", &non_empty(groups));
    }

    /// A need, sector or service: the organisations that serve people, then those that do not.
    fn listing(&self, c: &mut Context, l: &str, title: String, has: impl Fn(usize) -> bool) {
        let groups = vec![
            Group {
                id: "all".into(),
                title: String::new(),
                note: None,
                cards: self.cards(l, Face::Full, |i| has(i) && !self.not_direct(i)),
            },
            self.not_direct_group(l, &has),
        ];
        c.insert("title", &title);
        c.insert("groups", &non_empty(groups));
    }

    /// Whether fiche `i` does not serve people itself (eligibility `not-direct`).
    fn not_direct(&self, i: usize) -> bool {
        crate::schema::ELIGIBILITY.get(self.prep.members.eligibility(i)) == Some(&"not-direct")
    }

    /// The compact group, at the end of a listing, of the fiches passing `filter` that do not
    /// serve the public.
    fn not_direct_group(&self, l: &str, filter: impl Fn(usize) -> bool) -> Group {
        Group {
            id: "not-direct".into(),
            title: self.t(l, "not_direct_title"),
            note: Some(self.t(l, "not_direct_note")),
            cards: self.cards(l, Face::Compact, |i| filter(i) && self.not_direct(i)),
        }
    }

    /// Each need with the number of organisations answering it, and its page.
    fn need_counts(&self, l: &str, to_lang_root: &str) -> Vec<TermCount> {
        let fiches = self.site.fiches.len();
        self.site
            .vocab
            .get(VocabKind::Needs)
            .terms
            .iter()
            .map(|n| TermCount {
                id: n.id.clone(),
                label: n.label(l).to_string(),
                href: format!("{to_lang_root}need/{}.html", n.id),
                count: (0..fiches).filter(|&i| self.answers(i, n)).count(),
                tile: None,
                short: String::new(),
            })
            .collect()
    }

    /// Whether fiche `i` offers one of need `need`'s services.
    fn answers(&self, i: usize, need: &crate::vocab::Term) -> bool {
        let m = &self.prep.members;
        need.services
            .iter()
            .any(|s| m.has(i, m.bit(self.site, VocabKind::Services, s)))
    }

    /// The fiches passing `filter`, grouped by need (each under the first need it answers, in
    /// the needs' order), then the others.
    fn by_need(&self, l: &str, filter: impl Fn(usize) -> bool) -> Vec<Group> {
        let needs = &self.site.vocab.get(VocabKind::Needs).terms;
        let mut groups: Vec<Group> = needs
            .iter()
            .map(|n| Group {
                id: format!("need-{}", n.id),
                title: n.label(l).to_string(),
                note: None,
                cards: Vec::new(),
            })
            .collect();
        let mut others = Vec::new();
        for (pos, i) in self.sorted_fiches(l, filter) {
            let card = Card {
                pos,
                face: Face::Full,
            };
            match needs.iter().position(|n| self.answers(i, n)) {
                Some(g) => groups[g].cards.push(card),
                None => others.push(card),
            }
        }
        groups.retain(|g| !g.cards.is_empty());
        let title = if groups.is_empty() {
            self.t(l, "present_here")
        } else {
            self.t(l, "other_help")
        };
        groups.push(Group {
            id: "local".into(),
            title,
            note: None,
            cards: others,
        });
        groups
    }
}

/// The groups that have cards; the first group alone (which says there is nothing) when none
/// has.
fn non_empty(mut groups: Vec<Group>) -> Vec<Group> {
    if groups.iter().all(|g| g.cards.is_empty()) {
        groups.truncate(1);
    } else {
        groups.retain(|g| !g.cards.is_empty());
    }
    groups
}
