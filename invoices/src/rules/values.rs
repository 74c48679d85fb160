//! Values after a label: amounts, tax identifiers, invoice numbers, dates and names found in a
//! label's region of a line, or right under it on the next line.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;
use rust_decimal::Decimal;

use super::labels::{Hit, word_bounded};
use super::text::{Document, Line};
use super::{BELOW_ALIGNED, BELOW_LOOSE, SHARED};
use crate::dates::{DateOrder, find_dates};

/// A value found on a line; offsets are bytes of the folded line.
#[derive(Debug, Clone)]
pub(super) struct Token<T> {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) value: T,
}

static AMOUNT_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<neg>-)?(?P<num>\d{1,3}(?:[.,']\d{3})+(?:[.,]\s?\d{1,4})?|\d+(?:[.,]\s?\d{1,4})?|[.,]\d{2})",
    )
    .expect("amount pattern compiles")
});

/// Integers with more digits than this and no grouping are identifiers, not amounts.
const MAX_PLAIN_DIGITS: usize = 7;

/// The amounts in `range` of a line: not percentages, times, dates, identifiers or parts of
/// words. A currency prefix may be glued to a number with decimals (`RM152.00`).
pub(super) fn amount_tokens(
    doc: &Document,
    line: &Line,
    range: Range<usize>,
) -> Vec<Token<Decimal>> {
    let text = &line.folded;
    let dates: Vec<Range<usize>> = find_dates(text, doc.order)
        .into_iter()
        .map(|found| found.start..found.end)
        .collect();
    let mut tokens = Vec::new();
    for caps in AMOUNT_TOKEN.captures_iter(&text[range.clone()]) {
        let whole = caps.get(0).expect("group 0 always matches");
        let (start, end) = (range.start + whole.start(), range.start + whole.end());
        let number = caps.name("num").map_or("", |m| m.as_str());
        if dates
            .iter()
            .any(|date| date.start < end && start < date.end)
            || !amount_stands_alone(text, start, end, number)
        {
            continue;
        }
        let Some(value) = doc.amount(&number.replace(char::is_whitespace, "")) else {
            continue;
        };
        let negative = (caps.name("neg").is_some() && !preceded_by_digit(text, start))
            || minus_before_marker(&text[..start]);
        let value = if negative { -value } else { value };
        tokens.push(Token { start, end, value });
    }
    tokens
}

/// A minus before a currency marker: `-RM 0.02`, `- $1.00`.
fn minus_before_marker(before: &str) -> bool {
    let before = before.trim_end();
    ["rm", "$", "€", "s/", "eur", "usd"]
        .iter()
        .find_map(|marker| before.strip_suffix(marker))
        .is_some_and(|rest| rest.trim_end().ends_with('-'))
}

fn preceded_by_digit(text: &str, offset: usize) -> bool {
    text[..offset]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit())
}

/// Whether the number at `start..end` is an amount rather than part of something else.
fn amount_stands_alone(text: &str, start: usize, end: usize, number: &str) -> bool {
    let compact: Vec<char> = number.chars().filter(|c| !c.is_whitespace()).collect();
    let has_fraction = compact.len() >= 3
        && matches!(compact[compact.len() - 3], '.' | ',')
        && compact[compact.len() - 2..]
            .iter()
            .all(char::is_ascii_digit);
    // OCR splits `85.20` into `85. 20`: only two decimals may follow such a gap.
    if number.contains(char::is_whitespace) && !has_fraction {
        return false;
    }
    if number.chars().all(|c| c.is_ascii_digit()) && number.len() > MAX_PLAIN_DIGITS {
        return false;
    }
    let before = &text[..start];
    let mut prev = before.chars().rev();
    match prev.next() {
        Some(c) if c.is_ascii_digit() => return false,
        Some(c) if c.is_alphabetic() => {
            // Letters glued in front: a currency marker (`rm152.00`), only before decimals.
            let letters = 1 + prev.take_while(|c| c.is_alphabetic()).count();
            if letters > 3 || !has_fraction {
                return false;
            }
        }
        Some('/' | '#' | '.' | ',') => return false,
        Some(':') if before[..before.len() - 1].ends_with(|c: char| c.is_ascii_digit()) => {
            return false;
        }
        _ => {}
    }
    let after = &text[end..];
    let mut next = after.chars();
    match (next.next(), next.next()) {
        (Some(c), _) if c.is_alphabetic() || c == '%' => false,
        (Some(':' | '/' | '-' | '.' | ','), Some(d)) if d.is_ascii_digit() => false,
        (Some(' '), Some('%')) => false,
        _ => true,
    }
}

