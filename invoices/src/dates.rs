//! Dates as invoices write them: ISO, day-first, month names in Spanish, English, German,
//! French, Portuguese, Dutch, Italian and Polish.
//!
//! Recognised forms: `2024-11-15`, `2024/11/15`, `15/11/2024`, `15-11-2024`, `15.11.2024`,
//! `15/11/24`, `15 Nov 2024`, `15-NOV-2018`, `15 de noviembre de 2024`, `11. Juli 2014`,
//! `Nov 15, 2024`. Two-digit years below 70 are 20xx, the others 19xx. A numeric date that is
//! impossible in the requested order (`11/15/2024` day-first) is read in the other one.

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

/// How to read an ambiguous `03/04/2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    #[default]
    DayFirst,
    MonthFirst,
}

/// Parses the first date found in `text`; `None` when it holds none.
pub fn parse_date(text: &str, order: DateOrder) -> Option<Date> {
    find_dates(text, order)
        .into_iter()
        .next()
        .map(|found| found.date)
}

/// Parses `text` as one date and nothing else (an operator's typing: `15/11/2024extra`,
/// `2024-11-15T10:00` and `2024-11-15 x` are refused); spaces around it are fine. Any form
/// [`parse_date`] knows will do.
pub fn parse_whole_date(text: &str, order: DateOrder) -> Option<Date> {
    let text = text.trim();
    match find_dates(text, order).as_slice() {
        [found] if found.start == 0 && found.end == text.len() => Some(found.date),
        _ => None,
    }
}

/// A date found in a text, with its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FoundDate {
    pub start: usize,
    pub end: usize,
    pub date: Date,
}

/// Every date in `text`, in order, without overlaps.
pub(crate) fn find_dates(text: &str, order: DateOrder) -> Vec<FoundDate> {
    let mut found: Vec<FoundDate> = Vec::new();
    for (index, caps) in PATTERNS
        .iter()
        .enumerate()
        .flat_map(|(index, re)| re.captures_iter(text).map(move |caps| (index, caps)))
    {
        let whole = caps.get(0).expect("group 0 always matches");
        if !stands_alone(text, whole.start(), whole.end()) {
            continue;
        }
        let field = |name: &str| caps.name(name).map_or("", |m| m.as_str());
        let date = match index {
            0 => iso_date(field("y"), field("m"), field("d"), field("s1"), field("s2")),
            1 => numeric_date(
                field("a"),
                field("b"),
                field("y"),
                field("s1"),
                field("s2"),
                order,
            ),
            _ => named_month_date(field("d"), field("mon"), field("y")),
        };
        if let Some(date) = date {
            found.push(FoundDate {
                start: whole.start(),
                end: whole.end(),
                date,
            });
        }
    }
    found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut kept: Vec<FoundDate> = Vec::with_capacity(found.len());
    for date in found {
        if kept.last().is_none_or(|last| date.start >= last.end) {
            kept.push(date);
        }
    }
    kept
}

/// The patterns, in the order [`find_dates`] interprets them: ISO, numeric, day-month-year with a
/// month name, month-day-year with a month name.
static PATTERNS: LazyLock<[Regex; 4]> = LazyLock::new(|| {
    [
        r"(?P<y>\d{4})(?P<s1>[-/.])(?P<m>\d{1,2})(?P<s2>[-/.])(?P<d>\d{1,2})",
        r"(?P<a>\d{1,2})(?P<s1>[-/.])(?P<b>\d{1,2})(?P<s2>[-/.])(?P<y>\d{4}|\d{2})",
        r"(?i)(?P<d>\d{1,2})(?:st|nd|rd|th|º|°)?\.?[\s\-/.]*(?:de\s+)?(?P<mon>\p{L}{3,12})\.?[\s\-/.,]*(?:del?\s+)?(?P<y>\d{4}|\d{2})",
        r"(?i)(?P<mon>\p{L}{3,12})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})",
    ]
    .map(|pattern| Regex::new(pattern).expect("date pattern compiles"))
});

/// A date must not be glued to more digits (`115/11/2024`, `15/11/20245`) or to a further
/// numeric component (`1.2.3.4`).
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let mut after = text[end..].chars();
    let next = after.next();
    let next_next = after.next();
    let glued_before = before.is_some_and(|c| c.is_ascii_digit() || c.is_alphabetic());
    let glued_after = next.is_some_and(|c| c.is_ascii_digit())
        || (next.is_some_and(|c| matches!(c, '.' | '/' | '-'))
            && next_next.is_some_and(|c| c.is_ascii_digit()));
    !glued_before && !glued_after
}

