//! "Programmes running now": every programme whose years include today's (from
//! `SOURCE_DATE_EPOCH` when set), with its organisation, funders, whom the organisation takes
//! and how to reach it, filterable by region and by the organisation's kinds of help.

use serde::Serialize;
use tera::Context;

use super::view::{self, PartyView, PhoneView, ProgrammeView, TermView, Tx};
use super::Renderer;
use crate::i18n::date_words;
use crate::vocab::VocabKind;

/// A running programme as the page shows it.
#[derive(Serialize)]
pub(super) struct Running {
    pub(super) programme: ProgrammeView,
    /// Organisation's name, acronym and fiche.
    pub(super) org: Tx,
    pub(super) org_acronym: Option<String>,
    pub(super) org_href: String,
    /// The organisation's funders, when the programme names none.
    pub(super) funders: Vec<PartyView>,
    /// The status as recorded, with the month it was verified.
    pub(super) recorded: Option<String>,
    /// Whom the organisation takes: returnee eligibility and its conditions.
    pub(super) eligibility: TermView,
    pub(super) conditions: Option<Tx>,
    /// How to apply: entry conditions, phones, e-mail, the programme's or organisation's site,
    /// or how to reach it.
    pub(super) entry_conditions: Option<Tx>,
    pub(super) phones: Vec<PhoneView>,
    pub(super) email: Option<String>,
    pub(super) website: Option<String>,
    pub(super) contact_note: Option<Tx>,
    /// Region ids for the filter (`*` for a nationwide programme).
    pub(super) region_ids: String,
    /// The organisation's service ids for the filter.
    pub(super) service_ids: String,
}

/// A filter choice.
#[derive(Serialize)]
pub(super) struct Choice {
    pub(super) id: String,
    pub(super) label: String,
}

impl Renderer<'_> {
    /// The programmes running today, by organisation name then programme order.
    pub(super) fn running_programmes(&self, lang: &str, to_lang_root: &str) -> Vec<Running> {
        let ctx = self.ctx(lang, to_lang_root);
        let strings = &self.theme.strings[lang];
        let national = &self.prep.national;
        let mut out = Vec::new();
        for (_, i) in self.sorted_fiches(lang, |_| true) {
            let f = &self.site.fiches[i];
            if !f
                .front
                .programmes
                .iter()
                .any(|p| view::programme_time(p, self.today).1)
            {
                continue;
            }
            let v = view::fiche_with(f, &ctx, false);
            for (pr, pv) in f.front.programmes.iter().zip(v.programmes.iter()) {
                if !pv.running {
                    continue;
                }
                let places = if pr.regions.is_empty() {
                    &f.front.regions
                } else {
                    &pr.regions
                };
                let region_ids = if places.iter().any(|r| national.contains(r)) {
                    "*".to_string()
                } else {
                    places.join(" ")
                };
                out.push(Running {
                    programme: pv.clone(),
                    org: v.name.clone(),
                    org_acronym: v.acronym.clone(),
                    org_href: format!("{to_lang_root}{}/{}.html", f.section, f.slug),
                    funders: if pv.funders.is_empty() {
                        v.funders.clone()
                    } else {
                        Vec::new()
                    },
                    recorded: pr.status.as_ref().and_then(|st| {
                        Some(
                            self.t(lang, "status_as_of")
                                .replace("{status}", strings.status.get(st)?)
                                .replace("{date}", &date_words(f.last_verified, strings)),
                        )
                    }),
                    eligibility: v.eligibility.clone(),
                    conditions: v.conditions.clone(),
                    entry_conditions: v.entry_conditions.clone(),
                    phones: v.phones.clone(),
                    email: v.email.clone(),
                    website: pv.website.clone().or_else(|| v.website.clone()),
                    contact_note: v.contact_note.clone(),
                    region_ids,
                    service_ids: f.front.services.join(" "),
                });
            }
        }
        out
    }

    /// The programmes page: the running programmes and the filters' choices (the regions and
    /// kinds of help they have, in vocabulary order).
    pub(super) fn programmes_page(&self, c: &mut Context, lang: &str, to_lang_root: &str) {
        let running = self.running_programmes(lang, to_lang_root);
        let choices = |kind: VocabKind, used: &dyn Fn(&str) -> bool| -> Vec<Choice> {
            self.site
                .vocab
                .get(kind)
                .terms
                .iter()
                .filter(|t| !t.national && used(&t.id))
                .map(|t| Choice {
                    id: t.id.clone(),
                    label: t.label(lang).to_string(),
                })
                .collect()
        };
        let has = |ids: &dyn Fn(&Running) -> &str, id: &str| {
            running
                .iter()
                .any(|r| ids(r) == "*" || ids(r).split(' ').any(|x| x == id))
        };
        let regions = choices(VocabKind::Regions, &|id| has(&|r| &r.region_ids, id));
        let services = choices(VocabKind::Services, &|id| has(&|r| &r.service_ids, id));
        let year = self.today.year.to_string();
        c.insert("title", &self.t(lang, "programmes_title"));
        c.insert(
            "intro",
            &self
                .t(lang, "programmes_intro")
                .replace("{year}", &year)
                .replace("{count}", &running.len().to_string()),
        );
        c.insert("running", &running);
        c.insert("filter_regions", &regions);
        c.insert("filter_services", &services);
    }
}
