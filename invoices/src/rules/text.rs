//! The text being read: each line as written and folded for matching (lower case, no accents,
//! `°`/`º` as `o`), and what is guessed once for the whole document (its decimal separator and
//! its date order).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::columns::{BlockValue, stacked_values};
use super::labels::{Hit, find_hits};
use crate::amounts::{DecimalSeparator, parse_amount};
use crate::dates::DateOrder;

/// One line of the document: as written, and folded for matching.
pub(super) struct Line<'a> {
    pub(super) raw: &'a str,
    /// Lower case, accents removed; one character per character of `raw`.
    pub(super) folded: String,
    /// `raw` byte offset of every `folded` byte offset (one more entry than `folded` has bytes).
    to_raw: Vec<usize>,
    /// The labels found, in order, without overlaps.
    pub(super) hits: Vec<Hit>,
}

impl<'a> Line<'a> {
    fn new(raw: &'a str) -> Self {
        let mut folded = String::with_capacity(raw.len());
        let mut to_raw = Vec::with_capacity(raw.len() + 1);
        for (offset, c) in raw.char_indices() {
            let start = folded.len();
            folded.push(fold_char(c));
            to_raw.resize(to_raw.len() + folded.len() - start, offset);
        }
        to_raw.push(raw.len());
        let hits = find_hits(&folded);
        Self {
            raw,
            folded,
            to_raw,
            hits,
        }
    }

    /// The raw text of a folded byte range.
    pub(super) fn raw_slice(&self, range: Range<usize>) -> &'a str {
        &self.raw[self.to_raw[range.start]..self.to_raw[range.end]]
    }

    /// The column (character index) of a folded byte offset.
    pub(super) fn col(&self, offset: usize) -> usize {
        self.folded[..offset].chars().count()
    }

    pub(super) fn cols(&self, range: &Range<usize>) -> Range<usize> {
        self.col(range.start)..self.col(range.end)
    }

    /// A currency marker alone (`RM`, `EUR`, `$`), printed apart from its amount.
    pub(super) fn is_currency_marker(&self) -> bool {
        matches!(
            self.folded
                .trim()
                .trim_matches(|c: char| matches!(c, ':' | '(' | ')')),
            "rm" | "myr" | "eur" | "usd" | "$" | "€" | "s/" | "s/." | "mxn" | "pln" | "zl"
        )
    }

    pub(super) fn is_blank(&self) -> bool {
        !self.folded.chars().any(char::is_alphanumeric)
    }
}

/// Lower case without accents, one character for one character. `°` and `º` become `o` so that
/// `N°` reads `no`.
pub(super) fn fold_char(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    match lower {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ª' | 'ą' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'ę' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | '°' | 'º' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' | 'ń' => 'n',
        'ç' | 'ć' => 'c',
        'ł' => 'l',
        'ź' | 'ż' => 'z',
        'ß' | 'ś' => 's',
        '\t' => ' ',
        other => other,
    }
}

/// The whole text, with what is guessed once for all of it.
pub(super) struct Document<'a> {
    pub(super) lines: Vec<Line<'a>>,
    /// The decimal separator most amounts use, when one clearly dominates.
    separator: Option<DecimalSeparator>,
    /// Day-first unless some date can only be read month-first.
    pub(super) order: DateOrder,
    /// Values of stacked label columns (see `columns`).
    pub(super) blocks: Vec<BlockValue>,
    /// Per line: a label in a stacked column, whose value is not the line below.
    pub(super) stacked: Vec<bool>,
}

impl<'a> Document<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let lines: Vec<Line<'a>> = text.lines().map(Line::new).collect();
        let mut doc = Self {
            separator: dominant_separator(text),
            order: dominant_order(text),
            lines,
            blocks: Vec::new(),
            stacked: Vec::new(),
        };
        (doc.blocks, doc.stacked) = stacked_values(&doc);
        doc
    }

    /// The value a stacked column pairs with the label at `start` of line `index`.
    pub(super) fn block_value(&self, index: usize, start: usize) -> Option<&BlockValue> {
        self.blocks
            .iter()
            .find(|block| block.line == index && block.hit_start == start)
    }

    /// The next line with something on it within a few lines after `index`.
    pub(super) fn next_content(&self, index: usize) -> Option<(usize, &Line<'a>)> {
        self.lines
            .iter()
            .enumerate()
            .skip(index + 1)
            .take(4)
            .find(|(_, line)| !line.is_blank() && !line.is_currency_marker())
    }

    pub(super) fn amount(&self, text: &str) -> Option<Decimal> {
        parse_amount(text, self.separator).or_else(|| parse_amount(text, None))
    }
}

static TWO_DECIMALS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d([.,])\d{2}(?:[^\d]|$)").expect("separator pattern compiles"));

/// `,` when amounts like `12,50` outnumber amounts like `12.50`, and the other way round.
fn dominant_separator(text: &str) -> Option<DecimalSeparator> {
    let (mut commas, mut dots) = (0usize, 0usize);
    for caps in TWO_DECIMALS.captures_iter(text) {
        if &caps[1] == "," {
            commas += 1;
        } else {
            dots += 1;
        }
    }
    match commas.cmp(&dots) {
        std::cmp::Ordering::Greater => Some(DecimalSeparator::Comma),
        std::cmp::Ordering::Less => Some(DecimalSeparator::Dot),
        std::cmp::Ordering::Equal => None,
    }
}

static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})([/.\-])(\d{1,2})([/.\-])(?:\d{4}|\d{2})\b")
        .expect("date pattern compiles")
});

/// Month-first when more numeric dates can only be month-first than can only be day-first, or,
/// with no such evidence, when the document is American.
fn dominant_order(text: &str) -> DateOrder {
    let (mut day_first, mut month_first) = (0, 0);
    for caps in NUMERIC_DATE.captures_iter(text) {
        // `10.56/10` is an amount and a count, not a date: a date repeats its separator.
        if caps[2] != caps[4] {
            continue;
        }
        let first: u32 = caps[1].parse().unwrap_or(0);
        let second: u32 = caps[3].parse().unwrap_or(0);
        // `10.56.40` is a time or a code: no day or month is over 31.
        if first > 31 || second > 31 {
            continue;
        }
        if first > 12 && second <= 12 {
            day_first += 1;
        } else if second > 12 && first <= 12 {
            month_first += 1;
        }
    }
    // Undecided: the United States write the month first, nearly everyone else the day.
    if month_first > day_first || (month_first == day_first && US.is_match(text)) {
        DateOrder::MonthFirst
    } else {
        DateOrder::DayFirst
    }
}

/// A US address or the country's name.
static US: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{}|\bUSA\b|\bUnited States\b",
        super::currency::US_ADDRESS
    ))
    .expect("US pattern compiles")
});
