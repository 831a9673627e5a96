//! Cards: every fiche's card rendered once per language, kept in name order in three decks (full,
//! compact, and the region booklets' entry), and spliced into pages after tera by position.

use serde::Serialize;

use super::deck::{self, Deck};
use super::view::{self, CardView};
use super::Renderer;
use crate::diagnostics::Diagnostic;
use crate::model::{Fiche, Site};

/// One language's fiches in name order (display name, then slug), with their cards.
#[derive(Default)]
pub(super) struct NameOrder {
    /// Fiche indexes, by position in name order.
    pub(super) order: Vec<usize>,
    /// Each fiche's sort key (its folded display name), by fiche index.
    pub(super) keys: Vec<String>,
    /// Each fiche's A–Z letter (`#` for others), by fiche index.
    pub(super) initials: Vec<char>,
    /// Each fiche's card, rendered once, by position.
    pub(super) full: Deck,
    /// The same in compact form (name and place), for long listings.
    pub(super) compact: Deck,
    /// Each fiche's entry in the region booklets (`booklet-entry.html`).
    pub(super) entry: Deck,
}

impl NameOrder {
    /// The name order of `site`'s fiches in `lang` (no cards yet).
    pub(super) fn new(site: &Site, lang: &str) -> NameOrder {
        let keys: Vec<String> = site
            .fiches
            .iter()
            .map(|f| sort_key(site, f, lang))
            .collect();
        let mut order: Vec<usize> = (0..site.fiches.len()).collect();
        order.sort_by(|&a, &b| {
            (&keys[a], &site.fiches[a].slug).cmp(&(&keys[b], &site.fiches[b].slug))
        });
        NameOrder {
            order,
            initials: keys.iter().map(|k| view::initial_of_key(k)).collect(),
            keys,
            ..NameOrder::default()
        }
    }

    /// Takes fiche `i` out of the order and puts it back where its new `key` goes, with its
    /// new cards.
    pub(super) fn place(&mut self, site: &Site, i: usize, key: String, faces: &Faces) {
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
        self.full.replace(from, to, &faces.full);
        self.compact.replace(from, to, &faces.compact);
        self.entry.replace(from, to, &faces.entry);
    }
}

/// Stands for the path to the language root in cards and shared contexts (replaced per page).
pub(super) const CARD_ROOT: char = deck::ROOT;

/// Opens a card placeholder: `\u{2}`, `c` (full), `k` (compact) or `e` (booklet entry), the
/// card's position in name order, `\u{3}`.
pub(super) const CARD_OPEN: u8 = 2;

pub(super) const CARD_CLOSE: u8 = 3;

/// The templates rendered once per fiche and language (their edits re-render every card).
pub(super) const TEMPLATES: [&str; 2] = ["card.html", "booklet-entry.html"];

/// Which of a fiche's rendered forms a placeholder stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Face {
    /// The card of listings.
    Full,
    /// The compact card (name and place) of long listings.
    Compact,
    /// The entry of a region booklet.
    Entry,
}

/// A fiche's card in a page's context. Templates see a short placeholder string (print it
/// with `{{ c | safe }}`); the card's HTML goes in after tera, so long listings do not copy
/// thousands of cards through the template engine.
#[derive(Clone, Copy, Debug)]
pub(super) struct Card {
    /// Position in name order.
    pub(super) pos: usize,
    pub(super) face: Face,
}

impl Serialize for Card {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let kind = match self.face {
            Face::Full => 'c',
            Face::Compact => 'k',
            Face::Entry => 'e',
        };
        s.collect_str(&format_args!(
            "{}{kind}{}{}",
            CARD_OPEN as char, self.pos, CARD_CLOSE as char
        ))
    }
}

/// One fiche's three rendered forms in one language.
pub(super) struct Faces {
    pub(super) full: String,
    pub(super) compact: String,
    pub(super) entry: String,
}

/// A fiche's sort key in `lang`: its folded display name.
pub(super) fn sort_key(site: &Site, f: &Fiche, lang: &str) -> String {
    let name = crate::model::Texts::new(site, f, lang)
        .get(|x| x.name.as_ref())
        .unwrap_or(f.slug.as_str());
    crate::values::sort_key(name)
}

