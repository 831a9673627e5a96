//! Checks and normalisation of single values: phone numbers, durations, dates, slugs, URLs,
//! e-mail addresses, and the string folding used to match vocabulary terms (the search crate's).

use std::fmt;

/// Sira's UUID namespace: every stable id (open data, feed entries) is
/// `UUIDv5(UUID_NAMESPACE, name)`.
pub const UUID_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x49b3_4ba5_94e1_433b_a676_e9cf_26a4_c62d);

/// The UUIDv5 of a stable name such as `organization:anpe`.
pub fn uuid(name: &str) -> uuid::Uuid {
    uuid::Uuid::new_v5(&UUID_NAMESPACE, name.as_bytes())
}

/// The key names sort by: their folded form (see [`fold`]), so that `Ségou` sorts with `Segou`.
pub fn sort_key(name: &str) -> String {
    fold(name)
}

/// Folds a string for matching: Sira's one folding rule (lowercase, tantivy's ASCII folding of
/// letters and digits, runs of other characters turned into one space), shared with search.
pub fn fold(s: &str) -> String {
    sira_search_index::text::fold(s)
}

/// Levenshtein distance between two strings, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate to `word` within a distance that scales with its length, if any.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let folded = fold(word);
    let limit = (folded.chars().count() / 3).max(1);
    let scored: Vec<(usize, &str, bool)> = candidates
        .into_iter()
        .map(|c| {
            let fc = fold(c);
            (
                edit_distance(&folded, &fc),
                c,
                folded.chars().count() >= 4 && fc.starts_with(&folded),
            )
        })
        .collect();
    scored
        .iter()
        .filter(|(d, _, _)| *d <= limit)
        .min_by_key(|(d, c, _)| (*d, *c))
        // A truncated name (`altai-2023` for `altai-2023-annexes`) is suggested too.
        .or_else(|| {
            scored
                .iter()
                .filter(|(_, _, prefix)| *prefix)
                .min_by_key(|(d, c, _)| (*d, *c))
        })
        .map(|(_, c, _)| *c)
}

/// Is `s` a URL-safe slug: lowercase ASCII letters and digits in groups joined by single hyphens?
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Turns any name into a slug suggestion (`CFP Sénou_2` → `cfp-senou-2`).
pub fn slugify(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A phone number, normalised to E.164 (`+22363157238`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    /// E.164 form, with the leading `+`.
    pub e164: String,
}

impl Phone {
    /// Grouped for reading: `+223 63 15 72 38` for Malian numbers, `+` and the digits otherwise.
    pub fn display(&self) -> String {
        if let Some(local) = self.e164.strip_prefix("+223") {
            let pairs: Vec<&str> = (0..local.len())
                .step_by(2)
                .map(|i| &local[i..(i + 2).min(local.len())])
                .collect();
            format!("+223 {}", pairs.join(" "))
        } else {
            self.e164.clone()
        }
    }
}

/// Why a phone number was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum PhoneError {
    /// Characters other than digits, spaces, dots, hyphens, parentheses and a leading `+`.
    BadCharacter(char),
    /// A Malian number without exactly 8 digits.
    MalianLength(usize),
    /// A Malian number starting with a digit no Malian number starts with.
    MalianPrefix(char),
    /// An international number outside 8–15 digits or with a country code starting with 0.
    International,
}

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhoneError::BadCharacter(c) => {
                write!(f, "the character `{c}` cannot be part of a phone number")
            }
            PhoneError::MalianLength(n) => write!(
                f,
                "Malian numbers have 8 digits after +223, this one has {n}"
            ),
            PhoneError::MalianPrefix(c) => write!(f, "no Malian number starts with {c}"),
            PhoneError::International => {
                write!(
                    f,
                    "international numbers have a country code and 8 to 15 digits in all"
                )
            }
        }
    }
}

/// Parses a Malian (8 digits, `+223`/`00223` optional) or international (`+` then 8–15 digits)
/// phone number. Spaces, dots, hyphens and parentheses are allowed between digits.
pub fn parse_phone(s: &str) -> Result<Phone, PhoneError> {
    let t = s.trim();
    let (plus, rest) = match t.strip_prefix('+') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let mut digits = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '.' | '-' | '(' | ')' | '\u{a0}' => {}
            c => return Err(PhoneError::BadCharacter(c)),
        }
    }
    let international = if plus {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    match international {
        Some(intl) if intl.starts_with("223") => malian(&intl[3..]),
        Some(intl) => {
            if (8..=15).contains(&intl.len()) && !intl.starts_with('0') {
                Ok(Phone {
                    e164: format!("+{intl}"),
                })
            } else {
                Err(PhoneError::International)
            }
        }
        None => malian(&digits),
    }
}