/// Identifiers: an Austrian VAT number, a GSTIN, an RFC, or digits with dots, dashes or slashes, an optional one- or two-letter
/// prefix and an optional check letter (`DE123456789`, `B12345678`, `800.197.268-4`,
/// `201/113/40209`).
static TAX_ID_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\batu\d{8}\b|\bnl\d{9}b\d{2}\b|\b\d{2}[a-z]{5}\d{4}[a-z][\da-z]z[\da-z]\b|[a-zn&]{3,4}-?\d{6}-?[a-z\d]{3}\b|(?:\b[a-z]{1,2})?\d[\d.\-/]{3,}[\da-z]\b")
        .expect("tax id pattern compiles")
});

/// Fewest digits a tax identifier has.
const MIN_TAX_ID_DIGITS: usize = 5;

pub(super) fn tax_id_tokens(line: &Line, range: Range<usize>) -> Vec<Token<String>> {
    let text = &line.folded[range.clone()];
    TAX_ID_TOKEN
        .find_iter(text)
        .filter(|m| {
            let digits = m.as_str().chars().filter(char::is_ascii_digit).count();
            digits >= MIN_TAX_ID_DIGITS
                && word_bounded(text, m.start(), m.end())
                && find_dates(m.as_str(), DateOrder::DayFirst).is_empty()
        })
        .map(|m| {
            let (start, end) = (range.start + m.start(), range.start + m.end());
            let value: String = line
                .raw_slice(start..end)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            Token {
                start,
                end,
                value: value.to_uppercase(),
            }
        })
        .collect()
}

/// What may stand between a number label and the number: `:`, `#`, `N°`, `No.`, `Nro`, `de`.
static NUMBER_FILLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\s:.#\-–—|=]*(?:(?:no|nro|num|numero|number|nr|n)\b\.?[\s:.#\-]*)?(?:de\s+)?[\s:#]*",
    )
    .expect("filler pattern compiles")
});

/// An invoice number: a series and a number with spaces around the dash (`F001 - 123`), or one
/// run of letters, digits and `-/_.`.
static NUMBER_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[a-z]{1,4}\d{1,4}\s*-\s*\d{1,10}\b|[a-z0-9][a-z0-9\-/_.]*)")
        .expect("number pattern compiles")
});

/// Where the columns of `range` start: its start, and after every wide gap.
fn column_starts(line: &Line, range: &Range<usize>) -> Vec<usize> {
    let mut starts = vec![range.start];
    let mut at = range.start;
    while let Some(gap) = line.folded[at..range.end].find(COLUMN_GAP) {
        at += gap + COLUMN_GAP.len();
        starts.push(at);
    }
    starts
}

/// The invoice numbers at the start of each column of `range` (after fillers).
pub(super) fn number_tokens(line: &Line, range: Range<usize>) -> Vec<Token<String>> {
    column_starts(line, &range)
        .into_iter()
        .filter_map(|start| number_at(line, start..range.end))
        .collect()
}

/// The invoice number right at the start of `range` (after fillers), if it looks like one.
fn number_at(line: &Line, range: Range<usize>) -> Option<Token<String>> {
    let text = &line.folded[range.clone()];
    let skip = NUMBER_FILLER.find(text).map_or(0, |m| m.end());
    let m = NUMBER_TOKEN.find(&text[skip..])?;
    let token = m.as_str().trim_end_matches(['.', '-', '/', '_']);
    let start = range.start + skip;
    let end = start + token.len();
    if line.folded[end..].starts_with(':') {
        return None;
    }
    let value: String = line
        .raw_slice(start..end)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    looks_like_invoice_number(&value).then_some(Token { start, end, value })
}

static MONEY_SHAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,3}(?:[.,]\d{3})*[.,]\d{2}$").expect("pattern compiles"));