impl Renderer<'_> {
    /// Renders every fiche's card once per language (listings reuse them).
    pub(super) fn prerender_cards(&mut self) -> Result<(), Vec<Diagnostic>> {
        // In name order, a chunk at a time, straight into the decks: only one chunk's cards
        // are ever held twice.
        const CHUNK: usize = 2048;
        for lang in &self.site.config.languages {
            let Some(order) = self.prep.orders.get(lang) else {
                continue;
            };
            let (mut full, mut compact, mut entry) = (Deck::new([]), Deck::new([]), Deck::new([]));
            for chunk in order.order.chunks(CHUNK) {
                let pairs: Vec<(&str, usize)> = chunk.iter().map(|&i| (lang.as_str(), i)).collect();
                for faces in self.render_cards(&pairs)? {
                    full.push(&faces.full);
                    compact.push(&faces.compact);
                    entry.push(&faces.entry);
                }
            }
            if let Some(order) = self.prep.orders.get_mut(lang) {
                (order.full, order.compact, order.entry) = (full, compact, entry);
            }
        }
        Ok(())
    }

    /// Renders fiche `i`'s cards again (it changed) and puts it at its place in the name order.
    pub(super) fn refresh_fiche(&mut self, i: usize) -> Result<(), Vec<Diagnostic>> {
        let langs = self.site.config.languages.clone();
        let pairs: Vec<(&str, usize)> = langs.iter().map(|l| (l.as_str(), i)).collect();
        let rendered = self.render_cards(&pairs)?;
        self.prep.members.update(self.site, i);
        for (lang, faces) in langs.iter().zip(rendered) {
            let key = sort_key(self.site, &self.site.fiches[i], lang);
            if let Some(order) = self.prep.orders.get_mut(lang) {
                order.place(self.site, i, key, &faces);
            }
        }
        Ok(())
    }

    /// The full and compact card and the booklet entry of each (language, fiche) pair, on all
    /// cores.
    pub(super) fn render_cards(
        &self,
        pairs: &[(&str, usize)],
    ) -> Result<Vec<Faces>, Vec<Diagnostic>> {
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
            c.insert("e", &self.booklet_entry(f, lang, &ctx));
            let entry = self
                .theme
                .tera
                .render("booklet-entry.html", &c)
                .map_err(|e| self.template_error(&e))?
                .trim()
                .to_string();
            Ok::<_, Diagnostic>(Faces {
                full,
                compact,
                entry,
            })
        })
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|d| vec![d])
    }

    /// The `face` of the fiches (indexes) that pass `filter`, sorted by name.
    pub(super) fn cards(
        &self,
        lang: &str,
        face: Face,
        filter: impl Fn(usize) -> bool,
    ) -> Vec<Card> {
        self.sorted_fiches(lang, filter)
            .map(|(pos, _)| Card { pos, face })
            .collect()
    }

    /// The page's final HTML: card placeholders replaced by the cards, and [`CARD_ROOT`] by
    /// the path to the language root, in one pass.
    pub(super) fn splice(&self, html: &str, lang: &str, to_lang_root: &str) -> String {
        let Some(order) = self.prep.orders.get(lang) else {
            return html.to_string();
        };
        let bytes = html.as_bytes();
        let placeholders = bytes.iter().filter(|b| **b == CARD_OPEN).count();
        let mean = order
            .full
            .mean_len()
            .max(order.compact.mean_len())
            .max(order.entry.mean_len());
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
                            Some(b'c') => &order.full,
                            Some(b'k') => &order.compact,
                            Some(b'e') => &order.entry,
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
    pub(super) fn sorted_fiches<'s>(
        &'s self,
        lang: &str,
        filter: impl Fn(usize) -> bool + 's,
    ) -> impl Iterator<Item = (usize, usize)> + 's {
        self.prep.orders[lang]
            .order
            .iter()
            .copied()
            .enumerate()
            .filter(move |&(_, i)| filter(i))
    }
}