fn iso_date(year: &str, month: &str, day: &str, s1: &str, s2: &str) -> Option<Date> {
    if s1 != s2 {
        return None;
    }
    build(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn numeric_date(
    a: &str,
    b: &str,
    year: &str,
    s1: &str,
    s2: &str,
    order: DateOrder,
) -> Option<Date> {
    if s1 != s2 {
        return None;
    }
    let (a, b) = (a.parse().ok()?, b.parse().ok()?);
    let year = full_year(year)?;
    let (first, second) = match order {
        DateOrder::DayFirst => ((b, a), (a, b)),
        DateOrder::MonthFirst => ((a, b), (b, a)),
    };
    build(year, first.0, first.1).or_else(|| build(year, second.0, second.1))
}

fn named_month_date(day: &str, month: &str, year: &str) -> Option<Date> {
    build(full_year(year)?, month_number(month)?, day.parse().ok()?)
}

/// Expands a two-digit year; four-digit years pass through.
fn full_year(year: &str) -> Option<i16> {
    let value: i16 = year.parse().ok()?;
    Some(match year.len() {
        2 if value < 70 => 2000 + value,
        2 => 1900 + value,
        _ => value,
    })
}

/// Only years an invoice can plausibly carry.
const YEARS: std::ops::RangeInclusive<i16> = 1950..=2100;

fn build(year: i16, month: i8, day: i8) -> Option<Date> {
    if !YEARS.contains(&year) {
        return None;
    }
    Date::new(year, month, day).ok()
}

/// Month names and their numbers: English, Spanish, German, French and Portuguese, written
/// without accents (input is folded before lookup). Abbreviations are prefixes of these.
const MONTHS: &[(&str, i8)] = &[
    ("january", 1),
    ("enero", 1),
    ("januar", 1),
    ("janner", 1),
    ("janvier", 1),
    ("janeiro", 1),
    ("february", 2),
    ("febrero", 2),
    ("februar", 2),
    ("fevrier", 2),
    ("fevereiro", 2),
    ("march", 3),
    ("marzo", 3),
    ("marz", 3),
    ("mrz", 3),
    ("mars", 3),
    ("marco", 3),
    ("april", 4),
    ("abril", 4),
    ("avril", 4),
    ("may", 5),
    ("mayo", 5),
    ("mai", 5),
    ("maio", 5),
    ("june", 6),
    ("junio", 6),
    ("juni", 6),
    ("juin", 6),
    ("junho", 6),
    ("july", 7),
    ("julio", 7),
    ("juli", 7),
    ("juillet", 7),
    ("julho", 7),
    ("august", 8),
    ("agosto", 8),
    ("aout", 8),
    ("september", 9),
    ("septiembre", 9),
    ("setiembre", 9),
    ("septembre", 9),
    ("setembro", 9),
    ("october", 10),
    ("octubre", 10),
    ("oktober", 10),
    ("octobre", 10),
    ("outubro", 10),
    ("november", 11),
    ("noviembre", 11),
    ("novembre", 11),
    ("novembro", 11),
    ("december", 12),
    ("diciembre", 12),
    ("dezember", 12),
    ("decembre", 12),
    ("dezembro", 12),
    // Dutch, Italian and Polish (nominative and the genitive dates use).
    ("januari", 1),
    ("gennaio", 1),
    ("styczen", 1),
    ("stycznia", 1),
    ("februari", 2),
    ("febbraio", 2),
    ("luty", 2),
    ("lutego", 2),
    ("maart", 3),
    ("marzec", 3),
    ("marca", 3),
    ("aprile", 4),
    ("kwiecien", 4),
    ("kwietnia", 4),
    ("mei", 5),
    ("maggio", 5),
    ("maj", 5),
    ("maja", 5),
    ("giugno", 6),
    ("czerwiec", 6),
    ("czerwca", 6),
    ("luglio", 7),
    ("lipiec", 7),
    ("lipca", 7),
    ("augustus", 8),
    ("sierpien", 8),
    ("sierpnia", 8),
    ("settembre", 9),
    ("wrzesien", 9),
    ("wrzesnia", 9),
    ("ottobre", 10),
    ("pazdziernik", 10),
    ("pazdziernika", 10),
    ("listopad", 11),
    ("listopada", 11),
    ("dicembre", 12),
    ("grudzien", 12),
    ("grudnia", 12),
];

/// The month a name or an abbreviation of at least three letters stands for, when all the names
/// it can abbreviate agree (`jui` could be June or July in French: none).
fn month_number(name: &str) -> Option<i8> {
    let name = fold(name);
    if name.chars().count() < 3 {
        return None;
    }
    if let Some(&(_, month)) = MONTHS.iter().find(|(full, _)| *full == name) {
        return Some(month);
    }
    let mut months = MONTHS
        .iter()
        .filter(|(full, _)| full.starts_with(&name))
        .map(|&(_, month)| month);
    let first = months.next()?;
    months.all(|month| month == first).then_some(first)
}

/// Lower-case ASCII letters for the accented ones month names use.
fn fold(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'ą' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ę' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' | 'ć' => 'c',
            'ñ' | 'ń' => 'n',
            'ł' => 'l',
            'ś' => 's',
            'ź' | 'ż' => 'z',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests;