fn looks_like_invoice_number(value: &str) -> bool {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    digits >= 1
        && (3..=30).contains(&value.chars().count())
        && !MONEY_SHAPE.is_match(value)
        && find_dates(value, DateOrder::DayFirst).is_empty()
}

pub(super) fn date_tokens(doc: &Document, line: &Line, range: Range<usize>) -> Vec<Token<Date>> {
    find_dates(&line.folded[range.clone()], doc.order)
        .into_iter()
        .map(|found| Token {
            start: range.start + found.start,
            end: range.start + found.end,
            value: found.date,
        })
        .collect()
}

/// A numeric date whose separators OCR read as `1`, `l`, `i` or `|` (`25/12/2018` as
/// `2511212018`): two digits, a separator, two digits, the same separator, the year.
static SEPARATORS_MISREAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d{2}([1li|])\d{2}([1li|])(?:\d{4}|\d{2})\b").expect("pattern compiles")
});

/// The dates after a date label: [`date_tokens`], else a date whose slashes OCR read as `1`
/// (only trusted where a label announces a date: elsewhere such digits are a code).
pub(super) fn labelled_date_tokens(
    doc: &Document,
    line: &Line,
    range: Range<usize>,
) -> Vec<Token<Date>> {
    let found = date_tokens(doc, line, range.clone());
    if !found.is_empty() {
        return found;
    }
    let text = &line.folded[range.clone()];
    SEPARATORS_MISREAD
        .captures_iter(text)
        .filter(|caps| caps[1] == caps[2])
        .filter_map(|caps| {
            let whole = caps.get(0).expect("group 0 always matches");
            let mut slashed: Vec<char> = whole.as_str().chars().collect();
            slashed[2] = '/';
            slashed[5] = '/';
            let slashed: String = slashed.into_iter().collect();
            let date = find_dates(&slashed, doc.order).first()?.date;
            Some(Token {
                start: range.start + whole.start(),
                end: range.start + whole.end(),
                value: date,
            })
        })
        .collect()
}

/// The names in the columns of `range`.
pub(super) fn name_tokens(line: &Line, range: Range<usize>) -> Vec<Token<String>> {
    column_starts(line, &range)
        .into_iter()
        .filter_map(|start| name_at(line, start..range.end))
        .collect()
}

/// A person's or company's name at the start of `range`, up to a wide gap (another column),
/// without a registration number in parentheses. Not the key of a `Key: value` line.
fn name_at(line: &Line, range: Range<usize>) -> Option<Token<String>> {
    let text = &line.folded[range.clone()];
    let lead = text.len()
        - text
            .trim_start_matches([' ', ':', '.', '-', '|', '='])
            .len();
    let start = range.start + lead;
    let end = start + first_chunk_len(&line.folded[start..range.end]);
    if start == end || line.folded[end..range.end].trim_start().starts_with(':') {
        return None;
    }
    clean_name(line.raw_slice(start..end)).map(|value| Token { start, end, value })
}

/// A registration number in brackets; OCR often loses the closing one at the end of the line
/// (`S/B (519537-X)` read as `S/B (519537-10`), so an unclosed one at the end counts too.
static REGISTRATION_PARENS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\([^()]*\d[^()]*\)|\[[^\[\]]*\d[^\[\]]*\]|\([^()]*\d[^()]*$")
        .expect("pattern compiles")
});

/// A company registration number: digits, a dash and a check character (`273500-U`,
/// `519537-X`).
static TRAILING_REGISTRATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{5,8}-[A-Za-z0-9]$").expect("pattern compiles"));

/// A name without registration numbers and stray punctuation; `None` when what is left does not
/// look like a name (too few letters, mostly digits, an e-mail or a web address).
pub(super) fn clean_name(text: &str) -> Option<String> {
    let text = undo_lookalikes(text);
    let without = REGISTRATION_PARENS.replace_all(&text, " ");
    let mut words: Vec<&str> = without.split_whitespace().collect();
    // A company number printed after the name without brackets (`S/B 273500-U`).
    if words.len() > 1
        && words
            .last()
            .is_some_and(|last| TRAILING_REGISTRATION.is_match(last))
    {
        words.pop();
    }
    let name = words
        .join(" ")
        .trim_matches(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | ')' | '&')))
        .to_owned();
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    let digits = name.chars().filter(char::is_ascii_digit).count();
    let plausible = letters >= 4
        && letters > digits * 2
        && name.chars().count() <= 80
        && !name.contains(['@', ':'])
        && !name.to_lowercase().contains("www");
    plausible.then_some(name)
}