fn malian(local: &str) -> Result<Phone, PhoneError> {
    if local.len() != 8 {
        return Err(PhoneError::MalianLength(local.len()));
    }
    let first = local.chars().next().unwrap_or('0');
    // Malian numbering plan: fixed lines start with 2 or 4, mobiles with 5 to 9.
    if !matches!(first, '2' | '4'..='9') {
        return Err(PhoneError::MalianPrefix(first));
    }
    Ok(Phone {
        e164: format!("+223{local}"),
    })
}

/// A unit of time for durations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Months.
    Month,
    /// Years.
    Year,
}

impl Unit {
    fn parse(s: &str) -> Option<Unit> {
        Some(match s {
            "hour" | "hours" | "h" => Unit::Hour,
            "day" | "days" | "d" => Unit::Day,
            "week" | "weeks" | "w" => Unit::Week,
            "month" | "months" | "m" => Unit::Month,
            "year" | "years" | "y" => Unit::Year,
            _ => return None,
        })
    }

    /// Approximate length in hours, to order durations.
    fn hours(self) -> f64 {
        match self {
            Unit::Hour => 1.0,
            Unit::Day => 24.0,
            Unit::Week => 168.0,
            Unit::Month => 730.0,
            Unit::Year => 8760.0,
        }
    }

    /// French translations of units, to hint at the canonical English word.
    fn from_french(s: &str) -> Option<&'static str> {
        Some(match s {
            "heure" | "heures" => "hours",
            "jour" | "jours" => "days",
            "semaine" | "semaines" => "weeks",
            "mois" => "months",
            "an" | "ans" | "année" | "années" | "annee" | "annees" => "years",
            _ => return None,
        })
    }
}

/// A duration or range of durations (`13 months`, `2-6 months`, `3 weeks to 2 months`).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Duration {
    /// Lower bound.
    pub min: f64,
    /// Unit of the lower bound.
    pub min_unit: Unit,
    /// Upper bound, when a range.
    pub max: Option<f64>,
    /// Unit of the upper bound.
    pub max_unit: Unit,
}

/// Parses a duration; the error says what was wrong and how to write it.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim().to_lowercase();
    let (a, b) = if let Some((a, b)) = t.split_once(" to ") {
        (a.trim().to_string(), Some(b.trim().to_string()))
    } else {
        (t.clone(), None)
    };
    let words = |x: &str| -> Result<(String, Option<Unit>), String> {
        let x = x.trim();
        let split = x
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-' || c == ' '))
            .unwrap_or(x.len());
        let (num, unit) = x.split_at(split);
        let unit = unit.trim();
        if unit.is_empty() {
            return Ok((num.trim().to_string(), None));
        }
        match Unit::parse(unit) {
            Some(u) => Ok((num.trim().to_string(), Some(u))),
            None => Err(match Unit::from_french(unit) {
                Some(en) => format!("write the unit in English: `{en}` instead of `{unit}`"),
                None => format!("unknown unit `{unit}`; use hours, days, weeks, months or years"),
            }),
        }
    };
    let number = |n: &str| -> Result<f64, String> {
        n.trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v > 0.0)
            .ok_or_else(|| format!("`{}` is not a positive number", n.trim()))
    };
    let (num_a, unit_a) = words(&a)?;
    match b {
        Some(b) => {
            let (num_b, unit_b) = words(&b)?;
            let unit_b = unit_b.ok_or("the upper bound needs a unit (`2 months`)")?;
            let d = Duration {
                min: number(&num_a)?,
                min_unit: unit_a.unwrap_or(unit_b),
                max: Some(number(&num_b)?),
                max_unit: unit_b,
            };
            check_order(d)
        }
        None => {
            let unit = unit_a.ok_or("a duration needs a unit, like `13 months`")?;
            if let Some((lo, hi)) = num_a.split_once('-') {
                check_order(Duration {
                    min: number(lo)?,
                    min_unit: unit,
                    max: Some(number(hi)?),
                    max_unit: unit,
                })
            } else {
                Ok(Duration {
                    min: number(&num_a)?,
                    min_unit: unit,
                    max: None,
                    max_unit: unit,
                })
            }
        }
    }
}

