//! Pre-rendered cards, one deck per language and form, kept in name order in one buffer: a
//! listing reads them in that order, so its thousands of cards stream from memory instead of
//! being fetched one scattered string at a time (which was most of a long listing's cost).

/// Stands for the path to the language root in a card (replaced per page).
pub(super) const ROOT: char = '\u{1}';

/// Cards in name order, back to back.
#[derive(Clone, Debug, Default)]
pub(super) struct Deck {
    text: String,
    /// Where each card starts in `text`, then where the last one ends.
    starts: Vec<usize>,
}

impl Deck {
    /// A deck of `cards`, in the order given.
    pub fn new<'c>(cards: impl IntoIterator<Item = &'c str>) -> Deck {
        let mut deck = Deck {
            text: String::new(),
            starts: vec![0],
        };
        for card in cards {
            deck.push(card);
        }
        deck
    }

    /// Adds `card` at the end.
    pub fn push(&mut self, card: &str) {
        self.text.push_str(card);
        self.starts.push(self.text.len());
    }

    /// The card at `pos` (with its [`ROOT`] marks), if there is one.
    pub fn card(&self, pos: usize) -> Option<&str> {
        let (from, to) = (*self.starts.get(pos)?, *self.starts.get(pos + 1)?);
        self.text.get(from..to)
    }

    /// Moves the card at `from` to `to` (a position in the deck without it), replacing its
    /// text with `card`.
    pub fn replace(&mut self, from: usize, to: usize, card: &str) {
        let Some(old) = self.card(from).map(str::len) else {
            return;
        };
        let at = self.starts[from];
        self.text.replace_range(at..at + old, "");
        self.starts.remove(from + 1);
        for s in &mut self.starts[from + 1..] {
            *s -= old;
        }
        let to = to.min(self.starts.len() - 1);
        let at = self.starts[to];
        self.text.insert_str(at, card);
        self.starts.insert(to + 1, at + card.len());
        for s in &mut self.starts[to + 2..] {
            *s += card.len();
        }
    }

    /// The mean length of a card, in bytes.
    pub fn mean_len(&self) -> usize {
        self.text.len() / self.starts.len().saturating_sub(1).max(1)
    }

    /// Appends the card at `pos` to `out`, with `to_lang_root` for each [`ROOT`] mark;
    /// whether there was one.
    pub fn push_to(&self, pos: usize, out: &mut String, to_lang_root: &str) -> bool {
        let Some(card) = self.card(pos) else {
            return false;
        };
        let mut rest = card;
        while let Some(at) = rest.find(ROOT) {
            out.push_str(&rest[..at]);
            out.push_str(to_lang_root);
            rest = &rest[at + ROOT.len_utf8()..];
        }
        out.push_str(rest);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cards(d: &Deck) -> Vec<&str> {
        (0..).map_while(|p| d.card(p)).collect()
    }

    #[test]
    fn moves_a_card_and_keeps_the_others() {
        let mut d = Deck::new(["a", "bb", "ccc", "dddd"]);
        d.replace(0, 2, "AAAAA");
        assert_eq!(cards(&d), ["bb", "ccc", "AAAAA", "dddd"]);
        d.replace(3, 0, "D");
        assert_eq!(cards(&d), ["D", "bb", "ccc", "AAAAA"]);
        d.replace(1, 1, "");
        assert_eq!(cards(&d), ["D", "", "ccc", "AAAAA"]);
        d.replace(0, 3, "end");
        assert_eq!(cards(&d), ["", "ccc", "AAAAA", "end"]);
        d.replace(9, 0, "nothing at 9");
        assert_eq!(cards(&d), ["", "ccc", "AAAAA", "end"]);
        assert_eq!(cards(&Deck::new([])), Vec::<&str>::new());
    }

    #[test]
    fn puts_the_root_path_at_each_mark() {
        let d = Deck::new(["<a href=\"\u{1}x.html\">x</a>", "é\u{1}\u{1}"]);
        let mut out = String::new();
        assert!(d.push_to(0, &mut out, "../"));
        assert!(d.push_to(1, &mut out, ""));
        assert!(!d.push_to(2, &mut out, "../"));
        assert_eq!(out, "<a href=\"../x.html\">x</a>é");
    }
}