/// An abbreviation of single letters with points (`D.I.Y.`), as OCR may hand it over: a point
/// read as a comma, `I` as `1`, `O` as `0`, `Y` as `¥`.
static SPELLED_OUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z01¥][.,]){2,}[A-Z01¥]?[.,]?$").expect("pattern compiles")
});

/// A bracketed state or branch code whose `(` was read as `C`: `CM)` for `(M)`.
static BRACKET_AS_C: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^C([A-Z]{1,3})\)$").expect("pattern compiles"));

/// Undoes the look-alike characters OCR puts in company names where the word's shape tells
/// what was printed: in an abbreviation of single letters (`D.1.Y.`, `D,I.Y.`), a code whose
/// opening bracket became `C` (`CM)`), and the short legal form `S/B` read as `5/8`, `5/B` or
/// `$/B`.
/// Words of ordinary text are left as they are.
fn undo_lookalikes(text: &str) -> String {
    let mut open = false;
    let words: Vec<String> = text
        .split(' ')
        .map(|word| {
            let fixed = if SPELLED_OUT.is_match(word)
                && word.contains(|c: char| c.is_ascii_uppercase() || c == '¥')
            {
                word.chars()
                    .map(|c| match c {
                        ',' => '.',
                        '1' => 'I',
                        '0' => 'O',
                        '¥' => 'Y',
                        other => other,
                    })
                    .collect()
            } else if let Some(caps) = BRACKET_AS_C.captures(word).filter(|_| !open) {
                format!("({})", &caps[1])
            } else if matches!(word, "5/8" | "5/B" | "S/8" | "$/B" | "$/8") {
                "S/B".to_owned()
            } else {
                word.to_owned()
            };
            for c in fixed.chars() {
                match c {
                    '(' => open = true,
                    ')' => open = false,
                    _ => {}
                }
            }
            fixed
        })
        .collect();
    words.join(" ")
}

/// How a value was found for a label.
pub(super) struct Reading<T> {
    pub(super) value: T,
    /// Line of the value.
    pub(super) line: usize,
    /// Start of the value on its line.
    pub(super) start: usize,
    /// Subtracted from the label's weight.
    pub(super) penalty: f32,
}

/// Wide enough a run of spaces to separate layout columns.
pub(super) const COLUMN_GAP: &str = "   ";

/// The length of `text` up to a wide gap (the next layout column), trailing spaces excluded;
/// zero when `text` starts with such a gap.
fn first_chunk_len(text: &str) -> usize {
    if text.starts_with(COLUMN_GAP) {
        return 0;
    }
    let end = text.find(COLUMN_GAP).unwrap_or(text.len());
    text[..end].trim_end().len()
}

/// Whether the label's own column is empty enough that its value may sit on the next line:
/// only punctuation and a currency marker or unit (`TOTAL : RM`, `Netto EUR`).
fn region_is_bare(line: &Line, hit: &Hit) -> bool {
    let region = &line.folded[hit.region()];
    region[..first_chunk_len(region)]
        .chars()
        .filter(|c| c.is_alphanumeric())
        .count()
        <= 4
}

/// Which of several values in a label's region is its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pick {
    /// The one right after the label: dates, numbers, names, identifiers.
    First,
    /// The rightmost: amounts, which layouts align to the right. Less sure when there are
    /// several (a summary row).
    Last,
}

/// The value of `hit` (on line `index`): a token in its region, else a token right under it on
/// the next line.
pub(super) fn read_value<T: Clone>(
    doc: &Document,
    index: usize,
    hit: &Hit,
    pick: Pick,
    find: impl Fn(&Line, Range<usize>) -> Vec<Token<T>>,
) -> Option<Reading<T>> {
    let line = &doc.lines[index];
    let tokens = find(line, hit.region());
    let (token, penalty) = match pick {
        Pick::First => (tokens.first(), 0.0),
        Pick::Last if tokens.len() > 1 => (tokens.last(), SHARED),
        Pick::Last => (tokens.last(), 0.0),
    };
    if let Some(token) = token {
        return Some(Reading {
            value: token.value.clone(),
            line: index,
            start: token.start,
            penalty,
        });
    }
    if !region_is_bare(line, hit) || doc.stacked.get(index).copied().unwrap_or(false) {
        return None;
    }
    read_below(doc, index, hit, find)
}