fn check_order(d: Duration) -> Result<Duration, String> {
    match d.max {
        Some(max) if max * d.max_unit.hours() < d.min * d.min_unit.hours() => {
            Err("the range's lower bound is longer than its upper bound".into())
        }
        _ => Ok(d),
    }
}

/// A calendar date with optional day (`2022-11` or `2022-11-02`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)] // fields whose names say it all (see docs/fiche-format.md)
pub struct Date {
    pub year: i32,
    pub month: u32,
    /// Day of month, when known.
    pub day: Option<u32>,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, d),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

/// "Today" for checks, programmes and synthetic corpora: `SOURCE_DATE_EPOCH` when set (reproducible runs), else the system clock.
pub fn today() -> Date {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    Date::from_days_since_epoch(secs.div_euclid(86_400))
}

/// Days in a month of a year (Gregorian).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Checks that month and day exist; the error names the problem.
    pub fn new(year: i32, month: u32, day: Option<u32>) -> Result<Date, String> {
        if !(1..=12).contains(&month) {
            return Err(format!("there is no month {month}"));
        }
        if let Some(d) = day {
            let max = days_in_month(year, month);
            if d == 0 || d > max {
                return Err(format!("{year:04}-{month:02} has {max} days, not {d}"));
            }
        }
        Ok(Date { year, month, day })
    }

    /// Parses `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Date, String> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str, len: usize| -> Option<u32> {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        match parts.as_slice() {
            [y, m] => match (num(y, 4), num(m, 2)) {
                (Some(y), Some(m)) => Date::new(y as i32, m, None),
                _ => Err("write a month as `YYYY-MM`".into()),
            },
            [y, m, d] => match (num(y, 4), num(m, 2), num(d, 2)) {
                (Some(y), Some(m), Some(d)) => Date::new(y as i32, m, Some(d)),
                _ => Err("write a date as `YYYY-MM-DD`".into()),
            },
            _ => Err("write a date as `YYYY-MM-DD` or a month as `YYYY-MM`".into()),
        }
    }

    /// Days since 1970-01-01 of the date (first of the month when the day is unknown).
    pub fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (y, m, d) = (
            self.year as i64,
            self.month as i64,
            self.day.unwrap_or(1) as i64,
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// The date of a number of days since 1970-01-01.
    pub fn from_days_since_epoch(z: i64) -> Date {
        let z = z + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Date {
            year: (if m <= 2 { y + 1 } else { y }) as i32,
            month: m,
            day: Some(d),
        }
    }
}

/// Is `s` an absolute http(s) URL with a host and no spaces?
pub fn check_url(s: &str) -> Result<(), String> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or("a web address starts with `https://` (or `http://`)")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if s.chars().any(char::is_whitespace) {
        return Err("a web address cannot contain spaces".into());
    }
    if !host.contains('.') || host.starts_with('.') || host.ends_with('.') {
        return Err(format!("`{host}` is not a domain name"));
    }
    Ok(())
}

/// Is `s` a plausible e-mail address (`name@domain.tld`)?
pub fn check_email(s: &str) -> Result<(), String> {
    let (local, domain) = s.split_once('@').ok_or("an e-mail address contains `@`")?;
    if local.is_empty() || s.chars().any(char::is_whitespace) || domain.contains('@') {
        return Err("an e-mail address looks like `name@domain.ml`, without spaces".into());
    }
    if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
        return Err(format!("`{domain}` is not a domain name"));
    }
    Ok(())
}

/// Public webmail services: an address there belongs to a person, not to an organisation's own
/// domain. Families are matched whatever the country suffix (`yahoo.fr`, `yahoo.com`…).
const WEBMAIL_FAMILIES: &[&str] = &[
    "gmail",
    "googlemail",
    "yahoo",
    "ymail",
    "rocketmail",
    "hotmail",
    "outlook",
    "live",
    "msn",
    "aol",
    "icloud",
    "me",
    "mac",
    "gmx",
    "yandex",
    "protonmail",
    "proton",
    "zoho",
    "mail",
];
/// Providers whose webmail sits on a domain of their own name only.
const WEBMAIL_DOMAINS: &[&str] = &[
    "laposte.net",
    "orange.fr",
    "free.fr",
    "sfr.fr",
    "wanadoo.fr",
];

/// Whether `email` is at a public webmail service (gmail.com, yahoo.fr, hotmail.com…).
pub fn is_webmail(email: &str) -> bool {
    let Some((_, domain)) = email.rsplit_once('@') else {
        return false;
    };
    let domain = domain.to_ascii_lowercase();
    if WEBMAIL_DOMAINS.contains(&domain.as_str()) {
        return true;
    }
    // `yahoo.fr`, `yahoo.co.uk`, `hotmail.com`: the family, then only a public suffix.
    let Some((family, suffix)) = domain.split_once('.') else {
        return false;
    };
    WEBMAIL_FAMILIES.contains(&family)
        && suffix
            .split('.')
            .all(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webmail_addresses_are_recognised() {
        for a in [
            "x@gmail.com",
            "sidibesam5@yahoo.fr",
            "dra_sidibe@hotmail.com",
            "a@Yahoo.Co.Uk",
            "b@orange.fr",
            "c@outlook.com",
        ] {
            assert!(is_webmail(a), "{a}");
        }
        for a in [
            "info@donilab.net",
            "coudy.dia@luxdev.lu",
            "x@mail.example.org",
            "contact@gmailer.ml",
            "y@live.worldbank.org",
            "no-at-sign",
        ] {
            assert!(!is_webmail(a), "{a}");
        }
    }

    #[test]
    fn folds_accents_case_and_separators() {
        assert_eq!(fold("Ségou"), "segou");
        assert_eq!(fold("  Crédit-Agricole_ "), "credit agricole");
        assert_eq!(fold("Dioïla"), "dioila");
    }

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(
            did_you_mean("secteurs", ["sectors", "services"]),
            Some("sectors")
        );
        assert_eq!(did_you_mean("zzz", ["sectors"]), None);
        assert_eq!(
            did_you_mean("altai-2023", ["altai-2023-annexes", "anpe"]),
            Some("altai-2023-annexes")
        );
    }

    #[test]
    fn slugs() {
        assert!(is_slug("cfp-missabougou"));
        assert!(!is_slug("CFP_Missabougou"));
        assert!(!is_slug("a--b"));
        assert_eq!(slugify("CFP Sénou_2"), "cfp-senou-2");
    }

    #[test]
    fn phones() {
        assert_eq!(
            parse_phone("+223 63.15.72.38").map(|p| p.e164),
            Ok("+22363157238".into())
        );
        assert_eq!(
            parse_phone("63 15 72 38").map(|p| p.display()),
            Ok("+223 63 15 72 38".into())
        );
        assert_eq!(
            parse_phone("00223 20 22 33 44").map(|p| p.e164),
            Ok("+22320223344".into())
        );
        assert_eq!(
            parse_phone("+33 1 23 45 67 89").map(|p| p.e164),
            Ok("+33123456789".into())
        );
        assert_eq!(
            parse_phone("+223 63 15 72"),
            Err(PhoneError::MalianLength(6))
        );
        assert_eq!(
            parse_phone("13 15 72 38"),
            Err(PhoneError::MalianPrefix('1'))
        );
        assert_eq!(parse_phone("63x15"), Err(PhoneError::BadCharacter('x')));
        assert_eq!(parse_phone("+12"), Err(PhoneError::International));
    }

    #[test]
    fn durations() {
        let d = parse_duration("13 months").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((d.min, d.min_unit, d.max), (13.0, Unit::Month, None));
        let d = parse_duration("2-6 months").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((d.min, d.max), (2.0, Some(6.0)));
        let d = parse_duration("3 weeks to 2 months").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((d.min_unit, d.max_unit), (Unit::Week, Unit::Month));
        assert!(parse_duration("13 mois").unwrap_err().contains("`months`"));
        assert!(parse_duration("6-2 months").is_err());
        assert!(parse_duration("months").is_err());
    }

    #[test]
    fn dates() {
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2022-13").is_err());
        assert_eq!(
            Date::parse("2022-11").map(|d| d.to_string()),
            Ok("2022-11".into())
        );
        let d = Date::new(2026, 11, Some(23)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
        assert_eq!(
            Date::new(1970, 1, Some(1)).map(|d| d.days_since_epoch()),
            Ok(0)
        );
    }

    #[test]
    fn urls_and_emails() {
        assert!(check_url("https://www.anpe-mali.org/").is_ok());
        assert!(check_url("www.anpe-mali.org").is_err());
        assert!(check_url("https://localhost").is_err());
        assert!(check_email("contact@anpe-mali.org").is_ok());
        assert!(check_email("contact.anpe-mali.org").is_err());
    }
}