/// How far below a column header its amounts are read.
const COLUMN_LINES: usize = 12;

/// The value of a column header (`Nettobetrag` over a summary table, `Total` over an item table)
/// read down its column: the first amount that is the sum of the ones above it (a sum row),
/// else the first. Reading stops at a line with an amount label.
pub(super) fn column_value(doc: &Document, index: usize, hit: &Hit) -> Option<Reading<Decimal>> {
    const SLACK: usize = 3;
    let line = &doc.lines[index];
    let label_end = hit.end + first_chunk_len(&line.folded[hit.region()]);
    let span = line.cols(&(hit.start..label_end));
    let mut found: Vec<Reading<Decimal>> = Vec::new();
    for (below_index, below) in doc
        .lines
        .iter()
        .enumerate()
        .skip(index + 1)
        .take(COLUMN_LINES)
    {
        if below.hits.iter().any(|other| other.slot().is_amount()) {
            break;
        }
        let distance = |token: &Token<Decimal>| {
            let cols = below.cols(&(token.start..token.end));
            if cols.end < span.start {
                span.start - cols.end
            } else {
                cols.start.saturating_sub(span.end)
            }
        };
        if let Some(token) = amount_tokens(doc, below, 0..below.folded.len())
            .into_iter()
            .filter(|token| distance(token) <= SLACK)
            .min_by_key(|token| distance(token))
        {
            found.push(Reading {
                value: token.value,
                line: below_index,
                start: token.start,
                penalty: BELOW_LOOSE,
            });
        }
    }
    // The first amount that sums the ones above it closes the column (a footer may follow).
    let mut sum = Decimal::ZERO;
    for (at, reading) in found.iter().enumerate() {
        if at > 0 && reading.value == sum {
            return Some(Reading {
                value: reading.value,
                line: reading.line,
                start: reading.start,
                penalty: BELOW_ALIGNED,
            });
        }
        sum += reading.value;
    }
    found.into_iter().next()
}

/// A token on the next line with content: the one in the label's column, or the only one on a
/// line without labels; never one that follows a label of that line in its column.
fn read_below<T: Clone>(
    doc: &Document,
    index: usize,
    hit: &Hit,
    find: impl Fn(&Line, Range<usize>) -> Vec<Token<T>>,
) -> Option<Reading<T>> {
    const SLACK: usize = 3;
    let line = &doc.lines[index];
    let label_end = hit.end + first_chunk_len(&line.folded[hit.region()]);
    let span = line.cols(&(hit.start..label_end));
    let (below_index, below) = doc.next_content(index)?;
    // A value after a label of its own line, in the same layout column, is that label's
    // (`Pay by: CASH` over `Order: 12`).
    let owned = |token: &Token<T>| {
        below.hits.iter().any(|other| {
            other.end <= token.start
                && token.start < other.region_end
                && !below.folded[other.end..token.start].contains(COLUMN_GAP)
        })
    };
    let tokens: Vec<Token<T>> = find(below, 0..below.folded.len())
        .into_iter()
        .filter(|token| !owned(token))
        .collect();
    let distance = |token: &Token<T>| {
        let cols = below.cols(&(token.start..token.end));
        if cols.end < span.start {
            span.start - cols.end
        } else {
            cols.start.saturating_sub(span.end)
        }
    };
    let reading = |token: &Token<T>, penalty| Reading {
        value: token.value.clone(),
        line: below_index,
        start: token.start,
        penalty,
    };
    if let Some(token) = tokens
        .iter()
        .filter(|token| distance(token) <= SLACK)
        .min_by_key(|token| distance(token))
    {
        return Some(reading(token, BELOW_ALIGNED));
    }
    match tokens.as_slice() {
        [only] if below.hits.is_empty() => Some(reading(only, BELOW_LOOSE)),
        _ => None,
    }
}
